"""Desktop tests: one asyncio loop on the Qt event loop (qasync) for the session, as in the app.

A test that leaves an asyncio task running fails, naming the task (`leftover_tasks`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import qasync
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.desktop.translation import catalogue_path
from tests.desktop.leftover_tasks import fail_if_tasks_left


@pytest.fixture(scope="package")
def _session_loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """One asyncio loop on the Qt event loop for the desktop tests, as in the app.

    `already_running=True` makes it the running loop of the main thread; afterwards it is taken
    down again, so that later tests may use `asyncio.run`. Its default executor is a plain thread
    pool, shut down here: qasync's own runs QThreads, which abort the process at exit when alive.
    """
    loop = qasync.QEventLoop(qapp, already_running=True)
    executor = ThreadPoolExecutor(thread_name_prefix="test-loop")
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    yield loop
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    deadline = time.monotonic() + 3
    while not all(t.done() for t in pending) and time.monotonic() < deadline:
        qapp.processEvents()
    executor.shutdown(wait=True)
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)


@pytest.fixture(scope="package", autouse=True)
def _english_plurals(qapp: QApplication) -> Iterator[None]:
    """The app's English catalogue, as the app installs it when it starts in English: it holds the
    English plural forms ("1 attempt left", "2 attempts left") of the numerus texts."""
    translator = QTranslator(qapp)
    assert translator.load(str(catalogue_path("en")))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


@pytest.fixture
def loop(_session_loop: asyncio.AbstractEventLoop, qtbot: QtBot) -> Iterator[asyncio.AbstractEventLoop]:
    """The loop for one test. A task the test leaves running fails it, by name, and is cancelled then
    (so that the next test starts without it)."""
    yield _session_loop
    fail_if_tasks_left(_session_loop)
