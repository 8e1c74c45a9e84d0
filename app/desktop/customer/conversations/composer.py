"""The composer under the messages: channel and category pickers, subject for a new thread, text, Send."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QShortcut, QStandardItem, QStandardItemModel, QTextCursor
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.contract.communications import Communication, ThreadSummary
from app.contract.enums import CategoryKind, Channel, Direction
from app.contract.preferences import CommunicationPreferences, MessageCategory
from app.contract.text import NUL
from app.desktop import icons, shortcuts
from app.desktop.customer.outbound import opt_out_reason
from app.desktop.customer.states import ErrorNotice
from app.desktop.widgets.one_line import keep_to_one_line
from app.desktop.words import category_name, category_names, word

ChannelRole = Qt.ItemDataRole.UserRole + 1
ReasonRole = Qt.ItemDataRole.UserRole + 2
CategoryRole = Qt.ItemDataRole.UserRole + 3
"""A category item's identifier (its text is the category's name)."""

#: The message box is never lower than this many lines; it grows with the window beyond that.
TEXT_LINES = 3
#: The message box is this many average characters wide at least beside the Send button; in a
#: narrower composer (a small window, a long German button text) the button goes below the box.
TEXT_BESIDE_BUTTON_CHARS = 32


def reply_defaults(
    thread: ThreadSummary, messages: Sequence[Communication]
) -> tuple[Channel | None, str | None]:
    """A reply's channel and category: the channel the customer last wrote on in the thread, and the
    thread's category (its newest message's). `messages` are the loaded ones, oldest first; either
    default is None where they do not tell."""
    channel = thread.last_communication_channel if thread.last_direction is Direction.INCOMING else None
    category = None
    for message in reversed(messages):
        if channel is None and message.communication_direction is Direction.INCOMING:
            channel = message.communication_channel
        if category is None and message.message_category:
            category = message.message_category
        if channel is not None and category is not None:
            break
    return channel, category


def fit_contents(combo: QComboBox) -> None:
    """The box is at least as wide as its widest item, so no choice is ever cut off (called again
    whenever its items change)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setMinimumWidth(combo.sizeHint().width())


