"""The consent history as a table that pages from the server as it is scrolled (canFetchMore/fetchMore)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.client.errors import ClientError
from app.contract.base import Page
from app.contract.customers import ConsentChange
from app.contract.enums import ConsentKind
from app.desktop.customer.failures import failure_of
from app.desktop.customer.preferences.staging import on_off
from app.desktop.customer.tasks import LatestRequest
from app.desktop.customer.timefmt import local_time

AnyIndex = QModelIndex | QPersistentModelIndex
PageLoader = Callable[[int], Awaitable[Page[ConsentChange]]]

COLUMNS = ("When", "Who", "What", "Source")
PAGE_SIZE = 50


class ConsentHistoryModel(QAbstractTableModel):
    """Who changed which consent, when, and from where; newest first."""

    loaded = Signal()
    """The first page arrived (or failed: see `failure`)."""
    failed = Signal(object)
    """A page could not be loaded: the `Failure`."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[ConsentChange] = []
        self.total = 0
        self.marketing_texts: dict[int, str] = {}
        self._loader: PageLoader | None = None
        self._next_page = 1
        self._request = LatestRequest()

    def reload(self, loader: PageLoader | None) -> None:
        """Start again from the first page (a different customer, or the history grew)."""
        self._request.cancel()
        self.beginResetModel()
        self.entries, self.total, self._next_page = [], 0, 1
        self._loader = loader
        self.endResetModel()
        if loader is not None:
            self._request.run(self._load(loader, 1))

    async def _load(self, loader: PageLoader, page: int) -> None:
        try:
            answer = await loader(page)
        except ClientError as error:
            self.failed.emit(failure_of(error))
            return
        fresh = [entry for entry in answer.items if entry not in self.entries]
        if fresh:
            self.beginInsertRows(QModelIndex(), len(self.entries), len(self.entries) + len(fresh) - 1)
            self.entries.extend(fresh)
            self.endInsertRows()
        self.total = answer.total
        self._next_page = page + 1
        if page == 1:
            self.loaded.emit()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:
        return (
            not parent.isValid()
            and self._loader is not None
            and not self._request.running
            and self._next_page > 1
            and len(self.entries) < self.total
        )

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:
        if self.canFetchMore(parent) and self._loader is not None:
            self._request.run(self._load(self._loader, self._next_page))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def describe(self, entry: ConsentChange) -> str:
        change = f"{on_off(entry.previous)} -> {on_off(entry.current)}"
        if entry.kind == ConsentKind.MARKETING_PREFERENCE:
            text = self.marketing_texts.get(
                entry.marketing_preference_id or 0, f"#{entry.marketing_preference_id}"
            )
            return f"Marketing: {text}: {'opted in' if entry.current else 'opted out'}"
        channel = entry.communication_channel.value if entry.communication_channel else "?"
        return f"{entry.message_category} / {channel}: {change}"

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if column == 0:
            return local_time(entry.at)
        if column == 1:
            return entry.actor.display_name
        if column == 2:
            return self.describe(entry)
        return entry.source.value
