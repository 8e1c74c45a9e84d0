"""The SQLite driver under the server's Database: one trip to aiosqlite's thread per statement, and
a short write's statements on the event loop's own thread (app.server.store.sqlite_driver)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import event, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from app.server.store import models as m
from app.server.store.db import CHECKPOINT_COMMITS, Database
from app.server.store.sqlite_driver import OneTripConnection


def database(tmp_path: Path) -> Database:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")

    @event.listens_for(db.engine.sync_engine, "connect")
    def _thread_function(dbapi_connection: Any, _record: Any) -> None:
        # Which thread runs a statement: SQLite calls this back on the thread that steps it.
        dbapi_connection.create_function("thread_ident", 0, threading.get_ident)

    return db


async def statement_thread(session: Any) -> int:
    return int((await session.execute(text("SELECT thread_ident()"))).scalar_one())


def test_statements_answer_rows_counts_and_ids_as_sqlite_does(tmp_path: Path) -> None:
    async def scenario() -> None:
        db = database(tmp_path)
        await db.migrate()
        async with db.read() as session:
            connection = await (await session.connection()).get_raw_connection()
            assert isinstance(connection.driver_connection, OneTripConnection)
        for on_loop in (False, True):
            async with db.write(statements_on_loop=on_loop) as session:
                name = f"tenant-{on_loop}"
                inserted = await session.execute(insert(m.Tenant).values(name=name))
                tenant_id = inserted.inserted_primary_key[0]
                assert tenant_id is not None
                connection = await session.connection()
                many = await connection.execute(
                    insert(m.MarketingPreference),
                    [{"tenant_id": tenant_id, "text": f"t{n}"} for n in range(3)],
                )
                assert many.rowcount == 3
                changed = await connection.execute(
                    update(m.MarketingPreference)
                    .where(m.MarketingPreference.tenant_id == tenant_id)
                    .values(text="same")
                )
                assert changed.rowcount == 3
                rows = await session.execute(
                    select(m.MarketingPreference.text).where(m.MarketingPreference.tenant_id == tenant_id)
                )
                assert rows.scalars().all() == ["same"] * 3
        await db.dispose()

    asyncio.run(scenario())


def test_a_short_write_runs_its_statements_on_the_loop_and_everything_else_on_the_thread(
    tmp_path: Path,
) -> None:
    async def scenario() -> None:
        db = database(tmp_path)
        await db.migrate()
        loop_thread = threading.get_ident()
        async with db.read() as session:
            assert await statement_thread(session) != loop_thread
        async with db.write() as session:
            assert await statement_thread(session) != loop_thread
        async with db.write(statements_on_loop=True) as session:
            assert await statement_thread(session) == loop_thread
        # The connection goes back to the pool and its next transaction to the thread again.
        async with db.read() as session:
            assert await statement_thread(session) != loop_thread
        async with db.write() as session:
            assert await statement_thread(session) != loop_thread
        await db.dispose()

    asyncio.run(scenario())


def test_a_failed_statement_on_the_loop_rolls_the_write_back(tmp_path: Path) -> None:
    async def scenario() -> None:
        db = database(tmp_path)
        await db.migrate()
        async with db.write() as session:
            await session.execute(insert(m.Tenant).values(id=1, name="first"))
        with pytest.raises(IntegrityError):
            async with db.write(statements_on_loop=True) as session:
                await session.execute(insert(m.Tenant).values(id=2, name="second"))
                await session.execute(insert(m.Tenant).values(id=1, name="again"))
        async with db.read() as session:
            names = (await session.execute(select(m.Tenant.name).order_by(m.Tenant.id))).scalars().all()
            assert names == ["first"]
            assert await statement_thread(session) != threading.get_ident()
        async with db.write(statements_on_loop=True) as session:
            await session.execute(insert(m.Tenant).values(id=2, name="second"))
        async with db.read() as session:
            assert (
                await session.execute(select(m.Tenant.name).where(m.Tenant.id == 2))
            ).scalar_one() == "second"
        await db.dispose()

    asyncio.run(scenario())


class Trips:
    """Counts the calls that go to aiosqlite's thread (each a trip there and back)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = aiosqlite.Connection._execute

        async def counted(connection: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await original(connection, fn, *args, **kwargs)

        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)

    def taken(self) -> int:
        count, self.count = self.count, 0
        return count


