"""Keep each server's token or API key in the OS keyring, or in memory only when no secure keyring exists.

One JSON value per server URL is stored under the service name ``switchboard``, with the normalised
server URL as the keyring username. A missing or insecure backend (``fail``, ``null``, a priority of
zero or less, the ``keyrings.alt`` file backends, or a chainer of only those) is never written to:
credentials then live in a dict of the store for this session, and ``insecure_reason`` says why.
Every keyring call runs in a worker thread, so the event loop never waits on a keyring prompt or D-Bus.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import field
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringError, PasswordDeleteError
from pydantic import TypeAdapter
from pydantic.dataclasses import dataclass

__all__ = ["Credential", "CredentialKind", "CredentialStore", "normalise_server_url"]

log = logging.getLogger(__name__)

_T = TypeVar("_T")

_SESSION_ONLY = "credentials are kept for this session only."
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Backends that keep secrets in a file on disk (plain or "encrypted" with a key kept nearby).
_FILE_BACKEND_MODULES = ("keyrings.alt.file", "keyrings.alt.pyfs", "keyrings.cryptfile")


class CredentialKind(StrEnum):
    """What the secret is: a session token from a login, or a long-lived API key."""

    TOKEN = "token"
    API_KEY = "api_key"


@dataclass(frozen=True)
class Credential:
    """A secret for one server, with the user it belongs to when known.

    Its JSON, ``{"kind": ..., "secret": ..., "username": ...}``, is the keyring entry's value and is
    never written anywhere else.
    """

    kind: CredentialKind
    secret: str = field(repr=False)
    username: str | None = None

    def to_json(self) -> str:
        return _STORED.dump_json(self).decode()

    @classmethod
    def from_json(cls, value: str) -> Credential:
        """Parse a stored value; ValueError (a pydantic ValidationError) when it is not one of ours."""
        return _STORED.validate_json(value)


#: The keyring entry's format: a pydantic dataclass keeps ``Credential(kind, secret, username)`` positional.
_STORED = TypeAdapter(Credential)


def normalise_server_url(server_url: str) -> str:
    """The key a server's credential is stored under.

    Scheme and host are lowercased, a default port, user info, fragment and trailing slashes are
    dropped, so ``HTTP://Example.org:80/`` and ``http://example.org`` name the same server.
    """
    parts = urlsplit(server_url.strip())
    scheme = parts.scheme.lower()
    host = parts.hostname  # already lowercased, without IPv6 brackets
    if not scheme or not host:
        raise ValueError(f"not an absolute server URL: {server_url!r}")
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), parts.query, ""))


def _backend_name(backend: KeyringBackend) -> str:
    backend_type = type(backend)
    return f"{backend_type.__module__}.{backend_type.__qualname__}"


def _why_insecure(backend: KeyringBackend) -> str | None:
    """Why this backend must not hold secrets, as the start of a sentence; None when it is secure."""
    name = _backend_name(backend)
    if isinstance(backend, fail.Keyring):
        return f"No secure keyring is available ({name})"
    if isinstance(backend, null.Keyring):
        return f"The keyring is disabled ({name})"
    if isinstance(backend, ChainerBackend):
        chained: list[KeyringBackend] = list(backend.backends)
        # The first chained backend is the one that receives every write.
        if not chained or _why_insecure(chained[0]) is not None:
            return f"No secure keyring is available ({name} chains none)"
        return None
    if type(backend).__module__.startswith(_FILE_BACKEND_MODULES):
        return f"The keyring ({name}) keeps secrets in a file"
    try:
        priority = float(backend.priority)
    except Exception as exc:  # a backend's priority raises when it cannot work here
        return f"The keyring ({name}) cannot be used here ({exc})"
    if priority <= 0:
        return f"The keyring ({name}) is not a secure store (priority {priority:g})"
    return None


class CredentialStore:
    """Saves, loads and deletes one credential per server URL.

    ``secure`` is False, and ``insecure_reason`` is a sentence for the user, while any credential is
    held in memory only: because the backend is missing or insecure, or because the keyring refused
    a save (locked, no backend). Such credentials are gone when the app quits; nothing is written to a file.
    """

    SERVICE = "switchboard"

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        """Use ``backend``, or the one keyring chose for this machine.

        Detecting the system keyring can touch D-Bus once; ``await CredentialStore.create()``
        does that in a worker thread.
        """
        self._backend = backend if backend is not None else keyring.get_keyring()
        why = _why_insecure(self._backend)
        self._backend_reason = None if why is None else f"{why}: {_SESSION_ONLY}"
        self._save_failure: str | None = None
        self._in_memory: dict[str, Credential] = {}
        # One keyring call at a time, in the order they were asked for (a save then a delete stays so).
        self._lock = asyncio.Lock()

    @classmethod
    async def create(cls, backend: KeyringBackend | None = None) -> CredentialStore:
        """A store built in a worker thread, for callers already on the event loop."""
        return await asyncio.to_thread(cls, backend)

    @property
    def backend(self) -> KeyringBackend:
        return self._backend

    @property
    def secure(self) -> bool:
        """True when the backend is a secure keyring and every saved credential is in it."""
        return self.insecure_reason is None

    @property
    def insecure_reason(self) -> str | None:
        """Why credentials are kept in memory only; None when they are all in a secure keyring."""
        if self._backend_reason is not None:
            return self._backend_reason
        return self._save_failure if self._in_memory else None

    async def save(self, server_url: str, credential: Credential) -> None:
        """Store ``credential`` for the server, replacing any earlier one."""
        key = normalise_server_url(server_url)
        if self._backend_reason is not None:
            self._in_memory[key] = credential
            return
        try:
            await self._call(self._backend.set_password, self.SERVICE, key, credential.to_json())
        except KeyringError as exc:
            log.warning("keyring refused to store the credential for %s: %s", key, type(exc).__name__)
            self._in_memory[key] = credential
            self._save_failure = (
                f"The keyring ({_backend_name(self._backend)}) could not store the credential "
                f"({type(exc).__name__}: {exc}): {_SESSION_ONLY}"
            )
        else:
            self._in_memory.pop(key, None)

    async def load(self, server_url: str) -> Credential | None:
        """The credential saved for the server, or None."""
        key = normalise_server_url(server_url)
        if key in self._in_memory or self._backend_reason is not None:
            return self._in_memory.get(key)
        try:
            value = await self._call(self._backend.get_password, self.SERVICE, key)
        except KeyringError as exc:
            log.warning("keyring could not read the credential for %s: %s", key, type(exc).__name__)
            return None
        if value is None:
            return None
        try:
            return Credential.from_json(value)
        except ValueError:
            log.warning("ignoring an unreadable keyring entry for %s", key)
            return None

    async def delete(self, server_url: str) -> None:
        """Forget the server's credential; nothing happens when there is none."""
        key = normalise_server_url(server_url)
        self._in_memory.pop(key, None)
        if self._backend_reason is not None:
            return
        try:
            await self._call(self._backend.delete_password, self.SERVICE, key)
        except PasswordDeleteError:
            pass  # keyring's way of saying there was no such entry
        except KeyringError as exc:
            log.warning("keyring could not delete the credential for %s: %s", key, type(exc).__name__)

    async def _call(self, method: Callable[..., _T], *args: str) -> _T:
        async with self._lock:
            return await asyncio.to_thread(method, *args)
