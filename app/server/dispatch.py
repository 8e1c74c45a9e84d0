"""Dispatchers: how an allowed outgoing communication reaches the customer (outbox, SMTP).

The rules have already decided inside the write transaction. A dispatcher then either completes
the send in that same transaction (the outbox: recording the message *is* sending it) or hands
back a `PendingSend` that is sent after the commit (SMTP), so no network call ever holds the
database's write lock. A failed send marks the communication FAILED, with the reason; it is never
lost, and never left QUEUED.

SMTP failures come in two kinds. Transient ones (no connection, a reset or a timeout, a 4xx reply)
are tried again with exponential backoff and jitter (stamina), within `SmtpRetry`'s limits.
Permanent ones (a 5xx reply, a message the email package or aiosmtplib refuses to build or send) end
the send at once: trying again would change nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract import communications as cc
from app.contract.customers import person_name
from app.contract.enums import Channel, DeliveryStatus, EventType
from app.server.serialise.communications import communication_view
from app.server.store import models as m
from app.server.store.db import Database
from app.server.writes import record_event

log = logging.getLogger("switchboard.server.dispatch")

#: Channels that cannot reach a customer who has no address for them.
_ADDRESSED = frozenset({Channel.EMAIL, Channel.TEXT_MESSAGE, Channel.PHONE})


@dataclass(frozen=True)
class PendingSend:
    """A message to send once its transaction has committed."""

    communication_id: int
    tenant_id: int
    channel: Channel
    recipient: str
    subject: str | None
    content: str


def address_of(customer: m.Customer, channel: Channel) -> str | None:
    if channel is Channel.EMAIL:
        return customer.email
    if channel in (Channel.TEXT_MESSAGE, Channel.PHONE, Channel.FAX):
        return customer.phone
    if channel is Channel.LETTER:
        return person_name(customer.first_name, customer.last_name)
    return None


def _fail_unaddressed(row: m.Communication) -> None:
    """A communication being recorded that cannot go out: the customer has no address for its channel."""
    row.delivery_status = DeliveryStatus.FAILED.value
    address = "email address" if row.channel == Channel.EMAIL.value else "phone number"
    row.failure_reason = f"the customer has no {address}"


@dataclass(frozen=True)
class Staged:
    """What staging a send leaves to do once its communication is inserted and has its id."""

    #: The outbox row's values but its `communication_id` (the outbox: stored in the transaction).
    outbox: dict[str, Any] | None = None
    #: The send after the commit (SMTP), its `communication_id` still 0.
    pending: PendingSend | None = None


class OutboxDispatcher:
    """The default: every message goes to the outbox table, which a demo or a test can read back."""

    def stage(self, row: m.Communication, customer: m.Customer, text: str) -> Staged:
        """Send `text` for the QUEUED communication `row`, about to be inserted in the write's
        transaction: sets the status that gives it (SENT to the outbox; FAILED without an address),
        so it is inserted as it ends up, and answers what is left to do then."""
        channel = Channel(row.channel)
        recipient = address_of(customer, channel)
        if recipient is None and channel in _ADDRESSED:
            # Nowhere to send it: say so instead of pretending it went out.
            _fail_unaddressed(row)
            return Staged()
        row.delivery_status = DeliveryStatus.SENT.value
        outbox = {
            "tenant_id": row.tenant_id,
            "customer_id": row.customer_id,
            "channel": row.channel,
            "recipient": recipient,
            "subject": row.subject,
            "content": text,
            "sent_at": datetime.now(UTC),
        }
        return Staged(outbox=outbox)

    async def send(self, pending: PendingSend) -> None:
        """Deliver a staged message after the commit; the outbox stages none."""
        raise NotImplementedError


@dataclass(frozen=True)
class SmtpTarget:
    hostname: str
    port: int
    use_tls: bool
    username: str | None
    password: str | None

    @classmethod
    def parse(cls, url: str) -> SmtpTarget:
        """`smtp://user:pass@host:25` (STARTTLS when offered) or `smtps://host:465` (TLS)."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError(f"not an smtp:// or smtps:// URL: {url!r}")
        use_tls = parts.scheme == "smtps"
        return cls(
            hostname=parts.hostname,
            port=parts.port or (465 if use_tls else 25),
            use_tls=use_tls,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


@dataclass(frozen=True)
class SmtpRetry:
    """How often and how long a transient SMTP failure is tried again (stamina's backoff)."""

    #: Attempts in all, the first included.
    attempts: int = 5
    #: The first wait in seconds; it doubles per attempt up to `wait_max`, plus up to `wait_jitter`.
    wait_initial: float = 1.0
    wait_max: float = 15.0
    wait_jitter: float = 1.0
    #: Every attempt ends within this many seconds, well inside the two minutes after which
    #: `fail_interrupted_sends` takes a send still QUEUED for one a stop cut off.
    timeout: float = 60.0


def is_transient(exc: Exception) -> bool:
    """Whether trying the send again may succeed: a 4xx reply (every recipient's, when they are
    refused), or no answer at all (connection refused or reset, a timeout)."""
    import aiosmtplib  # here: only a server with --smtp-url loads it

    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        return bool(exc.recipients) and all(is_transient(refusal) for refusal in exc.recipients)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return 400 <= exc.code < 500
    return isinstance(exc, OSError | TimeoutError)


def failure_reason(exc: Exception) -> str:
    """Why a send failed: the SMTP reply (code and text) or what refused the message."""
    import aiosmtplib  # here: only a server with --smtp-url loads it

    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused) and exc.recipients:
        return "; ".join(f"{r.code} {r.message} ({r.recipient})" for r in exc.recipients)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return f"{exc.code} {exc.message}"
    return str(exc) or type(exc).__name__


