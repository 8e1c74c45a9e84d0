"""The supervisor dashboard's summary report: SQL counts over indexes, by calendar day of a time zone.

Every number is a `count(*)` over a range of one of the report indexes (migration 0005), never a
row loaded into Python, and the SQL is the same on SQLite and PostgreSQL: the time zone is applied
here, by computing in Python the UTC instant each local day starts at (23 or 25 hours apart around
a DST change), and the database only compares stored UTC instants with those boundaries. The days
go to the database as a `VALUES` list; each day's counts are correlated subqueries over it, each a
range scan of an index led by (tenant, direction or delivery status, instant). So a day costs
index steps over its own communications only, and neither engine sorts or groups any rows.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query
from sqlalchemy import CTE, ColumnElement, ScalarSelect, Select, bindparam, column, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.contract.datetimes import ZonedDateTimeError, time_zone
from app.contract.enums import (
    ApprovalStatus,
    Channel,
    DeliveryStatus,
    Direction,
    Scope,
    SuppressionReason,
    ThreadStatus,
)
from app.contract.reports import MAX_REPORT_DAYS, DayCount, ReportSummary
from app.server.errors import invalid
from app.server.routes.deps import ReadSession
from app.server.security import Principal, require
from app.server.store import models as m

router = APIRouter(prefix="/v1", tags=["reports"])

Reviewer = Annotated[Principal, Depends(require(Scope.THREAD_REVIEW))]

#: The days a report covers when the caller names neither end: the last week, today included.
DEFAULT_REPORT_DAYS = 7

EnumT = TypeVar("EnumT", bound=StrEnum)


@dataclass(frozen=True)
class ReportDays:
    """The calendar days of a report and the UTC instants they start at.

    `starts` holds one instant more than `dates`: where the day after the last one starts, the
    exclusive end of the range.
    """

    dates: list[dt.date]
    starts: list[dt.datetime]


def report_days(
    first: dt.date | None, last: dt.date | None, zone_name: str, now: dt.datetime | None = None
) -> ReportDays:
    """The days from `first` to `last`, both included, in the zone named; 422 naming what is wrong.

    Without `last` the range ends today in the zone, and without `first` it starts six days before
    its end. A range that ends before it starts, spans more than MAX_REPORT_DAYS days, or reaches
    past the dates a UTC instant can hold, is refused with the reference of the end at fault: `to`
    when the caller gave it, else `from`.
    """
    try:
        zone = time_zone(zone_name)
    except ZonedDateTimeError as exc:
        raise invalid(f"timeZone: {exc}", reference="timeZone") from None
    end = last or (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()
    start = first or end - dt.timedelta(days=DEFAULT_REPORT_DAYS - 1)
    at_fault = "to" if last is not None else "from"
    if end < start:
        raise invalid("the range ends before it starts: `to` must not be before `from`", reference=at_fault)
    count = (end - start).days + 1
    if count > MAX_REPORT_DAYS:
        raise invalid(f"the range spans {count} days, more than {MAX_REPORT_DAYS}", reference=at_fault)
    dates = [start + dt.timedelta(days=offset) for offset in range(count)]
    try:
        starts = [_local_midnight(start, offset, zone) for offset in range(count + 1)]
    except OverflowError:
        raise invalid("the range reaches past the years 1 to 9999", reference=at_fault) from None
    return ReportDays(dates, starts)


def _local_midnight(start: dt.date, offset: int, zone: dt.tzinfo) -> dt.datetime:
    """The UTC instant the day `offset` days after `start` begins in `zone`.

    Where a DST change skips midnight, fold 0 reads it with the offset before the change, which
    is the instant of the change: the day's first moment. Where midnight repeats, fold 0 is the
    first of the two.
    """
    day = start + dt.timedelta(days=offset)
    return dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)


@router.get("/reports/summary", response_model=ReportSummary)
async def report_summary(
    session: ReadSession,
    principal: Reviewer,
    from_: Annotated[
        dt.date | None,
        Query(alias="from", description="the first day (YYYY-MM-DD); default: six days before `to`"),
    ] = None,
    to: Annotated[
        dt.date | None,
        Query(description="the last day, included (YYYY-MM-DD); default: today in `timeZone`"),
    ] = None,
    timeZone: Annotated[
        str, Query(max_length=100, description="the IANA time zone whose calendar days count")
    ] = "UTC",
) -> ReportSummary:
    """How the tenant's work went from `from` to `to` (both included), by calendar day of `timeZone`.

    - `threadsByStatus`, `threadsByChannel`: the threads whose latest communication falls in the
      range, by their status and by the channel of that latest communication.
    - `communicationsPerDay`: every day of the range in order, empty days included; each
      communication counts on the day of its own `communicationDateTime`. `incoming` and
      `outgoing` count by direction; `suppressed` and `failed` count the communications of that
      delivery status, which are outgoing ones (so they are also in `outgoing`).
    - `suppressedByReason`: the suppressed communications of the range by reason.
    - `requestsPending`: the tenant's approval requests waiting for a decision now, whatever the range.

    Every status, channel and reason is present, with 0 when there is none. Without `to` the range
    ends today in `timeZone`; without `from` it covers the 7 days up to `to`. A range that ends before
    it starts or spans more than 366 days is 422 with the reference of the end at fault (`to` when
    given), an unknown time zone 422 with reference `timeZone`.
    """
    return await summary(session, principal.tenant_id, report_days(from_, to, timeZone))


async def summary(session: AsyncSession, tenant_id: int, days: ReportDays) -> ReportSummary:
    """The tenant's report over those days, in two statements: a row per day, and a row of totals."""
    boundaries: dict[str, dt.datetime] = {}
    for n in range(len(days.dates)):
        boundaries[f"start_{n}"] = days.starts[n]
        boundaries[f"end_{n}"] = days.starts[n + 1]
    rows = await session.execute(per_day_query(tenant_id, len(days.dates)), boundaries)
    per_day = [
        DayCount(
            date=date,
            incoming=row.incoming,
            outgoing=row.outgoing,
            suppressed=row.suppressed,
            failed=row.failed,
        )
        for date, row in zip(days.dates, rows, strict=True)
    ]
    totals = await session.execute(totals_query(tenant_id, days.starts[0], days.starts[-1]))
    counts = dict(totals.one()._mapping)
    return ReportSummary(
        threads_by_status=_by(ThreadStatus, counts, "status"),
        threads_by_channel=_by(Channel, counts, "channel"),
        communications_per_day=per_day,
        suppressed_by_reason=_by(SuppressionReason, counts, "suppressed"),
        requests_pending=counts["pending"],
    )


