"""Helpers of the client tests: run a coroutine on a private loop, signed-in clients, fault transports.

Tests are plain functions that call `run(...)`: no asyncio pytest plugin, because the desktop
tests run their own qasync loop, and `run` never installs its loop as the thread's current one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import httpx

from app.client import RetryPolicy, SwitchboardClient
from tests.live_server import LiveServer

T = TypeVar("T")

#: Retries as in production, with waits short enough for tests.
FAST = RetryPolicy(attempts=5, wait_initial=0.01, wait_max=0.05, wait_jitter=0.0)


def run(coroutine: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
    """Run `coroutine` to completion on a fresh event loop (bounded by `timeout` seconds)."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(asyncio.wait_for(coroutine, timeout))
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


@asynccontextmanager
async def connect(
    server: LiveServer, username: str | None = "agent", **kwargs: Any
) -> AsyncIterator[SwitchboardClient]:
    """A client of `server`, signed in as `username` (None: not signed in), with fast retries."""
    kwargs.setdefault("retry", FAST)
    async with SwitchboardClient(server.url, **kwargs) as client:
        if username is not None:
            await client.sign_in(username, "demo")
        yield client


def real_transport() -> httpx.AsyncHTTPTransport:
    return httpx.AsyncHTTPTransport()


class FailingFirst(httpx.AsyncBaseTransport):
    """Fails the first `failures` requests with `error` (before or after the real server saw them),
    then forwards every request to the real server."""

    def __init__(
        self,
        failures: int,
        *,
        error: Callable[[httpx.Request], Exception] = lambda r: httpx.ConnectError("refused", request=r),
        after_forwarding: bool = False,
        only: Callable[[httpx.Request], bool] = lambda r: True,
    ) -> None:
        self.failures = failures
        self.error = error
        self.after_forwarding = after_forwarding
        self.only = only
        self.inner = real_transport()
        self.requests: list[httpx.Request] = []
        #: Status of every answer that reached the client, in order, and the Retry-After of each 429.
        self.statuses: list[int] = []
        self.retry_after: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self.only(request):
            return await self.inner.handle_async_request(request)
        self.requests.append(request)
        if self.failures > 0:
            self.failures -= 1
            if self.after_forwarding:
                # The server did the work; the answer is lost on the way back.
                response = await self.inner.handle_async_request(request)
                await response.aread()
                await response.aclose()
            raise self.error(request)
        response = await self.inner.handle_async_request(request)
        self.statuses.append(response.status_code)
        if response.status_code == 429:
            self.retry_after.append(response.headers.get("Retry-After", ""))
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


class Scripted(httpx.AsyncBaseTransport):
    """Answers the first matching requests with scripted responses (faking our own API only to
    inject a fault), then forwards to the real server."""

    def __init__(
        self, responses: list[httpx.Response], only: Callable[[httpx.Request], bool] = lambda r: True
    ) -> None:
        self.responses = list(responses)
        self.only = only
        self.inner = real_transport()
        self.seen: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.only(request):
            self.seen.append(request)
            if self.responses:
                return self.responses.pop(0)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
