"""Verify identity (Ctrl+I): send a one-time code by SMS or email, check the code the caller reads out.

Only the contact points the customer has are offered. A blocked customer's code is recorded but never
delivered: the dialog says so before anything is sent (asked of the one outbound rule), and after the
send it states the suppressed outcome at once instead of letting anyone wait for a code. Every send and
every check is logged by the server, so each appears in the Activity tab through the event stream.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID, uuid4

from PySide6.QtCore import QCoreApplication, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.client import SwitchboardClient
from app.client.errors import ClientError, Gone, TooManyAttempts, ValidationFailed
from app.contract.customers import Customer
from app.contract.enums import CommunicationKind, DeliveryStatus, OtpChannel
from app.contract.errors import ErrorCode
from app.contract.otp import OtpSent
from app.desktop.appearance import follow_look
from app.desktop.customer.outbound import blocked_label
from app.desktop.customer.states import ErrorNotice
from app.desktop.customer.tool_dialog import CustomerToolDialog
from app.desktop.failures import failure_of
from app.desktop.locale_format import time_of_day
from app.desktop.theme import Palette, palette
from app.desktop.words import word

#: The code the server sends: six digits (a caller may read it out with spaces).
CODE_PATTERN = r"^[0-9 ]{0,12}$"


class IdentityState(StrEnum):
    """Where the check stands, as the dialog states it."""

    CHOOSING = "choosing"
    SENDING = "sending"
    SENT = "sent"
    CHECKING = "checking"
    VERIFIED = "verified"
    WRONG = "wrong"
    EXPIRED = "expired"
    TOO_MANY_ATTEMPTS = "tooManyAttempts"
    SUPPRESSED = "suppressed"
    FAILED = "failed"


@dataclass(frozen=True)
class ContactPoint:
    """Where a code can go: the channel and the customer's address on it (None: the customer has none)."""

    channel: OtpChannel
    address: str | None

    @property
    def name(self) -> str:
        """The channel in people's words: "Text message", "Email" (as the table writes it, so never
        lower-cased into a sentence: German capitalises its nouns)."""
        return word(self.channel)

    @property
    def missing_reason(self) -> str:
        if self.channel is OtpChannel.TEXT_MESSAGE:
            text = QCoreApplication.translate(
                "IdentityDialog", "{channel}: not offered, the customer has no phone number."
            )
        else:
            text = QCoreApplication.translate(
                "IdentityDialog", "{channel}: not offered, the customer has no email address."
            )
        return text.format(channel=self.name)


def contact_points(customer: Customer) -> tuple[ContactPoint, ContactPoint]:
    """A text message to the phone and an email to the address, each with what the customer has."""
    return (
        ContactPoint(OtpChannel.TEXT_MESSAGE, customer.phone or None),
        ContactPoint(OtpChannel.EMAIL, customer.email or None),
    )


def blocked_notice(customer: Customer) -> str | None:
    """What to say before sending when no code would be delivered (the customer is blocked), else None."""
    label = blocked_label(customer, CommunicationKind.OTP)
    if label is None:
        return None
    return QCoreApplication.translate(
        "IdentityDialog",
        "Communication with this customer is blocked ({label}): no code will be delivered. "
        "Sending only records the attempt; verify the caller another way.",
    ).format(label=label)


def attempts_left(count: int) -> str:
    """ "1 attempt left", "2 attempts left", "no attempts left" (plural forms right, not "attempt(s)")."""
    if count <= 0:
        return QCoreApplication.translate("IdentityDialog", "no attempts left")
    return IdentityPlurals().attempts_left(count)


class IdentityPlurals(QObject):
    """The identity check's numerus texts (lupdate finds plural forms only in a tr() of a class)."""

    def attempts_left(self, count: int) -> str:
        return self.tr("%Ln attempt(s) left", "", count)


