"""Async HTTP client of the Switchboard API: typed methods, errors, retries, paging, events."""

from app.client.client import SwitchboardClient
from app.client.customers import CustomerSearchPage
from app.client.errors import (
    ApiError,
    ClientError,
    Conflict,
    ConnectionFailed,
    DeadlineExceeded,
    Forbidden,
    Gone,
    InvalidResponse,
    NotFound,
    PayloadTooLarge,
    PreconditionFailed,
    RateLimited,
    ServerUnavailable,
    TooManyAttempts,
    Unauthorized,
    ValidationFailed,
)
from app.client.events import LiveEvent
from app.client.paging import follow_cursor, paginate
from app.client.retry import RetryPolicy
from app.client.threads import KEEP

__all__ = [
    "KEEP",
    "ApiError",
    "ClientError",
    "Conflict",
    "ConnectionFailed",
    "CustomerSearchPage",
    "DeadlineExceeded",
    "Forbidden",
    "Gone",
    "InvalidResponse",
    "LiveEvent",
    "NotFound",
    "PayloadTooLarge",
    "PreconditionFailed",
    "RateLimited",
    "RetryPolicy",
    "ServerUnavailable",
    "SwitchboardClient",
    "TooManyAttempts",
    "Unauthorized",
    "ValidationFailed",
    "follow_cursor",
    "paginate",
]
