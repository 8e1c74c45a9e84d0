"""A check the tests turn on (`SWITCHBOARD_CHECK_DOCUMENTED_STATUSES=1`): every answer's status, and an
error answer's `errorCode`, is one the OpenAPI document gives the operation the request reached.

An answer the document does not give is logged at ERROR (a line with `UNDOCUMENTED`, which the test
harness finds in a server's log) and kept for `undocumented_answers(app)` (which the in-process test
clients look at). The answer itself goes out unchanged.
"""

from __future__ import annotations

import json
import logging
import weakref
from collections.abc import Mapping

from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.server.openapi import documented_answers, operation_of

log = logging.getLogger("switchboard.server.documented")

#: What a log line of an undocumented answer begins with.
UNDOCUMENTED = "UNDOCUMENTED answer:"
#: More of an error body than this is not looked at (an error body is a few hundred bytes).
_ERROR_BODY_READ = 64 * 1024

_found: weakref.WeakKeyDictionary[Starlette, list[str]] = weakref.WeakKeyDictionary()


def undocumented_answers(app: Starlette) -> list[str]:
    """What `app` answered that its document does not give, as `GET /v1/x answered 418`, oldest first."""
    return list(_found.get(app, ()))


class DocumentedAnswerCheck:
    """ASGI middleware: compares each answer with its operation in the app's own OpenAPI document."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 0
        body = bytearray()

        async def checking_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if status < 400:  # checked at once: a success may be an endless stream (events)
                    _check(scope, status, None)
            elif message["type"] == "http.response.body" and status >= 400:
                if len(body) < _ERROR_BODY_READ:
                    body.extend(message.get("body", b""))
                if not message.get("more_body", False):
                    _check(scope, status, bytes(body))
            await send(message)

        await self.app(scope, receive, checking_send)


def _check(scope: Scope, status: int, error_body: bytes | None) -> None:
    operation = operation_of(scope)
    if operation is None:
        return
    answers = documented_answers(scope["app"], operation)
    if answers is None:
        return
    problem = _problem(answers, status, error_body)
    if problem is None:
        return
    what = f"{operation.method} {operation.path} answered {status}{problem}"
    _found.setdefault(scope["app"], []).append(what)
    log.error("%s %s (see /openapi.json)", UNDOCUMENTED, what)


def _problem(answers: Mapping[int, frozenset[str]], status: int, error_body: bytes | None) -> str | None:
    """What about the answer is undocumented: `""` (its status), ` with <code>`, or None (nothing)."""
    codes = answers.get(status)
    if codes is None:
        return ""
    if error_body is None:
        return None
    try:
        code = json.loads(error_body).get("errorCode")
    except (ValueError, AttributeError):
        return " without the error body"
    return None if code in codes else f" with {code}"
