"""The live event stream through the client: typed events, and resumption without loss or repeat."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import aclosing

import httpx
import pytest

from app.client import InvalidResponse, LiveEvent, RetryPolicy, SwitchboardClient, Unauthorized
from app.contract.communications import Communication, ThreadCreate, ThreadSummary
from app.contract.customers import Customer, CustomerCreate
from app.contract.enums import Channel, Direction, EventType, ThreadStatus
from app.contract.preferences import CommunicationPreferences, CustomerMarketingPreference
from tests.client.support import connect, run
from tests.live_server import LiveServer

JUERGEN = 2
QUICK_RECONNECT = RetryPolicy(wait_initial=0.05, wait_max=0.3, wait_jitter=0.05)


def thread_body(subject: str) -> ThreadCreate:
    return ThreadCreate(
        communication_thread_status=ThreadStatus.ONGOING,
        subject=subject,
        content=f"About {subject}.",
        communication_direction=Direction.OUTGOING,
        communication_channel=Channel.EMAIL,
    )


async def collect(
    stream: AsyncGenerator[LiveEvent, None], count: int, within: float = 20.0
) -> list[LiveEvent]:
    """The next `count` events of the stream, which is closed afterwards."""

    async def take() -> list[LiveEvent]:
        events: list[LiveEvent] = []
        async with aclosing(stream):
            async for event in stream:
                events.append(event)
                if len(events) == count:
                    break
        return events

    return await asyncio.wait_for(take(), within)


class Gate(httpx.AsyncBaseTransport):
    """Forwards to the real server; while closed, event-stream connections are refused."""

    def __init__(self) -> None:
        self.open = True
        self.inner = httpx.AsyncHTTPTransport()
        self.stream_requests: list[httpx.Request] = []
        #: Set when an event-stream answer arrived (its headers come once the server fixed the start).
        self.stream_opened = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/events":
            if not self.open:
                raise httpx.ConnectError("gate closed", request=request)
            self.stream_requests.append(request)
        response = await self.inner.handle_async_request(request)
        if request.url.path == "/v1/events":
            self.stream_opened.set()
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_events_are_typed_with_their_resource(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "supervisor") as client:
            # The demo reset leaves no events of the tenant: from 0 on, we see exactly ours.
            stream = client.events(last_event_id=0)
            customer = await client.create_customer(CustomerCreate(first_name="Ev", last_name="Ent"))
            customer_id = customer.customer_id
            created = await client.create_thread(customer_id, thread_body("events"))
            await client.update_communication_preferences(customer_id, {("NEWSLETTER", Channel.EMAIL): True})
            preference = (await client.list_marketing_preferences())[0]
            await client.opt_in(customer_id, preference.marketing_preference_id)
            await client.set_customer_status(customer_id, None, "checked")

            events = await collect(stream, 6)
            assert [e.type for e in events] == [
                EventType.CUSTOMER_CREATED,
                EventType.THREAD_CREATED,
                EventType.COMMUNICATION_CREATED,
                EventType.PREFERENCES_UPDATED,
                EventType.MARKETING_PREFERENCE_UPDATED,
                EventType.CUSTOMER_STATUS_CHANGED,
            ]
            ids = [e.event_id for e in events]
            assert ids == sorted(ids)
            by_type = {e.type: e.resource() for e in events}
            thread = by_type[EventType.THREAD_CREATED]
            assert isinstance(thread, ThreadSummary)
            assert thread.thread_id == created.thread_id
            message = by_type[EventType.COMMUNICATION_CREATED]
            assert isinstance(message, Communication)
            assert message.communication_id == created.communication_id
            assert isinstance(by_type[EventType.PREFERENCES_UPDATED], CommunicationPreferences)
            assert isinstance(by_type[EventType.MARKETING_PREFERENCE_UPDATED], CustomerMarketingPreference)
            status = by_type[EventType.CUSTOMER_STATUS_CHANGED]
            assert isinstance(status, Customer)
            assert status.customer_id == customer_id
            assert by_type[EventType.CUSTOMER_CREATED] == customer

    run(scenario())


def test_the_stream_resumes_across_a_server_restart_with_nothing_lost_or_repeated(server: LiveServer) -> None:
    async def scenario() -> None:
        gate = Gate()
        token = server.token("agent")
        async with (
            SwitchboardClient(
                server.url, token=token, transport=gate, event_retry=QUICK_RECONNECT
            ) as listener,
            connect(server, "agent") as writer,
        ):
            received: list[LiveEvent] = []
            arrived = asyncio.Event()

            async def listen() -> None:
                async with aclosing(listener.events(last_event_id=0)) as stream:
                    async for event in stream:
                        received.append(event)
                        arrived.set()

            async def wait_for(count: int) -> None:
                while len(received) < count:
                    arrived.clear()
                    await asyncio.wait_for(arrived.wait(), 20)

            task = asyncio.create_task(listen())
            made = [
                (
                    await writer.create_customer(CustomerCreate(first_name="Before", last_name="Restart"))
                ).customer_id
            ]
            await wait_for(1)

            # The server goes down and comes back; the stream must not reconnect before we wrote more.
            gate.open = False
            await asyncio.to_thread(server.restart)
            for name in ("During", "Gap"):
                created = await writer.create_customer(CustomerCreate(first_name=name, last_name="Restart"))
                made.append(created.customer_id)
            gate.open = True
            await wait_for(3)
            made.append(
                (
                    await writer.create_customer(CustomerCreate(first_name="After", last_name="Restart"))
                ).customer_id
            )
            await wait_for(4)
            # Anything repeated would arrive right behind; give it the chance.
            await asyncio.sleep(0.5)
            task.cancel()

            assert [e.type for e in received] == [EventType.CUSTOMER_CREATED] * 4
            assert [e.resource().customer_id for e in received] == made
            ids = [e.event_id for e in received]
            assert ids == sorted(set(ids))
            assert len(gate.stream_requests) >= 2
            assert gate.stream_requests[0].headers["Last-Event-ID"] == "0"
            assert gate.stream_requests[1].headers["Last-Event-ID"] == str(ids[0])

    run(scenario(), timeout=90)


def _frame(event_id: int, customer_id: int) -> str:
    data = (
        f'{{"customerId": {customer_id}, "firstName": "F", "lastName": "L", "email": null, "phone": null, '
        '"language": "en", "statusLabel": null, "communicationBlocked": false, '
        '"createdAt": "2026-01-01T00:00:00Z"}'
    )
    return f"id: {event_id}\nevent: customer.created\ndata: {data}\n\n"


def test_events_replayed_twice_by_a_faulty_stream_reach_the_caller_once() -> None:
    """Fakes our own API only to inject a fault: a stream that drops and then repeats old events."""
    scripts = [
        ": connected\n\n" + _frame(1, 11) + _frame(2, 12),
        _frame(1, 11) + _frame(2, 12) + ": heartbeat\n\n" + _frame(3, 13),
    ]
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = scripts.pop(0) if scripts else ""
        return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, content=body.encode())

    async def scenario() -> list[LiveEvent]:
        async with SwitchboardClient(
            "http://switchboard.test",
            token="t",
            transport=httpx.MockTransport(handler),
            event_retry=QUICK_RECONNECT,
        ) as client:
            return await collect(client.events(), 3)

    events = run(scenario())
    assert [e.event_id for e in events] == [1, 2, 3]
    assert [e.resource().customer_id for e in events] == [11, 12, 13]
    assert "Last-Event-ID" not in seen[0].headers
    assert seen[1].headers["Last-Event-ID"] == "2"


def test_without_a_last_event_id_the_stream_starts_at_the_connection(server: LiveServer) -> None:
    async def scenario() -> None:
        gate = Gate()
        async with connect(server, "agent", transport=gate) as client:
            await client.create_customer(CustomerCreate(first_name="Earlier", last_name="Than Stream"))
            stream = client.events()
            first = asyncio.create_task(collect(stream, 1))
            await asyncio.wait_for(gate.stream_opened.wait(), 10)
            later = await client.create_customer(CustomerCreate(first_name="Later", last_name="Than Stream"))
            (event,) = await first
            assert event.type is EventType.CUSTOMER_CREATED
            assert event.resource() == later

    run(scenario())


class CuttableBody(httpx.AsyncByteStream):
    """An event stream's body passed through, which breaks as a lost connection once `cut` is set."""

    def __init__(self, inner: httpx.AsyncByteStream, received: list[bytes], arrived: asyncio.Event) -> None:
        self.inner, self.received, self.arrived = inner, received, arrived
        self.cut = asyncio.Event()

    async def __aiter__(self) -> AsyncGenerator[bytes, None]:
        chunks = aiter(self.inner)
        cut = asyncio.ensure_future(self.cut.wait())
        try:
            while True:
                chunk = asyncio.ensure_future(anext(chunks))
                await asyncio.wait({chunk, cut}, return_when=asyncio.FIRST_COMPLETED)
                if cut.done():
                    chunk.cancel()
                    raise httpx.ReadError("connection lost (cut by the test)")
                try:
                    data = chunk.result()
                except StopAsyncIteration:
                    return
                self.received.append(data)
                self.arrived.set()
                yield data
        finally:
            cut.cancel()

    async def aclose(self) -> None:
        await self.inner.aclose()


