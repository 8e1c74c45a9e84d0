"""The Qt item model of customer search results: one row per customer of the server's answer.

The server searches and pages; this model only holds the pages fetched so far for the current
query. Scrolling to the end asks for the next page through `more_requested` (Qt's fetchMore).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from app.contract.customers import Customer

CustomerRole = Qt.ItemDataRole.UserRole
"""The row's `Customer` contract model."""

_AnyIndex = QModelIndex | QPersistentModelIndex


def status_text(customer: Customer) -> str:
    """What the status chip says."""
    return customer.status_label.name if customer.status_label is not None else "No label"


class CustomerResultsModel(QAbstractListModel):
    """Search results for one query; later pages are appended as the list is scrolled."""

    more_requested = Signal()
    """The view reached the end of the list and the server has more matches."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._customers: list[Customer] = []
        self._total = 0
        self._fetching = False

    @property
    def total(self) -> int:
        """How many customers match on the server (this model may hold fewer)."""
        return self._total

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._customers)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._customers):
            return None
        customer = self._customers[index.row()]
        if role == CustomerRole:
            return customer
        if role == Qt.ItemDataRole.DisplayRole:
            return customer.full_name
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            contact = ", ".join(v for v in (customer.email, customer.phone) if v)
            return f"{customer.full_name} (#{customer.customer_id}), {contact}, {status_text(customer)}"
        return None

    def customer_at(self, row: int) -> Customer | None:
        return self._customers[row] if 0 <= row < len(self._customers) else None

    def replace(self, customers: Sequence[Customer], total: int) -> None:
        """Show the first page of a new query's answer."""
        self.beginResetModel()
        self._customers = list(customers)
        self._total = total
        self._fetching = False
        self.endResetModel()

    def append(self, customers: Sequence[Customer], total: int) -> None:
        """Add a later page of the same query."""
        self._fetching = False
        self._total = total
        known = {c.customer_id for c in self._customers}
        fresh = [c for c in customers if c.customer_id not in known]
        if not fresh:
            return
        first = len(self._customers)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._customers.extend(fresh)
        self.endInsertRows()

    def fetch_failed(self) -> None:
        """A later page could not be loaded; scrolling to the end may ask again."""
        self._fetching = False

    def canFetchMore(self, parent: _AnyIndex) -> bool:
        return not parent.isValid() and not self._fetching and len(self._customers) < self._total

    def fetchMore(self, parent: _AnyIndex) -> None:
        if self.canFetchMore(parent):
            self._fetching = True
            self.more_requested.emit()
