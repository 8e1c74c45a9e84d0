"""Latest-wins requests: a newer request for a view cancels the older, so no late answer is shown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


def _report(task: asyncio.Task[None]) -> None:
    # A view's coroutine handles the errors it expects; anything else must not vanish silently.
    if not task.cancelled() and task.exception() is not None:
        log.error("customer pane task failed", exc_info=task.exception())


def spawn(work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """Run `work` on the Qt event loop, logging an unexpected failure."""
    task = asyncio.get_event_loop().create_task(work)
    task.add_done_callback(_report)
    return task


class LatestRequest:
    """Holds the one running request of a view; starting another cancels it first."""

    def __init__(self) -> None:
        self._task: asyncio.Task[None] | None = None

    def run(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        self.cancel()
        self._task = spawn(work)
        return self._task

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()
