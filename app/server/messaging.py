"""Recording a communication: category resolved, outbound rules applied, row written, send staged.

Threads, the communications log, one-time codes and request notifications all record through
`Outbound.record`, so every communication obeys `app.contract.outbound.decide_outbound` and reaches
the dispatcher the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import Request, Response
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.background import BackgroundTask

from app.contract.enums import (
    CategoryKind,
    Channel,
    CommunicationKind,
    DeliveryStatus,
    Direction,
)
from app.contract.errors import ErrorCode
from app.contract.outbound import decide_outbound, needs_preferences
from app.server.dispatch import OutboxDispatcher, PendingSend, Staged, complete_sends
from app.server.errors import ApiError, invalid
from app.server.routes.deps import app_database
from app.server.serialise.customers import label_of
from app.server.serialise.preferences import Consent, preferences_of, preferences_view
from app.server.store import models as m


@dataclass
class Draft:
    """A communication about to be recorded."""

    direction: Direction
    channel: Channel
    kind: CommunicationKind
    content: str
    subject: str | None = None
    agent: str | None = None
    at: datetime | None = None
    category: str | None = None
    details: dict[str, Any] | None = None
    #: Set when an outgoing communication was already sent by another system and is only logged.
    delivery_status: DeliveryStatus | None = None
    #: What the customer receives, when it differs from what the log keeps (a one-time code).
    text: str | None = None
    #: The approved request a NOTIFICATION announces.
    approval_request_id: int | None = None


def pick_category(
    categories: Iterable[tuple[str, str]], name: str | None, reference: str = "messageCategory"
) -> str | None:
    """Of the tenant's categories (name and kind, in order): the named one (422 if unknown), or by
    default the first SERVICE category."""
    listed = list(categories)
    if name is None:
        return next((n for n, kind in listed if kind == CategoryKind.SERVICE.value), None)
    if all(n != name for n, _ in listed):
        raise invalid("unknown message category", reference=reference)
    return name


async def resolve_category(
    session: AsyncSession, tenant_id: int, name: str | None, reference: str = "messageCategory"
) -> str | None:
    """`pick_category` of the tenant's categories, read for it."""
    rows = await session.execute(
        select(m.MessageCategory.name, m.MessageCategory.kind)
        .where(m.MessageCategory.tenant_id == tenant_id)
        .order_by(m.MessageCategory.id)
    )
    return pick_category(((row[0], row[1]) for row in rows), name, reference)


def category_of(consent: Consent, name: str | None, reference: str = "messageCategory") -> str | None:
    """`pick_category` of the categories in `consent`, already read."""
    return pick_category(((c.name, c.kind) for c in consent.categories), name, reference)


def touch_thread(thread: m.Thread, row: m.Communication) -> None:
    """Keep the thread's denormalised counters in step, in the same transaction."""
    thread.communication_count += 1
    thread.last_communication_at = max(thread.last_communication_at, row.communication_date_time)
    thread.last_channel = row.channel
    thread.last_direction = row.direction


_INSERT_COMMUNICATION = insert(m.Communication)
_INSERT_OUTBOX = insert(m.OutboxMessage)


class Outbound:
    """One request's recording of communications, and the sends to finish after its commit."""

    def __init__(self, request: Request) -> None:
        self.db = app_database(request)
        self.dispatcher: OutboxDispatcher = request.app.state.dispatcher
        self.pending: list[PendingSend] = []

    async def record(
        self,
        session: AsyncSession,
        customer: m.Customer,
        draft: Draft,
        thread: m.Thread | None = None,
        *,
        consent: Consent | None = None,
        label: m.StatusLabel | Literal["unread"] | None = "unread",
    ) -> m.Communication:
        """Apply the outbound rules; 409 `communication.optedOut` records nothing.

        A new `thread` (not yet flushed) is only added once the rules allow the communication.
        `consent` and `label` (the customer's status label, or None for none), when the caller has
        read them already (`consent_of`), spare reading them again. The communication is inserted at
        once, by one Core statement; the row answered is its (transient) model, for the views.
        """
        if label == "unread":
            label = await label_of(session, customer)
        blocked = bool(label and label.block_communication)
        preferences = None
        if needs_preferences(draft.direction, draft.kind, blocked, draft.category):
            preferences = (
                preferences_of(customer, consent)
                if consent is not None
                else await preferences_view(session, customer)
            )
        decision = decide_outbound(
            draft.direction, draft.kind, blocked, draft.category, draft.channel, preferences
        )
        if not decision.recorded or decision.delivery_status is None:
            raise ApiError(ErrorCode.OPTED_OUT, draft.category, draft.channel.value)
        # A logged outgoing message that another system already sent keeps the status it reported.
        already_sent = decision.dispatched and draft.delivery_status is not None
        status = draft.delivery_status if already_sent and draft.delivery_status else decision.delivery_status
        dispatch = decision.dispatched and not already_sent
        if thread is not None and thread not in session:
            session.add(thread)
            await session.flush()
        now = datetime.now(UTC)
        values: dict[str, Any] = {
            "tenant_id": customer.tenant_id,
            "customer_id": customer.id,
            "thread_id": thread.id if thread is not None else None,
            "kind": draft.kind.value,
            "subject": draft.subject,
            "content": draft.content,
            "direction": draft.direction.value,
            "channel": draft.channel.value,
            "agent": draft.agent,
            "communication_date_time": draft.at or now,
            "message_category": draft.category,
            "delivery_status": status.value,
            "suppression_reason": decision.suppression_reason.value if decision.suppression_reason else None,
            "failure_reason": None,
            "details": draft.details,
            "created_at": now,
            "approval_request_id": draft.approval_request_id,
        }
        row = m.Communication(**values)
        staged = self.dispatcher.stage(row, customer, draft.text or draft.content) if dispatch else Staged()
        # Staging tells how the send went (SENT to the outbox; FAILED without an address).
        values["delivery_status"], values["failure_reason"] = row.delivery_status, row.failure_reason
        connection = await session.connection()
        inserted = (await connection.execute(_INSERT_COMMUNICATION, values)).inserted_primary_key
        assert inserted is not None  # a single-row insert always has one
        row.id = inserted[0]
        if staged.outbox is not None:
            await connection.execute(_INSERT_OUTBOX, {**staged.outbox, "communication_id": row.id})
        if staged.pending is not None:
            self.pending.append(replace(staged.pending, communication_id=row.id))
        if thread is not None:
            touch_thread(thread, row)
        return row

    def send_after(self, response: Response) -> Response:
        """Send what was staged (SMTP) once `response` has gone out, marking each SENT or FAILED.

        The answer therefore shows QUEUED for such a message; its delivery event follows.
        """
        if self.pending:
            response.background = BackgroundTask(complete_sends, self.db, self.dispatcher, self.pending)
        return response
