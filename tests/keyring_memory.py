"""An in-memory keyring backend for tests, and a fixture that installs it for one test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

_Backend = TypeVar("_Backend", bound=KeyringBackend)


class MemoryKeyring(KeyringBackend):
    """A secure-looking keyring that keeps its entries in a dict, keyed by (service, username)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise PasswordDeleteError("no such password") from None


@contextmanager
def installed_keyring(backend: _Backend) -> Iterator[_Backend]:
    """Make ``backend`` the process-wide keyring, and put the previous one back afterwards."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A fresh MemoryKeyring installed as the keyring for one test."""
    backend = MemoryKeyring()
    with installed_keyring(backend):
        yield backend
