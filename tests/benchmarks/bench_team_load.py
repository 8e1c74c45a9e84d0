"""Load proof (issue 12): 50 simulated agents for 60 s against two server processes on one PostgreSQL
database, then a check that every acknowledged write is stored exactly once and every event stream saw
every event.

The database is a fresh one on the cluster `SWITCHBOARD_TEST_POSTGRES_URL` names (default
postgresql://postgres@127.0.0.1:5499/postgres), dropped afterwards unless a check failed; `--database`
gives one instead (it is kept). Two modes:
- `separate`: two independent `switchboard-server --demo` processes on two ports, the agents and the
  streams spread over both (client-side round robin), as several servers behind a load balancer;
- `workers`: one `switchboard-server --workers 2` on one port (when the server has that option).
`auto` (the default) takes `workers` where the server offers it.

Each agent signs in as a demo user and, with a pause of --think seconds on average between actions:
searches; reads a customer, their threads, a thread's messages or the communications log; changes a
preference of one of a few hot customers with If-Match (reads the ETag, PUTs the toggled pair, on 412
reads again and retries with a new requestId); writes a thread message (a new thread or a reply to one
of its own, incoming or outgoing, each with a requestId); now and then sends one message twice at once,
to both processes, with the same requestId. --streams clients follow /v1/events for the whole run.

Prints throughput, p50/p95/p99 per operation, the 412s retried and the errors (any 5xx, transport
error or unexpected 4xx), and the server processes' CPU time. Then reads PostgreSQL directly: every
acknowledged message is there once and nothing else was written (communications, threads and their
counts, idempotency keys), every acknowledged preference change is one consent change and no refused
one left any, no two acknowledged changes of a customer started from the same version, and every
stream received exactly the tenant's events written while it was connected, in order, without repeat.
Exits 1 if there was an error or a check failed.

    .venv/bin/python tests/benchmarks/bench_team_load.py [--agents 50] [--seconds 60] [--streams 10]
        [--mode auto|workers|separate] [--database postgresql://...] [--think 0.1] [--hot 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from contextlib import AsyncExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from httpx_sse import aconnect_sse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SWITCHBOARD_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5499/postgres")

from tests.benchmarks.load import (  # noqa: E402
    ACCESS_LINE,
    USERS,
    DemoRequests,
    Request,
    cpu_seconds,
    latency_figures,
    sign_in,
)
from tests.benchmarks.team_load_checks import Acked, Message, PreferenceWrite, Stream, check_all  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402
from tests.server import postgres  # noqa: E402

#: The pairs agents toggle: MARKETING categories, which every demo customer may change.
PAIRS = tuple(
    (category, channel)
    for category in ("NEWSLETTER", "LOYALTY_PROGRAM")
    for channel in ("EMAIL", "TEXT_MESSAGE")
)
#: An agent's actions and how often it takes each.
ACTIONS = {"search": 30, "read": 30, "preference change": 15, "thread message": 20, "same requestId twice": 5}
#: An If-Match change retried this often without success counts as an error.
ATTEMPTS = 20


@dataclass
class Tally:
    """What every request answered and how long it took, by operation."""

    latencies: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0

    def error(self, text: str) -> None:
        self.errors.append(text)


class Agent(DemoRequests):
    """One simulated agent: its own connection to its server, and a second one (`twin`: the other
    process, or another connection to the same port) for sending a request twice at once."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        twin: httpx.AsyncClient,
        rng: random.Random,
        hot: list[int],
        tally: Tally,
        acked: Acked,
    ) -> None:
        super().__init__(http, rng, [])
        self.twin, self.hot, self.tally, self.acked = twin, hot, tally, acked

    async def timed(self, operation: str, send: Request, expected: frozenset[int]) -> httpx.Response | None:
        """The answer, timed under `operation`; None after a transport error or an unexpected status."""
        started = time.perf_counter()
        try:
            answer = await send()
        except httpx.HTTPError as error:
            self.tally.error(f"{operation}: {type(error).__name__} {error}")
            return None
        self.tally.latencies[operation].append(time.perf_counter() - started)
        self.tally.statuses[answer.status_code] += 1
        if answer.status_code not in expected:
            request = answer.request
            self.tally.error(
                f"{operation}: {request.method} {request.url} answered {answer.status_code} "
                f"trace={answer.headers.get('x-trace-id')} {answer.text[:300]}"
            )
            return None
        return answer

    async def act(self) -> None:
        action = self.rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
        if action == "search":
            await self.timed("search", self.search, OK)
        elif action == "read":
            read = self.rng.choice((self.profile, self.thread_list, self.messages, self.log))
            await self.timed("read", read, OK)
        elif action == "preference change":
            await self.change_preference()
        else:
            await self.message(twice=action == "same requestId twice")

    async def change_preference(self) -> None:
        customer = self.rng.choice(self.hot)
        category, channel = self.rng.choice(PAIRS)
        path = f"/v1/communications/{customer}/communication-preferences"
        started = time.perf_counter()
        for _ in range(ATTEMPTS):
            read = await self.timed("preferences read", lambda: self.http.get(path), OK)
            if read is None:
                return
            view = read.json()
            previous = next(
                pair["active"]
                for listed in view["preferences"]
                if listed["messageCategory"] == category
                for pair in listed["channels"]
                if pair["communicationChannel"] == channel
            )
            request_id = str(uuid.uuid4())
            pair = {"communicationChannel": channel, "active": not previous}
            body = {
                "preferences": [{"messageCategory": category, "channels": [pair]}],
                "requestId": request_id,
            }
            headers = {"If-Match": read.headers["etag"]}
            answer = await self.timed(
                "preference change (PUT)",
                lambda body=body, headers=headers: self.http.put(path, json=body, headers=headers),
                PUT_OK,
            )
            if answer is None:
                return
            if answer.status_code == 412:
                self.tally.conflicts += 1
                self.acked.refused_preferences.append(request_id)
                continue
            self.acked.preferences.append(
                PreferenceWrite(
                    request_id,
                    customer,
                    category,
                    channel,
                    previous,
                    view["version"],
                    answer.json()["version"],
                    answer.headers.get("x-trace-id", ""),
                )
            )
            self.tally.latencies["preference change (read to saved)"].append(time.perf_counter() - started)
            return
        self.tally.error(f"preference change of customer {customer}: {ATTEMPTS} conflicts in a row")

    async def message(self, twice: bool) -> None:
        direction = self.rng.choice(("INCOMING", "OUTGOING"))
        reply = self.reply_request(direction) if self.rng.random() < 0.75 else None
        customer, path, body = reply or self.new_thread_request(direction)
        operation, expected = ("thread reply", OK) if reply else ("new thread", frozenset({201}))
        if not twice:
            answer = await self.timed(operation, lambda: self.http.post(path, json=body), expected)
            answers = [answer] if answer is not None else []
        else:
            operation = f"{operation}, same requestId twice"
            sent = await asyncio.gather(
                *(
                    self.timed(operation, lambda http=http: http.post(path, json=body), expected)
                    for http in (self.http, self.twin)
                )
            )
            answers = [answer for answer in sent if answer is not None]
            ids = {answer.json()["communicationId"] for answer in answers}
            fresh = [answer for answer in answers if answer.headers.get("idempotent-replayed") != "true"]
            if len(answers) == 2 and (len(ids) != 1 or len(fresh) != 1):
                self.tally.error(
                    f"{operation} requestId {body['requestId']}: communications {sorted(ids)}, "
                    f"{len(fresh)} answers not replayed (want one communication, one fresh answer)"
                )
        if not answers:
            return
        first = answers[0].json()
        self.acked.messages[first["communicationId"]] = Message(
            str(body["requestId"]), first["threadId"], customer, reply is None
        )
        if reply is None:
            self.thread_created(customer, answers[0])


