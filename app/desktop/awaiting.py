"""Awaiting Qt from asyncio: the next emission of a signal, and the end of a dialog.

With qasync the Qt event loop is asyncio's, so a coroutine can wait for the user (a dialog opened
with `open()`, never the nested loop of `exec()`) or for a view to finish loading.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QDialog


def next_emission(signal: SignalInstance) -> asyncio.Future[tuple[Any, ...]]:
    """A future of the arguments of the signal's next emission.

    It is connected at once, so an emission between this call and the `await` counts: ask for it
    before starting what emits.
    """
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_event_loop().create_future()

    def emitted(*args: Any) -> None:
        if not future.done():
            future.set_result(args)

    def settled(_future: asyncio.Future[tuple[Any, ...]]) -> None:
        # Deleted with its sender already (RuntimeError): nothing is left to disconnect.
        with contextlib.suppress(RuntimeError):
            signal.disconnect(emitted)

    signal.connect(emitted)
    future.add_done_callback(settled)
    return future


async def run_dialog(dialog: QDialog) -> int:
    """Open the dialog (window-modal, the loop keeps running) and wait until it is closed: its result code."""
    finished = next_emission(dialog.finished)
    dialog.open()
    (code,) = await finished
    return int(code)
