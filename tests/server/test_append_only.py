"""The histories are append-only in the database itself, on SQLite and on PostgreSQL (migration 0008).

Raw SQL, as anyone with access to the database could send it: an UPDATE or a DELETE (and on
PostgreSQL a TRUNCATE) of the consent history, the status history or the customer history is refused
by a trigger, while an INSERT still goes in. The demo reset, the one path that empties them, leaves
them as a new demo has them, with the same tables, indexes and triggers as before.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator

import asyncpg
import pytest
from alembic import command
from alembic.config import Config

from app.server.config import normalise_database_url
from app.server.store.db import HEAD_REVISION, MIGRATIONS, Database
from tests.server.conftest import make_client, sign_in
from tests.server.postgres import stored
from tests.server.support import demo_sessions, rid
from tests.server.test_postgresql import copy_of_the_demo, engine, postgres_template

__all__ = ["demo_sessions", "engine", "postgres_template"]  # fixtures

HISTORIES = ("consent_changes", "status_changes", "customer_changes")
ANNA = 1
#: A row of each history as another program might write it (on both engines).
ROWS = {
    "consent_changes": "INSERT INTO consent_changes (tenant_id, customer_id, at, actor_name, source, kind,"
    " previous, current, request_id) SELECT tenant_id, id, CURRENT_TIMESTAMP, 'sql', 'AGENT', 'PREFERENCE',"
    " FALSE, TRUE, '{}' FROM customers WHERE id = 1",
    "status_changes": "INSERT INTO status_changes (tenant_id, customer_id, reason, actor_name, at,"
    " request_id) SELECT tenant_id, id, 'by hand', 'sql', CURRENT_TIMESTAMP, '{}'"
    " FROM customers WHERE id = 1",
    "customer_changes": "INSERT INTO customer_changes (tenant_id, customer_id, at, actor_name, field,"
    " current, request_id) SELECT tenant_id, id, CURRENT_TIMESTAMP, 'sql', 'EMAIL', 'x@example.com', '{}'"
    " FROM customers WHERE id = 1",
}
REFUSED = (sqlite3.IntegrityError, asyncpg.exceptions.RestrictViolationError)


@pytest.fixture
def database(engine: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """This test's own copy of the demo database, on the engine of the test."""
    with copy_of_the_demo(engine, request, tmp_path) as database:
        yield database


def execute(database: str, sql: str) -> None:
    stored(database, sql)


def count(database: str, table: str, request_id: str | None = None) -> int:
    if request_id is None:
        return int(stored(database, f"SELECT count(*) FROM {table}")[0][0])
    return int(stored(database, f"SELECT count(*) FROM {table} WHERE request_id = {{}}", request_id)[0][0])


def insert_by_hand(database: str, table: str) -> str:
    """A row in the history, written as plain SQL; answers its requestId."""
    marker = rid()
    execute(database, ROWS[table].replace("'{}'", f"'{marker}'"))
    assert count(database, table, marker) == 1
    return marker


def assert_refused(database: str, sql: str, table: str) -> None:
    with pytest.raises(REFUSED, match=f"{table} is append-only"):
        execute(database, sql)


def schema(database: str) -> dict[str, list[tuple[str, ...]]]:
    """The histories' columns, indexes, constraints and triggers, as the database describes them."""
    if not database.startswith("postgresql"):
        found = stored(
            database,
            "SELECT tbl_name, type, name, coalesce(sql, '') FROM sqlite_master"
            f" WHERE tbl_name IN {HISTORIES} ORDER BY tbl_name, type, name",
        )
        return {"objects": [tuple(map(str, row)) for row in found]}
    names = "ARRAY['consent_changes', 'status_changes', 'customer_changes']"
    queries = {
        "columns": "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, ''),"
        " coalesce(character_maximum_length, 0)::text FROM information_schema.columns"
        f" WHERE table_name = ANY({names})",
        "indexes": f"SELECT tablename, indexdef FROM pg_indexes WHERE tablename = ANY({names})",
        "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
        f" FROM pg_constraint WHERE conrelid::regclass::text = ANY({names})",
        "triggers": "SELECT tgrelid::regclass::text, pg_get_triggerdef(oid) FROM pg_trigger"
        f" WHERE tgrelid::regclass::text = ANY({names}) AND NOT tgisinternal",
    }
    return {
        what: sorted(tuple(map(str, row)) for row in stored(database, sql)) for what, sql in queries.items()
    }