OK = frozenset({200})
PUT_OK = frozenset({200, 412})


async def agent_run(agent: Agent, until: float, think: float) -> None:
    await asyncio.sleep(agent.rng.random() * think)  # spread the agents' starts
    while time.monotonic() < until:
        await agent.act()
        if think:
            await asyncio.sleep(agent.rng.expovariate(1 / think))


async def follow(stream: Stream, url: str, token: str, tally: Tally) -> None:
    """Follows /v1/events until cancelled; after a dropped connection (an error) resumes with
    Last-Event-ID, as the app does."""
    async with httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(30.0, read=60.0)) as http:
        while True:
            headers = {"Authorization": f"Bearer {token}"}
            if stream.received:
                headers["Last-Event-ID"] = str(stream.received[-1][0])
            try:
                async with aconnect_sse(http, "GET", "/v1/events", headers=headers) as source:
                    if source.response.status_code != 200:
                        tally.error(
                            f"stream {stream.number}: /v1/events answered {source.response.status_code}"
                        )
                        await asyncio.sleep(1)
                        continue
                    stream.connected.set()
                    async for event in source.aiter_sse():
                        if event.data:  # a heartbeat comment decodes as an event without data
                            stream.received.append((int(event.id), event.event, event.data))
            except httpx.HTTPError as error:
                tally.error(f"stream {stream.number} at {url}: {type(error).__name__} {error}")


