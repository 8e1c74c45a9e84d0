"""Demo conversation history: threads in every status and channel, a long thread, suppressed messages.

Fixed points the desktop demo and the tests rely on:
- customer 1 (Anna Müller) has an ONGOING thread of `LONG_THREAD` communications, assigned to `agent`;
- customer 3 (Zoë Dvořák, Suspended) has history from before the suspension and SUPPRESSED messages after it.
Communications are bulk-inserted so a demo reset stays fast.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract.enums import (
    Channel,
    CommunicationKind,
    DeliveryStatus,
    Direction,
    SuppressionReason,
    ThreadStatus,
)
from app.server.store import models as m

LONG_THREAD = 2_400
#: Short threads are spread over this many customers after the fixed ones.
VARIED_CUSTOMERS = 60

_SUBJECTS = (
    "Question about my contract",
    "Appointment next week",
    "Invoice seems wrong",
    "Change of address",
    "Membership pause",
    "Feedback on the new app",
    "Lost member card",
    "Direct debit failed",
)
#: The message category of a thread's communications, by its subject (the rest are GENERAL), so a reply
#: defaults to the category a person expects from the subject.
_CATEGORY_OF_SUBJECT = {
    "Question about my contract": "CONTRACT",
    "Contract questions": "CONTRACT",
    "Appointment next week": "APPOINTMENT",
}

_INCOMING = (
    "Hello, could you please check this for me?",
    "Thanks for the quick answer!",
    "I still have not received anything.",
    "Can we move it to Thursday afternoon?",
    "Grüße aus München – bitte um Rückruf.",
)
_OUTGOING = (
    "Thank you for your message, we are looking into it.",
    "I have updated your details as requested.",
    "Your appointment is confirmed.",
    "Please find the corrected invoice attached.",
    "Vielen Dank, wir melden uns in Kürze.",
)
#: direction, channel, delivery status, when, text
_Message = tuple[Direction, Channel, DeliveryStatus, datetime, str]
_SENT_STATES = (DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ, DeliveryStatus.READ)


@dataclass
class _Builder:
    """Collects thread and communication rows, keeping each thread's counters right; `write` inserts
    them in two bulk statements (one flush per thread made a reset three times slower)."""

    session: AsyncSession
    tenant_id: int
    rng: random.Random
    rows: list[dict[str, Any]] = field(default_factory=list)
    threads: list[tuple[dict[str, Any], list[_Message]]] = field(default_factory=list)

    def thread(
        self,
        customer_id: int,
        subject: str,
        status: ThreadStatus,
        assignee: int | None,
        messages: list[_Message],
    ) -> None:
        first, last = messages[0], messages[-1]
        row = {
            "tenant_id": self.tenant_id,
            "customer_id": customer_id,
            "subject": subject,
            "status": status.value,
            "ticket_number": f"T-{self.rng.randint(10000, 99999)}" if self.rng.random() < 0.5 else None,
            "ticket_link": None,
            "assignee_user_id": assignee,
            "created_at": first[3],
            "last_communication_at": max(msg[3] for msg in messages),
            "communication_count": len(messages),
            "last_channel": last[1].value,
            "last_direction": last[0].value,
        }
        self.threads.append((row, messages))

    async def write(self) -> None:
        threads = m.Base.metadata.tables[m.Thread.__tablename__]
        if self.threads:
            inserted = await self.session.execute(
                insert(threads).returning(threads.c.id, sort_by_parameter_order=True),
                [row for row, _ in self.threads],
            )
            for (row, messages), (thread_id,) in zip(self.threads, inserted, strict=True):
                for direction, channel, status, at, content in messages:
                    self.add(
                        row["customer_id"], thread_id, direction, channel, status, at, content, row["subject"]
                    )
        if self.rows:
            await self.session.execute(
                insert(m.Base.metadata.tables[m.Communication.__tablename__]), self.rows
            )

    def add(
        self,
        customer_id: int,
        thread_id: int | None,
        direction: Direction,
        channel: Channel,
        status: DeliveryStatus,
        at: datetime,
        content: str,
        subject: str | None,
        kind: CommunicationKind = CommunicationKind.MESSAGE,
    ) -> None:
        self.rows.append(
            {
                "tenant_id": self.tenant_id,
                "customer_id": customer_id,
                "thread_id": thread_id,
                "kind": (CommunicationKind.LOGGED if thread_id is None else kind).value,
                "subject": subject,
                "content": content,
                "direction": direction.value,
                "channel": channel.value,
                "agent": None if direction is Direction.INCOMING else "Peter Meyer",
                "communication_date_time": at,
                "message_category": _CATEGORY_OF_SUBJECT.get(subject or "", "GENERAL"),
                "delivery_status": status.value,
                "suppression_reason": (
                    SuppressionReason.CUSTOMER_BLOCKED.value if status is DeliveryStatus.SUPPRESSED else None
                ),
                "details": None,
                "created_at": at,
            }
        )

    def message(self, direction: Direction, channel: Channel, at: datetime) -> _Message:
        if direction is Direction.INCOMING:
            return direction, channel, DeliveryStatus.RECEIVED, at, self.rng.choice(_INCOMING)
        status = DeliveryStatus.FAILED if self.rng.random() < 0.03 else self.rng.choice(_SENT_STATES)
        return direction, channel, status, at, self.rng.choice(_OUTGOING)


async def seed_demo_threads(session: AsyncSession, tenant: m.Tenant, customer_ids: list[int]) -> None:
    """Conversation history for a tenant whose customers were just created (ids in creation order)."""
    rng = random.Random(f"switchboard-threads-{tenant.name}")
    users = {
        u.username: u.id
        for u in (await session.execute(select(m.User).where(m.User.tenant_id == tenant.id))).scalars()
    }
    staff = list(users.values())
    agent = users.get("agent", staff[0] if staff else None)
    now = datetime.now(UTC).replace(microsecond=0)
    build = _Builder(session, tenant.id, rng)
    channels = list(Channel)

    if tenant.name == "demo":
        # Customer 1: one long conversation, newest at the end, plus a closed and a fresh thread.
        start = now - timedelta(days=400)
        step = timedelta(days=400) / LONG_THREAD
        long_messages = [
            build.message(
                Direction.INCOMING if i % 2 == 0 else Direction.OUTGOING,
                (Channel.EMAIL, Channel.CHAT, Channel.PHONE)[i % 3],
                start + step * i,
            )
            for i in range(LONG_THREAD)
        ]
        build.thread(customer_ids[0], "Contract questions", ThreadStatus.ONGOING, agent, long_messages)
        build.thread(
            customer_ids[0],
            "Change of address",
            ThreadStatus.CLOSED,
            agent,
            [
                build.message(Direction.INCOMING, Channel.LETTER, now - timedelta(days=30)),
                build.message(Direction.OUTGOING, Channel.LETTER, now - timedelta(days=28)),
            ],
        )
        build.thread(
            customer_ids[0],
            "Appointment next week",
            ThreadStatus.CREATED,
            users.get("agent2"),
            [build.message(Direction.INCOMING, Channel.TEXT_MESSAGE, now - timedelta(hours=3))],
        )
        # Customer 3 (Suspended): answered before the suspension, suppressed after it.
        suspended_at = now - timedelta(days=20)
        before = [
            build.message(Direction.INCOMING, Channel.EMAIL, suspended_at - timedelta(days=10)),
            build.message(Direction.OUTGOING, Channel.EMAIL, suspended_at - timedelta(days=9)),
        ]
        after = [
            (Direction.OUTGOING, Channel.EMAIL, DeliveryStatus.SUPPRESSED, suspended_at + timedelta(days=1),
             "Reminder: your payment is overdue."),
            (Direction.INCOMING, Channel.PHONE, DeliveryStatus.RECEIVED, suspended_at + timedelta(days=2),
             "Customer called about the suspension."),
            (Direction.OUTGOING, Channel.TEXT_MESSAGE, DeliveryStatus.SUPPRESSED,
             suspended_at + timedelta(days=2, hours=1), "We tried to reach you about your account."),
        ]  # fmt: skip
        build.thread(customer_ids[2], "Direct debit failed", ThreadStatus.ONGOING, agent, before + after)
        build.add(
            customer_ids[2],
            None,
            Direction.OUTGOING,
            Channel.LETTER,
            DeliveryStatus.SUPPRESSED,
            suspended_at + timedelta(days=5),
            "Letter about the outstanding balance.",
            "Outstanding balance",
        )
        # Its status-label history, oldest first (the history lists by id, newest first).
        found = await session.execute(
            select(m.StatusLabel.name, m.StatusLabel.id).where(m.StatusLabel.tenant_id == tenant.id)
        )
        labels = {name: label_id for name, label_id in found}
        for previous, current, reason, at in (
            (None, "Active", "Contract signed", now - timedelta(days=400)),
            ("Active", "Suspended", "Payments overdue", suspended_at),
        ):
            session.add(
                m.StatusChange(
                    tenant_id=tenant.id,
                    customer_id=customer_ids[2],
                    previous_label_id=labels[previous] if previous else None,
                    label_id=labels[current],
                    reason=reason,
                    actor_user_id=users.get("supervisor"),
                    actor_name="Claudia Hoffmann",
                    at=at,
                )
            )
        varied = customer_ids[3 : 3 + VARIED_CUSTOMERS]
    else:
        varied = customer_ids[:5]

    # Every status and every channel, both directions, assigned across the team.
    for index, customer_id in enumerate(varied):
        for t in range(1 + index % 2):
            status = list(ThreadStatus)[(index + t) % 3]
            first_channel = channels[(index * 2 + t) % len(channels)]
            at = now - timedelta(days=rng.randint(1, 200), minutes=rng.randint(0, 1440))
            messages = []
            for k in range(rng.randint(1, 6)):
                direction = Direction.INCOMING if k % 2 == 0 else Direction.OUTGOING
                channel = first_channel if rng.random() < 0.7 else rng.choice(channels)
                messages.append(build.message(direction, channel, at + timedelta(hours=k * 5)))
            build.thread(
                customer_id, rng.choice(_SUBJECTS), status, rng.choice(staff) if staff else None, messages
            )
        if index % 5 == 0:
            build.add(
                customer_id,
                None,
                Direction.INCOMING,
                Channel.PHONE,
                DeliveryStatus.RECEIVED,
                now - timedelta(days=rng.randint(1, 60)),
                "Customer called to ask about opening hours.",
                "Phone call",
            )
    await build.write()
