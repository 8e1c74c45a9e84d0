"""The server on both engines it supports: each test runs on SQLite and on PostgreSQL.

The PostgreSQL runs need a cluster (`SWITCHBOARD_TEST_POSTGRES_URL`, an admin URL; `.ci/run` starts a
throwaway one) and are skipped without it. Each test gets its own database: a copy of the demo
database, made once per session (a SQLite file copy, a PostgreSQL `CREATE DATABASE ... TEMPLATE`).
Tests whose SQLite case test_events.py or test_cli.py already make run on PostgreSQL only.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from app.contract.customers import SEARCH_COUNT_CAP
from app.server.config import normalise_database_url
from app.server.store import search as search_module
from app.server.store.db import Database
from tests.live_server import LiveServer
from tests.server import postgres
from tests.server import test_search as search_tests
from tests.server.conftest import make_client, sign_in
from tests.server.postgres import stored
from tests.server.support import DEMO_USERS, assert_error, demo_sessions, rid
from tests.server.test_cli import LINE, running_server
from tests.server.test_events import new_thread
from tests.server.test_events import streams as streams  # the fixture

__all__ = ["demo_sessions"]  # the fixture, used by `sessions`

ANNA = 1
LONG_THREAD_ID = 1
PREFERENCES = "/v1/communications/{}/communication-preferences"

needs_postgres = pytest.mark.skipif(not postgres.ADMIN_URL, reason=postgres.SKIP_REASON)
ENGINES = ["sqlite", pytest.param("postgresql", marks=needs_postgres)]


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[tuple[str, dict[str, dict[str, str]]]]:
    """A PostgreSQL database with the demo data, made once, and every demo user signed in there."""
    if not postgres.ADMIN_URL:
        pytest.skip(postgres.SKIP_REASON)
    url = postgres.create_database()
    try:
        with make_client(url) as client:  # type: ignore[arg-type]
            sessions = {username: sign_in(client, username) for username in DEMO_USERS}
        yield url, sessions
    finally:
        postgres.drop_database(url)


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@contextmanager
def copy_of_the_demo(engine: str, request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """A database with the demo data, its users signed in: a SQLite file path or a `postgresql://` URL."""
    if engine == "sqlite":
        request.getfixturevalue("demo_sessions")  # signed in before the copy, so the tokens hold in it
        copy = folder / "server.db"
        shutil.copyfile(request.getfixturevalue("demo_database"), copy)
        yield str(copy)
        return
    template, _ = request.getfixturevalue("postgres_template")
    url = postgres.create_database(template=template)
    try:
        yield url
    finally:
        postgres.drop_database(url)


@pytest.fixture
def database(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """This test's own database with the demo data."""
    with copy_of_the_demo(engine, request, tmp_path) as database:
        yield database


@pytest.fixture(scope="module")
def sessions(engine: str, request: pytest.FixtureRequest) -> dict[str, dict[str, str]]:
    """The demo users' Authorization headers, valid in every copy of the demo database."""
    if engine == "sqlite":
        return request.getfixturevalue("demo_sessions")  # type: ignore[no-any-return]
    return request.getfixturevalue("postgres_template")[1]  # type: ignore[no-any-return]


@pytest.fixture
def api(database: str) -> Iterator[TestClient]:
    with make_client(database) as client:  # type: ignore[arg-type]
        yield client


@pytest.fixture(scope="module")
def login(sessions: dict[str, dict[str, str]]) -> Callable[..., dict[str, str]]:
    def headers(username: str = "agent") -> dict[str, str]:
        return sessions[username]

    return headers


