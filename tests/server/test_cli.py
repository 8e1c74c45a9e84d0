"""`switchboard-server` as a user runs it: a child process that prints one line and serves HTTP."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from app.demo_session import TOKEN_ENV as DEMO_SESSION_TOKEN_ENV

LINE = re.compile(r"^Switchboard server listening on (http://127\.0\.0\.1:(\d+))\n$")


@contextmanager
def running_server(
    *args: str, timeout: float = 60, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Starts the CLI (with `env` added to the environment), waits for its first stdout line, yields
    (line, process); stops it afterwards."""
    process = subprocess.Popen(
        [sys.executable, "-m", "app.server.cli", "--port", "0", "--exit-on-stdin-close", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    first: list[bytes] = []
    reader = threading.Thread(target=lambda: first.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout)
    try:
        yield (first[0].decode() if first else ""), process
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def test_port_0_prints_exactly_one_line_and_serves(tmp_path: Path):
    with running_server("--database", str(tmp_path / "cli.db")) as (line, process):
        match = LINE.match(line)
        assert match, line
        url, port = match[1], int(match[2])
        assert port > 0
        health = httpx.get(f"{url}/healthz", timeout=10)
        assert health.status_code == 200
        assert health.json()["status"] == "ok"
        assert health.headers["X-Trace-Id"]
        docs = httpx.get(f"{url}/openapi.json", timeout=10)
        assert docs.status_code == 200
    rest, errors = process.communicate(timeout=15)
    assert rest == b"", rest  # nothing after the one line
    assert b"Traceback" not in errors, errors.decode()
    lines = errors.decode().splitlines()
    access = [line for line in lines if docs.headers["X-Trace-Id"] in line]
    assert len(access) == 1, errors.decode()  # the request's log line, found by its trace id
    assert "GET /openapi.json 200" in access[0]
    # A health poll (the desktop asks every 2 s) answers with its trace id but is not logged (issue 10).
    assert not [line for line in lines if health.headers["X-Trace-Id"] in line or "/healthz" in line]
    assert (tmp_path / "cli.db").exists()


def test_seed_customers_adds_searchable_customers_to_the_demo_data(tmp_path: Path):
    with running_server("--demo", "--seed-customers", "50", "--database", str(tmp_path / "seeded.db")) as (
        line,
        _process,
    ):
        match = LINE.match(line)
        assert match, line
        url = match[1]
        token = httpx.post(f"{url}/v1/auth/token", json={"username": "agent", "password": "demo"}, timeout=10)
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['accessToken']}"}
        everyone = httpx.get(f"{url}/v1/customers", params={"limit": 1}, headers=headers, timeout=10).json()
        assert everyone["total"] == 300 + 50  # the demo customers and the generated ones
        newest = everyone["items"][0]
        found = httpx.get(
            f"{url}/v1/customers",
            params={"query": f"{newest['firstName']} {newest['lastName']}", "limit": 100},
            headers=headers,
            timeout=10,
        ).json()
        assert newest["customerId"] in [c["customerId"] for c in found["items"]]
        anna = httpx.get(
            f"{url}/v1/customers", params={"query": "anna mül"}, headers=headers, timeout=10
        ).json()
        assert ("Anna", "Müller") in [(c["firstName"], c["lastName"]) for c in anna["items"]]


def test_demo_session_signs_the_demo_user_in_with_the_token_its_parent_chose(tmp_path: Path):
    """How the desktop app starts its embedded server: the token in the environment, no password."""
    token = f"sbt_{secrets.token_urlsafe(32)}"
    database = str(tmp_path / "session.db")
    for start in ("first start", "started again with the same token"):
        with running_server(
            "--demo",
            "--demo-session",
            "supervisor",
            "--database",
            database,
            env={DEMO_SESSION_TOKEN_ENV: token},
        ) as (line, _process):
            match = LINE.match(line)
            assert match, (start, line)
            url = match[1]
            me = httpx.get(f"{url}/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
            assert me.status_code == 200, (start, me.text)
            assert (me.json()["username"], me.json()["role"]) == ("supervisor", "SUPERVISOR")
            other = httpx.get(f"{url}/v1/me", headers={"Authorization": f"Bearer {token}x"}, timeout=10)
            assert other.status_code == 401, start


def test_demo_session_is_refused_without_demo_without_a_token_and_for_a_user_the_demo_lacks(tmp_path: Path):
    token = {DEMO_SESSION_TOKEN_ENV: f"sbt_{secrets.token_urlsafe(32)}"}
    database = str(tmp_path / "refused.db")
    refusals = [
        (["--demo-session", "agent"], token, "--demo-session goes with --demo"),
        (["--demo", "--demo-session", "agent"], {DEMO_SESSION_TOKEN_ENV: "short"}, DEMO_SESSION_TOKEN_ENV),
        (["--demo", "--demo-session", "agent"], {DEMO_SESSION_TOKEN_ENV: ""}, DEMO_SESSION_TOKEN_ENV),
    ]
    for args, env, words in refusals:
        ended = subprocess.run(
            [sys.executable, "-m", "app.server.cli", "--port", "0", "--database", database, *args],
            env={**os.environ, **env},
            capture_output=True,
            timeout=60,
        )
        assert ended.returncode == 2, (args, ended.stderr.decode())
        assert words in ended.stderr.decode(), (args, ended.stderr.decode())
        assert ended.stdout == b""
    with running_server("--demo", "--demo-session", "nobody", "--database", database, env=token) as (
        line,
        process,
    ):
        assert line == ""  # it never listens
        _rest, errors = process.communicate(timeout=30)
    assert process.returncode != 0
    assert "the demo has no user 'nobody'" in errors.decode(), errors.decode()


def test_the_server_loads_no_library_of_a_feature_it_is_not_using_yet():
    """Start-up time (issue 13): on SQLite, without SMTP, webhooks or a password sign-in yet, the server
    has no use for asyncpg, aiosmtplib, stamina, httpx or argon2, which cost a third of a second to load."""
    unused = ("asyncpg", "aiosmtplib", "stamina", "httpx", "argon2", "sqlalchemy.dialects.postgresql")
    script = (
        "import sys\n"
        "from app.server.app import create_app\n"
        "from app.server.cli import main\n"
        f"print(' '.join(m for m in {unused!r} if m in sys.modules))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert loaded.stdout.split() == []


def test_the_collector_is_off_for_the_start_and_on_once_the_server_serves(tmp_path: Path):
    """app.collector: the start runs without the cyclic garbage collector; serving, it runs again,
    and what the start made is frozen."""
    script = (
        "import gc, sys\n"
        "import app.server.cli as cli\n"
        "announce = cli._announce\n"
        "def told(host, sock):\n"
        "    print(f'collector {gc.isenabled()} frozen {gc.get_freeze_count()}', file=sys.stderr)\n"
        "    announce(host, sock)\n"
        "cli._announce = told\n"
        "def create_app(settings):\n"
        "    print(f'collector while starting {gc.isenabled()}', file=sys.stderr, flush=True)\n"
        "    return made(settings)\n"
        "import app.server.app\n"
        "app.server.app.create_app, made = create_app, app.server.app.create_app\n"
        "cli.main(sys.argv[1:])\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, "--port", "0", "--database", str(tmp_path / "gc.db")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert LINE.match(process.stdout.readline().decode())  # type: ignore[union-attr]
    finally:
        process.terminate()
        _out, errors = process.communicate(timeout=30)
    told = errors.decode()
    assert "collector while starting False" in told, told
    frozen = re.search(r"collector True frozen (\d+)", told)
    assert frozen and int(frozen[1]) > 10_000, told
