"""Local drafts and staged changes: JSON files that survive a crash, a lost network and a restart."""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Self, TypeVar

from pydantic import ConfigDict, ValidationError

from app.contract.base import ApiModel

T = TypeVar("T")

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def composer_key(customer_id: int, thread_id: int | None) -> str:
    """The draft of a reply in one thread, or of the customer's next new thread."""
    return f"customer-{customer_id}-{'new' if thread_id is None else f'thread-{thread_id}'}"


def preferences_key(customer_id: int) -> str:
    """The staged preference changes of one customer."""
    return f"customer-{customer_id}-preferences"


class StoredDraft(ApiModel):
    """What every draft file holds: the key it is stored under, and whether it is being sent.

    Each kind of draft extends this with its own fields and a `kind` tag, camelCase on disk as in
    the API. A field this version does not know is ignored; a file that is not valid JSON of the
    kind asked for is no draft at all.
    """

    model_config = ConfigDict(frozen=True)

    key: str | None = None
    """Written by the store with the draft; a file without one is not listed by `DraftStore.all`."""
    request_id: uuid.UUID | None = None
    """Made on the first send and kept until the server answers, so a resend is replayed, not repeated."""
    pending: bool = False
    """Sent, with no answer yet: it goes again (same requestId) when the server is back."""

    def sending(self) -> Self:
        """The draft as it goes out: pending, with its requestId (generated on the first send only)."""
        return self.model_copy(update={"request_id": self.request_id or uuid.uuid4(), "pending": True})

    def unsent(self) -> Self:
        """Refused or outdated: kept for the agent to edit, and a new attempt is a new request."""
        return self.model_copy(update={"request_id": None, "pending": False})


D = TypeVar("D", bound=StoredDraft)

#: One worker thread for every draft file: operations run in the order they were asked for, so a
#: debounced save that was asked for before a confirmed send's removal can never resurrect the draft.
#: A Python thread rather than asyncio.to_thread: under qasync that runs on QThreads, which abort the
#: process at exit (Qt 6) unless the loop is closed first, as a test session's loop never is.
_FILES = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drafts")


async def _in_worker(call: Callable[..., T], *args: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(_FILES, call, *args)


class DraftStore:
    """One JSON file per draft under `directory`, each replaced atomically.

    Every method does its file I/O in a worker thread, so typing never waits on the disk. A write
    goes to a temporary file that is flushed and renamed over the old one: after a crash the file
    holds either the previous or the new draft, never half of one.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / f"{_UNSAFE.sub('_', key)}.json"

    async def save(self, key: str, draft: StoredDraft) -> None:
        await _in_worker(self._write, self._path(key), draft.model_copy(update={"key": key}))

    async def load(self, key: str, kind: type[D]) -> D | None:
        """The draft stored under `key`; None when there is none, or none of that kind that can be read."""
        return await _in_worker(self._read, self._path(key), kind)

    async def remove(self, key: str) -> None:
        await _in_worker(self._path(key).unlink, True)

    async def all(self, kind: type[D]) -> dict[str, D]:
        """Every stored draft of that kind by key (for resending what is pending after a restart)."""
        return await _in_worker(self._read_all, kind)

    def _write(self, path: Path, draft: StoredDraft) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".draft-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(draft.model_dump_json())
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @staticmethod
    def _read(path: Path, kind: type[D]) -> D | None:
        try:
            return kind.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            return None
        except ValidationError:
            # Not JSON, not UTF-8, not an object, or another kind of draft: passed over, as if absent.
            return None

    def _read_all(self, kind: type[D]) -> dict[str, D]:
        drafts: dict[str, D] = {}
        if not self.directory.is_dir():
            return drafts
        for path in sorted(self.directory.glob("*.json")):
            draft = self._read(path, kind)
            if draft is not None and draft.key is not None:
                drafts[draft.key] = draft
        return drafts
