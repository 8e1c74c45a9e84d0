"""Where the app keeps its things, and which server URLs it accepts.

Persistent settings live in QSettings (window layout, last server); secrets never do: they go
to the OS keyring through `app.credentials`.
"""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from platformdirs import user_data_dir
from PySide6.QtCore import QCoreApplication, QSettings

ORGANISATION = "Switchboard"
APPLICATION = "switchboard"
SERVER_URL_KEY = "server/url"


class InsecureServerError(ValueError):
    """A plain http:// URL to a host other than this machine, without --allow-insecure."""


def data_dir() -> Path:
    """The user data directory: the embedded demo database, local drafts, logs."""
    return Path(user_data_dir(APPLICATION, appauthor=False))


def settings() -> QSettings:
    """The app's QSettings (per user, native format)."""
    return QSettings(ORGANISATION, APPLICATION)


Choice = TypeVar("Choice", bound=StrEnum)


def saved_choice(key: str, default: Choice) -> Choice:
    """A choice the user made (an appearance, a language), kept under `key` as its enum value;
    `default` until one is made, or when what is kept is none of the enum's values."""
    value = settings().value(key, default.value)
    try:
        return type(default)(str(value))
    except ValueError:
        return default


def save_choice(key: str, choice: StrEnum) -> None:
    store = settings()
    store.setValue(key, choice.value)
    store.sync()


def configured_server_url() -> str | None:
    """The server chosen in Settings, or None for the embedded demo server."""
    value = settings().value(SERVER_URL_KEY, "")
    return str(value).strip() or None


def store_server_url(url: str | None) -> None:
    """Remember the server chosen in Settings; None goes back to the embedded demo server."""
    store = settings()
    if url:
        store.setValue(SERVER_URL_KEY, url)
    else:
        store.remove(SERVER_URL_KEY)
    store.sync()


def is_loopback(host: str) -> bool:
    """True for names and addresses of this machine, which traffic never leaves."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_server_url(url: str, *, allow_insecure: bool = False) -> str:
    """The URL without a trailing slash, or ValueError saying why it cannot be used.

    Plain http:// would send passwords, tokens and customer data unencrypted, so it is accepted
    only to this machine, or when the user explicitly allowed it with --allow-insecure.
    """
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            QCoreApplication.translate(
                "Settings", "Not a server address: {url} (expected https://host[:port])"
            ).format(url=repr(url))
        )
    if parts.scheme == "http" and not allow_insecure and not is_loopback(parts.hostname):
        raise InsecureServerError(
            QCoreApplication.translate(
                "Settings",
                "Refusing plain http:// to {host}: passwords and customer data would travel "
                "unencrypted. Use https://, or start with --allow-insecure if you accept that risk.",
            ).format(host=parts.hostname)
        )
    return text.rstrip("/")
