"""ASGI middleware: a trace id on every request (header and log line), a body size cap, the 500 answer,
and the 503 one while the database cannot serve."""

from __future__ import annotations

import logging
import time
import uuid

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.contract.errors import ErrorCode
from app.server.errors.language import language_of
from app.server.errors.response import error_response
from app.server.store.db import unavailable

access_log = logging.getLogger("switchboard.server.access")
log = logging.getLogger("switchboard.server")

MAX_BODY_BYTES = 1024 * 1024
#: The health probe's path, whose successful answers are logged at DEBUG only.
HEALTH_PATH = "/healthz"
#: A 503 `server.unavailable`'s `Retry-After`: a PostgreSQL restart or fail-over takes seconds.
UNAVAILABLE_RETRY_SECONDS = 5


class BodyTooLarge(HTTPException):
    """Raised while the body is read. An HTTPException, because FastAPI re-raises those from its
    body parsing (anything else it turns into a 400), so the error handlers answer 413."""

    def __init__(self, max_body_bytes: int) -> None:
        super().__init__(status_code=413, detail=str(max_body_bytes))


class TraceAndLimitMiddleware:
    """Gives each request a trace id (`X-Trace-Id`, log line) and refuses bodies over 1 MiB with 413.

    It also answers an unexpected exception with the 500 error body itself: Starlette's own
    handler for that sits outside every middleware, so its answer would lack the trace id. A failure
    that says the database cannot serve right now (`app.server.store.db.unavailable`) is answered 503
    `server.unavailable` with `Retry-After` instead, and logged in one line: it is the database's
    state, not a bug, and a retry (the client's, with the same requestId) may well succeed.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        trace_id = uuid.uuid4().hex
        scope.setdefault("state", {})["trace_id"] = trace_id
        started = time.perf_counter()
        status = 0
        started_response = False
        headers = dict(scope.get("headers") or [])

        async def send_with_trace(message: Message) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                status = message["status"]
                started_response = True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-trace-id", trace_id.encode())]
            await send(message)

        declared = headers.get(b"content-length")
        too_large = declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge(self.max_body_bytes)
            return message

        try:
            if too_large:
                answer = self._error(ErrorCode.PAYLOAD_TOO_LARGE, trace_id, language_of(scope))
                await answer(scope, receive, send_with_trace)
            else:
                await self.app(scope, limited_receive, send_with_trace)
        except Exception as error:
            if started_response:
                log.exception("unhandled error, trace %s", trace_id)
                raise
            if unavailable(error):
                log.warning("the database is not available (%r), trace %s", error, trace_id)
                answer = self._error(ErrorCode.UNAVAILABLE, trace_id, language_of(scope))
            else:
                log.exception("unhandled error, trace %s", trace_id)
                answer = self._error(ErrorCode.INTERNAL, trace_id, language_of(scope))
            await answer(scope, receive, send_with_trace)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            # A health probe polls every few seconds (the desktop every 2 s, a load balancer as often):
            # its answers would bury every other line of the log; one that fails is still logged.
            quiet = scope["path"] == HEALTH_PATH and status == 200
            access_log.log(
                logging.DEBUG if quiet else logging.INFO,
                "%s %s %s %.1fms trace=%s",
                scope["method"],
                scope["path"],
                status,
                elapsed_ms,
                trace_id,
            )

    def _error(self, code: ErrorCode, trace_id: str, language: str) -> Response:
        args = [self.max_body_bytes] if code is ErrorCode.PAYLOAD_TOO_LARGE else []
        headers = {"Retry-After": str(UNAVAILABLE_RETRY_SECONDS)} if code is ErrorCode.UNAVAILABLE else {}
        return error_response(code, args, language=language, trace_id=trace_id, headers=headers)