def newest(database: str, table: str, tenant: int) -> int:
    return int(
        postgres.stored(database, f"SELECT coalesce(max(id), 0) FROM {table} WHERE tenant_id = {{}}", tenant)[
            0
        ][0]
    )


async def settled_event_id(database: str, tenant: int, quiet: float = 2.0, within: float = 30.0) -> int:
    """The newest event id once no event has been added for `quiet` seconds (outgoing messages'
    delivery status changes follow their answers)."""
    deadline = time.monotonic() + within
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        current = await asyncio.to_thread(newest, database, "events", tenant)
        if current != last:
            last, since = current, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
        await asyncio.sleep(0.25)
    return last


async def run(
    urls: list[str], database: str, tenant: int, args: argparse.Namespace
) -> tuple[Tally, Acked, float]:
    tally, acked = Tally(), Acked()
    tokens = [sign_in(urls[0], user) for user in USERS]
    acked.hot = list(range(2, 2 + args.hot))
    acked.versions_before = await asyncio.to_thread(versions, database, acked.hot)
    acked.communications_before = await asyncio.to_thread(newest, database, "communications", tenant)
    acked.threads_before = await asyncio.to_thread(newest, database, "threads", tenant)
    acked.consent_before = await asyncio.to_thread(newest, database, "consent_changes", tenant)
    acked.events_before = await asyncio.to_thread(newest, database, "events", tenant)
    streams = [Stream(n, urls[n % len(urls)]) for n in range(args.streams)]
    followers = [
        asyncio.create_task(follow(s, s.url, tokens[s.number % len(tokens)], tally)) for s in streams
    ]
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with AsyncExitStack() as stack:

        async def client(url: str, token: str) -> httpx.AsyncClient:
            return await stack.enter_async_context(
                httpx.AsyncClient(
                    base_url=url, headers={"Authorization": f"Bearer {token}"}, limits=limits, timeout=60
                )
            )

        agents = []
        for n in range(args.agents):
            token = tokens[n % len(tokens)]
            own, other = urls[n % len(urls)], urls[(n + 1) % len(urls)]
            agents.append(
                Agent(
                    await client(own, token),
                    await client(other, token),
                    random.Random(n),
                    acked.hot,
                    tally,
                    acked,
                )
            )
        await asyncio.wait_for(asyncio.gather(*(s.connected.wait() for s in streams)), 60)
        if await asyncio.to_thread(newest, database, "events", tenant) != acked.events_before:
            raise RuntimeError("events were written while the streams connected: their start is unknown")
        started = time.monotonic()
        await asyncio.gather(*(agent_run(agent, started + args.seconds, args.think) for agent in agents))
        seconds = time.monotonic() - started
    acked.events_after = await settled_event_id(database, tenant)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(s.last_id() < acked.events_after for s in streams):  # noqa: ASYNC110 - the streams' tasks append
        await asyncio.sleep(0.1)
    for task in followers:
        task.cancel()
    for task in followers:
        with suppress(asyncio.CancelledError):
            await task
    acked.streams = streams
    return tally, acked, seconds


def versions(database: str, customers: list[int]) -> dict[int, int]:
    rows = postgres.stored(database, "SELECT id, prefs_version FROM customers WHERE id = ANY({})", customers)
    return {int(customer): int(version) for customer, version in rows}


