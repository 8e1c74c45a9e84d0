"""The queue's filters: an agent may show their closed threads too; a supervisor filters the tenant's
threads by status, assignee, channel and latest activity. An agent's bar has none of the supervisor's
filters (they are not built at all)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from app.contract.auth import UserSummary
from app.contract.communications import ThreadSummary
from app.contract.enums import Channel, ThreadStatus
from app.desktop.customer.activity.filters import day_of, start_of_day
from app.desktop.widgets.filter_bar import add_labelled, choice_box, date_field
from app.desktop.words import word

#: Open threads: every status but CLOSED.
OPEN = (ThreadStatus.CREATED, ThreadStatus.ONGOING)
#: How far back "Updated since" starts when first ticked.
DEFAULT_SINCE_DAYS = 7


@dataclass(frozen=True)
class QueueQuery:
    """What the queue asks the server for; None is "any"."""

    statuses: tuple[ThreadStatus, ...] | None = OPEN
    assignee_user_id: int | None = None
    channel: Channel | None = None
    updated_since: datetime | None = None

    def matches(self, thread: ThreadSummary, *, only_of: int | None) -> bool:
        """Whether the server would list this thread for the query (a live change is placed by it);
        `only_of`: the user whose own threads alone an agent sees."""
        assignee = thread.assignee.user_id if thread.assignee else None
        return (
            (only_of is None or assignee == only_of)
            and (self.statuses is None or thread.communication_thread_status in self.statuses)
            and (self.assignee_user_id is None or assignee == self.assignee_user_id)
            and (self.channel is None or thread.last_communication_channel == self.channel)
            and (self.updated_since is None or thread.last_communication_at >= self.updated_since)
        )


class QueueFilters(QWidget):
    """One row of filters: the supervisor's four, or the agent's "show closed threads"."""

    changed = Signal()
    """A filter changed: the queue is to be asked for again."""

    def __init__(self, supervisor: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.supervisor = supervisor
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        if not supervisor:
            self.show_closed = QCheckBox(self.tr("Show closed &threads"))
            self.show_closed.setObjectName("queueShowClosed")
            self.show_closed.setToolTip(self.tr("Unticked: only your open threads (created or ongoing)"))
            self.show_closed.toggled.connect(lambda _on: self.changed.emit())
            row.addWidget(self.show_closed)
            row.addStretch(1)
            return
        # The statuses of each choice are kept here: a combo box would turn a tuple into a list.
        self._statuses: list[tuple[ThreadStatus, ...] | None] = [OPEN, None, *((s,) for s in ThreadStatus)]
        self.status = choice_box(
            "queueStatusFilter",
            self.tr("Filter by status"),
            [(self.tr("Open (not closed)"), None), (self.tr("All statuses"), None)]
            + [(word(s), None) for s in ThreadStatus],
        )
        self.assignee = choice_box(
            "queueAssigneeFilter", self.tr("Filter by assignee"), [(self.tr("Anyone"), None)]
        )
        self.channel = choice_box(
            "queueChannelFilter",
            self.tr("Filter by the channel of the latest communication"),
            [(self.tr("All channels"), None)] + [(word(c), c) for c in Channel],
        )
        self.since_enabled = QCheckBox(self.tr("&Updated since"))
        self.since_enabled.setObjectName("queueSinceEnabled")
        self.since_enabled.setToolTip(self.tr("Unticked: any time"))
        self.since = date_field("queueSince", self.tr("Updated since date"))
        self.since.setDate(QDate.currentDate().addDays(-DEFAULT_SINCE_DAYS))
        add_labelled(
            row,
            (
                (self.tr("&Status:"), self.status),
                (self.tr("Assigne&e:"), self.assignee),
                (self.tr("Cha&nnel:"), self.channel),
            ),
        )
        row.addWidget(self.since_enabled)
        row.addWidget(self.since)
        row.addStretch(1)
        for combo in (self.status, self.assignee, self.channel):
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.since_enabled.toggled.connect(self._since_toggled)
        self.since.dateChanged.connect(self._since_changed)

    def _since_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        if on:
            self.since.setFocus()
        self.changed.emit()

    def _since_changed(self, _date: QDate) -> None:
        if self.since_enabled.isChecked():
            self.changed.emit()

    def set_users(self, users: list[UserSummary]) -> None:
        """The assignees to choose from (the tenant's users), keeping the one chosen."""
        chosen = self.assignee.currentData()
        self.assignee.blockSignals(True)
        while self.assignee.count() > 1:
            self.assignee.removeItem(1)
        for user in sorted(users, key=lambda u: u.display_name.casefold()):
            self.assignee.addItem(user.display_name, user.user_id)
        index = self.assignee.findData(chosen)
        self.assignee.setCurrentIndex(max(index, 0))
        self.assignee.blockSignals(False)
        if index < 0 and chosen is not None:
            self.changed.emit()

    def query(self) -> QueueQuery:
        if not self.supervisor:
            return QueueQuery(statuses=None if self.show_closed.isChecked() else OPEN)
        since = start_of_day(day_of(self.since.date())) if self.since_enabled.isChecked() else None
        return QueueQuery(
            statuses=self._statuses[self.status.currentIndex()],
            assignee_user_id=self.assignee.currentData(),
            channel=self.channel.currentData(),
            updated_since=since,
        )
