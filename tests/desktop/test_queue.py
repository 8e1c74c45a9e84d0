"""The Queue view (Ctrl+2) against the real server: threads across customers newest activity first,
paged as it scrolls and live from the event stream; the supervisor's filters and actions; the
agent's own threads, without any of the supervisor's controls; Enter opens a thread in the customer view."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QDateEdit, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.contract.base import Page
from app.desktop import shortcuts
from app.desktop.customer.activity.filters import start_of_day
from app.desktop.mainwindow import CUSTOMER_VIEW, MainWindow
from app.desktop.queue.merged import MergedPages
from app.desktop.queue.model import ASSIGNEE, CHANNEL, CUSTOMER, NEW, STATUS, SUBJECT, NewRole
from app.desktop.queue.seen import KEY_PREFIX, REMEMBERED, SeenThreads
from app.desktop.queue.view import QueueView
from app.desktop.queue.window import QUEUE_VIEW
from app.desktop.session.config import settings
from tests.desktop.customer_support import ANNA, api
from tests.desktop.shell import ShellFactory, run, shell_factory
from tests.desktop.test_notifications import message
from tests.desktop.test_shortcuts import live_shortcuts, open_sheet
from tests.live_server import LiveServer

#: The offscreen platform warns when a window or dialog is shown or raised; no fault of the app.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)

OTHER = 2  # a customer with no thread in the demo data
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
PETER = 1  # agent
SABINE = 2  # agent2


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    # Thread ids repeat after every demo reset: no test sees what an earlier one marked as seen.
    settings().remove(KEY_PREFIX)
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


# -- what the server holds ---------------------------------------------------------------------------


def server_queue(server: LiveServer, user: str, **params: Any) -> list[dict[str, Any]]:
    """Every thread of the review queue as `user` gets it, all pages, in the server's order."""
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        answer = api(server, "GET", "/v1/threads", user=user, params={**params, "page": page, "limit": 100})
        body = answer.json()
        found.extend(body["items"])
        if len(found) >= body["total"] or not body["items"]:
            return found
        page += 1


def newest_first(threads: list[dict[str, Any]]) -> list[int]:
    def order(thread: dict[str, Any]) -> tuple[datetime, int]:
        return datetime.fromisoformat(thread["lastCommunicationAt"]), thread["threadId"]

    return [t["threadId"] for t in sorted(threads, key=order, reverse=True)]


def open_threads(server: LiveServer, user: str, **params: Any) -> list[int]:
    """The ids of the open (created or ongoing) threads, newest activity first."""
    created = server_queue(server, user, status="CREATED", **params)
    ongoing = server_queue(server, user, status="ONGOING", **params)
    return newest_first(created + ongoing)


def server_thread(server: LiveServer, customer_id: int, thread_id: int) -> dict[str, Any]:
    return dict(api(server, "GET", f"/v1/communications/{customer_id}/threads/{thread_id}").json())


# -- the window --------------------------------------------------------------------------------------


def signed_in(qtbot: QtBot, shells: ShellFactory, server: LiveServer, username: str) -> MainWindow:
    """A window of `username` in front, its event stream known to be connected."""
    shell = shells.signed_in(server, username)
    window = shell.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    session = shell.controller.session
    assert session is not None
    bridge = session.bridge

    def poke() -> bool:
        # The stream carries only events newer than its connection: wait until it carries one.
        api(server, "POST", f"/v1/communications/{OTHER}/threads", json=message(subject="Ping"))
        qtbot.wait(200)
        return bridge.last_event_id is not None

    qtbot.waitUntil(poke, timeout=15_000)
    return window


def show_queue(qtbot: QtBot, window: MainWindow) -> QueueView:
    """Ctrl+2, as the user presses it; the queue's first page is in."""
    queue = window.findChild(QueueView, "queueView")
    assert queue is not None
    with qtbot.waitSignal(queue.loaded, timeout=15_000):
        qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.current_view() == QUEUE_VIEW and queue.isVisible()
    assert QApplication.focusWidget() is queue.table
    return queue


def view_entries(window: MainWindow) -> list[str]:
    """The View menu's entries of views (its first entries; Appearance follows)."""
    return [a.text() for a in window.view_menu.actions()][: len(window.view_keys())]


