"""The team server: several server processes on one database, as behind a load balancer.

On PostgreSQL (skipped without `SWITCHBOARD_TEST_POSTGRES_URL`): two `switchboard-server` processes on
one database, A and B, shared by the module's tests. What one process writes reaches the event streams
of the other at once (LISTEN/NOTIFY), in order and complete, and a stream resumes on the other process;
a requestId sent to both at once makes one record; the sign-in throttle and the rate limit count
across both; a lost LISTEN connection comes back and loses no event; `--workers 2` serves from two
processes and leaves none behind. The counts' storage is held to limits' own memory storage.
On SQLite, `--workers 2` serves too.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
import pytest
from limits import RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

from app.server.config import normalise_database_url
from app.server.dispatch import fail_interrupted_sends
from app.server.fanout import LISTENER_NAME
from app.server.store.db import Database
from app.server.store.limit_counts import PostgresLimitStorage
from tests.live_server import LiveServer
from tests.server import postgres
from tests.server.postgres import stored
from tests.server.support import assert_error, rid
from tests.server.test_events import new_thread
from tests.server.test_events import streams as streams  # the fixture
from tests.server.test_postgresql import postgres_template as postgres_template  # the fixture

needs_postgres = pytest.mark.skipif(not postgres.ADMIN_URL, reason=postgres.SKIP_REASON)
#: The module's servers allow this many requests per credential and endpoint a minute, counted
#: across both; the tests but the rate limit's stay well under it.
RATE_LIMIT = 100
ANNA = 1


@dataclass
class Team:
    """Two server processes on one PostgreSQL database, and the demo users' headers valid there."""

    database: str
    a: LiveServer
    b: LiveServer
    sessions: dict[str, dict[str, str]]

    def login(self, username: str = "agent") -> dict[str, str]:
        return self.sessions[username]


def start_all(servers: list[LiveServer]) -> None:
    """Starts the servers side by side (each start is seconds of imports and start-up)."""
    failures: list[BaseException] = []

    def start(server: LiveServer) -> None:
        try:
            server.start(timeout=90)
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=start, args=(server,)) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        for server in servers:
            server.stop()
        raise failures[0]


