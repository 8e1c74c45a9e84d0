"""The Qt item model of customer search results: one row per customer of the server's answer.

The server searches and pages; this model only holds the pages fetched so far for the current
query, as every paged list of the app does (`PagedTableModel`): scrolling to the end of the list
(Qt's fetchMore) loads the next page.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt

from app.contract.customers import Customer
from app.desktop.paged_model import AnyIndex, PagedTableModel

CustomerRole = Qt.ItemDataRole.UserRole
"""The row's `Customer` contract model."""


def status_text(customer: Customer) -> str:
    """What the status chip says."""
    if customer.status_label is not None:
        return customer.status_label.name
    return QCoreApplication.translate("CustomerSearch", "No label")


class CustomerResultsModel(PagedTableModel):
    """Search results for one query; later pages are appended as the list is scrolled."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((str(QT_TRANSLATE_NOOP("Columns", "Customer")),), parent)

    def key(self, item: Customer) -> object:
        return item.customer_id

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        customer = self.customer_at(index.row()) if index.isValid() else None
        if customer is None:
            return None
        if role == CustomerRole:
            return customer
        if role == Qt.ItemDataRole.DisplayRole:
            return customer.full_name
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            contact = ", ".join(v for v in (customer.email, customer.phone) if v)
            return f"{customer.full_name} (#{customer.customer_id}), {contact}, {status_text(customer)}"
        return None

    def customer_at(self, row: int) -> Customer | None:
        customer: Customer | None = self.items[row] if 0 <= row < len(self.items) else None
        return customer
