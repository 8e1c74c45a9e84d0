"""Benchmark: the write path's server CPU per write, its SQL statements, and its latency under 50 writers.

Starts `switchboard-server --demo` on a fresh SQLite file, signs in, gives each writer a customer
and a thread of its own, then measures two writes:
- a thread message: `POST /v1/communications/{customerId}/threads/{threadId}`, OUTGOING EMAIL in
  the GENERAL category (rules applied, preferences read, the outbox written), with a requestId;
- a preference update: `PUT .../communication-preferences` with `If-Match` of the version the last
  answer gave, switching NEWSLETTER/EMAIL each time (so each stores a consent change and an event).

For each: the server process's CPU time (utime + stime of /proc/PID/stat, every thread) divided by
the writes, sent one after another, and the client's p50/p99. Then `--writers` clients at once,
each alternating the two writes on its own customer: CPU per write, writes/s, p50/p99.

`--before PATH` runs the same against another checkout (e.g. `git worktree add /tmp/sb_before
<commit>`), whose server's launcher puts that folder first on `sys.path`, so its own `app` package
is imported (the launcher logs `app.__file__` to prove it; the commit and whether the work tree
differs from it are printed). Both servers run at once: the sequential writes go to them in turn,
one each, so the machine's busy moments fall on both alike; the 50 writers load one at a time.
`--workers N` adds the 50 writers against this checkout's server with `--workers N` (CPU summed
over its processes). The figures printed are medians over `--rounds`, each round on fresh servers
and databases. `--statements` adds, in a server of its own per checkout, the SQL statements one
write of each kind sends, in the request and after it in the background (counted by a SQLAlchemy
listener the launcher installs, so the CPU rounds run without it). `--profile DIR` samples the GIL
holder of a server of its own per checkout with py-spy during sequential writes and prints where
the time went (py-spy must be installed: `pip install py-spy`; root).

    .venv/bin/python tests/benchmarks/bench_writes.py [--before /tmp/sb_before] [--rounds 3]
        [--writes 300] [--writers 50] [--per-writer 8] [--workers 2] [--statements] [--profile DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Awaitable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.load import cpu_seconds, percentile, sign_in  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402

APP_FILE = "bench-writes app: "
#: The server's program: `switchboard-server`'s main, run from the `app` package of SB_BENCH_CHECKOUT;
#: with SB_BENCH_STATEMENTS set, every SQL statement and commit is counted and SIGUSR1 writes the
#: counts to that file.
LAUNCHER = """
import os, sys
sys.path.insert(0, os.environ["SB_BENCH_CHECKOUT"])
import app
print("bench-writes app: " + app.__file__, file=sys.stderr, flush=True)
path = os.environ.get("SB_BENCH_STATEMENTS")
if path:
    import collections, json, signal
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    counts = collections.Counter()
    import asyncio
    def where():
        # A request's statements run in uvicorn's task of that request; others (a webhook
        # dispatcher's pass that a commit woke, say) in tasks of their own.
        try:
            task = asyncio.current_task()
        except RuntimeError:
            task = None
        name = task.get_coro().__qualname__ if task is not None else ""
        return "" if name.endswith("run_asgi") else "[background] "
    def executed(conn, cursor, statement, parameters, context, executemany):
        counts[where() + " ".join(statement.split())[:100]] += 1
    def committed(conn):
        counts[where() + "COMMIT"] += 1
    event.listen(Engine, "before_cursor_execute", executed)
    event.listen(Engine, "commit", committed)
    def dump(signum, frame):
        with open(path + ".tmp", "w") as out:
            json.dump(dict(counts), out)
        os.replace(path + ".tmp", path)
    signal.signal(signal.SIGUSR1, dump)
