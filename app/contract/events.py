"""The live event stream and webhooks."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import AnyHttpUrl, Field, StringConstraints, UrlConstraints

from app.contract.base import ApiModel, IdempotentRequest
from app.contract.datetimes import ZonedDateTime
from app.contract.enums import EventType
from app.contract.text import SingleLine


class ServerEvent(ApiModel):
    """One event of `/v1/events`: `data` is the changed resource as the REST API returns it."""

    event_id: int
    type: EventType
    data: dict[str, Any]


class WebhookCreate(IdempotentRequest):
    """`POST /v1/webhooks`: every event of `eventTypes` is POSTed to `url`, signed with `secret`."""

    url: Annotated[AnyHttpUrl, UrlConstraints(max_length=2000)]
    event_types: Annotated[list[EventType], Field(min_length=1)]
    secret: Annotated[str, StringConstraints(min_length=8, max_length=200), SingleLine]


class Webhook(ApiModel):
    """A subscription as the API answers it: never with its secret."""

    webhook_id: int
    url: str
    event_types: list[EventType]
    created_at: ZonedDateTime


class WebhookDeliveryStatus(StrEnum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"


class WebhookDelivery(ApiModel):
    """One attempt to deliver an event (`GET /v1/webhooks/{webhookId}/deliveries`): the receiver's
    status code, or the error (timeout, connection, refused address), how long it took, and when
    the next attempt is due (null after a success and after the last). `deliveryStatus` is the
    delivery's state now: PENDING while retries are due, then DELIVERED or FAILED."""

    delivery_id: int
    webhook_id: int
    event_id: int
    event_type: EventType
    attempt: int
    at: ZonedDateTime
    status_code: int | None
    error: str | None
    duration_ms: int
    next_attempt_at: ZonedDateTime | None
    delivery_status: WebhookDeliveryStatus
