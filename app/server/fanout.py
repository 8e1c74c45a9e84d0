"""Events across server processes on PostgreSQL: one LISTEN connection per process wakes its streams.

A write that stores events sends `NOTIFY switchboard_events` in its transaction (store.db), which
PostgreSQL delivers at commit to every listening connection, each process's own included. The events
table stays the source of truth: a woken stream reads every event after the last it sent, so a
notification that never came costs latency, not an event. While the connection is lost no
notification arrives, so the listener reconnects with backoff, wakes every stream once it listens
again (events committed meanwhile are then read), and says whether it is listening, so the streams
can poll the table until it does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # no stubs or py.typed

from app.server.store.db import EVENTS_CHANNEL, REVOCATIONS_CHANNEL, Database
from app.server.writes import EventHub

log = logging.getLogger("switchboard.server.fanout")

#: The start of the listening connection's `application_name`.
LISTENER_NAME = "switchboard events listener"

#: First and longest pause before connecting again after a failure.
RECONNECT_FIRST = 0.1
RECONNECT_MOST = 5.0
#: How often the idle connection is checked: a peer that vanished without closing (a network cut)
#: sends no end of connection, and only a query notices it.
CHECK_EVERY = 10.0
CHECK_TIMEOUT = 5.0


class EventListener:
    """`LISTEN switchboard_events` on a dedicated connection, outside the pool, for the process's life."""

    def __init__(
        self, db: Database, hub: EventHub, on_revoked: Callable[[bytes | None], None] | None = None
    ) -> None:
        """`on_revoked` is told of each credential another process revoked (its digest; None: all of
        them, also when listening starts again, since announcements may have been missed meanwhile)."""
        self._hub = hub
        self._on_revoked = on_revoked
        # Named, so an operator (or a test) finds each process's listener in pg_stat_activity.
        self._connect_args, self._connect_kwargs = db.driver_connect_arguments(LISTENER_NAME)
        self._task: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()
        self._lost = asyncio.Event()
        #: The backend process id of the listening connection (None while not listening).
        self.backend_pid: int | None = None

    @property
    def listening(self) -> bool:
        """True while notifications arrive; otherwise the streams poll the events table."""
        return self._connected.is_set()

    async def start(self, wait: float = 5.0) -> None:
        """Starts listening, waiting up to `wait` seconds for the first connection; without one the
        listener keeps trying in the background and the streams poll meanwhile."""
        self._task = asyncio.create_task(self._run(), name="event-listener")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._connected.wait(), wait)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        pause = RECONNECT_FIRST
        while True:
            connection: asyncpg.Connection | None = None
            try:
                connection = await asyncpg.connect(*self._connect_args, **self._connect_kwargs)
                self._lost.clear()
                connection.add_termination_listener(self._on_lost)
                await connection.add_listener(EVENTS_CHANNEL, self._on_notification)
                if self._on_revoked is not None:
                    await connection.add_listener(REVOCATIONS_CHANNEL, self._on_revocation)
                    self._on_revoked(None)
                self.backend_pid = connection.get_server_pid()
                self._connected.set()
                # Commits while nobody listened sent their notification to no one: read them now.
                self._hub.notify()
                log.info("listening for events on PostgreSQL (backend %s)", self.backend_pid)
                pause = RECONNECT_FIRST
                await self._watch(connection)
            except Exception as exc:  # whatever broke it, the listener must come back
                log.warning("the event listener's connection failed (%s); again in %.1f s", exc, pause)
            finally:
                self._connected.clear()
                self.backend_pid = None
                if connection is not None:
                    # terminate, not close: close waits for an answer a lost connection never gives.
                    connection.terminate()
            await asyncio.sleep(pause)
            pause = min(pause * 2, RECONNECT_MOST)

    async def _watch(self, connection: asyncpg.Connection) -> None:
        """Returns when the connection is lost: at once if the server ends it, within
        `CHECK_EVERY + CHECK_TIMEOUT` seconds if it just stops answering."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._lost.wait(), CHECK_EVERY)
            if self._lost.is_set() or connection.is_closed():
                log.warning("the event listener's connection was lost; reconnecting")
                return
            await connection.execute("SELECT 1", timeout=CHECK_TIMEOUT)

    def _on_notification(self, _connection: Any, _pid: int, _channel: str, _payload: str) -> None:
        self._hub.notify()

    def _on_revocation(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        assert self._on_revoked is not None
        try:
            self._on_revoked(None if payload == "*" else bytes.fromhex(payload))
        except ValueError:  # not ours; forgetting everything is always safe
            self._on_revoked(None)

    def _on_lost(self, _connection: Any) -> None:
        self._lost.set()
