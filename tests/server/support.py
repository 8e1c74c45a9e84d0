"""Small helpers for the server tests: request ids, error-body checks, reading the stored data."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import httpx

ERROR_FIELDS = {"errorMessage", "errorCode", "traceId", "reference", "args"}


def rid() -> str:
    """A fresh requestId."""
    return str(uuid.uuid4())


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
