"""Where the app's server and user come from: the embedded demo server, sign-in, keyring, settings."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from app.contract.enums import EventType
from app.contract.events import ServerEvent
from app.credentials import CredentialStore
from app.desktop.events import ConnectionState
from app.desktop.session.config import check_server_url, configured_server_url
from app.desktop.session.embedded import EmbeddedServer
from app.desktop.session.settings_dialog import SettingsDialog
from app.desktop.session.signin import SignInDialog
from tests.desktop.shell import OFFSCREEN_NOISE, ShellFactory, run, shell_factory
from tests.keyring_memory import MemoryKeyring
from tests.live_server import LiveServer

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def label(window: object, name: str) -> str:
    from PySide6.QtWidgets import QWidget

    assert isinstance(window, QWidget)
    found = window.findChild(QLabel, name)
    assert found is not None, name
    return found.text()


def test_the_embedded_server_serves_the_demo_as_agent_and_is_gone_after_quit(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, shells: ShellFactory
) -> None:
    shell = shells(None)  # nothing configured: the embedded default
    assert run(qtbot, loop, shell.controller.start(), timeout=60_000)
    window = shell.window
    embedded = shell.controller.embedded
    assert embedded is not None and embedded.pid is not None
    pid = embedded.pid
    assert alive(pid)
    assert (shells.data_dir / "demo.db").exists()  # the demo database is in the user data directory

    assert window.demo_banner.isVisible()
    assert window.demo_banner.text() == "Demo data — local server"
    assert "Peter Meyer" in label(window, "userStatus") and "Agent" in label(window, "userStatus")
    assert "127.0.0.1" in label(window, "serverStatus")
    qtbot.waitUntil(lambda: "Online" in label(window, "connectionStatus"), timeout=10_000)
    qtbot.waitUntil(lambda: window.search.model.rowCount() > 0, timeout=10_000)  # the initial list
    # Signed in by the token the child was started with, not by a password sign-in (a new token).
    session = shell.controller.session
    assert session is not None and session.client.token == embedded.token
    assert window.pane is not None  # made once the first list was there

    window.close()
    run(qtbot, loop, shell.controller.shutdown())
    assert not alive(pid)


def test_the_embedded_start_signs_in_with_the_demo_password_when_the_child_refuses_its_token(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, shells: ShellFactory
) -> None:
    shell = shells(None)
    embedded = EmbeddedServer(shells.data_dir, user="supervisor")
    embedded.start()
    started_with = embedded.token
    embedded.token = f"sbt_{uuid.uuid4().hex}"  # not the one the child stored: /v1/me answers 401
    shell.controller.embedded = embedded
    try:
        assert run(qtbot, loop, shell.controller.start(), timeout=60_000)
        session = shell.controller.session
        assert session is not None
        assert session.user.username == "supervisor"
        assert session.client.token not in (None, started_with, embedded.token)  # a password sign-in's
        qtbot.waitUntil(lambda: shell.window.search.model.rowCount() > 0, timeout=10_000)
        assert "Supervisor" in label(shell.window, "userStatus")
    finally:
        shell.window.close()
        run(qtbot, loop, shell.controller.shutdown())


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _app_environment(home: Path) -> dict[str, str]:
    env = os.environ.copy()
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    return env


def test_the_embedded_server_exits_when_the_app_is_killed(tmp_path: Path) -> None:
    app = subprocess.Popen(
        [sys.executable, "-m", "app.desktop"],
        env=_app_environment(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    database = tmp_path / "data" / "switchboard" / "demo.db"
    servers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (servers and database.exists()):
            servers = _children(app.pid)
            time.sleep(0.1)
        assert servers, "the app started no server child"
        assert all(alive(pid) for pid in servers)
        app.kill()  # SIGKILL: the app gets no chance to clean up
        app.wait(10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(alive(pid) for pid in servers):
            time.sleep(0.1)
        assert not any(alive(pid) for pid in servers), "the embedded server outlived the app"
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(10)
        for pid in servers:
            if alive(pid):
                os.kill(pid, 9)


def sign_in_dialog(qtbot: QtBot) -> SignInDialog:
    found: list[SignInDialog] = []

    def shown() -> bool:
        found[:] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, SignInDialog) and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(shown, timeout=10_000)
    return found[0]


def type_credentials(qtbot: QtBot, dialog: SignInDialog, username: str, password: str) -> None:
    for name, text in (("signInUsername", username), ("signInPassword", password)):
        field = dialog.findChild(QLineEdit, name)
        assert field is not None
        field.clear()
        qtbot.keyClicks(field, text)


def test_remember_me_signs_in_silently_next_time_and_sign_out_forgets(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, server: LiveServer, shells: ShellFactory
) -> None:
    keyring = MemoryKeyring()
    first = shells(server.url, credentials=CredentialStore(keyring))
    starting = loop.create_task(first.controller.start())
    dialog = sign_in_dialog(qtbot)
    assert server.url in label(dialog, "signInServer")

    # A wrong password is answered in the dialog, with the server's message and trace id.
    type_credentials(qtbot, dialog, "agent", "wrong")
    button = dialog.findChild(QPushButton, "signInButton")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert dialog.error.message and dialog.error.trace_id
    assert not keyring.entries

    type_credentials(qtbot, dialog, "agent", "demo")
    remember = dialog.findChild(QCheckBox, "rememberMe")
    assert remember is not None
    remember.setFocus()
    qtbot.keyClick(remember, Qt.Key.Key_Space)
    assert remember.isChecked()
    qtbot.keyClick(dialog.findChild(QLineEdit, "signInPassword"), Qt.Key.Key_Return)
    qtbot.waitUntil(starting.done, timeout=10_000)
    assert starting.result() is True
    assert "Peter Meyer" in label(first.window, "userStatus")
    stored = list(keyring.entries.items())
    assert len(stored) == 1
    (service, key), value = stored[0]
    assert service == "switchboard" and key == server.url
    assert json.loads(value)["kind"] == "token" and "demo" not in value  # a token, never the password
    run(qtbot, loop, first.controller.shutdown())

    # The next start: no dialog, signed in with the stored token.
    second = shells(server.url, credentials=CredentialStore(keyring))
    assert run(qtbot, loop, second.controller.start())
    assert "Peter Meyer" in label(second.window, "userStatus")
    assert "Agent" in label(second.window, "userStatus")
    qtbot.waitUntil(lambda: second.window.search.model.rowCount() > 0, timeout=10_000)

    # Sign out: the credential is forgotten and the sign-in dialog asks again.
    second.window.sign_out_action.trigger()
    dialog = sign_in_dialog(qtbot)
    assert not keyring.entries
    assert "Not signed in" in label(second.window, "userStatus")
    assert second.window.search.model.rowCount() == 0  # no customer data stays on screen
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "Not signed in" in label(second.window, "userStatus")

    # File > Sign in… asks again; without "Remember me" nothing is stored.
    assert second.window.sign_in_action.isVisible() and not second.window.sign_out_action.isVisible()
    second.window.sign_in_action.trigger()
    dialog = sign_in_dialog(qtbot)
    type_credentials(qtbot, dialog, "agent2", "demo")
    qtbot.keyClick(dialog.findChild(QLineEdit, "signInPassword"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "agent2" in label(second.window, "userStatus"), timeout=10_000)
    assert not keyring.entries


def test_an_api_key_signs_in_as_the_role_it_acts_as(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, server: LiveServer, shells: ShellFactory
) -> None:
    created = httpx.post(
        f"{server.url}/v1/api-keys",
        json={"name": "desk", "role": "SUPERVISOR", "requestId": "6f1d8e0c-4d1e-4f7a-9a53-2d0b7a0c1e11"},
        headers=server.headers("admin"),
    )
    created.raise_for_status()
    shell = shells(server.url, credentials=CredentialStore(MemoryKeyring()))
    starting = loop.create_task(shell.controller.start())
    dialog = sign_in_dialog(qtbot)
    dialog.method.setCurrentIndex(1)
    key_field = dialog.findChild(QLineEdit, "signInApiKey")
    assert key_field is not None
    qtbot.keyClicks(key_field, created.json()["key"])
    qtbot.keyClick(key_field, Qt.Key.Key_Return)
    qtbot.waitUntil(starting.done, timeout=10_000)
    assert starting.result() is True
    assert "Supervisor" in label(shell.window, "userStatus")


def test_plain_http_to_another_host_is_refused_unless_allowed(tmp_path: Path) -> None:
    refused = subprocess.run(
        [sys.executable, "-m", "app.desktop", "--server", "http://switchboard.example.com"],
        env=_app_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2
    assert "Refusing plain http:// to switchboard.example.com" in refused.stderr
    assert "--allow-insecure" in refused.stderr
    assert not (tmp_path / "data" / "switchboard" / "demo.db").exists()  # nothing was started

    assert check_server_url("http://127.0.0.1:8700/") == "http://127.0.0.1:8700"
    assert check_server_url("http://localhost:8700") == "http://localhost:8700"
    assert check_server_url("http://[::1]:8700") == "http://[::1]:8700"
    with pytest.raises(ValueError, match="Refusing plain http://"):
        check_server_url("http://192.168.1.20:8700")
    assert check_server_url("https://switchboard.example.com") == "https://switchboard.example.com"
    assert (
        check_server_url("http://switchboard.example.com", allow_insecure=True)
        == "http://switchboard.example.com"
    )


def test_settings_refuses_plain_http_to_another_host(qtbot: QtBot) -> None:
    dialog = SettingsDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.embedded.isChecked()
    url = dialog.findChild(QLineEdit, "serverUrl")
    assert url is not None
    qtbot.keyClicks(url, "http://10.1.2.3:8700")
    assert dialog.remote.isChecked()
    qtbot.keyClick(url, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.problem.isVisible() and "Refusing plain http://" in dialog.problem.text()

    url.clear()
    qtbot.keyClicks(url, "https://switchboard.example.com/")
    qtbot.keyClick(url, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert dialog.chosen_url == "https://switchboard.example.com"


def test_the_status_bar_follows_the_connection(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, server: LiveServer, shells: ShellFactory
) -> None:
    shell = shells.signed_in(server, "supervisor")
    window = shell.window
    assert "Supervisor" in label(window, "userStatus")
    assert server.url in label(window, "serverStatus")
    assert not window.demo_banner.isVisible()  # a real server: no demo banner
    qtbot.waitUntil(lambda: "Online" in label(window, "connectionStatus"), timeout=10_000)
    received: list[ServerEvent] = []
    shell.controller.session.bridge.event_received.connect(received.append)  # type: ignore[union-attr]

    # A change made elsewhere arrives as an event, and its time shows in the status bar.
    create_customer(server, "Before")
    qtbot.waitUntil(lambda: "last event" in label(window, "connectionStatus"), timeout=15_000)
    assert [e.type for e in received] == [EventType.CUSTOMER_CREATED]

    states: list[ConnectionState] = []
    shell.controller.session.bridge.state_changed.connect(states.append)  # type: ignore[union-attr]
    server.stop()
    qtbot.waitUntil(lambda: "Offline" in label(window, "connectionStatus"), timeout=15_000)
    assert states[:2] == [ConnectionState.RECONNECTING, ConnectionState.OFFLINE]
    server.start()
    qtbot.waitUntil(lambda: "Online" in label(window, "connectionStatus"), timeout=15_000)

    # After the restart the stream resumes: the next change arrives, once.
    created = create_customer(server, "After")
    qtbot.waitUntil(lambda: len(received) == 2, timeout=15_000)
    assert received[1].data["customerId"] == created
    qtbot.wait(500)
    assert len(received) == 2


def create_customer(server: LiveServer, last_name: str) -> int:
    """Another agent adds a customer: the server announces it as an event."""
    answer = httpx.post(
        f"{server.url}/v1/customers",
        json={"firstName": "Eva", "lastName": last_name, "requestId": str(uuid.uuid4())},
        headers=server.headers("agent2"),
    )
    answer.raise_for_status()
    return int(answer.json()["customerId"])


def settings_dialog(qtbot: QtBot) -> SettingsDialog:
    found: list[SettingsDialog] = []

    def shown() -> bool:
        widgets = QApplication.topLevelWidgets()
        found[:] = [w for w in widgets if isinstance(w, SettingsDialog) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=10_000)
    return found[0]


def test_settings_switch_between_a_server_and_the_embedded_demo(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, server: LiveServer, shells: ShellFactory
) -> None:
    shell = shells.signed_in(server)
    window = shell.window
    assert not window.demo_banner.isVisible()

    # File > Settings…: the embedded demo server instead.
    window.findChild(QAction, "settingsAction").trigger()  # type: ignore[union-attr]
    dialog = settings_dialog(qtbot)
    assert dialog.remote.isChecked() and dialog.url.text() == server.url
    dialog.embedded.setFocus()
    qtbot.keyClick(dialog.embedded, Qt.Key.Key_Space)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(window.demo_banner.isVisible, timeout=60_000)
    assert "Peter Meyer" in label(window, "userStatus")
    embedded = shell.controller.embedded
    assert embedded is not None and embedded.pid is not None and alive(embedded.pid)
    assert configured_server_url() is None

    # And back to the server, where the remembered token signs in silently; the child is stopped.
    pid = embedded.pid
    window.findChild(QAction, "settingsAction").trigger()  # type: ignore[union-attr]
    dialog = settings_dialog(qtbot)
    qtbot.keyClicks(dialog.url, server.url)
    qtbot.keyClick(dialog.url, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: server.url in label(window, "serverStatus"), timeout=10_000)
    assert "Peter Meyer" in label(window, "userStatus")
    assert not window.demo_banner.isVisible()
    assert not alive(pid)
    assert configured_server_url() == server.url
