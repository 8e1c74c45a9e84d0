"""Benchmark: the supervisor's summary report over 1,000,000 communications, through the real server.

Seeds the demo data into a fresh database (a SQLite file, or with `--postgres` a new database on that
PostgreSQL cluster), bulk-inserts N communications of the demo tenant spread evenly over the last
`--history-days` days (by default all of them in the last year, so the year-long report counts every
one), in N/10 threads, plus a tenth as many of the other tenant's, starts `switchboard-server --demo`
on it and asks `GET /v1/reports/summary` as the supervisor for a realistic mix of ranges in
Europe/Berlin: a day, a week, a calendar month and a whole year (366 days up to today), each at
random places in the history. Prints p50/p95 of all of them and of each kind, as the client saw them
over a keep-alive connection and as the server logged them (target p95 < 300 ms).

    python tests/benchmarks/bench_reports.py [--communications 1000000] [--rounds 25]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

The seeding is also what tests/benchmarks/bench_queue.py uses (`seed_history`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from app.server.config import normalise_database_url  # noqa: E402
from app.server.demo import DEMO_TENANT, seed_demo  # noqa: E402
from app.server.seeding import seed_customers  # noqa: E402
from app.server.store import models as m  # noqa: E402
from app.server.store.db import Database  # noqa: E402
from tests.live_server import LISTENING  # noqa: E402

ACCESS = re.compile(r"GET (?P<path>\S+) 200 (?P<ms>[0-9.]+)ms trace=(?P<trace>[0-9a-f]+)")
ZONE = "Europe/Berlin"

CHANNELS = ("EMAIL", "TEXT_MESSAGE", "PHONE", "LETTER", "CHAT", "CONVERSATION")
#: Outgoing delivery statuses by weight: mostly delivered, some suppressed (blocked, opted out) or failed.
OUTGOING = (("DELIVERED", 50), ("READ", 28), ("SENT", 10), ("FAILED", 5), ("SUPPRESSED", 7))
THREAD_STATUSES = (("CREATED", 20), ("ONGOING", 40), ("CLOSED", 40))

_COMMUNICATION_COLUMNS = (
    "tenant_id", "customer_id", "thread_id", "kind", "subject", "content", "direction", "channel", "agent",
    "communication_date_time", "message_category", "delivery_status", "suppression_reason", "created_at",
)  # fmt: skip
_THREAD_COLUMNS = (
    "id", "tenant_id", "customer_id", "subject", "status", "assignee_user_id", "created_at",
    "last_communication_at", "communication_count", "last_channel", "last_direction",
)  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([name for name, _ in choices], weights=[weight for _, weight in choices])[0]


def history(
    tenant_id: int,
    customers: list[int],
    users: list[int],
    communications: int,
    first_thread_id: int,
    days: int,
    now: datetime,
    per_thread: int = 10,
) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """(thread row, its communication rows) pairs: `communications` spread evenly over the `days` before
    `now`, in threads of `per_thread` consecutive ones, each thread's status, customer and assignee at
    random."""
    rng = random.Random(tenant_id)
    step = timedelta(days=days) / communications
    start = now - timedelta(days=days)
    for block in range(0, communications, per_thread):
        thread_id = first_thread_id + block // per_thread
        customer = rng.choice(customers)
        rows = []
        for serial in range(block, min(block + per_thread, communications)):
            at = start + step * serial
            direction = "INCOMING" if rng.random() < 0.45 else "OUTGOING"
            status = "RECEIVED" if direction == "INCOMING" else _weighted(rng, OUTGOING)
            reason = None
            if status == "SUPPRESSED":
                reason = "CUSTOMER_BLOCKED" if rng.random() < 0.7 else "OPTED_OUT"
            rows.append((
                tenant_id, customer, thread_id, "MESSAGE", "Benchmark", f"Message {serial}", direction,
                rng.choice(CHANNELS), "Peter Meyer", at, "GENERAL", status, reason, at,
            ))  # fmt: skip
        first, last = rows[0], rows[-1]
        thread = (
            thread_id, tenant_id, customer, f"Benchmark thread {thread_id}", _weighted(rng, THREAD_STATUSES),
            rng.choice(users), first[9], last[9], len(rows), last[7], last[6],
        )  # fmt: skip
        yield thread, rows


def _batches(
    pairs: Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]], size: int = 10_000
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """The pairs of `history` as (threads, communications) lists of `size` threads each."""
    threads: list[tuple[Any, ...]] = []
    rows: list[tuple[Any, ...]] = []
    for thread, communications in pairs:
        threads.append(thread)
        rows.extend(communications)
        if len(threads) == size:
            yield threads, rows
            threads, rows = [], []
    if threads:
        yield threads, rows


async def _tenant(db: Database, name: str) -> tuple[int, list[int], list[int]]:
    """A tenant's id, its customers' ids and its users' ids."""
    async with db.read() as session:
        tenant = (await session.execute(select(m.Tenant.id).where(m.Tenant.name == name))).scalar_one()
        customers = await session.execute(select(m.Customer.id).where(m.Customer.tenant_id == tenant))
        users = await session.execute(select(m.User.id).where(m.User.tenant_id == tenant))
        return tenant, list(customers.scalars()), list(users.scalars())


