"""`switchboard-server --workers N`: N server processes serving one listening socket.

uvicorn's supervisor starts the workers (spawned: each imports the app afresh), restarts one that
dies, and stops them all on SIGINT or SIGTERM. The supervisor itself serves nothing: before it starts
the workers, the command has migrated and seeded the database, so the workers find it ready. Each
worker gets the settings the command was given (pickled with the app factory), sends its log records
to the supervisor, which alone writes the log (a rotating file has one writer), and stops when the
supervisor is gone, so no worker outlives it.
"""

from __future__ import annotations

import functools
import logging
import logging.handlers
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.queues import Queue
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from app.server.app import create_app
from app.server.config import ServerSettings

#: How long a worker may take from its start to serving (it imports the app and runs its lifespan).
STARTUP_SECONDS = 60.0
#: How often a worker looks whether its supervisor is still there.
ORPHAN_CHECK_SECONDS = 1.0


def set_log_levels(level: str) -> None:
    """The root logger at `level` (debug, info, warning, error); below error the access log too."""
    logging.getLogger().setLevel(level.upper())
    if level != "error":
        # Each request's line carries the trace id its answer reports (X-Trace-Id), so a user's
        # error report can be found in the log.
        # At debug the health probe's polls too (see middleware.HEALTH_PATH).
        access_level = logging.DEBUG if level == "debug" else logging.INFO
        logging.getLogger("switchboard.server.access").setLevel(access_level)


class WorkerConfig(uvicorn.Config):
    """The configuration each worker is spawned with: the app, and the set-up of its logging."""

    def __init__(
        self,
        settings: ServerSettings,
        workers: int,
        server_log_level: str,
        log_queue: Queue[logging.LogRecord],
        **options: Any,
    ) -> None:
        # Set before uvicorn's __init__, which calls configure_logging.
        self.supervisor_pid = os.getpid()
        self.server_log_level = server_log_level
        self.log_queue = log_queue
        super().__init__(functools.partial(create_app, settings), factory=True, workers=workers, **options)

    def configure_logging(self) -> None:
        super().configure_logging()
        if os.getpid() != self.supervisor_pid:  # in a worker: log through the supervisor
            handler = logging.handlers.QueueHandler(self.log_queue)
            handler.setFormatter(logging.Formatter("%(message)s"))  # the supervisor's handlers format it
            logging.basicConfig(handlers=[handler])
            set_log_levels(self.server_log_level)

    def load(self) -> None:
        super().load()  # only a worker loads the app
        threading.Thread(target=self._stop_when_orphaned, name="supervisor-watch", daemon=True).start()

    def _stop_when_orphaned(self) -> None:
        """A supervisor killed outright (SIGKILL) cannot stop its workers: they stop themselves, as
        on SIGTERM (open requests get the graceful shutdown's time)."""
        while os.getppid() == self.supervisor_pid:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)


class Supervisor(Multiprocess):
    """uvicorn's supervisor, which calls `on_serving` once every worker of the first start serves."""

    def __init__(self, config: WorkerConfig, sockets: list[socket.socket], on_serving: Callable[[], None]):
        super().__init__(config, sockets)
        self._on_serving = on_serving
        self.served = False

    def init_processes(self) -> None:
        super().init_processes()
        if self._all_serving():
            self.served = True
            self._on_serving()

    def _all_serving(self) -> bool:
        """Waits until each worker serves; False as soon as one ended or a signal asks to stop."""
        deadline = time.monotonic() + STARTUP_SECONDS
        waiting = list(self.processes)
        while waiting and time.monotonic() < deadline:
            if self.signal_queue or self.should_exit.is_set() or not waiting[0].process.is_alive():
                return False
            if waiting[0].is_ready(timeout=0.5):
                waiting.pop(0)
            else:
                time.sleep(0.05)
        return not waiting


@contextmanager
def worker_log_queue() -> Iterator[Queue[logging.LogRecord]]:
    """A queue the workers log to; while open, its records go to this process's log handlers."""
    log_queue: Queue[logging.LogRecord] = multiprocessing.get_context("spawn").Queue()
    listener = logging.handlers.QueueListener(log_queue, *logging.getLogger().handlers)
    listener.start()
    try:
        yield log_queue
    finally:
        listener.stop()
        log_queue.close()
