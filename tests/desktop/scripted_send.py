"""The real desktop app, run by a test as a child process, with the agent's part played by a script.

    python -m tests.desktop.scripted_send --server URL --token TOKEN --customer ID [--send TEXT]

It runs `app.desktop.main` as `switchboard --server URL --screenshot ... --customer ID` would (the
token is in the keyring beforehand, so it signs in silently), except that instead of saving a
screenshot once the customer is open it plays the agent:

- with `--send TEXT`: types TEXT into the open thread's composer, presses Send, and waits there for
  ever: the test kills it while the send is in flight;
- without: waits until the composer shows the draft a killed run left, then until it has gone out.

Each step is one JSON line on standard output, for the test to read.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.credentials import Credential, CredentialKind, CredentialStore
from app.desktop import application
from app.desktop.customer.conversations.tab import ConversationsTab
from app.desktop.main import run
from app.desktop.mainwindow import MainWindow
from app.desktop.session.controller import SessionController
from tests.keyring_memory import MemoryKeyring, installed_keyring

STEP_TIMEOUT_S = 60.0


def say(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


async def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.02)


def shown(tab: ConversationsTab, text: str) -> int:
    """How many messages of the open thread read `text`."""
    return sum(1 for message in tab.messages_model.messages if message.content == text)


def agent(send: str | None) -> Callable[[MainWindow, SessionController, argparse.Namespace], object]:
    async def play(window: MainWindow, controller: SessionController, args: argparse.Namespace) -> int:
        session = controller.session
        assert session is not None and window.pane is not None
        if code := await application._show_customer(window, session, args.customer, args.tab):
            return code
        tab = window.pane.conversations
        composer = tab.composer
        thread = tab.current_thread
        assert thread is not None
        if send is not None:
            QTest.keyClicks(composer.text, send)
            QTest.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
            await until(lambda: composer.pending, "the send to start")
            say(step="sending", threadId=thread.thread_id)
            await asyncio.Event().wait()  # until killed
        await until(lambda: composer.text.toPlainText() != "", "the draft to come back")
        say(
            step="restored",
            threadId=thread.thread_id,
            text=composer.text.toPlainText(),
            pending=composer.pending,
            readOnly=composer.text.isReadOnly(),
            notice=composer.notice.text(),
        )
        text = composer.text.toPlainText()
        await until(lambda: not composer.pending and composer.text.toPlainText() == "", "the resend")
        await until(lambda: shown(tab, text) > 0, "the sent message in the thread")
        await asyncio.sleep(0.5)  # the message's own event, had it been shown twice
        say(step="sent", shown=shown(tab, text))
        return 0

    return play


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--customer", type=int, required=True)
    parser.add_argument("--send")
    args = parser.parse_args()
    keyring = MemoryKeyring()
    credential = Credential(CredentialKind.TOKEN, args.token, "agent")
    with installed_keyring(keyring):
        asyncio.run(CredentialStore(keyring).save(args.server, credential))
        application.take_screenshot = agent(args.send)  # type: ignore[assignment]
        return run(["--server", args.server, "--screenshot", "unused.png", "--customer", str(args.customer)])


if __name__ == "__main__":
    sys.exit(main())
