"""Benchmark: how soon the embedded server listens, against the floor of the libraries it is built on.

Spawns, taking turns so both meet the same load, and times from spawning to the listening line:
- the floor: a Python that imports what the server's start cannot do without (FastAPI, uvicorn with
  uvloop and httptools, SQLAlchemy's asyncio extension and ORM, pydantic-settings, limits, aiosqlite),
  builds a FastAPI app of one route and has uvicorn listen on a free port. None of Switchboard's code;
- `switchboard-server` as the desktop app starts it (`--demo --demo-session agent`, an existing demo
  database: the everyday start).

The difference is what Switchboard's own start costs (its routes, models, demo check, demo session).
bench_desktop.py's cold start waits for the server's listening line, then paints the first list
about 0.1 s later; with the floor's figure in place of the server's, that is the soonest paint this
stack allows on this machine.

    python tests/benchmarks/bench_server_start.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.demo_session import TOKEN_ENV  # noqa: E402
from tests.live_server import LISTENING  # noqa: E402

#: The floor: the server's libraries imported, one route, uvicorn listening (the line printed as the
#: server prints its own), then serving until stdin closes.
FLOOR = """
import gc
gc.disable()
import asyncio, socket, sys
import aiosqlite, fastapi, limits, pydantic_settings, sqlalchemy.ext.asyncio, sqlalchemy.orm, uvicorn
from uvicorn.loops.auto import auto_loop_factory
app = fastapi.FastAPI()
@app.get("/v1/customers")
async def customers() -> list[dict[str, int]]:
    return [{"id": 1}]
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
sock.listen()
class Server(uvicorn.Server):
    async def startup(self, sockets=None):
        await super().startup(sockets)
        print("%s http://127.0.0.1:%d" % (sys.argv[1], sock.getsockname()[1]), flush=True)
server = Server(uvicorn.Config(app, log_level="warning", http="httptools"))
async def main():
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    server.should_exit = True
    await serving
with asyncio.Runner(loop_factory=auto_loop_factory(use_subprocess=False)) as runner:
    runner.run(main())
"""


def spawn_to_listening(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    child = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    assert child.stdout is not None and child.stdin is not None
    line = child.stdout.readline()
    seconds = time.perf_counter() - started
    child.stdin.close()
    child.wait(30)
    if not line.startswith(LISTENING):
        raise SystemExit(f"{command[1]} did not listen (exit {child.returncode}): {line!r}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="switchboard-bench-start-"))
    env = {**os.environ, TOKEN_ENV: "bench-" + "x" * 40, "PYTHONPATH": str(ROOT)}
    # fmt: off
    server = [
        sys.executable, "-m", "app.server.cli", "--demo", "--demo-session", "agent", "--port", "0",
        "--database", str(folder / "demo.db"), "--log-file", str(folder / "server.log"),
        "--exit-on-stdin-close",
    ]
    # fmt: on
    commands = {
        "floor: FastAPI app of one route": [sys.executable, "-c", FLOOR, LISTENING.strip()],
        "switchboard-server, everyday start": server,
    }
    spawn_to_listening(server, env)  # creates the demo database: the runs below are everyday starts
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(spawn_to_listening(command, env))
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    cores = os.cpu_count()
    print(f"spawn to listening, {args.runs} runs each, taking turns; load average {load} on {cores} cores:")
    for name, seconds in times.items():
        print(f"  {name:38s} median {statistics.median(seconds):.3f} s, best {min(seconds):.3f} s")
    floor, ours = (statistics.median(seconds) for seconds in times.values())
    print(f"  Switchboard's own start: {ours - floor:+.3f} s over the floor")


if __name__ == "__main__":
    main()