@pytest.fixture(scope="module")
def team(postgres_template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:
    template, sessions = postgres_template
    url = postgres.create_database(template=template)
    folder = tmp_path_factory.mktemp("team")
    limits = ("--rate-limit", str(RATE_LIMIT))
    a, b = (LiveServer(url, extra_args=limits, log=folder / f"{name}.log") for name in ("a", "b"))
    try:
        start_all([a, b])
        yield Team(url, a, b, sessions)
    finally:
        a.stop()
        b.stop()
        postgres.drop_database(url)


def newest_event_id(database: str) -> int:
    return int(stored(database, "SELECT coalesce(max(id), 0) FROM events WHERE tenant_id = 1")[0][0])


def wait_until(condition: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def listener_pids(database: str) -> set[int]:
    """The backends of the server processes' LISTEN connections on `database`."""
    rows = stored(
        database,
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE {}",
        f"{LISTENER_NAME}%",
    )
    return {row[0] for row in rows}


def write_concurrently(server: LiveServer, headers: dict[str, str], writers: int, each: int) -> list[str]:
    """`writers` clients at once create `writers * each` threads; returns their subjects."""
    subjects = [f"Writer {n}.{i}" for n in range(writers) for i in range(each)]
    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(lambda subject: new_thread(server, headers, subject=subject), subjects))
    return subjects


def subjects_of(events) -> list[str]:
    return [json.loads(event.data)["subject"] for event in events if event.event == "thread.created"]


@needs_postgres
def test_what_one_process_writes_reaches_the_streams_of_the_other_at_once_in_order_and_complete(
    team, streams
):
    agent = team.login()
    on_b = streams(team.b, agent)
    on_a = streams(team.a, agent)
    # Each stream opens with only an id: where it starts, the newest event at connection time.
    wait_until(lambda: on_b.positions and on_a.positions)
    assert on_b.positions[0] == on_a.positions[0] == str(newest_event_id(team.database))

    latencies = []
    for n in range(10):
        new_thread(team.a, agent, subject=f"Latency {n}")
        written = time.monotonic()
        arrived = on_b.take(2, timeout=5)
        latencies.append(time.monotonic() - written)
        assert [event.event for event in arrived] == ["thread.created", "communication.created"]
        assert subjects_of(arrived) == [f"Latency {n}"]
    print(f"\nA to B, write answered to both events streamed: {[round(s * 1000) for s in latencies]} ms")
    assert max(latencies) < 1.0
    # A notification, not a poll: a poll every second would make the median about half a second.
    assert statistics.median(latencies) < 0.25
    on_a.take(20)

    subjects = write_concurrently(team.a, agent, writers=6, each=4)
    for stream in (on_b, on_a):
        events = stream.take(2 * len(subjects), timeout=10)
        ids = [int(event.id) for event in events]
        assert ids == sorted(set(ids))  # in order, nothing repeated
        assert sorted(subjects_of(events)) == sorted(subjects)  # nothing lost
        assert stream.quiet(0.5)


@needs_postgres
def test_a_stream_resumes_on_the_other_process_with_last_event_id(team, streams):
    agent = team.login()
    first = streams(team.a, agent)
    new_thread(team.a, agent, subject="Seen on A")
    seen = first.take(2)
    first.close()
    missed = [new_thread(team.a, agent, subject=f"Missed {n}")["subject"] for n in range(2)]
    resumed = streams(team.b, agent, last_event_id=seen[-1].id)
    caught_up = resumed.take(4)
    assert subjects_of(caught_up) == missed
    wait_until(lambda: resumed.positions)
    assert resumed.positions[0] == seen[-1].id
    live = new_thread(team.b, agent, subject="Live on B")
    after = resumed.take(2)
    assert json.loads(after[1].data) == live
    ids = [int(event.id) for event in seen + caught_up + after]
    assert ids == sorted(set(ids))
    assert resumed.quiet(0.5)


def post_at_once(
    servers: list[LiveServer], path: str, body: dict, headers: dict[str, str]
) -> list[httpx.Response]:
    """The same request to each server, all released at one moment."""
    answers: list[httpx.Response] = []
    start = threading.Barrier(len(servers))

    def post(server: LiveServer) -> None:
        with httpx.Client(timeout=30) as client:
            start.wait()
            answers.append(client.post(f"{server.url}{path}", json=body, headers=headers))

    threads = [threading.Thread(target=post, args=(server,)) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@needs_postgres
def test_one_request_id_sent_to_both_processes_at_once_makes_one_record(team):
    """Several transactions of one requestId run at once: those that lose the race to store the key
    roll back (their customer ids are used up) and answer the winner's record."""
    made: list[int] = []
    for round_ in range(5):
        name = f"Processes {round_}"
        body = {"firstName": "Twin", "lastName": name, "requestId": rid()}
        answers = post_at_once([team.a, team.b] * 2, "/v1/customers", body, team.login("agent2"))
        assert [answer.status_code for answer in answers] == [201] * 4, [a.text for a in answers]
        assert all(answer.json() == answers[0].json() for answer in answers)
        replayed = sorted(answer.headers.get("Idempotent-Replayed", "") for answer in answers)
        assert replayed == ["", "true", "true", "true"]
        assert stored(team.database, "SELECT count(*) FROM customers WHERE last_name = {}", name) == [(1,)]
        events = "SELECT count(*) FROM events WHERE type = 'customer.created' AND data->>'lastName' = {}"
        assert stored(team.database, events, name) == [(1,)]
        made.append(answers[0].json()["customerId"])
    # Proof that the requests raced (a lost race draws a customer id and rolls back), not just
    # queued one after the other: only this test makes customers in the database.
    assert made[-1] - made[0] > len(made) - 1


@needs_postgres
def test_the_sign_in_throttle_counts_failures_on_every_process(team):
    username = f"guess-{uuid.uuid4().hex[:8]}"
    servers = [team.a, team.b] * 3
    for server in servers[:5]:  # the limit, spread over both processes
        answer = httpx.post(f"{server.url}/v1/auth/token", json={"username": username, "password": "x"})
        assert_error(answer, 401, "auth.unauthenticated")
    for server in (team.a, team.b):
        refused = httpx.post(f"{server.url}/v1/auth/token", json={"username": username, "password": "x"})
        assert_error(refused, 429, "auth.throttled")
        assert 14 * 60 < int(refused.headers["Retry-After"]) <= 15 * 60


@needs_postgres
def test_an_api_key_revoked_through_one_process_stops_working_on_the_other_at_once(team):
    """B has just accepted the key (and keeps it in its cache of credentials for seconds); A revokes it:
    B refuses it within a moment, as api.md says ("it stops working at once")."""
    created = httpx.post(
        f"{team.a.url}/v1/api-keys", json={"name": f"crm-{uuid.uuid4().hex[:6]}", "role": "AGENT"},
        headers=team.login("admin"),
    )  # fmt: skip
    assert created.status_code == 201, created.text
    key = {"X-API-KEY": created.json()["key"]}
    assert httpx.get(f"{team.b.url}/v1/customers/{ANNA}", headers=key).status_code == 200
    revoked = httpx.delete(
        f"{team.a.url}/v1/api-keys/{created.json()['apiKeyId']}", headers=team.login("admin")
    )
    assert revoked.status_code == 204, revoked.text
    refused_after = time.monotonic()
    wait_until(
        lambda: httpx.get(f"{team.b.url}/v1/customers/{ANNA}", headers=key).status_code == 401, timeout=2
    )
    assert time.monotonic() - refused_after < 2
    assert_error(httpx.get(f"{team.a.url}/v1/customers/{ANNA}", headers=key), 401, "auth.unauthenticated")


@needs_postgres
def test_the_rate_limit_counts_requests_on_every_process(team):
    headers = team.login("admin")
    with httpx.Client(headers=headers) as a, httpx.Client(headers=headers) as b:
        for n in range(RATE_LIMIT):
            client, server = (a, team.a) if n % 2 else (b, team.b)
            assert client.get(f"{server.url}/v1/me").status_code == 200, n
        for client, server in ((a, team.a), (b, team.b)):
            refused = client.get(f"{server.url}/v1/me")
            assert_error(refused, 429, "rate.limited")
            assert 0 < int(refused.headers["Retry-After"]) <= 60


@needs_postgres
def test_a_lost_listen_connection_comes_back_and_no_event_is_lost(team, streams):
    agent = team.login()
    on_b = streams(team.b, agent)
    before = listener_pids(team.database)
    assert len(before) == 2  # one per process
    stored(team.database, "SELECT pg_terminate_backend(pid) FROM unnest({}::int[]) AS pid", list(before))
    during = [new_thread(team.a, agent, subject=f"While B was deaf {n}")["subject"] for n in range(2)]
    assert subjects_of(on_b.take(4, timeout=5)) == during
    wait_until(lambda: len(listener_pids(team.database) - before) == 2)
    new_thread(team.a, agent, subject="Listening again")
    written = time.monotonic()
    assert subjects_of(on_b.take(2, timeout=5)) == ["Listening again"]
    assert time.monotonic() - written < 1.0
    assert on_b.quiet(0.5)


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (Linux /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def worker_processes(pids: set[int]) -> set[int]:
    """Those of `pids` that are uvicorn's workers (not multiprocessing's resource tracker)."""
    return {pid for pid in pids if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text()}


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if Path(f"/proc/{pid}").exists()}


def serving_process(port: int, pids: set[int], client_port: int) -> int | None:
    """Which of `pids` holds the server side of the connection from `client_port` to `port`."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, remote = int(fields[1].rsplit(":", 1)[1], 16), int(fields[2].rsplit(":", 1)[1], 16)
            if (local, remote) == (port, client_port):
                inodes.add(fields[9])
    for pid in pids:
        try:
            links = {os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}
        except OSError:
            continue
        if any(f"socket:[{inode}]" in links for inode in inodes):
            return pid
    return None


def served_by(server: LiveServer, workers: set[int], attempts: int = 40) -> set[int]:
    """The worker processes that took connections, one new connection after another (each held open)."""
    owners: set[int] = set()
    clients: list[httpx.Client] = []
    try:
        for _ in range(attempts):
            client = httpx.Client(timeout=10)
            clients.append(client)
            with client.stream("GET", f"{server.url}/healthz") as answer:
                assert answer.status_code == 200
                address = answer.extensions["network_stream"].get_extra_info("client_addr")
                answer.read()
            owner = serving_process(server.port, workers, address[1])
            assert owner is not None
            owners.add(owner)
            if len(owners) == 2:
                break
            time.sleep(0.02)
    finally:
        for client in clients:
            client.close()
    return owners


needs_proc = pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc")


@needs_postgres
@needs_proc
def test_workers_2_serves_from_two_processes_shares_events_and_leaves_none_behind(team, streams, tmp_path):
    server = LiveServer(team.database, extra_args=("--workers", "2"), log=tmp_path / "workers.log")
    server.start(timeout=90)
    try:
        assert server.process is not None
        below = descendants(server.process.pid)
        listening = listener_pids(team.database)
        assert len(listening) == 4  # A, B and the two workers, not the supervisor
        workers = worker_processes(below)
        assert len(workers) == 2
        assert len(served_by(server, workers)) == 2
        agent = team.login()
        stream = streams(server, agent)
        new_thread(team.a, agent, subject="From A to the workers")
        assert subjects_of(stream.take(2)) == ["From A to the workers"]
        stream.close()
    finally:
        server.stop()
    wait_until(lambda: not alive(below), timeout=10)
    assert len(listener_pids(team.database)) == 2


@needs_proc
def test_workers_2_on_sqlite_serves_streams_and_stops_every_process(database, streams):
    server = LiveServer(database, extra_args=("--workers", "2"))
    server.start(timeout=90)
    try:
        assert server.process is not None
        below = descendants(server.process.pid)
        assert len(served_by(server, worker_processes(below))) == 2
        agent = server.headers("agent")
        stream = streams(server, agent)
        for n in range(4):  # each on a new connection, so likely through both workers
            new_thread(server, agent, subject=f"SQLite worker {n}")
        events = stream.take(8, timeout=10)
        assert subjects_of(events) == [f"SQLite worker {n}" for n in range(4)]
        stream.close()
        # The stdin a parent holds: closed, the supervisor stops, and every worker with it.
        assert server.process.stdin is not None
        server.process.stdin.close()
        server.process.wait(15)
    finally:
        server.stop()
    wait_until(lambda: not alive(below), timeout=10)


# The counts' storage itself, on PostgreSQL, against limits' own memory storage: the same calls
# give the same answers (with several storages on one database, as several processes have).


@pytest.fixture(scope="module")
def counts_database() -> Iterator[str]:
    if not postgres.ADMIN_URL:
        pytest.skip(postgres.SKIP_REASON)
    url = postgres.create_database()

    async def migrate() -> None:
        db = Database(normalise_database_url(url))
        await db.migrate()
        await db.dispose()

    asyncio.run(migrate())
    try:
        yield normalise_database_url(url)
    finally:
        postgres.drop_database(url)


def with_storages(url: str, scenario: Callable[[list[Storage]], object], count: int = 1) -> object:
    """Runs `scenario` with `count` PostgreSQL storages, each on its own engine, tables emptied first."""

    async def run() -> object:
        databases = [Database(url) for _ in range(count)]
        storages = [PostgresLimitStorage(db) for db in databases]
        try:
            await storages[0].reset()
            return await scenario(storages)  # type: ignore[arg-type, misc]
        finally:
            for storage, db in zip(storages, databases, strict=True):
                await storage.close()
                await db.dispose()

    return asyncio.run(run())


async def fixed_window_story(storage: Storage) -> list[object]:
    limiter = FixedWindowRateLimiter(storage)
    item = RateLimitItemPerSecond(3, 1, namespace="story")
    story: list[object] = [await limiter.hit(item, "k") for _ in range(4)]
    stats = await limiter.get_window_stats(item, "k")
    story += [await limiter.test(item, "k"), stats.remaining, round(stats.reset_time - time.time())]
    story += [await limiter.hit(item, "other"), await storage.get(item.key_for("other"))]
    await limiter.clear(item, "k")
    story += [await limiter.hit(item, "k"), (await limiter.get_window_stats(item, "k")).remaining]
    await asyncio.sleep(1.1)  # the window passes
    story += [await storage.get(item.key_for("k")), await limiter.hit(item, "k")]
    story += [(await limiter.get_window_stats(item, "k")).remaining, await storage.incr("raw", 1, amount=2)]
    story += [await storage.reset() is not None, await storage.get("raw"), await limiter.test(item, "other")]
    return story


async def moving_window_story(storage: Storage) -> list[object]:
    limiter = MovingWindowRateLimiter(storage)
    item = RateLimitItemPerSecond(3, 1, namespace="moving")
    started = time.time()
    story: list[object] = [await limiter.hit(item, "k")]
    await asyncio.sleep(0.5)
    story += [await limiter.hit(item, "k") for _ in range(3)]  # the third is one too many
    stats = await limiter.get_window_stats(item, "k")
    # The window is full until its oldest entry, the first hit, leaves it.
    story += [await limiter.test(item, "k"), stats.remaining, round(stats.reset_time - started)]
    await asyncio.sleep(0.6)  # the first hit has left the window, the next two not yet
    story += [(await limiter.get_window_stats(item, "k")).remaining, await limiter.hit(item, "k")]
    story += [await limiter.hit(item, "k"), await limiter.hit(item, "k", cost=4)]
    await limiter.clear(item, "k")
    story += [(await limiter.get_window_stats(item, "k")).remaining, await limiter.hit(item, "k", cost=3)]
    story += [await limiter.hit(item, "k")]
    return story


@pytest.mark.parametrize("story", [fixed_window_story, moving_window_story])
def test_the_postgresql_counts_answer_as_limits_own_memory_storage(counts_database, story):
    async def on_postgres(storages: list[Storage]) -> object:
        return await story(storages[0])

    expected = asyncio.run(story(MemoryStorage()))
    assert with_storages(counts_database, on_postgres) == expected


def test_hits_at_once_through_several_storages_never_pass_the_limit(counts_database):
    """Like hits on several server processes at once: each storage is its own engine and pool."""

    async def scenario(storages: list[Storage]) -> tuple[list[bool], list[int]]:
        moving = MovingWindowRateLimiter(storages[0]), MovingWindowRateLimiter(storages[1])
        item = RateLimitItemPerSecond(5, 60, namespace="race")
        admitted = await asyncio.gather(*(moving[n % 2].hit(item, "user") for n in range(40)))
        counts = await asyncio.gather(*(storages[n % 2].incr("counted", 60) for n in range(40)))
        return list(admitted), sorted(counts)

    admitted, counts = with_storages(counts_database, scenario, count=2)  # type: ignore[misc]
    assert admitted.count(True) == 5
    assert counts == list(range(1, 41))  # each hit counted once, none lost


def test_expired_counts_are_swept_and_live_ones_kept(counts_database):
    async def scenario(storages: list[Storage]) -> tuple[int, int, int]:
        storage = storages[0]
        assert isinstance(storage, PostgresLimitStorage)
        await storage.incr("short", 1)
        await storage.acquire_entry("short-entries", 5, 1)
        await storage.incr("long", 60)
        await storage.acquire_entry("long-entries", 5, 60)
        await asyncio.sleep(1.1)
        swept = await storage.sweep()
        return swept, await storage.get("long"), (await storage.get_moving_window("long-entries", 5, 60))[1]

    assert with_storages(counts_database, scenario) == (2, 1, 1)
    kept = "SELECT key FROM rate_limit_counters UNION ALL SELECT key FROM rate_limit_entries"
    assert sorted(row[0] for row in stored(counts_database, kept)) == ["long", "long-entries"]


@needs_postgres
def test_processes_starting_together_mark_each_interrupted_send_failed_once(postgres_template):
    """A start marks sends cut off by a stop FAILED (app.server.dispatch.fail_interrupted_sends). With
    several processes starting at once, a row another one is marking is skipped, never marked (and
    announced) twice, and never waited for."""
    url = postgres.create_database(template=postgres_template[0])

    async def scenario() -> tuple[int, int]:
        connection = await asyncpg.connect(url)
        try:
            tenant = await connection.fetchval("SELECT id FROM tenants WHERE name = 'demo'")
            stale = datetime.now(UTC) - timedelta(hours=1)
            ids = [
                await connection.fetchval(
                    "INSERT INTO communications (tenant_id, customer_id, kind, content, direction, channel,"
                    " communication_date_time, delivery_status, created_at)"
                    " VALUES ($1, $2, 'LOGGED', 'Sent just before a crash', 'OUTGOING', 'EMAIL', $3,"
                    " 'QUEUED', $3)"
                    " RETURNING id",
                    tenant,
                    ANNA,
                    stale,
                )
                for _ in range(3)
            ]
            db = Database(normalise_database_url(url))
            try:
                async with connection.transaction():  # another process is marking the first one
                    await connection.execute("SELECT 1 FROM communications WHERE id = $1 FOR UPDATE", ids[0])
                    while_held = await asyncio.wait_for(fail_interrupted_sends(db), timeout=10)
                after = await fail_interrupted_sends(db)
            finally:
                await db.dispose()
            announced = await connection.fetch(
                "SELECT (data->>'communicationId')::bigint FROM events"
                " WHERE type = 'communication.deliveryStatusChanged'"
                " AND (data->>'communicationId')::bigint = ANY($1)",
                ids,
            )
            assert sorted(row[0] for row in announced) == sorted(ids), "each announced once"
            return while_held, after
        finally:
            await connection.close()

    try:
        assert asyncio.run(scenario()) == (2, 1)
        failed = stored(url, "SELECT count(*) FROM communications WHERE content = 'Sent just before a crash'"
                        " AND delivery_status = 'FAILED'")  # fmt: skip
        assert failed == [(3,)]
    finally:
        postgres.drop_database(url)