class SmtpDispatcher(OutboxDispatcher):
    """EMAIL through an SMTP server; every other channel still goes to the outbox."""

    def __init__(self, url: str, sender: str, timeout: float = 10.0, retry: SmtpRetry | None = None) -> None:
        self.target = SmtpTarget.parse(url)
        self.sender = sender
        self.timeout = timeout
        self.retry = retry or SmtpRetry()

    def stage(self, row: m.Communication, customer: m.Customer, text: str) -> Staged:
        if row.channel != Channel.EMAIL.value:
            return super().stage(row, customer, text)
        if not customer.email:
            _fail_unaddressed(row)
            return Staged()
        pending = PendingSend(
            communication_id=0,
            tenant_id=row.tenant_id,
            channel=Channel.EMAIL,
            recipient=customer.email,
            subject=row.subject,
            content=text,
        )
        return Staged(pending=pending)

    def compose(self, pending: PendingSend) -> EmailMessage:
        """The mail; the email package refuses (ValueError) a header it cannot write safely, such as
        one with a line break in it."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = pending.recipient
        message["Subject"] = pending.subject or "Message from Switchboard"
        message.set_content(pending.content)
        return message

    async def send(self, pending: PendingSend) -> None:
        """Send the mail, trying a transient failure again; raises the error that ended it."""
        import aiosmtplib
        import stamina

        message = self.compose(pending)
        retry = self.retry
        async for attempt in stamina.retry_context(
            on=is_transient,
            attempts=retry.attempts,
            timeout=retry.timeout,
            wait_initial=retry.wait_initial,
            wait_max=retry.wait_max,
            wait_jitter=retry.wait_jitter,
        ):
            with attempt:
                await aiosmtplib.send(
                    message,
                    hostname=self.target.hostname,
                    port=self.target.port,
                    username=self.target.username,
                    password=self.target.password,
                    use_tls=self.target.use_tls,
                    timeout=self.timeout,
                )


def dispatcher_for(smtp_url: str | None, sender: str) -> OutboxDispatcher:
    return SmtpDispatcher(smtp_url, sender) if smtp_url else OutboxDispatcher()


async def set_delivery_status(
    session: AsyncSession, row: m.Communication, status: DeliveryStatus, reason: str | None = None
) -> cc.Communication:
    """Set a communication's delivery status and, when that changes it, record its
    `communication.deliveryStatusChanged` event; answers the communication as it now reads.

    `reason` says why it FAILED; it is kept, on one line and cut to the column's length, when this
    call is what failed it."""
    changed = row.delivery_status != status.value
    row.delivery_status = status.value
    if changed and status is DeliveryStatus.FAILED:
        row.failure_reason = " ".join(reason.split())[: m.FAILURE_REASON_LENGTH] if reason else None
    thread = await session.get(m.Thread, row.thread_id) if row.thread_id is not None else None
    view = communication_view(row, thread)
    if changed:
        record_event(session, row.tenant_id, EventType.COMMUNICATION_DELIVERY_STATUS_CHANGED, view)
    return view


async def complete_sends(db: Database, dispatcher: OutboxDispatcher, pending: list[PendingSend]) -> None:
    """Send what a committed write staged; record SENT, or FAILED with the reason, with its event."""
    for item in pending:
        reason: str | None = None
        try:
            await dispatcher.send(item)
            status = DeliveryStatus.SENT
        except Exception as exc:  # whatever ended the send (a refusal of any kind): never left QUEUED
            reason = failure_reason(exc)
            log.warning("sending communication %s failed: %s", item.communication_id, reason)
            status = DeliveryStatus.FAILED
        async with db.write() as session:
            row = await session.get(m.Communication, item.communication_id)
            if row is None or row.delivery_status != DeliveryStatus.QUEUED.value:
                continue  # a delivery event or a reset overtook us
            await set_delivery_status(session, row, status, reason)


#: The failure reason of a send that a stop of the server cut off.
INTERRUPTED = "the server stopped before the send was confirmed"


async def fail_interrupted_sends(db: Database, older_than: timedelta = timedelta(minutes=2)) -> int:
    """At start-up: a send cut off by a stop (after the commit, before SMTP answered) would stay
    QUEUED forever. Mark such communications FAILED, with their event, so the agent sees it."""
    cutoff = datetime.now(UTC) - older_than
    async with db.write() as session:
        rows = list(
            (
                await session.execute(
                    select(m.Communication)
                    .where(
                        m.Communication.delivery_status == DeliveryStatus.QUEUED.value,
                        m.Communication.created_at < cutoff,
                    )
                    .limit(10_000)
                    # Processes starting together each mark other rows, never one row twice (PostgreSQL).
                    .with_for_update(skip_locked=True)
                )
            ).scalars()
        )
        for row in rows:
            await set_delivery_status(session, row, DeliveryStatus.FAILED, INTERRUPTED)
    if rows:
        log.warning("%d interrupted sends marked FAILED", len(rows))
    return len(rows)
