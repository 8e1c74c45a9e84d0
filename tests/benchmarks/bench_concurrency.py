"""Benchmark: 100 concurrent clients on one SQLite server, reads and writes mixed, for a minute.

Starts `switchboard-server --demo` on a fresh SQLite file (rate limit too high to matter), signs in
the demo users once, then runs C clients, each its own httpx.AsyncClient and connection, for S
seconds or until N requests in all have been made (each client paced to its share of N over S,
faster only when it is behind). A client's requests: a search, a customer, their threads, their
communications log, their preferences, a thread's messages (reads); a new thread, a message added to
its own thread, a logged communication, a preference change, a marketing opt-in or opt-out (writes,
each with its own requestId).

Prints the answers by status, p50/p95/p99/max latency of reads, writes and all (as the clients saw
it, and inside the server from its access log), the server's CPU time, and the server log's count
of 5xx, "database is locked" and tracebacks; exits 1 unless there were no 5xx, no connection
failure and no "database is locked", in the answers or the log.

    .venv/bin/python tests/benchmarks/bench_concurrency.py [--clients 100] [--seconds 60]
        [--requests 6000] [--writes 0.3]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.load import (  # noqa: E402
    ACCESS_LINE,
    USERS,
    DemoRequests,
    cpu_seconds,
    latency_figures,
    sign_in,
)
from tests.live_server import LiveServer  # noqa: E402

LOCKED = "database is locked"


@dataclass
class Tally:
    """What every request answered, and how long it took."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"read": [], "write": []})
    locked: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)


@dataclass
class Budget:
    """The requests still to make, shared by every client."""

    left: int

    def take(self) -> bool:
        if self.left <= 0:
            return False
        self.left -= 1
        return True


async def client_run(
    number: int,
    http: httpx.AsyncClient,
    marketing_ids: list[int],
    until: float,
    interval: float,
    write_share: float,
    budget: Budget,
    tally: Tally,
) -> None:
    """One client's requests, paced to `interval` apart (sooner only when behind), until `until`."""
    rng = random.Random(number)
    client = DemoRequests(http, rng, marketing_ids)
    next_at = time.monotonic() + rng.random() * interval  # spread the clients' starts
    while True:
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        if time.monotonic() >= until or not budget.take():
            return
        next_at += interval
        kind = "write" if rng.random() < write_share else "read"
        operation = rng.choice(client.writes() if kind == "write" else client.reads())
        started = time.perf_counter()
        try:
            answer = await operation()
        except httpx.HTTPError as error:
            tally.failures[type(error).__name__] += 1
            continue
        tally.latencies[kind].append(time.perf_counter() - started)
        tally.statuses[(operation.__name__, answer.status_code)] += 1
        if LOCKED in answer.text:
            tally.locked += 1
        if answer.status_code >= 500:
            tally.server_errors.append(f"{operation.__name__} {answer.status_code} {answer.text[:200]}")


async def load(
    url: str, tokens: list[str], marketing_ids: list[int], args: argparse.Namespace
) -> tuple[Tally, float]:
    """Every client connected first (building 100 clients takes a while), then all of them at once."""
    tally = Tally()
    budget = Budget(args.requests)
    interval = args.clients * args.seconds / args.requests
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(
                httpx.AsyncClient(
                    base_url=url,
                    headers={"Authorization": f"Bearer {tokens[n % len(tokens)]}"},
                    limits=limits,
                    timeout=60,
                )
            )
            for n in range(args.clients)
        ]
        started = time.monotonic()
        until = started + args.seconds
        await asyncio.gather(
            *(
                client_run(n, http, marketing_ids, until, interval, args.writes, budget, tally)
                for n, http in enumerate(clients)
            )
        )
        return tally, time.monotonic() - started


