"""The demo reset on SQLite: the second and later resets write the rows the first one seeded, and leave
exactly the database a seed leaves (search index included)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from app.server import demo
from app.server.store.db import Database

#: Rows the demo does not seed: the event log keeps growing across resets, SQLite's own bookkeeping.
NOT_SEEDED = {"events", "sqlite_sequence", "alembic_version"}


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (the full-text index's shadow tables aside: their layout depends on how
    the rows came in), and what the index finds for a few name prefixes."""
    with sqlite3.connect(path) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if name not in NOT_SEEDED and not name.startswith("customer_fts_")
        ]
        rows = {name: sorted(connection.execute(f'SELECT * FROM "{name}"'), key=repr) for name in tables}
        for prefix in ("m", "mü", "an", "zo", "dvo"):
            rows[f"match {prefix}"] = connection.execute(
                "SELECT rowid FROM customer_fts WHERE customer_fts MATCH ? ORDER BY rowid",
                (f'name:"{prefix}"*',),
            ).fetchall()
    return rows


def test_a_reset_from_the_remembered_rows_leaves_what_a_seed_leaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "demo.db"
    events_before: list[int] = []

    async def reset_twice() -> tuple[
        dict[str, list[tuple[object, ...]]], dict[str, list[tuple[object, ...]]]
    ]:
        db = Database(f"sqlite+aiosqlite:///{path}")
        await db.migrate()
        try:
            await demo.seed_demo(db)
            await demo.reset_demo(db)  # seeds, and remembers what it wrote
            assert str(db.url) in demo._seeded_rows
            seeded = dump(path)
            with sqlite3.connect(path) as connection:
                connection.execute(
                    "INSERT INTO events (tenant_id, type, data, created_at) SELECT 1, 'x', '{}', '2026-01-01'"
                )
                events_before.extend(row[0] for row in connection.execute("SELECT id FROM events"))
                connection.execute("UPDATE customers SET first_name = 'Changed' WHERE id = 1")

            async def no_seed(_db: Database) -> None:
                raise AssertionError("the second reset seeded again")

            monkeypatch.setattr(demo, "seed_demo", no_seed)
            await demo.reset_demo(db)  # from the remembered rows
            return seeded, dump(path)
        finally:
            demo._seeded_rows.pop(str(db.url), None)
            await db.dispose()

    seeded, remembered = asyncio.run(reset_twice())
    assert seeded["customers"] and seeded["threads"] and seeded["match mü"]
    assert remembered == seeded
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM events").fetchone() == (0,)
        connection.execute(
            "INSERT INTO events (tenant_id, type, data, created_at) SELECT 1, 'x', '{}', '2026-01-01'"
        )
        (next_id,) = connection.execute("SELECT max(id) FROM events").fetchone()
    assert next_id > max(events_before)  # event ids keep growing
