"""A PostgreSQL cluster for the server tests: `SWITCHBOARD_TEST_POSTGRES_URL` names its admin URL.

Without it the PostgreSQL tests are skipped; `.ci/run` starts a throwaway cluster and sets it.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import uuid
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

ADMIN_URL = os.environ.get("SWITCHBOARD_TEST_POSTGRES_URL", "")
SKIP_REASON = (
    "SWITCHBOARD_TEST_POSTGRES_URL is not set: no PostgreSQL cluster to test against "
    "(.ci/run starts one; locally e.g. postgresql://postgres@127.0.0.1:5433/postgres)"
)


def _plain(url: str) -> str:
    """asyncpg's own URL form (`postgresql://`), whatever driver the given URL names."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin(*statements: str) -> None:
    connection = await asyncpg.connect(_plain(ADMIN_URL))
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def create_database(template: str | None = None) -> str:
    """A new, empty (or templated) database on the cluster; returns its `postgresql://` URL."""
    name = f"switchboard_test_{uuid.uuid4().hex[:12]}"
    clause = f' TEMPLATE "{make_url(template).database}"' if template else ""
    asyncio.run(_admin(f'CREATE DATABASE "{name}"{clause}'))
    return make_url(_plain(ADMIN_URL)).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


async def _fetch(url: str, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    connection = await asyncpg.connect(_plain(url))
    try:
        return [tuple(record) for record in await connection.fetch(sql, *params)]
    finally:
        await connection.close()


def stored(database: str, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """What the server stored, read straight from its database (`$1`-style parameters on PostgreSQL,
    `?` on SQLite: write the query with `{}` where a parameter goes)."""
    if database.startswith("postgresql"):
        return asyncio.run(_fetch(database, sql.format(*(f"${i + 1}" for i in range(len(params)))), params))
    with sqlite3.connect(database) as connection:
        return connection.execute(sql.format(*("?" for _ in params)), params).fetchall()
