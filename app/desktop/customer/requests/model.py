"""The Requests tab's tables: the customer's requests with their state, the changes approved requests made,
and the status-label history; each pages from the server as it scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from app.contract.approvals import ApprovalRequest, CustomerChange
from app.contract.customers import StatusChange, StatusLabel
from app.desktop.approvals.model import change_text
from app.desktop.customer.timefmt import local_time
from app.desktop.paged_model import PagedTableModel
from app.desktop.words import word

AnyIndex = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 50
NONE = "—"


def state_text(request: ApprovalRequest) -> str:
    """ "Pending", or "Approved by Sam Supervisor: welcome back" with the decider and their comment."""
    state = word(request.status)
    if request.decided_by is not None:
        state += f" by {request.decided_by.display_name}"
    if request.comment:
        state += f": {request.comment}"
    return state


class RequestsModel(PagedTableModel):
    """The customer's change and goodwill requests, newest first, each with its state."""

    COLUMNS = (
        str(QT_TRANSLATE_NOOP("Columns", "Asked")),
        str(QT_TRANSLATE_NOOP("Columns", "Request")),
        str(QT_TRANSLATE_NOOP("Columns", "Reason")),
        str(QT_TRANSLATE_NOOP("Columns", "Asked by")),
        str(QT_TRANSLATE_NOOP("Columns", "State")),
    )

    def __init__(self) -> None:
        super().__init__(self.COLUMNS)

    @property
    def requests(self) -> list[ApprovalRequest]:
        return self.items

    def key(self, item: Any) -> object:
        return item.approval_request_id

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        request = self.requests[index.row()]
        column = index.column()
        if column == 0:
            return local_time(request.created_at)
        if column == 1:
            return change_text(request)
        if column == 2:
            return request.reason
        if column == 3:
            return request.created_by.display_name
        if role == Qt.ItemDataRole.ToolTipRole and request.decided_at is not None:
            return f"{state_text(request)} ({local_time(request.decided_at)})"
        return state_text(request)


class _HistoryModel(PagedTableModel):
    """An append-only history, newest first: each entry one row of texts."""

    def cells(self, item: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self.cells(self.items[index.row()])[index.column()]


class CustomerHistoryModel(_HistoryModel):
    """What approved requests changed on the customer (email, phone, goodwill points), newest first."""

    COLUMNS = (
        str(QT_TRANSLATE_NOOP("Columns", "When")),
        str(QT_TRANSLATE_NOOP("Columns", "What")),
        str(QT_TRANSLATE_NOOP("Columns", "From")),
        str(QT_TRANSLATE_NOOP("Columns", "To")),
        str(QT_TRANSLATE_NOOP("Columns", "By")),
    )

    def __init__(self) -> None:
        super().__init__(self.COLUMNS)

    @property
    def changes(self) -> list[CustomerChange]:
        return self.items

    def key(self, item: Any) -> object:
        return item.customer_change_id

    def cells(self, item: Any) -> tuple[str, ...]:
        change: CustomerChange = item
        return (
            local_time(change.at),
            word(change.field),
            change.previous or NONE,
            change.current or NONE,
            change.actor.display_name,
        )


def label_text(label: StatusLabel | None) -> str:
    if label is None:
        return QCoreApplication.translate("RequestsTab", "No label")
    if label.block_communication:
        return QCoreApplication.translate("RequestsTab", "{label} (blocks communication)").format(
            label=label.name
        )
    return label.name


class StatusHistoryModel(_HistoryModel):
    """Every change of the customer's status label: when, who, from, to and why; newest first."""

    COLUMNS = (
        str(QT_TRANSLATE_NOOP("Columns", "When")),
        str(QT_TRANSLATE_NOOP("Columns", "Who")),
        str(QT_TRANSLATE_NOOP("Columns", "From")),
        str(QT_TRANSLATE_NOOP("Columns", "To")),
        str(QT_TRANSLATE_NOOP("Columns", "Reason")),
    )

    def __init__(self) -> None:
        super().__init__(self.COLUMNS)

    @property
    def changes(self) -> list[StatusChange]:
        return self.items

    def key(self, item: Any) -> object:
        return item.status_change_id

    def cells(self, item: Any) -> tuple[str, ...]:
        change: StatusChange = item
        return (
            local_time(change.at),
            change.actor.display_name,
            label_text(change.previous),
            label_text(change.current),
            change.reason,
        )
