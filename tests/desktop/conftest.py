"""Desktop tests: one asyncio loop on the Qt event loop (qasync) for the session, as in the app."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot


@pytest.fixture(scope="session")
def _session_loop(qapp: QApplication) -> asyncio.AbstractEventLoop:
    """One asyncio loop on the Qt event loop for the whole session, as in the app."""
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    return loop


@pytest.fixture
def loop(_session_loop: asyncio.AbstractEventLoop, qtbot: QtBot) -> Iterator[asyncio.AbstractEventLoop]:
    """The loop for one test; tasks the test leaves behind are cancelled and awaited."""
    yield _session_loop
    pending = [t for t in asyncio.all_tasks(_session_loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        qtbot.waitUntil(lambda: all(t.done() for t in pending), timeout=3000)
