"""The composer under the messages: channel and category pickers, subject for a new thread, text, Send."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.contract.enums import CategoryKind, Channel
from app.contract.preferences import CommunicationPreferences, MessageCategory
from app.desktop import icons, shortcuts
from app.desktop.customer.outbound import opt_out_reason
from app.desktop.customer.states import ErrorNotice

ChannelRole = Qt.ItemDataRole.UserRole + 1
ReasonRole = Qt.ItemDataRole.UserRole + 2


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
        self.channel.setAccessibleName("Channel")
        self._channels = QStandardItemModel(self)
        for channel in Channel:
            item = QStandardItem(channel.value)
            item.setData(channel.value, ChannelRole)
            self._channels.appendRow(item)
        self.channel.setModel(self._channels)
        self.channel.setCurrentIndex(list(Channel).index(Channel.EMAIL))
        self.category = QComboBox()
        self.category.setObjectName("composerCategory")
        self.category.setAccessibleName("Message category")
        self.subject = QLineEdit()
        self.subject.setObjectName("composerSubject")
        self.subject.setPlaceholderText("Subject of the new thread")
        self.subject.setAccessibleName("Subject")
        self.text = QPlainTextEdit()
        self.text.setObjectName("composerText")
        self.text.setAccessibleName("Message")
        self.text.setPlaceholderText("Message — Ctrl+Enter sends")
        self.text.setMaximumHeight(110)
        self.send_button = QPushButton("Send")
        self.send_button.setObjectName("sendButton")
        self.send_button.setIcon(icons.icon(icons.SEND))
        self.send_button.setToolTip("Send (Ctrl+Enter)")
        self.new_thread_button = QPushButton("New thread")
        self.new_thread_button.setObjectName("newThreadButton")
        self.new_thread_button.setIcon(icons.icon(icons.NEW_THREAD))
        self.new_thread_button.setToolTip("Start a new thread (Ctrl+N)")
        self.notice = QLabel()
        self.notice.setObjectName("composerNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.error = ErrorNotice()

        pickers = QHBoxLayout()
        pickers.addWidget(QLabel("Channel"))
        pickers.addWidget(self.channel, 1)
        pickers.addWidget(QLabel("Category"))
        pickers.addWidget(self.category, 1)
        pickers.addWidget(self.new_thread_button)
        sending = QHBoxLayout()
        sending.addWidget(self.text, 1)
        sending.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(pickers)
        layout.addWidget(self.subject)
        layout.addLayout(sending)
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
        self.set_new_thread(False)

    # --- pickers -------------------------------------------------------------------------------------

    def set_categories(self, categories: list[MessageCategory]) -> None:
        current = self.category.currentText()
        self.category.blockSignals(True)
        self.category.clear()
        for category in categories:
            self.category.addItem(category.message_category)
        service = [c.message_category for c in categories if c.kind == CategoryKind.SERVICE]
        wanted = current or (service[0] if service else "")
        if wanted:
            self.category.setCurrentText(wanted)
        self.category.blockSignals(False)
        self.update_channels()

    def set_preferences(self, preferences: CommunicationPreferences | None) -> None:
        self.preferences = preferences
        self.update_channels()

    def _category_changed(self) -> None:
        self.update_channels()
        self.edited.emit()

    def update_channels(self) -> None:
        """Disable the channels the customer opted out of for the chosen category, saying why."""
        category = self.category.currentText()
        for row in range(self._channels.rowCount()):
            item = self._channels.item(row)
            channel = Channel(item.data(ChannelRole))
            reason = opt_out_reason(self.preferences, category, channel) if category else None
            item.setEnabled(reason is None)
            item.setData(reason, ReasonRole)
            item.setText(channel.value if reason is None else f"{channel.value} — opted out")
            item.setToolTip(reason or "")
        if self.channel_blocked_reason() is not None:
            for row in range(self._channels.rowCount()):
                if self._channels.item(row).isEnabled():
                    self.channel.setCurrentIndex(row)
                    break
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
        self.send_button.setText("Start thread" if new_thread else "Send")

    def set_pending(self, pending: bool, notice: str = "") -> None:
        """While a send is under way (or waits for the server) the draft is frozen: it is what gets sent."""
        self.pending = pending
        for widget in (self.channel, self.category, self.subject):
            widget.setEnabled(not pending)
        self.text.setReadOnly(pending)
        self.send_button.setEnabled(not pending)
        self.show_notice(notice)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def clear(self) -> None:
        self.text.clear()
        self.subject.clear()
        self.error.hide()
