"""Helpers for the server tests: request ids, error-body checks, stored data, quick demo sign-ins."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.server.conftest import make_client, sign_in

ERROR_FIELDS = {"errorMessage", "errorCode", "traceId", "reference", "args"}


def rid() -> str:
    """A fresh requestId."""
    return str(uuid.uuid4())


def thread_body(**overrides: Any) -> dict[str, Any]:
    """A thread's first communication (Magicline's body), or one added to a thread, with a fresh requestId."""
    body: dict[str, Any] = {
        "communicationThreadStatus": "ONGOING",
        "subject": "Your membership",
        "content": "Hello, this is about your membership.",
        "communicationDirection": "OUTGOING",
        "communicationChannel": "EMAIL",
        "requestId": rid(),
    }
    body.update(overrides)
    return body


def assert_error(answer: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The answer is the documented error body with this status and code; returns the body."""
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == ERROR_FIELDS, body
    assert body["errorCode"] == code, body
    assert body["errorMessage"]
    assert isinstance(body["args"], list)
    assert body["traceId"] == answer.headers["X-Trace-Id"]
    return body


def rows(database: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """What the server stored, read straight from its SQLite file."""
    with sqlite3.connect(database) as connection:
        return connection.execute(sql, params).fetchall()


DEMO_USERS = ("agent", "agent2", "supervisor", "admin", "other-agent")


@pytest.fixture(scope="session")
def demo_sessions(demo_database: Path) -> dict[str, dict[str, str]]:
    """Every demo user signed in once, through the real endpoint, in the template database.

    Each test's database is a copy of the template, so the tokens hold there too; a sign-in
    (argon2, slow on purpose) per user and test would cost most of the suite's time.
    """
    with make_client(demo_database) as client:
        return {username: sign_in(client, username) for username in DEMO_USERS}


@pytest.fixture
def login(demo_sessions: dict[str, dict[str, str]]) -> Callable[[str], dict[str, str]]:
    """`login("supervisor")` -> the Authorization header of that demo user (as conftest's, but quicker)."""

    def headers(username: str = "agent") -> dict[str, str]:
        return demo_sessions[username]

    return headers
