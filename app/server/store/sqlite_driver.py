"""aiosqlite with one trip to its thread per statement, or none inside a short write, for SQLAlchemy.

aiosqlite runs each call on the sqlite3 connection in a thread of its own and hands the result back
to the event loop. SQLAlchemy's adapter makes four such trips for one statement (open a cursor,
execute, fetch all rows, close), and each trip costs a thread wake-up, a hand-back through the
loop's self-pipe and two greenlet switches: about 0.1 ms of CPU each here (a wake-up across CPUs is
dear in a virtual machine), several times what SQLite itself spends on a write's statement.
`connect` makes aiosqlite connections whose cursors do all four in one trip: the cursor opened, the
statement run, its rows read and the cursor closed in the worker thread, the rows kept for
SQLAlchemy to fetch. Everything else (commit, rollback, close, the thread) is aiosqlite's own.

A write transaction may also run its statements on the event loop's own thread, with no trip at all
(`run_statements_on_loop`): once `BEGIN IMMEDIATE` has taken SQLite's write lock, no statement of the
transaction waits for another connection (WAL: readers never block the writer), so each costs the loop
only SQLite's own time, tens of microseconds for the short statements of a request's write. Its commit
runs there too: with SQLite's automatic checkpoints off (`Database` checkpoints in a thread instead), a
commit in WAL mode with `synchronous=NORMAL` only appends the transaction's pages to the WAL file, with
no sync. `Database.write(statements_on_loop=True)` asks for it; the thread and the loop never use the
connection at once, as every call on it is awaited before the next.

Beginning a transaction and rolling one back take no trip either (`begin_on_loop`, the connection's
`rollback`): `BEGIN` takes no lock, `BEGIN IMMEDIATE` is tried at once and only waits for another
process's writer in the thread, and a rollback in WAL mode discards pages in memory.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite
from sqlalchemy import Connection, event
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

        if connection.statements_on_loop:
            self.description, rows, self.rowcount, self.lastrowid = run()
        else:
            self.description, rows, self.rowcount, self.lastrowid = await connection._execute(run)
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

        if connection.statements_on_loop:
            self.description, self.rowcount, self.lastrowid = run()
        else:
            self.description, self.rowcount, self.lastrowid = await connection._execute(run)
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
    """An aiosqlite connection whose cursors take one trip to its thread per statement, or none
    while `statements_on_loop` is set; whose rollback and `begin_on_loop` take none either."""

    statements_on_loop = False
    #: Set when a transaction whose statements ran on the loop's thread commits: the commit runs there.
    commit_on_loop = False
    #: False once a trip was given up (its task cancelled while the thread ran it): the thread may
    #: still be using the connection, so nothing runs on the loop's thread any more.
    thread_idle = True

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    async def _execute(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super()._execute(fn, *args, **kwargs)  # type: ignore[no-untyped-call]
        except asyncio.CancelledError:
            self.thread_idle = False
            raise

    async def commit(self) -> None:
        on_loop, self.commit_on_loop = self.commit_on_loop, False
        if on_loop and self.thread_idle and self._connection is not None:
            self._connection.commit()
        else:
            await super().commit()

    async def rollback(self) -> None:
        """On the loop's thread: in WAL mode a rollback discards the transaction's pages, writing
        nothing, in microseconds (the trip to the thread costs several times that)."""
        if self.thread_idle and self._connection is not None:
            self._connection.rollback()
        else:
            await super().rollback()


def connect(database: str, **kwargs: Any) -> OneTripConnection:
    """As `aiosqlite.connect`: a connection (to be awaited) to `database`, with sqlite3's arguments."""
    # Made in the worker thread, used from the loop's too while statements run there (never at once).
    kwargs["check_same_thread"] = False
    connection = OneTripConnection(lambda: sqlite3.connect(database, **kwargs), iter_chunk_size=64)
    # As SQLAlchemy does for aiosqlite's own: a connection the pool never closed must not keep the
    # interpreter from exiting.
    connection._thread.daemon = True
    return connection


def use_one_trip_cursors(engine: AsyncEngine) -> None:
    """Has `engine` (SQLAlchemy's aiosqlite dialect) connect through `connect` above, with the
    arguments the dialect made from the URL and `connect_args`."""

    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "do_connect")
    def _connect(dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> Any:
        return dialect.dbapi.connect(*cargs, async_creator_fn=connect, **cparams)

    # The transaction's end ends its statements on the loop's thread: the listeners run before the
    # commit or rollback, and a commit of such a transaction runs there too.
    @event.listens_for(sync_engine, "commit")
    def _commits(connection: Connection) -> None:
        # An invalidated connection (a statement cut off by a cancellation) is never used again; and
        # asking for its DBAPI connection would raise instead of rolling back.
        if not connection.invalidated:
            driver = _driver_connection(connection)
            driver.commit_on_loop, driver.statements_on_loop = driver.statements_on_loop, False

    @event.listens_for(sync_engine, "rollback")
    def _rolls_back(connection: Connection) -> None:
        if not connection.invalidated:
            driver = _driver_connection(connection)
            driver.commit_on_loop = driver.statements_on_loop = False

    # And a transaction that ended without either (its connection given back to the pool, which
    # rolls back) leaves the next one on the thread.
    @event.listens_for(sync_engine, "reset")
    def _reset(dbapi_connection: Any, _record: Any, _state: Any) -> None:
        driver = getattr(dbapi_connection, "driver_connection", None)
        if isinstance(driver, OneTripConnection):
            driver.commit_on_loop = driver.statements_on_loop = False


#: How long a statement waits for another connection's lock before failing with "database is locked".
BUSY_TIMEOUT_MS = 30_000


def begin_on_loop(connection: Connection, begin: str) -> bool:
    """Starts `connection`'s transaction with `begin` on the event loop's thread, and says whether it
    did. `BEGIN` takes no lock. `BEGIN IMMEDIATE` takes SQLite's write lock if it is free at once
    (another process's writer may hold it: with `--workers` or `switchboard-accounts`); if not, False,
    and the caller begins on the thread, where waiting for the lock blocks no other request."""
    driver = _driver_connection(connection)
    if not driver.thread_idle or driver._connection is None:
        return False
    raw = driver._connection
    if begin == "BEGIN":
        raw.execute(begin)
        return True
    raw.execute("PRAGMA busy_timeout=0")
    try:
        raw.execute(begin)
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode != sqlite3.SQLITE_BUSY:
            raise
        return False
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return True


def run_statements_on_loop(connection: Connection) -> None:
    """From now until its transaction ends, `connection`'s statements run on the event loop's thread.
    Only for a transaction that holds SQLite's write lock (after `BEGIN IMMEDIATE`)."""
    _driver_connection(connection).statements_on_loop = True


def _driver_connection(connection: Connection) -> OneTripConnection:
    driver = connection.connection.driver_connection
    assert isinstance(driver, OneTripConnection)
    return driver
