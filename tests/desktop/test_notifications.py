"""Desktop notifications: a customer writes while the main window is in the background.

The events come from the real server's event stream, through the session's event bridge, after a
message was recorded over the API as another agent (or an integration) would. The offscreen platform
has no system tray, so what the agent is told is read from the Notifier's `notified` signal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from PySide6.QtWidgets import QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from app.contract.enums import EventType
from app.contract.events import ServerEvent
from app.desktop.mainwindow import MainWindow
from app.desktop.notifications import MAX_CHARS, Notification, Notifier, incoming_message, notification_text
from tests.desktop.customer_support import ANNA, api
from tests.desktop.shell import Shell, ShellFactory, shell_factory
from tests.live_server import LiveServer

#: The offscreen platform warns when a window is shown or raised; that is no fault of the app.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

OTHER = 2  # a customer who is not open


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


def message(
    direction: str = "INCOMING", content: str = "Hello", subject: str | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "communicationThreadStatus": "ONGOING",
        "content": content,
        "communicationDirection": direction,
        "communicationChannel": "EMAIL",
        "requestId": str(uuid4()),
        **extra,
    }
    if subject is not None:
        body["subject"] = subject
    return body


def name_of(server: LiveServer, customer_id: int) -> str:
    customer = api(server, "GET", f"/v1/customers/{customer_id}").json()
    return f"{customer['firstName']} {customer['lastName']}"


class Session:
    """A signed-in window with ANNA open, its event stream known to be connected, and every
    notification recorded."""

    def __init__(self, qtbot: QtBot, shells: ShellFactory, server: LiveServer) -> None:
        self.qtbot = qtbot
        self.shell: Shell = shells.signed_in(server)
        self.window: MainWindow = self.shell.window
        session = self.shell.controller.session
        assert session is not None
        self.notifier: Notifier = session.notifier
        self.told: list[Notification] = []
        self.notifier.notified.connect(self.told.append)
        pane = self.window.pane
        assert pane is not None
        with qtbot.waitSignal(pane.fully_loaded, timeout=15_000):
            self.window.open_customer(ANNA)
        self.bring_to_front()
        bridge = session.bridge

        def poke() -> bool:
            # The stream only carries events newer than its connection: wait until it carries one.
            # Another agent's thread with another customer, while the window is in front: no notice.
            api(server, "POST", f"/v1/communications/{OTHER}/threads", json=message(subject="Ping"))
            qtbot.wait(200)
            return bridge.last_event_id is not None

        qtbot.waitUntil(poke, timeout=15_000)
        self.other: QWidget | None = None

    def bring_to_front(self) -> None:
        self.window.activateWindow()
        self.qtbot.waitUntil(self.window.isActiveWindow)

    def send_to_background(self) -> None:
        """Another program's window takes the focus."""
        other = QWidget()
        other.setWindowTitle("Another program")
        self.qtbot.addWidget(other)
        other.show()
        other.activateWindow()
        self.qtbot.waitUntil(lambda: not self.window.isActiveWindow())
        self.other = other


@pytest.fixture
def session(qtbot: QtBot, shells: ShellFactory, server: LiveServer) -> Session:
    return Session(qtbot, shells, server)


def anna_thread(session: Session) -> int:
    pane = session.window.pane
    assert pane is not None
    thread = pane.conversations.current_thread
    assert thread is not None
    return thread.thread_id


def test_an_incoming_message_of_the_open_customer_is_announced_while_the_window_is_in_the_background(
    qtbot: QtBot, server: LiveServer, session: Session
) -> None:
    thread_id = anna_thread(session)
    path = f"/v1/communications/{ANNA}/threads/{thread_id}"
    session.send_to_background()
    long_text = "Hello, I am calling about my invoice from March.\nIt shows a fee twice. " * 3

    with qtbot.waitSignal(session.notifier.notified, timeout=10_000) as told:
        # Our own answer first: it goes out, and nobody is told about it.
        api(server, "PUT", path, json=message("OUTGOING", "We are looking into it."))
        api(server, "PUT", path, json=message("INCOMING", long_text))

    notification = told.args[0]
    assert isinstance(notification, Notification)
    start = f"New message from {name_of(server, ANNA)}: Hello, I am calling about my invoice from March. It"
    assert notification.text.startswith(start)
    assert len(notification.text) <= MAX_CHARS and notification.text.endswith("…")
    assert (notification.customer_id, notification.thread_id) == (ANNA, thread_id)
    assert notification.in_tray is QSystemTrayIcon.isSystemTrayAvailable()  # offscreen: no tray
    assert not notification.in_tray and not session.notifier.tray.isVisible()
    assert session.told == [notification]  # the outgoing message came first and told nobody
    # And the message is in the open thread as well.
    pane = session.window.pane
    assert pane is not None
    qtbot.waitUntil(
        lambda: pane.conversations.messages_model.messages[-1].content == long_text, timeout=10_000
    )


def test_nothing_is_announced_while_the_window_is_in_front(
    qtbot: QtBot, server: LiveServer, session: Session
) -> None:
    thread_id = anna_thread(session)
    pane = session.window.pane
    assert pane is not None
    session.bring_to_front()

    api(
        server,
        "PUT",
        f"/v1/communications/{ANNA}/threads/{thread_id}",
        json=message(content="Are you there?"),
    )

    # The pane and the notifier get each event together: once it is shown, the notifier has decided.
    qtbot.waitUntil(
        lambda: pane.conversations.messages_model.messages[-1].content == "Are you there?", timeout=10_000
    )
    assert session.told == []