class IdentityDialog(CustomerToolDialog):
    """Choose SMS or email, send the code, type what the caller reads out, and see plainly what came of it."""

    verified = Signal(int)
    """The caller read out the right code: the customer's id."""

    def __init__(self, client: SwitchboardClient, customer: Customer, parent: QWidget | None = None) -> None:
        super().__init__(client, customer, parent, name="identityDialog", title=self.tr("Verify identity"))
        self.state = IdentityState.CHOOSING
        self.sent: OtpSent | None = None

        intro = QLabel(
            self.tr("Send a one-time code to the customer, then type the code the caller reads out."), self
        )
        intro.setWordWrap(True)
        self.channels = QButtonGroup(self)
        self.options: dict[OtpChannel, QRadioButton] = {}
        self.missing: dict[OtpChannel, QLabel] = {}
        choice = QVBoxLayout()
        for point in contact_points(customer):
            if point.address is None:
                note = QLabel(point.missing_reason, self)
                note.setObjectName(f"otpMissing{point.channel.value}")
                note.setEnabled(False)
                self.missing[point.channel] = note
                choice.addWidget(note)
                continue
            option = QRadioButton(
                self.tr("{channel} to {address}").format(channel=point.name, address=point.address), self
            )
            option.setObjectName(f"otpChannel{point.channel.value}")
            self.channels.addButton(option)
            self.options[point.channel] = option
            choice.addWidget(option)
        if self.options:
            next(iter(self.options.values())).setChecked(True)

        self.blocked = QLabel(self)
        self.blocked.setObjectName("otpBlockedNotice")
        self.blocked.setWordWrap(True)
        follow_look(self.blocked, self._style_blocked_notice)
        self.send_button = QPushButton(self.tr("Send code"), self)
        self.send_button.setObjectName("otpSend")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send_code)

        self.code_label = QLabel(self.tr("Code the caller reads out:"), self)
        self.code = QLineEdit(self)
        self.code.setObjectName("otpCode")
        self.code.setAccessibleName(self.tr("One-time code the caller reads out"))
        self.code.setPlaceholderText("123456")
        self.code.setValidator(QRegularExpressionValidator(QRegularExpression(CODE_PATTERN), self.code))
        self.code.returnPressed.connect(self.check_code)
        self.code_label.setBuddy(self.code)
        self.check_button = QPushButton(self.tr("Check code"), self)
        self.check_button.setObjectName("otpCheck")
        self.check_button.clicked.connect(self.check_code)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_label)
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.check_button)
        self._code_row = QWidget(self)
        self._code_row.setLayout(code_row)
        code_row.setContentsMargins(0, 0, 0, 0)

        self.outcome = QLabel(self)
        self.outcome.setObjectName("otpOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        follow_look(self.outcome, self._style_outcome)
        self.resend_button = QPushButton(self.tr("Resend code"), self)
        self.resend_button.setObjectName("otpResend")
        self.resend_button.clicked.connect(self.send_code)
        self.error = ErrorNotice(self)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.resend_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(choice)
        layout.addWidget(self.blocked)
        layout.addWidget(self._code_row)
        layout.addWidget(self.outcome)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self._show(IdentityState.CHOOSING, "")
        self.show_customer(customer)

    # --- what the agent does -------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """A code is being sent or checked."""
        return self.work.running

    def chosen_channel(self) -> OtpChannel | None:
        for channel, option in self.options.items():
            if option.isChecked():
                return channel
        return None

    def send_code(self) -> None:
        """Send a (new) code on the chosen channel; the previous one, if any, is no longer checked."""
        channel = self.sent.communication_channel if self.sent is not None else self.chosen_channel()
        if channel is None:
            return
        self.work.run(self._send(channel, uuid4()))

    def check_code(self) -> None:
        code = self.code.text().replace(" ", "")
        if self.sent is None or self.state not in (IdentityState.SENT, IdentityState.WRONG) or not code:
            return
        self.work.run(self._check(self.sent.otp_id, code))

    def show_customer(self, customer: Customer) -> None:
        """The customer changed (a label set or lifted while the dialog is open): say what holds now."""
        self.customer = customer
        notice = blocked_notice(customer)
        self.blocked.setText(notice or "")
        self.blocked.setVisible(notice is not None and self.sent is None)
        if not self.options and self.sent is None:
            self._show(
                IdentityState.CHOOSING, self.tr("No code can be sent: the customer has no phone or email.")
            )

    # --- talking to the server -----------------------------------------------------------------------

    async def _send(self, channel: OtpChannel, request_id: UUID) -> None:
        self._show(IdentityState.SENDING, self.tr("Sending the code…"))
        try:
            sent = await self.client.send_otp(self.customer.customer_id, channel, request_id=request_id)
        except ClientError as error:
            self._failed(error)
            return
        self.sent = sent
        self.blocked.hide()
        for option in self.options.values():
            option.setEnabled(False)
        point = next(p for p in contact_points(self.customer) if p.channel is sent.communication_channel)
        if sent.delivery_status is DeliveryStatus.SUPPRESSED:
            label = self.customer.status_label.name if self.customer.status_label else self.tr("blocked")
            self._show(
                IdentityState.SUPPRESSED,
                self.tr(
                    "Suppressed: no code was delivered, because communication with this customer is "
                    "blocked (%s). Do not wait for a code; verify the caller another way."
                )
                % label,
            )
            return
        until = time_of_day(sent.expires_at)
        self.code.clear()
        self._show(
            IdentityState.SENT,
            self.tr("Code sent to %s (%s), valid until %s. Type what the caller reads out.")
            % (point.address, point.name, until),
        )
        self.code.setFocus()

    async def _check(self, otp_id: UUID, code: str) -> None:
        self._show(IdentityState.CHECKING, self.tr("Checking…"))
        try:
            await self.client.validate_otp(self.customer.customer_id, otp_id, code)
        except ValidationFailed as error:
            if error.error_code != ErrorCode.OTP_INVALID:
                self._failed(error)
                return
            left = int(error.args[0]) if error.args else 0
            self._show(IdentityState.WRONG, self.tr("Wrong code: %s.") % attempts_left(left))
            # Ready for the caller to read it again.
            self.code.selectAll()
            self.code.setFocus()
        except Gone:
            self._show(IdentityState.EXPIRED, self.tr("The code expired. Resend a new code to the caller."))
        except TooManyAttempts:
            self._show(
                IdentityState.TOO_MANY_ATTEMPTS,
                self.tr("Too many wrong codes: this code can no longer be used. Resend a new code."),
            )
        except ClientError as error:
            self._failed(error)
        else:
            self._show(IdentityState.VERIFIED, self.tr("Verified: the caller read out the right code."))
            self.verified.emit(self.customer.customer_id)

    # --- what the dialog shows -----------------------------------------------------------------------

    def _failed(self, error: ClientError) -> None:
        self.error.show_failure(failure_of(error))
        waiting = self.sent is not None and self.state is not IdentityState.SUPPRESSED
        self._show(IdentityState.FAILED, "", keep_error=True, code_open=waiting)

    def _style_blocked_notice(self, colours: Palette) -> None:
        banner = colours.blocked_banner
        self.blocked.setStyleSheet(
            f"QLabel {{ background: {banner.background}; color: {banner.text}; padding: 6px; }}"
        )

    def _style_outcome(self, colours: Palette) -> None:
        """The outcome in the colours of what came of it: the verified badge's, or the problem's."""
        state = self.state
        if state is IdentityState.VERIFIED:
            chip = colours.verified_badge
            style = (
                f"QLabel {{ background: {chip.background}; color: {chip.text};"
                " padding: 6px; font-weight: bold; }"
            )
        elif state in (
            IdentityState.WRONG,
            IdentityState.EXPIRED,
            IdentityState.TOO_MANY_ATTEMPTS,
            IdentityState.SUPPRESSED,
        ):
            style = f"QLabel {{ color: {colours.error_text}; font-weight: bold; }}"
        else:
            style = ""
        self.outcome.setStyleSheet(style)

    def _show(
        self, state: IdentityState, text: str, *, keep_error: bool = False, code_open: bool = False
    ) -> None:
        self.state = state
        if not keep_error:
            self.error.hide()
        self.outcome.setText(text)
        self.outcome.setVisible(bool(text))
        self._style_outcome(palette())

        busy = state in (IdentityState.SENDING, IdentityState.CHECKING)
        choosing = self.sent is None
        self.send_button.setVisible(choosing)
        self.send_button.setEnabled(bool(self.options) and not busy)
        checking = state in (IdentityState.SENT, IdentityState.WRONG, IdentityState.CHECKING) or code_open
        self._code_row.setVisible(checking)
        self.code.setEnabled(checking and not busy)
        self.check_button.setEnabled(checking and not busy)
        self.resend_button.setVisible(
            state in (IdentityState.EXPIRED, IdentityState.TOO_MANY_ATTEMPTS)
            or (state is IdentityState.FAILED and not choosing)
        )
        if self.resend_button.isVisible():
            self.resend_button.setDefault(True)
        elif self.send_button.isVisible():
            self.send_button.setDefault(True)
