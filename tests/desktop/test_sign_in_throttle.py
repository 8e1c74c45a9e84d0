"""The sign-in dialog while the server refuses sign-ins after failed ones (429 `auth.throttled`): the
wait in words, counted down on a button that stays off, and signing in again once it has passed."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from app.client.errors import RateLimited
from app.credentials import CredentialStore
from app.desktop.failures import failure_of, sign_in_wait_message
from app.desktop.translation import install_language, uninstall_language
from tests.desktop.shell import OFFSCREEN_NOISE, ShellFactory, shell_factory
from tests.desktop.test_session import label, sign_in_dialog, type_credentials
from tests.keyring_memory import MemoryKeyring
from tests.live_server import LiveServer

pytestmark = OFFSCREEN_NOISE

#: The throttling server's window, in seconds.
WINDOW = 5


@pytest.fixture(scope="module")
def throttling_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server that refuses sign-ins from an address for WINDOW seconds after one failure.

    The address's count (not the username's) takes a failure when its slow password check is over, so
    the window cannot pass on a busy machine before the dialog's next attempt."""
    server = LiveServer(tmp_path_factory.mktemp("throttling") / "server.db")
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("SWITCHBOARD_SIGN_IN_FAILURES_PER_ADDRESS", "1")
        environment.setenv("SWITCHBOARD_SIGN_IN_WINDOW_SECONDS", str(WINDOW))
        server.start()
    yield server
    server.stop()


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


def test_the_dialog_counts_the_wait_down_and_signs_in_after_it(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, throttling_server: LiveServer, shells: ShellFactory
) -> None:
    shell = shells(throttling_server.url, credentials=CredentialStore(MemoryKeyring()))
    starting = loop.create_task(shell.controller.start())
    dialog = sign_in_dialog(qtbot)
    button = dialog.sign_in_button
    password = dialog.findChild(QLineEdit, "signInPassword")
    assert password is not None

    type_credentials(qtbot, dialog, "agent", "wrong")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.failure is not None, timeout=15_000)
    assert dialog.error.failure is not None and dialog.error.failure.error_code == "auth.unauthenticated"

    # The right password now: refused while the server throttles.
    type_credentials(qtbot, dialog, "agent", "demo")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.error.failure is not None and dialog.error.failure.error_code == "auth.throttled",
        timeout=15_000,
    )
    assert re.fullmatch(r"Too many failed sign-ins\. Try again in \d seconds?\.", dialog.error.message)
    assert dialog.error.trace_id
    assert not button.isEnabled()
    assert re.fullmatch(r"Sign in \(0:0\d\)", button.text()), button.text()
    assert password.text() == "demo"  # nothing typed is lost

    # No hammering: Return asks nothing while the button is off; the time left goes down.
    shown, trace_id = button.text(), dialog.error.trace_id
    qtbot.keyClick(password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: button.text() != shown, timeout=3_000)
    assert not button.isEnabled() and button.text().startswith("Sign in (0:0")
    assert dialog.error.trace_id == trace_id and dialog.error.failure.error_code == "auth.throttled"
    assert not starting.done()

    # When the wait is over, the dialog takes sign-ins again, and the right password gets in.
    qtbot.waitUntil(button.isEnabled, timeout=(WINDOW + 3) * 1000)
    assert button.text() == "Sign in"
    assert not dialog.error.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(starting.done, timeout=15_000)
    assert starting.result() is True
    assert "Peter Meyer" in label(shell.window, "userStatus")


def test_the_wait_is_said_in_minutes_or_seconds_in_english_and_german(qapp: QApplication) -> None:
    assert sign_in_wait_message(14 * 60) == "Too many failed sign-ins. Try again in 14 minutes."
    assert sign_in_wait_message(14 * 60 - 20) == "Too many failed sign-ins. Try again in 14 minutes."
    assert sign_in_wait_message(61) == "Too many failed sign-ins. Try again in 2 minutes."
    assert sign_in_wait_message(60) == "Too many failed sign-ins. Try again in 1 minute."
    assert sign_in_wait_message(59.2) == "Too many failed sign-ins. Try again in 1 minute."
    assert sign_in_wait_message(58.5) == "Too many failed sign-ins. Try again in 59 seconds."
    assert sign_in_wait_message(0.4) == "Too many failed sign-ins. Try again in 1 second."
    server_words = "Too many failed sign-ins; try again in 14 minutes."
    refused = RateLimited(429, "auth.throttled", server_words, "t1", retry_after=840)
    assert failure_of(refused).message == "Too many failed sign-ins. Try again in 14 minutes."
    assert failure_of(refused).trace_id == "t1"
    before = QLocale()
    try:
        install_language(qapp, "de")
        assert sign_in_wait_message(14 * 60) == (
            "Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in 14 Minuten erneut."
        )
        assert sign_in_wait_message(60) == (
            "Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in 1 Minute erneut."
        )
        assert sign_in_wait_message(1) == (
            "Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in 1 Sekunde erneut."
        )
    finally:
        uninstall_language(qapp)
        QLocale.setDefault(before)