def test_a_short_write_takes_no_trip_to_the_thread_and_a_read_one_per_statement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def scenario() -> None:
        db = database(tmp_path)
        await db.migrate()
        async with db.read() as session:  # the pool's first connection made
            await session.execute(select(m.Tenant.id))
        trips = Trips(monkeypatch)
        async with db.write(statements_on_loop=True) as session:
            await session.execute(insert(m.Tenant).values(name="first"))
            await session.execute(select(m.Tenant.id))
        assert trips.taken() == 0  # begin, statements, commit and the pool's reset
        async with db.read() as session:
            await session.execute(select(m.Tenant.name))
            await session.execute(select(m.Tenant.id))
        assert trips.taken() == 2  # the two statements; begin and rollback stay on the loop
        with pytest.raises(IntegrityError):
            async with db.write(statements_on_loop=True) as session:
                await session.execute(insert(m.Tenant).values(id=1, name="again"))
        assert trips.taken() == 0
        async with db.read() as session:
            assert (await session.execute(select(m.Tenant.name))).scalars().all() == ["first"]
        await db.dispose()

    asyncio.run(scenario())


def test_a_write_waits_for_another_processs_writer_in_the_thread_not_on_the_loop(tmp_path: Path) -> None:
    async def scenario() -> None:
        db = database(tmp_path)
        await db.migrate()
        other = sqlite3.connect(tmp_path / "driver.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process's writer holds SQLite's write lock
        other.execute("INSERT INTO tenants (name) VALUES ('other')")

        async def write() -> None:
            async with db.write(statements_on_loop=True) as session:
                await session.execute(insert(m.Tenant).values(name="ours"))

        writing = asyncio.create_task(write())
        ticks = 0
        for _ in range(30):
            await asyncio.sleep(0.01)
            ticks += 1
        assert not writing.done()  # still waiting for the lock, and the loop ran all along
        assert ticks == 30
        other.execute("COMMIT")
        await asyncio.wait_for(writing, 10)
        async with db.read() as session:
            names = (await session.execute(select(m.Tenant.name).order_by(m.Tenant.id))).scalars().all()
        assert names == ["other", "ours"]
        other.close()
        await db.dispose()

    asyncio.run(scenario())


def test_the_wal_is_checkpointed_in_a_thread_and_stays_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's automatic checkpoint is off (a commit on the loop must not run one): Database runs
    one every CHECKPOINT_COMMITS commits, so the WAL stays about that many commits long instead of
    holding every commit since the start."""
    writes = 3 * CHECKPOINT_COMMITS

    async def scenario(folder: Path) -> int:
        db = database(folder)
        await db.migrate()
        async with db.write() as session:
            tenant_id = (await session.execute(insert(m.Tenant).values(name="t"))).inserted_primary_key[0]
        for n in range(writes):
            async with db.write(statements_on_loop=True) as session:
                await session.execute(
                    insert(m.MarketingPreference).values(tenant_id=tenant_id, text=f"{n:04} " + "x" * 4000)
                )
            await asyncio.sleep(0)
        wal_bytes = (folder / "driver.db-wal").stat().st_size
        await db.dispose()
        check = sqlite3.connect(folder / "driver.db")
        assert check.execute("SELECT count(*) FROM marketing_preferences").fetchone() == (writes,)
        check.close()
        return wal_bytes

    (tmp_path / "checkpointed").mkdir()
    (tmp_path / "unchecked").mkdir()
    checkpointed = asyncio.run(scenario(tmp_path / "checkpointed"))
    monkeypatch.setattr("app.server.store.db.CHECKPOINT_COMMITS", 10 * writes)
    unchecked = asyncio.run(scenario(tmp_path / "unchecked"))
    assert checkpointed < unchecked / 2


def test_a_cancelled_statement_leaves_the_database_usable(tmp_path: Path) -> None:
    """A request cut off while its statement runs in the thread: nothing of its connection runs on the
    loop's thread meanwhile, and the next transactions work."""

    async def scenario() -> None:
        db = database(tmp_path)
        await db.migrate()
        slow = text(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) "
            "SELECT count(*) FROM n"
        )

        async def read() -> None:
            async with db.read() as session:
                await session.execute(slow)

        reading = asyncio.create_task(read())
        await asyncio.sleep(0.05)
        reading.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reading
        for name in ("after", "again"):
            async with db.write(statements_on_loop=True) as session:
                await session.execute(insert(m.Tenant).values(name=name))
        async with db.read() as session:
            names = (await session.execute(select(m.Tenant.name).order_by(m.Tenant.id))).scalars().all()
        assert names == ["after", "again"]
        await db.dispose()

    asyncio.run(scenario())
