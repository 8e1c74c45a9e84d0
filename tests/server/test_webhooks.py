"""Webhooks as api.md describes them, through the real server and a real receiver on loopback.

The server runs with `--allow-private-webhooks` (the receiver is on 127.0.0.1) and a short retry
schedule; the receiver fails a number of times per event, then recovers. Each event of a subscribed
type reaches it, signed so that a verifier written from api.md alone (webhook_receiver.verify)
accepts it; the delivery log shows each attempt; a delivery ends FAILED after its last retry;
pending deliveries survive a SIGKILL of the server; two server processes on one PostgreSQL
database make each attempt once. Without the flag, private addresses are refused (422) when a
webhook is created and again when it is delivered; WEBHOOK_ADMIN and the tenant guard the routes.
"""

from __future__ import annotations

import itertools
import json
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.live_server import LiveServer
from tests.server import postgres
from tests.server.conftest import make_client, sign_in
from tests.server.support import assert_error, demo_sessions, login, rid, thread_body
from tests.server.tenant_world import add_admin
from tests.server.webhook_receiver import Received, Receiver, Route, verify, wait_until

__all__ = ["demo_sessions", "login"]  # fixtures

#: The retry schedule of the tests' servers: three retries, so four attempts in all.
DELAYS = (0.3, 0.6, 0.9)
TIMEOUT_SECONDS = 2
SECRET = "whsec-" + uuid.uuid4().hex
TYPES = ["thread.created", "communication.created"]