def process_tree(pid: int) -> list[int]:
    """The process and its descendants (a server's worker processes)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        with suppress(OSError):
            for child in (task / "children").read_text().split():
                found.extend(process_tree(int(child)))
    return found


def tree_cpu(pids: list[int]) -> dict[int, float]:
    seconds = {}
    for pid in pids:
        with suppress(OSError):
            seconds[pid] = cpu_seconds(pid)
    return seconds


def server_offers_workers() -> bool:
    answer = subprocess.run(
        [sys.executable, "-m", "app.server.cli", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return "--workers" in answer.stdout


def report(tally: Tally, seconds: float, cpu: dict[int, float], logs: list[Path]) -> bool:
    """Prints the figures; True when there was no error, in the answers or in the servers' logs."""
    answered = sum(tally.statuses.values())
    print(f"{seconds:.1f} s, {answered} answers ({answered / seconds:.0f}/s)")
    width = max(len(name) for name in tally.latencies)
    for name, values in sorted(tally.latencies.items()):
        print(
            f"  {name:<{width}} {len(values):6d} ({len(values) / seconds:6.1f}/s)  {latency_figures(values)}"
        )
    print("answers by status: " + ", ".join(f"{status}: {n}" for status, n in sorted(tally.statuses.items())))
    print(f"412 preferences.versionConflict, re-read and retried (not errors): {tally.conflicts}")
    print(
        "server CPU: "
        + ", ".join(f"pid {pid} {spent:.1f} s" for pid, spent in cpu.items())
        + f"; {sum(cpu.values()) / max(answered, 1) * 1000:.1f} ms an answer"
    )
    text = "\n".join(log.read_text(encoding="utf-8", errors="replace") for log in logs)
    logged_5xx = sum(int(status) >= 500 for status, _ in ACCESS_LINE.findall(text))
    tracebacks = text.count("Traceback")
    print(f"server logs: {logged_5xx} answers 5xx, {tracebacks} tracebacks ({', '.join(map(str, logs))})")
    print(f"errors: {len(tally.errors)}")
    for line in tally.errors[:10]:
        print(f"  {line}")
    return not tally.errors and not logged_5xx and not tracebacks


def start_servers(database: str, mode: str, folder: Path) -> list[LiveServer]:
    options = ("--rate-limit", "100000000")
    if mode == "workers":
        servers = [LiveServer(database, (*options, "--workers", "2"), log=folder / "server.log")]
    else:
        servers = [LiveServer(database, options, log=folder / f"server-{n}.log") for n in (1, 2)]
    try:
        for server in servers:  # one after the other: the first migrates and seeds the demo data
            server.start(timeout=180)
    except RuntimeError:
        for server in servers:
            server.stop()
        raise
    return servers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--streams", type=int, default=10, help="clients following /v1/events")
    parser.add_argument("--think", type=float, default=0.1, help="an agent's mean pause between actions (s)")
    parser.add_argument(
        "--hot",
        type=int,
        default=50,
        help="how many customers the preference changes share (fewer: more 412s)",
    )
    parser.add_argument("--mode", choices=("auto", "workers", "separate"), default="auto")
    parser.add_argument(
        "--database", help="a postgresql:// URL (default: a fresh database on the test cluster)"
    )
    args = parser.parse_args()
    mode = args.mode if args.mode != "auto" else ("workers" if server_offers_workers() else "separate")
    database = args.database or postgres.create_database()
    folder = Path(tempfile.mkdtemp(prefix="bench-team-load-"))
    try:
        servers = start_servers(database, mode, folder)
    except RuntimeError:
        if not args.database:
            postgres.drop_database(database)
        raise
    try:
        urls = [server.url for server in servers]
        tenant = int(postgres.stored(database, "SELECT id FROM tenants WHERE name = 'demo'")[0][0])
        pids = [pid for server in servers if server.process for pid in process_tree(server.process.pid)]
        print(
            f"{mode}: {len(pids)} server processes (pids {', '.join(map(str, pids))}) at {', '.join(urls)} "
            f"on {database}; {args.agents} agents, {args.streams} streams, {args.seconds:.0f} s, "
            f"think {args.think} s"
        )
        cpu_before = tree_cpu(pids)
        tally, acked, seconds = asyncio.run(run(urls, database, tenant, args))
        cpu = {pid: spent - cpu_before.get(pid, 0.0) for pid, spent in tree_cpu(pids).items()}
    finally:
        for server in servers:
            server.stop()
    clean = report(tally, seconds, cpu, [server.log for server in servers])
    checked = check_all(database, tenant, acked)
    passed = clean and checked
    print("load proof: " + ("passed" if passed else f"FAILED (logs kept in {folder}, database {database})"))
    if passed:
        shutil.rmtree(folder)
        if not args.database:
            postgres.drop_database(database)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
