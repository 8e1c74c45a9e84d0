"""Live updates: events from the real event stream reach the open views with no user action."""

from __future__ import annotations

import asyncio
from pathlib import Path
from uuid import uuid4

from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.contract.events import ServerEvent
from app.desktop.customer.pane import CustomerPane
from tests.desktop.customer_support import (
    ANNA,
    agent_client_fixture,  # noqa: F401 - the `client` fixture
    api,
    open_pane,
)
from tests.desktop.shell import OFFSCREEN_NOISE
from tests.live_server import LiveServer

# The offscreen platform warns when a window or dialog is shown; that is no fault of the app.
pytestmark = OFFSCREEN_NOISE

OTHER = 2  # a customer whose events the pane of ANNA must ignore


class Feed:
    """Forwards every event of a real `client.events()` stream to the pane, as the shell does."""

    def __init__(
        self, loop: asyncio.AbstractEventLoop, client: SwitchboardClient, pane: CustomerPane
    ) -> None:
        self.received: list[ServerEvent] = []
        self.pane = pane
        self.task = loop.create_task(self._run(client))

    async def _run(self, client: SwitchboardClient) -> None:
        async for event in client.events():
            self.received.append(event)
            self.pane.handle_event(event)


def connect_feed(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    client: SwitchboardClient,
    pane: CustomerPane,
    server: LiveServer,
) -> Feed:
    """A feed that is known to be connected: it has seen an event made after it started."""
    feed = Feed(loop, client, pane)

    def poke() -> bool:
        # Any change makes an event to wait for: an incoming thread of another customer will do.
        api(
            server,
            "POST",
            f"/v1/communications/{OTHER}/threads",
            json={
                "communicationThreadStatus": "CREATED",
                "subject": "Ping",
                "content": "ping",
                "communicationDirection": "INCOMING",
                "communicationChannel": "EMAIL",
                "requestId": str(uuid4()),
            },
        )
        qtbot.wait(200)
        return bool(feed.received)

    qtbot.waitUntil(poke, timeout=15000)
    return feed


def test_an_incoming_message_appears_in_the_open_thread_with_no_user_action(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    client: SwitchboardClient,
    tmp_path: Path,
    server: LiveServer,
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    tab = pane.conversations
    thread = tab.current_thread
    assert thread is not None
    feed = connect_feed(qtbot, loop, client, pane, server)
    rows_before = tab.messages_model.rowCount()

    api(
        server,
        "PUT",
        f"/v1/communications/{ANNA}/threads/{thread.thread_id}",
        json={
            "communicationThreadStatus": "ONGOING",
            "content": "Hello, I am calling about my invoice.",
            "communicationDirection": "INCOMING",
            "communicationChannel": "EMAIL",
            "requestId": str(uuid4()),
        },
    )

    qtbot.waitUntil(lambda: tab.messages_model.rowCount() == rows_before + 1, timeout=10000)
    newest = tab.messages_model.messages[-1]
    assert newest.content == "Hello, I am calling about my invoice."
    assert newest.communication_direction.value == "INCOMING"
    # The thread list follows too: the count of the open thread went up.
    row = tab.threads_model.row_of(thread.thread_id)
    assert row is not None
    qtbot.waitUntil(
        lambda: (
            tab.threads_model.threads[tab.threads_model.row_of(thread.thread_id) or 0].communication_count
            == thread.communication_count + 1
        ),
        timeout=10000,
    )
    feed.task.cancel()


def test_a_status_change_by_a_supervisor_raises_the_banner_live(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    client: SwitchboardClient,
    tmp_path: Path,
    server: LiveServer,
) -> None:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    assert not pane.banner.isVisible()
    feed = connect_feed(qtbot, loop, client, pane, server)
    labels = api(server, "GET", "/v1/status-labels").json()
    suspended = next(label for label in labels if label["blockCommunication"])

    api(
        server,
        "PUT",
        f"/v1/customers/{ANNA}/status",
        user="supervisor",
        json={
            "statusLabelId": suspended["statusLabelId"],
            "reason": "Fraud check",
            "requestId": str(uuid4()),
        },
    )

    qtbot.waitUntil(pane.banner.isVisible, timeout=10000)
    assert (
        pane.banner.text() == "Communication blocked (Suspended): nothing will be delivered to this customer"
    )
    assert pane.header.status.text() == "Suspended"

    api(
        server,
        "PUT",
        f"/v1/customers/{ANNA}/status",
        user="supervisor",
        json={"statusLabelId": None, "reason": "Cleared", "requestId": str(uuid4())},
    )
    qtbot.waitUntil(lambda: not pane.banner.isVisible(), timeout=10000)
    feed.task.cancel()
