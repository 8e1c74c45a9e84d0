"""The live event stream against the real server: REST-shaped data, resume without gap or repeat,
tenant scope and heartbeats. (TestClient buffers whole responses, so this needs the subprocess.)"""

from __future__ import annotations

import asyncio
import contextlib
import json
import queue
import threading
import time

import httpx
import pytest
from httpx_sse import ServerSentEvent, aconnect_sse

from tests.live_server import LiveServer
from tests.server.support import rid

ANNA = 1


class EventStream:
    """`GET /v1/events` read on its own asyncio loop thread; `take(n)` waits for the next n events.

    Async, so that closing cancels the blocked read at once (a closed sync socket would not wake it).
    """

    def __init__(self, server: LiveServer, headers: dict[str, str], last_event_id: str | None = None) -> None:
        headers = dict(headers)
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        self.received: queue.Queue[ServerSentEvent] = queue.Queue()
        #: The ids of the frames that carried no event, the first being where the stream starts.
        self.positions: list[str] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._run(self._open(f"{server.url}/v1/events", headers))

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(15)

    async def _open(self, url: str, headers: dict[str, str]) -> None:
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(10.0, read=60.0))
        self._connection = aconnect_sse(self._client, "GET", url, headers=headers)
        source = await self._connection.__aenter__()
        assert source.response.status_code == 200
        assert source.response.headers["content-type"].startswith("text/event-stream")
        self._task = asyncio.create_task(self._read(source))

    async def _read(self, source) -> None:
        async for event in source.aiter_sse():
            if event.data:
                self.received.put(event)
            else:  # no event (SSE spec): only an id, where the stream starts (or, to httpx-sse, a heartbeat)
                self.positions.append(event.id)

    async def _close(self) -> None:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
            await self._task
        await self._connection.__aexit__(None, None, None)
        await self._client.aclose()

    def take(self, count: int, timeout: float = 10.0) -> list[ServerSentEvent]:
        deadline = time.monotonic() + timeout
        events = []
        while len(events) < count:
            events.append(self.received.get(timeout=max(0.01, deadline - time.monotonic())))
        return events

    def quiet(self, seconds: float = 1.5) -> bool:
        """No further event arrives within `seconds`."""
        try:
            self.received.get(timeout=seconds)
        except queue.Empty:
            return True
        return False

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._run(self._close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()


@pytest.fixture
def streams():
    opened: list[EventStream] = []

    def open_stream(server, headers, last_event_id=None):
        stream = EventStream(server, headers, last_event_id)
        opened.append(stream)
        return stream

    yield open_stream
    for stream in opened:
        stream.close()


def new_thread(server: LiveServer, headers, customer=ANNA, **overrides) -> dict:
    body = {
        "communicationThreadStatus": "CREATED",
        "subject": "Live",
        "content": "Hello from the event test",
        "communicationDirection": "OUTGOING",
        "communicationChannel": "EMAIL",
        "requestId": rid(),
        **overrides,
    }
    answer = httpx.post(f"{server.url}/v1/communications/{customer}/threads", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_the_stream_starts_at_connection_and_carries_the_rest_json(server, streams):
    agent = server.headers("agent")
    new_thread(server, agent)  # before the connection: not streamed
    stream = streams(server, agent)
    created = new_thread(server, agent, subject="After connecting")
    thread_event, message_event = stream.take(2)
    assert thread_event.event == "thread.created"
    summary = httpx.get(
        f"{server.url}/v1/communications/{ANNA}/threads/{created['threadId']}", headers=agent
    ).json()
    assert json.loads(thread_event.data) == summary
    assert message_event.event == "communication.created"
    assert json.loads(message_event.data) == created
    assert int(message_event.id) > int(thread_event.id)
    assert stream.quiet()


def test_a_reconnect_with_last_event_id_gets_every_missed_event_exactly_once(server, streams):
    agent, supervisor, admin = server.headers("agent"), server.headers("supervisor"), server.headers("admin")
    stream = streams(server, agent)
    first = new_thread(server, agent)
    seen = stream.take(2)
    stream.close()

    # Written while the client is away: one write of every kind.
    path = f"{server.url}/v1/communications/{ANNA}/threads/{first['threadId']}"
    added = httpx.put(
        path,
        json={"communicationThreadStatus": "ONGOING", "content": "More", "communicationDirection": "INCOMING",
              "communicationChannel": "PHONE", "requestId": rid()},
        headers=agent,
    )  # fmt: skip
    assert added.status_code == 200, added.text
    patched = httpx.patch(
        path, json={"communicationThreadStatus": "CLOSED", "requestId": rid()}, headers=agent
    )
    assert patched.status_code == 200
    prefs = httpx.put(
        f"{server.url}/v1/communications/{ANNA}/communication-preferences",
        json={"preferences": [{"messageCategory": "APPOINTMENT", "channels": [
            {"communicationChannel": "EMAIL", "active": False}]}], "requestId": rid()},
        headers=agent,
    )  # fmt: skip
    assert prefs.status_code == 200, prefs.text
    marketing = httpx.put(f"{server.url}/v1/customers/{ANNA}/marketing-preferences/3", json={}, headers=agent)
    assert marketing.status_code == 200, marketing.text
    labels = {label["name"]: label["statusLabelId"] for label in httpx.get(
        f"{server.url}/v1/status-labels", headers=agent).json()}  # fmt: skip
    status = httpx.put(
        f"{server.url}/v1/customers/2/status",
        json={"statusLabelId": labels["Suspended"], "reason": "test", "requestId": rid()},
        headers=supervisor,
    )
    assert status.status_code == 200, status.text
    customer = httpx.post(
        f"{server.url}/v1/customers",
        json={"firstName": "Eve", "lastName": "Nt", "requestId": rid()},
        headers=agent,
    )
    assert customer.status_code == 201
    delivered = httpx.post(
        f"{server.url}/v1/customer-communications/{first['communicationId']}/delivery-events",
        json={"deliveryStatus": "DELIVERED", "at": "2026-11-23T12:00:00Z"},
        headers=admin,
    )
    assert delivered.json()["deliveryStatus"] == "DELIVERED"
    otp = httpx.post(
        f"{server.url}/v1/customers/{ANNA}/otp", json={"communicationChannel": "EMAIL", "requestId": rid()},
        headers=agent,
    )  # fmt: skip
    assert otp.status_code == 201

    expected = [
        "communication.created",
        "thread.updated",
        "thread.updated",
        "preferences.updated",
        "marketingPreference.updated",
        "customer.statusChanged",
        "customer.created",
        "communication.deliveryStatusChanged",
        "communication.created",
    ]
    resumed = streams(server, agent, last_event_id=seen[-1].id)
    missed = resumed.take(len(expected))
    assert [event.event for event in missed] == expected
    ids = [int(event.id) for event in seen + missed]
    assert ids == sorted(set(ids))  # increasing, nothing repeated
    assert json.loads(missed[0].data) == added.json()
    assert json.loads(missed[2].data) == patched.json()
    assert json.loads(missed[3].data) == prefs.json()
    assert json.loads(missed[5].data) == status.json()
    assert json.loads(missed[7].data)["deliveryStatus"] == "DELIVERED"
    assert resumed.quiet()

    # Live again after the catch-up, still without repeats.
    new_thread(server, agent)
    live = resumed.take(2)
    assert [event.event for event in live] == ["thread.created", "communication.created"]
    assert int(live[0].id) > ids[-1]


def test_the_stream_is_tenant_scoped(server, streams):
    other = server.headers("other-agent")
    stream = streams(server, other)
    new_thread(server, server.headers("agent"))
    their_customer = httpx.get(f"{server.url}/v1/customers", params={"limit": 1}, headers=other).json()[
        "items"
    ][0]
    new_thread(server, other, customer=their_customer["customerId"])
    first = stream.take(1)[0]
    assert first.event == "thread.created"
    assert json.loads(first.data)["customerId"] == their_customer["customerId"]


def test_a_bad_last_event_id_or_no_credentials_is_refused(server):
    answer = httpx.get(f"{server.url}/v1/events", headers={**server.headers("agent"), "Last-Event-ID": "abc"})
    assert answer.status_code == 422
    assert answer.json()["errorCode"] == "request.invalid"
    assert httpx.get(f"{server.url}/v1/events").status_code == 401


def test_heartbeat_comments_keep_a_quiet_stream_alive(tmp_path, monkeypatch):
    monkeypatch.setenv("SWITCHBOARD_HEARTBEAT_SECONDS", "0.3")
    quick = LiveServer(tmp_path / "heartbeat.db")
    quick.start()
    try:
        beats = 0
        agent = quick.headers("agent")  # before the clock: a sign-in is slow on a busy machine
        started = time.monotonic()
        with httpx.stream("GET", f"{quick.url}/v1/events", headers=agent, timeout=10) as answer:
            for line in answer.iter_lines():
                if line.startswith(": heartbeat"):
                    beats += 1
                    if beats == 3:
                        break
        assert beats == 3
        # Three beats at 0.3 s, not the default 15 s: far under 45 s even on a loaded machine.
        assert time.monotonic() - started < 15
    finally:
        quick.stop()


def test_a_second_server_process_streams_what_the_first_one_wrote(server, streams, tmp_path):
    """Two processes on one database (a team set-up): the other process's commits arrive by polling."""
    second = LiveServer(server.database)
    second.log = tmp_path / "second.log"
    second.start()
    try:
        agent = server.headers("agent")
        stream = streams(second, agent)
        written_at = time.monotonic()
        created = new_thread(server, agent)
        thread_event, message_event = stream.take(2, timeout=5)
        assert time.monotonic() - written_at < 3  # the poll fallback, not the 15 s heartbeat
        assert thread_event.event == "thread.created"
        assert json.loads(message_event.data) == created
        stream.close()
    finally:
        second.stop()


def test_event_ids_keep_growing_across_a_demo_reset(server, streams):
    agent = server.headers("agent")
    stream = streams(server, agent)
    new_thread(server, agent)
    before = stream.take(2)
    stream.close()
    server.reset()
    agent = server.headers("agent")
    # A client resuming from before the reset still gets what is written after it.
    resumed = streams(server, agent, last_event_id=before[-1].id)
    new_thread(server, agent)
    after = resumed.take(2)
    assert [event.event for event in after] == ["thread.created", "communication.created"]
    assert int(after[0].id) > int(before[-1].id)
