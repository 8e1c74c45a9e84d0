"""Benchmark: the cost of the typed client over raw httpx, against the same real server in one run.

Starts `switchboard-server --demo` on a fresh SQLite file with a rate limit too high to matter, then
makes N GETs of `/v1/customers/{id}` with C in flight, alternating rounds through raw httpx (with
`response.json()`) and through `SwitchboardClient.get_customer` (errors, retries, deadline,
pydantic parsing), in ABBA order. Prints requests per second, p50/p95 latency and this process's
CPU per request for each round, and the client's overhead ratio (client time / raw time - 1, of
the best and of the median rounds; target under 20 %).

    python tests/benchmarks/bench_client.py [--requests 1000] [--in-flight 50] [--rounds 4]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.client import SwitchboardClient  # noqa: E402
from tests.live_server import LISTENING  # noqa: E402

DEMO_CUSTOMERS = 300


@dataclass
class Round:
    label: str
    seconds: float
    latencies: list[float]
    #: CPU seconds this (client) process spent in the round: what the client itself costs.
    cpu_seconds: float

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    def line(self) -> str:
        return (
            f"{self.label:<8} {len(self.latencies)} GETs in {self.seconds:6.3f} s  "
            f"{self.per_second:7.0f} req/s  p50 {self.percentile(0.5) * 1000:6.2f} ms  "
            f"p95 {self.percentile(0.95) * 1000:6.2f} ms  "
            f"client CPU {self.cpu_seconds / len(self.latencies) * 1e6:5.0f} µs/req"
        )


def start_server(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    env = os.environ.copy()
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[name] = str(workdir / name.lower())
    args = [
        sys.executable,
        "-m",
        "app.server.cli",
        "--demo",
        "--database",
        str(workdir / "server.db"),
        "--port",
        "0",
        "--rate-limit",
        "100000000",
        "--exit-on-stdin-close",
    ]
    log = (workdir / "server.log").open("wb")
    process = subprocess.Popen(
        args, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env
    )
    log.close()
    line: list[bytes] = []
    reader = threading.Thread(target=lambda: line.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(60)
    text = line[0].decode() if line else ""
    if not text.startswith(LISTENING):
        process.kill()
        raise SystemExit(f"server did not start: {text!r}; see {workdir / 'server.log'}")
    return process, text.removeprefix(LISTENING).strip()


async def timed_round(
    label: str, get: Callable[[int], Awaitable[object]], requests: int, in_flight: int
) -> Round:
    """`requests` calls of `get(customer_id)`, `in_flight` at a time, each timed."""
    ids = iter([1 + i % DEMO_CUSTOMERS for i in range(requests)])
    latencies: list[float] = []

    async def worker() -> None:
        for customer_id in ids:
            started = time.perf_counter()
            await get(customer_id)
            latencies.append(time.perf_counter() - started)

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(in_flight)))
    return Round(label, time.perf_counter() - started, latencies, time.process_time() - cpu)


async def measure(
    url: str, token: str, requests: int, in_flight: int, rounds: int
) -> tuple[list[Round], list[Round]]:
    limits = httpx.Limits(max_connections=in_flight, max_keepalive_connections=in_flight)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    raw_rounds: list[Round] = []
    client_rounds: list[Round] = []
    async with (
        httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=30) as raw,
        SwitchboardClient(url, token=token, max_connections=in_flight, timeout=30) as client,
    ):

        async def raw_get(customer_id: int) -> object:
            response = await raw.get(f"/v1/customers/{customer_id}")
            response.raise_for_status()
            return response.json()

        async def client_get(customer_id: int) -> object:
            return await client.get_customer(customer_id)

        # Warm-up: connections opened, code paths and the server's caches warm on both sides.
        await timed_round("warm-up", raw_get, 200, in_flight)
        await timed_round("warm-up", client_get, 200, in_flight)
        for number in range(rounds):
            # ABBA order, so a drift in machine load weighs on both sides alike.
            sides = [("httpx", raw_get, raw_rounds), ("client", client_get, client_rounds)]
            for label, get, results in sides if number % 2 == 0 else reversed(sides):
                results.append(await timed_round(label, get, requests, in_flight))
                print(results[-1].line(), flush=True)
    return raw_rounds, client_rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--in-flight", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-client-") as folder:
        process, url = start_server(Path(folder))
        try:
            print(
                f"server {url}; {args.requests} GET /v1/customers/{{id}} a round, {args.in_flight} in flight"
            )
            answer = httpx.post(f"{url}/v1/auth/token", json={"username": "agent", "password": "demo"})
            token = str(answer.json()["accessToken"])
            raw, client = asyncio.run(measure(url, token, args.requests, args.in_flight, args.rounds))
        finally:
            process.terminate()
            process.wait(10)
    best_raw = min(raw, key=lambda r: r.seconds)
    best_client = min(client, key=lambda r: r.seconds)
    overhead = best_client.seconds / best_raw.seconds - 1
    median_overhead = (
        statistics.median(c.seconds for c in client) / statistics.median(r.seconds for r in raw) - 1
    )
    print()
    print(f"best httpx : {best_raw.per_second:7.0f} req/s, p95 {best_raw.percentile(0.95) * 1000:.2f} ms")
    print(
        f"best client: {best_client.per_second:7.0f} req/s, p95 {best_client.percentile(0.95) * 1000:.2f} ms"
    )
    print(f"client overhead: {overhead * 100:+.1f} % (best rounds), {median_overhead * 100:+.1f} % (medians)")
    raw_cpu = sum(r.cpu_seconds for r in raw) / sum(len(r.latencies) for r in raw)
    client_cpu = sum(r.cpu_seconds for r in client) / sum(len(r.latencies) for r in client)
    print(f"client-side CPU per request: httpx {raw_cpu * 1e6:.0f} µs, client {client_cpu * 1e6:.0f} µs")
    print(f"target under 20 %: {'met' if overhead < 0.20 else 'NOT met'}")


if __name__ == "__main__":
    main()
