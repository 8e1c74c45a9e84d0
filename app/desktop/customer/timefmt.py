"""Date-times as the agent reads them, for the customer views: the locale-aware helpers of
app.desktop.locale_format under the names these views use."""

from __future__ import annotations

from app.desktop.locale_format import date_time as local_time
from app.desktop.locale_format import short_time

__all__ = ["local_time", "short_time"]