from app.server.cli import main
main(sys.argv[1:])
"""


class Server(LiveServer):
    """`switchboard-server --demo` of one checkout on a fresh SQLite file in `folder`: the launcher
    puts the checkout first on `sys.path`, so the server runs that checkout's `app` package."""

    def __init__(
        self, checkout: Path, folder: Path, statements: Path | None = None, extra: tuple[str, ...] = ()
    ) -> None:
        super().__init__(
            folder / "server.db",
            ("--rate-limit", "100000000", *extra),
            log=folder / "server.log",
            program=("-c", LAUNCHER),
        )
        self.checkout, self.statements = checkout, statements
        self.app_file = ""

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def cpu_seconds(self) -> float:
        """The CPU time of the server's processes: its own and, with `--workers`, its workers'."""
        pids, total = [self.pid], 0.0
        while pids:
            pid = pids.pop()
            try:
                total += cpu_seconds(pid)
                for task in Path(f"/proc/{pid}/task").iterdir():
                    pids += [int(child) for child in (task / "children").read_text().split()]
            except FileNotFoundError:
                continue  # ended meanwhile
        return total

    def start(self, timeout: float = 120.0) -> None:
        os.environ["SB_BENCH_CHECKOUT"] = str(self.checkout)
        os.environ.pop("SWITCHBOARD_CHECK_DOCUMENTED_STATUSES", None)
        if self.statements is not None:
            os.environ["SB_BENCH_STATEMENTS"] = str(self.statements)
        else:
            os.environ.pop("SB_BENCH_STATEMENTS", None)
        super().start(timeout)
        found = [line for line in self.log.read_text().splitlines() if line.startswith(APP_FILE)]
        self.app_file = found[-1].removeprefix(APP_FILE).strip() if found else "?"
        if not Path(self.app_file).resolve().is_relative_to(self.checkout.resolve()):
            self.stop()
            raise RuntimeError(f"the server of {self.checkout} imported {self.app_file}")

    def statement_counts(self) -> Counter[str]:
        """The statements counted so far (the launcher writes them on SIGUSR1)."""
        assert self.statements is not None
        self.statements.unlink(missing_ok=True)
        os.kill(self.pid, signal.SIGUSR1)
        deadline = time.monotonic() + 10
        while not self.statements.exists():
            if time.monotonic() > deadline:
                raise RuntimeError("the server wrote no statement counts")
            time.sleep(0.01)
        return Counter(json.loads(self.statements.read_text()))


class WriteFailed(RuntimeError):
    pass


@dataclass
class Writer:
    """One writer's customer and thread, and the preferences version its last answer gave."""

    http: httpx.AsyncClient
    customer_id: int
    thread_id: int
    etag: str
    active: bool = False
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    async def message(self) -> None:
        body = {
            "communicationThreadStatus": "ONGOING",
            "content": "Your appointment is confirmed for Tuesday at 10:00.",
            "communicationDirection": "OUTGOING",
            "communicationChannel": "EMAIL",
            "messageCategory": "GENERAL",
            "requestId": str(uuid.uuid4()),
        }
        path = f"/v1/communications/{self.customer_id}/threads/{self.thread_id}"
        await self._timed("message", self.http.post(path, json=body))

    async def preferences(self) -> None:
        self.active = not self.active
        body = {
            "preferences": [
                {
                    "messageCategory": "NEWSLETTER",
                    "channels": [{"communicationChannel": "EMAIL", "active": self.active}],
                }
            ],
            "requestId": str(uuid.uuid4()),
        }
        path = f"/v1/communications/{self.customer_id}/communication-preferences"
        answer = await self._timed(
            "preferences", self.http.put(path, json=body, headers={"If-Match": self.etag})
        )
        self.etag = answer.headers["ETag"]

    async def _timed(self, kind: str, request: Awaitable[httpx.Response]) -> httpx.Response:
        started = time.perf_counter()
        answer = await request
        self.latencies[kind].append(time.perf_counter() - started)
        if answer.status_code != 200:
            raise WriteFailed(f"{kind}: {answer.status_code} {answer.text[:300]}")
        return answer


async def writers_for(url: str, token: str, count: int, stack: AsyncExitStack) -> list[Writer]:
    """`count` writers, each on its own customer (not blocked, with an email, GENERAL/EMAIL active)
    with a new thread, each with its own connection."""
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    setup = await stack.enter_async_context(httpx.AsyncClient(base_url=url, headers=headers, timeout=60))
    customers: list[int] = []
    page = 1
    while len(customers) < count:
        answer = await setup.get("/v1/customers", params={"page": page, "limit": 100})
        answer.raise_for_status()
        items = answer.json()["items"]
        if not items:
            raise RuntimeError(f"only {len(customers)} customers to write to")
        customers += [
            c["customerId"]
            for c in items
            if c["email"] and not c["communicationBlocked"] and c["customerId"] != 1
        ]
        page += 1
    writers = []
    for customer_id in customers[:count]:
        general = {
            "messageCategory": "GENERAL",
            "channels": [{"communicationChannel": "EMAIL", "active": True}],
        }
        newsletter = {
            "messageCategory": "NEWSLETTER",
            "channels": [{"communicationChannel": "EMAIL", "active": False}],
        }
        answer = await setup.put(
            f"/v1/communications/{customer_id}/communication-preferences",
            json={"preferences": [general, newsletter]},
        )
        answer.raise_for_status()
        etag = answer.headers["ETag"]
        thread = {
            "communicationThreadStatus": "CREATED",
            "subject": "Your appointment",
            "content": "Can I move my appointment?",
            "communicationDirection": "INCOMING",
            "communicationChannel": "EMAIL",
            "requestId": str(uuid.uuid4()),
        }
        answer = await setup.post(f"/v1/communications/{customer_id}/threads", json=thread)
        answer.raise_for_status()
        http = await stack.enter_async_context(
            httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=120)
        )
        writers.append(Writer(http, customer_id, answer.json()["threadId"], etag))
    return writers


