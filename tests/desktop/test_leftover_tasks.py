"""A desktop test that leaves an asyncio task running fails, naming the task, and the task is stopped."""

from __future__ import annotations

import asyncio

import pytest

from tests.desktop.leftover_tasks import fail_if_tasks_left


async def wait_for_ever() -> None:
    await asyncio.sleep(3600)


async def end_soon() -> None:
    await asyncio.sleep(0.05)


def test_a_task_left_running_fails_the_test_by_name_and_is_cancelled(loop: asyncio.AbstractEventLoop) -> None:
    forgotten = loop.create_task(wait_for_ever(), name="forgotten-refresh")
    with pytest.raises(pytest.fail.Exception) as failed:
        fail_if_tasks_left(loop, grace=0.1)
    message = str(failed.value)
    assert "forgotten-refresh wait_for_ever waiting at" in message
    assert "test_leftover_tasks.py" in message
    assert forgotten.cancelled()


def test_a_task_that_ends_within_the_grace_is_no_leak(loop: asyncio.AbstractEventLoop) -> None:
    ending = loop.create_task(end_soon())
    fail_if_tasks_left(loop, grace=2.0)
    assert ending.done() and not ending.cancelled()