@functools.lru_cache(maxsize=MAX_REPORT_DAYS)
def _days_table(count: int) -> CTE:
    """`days`: a `VALUES` row (start, end) per day of a report of `count` days, bound at execution
    as `start_<n>` and `end_<n>`. Its columns are `column1` and `column2`, the names both engines
    give a `VALUES` list's columns.

    Written as text, not as SQLAlchemy's `values()`: SQLAlchemy caches no statement that holds one
    and compiles it on every execution, which for a year's 732 boundaries takes longer than all the
    counting. As text it is compiled once per number of days, and only the boundaries change.
    """
    rows = ", ".join(f"(:start_{n}, :end_{n})" for n in range(count))
    bounds = [
        bindparam(f"{edge}_{n}", type_=m.UtcDateTime()) for n in range(count) for edge in ("start", "end")
    ]
    table = text(f"VALUES {rows}").bindparams(*bounds)
    return table.columns(column("column1", m.UtcDateTime()), column("column2", m.UtcDateTime())).cte("days")


def per_day_query(tenant_id: int, count: int) -> Select[dt.datetime, int, int, int, int]:
    """A row per day of a `count`-day report, in order (the parameters of `_days_table`): its start,
    then incoming, outgoing, suppressed and failed, each a range count of a report index."""
    day = _days_table(count)
    starts, ends = day.c.column1, day.c.column2
    c = m.Communication

    def count_of(where: ColumnElement[bool]) -> ScalarSelect[int]:
        # Correlated with the day: a range of (tenant, value, instant) per day and value.
        return (
            select(func.count())
            .where(
                c.tenant_id == tenant_id,
                where,
                c.communication_date_time >= starts,
                c.communication_date_time < ends,
            )
            .scalar_subquery()
        )

    return select(
        starts,
        count_of(c.direction == Direction.INCOMING.value).label("incoming"),
        count_of(c.direction == Direction.OUTGOING.value).label("outgoing"),
        count_of(c.delivery_status == DeliveryStatus.SUPPRESSED.value).label("suppressed"),
        count_of(c.delivery_status == DeliveryStatus.FAILED.value).label("failed"),
    ).order_by(starts)


def totals_query(tenant_id: int, start: dt.datetime, end: dt.datetime) -> Select[*tuple[int, ...]]:
    """One row of counts over [start, end): threads by status (`status_<STATUS>`) and by channel
    (`channel_<CHANNEL>`), suppressions by reason (`suppressed_<REASON>`), and `pending` requests."""
    t, c, r = m.Thread, m.Communication, m.ApprovalRequest

    def threads(attribute: InstrumentedAttribute[str], value: str) -> ScalarSelect[int]:
        return (
            select(func.count())
            .where(
                t.tenant_id == tenant_id,
                attribute == value,
                t.last_communication_at >= start,
                t.last_communication_at < end,
            )
            .scalar_subquery()
        )

    def suppressed(reason: SuppressionReason) -> ScalarSelect[int]:
        return (
            select(func.count())
            .where(
                c.tenant_id == tenant_id,
                c.delivery_status == DeliveryStatus.SUPPRESSED.value,
                c.communication_date_time >= start,
                c.communication_date_time < end,
                c.suppression_reason == reason.value,
            )
            .scalar_subquery()
        )

    pending = (
        select(func.count())
        .where(r.tenant_id == tenant_id, r.status == ApprovalStatus.PENDING.value)
        .scalar_subquery()
    )
    return select(
        *(threads(t.status, status.value).label(f"status_{status.value}") for status in ThreadStatus),
        *(threads(t.last_channel, channel.value).label(f"channel_{channel.value}") for channel in Channel),
        *(suppressed(reason).label(f"suppressed_{reason.value}") for reason in SuppressionReason),
        pending.label("pending"),
    )


def _by(kind: type[EnumT], counts: dict[str, Any], prefix: str) -> dict[EnumT, int]:
    """Every member of `kind` with its count, from the columns `totals_query` labels `<prefix>_<member>`."""
    return {member: int(counts[f"{prefix}_{member.value}"]) for member in kind}
