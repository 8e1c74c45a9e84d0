"""The desktop app SIGKILLed while a message is being sent, then started again: the draft is back,
it goes out again with its requestId, and the thread holds exactly one message.

The app is the real one, a child process on the offscreen platform with its own data and config
folders (tests/desktop/scripted_send.py plays the agent), talking to the live server through a
proxy that holds the send in flight (tests/holding_proxy.py), so the kill lands in the middle of it:
either before the server has seen the request, or after the server has stored the message and
answered, with the answer still on its way back. The restarted app's resend is held too, until the
test has seen the draft in the composer.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.desktop.customer_support import stored_drafts
from tests.holding_proxy import HoldingProxy, Mode
from tests.live_server import LiveServer

ANNA = 1
ROOT = Path(__file__).resolve().parents[2]
#: The agent's reply to one of Anna's threads (POST; PUT, its alias, as older clients sent it).
REPLY = rf"(?:POST|PUT) /v1/communications/{ANNA}/threads/\d+ HTTP/1\.1\r\n"
STEP_TIMEOUT_S = 90


class App:
    """`tests.desktop.scripted_send` as a child process; its JSON lines, one step at a time."""

    def __init__(self, home: Path, proxy: HoldingProxy, token: str, send: str | None = None) -> None:
        env = os.environ.copy()
        env.update(
            QT_QPA_PLATFORM="offscreen",
            HOME=str(home),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_CACHE_HOME=str(home / "cache"),
        )
        args = ["--server", proxy.url, "--token", token, "--customer", str(ANNA)]
        if send is not None:
            args += ["--send", send]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.desktop.scripted_send", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=(home / "app.stderr").open("ab"),
            text=True,
        )
        self.home, self.stderr = home, home / "app.stderr"
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)

    def step(self, name: str) -> dict[str, Any]:
        """The next step the app reports, which must be `name`."""
        deadline = time.monotonic() + STEP_TIMEOUT_S
        while True:
            try:
                line = self._lines.get(timeout=1)
            except queue.Empty:
                ended = self.process.poll()
                if ended is not None or time.monotonic() > deadline:
                    why = "in time" if ended is None else f"before it ended ({ended})"
                    raise AssertionError(f"no {name!r} from the app {why}:\n{self.log()}") from None
                continue
            if line.startswith("{"):
                step: dict[str, Any] = json.loads(line)
                assert step["step"] == name, (step, self.log())
                return step

    def log(self) -> str:
        """The end of its standard error and of its own log."""
        own = self.home / "data" / "switchboard" / "logs" / "switchboard.log"
        texts = [
            path.read_text(encoding="utf-8", errors="replace")[-3000:]
            for path in (self.stderr, own)
            if path.exists()
        ]
        return "\n".join(texts)

    def kill(self) -> None:
        self.process.kill()  # SIGKILL: no shutdown, no last save
        self.process.wait(10)

    def wait(self) -> int:
        return self.process.wait(STEP_TIMEOUT_S)


@pytest.fixture
def proxy(server: LiveServer) -> Iterator[HoldingProxy]:
    holding = HoldingProxy(server.port)
    yield holding
    holding.close()


def messages_reading(server: LiveServer, thread_id: int, text: str) -> list[dict[str, Any]]:
    path = f"/v1/communications/{ANNA}/threads/{thread_id}/communications"
    answer = httpx.get(
        f"{server.url}{path}", params={"limit": 50}, headers=server.headers("agent2"), timeout=15
    )
    answer.raise_for_status()
    return [item for item in answer.json()["items"] if item["content"] == text]


def drafts_of(home: Path) -> list[dict[str, Any]]:
    return stored_drafts(home / "data" / "switchboard" / "drafts")


@pytest.mark.parametrize("held", ["request", "answer"], ids=["before-the-server", "after-the-server"])
def test_a_send_killed_in_flight_comes_back_as_a_draft_and_results_in_exactly_one_message(
    held: Mode, server: LiveServer, proxy: HoldingProxy, tmp_path: Path
) -> None:
    text = f"Killed while sending {uuid.uuid4().hex[:8]}"
    token = server.token("agent")

    proxy.hold(held, REPLY)
    first = App(tmp_path, proxy, token, send=text)
    try:
        thread_id = first.step("sending")["threadId"]
        assert proxy.held.wait(STEP_TIMEOUT_S), "the send never reached the proxy"
        first.kill()
    finally:
        if first.process.poll() is None:
            first.kill()

    [draft] = drafts_of(tmp_path)
    assert draft["text"] == text and draft["pending"] is True and draft["threadId"] == thread_id
    request_id = draft["requestId"]
    assert uuid.UUID(request_id)
    on_server = messages_reading(server, thread_id, text)
    assert len(on_server) == (1 if held == "answer" else 0), "where the kill landed"

    proxy.hold("request", REPLY)  # the restarted app's resend waits, so the draft can be seen first
    second = App(tmp_path, proxy, token)
    try:
        restored = second.step("restored")
        assert restored["threadId"] == thread_id
        assert restored["text"] == text, "the draft is back in the composer"
        assert restored["pending"] and restored["readOnly"], "frozen: it is what gets sent"
        assert proxy.held.wait(STEP_TIMEOUT_S), "the restarted app resends the draft by itself"
        proxy.release()
        assert second.step("sent")["shown"] == 1, "the thread shows the message once"
        assert second.wait() == 0, second.log()
    finally:
        if second.process.poll() is None:
            second.kill()

    [message] = messages_reading(server, thread_id, text)
    assert message["communicationDirection"] == "OUTGOING"
    if on_server:
        assert message["communicationId"] == on_server[0]["communicationId"], "replayed, not sent again"
    assert drafts_of(tmp_path) == [], "the draft goes once the server confirmed it"
