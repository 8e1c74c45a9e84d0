"""An agent's everyday use against the real server: replies, keys, sign-in focus, the search box, layout.

The reply defaults to the channel the customer wrote on and the thread's category; Tab leaves the
message box; the message list moves with the keys and shows where the keyboard is; a failed sign-in
leaves the password ready to type again; the search box takes no more than the server; splitters
keep their place; and people's words instead of identifiers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.contract.customers import MAX_SEARCH_QUERY
from app.contract.enums import Channel, DeliveryStatus, Direction, Role, SuppressionReason, ThreadStatus
from app.desktop.customer.conversations.composer import reply_defaults
from app.desktop.focus import show_keyboard_focus
from app.desktop.session.config import settings
from app.desktop.session.signin import SignInDialog
from app.desktop.widgets.splitters import GROUP
from app.desktop.words import category_name, category_names, delivery_text, word
from tests.desktop.customer_support import (
    ANNA,
    agent_client_fixture,  # noqa: F401 - the `client` fixture
    api,
    open_pane,
)
from tests.desktop.cut_off import cut_off_texts
from tests.desktop.shell import OFFSCREEN_NOISE, ShellFactory, shell_factory, unattended_screenshot
from tests.live_server import LiveServer

pytestmark = OFFSCREEN_NOISE


def sms_appointment_thread(server: LiveServer) -> int:
    """Anna writes by SMS about an appointment; an agent answered by email. The thread's id."""
    first = {
        "communicationThreadStatus": "CREATED",
        "subject": "Moving my appointment",
        "content": "Can we move Tuesday's appointment to Thursday?",
        "communicationDirection": "INCOMING",
        "communicationChannel": "TEXT_MESSAGE",
        "messageCategory": "APPOINTMENT",
        "requestId": str(uuid4()),
    }
    created: dict[str, Any] = api(server, "POST", f"/v1/communications/{ANNA}/threads", json=first).json()
    thread_id = int(created["threadId"])
    answer = {
        **first,
        "communicationThreadStatus": "ONGOING",
        "content": "We will call you back about it.",
        "communicationDirection": "OUTGOING",
        "communicationChannel": "EMAIL",
        "requestId": str(uuid4()),
    }
    api(server, "PUT", f"/v1/communications/{ANNA}/threads/{thread_id}", json=answer)
    return thread_id


def activate(qtbot: QtBot, widget: Any) -> None:
    """The window is the active one, so that focus moves as for an agent at the keyboard."""
    window = widget.window()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


# -- people's words ------------------------------------------------------------------------------


def test_every_enum_the_user_sees_has_words_and_categories_their_names(qapp: QApplication) -> None:
    assert word(Channel.TEXT_MESSAGE) == "Text message"
    assert word(Direction.INCOMING) == "Incoming"
    assert word(ThreadStatus.ONGOING) == "Ongoing"
    assert word(DeliveryStatus.DELIVERED) == "Delivered"
    assert word(SuppressionReason.OPTED_OUT) == "opted out"
    assert word(Role.SUPERVISOR) == "Supervisor"
    assert (
        delivery_text(DeliveryStatus.SUPPRESSED, SuppressionReason.CUSTOMER_BLOCKED) == "SUPPRESSED — blocked"
    )
    assert delivery_text(DeliveryStatus.FAILED) == "Failed"
    for enum in (Channel, Direction, ThreadStatus, DeliveryStatus, SuppressionReason, Role):
        for value in enum:
            text = word(value)
            assert "_" not in text and "  " not in text and text != value.value, value
    # A category the server has not named (yet) reads as its identifier in words, never as the identifier.
    category_names().forget()
    assert category_name("LOYALTY_PROGRAM") == "Loyalty program"


# -- the reply --------------------------------------------------------------------------------------


