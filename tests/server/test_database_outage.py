"""The database out of reach: 503 `server.unavailable` with `Retry-After`, never a 500, and back to work.

On PostgreSQL (skipped without `SWITCHBOARD_TEST_POSTGRES_URL`) the server reaches its database through
a loopback proxy that a test cuts and restores, as a database restart or a network failure would: while
it is cut every request answers 503 in the caller's language and the log says so in one line; once it
is back, the client's retry with the same requestId is applied, once. `unavailable`, which tells that
state (and SQLite locked by another process) from every other failure, is held to the errors asyncpg,
sqlite3 and SQLAlchemy really raise.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.server.middleware import UNAVAILABLE_RETRY_SECONDS
from app.server.store.db import unavailable
from tests.holding_proxy import HoldingProxy
from tests.live_server import LiveServer
from tests.server import postgres
from tests.server.postgres import stored
from tests.server.support import assert_error, rid
from tests.server.test_postgresql import postgres_template as postgres_template  # the fixture

needs_postgres = pytest.mark.skipif(not postgres.ADMIN_URL, reason=postgres.SKIP_REASON)
ANNA = 1
PREFERENCES = f"/v1/communications/{ANNA}/communication-preferences"


def newsletter(active: bool) -> dict[str, object]:
    channels = [{"communicationChannel": "EMAIL", "active": active}]
    return {"preferences": [{"messageCategory": "NEWSLETTER", "channels": channels}], "requestId": rid()}


@needs_postgres
def test_a_database_out_of_reach_answers_503_and_the_retry_is_applied_once_it_is_back(
    postgres_template: tuple[str, dict[str, dict[str, str]]], tmp_path: Path
) -> None:
    template, sessions = postgres_template
    database = postgres.create_database(template)
    direct = make_url(database)
    proxy = HoldingProxy(direct.port or 5432, direct.host or "127.0.0.1")
    proxied = direct.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    log = tmp_path / "server.log"
    server = LiveServer(proxied, log=log)
    try:
        server.start()
        with httpx.Client(base_url=server.url, headers=sessions["agent"], timeout=30) as http:
            assert http.put(PREFERENCES, json=newsletter(True)).status_code == 200
            proxy.cut()
            change = newsletter(False)
            answer = http.put(PREFERENCES, json=change, headers={"Accept-Language": "de"})
            body = assert_error(answer, 503, "server.unavailable")
            assert answer.headers["Retry-After"] == str(UNAVAILABLE_RETRY_SECONDS)
            assert body["errorMessage"] == (
                "Die Datenbank des Servers ist gerade nicht verfügbar. Versuchen Sie es gleich erneut."
            )
            refused_trace = body["traceId"]
            read = http.get(f"/v1/customers/{ANNA}")
            assert_error(read, 503, "server.unavailable")
            assert "database is not available" in read.json()["errorMessage"]

            proxy.restore()
            applied = http.put(PREFERENCES, json=change)
            assert applied.status_code == 200, applied.text
            newsletter_email = [
                channel["active"]
                for preference in applied.json()["preferences"]
                if preference["messageCategory"] == "NEWSLETTER"
                for channel in preference["channels"]
                if channel["communicationChannel"] == "EMAIL"
            ]
            assert newsletter_email == [False]
            replay = http.put(PREFERENCES, json=change)
            assert replay.headers.get("Idempotent-Replayed") == "true"
        changes = stored(
            database, "SELECT count(*) FROM consent_changes WHERE request_id = {}", change["requestId"]
        )
        assert changes == [(1,)]
    finally:
        server.stop()
        proxy.close()
        postgres.drop_database(database)
    text = log.read_text()
    refusal = [line for line in text.splitlines() if refused_trace in line]
    assert any("WARNING" in line and "the database is not available" in line for line in refusal), refusal
    assert "unhandled error" not in text


def _raised_in_asyncpg() -> OSError:
    """A connection refused as asyncpg raises it: from its own frames, while connecting."""
    port = 9  # discard: nothing listens there on loopback

    async def connect() -> None:
        await asyncpg.connect(host="127.0.0.1", port=port, user="nobody", timeout=5)

    with pytest.raises(OSError) as caught:
        asyncio.run(connect())
    return caught.value


def _raised_here() -> OSError:
    try:
        Path("/nonexistent/folder/file").read_text()
    except OSError as error:
        return error
    raise AssertionError("the file exists")


def _locked_by_another(folder: Path) -> sqlite3.OperationalError:
    """SQLite's answer to a write while another connection holds the database locked."""
    path = folder / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    writer = sqlite3.connect(path, timeout=0)
    try:
        writer.execute("INSERT INTO t VALUES (1)")
    except sqlite3.OperationalError as error:
        return error
    finally:
        writer.close()
        holder.close()
    raise AssertionError("the write got through the lock")


def _broken_statement(folder: Path) -> sqlite3.OperationalError:
    with sqlite3.connect(folder / "plain.db") as connection:
        try:
            connection.execute("SELECT * FROM no_such_table")
        except sqlite3.OperationalError as error:
            return error
    raise AssertionError("the table exists")


def test_unavailable_tells_the_database_out_of_service_from_every_other_failure(tmp_path: Path) -> None:
    assert unavailable(_raised_in_asyncpg())
    shutting_down = asyncpg.CannotConnectNowError("the database system is shutting down")
    assert unavailable(shutting_down)
    assert unavailable(asyncpg.AdminShutdownError("terminating connection due to administrator command"))
    assert unavailable(asyncpg.ConnectionDoesNotExistError("connection was closed mid-operation"))
    lost = DBAPIError("SELECT 1", {}, ConnectionResetError("reset"), connection_invalidated=True)
    assert unavailable(lost)
    locked = _locked_by_another(tmp_path)
    assert unavailable(locked)
    assert unavailable(DBAPIError("INSERT", {}, locked))

    assert not unavailable(_raised_here())  # an OSError of the server's own, not the driver's
    assert not unavailable(asyncpg.UniqueViolationError("duplicate key"))
    assert not unavailable(IntegrityError("INSERT", {}, asyncpg.UniqueViolationError("duplicate key")))
    assert not unavailable(ValueError("a bug"))
    assert not unavailable(_broken_statement(tmp_path))
