"""Customer search as the agent uses it: keyboard only, as-you-type, with visible states."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.desktop.search.view import CustomerSearch
from app.desktop.theme import palette
from tests.desktop.shell import OFFSCREEN_NOISE, ShellFactory, shell_factory
from tests.live_server import LiveServer

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


def visible_names(shell_window: object) -> list[str]:
    from app.desktop.mainwindow import MainWindow

    assert isinstance(shell_window, MainWindow)
    model = shell_window.search.model
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def test_search_and_open_a_customer_by_keyboard_alone(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, server: LiveServer, shells: ShellFactory
) -> None:
    shell = shells.signed_in(server)
    window = shell.window
    search = window.search
    qtbot.waitUntil(lambda: search.model.rowCount() > 0, timeout=10_000)  # the initial list
    window.activateWindow()
    search.results.setFocus()  # the focus is anywhere but in the search box

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert search.box.hasFocus()
    qtbot.keyClicks(search.box, "zoe dvo")
    qtbot.waitUntil(lambda: visible_names(window)[:1] == ["Zoë Dvořák"], timeout=10_000)
    qtbot.keyClick(search.box, Qt.Key.Key_Down)
    assert search.results.currentIndex().row() == 0
    qtbot.keyClick(search.box, Qt.Key.Key_Return)

    name = window.findChild(QLabel, "customerName")
    assert name is not None
    qtbot.waitUntil(lambda: name.isVisible() and "Zoë Dvořák" in name.text(), timeout=10_000)
    banner = window.findChild(QLabel, "blockedBanner")
    assert banner is not None and banner.isVisible()


class GatedTransport(httpx.AsyncBaseTransport):
    """The real network, except that customer searches for chosen queries wait for their gate."""

    def __init__(self) -> None:
        self._real = httpx.AsyncHTTPTransport()
        self.gates: dict[str, asyncio.Event] = {}
        self.searched: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/customers":
            query = request.url.params.get("query", "")
            self.searched.append(query)
            gate = self.gates.get(query)
            if gate is not None:
                await gate.wait()
        return await self._real.handle_async_request(request)

    async def aclose(self) -> None:
        await self._real.aclose()


class OverlongTransport(httpx.AsyncBaseTransport):
    """The real network, except that a search typed as "too long" reaches the server longer than it
    accepts (the box itself refuses that many characters): its 422 has a trace id."""

    def __init__(self) -> None:
        self._real = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/customers" and request.url.params.get("query") == "too long":
            request.url = request.url.copy_set_param("query", "x" * 201)
        return await self._real.handle_async_request(request)

    async def aclose(self) -> None:
        await self._real.aclose()


class UnreachableTransport(httpx.AsyncBaseTransport):
    """A network on which the server cannot be reached."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)


@pytest.fixture
def search_view(qtbot: QtBot, loop: asyncio.AbstractEventLoop) -> Iterator[CustomerSearch]:
    view = CustomerSearch()
    view.resize(380, 600)
    view.show()
    yield view
    view.shutdown()
    view.close()
    view.deleteLater()


def client_for(
    server: LiveServer, transport: httpx.AsyncBaseTransport, deadline: float = 30.0
) -> SwitchboardClient:
    return SwitchboardClient(server.url, token=server.token("agent"), transport=transport, deadline=deadline)


def test_loading_then_results_and_a_late_answer_to_an_old_query_is_never_shown(
    qtbot: QtBot, server: LiveServer, search_view: CustomerSearch
) -> None:
    network = GatedTransport()
    network.gates["Anna"] = asyncio.Event()
    search_view.set_client(client_for(server, network))
    qtbot.waitUntil(lambda: search_view.model.rowCount() > 0, timeout=10_000)

    qtbot.keyClicks(search_view.box, "Anna")
    # The server is slow to answer: the user sees that the search is running.
    qtbot.waitUntil(lambda: search_view.state.isVisible() and search_view.state.text() == "Searching…")
    assert network.searched[-1] == "Anna"

    search_view.box.clear()
    qtbot.keyClicks(search_view.box, "zoe dvorak")  # QTest types ASCII only; accents are ignored anyway
    qtbot.waitUntil(lambda: names(search_view) == ["Zoë Dvořák"], timeout=10_000)
    assert not search_view.state.isVisible()

    # The old query's answer may come now; the list must still answer the newest question.
    network.gates["Anna"].set()
    qtbot.wait(300)
    assert names(search_view) == ["Zoë Dvořák"]


def test_typing_fast_sends_one_search_after_the_pause(
    qtbot: QtBot, server: LiveServer, search_view: CustomerSearch
) -> None:
    network = GatedTransport()
    search_view.set_client(client_for(server, network))
    qtbot.waitUntil(lambda: search_view.model.rowCount() > 0, timeout=10_000)
    before = len(network.searched)
    qtbot.keyClicks(search_view.box, "muller")  # one keystroke after another, faster than the debounce
    qtbot.waitUntil(lambda: names(search_view)[:1] == ["Anna Müller"], timeout=10_000)
    assert network.searched[before:] == ["muller"]


