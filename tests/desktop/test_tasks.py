"""The desktop's task rules: an unexpected failure reaches the one handler (a paged list also shows
it), the latest request wins, and awaiting a signal counts an emission that came before the `await`."""

from __future__ import annotations

import asyncio
import logging
import sys
from types import TracebackType

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.client.errors import ConnectionFailed
from app.contract.base import Page
from app.desktop.application import log_unexpected
from app.desktop.awaiting import next_emission, run_dialog
from app.desktop.failures import Failure
from app.desktop.paged_model import PagedTableModel
from app.desktop.tasks import LatestRequest, async_slot, spawn
from tests.desktop.shell import run

Reported = list[BaseException]


@pytest.fixture
def reported(monkeypatch: pytest.MonkeyPatch) -> Reported:
    """What reaches `sys.excepthook` during the test (instead of pytest-qt's failing the test)."""
    seen: Reported = []

    def hook(_kind: type[BaseException], error: BaseException, _trace: TracebackType | None) -> None:
        seen.append(error)

    monkeypatch.setattr(sys, "excepthook", hook)
    return seen


class Sender(QObject):
    pinged = Signal(int)
    """For the tests: emits what it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.started: list[int] = []

    @async_slot
    async def fail_later(self, number: int) -> None:
        self.started.append(number)
        await asyncio.sleep(0)
        raise ValueError(f"bug {number}")


async def _fail() -> None:
    await asyncio.sleep(0)
    raise ValueError("a bug, not a ClientError")


def test_a_spawned_tasks_unexpected_failure_reaches_the_excepthook(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, reported: Reported
) -> None:
    task = spawn(_fail())
    qtbot.waitUntil(lambda: bool(reported))
    assert task.done()
    assert [str(error) for error in reported] == ["a bug, not a ClientError"]


def test_a_slot_started_by_a_signal_reports_its_failure_to_the_same_handler(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, reported: Reported
) -> None:
    sender = Sender()
    sender.pinged.connect(sender.fail_later)
    sender.pinged.emit(7)
    qtbot.waitUntil(lambda: bool(reported))
    assert sender.started == [7]
    assert [str(error) for error in reported] == ["bug 7"]


def test_a_paged_list_shows_why_a_page_failed_and_reports_only_a_bug(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, reported: Reported
) -> None:
    model = PagedTableModel(("Name",))
    failures: list[Failure] = []
    model.failed.connect(failures.append)

    async def unreachable(_page: int) -> Page[str]:
        raise ConnectionFailed("connection refused")

    model.reload(unreachable)
    qtbot.waitUntil(lambda: len(failures) == 1)
    assert failures[0].offline and reported == []

    async def buggy(_page: int) -> Page[str]:
        raise ValueError("a bug in the loader")

    model.reload(buggy)
    qtbot.waitUntil(lambda: len(failures) == 2 and bool(reported))
    # The pane says it in words (issue 10: never an exception's own text); the log gets the detail.
    assert "a bug in the loader" not in failures[1].message
    assert failures[1].message.startswith("Something went wrong in Switchboard.")
    assert failures[1].detail is not None and "a bug in the loader" in failures[1].detail
    assert [str(error) for error in reported] == ["a bug in the loader"]


def test_a_newer_request_cancels_the_older_and_cancelling_is_no_failure(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, reported: Reported
) -> None:
    answers: list[str] = []

    async def answer(text: str, delay: float) -> None:
        await asyncio.sleep(delay)
        answers.append(text)

    request = LatestRequest()
    older = request.run(answer("old question", 0.2))
    newer = request.run(answer("new question", 0.01))
    assert request.running
    qtbot.waitUntil(lambda: newer.done() and older.done())
    qtbot.wait(250)
    assert answers == ["new question"]
    assert older.cancelled() and not request.running
    assert reported == []


def test_awaiting_a_signal_counts_an_emission_before_the_await(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop
) -> None:
    sender = Sender()
    first = next_emission(sender.pinged)
    sender.pinged.emit(1)
    sender.pinged.emit(2)

    async def wait() -> tuple[object, ...]:
        return await first

    assert run(qtbot, loop, wait()) == (1,)


def test_awaiting_a_dialog_gives_its_result_code(qtbot: QtBot, loop: asyncio.AbstractEventLoop) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    answer = loop.create_task(run_dialog(dialog))
    qtbot.waitUntil(dialog.isVisible)
    dialog.accept()
    qtbot.waitUntil(answer.done)
    assert answer.result() == QDialog.DialogCode.Accepted


def test_the_app_logs_what_nobody_handled(caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise ValueError("unhandled in a slot")
    except ValueError as error:
        with caplog.at_level(logging.ERROR):
            log_unexpected(ValueError, error, error.__traceback__)
    assert caplog.records[-1].levelno == logging.ERROR
    assert caplog.records[-1].exc_info is not None
    assert "unhandled in a slot" in caplog.text
