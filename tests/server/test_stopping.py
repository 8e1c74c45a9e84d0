"""A stopping server ends its event streams cleanly and at once (app.server.stopping).

Asked to stop (SIGTERM, or the stdin the desktop app holds closed), a server with event streams open
used to wait out uvicorn's graceful timeout, then cut each stream mid-answer (its client read an
incomplete chunked body) and log each as an ERROR with a traceback. Now every stream ends as a
complete answer, and the log holds neither the timeout nor the traceback; for one process and for
`--workers 2`, whose workers get the supervisor's SIGTERM.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import httpx
import pytest

from tests.live_server import LiveServer

STREAMS = 3
#: What uvicorn logs when it had to cancel what did not finish within its graceful timeout.
CUT_OFF = ("timeout graceful shutdown exceeded", "Exception in ASGI application")


@pytest.mark.parametrize(
    ("stop", "extra_args"),
    [("SIGTERM", ()), ("stdin closed", ()), ("SIGTERM", ("--workers", "2"))],
    ids=["sigterm", "stdin-closed", "sigterm-two-workers"],
)
def test_a_stopping_server_ends_its_event_streams_as_complete_answers(
    database: Path, tmp_path: Path, stop: str, extra_args: tuple[str, ...]
) -> None:
    log = tmp_path / "server.log"
    server = LiveServer(database, extra_args=("--log-level", "info", *extra_args), log=log)
    server.start()
    headers = server.headers()
    opened = threading.Barrier(STREAMS + 1, timeout=30)
    outcomes: list[str] = []

    def stream() -> None:
        try:
            with httpx.stream("GET", f"{server.url}/v1/events", headers=headers, timeout=30) as answer:
                lines = answer.iter_lines()
                next(lines)  # the first message (`id:`): the stream is open
                opened.wait()
                for _ in lines:
                    pass
            outcomes.append("complete")
        except httpx.HTTPError as error:
            outcomes.append(f"cut: {error!r}")

    readers = [threading.Thread(target=stream) for _ in range(STREAMS)]
    for reader in readers:
        reader.start()
    opened.wait()
    assert server.process is not None
    if stop == "SIGTERM":
        server.process.send_signal(signal.SIGTERM)
    else:
        assert server.process.stdin is not None
        server.process.stdin.close()
    server.process.wait(20)
    for reader in readers:
        reader.join(10)
    server.stop()

    assert outcomes == ["complete"] * STREAMS
    text = log.read_text()
    assert "Shutting down" in text  # the log is the one this server wrote, at info
    for line in CUT_OFF:
        assert line not in text
