"""Threads as their summary wire model (assignees in one query per page), and as the review queue's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract import communications as cc
from app.contract.enums import Channel, Direction, ThreadStatus
from app.server.store import models as m


def _summary_fields(thread: m.Thread, assignee: m.User | None) -> dict[str, Any]:
    return dict(
        thread_id=thread.id,
        customer_id=thread.customer_id,
        subject=thread.subject,
        communication_thread_status=ThreadStatus(thread.status),
        ticket_number=thread.ticket_number,
        ticket_link=thread.ticket_link,
        assignee=cc.Assignee(user_id=assignee.id, display_name=assignee.display_name) if assignee else None,
        created_at=thread.created_at,
        last_communication_at=thread.last_communication_at,
        communication_count=thread.communication_count,
        last_communication_channel=Channel(thread.last_channel),
        last_direction=Direction(thread.last_direction),
    )


def thread_summary(thread: m.Thread, assignee: m.User | None) -> cc.ThreadSummary:
    return cc.ThreadSummary(**_summary_fields(thread, assignee))


def queue_thread(thread: m.Thread, assignee: m.User | None, customer_name: str) -> cc.QueueThread:
    """A thread of the review queue: its summary and its customer's name."""
    return cc.QueueThread(**_summary_fields(thread, assignee), customer_name=customer_name)


async def thread_summaries(session: AsyncSession, threads: Sequence[m.Thread]) -> list[cc.ThreadSummary]:
    user_ids = {t.assignee_user_id for t in threads if t.assignee_user_id is not None}
    users: dict[int, m.User] = {}
    if user_ids:
        rows = await session.execute(select(m.User).where(m.User.id.in_(user_ids)))
        users = {user.id: user for user in rows.scalars()}
    return [thread_summary(t, users.get(t.assignee_user_id) if t.assignee_user_id else None) for t in threads]


async def summary_of(session: AsyncSession, thread: m.Thread) -> cc.ThreadSummary:
    return (await thread_summaries(session, [thread]))[0]
