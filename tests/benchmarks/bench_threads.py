"""Benchmark: a 100,000-communication thread and 50 concurrent clients, through the real server.

Seeds the demo data into a fresh SQLite file, bulk-inserts one thread of N communications for
customer 1, starts `switchboard-server --demo` on it and prints:
- p50/p95 of the first page (`?limit=50`) of that thread, and of a 10-communication thread, so the
  two can be compared (target: p95 under 20 ms), as the client saw it and as the server logged it;
- for 50 concurrent clients over loopback: requests/s, p50/p99 and the error count of listing a
  thread's communications, then of adding a communication (PUT, each with its own requestId).

    python tests/benchmarks/bench_threads.py [--communications 100000] [--clients 50] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.server.demo import seed_demo  # noqa: E402
from app.server.store.db import Database  # noqa: E402

LISTENING = "Switchboard server listening on "
CUSTOMER = 1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")  # how SQLAlchemy stores a datetime on SQLite


def seed(database: Path, communications: int) -> tuple[int, int, float]:
    """Demo data plus a long and a short thread; returns their ids and the seconds taken."""
    started = time.perf_counter()

    async def demo() -> None:
        db = Database(f"sqlite+aiosqlite:///{database}")
        await db.migrate()
        await seed_demo(db)
        await db.dispose()

    asyncio.run(demo())
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("BEGIN IMMEDIATE")
        tenant = connection.execute("SELECT tenant_id FROM customers WHERE id = ?", (CUSTOMER,)).fetchone()[0]
        agent = connection.execute("SELECT id FROM users WHERE username = 'agent'").fetchone()[0]
        ids = []
        for count in (communications, 10):
            start = datetime.now(UTC) - timedelta(days=365)
            last = start + timedelta(seconds=count)
            cursor = connection.execute(
                "INSERT INTO threads (tenant_id, customer_id, subject, status, assignee_user_id, created_at,"
                " last_communication_at, communication_count, last_channel, last_direction)"
                " VALUES (?, ?, ?, 'ONGOING', ?, ?, ?, ?, 'EMAIL', 'INCOMING')",
                (tenant, CUSTOMER, f"Benchmark thread of {count}", agent, stamp(start), stamp(last), count),
            )
            thread = cursor.lastrowid
            ids.append(thread)
            rows = (
                (
                    tenant, CUSTOMER, thread, "MESSAGE", "Benchmark", f"Message {i} of the conversation.",
                    "INCOMING" if i % 2 else "OUTGOING", "EMAIL", "Peter Meyer",
                    stamp(start + timedelta(seconds=i)), "GENERAL", "RECEIVED" if i % 2 else "READ",
                    stamp(start + timedelta(seconds=i)),
                )
                for i in range(count)
            )  # fmt: skip
            connection.executemany(
                "INSERT INTO communications (tenant_id, customer_id, thread_id, kind, subject, content,"
                " direction, channel, agent, communication_date_time, message_category, delivery_status,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        connection.execute("COMMIT")
        connection.execute("PRAGMA optimize")
    finally:
        connection.close()
    return ids[0], ids[1], time.perf_counter() - started


def start_server(database: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    args = [
        sys.executable, "-m", "app.server.cli", "--demo", "--database", str(database), "--port", "0",
        "--rate-limit", "100000000", "--exit-on-stdin-close", "--log-level", "info",
    ]  # fmt: skip
    with log.open("wb") as err:
        process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, cwd=ROOT)
    assert process.stdout is not None
    line = process.stdout.readline().decode()
    if not line.startswith(LISTENING):
        process.kill()
        raise SystemExit(f"server did not start: {line!r}; see {log}")
    return process, line.removeprefix(LISTENING).strip()


def server_times(log: Path, thread: int, count: int) -> list[float]:
    """The last `count` durations the server's access log gives for that thread's first page."""
    pattern = re.compile(
        rf"GET /v1/communications/{CUSTOMER}/threads/{thread}/communications 200 (?P<ms>[0-9.]+)ms"
    )
    found = [float(match["ms"]) for match in pattern.finditer(log.read_text(errors="replace"))]
    return found[-count:]


def first_page_times(url: str, headers: dict[str, str], thread: int, rounds: int) -> list[float]:
    path = f"{url}/v1/communications/{CUSTOMER}/threads/{thread}/communications"
    times = []
    with httpx.Client(headers=headers, timeout=30) as client:
        for _ in range(20):  # warm up
            client.get(path, params={"limit": 50}).raise_for_status()
        for _ in range(rounds):
            started = time.perf_counter()
            answer = client.get(path, params={"limit": 50})
            times.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, answer.text
    return times


async def hammer(
    url: str, headers: dict[str, str], clients: int, seconds: float, request: str, thread: int
) -> tuple[int, int, list[float], float]:
    """`clients` workers, each on its own connection, for `seconds`: (ok, errors, latencies ms, elapsed)."""
    path = f"{url}/v1/communications/{CUSTOMER}/threads/{thread}"
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal errors
        async with httpx.AsyncClient(headers=headers, timeout=60) as client:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    if request == "list":
                        answer = await client.get(f"{path}/communications", params={"limit": 50})
                    else:
                        answer = await client.put(
                            path,
                            json={
                                "communicationThreadStatus": "ONGOING",
                                "content": "Benchmark reply",
                                "communicationDirection": "INCOMING",
                                "communicationChannel": "CHAT",
                                "requestId": str(uuid.uuid4()),
                            },
                        )
                    ok = answer.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors += 1

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return len(latencies), errors, latencies, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--communications", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=500)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-threads-") as folder:
        database = Path(folder) / "bench.db"
        long_thread, short_thread, seconds = seed(database, args.communications)
        print(f"seeded demo data and a thread of {args.communications:,} communications in {seconds:.1f} s")
        print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the run")
        log = Path(folder) / "server.log"
        process, url = start_server(database, log)
        try:
            token = httpx.post(f"{url}/v1/auth/token", json={"username": "agent", "password": "demo"})
            headers = {"Authorization": f"Bearer {token.json()['accessToken']}"}
            for label, thread in ((f"{args.communications:,}", long_thread), ("10", short_thread)):
                times = first_page_times(url, headers, thread, args.rounds)
                logged = server_times(log, thread, args.rounds)
                print(
                    f"first page (limit 50) of the thread of {label} communications, {args.rounds} requests:"
                    f" client p50 {percentile(times, 0.5):.2f} ms, p95 {percentile(times, 0.95):.2f} ms;"
                    f" server p50 {percentile(logged, 0.5):.2f} ms, p95 {percentile(logged, 0.95):.2f} ms"
                    f" (target p95 < 20 ms)"
                )
            for request in ("list", "add"):
                ok, errors, latencies, elapsed = asyncio.run(
                    hammer(url, headers, args.clients, args.seconds, request, long_thread)
                )
                name = (
                    "list communications (GET, limit 50)"
                    if request == "list"
                    else "add a communication (PUT)"
                )
                print(
                    f"{args.clients} concurrent clients, {name}: {ok / elapsed:.0f} requests/s,"
                    f" p50 {percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms,"
                    f" errors {errors} of {ok + errors}"
                )
        finally:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
