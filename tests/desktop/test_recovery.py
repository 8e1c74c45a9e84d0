"""Recovery: a killed demo server is started again and what waited is sent once; no pane shows an
exception's own text; a pane that said the server cannot be reached clears once it is back."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.desktop.customer.drafts import DraftStore
from app.desktop.customer.pane import CustomerPane
from app.desktop.failures import OFFLINE_MESSAGE
from app.desktop.search.view import CustomerSearch
from app.desktop.session.embedded import DEMO_PASSWORD, EmbeddedServer, RestartPolicy
from app.desktop.widgets.error_pane import ErrorPane
from tests.desktop.customer_support import ANNA, QUICK_RETRIES, confirm_save, stored_drafts, toggle
from tests.desktop.shell import OFFSCREEN_NOISE, Shell, ShellFactory, run, shell_factory
from tests.live_server import LiveServer

pytestmark = OFFSCREEN_NOISE

#: What an exception says of itself, which no pane may show.
RAW = ("ConnectError", "connection attempts", "Error(", "cannot connect to", "Traceback")
SENT_WHILE_DOWN = "Sent while the demo server was down"


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


class PortTaken:
    """Something else listens on the port now: every connection is reset at once (the old address
    of the server refuses quickly, and the server cannot listen there again)."""

    def __init__(self, port: int) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        deadline = time.monotonic() + 10
        while True:  # the killed server's own socket goes with its process, a moment after the kill
            try:
                self.socket.bind(("127.0.0.1", port))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        self.socket.listen(64)
        self.socket.settimeout(0.1)
        self._open = True
        self._thread = threading.Thread(target=self._reset_all, daemon=True)
        self._thread.start()

    def _reset_all(self) -> None:
        while self._open:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            connection.close()

    def close(self) -> None:
        self._open = False
        self._thread.join(5)
        self.socket.close()


def http(url: str, method: str, path: str, user: str = "agent2", **kwargs: Any) -> httpx.Response:
    """Ask the server directly, as another demo user."""
    token = httpx.post(f"{url}/v1/auth/token", json={"username": user, "password": DEMO_PASSWORD}, timeout=15)
    token.raise_for_status()
    headers = {"Authorization": f"Bearer {token.json()['accessToken']}"}
    answer = httpx.request(method, f"{url}{path}", headers=headers, timeout=15, **kwargs)
    answer.raise_for_status()
    return answer


def sent_count(url: str, thread_id: int) -> int:
    """How many messages of the agent's, sent while the server was down, the server holds."""
    path = f"/v1/communications/{ANNA}/threads/{thread_id}/communications?limit=50"
    return sum(1 for item in http(url, "GET", path).json()["items"] if item["content"] == SENT_WHILE_DOWN)


def signed_in_on_embedded(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, shells: ShellFactory, embedded: EmbeddedServer
) -> Shell:
    shell = shells(None, embedded=embedded)
    assert run(qtbot, loop, shell.controller.start(), timeout=90_000)
    qtbot.waitUntil(lambda: "Online" in shell.window.connection_status.text(), timeout=15_000)
    return shell


def visible_texts(root: QWidget) -> list[str]:
    return [label.text() for label in root.findChildren(QLabel) if label.isVisible() and label.text()]


def assert_no_raw_text(root: QWidget) -> None:
    for text in visible_texts(root):
        assert not any(raw in text for raw in RAW), text


# -- the demo server dies -------------------------------------------------------------------------


