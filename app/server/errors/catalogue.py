"""The catalogue of error messages: each error code's message, in English here and in every language the
server speaks in the gettext catalogues of `app.server.locale`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.contract.errors import ErrorCode
from app.server.locale import Translatable, translatable, translatable_plural

#: The message of each error code; `{0}`, `{1}` are filled from the error's args (api.md names them).
MESSAGES: Mapping[ErrorCode, Translatable] = {
    ErrorCode.UNAUTHENTICATED: translatable(
        "Sign-in required: the credentials are missing, wrong or expired."
    ),
    # Translators: {0} is the name of a permission (a scope such as CUSTOMER_WRITE), kept as it is.
    ErrorCode.FORBIDDEN: translatable("You lack the permission {0} for this action."),
    # Translators: {0} is the kind of thing (Customer, Thread, Path...), {1} its identifier.
    ErrorCode.NOT_FOUND: translatable("{0} {1} was not found."),
    # Translators: {0} says what is wrong, in English (the field's name and the validator's words).
    ErrorCode.INVALID: translatable("The request is invalid: {0}"),
    ErrorCode.ID_REUSED: translatable("This requestId was already used for a different request."),
    ErrorCode.THREAD_CLOSED: translatable("The thread is closed; reopen it to add a message."),
    # Translators: {0} is the message category (NEWSLETTER...), {1} the channel (EMAIL...).
    ErrorCode.OPTED_OUT: translatable("The customer opted out of {0} by {1}; nothing was sent."),
    ErrorCode.VERSION_CONFLICT: translatable(
        "The preferences were changed by someone else meanwhile; nothing was changed."
    ),
    # Translators: {0} is how many more codes may be tried.
    ErrorCode.OTP_INVALID: translatable_plural(
        "The code is wrong; {0} attempt left.", "The code is wrong; {0} attempts left."
    ),
    ErrorCode.OTP_EXPIRED: translatable("The code has expired; send a new one."),
    ErrorCode.OTP_TOO_MANY_ATTEMPTS: translatable("Too many wrong codes; send a new one."),
    # Translators: {0} is the number of seconds to wait.
    ErrorCode.RATE_LIMITED: translatable_plural(
        "Too many requests; try again in {0} second.", "Too many requests; try again in {0} seconds."
    ),
    # Translators: {0} is the number of minutes to wait (rounded up).
    ErrorCode.SIGN_IN_THROTTLED: translatable_plural(
        "Too many failed sign-ins; try again in {0} minute.",
        "Too many failed sign-ins; try again in {0} minutes.",
    ),
    # Translators: {0} is the largest body the server takes, in bytes.
    ErrorCode.PAYLOAD_TOO_LARGE: translatable_plural(
        "The request body is too large (at most {0} byte).",
        "The request body is too large (at most {0} bytes).",
    ),
    ErrorCode.METHOD_NOT_ALLOWED: translatable("This method is not allowed here."),
    # Translators: {0} says why, in English (the web framework's words).
    ErrorCode.NOT_ACCEPTABLE: translatable("This request cannot be served: {0}"),
    ErrorCode.OWN_DECISION: translatable(
        "You cannot decide your own request; another supervisor must decide it."
    ),
    ErrorCode.ALREADY_DECIDED: translatable("The request was already decided; nothing was changed."),
    ErrorCode.INTERNAL: translatable("An unexpected error occurred on the server."),
    ErrorCode.UNAVAILABLE: translatable(
        "The server's database is not available right now. Try again in a moment."
    ),
}


def message_for(code: ErrorCode, args: Sequence[Any], language: str) -> str:
    """The error's message in `language` (English when the server does not speak it)."""
    return MESSAGES[code].said_in(language, args)