def test_messages_in_my_threads_of_other_customers_are_announced_and_a_click_opens_them(
    qtbot: QtBot, server: LiveServer, session: Session
) -> None:
    window = session.window
    pane = window.pane
    assert pane is not None
    mine = api(server, "GET", "/v1/threads", user="agent", params={"limit": 100}).json()["items"]
    existing = next(t for t in mine if t["customerId"] not in (ANNA, OTHER))
    session.send_to_background()

    # Another agent's new thread with a customer who is not open: not ours to hear about.
    api(server, "POST", f"/v1/communications/{OTHER}/threads", json=message(subject="Not yours"))
    # A new thread that is mine (I recorded the customer's letter): announced, with the customer's name.
    with qtbot.waitSignal(session.notifier.notified, timeout=10_000) as told:
        created = api(
            server,
            "POST",
            f"/v1/communications/{OTHER}/threads",
            user="agent",
            json=message(content="Please call me back after six.", subject="Call back"),
        ).json()
    new_thread = told.args[0]
    assert new_thread.text == f"New message from {name_of(server, OTHER)}: Please call me back after six."
    assert new_thread.title == "Call back"
    assert (new_thread.customer_id, new_thread.thread_id) == (OTHER, created["threadId"])

    # A message from the customer in a thread of mine that this session has not seen before: whose
    # thread it is comes with the thread event right after it.
    with qtbot.waitSignal(session.notifier.notified, timeout=10_000) as told:
        api(
            server,
            "PUT",
            f"/v1/communications/{existing['customerId']}/threads/{existing['threadId']}",
            json=message(content="Any news on my request?"),
        )
    old_thread = told.args[0]
    assert (
        old_thread.text
        == f"New message from {name_of(server, existing['customerId'])}: Any news on my request?"
    )
    assert (old_thread.customer_id, old_thread.thread_id) == (existing["customerId"], existing["threadId"])
    assert session.told == [new_thread, old_thread]

    # The agent clicks the notification: the window comes back with that customer and thread open.
    with qtbot.waitSignal(pane.fully_loaded, timeout=15_000):
        session.notifier.tray.messageClicked.emit()
    qtbot.waitUntil(window.isActiveWindow)
    assert pane.customer_id == existing["customerId"]
    thread = pane.conversations.current_thread
    assert thread is not None and thread.thread_id == existing["threadId"]
    assert pane.conversations.messages_model.messages[-1].content == "Any news on my request?"


def test_only_incoming_thread_messages_count_and_the_text_stays_short() -> None:
    def event(**changes: Any) -> ServerEvent:
        data = {
            "customerId": ANNA,
            "communicationId": 7,
            "threadId": 3,
            "communicationThreadStatus": "ONGOING",
            "ticketNumber": None,
            "ticketLink": None,
            "subject": "Invoice",
            "content": "Hello",
            "communicationDirection": "INCOMING",
            "communicationChannel": "EMAIL",
            "agent": None,
            "communicationDateTime": "2025-03-01T10:00:00+01:00",
            "messageCategory": "CONTRACT",
            "deliveryStatus": "RECEIVED",
            "suppressionReason": None,
            "kind": "MESSAGE",
        }
        kind = changes.pop("type", EventType.COMMUNICATION_CREATED)
        return ServerEvent(event_id=1, type=kind, data={**data, **changes})

    found = incoming_message(event())
    assert found is not None and found.content == "Hello"
    assert incoming_message(event(communicationDirection="OUTGOING", deliveryStatus="SENT")) is None
    assert incoming_message(event(kind="LOGGED", threadId=None)) is None
    assert incoming_message(event(kind="OTP_ATTEMPT", threadId=None)) is None
    assert incoming_message(event(type=EventType.COMMUNICATION_DELIVERY_STATUS_CHANGED)) is None

    assert notification_text("Anna Müller", "Hi\n\nthere") == "New message from Anna Müller: Hi there"
    long = notification_text("Anna Müller", "word " * 100)
    assert long.startswith("New message from Anna Müller: word word")
    assert len(long) <= MAX_CHARS and long.endswith("…")


def test_a_click_on_a_message_in_another_thread_of_the_open_customer_opens_that_thread(
    qtbot: QtBot, server: LiveServer, session: Session
) -> None:
    pane = session.window.pane
    assert pane is not None
    tab = pane.conversations
    shown_before = anna_thread(session)
    session.send_to_background()

    with qtbot.waitSignal(session.notifier.notified, timeout=10_000) as told:
        created = api(
            server,
            "POST",
            f"/v1/communications/{ANNA}/threads",
            json=message(content="A new question about my contract.", subject="Contract"),
        ).json()
    assert (told.args[0].customer_id, told.args[0].thread_id) == (ANNA, created["threadId"])
    qtbot.waitUntil(lambda: tab.threads_model.row_of(created["threadId"]) is not None, timeout=10_000)
    assert anna_thread(session) == shown_before, "the list refreshed, the agent's thread stays open"

    session.notifier.tray.messageClicked.emit()
    qtbot.waitUntil(session.window.isActiveWindow)
    assert pane.customer_id == ANNA and anna_thread(session) == created["threadId"]
    qtbot.waitUntil(
        lambda: [m.content for m in tab.messages_model.messages] == ["A new question about my contract."],
        timeout=10_000,
    )
