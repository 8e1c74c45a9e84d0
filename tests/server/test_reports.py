"""The supervisor's summary report (`GET /v1/reports/summary`), on SQLite and on PostgreSQL.

Every HTTP test runs on both engines (the fixtures of test_postgresql.py; PostgreSQL is skipped
without `SWITCHBOARD_TEST_POSTGRES_URL`) and asserts the same exact numbers on each, so the two
engines give the same report. The data lies in 2021, before anything the demo data holds.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from app.contract.enums import Channel, SuppressionReason, ThreadStatus
from app.contract.reports import MAX_REPORT_DAYS
from app.server.errors import ApiError
from app.server.routes.reports import report_days
from app.server.store.models import Base
from tests.server.support import assert_error, demo_sessions, rid
from tests.server.test_postgresql import api as api  # the fixtures: each test on both engines
from tests.server.test_postgresql import database as database
from tests.server.test_postgresql import engine as engine
from tests.server.test_postgresql import login as login
from tests.server.test_postgresql import postgres_template as postgres_template
from tests.server.test_postgresql import sessions as sessions

__all__ = ["demo_sessions"]  # the fixture, used by `sessions` on SQLite

SUMMARY = "/v1/reports/summary"
BLOCKED = 3  # the demo's Suspended customer
REPORT_INDEXES = (
    "ix_communications_tenant_direction_time",
    "ix_communications_tenant_delivery_time",
    "ix_threads_tenant_status_activity",
    "ix_threads_tenant_channel_activity",
    "ix_approvals_tenant_status",
)


def summary(api, headers, **params) -> dict:
    answer = api.get(SUMMARY, params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def per_day(report: dict) -> dict[str, tuple[int, int, int, int]]:
    return {
        day["date"]: (day["incoming"], day["outgoing"], day["suppressed"], day["failed"])
        for day in report["communicationsPerDay"]
    }


def thread(api, headers, customer: int, at: str, **overrides) -> dict:
    body = {
        "communicationThreadStatus": "CREATED",
        "subject": "Report",
        "content": "A message for the report",
        "communicationDirection": "INCOMING",
        "communicationChannel": "EMAIL",
        "communicationDateTime": at,
        "requestId": rid(),
        **overrides,
    }
    answer = api.post(f"/v1/communications/{customer}/threads", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


def add(api, headers, first: dict, at: str, **overrides) -> dict:
    body = {
        "communicationThreadStatus": "ONGOING",
        "content": "Another message for the report",
        "communicationDirection": "INCOMING",
        "communicationChannel": "EMAIL",
        "communicationDateTime": at,
        "requestId": rid(),
        **overrides,
    }
    path = f"/v1/communications/{first['customerId']}/threads/{first['threadId']}"
    answer = api.put(path, json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def new_customer(api, headers) -> int:
    body = {
        "firstName": "Rita",
        "lastName": "Report",
        "email": "rita.report@example.com",
        "phone": "+49 151 5550199",
        "requestId": rid(),
    }
    answer = api.post("/v1/customers", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["customerId"])


@pytest.fixture
def march(api, login) -> None:
    """Communications around Berlin's spring DST change (2021-03-28, a 23-hour day) and midnights.

    In UTC: 03-27 22:59:59 and 23:00 (the first is still 03-27 in Berlin, the second 03-28),
    03-28 21:59:59 and 22:00 (03-28 and 03-29 in Berlin, summer time), 03-29 12:00 to the blocked
    customer (suppressed); the one at 03-28 22:00 then fails. Another tenant has one on 03-28.
    """
    agent = login("agent")
    customer = new_customer(api, agent)
    first = thread(api, agent, customer, "2021-03-27T22:59:59Z")
    add(api, agent, first, "2021-03-27T23:00:00+00:00", communicationChannel="PHONE")  # ONGOING, PHONE
    thread(
        api, agent, customer, "2021-03-28T23:59:59+02:00[Europe/Berlin]",
        communicationThreadStatus="CLOSED", communicationDirection="OUTGOING",
    )  # fmt: skip
    failing = thread(
        api, agent, customer, "2021-03-28T22:00:00Z",
        communicationThreadStatus="ONGOING", communicationDirection="OUTGOING",
        communicationChannel="TEXT_MESSAGE",
    )  # fmt: skip
    failed = api.post(
        f"/v1/customer-communications/{failing['communicationId']}/delivery-events",
        json={"deliveryStatus": "FAILED", "at": "2021-03-28T22:00:05Z"},
        headers=login("admin"),
    )
    assert failed.status_code == 200, failed.text
    assert failed.json()["deliveryStatus"] == "FAILED"
    assert api.get(f"/v1/customers/{BLOCKED}", headers=agent).json()["communicationBlocked"]
    suppressed = thread(api, agent, BLOCKED, "2021-03-29T12:00:00Z", communicationDirection="OUTGOING")
    assert (suppressed["deliveryStatus"], suppressed["suppressionReason"]) == (
        "SUPPRESSED",
        "CUSTOMER_BLOCKED",
    )
    other = login("other-agent")
    theirs = api.get("/v1/customers", params={"limit": 1}, headers=other).json()["items"][0]["customerId"]
    thread(api, other, theirs, "2021-03-28T10:00:00Z", communicationChannel="CHAT")
    thread(
        api, other, theirs, "2021-03-28T11:00:00Z",
        communicationDirection="OUTGOING", communicationChannel="CHAT",
    )  # fmt: skip


def test_counts_each_communication_on_its_local_day_around_a_dst_change(api, login, march):
    report = summary(api, login("supervisor"), **{"from": "2021-03-26", "to": "2021-03-30"},
                     timeZone="Europe/Berlin")  # fmt: skip
    # Every day of the range in order, the empty ones too: (incoming, outgoing, suppressed, failed).
    assert per_day(report) == {
        "2021-03-26": (0, 0, 0, 0),
        "2021-03-27": (1, 0, 0, 0),
        "2021-03-28": (1, 1, 0, 0),
        "2021-03-29": (0, 2, 1, 1),
        "2021-03-30": (0, 0, 0, 0),
    }
    assert list(per_day(report)) == sorted(per_day(report))
    assert report["threadsByStatus"] == {"CREATED": 1, "ONGOING": 2, "CLOSED": 1}
    assert report["threadsByChannel"] == {
        **{channel.value: 0 for channel in Channel},
        "PHONE": 1,  # the first thread's latest communication
        "EMAIL": 2,
        "TEXT_MESSAGE": 1,
    }
    assert report["suppressedByReason"] == {"CUSTOMER_BLOCKED": 1, "OPTED_OUT": 0}


def test_the_same_communications_by_utc_days(api, login, march):
    report = summary(api, login("supervisor"), **{"from": "2021-03-27", "to": "2021-03-29"}, timeZone="UTC")
    assert per_day(report) == {
        "2021-03-27": (2, 0, 0, 0),
        "2021-03-28": (0, 2, 0, 1),
        "2021-03-29": (0, 1, 1, 0),
    }


def test_a_range_counts_only_its_own_days_and_threads(api, login, march):
    report = summary(api, login("supervisor"), **{"from": "2021-03-28", "to": "2021-03-28"},
                     timeZone="Europe/Berlin")  # fmt: skip
    assert per_day(report) == {"2021-03-28": (1, 1, 0, 0)}
    # The first thread's latest communication is on 03-28 (Berlin), the CLOSED one's too.
    assert report["threadsByStatus"] == {"CREATED": 0, "ONGOING": 1, "CLOSED": 1}
    assert report["suppressedByReason"] == {"CUSTOMER_BLOCKED": 0, "OPTED_OUT": 0}


def test_another_tenant_counts_only_its_own(api, login, march):
    report = summary(api, login("supervisor"), **{"from": "2021-03-28", "to": "2021-03-28"}, timeZone="UTC")
    assert per_day(report) == {"2021-03-28": (0, 2, 0, 1)}  # not the other tenant's CHAT pair
    assert report["threadsByChannel"]["CHAT"] == 0


def test_the_autumn_dst_day_has_25_hours(api, login):
    agent = login("agent")
    customer = new_customer(api, agent)
    # Berlin, 2021-10-31: 00:00 is 22:00 UTC the day before, and the day ends at 23:00 UTC.
    for at in (
        "2021-10-30T21:59:59Z",
        "2021-10-30T22:00:00Z",
        "2021-10-31T22:59:59Z",
        "2021-10-31T23:00:00Z",
    ):
        thread(api, agent, customer, at)
    report = summary(api, login("supervisor"), **{"from": "2021-10-30", "to": "2021-11-01"},
                     timeZone="Europe/Berlin")  # fmt: skip
    assert per_day(report) == {
        "2021-10-30": (1, 0, 0, 0),
        "2021-10-31": (2, 0, 0, 0),
        "2021-11-01": (1, 0, 0, 0),
    }
    assert report["threadsByStatus"] == {"CREATED": 4, "ONGOING": 0, "CLOSED": 0}


def test_pending_requests_are_the_tenants_pending_ones_now(api, login):
    supervisor = login("supervisor")
    pending = api.get("/v1/requests", params={"status": "PENDING"}, headers=supervisor).json()["total"]
    report = summary(api, supervisor, **{"from": "2021-01-01", "to": "2021-01-01"})
    assert report["requestsPending"] == pending
    body = {
        "field": "EMAIL",
        "newValue": "new.address@example.com",
        "reason": "Asked by phone",
        "requestId": rid(),
    }
    created = api.post("/v1/customers/1/change-requests", json=body, headers=login("agent"))
    assert created.status_code == 201, created.text
    assert (
        summary(api, supervisor, **{"from": "2021-01-01", "to": "2021-01-01"})["requestsPending"]
        == pending + 1
    )
    theirs = summary(api, login("supervisor"), **{"from": "2021-01-01", "to": "2021-01-01"})
    assert theirs["requestsPending"] == pending + 1


def test_every_status_channel_and_reason_is_present_with_zero(api, login):
    report = summary(api, login("supervisor"), **{"from": "2020-01-01", "to": "2020-01-02"})
    assert report == {
        "threadsByStatus": {status.value: 0 for status in ThreadStatus},
        "threadsByChannel": {channel.value: 0 for channel in Channel},
        "communicationsPerDay": [
            {"date": "2020-01-01", "incoming": 0, "outgoing": 0, "suppressed": 0, "failed": 0},
            {"date": "2020-01-02", "incoming": 0, "outgoing": 0, "suppressed": 0, "failed": 0},
        ],
        "suppressedByReason": {reason.value: 0 for reason in SuppressionReason},
        "requestsPending": report["requestsPending"],
    }


def test_without_dates_the_last_seven_days_up_to_today_in_the_zone(api, login):
    report = summary(api, login("supervisor"), timeZone="Pacific/Kiritimati")
    days = [day["date"] for day in report["communicationsPerDay"]]
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=14))).date()
    assert days[-1] in {today.isoformat(), (today + dt.timedelta(days=1)).isoformat()}  # midnight passing
    assert len(days) == 7
    # The demo's recent threads are in the last week: the report is not empty.
    assert sum(sum(day[k] for k in ("incoming", "outgoing")) for day in report["communicationsPerDay"]) > 0
    assert (
        summary(api, login("supervisor"), to="2021-03-30")["communicationsPerDay"][0]["date"] == "2021-03-24"
    )


def test_a_full_year_is_allowed_one_day_more_is_not(api, login):
    supervisor = login("supervisor")
    leap = summary(api, supervisor, **{"from": "2020-01-01", "to": "2020-12-31"})
    assert len(leap["communicationsPerDay"]) == MAX_REPORT_DAYS == 366
    too_long = api.get(SUMMARY, params={"from": "2020-01-01", "to": "2021-01-01"}, headers=supervisor)
    assert assert_error(too_long, 422, "request.invalid")["reference"] == "to"


@pytest.mark.parametrize(
    ("params", "reference"),
    [
        ({"from": "2021-03-02", "to": "2021-03-01"}, "to"),
        ({"from": "2099-01-01"}, "from"),  # after today, the default end
        ({"from": "2021-03-01", "to": "2021-03-02", "timeZone": "Europe/Atlantis"}, "timeZone"),
        ({"timeZone": "localtime"}, "timeZone"),
        ({"timeZone": "posix/Europe/Berlin"}, "timeZone"),
        ({"timeZone": "../../etc/passwd"}, "timeZone"),
        ({"timeZone": ""}, "timeZone"),
        ({"from": "2021-02-30"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"from": "0001-01-01", "to": "0001-01-01", "timeZone": "Europe/Berlin"}, "to"),
        ({"from": "9999-12-31", "to": "9999-12-31"}, "to"),
    ],
)
def test_a_bad_range_or_zone_is_422_with_its_reference(api, login, params, reference):
    answer = api.get(SUMMARY, params=params, headers=login("supervisor"))
    assert assert_error(answer, 422, "request.invalid")["reference"] == reference


def test_an_agent_may_not_see_the_report(api, login):
    answer = api.get(SUMMARY, params={"from": "2021-03-01", "to": "2021-03-02"}, headers=login("agent"))
    assert assert_error(answer, 403, "auth.forbidden")["args"] == ["THREAD_REVIEW"]
    assert api.get(SUMMARY).status_code == 401


# The days themselves: no database needed.


def test_report_days_start_at_local_midnight_in_utc():
    berlin = report_days(dt.date(2021, 3, 27), dt.date(2021, 3, 28), "Europe/Berlin")
    assert berlin.dates == [dt.date(2021, 3, 27), dt.date(2021, 3, 28)]
    assert [start.isoformat() for start in berlin.starts] == [
        "2021-03-26T23:00:00+00:00",
        "2021-03-27T23:00:00+00:00",
        "2021-03-28T22:00:00+00:00",  # 03-28 has 23 hours
    ]
    # Cuba's clocks skip midnight itself on 2021-03-14: that day starts at the change, 01:00 local.
    havana = report_days(dt.date(2021, 3, 14), dt.date(2021, 3, 14), "America/Havana")
    assert [start.isoformat() for start in havana.starts] == [
        "2021-03-14T05:00:00+00:00",
        "2021-03-15T04:00:00+00:00",
    ]
    kathmandu = report_days(dt.date(2021, 1, 1), dt.date(2021, 1, 1), "Asia/Kathmandu")
    assert kathmandu.starts[0].isoformat() == "2020-12-31T18:15:00+00:00"


def test_report_days_default_to_the_week_up_to_today_in_the_zone():
    now = dt.datetime(2021, 1, 1, 12, tzinfo=dt.UTC)  # already 2 January in Kiritimati (UTC+14)
    week = report_days(None, None, "Pacific/Kiritimati", now=now)
    assert (week.dates[0], week.dates[-1]) == (dt.date(2020, 12, 27), dt.date(2021, 1, 2))
    assert report_days(None, None, "UTC", now=now).dates[-1] == dt.date(2021, 1, 1)
    assert len(report_days(dt.date(2020, 12, 30), None, "UTC", now=now).dates) == 3
    assert report_days(None, dt.date(2021, 3, 10), "UTC", now=now).dates[0] == dt.date(2021, 3, 4)
    with pytest.raises(ApiError) as refused:
        report_days(dt.date(2021, 1, 2), None, "UTC", now=now)
    assert refused.value.reference == "from"


# The plans: every count is a search of an index, read without the table.


@contextmanager
def statements_sent(api) -> Iterator[list[tuple[str, Any]]]:
    """The statements on threads, communications and requests the app sends while the block runs,
    with their parameters, as the driver gets them (sign-in and other lookups left out)."""
    sent: list[tuple[str, Any]] = []

    def capture(_connection: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if any(table in statement for table in ("threads", "communications", "approval_requests")):
            sent.append((statement, parameters))

    engine = api.app.state.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", capture)


def plans(database: str, statement: str, parameters: Any) -> list[str]:
    with sqlite3.connect(database) as connection:
        return [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]


def test_every_count_of_the_report_searches_a_covering_index(engine, database, api, login):
    if engine != "sqlite":
        pytest.skip("the plans are read on SQLite")
    with statements_sent(api) as sent:
        summary(
            api, login("supervisor"), **{"from": "2021-03-01", "to": "2021-03-07"}, timeZone="Europe/Berlin"
        )
    assert len(sent) == 2, sent  # a row per day, and the totals
    found = [plan for statement, parameters in sent for plan in plans(database, statement, parameters)]
    searches = [plan for plan in found if plan.startswith(("SEARCH", "SCAN"))]
    assert len(searches) == 4 + 14 + 3, found  # the days, 4 counts a day, 14 totals; 2 SELECTs' own
    for plan in searches:
        if "CONSTANT ROW" in plan or plan == "SCAN days":  # the days list; the SELECT of the totals
            continue
        assert "USING COVERING INDEX" in plan, found
        assert any(name in plan for name in REPORT_INDEXES), plan
    assert not any("TEMP B-TREE FOR GROUP BY" in plan for plan in found), found


def test_an_agents_queue_is_counted_and_paged_on_its_own_index(engine, database, api, login):
    if engine != "sqlite":
        pytest.skip("the plans are read on SQLite")
    with statements_sent(api) as sent:
        answer = api.get("/v1/threads", params={"limit": 50}, headers=login("agent"))
        assert answer.status_code == 200, answer.text
    (count, count_parameters), (page, page_parameters) = sent
    own = "ix_threads_tenant_assignee_activity (tenant_id=? AND assignee_user_id=?)"
    assert plans(database, count, count_parameters) == [f"SEARCH threads USING COVERING INDEX {own}"]
    paged = plans(database, page, page_parameters)
    assert paged[0] == f"SEARCH threads USING INDEX {own}", paged
    assert not any("TEMP B-TREE" in plan for plan in paged), paged  # newest first straight from the index


def test_the_migration_and_the_models_have_the_same_report_indexes(engine, database):
    if engine != "sqlite":
        pytest.skip("the schema is read on SQLite")
    with sqlite3.connect(database) as connection:
        stored = {
            name: [row[2] for row in connection.execute(f"PRAGMA index_info({name})")]
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
    for table in ("communications", "threads"):
        for index in Base.metadata.tables[table].indexes:
            assert stored[str(index.name)] == [column.name for column in index.columns], index.name