def _sqlite_value(value: Any) -> Any:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime) else value  # as SQLAlchemy


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


async def seed_history(
    url: str, communications: int, customers: int = 0, days: int = 365, per_thread: int = 10
) -> float:
    """Demo data, `customers` generated customers of the demo tenant, and `communications` of the demo
    tenant (a tenth as many of the other tenant's) in threads of `per_thread`; returns the seconds taken.
    The tables' statistics are refreshed after, as an operator would after a bulk load."""
    started = time.perf_counter()
    db = Database(normalise_database_url(url))
    try:
        await db.migrate()
        await seed_demo(db)
        if customers:
            await seed_customers(db, customers)
        now = datetime.now(UTC)
        next_thread = 1_000_000  # clear of the demo's own threads
        for name, count in ((DEMO_TENANT, communications), ("other", communications // 10)):
            tenant, tenant_customers, users = await _tenant(db, name)
            pairs = history(tenant, tenant_customers, users, count, next_thread, days, now, per_thread)
            if db.is_sqlite:
                await asyncio.to_thread(_write_sqlite, str(db.url.database), _batches(pairs))
            else:
                await _write_postgres(db, _batches(pairs))
            next_thread += count // per_thread + 1
        if db.is_sqlite:
            await asyncio.to_thread(_analyse_sqlite, str(db.url.database))
    finally:
        await db.dispose()
    if not db.is_sqlite:
        await _vacuum_postgres(url)
    return time.perf_counter() - started


def _write_sqlite(path: str, batches: Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]) -> None:
    connection = sqlite3.connect(path, timeout=60, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-524288")  # 512 MB: the indexes' inserts stay in memory
        connection.execute("BEGIN IMMEDIATE")
        for threads, rows in batches:
            connection.executemany(
                _insert("threads", _THREAD_COLUMNS), ([_sqlite_value(v) for v in t] for t in threads)
            )
            connection.executemany(
                _insert("communications", _COMMUNICATION_COLUMNS),
                ([_sqlite_value(v) for v in r] for r in rows),
            )
        connection.execute("COMMIT")
    finally:
        connection.close()


def _analyse_sqlite(path: str) -> None:
    connection = sqlite3.connect(path, timeout=60, isolation_level=None)
    try:
        connection.execute("ANALYZE")
    finally:
        connection.close()


async def _write_postgres(
    db: Database, batches: Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]
) -> None:
    async with db.write() as session:
        connection = await (await session.connection()).get_raw_connection()
        driver = connection.driver_connection
        assert driver is not None
        for threads, rows in batches:
            await driver.copy_records_to_table("threads", records=threads, columns=_THREAD_COLUMNS)
            await driver.copy_records_to_table("communications", records=rows, columns=_COMMUNICATION_COLUMNS)
        # Rows inserted with explicit ids: move the sequence past them.
        await driver.execute(
            "SELECT setval(pg_get_serial_sequence('threads', 'id'), (SELECT max(id) FROM threads))"
        )


async def _vacuum_postgres(url: str) -> None:
    """VACUUM (for index-only scans: the visibility map) and ANALYZE; outside any transaction."""
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()


# The PostgreSQL database of a run: created on the cluster given, dropped after.


@contextmanager
def database_url(folder: Path, postgres: str | None) -> Iterator[str]:
    """A fresh, empty database: a SQLite file in `folder`, or a new database on the `postgres` cluster."""
    if not postgres:
        yield f"sqlite+aiosqlite:///{folder / 'bench.db'}"
        return
    import asyncpg
    from sqlalchemy.engine import make_url

    admin = make_url(postgres).set(drivername="postgresql")
    name = f"switchboard_bench_{uuid.uuid4().hex[:12]}"

    async def run(statement: str) -> None:
        connection = await asyncpg.connect(admin.render_as_string(hide_password=False))
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def start_server(url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`switchboard-server --demo` on that database, its access log in `log`; (process, base URL)."""
    database = url.removeprefix("sqlite+aiosqlite:///")
    args = [
        sys.executable, "-m", "app.server.cli", "--demo", "--database", database, "--port", "0",
        "--rate-limit", "100000000", "--exit-on-stdin-close", "--log-level", "info",
    ]  # fmt: skip
    with log.open("wb") as err:
        process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, cwd=ROOT)
    line: list[bytes] = []
    reader = threading.Thread(target=lambda: line.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(300)
    text = line[0].decode() if line else ""
    if not text.startswith(LISTENING):
        process.kill()
        raise SystemExit(f"server did not start: {text!r}; see {log}")
    return process, text.removeprefix(LISTENING).strip()


def server_times(log: Path, traces: dict[str, str]) -> dict[str, float]:
    """The duration the server logged for each trace id of `traces`."""
    return {
        match["trace"]: float(match["ms"])
        for match in ACCESS.finditer(log.read_text(errors="replace"))
        if match["trace"] in traces
    }


def sign_in(url: str, username: str) -> dict[str, str]:
    answer = httpx.post(f"{url}/v1/auth/token", json={"username": username, "password": "demo"}, timeout=30)
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['accessToken']}"}


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system, all threads) the process has used so far; 0 off Linux."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def print_times(
    label: str, client_ms: list[float], server_ms: list[float], cpu_ms: float, target: str
) -> None:
    """p50/p95 as the client and the server timed them, and the server's mean CPU time per request:
    on a busy machine the wall times stretch with the wait for a CPU, the CPU time much less."""
    line = f"{label:<12} client p50 {percentile(client_ms, 0.5):6.1f} ms"
    line += f", p95 {percentile(client_ms, 0.95):6.1f} ms"
    if server_ms:
        line += (
            f"; server p50 {percentile(server_ms, 0.5):6.1f} ms, p95 {percentile(server_ms, 0.95):6.1f} ms"
        )
    if cpu_ms:
        line += f"; server CPU {cpu_ms:5.1f} ms a request"
    print(f"{line}  ({len(client_ms)} requests{target})")


# The report's ranges.


def ranges(rng: random.Random, today: date, days: int, rounds: int) -> list[tuple[str, date, date]]:
    """`rounds` ranges of each kind, in random order: a day, a week, a calendar month, a year (366 days
    up to today); each of the shorter ones somewhere in the last `days` days."""
    out = []
    for _ in range(rounds):
        day = today - timedelta(days=rng.randrange(days))
        out.append(("day", day, day))
        week = today - timedelta(days=rng.randrange(6, days))
        out.append(("week", week - timedelta(days=6), week))
        month = today - timedelta(days=rng.randrange(0, days - 31))
        first = month.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        out.append(("month", first, last))
        out.append(("year", today - timedelta(days=365), today))
    rng.shuffle(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--communications", type=int, default=1_000_000)
    parser.add_argument("--history-days", type=int, default=365, help="the days the communications span")
    parser.add_argument("--rounds", type=int, default=25, help="ranges of each kind timed")
    parser.add_argument("--postgres", help="a PostgreSQL admin URL: run on a new database there, not SQLite")
    args = parser.parse_args()
    rng = random.Random(9)
    with (
        tempfile.TemporaryDirectory(prefix="bench-reports-") as folder,
        database_url(Path(folder), args.postgres) as url,
    ):
        seconds = asyncio.run(seed_history(url, args.communications, days=args.history_days))
        engine = "PostgreSQL" if args.postgres else "SQLite"
        print(
            f"seeded the demo data and {args.communications:,} communications over {args.history_days} days"
            f" ({args.communications // 10:,} more of another tenant) on {engine} in {seconds:.0f} s"
        )
        log = Path(folder) / "server.log"
        process, base = start_server(url, log)
        try:
            headers = sign_in(base, "supervisor")
            today = datetime.now(UTC).date()
            asked = ranges(rng, today, args.history_days, args.rounds)
            traces: dict[str, str] = {}
            client_ms: dict[str, list[float]] = {}
            cpu: dict[str, float] = {}
            counted = 0
            with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
                for _kind, first, last in asked[:8]:  # warm-up: the page cache, the statement caches
                    params = {"from": first.isoformat(), "to": last.isoformat(), "timeZone": ZONE}
                    client.get("/v1/reports/summary", params=params).raise_for_status()
                print(
                    f"load average (1 min) {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs before the run"
                )
                for kind, first, last in asked:
                    params = {"from": first.isoformat(), "to": last.isoformat(), "timeZone": ZONE}
                    used, began = cpu_seconds(process.pid), time.perf_counter()
                    answer = client.get("/v1/reports/summary", params=params)
                    client_ms.setdefault(kind, []).append((time.perf_counter() - began) * 1000)
                    cpu[kind] = cpu.get(kind, 0.0) + cpu_seconds(process.pid) - used
                    answer.raise_for_status()
                    traces[answer.headers["X-Trace-Id"]] = kind
                    if kind == "year":
                        counted = sum(
                            day["incoming"] + day["outgoing"] for day in answer.json()["communicationsPerDay"]
                        )
            time.sleep(0.5)
            logged = server_times(log, traces)
            print(f"the year's report counted {counted:,} communications")
            print(f"load average (1 min) {os.getloadavg()[0]:.1f} after the run")
            everything = [ms for times in client_ms.values() for ms in times]
            mean_cpu = sum(cpu.values()) * 1000 / len(everything)
            print_times("all ranges", everything, list(logged.values()), mean_cpu, ", target p95 < 300 ms")
            for kind in ("day", "week", "month", "year"):
                server = [ms for trace, ms in logged.items() if traces[trace] == kind]
                print_times(f"  {kind}", client_ms[kind], server, cpu[kind] * 1000 / len(client_ms[kind]), "")
        finally:
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    main()
