"""Log files that rotate: the one set-up of the desktop's and the server's log files.

A log that only grows fills the disk of a machine that runs all day, so each file is kept under
`LOG_MAX_BYTES` and the `LOG_BACKUPS` files before it are kept beside it (`server.log.1`, ...).
Each process writes its own file: two processes rotating one file would rename it under each other.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_MAX_BYTES = 2_000_000
LOG_BACKUPS = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def rotating_log_handler(path: Path) -> RotatingFileHandler:
    """A handler writing `path` (its folder made if need be), rotated at `LOG_MAX_BYTES`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    return handler
