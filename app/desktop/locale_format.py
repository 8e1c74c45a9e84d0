"""Dates, times and numbers as the agent reads them: in the app's language's format (the default
QLocale, which app.desktop.translation sets) and in this computer's time zone.

Every date, time and number the app shows goes through here, never through strftime or
f"{n:,}", so a German desktop reads "02.12.26, 14:05" and "1.000" where an English one reads
"12/2/26, 2:05 PM" and "1,000".
"""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale, QTime

SHORT = QLocale.FormatType.ShortFormat


def _qt(value: datetime) -> QDateTime:
    """The moment as a Qt date-time in this computer's time zone."""
    return QDateTime.fromMSecsSinceEpoch(round(value.timestamp() * 1000))


def date_time(value: datetime, *, seconds: bool = False) -> str:
    """Date and time of day, e.g. "02.12.26 14:05" (with seconds: "02.12.26 14:05:09")."""
    if seconds:
        return f"{date_only(value)} {time_of_day(value, seconds=True)}"
    return QLocale().toString(_qt(value), SHORT)


def time_of_day(value: datetime, *, seconds: bool = False) -> str:
    """The time of day alone, e.g. "14:05" (with seconds: "14:05:09")."""
    return _time(_qt(value).time(), seconds=seconds)


def _time(time: QTime, *, seconds: bool) -> str:
    locale = QLocale()
    if seconds:
        # The short format with the seconds after the minutes (the long one adds the time zone).
        return locale.toString(time, locale.timeFormat(SHORT).replace("mm", "mm:ss", 1))
    return locale.toString(time, SHORT)


def date_only(value: datetime) -> str:
    """The date alone, e.g. "02.12.26"."""
    return QLocale().toString(_qt(value).date(), SHORT)


def day_and_month_format(locale: QLocale) -> str:
    """The locale's short date without its year ("dd.MM." in German, "M/d" in American English)."""
    without_year = re.sub(r"y+", "", locale.dateFormat(SHORT))
    return without_year.strip(" /-,")


def short_time(value: datetime, now: datetime | None = None) -> str:
    """For a narrow column: the time today, day and month with the time this year, else the date."""
    local = value.astimezone()
    today = (now or datetime.now().astimezone()).astimezone()
    if local.date() == today.date():
        return time_of_day(value)
    if local.year == today.year:
        locale = QLocale()
        moment = _qt(value)
        day = locale.toString(moment.date(), day_and_month_format(locale))
        return f"{day} {locale.toString(moment.time(), SHORT)}"
    return date_only(value)


def now_of_day(*, seconds: bool = False) -> str:
    """The time of day now, e.g. for "Updated 14:05:09"."""
    return _time(QTime.currentTime(), seconds=seconds)


def number(value: int | float) -> str:
    """A number with the locale's digit grouping and decimal sign ("1.000" in German)."""
    return QLocale().toString(value)


def date_entry_format(locale: QLocale | None = None) -> str:
    """The format a date is typed in: the locale's short date with the whole year ("dd.MM.yyyy"
    in German, "M/d/yyyy" in American English), so a year is never guessed from two digits."""
    short = (locale or QLocale()).dateFormat(SHORT)
    return re.sub(r"y+", "yyyy", short)
