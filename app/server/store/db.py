"""Database engine, sessions and start-up migrations, for SQLite (WAL) and PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import traceback
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event, insert, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from app.server.store import models as m
from app.server.store.sqlite_driver import (
    BUSY_TIMEOUT_MS,
    begin_on_loop,
    run_statements_on_loop,
    use_one_trip_cursors,
)

MIGRATIONS = Path(__file__).with_name("migrations")

#: Where `record_event` keeps a transaction's events (in its session's `info`) until `Database.write`
#: inserts them.
PENDING_EVENTS = "pending_events"
_INSERT_EVENTS = insert(m.Event)

#: The key of the PostgreSQL advisory lock that orders event ids by commit (any constant will do).
EVENT_ORDER_LOCK = 0x5B_E7E7
#: The PostgreSQL NOTIFY channel on which a commit that stored events wakes every server process's
#: streams (app.server.fanout listens on it).
EVENTS_CHANNEL = "switchboard_events"
#: The channel on which a revoked credential is announced to every server process (its digest in hex,
#: or `*` for all), so none goes on accepting it from its cache (app.server.security.Authenticator).
REVOCATIONS_CHANNEL = "switchboard_revocations"
#: The key of the PostgreSQL advisory lock that lets one starting server process migrate at a time.
MIGRATION_LOCK = 0x5B_419A
#: SQLite: a checkpoint (the WAL's pages copied into the database file, so the WAL stays short) after
#: this many commits, in a thread. SQLite's own automatic one is off: a write's commit runs on the event
#: loop's thread (app.server.store.sqlite_driver), and a checkpoint's disk writes must not.
CHECKPOINT_COMMITS = 100

log = logging.getLogger("switchboard.server.db")

#: SQLSTATEs that say the database cannot be reached or is going away, not that a statement is wrong:
#: class 08 (connection exceptions), and admin shutdown, crash shutdown and "cannot connect now" (a
#: server starting or stopping).
_UNREACHABLE_STATES = ("08", "57P01", "57P02", "57P03")
#: SQLite's "another connection holds the lock" (for longer than the busy timeout: another process's
#: long write, a backup), not a fault of the statement.
_SQLITE_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
#: The modules whose OSError (a refused or reset connection, a timeout) is the database's.
_DRIVER_MODULES = ("asyncpg", "sqlalchemy", "aiosqlite")


def unavailable(error: BaseException) -> bool:
    """True when `error` says the database cannot serve right now, so the request may well succeed
    later: PostgreSQL stopped or restarting, the network to it gone, SQLite locked by another process
    for longer than the busy timeout. False for every other failure.

    SQLAlchemy wraps a connection it found dead (`connection_invalidated`); asyncpg raises the SQLSTATEs
    above; a connection refused or reset while connecting is a bare OSError from the driver's frames."""
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return True
        error = error.orig or error
    sqlstate = getattr(error, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate.startswith(_UNREACHABLE_STATES):
        return True
    if isinstance(error, sqlite3.OperationalError):
        return error.sqlite_errorcode in _SQLITE_BUSY
    if not isinstance(error, OSError):
        return False
    modules = (frame.f_globals.get("__name__", "") for frame, _ in traceback.walk_tb(error.__traceback__))
    return any(str(module).startswith(_DRIVER_MODULES) for module in modules)


class _PostgresSession(Session):
    """A PostgreSQL session: a transaction that stores events takes the event-order lock first."""


@event.listens_for(_PostgresSession, "before_flush")
def _take_event_order_lock(session: Session, _context: Any, _instances: Any) -> None:
    """Event ids come from a sequence, drawn at insert and visible at commit. With several writers
    a later id could commit before an earlier one, and a stream that has read the later one would
    skip the earlier for good. So a writer takes a transaction-level advisory lock before drawing its
    first event id, and holds it until its commit: ids then commit in order, and a stream that sees
    an id has seen every committed id before it. `record_event` marks the session.
    The same statement queues a NOTIFY, which PostgreSQL delivers at commit (never for a rollback)
    to the other server processes, whose streams then read the new events."""
    if session.info.get("events") and not session.info.get("event_order_locked"):
        session.connection().exec_driver_sql(
            f"SELECT pg_advisory_xact_lock({EVENT_ORDER_LOCK}), pg_notify('{EVENTS_CHANNEL}', '')"
        )
        session.info["event_order_locked"] = True


class Database:
    """The engine plus session factories.

    SQLite has one writer at a time. Write transactions therefore take a process-wide lock
    and start with `BEGIN IMMEDIATE`, so two writers never deadlock on a lock upgrade and a
    reader is never blocked (WAL). PostgreSQL needs neither; there the writes that store events
    take one advisory lock each, from their first event to their commit (`_take_event_order_lock`).
    """

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            database = self.url.database or ""
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 30}
            kwargs["pool_size"] = 8
            kwargs["max_overflow"] = 16
        else:
            kwargs["pool_size"] = 10
            kwargs["max_overflow"] = 20
            kwargs["pool_pre_ping"] = True  # a restarted database server leaves dead pooled connections
            # PostgreSQL's JIT compiles the reports' long index counts anew each time (~50 ms a year's
            # report) and never pays back on the short statements this server runs.
            kwargs["connect_args"] = {"server_settings": {"jit": "off"}}
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        self._sessions = async_sessionmaker(
            self.engine,
            expire_on_commit=False,
            autoflush=False,
            sync_session_class=Session if self.is_sqlite else _PostgresSession,
        )
        self._write_lock = asyncio.Lock()
        #: Called after a write that stored events has committed (wakes the event streams).
        self.on_events_committed: Callable[[], None] | None = None
        self._commits = 0
        self._checkpointing: asyncio.Task[None] | None = None
        self._checkpointer: sqlite3.Connection | None = None
        if self.is_sqlite:
            use_one_trip_cursors(self.engine)
            _configure_sqlite(self.engine)
            event.listen(self.engine.sync_engine, "commit", self._count_commit)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reads only; closing it ends the transaction and keeps loaded objects usable."""
        async with self._sessions() as session:
            yield session

    @asynccontextmanager
    async def write(self, *, statements_on_loop: bool = False) -> AsyncIterator[AsyncSession]:
        """A write transaction: committed when the block ends normally, rolled back otherwise.

        `statements_on_loop`: on SQLite the transaction's statements, once it holds the write lock, run
        on the event loop's thread instead of aiosqlite's (`app.server.store.sqlite_driver`). For the
        short transactions of a request, whose each statement takes SQLite tens of microseconds: a
        long statement would hold up every other request of the process meanwhile."""
        if self.is_sqlite:
            async with self._write_lock, self._sessions() as session:
                await session.connection(
                    execution_options={
                        "sqlite_begin": "BEGIN IMMEDIATE",
                        "statements_on_loop": statements_on_loop,
                    }
                )
                try:
                    yield session
                    await self._store_events(session)
                    await session.commit()
                except BaseException:
                    await session.rollback()
                    raise
            self._checkpoint_when_due()
        else:
            async with self._sessions() as session, session.begin():
                yield session
                await self._store_events(session)
        if session.info.pop("events", False) and self.on_events_committed is not None:
            self.on_events_committed()

    async def _store_events(self, session: AsyncSession) -> None:
        """Inserts the events the transaction recorded (`app.server.writes.record_event`), in one
        statement, last before the commit: on PostgreSQL that keeps the event-order lock, which is
        taken first, for the shortest time."""
        events = session.info.pop(PENDING_EVENTS, None)
        if not events:
            return
        if not self.is_sqlite:
            await session.run_sync(_take_event_order_lock, None, None)
        connection = await session.connection()
        await connection.execute(_INSERT_EVENTS, events)

    async def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision. On PostgreSQL server processes starting
        together on one database take turns: the first migrates, the others then find it done."""
        async with self.engine.begin() as conn:
            if not self.is_sqlite:
                await conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            await conn.run_sync(_upgrade)

    def driver_connect_arguments(self, application_name: str) -> tuple[list[Any], dict[str, Any]]:
        """PostgreSQL: asyncpg's connect arguments for connections outside the pool, made as the
        engine makes its own (host, credentials, the URL's TLS options), named `application_name`
        with this process's id in pg_stat_activity."""
        args, kwargs = self.engine.dialect.create_connect_args(self.url)
        kwargs["server_settings"] = {"application_name": f"{application_name} (pid {os.getpid()})"}
        return list(args), dict(kwargs)

    async def dispose(self) -> None:
        if self._checkpointing is not None:
            await asyncio.gather(self._checkpointing, return_exceptions=True)
        if self._checkpointer is not None:
            self._checkpointer.close()
        await self.engine.dispose()

    def _count_commit(self, _connection: Connection) -> None:
        self._commits += 1

    def _checkpoint_when_due(self) -> None:
        database = self.url.database
        if self._commits < CHECKPOINT_COMMITS or self._checkpointing is not None:
            return
        if not database or database == ":memory:":
            return
        self._commits = 0
        self._checkpointing = asyncio.create_task(self._checkpoint(database), name="sqlite-checkpoint")

    async def _checkpoint(self, database: str) -> None:
        """A passive checkpoint, which copies what no reader still needs and never waits for a lock,
        made while this process's writes wait (the loop goes on with everything else): a checkpoint
        that writes go on beside never catches up with the WAL's end, and only one that does lets
        the next write start the WAL from its beginning again."""

        def run() -> None:
            if self._checkpointer is None:
                self._checkpointer = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
            self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

        try:
            async with self._write_lock:
                await asyncio.to_thread(run)
        except sqlite3.Error:
            log.warning("checkpointing the database's WAL failed; trying again later", exc_info=True)
        finally:
            self._checkpointing = None


#: The newest migration's revision. A database already there is not handed to Alembic at all, which
#: keeps Alembic's import (about a quarter of a second) out of every start; a test checks the value.
HEAD_REVISION = "0010"


def _upgrade(connection: Connection) -> None:
    if inspect(connection).has_table("alembic_version"):
        found = [row[0] for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")]
        if found == [HEAD_REVISION]:
            return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _configure_sqlite(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA wal_autocheckpoint=0")  # Database checkpoints in a thread instead
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA cache_size=-65536")
        # Reports count through whole index ranges larger than the page cache: reading them through
        # a memory map instead of copying pages in halves their CPU time (measured on 1M communications).
        cursor.execute("PRAGMA mmap_size=268435456")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        begin = options.get("sqlite_begin", "BEGIN")
        if not begin_on_loop(conn, begin):
            conn.exec_driver_sql(begin)
        if options.get("statements_on_loop"):
            run_statements_on_loop(conn)
