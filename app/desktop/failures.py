"""What went wrong, in the words the user is shown: the server's message and trace id, or "cannot be reached".

`failure_of` is the one translation of an exception into that text; every error pane of the app
(search, sign-in, the customer pane's notices) shows what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.client.errors import ApiError, ConnectionFailed, DeadlineExceeded, ServerUnavailable

OFFLINE_MESSAGE = "offline — will send when the server is back"


@dataclass(frozen=True)
class Failure:
    message: str
    trace_id: str | None = None
    #: The server could not be reached (or failed): worth trying again later with the same requestId.
    offline: bool = False
    error_code: str | None = None


def failure_of(error: BaseException) -> Failure:
    """The sentence to show for an error, the server's trace id if any, and whether to try again later."""
    if isinstance(error, ConnectionFailed | DeadlineExceeded):
        return Failure(f"The server cannot be reached. ({error})", offline=True)
    if isinstance(error, ApiError):
        return Failure(
            error.error_message or str(error),
            error.trace_id or None,
            offline=isinstance(error, ServerUnavailable),
            error_code=error.error_code,
        )
    return Failure(str(error) or type(error).__name__)
