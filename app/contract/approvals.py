"""Change and goodwill requests that a supervisor approves, and the customer history they write."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field, StringConstraints

from app.contract.auth import UserRef
from app.contract.base import ApiModel, IdempotentRequest, ShortText
from app.contract.customers import Actor
from app.contract.datetimes import ZonedDateTime
from app.contract.enums import ApprovalStatus, ApprovalType, ChangeField, CustomerChangeField

#: Goodwill points one request may grant.
MAX_GOODWILL_POINTS = 1_000_000


class ChangeRequestCreate(IdempotentRequest):
    """Ask to change the customer's email or phone; `newValue` is validated (and a phone normalised)."""

    field: ChangeField
    new_value: ShortText
    reason: ShortText


class GoodwillRequestCreate(IdempotentRequest):
    points: Annotated[int, Field(gt=0, le=MAX_GOODWILL_POINTS)]
    reason: ShortText


class ApprovalDecision(IdempotentRequest):
    """Approve or reject a pending request, with the supervisor's comment."""

    comment: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class ApprovalRequest(ApiModel):
    approval_request_id: int
    customer_id: int
    customer_name: str
    type: ApprovalType
    status: ApprovalStatus
    field: ChangeField | None = None
    previous_value: str | None = None
    new_value: str | None = None
    points: int | None = None
    reason: str
    created_by: UserRef
    created_at: ZonedDateTime
    decided_by: UserRef | None = None
    decided_at: ZonedDateTime | None = None
    comment: str | None = None


class CustomerChange(ApiModel):
    """One entry of the customer's append-only history: a field changed by an approved request."""

    customer_change_id: int
    at: ZonedDateTime
    actor: Actor
    field: CustomerChangeField
    previous: str | None
    current: str | None
    approval_request_id: int | None = None
    request_id: UUID | None = None
