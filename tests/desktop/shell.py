"""Helpers for tests of the desktop shell: a main window with its session, and running a coroutine."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pytestqt.qtbot import QtBot

from app.credentials import Credential, CredentialKind, CredentialStore
from app.desktop.mainwindow import MainWindow
from app.desktop.session.config import APPLICATION, ORGANISATION
from app.desktop.session.controller import SessionController, StartOptions
from app.desktop.session.embedded import EmbeddedServer
from tests.keyring_memory import MemoryKeyring
from tests.live_server import LiveServer

T = TypeVar("T")

#: The offscreen platform warns about this on every QMainWindow it shows; it is no fault of ours.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def run(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, work: Coroutine[Any, Any, T], timeout: int = 30_000
) -> T:
    """Run a coroutine on the session's Qt loop while Qt keeps processing events; its result."""
    task = loop.create_task(work)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


@dataclass
class Shell:
    window: MainWindow
    controller: SessionController


class ShellFactory:
    """Builds main windows with a session controller; shuts every one of them down afterwards."""

    def __init__(self, qtbot: QtBot, loop: asyncio.AbstractEventLoop, data_dir: Path) -> None:
        self.qtbot = qtbot
        self.loop = loop
        self.data_dir = data_dir
        self.shells: list[Shell] = []

    def __call__(
        self,
        server_url: str | None,
        *,
        credentials: CredentialStore | None = None,
        embedded: EmbeddedServer | None = None,
    ) -> Shell:
        # Not qtbot.addWidget: pytest-qt would delete the window before the session is shut down.
        window = MainWindow()
        window.show()
        options = StartOptions(server_url, self.data_dir)
        controller = SessionController(window, options, credentials=credentials, embedded=embedded)
        shell = Shell(window, controller)
        self.shells.append(shell)
        return shell

    def signed_in(self, server: LiveServer, username: str = "agent") -> Shell:
        """A window signed in to the live server silently, with a stored token."""
        store = CredentialStore(MemoryKeyring())
        credential = Credential(CredentialKind.TOKEN, server.token(username), username)
        run(self.qtbot, self.loop, store.save(server.url, credential))
        shell = self(server.url, credentials=store)
        assert run(self.qtbot, self.loop, shell.controller.start())
        return shell

    def close_all(self) -> None:
        for shell in self.shells:
            run(self.qtbot, self.loop, shell.controller.shutdown())
            shell.window.close()
            shell.window.deleteLater()


@contextmanager
def shell_factory(qtbot: QtBot, loop: asyncio.AbstractEventLoop, data_dir: Path) -> Iterator[ShellFactory]:
    """For a test module's `shells` fixture: every shell made is shut down at the end."""
    factory = ShellFactory(qtbot, loop, data_dir)
    try:
        yield factory
    finally:
        factory.close_all()


def unattended_screenshot(
    tmp_path: Path, saved_view_settings: str, *options: str
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """`python -m app.desktop --screenshot` offscreen in its own data and config folders, with the
    `[view]` settings given already saved; answers the run, the screenshot's path and the settings file."""
    env = os.environ.copy()
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    config = tmp_path / "config" / ORGANISATION / f"{APPLICATION}.conf"
    config.parent.mkdir(parents=True)
    config.write_text(f"[view]\n{saved_view_settings}\n", encoding="utf-8")
    shot = tmp_path / "shot.png"
    done = subprocess.run(
        [sys.executable, "-m", "app.desktop", *options, "--screenshot", str(shot)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done, shot, config
