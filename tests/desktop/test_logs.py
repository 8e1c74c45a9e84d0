"""The logs: the app's and the embedded server's rotating files in the user data directory, named in
Help > About, without a line for every 2 s health poll."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import httpx
import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.desktop.logs import (
    app_log_path,
    configure_logging,
    keep_small,
    log_folder,
    server_console_path,
    server_log_path,
)
from app.desktop.mainwindow import MainWindow
from app.desktop.session.config import data_dir
from app.desktop.session.embedded import DEMO_PASSWORD, EmbeddedServer, EmbeddedServerError
from app.logfile import LOG_BACKUPS, LOG_MAX_BYTES
from tests.desktop.shell import OFFSCREEN_NOISE, run

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def app_logging(tmp_path: Path) -> Iterator[list[logging.Handler]]:
    """The app's logging as `run_gui` sets it up, taken down again afterwards."""
    root = logging.getLogger()
    level = root.level
    handlers = configure_logging(tmp_path)
    yield handlers
    for handler in handlers:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    logging.getLogger("app").setLevel(logging.NOTSET)


def test_the_app_logs_to_a_rotating_file_in_the_user_data_directory(
    tmp_path: Path, app_logging: list[logging.Handler]
) -> None:
    [file_handler] = [h for h in app_logging if isinstance(h, RotatingFileHandler)]
    assert Path(file_handler.baseFilename) == app_log_path(tmp_path) == tmp_path / "logs" / "switchboard.log"
    assert (file_handler.maxBytes, file_handler.backupCount) == (LOG_MAX_BYTES, LOG_BACKUPS)
    assert LOG_MAX_BYTES <= 5_000_000 and LOG_BACKUPS >= 1

    logging.getLogger("app.desktop.session.controller").info("the embedded server was started again")
    logging.getLogger("app.desktop.events").debug("a probe answered")
    # httpx would write a line for every request, the health probe's every 2 s among them.
    logging.getLogger("httpx").info('HTTP Request: GET http://127.0.0.1:8700/healthz "HTTP/1.1 200 OK"')
    logging.getLogger("stamina").warning("stamina.retry_scheduled")
    file_handler.flush()
    text = app_log_path(tmp_path).read_text(encoding="utf-8")
    assert "INFO app.desktop.session.controller: the embedded server was started again" in text
    assert "a probe answered" not in text
    assert "/healthz" not in text and "retry_scheduled" not in text

    file_handler.maxBytes = 2_000  # rotation itself, without writing megabytes
    for line in range(100):
        logging.getLogger("app.desktop").warning("line %d of a long day", line)
    rotated = sorted(log_folder(tmp_path).glob("switchboard.log.*"))
    assert rotated and len(rotated) <= LOG_BACKUPS
    assert app_log_path(tmp_path).stat().st_size <= 2_000


def test_a_file_written_by_another_process_starts_over_when_large(tmp_path: Path) -> None:
    console = server_console_path(tmp_path)
    console.parent.mkdir(parents=True)
    console.write_bytes(b"x" * (LOG_MAX_BYTES + 1))
    keep_small(console)
    assert not console.exists()
    assert console.with_name("server-console.log.1").stat().st_size == LOG_MAX_BYTES + 1
    console.write_text("a short traceback\n")
    keep_small(console)
    assert console.read_text() == "a short traceback\n"


def test_the_embedded_server_logs_to_its_own_rotating_file_without_the_health_polls(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    embedded = EmbeddedServer(tmp_path)
    assert embedded.log_path == server_log_path(tmp_path) == tmp_path / "logs" / "server.log"
    command = embedded.command(0)
    assert command[command.index("--log-file") + 1] == str(embedded.log_path)
    embedded.start()
    try:
        url = run(qtbot, loop, embedded.wait_ready(), timeout=90_000)
        for _ in range(5):  # what the desktop's probe asks every 2 s
            assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200
        token = httpx.post(
            f"{url}/v1/auth/token", json={"username": "agent", "password": DEMO_PASSWORD}, timeout=10
        ).json()["accessToken"]
        answer = httpx.get(f"{url}/v1/customers/1", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        trace = answer.headers["X-Trace-Id"]

        def logged() -> bool:
            return embedded.log_path.exists() and trace in embedded.log_path.read_text(encoding="utf-8")

        qtbot.waitUntil(logged, timeout=10_000)
    finally:
        embedded.stop()
    text = embedded.log_path.read_text(encoding="utf-8")
    assert "GET /v1/customers/1 200" in text
    assert "/healthz" not in text
    assert not (tmp_path / "embedded-server.log").exists()


class FailsAtStart(EmbeddedServer):
    def command(self, port: int) -> list[str]:
        return [sys.executable, "-c", "import sys; sys.stderr.write('port taken\\n'); sys.exit(3)"]


def test_a_server_that_does_not_start_is_explained_by_what_this_start_wrote(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    embedded = FailsAtStart(tmp_path)
    embedded.console_path.parent.mkdir(parents=True)
    embedded.console_path.write_text("an old traceback of yesterday\n")
    embedded.log_path.write_text("INFO an old request of yesterday\n")
    embedded.start()
    with pytest.raises(EmbeddedServerError) as failed:
        run(qtbot, loop, embedded.wait_ready())
    assert str(failed.value) == "the embedded server did not start: port taken"
    assert not embedded.running


def test_help_about_names_the_log_files(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show_about()
    about = window.findChild(QMessageBox, "aboutDialog")
    assert about is not None and about.isVisible()
    text = about.informativeText()
    assert f"Log: {app_log_path(data_dir())}" in text
    assert f"Demo server log: {server_log_path(data_dir())}" in text
    about.close()
