"""`switchboard` as a user runs it: --version, --help, --reset-demo, --screenshot; window state."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.desktop.mainwindow import FIRST_SIZE, MainWindow
from app.desktop.session.config import settings
from tests.desktop.shell import OFFSCREEN_NOISE, ShellFactory, shell_factory
from tests.live_server import LiveServer

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


def switchboard(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = os.environ.copy()
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    return subprocess.run(
        [sys.executable, "-m", "app.desktop", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def test_version_and_help(tmp_path: Path) -> None:
    version = switchboard(tmp_path, "--version")
    assert version.returncode == 0
    assert version.stdout.startswith("switchboard ")
    usage = switchboard(tmp_path, "--help")
    assert usage.returncode == 0
    for option in ("--server", "--allow-insecure", "--reset-demo", "--screenshot", "--customer", "--tab"):
        assert option in usage.stdout


def _customers_named(database: Path, last_name: str, *, create: bool = False) -> int:
    server = LiveServer(database)
    server.start()
    try:
        headers = server.headers("agent")
        if create:
            body = {"firstName": "Temporary", "lastName": last_name, "requestId": str(uuid.uuid4())}
            httpx.post(f"{server.url}/v1/customers", json=body, headers=headers).raise_for_status()
        found = httpx.get(f"{server.url}/v1/customers", params={"query": last_name}, headers=headers)
        found.raise_for_status()
        return int(found.json()["total"])
    finally:
        server.stop()


def servers_on(database: Path) -> list[int]:
    """Running processes whose command line names this database."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(database).encode() in command:
            found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_reset_demo_recreates_the_demo_database(tmp_path: Path) -> None:
    assert switchboard(tmp_path, "--benchmark-startup").returncode == 0
    demo = tmp_path / "data" / "switchboard" / "demo.db"
    assert demo.exists()
    assert not servers_on(demo)  # the app stopped its embedded server when it quit
    assert _customers_named(demo, "Zwischenfall", create=True) == 1

    assert switchboard(tmp_path, "--benchmark-startup").returncode == 0
    assert _customers_named(demo, "Zwischenfall") == 1  # a normal start keeps the demo data

    assert switchboard(tmp_path, "--reset-demo", "--benchmark-startup").returncode == 0
    assert _customers_named(demo, "Zwischenfall") == 0
    assert _customers_named(demo, "Dvořák") > 0  # and the demo data is there again


@pytest.mark.slow
def test_screenshot_saves_the_main_window_with_the_customer_open(tmp_path: Path) -> None:
    target = tmp_path / "shots" / "blocked.png"
    done = switchboard(tmp_path, "--screenshot", str(target), "--customer", "3", "--tab", "preferences")
    assert done.returncode == 0, done.stderr
    assert "propagateSizeHints" not in done.stderr  # Qt's offscreen noise is not shown to the user
    image = QImage(str(target))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1280, 800)
    assert not list((tmp_path / "data" / "switchboard").glob("*.db-journal"))


def test_window_layout_is_kept(qtbot: QtBot) -> None:
    window = MainWindow()
    window.show()
    window.resize(760, 560)  # within the offscreen screen, so restoring needs no clamping
    qtbot.waitUntil(lambda: window.splitter.width() < 760)
    window.splitter.setSizes([300, window.splitter.width() - 300])
    wanted = window.splitter.sizes()
    assert wanted[0] == 300
    window.close()  # saves the layout
    window.deleteLater()

    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (760, 560)
    assert again.splitter.sizes() == wanted


def test_a_first_start_on_a_screen_too_small_for_the_first_size_opens_maximized(qtbot: QtBot) -> None:
    settings().remove("window")  # a first start: no layout kept
    window = MainWindow()
    qtbot.addWidget(window)
    room = window.screen().availableGeometry()  # the offscreen screen: 800 x 800
    assert room.width() < FIRST_SIZE[0]
    window.fit_first_size()
    window.show()
    qtbot.waitUntil(window.isMaximized)
    # The window manager gives a maximized window the screen (the offscreen platform has none); it
    # can, as the window needs no more room than the screen has.
    needed = window.minimumSizeHint()
    assert needed.width() <= room.width() and needed.height() <= room.height()


def test_a_kept_layout_keeps_its_size_whatever_the_screen(qtbot: QtBot) -> None:
    window = MainWindow()
    window.show()
    window.resize(700, 500)
    window.close()  # saves the layout
    window.deleteLater()

    again = MainWindow()
    qtbot.addWidget(again)
    again.fit_first_size()
    again.show()
    assert not again.isMaximized()
    assert (again.width(), again.height()) == (700, 500)


def test_no_secret_is_written_to_settings(qtbot: QtBot, server: LiveServer, shells: ShellFactory) -> None:
    shell = shells.signed_in(server)
    token = shell.controller.session.client.token  # type: ignore[union-attr]
    assert token
    shell.window.close()  # saves the layout
    store = settings()
    store.sync()
    written = Path(store.fileName()).read_bytes()
    assert b"geometry" in written  # the layout is there ...
    assert token.encode() not in written  # ... and the token is not


def test_a_customer_opened_before_the_session_has_its_pane_opens_once_it_has(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory, tmp_path: Path
) -> None:
    """The embedded start shows the first list before it makes the customer pane: Enter on a customer
    in between is not lost."""
    from app.desktop.customer.drafts import DraftStore
    from app.desktop.customer.pane import CustomerPane

    shell = shells.signed_in(server)
    window, session = shell.window, shell.controller.session
    assert session is not None
    window.set_pane(None)
    window.open_customer(1)
    assert window.pane is None
    pane = CustomerPane(session.client, DraftStore(tmp_path / "drafts"), user=session.user)
    window.set_pane(pane)
    assert pane.customer_id == 1
    qtbot.waitUntil(lambda: pane.customer is not None, timeout=10_000)
    assert pane.customer is not None and pane.customer.customer_id == 1
    assert pane.isVisibleTo(window)
