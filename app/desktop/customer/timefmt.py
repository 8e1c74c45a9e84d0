"""Date-times as the agent reads them: in the local time zone of this computer."""

from __future__ import annotations

from datetime import datetime


def local_time(value: datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def short_time(value: datetime, now: datetime | None = None) -> str:
    """For a narrow column: the time today, month and day this year, else the date."""
    local = value.astimezone()
    today = (now or datetime.now().astimezone()).astimezone()
    if local.date() == today.date():
        return local.strftime("%H:%M")
    if local.year == today.year:
        return local.strftime("%m-%d %H:%M")
    return local.strftime("%Y-%m-%d")
