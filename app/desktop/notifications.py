"""Desktop notifications: a customer wrote while the main window is in the background.

Which messages notify:
- a `communication.created` event of a thread message (kind MESSAGE) coming INCOMING from the
  customer. Outgoing messages, logged communications and one-time codes never do;
- of the customer open in the main window, or in a thread assigned to the signed-in user. Other
  customers' messages do not: in a tenant with many agents, everyone would be interrupted by
  every customer's mail, and what is not theirs is in the supervisor's review queue.

When: only while no window of the app is the active one (another program has the focus, or the
window is minimised). Then the taskbar entry asks for attention (`QApplication.alert`) and, where
the desktop has a system tray that shows messages, a message says who wrote and how it starts
("New message from Anna Müller: …", at most `MAX_CHARS` characters). Clicking it brings the
window to the front with that customer and thread open.

Whose thread it is comes from the thread events of this session: a new thread's `thread.created`
arrives before its first `communication.created`, and a message added to a thread arrives just
before that thread's `thread.updated`, so a message of a thread not seen yet waits for that event.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

from app.client.errors import ClientError
from app.contract.communications import Communication, ThreadSummary
from app.contract.enums import CommunicationKind, Direction, EventType
from app.contract.events import ServerEvent
from app.desktop.text import one_line, shorten

if TYPE_CHECKING:
    from app.client import SwitchboardClient
    from app.contract.auth import User
    from app.desktop.mainwindow import MainWindow

log = logging.getLogger(__name__)

#: The longest notification text and title, in characters.
MAX_CHARS = 100
MAX_TITLE_CHARS = 60
#: Threads whose assignee is remembered, and messages waiting for their thread's event (oldest go).
REMEMBERED_THREADS = 5000
WAITING_MESSAGES = 200
#: How long the tray message stays (the desktop may decide otherwise).
MESSAGE_MS = 10_000
#: How long to wait for the writer's name before the message names the customer by number.
NAME_DEADLINE_S = 5.0

CONTEXT = "Notifier"


@dataclass(frozen=True)
class Notification:
    """What the agent was told, and what a click on it opens."""

    customer_id: int
    thread_id: int | None
    title: str
    text: str
    in_tray: bool
    """Shown as a message of the system tray; False: only the taskbar entry asked for attention."""


def incoming_message(event: ServerEvent) -> Communication | None:
    """The communication of an event that announces a new incoming thread message, else None."""
    if event.type != EventType.COMMUNICATION_CREATED:
        return None
    try:
        communication = Communication.model_validate(event.data)
    except ValidationError:
        log.info("ignoring a communication event the client cannot read: %s", event.event_id)
        return None
    if (
        communication.communication_direction is Direction.INCOMING
        and communication.kind is CommunicationKind.MESSAGE
    ):
        return communication
    return None


def notification_text(name: str, content: str, limit: int = MAX_CHARS) -> str:
    """ "New message from <name>: <start of the message>", on one line, at most `limit` characters."""
    template = QCoreApplication.translate(CONTEXT, "New message from %1: %2")
    return shorten(template.replace("%1", one_line(name)).replace("%2", one_line(content)), limit)


class Notifier(QObject):
    """Follows the session's events and tells the agent about new incoming messages (see the module)."""

    notified = Signal(object)
    """The agent was told about a message: the `Notification`."""

    def __init__(
        self, window: MainWindow, client: SwitchboardClient, user: User, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.client = client
        self.user = user
        self.last: Notification | None = None
        self._assignees: OrderedDict[int, int | None] = OrderedDict()
        self._waiting: OrderedDict[int, Communication] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()
        # Created even where there is no tray (it then never shows), so a click has one path.
        self.tray = QSystemTrayIcon(self)
        self.tray.setToolTip("Switchboard")
        self.tray.messageClicked.connect(self.open_last)
        self.tray.activated.connect(lambda _reason: self.open_last())
        window.installEventFilter(self)

    # -- the events -----------------------------------------------------------------------------

    def handle_event(self, event: ServerEvent) -> None:
        """One event of the stream, in order."""
        if event.type in (EventType.THREAD_CREATED, EventType.THREAD_UPDATED):
            try:
                thread = ThreadSummary.model_validate(event.data)
            except ValidationError:
                return
            self._remember(thread)
            waiting = self._waiting.pop(thread.thread_id, None)
            if waiting is not None:
                self._decide(waiting)
            return
        message = incoming_message(event)
        if message is None:
            return
        thread_id = message.thread_id
        if thread_id is None or thread_id in self._assignees or self._is_open(message.customer_id):
            self._decide(message)
        else:  # whose thread it is comes with the thread's event, right after this one
            self._waiting[thread_id] = message
            while len(self._waiting) > WAITING_MESSAGES:
                self._waiting.popitem(last=False)

    def _remember(self, thread: ThreadSummary) -> None:
        self._assignees[thread.thread_id] = thread.assignee.user_id if thread.assignee else None
        self._assignees.move_to_end(thread.thread_id)
        while len(self._assignees) > REMEMBERED_THREADS:
            self._assignees.popitem(last=False)

    def _is_open(self, customer_id: int) -> bool:
        pane = self.window.pane
        return pane is not None and pane.customer_id == customer_id

    def concerns_agent(self, message: Communication) -> bool:
        """The message is of the open customer, or in a thread assigned to the signed-in user."""
        if self._is_open(message.customer_id):
            return True
        thread_id = message.thread_id
        return thread_id is not None and self._assignees.get(thread_id) == self.user.user_id

    def window_in_front(self) -> bool:
        """The main window, or a dialog of it, is the active window (and not minimised)."""
        active = QApplication.activeWindow()
        if active is None or self.window.isMinimized():
            return False
        widget: QWidget | None = active
        while widget is not None:
            if widget is self.window:
                return True
            widget = widget.parentWidget()
        return False

    def _decide(self, message: Communication) -> None:
        if self.window_in_front() or not self.concerns_agent(message):
            return
        pane = self.window.pane
        customer = pane.customer if pane is not None else None
        if customer is not None and customer.customer_id == message.customer_id:
            self._notify(message, customer.full_name)
            return
        task = asyncio.ensure_future(self._notify_with_name(message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _notify_with_name(self, message: Communication) -> None:
        try:
            with self.client.deadline(NAME_DEADLINE_S):
                customer = await self.client.get_customer(message.customer_id)
            name = customer.full_name
        except ClientError as error:
            log.info("no name for the notification of customer %s: %s", message.customer_id, error)
            name = self.tr("customer %s") % message.customer_id
        if not self.window_in_front():  # the agent may have come back meanwhile
            self._notify(message, name)

    # -- telling the agent ----------------------------------------------------------------------

    def _notify(self, message: Communication, name: str) -> None:
        title = shorten(message.subject or "Switchboard", MAX_TITLE_CHARS)
        text = notification_text(name, message.content)
        in_tray = QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()
        if in_tray:
            if self.tray.icon().isNull():
                self.tray.setIcon(self._icon())
            self.tray.show()
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)
        QApplication.alert(self.window)
        self.last = Notification(message.customer_id, message.thread_id, title, text, in_tray)
        self.notified.emit(self.last)

    def _icon(self) -> QIcon:
        icon = self.window.windowIcon()
        if icon.isNull():
            icon = self.window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        return icon

    def open_last(self) -> None:
        """The agent clicked the notification: the window to the front, that customer and thread open."""
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
        last = self.last
        if last is not None:
            # In the customer view, whichever view was shown; another customer opens with their
            # newest thread: the one just written to.
            window.open_thread(last.customer_id, last.thread_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            self.tray.hide()  # the agent is back: the icon was only there to carry the message
        return False

    def shutdown(self) -> None:
        """The session ends: nothing more is announced, and the tray icon goes."""
        self.window.removeEventFilter(self)
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()
        self._waiting.clear()
        self.tray.hide()
