"""Helpers of the customer pane tests: an agent's client on the live server, a shown pane, awaiting work."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.client import RetryPolicy, SwitchboardClient
from app.contract.enums import Channel
from app.desktop.customer.drafts import DraftStore
from app.desktop.customer.pane import CustomerPane
from tests.desktop.shell import run
from tests.live_server import LiveServer

#: Customers of the demo data (app/server/demo.py, demo_threads.py).
ANNA = 1  # NEWSLETTER/EMAIL on, GENERAL/TEXT_MESSAGE off; owns the 2,400-message thread
ZOE = 3  # Suspended: communication blocked

#: Fast retries, so a test of the server being down does not wait for the production backoff.
QUICK_RETRIES = RetryPolicy(attempts=2, wait_initial=0.05, wait_max=0.1, wait_jitter=0.0)


def agent_client(server: LiveServer) -> SwitchboardClient:
    return SwitchboardClient(server.url, token=server.token("agent"), retry=QUICK_RETRIES, deadline=10)


@pytest.fixture(name="client")
def agent_client_fixture(
    server: LiveServer, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> Iterator[SwitchboardClient]:
    """`client`: the demo agent's client on the live server (fresh demo data), closed afterwards."""
    client = agent_client(server)
    yield client
    # The panes on it have stopped their work by now (bare_pane), as the session's end does in the app.
    run(qtbot, loop, client.aclose())


def bare_pane(qtbot: QtBot, client: SwitchboardClient, drafts: Path) -> CustomerPane:
    """A shown pane with no customer opened yet; it stops its work when the test ends (pytest-qt closes
    it before the `client` fixture closes the client)."""
    pane = CustomerPane(client, DraftStore(drafts))
    qtbot.addWidget(pane, before_close_func=CustomerPane.shutdown)
    pane.show()
    return pane


def open_pane(qtbot: QtBot, client: SwitchboardClient, drafts: Path, customer_id: int) -> CustomerPane:
    """A shown pane with the customer opened and every view loaded."""
    pane = bare_pane(qtbot, client, drafts)
    pane.resize(1200, 850)
    with qtbot.waitSignal(pane.fully_loaded, timeout=15000):
        pane.open_customer(customer_id)
    return pane


def api(server: LiveServer, method: str, path: str, user: str = "agent2", **kwargs: Any) -> httpx.Response:
    """What the server holds (or a change by someone else), asked directly over HTTP."""
    answer = httpx.request(method, f"{server.url}{path}", headers=server.headers(user), timeout=15, **kwargs)
    answer.raise_for_status()
    return answer


def server_value(server: LiveServer, category: str, channel: str, customer_id: int = ANNA) -> bool:
    """Whether the server holds the customer's (category, channel) pair active."""
    body = api(server, "GET", f"/v1/communications/{customer_id}/communication-preferences").json()
    for listed in body["preferences"]:
        if listed["messageCategory"] == category:
            for pair in listed["channels"]:
                if pair["communicationChannel"] == channel:
                    return bool(pair["active"])
    raise AssertionError(f"{category}/{channel} not on the server")


def cell(pane: CustomerPane, category: str, channel: str) -> QModelIndex:
    """The matrix cell of a category and channel, both by identifier (the headers show their names)."""
    index = pane.preferences.matrix_model.index_of(category, Channel(channel))
    assert index.isValid(), f"no {category}/{channel} cell in the matrix"
    return index


def toggle(qtbot: QtBot, pane: CustomerPane, category: str, channel: str) -> None:
    """Select the cell with the keyboard focus on the matrix and press Space, as an agent would."""
    matrix = pane.preferences.matrix
    matrix.setFocus()
    matrix.setCurrentIndex(cell(pane, category, channel))
    qtbot.keyClick(matrix, Qt.Key.Key_Space)


def cell_text(pane: CustomerPane, category: str, channel: str) -> str:
    return str(cell(pane, category, channel).data())


def confirm_save(qtbot: QtBot, pane: CustomerPane) -> str:
    """Press Save, read the confirmation, and confirm it; returns the confirmation text."""
    qtbot.mouseClick(pane.preferences.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.preferences.confirmation is not None)
    dialog = pane.preferences.confirmation
    assert dialog is not None and dialog.isVisible()
    text = dialog.text()
    qtbot.mouseClick(dialog.button(QMessageBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    return text


def stored_drafts(directory: Path) -> list[dict[str, Any]]:
    """The drafts in the app's drafts folder. One the app removes while they are read (sent
    meanwhile) is left out, as it would be a moment later."""
    drafts = []
    for path in sorted(directory.glob("*.json")):
        try:
            drafts.append(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            continue
    return drafts
