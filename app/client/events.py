"""The live event stream `/v1/events`: typed events, reconnection with backoff, resumption without
loss or repeat.

The server stores every event before sending it and replays those after `Last-Event-ID`. A stream
opens with a message of only `id:`, the id it starts after. The iterator remembers that id, then the
id of each event it yields, sends it when it reconnects, and drops any event whose id is not newer,
so a caller sees each event once and in order across network failures and server restarts, also
when the connection breaks before the first event.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncGenerator, Callable
from typing import Any, Final

import httpx
from httpx_sse import EventSource, ServerSentEvent, SSEError
from pydantic import BaseModel, ValidationError

from app.client.core import ClientCore
from app.client.errors import ConnectionFailed, InvalidResponse, error_from_response, translated_httpx_errors
from app.client.retry import retry_decision
from app.contract.approvals import ApprovalRequest
from app.contract.communications import Communication, ThreadSummary
from app.contract.customers import Customer
from app.contract.enums import EventType
from app.contract.events import ServerEvent
from app.contract.preferences import CommunicationPreferences, CustomerMarketingPreference

__all__ = ["RESOURCE_OF", "EventsApi", "LiveEvent"]

log = logging.getLogger(__name__)

#: The REST resource each event type carries as its data.
RESOURCE_OF: Final[dict[EventType, type[BaseModel]]] = {
    EventType.THREAD_CREATED: ThreadSummary,
    EventType.THREAD_UPDATED: ThreadSummary,
    EventType.COMMUNICATION_CREATED: Communication,
    EventType.COMMUNICATION_DELIVERY_STATUS_CHANGED: Communication,
    EventType.PREFERENCES_UPDATED: CommunicationPreferences,
    EventType.MARKETING_PREFERENCE_UPDATED: CustomerMarketingPreference,
    EventType.CUSTOMER_CREATED: Customer,
    EventType.CUSTOMER_STATUS_CHANGED: Customer,
    EventType.REQUEST_CREATED: ApprovalRequest,
    EventType.REQUEST_DECIDED: ApprovalRequest,
}


class LiveEvent(ServerEvent):
    """A `ServerEvent` whose `data` can also be had as the typed resource."""

    def resource(self) -> BaseModel:
        """`data` parsed as what the REST API returns for it: a Communication for
        `communication.*`, a ThreadSummary for `thread.*`, CommunicationPreferences,
        CustomerMarketingPreference, Customer, or ApprovalRequest for `request.*`."""
        return RESOURCE_OF[self.type].model_validate(self.data)


def _event_id(sse: ServerSentEvent) -> int | None:
    return int(sse.id) if sse.id.isdigit() else None


def parse_event(sse: ServerSentEvent) -> LiveEvent | None:
    """The typed event of one SSE frame; None for a frame this client does not understand."""
    try:
        data: Any = json.loads(sse.data) if sse.data else {}
        return LiveEvent.model_validate({"eventId": int(sse.id), "type": sse.event, "data": data})
    except (ValueError, ValidationError):
        # A newer server's event type, or a frame without an id: not for this client.
        log.info("ignoring event %r of type %r", sse.id, sse.event)
        return None


class EventsApi(ClientCore):
    async def events(self, last_event_id: int | None = None) -> AsyncGenerator[LiveEvent, None]:
        """The tenant's events as they happen, forever (until the caller stops iterating).

        With `last_event_id`, the stream resumes after that event; without, it starts with
        events newer than the connection. Reconnects on its own with backoff; raises only what
        waiting cannot fix (`Unauthorized`, `Forbidden`, ...). Close it with `aclose()` (or
        `contextlib.aclosing`) when done, so the connection is released at once.
        """
        last = last_event_id
        while True:
            response = await self._open_event_stream(last)
            reconnect_after = self.event_retry.wait_initial
            try:
                with translated_httpx_errors(self.base_url):
                    async for sse in self._frames(response):
                        if sse.retry is not None:
                            reconnect_after = sse.retry / 1000
                        event_id = _event_id(sse)
                        if event_id is None or (last is not None and event_id <= last):
                            continue
                        # Counted as seen even when not understood, so a resumption starts after it.
                        last = event_id
                        if not sse.data:
                            continue  # only an id, where the stream starts: no event (SSE spec)
                        event = parse_event(sse)
                        if event is not None:
                            yield event
            except ConnectionFailed as exc:
                log.info("event stream dropped (%s); resuming after event %s", exc, last)
            finally:
                await response.aclose()
            # The server ended the stream or the connection broke: come back after a short pause.
            await asyncio.sleep(reconnect_after)

    @staticmethod
    async def _frames(response: httpx.Response) -> AsyncGenerator[ServerSentEvent, None]:
        try:
            async for sse in EventSource(response).aiter_sse():
                yield sse
        except SSEError as exc:
            # A malformed stream is a broken connection as far as resuming is concerned.
            raise ConnectionFailed(f"event stream garbled: {exc}") from exc

    async def _open_event_stream(self, last: int | None) -> httpx.Response:
        """Connect, retrying with backoff for as long as it takes; raises on a final error answer."""
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-store"}
        if last is not None:
            headers["Last-Event-ID"] = str(last)
        timeout = httpx.Timeout(self.timeout, read=self.event_read_timeout)
        request = self._http.build_request("GET", "/v1/events", headers=headers, timeout=timeout)
        policy = self.event_retry
        hook: Callable[[Exception], bool | float] = retry_decision(policy, retryable=True, deadline_at=None)
        # Unlimited attempts: the caller decides how long to listen by iterating or cancelling.
        async for attempt in policy.attempts_of(hook, unlimited=True):
            with attempt:
                self._at_current_address(request)
                with translated_httpx_errors(self.base_url):
                    response = await self._http.send(request, stream=True)
                    if not response.is_success:
                        await response.aread()
                        await response.aclose()
                        raise error_from_response(response)
                content_type = response.headers.get("content-type", "")
                if not content_type.startswith("text/event-stream"):
                    # A proxy's page, say: waiting will not turn it into an event stream.
                    await response.aclose()
                    raise InvalidResponse(response.status_code, f"not an event stream but {content_type!r}")
                return response
        raise AssertionError("stamina ends with a result or the last error")  # pragma: no cover
