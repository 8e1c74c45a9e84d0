"""The catalogue of error messages: each error code's text in every language the server speaks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.contract.errors import ErrorCode

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
    ErrorCode.OWN_DECISION: {
        "en": "You cannot decide your own request; another supervisor must decide it.",
        "de": "Sie können nicht über Ihre eigene Anfrage entscheiden; das muss eine andere Person tun.",
    },
    ErrorCode.ALREADY_DECIDED: {
        "en": "The request was already decided; nothing was changed.",
        "de": "Über die Anfrage wurde bereits entschieden; nichts wurde geändert.",
    },
    ErrorCode.INTERNAL: {
        "en": "An unexpected error occurred on the server.",
        "de": "Auf dem Server ist ein unerwarteter Fehler aufgetreten.",
    },
}


def message_for(code: ErrorCode, args: Sequence[Any], language: str) -> str:
    template = MESSAGES[code].get(language) or MESSAGES[code]["en"]
    padded = [*map(str, args), "", "", ""]
    return template.format(*padded)
