"""The bulk seeder (`--seed-customers`): generated customers by the hundred thousand, for load tests.

Each engine gets its fastest path: SQLite straight through the sqlite3 module, PostgreSQL by COPY,
anything else by batched inserts. The people are made like the demo's (`demo.fake_person`).
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select, text

from app.server.demo import DEMO_TENANT, fake_person
from app.server.store import models as m
from app.server.store.db import Database
from app.server.store.text import phone_keys, search_name


async def seed_customers(db: Database, count: int, tenant_name: str = DEMO_TENANT) -> float:
    """Bulk-inserts `count` generated customers into a tenant (created if missing); returns seconds taken."""
    started = time.perf_counter()
    async with db.write() as session:
        tenant = (await session.execute(select(m.Tenant).where(m.Tenant.name == tenant_name))).scalar()
        if tenant is None:
            tenant = m.Tenant(name=tenant_name)
            session.add(tenant)
            await session.flush()
        into = _Tenant(tenant.id, tenant.default_region)
    if db.is_sqlite and db.url.database:
        await asyncio.to_thread(_seed_sqlite, db.url.database, into, count)
    elif db.url.get_backend_name() == "postgresql":
        await _seed_postgres(db, into, count)
    else:
        await _seed_portable(db, into, count)
    return time.perf_counter() - started


@dataclass(frozen=True)
class _Tenant:
    """The tenant seeded, and the region its customers' numbers are read in."""

    id: int
    region: str


def _generated_rows(tenant: _Tenant, count: int, start: int, created: object) -> list[tuple[Any, ...]]:
    rng = random.Random(start)
    rows = []
    names: dict[tuple[str, str], str] = {}  # few distinct names: fold each once
    for serial in range(start, start + count):
        first, last, email, phone, language = fake_person(rng, serial)
        folded = names.get((first, last)) or names.setdefault((first, last), search_name(first, last))
        keys = phone_keys(phone, tenant.region)
        rows.append(
            (
                tenant.id,
                first,
                last,
                email,
                email.lower(),
                phone,
                keys.e164,
                keys.digits,
                keys.national,
                keys.reversed,
                folded,
                language,
                1,
                created,
            )
        )
    return rows


_SEED_COLUMNS = (
    "tenant_id",
    "first_name",
    "last_name",
    "email",
    "email_lower",
    "phone",
    "phone_e164",
    "phone_digits",
    "phone_national",
    "phone_reversed",
    "search_name",
    "language",
    "prefs_version",
    "created_at",
)
_SQLITE_INSERT = (
    f"INSERT INTO customers ({', '.join(_SEED_COLUMNS)}) VALUES ({', '.join('?' for _ in _SEED_COLUMNS)})"
)


def _seed_sqlite(path: str, tenant: _Tenant, count: int) -> None:
    """Straight through the sqlite3 module in one transaction: a million rows take seconds, not minutes.

    The name index is filled in one statement after the rows instead of by the per-row trigger
    (several times faster); the trigger is dropped and re-created from its own stored SQL inside
    the same transaction, so no other connection ever sees it missing.
    """
    connection = sqlite3.connect(path, timeout=60, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-262144")  # 256 MB: the indexes' random inserts stay in memory
        connection.execute("BEGIN IMMEDIATE")
        first = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM customers").fetchone()[0]
        trigger = connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'customers_fts_insert'"
        ).fetchone()
        if trigger is not None:
            connection.execute("DROP TRIGGER customers_fts_insert")
        batch = 50_000
        created = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # how SQLAlchemy stores it on SQLite
        for offset in range(0, count, batch):
            rows = _generated_rows(tenant, min(batch, count - offset), first + offset, created)
            connection.executemany(_SQLITE_INSERT, rows)
        if trigger is not None:
            connection.execute(
                "INSERT INTO customer_fts(rowid, tenant, name)"
                " SELECT id, 't' || tenant_id, search_name FROM customers WHERE id >= ?",
                (first,),
            )
            connection.execute(trigger[0])
            # One b-tree instead of the many segments a bulk insert leaves: faster searches.
            connection.execute("INSERT INTO customer_fts(customer_fts) VALUES ('optimize')")
        connection.execute("COMMIT")
        connection.execute("PRAGMA optimize")
    finally:
        connection.close()


async def _seed_postgres(db: Database, tenant: _Tenant, count: int) -> None:
    """COPY through asyncpg in one transaction. Each batch is one statement, so the name-word
    trigger runs once per batch over all its rows; statistics are refreshed for the planner."""
    created = datetime.now(UTC)
    async with db.write() as session:
        first = (await session.execute(select(func.coalesce(func.max(m.Customer.id), 0) + 1))).scalar_one()
        connection = await (await session.connection()).get_raw_connection()
        driver = connection.driver_connection
        assert driver is not None
        batch = 50_000
        for offset in range(0, count, batch):
            rows = _generated_rows(tenant, min(batch, count - offset), first + offset, created)
            await driver.copy_records_to_table(m.Customer.__tablename__, records=rows, columns=_SEED_COLUMNS)
        await session.execute(text("ANALYZE customers, customer_name_words"))


async def _seed_portable(db: Database, tenant: _Tenant, count: int) -> None:
    now = datetime.now(UTC)
    batch = 10_000
    for offset in range(0, count, batch):
        rows = _generated_rows(tenant, min(batch, count - offset), offset + 1, now)
        async with db.write() as session:
            await session.execute(
                insert(m.Customer), [dict(zip(_SEED_COLUMNS, row, strict=True)) for row in rows]
            )