@dataclass
class Figures:
    """One round's figures of one checkout; names as printed."""

    values: dict[str, float] = field(default_factory=dict)


async def measure(servers: dict[str, Server], args: argparse.Namespace) -> dict[str, Figures]:
    """One round: every checkout's server up at once. The sequential writes go to them in turn (one
    write to each, then the next), so a busy moment of the machine falls on all of them alike; the
    concurrent writers then load one server at a time."""
    figures = {label: Figures() for label in servers}
    async with AsyncExitStack() as stack:
        writers: dict[str, list[Writer]] = {}
        for label, server in servers.items():
            writers[label] = await writers_for(server.url, sign_in(server.url, "agent"), args.writers, stack)
            first = writers[label][0]
            # Warm-up: the first writes compile and cache what later ones reuse.
            for _ in range(30):
                await first.message()
                await first.preferences()
            first.latencies.clear()
        for kind in ("message", "preferences"):
            sequential = {label: writers[label][1 : 1 + 10] for label in servers}
            spent = dict.fromkeys(servers, 0.0)
            cpu = {label: -cpu_seconds(server.pid) for label, server in servers.items()}
            for n in range(args.writes):
                for label in servers:
                    writer = sequential[label][n % 10]
                    started = time.perf_counter()
                    await (writer.message() if kind == "message" else writer.preferences())
                    spent[label] += time.perf_counter() - started
            for label, server in servers.items():
                used = cpu[label] + cpu_seconds(server.pid)
                latencies = [
                    value for writer in sequential[label] for value in writer.latencies.pop(kind, [])
                ]
                values = figures[label].values
                values[f"{kind}: server CPU ms/write"] = used / args.writes * 1000
                values[f"{kind}: p50 ms (one client)"] = percentile(latencies, 0.5) * 1000
                values[f"{kind}: p99 ms (one client)"] = percentile(latencies, 0.99) * 1000
                values[f"{kind}: writes/s (one client)"] = args.writes / spent[label]
        for label, server in servers.items():
            await concurrent_writes(server, writers[label], figures[label], args)
    return figures


async def concurrent_writes(
    server: Server, writers: list[Writer], figures: Figures, args: argparse.Namespace
) -> None:
    """Every writer at once, each alternating a message and a preference update on its own customer."""
    for writer in writers:
        writer.latencies.clear()

    async def run(writer: Writer) -> None:
        for n in range(args.per_writer):
            await (writer.message() if n % 2 == 0 else writer.preferences())

    before = server.cpu_seconds()
    started = time.perf_counter()
    await asyncio.gather(*(run(writer) for writer in writers))
    elapsed = time.perf_counter() - started
    cpu = server.cpu_seconds() - before
    total = len(writers) * args.per_writer
    latencies = [value for writer in writers for values in writer.latencies.values() for value in values]
    label = f"{len(writers)} writers"
    figures.values[f"{label}: server CPU ms/write"] = cpu / total * 1000
    figures.values[f"{label}: writes/s"] = total / elapsed
    figures.values[f"{label}: p50 ms"] = percentile(latencies, 0.5) * 1000
    figures.values[f"{label}: p99 ms"] = percentile(latencies, 0.99) * 1000


async def with_workers(server: Server, args: argparse.Namespace) -> Figures:
    """The concurrent writers against one server of `--workers N` processes (after a warm-up of each)."""
    figures = Figures()
    async with AsyncExitStack() as stack:
        writers = await writers_for(server.url, sign_in(server.url, "agent"), args.writers, stack)
        await asyncio.gather(*(writer.message() for writer in writers))
        await concurrent_writes(server, writers, figures, args)
    label = f"--workers {args.workers}, "
    return Figures({label + name: value for name, value in figures.values.items()})