def test_a_killed_demo_server_is_restarted_on_a_new_port_and_what_waited_is_sent_exactly_once(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, shells: ShellFactory
) -> None:
    # The first restart waits long enough for the sends below to give up and wait themselves.
    embedded = EmbeddedServer(shells.data_dir, RestartPolicy(check_every_s=0.2, waits_s=(10.0,)))
    shell = signed_in_on_embedded(qtbot, loop, shells, embedded)
    window = shell.window
    pane = window.pane
    assert pane is not None
    with qtbot.waitSignal(pane.fully_loaded, timeout=30_000):
        window.open_customer(ANNA)
    tab = pane.conversations
    thread = tab.current_thread
    assert thread is not None
    old_url, pid = embedded.url, embedded.pid
    assert old_url is not None and pid is not None
    # The stream is up before the kill and the app has seen an event, as after any working hour: after
    # the restart the stream resumes after it (Last-Event-ID), so nothing written meanwhile is missed.
    # (An app that has seen no event at all reconnects without one and starts at the connection: what
    # is written between the restart and the new connection is then not shown live.)
    rows = tab.messages_model.rowCount()
    incoming = {
        "communicationThreadStatus": "ONGOING",
        "communicationDirection": "INCOMING",
        "communicationChannel": "EMAIL",
        "requestId": str(uuid.uuid4()),
    }
    thread_path = f"/v1/communications/{ANNA}/threads/{thread.thread_id}"
    http(old_url, "POST", thread_path, json={**incoming, "content": "Hello, before the server stops"})
    qtbot.waitUntil(lambda: tab.messages_model.rowCount() > rows, timeout=30_000)

    os.kill(pid, signal.SIGKILL)
    taken = PortTaken(embedded.port)  # so the server has to listen elsewhere, and the client follow
    try:
        # While it is down, the agent answers the customer and saves a preference change.
        tab.composer.text.setFocus()
        qtbot.keyClicks(tab.composer.text, SENT_WHILE_DOWN)
        qtbot.keyClick(tab.composer.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        pane.show_tab("preferences")
        toggle(qtbot, pane, "LOYALTY_PROGRAM", "EMAIL")
        confirm_save(qtbot, pane)
        qtbot.waitUntil(lambda: tab.composer.notice.text() == OFFLINE_MESSAGE, timeout=20_000)
        qtbot.waitUntil(lambda: pane.preferences.save_error.message == OFFLINE_MESSAGE, timeout=20_000)
        drafts = shells.data_dir / "drafts"
        assert all(draft["pending"] for draft in stored_drafts(drafts)) and len(stored_drafts(drafts)) == 2
        assert embedded.restart_count == 0, "the sends gave up before the server was back"

        banner = window.demo_banner
        qtbot.waitUntil(lambda: "stopped and was restarted" in banner.text(), timeout=30_000)
        assert banner.isVisible()
        assert banner.text().startswith("Demo data — local server · The local demo server stopped")
        new_url = embedded.url
        assert new_url is not None and new_url != old_url
        assert embedded.pid != pid and embedded.restart_count == 1
        assert new_url in window.server_status.text()

        # Both go out by themselves once it answers, with their requestIds: exactly one of each.
        qtbot.waitUntil(lambda: stored_drafts(drafts) == [], timeout=30_000)
        qtbot.waitUntil(lambda: "Online" in window.connection_status.text(), timeout=10_000)
        path = f"/v1/communications/{ANNA}/threads/{thread.thread_id}/communications?limit=50"
        sent = [
            c for c in http(new_url, "GET", path).json()["items"] if c["content"].startswith("Sent while")
        ]
        assert len(sent) == 1
        preferences = http(new_url, "GET", f"/v1/communications/{ANNA}/communication-preferences").json()
        loyalty = next(p for p in preferences["preferences"] if p["messageCategory"] == "LOYALTY_PROGRAM")
        assert {"communicationChannel": "EMAIL", "active": True}.items() <= next(
            pair for pair in loyalty["channels"] if pair["communicationChannel"] == "EMAIL"
        ).items()
        assert not tab.composer.notice.isVisible() and not pane.preferences.save_error.isVisible()

        # The event stream resumed at the new address: another agent's message shows up live.
        pane.show_tab("conversations")
        http(
            new_url,
            "PUT",
            f"/v1/communications/{ANNA}/threads/{thread.thread_id}",
            json={
                "communicationThreadStatus": "ONGOING",
                "content": "Are you still there?",
                "communicationDirection": "INCOMING",
                "communicationChannel": "EMAIL",
                "requestId": str(uuid.uuid4()),
            },
        )

        # The stream may still be waiting out its backoff at the new address on a busy machine. Waited
        # for by its text, not by a row count: the pane may be reloading the thread (it had shown an
        # error while the server was away), and the reloaded page adds rows of its own.
        def newest() -> str:
            shown = tab.messages_model.messages
            return shown[-1].content if shown else ""

        qtbot.waitUntil(lambda: newest() == "Are you still there?", timeout=30_000)
        qtbot.wait(500)
        assert (
            len([c for c in http(new_url, "GET", path).json()["items"] if c["content"].startswith("Sent")])
            == 1
        )
        assert_no_raw_text(window)
    finally:
        taken.close()


class DiesAfterTheFirstStart(EmbeddedServer):
    """A demo server that, once it has died, never starts again (its every later start fails)."""

    def __init__(self, data_dir: Path, restarts: RestartPolicy) -> None:
        super().__init__(data_dir, restarts)
        self.starts = 0

    def command(self, port: int) -> list[str]:
        self.starts += 1
        if self.starts == 1:
            return super().command(port)
        return [sys.executable, "-c", "import sys; sys.stderr.write('cannot start\\n'); sys.exit(3)"]


def test_a_demo_server_that_keeps_failing_is_given_up_and_the_banner_says_what_to_do(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, shells: ShellFactory
) -> None:
    policy = RestartPolicy(check_every_s=0.1, give_up_after=3, waits_s=(0.0, 0.2))
    embedded = DiesAfterTheFirstStart(shells.data_dir, policy)
    shell = signed_in_on_embedded(qtbot, loop, shells, embedded)
    assert embedded.pid is not None
    os.kill(embedded.pid, signal.SIGKILL)

    banner = shell.window.demo_banner
    qtbot.waitUntil(lambda: "is not started again" in banner.text(), timeout=30_000)
    assert "stopped 3 times in a row" in banner.text()
    assert "Quit Switchboard and start it again" in banner.text()
    assert str(embedded.log_path) in banner.text()
    assert not embedded.running and embedded.restart_count == 0
    tries = embedded.starts
    assert tries == 1 + 2 * 2, "two attempts, each on the old port and then on any"
    qtbot.wait(1000)
    assert embedded.starts == tries, "no more attempts after giving up"
    qtbot.waitUntil(lambda: "Offline" in shell.window.connection_status.text(), timeout=15_000)


# -- words, not exceptions ------------------------------------------------------------------------


def unreachable_url() -> str:
    """A loopback address nothing listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_an_unreachable_server_is_said_in_words_in_the_search_and_the_customer_pane(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    client = SwitchboardClient(unreachable_url(), token="sbt_x", retry=QUICK_RETRIES, deadline=5)
    search = CustomerSearch()
    search.resize(400, 600)
    search.show()
    pane = CustomerPane(client, DraftStore(tmp_path / "drafts"))
    pane.resize(1100, 800)
    pane.show()
    try:
        search.set_client(client)
        qtbot.waitUntil(search.error.isVisible, timeout=15_000)
        assert search.error.message == "The server cannot be reached. No connection to it could be made."
        assert search.error.failure is not None and "ConnectError" in (search.error.failure.detail or "")
        assert_no_raw_text(search)

        with qtbot.waitSignal(pane.fully_loaded, timeout=30_000):
            pane.open_customer(ANNA)
        assert pane.header_error.isVisible()
        assert pane.header_error.message.startswith("The server cannot be reached.")
        shown = [p for p in pane.findChildren(ErrorPane) if p.isVisible()]
        assert shown, "the pane says what went wrong"
        for error_pane in shown:
            assert error_pane.message.startswith("The server cannot be reached."), error_pane.message
        for name in ("conversations", "preferences", "activity", "requests"):
            pane.show_tab(name)
            assert_no_raw_text(pane)
    finally:
        search.shutdown()
        pane.shutdown()
        search.close()
        pane.close()
        run(qtbot, loop, client.aclose())


# -- back again -------------------------------------------------------------------------------------


def test_a_pane_saying_the_server_cannot_be_reached_clears_itself_when_it_is_back(
    qtbot: QtBot, shells: ShellFactory, server: LiveServer
) -> None:
    shell = shells.signed_in(server)
    window = shell.window
    qtbot.waitUntil(lambda: "Online" in window.connection_status.text(), timeout=15_000)
    pane = window.pane
    assert pane is not None
    server.stop()
    qtbot.waitUntil(lambda: "Offline" in window.connection_status.text(), timeout=15_000)

    qtbot.keyClicks(window.search.box, "muller")
    qtbot.waitUntil(window.search.error.isVisible, timeout=60_000)
    assert window.search.error.message.startswith("The server cannot be reached.")
    window.open_customer(ANNA)
    qtbot.waitUntil(pane.header_error.isVisible, timeout=60_000)
    assert_no_raw_text(window)

    server.start()  # on the same port: no Retry pressed, nothing typed
    qtbot.waitUntil(lambda: "Online" in window.connection_status.text(), timeout=15_000)
    qtbot.waitUntil(lambda: not window.search.error.isVisible(), timeout=15_000)
    qtbot.waitUntil(lambda: window.search.model.rowCount() > 0, timeout=15_000)
    assert window.search.model.customer_at(0) is not None
    qtbot.waitUntil(lambda: not pane.header_error.isVisible(), timeout=15_000)
    qtbot.waitUntil(lambda: pane.customer is not None and pane.customer.customer_id == ANNA, timeout=15_000)
    assert not [p for p in window.findChildren(ErrorPane) if p.isVisible()], "no red pane stays"
