"""What went wrong, in the terms the pane shows: the server's message and trace id, or "offline"."""

from __future__ import annotations

from dataclasses import dataclass

from app.client.errors import ApiError, ClientError, ConnectionFailed, DeadlineExceeded, ServerUnavailable

OFFLINE_MESSAGE = "offline — will send when the server is back"


@dataclass(frozen=True)
class Failure:
    message: str
    trace_id: str | None = None
    #: The server could not be reached (or failed): worth trying again later with the same requestId.
    offline: bool = False
    error_code: str | None = None


def failure_of(error: ClientError) -> Failure:
    if isinstance(error, ConnectionFailed | DeadlineExceeded):
        return Failure("The server cannot be reached (offline).", offline=True)
    if isinstance(error, ServerUnavailable):
        return Failure(error.error_message, error.trace_id or None, offline=True, error_code=error.error_code)
    if isinstance(error, ApiError):
        return Failure(error.error_message, error.trace_id or None, error_code=error.error_code)
    return Failure(str(error))
