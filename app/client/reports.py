"""API methods of the supervisor's reports."""

from __future__ import annotations

import datetime as dt

from app.client.core import ClientCore
from app.contract.reports import ReportSummary

__all__ = ["ReportsApi"]


class ReportsApi(ClientCore):
    async def report_summary(self, from_: dt.date, to: dt.date, time_zone: str) -> ReportSummary:
        """Threads by status and channel, communications per calendar day of `time_zone` from `from_` to
        `to` (inclusive), and pending requests (THREAD_REVIEW)."""
        params = {"from": from_.isoformat(), "to": to.isoformat(), "timeZone": time_zone}
        return await self._model(ReportSummary, "GET", "/v1/reports/summary", params=params)
