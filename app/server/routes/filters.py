"""Query parameters of the part-2 lists: date-time filters in RFC 3339 or the zoned RFC 9557 form."""

from __future__ import annotations

from datetime import datetime

from app.contract.datetimes import ZonedDateTimeError, parse_zoned_datetime
from app.server.errors import invalid


def instant(value: str | None, name: str) -> datetime | None:
    """A date-time query parameter as an aware UTC datetime; a bad one (a contradicting offset...) is 422."""
    if value is None:
        return None
    try:
        return parse_zoned_datetime(value)
    except ZonedDateTimeError as exc:
        raise invalid(f"{name}: {exc}", reference=name) from None
