"""Crash safety of the write path: the server SIGKILLed under concurrent write load, then restarted.

Writers in threads create threads, log communications and change preferences, each request with its
own requestId, while `switchboard-server` runs as a child process; it is killed with SIGKILL in the
middle of that load and started again on the same database (SQLite file; PostgreSQL too when
`SWITCHBOARD_TEST_POSTGRES_URL` names a cluster). One write is sure to die between its commit and
its answer: a proxy (tests/holding_proxy.py) holds that answer back when the kill lands. Then:

- every write a client saw acknowledged (2xx) is stored exactly once, read straight from the
  database and through the API, with the ids its answer named;
- every request is sent again, same requestId and body: an acknowledged one answers its first
  answer (status and body) with `Idempotent-Replayed: true`; one that died with the server is
  replayed if it had committed before the kill, applied now if not, and so stored at most once.

It prints its figures (run with `-s` to see them): writes sent, acknowledged, lost in flight (and of
those, committed before the kill), rows checked, replays.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.holding_proxy import HoldingProxy
from tests.live_server import LiveServer
from tests.server.postgres import stored
from tests.server.support import demo_sessions as demo_sessions
from tests.server.test_postgresql import database as database
from tests.server.test_postgresql import engine as engine
from tests.server.test_postgresql import postgres_template as postgres_template
from tests.server.test_postgresql import sessions as sessions

#: Demo customers the writers use, one each, none of them with a long history.
CUSTOMERS = (201, 202, 203, 204, 205, 206)
WRITERS_PER_KIND = 2
#: The kill lands once this many writes are acknowledged, or after LOAD_S on a slow machine; the
#: writers are still busy either way.
ACKNOWLEDGED_BEFORE_KILL = 90
LOAD_S = 3.0
PREFERENCES = "/v1/communications/{}/communication-preferences"
PAIR = ("NEWSLETTER", "EMAIL")


@dataclass
class Write:
    """One request a writer sent, and its answer if one came back before the server died."""

    kind: str
    """thread, log or preferences"""
    customer_id: int
    method: str
    path: str
    body: dict[str, Any]
    status: int | None = None
    answer: Any = None

    @property
    def request_id(self) -> str:
        return str(self.body["requestId"])

    @property
    def marker(self) -> str:
        """What finds it in the database: a thread's subject, a logged content, or the requestId."""
        return self.request_id if self.kind == "preferences" else str(self.body["content"])

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def thread_writes(run: str, customer_id: int) -> Callable[[int], Write]:
    def make(n: int) -> Write:
        text = f"sigkill {run} thread {customer_id}-{n}"
        body = {
            "communicationThreadStatus": "CREATED",
            "subject": text,
            "content": text,
            "communicationDirection": "INCOMING",
            "communicationChannel": "EMAIL",
            "requestId": str(uuid.uuid4()),
        }
        return Write("thread", customer_id, "POST", f"/v1/communications/{customer_id}/threads", body)

    return make


def log_writes(run: str, customer_id: int) -> Callable[[int], Write]:
    def make(n: int) -> Write:
        body = {
            "customerId": customer_id,
            "communicationDirection": "INCOMING",
            "communicationChannel": "PHONE",
            "content": f"sigkill {run} log {customer_id}-{n}",
            "requestId": str(uuid.uuid4()),
        }
        return Write("log", customer_id, "POST", "/v1/customer-communications", body)

    return make


def preference_writes(customer_id: int, active_at_start: bool) -> Callable[[int], Write]:
    """Each write flips the one pair, so each changes something and leaves one consent-history row."""

    def make(n: int) -> Write:
        category, channel = PAIR
        active = not active_at_start if n % 2 == 0 else active_at_start
        body = {
            "preferences": [
                {
                    "messageCategory": category,
                    "channels": [{"communicationChannel": channel, "active": active}],
                }
            ],
            "requestId": str(uuid.uuid4()),
        }
        return Write("preferences", customer_id, "PUT", PREFERENCES.format(customer_id), body)

    return make


class Writer(threading.Thread):
    """Sends one request after another until the server is gone; keeps every request it sent."""

    def __init__(self, url: str, headers: dict[str, str], make: Callable[[int], Write]) -> None:
        super().__init__(daemon=True)
        self.url, self.headers, self.make = url, headers, make
        self.writes: list[Write] = []

    def run(self) -> None:
        with httpx.Client(base_url=self.url, headers=self.headers, timeout=15) as client:
            for n in range(10_000):
                write = self.make(n)
                self.writes.append(write)  # before it goes out: it may be applied and never answered
                try:
                    answer = client.request(write.method, write.path, json=write.body)
                except httpx.TransportError:
                    return  # the server died with this one in flight (or before it connected)
                write.status, write.answer = answer.status_code, answer.json()


