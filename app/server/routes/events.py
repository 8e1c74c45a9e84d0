"""`GET /v1/events`: the tenant's stored events as Server-Sent Events, resumable by `Last-Event-ID`."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent
from sqlalchemy import func, select

from app.contract.enums import Scope
from app.server.errors import invalid
from app.server.routes.deps import AppDatabase
from app.server.routes.params import MAX_ID
from app.server.security import Principal, require
from app.server.store import models as m
from app.server.writes import EventHub

if TYPE_CHECKING:
    from app.server.fanout import EventListener  # asyncpg's: PostgreSQL's only

router = APIRouter(prefix="/v1", tags=["events"])

BATCH = 500
#: On SQLite (or while PostgreSQL's LISTEN connection is down) another server process may have
#: committed events this process was not told about: the stream looks this often.
POLL_SECONDS = 1.0

_reader = require(Scope.CUSTOMER_READ)


def _last_event_id(
    last_event_id: Annotated[
        str | None, Header(max_length=20, description="resume after this event id (no gap, no repeat)")
    ] = None,
) -> int | None:
    if last_event_id is None or not last_event_id.strip():
        return None
    text = last_event_id.strip()
    if not text.isdigit() or int(text) > MAX_ID:
        raise invalid("Last-Event-ID must be an event id", reference="Last-Event-ID")
    return int(text)


async def _start_after(
    db: AppDatabase,
    principal: Annotated[Principal, Depends(_reader)],
    resume_after: Annotated[int | None, Depends(_last_event_id)],
) -> int:
    """The id to stream after, fixed before the response starts: once a client has the response
    headers, every event committed afterwards reaches it."""
    if resume_after is not None:
        return resume_after
    async with db.read() as session:
        newest = await session.execute(
            select(func.max(m.Event.id)).where(m.Event.tenant_id == principal.tenant_id)
        )
        return int(newest.scalar() or 0)


@router.get("/events", response_class=EventSourceResponse)
async def stream_events(
    request: Request,
    db: AppDatabase,
    principal: Annotated[Principal, Depends(_reader)],
    last: Annotated[int, Depends(_start_after)],
) -> AsyncIterator[ServerSentEvent]:
    """`id` is the event id, `event` its type, `data` the resource as the REST API returns it.

    Without `Last-Event-ID` the stream starts after the newest event at connection time; with it,
    right after that event. Either way the first message carries only `id:`, the id the stream
    starts after, so a client that reconnects before any event resumes from there and misses
    nothing written in between. A `: heartbeat` comment comes every `heartbeat_seconds` of silence.

    A stream wakes when this process commits events and, on PostgreSQL, when any process does
    (LISTEN/NOTIFY, app.server.fanout); it polls only where no notification can come. It ends as soon
    as the server is asked to stop (`app.server.stopping`), so a restart waits for no open stream.
    """
    hub: EventHub = request.app.state.hub
    listener: EventListener | None = request.app.state.event_listener
    heartbeat: float = request.app.state.settings.heartbeat_seconds
    tenant = principal.tenant_id
    beat_due = time.monotonic() + heartbeat
    yield ServerSentEvent(id=str(last))
    while not hub.is_closed():  # once closed, the client's next stream reads what came meanwhile
        waiter = hub.waiter()  # taken before the read: a commit in between still wakes us
        async with db.read() as session:
            result = await session.execute(
                select(m.Event.id, m.Event.type, m.Event.data)
                .where(m.Event.tenant_id == tenant, m.Event.id > last)
                .order_by(m.Event.id)
                .limit(BATCH)
            )
            rows = [(row[0], row[1], row[2]) for row in result]
        for event_id, type_, data in rows:
            last = event_id
            yield ServerSentEvent(
                id=str(event_id), event=type_, raw_data=json.dumps(data, ensure_ascii=False)
            )
        if rows:
            beat_due = time.monotonic() + heartbeat
            if len(rows) == BATCH:
                continue
        until_beat = max(0.0, beat_due - time.monotonic())
        wait = until_beat if listener is not None and listener.listening else min(POLL_SECONDS, until_beat)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waiter.wait(), timeout=wait)
        if time.monotonic() >= beat_due:
            yield ServerSentEvent(comment="heartbeat")
            beat_due = time.monotonic() + heartbeat
