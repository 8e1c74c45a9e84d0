"""Where the desktop app and its embedded demo server log: rotating files in the user data directory.

The app writes `logs/switchboard.log`; the embedded server, a process of its own, writes
`logs/server.log` beside it (its `--log-file`), and what it prints before its logging is set up
(a crash at start) to `logs/server-console.log`. Help > About names them. Both rotate
(`app.logfile`), so an app left running all day never fills the disk.

Qt-free: the entry point starts the embedded server before Qt is imported.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path

from app.logfile import LOG_MAX_BYTES, rotating_log_handler

LOG_FOLDER = "logs"
#: Chatty at INFO or WARNING: httpx logs every request (the 2 s health probe's too), stamina every retry
#: (several a second while the server is away). The app logs what came of them.
QUIET_LOGGERS = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "stamina": logging.ERROR}


def log_folder(data_dir: Path) -> Path:
    return data_dir / LOG_FOLDER


def app_log_path(data_dir: Path) -> Path:
    """The desktop app's own log."""
    return log_folder(data_dir) / "switchboard.log"


def server_log_path(data_dir: Path) -> Path:
    """The embedded demo server's log."""
    return log_folder(data_dir) / "server.log"


def server_console_path(data_dir: Path) -> Path:
    """What the embedded server writes to standard error: tracebacks from before its logging runs."""
    return log_folder(data_dir) / "server-console.log"


def keep_small(path: Path) -> None:
    """A file appended to by another process (which cannot rotate it) starts over when it grew large,
    the old content kept once as `<name>.1`."""
    with contextlib.suppress(OSError):
        if path.stat().st_size > LOG_MAX_BYTES:
            path.replace(path.with_name(path.name + ".1"))


def configure_logging(data_dir: Path) -> list[logging.Handler]:
    """The app logs at INFO to its rotating file, and warnings to standard error as before; other
    libraries log their warnings. Returns the handlers it added to the root logger."""
    file_handler = rotating_log_handler(app_log_path(data_dir))
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.WARNING)
    root.addHandler(file_handler)
    root.addHandler(console)
    logging.getLogger("app").setLevel(logging.INFO)
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)
    logging.getLogger(__name__).info("Switchboard starts; log %s", app_log_path(data_dir))
    return [file_handler, console]