@pytest.fixture(scope="module")
def settings_env() -> Iterator[None]:
    """The short schedule, in the environment the server processes inherit."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SWITCHBOARD_WEBHOOK_RETRY_DELAYS", json.dumps(DELAYS))
        patch.setenv("SWITCHBOARD_WEBHOOK_TIMEOUT_SECONDS", str(TIMEOUT_SECONDS))
        yield


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


@pytest.fixture(scope="module")
def live(settings_env: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("webhooks") / "server.db", ("--allow-private-webhooks",))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def admin(live: LiveServer) -> dict[str, str]:
    return live.headers("admin")


@pytest.fixture(scope="module")
def agent(live: LiveServer) -> dict[str, str]:
    return live.headers("agent")


def subscribe(url: str, admin: dict[str, str], to: str, types: list[str] = TYPES) -> int:
    answer = httpx.post(
        f"{url}/v1/webhooks", json={"url": to, "eventTypes": types, "secret": SECRET}, headers=admin
    )
    assert answer.status_code == 201, answer.text
    assert SECRET not in answer.text
    return int(answer.json()["webhookId"])


def unsubscribe(url: str, admin: dict[str, str], webhook_id: int) -> None:
    answer = httpx.delete(f"{url}/v1/webhooks/{webhook_id}", headers=admin)
    assert answer.status_code == 204, answer.text


def write_threads(url: str, agent: dict[str, str], count: int) -> None:
    for _ in range(count):
        body = thread_body(communicationDirection="INCOMING", communicationChannel="PHONE")
        answer = httpx.post(f"{url}/v1/communications/1/threads", json=body, headers=agent, timeout=30)
        assert answer.status_code == 201, answer.text


def newest_event(database: str) -> int:
    return int(postgres.stored(database, "SELECT coalesce(max(id), 0) FROM events")[0][0])


def events_after(database: str, after: int) -> dict[int, tuple[str, Any]]:
    """The stored events after id `after`: id -> (type, data as the event stream sends it)."""
    rows = postgres.stored(database, "SELECT id, type, data FROM events WHERE id > {} ORDER BY id", after)
    return {
        int(id_): (type_, json.loads(data) if isinstance(data, str) else data) for id_, type_, data in rows
    }


def delivery_log(url: str, admin: dict[str, str], webhook_id: int) -> list[dict[str, Any]]:
    # A server just restarted answers its first request slower (under the suite's load, over 5 s).
    answer = httpx.get(
        f"{url}/v1/webhooks/{webhook_id}/deliveries", params={"limit": 100}, headers=admin, timeout=30
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["total"] == len(answer.json()["items"]), "more than a page"
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def attempts_by_event(log: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    by_event: dict[int, list[dict[str, Any]]] = {}
    for item in sorted(log, key=lambda item: item["attempt"]):
        by_event.setdefault(item["eventId"], []).append(item)
    return by_event


def assert_signed(requests: list[Received]) -> None:
    for request in requests:
        body = request.body
        assert request.headers["Content-Type"] == "application/json"
        assert request.headers["X-Switchboard-Event-Id"] == str(request.event_id)
        header = request.headers["X-Switchboard-Signature"]
        assert verify(SECRET, header, body, now=request.at), header
        assert abs(int(header.split(",")[0].removeprefix("t=")) - request.at) < 5, "signed when sent"
        # What a tampered or replayed delivery looks like to the same verifier.
        assert not verify(SECRET, header, body.replace(b'"data":{', b'"data":{"x":1,', 1), now=request.at)
        assert not verify(SECRET, header, body + b" ", now=request.at)
        assert not verify("another secret", header, body, now=request.at)
        timestamp, mac = header.split(",")
        moved = f"t={int(timestamp.removeprefix('t=')) + 1},{mac}"
        assert not verify(SECRET, moved, body, now=request.at)
        assert not verify(SECRET, header, body, now=request.at + 3600), "an old delivery replayed"


def test_each_event_is_delivered_signed_after_the_receiver_fails_and_recovers(
    live: LiveServer, receiver: Receiver, admin: dict[str, str], agent: dict[str, str]
) -> None:
    path = "/recovering"
    receiver.routes[path] = Route(failures=3, failing=(500, 503, 302))
    database = str(live.database)
    before = newest_event(database)
    webhook_id = subscribe(live.url, admin, receiver.url(path))
    try:
        write_threads(live.url, agent, 3)
        httpx.post(  # an event of a type the webhook did not subscribe to
            f"{live.url}/v1/customers",
            json={"firstName": "Ida", "lastName": "Else", "requestId": rid()},
            headers=agent,
        ).raise_for_status()
        events = events_after(database, before)
        subscribed = {id_: event for id_, event in events.items() if event[0] in TYPES}
        assert len(subscribed) == 6 and len(events) == 7, events
        wait_until(lambda: set(receiver.delivered(path)) == set(subscribed), what="every event delivered")
        log = delivery_log(live.url, admin, webhook_id)
    finally:
        unsubscribe(live.url, admin, webhook_id)

    requests = receiver.at(path)
    assert receiver.at("/elsewhere") == [], "a redirect was followed"
    assert {request.event_id for request in requests} == set(subscribed)
    assert_signed(requests)
    for event_id, (type_, data) in subscribed.items():
        got = [request for request in requests if request.event_id == event_id]
        assert [request.status for request in got] == [500, 503, 302, 204]
        assert got[0].json == {"eventId": event_id, "type": type_, "data": data}
        assert all(request.body == got[0].body for request in got)
        for delay, (earlier, later) in zip(DELAYS, itertools.pairwise(got), strict=True):
            assert later.at - earlier.at >= delay * 0.8 - 0.02, (delay, later.at - earlier.at)

    assert [item["attempt"] for item in log if item["eventId"] == min(subscribed)] == [4, 3, 2, 1], (
        "newest first"
    )
    by_event = attempts_by_event(log)
    assert set(by_event) == set(subscribed)
    for event_id, attempts in by_event.items():
        assert [item["attempt"] for item in attempts] == [1, 2, 3, 4]
        assert [item["statusCode"] for item in attempts] == [500, 503, 302, 204]
        assert {item["deliveryStatus"] for item in attempts} == {"DELIVERED"}
        assert {item["eventType"] for item in attempts} == {subscribed[event_id][0]}
        assert all(item["error"] is None and item["durationMs"] >= 0 for item in attempts)
        assert all(item["nextAttemptAt"] > item["at"] for item in attempts[:3])
        assert attempts[3]["nextAttemptAt"] is None
    page = httpx.get(
        f"{live.url}/v1/webhooks/{webhook_id}/deliveries", params={"page": 2, "limit": 5}, headers=admin
    )
    assert page.status_code == 404, "the webhook is deleted, and its log with it"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_delivery_is_failed_after_its_last_retry(
    live: LiveServer, receiver: Receiver, admin: dict[str, str], agent: dict[str, str]
) -> None:
    receiver.routes["/down"] = Route(failures=10**6)
    receiver.routes["/slow"] = Route(delay=TIMEOUT_SECONDS + 1.5)
    down = subscribe(live.url, admin, receiver.url("/down"), ["thread.created"])
    refused = subscribe(live.url, admin, f"http://127.0.0.1:{free_port()}/nobody", ["thread.created"])
    slow = subscribe(live.url, admin, receiver.url("/slow"), ["thread.created"])
    try:
        write_threads(live.url, agent, 1)

        def failed(webhook_id: int) -> bool:
            log = delivery_log(live.url, admin, webhook_id)
            return len(log) == 4 and {item["deliveryStatus"] for item in log} == {"FAILED"}

        wait_until(lambda: len(delivery_log(live.url, admin, slow)) >= 1, what="the slow receiver's attempt")
        timed_out = delivery_log(live.url, admin, slow)[-1]
        unsubscribe(live.url, admin, slow)
        wait_until(lambda: failed(down) and failed(refused), what="both deliveries FAILED")
        time.sleep(0.5)  # nothing after the last attempt
        assert [request.status for request in receiver.at("/down")] == [500] * 4
        for webhook_id in (down, refused):
            attempts = attempts_by_event(delivery_log(live.url, admin, webhook_id))
            assert len(attempts) == 1
            (only,) = attempts.values()
            assert [item["attempt"] for item in only] == [1, 2, 3, 4]
            assert [item["nextAttemptAt"] is None for item in only] == [False, False, False, True]
        down_log = delivery_log(live.url, admin, down)
        assert {item["statusCode"] for item in down_log} == {500}
        refused_log = delivery_log(live.url, admin, refused)
        assert {item["statusCode"] for item in refused_log} == {None}
        assert all("ConnectError" in item["error"] for item in refused_log), refused_log
        assert timed_out["statusCode"] is None
        assert timed_out["error"] == f"no answer within {TIMEOUT_SECONDS} s", timed_out
        assert timed_out["durationMs"] >= TIMEOUT_SECONDS * 1000 * 0.9, timed_out
        assert timed_out["nextAttemptAt"] is not None and timed_out["deliveryStatus"] == "PENDING"
    finally:
        unsubscribe(live.url, admin, down)
        unsubscribe(live.url, admin, refused)


def quiet_for(seconds: float, log: list[dict[str, Any]]) -> bool:
    """No delivery of the log is due within `seconds` (its latest attempt's next one is later)."""
    soon = datetime.now(UTC) + timedelta(seconds=seconds)
    latest = {item["deliveryId"]: item for item in sorted(log, key=lambda item: item["attempt"])}
    return all(
        item["nextAttemptAt"] is None or datetime.fromisoformat(item["nextAttemptAt"]) > soon
        for item in latest.values()
    )


def test_pending_deliveries_survive_a_killed_server(
    live: LiveServer, receiver: Receiver, admin: dict[str, str], agent: dict[str, str]
) -> None:
    path = "/restart"
    receiver.routes[path] = route = Route(failures=10**6, failing=(503,))
    database = str(live.database)
    before = newest_event(database)
    webhook_id = subscribe(live.url, admin, receiver.url(path), ["thread.created"])
    try:
        write_threads(live.url, agent, 2)
        subscribed = [
            id_ for id_, (type_, _) in events_after(database, before).items() if type_ == "thread.created"
        ]
        wait_until(
            lambda: (
                {item["eventId"] for item in delivery_log(live.url, admin, webhook_id)} == set(subscribed)
            ),
            what="a first attempt of each delivery logged",
        )
        # Between attempts, so that no claim waits out its lease after the restart (it would only be slower).
        wait_until(lambda: quiet_for(0.15, delivery_log(live.url, admin, webhook_id)), what="no attempt due")
        live.kill()  # SIGKILL, with both deliveries PENDING
        assert not receiver.delivered(path)
        route.failures = 0  # the receiver recovers while the server is down
        live.start()
        wait_until(
            lambda: set(receiver.delivered(path)) == set(subscribed), what="delivered after the restart"
        )
        wait_until(
            lambda: (
                {item["deliveryStatus"] for item in delivery_log(live.url, admin, webhook_id)}
                == {"DELIVERED"}
            ),
            what="the log says DELIVERED",
        )
        log = attempts_by_event(delivery_log(live.url, admin, webhook_id))
    finally:
        unsubscribe(live.url, admin, webhook_id)
    assert_signed(receiver.at(path))
    for event_id in subscribed:
        attempts = log[event_id]
        assert [item["attempt"] for item in attempts] == list(range(1, len(attempts) + 1))
        assert [item["statusCode"] for item in attempts] == [503] * (len(attempts) - 1) + [204]
        assert (
            sum(1 for request in receiver.at(path) if request.event_id == event_id and request.status == 204)
            == 1
        )


def test_the_demo_reset_empties_the_webhook_tables(
    live: LiveServer, receiver: Receiver, admin: dict[str, str], agent: dict[str, str]
) -> None:
    receiver.routes["/reset"] = Route()
    webhook_id = subscribe(live.url, admin, receiver.url("/reset"))
    write_threads(live.url, agent, 1)
    wait_until(lambda: len(delivery_log(live.url, admin, webhook_id)) == 2, what="two deliveries")
    live.reset()
    admin = live.headers("admin")
    answer = httpx.get(f"{live.url}/v1/webhooks", headers=admin)
    assert answer.status_code == 200 and answer.json()["total"] == 0, answer.text
    assert postgres.stored(str(live.database), "SELECT count(*) FROM webhook_deliveries") == [(0,)]
    webhook_id = subscribe(live.url, admin, receiver.url("/reset"))  # and webhooks work after it
    before = len(receiver.at("/reset"))
    write_threads(live.url, live.headers("agent"), 1)
    wait_until(lambda: len(receiver.at("/reset")) == before + 2, what="the new webhook's deliveries")
    unsubscribe(live.url, admin, webhook_id)


@pytest.mark.skipif(not postgres.ADMIN_URL, reason=postgres.SKIP_REASON)
def test_two_processes_on_one_postgresql_database_make_each_attempt_once(
    settings_env: None, receiver: Receiver, tmp_path: Path
) -> None:
    path = "/two"
    receiver.routes[path] = Route(failures=2)
    database = postgres.create_database()
    servers = [
        LiveServer(database, ("--allow-private-webhooks",), log=tmp_path / f"server{index}.log")
        for index in (1, 2)
    ]
    try:
        for server in servers:  # one after the other: the first migrates and seeds the demo
            server.start()
        admin = servers[0].headers("admin")
        agents = [server.headers("agent") for server in servers]
        webhook_id = subscribe(servers[1].url, admin, receiver.url(path))
        before = newest_event(database)
        for index in range(10):
            write_threads(servers[index % 2].url, agents[index % 2], 1)
        subscribed = set(events_after(database, before))
        assert len(subscribed) == 20
        wait_until(lambda: set(receiver.delivered(path)) == subscribed, what="every event delivered")
        time.sleep(1.5)  # a second process's duplicate attempt would have come by now
        requests = receiver.at(path)
        for event_id in subscribed:
            got = [request.status for request in requests if request.event_id == event_id]
            assert got == [500, 500, 204], (event_id, got)
        log = attempts_by_event(delivery_log(servers[0].url, admin, webhook_id))
        assert set(log) == subscribed
        assert all([item["attempt"] for item in attempts] == [1, 2, 3] for attempts in log.values())
        assert postgres.stored(database, "SELECT count(*) FROM webhook_deliveries") == [(20,)]
        assert_signed(requests)
        servers[0].reset()  # the demo reset empties the webhook tables on PostgreSQL too
        assert postgres.stored(database, "SELECT count(*) FROM webhooks") == [(0,)]
    finally:
        for server in servers:
            server.stop()
        postgres.drop_database(database)


# -- in-process: the address check, scopes and tenants


PRIVATE_URLS = (
    "http://127.0.0.1:8080/hook",
    "http://10.1.2.3/hook",
    "http://192.168.0.10/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://0.0.0.0/",
    "http://[::1]/hook",
    "http://[fd00::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://localhost:9000/hook",
    "http://2130706433/hook",  # 127.0.0.1 as one number
)


def create(client: TestClient, headers: dict[str, str], url: str, **extra: Any) -> httpx.Response:
    body = {"url": url, "eventTypes": ["thread.created"], "secret": SECRET, **extra}
    return client.post("/v1/webhooks", json=body, headers=headers)


def test_private_addresses_are_refused_unless_allowed(
    database: Path, login: Callable[[str], dict[str, str]]
) -> None:
    admin = login("admin")
    with make_client(database) as api:
        for url in PRIVATE_URLS:
            body = assert_error(create(api, admin, url), 422, "request.invalid")
            assert body["reference"] == "url", body
            assert "private address" in body["errorMessage"], body
            assert "--allow-private-webhooks" in body["errorMessage"], body
        assert (
            "localhost resolves to the private address"
            in (create(api, admin, "http://localhost/").json()["errorMessage"])
        )
        for url in ("ftp://files.example.invalid/", "file:///etc/passwd", "not a url"):
            assert_error(create(api, admin, url), 422, "request.invalid")
        # A name that does not resolve (now) is taken: each attempt checks it again.
        assert create(api, admin, "https://hooks.example.invalid/switchboard").status_code == 201
        assert api.get("/v1/webhooks", headers=admin).json()["total"] == 1
    with make_client(database, allow_private_webhooks=True) as api:
        for url in PRIVATE_URLS:
            answer = create(api, admin, url)
            assert answer.status_code == 201, (url, answer.text)
        assert api.get("/v1/webhooks", headers=admin).json()["total"] == 1 + len(PRIVATE_URLS)


def test_a_private_address_is_refused_again_when_delivering(
    database: Path, login: Callable[[str], dict[str, str]], receiver: Receiver
) -> None:
    """A webhook made while private addresses were allowed (as a name that resolved elsewhere then
    would be) is not delivered by a server that does not allow them; the log says why."""
    receiver.routes["/rebound"] = Route()
    admin = login("admin")
    with make_client(database, allow_private_webhooks=True) as api:
        webhook_id = create(api, admin, receiver.url("/rebound")).json()["webhookId"]
    with make_client(database) as api:
        answer = api.post("/v1/communications/1/threads", json=thread_body(), headers=login("agent"))
        assert answer.status_code == 201, answer.text

        def logged() -> list[dict[str, Any]]:
            items: list[dict[str, Any]] = api.get(
                f"/v1/webhooks/{webhook_id}/deliveries", headers=admin
            ).json()["items"]
            return items

        wait_until(lambda: len(logged()) >= 1, timeout=10, what="the attempt logged")
        attempt = logged()[-1]
    assert attempt["statusCode"] is None
    assert attempt["error"].startswith("not sent: 127.0.0.1 is a loopback or private address"), attempt
    assert attempt["deliveryStatus"] == "PENDING" and attempt["nextAttemptAt"] is not None
    assert receiver.at("/rebound") == []


def test_webhooks_need_webhook_admin(api: TestClient, login: Callable[[str], dict[str, str]]) -> None:
    calls = (
        (
            "POST",
            "/v1/webhooks",
            {"url": "https://hooks.example.invalid/", "eventTypes": TYPES, "secret": SECRET},
        ),
        ("GET", "/v1/webhooks", None),
        ("GET", "/v1/webhooks/1/deliveries", None),
        ("DELETE", "/v1/webhooks/1", None),
    )
    for username in ("agent", "supervisor"):
        for method, path, body in calls:
            answer = api.request(method, path, json=body, headers=login(username))
            assert assert_error(answer, 403, "auth.forbidden")["args"] == ["WEBHOOK_ADMIN"], (username, path)
    assert api.get("/v1/webhooks", headers=login("admin")).json()["total"] == 0  # nothing was made


def test_another_tenant_can_neither_see_nor_delete_a_webhook(
    database: Path, login: Callable[[str], dict[str, str]]
) -> None:
    add_admin(database, "other-agent", "other-admin")
    admin = login("admin")
    with make_client(database) as api:
        other = sign_in(api, "other-admin")
        request_id = rid()
        first = create(api, admin, "https://hooks.example.invalid/demo", requestId=request_id)
        assert first.status_code == 201, first.text
        webhook_id = first.json()["webhookId"]
        again = create(api, admin, "https://hooks.example.invalid/demo", requestId=request_id)
        assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
        assert_error(
            create(api, admin, "https://hooks.example.invalid/else", requestId=request_id),
            409,
            "request.idReused",
        )

        listed = api.get("/v1/webhooks", headers=other)
        assert listed.status_code == 200 and listed.json()["total"] == 0 and "demo" not in listed.text
        assert_error(
            api.get(f"/v1/webhooks/{webhook_id}/deliveries", headers=other), 404, "resource.notFound"
        )
        assert_error(api.delete(f"/v1/webhooks/{webhook_id}", headers=other), 404, "resource.notFound")

        mine = api.get("/v1/webhooks", headers=admin).json()
        assert [item["webhookId"] for item in mine["items"]] == [webhook_id]
        assert mine["items"][0]["url"] == "https://hooks.example.invalid/demo"
        assert SECRET not in json.dumps(mine)
        key = {"Idempotency-Key": rid()}
        assert api.delete(f"/v1/webhooks/{webhook_id}", headers={**admin, **key}).status_code == 204
        replay = api.delete(f"/v1/webhooks/{webhook_id}", headers={**admin, **key})
        assert replay.status_code == 204 and replay.headers["Idempotent-Replayed"] == "true"
        assert_error(api.delete(f"/v1/webhooks/{webhook_id}", headers=admin), 404, "resource.notFound")
        assert api.get("/v1/webhooks", headers=admin).json()["total"] == 0
