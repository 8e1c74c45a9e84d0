"""Helpers of the customer pane tests: an agent's client on the live server, a shown pane, awaiting work."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import httpx
from pytestqt.qtbot import QtBot

from app.client import RetryPolicy, SwitchboardClient
from app.desktop.customer.drafts import DraftStore
from app.desktop.customer.pane import CustomerPane
from tests.live_server import LiveServer

T = TypeVar("T")

#: Customers of the demo data (app/server/demo.py, demo_threads.py).
ANNA = 1  # NEWSLETTER/EMAIL on, GENERAL/TEXT_MESSAGE off; owns the 2,400-message thread
ZOE = 3  # Suspended: communication blocked

#: Fast retries, so a test of the server being down does not wait for the production backoff.
QUICK_RETRIES = RetryPolicy(attempts=2, wait_initial=0.05, wait_max=0.1, wait_jitter=0.0)


def run(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, work: Coroutine[Any, Any, T], timeout: int = 15000
) -> T:
    """Run a coroutine on the Qt loop and wait for its result, Qt events flowing meanwhile."""
    task = loop.create_task(work)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


def agent_client(server: LiveServer) -> SwitchboardClient:
    return SwitchboardClient(server.url, token=server.token("agent"), retry=QUICK_RETRIES, deadline=10)


def open_pane(qtbot: QtBot, client: SwitchboardClient, drafts: Path, customer_id: int) -> CustomerPane:
    """A shown pane with the customer opened and every view loaded."""
    pane = CustomerPane(client, DraftStore(drafts))
    qtbot.addWidget(pane)
    pane.resize(1200, 850)
    pane.show()
    with qtbot.waitSignal(pane.fully_loaded, timeout=15000):
        pane.open_customer(customer_id)
    return pane


def api(server: LiveServer, method: str, path: str, user: str = "agent2", **kwargs: Any) -> httpx.Response:
    """What the server holds (or a change by someone else), asked directly over HTTP."""
    answer = httpx.request(method, f"{server.url}{path}", headers=server.headers(user), timeout=15, **kwargs)
    answer.raise_for_status()
    return answer