def pair_active(server: LiveServer, headers: dict[str, str], customer_id: int) -> bool:
    answer = httpx.get(f"{server.url}{PREFERENCES.format(customer_id)}", headers=headers, timeout=15)
    answer.raise_for_status()
    category, channel = PAIR
    [preference] = [p for p in answer.json()["preferences"] if p["messageCategory"] == category]
    [pair] = [c for c in preference["channels"] if c["communicationChannel"] == channel]
    return bool(pair["active"])


def load_until_killed(server: LiveServer, headers: dict[str, str]) -> list[Write]:
    """Every writer busy, the server SIGKILLed in the middle of it; every request that was sent.

    The first writer goes through a proxy that, just before the kill, holds the answer to one of
    its writes: that one is committed and never acknowledged, whatever the timing of the rest."""
    run = uuid.uuid4().hex[:8]
    makers: list[Callable[[int], Write]] = []
    customers = iter(CUSTOMERS)
    for _ in range(WRITERS_PER_KIND):
        makers.append(thread_writes(run, next(customers)))
        makers.append(log_writes(run, next(customers)))
        customer_id = next(customers)
        makers.append(preference_writes(customer_id, pair_active(server, headers, customer_id)))
    proxy = HoldingProxy(server.port)
    try:
        writers = [
            Writer(proxy.url if n == 0 else server.url, headers, make) for n, make in enumerate(makers)
        ]
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + LOAD_S
        while time.monotonic() < deadline:
            if sum(w.acknowledged for writer in writers for w in writer.writes) >= ACKNOWLEDGED_BEFORE_KILL:
                break
            time.sleep(0.01)
        proxy.hold("answer", rf"POST /v1/communications/{CUSTOMERS[0]}/threads HTTP/1\.1\r\n")
        assert proxy.held.wait(30), "the proxied writer's next write was answered"
        busy = sum(writer.is_alive() for writer in writers)
        server.kill()
    finally:
        proxy.close()  # the held answer is dropped, never delivered
    for writer in writers:
        writer.join(20)
        assert not writer.is_alive(), "a writer still waits for a killed server"
    assert busy == len(writers), "every writer was still writing when the kill landed"
    return [w for writer in writers for w in writer.writes]


def stored_counts(database: str, writes: list[Write]) -> dict[str, int]:
    """How often each write's marker is stored, read straight from the database."""
    ours = {w.marker for w in writes}
    customers = sorted({w.customer_id for w in writes})
    where = ", ".join("{}" for _ in customers)
    threads = stored(database, f"SELECT subject FROM threads WHERE customer_id IN ({where})", *customers)
    first_messages = stored(
        database,
        f"SELECT content FROM communications WHERE thread_id IS NOT NULL AND customer_id IN ({where})",
        *customers,
    )
    logged = stored(
        database,
        f"SELECT content FROM communications WHERE thread_id IS NULL AND customer_id IN ({where})",
        *customers,
    )
    consent = stored(
        database, f"SELECT request_id FROM consent_changes WHERE customer_id IN ({where})", *customers
    )
    counts: Counter[str] = Counter()
    thread_subjects = Counter(row[0] for row in threads if row[0] in ours)
    messages = Counter(row[0] for row in first_messages if row[0] in ours)
    assert thread_subjects == messages, "each thread holds exactly its first communication"
    counts.update(thread_subjects)
    counts.update(row[0] for row in logged if row[0] in ours)
    counts.update(row[0] for row in consent if row[0] in ours)
    return {marker: counts[marker] for marker in ours}


def stored_ids(database: str, writes: list[Write]) -> dict[str, int]:
    """A stored thread's id and a logged communication's id, by marker."""
    threads = stored(database, "SELECT subject, id FROM threads WHERE subject LIKE {}", "sigkill %")
    logged = stored(
        database,
        "SELECT content, id FROM communications WHERE thread_id IS NULL AND content LIKE {}",
        "sigkill %",
    )
    ours = {w.marker for w in writes}
    return {marker: int(id_) for marker, id_ in [*threads, *logged] if marker in ours}


def every_item(client: httpx.Client, path: str, **params: int) -> Iterator[dict[str, Any]]:
    """Every item of a paged list (`page`, `limit`, `total`)."""
    page = 1
    while True:
        answer = client.get(path, params={**params, "page": page, "limit": 100})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        yield from body["items"]
        if page * 100 >= body["total"]:
            return
        page += 1


