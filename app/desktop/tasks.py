"""The desktop's asyncio tasks: started in one place, cancelled in one place, failures to one handler.

A view's coroutine handles the errors it expects (a `ClientError` becomes a message on screen).
Anything else is a bug and must not vanish with its task: it goes to `sys.excepthook`, the handler
that Qt's own slots and qasync's `asyncSlot` report to as well. The app logs there
(`application.log_unexpected`); pytest-qt fails the test.

`LatestRequest` is the latest-wins rule: a newer request for a view cancels the older, so no late
answer to an old question is shown.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec

import qasync
from PySide6.QtCore import SignalInstance

P = ParamSpec("P")


def report_failure(task: asyncio.Future[Any]) -> None:
    """A task's unexpected exception to `sys.excepthook` (its done-callback; cancelling is no failure)."""
    if task.cancelled():
        return
    error = task.exception()
    if error is not None:
        sys.excepthook(type(error), error, error.__traceback__)


def spawn(work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """Run `work` on the Qt event loop; an unexpected failure is reported, not lost."""
    task = asyncio.get_event_loop().create_task(work)
    task.add_done_callback(report_failure)
    return task


def async_slot(method: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, asyncio.Task[None]]:
    """qasync's `asyncSlot`, typed: a signal starts the coroutine as a task (which a direct call
    returns, to await or cancel), and an unexpected failure goes to `sys.excepthook`."""
    slot: Callable[P, asyncio.Task[None]] = qasync.asyncSlot()(method)
    return slot


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

    def cancel_on(self, *signals: SignalInstance) -> None:
        """Cancel the running request when any of these signals fires: a dialog finished, or its widget
        was destroyed (a late answer must not reach a widget that is gone)."""
        for signal in signals:
            signal.connect(lambda *_args: self.cancel())

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()
