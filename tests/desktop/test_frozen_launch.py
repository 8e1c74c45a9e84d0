"""Which program the app starts as its embedded server: this Python's `-m app.server.cli`, or, in a
frozen build (packaging/switchboard.spec), the `switchboard-server` program in the app's own folder.

The frozen build itself is tested by packaging/test_frozen.py (it needs `bash packaging/build.sh`
first, too slow for the suite); here a frozen app is what PyInstaller makes of the `sys` module, and
its server program a real one that records how it was started and then runs the real server.
"""

from __future__ import annotations

import asyncio
import shlex
import stat
import sys
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from app.desktop.session.embedded import FROZEN_SERVER_PROGRAM, EmbeddedServer, server_program
from tests.desktop.shell import run


def test_the_installed_app_starts_the_server_with_its_own_python() -> None:
    assert server_program() == [sys.executable, "-m", "app.server.cli"]
    command = EmbeddedServer(Path("data")).command(0)
    assert command[:3] == [sys.executable, "-m", "app.server.cli"]
    assert command[3:] == [
        "--demo",
        "--demo-session",
        "agent",
        "--port",
        "0",
        "--database",
        str(Path("data") / "demo.db"),
        "--log-file",
        str(Path("data") / "logs" / "server.log"),
        "--exit-on-stdin-close",
    ]


def test_a_frozen_app_starts_the_server_program_in_its_own_folder_and_no_python(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "switchboard"
    folder.mkdir()
    started = tmp_path / "started-as.txt"
    program = folder / FROZEN_SERVER_PROGRAM
    program.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$0" "$@" > {shlex.quote(str(started))}\n'
        f'exec {shlex.quote(sys.executable)} -m app.server.cli "$@"\n',
        encoding="utf-8",
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    python = sys.executable
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "switchboard"))

    assert server_program() == [str(program)]
    embedded = EmbeddedServer(tmp_path / "data")
    assert python not in embedded.command(0)
    embedded.start()
    try:
        url = run(qtbot, loop, embedded.wait_ready(), timeout=90_000)
        assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200
    finally:
        embedded.stop()
    as_started = started.read_text(encoding="utf-8").splitlines()
    assert as_started[0] == str(program)
    assert as_started[1:] == [
        "--demo",
        "--demo-session",
        "agent",
        "--port",
        "0",
        "--database",
        str(tmp_path / "data" / "demo.db"),
        "--log-file",
        str(tmp_path / "data" / "logs" / "server.log"),
        "--exit-on-stdin-close",
    ]
    assert not embedded.running
