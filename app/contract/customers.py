"""Customers, their status labels and the customer's consent history."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import EmailStr, StringConstraints

from app.contract.base import ApiModel, IdempotentRequest, Page, ResourceId, ShortText
from app.contract.datetimes import ZonedDateTime
from app.contract.enums import Channel, ConsentKind, ConsentSource

#: A phone number as people type one: digits, an optional leading +, spaces and ( ) . / -.
PHONE_AS_TYPED = r"^\+?[0-9 ()./-]{3,32}$"
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=PHONE_AS_TYPED)]
#: The longest customer search the server takes (`GET /v1/customers?query=`); the app's box refuses more.
MAX_SEARCH_QUERY = 200
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")]


class StatusLabel(ApiModel):
    status_label_id: int
    name: str
    block_communication: bool


class StatusLabelCreate(IdempotentRequest):
    name: ShortText
    block_communication: bool = False


class StatusLabelUpdate(IdempotentRequest):
    name: ShortText | None = None
    block_communication: bool | None = None


class Customer(ApiModel):
    customer_id: int
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    language: str
    status_label: StatusLabel | None
    communication_blocked: bool
    created_at: ZonedDateTime

    @property
    def full_name(self) -> str:
        return person_name(self.first_name, self.last_name)


def person_name(first_name: str, last_name: str) -> str:
    """First and last name as a person writes them (either may be empty)."""
    return f"{first_name} {last_name}".strip()


#: How many matches a customer search counts at most; past it `total` is a lower bound.
SEARCH_COUNT_CAP = 1_000


class CustomerSearchPage(Page[Customer]):
    """A page of search results; past `SEARCH_COUNT_CAP` (1,000) matches the server counts no further,
    `total` is the cap and `totalIsLowerBound` is true (show it as "1,000+")."""

    total_is_lower_bound: bool = False


class CustomerCreate(IdempotentRequest):
    first_name: ShortText
    last_name: ShortText
    email: EmailStr | None = None
    phone: Phone | None = None
    language: Language = "en"


class CustomerStatusUpdate(IdempotentRequest):
    """Set (or with `statusLabelId: null` clear) the customer's status label."""

    status_label_id: ResourceId | None
    reason: ShortText


class Actor(ApiModel):
    """Who made a change: a user, or an API key acting for its tenant."""

    user_id: int | None = None
    api_key_id: int | None = None
    display_name: str


class ConsentChange(ApiModel):
    """One entry of the append-only consent history."""

    consent_change_id: int
    at: ZonedDateTime
    actor: Actor
    source: ConsentSource
    kind: ConsentKind
    message_category: str | None = None
    communication_channel: Channel | None = None
    marketing_preference_id: int | None = None
    previous: bool
    current: bool
    request_id: UUID | None = None


class StatusChange(ApiModel):
    """One entry of the customer's append-only status-label history."""

    status_change_id: int
    at: ZonedDateTime
    actor: Actor
    previous: StatusLabel | None
    current: StatusLabel | None
    reason: str
    request_id: UUID | None = None


class Health(ApiModel):
    status: str
    version: str
