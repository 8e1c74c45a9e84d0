"""The client's exceptions: one class per meaning of an error answer, plus network and deadline failures.

Everything the client raises on purpose derives from `ClientError`, so a caller never has to know
about httpx. An error answer of the server becomes an `ApiError` subclass picked by status (and, for
a few statuses, by the stable `errorCode`), carrying the fields of the error body.
"""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from pydantic import ValidationError

from app.contract.errors import ErrorBody, ErrorCode

__all__ = [
    "ApiError",
    "ClientError",
    "Conflict",
    "ConnectionFailed",
    "DeadlineExceeded",
    "Forbidden",
    "Gone",
    "InvalidResponse",
    "NotFound",
    "NotSent",
    "PayloadTooLarge",
    "PreconditionFailed",
    "RateLimited",
    "ServerUnavailable",
    "TooManyAttempts",
    "Unauthorized",
    "ValidationFailed",
    "error_from_response",
    "parse_retry_after",
    "translated_httpx_errors",
]


class ClientError(Exception):
    """Base of everything the Switchboard client raises."""


class ConnectionFailed(ClientError):
    """The server could not be reached, or the connection broke before an answer arrived."""


class DeadlineExceeded(ClientError):
    """The call's total deadline (all attempts and waits together) passed without an answer."""

    def __init__(self, deadline: float) -> None:
        super().__init__(f"no answer within the deadline of {deadline:g} s")
        self.deadline = deadline


class NotSent(ConnectionFailed):
    """The connection was never established, so the server cannot have seen the request."""


class InvalidResponse(ClientError):
    """An answer that is not what the contract promises: a success body that does not parse (e.g. a
    proxy's HTML page), an undecodable body, a redirect loop. `status` is None when none arrived."""

    def __init__(self, status: int | None, detail: str) -> None:
        super().__init__(
            f"unexpected answer (HTTP {status}): {detail}" if status else f"unexpected answer: {detail}"
        )
        self.status = status


class ApiError(ClientError):
    """An error answer of the server, with the fields of its error body."""

    def __init__(
        self,
        status: int,
        error_code: str,
        error_message: str,
        trace_id: str = "",
        reference: str | None = None,
        args: list[Any] | None = None,
    ) -> None:
        super().__init__(error_message)
        self.status = status
        self.error_code = error_code
        self.error_message = error_message
        self.trace_id = trace_id
        self.reference = reference
        # The body's `args` (e.g. [scope] of a 403) replace Exception.args, which Python keeps a tuple.
        self.args = tuple(args or ())

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickling would call cls(*self.args); rebuild from the fields instead.
        return (_rebuild, (type(self), self.args, self.__dict__))

    def __str__(self) -> str:
        where = f" [{self.reference}]" if self.reference else ""
        return f"{self.status} {self.error_code}{where}: {self.error_message}"

    @property
    def code(self) -> ErrorCode | None:
        """The error code as the enum, or None for a code this client does not know."""
        try:
            return ErrorCode(self.error_code)
        except ValueError:
            return None


class Unauthorized(ApiError):
    """401: no, wrong or expired credentials; sign in again."""


class Forbidden(ApiError):
    """403: the credentials lack a scope (args: [scope]), or the action is not allowed to this user."""


class NotFound(ApiError):
    """404: the resource does not exist in the caller's tenant (args: [type, id])."""


class Conflict(ApiError):
    """409: a reused requestId, a closed thread, an opted-out pair, a request already decided."""


class Gone(ApiError):
    """410: the resource expired, e.g. a one-time code (`otp.expired`)."""


class PreconditionFailed(ApiError):
    """412: `If-Match` names an older version; nothing was changed."""


class PayloadTooLarge(ApiError):
    """413: the request body is over the server's limit."""


class ValidationFailed(ApiError):
    """422: the request is invalid; `reference` names the offending field."""


class RateLimited(ApiError):
    """429: too many requests; `retry_after` seconds until the server accepts again (None if unsaid)."""

    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


class TooManyAttempts(RateLimited):
    """429 `otp.tooManyAttempts`: the code is used up; waiting does not help, send a new one."""


class ServerUnavailable(ApiError):
    """5xx: the server failed or is unavailable; reads and keyed writes were retried already."""

    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


def _rebuild(kind: type[ApiError], args: tuple[Any, ...], state: dict[str, Any]) -> ApiError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


_BY_STATUS: dict[int, type[ApiError]] = {
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    410: Gone,
    412: PreconditionFailed,
    413: PayloadTooLarge,
    422: ValidationFailed,
    429: RateLimited,
}


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a `Retry-After` header: delta-seconds or an HTTP date (RFC 9110, 10.2.3)."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def _error_body(response: httpx.Response) -> ErrorBody:
    try:
        return ErrorBody.model_validate_json(response.content)
    except ValidationError:
        # Not our error body (a proxy's page, a truncated answer): keep what can be shown.
        text = response.text.strip()[:200] or response.reason_phrase or "no details"
        return ErrorBody(
            error_message=text,
            error_code="",
            trace_id=response.headers.get("x-trace-id", ""),
        )


@contextmanager
def translated_httpx_errors(base_url: str) -> Iterator[None]:
    """Turns httpx's exceptions raised inside the block into the client's own."""
    try:
        yield
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise NotSent(f"cannot connect to {base_url}: {exc!r}") from exc
    except httpx.TransportError as exc:
        raise ConnectionFailed(f"connection to {base_url} failed: {exc!r}") from exc
    except httpx.RequestError as exc:  # undecodable body, too many redirects
        raise InvalidResponse(None, repr(exc)) from exc


def error_from_response(response: httpx.Response) -> ApiError:
    """The exception for an error answer, with the body's fields (or what a foreign body allows)."""
    body = _error_body(response)
    status = response.status_code
    fields: dict[str, Any] = {
        "status": status,
        "error_code": body.error_code,
        "error_message": body.error_message,
        "trace_id": body.trace_id or response.headers.get("x-trace-id", ""),
        "reference": body.reference,
        "args": body.args,
    }
    if status == 429:
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        kind = TooManyAttempts if body.error_code == ErrorCode.OTP_TOO_MANY_ATTEMPTS else RateLimited
        return kind(**fields, retry_after=retry_after)
    if status >= 500:
        return ServerUnavailable(**fields, retry_after=parse_retry_after(response.headers.get("retry-after")))
    return _BY_STATUS.get(status, ApiError)(**fields)