def test_no_match_says_so(qtbot: QtBot, server: LiveServer, search_view: CustomerSearch) -> None:
    search_view.set_client(client_for(server, httpx.AsyncHTTPTransport()))
    qtbot.waitUntil(lambda: search_view.model.rowCount() > 0, timeout=10_000)
    qtbot.keyClicks(search_view.box, "Xqzzyv")
    # A slow answer (a busy machine) shows "Searching…" first; the answer is what is checked.
    qtbot.waitUntil(
        lambda: search_view.state.isVisible() and search_view.state.text() != "Searching…", timeout=10_000
    )
    assert search_view.state.text() == "No customer matches “Xqzzyv”."
    assert not search_view.results.isVisible()
    assert search_view.model.rowCount() == 0


def test_a_server_error_shows_its_message_and_a_copyable_trace_id(
    qtbot: QtBot, server: LiveServer, search_view: CustomerSearch
) -> None:
    search_view.set_client(client_for(server, OverlongTransport()))
    qtbot.waitUntil(lambda: search_view.model.rowCount() > 0, timeout=10_000)
    qtbot.keyClicks(search_view.box, "too long")  # sent longer than the server accepts: a 422 with a trace id
    pane = search_view.error
    qtbot.waitUntil(pane.isVisible, timeout=10_000)
    message = pane.findChild(QLabel, "errorMessage")
    trace = pane.findChild(QLabel, "errorTraceId")
    assert message is not None and trace is not None
    assert message.text()  # the server's own sentence, whatever its wording
    assert pane.trace_id and pane.trace_id in trace.text()
    copy = pane.findChild(QPushButton, "copyTraceIdButton")
    assert copy is not None and copy.isVisible()
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == pane.trace_id


def test_an_unreachable_server_is_shown_and_retry_recovers(
    qtbot: QtBot, server: LiveServer, search_view: CustomerSearch
) -> None:
    client = client_for(server, UnreachableTransport(), deadline=1.0)
    search_view.set_client(client)
    pane = search_view.error
    qtbot.waitUntil(pane.isVisible, timeout=10_000)
    assert pane.message.startswith("The server cannot be reached.")
    assert pane.trace_id is None  # no answer, so no trace id
    assert search_view.model.rowCount() == 0
    search_view.set_client(client_for(server, httpx.AsyncHTTPTransport()))
    qtbot.waitUntil(lambda: search_view.model.rowCount() > 0, timeout=10_000)
    assert not pane.isVisible()


def test_a_blocked_customer_has_a_red_status_chip(
    qtbot: QtBot, server: LiveServer, search_view: CustomerSearch
) -> None:
    search_view.set_client(client_for(server, httpx.AsyncHTTPTransport()))
    qtbot.keyClicks(search_view.box, "zoe dvorak")
    qtbot.waitUntil(lambda: names(search_view)[:1] == ["Zoë Dvořák"], timeout=10_000)
    row = search_view.results.visualRect(search_view.model.index(0, 0))
    image = search_view.results.viewport().grab(row).toImage()
    red = QColor(palette().result_chips.blocked.background)
    reddish = sum(
        1
        for x in range(image.width())
        for y in range(image.height())
        if _close(QColor(image.pixel(x, y)), red)
    )
    assert reddish > 100  # a chip, not a stray pixel
    assert "Suspended" in str(search_view.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole))


def _close(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 40


def names(view: CustomerSearch) -> list[str]:
    return [str(view.model.index(row, 0).data()) for row in range(view.model.rowCount())]


def test_arrows_move_through_the_results_and_enter_right_after_typing_opens_the_first(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    shell = shells.signed_in(server)
    window = shell.window
    search = window.search
    qtbot.waitUntil(lambda: search.model.rowCount() > 0, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert search.box.hasFocus()

    qtbot.keyClicks(search.box, "muller")
    qtbot.waitUntil(lambda: len(visible_names(window)) > 2 and not search.busy, timeout=10_000)
    for _ in range(3):
        qtbot.keyClick(search.box, Qt.Key.Key_Down)
    qtbot.keyClick(search.box, Qt.Key.Key_Up)
    assert search.results.currentIndex().row() == 1
    assert search.box.hasFocus()  # the agent can keep typing
    chosen = visible_names(window)[1]
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    name = window.findChild(QLabel, "customerName")
    assert name is not None
    qtbot.waitUntil(lambda: chosen in name.text(), timeout=10_000)

    # Typing and pressing Enter at once, before the answer is there: the first match opens.
    qtbot.keyClick(search.box, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(search.box, "zoe dvorak")
    qtbot.keyClick(search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Zoë Dvořák" in name.text(), timeout=10_000)


def test_scrolling_to_the_end_of_the_list_loads_the_next_page(
    qtbot: QtBot, server: LiveServer, search_view: CustomerSearch
) -> None:
    network = GatedTransport()
    search_view.set_client(client_for(server, network))
    qtbot.waitUntil(lambda: search_view.model.rowCount() > 0, timeout=10_000)
    first_page = search_view.model.rowCount()
    assert first_page < search_view.model.total  # the demo has more customers than one page
    search_view.results.setFocus()
    qtbot.keyClick(search_view.results, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: search_view.model.rowCount() > first_page, timeout=10_000)
    model = search_view.model
    ids = [model.customer_at(row).customer_id for row in range(model.rowCount())]  # type: ignore[union-attr]
    assert len(ids) == len(set(ids))  # pages follow on, nothing twice
    assert network.searched.count("") == 2  # one request per page
