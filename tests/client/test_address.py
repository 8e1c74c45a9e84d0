"""The server moved (the desktop's embedded server restarted on another port): the client follows,
with requests already retrying and the event stream's reconnection."""

from __future__ import annotations

import asyncio

import httpx

from app.client import RetryPolicy, SwitchboardClient
from tests.client.support import run

OLD = "http://127.0.0.1:41001"
NEW = "http://127.0.0.1:41002"
PATIENT = RetryPolicy(attempts=50, wait_initial=0.02, wait_max=0.02, wait_jitter=0.0)


class MovedServer(httpx.AsyncBaseTransport):
    """Nothing listens on the old port any more; the server answers on the new one."""

    def __init__(self) -> None:
        self.refused = 0
        self.answered: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.port != httpx.URL(NEW).port:
            self.refused += 1
            raise httpx.ConnectError("All connection attempts failed", request=request)
        self.answered.append(request)
        if request.url.path == "/v1/events":
            frame = b'id: 7\nevent: thread.created\ndata: {"threadId": 1, "customerId": 1}\n\n'
            return httpx.Response(200, headers={"content-type": "text/event-stream"}, content=frame)
        return httpx.Response(200, json={"status": "ok", "version": "1"})


async def _until_refused(network: MovedServer) -> None:
    while network.refused == 0:  # noqa: ASYNC110 - the fake network has no event to wait for
        await asyncio.sleep(0.01)


def test_a_request_retrying_at_the_old_address_is_answered_at_the_new_one() -> None:
    network = MovedServer()

    async def scenario() -> tuple[str, httpx.Request]:
        async with SwitchboardClient(OLD, transport=network, retry=PATIENT, deadline=10) as client:
            asking = asyncio.create_task(client.health())
            await _until_refused(network)
            client.set_base_url(NEW + "/")
            health = await asking
            assert client.base_url == NEW
            return health.status, network.answered[-1]

    status, answered = run(scenario())
    assert status == "ok"
    assert str(answered.url) == f"{NEW}/healthz"
    assert answered.headers["Host"] == "127.0.0.1:41002"


def test_the_event_stream_reconnects_at_the_new_address_after_the_last_event_seen() -> None:
    network = MovedServer()

    async def scenario() -> tuple[int, httpx.Request]:
        client = SwitchboardClient(OLD, transport=network, event_retry=PATIENT)
        try:
            stream = client.events(last_event_id=6)
            first = asyncio.create_task(anext(stream))
            await _until_refused(network)
            client.set_base_url(NEW)
            event = await first
            await stream.aclose()
            return event.event_id, network.answered[-1]
        finally:
            await client.aclose()

    event_id, answered = run(scenario())
    assert event_id == 7
    assert answered.url.port == 41002 and answered.url.path == "/v1/events"
    assert answered.headers["Last-Event-ID"] == "6"
