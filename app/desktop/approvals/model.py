"""The pending requests as a table, newest first, paged as it scrolls; and how a request reads."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from app.contract.approvals import ApprovalRequest
from app.contract.enums import ApprovalType
from app.desktop.customer.timefmt import local_time
from app.desktop.locale_format import date_time
from app.desktop.paged_model import PagedTableModel
from app.desktop.text import shorten
from app.desktop.words import word

AnyIndex = QModelIndex | QPersistentModelIndex
RequestRole = Qt.ItemDataRole.UserRole + 1

CUSTOMER, CHANGE, ASKED_BY, ASKED_AT, REASON = range(5)
#: Column titles, translated where they are shown (PagedTableModel.headerData).
COLUMNS = (
    str(QT_TRANSLATE_NOOP("Columns", "Customer")),
    str(QT_TRANSLATE_NOOP("Columns", "Change")),
    str(QT_TRANSLATE_NOOP("Columns", "Asked by")),
    str(QT_TRANSLATE_NOOP("Columns", "When")),
    str(QT_TRANSLATE_NOOP("Columns", "Why")),
)
PAGE_SIZE = 50
#: Longest reason in its column; the tooltip and the details below the table have all of it.
REASON_CHARS = 120
NONE = "—"


class ApprovalPlurals(QObject):
    """The approvals' numerus texts (lupdate finds plural forms only in a tr() of a class)."""

    def goodwill(self, points: int) -> str:
        return self.tr("Goodwill: %Ln point(s)", "", points)


def change_text(request: ApprovalRequest) -> str:
    """What the request changes, from what to what: `Email: old@x -> new@y`, `Goodwill: 500 points`."""
    if request.type is ApprovalType.GOODWILL:
        points = request.points or 0
        return ApprovalPlurals().goodwill(points)
    if request.field is not None:
        field = word(request.field)
    else:
        field = QCoreApplication.translate("ApprovalsView", "Contact")
    return f"{field}: {request.previous_value or NONE} -> {request.new_value or NONE}"


def is_own(request: ApprovalRequest, user_id: int) -> bool:
    """Whether the signed-in user asked for it: the server lets nobody decide their own request."""
    return request.created_by.user_id == user_id


class RequestsModel(PagedTableModel):
    """One row per pending request: customer, change, who asked, when and why."""

    def __init__(self) -> None:
        super().__init__(COLUMNS)

    @property
    def requests(self) -> list[ApprovalRequest]:
        return self.items

    def key(self, item: Any) -> object:
        return item.approval_request_id

    def request_at(self, row: int) -> ApprovalRequest | None:
        return self.requests[row] if 0 <= row < len(self.requests) else None

    def remove(self, approval_request_id: int) -> int | None:
        """Take a decided request out at once (the reload that follows confirms it); its former row."""
        row = self.row_of(approval_request_id)
        if row is None:
            return None
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.items[row]
        self.total = max(0, self.total - 1)
        self.endRemoveRows()
        return row

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.requests[index.row()]
        column = index.column()
        if role == RequestRole:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == REASON:
                return item.reason
            if column == ASKED_AT:
                return date_time(item.created_at, seconds=True)
            if column == CHANGE:
                return change_text(item)
        return None

    def _display(self, item: ApprovalRequest, column: int) -> str:
        if column == CUSTOMER:
            return item.customer_name
        if column == CHANGE:
            return change_text(item)
        if column == ASKED_BY:
            return item.created_by.display_name
        if column == ASKED_AT:
            return local_time(item.created_at)
        return shorten(item.reason, REASON_CHARS)
