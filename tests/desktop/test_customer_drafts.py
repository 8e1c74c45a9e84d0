"""Nothing lost: drafts survive a restart, and a send while the server is down results in one message."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.desktop.customer import pane as pane_module
from app.desktop.customer.drafts import DraftStore
from app.desktop.customer.pane import CustomerPane
from app.desktop.failures import OFFLINE_MESSAGE
from tests.desktop.customer_support import (
    ANNA,
    QUICK_RETRIES,
    agent_client_fixture,  # noqa: F401 - the `client` fixture
    api,
    cell_text,
    confirm_save,
    open_pane,
    run,
    server_value,
    stored_drafts,
    toggle,
)
from tests.desktop.shell import OFFSCREEN_NOISE
from tests.live_server import LiveServer

# The offscreen platform warns when a window or dialog is shown; that is no fault of the app.
pytestmark = OFFSCREEN_NOISE

EMAIL_OFF = {"communicationChannel": "EMAIL", "active": False}


def count_on_server(server: LiveServer, customer_id: int, thread_id: int, content: str) -> int:
    path = f"/v1/communications/{customer_id}/threads/{thread_id}/communications?limit=20"
    return sum(1 for item in api(server, "GET", path).json()["items"] if item["content"] == content)


def test_a_restart_restores_the_typed_draft(qtbot: QtBot, client: SwitchboardClient, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    pane = open_pane(qtbot, client, drafts, ANNA)
    thread = pane.conversations.current_thread
    assert thread is not None
    pane.conversations.composer.text.setFocus()
    qtbot.keyClicks(pane.conversations.composer.text, "Half-typed answer")
    # Saved as typed (debounced), with no clean shutdown: what a crash leaves behind.
    qtbot.waitUntil(lambda: any(d.get("text") == "Half-typed answer" for d in stored_drafts(drafts)))

    again = open_pane(qtbot, client, drafts, ANNA)
    assert again.conversations.current_thread is not None
    assert again.conversations.current_thread.thread_id == thread.thread_id
    qtbot.waitUntil(lambda: again.conversations.composer.text.toPlainText() == "Half-typed answer")


def test_a_new_thread_draft_is_kept_apart_from_a_reply(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    tab = pane.conversations
    tab.composer.text.setFocus()
    qtbot.keyClicks(tab.composer.text, "A reply")
    qtbot.keyClick(tab.composer.text, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.composer.text.toPlainText() == ""
    qtbot.keyClicks(tab.composer.subject, "Fresh subject")
    tab.composer.text.setFocus()
    qtbot.keyClicks(tab.composer.text, "A new thread")
    qtbot.waitUntil(lambda: len(stored_drafts(tmp_path / "drafts")) == 2)

    # Back to the thread: its own draft comes back.
    tab.thread_list.setFocus()
    tab.thread_list.setCurrentIndex(tab.threads_model.index(0, 0))
    qtbot.waitUntil(lambda: tab.composer.text.toPlainText() == "A reply")
    assert not tab.new_thread


def test_a_send_while_the_server_is_down_keeps_the_draft_and_results_in_exactly_one_message(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    drafts = tmp_path / "drafts"
    pane = open_pane(qtbot, client, drafts, ANNA)
    tab = pane.conversations
    thread = tab.current_thread
    assert thread is not None
    server.stop()

    tab.composer.text.setFocus()
    qtbot.keyClicks(tab.composer.text, "Sent while offline")
    qtbot.keyClick(tab.composer.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: tab.composer.notice.text() == OFFLINE_MESSAGE, timeout=15000)
    assert tab.composer.notice.isVisible()
    assert tab.composer.text.toPlainText() == "Sent while offline", "the draft stays in the composer"
    [stored] = stored_drafts(drafts)
    assert stored["text"] == "Sent while offline"
    assert stored["pending"] is True
    request_id = stored["requestId"]
    assert request_id

    server.start()
    pane.set_online(True)

    qtbot.waitUntil(
        lambda: "Sent while offline" in [m.content for m in tab.messages_model.messages], timeout=15000
    )
    assert tab.composer.text.toPlainText() == ""
    assert not tab.composer.notice.isVisible()
    assert stored_drafts(drafts) == []
    assert count_on_server(server, ANNA, thread.thread_id, "Sent while offline") == 1

    # Told twice that the server is back: still exactly one message.
    pane.set_online(True)
    qtbot.wait(300)
    assert count_on_server(server, ANNA, thread.thread_id, "Sent while offline") == 1


def test_a_draft_pending_at_a_restart_is_sent_once_by_the_restarted_app(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    drafts = tmp_path / "drafts"
    pane = open_pane(qtbot, client, drafts, ANNA)
    thread = pane.conversations.current_thread
    assert thread is not None
    server.stop()
    type_text = "Queued before the restart"
    pane.conversations.composer.text.setFocus()
    qtbot.keyClicks(pane.conversations.composer.text, type_text)
    qtbot.keyClick(pane.conversations.composer.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: pane.conversations.composer.notice.text() == OFFLINE_MESSAGE, timeout=15000)
    pane.shutdown()  # as the app's end of the session does
    pane.close()

    # The app is restarted once the server is back: the pending draft goes out by itself.
    server.start()
    again = CustomerPane(client, DraftStore(drafts))
    qtbot.addWidget(again, before_close_func=CustomerPane.shutdown)
    qtbot.waitUntil(lambda: stored_drafts(drafts) == [], timeout=15000)
    assert count_on_server(server, ANNA, thread.thread_id, type_text) == 1


class AnswersLost(httpx.AsyncBaseTransport):
    """The network drops every answer while `lose` is set: the server did the work, the app never hears."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.lose = False
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if self.lose and request.method != "GET":
            await response.aread()
            await response.aclose()
            self.lost += 1
            raise httpx.ReadError("connection reset by peer", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_a_send_whose_answer_was_lost_is_resent_with_the_same_request_id_and_recorded_once(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path, server: LiveServer
) -> None:
    network = AnswersLost()
    client = SwitchboardClient(
        server.url, token=server.token("agent"), transport=network, retry=QUICK_RETRIES
    )
    pane: CustomerPane | None = None
    try:
        pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
        tab = pane.conversations
        thread = tab.current_thread
        assert thread is not None
        network.lose = True
        tab.composer.text.setFocus()
        qtbot.keyClicks(tab.composer.text, "Answer lost on the way back")
        qtbot.keyClick(tab.composer.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: tab.composer.notice.text() == OFFLINE_MESSAGE, timeout=15000)
        assert network.lost >= 1
        # The server has recorded it; the app does not know and keeps the draft.
        assert count_on_server(server, ANNA, thread.thread_id, "Answer lost on the way back") == 1

        network.lose = False
        pane.set_online(True)
        qtbot.waitUntil(lambda: tab.composer.text.toPlainText() == "", timeout=15000)
        assert [m.content for m in tab.messages_model.messages].count("Answer lost on the way back") == 1
        assert count_on_server(server, ANNA, thread.thread_id, "Answer lost on the way back") == 1
    finally:
        if pane is not None:
            pane.shutdown()  # its requests end before their client does
        run(qtbot, loop, client.aclose())


def save_while_offline(
    qtbot: QtBot, pane: CustomerPane, server: LiveServer, category: str, channel: str
) -> None:
    """Stage one pair, lose the server, confirm Save: the pane says it will send when the server is back."""
    pane.show_tab("preferences")
    toggle(qtbot, pane, category, channel)
    server.stop()
    confirm_save(qtbot, pane)
    qtbot.waitUntil(lambda: pane.preferences.save_error.message == OFFLINE_MESSAGE, timeout=15000)
    assert pane.preferences.save_error.isVisible()


def test_staged_preferences_saved_while_offline_are_sent_when_the_server_is_back(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    drafts = tmp_path / "drafts"
    pane = open_pane(qtbot, client, drafts, ANNA)
    save_while_offline(qtbot, pane, server, "LOYALTY_PROGRAM", "EMAIL")
    [stored] = stored_drafts(drafts)
    assert stored["pending"] is True and stored["requestId"]
    assert stored["changes"] == [
        {"messageCategory": "LOYALTY_PROGRAM", "communicationChannel": "EMAIL", "active": True}
    ]

    server.start()
    pane.set_online(True)
    qtbot.waitUntil(lambda: pane.preferences.matrix_model.changes() == [], timeout=15000)
    qtbot.waitUntil(lambda: stored_drafts(drafts) == [], timeout=5000)
    assert server_value(server, "LOYALTY_PROGRAM", "EMAIL") is True
    assert not pane.preferences.save_error.isVisible()
    assert cell_text(pane, "LOYALTY_PROGRAM", "EMAIL") == "on"


def test_pending_preferences_of_a_customer_no_longer_open_are_sent_when_the_server_is_back(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    drafts = tmp_path / "drafts"
    pane = open_pane(qtbot, client, drafts, ANNA)
    save_while_offline(qtbot, pane, server, "NEWSLETTER", "PHONE")

    server.start()
    with qtbot.waitSignal(pane.fully_loaded, timeout=15000):
        pane.open_customer(2)  # the agent moved on to the next caller
    pane.set_online(True)

    qtbot.waitUntil(lambda: stored_drafts(drafts) == [], timeout=15000)
    assert server_value(server, "NEWSLETTER", "PHONE") is True


class DatabaseAway(httpx.AsyncBaseTransport):
    """The server up, its database not (a PostgreSQL restart): while `away`, every write gets the
    server's answer to that, 503 `server.unavailable`. The connection itself never looks lost."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.away = False
        self.refused = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.away and request.method != "GET":
            self.refused += 1
            trace = uuid.uuid4().hex
            body = {
                "errorMessage": "The server's database is not available right now. Try again in a moment.",
                "errorCode": "server.unavailable",
                "traceId": trace,
                "reference": None,
                "args": [],
            }
            return httpx.Response(503, json=body, headers={"Retry-After": "1", "X-Trace-Id": trace})
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_preferences_refused_while_the_database_is_away_are_sent_again_by_themselves(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path, server: LiveServer, monkeypatch
) -> None:
    """No "online" comes after a 503: the server never went away. The pane tries again on its own."""
    monkeypatch.setattr(pane_module, "RETRY_INTERVAL_MS", 300)
    network = DatabaseAway()
    client = SwitchboardClient(
        server.url, token=server.token("agent"), transport=network, retry=QUICK_RETRIES
    )
    drafts = tmp_path / "drafts"
    pane: CustomerPane | None = None
    try:
        pane = open_pane(qtbot, client, drafts, ANNA)
        pane.show_tab("preferences")
        toggle(qtbot, pane, "LOYALTY_PROGRAM", "EMAIL")
        network.away = True
        confirm_save(qtbot, pane)
        qtbot.waitUntil(lambda: pane.preferences.save_error.message == OFFLINE_MESSAGE, timeout=15000)
        assert network.refused >= 1
        assert server_value(server, "LOYALTY_PROGRAM", "EMAIL") is False
        [stored] = stored_drafts(drafts)
        assert stored["pending"] is True

        network.away = False  # the database is back; nobody tells the app
        qtbot.waitUntil(lambda: pane.preferences.matrix_model.changes() == [], timeout=15000)
        qtbot.waitUntil(lambda: stored_drafts(drafts) == [], timeout=5000)
        assert server_value(server, "LOYALTY_PROGRAM", "EMAIL") is True
        assert not pane.preferences.save_error.isVisible()
        assert cell_text(pane, "LOYALTY_PROGRAM", "EMAIL") == "on"
    finally:
        if pane is not None:
            pane.shutdown()
        run(qtbot, loop, client.aclose())


def test_staged_changes_restored_on_a_server_changed_meanwhile_show_the_conflict_first(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    drafts = tmp_path / "drafts"
    pane = open_pane(qtbot, client, drafts, ANNA)
    pane.show_tab("preferences")
    toggle(qtbot, pane, "NEWSLETTER", "TEXT_MESSAGE")
    qtbot.waitUntil(lambda: any(d.get("changes") for d in stored_drafts(drafts)))
    # While the app is down, another agent changes the same customer's preferences.
    api(
        server,
        "PUT",
        f"/v1/communications/{ANNA}/communication-preferences",
        json={
            "preferences": [
                {
                    "messageCategory": "NEWSLETTER",
                    "channels": [{"communicationChannel": "EMAIL", "active": False}],
                }
            ],
            "requestId": str(uuid.uuid4()),
        },
    )

    again = open_pane(qtbot, client, drafts, ANNA)
    again.show_tab("preferences")
    conflict = again.preferences.conflict
    assert conflict.isVisible()
    assert cell_text(again, "NEWSLETTER", "TEXT_MESSAGE") == "on (staged)"
    assert cell_text(again, "NEWSLETTER", "EMAIL") == "off", "the other agent's version is shown"

    # Saving without deciding is still guarded by the version the change was staged on.
    confirm_save(qtbot, again)
    qtbot.waitUntil(lambda: again.preferences.save_button.isEnabled(), timeout=10000)
    assert conflict.isVisible()
    assert server_value(server, "NEWSLETTER", "TEXT_MESSAGE") is False

    qtbot.mouseClick(conflict.reapply, Qt.MouseButton.LeftButton)
    confirm_save(qtbot, again)
    qtbot.waitUntil(lambda: cell_text(again, "NEWSLETTER", "TEXT_MESSAGE") == "on", timeout=10000)
    assert server_value(server, "NEWSLETTER", "TEXT_MESSAGE") is True
    assert server_value(server, "NEWSLETTER", "EMAIL") is False
