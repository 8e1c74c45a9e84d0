"""The SQLite driver under the server's Database: one trip to aiosqlite's thread per statement, and
a short write's statements on the event loop's own thread (app.server.store.sqlite_driver)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from app.server.store import models as m
from app.server.store.db import Database
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
