"""Date-times as the agent reads them: in the local time zone of this computer."""

from __future__ import annotations

from datetime import datetime


def local_time(value: datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M")
