"""Threads, communications, the communications log and delivery events."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AnyHttpUrl, BeforeValidator, Field, StringConstraints, field_validator

from app.contract.auth import UserRef
from app.contract.base import (
    ApiModel,
    IdempotentRequest,
    LongText,
    MessageCategoryName,
    OptionalShortText,
    RequestModel,
    ResourceId,
    ShortText,
)
from app.contract.contact_points import EmailAddress, PhoneNumber
from app.contract.customers import PHONE_AS_TYPED
from app.contract.datetimes import ZonedDateTime
from app.contract.enums import (
    Channel,
    CommunicationKind,
    DeliveryEventStatus,
    DeliveryStatus,
    Direction,
    SuppressionReason,
    ThreadStatus,
)
from app.contract.text import SingleLine

TicketText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), SingleLine]
#: A link in a request body; a line break in it is 422 (a URL parser would drop it without a word).
Link = Annotated[AnyHttpUrl, SingleLine]


class Attachment(ApiModel):
    name: str
    type: str
    url: str
    size: int


class AttachmentInput(RequestModel):
    name: ShortText
    type: ShortText
    url: Annotated[str, StringConstraints(max_length=2000), SingleLine]
    size: Annotated[int, Field(ge=0, le=10**12)]


class CommunicationSender(ApiModel):
    """Who sent a communication (Ondi's `communication_details.sender`): a user of the sending
    system, a component of it, a phone number or an email address; any of them may be left out."""

    user_id: str | None = Field(default=None, coerce_numbers_to_str=True)
    system_component: str | None = None
    phone: str | None = None
    email: str | None = None


class CommunicationRecipient(ApiModel):
    """To whom a communication went (Ondi's `communication_details.recipient`)."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None


_PHONE_AS_TYPED = re.compile(PHONE_AS_TYPED)


def _legacy_party(value: Any, words_are: str) -> Any:
    """An older server stored sender and recipient as one text: it reads back as the email address
    or phone number it is, else as the sender's system component or the recipient's name."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    if "@" in text:
        return {"email": text}
    if _PHONE_AS_TYPED.match(text):
        return {"phone": text}
    return {words_are: text}


class CommunicationDetails(ApiModel):
    """Sender, recipient, template and attachments of a communication, as the server answers them."""

    sender: CommunicationSender | None = None
    recipient: CommunicationRecipient | None = None
    template_id: str | None = None
    template_variables: dict[str, str] = {}
    attachments: list[Attachment] = []

    @field_validator("sender", mode="before")
    @classmethod
    def _legacy_sender(cls, value: Any) -> Any:
        return _legacy_party(value, "systemComponent")

    @field_validator("recipient", mode="before")
    @classmethod
    def _legacy_recipient(cls, value: Any) -> Any:
        return _legacy_party(value, "name")


def _digits_of_number(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


#: An identifier in the sending system, e.g. its user id: a number is taken as its digits.
ExternalId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    SingleLine,
    BeforeValidator(_digits_of_number),
]


class CommunicationSenderInput(RequestModel):
    """`{userId?, systemComponent?, phone?, email?}`; Ondi's snake_case names are taken too."""

    user_id: ExternalId | None = None
    system_component: ShortText | None = None
    phone: PhoneNumber | None = None
    email: EmailAddress | None = None


class CommunicationRecipientInput(RequestModel):
    """`{name?, phone?, email?}`."""

    name: ShortText | None = None
    phone: PhoneNumber | None = None
    email: EmailAddress | None = None


class CommunicationDetailsInput(RequestModel):
    """Sender, recipient, template and attachments of a communication in a request body."""

    sender: CommunicationSenderInput | None = None
    recipient: CommunicationRecipientInput | None = None
    template_id: OptionalShortText | None = None
    template_variables: Annotated[
        dict[str, Annotated[str, StringConstraints(max_length=2000)]], Field(max_length=50)
    ] = {}
    attachments: Annotated[list[AttachmentInput], Field(max_length=20)] = []


class _CommunicationBody(IdempotentRequest):
    communication_thread_status: ThreadStatus
    ticket_number: TicketText | None = None
    ticket_link: Link | None = None
    content: LongText
    communication_direction: Direction
    communication_channel: Channel
    agent: OptionalShortText | None = None
    communication_date_time: ZonedDateTime | None = None
    message_category: MessageCategoryName | None = None
    details: CommunicationDetailsInput | None = None


class ThreadCreate(_CommunicationBody):
    """A new thread with its first communication (Magicline body plus ours)."""

    subject: ShortText


class CommunicationAdd(_CommunicationBody):
    """A communication added to an existing thread; may also move the thread status."""

    subject: ShortText | None = None


class Communication(ApiModel):
    customer_id: int
    communication_id: int
    thread_id: int | None
    communication_thread_status: ThreadStatus | None
    ticket_number: str | None
    ticket_link: str | None
    subject: str | None
    content: str
    communication_direction: Direction
    communication_channel: Channel
    agent: str | None
    communication_date_time: ZonedDateTime
    message_category: str | None
    delivery_status: DeliveryStatus
    suppression_reason: SuppressionReason | None
    #: Why a FAILED communication failed (the mail server's reply, a provider's reason), if known.
    failure_reason: str | None = None
    kind: CommunicationKind = CommunicationKind.MESSAGE
    details: CommunicationDetails | None = None
    #: The change or goodwill request whose approval this NOTIFICATION announces.
    approval_request_id: int | None = None


#: The user a thread is assigned to.
Assignee = UserRef


class ThreadSummary(ApiModel):
    thread_id: int
    customer_id: int
    subject: str
    communication_thread_status: ThreadStatus
    ticket_number: str | None
    ticket_link: str | None
    assignee: Assignee | None
    created_at: ZonedDateTime
    last_communication_at: ZonedDateTime
    communication_count: int
    last_communication_channel: Channel
    last_direction: Direction


class QueueThread(ThreadSummary):
    """A thread of the review queue (`GET /v1/threads`): the summary plus whose thread it is."""

    customer_name: str


class ThreadUpdate(IdempotentRequest):
    communication_thread_status: ThreadStatus | None = None
    assignee_user_id: ResourceId | None = None


class CommunicationPage(ApiModel):
    """A cursor page of a thread's communications, newest first."""

    items: list[Communication]
    next_before: int | None


class CommunicationLogCreate(IdempotentRequest):
    """A communication logged outside any thread."""

    customer_id: ResourceId
    communication_direction: Direction
    communication_channel: Channel
    message_category: MessageCategoryName | None = None
    subject: ShortText | None = None
    content: LongText
    delivery_status: DeliveryStatus | None = None
    communication_date_time: ZonedDateTime | None = None
    details: CommunicationDetailsInput | None = None


class DeliveryEventCreate(RequestModel):
    delivery_status: DeliveryEventStatus
    at: ZonedDateTime
    reason: OptionalShortText | None = None


class OutboxMessage(ApiModel):
    """What the demo dispatcher sent, message text included."""

    outbox_id: int
    customer_id: int
    communication_id: int
    communication_channel: Channel
    recipient: str | None
    subject: str | None
    content: str
    sent_at: ZonedDateTime
