"""API errors: the exception routes raise, localised messages, and the handlers that render the error body."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.contract.errors import ErrorBody, ErrorCode

#: Messages per error code and language; `{0}`, `{1}` are filled from the error's args.
MESSAGES: Mapping[ErrorCode, Mapping[str, str]] = {
    ErrorCode.UNAUTHENTICATED: {
        "en": "Sign-in required: the credentials are missing, wrong or expired.",
        "de": "Anmeldung erforderlich: Die Zugangsdaten fehlen, sind falsch oder abgelaufen.",
    },
    ErrorCode.FORBIDDEN: {
        "en": "You lack the permission {0} for this action.",
        "de": "Ihnen fehlt die Berechtigung {0} für diese Aktion.",
    },
    ErrorCode.NOT_FOUND: {
        "en": "{0} {1} was not found.",
        "de": "{0} {1} wurde nicht gefunden.",
    },
    ErrorCode.INVALID: {
        "en": "The request is invalid: {0}",
        "de": "Die Anfrage ist ungültig: {0}",
    },
    ErrorCode.ID_REUSED: {
        "en": "This requestId was already used for a different request.",
        "de": "Diese requestId wurde bereits für eine andere Anfrage verwendet.",
    },
    ErrorCode.THREAD_CLOSED: {
        "en": "The thread is closed; reopen it to add a message.",
        "de": "Der Vorgang ist geschlossen; öffnen Sie ihn wieder, um eine Nachricht hinzuzufügen.",
    },
    ErrorCode.OPTED_OUT: {
        "en": "The customer opted out of {0} by {1}; nothing was sent.",
        "de": "Der Kunde hat {0} über {1} abbestellt; es wurde nichts gesendet.",
    },
    ErrorCode.VERSION_CONFLICT: {
        "en": "The preferences were changed by someone else meanwhile; nothing was changed.",
        "de": "Die Einstellungen wurden inzwischen von jemand anderem geändert; nichts wurde geändert.",
    },
    ErrorCode.OTP_INVALID: {
        "en": "The code is wrong; {0} attempts left.",
        "de": "Der Code ist falsch; noch {0} Versuche.",
    },
    ErrorCode.OTP_EXPIRED: {
        "en": "The code has expired; send a new one.",
        "de": "Der Code ist abgelaufen; senden Sie einen neuen.",
    },
    ErrorCode.OTP_TOO_MANY_ATTEMPTS: {
        "en": "Too many wrong codes; send a new one.",
        "de": "Zu viele falsche Codes; senden Sie einen neuen.",
    },
    ErrorCode.RATE_LIMITED: {
        "en": "Too many requests; try again in {0} seconds.",
        "de": "Zu viele Anfragen; versuchen Sie es in {0} Sekunden erneut.",
    },
    ErrorCode.PAYLOAD_TOO_LARGE: {
        "en": "The request body is too large (at most {0} bytes).",
        "de": "Der Inhalt der Anfrage ist zu groß (höchstens {0} Bytes).",
    },
    ErrorCode.METHOD_NOT_ALLOWED: {
        "en": "This method is not allowed here.",
        "de": "Diese Methode ist hier nicht erlaubt.",
    },
    ErrorCode.NOT_ACCEPTABLE: {
        "en": "This request cannot be served: {0}",
        "de": "Diese Anfrage kann nicht bedient werden: {0}",
    },
    ErrorCode.REQUEST_NOT_PENDING: {
        "en": "The request was already decided.",
        "de": "Über die Anfrage wurde bereits entschieden.",
    },
    ErrorCode.OWN_REQUEST: {
        "en": "Nobody may decide their own request.",
        "de": "Niemand darf über die eigene Anfrage entscheiden.",
    },
    ErrorCode.INTERNAL: {
        "en": "An unexpected error occurred on the server.",
        "de": "Auf dem Server ist ein unerwarteter Fehler aufgetreten.",
    },
}

STATUS_OF: Mapping[ErrorCode, int] = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.INVALID: 422,
    ErrorCode.ID_REUSED: 409,
    ErrorCode.THREAD_CLOSED: 409,
    ErrorCode.OPTED_OUT: 409,
    ErrorCode.VERSION_CONFLICT: 412,
    ErrorCode.OTP_INVALID: 422,
    ErrorCode.OTP_EXPIRED: 410,
    ErrorCode.OTP_TOO_MANY_ATTEMPTS: 429,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.METHOD_NOT_ALLOWED: 405,
    ErrorCode.NOT_ACCEPTABLE: 400,
    ErrorCode.REQUEST_NOT_PENDING: 409,
    ErrorCode.OWN_REQUEST: 403,
    ErrorCode.INTERNAL: 500,
}

LANGUAGES = ("en", "de")


class ApiError(Exception):
    """An error answer: raise it anywhere in a request and the client gets the error body."""

    def __init__(
        self,
        code: ErrorCode,
        *args: Any,
        reference: str | None = None,
        headers: Mapping[str, str] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(code, *args)
        self.code = code
        self.args_ = list(args)
        self.reference = reference
        self.headers = dict(headers or {})
        self.status = status or STATUS_OF[code]


def not_found(resource: str, identifier: object) -> ApiError:
    return ApiError(ErrorCode.NOT_FOUND, resource, str(identifier))


def invalid(detail: str, reference: str | None = None) -> ApiError:
    return ApiError(ErrorCode.INVALID, detail, reference=reference)


def preferred_language(accept_language: str | None) -> str:
    """The best of our languages for an `Accept-Language` header; English when none fits."""
    if not accept_language:
        return "en"
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else "en"


def message_for(code: ErrorCode, args: Sequence[Any], language: str) -> str:
    template = MESSAGES[code].get(language) or MESSAGES[code]["en"]
    padded = [*map(str, args), "", "", ""]
    return template.format(*padded)


def trace_id_of(request: Request) -> str:
    return str(request.scope.get("state", {}).get("trace_id", ""))


def error_response(
    request: Request,
    code: ErrorCode,
    args: Sequence[Any] = (),
    *,
    reference: str | None = None,
    status: int | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    language = preferred_language(request.headers.get("accept-language"))
    body = ErrorBody(
        error_message=message_for(code, args, language),
        error_code=code,
        trace_id=trace_id_of(request),
        reference=reference,
        args=list(args),
    )
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=status or STATUS_OF[code],
        headers={**(headers or {}), "Content-Language": language},
    )


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
        return error_response(
            request, exc.code, exc.args_, reference=exc.reference, status=exc.status, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        reference = None if first.get("type") == "json_invalid" else reference_of(first.get("loc", ()))
        summary = _validation_summary(first)
        detail = f"{reference}: {summary}" if reference else summary
        return error_response(request, ErrorCode.INVALID, [detail], reference=reference)

    @app.exception_handler(DBAPIError)
    async def _database_error(request: Request, exc: DBAPIError) -> JSONResponse:
        # PostgreSQL keeps no NUL character in text (SQLSTATE 22021; SQLite does): a request that
        # carries one is invalid, not a fault of the server. Anything else is one.
        if getattr(exc.orig, "sqlstate", None) == _CHARACTER_NOT_IN_REPERTOIRE:
            return error_response(request, ErrorCode.INVALID, [_NUL_IN_TEXT])
        raise exc

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 404:
            return error_response(request, ErrorCode.NOT_FOUND, ["Path", request.url.path], headers=headers)
        if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
            # FastAPI's answer to a body that is not even text: it is as invalid as broken JSON.
            return error_response(request, ErrorCode.INVALID, [_JSON_INVALID], headers=headers)
        if exc.status_code == 405:
            return error_response(request, ErrorCode.METHOD_NOT_ALLOWED, headers=headers)
        if exc.status_code == 401:
            return error_response(request, ErrorCode.UNAUTHENTICATED, headers=headers)
        if exc.status_code == 413:
            limit = int(exc.detail) if str(exc.detail).isdigit() else exc.detail
            return error_response(request, ErrorCode.PAYLOAD_TOO_LARGE, [limit], headers=headers)
        if exc.status_code >= 500:
            return error_response(request, ErrorCode.INTERNAL, headers=headers)
        return error_response(
            request, ErrorCode.NOT_ACCEPTABLE, [str(exc.detail)], status=exc.status_code, headers=headers
        )