def report(tally: Tally, seconds: float, server_cpu: float, log: Path, args: argparse.Namespace) -> int:
    reads, writes = tally.latencies["read"], tally.latencies["write"]
    answered = len(reads) + len(writes)
    by_status = Counter[int]()
    for (_, status), count in tally.statuses.items():
        by_status[status] += count
    server_log = log.read_text(encoding="utf-8", errors="replace")
    locked_in_log = server_log.count(LOCKED)
    tracebacks = server_log.count("Traceback")
    logged = [(int(status), float(ms) / 1000) for status, ms in ACCESS_LINE.findall(server_log)]
    five_xx = sum(count for status, count in by_status.items() if status >= 500)
    five_xx_logged = sum(status >= 500 for status, _ in logged)
    print(
        f"{args.clients} clients, {seconds:.1f} s, {answered} answers ({answered / seconds:.0f}/s; "
        f"{len(reads)} reads, {len(writes)} writes), {sum(tally.failures.values())} connection failures"
    )
    print(
        f"offered {args.requests / args.seconds:.0f} requests/s; the server used {server_cpu:.1f} CPU "
        f"seconds ({server_cpu / seconds:.0%} of a core; one process: near 100 % it is saturated), "
        f"{server_cpu / max(answered, 1) * 1000:.1f} ms a request"
    )
    offered = min(args.requests, args.requests / args.seconds * seconds)
    if answered < 0.9 * offered:
        print(
            f"the server kept up with {answered / offered:.0%} of the offered rate: the latencies below are "
            "mostly time spent queueing (fewer --requests measure it unloaded)"
        )
    print("answers by status: " + ", ".join(f"{status}: {n}" for status, n in sorted(by_status.items())))
    others = {key: n for key, n in tally.statuses.items() if not 200 <= key[1] < 300}
    if others:
        print(
            "non-2xx by request: "
            + ", ".join(f"{name} {status}: {n}" for (name, status), n in sorted(others.items()))
        )
    for label, values in (("reads", reads), ("writes", writes), ("all", reads + writes)):
        print(f"{label:<6} {latency_figures(values)}")
    if logged:
        inside = [spent for _, spent in logged]
        print(f"server {len(logged)} access lines, time inside the server: {latency_figures(inside)}")
    print(
        f"5xx: {five_xx} answered, {five_xx_logged} in the server log; 'database is locked': "
        f"{tally.locked} in answers, {locked_in_log} in the server log; tracebacks in the log: {tracebacks}"
    )
    for line in tally.server_errors[:5]:
        print(f"  {line}")
    clean = (
        not five_xx
        and not five_xx_logged
        and not tally.locked
        and not locked_in_log
        and not tally.failures
        and not tracebacks
    )
    verdict = "met" if clean else f"NOT met (server log kept: {log})"
    print(f"target 0 5xx, 0 'database is locked': {verdict}")
    return 0 if clean else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--requests",
        type=int,
        default=6_000,
        help="at most this many in all (default: one a second a client)",
    )
    parser.add_argument("--writes", type=float, default=0.3, help="the share of writes (0..1)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-concurrency-"))
    server = LiveServer(folder / "server.db", ("--rate-limit", "100000000"), log=folder / "server.log")
    server.start(timeout=120)
    try:
        print(
            f"server {server.url} on SQLite {server.database}; {args.clients} clients, "
            f"{args.seconds:.0f} s, at most {args.requests} requests, {args.writes:.0%} writes"
        )
        tokens = [sign_in(server.url, user) for user in USERS]
        headers = {"Authorization": f"Bearer {tokens[0]}"}
        marketing = httpx.get(f"{server.url}/v1/marketing-preferences", headers=headers, timeout=30).json()
        marketing_ids = [m["marketingPreferenceId"] for m in marketing]
        assert server.process is not None
        pid, cpu_before = server.process.pid, cpu_seconds(server.process.pid)
        tally, seconds = asyncio.run(load(server.url, tokens, marketing_ids, args))
        server_cpu = cpu_seconds(pid) - cpu_before
    finally:
        server.stop()
    code = report(tally, seconds, server_cpu, server.log, args)
    if code == 0:
        shutil.rmtree(folder)  # kept otherwise, for its log
    sys.exit(code)


if __name__ == "__main__":
    main()
