"""ASGI middleware: a trace id on every request (header and log line) and a cap on body size."""

from __future__ import annotations

import json
import logging
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.contract.errors import ErrorCode
from app.server.errors import message_for, preferred_language

access_log = logging.getLogger("switchboard.server.access")

MAX_BODY_BYTES = 1024 * 1024


class _BodyTooLarge(Exception):
    pass


class TraceAndLimitMiddleware:
    """Gives each request a trace id (`X-Trace-Id`, log line) and refuses bodies over 1 MiB with 413."""

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
        headers = dict(scope.get("headers") or [])
        language = preferred_language(headers.get(b"accept-language", b"").decode("latin-1"))

        async def send_with_trace(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
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
                    raise _BodyTooLarge
            return message

        try:
            if too_large:
                raise _BodyTooLarge
            await self.app(scope, limited_receive, send_with_trace)
        except _BodyTooLarge:
            await self._refuse(send_with_trace, trace_id, language)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            access_log.info(
                "%s %s %s %.1fms trace=%s", scope["method"], scope["path"], status, elapsed_ms, trace_id
            )

    async def _refuse(self, send: Send, trace_id: str, language: str) -> None:
        args = [self.max_body_bytes]
        body = json.dumps(
            {
                "errorMessage": message_for(ErrorCode.PAYLOAD_TOO_LARGE, args, language),
                "errorCode": ErrorCode.PAYLOAD_TOO_LARGE.value,
                "traceId": trace_id,
                "reference": None,
                "args": args,
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
