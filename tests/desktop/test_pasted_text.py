"""Pasted text the server would refuse never makes a request: line breaks leave one-line fields, a NUL
leaves the message (with a word to the agent first), so what is sent is what the server takes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.desktop.customer.pane import CustomerPane
from app.desktop.widgets.one_line import keep_to_one_line
from tests.desktop.customer_support import (
    ANNA,
    agent_client_fixture,  # noqa: F401 - the `client` fixture
    api,
    open_pane,
)
from tests.desktop.shell import OFFSCREEN_NOISE
from tests.live_server import LiveServer

pytestmark = OFFSCREEN_NOISE


def paste(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """As the agent does it: the text on the clipboard, then Ctrl+V in the focused field."""
    QGuiApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keySequence(widget, QKeySequence.StandardKey.Paste)


def threads_on_server(server: LiveServer) -> list[dict]:
    return list(
        api(server, "GET", f"/v1/communications/{ANNA}/threads?limit=5", user="agent").json()["items"]
    )


def test_a_pasted_subject_and_message_reach_the_server_as_one_line_and_without_nul(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    pane: CustomerPane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    tab = pane.conversations
    composer = tab.composer
    qtbot.mouseClick(composer.new_thread_button, Qt.MouseButton.LeftButton)
    paste(qtbot, composer.subject, "Moving house\r\nBcc: everyone@example.com\u0000")
    assert composer.subject.text() == "Moving house Bcc: everyone@example.com"
    assert composer.subject.cursorPosition() == len(composer.subject.text()), "the cursor after the paste"
    qtbot.keyClicks(composer.subject, " soon")
    assert composer.subject.text() == "Moving house Bcc: everyone@example.com soon", "typing goes on as usual"
    paste(qtbot, composer.text, "Please send the forms\u0000 to my new address.\nThanks")
    before = threads_on_server(server)

    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    assert "NUL" in composer.notice.text() and composer.notice.isVisible()
    assert composer.text.toPlainText() == "Please send the forms to my new address.\nThanks"
    assert threads_on_server(server) == before, "nothing was sent"

    qtbot.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
    subject = "Moving house Bcc: everyone@example.com soon"
    qtbot.waitUntil(
        lambda: tab.current_thread is not None and tab.current_thread.subject == subject, timeout=10000
    )
    newest = threads_on_server(server)[0]
    assert newest["subject"] == subject
    path = f"/v1/communications/{ANNA}/threads/{newest['threadId']}/communications"
    sent = api(server, "GET", path, user="agent").json()["items"]
    assert [c["content"] for c in sent] == ["Please send the forms to my new address.\nThanks"]


def test_a_one_line_field_keeps_a_restored_text_to_one_line_too(qtbot: QtBot) -> None:
    edit = keep_to_one_line(QLineEdit())
    qtbot.addWidget(edit)
    edit.setText("Kündigung\n\n  zum Monatsende\u2028bitte")
    assert edit.text() == "Kündigung zum Monatsende bitte"
    edit.setText("plain words stay  as  typed ")
    assert edit.text() == "plain words stay  as  typed "