def test_a_reply_defaults_to_the_customers_channel_and_the_threads_category(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    thread_id = sms_appointment_thread(server)
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    tab = pane.conversations
    assert tab.current_thread is not None and tab.current_thread.thread_id == thread_id, "the newest thread"
    composer = tab.composer
    # The customer's last message was an SMS, the agent's answer an email: the reply goes by SMS.
    assert composer.selected_channel() is Channel.TEXT_MESSAGE
    assert composer.selected_category() == "APPOINTMENT"
    assert composer.channel.currentText() == "Text message"
    assert composer.category.currentText() == "Appointment", "the category's display name"
    assert reply_defaults(tab.current_thread, tab.messages_model.messages) == (
        Channel.TEXT_MESSAGE,
        "APPOINTMENT",
    )

    # Another thread has its own defaults: the long contract thread's customer last wrote by chat.
    contract = next(t for t in tab.threads_model.threads if t.subject == "Contract questions")
    with qtbot.waitSignal(tab.messages_model.first_page_loaded, timeout=10_000):
        tab.select_thread(contract.thread_id)
    assert composer.selected_channel() is Channel.CHAT
    assert composer.selected_category() == "CONTRACT"

    # What the agent chose stays chosen for the thread's draft: it is not overwritten by the defaults.
    activate(qtbot, composer)
    composer.channel.setFocus()
    email = composer.channel.findText("Email")
    composer.channel.setCurrentIndex(email)
    composer.channel.activated.emit(email)
    composer.text.setFocus()
    qtbot.keyClicks(composer.text, "Half a reply")
    tab.drafts_of_composer.flush()
    with qtbot.waitSignal(tab.messages_model.first_page_loaded, timeout=10_000):
        tab.select_thread(thread_id)
    assert composer.selected_channel() is Channel.TEXT_MESSAGE
    with qtbot.waitSignal(tab.messages_model.first_page_loaded, timeout=10_000):
        tab.select_thread(contract.thread_id)
    qtbot.waitUntil(lambda: composer.text.toPlainText() == "Half a reply", timeout=5000)
    assert composer.selected_channel() is Channel.EMAIL, "the draft's channel, not the default"


# -- keys ----------------------------------------------------------------------------------------


def test_tab_and_shift_tab_leave_the_message_box(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    composer = pane.conversations.composer
    activate(qtbot, pane)
    composer.text.setFocus()
    qtbot.waitUntil(composer.text.hasFocus)
    qtbot.keyClicks(composer.text, "Hello")
    qtbot.keyClick(composer.text, Qt.Key.Key_Tab)
    assert composer.text.toPlainText() == "Hello", "no tab character was typed"
    assert not composer.text.hasFocus()
    assert QApplication.focusWidget() is composer.send_button
    composer.text.setFocus()
    qtbot.keyClick(composer.text, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert not composer.text.hasFocus() and composer.text.toPlainText() == "Hello"


def test_the_message_list_moves_with_the_keys_and_shows_where_the_keyboard_is(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    tab = pane.conversations
    view = tab.message_view
    model = tab.messages_model
    longest = max(tab.threads_model.threads, key=lambda thread: thread.communication_count)
    with qtbot.waitSignal(view.first_page_painted, timeout=10_000):
        tab.select_thread(longest.thread_id)
    bar = view.verticalScrollBar()
    activate(qtbot, view)
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum(), timeout=5000)
    unfocused = view.viewport().grab().toImage()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    newest = model.rowCount() - 1
    assert view.currentIndex().row() == newest, "the keyboard starts at the newest message"
    view.repaint()
    assert view.viewport().grab().toImage() != unfocused, "the focused message has a visible frame"

    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.currentIndex().row() == newest - 1
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == newest
    before = bar.value()
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert bar.value() < before, "PageUp scrolled up a page"
    assert view.currentIndex().row() < newest
    paged_up = bar.value()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert bar.value() > paged_up
    rows = model.rowCount()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.currentIndex().row() == 0
    qtbot.waitUntil(lambda: model.rowCount() > rows, timeout=10_000)  # Home asks for the older messages
    qtbot.keyClick(view, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=5000)
    assert view.currentIndex().row() == model.rowCount() - 1


def test_after_a_failed_sign_in_the_password_is_focused_and_selected(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, server: LiveServer
) -> None:
    dialog = SignInDialog(server.url, username="agent")
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    password = dialog.findChild(QLineEdit, "signInPassword")
    assert password is not None
    qtbot.waitUntil(password.hasFocus)
    qtbot.keyClicks(password, "wrong")
    button = dialog.findChild(QPushButton, "signInButton")
    assert button is not None
    qtbot.keyClick(password, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    qtbot.waitUntil(button.isEnabled, timeout=5000)
    assert password.hasFocus(), "the focus is where the agent types again"
    assert password.selectedText() == "wrong", "what was typed is selected, so typing replaces it"
    qtbot.keyClicks(password, "demo")
    assert password.text() == "demo"


# -- the search box ------------------------------------------------------------------------------


def test_the_search_box_takes_no_more_than_the_server_and_says_so(
    qtbot: QtBot, client: SwitchboardClient
) -> None:
    from app.desktop.search.view import CustomerSearch

    search = CustomerSearch()
    qtbot.addWidget(search, before_close_func=CustomerSearch.shutdown)
    search.resize(380, 600)
    search.show()
    search.set_client(client)
    qtbot.waitUntil(lambda: search.model.rowCount() > 0, timeout=10_000)
    assert not search.limit_note.isVisible()
    qtbot.keyClicks(search.box, "x" * (MAX_SEARCH_QUERY + 20))
    assert len(search.box.text()) == MAX_SEARCH_QUERY, "the box refuses what the server would"
    assert search.limit_note.isVisible()
    assert search.limit_note.text() == "Searches are limited to 200 characters."
    qtbot.keyClick(search.box, Qt.Key.Key_Backspace)
    assert not search.limit_note.isVisible()

    # Should the server refuse a search all the same, its validation text is not what the agent reads.
    too_long = "y" * (MAX_SEARCH_QUERY + 1)

    async def refused(page: int) -> Any:
        return await client.search_customers(too_long, page=page, limit=50)

    search.search_now()
    search._searching = too_long
    search.model.reload(refused, keep_rows=True)
    qtbot.waitUntil(search.error.isVisible, timeout=10_000)
    assert search.error.message == "The server cannot search for this text; change it and try again."
    assert "query" not in search.error.message and "200" not in search.error.message
    assert search.error.trace_id


# -- layout ---------------------------------------------------------------------------------------


def test_splitter_positions_persist(qtbot: QtBot, client: SwitchboardClient, tmp_path: Path) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    tab = pane.conversations
    try:
        for splitter, first in ((tab.splitter, 520), (tab.thread_splitter, 410)):
            qtbot.waitUntil(lambda s=splitter, f=first: sum(s.sizes()) > f + 100)  # type: ignore[misc]
            splitter.moveSplitter(first, 1)  # as a drag of the handle does
            assert splitter.sizes()[0] == first
        wanted = (tab.splitter.sizes(), tab.thread_splitter.sizes())

        again = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
        qtbot.waitUntil(lambda: again.conversations.splitter.sizes() == wanted[0])
        assert again.conversations.thread_splitter.sizes() == wanted[1]
    finally:
        settings().remove(GROUP)  # the other tests start from the splitters' defaults


def test_the_message_box_grows_with_the_window(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    text = pane.conversations.composer.text
    pane.resize(1024, 600)
    qtbot.waitUntil(lambda: text.height() > 0)
    low = text.height()
    pane.resize(1024, 1000)
    qtbot.waitUntil(lambda: text.height() > low + 50, timeout=5000)


# -- nothing cut off ----------------------------------------------------------------------------

SIZES = ((1024, 640), (1280, 800), (1920, 1080))


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


def test_no_text_is_cut_off_at_the_three_sizes(
    qtbot: QtBot, qapp: QApplication, server: LiveServer, shells: ShellFactory
) -> None:
    before = qapp.styleSheet()
    show_keyboard_focus(qapp)  # as the app does: the focus frames take their room too
    try:
        walk_the_window_at_each_size(qtbot, server, shells)
    finally:
        qapp.setStyleSheet(before)  # the other tests draw as they always did


def walk_the_window_at_each_size(qtbot: QtBot, server: LiveServer, shells: ShellFactory) -> None:
    sms_appointment_thread(server)
    shell = shells.signed_in(server)
    window = shell.window
    pane = window.pane
    assert pane is not None
    with qtbot.waitSignal(pane.fully_loaded, timeout=20_000):
        window.open_customer(ANNA)
    problems: list[str] = []
    for width, height in SIZES:
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width, h=height: (window.width(), window.height()) == (w, h))  # type: ignore[misc]
        for tab in ("conversations", "preferences", "activity", "requests"):
            window.show_view("customer")
            pane.show_tab(tab)
            qtbot.wait(100)  # laid out and painted at this size
            problems += [f"{width}x{height} {tab}: {p}" for p in cut_off_texts(window)]
        assert "queue" in window.view_keys()
        if "queue" in window.view_keys():
            window.show_view("queue")
            queue = shell.controller.session.queue  # type: ignore[union-attr]
            assert queue is not None
            qtbot.waitUntil(lambda q=queue: q.model.rowCount() > 0, timeout=10_000)  # type: ignore[misc]
            qtbot.wait(100)
            problems += [f"{width}x{height} queue: {p}" for p in cut_off_texts(window)]
    window.show_view("customer")
    assert not problems, "\n".join(problems)


def test_the_walk_finds_what_is_cut_off(qtbot: QtBot) -> None:
    """The measuring is not vacuous: a cut label, button, combo box item, list row and an identifier
    are each found, and the same widgets wide enough are not."""
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    label = QLabel("A label far too long for its width")
    button = QPushButton("A button far too long for its width")
    combo = QComboBox()
    combo.addItems(["Short", "An item far too long for the box"])
    rows = QListWidget()
    rows.addItem("A row far too long for the list's width")
    named = QLabel("Sent by TEXT_MESSAGE")
    for widget in (label, button, combo, rows, named):
        widget.setFixedWidth(60)
        layout.addWidget(widget)
    root.show()
    qtbot.waitExposed(root)
    found = "\n".join(cut_off_texts(root))
    for text in ("A label far", "A button far", "An item far", "A row far", "identifier 'TEXT_MESSAGE'"):
        assert text in found, text
    for widget in (label, button, combo, rows):
        widget.setFixedWidth(400)
    named.setText("Sent by text message")
    named.setFixedWidth(400)
    qtbot.wait(20)
    assert cut_off_texts(root) == []


def test_size_sets_the_screenshots_window_size() -> None:
    from app.desktop.main import parse_args

    assert parse_args(["--screenshot", "shot.png", "--size", "1024x640"]).size == (1024, 640)
    assert parse_args(["--screenshot", "shot.png"]).size is None  # then 1280x800, as before
    for wrong in (["--size", "1024x640"], ["--screenshot", "s.png", "--size", "wide"]):
        with pytest.raises(SystemExit):
            parse_args(wrong)
    with pytest.raises(SystemExit):
        parse_args(["--screenshot", "s.png", "--size", "10x10"])


@pytest.mark.slow
def test_a_screenshot_at_a_chosen_size(tmp_path: Path) -> None:
    done, shot, _config = unattended_screenshot(tmp_path, "", "--size", "1024x640")
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1024, 640)


def test_every_list_shows_where_the_keyboard_is(qtbot: QtBot, qapp: QApplication) -> None:
    before = qapp.styleSheet()
    show_keyboard_focus(qapp)
    try:
        root = QWidget()
        qtbot.addWidget(root)
        layout = QVBoxLayout(root)
        rows = QListWidget()
        rows.addItems(["One", "Two"])
        other = QLineEdit()
        layout.addWidget(rows)
        layout.addWidget(other)
        activate(qtbot, root)
        other.setFocus()
        qtbot.waitUntil(other.hasFocus)
        highlight = rows.palette().highlight().color().rgb()

        def frame() -> set[int]:
            """The colours of the list's left edge, where the frame is."""
            image = rows.grab().toImage()
            return {image.pixel(x, image.height() // 2) for x in (0, 1)}

        assert highlight not in frame()
        rows.setFocus()
        qtbot.waitUntil(rows.hasFocus)
        assert highlight in frame(), "a focused list draws its frame in the highlight colour"
        assert show_keyboard_focus(qapp) is None and qapp.styleSheet().count("QListView:focus") == 1
    finally:
        qapp.setStyleSheet(before)
