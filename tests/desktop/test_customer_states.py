"""What the agent sees when something is missing or fails, and thread status changes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from tests.desktop.customer_support import (
    ANNA,
    ZOE,
    agent_client_fixture,  # noqa: F401 - the `client` fixture
    api,
    bare_pane,
    open_pane,
)
from tests.desktop.shell import OFFSCREEN_NOISE
from tests.live_server import LiveServer

# The offscreen platform warns when a window or dialog is shown; that is no fault of the app.
pytestmark = OFFSCREEN_NOISE

MISSING = 987_654_321


def test_an_unknown_customer_shows_the_servers_message_and_trace_id_in_each_view(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = bare_pane(qtbot, client, tmp_path / "drafts")
    assert pane.placeholder.isVisible(), "before a customer is opened the pane says how to open one"
    with qtbot.waitSignal(pane.fully_loaded, timeout=15000):
        pane.open_customer(MISSING)

    assert pane.header_error.isVisible()
    assert "not found" in pane.header_error.message.lower()
    assert pane.header_error.trace_id, "the trace id is there to copy"
    threads = pane.conversations.thread_state
    assert threads.state == "error"
    assert threads.error.trace_id
    assert not pane.banner.isVisible()
    pane.show_tab("preferences")
    assert pane.preferences.matrix_state.state == "error"
    assert "not found" in pane.preferences.matrix_state.error.message.lower()


def test_a_customer_without_threads_shows_the_empty_state_and_a_new_thread_composer(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    created = api(
        server,
        "POST",
        "/v1/customers",
        json={"firstName": "Nora", "lastName": "Neu", "requestId": "6f1f7c1e-0000-4000-8000-000000000001"},
    ).json()
    pane = open_pane(qtbot, client, tmp_path / "drafts", created["customerId"])
    tab = pane.conversations
    assert tab.thread_state.state == "empty"
    assert "No threads yet" in tab.thread_state.empty.text()
    assert tab.new_thread and tab.composer.subject.isVisible()
    assert pane.preferences.history_state.state == "empty"


def test_closing_and_reopening_a_thread(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    tab = pane.conversations
    thread = tab.current_thread
    assert thread is not None and thread.communication_thread_status.value != "CLOSED"
    path = f"/v1/communications/{ANNA}/threads/{thread.thread_id}"

    qtbot.mouseClick(tab.header.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.header.reopen.isVisible(), timeout=10000)
    assert tab.header.status.text() == "Closed"
    assert not tab.header.close_button.isVisible()
    assert api(server, "GET", path, user="agent").json()["communicationThreadStatus"] == "CLOSED"
    row = tab.threads_model.row_of(thread.thread_id)
    qtbot.waitUntil(lambda: tab.threads_model.index(row or 0, 0).data() == "Closed", timeout=10000)

    qtbot.mouseClick(tab.header.reopen, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.header.close_button.isVisible(), timeout=10000)
    assert tab.header.status.text() == "Ongoing"
    assert api(server, "GET", path, user="agent").json()["communicationThreadStatus"] == "ONGOING"


def test_the_status_filter_asks_the_server_for_closed_threads_only(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    tab = pane.conversations
    everything = api(server, "GET", f"/v1/communications/{ANNA}/threads?limit=100", user="agent").json()
    closed = [t for t in everything["items"] if t["communicationThreadStatus"] == "CLOSED"]
    tab.status_filter.setFocus()
    tab.status_filter.setCurrentIndex(tab.status_filter.findText("Closed"))
    qtbot.waitUntil(lambda: tab.threads_model.total == len(closed), timeout=10000)
    assert all(t.communication_thread_status.value == "CLOSED" for t in tab.threads_model.threads)
    assert everything["total"] > len(closed), "the unfiltered list had more"


def test_a_ticket_link_is_offered_to_open_in_the_browser(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    api(
        server,
        "POST",
        f"/v1/communications/{ANNA}/threads",
        json={
            "communicationThreadStatus": "CREATED",
            "ticketNumber": "T-4711",
            "ticketLink": "https://tickets.example.com/T-4711",
            "subject": "Invoice question",
            "content": "Where is my invoice?",
            "communicationDirection": "INCOMING",
            "communicationChannel": "EMAIL",
            "requestId": "6f1f7c1e-0000-4000-8000-000000000002",
        },
    )
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    tab = pane.conversations
    assert tab.current_thread is not None and tab.current_thread.subject == "Invoice question"
    ticket = tab.header.ticket
    assert 'href="https://tickets.example.com/T-4711"' in ticket.text()
    assert "T-4711" in ticket.text()
    assert ticket.openExternalLinks(), "Qt hands the link to QDesktopServices: the agent's browser"
    row = tab.threads_model.row_of(tab.current_thread.thread_id) or 0
    assert tab.threads_model.index(row, 2).data() == "T-4711"
    assert "double-click" in str(tab.threads_model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole))


def test_opening_another_customer_at_once_never_shows_the_first_ones_answers(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = bare_pane(qtbot, client, tmp_path / "drafts")
    loaded: list[bool] = []
    pane.fully_loaded.connect(lambda: loaded.append(True))
    pane.open_customer(ANNA)
    pane.open_customer(ZOE)
    qtbot.waitUntil(lambda: bool(loaded), timeout=15000)
    qtbot.wait(300)  # time for any late answer about ANNA to (wrongly) arrive

    assert loaded == [True]
    assert pane.header.name.text() == "Zoë Dvořák"
    assert pane.banner.isVisible()
    assert {t.customer_id for t in pane.conversations.threads_model.threads} == {ZOE}
    assert pane.preferences.matrix_model.preferences is not None
    assert pane.preferences.matrix_model.preferences.customer_id == ZOE
    assert all(m.customer_id == ZOE for m in pane.conversations.messages_model.messages)


def test_views_that_failed_while_the_server_was_away_load_when_it_is_back(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    pane = bare_pane(qtbot, client, tmp_path / "drafts")
    server.stop()
    with qtbot.waitSignal(pane.fully_loaded, timeout=20000):
        pane.open_customer(ANNA)
    assert pane.conversations.thread_state.state == "error"
    assert pane.header_error.isVisible()

    server.start()
    with qtbot.waitSignal(pane.fully_loaded, timeout=20000):
        pane.set_online(True)
    assert pane.conversations.thread_state.state == "content"
    assert pane.header_error.isHidden()
    assert pane.header.name.text() == "Anna Müller"


def test_a_customer_that_cannot_be_loaded_never_shows_the_previous_customers_data(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    assert pane.conversations.threads_model.rowCount() > 0
    server.stop()
    with qtbot.waitSignal(pane.fully_loaded, timeout=20000):
        pane.open_customer(ZOE)

    assert pane.header.name.text() != "Anna Müller"
    assert pane.conversations.threads_model.rowCount() == 0
    assert pane.conversations.thread_state.state == "error"
    assert pane.conversations.messages_model.rowCount() == 0
    assert pane.preferences.history_model.rowCount() == 0
    assert pane.preferences.matrix_model.rowCount() == 0
