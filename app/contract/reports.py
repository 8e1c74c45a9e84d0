"""The supervisor dashboard's summary report (`GET /v1/reports/summary`)."""

from __future__ import annotations

import datetime as dt

from app.contract.base import ApiModel
from app.contract.enums import Channel, SuppressionReason, ThreadStatus

#: The longest range one summary covers, in days (`from` to `to`, both inclusive).
MAX_REPORT_DAYS = 366


class DayCount(ApiModel):
    """The communications of one calendar day in the report's time zone."""

    date: dt.date
    incoming: int
    outgoing: int
    suppressed: int
    failed: int


class ReportSummary(ApiModel):
    """Threads active in the range by status and by last channel, communications per day, pending requests.

    Every status and channel is present (0 when none); `communicationsPerDay` lists every day of the
    range in order, empty days included.
    """

    threads_by_status: dict[ThreadStatus, int]
    threads_by_channel: dict[Channel, int]
    communications_per_day: list[DayCount]
    suppressed_by_reason: dict[SuppressionReason, int]
    requests_pending: int
