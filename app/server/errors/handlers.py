"""The exception handlers: every error a request can end in (ours, validation, database, routing)
answered with the error body in the caller's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.contract.errors import ErrorCode
from app.server.errors import ApiError
from app.server.errors.language import language_of
from app.server.errors.response import error_response


def trace_id_of(request: Request) -> str:
    return str(request.scope.get("state", {}).get("trace_id", ""))


def _answer(
    request: Request,
    code: ErrorCode,
    args: Sequence[Any] = (),
    *,
    reference: str | None = None,
    status: int | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return error_response(
        code,
        args,
        language=language_of(request.scope),
        trace_id=trace_id_of(request),
        reference=reference,
        status=status,
        headers=headers,
    )


def allowed_methods(request: Request) -> str:
    """Every method the request's path answers (RFC 9110's `Allow` of a 405). Starlette's names only
    the first route of the path, and each method here is a route of its own."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods |= route.methods or set()
    return ", ".join(sorted(methods))


def reference_of(loc: Sequence[int | str]) -> str | None:
    """`("body", "preferences", 0, "channels", 1, "x")` -> `preferences[0].channels[1].x`."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or None


_JSON_INVALID = "the body is not valid JSON"


def _validation_summary(error: Mapping[str, Any]) -> str:
    if error.get("type") == "json_invalid":
        return _JSON_INVALID
    if error.get("type") == "extra_forbidden":
        return "unknown field"
    if error.get("type") == "missing":
        return "a required field is missing"
    return str(error.get("msg", "invalid value"))


_CHARACTER_NOT_IN_REPERTOIRE = "22021"
_NUL_IN_TEXT = "text must not contain the NUL character (U+0000)"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _answer(
            request, exc.code, exc.args_, reference=exc.reference, status=exc.status, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        reference = None if first.get("type") == "json_invalid" else reference_of(first.get("loc", ()))
        summary = _validation_summary(first)
        detail = f"{reference}: {summary}" if reference else summary
        return _answer(request, ErrorCode.INVALID, [detail], reference=reference)

    @app.exception_handler(DBAPIError)
    async def _database_error(request: Request, exc: DBAPIError) -> JSONResponse:
        # PostgreSQL keeps no NUL character in text (SQLSTATE 22021; SQLite does): a request that
        # carries one is invalid, not a fault of the server. Anything else is one.
        if getattr(exc.orig, "sqlstate", None) == _CHARACTER_NOT_IN_REPERTOIRE:
            return _answer(request, ErrorCode.INVALID, [_NUL_IN_TEXT])
        raise exc

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 404:
            return _answer(request, ErrorCode.NOT_FOUND, ["Path", request.url.path], headers=headers)
        if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
            # FastAPI's answer to a body that is not even text: it is as invalid as broken JSON.
            return _answer(request, ErrorCode.INVALID, [_JSON_INVALID], headers=headers)
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request) or headers.get("Allow", "")
            return _answer(request, ErrorCode.METHOD_NOT_ALLOWED, headers=headers)
        if exc.status_code == 401:
            return _answer(request, ErrorCode.UNAUTHENTICATED, headers=headers)
        if exc.status_code == 413:
            limit = int(exc.detail) if str(exc.detail).isdigit() else exc.detail
            return _answer(request, ErrorCode.PAYLOAD_TOO_LARGE, [limit], headers=headers)
        if exc.status_code >= 500:
            return _answer(request, ErrorCode.INTERNAL, headers=headers)
        return _answer(
            request, ErrorCode.NOT_ACCEPTABLE, [str(exc.detail)], status=exc.status_code, headers=headers
        )
