"""The live event stream and webhooks."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AnyHttpUrl, Field, StringConstraints

from app.contract.base import ApiModel, IdempotentRequest
from app.contract.datetimes import ZonedDateTime
from app.contract.enums import EventType


class ServerEvent(ApiModel):
    """One event of `/v1/events`: `data` is the changed resource as the REST API returns it."""

    event_id: int
    type: EventType
    data: dict[str, Any]


class WebhookCreate(IdempotentRequest):
    url: AnyHttpUrl
    event_types: Annotated[list[EventType], Field(min_length=1)]
    secret: Annotated[str, StringConstraints(min_length=8, max_length=200)]


class Webhook(ApiModel):
    webhook_id: int
    url: str
    event_types: list[EventType]
    created_at: ZonedDateTime


class WebhookDelivery(ApiModel):
    delivery_id: int
    webhook_id: int
    event_id: int
    attempt: int
    status_code: int | None
    error: str | None
    at: ZonedDateTime
