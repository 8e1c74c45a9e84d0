"""Local drafts and staged changes: JSON files that survive a crash, a lost network and a restart."""

from __future__ import annotations

import asyncio
import json
import os
import re
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

Draft = dict[str, Any]
T = TypeVar("T")

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def composer_key(customer_id: int, thread_id: int | None) -> str:
    """The draft of a reply in one thread, or of the customer's next new thread."""
    return f"customer-{customer_id}-{'new' if thread_id is None else f'thread-{thread_id}'}"


def preferences_key(customer_id: int) -> str:
    """The staged preference changes of one customer."""
    return f"customer-{customer_id}-preferences"


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

    async def save(self, key: str, draft: Draft) -> None:
        await _in_worker(self._write, self._path(key), {**draft, "key": key})

    async def load(self, key: str) -> Draft | None:
        return await _in_worker(self._read, self._path(key))

    async def remove(self, key: str) -> None:
        await _in_worker(self._path(key).unlink, True)

    async def all(self) -> dict[str, Draft]:
        """Every stored draft by key (for resending what is pending after a restart)."""
        return await _in_worker(self._read_all)

    def _write(self, path: Path, draft: Draft) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".draft-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(draft, file, ensure_ascii=False)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @staticmethod
    def _read(path: Path) -> Draft | None:
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
            return None
        return value if isinstance(value, dict) else None

    def _read_all(self) -> dict[str, Draft]:
        drafts: dict[str, Draft] = {}
        if not self.directory.is_dir():
            return drafts
        for path in sorted(self.directory.glob("*.json")):
            draft = self._read(path)
            if draft is not None and isinstance(draft.get("key"), str):
                drafts[draft["key"]] = draft
        return drafts
