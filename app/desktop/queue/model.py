"""The queue as a table model: threads across customers, newest activity first, paged as it scrolls,
and kept live: a thread event moves its row to where its activity puts it, inserts it, or takes it out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, Qt
from PySide6.QtGui import QFont

from app.contract.communications import QueueThread, ThreadSummary
from app.contract.enums import Direction
from app.desktop.customer.timefmt import local_time, short_time
from app.desktop.icons import channel_icon, thread_status_icon
from app.desktop.paged_model import AnyIndex, PagedTableModel
from app.desktop.words import word

ThreadRole = Qt.ItemDataRole.UserRole + 1
"""A row's `QueueThread`."""
NewRole = Qt.ItemDataRole.UserRole + 2
"""True on a row with a new incoming message since the thread was last seen."""

NEW, CUSTOMER, SUBJECT, STATUS, CHANNEL, ASSIGNEE, ACTIVITY = range(7)
#: Column titles, translated where they are shown (PagedTableModel.headerData).
COLUMNS = (
    str(QT_TRANSLATE_NOOP("Columns", "New")),
    str(QT_TRANSLATE_NOOP("Columns", "Customer")),
    str(QT_TRANSLATE_NOOP("Columns", "Subject")),
    str(QT_TRANSLATE_NOOP("Columns", "Status")),
    str(QT_TRANSLATE_NOOP("Columns", "Channel")),
    str(QT_TRANSLATE_NOOP("Columns", "Assignee")),
    str(QT_TRANSLATE_NOOP("Columns", "Last activity")),
)
PAGE_SIZE = 50
NEW_MARK = "●"
#: Marked for translation here, translated where they are shown.
NEW_TEXT = str(QT_TRANSLATE_NOOP("QueueModel", "New message"))
NEW_TIP = str(QT_TRANSLATE_NOOP("QueueModel", "The customer wrote since you last opened this thread"))
UNASSIGNED = str(QT_TRANSLATE_NOOP("QueueModel", "Unassigned"))


def queue_thread(summary: ThreadSummary, customer_name: str) -> QueueThread:
    """A thread summary (of an event, or a change's answer) as the queue lists it."""
    return QueueThread.model_validate({**summary.model_dump(), "customerName": customer_name})


def newest_first(thread: QueueThread) -> tuple[Any, int]:
    """The queue's order, the server's: latest activity first, then the newer thread."""
    return (thread.last_communication_at, thread.thread_id)


class QueueModel(PagedTableModel):
    """One row per thread; `is_new` says which rows carry the mark."""

    def __init__(self, is_new: Callable[[QueueThread], bool]) -> None:
        super().__init__(COLUMNS)
        self._is_new = is_new

    @property
    def threads(self) -> list[QueueThread]:
        return self.items

    def key(self, item: Any) -> object:
        return item.thread_id

    # -- live changes ---------------------------------------------------------------------------

    def place(self, thread: QueueThread) -> int | None:
        """Show this newer state of a thread where its activity puts it: the row moves there, or is
        inserted; None when it belongs below the rows loaded so far (paging brings it)."""
        old = self.row_of(thread.thread_id)
        others = [t for t in self.threads if t.thread_id != thread.thread_id]
        target = next((row for row, t in enumerate(others) if newest_first(t) < newest_first(thread)), None)
        if target is None:
            if old is None and self.canFetchMore():
                return None  # older than every row shown, and the server has more: it comes with them
            target = len(others)
        if old is None:
            self.beginInsertRows(QModelIndex(), target, target)
            self.items.insert(target, thread)
            self.total += 1
            self.endInsertRows()
            return target
        if target != old:
            # Qt's move names the row the item goes before, counted before the move.
            self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), target + 1 if target > old else target)
            self.items.pop(old)
            self.items.insert(target, thread)
            self.endMoveRows()
        else:
            self.items[old] = thread
        self.refresh_row(target)
        return target

    def remove(self, thread_id: int) -> bool:
        """Take the thread's row out (it no longer belongs to this list); False if it was not shown."""
        row = self.row_of(thread_id)
        if row is None:
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        self.items.pop(row)
        self.total = max(0, self.total - 1)
        self.endRemoveRows()
        return True

    def refresh_row(self, row: int) -> None:
        """The row's look changed (it was seen: its mark goes)."""
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    # -- what the view shows --------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        thread = self.threads[index.row()]
        column = index.column()
        if role == ThreadRole:
            return thread
        if role == NewRole:
            return self._is_new(thread)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(thread, column)
        if role == Qt.ItemDataRole.FontRole and self._is_new(thread):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole and column == NEW:
            return self.tr(NEW_TEXT) if self._is_new(thread) else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(thread, column)
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return thread_status_icon(thread.communication_thread_status)
        if role == Qt.ItemDataRole.DecorationRole and column == CHANNEL:
            return channel_icon(thread.last_communication_channel)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == NEW:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _display(self, thread: QueueThread, column: int) -> str:
        if column == NEW:
            return NEW_MARK if self._is_new(thread) else ""
        if column == CUSTOMER:
            return thread.customer_name
        if column == SUBJECT:
            return thread.subject
        if column == STATUS:
            return word(thread.communication_thread_status)
        if column == CHANNEL:
            return word(thread.last_communication_channel)
        if column == ASSIGNEE:
            return thread.assignee.display_name if thread.assignee else self.tr(UNASSIGNED)
        return short_time(thread.last_communication_at)

    def _tooltip(self, thread: QueueThread, column: int) -> str | None:
        if column == NEW:
            return self.tr(NEW_TIP) if self._is_new(thread) else None
        if column == SUBJECT:
            count = self.tr("%Ln communication(s)", "", thread.communication_count)
            if thread.ticket_number:
                return self.tr("{subject} (ticket {ticket}): {count}").format(
                    subject=thread.subject, ticket=thread.ticket_number, count=count
                )
            return self.tr("{subject}: {count}").format(subject=thread.subject, count=count)
        if column == CUSTOMER:
            return self.tr("{name} (customer {number})").format(
                name=thread.customer_name, number=thread.customer_id
            )
        if column == ACTIVITY:
            when = local_time(thread.last_communication_at)
            if thread.last_direction is Direction.INCOMING:
                return self.tr("{when}, last written by the customer").format(when=when)
            return self.tr("{when}, last written by us").format(when=when)
        return None
