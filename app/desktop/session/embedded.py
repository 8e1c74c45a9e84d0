"""The embedded default: the demo server as a child process that can never outlive the app.

The child runs with `--exit-on-stdin-close` and a pipe as its stdin. Only this process holds the
pipe's write end, so when the app ends in any way (quit, crash, `kill -9`) the kernel closes it,
the child reads end-of-file and stops: no orphan is ever left behind.

The other way round, a child that dies (a crash, `kill -9`) is started again by `keep_running`, on
the same database and, if it is still free, the same port; else on another, which the caller then
tells its client. A child that keeps dying soon after it started is given up after a few tries.
The child logs to its own rotating file in the user data directory (`app.desktop.logs`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app import demo_session
from app.desktop.logs import keep_small, server_console_path, server_log_path

log = logging.getLogger(__name__)

LISTENING = "Switchboard server listening on "
DEMO_DATABASE = "demo.db"
#: The demo server's users (api.md, "Demo data"), each with the published demo password.
DEMO_USERS = ("agent", "agent2", "supervisor", "admin", "other-agent")
#: Who signs in on the embedded server unless `--user` names another demo user.
DEMO_AGENT = "agent"
DEMO_PASSWORD = "demo"  # published with the demo data, not a secret


#: The server's program in a frozen build (packaging/switchboard.spec), beside the app's own program.
FROZEN_SERVER_PROGRAM = "switchboard-server"


def server_program() -> list[str]:
    """How `switchboard-server` is run: as `-m app.server.cli` of this very Python; in a frozen build
    (PyInstaller sets `sys.frozen`, and `sys.executable` is the app's own program) the server program
    in the app's folder, never a Python found on the PATH."""
    if getattr(sys, "frozen", False):
        suffix = ".exe" if sys.platform == "win32" else ""
        return [str(Path(sys.executable).with_name(FROZEN_SERVER_PROGRAM + suffix))]
    return [sys.executable, "-m", "app.server.cli"]


class EmbeddedServerError(RuntimeError):
    """The embedded server did not start; the message quotes the end of its log."""


@dataclass(frozen=True)
class RestartPolicy:
    """When a dead embedded server is started again, and when that is given up."""

    #: How often the child is looked at.
    check_every_s: float = 0.5
    #: A child that dies sooner than this after it was ready (or does not start) failed quickly.
    quick_failure_s: float = 60.0
    #: That many quick failures in a row, and no more attempts are made: it would only fail again.
    give_up_after: int = 3
    #: The pause before each attempt, by the number of quick failures so far (the last one repeats).
    waits_s: tuple[float, ...] = (0.0, 2.0, 5.0)

    def wait_before(self, quick_failures: int) -> float:
        return self.waits_s[min(max(quick_failures, 1), len(self.waits_s)) - 1]


#: The callbacks of `keep_running`: restarted(url), gave_up(quick failures in a row).
Restarted = Callable[[str], None]
GaveUp = Callable[[int], None]


class EmbeddedServer:
    """`switchboard-server --demo --port 0` on the demo database in the user data directory.

    The child signs `user` in as it starts (`--demo-session`), with an access token this process
    makes and hands over in the child's environment: the app uses `token` at once, and no password
    is checked (argon2 takes a fifth of a second, on every start). A restarted child renews it."""

    def __init__(
        self, data_dir: Path, restarts: RestartPolicy | None = None, *, user: str = DEMO_AGENT
    ) -> None:
        self.data_dir = data_dir
        self.user = user
        self.token = demo_session.new_token()
        self.database = data_dir / DEMO_DATABASE
        self.log_path = server_log_path(data_dir)
        self.console_path = server_console_path(data_dir)
        self.restarts = restarts or RestartPolicy()
        self._process: subprocess.Popen[bytes] | None = None
        self._url: str | None = None
        #: The port it last listened on, tried first when it is started again.
        self.port = 0
        #: Where this start's output begins in the console file and the log (for `_log_tail`).
        self._console_offset = 0
        self._log_offset = 0
        #: time.perf_counter() when the child said it listens (for the start-up benchmark).
        self.ready_at: float | None = None
        #: How often it was started again after it died.
        self.restart_count = 0
        #: Started and not stopped on purpose: `keep_running` starts it again if it dies.
        self._wanted = False

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

    def start(self, port: int = 0) -> None:
        """Spawn the child (on `port`; 0: any free one) and return at once; `wait_ready()` reads its
        listening line."""
        self._wanted = True
        if self._process is not None:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.console_path.parent.mkdir(parents=True, exist_ok=True)
        keep_small(self.console_path)
        self._log_offset = _size(self.log_path)
        with self.console_path.open("ab") as console:
            self._console_offset = console.tell()
            self._process = subprocess.Popen(
                self.command(port),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=console,
                close_fds=True,
                env={**os.environ, demo_session.TOKEN_ENV: self.token},
            )

    def command(self, port: int) -> list[str]:
        """The child's command line."""
        return [
            *server_program(),
            "--demo",
            "--demo-session",
            self.user,
            "--port",
            str(port),
            "--database",
            str(self.database),
            "--log-file",
            str(self.log_path),
            "--exit-on-stdin-close",
        ]

    async def wait_ready(self, within: float = 60.0) -> str:
        """The base URL, as soon as the child prints that it is listening."""
        import asyncio  # here, not at the top: main() spawns the child before it loads asyncio

        if self._url is not None:
            return self._url
        process = self._process
        if process is None or process.stdout is None:
            raise EmbeddedServerError("the embedded server was not started")
        # readline blocks, so it runs in a worker; stop() ends it by closing the child's stdout.
        try:
            line = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), within)
        except TimeoutError:
            self._end_child()
            raise EmbeddedServerError(f"the embedded server did not start in {within:g} s") from None
        text = line.decode(errors="replace")
        if not text.startswith(LISTENING):
            self._end_child()
            raise EmbeddedServerError(f"the embedded server did not start: {self._log_tail()}")
        self._url = text.removeprefix(LISTENING).strip()
        self.port = int(self._url.rsplit(":", 1)[1])
        self.ready_at = time.perf_counter()
        return self._url

    def stop(self, timeout: float = 5.0) -> None:
        """Terminate the child and wait for it; kill it if it does not stop in time. It stays stopped."""
        self._wanted = False
        self._end_child(timeout)

    def _end_child(self, timeout: float = 5.0) -> None:
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

    # -- staying up ------------------------------------------------------------------------------

    async def restart(self) -> str:
        """Start the child again (it died): on its old port if that is still free, else on any."""
        port = self.port
        self._end_child()
        self.start(port)
        try:
            return await self.wait_ready()
        except EmbeddedServerError as exc:
            if not port:
                raise
            log.warning(
                "the embedded server did not start on port %d again (%s); it tries any port", port, exc
            )
        self.start(0)
        return await self.wait_ready()

    async def keep_running(self, restarted: Restarted, gave_up: GaveUp) -> None:
        """Watch the child until it is stopped on purpose (`stop`), and start it again whenever it died.

        `restarted(url)` follows each restart; after `restarts.give_up_after` quick failures in a row
        (died soon after it was ready, or did not start) `gave_up(failures)` is called and it returns.
        """
        import asyncio  # as in wait_ready

        policy = self.restarts
        quick_failures = 0
        while True:
            await asyncio.sleep(policy.check_every_s)
            process = self._process
            if self._stopped_on_purpose():
                return
            if process is not None and process.poll() is None:
                continue
            lived = time.perf_counter() - (self.ready_at or 0.0)
            quick_failures = quick_failures + 1 if lived < policy.quick_failure_s else 1
            log.error(
                "the embedded server stopped (exit code %s) %.0f s after it started; see %s",
                None if process is None else process.returncode,
                lived,
                self.log_path,
            )
            while True:
                if quick_failures >= policy.give_up_after:
                    log.error(
                        "the embedded server failed %d times in a row; not started again", quick_failures
                    )
                    self.stop()
                    gave_up(quick_failures)
                    return
                await asyncio.sleep(policy.wait_before(quick_failures))
                if self._stopped_on_purpose():
                    return
                try:
                    url = await self.restart()
                except EmbeddedServerError as exc:
                    log.error("the embedded server did not start again: %s", exc)
                    quick_failures += 1
                    continue
                self.restart_count += 1
                log.warning("the embedded server was started again, at %s", url)
                restarted(url)
                break

    def _stopped_on_purpose(self) -> bool:
        """`stop` was called (the app quits, or uses another server): it is not started again."""
        return not self._wanted

    def _log_tail(self, lines: int = 5) -> str:
        """The end of what this start wrote to standard error (a traceback), else to its log."""
        tail = _lines_from(self.console_path, self._console_offset)[-lines:]
        if not tail:
            offset = self._log_offset if _size(self.log_path) >= self._log_offset else 0  # rotated since
            tail = _lines_from(self.log_path, offset)[-lines:]
        return " | ".join(tail) or "no output"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _lines_from(path: Path, offset: int) -> list[str]:
    """The lines of a file from `offset` on (none if it cannot be read)."""
    try:
        with path.open("rb") as file:
            file.seek(offset)
            return file.read().decode(errors="replace").splitlines()
    except OSError:
        return []