@contextmanager
def live_server(database: str, log: Path) -> Iterator[LiveServer]:
    server = LiveServer(database, log=log)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def live(
    engine: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """`switchboard-server --demo` as a child process on a copy of the demo database, shared by the
    module's tests of this engine (they add data, none relies on what another added)."""
    folder = tmp_path_factory.mktemp(f"live-{engine}")
    with (
        copy_of_the_demo(engine, request, folder) as database,
        live_server(database, folder / "live.log") as server,
    ):
        yield server


def search(api: TestClient, headers: dict[str, str], query: str, **params: object) -> dict:
    answer = api.get("/v1/customers", params={"query": query, **params}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def found_ids(result: dict) -> list[int]:
    return [c["customerId"] for c in result["items"]]


def test_sign_in_answers_a_working_token_and_refuses_a_wrong_password(api):
    signed_in = sign_in(api, "supervisor")
    me = api.get("/v1/me", headers=signed_in)
    assert me.status_code == 200
    assert me.json()["displayName"] == "Claudia Hoffmann"
    wrong = api.post("/v1/auth/token", json={"username": "agent", "password": "wrong"})
    assert wrong.status_code == 401


def test_customer_create_search_and_get(api, login, database):
    headers = login()
    body = {
        "firstName": "Søren",
        "lastName": "Ødegaard-Groß",
        "email": "Soren.Test@Example.COM",
        "phone": "+49 170 5550123",
        "requestId": rid(),
    }
    created = api.post("/v1/customers", json=body, headers=headers)
    assert created.status_code == 201, created.text
    customer = created.json()
    assert api.get(f"/v1/customers/{customer['customerId']}", headers=headers).json() == customer
    for query in ("soren", "SØREN ødeg", "gross", "odegaard soren", "soren.test@example.com", "soren.te",
                  "+49 170 555 0123", "4917055501", str(customer["customerId"])):  # fmt: skip
        assert customer["customerId"] in found_ids(search(api, headers, query)), query
    assert customer["customerId"] not in found_ids(search(api, headers, "egaard"))  # word starts only
    assert found_ids(search(api, login("other-agent"), "soren odeg")) == []  # another tenant's
    # The demo data: Anna Müller by an inner word, Zoë Dvořák by two word prefixes in any order.
    assert ANNA in found_ids(search(api, headers, "müller"))
    assert [c["lastName"] for c in search(api, headers, "dvo zo")["items"]] == ["Dvořák"]
    everyone = search(api, headers, "", limit=5)
    assert everyone["total"] == 301
    assert found_ids(everyone)[0] == customer["customerId"]  # newest first
    assert stored(database, "SELECT count(*) FROM customers WHERE last_name = {}", "Ødegaard-Groß") == [(1,)]


def test_preferences_put_with_if_match(api, login):
    path = PREFERENCES.format(ANNA)
    current = api.get(path, headers=login())
    etag = current.headers["ETag"]
    change = {
        "preferences": [{"messageCategory": "LOYALTY_PROGRAM", "channels": [
            {"communicationChannel": "EMAIL", "active": True}]}],
        "requestId": rid(),
    }  # fmt: skip
    accepted = api.put(path, json=change, headers={**login(), "If-Match": etag})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["version"] == current.json()["version"] + 1
    assert accepted.headers["ETag"] == f'"{accepted.json()["version"]}"'
    stale = api.put(path, json={**change, "requestId": rid()}, headers={**login(), "If-Match": etag})
    assert_error(stale, 412, "preferences.versionConflict")
    assert api.get(path, headers=login()).json() == accepted.json()
    history = api.get(f"/v1/customers/{ANNA}/consent-history", headers=login()).json()["items"]
    assert (history[0]["messageCategory"], history[0]["previous"], history[0]["current"]) == (
        "LOYALTY_PROGRAM",
        False,
        True,
    )


def test_marketing_opt_in_and_out(api, login):
    preferences = api.get("/v1/marketing-preferences", headers=login()).json()
    assert len(preferences) >= 3
    preference = preferences[2]["marketingPreferenceId"]
    path = f"/v1/customers/{ANNA}/marketing-preferences/{preference}"
    opted_in = api.put(path, json={"requestId": rid()}, headers=login())
    assert opted_in.status_code == 200, opted_in.text
    assert opted_in.json()["optedIn"] is True
    assert api.get(path, headers=login()).json() == opted_in.json()
    assert api.delete(path, headers=login("supervisor")).status_code == 204
    assert api.get(path, headers=login()).json()["optedIn"] is False
    listed = api.get(f"/v1/customers/{ANNA}/marketing-preferences", headers=login()).json()
    assert listed["total"] == len(preferences)


def test_thread_create_add_and_list_with_cursor_paging(api, login):
    agent = login()
    message = {
        "communicationThreadStatus": "ONGOING",
        "subject": "Both engines",
        "content": "First",
        "communicationDirection": "OUTGOING",
        "communicationChannel": "EMAIL",
    }
    created = api.post(
        f"/v1/communications/{ANNA}/threads", json={**message, "requestId": rid()}, headers=agent
    )
    assert created.status_code == 201, created.text
    path = f"/v1/communications/{ANNA}/threads/{created.json()['threadId']}"
    for n in range(2, 6):
        added = api.put(path, json={**message, "content": f"Message {n}", "requestId": rid()}, headers=agent)
        assert added.status_code == 200, added.text
    summary = api.get(path, headers=agent).json()
    assert summary["communicationCount"] == 5
    threads = api.get(f"/v1/communications/{ANNA}/threads", headers=agent).json()
    assert threads["items"][0]["threadId"] == created.json()["threadId"]  # newest activity first

    def walk(thread_path: str, limit: int) -> list[dict]:
        seen: list[dict] = []
        before = None
        while True:
            params = {"limit": limit} | ({"before": before} if before else {})
            page = api.get(thread_path + "/communications", params=params, headers=agent).json()
            seen += page["items"]
            before = page["nextBefore"]
            if before is None:
                return seen
            assert before == page["items"][-1]["communicationId"]

    short = walk(path, 2)
    assert [item["content"] for item in short] == [
        "Message 5",
        "Message 4",
        "Message 3",
        "Message 2",
        "First",
    ]
    long = [
        item["communicationId"] for item in walk(f"/v1/communications/{ANNA}/threads/{LONG_THREAD_ID}", 100)
    ]
    assert len(long) == len(set(long)) >= 2000
    assert long == sorted(long, reverse=True)


def test_a_ticket_link_longer_than_its_column_once_encoded_is_stored(api, login):
    body = {
        "communicationThreadStatus": "CREATED",
        "subject": "Linked",
        "content": "See the ticket",
        "communicationDirection": "OUTGOING",
        "communicationChannel": "EMAIL",
        "ticketLink": "https://tickets.example/" + "ä" * 700,  # 4,200 characters once percent-encoded
        "requestId": rid(),
    }
    created = api.post(f"/v1/communications/{ANNA}/threads", json=body, headers=login())
    assert created.status_code == 201, created.text
    thread = api.get(f"/v1/communications/{ANNA}/threads/{created.json()['threadId']}", headers=login())
    assert thread.json()["ticketLink"] == "https://tickets.example/" + "%C3%A4" * 700


def test_a_nul_character_is_refused_on_both_engines_never_a_server_error(api, login, engine):
    """A NUL in a body is refused by the contract before any engine sees it (PostgreSQL could not
    store it, SQLite would); test_text_hygiene.py tries it in every kind of field. A NUL in a query
    parameter is refused the same way (test_query_parameters.py), before any engine sees it."""
    body = {"firstName": "Nul\u0000", "lastName": "Byte", "requestId": rid()}
    created = api.post("/v1/customers", json=body, headers=login())
    assert assert_error(created, 422, "request.invalid")["reference"] == "firstName"
    found = api.get("/v1/customers", params={"query": "nul\u0000 by"}, headers=login())
    assert assert_error(found, 422, "request.invalid")["reference"] == "query"


def test_an_idempotent_replay_answers_the_same_and_writes_once(api, login, database):
    body = {"firstName": "Ida", "lastName": "Einmal", "requestId": rid()}
    first = api.post("/v1/customers", json=body, headers=login())
    replay = api.post("/v1/customers", json=body, headers=login("agent2"))
    assert first.status_code == replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    reused = api.post("/v1/customers", json={**body, "lastName": "Zweimal"}, headers=login())
    assert_error(reused, 409, "request.idReused")
    assert stored(database, "SELECT count(*) FROM customers WHERE last_name = {}", "Einmal") == [(1,)]


def test_concurrent_retries_of_one_request_write_once(live, login):
    """Requests with the same requestId at the same time (a retry racing the original): one customer,
    and every answer is that customer."""
    headers = login("agent")
    body = {"firstName": "Rita", "lastName": "Racing", "requestId": rid()}
    answers: list[httpx.Response] = []

    def post() -> None:
        answers.append(httpx.post(f"{live.url}/v1/customers", json=body, headers=headers, timeout=30))

    workers = [threading.Thread(target=post) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert [answer.status_code for answer in answers] == [201] * 8, [a.text for a in answers]
    assert len({answer.json()["customerId"] for answer in answers}) == 1
    assert stored(live.database, "SELECT count(*) FROM customers WHERE last_name = {}", "Racing") == [(1,)]


def test_a_change_request_approved_changes_the_customer_once_and_notifies(api, login, database):
    agent, supervisor = login("agent"), login("supervisor")
    old = api.get("/v1/customers/20", headers=agent).json()["email"]
    body = {"field": "EMAIL", "newValue": "Both.Engines@Example.ORG", "reason": "Moved", "requestId": rid()}
    created = api.post("/v1/customers/20/change-requests", json=body, headers=agent)
    assert created.status_code == 201, created.text
    request = created.json()
    assert (request["status"], request["previousValue"]) == ("PENDING", old)
    assert request["newValue"] == "Both.Engines@example.org"
    path = f"/v1/requests/{request['approvalRequestId']}"
    assert_error(api.post(f"{path}/approve", json={"comment": "mine"}, headers=agent), 403, "auth.forbidden")
    approved = api.post(f"{path}/approve", json={"comment": "ok", "requestId": rid()}, headers=supervisor)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "APPROVED"
    again = api.post(f"{path}/reject", json={"comment": "late"}, headers=login("admin"))
    assert_error(again, 409, "request.alreadyDecided")
    assert api.get("/v1/customers/20", headers=agent).json()["email"] == "Both.Engines@example.org"
    history = api.get("/v1/customers/20/history", headers=agent).json()
    assert [(h["field"], h["previous"], h["current"]) for h in history["items"]] == [
        ("EMAIL", old, "Both.Engines@example.org")
    ]
    notice = api.get("/v1/customer-communications", params={"customerId": 20}, headers=agent).json()["items"][
        0
    ]
    assert (notice["kind"], notice["approvalRequestId"]) == ("NOTIFICATION", request["approvalRequestId"])
    types = stored(database, "SELECT type FROM events WHERE type LIKE {} ORDER BY id", "request.%")
    assert types == [("request.created",), ("request.decided",)]


def test_concurrent_decisions_of_one_request_decide_it_once(live, login):
    """Two supervisors deciding the same request at the same moment, each with their own requestId:
    one decision stands, every other is 409 request.alreadyDecided, the history has one entry."""
    body = {"field": "PHONE", "newValue": "0170 5550133", "reason": "New phone", "requestId": rid()}
    created = httpx.post(f"{live.url}/v1/customers/21/change-requests", json=body, headers=login("agent"))
    assert created.status_code == 201, created.text
    path = f"{live.url}/v1/requests/{created.json()['approvalRequestId']}"
    answers: list[httpx.Response] = []

    def decide(username: str, verdict: str) -> None:
        decision = {"comment": verdict, "requestId": rid()}
        answers.append(httpx.post(f"{path}/{verdict}", json=decision, headers=login(username), timeout=30))

    workers = [
        threading.Thread(
            target=decide, args=(("supervisor", "admin")[i % 2], ("approve", "reject")[i // 2 % 2])
        )
        for i in range(8)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [409] * 7, [a.text for a in answers]
    refused = [a.json()["errorCode"] for a in answers if a.status_code == 409]
    assert set(refused) == {"request.alreadyDecided"}
    decided = next(a.json() for a in answers if a.status_code == 200)
    history = httpx.get(f"{live.url}/v1/customers/21/history", headers=login("agent")).json()
    assert history["total"] == (1 if decided["status"] == "APPROVED" else 0)


@contextmanager
def customer_row_held(database: str, customer_id: int) -> Iterator[Callable[[], int]]:
    """Another transaction holds the customer's row (`FOR UPDATE`) until the block ends; yields a count
    of the server's statements waiting for a lock meanwhile."""
    loop = asyncio.new_event_loop()
    url = make_url(database).set(drivername="postgresql").render_as_string(hide_password=False)
    holder = loop.run_until_complete(asyncpg.connect(url))
    watcher = loop.run_until_complete(asyncpg.connect(url))
    transaction = holder.transaction()
    loop.run_until_complete(transaction.start())
    loop.run_until_complete(holder.execute("SELECT 1 FROM customers WHERE id = $1 FOR UPDATE", customer_id))

    def waiting() -> int:
        query = (
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(loop.run_until_complete(watcher.fetchval(query)))

    try:
        yield waiting
    finally:
        loop.run_until_complete(transaction.rollback())
        for connection in (holder, watcher):
            loop.run_until_complete(connection.close())
        loop.close()


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
@needs_postgres
def test_concurrent_changes_with_one_if_match_apply_one_and_refuse_the_others(live, login):
    """Changes of one customer's preferences that reach the database while another transaction holds
    the customer: each sent from the same version (one If-Match), one is applied and every other is 412;
    sent without If-Match, they take turns, each history entry's `previous` being what the one before
    left (SQLite has one writer at a time anyway)."""
    customer, calls = 23, 6
    path = f"{live.url}{PREFERENCES.format(customer)}"
    answers: list[httpx.Response] = []

    def change(active: bool, if_match: str | None) -> None:
        body = {"preferences": [{"messageCategory": "LOYALTY_PROGRAM", "channels": [
            {"communicationChannel": "EMAIL", "active": active}]}], "requestId": rid()}  # fmt: skip
        headers = {**login(), **({"If-Match": if_match} if if_match else {})}
        answers.append(httpx.put(path, json=body, headers=headers, timeout=30))

    def while_held(changes: list[tuple[bool, str | None]]) -> None:
        """Sends the changes while the row is held, and lets it go once each of them waits for it."""
        answers.clear()
        with customer_row_held(live.database, customer) as waiting:
            workers = [threading.Thread(target=change, args=call) for call in changes]
            for worker in workers:
                worker.start()
            deadline = time.monotonic() + 10  # a change that does not wait for the row is let go after it
            while waiting() < len(changes) and time.monotonic() < deadline:
                time.sleep(0.02)
        for worker in workers:
            worker.join()

    while_held([(i % 2 == 0, None) for i in range(calls)])
    assert {answer.status_code for answer in answers} == {200}, [a.text for a in answers]
    history = httpx.get(
        f"{live.url}/v1/customers/{customer}/consent-history", params={"limit": 50}, headers=login()
    ).json()["items"]
    entries = [
        (entry["previous"], entry["current"])
        for entry in reversed(history)
        if (entry["messageCategory"], entry["communicationChannel"]) == ("LOYALTY_PROGRAM", "EMAIL")
    ]
    assert entries, history
    for before, after in itertools.pairwise(entries):
        assert after[0] == before[1], f"a change recorded a previous value already gone: {entries}"

    # The same change from the same version, now that the customer's preference rows exist: one may
    # make it, every other is 412.
    current = httpx.get(path, headers=login())
    version, etag = current.json()["version"], current.headers["ETag"]
    loyalty = next(p for p in current.json()["preferences"] if p["messageCategory"] == "LOYALTY_PROGRAM")
    was = next(c["active"] for c in loyalty["channels"] if c["communicationChannel"] == "EMAIL")
    while_held([(not was, etag)] * calls)
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [412] * (calls - 1), [a.text for a in answers]
    assert httpx.get(path, headers=login()).json()["version"] == version + 1


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
@needs_postgres
def test_events_resume_with_last_event_id(live, login, streams):
    agent = login("agent")
    stream = streams(live, agent)
    first = new_thread(live, agent)
    seen = stream.take(2)
    assert [event.event for event in seen] == ["thread.created", "communication.created"]
    assert json.loads(seen[1].data) == first
    stream.close()
    missed = [new_thread(live, agent, subject=f"While away {n}") for n in range(3)]
    resumed = streams(live, agent, last_event_id=seen[-1].id)
    caught_up = resumed.take(6)
    assert [json.loads(event.data)["subject"] for event in caught_up[1::2]] == [m["subject"] for m in missed]
    ids = [int(event.id) for event in seen + caught_up]
    assert ids == sorted(set(ids))
    assert resumed.quiet(1.0)


def test_concurrent_writers_stream_every_event_in_order(live, login, streams):
    """Many writes at once (on PostgreSQL, transactions that draw event ids in one order and may
    commit in another): the stream still carries every event once, ids increasing."""
    agent = login("agent")
    stream = streams(live, agent)
    writers, per_writer = 6, 5
    errors: list[str] = []

    def write(n: int) -> None:
        with httpx.Client(headers=agent, timeout=30) as client:
            for i in range(per_writer):
                body = {
                    "communicationThreadStatus": "CREATED",
                    "subject": f"Writer {n}.{i}",
                    "content": "Concurrent",
                    "communicationDirection": "INCOMING",
                    "communicationChannel": "PHONE",
                    "requestId": rid(),
                }
                answer = client.post(f"{live.url}/v1/communications/{ANNA}/threads", json=body)
                if answer.status_code != 201:
                    errors.append(answer.text)

    workers = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    events = stream.take(2 * writers * per_writer, timeout=20)
    ids = [int(event.id) for event in events]
    assert ids == sorted(set(ids))
    subjects = {json.loads(event.data)["subject"] for event in events if event.event == "thread.created"}
    assert subjects == {f"Writer {n}.{i}" for n in range(writers) for i in range(per_writer)}
    assert stream.quiet(1.0)


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
@needs_postgres
def test_a_demo_reset_keeps_the_fixed_ids_and_event_ids_keep_growing(database, streams, tmp_path):
    with live_server(database, tmp_path / "reset.log") as live:
        agent = live.headers("agent")
        stream = streams(live, agent)
        new_thread(live, agent)
        before = stream.take(2)
        stream.close()
        live.reset()
        agent = live.headers("agent")
        anna = httpx.get(f"{live.url}/v1/customers/{ANNA}", headers=agent).json()
        assert (anna["firstName"], anna["lastName"]) == ("Anna", "Müller")
        resumed = streams(live, agent, last_event_id=before[-1].id)
        new_thread(live, agent)
        after = resumed.take(2)
        assert [event.event for event in after] == ["thread.created", "communication.created"]
        assert int(after[0].id) > int(before[-1].id)
        resumed.close()  # before the server stops: it would wait for an open stream


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
@needs_postgres
def test_seed_customers(database):
    """`switchboard-server --demo --seed-customers N --database URL` adds N searchable customers (the
    schema and demo data on a new database are the template's, made by the server too)."""
    with running_server("--demo", "--seed-customers", "1500", "--database", database) as (line, _):
        match = LINE.match(line)
        assert match, line
        url = match[1]
        token = httpx.post(f"{url}/v1/auth/token", json={"username": "agent", "password": "demo"}, timeout=10)
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['accessToken']}"}

        def find(query: str, **params: object) -> dict:
            answer = httpx.get(f"{url}/v1/customers", params={"query": query, **params}, headers=headers)
            assert answer.status_code == 200, answer.text
            return answer.json()

        everyone = find("", limit=1)
        assert (everyone["total"], everyone["totalIsLowerBound"]) == (SEARCH_COUNT_CAP, True)  # 300 + 1500
        newest = everyone["items"][0]
        assert newest["customerId"] == 320 + 1500  # after both demo tenants'
        by_name = find(f"{newest['firstName']} {newest['lastName']}", limit=100)
        assert newest["customerId"] in found_ids(by_name)
        assert by_name["totalIsLowerBound"] is False
        assert found_ids(find(newest["email"]))[0] == newest["customerId"]
        assert newest["customerId"] in found_ids(find(newest["phone"]))
        assert ("Anna", "Müller") in [(c["firstName"], c["lastName"]) for c in find("anna mül")["items"]]


@needs_postgres
def test_postgresql_name_search_uses_indexes_and_agrees_with_the_portable_scan(
    postgres_template, monkeypatch
):
    """Every statement a search runs has an index plan (even with sequential scans priced out, none
    is left), and the word index finds what the LIKE scan of every customer finds."""
    url = postgres.create_database(template=postgres_template[0])
    try:
        statements: list[tuple[str, tuple]] = []

        async def run() -> None:
            db = Database(normalise_database_url(url))
            try:
                from sqlalchemy import event

                def capture(_conn, _cursor, statement, parameters, _context, _many):
                    statements.append((statement, tuple(parameters or ())))

                event.listen(db.engine.sync_engine, "before_cursor_execute", capture)
                async with db.read() as session:
                    for query in (
                        "anna",
                        "mü",
                        "zoe dvo",
                        "jurgen gro",
                        "a b",
                        "soren.te",
                        "42",
                        *search_tests.PLANNED_QUERIES,
                    ):
                        statements.clear()
                        await search_module.search_customer_ids(session, 1, query, 0, 20)
                        assert statements, query
                        raw = await (await session.connection()).get_raw_connection()
                        driver = raw.driver_connection
                        await driver.execute("SET LOCAL enable_seqscan = off")
                        for statement, parameters in statements:
                            plan = "\n".join(
                                row[0] for row in await driver.fetch("EXPLAIN " + statement, *parameters)
                            )
                            assert "Seq Scan" not in plan, (query, statement, plan)
                        await driver.execute("RESET enable_seqscan")
                    event.remove(db.engine.sync_engine, "before_cursor_execute", capture)
                    for query in ("anna", "mü", "zoe dvo", "a b", "jurgen gro", "o"):
                        words = search_module.name_words(query)
                        ranked, params = search_module._ranked(words)
                        params.update(tenant=1, n=SEARCH_COUNT_CAP + 1, want=50)
                        indexed = await search_module._word_index_matches(
                            session, words, ranked, dict(params)
                        )
                        scanned = await search_module._portable_matches(session, words, ranked, dict(params))
                        assert indexed == scanned, query
                        assert indexed[0], query
            finally:
                await db.dispose()

        asyncio.run(run())
    finally:
        postgres.drop_database(url)


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
@needs_postgres
def test_a_phone_number_is_found_as_callers_read_it_out(api, login, database):
    """test_search.py's phone lookups on PostgreSQL: every common format of the whole number first,
    leading parts and last digits, a number that does not read as one, the ranking, a phone change."""
    search_tests.check_a_number_is_found_as_callers_read_it_out(api, login())
    search_tests.test_a_leading_part_or_the_last_digits_find_only_numbers_that_start_or_end_so(api, login)
    search_tests.test_a_number_that_does_not_read_as_one_is_kept_as_entered_and_found_by_its_digits(
        api, login, database
    )
    search_tests.test_the_whole_number_ranks_before_a_leading_part_and_the_last_digits(api, login)
    search_tests.test_an_approved_phone_change_is_found_by_the_new_number_and_not_the_old(api, login)


@needs_postgres
def test_rows_from_before_the_phone_migration_are_found_on_postgresql():
    url = postgres.create_database()
    try:
        search_tests.check_rows_from_before_the_migration_are_found(url)
    finally:
        postgres.drop_database(url)
