"""The idempotency table is purged: keys older than a day go at start and every interval, fresh keys stay."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from app.server import writes
from app.server.config import normalise_database_url
from app.server.store import models as m
from app.server.store.db import Database
from app.server.writes import purge_idempotency_keys, purge_idempotency_keys_periodically
from tests.server.conftest import make_client
from tests.server.support import rows

#: api.md keeps a requestId at least 24 h: one just inside that must replay, one past it may go.
FRESH, OLD = timedelta(hours=23), timedelta(hours=25)


def database_at(path: Path) -> Database:
    return Database(normalise_database_url(str(path)))


async def store_keys(db: Database, **ages: timedelta) -> None:
    """Idempotency keys of tenant 1, each stored `age` ago."""
    now = datetime.now(UTC)
    async with db.write() as session:
        if await session.get(m.Tenant, 1) is None:
            session.add(m.Tenant(id=1, name="keys"))
            await session.flush()
        for key, age in ages.items():
            session.add(
                m.IdempotencyRecord(
                    tenant_id=1, key=key, fingerprint="0" * 64, status_code=204, created_at=now - age
                )
            )


def stored_keys(path: Path) -> set[str]:
    return {key for (key,) in rows(path, "SELECT key FROM idempotency_keys")}


def test_a_purge_forgets_keys_older_than_a_day_and_keeps_fresh_ones(tmp_path: Path):
    path = tmp_path / "keys.db"

    async def scenario() -> None:
        db = database_at(path)
        try:
            await db.migrate()
            await store_keys(db, old=OLD, fresh=FRESH)
            await purge_idempotency_keys(db)
        finally:
            await db.dispose()

    asyncio.run(scenario())
    assert stored_keys(path) == {"fresh"}


def test_the_server_purges_old_keys_when_it_starts(database: Path):
    async def before_start() -> None:
        db = database_at(database)
        try:
            await store_keys(db, old=OLD, fresh=FRESH)
        finally:
            await db.dispose()

    asyncio.run(before_start())
    assert {"old", "fresh"} <= stored_keys(database)
    with make_client(database) as client:
        assert client.get("/healthz").status_code == 200
        assert "old" not in stored_keys(database)
        assert "fresh" in stored_keys(database)


def test_a_running_server_purges_again_each_interval_and_survives_a_failed_purge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    path = tmp_path / "keys.db"
    calls = 0
    real_purge = writes.purge_idempotency_keys
    purged = asyncio.Event()

    async def busy_once(db: Database) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise OperationalError("DELETE", {}, Exception("database is locked"))
        await real_purge(db)
        purged.set()

    monkeypatch.setattr(writes, "purge_idempotency_keys", busy_once)

    async def scenario() -> None:
        db = database_at(path)
        try:
            await db.migrate()
            await store_keys(db, old=OLD, fresh=FRESH)
            purging = asyncio.create_task(purge_idempotency_keys_periodically(db, timedelta(milliseconds=20)))
            await asyncio.wait_for(purged.wait(), timeout=10)
            assert not purging.done()
            purging.cancel()
        finally:
            await db.dispose()

    with caplog.at_level(logging.ERROR, logger="switchboard.server.writes"):
        asyncio.run(scenario())
    assert stored_keys(path) == {"fresh"}
    assert calls >= 2
    assert "purging the idempotency keys failed" in caplog.text
