"""A stopping server ends its event streams at once, instead of after uvicorn's graceful timeout.

Asked to stop (SIGINT, SIGTERM), uvicorn stops accepting connections and waits for the open ones to
finish their answers, up to its graceful timeout, before it cancels them and logs each as an error.
An event stream never finishes by itself, and the app hears of the stop only after that wait. So
while the app runs, a stop signal also closes its `EventHub` (the streams end cleanly, their clients
resume with Last-Event-ID) before uvicorn's own handler runs.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from app.server.writes import EventHub

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def streams_end_on_stop(hub: EventHub) -> Iterator[None]:
    """While the block runs, SIGINT and SIGTERM close `hub` first, then run the handler that was
    there (uvicorn's). Only on the main thread, where signals are handled, and only over a handler
    of Python's: an app run by a test client has no signals to share."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    loop = asyncio.get_running_loop()
    earlier: dict[signal.Signals, Callable[[int, FrameType | None], Any]] = {}

    def stop(signum: int, frame: FrameType | None) -> None:
        loop.call_soon_threadsafe(hub.close)
        earlier[signal.Signals(signum)](signum, frame)

    for signum in STOP_SIGNALS:
        before = signal.getsignal(signum)
        if callable(before):
            earlier[signum] = before
            signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in earlier.items():
            if signal.getsignal(signum) is stop:
                signal.signal(signum, handler)
