"""The error body every non-2xx answer carries, and the stable error codes."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from app.contract.base import ApiModel


class ErrorCode(StrEnum):
    UNAUTHENTICATED = "auth.unauthenticated"
    FORBIDDEN = "auth.forbidden"
    NOT_FOUND = "resource.notFound"
    INVALID = "request.invalid"
    ID_REUSED = "request.idReused"
    THREAD_CLOSED = "thread.closed"
    OPTED_OUT = "communication.optedOut"
    VERSION_CONFLICT = "preferences.versionConflict"
    OTP_INVALID = "otp.invalid"
    OTP_EXPIRED = "otp.expired"
    OTP_TOO_MANY_ATTEMPTS = "otp.tooManyAttempts"
    RATE_LIMITED = "rate.limited"
    #: Too many failed sign-ins for the username or from the address (429, with `Retry-After`).
    SIGN_IN_THROTTLED = "auth.throttled"
    PAYLOAD_TOO_LARGE = "request.tooLarge"
    METHOD_NOT_ALLOWED = "request.methodNotAllowed"
    NOT_ACCEPTABLE = "request.notAcceptable"
    #: Deciding one's own change or goodwill request (403): requests need a second person.
    OWN_DECISION = "request.ownDecision"
    #: Deciding a request that is no longer PENDING (409).
    ALREADY_DECIDED = "request.alreadyDecided"
    INTERNAL = "server.internal"
    #: The server's database cannot serve right now (503 with Retry-After); a retry may succeed.
    UNAVAILABLE = "server.unavailable"


class ErrorBody(ApiModel):
    """`{"errorMessage", "errorCode", "traceId", "reference", "args"}` of every error answer."""

    error_message: str
    error_code: str
    trace_id: str
    reference: str | None = None
    args: list[Any] = []
