"""The dashboard's period: a From and a To day (both included), the last 7 days unless chosen; the time zone.

The server counts a communication on the calendar day of its own time, in the time zone the request
names; the dashboard names this computer's, so "today" is the supervisor's today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate, QTimeZone, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from app.contract.reports import MAX_REPORT_DAYS
from app.desktop.locale_format import date_entry_format

DEFAULT_DAYS = 7
#: What the server is told when this computer names no time zone.
FALLBACK_ZONE = "UTC"


def local_zone_name() -> str:
    """This computer's IANA time zone name ("Europe/Berlin"), as the summary report takes it."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", errors="ignore").strip()
    return name or FALLBACK_ZONE


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def each_day(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range(self.days)]


def last_days(today: date, days: int = DEFAULT_DAYS) -> Period:
    """The `days` days up to and including today."""
    return Period(today - timedelta(days=days - 1), today)


def day_of(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class PeriodPicker(QWidget):
    """From and To date fields, and the quick choices "7 days" and "30 days" (ending today)."""

    changed = Signal()
    """The supervisor chose another period."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = self._edit("dashboardFrom", self.tr("From date"))
        self.last = self._edit("dashboardTo", self.tr("To date"))
        from_label = QLabel(self.tr("Fro&m:"), self)
        from_label.setBuddy(self.first)
        to_label = QLabel(self.tr("T&o:"), self)
        to_label.setBuddy(self.last)
        self.week = QPushButton(self.tr("Last &7 days"), self)
        self.week.setObjectName("dashboardLastWeek")
        self.month = QPushButton(self.tr("Last &30 days"), self)
        self.month.setObjectName("dashboardLastMonth")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (from_label, self.first, to_label, self.last, self.week, self.month):
            layout.addWidget(widget)
        self.set_period(last_days(date.today()), announce=False)
        self.first.dateChanged.connect(lambda _day: self._moved(self.first))
        self.last.dateChanged.connect(lambda _day: self._moved(self.last))
        self.week.clicked.connect(lambda: self.set_period(last_days(date.today(), DEFAULT_DAYS)))
        self.month.clicked.connect(lambda: self.set_period(last_days(date.today(), 30)))

    def _edit(self, name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_entry_format())
        return edit

    def period(self) -> Period:
        return Period(day_of(self.first.date()), day_of(self.last.date()))

    def set_period(self, period: Period, *, announce: bool = True) -> None:
        for edit, day in ((self.first, period.first), (self.last, period.last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        if announce:
            self.changed.emit()

    def _moved(self, moved: QDateEdit) -> None:
        """From never after To and never more than the server's longest range apart: the day the
        supervisor did not touch follows the one they moved."""
        chosen = self.period()
        longest = timedelta(days=MAX_REPORT_DAYS - 1)
        if moved is self.first:
            last = min(max(chosen.last, chosen.first), chosen.first + longest)
            period = Period(chosen.first, last)
        else:
            first = max(min(chosen.first, chosen.last), chosen.last - longest)
            period = Period(first, chosen.last)
        if period != chosen:
            self.set_period(period, announce=False)
        self.changed.emit()
