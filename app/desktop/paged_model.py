"""A table model over one of the API's page/limit lists: later pages are fetched as the view scrolls down.

The customer's threads, activity and consent history, and the customer search results, are each one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.client.errors import ClientError
from app.contract.base import Page
from app.desktop.failures import failure_of
from app.desktop.tasks import LatestRequest

#: The translation context of column titles (marked with QT_TRANSLATE_NOOP where they are written).
COLUMNS_CONTEXT = "Columns"

AnyIndex = QModelIndex | QPersistentModelIndex
#: Loads one page (1-based) of the list; filters are the loader's business (they go to the server).
PageLoader = Callable[[int], Awaitable[Page[Any]]]


class PagedTableModel(QAbstractTableModel):
    """Rows are the items of the pages loaded so far; `canFetchMore` while the server holds more."""

    loaded = Signal()
    """The first page arrived."""
    failed = Signal(object)
    """A page could not be loaded: the `Failure`."""

    def __init__(self, columns: tuple[str, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.items: list[Any] = []
        self.total = 0
        self._loader: PageLoader | None = None
        self._next_page = 1
        self._request = LatestRequest()

    def key(self, item: Any) -> object:
        """What identifies an item, so a row that moved to the next page is not shown twice."""
        return item

    def row_of(self, key: object) -> int | None:
        """The row of the item with this `key`, or None if it is not among the rows loaded."""
        for row, item in enumerate(self.items):
            if self.key(item) == key:
                return row
        return None

    def reload(self, loader: PageLoader | None, keep_rows: bool = False) -> None:
        """Start again from the first page. `keep_rows` (a refresh of the same list) keeps the rows
        until the answer is here, so the list never flashes empty; otherwise they go at once."""
        self._request.cancel()
        self._loader = loader
        if not keep_rows or loader is None:
            self._replace([], 0)
        if loader is not None:
            self._request.run(self._load(loader, 1))

    def cancel_loading(self) -> None:
        """Stop the page on its way (the view closes); the rows loaded so far stay."""
        self._request.cancel()

    def _replace(self, items: list[Any], total: int) -> None:
        self.beginResetModel()
        self.items, self.total = items, total
        self.endResetModel()

    async def _load(self, loader: PageLoader, page: int) -> None:
        try:
            answer = await loader(page)
        except ClientError as error:
            self.failed.emit(failure_of(error))
            return
        except Exception as error:
            # A bug: the view says what went wrong instead of loading forever, and it is reported.
            self.failed.emit(failure_of(error))
            raise
        self._next_page = page + 1
        if page == 1:
            self._replace(list(answer.items), answer.total)
            self.loaded.emit()
            return
        known = {self.key(item) for item in self.items}
        fresh = [item for item in answer.items if self.key(item) not in known]
        self.total = answer.total
        if fresh:
            self.beginInsertRows(QModelIndex(), len(self.items), len(self.items) + len(fresh) - 1)
            self.items.extend(fresh)
            self.endInsertRows()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:
        return (
            not parent.isValid()
            and self._loader is not None
            and not self._request.running
            and self._next_page > 1
            and len(self.items) < self.total
        )

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:
        if self.canFetchMore(parent) and self._loader is not None:
            self._request.run(self._load(self._loader, self._next_page))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            # The titles are marked for translation in this context where they are written.
            return QCoreApplication.translate(COLUMNS_CONTEXT, self.columns[section])
        return None