@pytest.mark.parametrize("table", HISTORIES)
def test_the_database_refuses_to_change_or_delete_a_history_row(database, engine, table):
    marker = insert_by_hand(database, table)  # appending is what a history is for
    rows = count(database, table)
    assert_refused(
        database, f"UPDATE {table} SET actor_name = 'someone else' WHERE request_id = '{marker}'", table
    )
    assert_refused(database, f"UPDATE {table} SET actor_name = actor_name", table)
    assert_refused(database, f"DELETE FROM {table} WHERE request_id = '{marker}'", table)
    assert_refused(database, f"DELETE FROM {table}", table)
    if engine == "postgresql":
        assert_refused(database, f"TRUNCATE {table}", table)
    assert count(database, table) == rows
    assert stored(database, f"SELECT actor_name FROM {table} WHERE request_id = {{}}", marker) == [("sql",)]


def test_the_demo_reset_empties_the_histories_and_they_stay_append_only(database, engine):
    """After the reset the histories hold what a new demo has, none of what was added, and are as
    guarded as before: the reset recreates the tables with their triggers."""
    seeded = {table: count(database, table) for table in HISTORIES}
    assert seeded["consent_changes"] > 0 and seeded["status_changes"] > 0  # the demo's own history
    before = schema(database)
    added = {table: insert_by_hand(database, table) for table in HISTORIES}
    with make_client(database) as client:  # type: ignore[arg-type]
        supervisor = sign_in(client, "supervisor")
        change = {"statusLabelId": None, "reason": "Checked the contract", "requestId": rid()}
        answer = client.put(f"/v1/customers/{ANNA}/status", json=change, headers=supervisor)
        assert answer.status_code == 200, answer.text
        assert count(database, "status_changes", change["requestId"]) == 1
        assert client.post("/v1/dev/reset", headers=sign_in(client, "admin")).status_code == 204
        # The server goes on writing to the new tables.
        supervisor = sign_in(client, "supervisor")
        again = {"statusLabelId": None, "reason": "After the reset", "requestId": rid()}
        assert client.put(f"/v1/customers/{ANNA}/status", json=again, headers=supervisor).status_code == 200
        history = client.get(f"/v1/customers/{ANNA}/status-history", headers=supervisor).json()["items"]
        assert history[0]["requestId"] == again["requestId"]
    assert count(database, "status_changes", change["requestId"]) == 0
    for table, marker in added.items():
        assert count(database, table, marker) == 0
    assert {table: count(database, table) for table in HISTORIES} == {
        **seeded,
        "status_changes": seeded["status_changes"] + 1,
    }
    assert schema(database) == before
    for table in HISTORIES:
        insert_by_hand(database, table)  # SQLite's row triggers have a row to refuse to touch
        assert_refused(database, f"DELETE FROM {table}", table)
        assert_refused(database, f"UPDATE {table} SET actor_name = actor_name", table)


def _alembic(connection, revision: str, down: bool) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    (command.downgrade if down else command.upgrade)(config, revision)


def migrate(url: str, revision: str, *, down: bool = False) -> None:
    async def run() -> None:
        db = Database(url)
        try:
            async with db.engine.begin() as connection:
                await connection.run_sync(_alembic, revision, down)
        finally:
            await db.dispose()

    asyncio.run(run())


def test_0008_goes_down_and_up_again_with_the_histories_kept(database):
    url = normalise_database_url(database)
    seeded = {table: count(database, table) for table in HISTORIES}
    migrate(url, "0007", down=True)
    for table in HISTORIES:
        insert_by_hand(database, table)
        execute(database, f"UPDATE {table} SET actor_name = actor_name")  # no guard below 0008
    migrate(url, HEAD_REVISION)
    assert {table: count(database, table) for table in HISTORIES} == {t: n + 1 for t, n in seeded.items()}
    assert stored(database, "SELECT count(*) FROM communications WHERE failure_reason IS NOT NULL") == [(0,)]
    for table in HISTORIES:
        assert_refused(database, f"DELETE FROM {table}", table)
