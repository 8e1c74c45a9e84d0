"""The customer's threads as a table model, newest activity first, paged from the server as it scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QPersistentModelIndex, Qt

from app.contract.communications import ThreadSummary
from app.desktop.customer.timefmt import local_time, short_time
from app.desktop.icons import thread_status_icon
from app.desktop.paged_model import PagedTableModel
from app.desktop.words import word

AnyIndex = QModelIndex | QPersistentModelIndex
ThreadRole = Qt.ItemDataRole.UserRole + 1
#: Column titles, translated where they are shown (PagedTableModel.headerData).
COLUMNS = (
    str(QT_TRANSLATE_NOOP("Columns", "Status")),
    str(QT_TRANSLATE_NOOP("Columns", "Subject")),
    str(QT_TRANSLATE_NOOP("Columns", "Ticket")),
    str(QT_TRANSLATE_NOOP("Columns", "Last activity")),
    str(QT_TRANSLATE_NOOP("Columns", "Count")),
)
STATUS, SUBJECT, TICKET, ACTIVITY, COUNT = range(len(COLUMNS))
PAGE_SIZE = 50


class ThreadListModel(PagedTableModel):
    """The customer's threads, newest activity first."""

    def __init__(self) -> None:
        super().__init__(COLUMNS)

    @property
    def threads(self) -> list[ThreadSummary]:
        return self.items

    def key(self, item: Any) -> object:
        return item.thread_id

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        thread = self.threads[index.row()]
        column = index.column()
        if role == ThreadRole:
            return thread
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return thread_status_icon(thread.communication_thread_status)
        if role == Qt.ItemDataRole.ToolTipRole and column == TICKET and thread.ticket_link:
            return self.tr("Ticket {number}: {link} (double-click opens it)").format(
                number=thread.ticket_number or "", link=thread.ticket_link
            )
        if role == Qt.ItemDataRole.ToolTipRole and column == ACTIVITY:
            return local_time(thread.last_communication_at)
        if role == Qt.ItemDataRole.ToolTipRole and column == SUBJECT:
            return thread.subject
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == STATUS:
            return word(thread.communication_thread_status)
        if column == SUBJECT:
            return thread.subject
        if column == TICKET:
            return thread.ticket_number or ""
        if column == ACTIVITY:
            return short_time(thread.last_communication_at)
        return str(thread.communication_count)