class CuttingGate(Gate):
    """A Gate that can also break the event streams open now, and records what they carried."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list[bytes] = []
        self.arrived = asyncio.Event()
        self.bodies: list[CuttableBody] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if request.url.path == "/v1/events":
            assert isinstance(response.stream, httpx.AsyncByteStream)
            body = CuttableBody(response.stream, self.received, self.arrived)
            self.bodies.append(body)
            response.stream = body
        return response

    def cut(self) -> None:
        for body in self.bodies:
            body.cut.set()


def test_a_stream_lost_before_its_first_event_resumes_where_it_started(server: LiveServer) -> None:
    """Without `Last-Event-ID` the stream starts after the newest event, and its first message, only
    an `id:`, says which. A connection lost before any event resumes from there, so what was
    written while the client was away still arrives (starting afresh it would be missed)."""

    async def scenario() -> None:
        gate = CuttingGate()
        async with (
            connect(server, "agent", transport=gate, event_retry=QUICK_RECONNECT) as listener,
            connect(server, "agent") as writer,
        ):
            await writer.create_customer(CustomerCreate(first_name="Before", last_name="The Stream"))
            events = asyncio.create_task(collect(listener.events(), 2))
            await asyncio.wait_for(gate.arrived.wait(), 10)
            start = b"".join(gate.received).decode()
            assert start.startswith("id: ") and start.endswith("\n\n"), start  # the id, and no event
            gate.open = False
            gate.cut()
            made = [
                (await writer.create_customer(CustomerCreate(first_name=name, last_name="Away"))).customer_id
                for name in ("While", "Cut")
            ]
            gate.open = True
            assert [event.resource().customer_id for event in await events] == made  # type: ignore[attr-defined]
            assert "Last-Event-ID" not in gate.stream_requests[0].headers
            assert gate.stream_requests[-1].headers["Last-Event-ID"] == start.removeprefix("id: ").strip()

    run(scenario())


def test_a_stream_with_bad_credentials_raises_instead_of_retrying(server: LiveServer) -> None:
    async def scenario() -> None:
        async with SwitchboardClient(server.url, token="not-a-token", event_retry=QUICK_RECONNECT) as client:
            with pytest.raises(Unauthorized):
                await collect(client.events(), 1, within=10)

    run(scenario())


def test_a_page_that_is_no_event_stream_is_reported_not_retried_forever() -> None:
    """Fakes our own API only to inject a fault: a captive portal answering 200 with HTML."""
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(200, html="<html>Please sign in to the hotel Wi-Fi</html>")

    async def scenario() -> None:
        async with SwitchboardClient(
            "http://switchboard.test",
            token="t",
            transport=httpx.MockTransport(handler),
            event_retry=QUICK_RECONNECT,
        ) as client:
            with pytest.raises(InvalidResponse):
                await collect(client.events(), 1, within=10)

    run(scenario())
    assert len(calls) == 1


def test_an_id_only_frame_moves_the_resumption_point() -> None:
    """Fakes our own API only to inject a fault: the stream announces its position (id without
    data), then drops before any event; the reconnection must resume from that position."""
    scripts = [": connected\nid: 41\nretry: 50\n\n", _frame(42, 7)]
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = scripts.pop(0) if scripts else ""
        return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, content=body.encode())

    async def scenario() -> list[LiveEvent]:
        async with SwitchboardClient(
            "http://switchboard.test",
            token="t",
            transport=httpx.MockTransport(handler),
            event_retry=QUICK_RECONNECT,
        ) as client:
            return await collect(client.events(), 1)

    (event,) = run(scenario())
    assert event.event_id == 42
    assert seen[1].headers["Last-Event-ID"] == "41"
