"""Change and goodwill requests that a supervisor approves."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from app.contract.base import ApiModel, IdempotentRequest, RequestModel, ShortText
from app.contract.datetimes import ZonedDateTime
from app.contract.enums import ApprovalStatus, ApprovalType, ChangeField


class ChangeRequestCreate(IdempotentRequest):
    field: ChangeField
    new_value: ShortText
    reason: ShortText


class GoodwillRequestCreate(IdempotentRequest):
    points: Annotated[int, Field(gt=0, le=1_000_000)]
    reason: ShortText


class ApprovalDecision(RequestModel):
    comment: Annotated[str, StringConstraints(max_length=2000)] = ""


class ApprovalRequest(ApiModel):
    approval_request_id: int
    customer_id: int
    type: ApprovalType
    status: ApprovalStatus
    field: ChangeField | None = None
    new_value: str | None = None
    points: int | None = None
    reason: str
    created_by: int
    created_at: ZonedDateTime
    decided_by: int | None = None
    decided_at: ZonedDateTime | None = None
    comment: str | None = None
