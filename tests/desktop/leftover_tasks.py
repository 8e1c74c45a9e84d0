"""The asyncio tasks a desktop test left running: found, named, cancelled, and the test failed.

Whatever started a task (a pane, a session, the test itself) must stop it before the test ends, as
the app must before its client closes; a task cancelled silently here would hide that it did not.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

#: A task that is ending (cancelled, or writing its last draft) gets this long to end by itself.
ENDING_GRACE_S = 1.0


def describe(task: asyncio.Task[Any]) -> str:
    """The task's name, its coroutine, and where it waits: enough to find who started it."""
    coroutine = task.get_coro()
    name = getattr(coroutine, "__qualname__", repr(coroutine))
    frames = task.get_stack(limit=1)
    where = f" waiting at {frames[0].f_code.co_filename}:{frames[0].f_lineno}" if frames else ""
    return f"{task.get_name()} {name}{where}"


def settle(tasks: list[asyncio.Task[Any]], seconds: float) -> list[asyncio.Task[Any]]:
    """Let the Qt loop (and asyncio on it) run until these tasks are done or the time is up; those
    still running."""
    deadline = time.monotonic() + seconds
    while any(not task.done() for task in tasks) and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    return [task for task in tasks if not task.done()]


def fail_if_tasks_left(loop: asyncio.AbstractEventLoop, grace: float = ENDING_GRACE_S) -> None:
    """Fail the test, naming each task still running after `grace`; they are cancelled first, so
    that the next test starts without them."""
    left = settle([task for task in asyncio.all_tasks(loop) if not task.done()], grace)
    if not left:
        return
    names = [describe(task) for task in left]
    for task in left:
        task.cancel()
    settle(left, 3.0)
    pytest.fail("the test left asyncio tasks running:\n  " + "\n  ".join(names), pytrace=False)
