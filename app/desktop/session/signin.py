"""The sign-in dialog: username and password, or an API key, with "Remember me" (OS keyring).

The dialog signs in itself, so a wrong password or an unreachable server is shown inside it
(server message and trace id) and the user can correct and retry without losing what was typed.
After too many failed sign-ins the server refuses more for a while (429 `auth.throttled`): the dialog
counts that wait down and keeps its Sign in button off until it has passed.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.client import SwitchboardClient
from app.client.errors import ClientError
from app.contract.auth import User
from app.contract.errors import ErrorCode
from app.credentials import Credential, CredentialKind
from app.desktop.awaiting import run_dialog
from app.desktop.failures import sign_in_wait, sign_in_wait_message
from app.desktop.tasks import LatestRequest
from app.desktop.translation import current_language
from app.desktop.widgets.error_pane import ErrorPane


@dataclass
class SignedIn:
    """A working client for the server, whom it acts for, and the secret to remember if asked."""

    client: SwitchboardClient
    user: User
    credential: Credential
    remember: bool


class SignInDialog(QDialog):
    """Asks for credentials for one server and signs in with them."""

    def __init__(
        self,
        server_url: str,
        parent: QWidget | None = None,
        *,
        keyring_note: str | None = None,
        username: str = "",
        problem: BaseException | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Sign in to Switchboard"))
        self.setModal(True)
        self.server_url = server_url
        self.result_value: SignedIn | None = None
        self._signing_in = LatestRequest()
        self._busy = False
        # While the server refuses sign-ins by password: until when, on the monotonic clock.
        self._refused_until: float | None = None
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._count_down)

        server = QLabel(self.tr("Server: %s") % server_url, self)
        server.setObjectName("signInServer")
        server.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.username = QLineEdit(username, self)
        self.username.setObjectName("signInUsername")
        self.password = QLineEdit(self)
        self.password.setObjectName("signInPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        password_page = QWidget(self)
        password_form = QFormLayout(password_page)
        password_form.addRow(self.tr("&Username:"), self.username)
        password_form.addRow(self.tr("&Password:"), self.password)

        self.api_key = QLineEdit(self)
        self.api_key.setObjectName("signInApiKey")
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        key_page = QWidget(self)
        key_form = QFormLayout(key_page)
        key_form.addRow(self.tr("API &key:"), self.api_key)

        self.method = QTabWidget(self)
        self.method.setObjectName("signInMethod")
        self.method.addTab(password_page, self.tr("Password"))
        self.method.addTab(key_page, self.tr("API key"))
        # An API key is not refused with the passwords: its tab signs in during the wait.
        self.method.currentChanged.connect(self._show_button)

        self.remember = QCheckBox(self.tr("&Remember me"), self)
        self.remember.setObjectName("rememberMe")
        self.remember.setToolTip(self.tr("Keep the sign-in in the operating system's keyring"))
        # The store's reason names the keyring backend (keyring.backends.fail.Keyring...): that is for
        # whoever sets the computer up, in the tooltip; the dialog says what it means, in the user's language.
        note = QLabel(
            self.tr(
                "This computer has no secure keyring for your sign-in: it is kept only until you quit"
                " Switchboard."
            )
            if keyring_note
            else "",
            self,
        )
        note.setToolTip(keyring_note or "")
        note.setObjectName("keyringNote")
        note.setWordWrap(True)
        note.setVisible(bool(keyring_note))

        self.error = ErrorPane(self, retry=False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText(self.tr("Sign in"))
        self.sign_in_button.setObjectName("signInButton")
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(server)
        layout.addWidget(self.method)
        layout.addWidget(self.remember)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(400)
        if problem is not None:
            self.error.show_error(problem)
        (self.password if username else self.username).setFocus()

    async def ask(self) -> SignedIn | None:
        """Show the dialog and wait until the user signed in (the result) or cancelled (None)."""
        await run_dialog(self)
        return self.result_value

    def sign_in(self) -> None:
        if not self._signing_in.running and self.wait_left() is None:
            self._signing_in.run(self._sign_in())

    def wait_left(self) -> float | None:
        """Seconds until a sign-in by password is taken again, while the server refuses them."""
        if self._refused_until is None or self.method.currentIndex() != 0:
            return None
        return max(0.0, self._refused_until - time.monotonic())

    async def _sign_in(self) -> None:
        self.error.clear()
        self._set_busy(True)
        using_key = self.method.currentIndex() == 1
        client = SwitchboardClient(self.server_url, deadline=15.0, language=current_language())
        try:
            if using_key:
                key = self.api_key.text().strip()
                client.set_api_key(key)
                user = await client.me()
                credential = Credential(CredentialKind.API_KEY, key, user.username)
            else:
                answer = await client.sign_in(self.username.text().strip(), self.password.text())
                user = answer.user
                credential = Credential(CredentialKind.TOKEN, answer.access_token, user.username)
        except ClientError as exc:
            await client.aclose()
            wait = sign_in_wait(exc)
            if wait is not None and not using_key:
                self._refused_until = time.monotonic() + max(1.0, wait)
                self._countdown.start()
            self._set_busy(False)
            self.error.show_error(exc)
            self.adjustSize()
            # Ready to type the secret again: the field has the focus, what was typed is selected.
            field = self.api_key if using_key else self.password
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            field.selectAll()
            return
        except asyncio.CancelledError:
            await client.aclose()
            raise
        self.result_value = SignedIn(client, user, credential, self.remember.isChecked())
        self.accept()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.method.setEnabled(not busy)
        self._show_button()

    def _show_button(self) -> None:
        """Sign in; Signing in… while asking; during a wait off, with the time left ("Sign in (14:59)")."""
        left = self.wait_left()
        if self._busy:
            text = self.tr("Signing in…")
        elif left is not None:
            minutes, seconds = divmod(math.ceil(left), 60)
            text = self.tr("Sign in (%s)") % f"{minutes}:{seconds:02d}"
        else:
            text = self.tr("Sign in")
        self.sign_in_button.setText(text)
        self.sign_in_button.setEnabled(not self._busy and left is None)

    def _count_down(self) -> None:
        """Once a second during a wait: the time left on the button and in the message; at the end,
        sign-ins are taken again."""
        shown = self.error.failure
        says_wait = shown is not None and shown.error_code == ErrorCode.SIGN_IN_THROTTLED
        if self._refused_until is None or self._refused_until <= time.monotonic():
            self._refused_until = None
            self._countdown.stop()
            if says_wait:
                self.error.clear()
                self.password.setFocus(Qt.FocusReason.OtherFocusReason)
        elif shown is not None and says_wait:
            left = self._refused_until - time.monotonic()
            self.error.show_failure(replace(shown, message=sign_in_wait_message(left), detail=None))
        self._show_button()

    def reject(self) -> None:
        self._signing_in.cancel()
        self._countdown.stop()
        super().reject()
