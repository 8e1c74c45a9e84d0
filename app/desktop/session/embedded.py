"""The embedded default: the demo server as a child process that can never outlive the app.

The child runs with `--exit-on-stdin-close` and a pipe as its stdin. Only this process holds the
pipe's write end, so when the app ends in any way (quit, crash, `kill -9`) the kernel closes it,
the child reads end-of-file and stops: no orphan is ever left behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import time
from pathlib import Path

LISTENING = "Switchboard server listening on "
DEMO_DATABASE = "demo.db"
#: The demo server's users (api.md, "Demo data"), each with the published demo password.
DEMO_USERS = ("agent", "agent2", "supervisor", "admin", "other-agent")
#: Who signs in on the embedded server unless `--user` names another demo user.
DEMO_AGENT = "agent"
DEMO_PASSWORD = "demo"  # published with the demo data, not a secret


class EmbeddedServerError(RuntimeError):
    """The embedded server did not start; the message quotes the end of its log."""


class EmbeddedServer:
    """`switchboard-server --demo --port 0` on the demo database in the user data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.database = data_dir / DEMO_DATABASE
        self.log_path = data_dir / "embedded-server.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._url: str | None = None
        #: time.perf_counter() when the child said it listens (for the start-up benchmark).
        self.ready_at: float | None = None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def url(self) -> str | None:
        """The server's base URL once its listening line has been read."""
        return self._url

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def reset(self) -> None:
        """Delete the demo database (and its WAL files) so the next start seeds it afresh."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.database}{suffix}").unlink()

    def start(self) -> None:
        """Spawn the child and return at once; `wait_ready()` reads its listening line."""
        if self._process is not None:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [
            sys.executable,
            "-m",
            "app.server.cli",
            "--demo",
            "--port",
            "0",
            "--database",
            str(self.database),
            "--exit-on-stdin-close",
        ]
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, close_fds=True
            )

    async def wait_ready(self, within: float = 60.0) -> str:
        """The base URL, as soon as the child prints that it is listening."""
        if self._url is not None:
            return self._url
        process = self._process
        if process is None or process.stdout is None:
            raise EmbeddedServerError("the embedded server was not started")
        # readline blocks, so it runs in a worker; stop() ends it by closing the child's stdout.
        try:
            line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), within)
        except TimeoutError:
            self.stop()
            raise EmbeddedServerError(f"the embedded server did not start in {within:g} s") from None
        text = line.decode(errors="replace")
        if not text.startswith(LISTENING):
            self.stop()
            raise EmbeddedServerError(f"the embedded server did not start: {self._log_tail()}")
        self._url = text.removeprefix(LISTENING).strip()
        self.ready_at = time.perf_counter()
        return self._url

    def stop(self, timeout: float = 5.0) -> None:
        """Terminate the child and wait for it; kill it if it does not stop in time."""
        process, self._process, self._url = self._process, None, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def _log_tail(self, lines: int = 5) -> str:
        try:
            tail = self.log_path.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return "no log"
        return " | ".join(tail) or "no output"
