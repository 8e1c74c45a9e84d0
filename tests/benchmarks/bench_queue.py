"""Benchmark: the review queue's first page over 100,000 threads, through the real server.

Seeds the demo data, `--customers` generated customers and N threads of the demo tenant (a tenth as
many of the other tenant's) with `--per-thread` communications each, their last activity spread over
the last year, each at random one of the tenant's customers, statuses and users (so the agent has
about a quarter of them); starts `switchboard-server --demo` on it (SQLite, or `--postgres`) and times
`GET /v1/threads` (the first page, limit 50, newest activity first, each thread with its customer's
name) as the supervisor and as the agent, then the supervisor's page with each filter. Prints
p50/p95 as the client saw them over a keep-alive connection and as the server logged them (target:
p95 under 50 ms for the supervisor's and the agent's first page).

    python tests/benchmarks/bench_queue.py [--threads 100000] [--rounds 200]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_reports import (  # noqa: E402
    cpu_seconds,
    database_url,
    print_times,
    seed_history,
    server_times,
    sign_in,
    start_server,
)

QUEUE = "/v1/threads"
LIMIT = 50


def time_pages(
    client: httpx.Client, params: dict[str, object], rounds: int, traces: dict[str, str], label: str, pid: int
) -> tuple[list[float], int, float]:
    """`rounds` requests of the queue's first page with those filters: (client times in ms, total, the
    server's mean CPU ms a request)."""
    for _ in range(10):  # warm-up: the page cache, the statement caches
        client.get(QUEUE, params={"limit": LIMIT, **params}).raise_for_status()
    times = []
    total = 0
    used = cpu_seconds(pid)
    for _ in range(rounds):
        began = time.perf_counter()
        answer = client.get(QUEUE, params={"limit": LIMIT, **params})
        times.append((time.perf_counter() - began) * 1000)
        answer.raise_for_status()
        traces[answer.headers["X-Trace-Id"]] = label
        body = answer.json()
        total = body["total"]
        assert len(body["items"]) == min(LIMIT, total), body
        assert all(item["customerName"] for item in body["items"])
    return times, total, (cpu_seconds(pid) - used) * 1000 / rounds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--per-thread", type=int, default=2, help="communications per thread")
    parser.add_argument(
        "--customers", type=int, default=20_000, help="generated customers, besides the demo's"
    )
    parser.add_argument("--rounds", type=int, default=200, help="requests timed per case")
    parser.add_argument("--postgres", help="a PostgreSQL admin URL: run on a new database there, not SQLite")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="bench-queue-") as folder,
        database_url(Path(folder), args.postgres) as url,
    ):
        communications = args.threads * args.per_thread
        seconds = asyncio.run(seed_history(url, communications, args.customers, per_thread=args.per_thread))
        engine = "PostgreSQL" if args.postgres else "SQLite"
        print(
            f"seeded the demo data, {args.customers:,} customers and {args.threads:,} threads of"
            f" {args.per_thread} communications ({args.threads // 10:,} more of another tenant)"
            f" on {engine} in {seconds:.0f} s"
        )
        log = Path(folder) / "server.log"
        process, base = start_server(url, log)
        try:
            supervisor, agent = sign_in(base, "supervisor"), sign_in(base, "agent")
            me = httpx.get(f"{base}/v1/me", headers=agent, timeout=30).json()
            since = (datetime.now(UTC) - timedelta(days=7)).isoformat()
            cases: list[tuple[str, dict[str, str], dict[str, object]]] = [
                ("supervisor", supervisor, {}),
                ("agent", agent, {}),
                ("  status", supervisor, {"status": "ONGOING"}),
                ("  channel", supervisor, {"communicationChannel": "EMAIL"}),
                ("  assignee", supervisor, {"assigneeUserId": me["userId"]}),
                ("  customer", supervisor, {"customerId": 1}),
                ("  since", supervisor, {"updatedSince": since}),
            ]
            traces: dict[str, str] = {}
            client_ms: dict[str, list[float]] = {}
            totals: dict[str, int] = {}
            cpu: dict[str, float] = {}
            print(f"load average (1 min) {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs before the run")
            for label, headers, params in cases:
                with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
                    client_ms[label], totals[label], cpu[label] = time_pages(
                        client, params, args.rounds, traces, label, process.pid
                    )
            time.sleep(0.5)
            logged = server_times(log, traces)
            print(f"load average (1 min) {os.getloadavg()[0]:.1f} after the run")
            for label, _headers, params in cases:
                server = [ms for trace, ms in logged.items() if traces[trace] == label]
                shown = ", ".join(f"{key}={value}" for key, value in params.items()) or "no filter"
                target = ", target p95 < 50 ms" if not params else ""
                print_times(
                    label, client_ms[label], server, cpu[label], f", total {totals[label]:,}, {shown}{target}"
                )
        finally:
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    main()
