"""What went wrong, in the words the user is shown: the server's message and trace id, or "cannot be reached".

`failure_of` is the one translation of an exception into that text; every error pane of the app
(search, sign-in, the customer pane's notices) shows what it returns. What an exception says of
itself (`cannot connect to http://127.0.0.1:8700: ConnectError('All connection attempts failed')`,
a Python error's message) is never shown: it is the failure's `detail`, which goes to the log.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QObject

from app.client.errors import (
    ApiError,
    ConnectionFailed,
    DeadlineExceeded,
    InvalidResponse,
    NotSent,
    RateLimited,
    ServerUnavailable,
)
from app.contract.errors import ErrorCode

CONTEXT = "Failures"
#: Marked here, translated where it is shown (offline_message()).
OFFLINE_MESSAGE = str(QT_TRANSLATE_NOOP("Failures", "offline — will send when the server is back"))


@dataclass(frozen=True)
class Failure:
    message: str
    trace_id: str | None = None
    #: The server could not be reached (or failed): worth trying again later with the same requestId.
    offline: bool = False
    error_code: str | None = None
    #: What the exception said of itself, for the log and support; never shown in a pane.
    detail: str | None = field(default=None, compare=False)


def offline_message() -> str:
    """What a pane says of something kept to be sent when the server is back, in the app's language."""
    return QCoreApplication.translate(CONTEXT, OFFLINE_MESSAGE)


def failure_of(error: BaseException) -> Failure:
    """The sentence to show for an error, the server's trace id if any, and whether to try again later."""
    detail = f"{type(error).__name__}: {error}"
    if isinstance(error, DeadlineExceeded):
        seconds = QLocale().toString(float(error.deadline), "g", 6)
        message = (
            QCoreApplication.translate(
                "Failures", "The server cannot be reached. It did not answer within %s s."
            )
            % seconds
        )
        return Failure(message, offline=True, detail=detail)
    if isinstance(error, NotSent):
        message = QCoreApplication.translate(
            "Failures", "The server cannot be reached. No connection to it could be made."
        )
        return Failure(message, offline=True, detail=detail)
    if isinstance(error, ConnectionFailed):
        message = QCoreApplication.translate(
            "Failures", "The server cannot be reached. The connection to it broke off."
        )
        return Failure(message, offline=True, detail=detail)
    if isinstance(error, ApiError):
        wait = sign_in_wait(error)
        if wait is not None:
            # In the app's language, as the dialog counts it down (the server's says the same).
            message = sign_in_wait_message(wait)
        elif error.error_code:
            message = error.error_message or str(error)
        else:
            # The body was not the server's error body (a proxy's page, say): not words for people.
            message = (
                QCoreApplication.translate("Failures", "The server answered with an error (HTTP %s).")
                % error.status
            )
        return Failure(
            message,
            error.trace_id or None,
            offline=isinstance(error, ServerUnavailable),
            error_code=error.error_code,
            detail=detail,
        )
    if isinstance(error, InvalidResponse):
        message = QCoreApplication.translate(
            "Failures",
            "The server's answer could not be read. Try again; if that keeps happening, tell support.",
        )
        return Failure(message, detail=detail)
    # A bug of the app: the pane says so in words; the pane that shows it logs the detail.
    message = QCoreApplication.translate(
        "Failures", "Something went wrong in Switchboard. Try again; the details are in the log."
    )
    return Failure(message, detail=detail)


class FailurePlurals(QObject):
    """The failure texts that count something (lupdate finds plural forms only in a tr() of a class)."""

    def sign_in_wait(self, seconds: float) -> str:
        left = max(1, math.ceil(seconds))
        if left < 60:
            return self.tr("Too many failed sign-ins. Try again in %Ln second(s).", "", left)
        return self.tr("Too many failed sign-ins. Try again in %Ln minute(s).", "", math.ceil(left / 60))


def sign_in_wait_message(seconds: float) -> str:
    """What the sign-in dialog says while the server refuses sign-ins (429 `auth.throttled`): the wait
    in whole minutes, rounded up, or in seconds when less than a minute is left."""
    return FailurePlurals().sign_in_wait(seconds)


def sign_in_wait(error: BaseException) -> float | None:
    """The seconds the server refuses sign-ins after too many failed ones, if that is what `error` says."""
    if isinstance(error, RateLimited) and error.error_code == ErrorCode.SIGN_IN_THROTTLED:
        return error.retry_after
    return None
