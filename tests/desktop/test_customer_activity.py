"""The Activity tab against the real server: the customer's communications log, filtered and paged."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.contract.base import Page
from app.contract.communications import Communication
from app.contract.enums import Channel, DeliveryStatus, OtpChannel
from app.desktop.customer.activity.filters import start_of_day
from app.desktop.customer.activity.model import CHANNEL, STATUS, TEXT, THREAD
from app.desktop.customer.activity.tab import ActivityTab
from app.desktop.customer.pane import CustomerPane
from app.desktop.theme import palette
from tests.desktop.customer_support import (
    ANNA,
    ZOE,
    agent_client_fixture,  # noqa: F401 - the `client` fixture
    api,
    bare_pane,
    open_pane,
)
from tests.desktop.shell import OFFSCREEN_NOISE, run
from tests.desktop.test_customer_live import connect_feed
from tests.live_server import LiveServer

# The offscreen platform warns when a window or dialog is shown; that is no fault of the app.
pytestmark = OFFSCREEN_NOISE


def activity(qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, customer_id: int) -> CustomerPane:
    """A pane with the customer opened, every view loaded, and the Activity tab shown."""
    pane = open_pane(qtbot, client, tmp_path / "drafts", customer_id)
    pane.show_tab("activity")
    assert pane.activity.isVisible()
    return pane


def server_page(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, client: SwitchboardClient, **filters: Any
) -> Page[Communication]:
    """What the server holds, asked through the client as the app asks it."""
    return run(qtbot, loop, client.list_customer_communications(**filters))


def shown_ids(tab: ActivityTab) -> list[int]:
    return [item.communication_id for item in tab.model.communications]


def text(tab: ActivityTab, row: int, column: int) -> str:
    return str(tab.model.index(row, column).data())


def test_opening_the_tab_lists_the_log_newest_first_with_suppressed_and_otp_marked(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    client: SwitchboardClient,
    tmp_path: Path,
    server: LiveServer,
) -> None:
    # A one-time code to a blocked customer: recorded, suppressed, and in the log like any message.
    run(qtbot, loop, client.send_otp(ZOE, OtpChannel.TEXT_MESSAGE))
    pane = activity(qtbot, client, tmp_path, ZOE)
    tab = pane.activity
    assert pane.findChild(ActivityTab, "activityTab") is tab
    assert pane.tabs.tabText(pane.tabs.currentIndex()) == "&Activity"

    held = server_page(qtbot, loop, client, customer_id=ZOE, limit=100)
    assert tab.state.state == "content"
    assert shown_ids(tab) == [item.communication_id for item in held.items]
    times = [item.communication_date_time for item in tab.model.communications]
    assert times == sorted(times, reverse=True), "newest first"
    assert tab.count.text() == f"{held.total:,} communications"

    suppressed = [
        row
        for row, item in enumerate(tab.model.communications)
        if item.delivery_status == DeliveryStatus.SUPPRESSED
    ]
    assert len(suppressed) >= 4, "three demo messages after the suspension, the letter and the code"
    suppressed_red = QColor(palette().suppressed)
    for row in suppressed:
        assert text(tab, row, STATUS) == "SUPPRESSED — blocked"
        assert tab.model.index(row, STATUS).data(Qt.ItemDataRole.ForegroundRole) == suppressed_red
        assert "NOT delivered" in str(tab.model.index(row, STATUS).data(Qt.ItemDataRole.ToolTipRole))
    delivered = next(row for row in range(tab.model.rowCount()) if row not in suppressed)
    assert "SUPPRESSED" not in text(tab, delivered, STATUS)
    assert not isinstance(tab.model.index(delivered, STATUS).data(Qt.ItemDataRole.ForegroundRole), QColor)

    code = tab.model.communications[0]
    assert code.kind.value == "OTP", "the code just sent is the newest"
    assert text(tab, 0, CHANNEL) == "Text message"
    assert text(tab, 0, THREAD) == "—"
    assert text(tab, 0, STATUS) == "SUPPRESSED — blocked"
    rows = list(enumerate(tab.model.communications))
    letter = next(r for r, item in rows if item.communication_channel == Channel.LETTER)
    assert text(tab, letter, THREAD) == "—", "logged outside any thread"
    assert text(tab, letter, TEXT).startswith("Outstanding balance: Letter about the outstanding balance")
    threaded = next(r for r, item in rows if item.thread_id is not None)
    assert text(tab, threaded, THREAD) == "Direct debit failed"


def test_a_channel_chosen_with_the_keyboard_shows_only_that_channel(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = activity(qtbot, client, tmp_path, ANNA)
    tab = pane.activity
    combo = tab.filters.channel
    assert combo.objectName() == "activityChannelFilter"
    combo.setFocus()
    # Letter, then at once Email: the Letter request is dropped, only the Email list is shown.
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Letter"
    assert tab.model.rowCount() == 0 and tab.state.state == "loading", "the old rows go at once"
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Email"

    held = server_page(qtbot, loop, client, customer_id=ANNA, communication_channel=Channel.EMAIL, limit=100)
    qtbot.waitUntil(lambda: tab.state.state == "content" and tab.model.total == held.total, timeout=10000)
    assert shown_ids(tab) == [item.communication_id for item in held.items]
    assert {text(tab, row, CHANNEL) for row in range(tab.model.rowCount())} == {"Email"}

    # Back to every channel with the mouse-free way up: Home.
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    everything = server_page(qtbot, loop, client, customer_id=ANNA, limit=1)
    qtbot.waitUntil(lambda: tab.model.total == everything.total, timeout=10000)
    assert len({item.communication_channel for item in tab.model.communications}) > 1


def test_filters_that_match_nothing_show_the_empty_state(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = activity(qtbot, client, tmp_path, ZOE)
    tab = pane.activity
    status = tab.filters.status
    status.setFocus()
    qtbot.keyClicks(status, "Fa")  # type-ahead in the combo box: "Failed"
    assert status.currentData() == DeliveryStatus.FAILED
    channel = tab.filters.channel
    channel.setFocus()
    qtbot.keyClicks(channel, "Fa")  # "Fax"
    assert channel.currentData() == Channel.FAX
    held = server_page(
        qtbot,
        loop,
        client,
        customer_id=ZOE,
        communication_channel=Channel.FAX,
        delivery_status=DeliveryStatus.FAILED,
    )
    assert held.total == 0
    qtbot.waitUntil(lambda: tab.state.state == "empty", timeout=10000)
    assert tab.state.empty.isVisible()
    assert tab.state.empty.text() == "No communications match these filters."
    assert tab.model.rowCount() == 0


def test_a_date_range_can_be_set_and_left_open_again(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = activity(qtbot, client, tmp_path, ZOE)
    tab = pane.activity
    filters = tab.filters
    everything = tab.model.total
    assert not filters.from_date.isEnabled() and not filters.to_date.isEnabled(), "open by default"

    # Up to 25 days ago: only what came before the suspension (20 days ago).
    filters.to_enabled.setFocus()
    qtbot.keyClick(filters.to_enabled, Qt.Key.Key_Space)
    assert filters.to_date.isEnabled() and filters.to_date.hasFocus()
    until = date.today() - timedelta(days=25)
    filters.to_date.setDate(QDate(until.year, until.month, until.day))
    held = server_page(qtbot, loop, client, customer_id=ZOE, to=start_of_day(until + timedelta(days=1)))
    assert 0 < held.total < everything
    qtbot.waitUntil(lambda: tab.state.state == "content" and tab.model.total == held.total, timeout=10000)
    assert shown_ids(tab) == [item.communication_id for item in held.items]

    # A From after To moves To along, so the range is never upside down.
    later = until + timedelta(days=3)
    filters.from_enabled.setChecked(True)
    filters.from_date.setDate(QDate(later.year, later.month, later.day))
    assert filters.to_date.date() == filters.from_date.date()

    qtbot.keyClick(filters.to_enabled, Qt.Key.Key_Space)
    qtbot.keyClick(filters.from_enabled, Qt.Key.Key_Space)
    assert not filters.to_date.isEnabled() and not filters.from_date.isEnabled()
    qtbot.waitUntil(lambda: tab.state.state == "content" and tab.model.total == everything, timeout=10000)


def log_email(server: LiveServer, customer_id: int, content: str, **fields: str) -> dict[str, Any]:
    """An outgoing email logged through the API (outside any thread), as another system would."""
    body = {
        "customerId": customer_id,
        "communicationDirection": "OUTGOING",
        "communicationChannel": "EMAIL",
        "content": content,
        "requestId": str(uuid4()),
        **fields,
    }
    answer: dict[str, Any] = api(server, "POST", "/v1/customer-communications", json=body).json()
    return answer


def test_a_communication_logged_through_the_api_appears_live(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    client: SwitchboardClient,
    tmp_path: Path,
    server: LiveServer,
) -> None:
    pane = activity(qtbot, client, tmp_path, ZOE)
    tab = pane.activity
    before = tab.model.total
    feed = connect_feed(qtbot, loop, client, pane, server)

    logged = log_email(server, ZOE, "Your account statement is attached.", messageCategory="GENERAL")

    qtbot.waitUntil(lambda: tab.model.total == before + 1, timeout=10000)
    newest = tab.model.communications[0]
    assert newest.communication_id == logged["communicationId"]
    assert text(tab, 0, TEXT) == "Your account statement is attached."
    assert text(tab, 0, STATUS) == "SUPPRESSED — blocked", "a blocked customer's message is suppressed"
    assert tab.count.text() == f"{before + 1:,} communications"
    feed.task.cancel()


def test_a_delivery_report_updates_the_shown_row_in_place(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    client: SwitchboardClient,
    tmp_path: Path,
    server: LiveServer,
) -> None:
    pane = activity(qtbot, client, tmp_path, ANNA)
    tab = pane.activity
    feed = connect_feed(qtbot, loop, client, pane, server)
    logged = log_email(server, ANNA, "Your invoice, sent by the billing system.", deliveryStatus="SENT")
    qtbot.waitUntil(lambda: shown_ids(tab)[:1] == [logged["communicationId"]], timeout=10000)
    assert text(tab, 0, STATUS) == "Sent"
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    total = tab.model.total

    api(
        server,
        "POST",
        f"/v1/customer-communications/{logged['communicationId']}/delivery-events",
        user="admin",
        json={"deliveryStatus": "DELIVERED", "at": datetime.now(UTC).isoformat()},
    )

    qtbot.waitUntil(lambda: text(tab, 0, STATUS) == "Delivered", timeout=10000)
    assert tab.model.communications[0].communication_id == logged["communicationId"]
    assert tab.table.currentIndex().row() == 0, "the agent's place is kept"
    assert tab.model.total == total
    feed.task.cancel()


def test_scrolling_down_reaches_older_rows_page_by_page(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = activity(qtbot, client, tmp_path, ANNA)
    tab = pane.activity
    total = tab.model.total
    assert total > 2_400 and tab.model.rowCount() == 100
    assert tab.count.text() == f"Showing 100 of {QLocale().toString(total)} — scroll down for older"

    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    qtbot.keyClick(tab.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 200, timeout=10000)
    second = server_page(qtbot, loop, client, customer_id=ANNA, page=2, limit=100)
    assert shown_ids(tab)[100:] == [item.communication_id for item in second.items]
    times = [item.communication_date_time for item in tab.model.communications]
    assert times == sorted(times, reverse=True)

    tab.table.verticalScrollBar().setValue(tab.table.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: tab.model.rowCount() == 300, timeout=10000)
    assert len(set(shown_ids(tab))) == 300


def test_every_row_of_a_filtered_list_is_reachable(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = activity(qtbot, client, tmp_path, ANNA)
    tab = pane.activity
    tab.filters.from_enabled.setChecked(True)  # from 30 days ago: a few pages of the long thread
    since = start_of_day(date.today() - timedelta(days=30))
    held: list[int] = []
    number = 1
    while True:
        page = server_page(qtbot, loop, client, customer_id=ANNA, from_=since, page=number, limit=100)
        held += [item.communication_id for item in page.items]
        if len(held) >= page.total:
            break
        number += 1
    assert 100 < len(held) < 400
    qtbot.waitUntil(lambda: tab.state.state == "content" and tab.model.total == len(held), timeout=10000)

    tab.table.setFocus()
    while tab.model.rowCount() < len(held):
        rows = tab.model.rowCount()
        qtbot.keyClick(tab.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda rows=rows: tab.model.rowCount() > rows, timeout=10000)
    assert shown_ids(tab) == held
    assert tab.count.text() == f"{len(held):,} communications"
    assert not tab.model.canFetchMore()


def test_switching_customers_never_shows_the_previous_customers_rows(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = activity(qtbot, client, tmp_path, ANNA)
    tab = pane.activity
    tab.filters.direction.setCurrentIndex(1)  # Incoming
    qtbot.waitUntil(lambda: tab.state.state == "content", timeout=10000)
    assert tab.model.rowCount() == 100
    # A further page of Anna's is on its way when Zoë is opened.
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert tab.model.rowCount() == 100 < tab.model.total
    assert not tab.model.canFetchMore(), "the next page is being fetched"

    with qtbot.waitSignal(pane.fully_loaded, timeout=15000):
        pane.open_customer(ZOE)
        assert tab.model.rowCount() == 0, "Anna's rows are gone at once"
        assert tab.state.state == "loading"
    assert tab.filters.direction.currentIndex() == 0, "a new customer starts with every filter open"
    assert tab.model.rowCount() > 0
    qtbot.wait(300)  # time for a late answer to Anna's page, which must not land
    assert {item.customer_id for item in tab.model.communications} == {ZOE}
    assert tab.model.rowCount() == tab.model.total


def test_a_failure_shows_the_servers_message_and_trace_id(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, server: LiveServer
) -> None:
    client = SwitchboardClient(server.url, token="not-a-valid-token", deadline=10)
    tab = ActivityTab(client)
    qtbot.addWidget(tab)
    tab.show()
    try:
        with qtbot.waitSignal(tab.loaded, timeout=10000):
            tab.open_customer(ANNA)
        assert tab.state.state == "error"
        assert tab.state.error.message
        assert tab.state.error.trace_id, "the trace id is there to copy"
        assert tab.model.rowCount() == 0
    finally:
        run(qtbot, loop, client.aclose())


def test_every_control_is_named_and_reachable_with_the_keyboard(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path
) -> None:
    pane = bare_pane(qtbot, client, tmp_path / "drafts")
    names = (
        "activityTab",
        "activityTable",
        "activityChannelFilter",
        "activityDirectionFilter",
        "activityStatusFilter",
        "activityFrom",
        "activityTo",
    )
    for name in names:
        found = pane.findChild(QWidget, name)
        assert found is not None, name
        if name != "activityTab":
            assert found.accessibleName(), name
            assert found.focusPolicy() & Qt.FocusPolicy.TabFocus, name
