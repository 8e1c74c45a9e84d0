"""The customer's communications log as a table, newest first, paged from the server as it scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from app.contract.communications import Communication
from app.contract.enums import CommunicationKind, DeliveryStatus, Direction
from app.desktop.customer.delivery_mark import failed_in_full, failed_text
from app.desktop.customer.timefmt import local_time
from app.desktop.icons import channel_icon, delivery_icon
from app.desktop.locale_format import date_time
from app.desktop.paged_model import PagedTableModel
from app.desktop.text import shorten
from app.desktop.theme import palette
from app.desktop.words import category_name, category_names, delivery_text, reason_in_full, word

AnyIndex = QModelIndex | QPersistentModelIndex
CommunicationRole = Qt.ItemDataRole.UserRole + 1

TIME, CHANNEL, DIRECTION, CATEGORY, STATUS, SENDER, THREAD, TEXT = range(8)
#: Column titles, translated where they are shown (PagedTableModel.headerData).
COLUMNS = (
    str(QT_TRANSLATE_NOOP("Columns", "Time")),
    str(QT_TRANSLATE_NOOP("Columns", "Channel")),
    str(QT_TRANSLATE_NOOP("Columns", "Direction")),
    str(QT_TRANSLATE_NOOP("Columns", "Category")),
    str(QT_TRANSLATE_NOOP("Columns", "Delivery status")),
    str(QT_TRANSLATE_NOOP("Columns", "Agent / sender")),
    str(QT_TRANSLATE_NOOP("Columns", "Thread")),
    str(QT_TRANSLATE_NOOP("Columns", "Text")),
)
PAGE_SIZE = 100
NONE = "—"
#: Longest text preview in the table; the tooltip has all of it.
PREVIEW_CHARS = 160


def status_text(item: Communication) -> str:
    """The delivery status as the column shows it; a suppression says why, a failure says so in words
    (as its bubble does)."""
    if item.delivery_status == DeliveryStatus.FAILED:
        return failed_text()
    return delivery_text(item.delivery_status, item.suppression_reason)


def category_text(item: Communication) -> str:
    if item.message_category:
        return category_name(item.message_category)
    if item.kind in (CommunicationKind.OTP, CommunicationKind.OTP_ATTEMPT, CommunicationKind.NOTIFICATION):
        return word(item.kind)
    return NONE


def sender_text(item: Communication) -> str:
    if item.agent:
        return item.agent
    sender = item.details.sender if item.details is not None else None
    if sender is not None:
        # The most telling of what the logging system said of its sender.
        for said in (sender.system_component, sender.email, sender.phone, sender.user_id):
            if said:
                return said
    if item.communication_direction == Direction.INCOMING:
        return QCoreApplication.translate("ActivityModel", "Customer")
    return NONE


def thread_text(item: Communication) -> str:
    if item.thread_id is None:
        return NONE
    return item.subject or f"#{item.thread_id}"


def full_text(item: Communication) -> str:
    """What was said; a communication outside any thread names its own subject first."""
    if item.thread_id is None and item.subject:
        return f"{item.subject}: {item.content}"
    return item.content


def preview(item: Communication) -> str:
    return shorten(full_text(item), PREVIEW_CHARS)


class ActivityModel(PagedTableModel):
    """One row per communication of the customer (all channels and kinds), newest first."""

    def __init__(self) -> None:
        super().__init__(COLUMNS)
        category_names().changed.connect(self._category_names_changed)

    def _category_names_changed(self) -> None:
        if self.items:
            self.dataChanged.emit(self.index(0, CATEGORY), self.index(len(self.items) - 1, CATEGORY))

    @property
    def communications(self) -> list[Communication]:
        return self.items

    def key(self, item: Any) -> object:
        return item.communication_id

    def replace(self, communication: Communication) -> bool:
        """A newer state of a shown communication (its delivery status moved); False if not shown."""
        row = self.row_of(communication.communication_id)
        if row is None:
            return False
        self.items[row] = communication
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))
        return True

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.communications[index.row()]
        column = index.column()
        if role == CommunicationRole:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, column)
        if role == Qt.ItemDataRole.DecorationRole and column == CHANNEL:
            return channel_icon(item.communication_channel)
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return delivery_icon(item.delivery_status)
        if column == STATUS and role == Qt.ItemDataRole.ForegroundRole:
            # The red of suppressed messages is the conversation's bubbles' red.
            if item.delivery_status == DeliveryStatus.SUPPRESSED:
                return QColor(palette().suppressed)
            if item.delivery_status == DeliveryStatus.FAILED:
                return QColor(palette().failed)
        if (
            column == STATUS
            and role == Qt.ItemDataRole.FontRole
            and item.delivery_status in (DeliveryStatus.SUPPRESSED, DeliveryStatus.FAILED)
        ):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, item: Communication, column: int) -> str:
        if column == TIME:
            return local_time(item.communication_date_time)
        if column == CHANNEL:
            return word(item.communication_channel)
        if column == DIRECTION:
            return word(item.communication_direction)
        if column == CATEGORY:
            return category_text(item)
        if column == STATUS:
            return status_text(item)
        if column == SENDER:
            return sender_text(item)
        if column == THREAD:
            return thread_text(item)
        return preview(item)

    def _tooltip(self, item: Communication, column: int) -> str | None:
        if column == STATUS and item.delivery_status == DeliveryStatus.SUPPRESSED:
            if item.suppression_reason:
                return QCoreApplication.translate(
                    "ActivityModel", "Suppressed because {why}: recorded, but NOT delivered to the customer."
                ).format(why=reason_in_full(item.suppression_reason))
            return QCoreApplication.translate(
                "ActivityModel", "Suppressed: recorded, but NOT delivered to the customer."
            )
        if column == STATUS and item.delivery_status == DeliveryStatus.FAILED:
            return failed_in_full()
        if column == THREAD and item.thread_id is not None:
            if item.ticket_number:
                return QCoreApplication.translate(
                    "ActivityModel", "Thread #{thread}: {subject}, ticket {ticket}"
                ).format(thread=item.thread_id, subject=item.subject or "", ticket=item.ticket_number)
            return QCoreApplication.translate("ActivityModel", "Thread #{thread}: {subject}").format(
                thread=item.thread_id, subject=item.subject or ""
            )
        if column == TEXT:
            return full_text(item)
        if column == TIME:
            return date_time(item.communication_date_time, seconds=True)
        return None
