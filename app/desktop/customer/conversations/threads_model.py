"""The customer's threads as a table model, newest activity first, paged from the server as it scrolls."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from app.client.errors import ClientError
from app.contract.base import Page
from app.contract.communications import ThreadSummary
from app.contract.enums import ThreadStatus
from app.desktop.customer.failures import failure_of
from app.desktop.customer.tasks import LatestRequest
from app.desktop.customer.timefmt import local_time

AnyIndex = QModelIndex | QPersistentModelIndex
#: Loads one page (1-based) of the customer's threads, filtered by status at the server.
PageLoader = Callable[[int], Awaitable[Page[ThreadSummary]]]

ThreadRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Status", "Subject", "Ticket", "Last activity", "Messages")
PAGE_SIZE = 50

_STATUS_COLOURS = {
    ThreadStatus.CREATED: QColor("#1565c0"),
    ThreadStatus.ONGOING: QColor("#2e7d32"),
    ThreadStatus.CLOSED: QColor("#9e9e9e"),
}


class ThreadListModel(QAbstractTableModel):
    loaded = Signal()
    """The first page arrived."""
    failed = Signal(object)
    """A page could not be loaded: the `Failure`."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[ThreadSummary] = []
        self.total = 0
        self._loader: PageLoader | None = None
        self._next_page = 1
        self._request = LatestRequest()

    def reload(self, loader: PageLoader | None) -> None:
        self._request.cancel()
        self._loader = loader
        if loader is not None:
            self._request.run(self._load(loader, 1))
        else:
            self._replace([], 0)

    def _replace(self, threads: list[ThreadSummary], total: int) -> None:
        self.beginResetModel()
        self.threads, self.total = threads, total
        self.endResetModel()

    async def _load(self, loader: PageLoader, page: int) -> None:
        try:
            answer = await loader(page)
        except ClientError as error:
            self.failed.emit(failure_of(error))
            return
        self._next_page = page + 1
        if page == 1:
            # Replaced only when the answer is here, so a refresh never flashes an empty list.
            self._replace(list(answer.items), answer.total)
            self.loaded.emit()
            return
        known = {thread.thread_id for thread in self.threads}
        fresh = [thread for thread in answer.items if thread.thread_id not in known]
        self.total = answer.total
        if fresh:
            self.beginInsertRows(QModelIndex(), len(self.threads), len(self.threads) + len(fresh) - 1)
            self.threads.extend(fresh)
            self.endInsertRows()

    def row_of(self, thread_id: int) -> int | None:
        for row, thread in enumerate(self.threads):
            if thread.thread_id == thread_id:
                return row
        return None

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:
        return (
            not parent.isValid()
            and self._loader is not None
            and not self._request.running
            and self._next_page > 1
            and len(self.threads) < self.total
        )

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:
        if self.canFetchMore(parent) and self._loader is not None:
            self._request.run(self._load(self._loader, self._next_page))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.threads)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        thread = self.threads[index.row()]
        column = index.column()
        if role == ThreadRole:
            return thread
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return _STATUS_COLOURS[thread.communication_thread_status]
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and thread.ticket_link:
            return f"Ticket {thread.ticket_number or ''}: {thread.ticket_link} (double-click opens it)"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return thread.communication_thread_status.value.capitalize()
        if column == 1:
            return thread.subject
        if column == 2:
            return thread.ticket_number or ""
        if column == 3:
            return local_time(thread.last_communication_at)
        return str(thread.communication_count)