async def one_write_statements(server: Server, args: argparse.Namespace) -> dict[str, Counter[str]]:
    token = sign_in(server.url, "agent")
    found: dict[str, Counter[str]] = {}
    async with AsyncExitStack() as stack:
        (writer,) = await writers_for(server.url, token, 1, stack)
        for _ in range(3):
            await writer.message()
            await writer.preferences()
        for kind in ("message", "preferences"):
            await asyncio.sleep(1.0)  # what earlier writes woke has run
            before = server.statement_counts()
            await (writer.message() if kind == "message" else writer.preferences())
            await asyncio.sleep(1.0)  # and what this one woke
            after = server.statement_counts()
            after.subtract(before)
            found[kind] = +after
    return found


async def profiled(server: Server, output: Path, args: argparse.Namespace) -> None:
    token = sign_in(server.url, "agent")
    async with AsyncExitStack() as stack:
        (writer,) = await writers_for(server.url, token, 1, stack)
        for _ in range(30):
            await writer.message()
            await writer.preferences()
        spy = subprocess.Popen(  # noqa: ASYNC220 - started once, before the measured writes
            [
                str(Path(sys.executable).with_name("py-spy")),
                "record",
                "--gil",
                "--format",
                "raw",
                "--rate",
                "500",
                "--nonblocking",
                "-o",
                str(output),
                "--pid",
                str(server.pid),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        await asyncio.sleep(1.0)
        for _ in range(args.writes):
            await writer.message()
            await writer.preferences()
        spy.send_signal(signal.SIGINT)
        spy.wait(30)


#: How the leaf frame of a sample is filed: the first of these found in its file name.
PACKAGES = (
    ("sqlalchemy/orm", "sqlalchemy.orm"),
    ("sqlalchemy/sql", "sqlalchemy.sql (compile, cache keys)"),
    ("sqlalchemy/engine", "sqlalchemy.engine"),
    ("sqlalchemy/dialects", "sqlalchemy.dialects"),
    ("sqlalchemy/ext/asyncio", "sqlalchemy.ext.asyncio"),
    ("sqlalchemy", "sqlalchemy (other)"),
    ("aiosqlite", "aiosqlite"),
    ("pydantic", "pydantic"),
    ("fastapi", "fastapi"),
    ("starlette", "starlette"),
    ("uvicorn", "uvicorn"),
    ("limits", "limits"),
    ("greenlet", "greenlet"),
    ("/asyncio/", "asyncio"),
    ("/logging/", "logging"),
    ("/json/", "json"),
    ("/app/", "app (ours)"),
)
#: Functions whose inclusive time is shown: what a write spends in each part of its path.
FUNCTIONS = (
    ("run_write", "writes.py"),
    ("work", "routes/"),
    ("principal", "security.py"),
    ("check", "throttling.py"),
    ("flush", "orm/session.py"),
    ("get", "orm/session.py"),
    ("execute", "orm/session.py"),
    ("commit", "orm/session.py"),
    ("_compiler", "sql/elements.py"),
    ("_generate_cache_key", "sql/cache_key.py"),
    ("record", "messaging.py"),
    ("preferences_view", "serialise/preferences.py"),
    ("record_event", "writes.py"),
    ("_fingerprints", "writes.py"),
    ("_store_events", "store/db.py"),
    ("model_dump", "pydantic/main.py"),
    ("model_dump_json", "pydantic/main.py"),
    ("serialize_response", "fastapi/routing.py"),
    ("request_body_to_args", "fastapi/dependencies/utils.py"),
    ("solve_dependencies", "fastapi/dependencies/utils.py"),
    ("__call__", "app/server/middleware.py"),
)


def where_time_went(raw: Path) -> tuple[int, Counter[str], Counter[str], Counter[str]]:
    """From py-spy's raw (collapsed) stacks: samples, leaf package shares, named functions' inclusive
    shares, and the heaviest leaf functions."""
    leaves: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = stack.split(";")
        leaf = frames[-1]
        leaves[next((name for part, name in PACKAGES if part in leaf), "other (C, stdlib)")] += count
        functions[leaf] += count
        seen = set()
        for frame in frames:
            name, _, place = frame.partition(" (")
            for function, file_part in FUNCTIONS:
                label = f"{function} ({file_part})"
                if (
                    (name == function or name.endswith("." + function))
                    and file_part in place
                    and label not in seen
                ):
                    seen.add(label)
                    inclusive[label] += count
    return total, leaves, inclusive, functions


def print_profile(label: str, raw: Path, writes: int) -> None:
    total, leaves, inclusive, functions = where_time_went(raw)
    print(
        f"\nprofile of {label}: {total} samples of the GIL holder over {writes} messages and {writes}"
        f" preference updates ({raw})"
    )
    print("  by package of the leaf frame (self time):")
    for name, count in leaves.most_common():
        print(f"    {count / total:6.1%}  {name}")
    print("  inclusive, by function:")
    for name, count in inclusive.most_common():
        print(f"    {count / total:6.1%}  {name}")
    print("  heaviest leaf functions:")
    for name, count in functions.most_common(12):
        print(f"    {count / total:6.1%}  {name}")


def describe(checkout: Path) -> str:
    """The checkout's commit, and whether its work tree differs from it (then it is not that commit)."""
    commit = subprocess.run(
        ["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "-C", str(checkout), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    return f"{commit}, {len(changed)} tracked files changed" if changed else f"{commit}, clean"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--before", type=Path, help="another checkout to measure side by side (e.g. a worktree)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--writes", type=int, default=300, help="sequential writes of each kind per round")
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--per-writer", type=int, default=8, help="writes per concurrent writer")
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="also the concurrent writers against `--workers N` (this checkout)",
    )
    parser.add_argument("--statements", action="store_true", help="count one write's SQL statements")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="py-spy profiles into DIR")
    parser.add_argument("--no-figures", action="store_true", help="only --statements and --profile")
    args = parser.parse_args()
    checkouts = {"after": ROOT} if args.before is None else {"before": args.before, "after": ROOT}
    folder = Path(tempfile.mkdtemp(prefix="bench-writes-"))

    def server_of(label: str, name: str, statements: bool = False, extra: tuple[str, ...] = ()) -> Server:
        place = folder / f"{label}-{name}"
        place.mkdir()
        server = Server(checkouts[label], place, place / "statements.json" if statements else None, extra)
        server.start()
        return server

    results: dict[str, list[Figures]] = {label: [] for label in checkouts}
    apps: dict[str, str] = {}
    for round_number in range(0 if args.no_figures else args.rounds):
        # Alternating the order, so neither checkout is always first.
        order = list(checkouts) if round_number % 2 == 0 else list(reversed(checkouts))
        servers: dict[str, Server] = {}
        try:
            for label in order:
                servers[label] = server_of(label, f"round{round_number}")
                apps[label] = servers[label].app_file
            measured = asyncio.run(measure(servers, args))
        finally:
            for server in servers.values():
                server.stop()
        if args.workers:
            server = server_of(
                "after", f"round{round_number}-workers", extra=("--workers", str(args.workers))
            )
            try:
                more = asyncio.run(with_workers(server, args)).values
            finally:
                server.stop()
            for label in checkouts:  # the checkout before may not have --workers: not measured there
                measured[label].values.update(more if label == "after" else dict.fromkeys(more, math.nan))
        for label in checkouts:
            results[label].append(measured[label])
            print(
                f"round {round_number + 1} {label}: "
                + ", ".join(
                    f"{name} {value:.1f}"
                    for name, value in measured[label].values.items()
                    if "CPU" in name or "p99" in name
                ),
                flush=True,
            )
    if results[next(iter(checkouts))]:
        for label, app_file in apps.items():
            print(
                f"{label}: {checkouts[label]} at {describe(checkouts[label])}"
                f" (its server imported {app_file})",
            )
        print(
            f"\nmedians of {args.rounds} rounds; {args.writes} sequential writes of each kind,"
            f" then {args.writers} writers x {args.per_writer}"
        )
        names = list(results[next(iter(checkouts))][0].values)
        print(f"{'':48}" + "".join(f"{label:>12}" for label in checkouts))
        for name in names:
            medians = [statistics.median(f.values[name] for f in results[label]) for label in checkouts]
            print(f"{name:48}" + "".join(f"{value:12.1f}" for value in medians))
    if args.statements:
        for label in checkouts:
            server = server_of(label, "statements", statements=True)
            try:
                counted = asyncio.run(one_write_statements(server, args))
            finally:
                server.stop()
            for kind, statements in counted.items():
                inside = {s: n for s, n in statements.items() if not s.startswith("[background]")}
                print(
                    f"\nstatements of one {kind} write, {label}: {sum(inside.values())} in the request, "
                    f"{sum(statements.values()) - sum(inside.values())} after it in the background"
                )
                for statement, count in sorted(statements.items(), key=lambda item: item[0].startswith("[")):
                    print(f"  {count} x {statement}")
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
        for label in checkouts:
            server = server_of(label, "profile")
            raw = args.profile / f"{label}.txt"
            try:
                asyncio.run(profiled(server, raw, args))
            finally:
                server.stop()
            print_profile(label, raw, args.writes)


if __name__ == "__main__":
    main()
