"""The conversations tab against the real server: send, opt-out in the composer, a blocked customer."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any
from uuid import uuid4

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.contract.enums import Channel, EventType
from app.contract.events import ServerEvent
from app.desktop.customer.conversations.composer import ReasonRole
from app.desktop.customer.conversations.message_delegate import meta_line
from app.desktop.customer.pane import CustomerPane
from app.desktop.theme import palette
from tests.desktop.customer_support import (
    ANNA,
    ZOE,
    agent_client_fixture,  # noqa: F401 - the `client` fixture
    api,
    open_pane,
)
from tests.desktop.shell import OFFSCREEN_NOISE
from tests.live_server import LiveServer

# The offscreen platform warns when a window or dialog is shown; that is no fault of the app.
pytestmark = OFFSCREEN_NOISE

EMAIL_OFF = {"communicationChannel": "EMAIL", "active": False}


def newest_messages(server: LiveServer, customer_id: int, thread_id: int) -> list[dict[str, Any]]:
    path = f"/v1/communications/{customer_id}/threads/{thread_id}/communications?limit=5"
    return list(api(server, "GET", path).json()["items"])


def type_and_send(qtbot: QtBot, pane: CustomerPane, text: str) -> None:
    composer = pane.conversations.composer
    composer.text.setFocus()
    qtbot.keyClicks(composer.text, text)
    qtbot.keyClick(composer.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def shown_contents(pane: CustomerPane) -> list[str]:
    return [message.content for message in pane.conversations.messages_model.messages]


def test_a_sent_message_appears_in_the_thread_and_on_the_server(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    tab = pane.conversations
    thread = tab.current_thread
    assert thread is not None, "the most recent thread opens with the customer"
    assert tab.messages_model.rowCount() > 0

    type_and_send(qtbot, pane, "Your contract documents are on their way.")

    qtbot.waitUntil(
        lambda: "Your contract documents are on their way." in shown_contents(pane), timeout=10000
    )
    assert shown_contents(pane)[-1] == "Your contract documents are on their way.", "newest at the bottom"
    assert tab.composer.text.toPlainText() == "", "the composer is cleared once the server confirmed"
    newest = newest_messages(server, ANNA, thread.thread_id)[0]
    assert newest["content"] == "Your contract documents are on their way."
    assert newest["communicationDirection"] == "OUTGOING"
    assert newest["agent"] == "Peter Meyer"
    assert list((tmp_path / "drafts").glob("*.json")) == [], "the draft is gone once the server confirmed"


def test_an_opted_out_channel_is_disabled_in_the_composer(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)  # GENERAL by TEXT_MESSAGE is off
    composer = pane.conversations.composer
    composer.category.setFocus()
    composer.select_category("GENERAL")
    assert composer.category.currentText() == "General", "the category's name, not its identifier"
    channels = composer.channel.model()
    sms = channels.index(list(Channel).index(Channel.TEXT_MESSAGE), 0)
    assert not (channels.flags(sms) & Qt.ItemFlag.ItemIsEnabled)
    assert sms.data() == "Text message — opted out"
    assert "opted out of General by Text message" in str(sms.data(ReasonRole))
    assert "opted out" in str(sms.data(Qt.ItemDataRole.ToolTipRole))
    email = channels.index(list(Channel).index(Channel.EMAIL), 0)
    assert channels.flags(email) & Qt.ItemFlag.ItemIsEnabled

    # The same channel is fine for a category the customer did not opt out of.
    composer.select_category("CONTRACT")
    assert channels.flags(sms) & Qt.ItemFlag.ItemIsEnabled
    assert sms.data() == "Text message"


def test_the_composer_follows_a_preference_changed_elsewhere(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    composer = pane.conversations.composer
    composer.select_category("APPOINTMENT")
    composer.select_channel(Channel.EMAIL)  # the reply's default is the customer's channel (chat) here
    email = composer.channel.model().index(list(Channel).index(Channel.EMAIL), 0)
    assert email.data() == "Email"
    assert composer.selected_channel() == Channel.EMAIL
    # Another agent opts the customer out; the change arrives as a live event with the new set.
    changed = api(
        server,
        "PUT",
        f"/v1/communications/{ANNA}/communication-preferences",
        json={
            "preferences": [{"messageCategory": "APPOINTMENT", "channels": [EMAIL_OFF]}],
            "requestId": str(uuid4()),
        },
    ).json()
    pane.handle_event(ServerEvent(event_id=1, type=EventType.PREFERENCES_UPDATED, data=changed))

    assert email.data() == "Email — opted out"
    assert composer.selected_channel() != Channel.EMAIL, "the picker moved off the opted-out channel"
    assert "Appointment / Email" not in str(pane.preferences.staged_label.text()), "nothing staged by it"


def test_a_blocked_customer_shows_the_banner_and_a_send_asks_to_confirm_the_suppression(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ZOE)
    banner = pane.banner
    assert banner.isVisible()
    assert banner.text() == "Communication blocked (Suspended): nothing will be delivered to this customer"
    pane.show_tab("preferences")
    assert banner.isVisible(), "the banner is above every tab"
    pane.show_tab("conversations")

    tab = pane.conversations
    tab.composer.text.setFocus()
    qtbot.keyClick(tab.composer.text, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.new_thread and tab.composer.subject.isVisible()
    qtbot.keyClicks(tab.composer.subject, "Your suspension")
    tab.composer.text.setFocus()
    qtbot.keyClicks(tab.composer.text, "We have suspended your account.")
    qtbot.keyClick(tab.composer.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: tab.confirmation is not None)
    dialog = tab.confirmation
    assert dialog is not None and dialog.isVisible()
    assert "suppressed" in dialog.text() and "NOT be delivered" in dialog.text()
    confirm = dialog.findChild(type(tab.composer.send_button), "confirmSendButton")
    assert confirm is not None
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: "We have suspended your account." in shown_contents(pane), timeout=10000)
    shown = tab.messages_model.messages[-1]
    assert shown.delivery_status.value == "SUPPRESSED"
    assert tab.current_thread is not None and tab.current_thread.subject == "Your suspension"
    on_server = newest_messages(server, ZOE, tab.current_thread.thread_id)[0]
    assert on_server["content"] == "We have suspended your account."
    assert on_server["deliveryStatus"] == "SUPPRESSED"
    assert on_server["suppressionReason"] == "CUSTOMER_BLOCKED"


def test_cancelling_the_suppression_confirmation_sends_nothing(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ZOE)
    tab = pane.conversations
    assert tab.current_thread is not None
    before = newest_messages(server, ZOE, tab.current_thread.thread_id)
    type_and_send(qtbot, pane, "Not meant to go out")
    qtbot.waitUntil(lambda: tab.confirmation is not None)
    dialog = tab.confirmation
    assert dialog is not None
    dialog.reject()
    assert tab.composer.text.toPlainText() == "Not meant to go out", "the draft stays"
    assert newest_messages(server, ZOE, tab.current_thread.thread_id) == before


def test_the_long_thread_opens_with_its_newest_page_and_scrolling_up_loads_older_ones_in_place(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    tab = pane.conversations
    longest = max(tab.threads_model.threads, key=lambda thread: thread.communication_count)
    assert longest.communication_count >= 2000
    view = tab.message_view
    with qtbot.waitSignal(view.first_page_painted, timeout=10000):
        tab.thread_list.setCurrentIndex(
            tab.threads_model.index(tab.threads_model.row_of(longest.thread_id) or 0, 0)
        )
    model = tab.messages_model
    qtbot.wait(200)
    assert model.rowCount() == 50, "only the newest page is loaded"
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum(), "the newest message is in view"
    newest = model.messages[-1]
    assert view.visualRect(model.index(49)).bottom() <= view.viewport().height()

    # Scroll to the top: the next older page arrives, and what the agent was reading stays put.
    bar.setValue(0)
    oldest_shown = model.messages[0].communication_id
    top_before = view.visualRect(model.index(0)).top()
    qtbot.waitUntil(lambda: model.rowCount() == 100, timeout=10000)
    qtbot.waitUntil(lambda: abs(view.visualRect(model.index(50)).top() - top_before) <= 2, timeout=5000)
    assert model.messages[50].communication_id == oldest_shown
    assert model.messages[-1] == newest
    assert all(a.communication_id < b.communication_id for a, b in itertools.pairwise(model.messages))
    qtbot.wait(200)
    assert model.rowCount() == 100, "one page per scroll to the top, not the whole thread"


def red_pixels(pane: CustomerPane) -> int:
    """Pixels in the suppression red in what the message view shows right now."""
    image = pane.conversations.message_view.viewport().grab().toImage()
    red = QColor(palette().suppressed).rgb()
    return sum(
        1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2) if image.pixel(x, y) == red
    )


def test_suppressed_messages_are_marked_in_red_and_say_so(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ZOE)
    tab = pane.conversations
    model = tab.messages_model
    assert any(m.delivery_status.value == "SUPPRESSED" for m in model.messages), "Zoë's newest thread"
    tab.message_view.scrollToBottom()
    qtbot.wait(50)
    assert red_pixels(pane) > 20

    anna = open_pane(qtbot, client, tmp_path / "drafts2", ANNA)
    assert not any(
        m.delivery_status.value == "SUPPRESSED" for m in anna.conversations.messages_model.messages
    )
    assert red_pixels(anna) == 0
    suppressed = next(m for m in model.messages if m.delivery_status.value == "SUPPRESSED")
    assert "SUPPRESSED" in meta_line(suppressed)


def test_incoming_messages_sit_left_and_outgoing_right(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    view = pane.conversations.message_view
    model = pane.conversations.messages_model
    type_and_send(qtbot, pane, "An answer from the agent")
    qtbot.waitUntil(lambda: "An answer from the agent" in shown_contents(pane), timeout=10000)
    width = view.viewport().width()
    incoming = next(r for r, m in enumerate(model.messages) if m.communication_direction.value == "INCOMING")
    outgoing = next(r for r, m in enumerate(model.messages) if m.communication_direction.value == "OUTGOING")
    for row, left_side in ((incoming, True), (outgoing, False)):
        view.scrollTo(model.index(row))
        qtbot.wait(20)
        rect = view.visualRect(model.index(row))
        image = view.viewport().grab().toImage()
        y = rect.top() + rect.height() // 2
        background = image.pixel(width // 2, rect.top() + 1)
        coloured = [x for x in range(width) if image.pixel(x, y) != background]
        assert coloured, "the bubble is painted"
        middle = (min(coloured) + max(coloured)) / 2
        assert (middle < width / 2) == left_side


def test_the_new_thread_button_starts_a_thread_with_the_subject_focused(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    tab = pane.conversations
    qtbot.mouseClick(tab.composer.new_thread_button, Qt.MouseButton.LeftButton)
    assert tab.new_thread and tab.composer.subject.hasFocus()
    qtbot.keyClicks(tab.composer.subject, "Moving house")
    tab.composer.text.setFocus()
    qtbot.keyClicks(tab.composer.text, "Please send the forms to my new address.")
    qtbot.mouseClick(tab.composer.send_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(
        lambda: tab.current_thread is not None and tab.current_thread.subject == "Moving house", timeout=10000
    )
    assert not tab.new_thread
    qtbot.waitUntil(
        lambda: shown_contents(pane) == ["Please send the forms to my new address."], timeout=10000
    )
    assert tab.threads_model.threads[0].subject == "Moving house", "newest activity first"
    on_server = api(server, "GET", f"/v1/communications/{ANNA}/threads?limit=5", user="agent").json()["items"]
    assert on_server[0]["subject"] == "Moving house"
    assert on_server[0]["communicationCount"] == 1


def test_the_send_button_sits_beside_a_wide_message_box_and_below_a_narrow_one(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    composer = pane.conversations.composer
    button, text = composer.send_button, composer.text

    def beside() -> bool:
        return (
            button.geometry().left() >= text.geometry().right()
            and button.geometry().top() < text.geometry().bottom()
        )

    def below() -> bool:
        return (
            button.geometry().top() >= text.geometry().bottom()
            and button.geometry().right() <= text.geometry().right() + 1
        )

    pane.resize(1900, 850)
    qtbot.waitUntil(beside)
    assert text.width() >= 3 * button.width()
    # A small window: the box would be a few words wide beside the button; it keeps the whole width.
    pane.resize(600, 850)
    qtbot.waitUntil(below)
    assert text.width() >= composer.width() - 2
    pane.resize(1900, 850)
    qtbot.waitUntil(beside)