def counts_through_the_api(client: httpx.Client, writes: list[Write]) -> dict[str, int]:
    """How often each write shows up in the lists the API answers."""
    counts: Counter[str] = Counter()
    for customer_id, kind in sorted({(w.customer_id, w.kind) for w in writes}):
        if kind == "thread":
            path = f"/v1/communications/{customer_id}/threads"
            counts.update(t["subject"] for t in every_item(client, path))
        elif kind == "log":
            counts.update(
                c["content"]
                for c in every_item(client, "/v1/customer-communications", customerId=customer_id)
            )
        else:
            path = f"/v1/customers/{customer_id}/consent-history"
            counts.update(str(change["requestId"]) for change in every_item(client, path))
    return {w.marker: counts[w.marker] for w in writes}


def replay(url: str, headers: dict[str, str], writes: list[Write]) -> list[httpx.Response]:
    """Every request sent again, same requestId and body, several at a time."""

    def send(write: Write, client: httpx.Client) -> httpx.Response:
        return client.request(write.method, write.path, json=write.body)

    with httpx.Client(base_url=url, headers=headers, timeout=30) as client, ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda w: send(w, client), writes))


def test_every_acknowledged_write_survives_a_sigkill_once_and_replays_answer_the_first_answer(
    engine: str, database: str, sessions: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    headers = sessions["agent"]
    server = LiveServer(database, ("--rate-limit", "1000000"), log=tmp_path / "server.log")
    server.start()
    try:
        started = time.monotonic()
        writes = load_until_killed(server, headers)
        load_s = time.monotonic() - started
        acknowledged = [w for w in writes if w.acknowledged]
        in_flight = [w for w in writes if w.status is None]
        assert not [w for w in writes if w.status is not None and not w.acknowledged], [
            (w.status, w.answer) for w in writes if w.status is not None and not w.acknowledged
        ]
        assert {w.kind for w in acknowledged} == {"thread", "log", "preferences"}

        restarting = time.monotonic()
        server.start()  # same port, same database, after a crash
        restart_s = time.monotonic() - restarting
        before = stored_counts(database, writes)
        assert {w.marker: before[w.marker] for w in acknowledged} == {w.marker: 1 for w in acknowledged}
        assert all(before[w.marker] in (0, 1) for w in in_flight)
        ids = stored_ids(database, writes)
        for write in acknowledged:
            if write.kind != "preferences":
                named = (
                    write.answer["threadId"] if write.kind == "thread" else write.answer["communicationId"]
                )
                assert ids[write.marker] == named, "the stored row is the one the answer named"
        with httpx.Client(base_url=server.url, headers=headers, timeout=30) as client:
            seen = counts_through_the_api(client, acknowledged)
        assert seen == {w.marker: 1 for w in acknowledged}

        answers = replay(server.url, headers, writes)
        committed_in_flight = 0
        for write, again in zip(writes, answers, strict=True):
            if write.acknowledged:
                assert again.headers.get("Idempotent-Replayed") == "true", (write.kind, again.text)
                assert (again.status_code, again.json()) == (write.status, write.answer), write.kind
            else:
                assert 200 <= again.status_code < 300, again.text
                committed = before[write.marker] == 1
                committed_in_flight += committed
                # Committed before the kill: its answer was stored with it, and is replayed now.
                assert (again.headers.get("Idempotent-Replayed") == "true") == committed, write.kind
        assert committed_in_flight >= 1, "the write whose answer the proxy held was committed"
        after = stored_counts(database, writes)
        assert after == {w.marker: 1 for w in writes}, "every request stored once, none twice"
        assert "Traceback" not in server.log.read_text(encoding="utf-8", errors="replace")
    finally:
        server.stop()
    kinds = Counter(w.kind for w in acknowledged)
    print(
        f"\n[{engine}] {len(writes)} writes sent by {len(CUSTOMERS)} writers in {load_s:.1f} s, "
        f"SIGKILL mid-load, restarted in {restart_s:.1f} s: "
        f"{len(acknowledged)} acknowledged ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), "
        f"{len(in_flight)} without an answer, {committed_in_flight} of them committed before the kill; "
        f"{len(acknowledged)} checked once in the database and once through the API; "
        f"{len(writes)} replayed: {len(acknowledged)} answered the first answer, "
        f"{len(in_flight) - committed_in_flight} applied on replay; every request stored exactly once"
    )
