"""The Activity tab's filter bar: channel, direction, delivery status and an optional date range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QVBoxLayout, QWidget

from app.contract.enums import Channel, DeliveryStatus, Direction
from app.desktop.widgets.filter_bar import add_labelled, choice_box, date_field
from app.desktop.words import word

#: How far back a From date starts when the agent first ticks it.
DEFAULT_SPAN_DAYS = 30


@dataclass(frozen=True)
class ActivityQuery:
    """What the filter bar asks the server for; None is "any"."""

    channel: Channel | None = None
    direction: Direction | None = None
    status: DeliveryStatus | None = None
    since: datetime | None = None
    until: datetime | None = None

    @property
    def filtered(self) -> bool:
        return self != ActivityQuery()


def day_of(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def start_of_day(day: date) -> datetime:
    """Local midnight at the start of `day`, as an aware date-time."""
    return datetime.combine(day, time.min).astimezone()


def end_of_day(day: date) -> datetime:
    """The last instant of `day` in local time (the server's `to` is inclusive)."""
    return start_of_day(day + timedelta(days=1)) - timedelta(microseconds=1)


class ActivityFilters(QWidget):
    """Combo boxes for channel, direction and status; From/To each a check box that enables its date."""

    changed = Signal()
    """The agent changed a filter: the list is to be asked for again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.channel = choice_box(
            "activityChannelFilter",
            self.tr("Filter by channel"),
            [(self.tr("All channels"), None)] + [(word(c), c) for c in Channel],
        )
        self.direction = choice_box(
            "activityDirectionFilter",
            self.tr("Filter by direction"),
            [(self.tr("Both directions"), None)] + [(word(d), d) for d in Direction],
        )
        self.status = choice_box(
            "activityStatusFilter",
            self.tr("Filter by delivery status"),
            [(self.tr("All statuses"), None)] + [(word(s), s) for s in DeliveryStatus],
        )
        self.from_enabled = QCheckBox(self.tr("Fro&m"))
        self.from_enabled.setObjectName("activityFromEnabled")
        self.from_enabled.setToolTip(self.tr("Unticked: from any time"))
        self.from_date = date_field("activityFrom", self.tr("From date"))
        self.to_enabled = QCheckBox(self.tr("T&o"))
        self.to_enabled.setObjectName("activityToEnabled")
        self.to_enabled.setToolTip(self.tr("Unticked: up to now"))
        self.to_date = date_field("activityTo", self.tr("To date"))
        self.reset()

        # Two rows, so the tab (and with it the main window) stays narrow: what, then when.
        kinds = QHBoxLayout()
        add_labelled(
            kinds,
            (
                (self.tr("Cha&nnel:"), self.channel),
                (self.tr("D&irection:"), self.direction),
                (self.tr("Deli&very status:"), self.status),
            ),
        )
        kinds.addStretch(1)
        self.dates_row = QHBoxLayout()
        """The date range; the tab adds its own buttons at the end."""
        for check, edit in ((self.from_enabled, self.from_date), (self.to_enabled, self.to_date)):
            self.dates_row.addWidget(check)
            self.dates_row.addWidget(edit)
            self.dates_row.addSpacing(8)
        self.dates_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(kinds)
        layout.addLayout(self.dates_row)

        for combo in (self.channel, self.direction, self.status):
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.from_enabled.toggled.connect(lambda on: self._toggled(self.from_date, on))
        self.to_enabled.toggled.connect(lambda on: self._toggled(self.to_date, on))
        self.from_date.dateChanged.connect(self._from_changed)
        self.to_date.dateChanged.connect(self._to_changed)

    def reset(self) -> None:
        """Every filter back to "any", without announcing it (a newly opened customer)."""
        today = QDate.currentDate()
        widgets = (self.channel, self.direction, self.status, self.from_enabled, self.to_enabled)
        edits = (self.from_date, self.to_date)
        for widget in (*widgets, *edits):
            widget.blockSignals(True)
        for combo in (self.channel, self.direction, self.status):
            combo.setCurrentIndex(0)
        for check, edit in ((self.from_enabled, self.from_date), (self.to_enabled, self.to_date)):
            check.setChecked(False)
            edit.setEnabled(False)
        self.from_date.setDate(today.addDays(-DEFAULT_SPAN_DAYS))
        self.to_date.setDate(today)
        for widget in (*widgets, *edits):
            widget.blockSignals(False)

    def query(self) -> ActivityQuery:
        since = start_of_day(day_of(self.from_date.date())) if self.from_enabled.isChecked() else None
        until = end_of_day(day_of(self.to_date.date())) if self.to_enabled.isChecked() else None
        return ActivityQuery(
            channel=self.channel.currentData(),
            direction=self.direction.currentData(),
            status=self.status.currentData(),
            since=since,
            until=until,
        )

    def _toggled(self, edit: QDateEdit, on: bool) -> None:
        edit.setEnabled(on)
        if on:
            self._keep_order(moved=edit)
            edit.setFocus()
        self.changed.emit()

    def _from_changed(self, _date: QDate) -> None:
        if self.from_enabled.isChecked():
            self._keep_order(moved=self.from_date)
            self.changed.emit()

    def _to_changed(self, _date: QDate) -> None:
        if self.to_enabled.isChecked():
            self._keep_order(moved=self.to_date)
            self.changed.emit()

    def _keep_order(self, moved: QDateEdit) -> None:
        """From never after To: the date the agent did not touch follows the one they moved."""
        if not (self.from_enabled.isChecked() and self.to_enabled.isChecked()):
            return
        if self.from_date.date() <= self.to_date.date():
            return
        other = self.to_date if moved is self.from_date else self.from_date
        other.blockSignals(True)
        other.setDate(moved.date())
        other.blockSignals(False)
