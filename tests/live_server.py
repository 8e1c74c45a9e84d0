"""The real server as a child process on loopback, as the tests and the desktop app use it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import httpx

from tests.documented import assert_documented, undocumented_in_log

LISTENING = "Switchboard server listening on "


class LiveServer:
    """`switchboard-server --demo --port 0`: reads its listening line; restarts on the same port."""

    def __init__(
        self,
        database: Path | str,
        extra_args: tuple[str, ...] = (),
        log: Path | None = None,
        program: tuple[str, ...] = ("-m", "app.server.cli"),
    ) -> None:
        """`database` is a SQLite file or a database URL (then `log` names the server's log file);
        `program` is what Python runs, given the server's arguments (`-c` code for a test's own)."""
        self.database = database
        self.program = program
        self.extra_args = extra_args
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.port = 0
        self.log = log or Path(database).with_suffix(".log")
        #: How much of the log `assert_answers_documented` has read.
        self._log_read = self.log.stat().st_size if self.log.exists() else 0

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 30.0) -> None:
        args = [
            sys.executable,
            *self.program,
            "--demo",
            "--database",
            str(self.database),
            "--port",
            str(self.port),
            "--exit-on-stdin-close",
            *self.extra_args,
        ]
        log = self.log.open("ab")
        self.process = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=os.environ.copy()
        )
        log.close()
        line = self._read_line(timeout)
        if not line.startswith(LISTENING):
            self.stop()
            raise RuntimeError(f"server did not start: {line!r}; see {self.log}")
        self.url = line.removeprefix(LISTENING).strip()
        self.port = int(self.url.rsplit(":", 1)[1])

    def _read_line(self, timeout: float) -> str:
        assert self.process is not None and self.process.stdout is not None
        result: list[bytes] = []
        reader = threading.Thread(target=lambda: result.append(self.process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(timeout)
        return result[0].decode() if result else ""

    def stop(self) -> None:
        """Stops the server; then asserts that it gave no answer its document lacks."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        self.process = None
        self.assert_answers_documented()

    def assert_answers_documented(self) -> None:
        """Fails with each answer the server logged as undocumented since the last look (see
        tests/documented.py); the server writes that line before the answer goes out."""
        if not self.log.exists():
            return
        with self.log.open("rb") as log:
            log.seek(self._log_read)
            text = log.read()
        self._log_read += len(text)
        assert_documented(undocumented_in_log(text.decode(errors="replace")), f"the server at {self.url}")

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer: no shutdown of any kind. `start` brings it back on
        the same port and database."""
        if self.process is None:
            return
        self.process.kill()
        self.process.wait(10)
        self.stop()

    def restart(self) -> None:
        """Stop and start again on the same port and database."""
        self.stop()
        self.start()

    def token(self, username: str = "agent", password: str = "demo") -> str:
        # The first answer of a server also builds its API document (the documented-answer check): that
        # and argon2 take more than httpx's 5 s on a busy machine.
        answer = httpx.post(
            f"{self.url}/v1/auth/token", json={"username": username, "password": password}, timeout=30
        )
        answer.raise_for_status()
        return str(answer.json()["accessToken"])

    def headers(self, username: str = "agent") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(username)}"}

    def reset(self) -> None:
        """Fresh demo data: every table emptied and seeded again."""
        answer = httpx.post(f"{self.url}/v1/dev/reset", headers=self.headers("admin"), timeout=30)
        answer.raise_for_status()