def shown(queue: QueueView) -> list[int]:
    return [t.thread_id for t in queue.model.threads]


def cell(queue: QueueView, thread_id: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    row = queue.model.row_of(thread_id)
    assert row is not None, f"thread {thread_id} is not shown"
    return queue.model.index(row, column).data(role)


def scroll_to_the_end(qtbot: QtBot, queue: QueueView) -> None:
    """Ctrl+End, as the user presses it, until every thread the server holds is in (pages come as
    it scrolls)."""
    queue.table.setFocus()

    def at_end() -> bool:
        qtbot.keyClick(queue.table, Qt.Key.Key_End, CTRL)
        qtbot.wait(50)
        return queue.model.rowCount() >= queue.model.total

    qtbot.waitUntil(at_end, timeout=15_000)


def choose(qtbot: QtBot, queue: QueueView, combo: QComboBox, text: str) -> None:
    """Pick a filter's entry; the queue asks the server again."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not among {[combo.itemText(i) for i in range(combo.count())]}"
    with qtbot.waitSignal(queue.loaded, timeout=15_000):
        combo.setCurrentIndex(index)


def supervisor_controls(window: MainWindow, queue: QueueView) -> list[str]:
    """Every widget of the window, and every labelled control of the queue, that is the supervisor's."""
    names = {
        "queueStatusFilter",
        "queueAssigneeFilter",
        "queueChannelFilter",
        "queueSinceEnabled",
        "queueSince",
        "queueReassign",
        "queueClose",
        "queueReopen",
        "assigneePicker",
    }
    found = [w.objectName() for w in window.findChildren(QWidget) if w.objectName() in names]
    texts = ("Reassign", "Close thread", "Reopen thread", "Status:", "Assignee", "Updated since")
    for widget in queue.findChildren(QAbstractButton) + queue.findChildren(QLabel):
        text = widget.text().replace("&", "")
        if any(t in text for t in texts):
            found.append(f"{type(widget).__name__} {text!r}")
    return found


# -- the supervisor ----------------------------------------------------------------------------------


def test_the_supervisor_sees_the_tenants_open_threads_newest_first_paged_as_it_scrolls(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = signed_in(qtbot, shells, server, "supervisor")
    assert view_entries(window)[:2] == ["&Customers", "&Queue"]
    queue = show_queue(qtbot, window)

    held = open_threads(server, "supervisor")
    assert len(held) > 50  # more than one page: the created and the ongoing of the whole team
    assert queue.filters.status.currentText() == "Open (not closed)"
    assert shown(queue) == held[:50]
    assert queue.model.total == len(held)
    assert queue.count.text() == f"50 of {len(held)} threads (more as you scroll)"
    assert queue.model.canFetchMore()

    scroll_to_the_end(qtbot, queue)
    assert shown(queue) == held
    assert queue.count.text() == f"{len(held)} threads"

    # Words, not identifiers: the customer's name, the status and channel as people say them.
    newest = server_queue(server, "supervisor", status="CREATED")[0]
    thread_id = newest["threadId"]
    assert cell(queue, thread_id, CUSTOMER) == newest["customerName"]
    assert cell(queue, thread_id, SUBJECT) == newest["subject"]
    assert cell(queue, thread_id, STATUS) == "Created"
    assert cell(queue, thread_id, CHANNEL) == {"TEXT_MESSAGE": "Text message"}.get(
        newest["lastCommunicationChannel"], newest["lastCommunicationChannel"].capitalize()
    )
    assert cell(queue, thread_id, ASSIGNEE) == newest["assignee"]["displayName"]


def test_the_supervisor_filters_by_status_assignee_channel_and_date_as_the_server_does(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = signed_in(qtbot, shells, server, "supervisor")
    queue = show_queue(qtbot, window)
    filters = queue.filters
    qtbot.waitUntil(lambda: filters.assignee.count() > 1)  # the team, from GET /v1/users
    team = [filters.assignee.itemText(i) for i in range(filters.assignee.count())]
    assert team == ["Anyone", "Admin Demo", "Claudia Hoffmann", "Peter Meyer", "Sabine Krause"]

    choose(qtbot, queue, filters.status, "Closed")
    closed = newest_first(server_queue(server, "supervisor", status="CLOSED"))
    assert closed and shown(queue) == closed
    assert {cell(queue, t, STATUS) for t in closed} == {"Closed"}

    choose(qtbot, queue, filters.assignee, "Sabine Krause")
    sabines = newest_first(server_queue(server, "supervisor", status="CLOSED", assigneeUserId=SABINE))
    assert sabines and shown(queue) == sabines
    assert {cell(queue, t, ASSIGNEE) for t in sabines} == {"Sabine Krause"}

    choose(qtbot, queue, filters.status, "All statuses")
    assert shown(queue) == newest_first(server_queue(server, "supervisor", assigneeUserId=SABINE))

    choose(qtbot, queue, filters.channel, "Email")
    emails = newest_first(
        server_queue(server, "supervisor", assigneeUserId=SABINE, communicationChannel="EMAIL")
    )
    assert shown(queue) == emails
    assert {cell(queue, t, CHANNEL) for t in emails} <= {"Email"}

    # Updated since a week ago, in this computer's calendar.
    choose(qtbot, queue, filters.channel, "All channels")
    since = QDate.currentDate().addDays(-7)
    with qtbot.waitSignal(queue.loaded, timeout=15_000):
        filters.since_enabled.setChecked(True)
    assert filters.since.isEnabled()
    if filters.since.date() != since:
        with qtbot.waitSignal(queue.loaded, timeout=15_000):
            filters.since.setDate(since)
    start = start_of_day(datetime(since.year(), since.month(), since.day()).date()).astimezone(UTC)
    recent = newest_first(
        server_queue(
            server, "supervisor", assigneeUserId=SABINE, updatedSince=start.isoformat().replace("+00:00", "Z")
        )
    )
    assert shown(queue) == recent
    assert len(recent) < len(newest_first(server_queue(server, "supervisor", assigneeUserId=SABINE)))


def test_enter_opens_the_thread_in_the_customer_view_with_its_customer(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = signed_in(qtbot, shells, server, "supervisor")
    queue = show_queue(qtbot, window)
    choose(qtbot, queue, queue.filters.status, "Closed")
    # Anna's closed thread: not her newest, so the customer view must pick this very one.
    annas = server_queue(server, "supervisor", customerId=ANNA)
    closed = next(t for t in annas if t["communicationThreadStatus"] == "CLOSED")
    assert annas[0]["threadId"] != closed["threadId"]
    assert queue.select_thread(closed["threadId"])

    pane = window.pane
    assert pane is not None
    with qtbot.waitSignal(pane.fully_loaded, timeout=15_000):
        qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    assert window.current_view() == CUSTOMER_VIEW and pane.isVisible() and not queue.isVisible()
    assert pane.customer_id == ANNA
    assert pane.customer is not None and pane.customer.full_name == closed["customerName"]
    qtbot.waitUntil(lambda: pane.conversations.current_thread is not None)
    current = pane.conversations.current_thread
    assert current is not None and current.thread_id == closed["threadId"]
    assert pane.conversations.header.status.text() == "Closed"

    # Ctrl+2 goes back to the queue where it was: the same row is current.
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.current_view() == QUEUE_VIEW
    selected = queue.selected()
    assert selected is not None and selected.thread_id == closed["threadId"]
    assert QApplication.focusWidget() is queue.table

    # A double-click opens too: another customer's thread.
    other = next(t for t in queue.model.threads if t.customer_id != ANNA)
    row = queue.model.row_of(other.thread_id)
    assert row is not None
    queue.table.scrollTo(queue.model.index(row, SUBJECT))
    rect = queue.table.visualRect(queue.model.index(row, SUBJECT))
    # QTest's double-click is only the second click's event: the first click comes before it.
    qtbot.mouseClick(queue.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(pane.fully_loaded, timeout=15_000):
        qtbot.mouseDClick(queue.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_view() == CUSTOMER_VIEW
    assert pane.customer_id == other.customer_id
    qtbot.waitUntil(lambda: pane.conversations.current_thread is not None)
    current = pane.conversations.current_thread
    assert current is not None and current.thread_id == other.thread_id


def test_the_supervisor_reassigns_closes_and_reopens_a_thread_by_keyboard(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = signed_in(qtbot, shells, server, "supervisor")
    queue = show_queue(qtbot, window)
    peters = next(t for t in queue.model.threads if t.assignee is not None and t.assignee.user_id == PETER)
    assert queue.select_thread(peters.thread_id)
    queue.table.setFocus()

    qtbot.keyClick(window, Qt.Key.Key_I, ALT)  # Reass&ign…
    qtbot.waitUntil(lambda: queue.picker is not None and queue.picker.isVisible())
    picker = queue.picker
    assert picker is not None
    rows = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert rows == [
        "Nobody (unassigned)",
        "Admin Demo (admin, Administrator)",
        "Claudia Hoffmann (supervisor, Supervisor)",
        "Peter Meyer (agent, Agent) — has it now",
        "Sabine Krause (agent2, Agent)",
    ]
    assert picker.list.currentRow() == 3  # the one who has it now
    qtbot.keyClick(picker.list, Qt.Key.Key_Down)
    with qtbot.waitSignal(queue.thread_changed, timeout=10_000) as changed:
        qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert changed.args[0].assignee.user_id == SABINE
    assert server_thread(server, peters.customer_id, peters.thread_id)["assignee"]["userId"] == SABINE
    assert cell(queue, peters.thread_id, ASSIGNEE) == "Sabine Krause"

    qtbot.waitUntil(queue.close_button.isEnabled)
    assert queue.close_button.isVisible() and not queue.reopen_button.isVisible()
    # Offscreen, the window is active again after a dialog only when asked to be (a desktop does it).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(queue.thread_changed, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, ALT)  # C&lose thread
    assert (
        server_thread(server, peters.customer_id, peters.thread_id)["communicationThreadStatus"] == "CLOSED"
    )
    # It stays in view (under "Open" too) so it can be reopened at once, and says it is closed.
    assert cell(queue, peters.thread_id, STATUS) == "Closed"
    qtbot.waitUntil(queue.reopen_button.isEnabled)
    assert queue.reopen_button.isVisible() and not queue.close_button.isVisible()
    qtbot.wait(300)  # the thread.updated event of the change: it still stays
    assert queue.model.row_of(peters.thread_id) is not None

    with qtbot.waitSignal(queue.thread_changed, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_R, ALT)  # &Reopen thread
    assert (
        server_thread(server, peters.customer_id, peters.thread_id)["communicationThreadStatus"] == "ONGOING"
    )
    assert cell(queue, peters.thread_id, STATUS) == "Ongoing"


def test_a_live_event_inserts_a_new_thread_on_top_marked_new_and_moves_one_that_got_a_message(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = signed_in(qtbot, shells, server, "supervisor")
    queue = show_queue(qtbot, window)
    before = shown(queue)

    # A customer writes in: a new thread, announced by the event stream; nobody opened it yet.
    created = api(
        server, "POST", f"/v1/communications/{ANNA}/threads", json=message(subject="Cancel my contract")
    )
    thread_id = created.json()["threadId"]
    qtbot.waitUntil(lambda: shown(queue)[:1] == [thread_id], timeout=10_000)
    assert shown(queue)[1:] == before
    assert queue.model.total == len(open_threads(server, "supervisor"))
    assert cell(queue, thread_id, CUSTOMER) == "Anna Müller"
    assert cell(queue, thread_id, NEW) == "●"
    assert cell(queue, thread_id, NEW, Qt.ItemDataRole.AccessibleTextRole) == "New message"
    assert cell(queue, thread_id, NEW, NewRole) is True
    font = cell(queue, thread_id, SUBJECT, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()

    # A message in an older thread further down: its row moves to the top.
    older = queue.model.threads[10]
    api(
        server,
        "PUT",
        f"/v1/communications/{older.customer_id}/threads/{older.thread_id}",
        json=message(content="Any news?"),
    )
    qtbot.waitUntil(lambda: shown(queue)[:1] == [older.thread_id], timeout=10_000)
    assert shown(queue)[1] == thread_id
    assert Counter(shown(queue))[older.thread_id] == 1
    assert cell(queue, older.thread_id, NEW, NewRole) is True

    # Opened (Enter) and seen: the mark goes; it stays gone after a reload.
    assert queue.select_thread(older.thread_id)
    pane = window.pane
    assert pane is not None
    with qtbot.waitSignal(pane.fully_loaded, timeout=15_000):
        qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert cell(queue, older.thread_id, NEW, NewRole) is False
    assert not cell(queue, older.thread_id, SUBJECT, Qt.ItemDataRole.FontRole)
    assert cell(queue, older.thread_id, NEW, Qt.ItemDataRole.AccessibleTextRole) == ""
    with qtbot.waitSignal(queue.loaded, timeout=15_000):
        qtbot.keyClick(queue.table, Qt.Key.Key_F5)
    assert cell(queue, older.thread_id, NEW, NewRole) is False
    assert cell(queue, thread_id, NEW, NewRole) is True

    # The customer writes again while the supervisor reads the thread in the customer view: seen.
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    api(
        server,
        "PUT",
        f"/v1/communications/{older.customer_id}/threads/{older.thread_id}",
        json=message(content="Still there?"),
    )
    qtbot.waitUntil(
        lambda: pane.conversations.messages_model.messages[-1].content == "Still there?", timeout=10_000
    )
    qtbot.waitUntil(lambda: queue.model.threads[0].communication_count == older.communication_count + 2)
    assert cell(queue, older.thread_id, NEW, NewRole) is False


# -- the agent ---------------------------------------------------------------------------------------


def test_the_agent_sees_only_their_own_threads_and_no_supervisor_control(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = signed_in(qtbot, shells, server, "agent")
    queue = show_queue(qtbot, window)
    assert view_entries(window) == ["&Customers", "&Queue"]
    held = open_threads(server, "agent")
    assert held and shown(queue) == held
    assert {cell(queue, t, ASSIGNEE) for t in held} == {"Peter Meyer"}
    assert not any(t.communication_thread_status.value == "CLOSED" for t in queue.model.threads)

    # No supervisor filter or action anywhere, not even disabled; no combo box in the queue at all.
    assert supervisor_controls(window, queue) == []
    assert queue.findChildren(QComboBox) == [] and queue.findChildren(QDateEdit) == []
    qtbot.keyClick(queue.table, Qt.Key.Key_I, ALT)
    qtbot.wait(100)
    assert queue.picker is None

    # The one filter an agent has: their closed threads too.
    with qtbot.waitSignal(queue.loaded, timeout=15_000):
        qtbot.keyClick(window, Qt.Key.Key_T, ALT)  # Show closed &threads
    assert queue.filters.show_closed.isChecked()
    everything = newest_first(server_queue(server, "agent"))
    assert shown(queue) == everything and len(everything) > len(held)

    # The cheat sheet lists the queue's keys, but none of the supervisor's.
    sheet = open_sheet(qtbot, window, Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier)
    actions = {action for _keys, action, _portable in sheet.listed()}
    assert "Open the selected thread in the customer view" in actions
    assert "Show the queue of threads across customers" in actions
    assert not {s.describe() for s in shortcuts.TABLE if s.supervisor} & actions


def test_a_thread_given_to_someone_else_leaves_the_agents_queue_and_one_given_to_them_comes(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = signed_in(qtbot, shells, server, "agent")
    queue = show_queue(qtbot, window)
    mine = queue.model.threads[0]
    api(
        server,
        "PATCH",
        f"/v1/communications/{mine.customer_id}/threads/{mine.thread_id}",
        user="supervisor",
        json={"assigneeUserId": SABINE, "requestId": str(uuid4())},
    )
    qtbot.waitUntil(lambda: queue.model.row_of(mine.thread_id) is None, timeout=10_000)

    theirs = next(t for t in open_threads_of(server, SABINE) if t["customerId"] != ANNA)
    api(
        server,
        "PATCH",
        f"/v1/communications/{theirs['customerId']}/threads/{theirs['threadId']}",
        user="supervisor",
        json={"assigneeUserId": PETER, "requestId": str(uuid4())},
    )
    qtbot.waitUntil(lambda: queue.model.row_of(theirs["threadId"]) is not None, timeout=10_000)
    assert (
        cell(queue, theirs["threadId"], CUSTOMER) == theirs["customerName"]
    )  # named, though not listed before
    assert shown(queue) == open_threads(server, "agent")


def open_threads_of(server: LiveServer, user_id: int) -> list[dict[str, Any]]:
    return [
        t
        for t in server_queue(server, "supervisor", assigneeUserId=user_id)
        if t["communicationThreadStatus"] != "CLOSED"
    ]


# -- keys --------------------------------------------------------------------------------------------


def test_in_the_queue_no_key_does_two_things_and_the_sheet_lists_them_under_queue(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = signed_in(qtbot, shells, server, "supervisor")
    show_queue(qtbot, window)
    live = live_shortcuts(window, visible_only=True)
    twice = {key for key, count in Counter(key for key, _what in live).items() if count > 1}
    assert not sorted((key, what) for key, what in live if key in twice)
    assert ("Alt+I", "button 'Reass&ign…'") in live

    sheet = open_sheet(qtbot, window, Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier)
    rows = sheet.listed()
    listed = {key for _shown, _action, keys in rows for key in keys}
    assert not sorted({(key, what) for key, what in live if key not in listed})
    actions = {key: action for _shown, action, keys in rows for key in keys}
    assert actions["Ctrl+2"] == "Show the queue of threads across customers"
    assert actions["Ctrl+1"] == "Show the customer view (search and customer)"
    assert actions["Alt+I"] == "Reassign the selected thread to someone else"
    assert actions["Alt+S"] in ("Go to Status", "Save the staged changes (shows them first)")
    queue_rows = [action for _shown, action, _keys in rows]
    assert "Go to Assignee" in queue_rows and "Go to Status" in queue_rows


# -- pieces ------------------------------------------------------------------------------------------


def test_seen_threads_are_remembered_per_server_and_user_and_the_oldest_forgotten(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "seen.ini"), QSettings.Format.IniFormat)
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    seen = SeenThreads(store, "queue/seen/a-1")
    assert seen.saw(7, now)
    assert not seen.saw(7, now - timedelta(minutes=1))  # older news is no news
    again = SeenThreads(store, "queue/seen/a-1")
    assert again.saw(7, now + timedelta(minutes=1))
    assert SeenThreads(store, "queue/seen/b-1").saw(7, now)  # another server's (or user's) knows nothing

    for thread_id in range(REMEMBERED + 5):
        again.saw(1000 + thread_id, now + timedelta(seconds=thread_id))
    kept = SeenThreads(store, "queue/seen/a-1")
    assert not kept.saw(1000 + REMEMBERED + 4, now)  # the newest are kept
    assert kept.saw(1000, now)  # the oldest went

    store.setValue("queue/seen/broken", "{not json")
    assert SeenThreads(store, "queue/seen/broken").saw(1, now)


def test_merged_pages_are_newest_first_across_their_lists_and_survive_a_cancel(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop
) -> None:
    lists = {"a": [9, 7, 6, 2], "b": [8, 5, 4, 3, 1]}
    asked: list[tuple[str, int]] = []
    gate = asyncio.Event()

    def source(name: str) -> Any:
        async def page(number: int, limit: int) -> Page[int]:
            asked.append((name, number))
            if name == "b" and number == 2:
                await gate.wait()
            items = lists[name][(number - 1) * limit : number * limit]
            return Page[int](items=items, page=number, limit=limit, total=len(lists[name]))

        return page

    merged = MergedPages([source("a"), source("b")], lambda n: n, 2)
    first = run(qtbot, loop, merged(1))
    assert (first.items, first.total) == ([9, 8], 9)
    assert asked == [("a", 1), ("b", 1)]  # one page of each, not the whole lists

    second = run(qtbot, loop, merged(2))
    assert second.items == [7, 6]
    # Page 3 needs b's second page; cancelled while waiting for it, nothing is lost.
    task = loop.create_task(merged(3))
    qtbot.waitUntil(lambda: ("b", 2) in asked)
    task.cancel()
    qtbot.waitUntil(task.done)
    gate.set()
    rest = [run(qtbot, loop, merged(n)).items for n in (3, 4, 5)]
    assert rest == [[5, 4], [3, 2], [1]]
    assert run(qtbot, loop, merged(6)).items == []
    assert run(qtbot, loop, merged(1)).items == [9, 8]  # page 1 starts over
