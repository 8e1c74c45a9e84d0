"""Threads, communications, the communications log and delivery events."""

from __future__ import annotations

from typing import Annotated

from pydantic import AnyHttpUrl, Field, StringConstraints

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

TicketText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class Attachment(ApiModel):
    name: ShortText
    type: ShortText
    url: Annotated[str, StringConstraints(max_length=2000)]
    size: Annotated[int, Field(ge=0, le=10**12)]


class CommunicationDetails(ApiModel):
    """Sender, recipient, template and attachments of a communication."""

    sender: OptionalShortText | None = None
    recipient: OptionalShortText | None = None
    template_id: OptionalShortText | None = None
    template_variables: Annotated[
        dict[str, Annotated[str, StringConstraints(max_length=2000)]], Field(max_length=50)
    ] = {}
    attachments: Annotated[list[Attachment], Field(max_length=20)] = []


class _CommunicationBody(IdempotentRequest):
    communication_thread_status: ThreadStatus
    ticket_number: TicketText | None = None
    ticket_link: AnyHttpUrl | None = None
    content: LongText
    communication_direction: Direction
    communication_channel: Channel
    agent: OptionalShortText | None = None
    communication_date_time: ZonedDateTime | None = None
    message_category: MessageCategoryName | None = None
    details: CommunicationDetails | None = None


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
    details: CommunicationDetails | None = None


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
