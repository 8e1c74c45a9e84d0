"""Benchmark: customer search on a million customers, through the real server over loopback.

Starts `switchboard-server --demo --seed-customers N` on a fresh SQLite file, prints how long the
seeding took, then runs varied queries (name prefixes of 1-6 letters with and without accents,
two-word names, emails exact and prefix, phone numbers as stored, in national form (`0156 5084216`),
with `0049` and in brackets, their leading parts and last digits, customer ids) against
`GET /v1/customers?query=` and prints p50/p95 of the time each request took, measured by the
client over a keep-alive connection and by the server in its access log line.

    python tests/benchmarks/bench_search.py [--customers 1000000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.server.demo import FIRST_NAMES, LAST_NAMES  # noqa: E402
from tests.live_server import LISTENING  # noqa: E402

ACCESS = re.compile(r"GET /v1/customers 200 (?P<ms>[0-9.]+)ms trace=(?P<trace>[0-9a-f]+)")
SEEDED = re.compile(r"seeded (?P<count>\d+) customers in (?P<seconds>[0-9.]+) s")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def start_server(database: Path, customers: int, log: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    args = [
        sys.executable,
        "-m",
        "app.server.cli",
        "--demo",
        "--database",
        str(database),
        "--port",
        "0",
        "--seed-customers",
        str(customers),
        "--log-level",
        "info",
        "--rate-limit",
        "1000000",
        "--exit-on-stdin-close",
    ]
    started = time.perf_counter()
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=os.environ.copy(),
        )
    line: list[bytes] = []
    reader = threading.Thread(target=lambda: line.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(900)
    text = line[0].decode() if line else ""
    if not text.startswith(LISTENING):
        process.kill()
        raise SystemExit(f"server did not start: {text!r}; see {log}")
    return process, text.removeprefix(LISTENING).strip(), time.perf_counter() - started


def sample_customers(
    client: httpx.Client, headers: dict[str, str], total: int, rng: random.Random
) -> list[dict]:
    """Real stored customers (ids spread over the whole table) to take emails and phones from."""
    found = []
    for customer_id in rng.sample(range(1, total + 1), 40):
        answer = client.get(f"/v1/customers/{customer_id}", headers=headers)
        if answer.status_code == 200:
            found.append(answer.json())
    return found


def queries(customers: list[dict], total: int, rng: random.Random) -> dict[str, list[str]]:
    """The queries by kind: names, emails, phones as stored, phones as callers say them, ids."""
    names = [*FIRST_NAMES, *LAST_NAMES]
    kinds: dict[str, list[str]] = {kind: [] for kind in ("name", "email", "phone", "phone as said", "id")}
    for length in range(1, 7):  # name prefixes of every length, accented ones included
        for name in rng.sample(names, 12):
            kinds["name"].append(name.split()[0][:length])
    for name in ("Müller", "Dvořák", "Zoë", "Sørensen", "Łukasz", "Öztürk", "Núñez", "Jürgen"):
        kinds["name"].extend([name[:3], name[:3].upper(), name.lower()])
    for _ in range(30):  # first name + a prefix of the last name
        kinds["name"].append(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)[: rng.randint(1, 5)]}")
    for customer in customers[:20]:
        email = customer["email"]
        kinds["email"].extend([email, email[: rng.randint(5, 12)], email.split("@")[0]])
    for customer in customers[:20]:
        digits = re.sub(r"\D", "", customer["phone"])
        spaced = f"+{digits[:2]} {digits[2:5]} {digits[5:9]}"
        kinds["phone"].extend([customer["phone"], spaced, digits[: rng.randint(6, 11)]])
    for customer in customers[:20]:  # a German number as callers read it out: `0156 5084216`, `…4216`
        national = "0" + re.sub(r"\D", "", customer["phone"])[2:]
        kinds["phone as said"].extend(
            [
                f"{national[:4]} {national[4:]}",
                f"0049 {national[1:4]} {national[4:]}",
                f"({national[:4]}) {national[4:7]}-{national[7:]}",
                national[: rng.randint(4, 8)],
                national[-rng.randint(4, 7) :],
            ]
        )
    kinds["id"].extend(str(rng.randint(1, total)) for _ in range(20))
    kinds["name"].extend(["zoe dvo", "anna mül", "MÜL", "mull", "xyzzy"])
    kinds["email"].append("nobody@example.com")
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2, help="timed passes over the queries")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        database = Path(folder) / "bench.db"
        log = Path(folder) / "server.log"
        process, url, start_seconds = start_server(database, args.customers, log)
        try:
            seeded = SEEDED.search(log.read_text())
            print(f"customers seeded:        {args.customers:,}")
            if seeded:
                print(f"seeding took:            {float(seeded['seconds']):.1f} s  (target < 120 s)")
            print(f"start to listening:      {start_seconds:.1f} s (seeding, migration, demo data)")
            print(f"database size:           {database.stat().st_size / 1e6:.0f} MB")
            with httpx.Client(base_url=url, timeout=30) as client:
                token = client.post("/v1/auth/token", json={"username": "agent", "password": "demo"})
                headers = {"Authorization": f"Bearer {token.json()['accessToken']}"}
                total = args.customers + 300
                kinds = queries(sample_customers(client, headers, total, rng), total, rng)
                batch = [query for of_kind in kinds.values() for query in of_kind]
                kind_of = {query: kind for kind, of_kind in kinds.items() for query in of_kind}
                for query in batch:  # warm-up: the page cache, the prepared statements
                    client.get("/v1/customers", params={"query": query}, headers=headers)
                client_ms: list[float] = []
                traces: dict[str, str] = {}
                for _ in range(args.rounds):
                    for query in batch:
                        began = time.perf_counter()
                        answer = client.get("/v1/customers", params={"query": query}, headers=headers)
                        client_ms.append((time.perf_counter() - began) * 1000)
                        answer.raise_for_status()
                        traces[answer.headers["X-Trace-Id"]] = query
            time.sleep(0.5)
            server_ms = {
                match["trace"]: float(match["ms"])
                for match in ACCESS.finditer(log.read_text())
                if match["trace"] in traces
            }
            print(f"queries timed:           {len(client_ms)} ({len(batch)} distinct x {args.rounds})")
            # Other work on the machine stretches every figure below; this says how busy it was.
            print(f"load average (1 min):    {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
            print(
                f"client time (loopback):  p50 {percentile(client_ms, 0.5):.1f} ms, "
                f"p95 {percentile(client_ms, 0.95):.1f} ms, max {max(client_ms):.1f} ms"
            )
            if server_ms:
                values = list(server_ms.values())
                print(
                    f"server time (log line):  p50 {percentile(values, 0.5):.1f} ms, "
                    f"p95 {percentile(values, 0.95):.1f} ms, max {max(values):.1f} ms  (target p95 < 30 ms)"
                )
                for kind in kinds:
                    of_kind = [ms for trace, ms in server_ms.items() if kind_of[traces[trace]] == kind]
                    if of_kind:
                        print(
                            f"  {kind + ':':22}p50 {percentile(of_kind, 0.5):.1f} ms, "
                            f"p95 {percentile(of_kind, 0.95):.1f} ms ({len(of_kind)} timed)"
                        )
                slowest = sorted(server_ms.items(), key=lambda item: -item[1])[:8]
                print("slowest:", ", ".join(f"{traces[t]!r} {ms:.0f} ms" for t, ms in slowest))
                print(f"mean:                    {statistics.mean(values):.1f} ms")
        finally:
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    main()