class Composer(QWidget):
    """Only the widgets and the channel rule; what happens on Send is the conversations tab's job."""

    send_requested = Signal()
    """Send was pressed (or Ctrl+Enter)."""
    edited = Signal()
    """The text, subject or a picker changed: time to save the draft."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.preferences: CommunicationPreferences | None = None
        self.new_thread = False
        self.pending = False

        self.channel = QComboBox()
        self.channel.setObjectName("composerChannel")
        self.channel.setAccessibleName(self.tr("Channel"))
        self._channels = QStandardItemModel(self)
        for channel in Channel:
            item = QStandardItem(word(channel))
            item.setData(channel.value, ChannelRole)
            self._channels.appendRow(item)
        self.channel.setModel(self._channels)
        self.channel.setCurrentIndex(list(Channel).index(Channel.EMAIL))
        self.category = QComboBox()
        self.category.setObjectName("composerCategory")
        self.category.setAccessibleName(self.tr("Message category"))
        for combo in (self.channel, self.category):
            fit_contents(combo)
        self._categories: list[MessageCategory] = []
        #: A category asked for (a reply's default, a draft's) before the categories were here.
        self._wanted_category: str | None = None
        #: The agent (or a restored draft) chose the channel or category: defaults no longer apply.
        self.chosen = False
        self.subject = keep_to_one_line(QLineEdit())
        self.subject.setObjectName("composerSubject")
        self.subject.setPlaceholderText(self.tr("Subject of the new thread"))
        self.subject.setAccessibleName(self.tr("Subject"))
        self.text = QPlainTextEdit()
        self.text.setObjectName("composerText")
        self.text.setAccessibleName(self.tr("Message"))
        self.text.setPlaceholderText(self.tr("Message — Ctrl+Enter sends"))
        # Tab and Shift+Tab move on, as in every other field; a message has no use for tab characters.
        self.text.setTabChangesFocus(True)
        lines = self.text.fontMetrics().lineSpacing() * TEXT_LINES
        self.text.setMinimumHeight(lines + 2 * self.text.frameWidth() + 8)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("sendButton")
        self.send_button.setIcon(icons.icon(icons.SEND))
        self.send_button.setToolTip(self.tr("Send (Ctrl+Enter)"))
        self.new_thread_button = QPushButton(self.tr("New thread"))
        self.new_thread_button.setObjectName("newThreadButton")
        self.new_thread_button.setIcon(icons.icon(icons.NEW_THREAD))
        self.new_thread_button.setToolTip(self.tr("Start a new thread (Ctrl+N)"))
        self.notice = QLabel()
        self.notice.setObjectName("composerNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.error = ErrorNotice()

        # One picker a line, so that a narrow window still shows both whole; the conversations tab
        # puts the New thread button above the thread list, where the thread will appear.
        pickers = QGridLayout()
        channel_label = QLabel(self.tr("Channel"))
        channel_label.setBuddy(self.channel)
        pickers.addWidget(channel_label, 0, 0)
        pickers.addWidget(self.channel, 0, 1)
        category_label = QLabel(self.tr("Category"))
        category_label.setBuddy(self.category)
        pickers.addWidget(category_label, 1, 0)
        pickers.addWidget(self.category, 1, 1)
        pickers.setColumnStretch(2, 1)
        self._sending = QHBoxLayout()
        self._sending.addWidget(self.text, 1)
        self._sending.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(pickers)
        layout.addWidget(self.subject)
        layout.addLayout(self._sending, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)

        self.send_button.clicked.connect(self.send_requested)
        for keys in shortcuts.SEND.sequences():
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.send_requested)
        self.text.textChanged.connect(self.edited)
        self.subject.textChanged.connect(self.edited)
        self.channel.currentIndexChanged.connect(self.edited)
        self.category.currentIndexChanged.connect(self._category_changed)
        # Only a choice made in the box (not one made by the program) counts as the agent's.
        self.channel.activated.connect(self._chosen_by_agent)
        self.category.activated.connect(self._chosen_by_agent)
        category_names().changed.connect(self._name_categories)
        self.set_new_thread(False)

    # --- pickers -------------------------------------------------------------------------------------

    def set_categories(self, categories: list[MessageCategory]) -> None:
        current = self._wanted_category or self.selected_category()
        self._categories = list(categories)
        self.category.blockSignals(True)
        self.category.clear()
        for category in categories:
            self.category.addItem(category_name(category.message_category), category.message_category)
        service = [c.message_category for c in categories if c.kind == CategoryKind.SERVICE]
        row = self.category.findData(current) if current else -1
        if row < 0 and service:
            row = self.category.findData(service[0])
        self.category.setCurrentIndex(row)
        if row >= 0:
            self._wanted_category = None
        self.category.blockSignals(False)
        fit_contents(self.category)
        self.update_channels()

    def _name_categories(self) -> None:
        """The categories' names became known (or changed language): the items say them."""
        for row in range(self.category.count()):
            self.category.setItemText(row, category_name(str(self.category.itemData(row))))
        fit_contents(self.category)

    def selected_category(self) -> str:
        """The chosen category's identifier ("" while the categories are not loaded)."""
        identifier = self.category.currentData()
        return str(identifier) if identifier else ""

    def select_category(self, identifier: str) -> None:
        """Choose this category; one not listed yet is chosen once the categories are here."""
        row = self.category.findData(identifier)
        if row >= 0:
            self.category.setCurrentIndex(row)
            self._wanted_category = None
        else:
            self._wanted_category = identifier

    def suggest(self, channel: Channel | None, category: str | None) -> None:
        """A reply's defaults (the channel the customer wrote on, the thread's category), unless the
        agent or a restored draft already chose."""
        if self.chosen:
            return
        if category:
            self.select_category(category)
        if channel is not None:
            self.select_channel(channel)
            self.update_channels()

    def _chosen_by_agent(self) -> None:
        self.chosen = True

    def set_preferences(self, preferences: CommunicationPreferences | None) -> None:
        self.preferences = preferences
        self.update_channels()

    def _category_changed(self) -> None:
        self.update_channels()
        self.edited.emit()

    def update_channels(self) -> None:
        """Disable the channels the customer opted out of for the chosen category, saying why."""
        category = self.selected_category()
        for row in range(self._channels.rowCount()):
            item = self._channels.item(row)
            channel = Channel(item.data(ChannelRole))
            reason = opt_out_reason(self.preferences, category, channel) if category else None
            item.setEnabled(reason is None)
            item.setData(reason, ReasonRole)
            item.setText(
                word(channel)
                if reason is None
                else self.tr("{channel} — opted out").format(channel=word(channel))
            )
            item.setToolTip(reason or "")
        if self.channel_blocked_reason() is not None:
            # Off an opted-out channel: to email if it may carry the category, else the first that may.
            rows = list(range(self._channels.rowCount()))
            email = list(Channel).index(Channel.EMAIL)
            for row in [email, *rows]:
                if self._channels.item(row).isEnabled():
                    self.channel.setCurrentIndex(row)
                    break
        fit_contents(self.channel)
        current = self._channels.item(self.channel.currentIndex())
        self.channel.setToolTip(current.toolTip() if current is not None else "")

    def selected_channel(self) -> Channel:
        return Channel(self.channel.currentData(ChannelRole))

    def select_channel(self, channel: Channel) -> None:
        self.channel.setCurrentIndex(list(Channel).index(channel))

    def channel_blocked_reason(self) -> str | None:
        """Why the selected channel may not be used now, or None."""
        item = self._channels.item(self.channel.currentIndex())
        reason = item.data(ReasonRole) if item is not None else None
        return str(reason) if reason else None

    # --- modes ---------------------------------------------------------------------------------------

    def set_new_thread(self, new_thread: bool) -> None:
        self.new_thread = new_thread
        self.subject.setVisible(new_thread)
        self.send_button.setText(self.tr("Start thread") if new_thread else self.tr("Send"))
        self._place_send_button()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_send_button()

    def _place_send_button(self) -> None:
        """Beside the message box when the box keeps room for a line of text there, else below it."""
        button = self.send_button.sizeHint().width() + self._sending.spacing()
        needed = self.text.fontMetrics().averageCharWidth() * TEXT_BESIDE_BUTTON_CHARS
        if self.width() - button >= needed:
            direction, alignment = QBoxLayout.Direction.LeftToRight, Qt.AlignmentFlag.AlignBottom
        else:
            direction, alignment = QBoxLayout.Direction.TopToBottom, Qt.AlignmentFlag.AlignRight
        if self._sending.direction() != direction:
            self._sending.setDirection(direction)
            self._sending.setAlignment(self.send_button, alignment)

    def set_pending(self, pending: bool, notice: str = "") -> None:
        """While a send is under way (or waits for the server) the draft is frozen: it is what gets sent."""
        self.pending = pending
        for widget in (self.channel, self.category, self.subject):
            widget.setEnabled(not pending)
        self.text.setReadOnly(pending)
        self.send_button.setEnabled(not pending)
        self.show_notice(notice)

    def drop_nul(self) -> bool:
        """Takes the NUL characters out of the message (pasted text can hold them, unseen; the
        server refuses a text with one); True if there were any."""
        text = self.text.toPlainText()
        if NUL not in text:
            return False
        self.text.setPlainText(text.replace(NUL, ""))
        self.text.moveCursor(QTextCursor.MoveOperation.End)
        return True

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def clear(self) -> None:
        """An empty composer for another thread: its reply defaults apply again."""
        self.text.clear()
        self.subject.clear()
        self.error.hide()
        self.chosen = False
