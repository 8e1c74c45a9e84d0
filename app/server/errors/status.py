"""The HTTP status each error code answers with, unless the raiser names another."""

from __future__ import annotations

from collections.abc import Mapping

from app.contract.errors import ErrorCode

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
    ErrorCode.SIGN_IN_THROTTLED: 429,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.METHOD_NOT_ALLOWED: 405,
    ErrorCode.NOT_ACCEPTABLE: 400,
    ErrorCode.OWN_DECISION: 403,
    ErrorCode.ALREADY_DECIDED: 409,
    ErrorCode.INTERNAL: 500,
    ErrorCode.UNAVAILABLE: 503,
}
