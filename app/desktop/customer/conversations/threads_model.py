"""The customer's threads as a table model, newest activity first, paged from the server as it scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from app.contract.communications import ThreadSummary
from app.desktop.customer.timefmt import local_time, short_time
from app.desktop.icons import thread_status_icon
from app.desktop.paged_model import PagedTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
ThreadRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Status", "Subject", "Ticket", "Last activity", "Count")
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
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return thread_status_icon(thread.communication_thread_status)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and thread.ticket_link:
            return f"Ticket {thread.ticket_number or ''}: {thread.ticket_link} (double-click opens it)"
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return local_time(thread.last_communication_at)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return thread.subject
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return thread.communication_thread_status.value.capitalize()
        if column == 1:
            return thread.subject
        if column == 2:
            return thread.ticket_number or ""
        if column == 3:
            return short_time(thread.last_communication_at)
        return str(thread.communication_count)
