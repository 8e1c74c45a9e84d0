"""The supervisor's Dashboard against the real server: its charts show the summary report's numbers for
the chosen days, events bring it up to date at most once every few seconds, and `--view dashboard`
makes a screenshot of it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.contract.enums import Channel, ThreadStatus
from app.contract.reports import ReportSummary
from app.desktop.dashboard.charts import count_axis_top
from app.desktop.dashboard.period import Period, last_days, local_zone_name
from app.desktop.dashboard.view import REFRESH_AFTER_EVENTS_MS, DashboardView
from app.desktop.mainwindow import CUSTOMER_VIEW, MainWindow
from app.desktop.supervisor import DASHBOARD_VIEW
from tests.desktop.customer_support import ANNA, api
from tests.desktop.shell import ShellFactory, run, shell_factory
from tests.desktop.test_app import switchboard
from tests.live_server import LiveServer

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


def client_of(shells: ShellFactory, window: MainWindow) -> SwitchboardClient:
    shell = next(s for s in shells.shells if s.window is window)
    assert shell.controller.session is not None
    return shell.controller.session.client


def dashboard_of(qtbot: QtBot, window: MainWindow) -> DashboardView:
    """The supervisor's dashboard, shown with Ctrl+4 and its first figures in."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.findChild(DashboardView, "dashboardView")
    assert view is not None
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() == DASHBOARD_VIEW and view.isVisible()
    return view


def server_summary(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, client: SwitchboardClient, period: Period
) -> ReportSummary:
    return run(qtbot, loop, client.report_summary(period.first, period.last, local_zone_name()))


def assert_shows(view: DashboardView, summary: ReportSummary) -> None:
    """What the charts draw is the server's summary, number for number."""
    assert view.state.state == "content"
    assert view.by_status.categories() == ["Created", "Ongoing", "Closed"]
    assert view.by_status.counts() == [summary.threads_by_status[s] for s in ThreadStatus]
    assert view.by_channel.categories()[:3] == ["Letter", "Email", "Text message"]
    assert view.by_channel.counts() == [summary.threads_by_channel[c] for c in Channel]
    days = summary.communications_per_day
    assert view.per_day.days() == [d.date for d in days]
    assert view.per_day.lines() == {
        "Incoming": [d.incoming for d in days],
        "Outgoing": [d.outgoing for d in days],
        "Suppressed": [d.suppressed for d in days],
    }
    assert view.pending_count.text() == str(summary.requests_pending)


def start_thread(server: LiveServer, subject: str) -> None:
    """A customer writes in: a new thread with an incoming message (thread and communication events)."""
    api(
        server,
        "POST",
        f"/v1/communications/{ANNA}/threads",
        json={
            "communicationThreadStatus": "CREATED",
            "subject": subject,
            "content": "Where is my parcel?",
            "communicationDirection": "INCOMING",
            "communicationChannel": "EMAIL",
            "requestId": str(uuid4()),
        },
    )


def test_the_charts_show_the_servers_numbers_for_the_chosen_days(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, server: LiveServer, shells: ShellFactory
) -> None:
    start_thread(server, "Counted today")
    api(server, "POST", f"/v1/customers/{ANNA}/goodwill-requests", json={"points": 5, "reason": "Sorry"})
    window = shells.signed_in(server, "supervisor").window
    client = client_of(shells, window)
    view = dashboard_of(qtbot, window)

    week = last_days(date.today())
    assert view.period.period() == week == view.shown_period  # the last 7 days unless chosen
    assert week.days == 7
    summary = server_summary(qtbot, loop, client, week)
    assert_shows(view, summary)
    # Not a chart of zeros: today's incoming message and the pending request are there.
    assert view.per_day.lines()["Incoming"][-1] >= 1
    assert int(view.pending_count.text()) >= 1
    assert sum(view.by_status.counts()) >= 1

    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.period.month.click()  # Last 30 days
    month = last_days(date.today(), 30)
    assert view.shown_period == month
    assert_shows(view, server_summary(qtbot, loop, client, month))

    # A From date typed in: the period the server is asked for is the one shown.
    earlier = date.today() - timedelta(days=3)
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.period.first.setDate(QDate(earlier.year, earlier.month, earlier.day))
    chosen = Period(earlier, date.today())
    assert view.shown_period == chosen
    assert_shows(view, server_summary(qtbot, loop, client, chosen))
    assert len(view.per_day.days()) == 4

    # From after To: To follows, so the server is never asked for a range that ends before it starts.
    later = date.today() + timedelta(days=2)
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        view.period.first.setDate(QDate(later.year, later.month, later.day))
    assert view.period.period() == Period(later, later)
    assert view.state.state == "content"


def test_events_bring_the_dashboard_up_to_date_at_most_once_every_few_seconds(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    server: LiveServer,
    shells: ShellFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = shells.signed_in(server, "supervisor").window
    client = client_of(shells, window)
    view = dashboard_of(qtbot, window)
    asked: list[float] = []
    ask = client.report_summary

    async def counted(*args: Any, **kwargs: Any) -> ReportSummary:
        asked.append(time.monotonic())
        return await ask(*args, **kwargs)

    monkeypatch.setattr(client, "report_summary", counted)
    before = list(view.per_day.lines()["Incoming"])
    for number in range(3):  # a burst: three threads, each with its thread and communication events
        start_thread(server, f"Burst {number}")
    qtbot.waitUntil(lambda: view.per_day.lines()["Incoming"][-1] == before[-1] + 3, timeout=15_000)
    qtbot.wait(REFRESH_AFTER_EVENTS_MS + 500)  # anything the burst still had to say has arrived
    assert asked, "the events asked for nothing"
    gaps = [b - a for a, b in pairwise(asked)]
    assert all(gap >= REFRESH_AFTER_EVENTS_MS / 1000 - 0.1 for gap in gaps), gaps
    assert len(asked) <= 2  # six events and more, asked for once (twice if they straddled the wait)
    assert_shows(view, server_summary(qtbot, loop, client, view.period.period()))

    # Hidden, the dashboard asks nothing; shown again, it catches up at once.
    window.show_view(CUSTOMER_VIEW)
    asked.clear()
    start_thread(server, "While hidden")
    qtbot.wait(REFRESH_AFTER_EVENTS_MS + 500)
    assert asked == []
    with qtbot.waitSignal(view.loaded, timeout=15_000):
        window.show_view(DASHBOARD_VIEW)
    assert len(asked) == 1
    assert view.per_day.lines()["Incoming"][-1] == before[-1] + 4


def test_a_count_axis_steps_in_whole_nice_numbers() -> None:
    assert count_axis_top(0) == (1, 1)
    assert count_axis_top(3) == (3, 3)
    assert count_axis_top(7) == (8, 4)  # steps of 2
    assert count_axis_top(23) == (25, 5)  # steps of 5
    assert count_axis_top(2400) == (2500, 5)  # steps of 500


@pytest.mark.slow
def test_screenshot_of_the_dashboard_as_the_supervisor(tmp_path: Path) -> None:
    target = tmp_path / "dashboard.png"
    done = switchboard(tmp_path, "--screenshot", str(target), "--view", "dashboard", "--user", "supervisor")
    assert done.returncode == 0, done.stderr
    image = QImage(str(target))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1280, 800)
