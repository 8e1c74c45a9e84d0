"""aiosqlite with one trip to its thread per statement, for SQLAlchemy's aiosqlite dialect.

aiosqlite runs each call on the sqlite3 connection in a thread of its own and hands the result back
to the event loop. SQLAlchemy's adapter makes four such trips for one statement (open a cursor,
execute, fetch all rows, close), and each trip costs a thread wake-up, a hand-back through the
loop's self-pipe and two greenlet switches: about 0.1 ms of CPU each here, several times what
SQLite itself spends on a write's statement. `connect` makes aiosqlite connections whose cursors do
all four in one trip: the cursor opened, the statement run, its rows read and the cursor closed in
the worker thread, the rows kept for SQLAlchemy to fetch. Everything else (commit, rollback,
close, the thread) is aiosqlite's own. `Database` installs it with `use_one_trip_cursors`.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

_Description = tuple[tuple[Any, ...], ...] | None


class OneTripCursor:
    """The part of aiosqlite's cursor that SQLAlchemy's adapter uses, each statement one trip."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self.description: _Description = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: deque[Any] = deque()

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> OneTripCursor:
        connection = self._connection

        def run() -> tuple[_Description, list[Any], int, int | None]:
            cursor = connection._conn.cursor()
            try:
                cursor.execute(sql, () if parameters is None else parameters)
                description = cursor.description
                rows = cursor.fetchall() if description else []
                return description, rows, cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        self.description, rows, self.rowcount, self.lastrowid = await connection._execute(run)  # type: ignore[no-untyped-call]
        self._rows = deque(rows)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> OneTripCursor:
        connection = self._connection

        def run() -> tuple[_Description, int, int | None]:
            cursor = connection._conn.cursor()
            try:
                cursor.executemany(sql, parameters)
                return cursor.description, cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        self.description, self.rowcount, self.lastrowid = await connection._execute(run)  # type: ignore[no-untyped-call]
        self._rows = deque()
        return self

    async def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = min(size or self.arraysize, len(self._rows))
        return [self._rows.popleft() for _ in range(count)]

    async def fetchall(self) -> list[Any]:
        rows = list(self._rows)
        self._rows.clear()
        return rows

    async def close(self) -> None:
        self._rows.clear()


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors take one trip to its thread per statement."""

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)


def connect(database: str, **kwargs: Any) -> OneTripConnection:
    """As `aiosqlite.connect`: a connection (to be awaited) to `database`, with sqlite3's arguments."""
    connection = OneTripConnection(lambda: sqlite3.connect(database, **kwargs), iter_chunk_size=64)
    # As SQLAlchemy does for aiosqlite's own: a connection the pool never closed must not keep the
    # interpreter from exiting.
    connection._thread.daemon = True
    return connection


def use_one_trip_cursors(engine: AsyncEngine) -> None:
    """Has `engine` (SQLAlchemy's aiosqlite dialect) connect through `connect` above, with the
    arguments the dialect made from the URL and `connect_args`."""

    @event.listens_for(engine.sync_engine, "do_connect")
    def _connect(dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> Any:
        return dialect.dbapi.connect(*cargs, async_creator_fn=connect, **cparams)
