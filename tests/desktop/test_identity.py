"""Verify identity (Ctrl+I) against the real server: the code read back from the demo outbox and typed by
keyboard, a wrong code with the attempts left, an expired code resent, a blocked customer's suppressed
code (said before sending, nothing delivered), and every attempt in the Activity tab."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path
from uuid import uuid4

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.contract.customers import Customer
from app.contract.enums import CommunicationKind, DeliveryStatus, OtpChannel
from app.desktop.customer.drafts import DraftStore
from app.desktop.customer.identity import IdentityDialog, IdentityState, attempts_left, contact_points
from app.desktop.customer.pane import CustomerPane
from tests.desktop.customer_support import (
    ANNA,
    ZOE,
    agent_client_fixture,  # noqa: F401 - the `client` fixture
    api,
)
from tests.desktop.shell import OFFSCREEN_NOISE, run
from tests.desktop.test_customer_live import connect_feed
from tests.live_server import LiveServer

# The offscreen platform warns when a window or dialog is shown; that is no fault of the app.
pytestmark = OFFSCREEN_NOISE

OTHER = 2


def user_pane(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    client: SwitchboardClient,
    drafts: Path,
    customer_id: int,
) -> CustomerPane:
    """A shown pane of the client's signed-in user (its tools as that user gets them), every view loaded."""
    user = run(qtbot, loop, client.me())
    pane = CustomerPane(client, DraftStore(drafts), user=user)
    # Stopped as the app's session end stops it, before the client closes.
    qtbot.addWidget(pane, before_close_func=CustomerPane.shutdown)
    pane.resize(1200, 850)
    pane.show()
    with qtbot.waitSignal(pane.fully_loaded, timeout=15000):
        pane.open_customer(customer_id)
    return pane


def open_identity(qtbot: QtBot, pane: CustomerPane) -> IdentityDialog:
    """Ctrl+I, as the agent presses it with the caller on the line."""
    pane.activateWindow()
    qtbot.keyClick(pane.conversations, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(pane.dialog, IdentityDialog) and pane.dialog.isVisible())
    dialog = pane.dialog
    assert isinstance(dialog, IdentityDialog)
    return dialog


def send(qtbot: QtBot, dialog: IdentityDialog, expected: IdentityState = IdentityState.SENT) -> None:
    """Enter on the dialog presses its default button, Send code."""
    assert dialog.send_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.busy
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert dialog.state is expected, dialog.error.findChild(QLabel, "errorMessage").text()


def sent_code(server: LiveServer, customer_id: int = ANNA) -> str:
    """The code the demo dispatcher sent last (what the caller reads off their phone)."""
    newest = api(
        server, "GET", "/v1/dev/outbox", user="admin", params={"customerId": customer_id, "limit": 1}
    )
    found = re.search(r"\b(\d{6})\b", newest.json()[0]["content"])
    assert found is not None
    return found.group(1)


def type_code(qtbot: QtBot, dialog: IdentityDialog, code: str, expected: IdentityState) -> None:
    """Type what the caller reads out, and Enter."""
    assert dialog.code.isVisible() and dialog.code.isEnabled()
    dialog.code.setFocus()
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, code)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.busy  # the check is on its way
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert dialog.state is expected, dialog.error.findChild(QLabel, "errorMessage").text()


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def logged_kinds(pane: CustomerPane) -> list[tuple[CommunicationKind, str]]:
    return [(item.kind, item.content) for item in pane.activity.model.communications]


def test_the_right_code_shows_verified_in_the_header_until_another_customer_is_opened(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    client: SwitchboardClient,
    tmp_path: Path,
    server: LiveServer,
) -> None:
    pane = user_pane(qtbot, loop, client, tmp_path / "drafts", ANNA)
    assert pane.header.verify_button is not None and pane.header.verify_button.isVisible()
    assert not pane.header.verified_badge.isVisible()
    feed = connect_feed(qtbot, loop, client, pane, server)
    pane.show_tab("activity")
    dialog = open_identity(qtbot, pane)
    customer = pane.customer
    assert customer is not None and customer.phone and customer.email
    # Both contact points the customer has are offered, the text message first; nothing is blocked.
    assert set(dialog.options) == {OtpChannel.TEXT_MESSAGE, OtpChannel.EMAIL}
    assert dialog.options[OtpChannel.TEXT_MESSAGE].isChecked()
    assert customer.phone in dialog.options[OtpChannel.TEXT_MESSAGE].text()
    assert not dialog.blocked.isVisible()

    send(qtbot, dialog)
    assert f"Code sent to {customer.phone} (Text message)" in dialog.outcome.text()
    assert dialog.code.hasFocus()
    type_code(qtbot, dialog, sent_code(server), IdentityState.VERIFIED)

    assert dialog.outcome.text() == "Verified: the caller read out the right code."
    qtbot.waitUntil(pane.header.verified_badge.isVisible)
    assert pane.verified_customer_id == ANNA
    # Both the send and the check are in the Activity tab, live from the event stream.
    qtbot.waitUntil(
        lambda: any(
            kind is CommunicationKind.OTP_ATTEMPT and "correct code" in content
            for kind, content in logged_kinds(pane)
        ),
        timeout=10000,
    )
    assert any(kind is CommunicationKind.OTP for kind, _content in logged_kinds(pane))

    dialog.close()
    with qtbot.waitSignal(pane.fully_loaded, timeout=15000):
        pane.open_customer(OTHER)
    assert not pane.header.verified_badge.isVisible()
    assert pane.verified_customer_id is None
    feed.task.cancel()


def test_a_wrong_code_says_how_many_attempts_are_left_and_then_that_there_were_too_many(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    client: SwitchboardClient,
    tmp_path: Path,
    server: LiveServer,
) -> None:
    pane = user_pane(qtbot, loop, client, tmp_path / "drafts", ANNA)
    feed = connect_feed(qtbot, loop, client, pane, server)
    dialog = open_identity(qtbot, pane)
    dialog.options[OtpChannel.EMAIL].setChecked(True)
    send(qtbot, dialog)
    assert "(Email), valid until" in dialog.outcome.text()
    code = sent_code(server)

    type_code(qtbot, dialog, wrong(code), IdentityState.WRONG)
    assert dialog.outcome.text() == "Wrong code: 4 attempts left."
    assert dialog.code.isEnabled() and dialog.code.hasFocus()
    for _ in range(2):
        type_code(qtbot, dialog, wrong(code), IdentityState.WRONG)
    assert dialog.outcome.text() == "Wrong code: 2 attempts left."
    type_code(qtbot, dialog, wrong(code), IdentityState.WRONG)
    assert dialog.outcome.text() == "Wrong code: 1 attempt left."
    assert not pane.header.verified_badge.isVisible()
    type_code(qtbot, dialog, wrong(code), IdentityState.WRONG)
    assert dialog.outcome.text() == "Wrong code: no attempts left."

    # Even the right code is refused now: the code is used up, and a new one is offered.
    type_code(qtbot, dialog, code, IdentityState.TOO_MANY_ATTEMPTS)
    assert "Too many wrong codes" in dialog.outcome.text()
    assert dialog.resend_button.isVisible() and not dialog.code.isVisible()
    assert not pane.header.verified_badge.isVisible()
    attempts = [c for k, c in logged_kinds_of(qtbot, pane, 6) if k is CommunicationKind.OTP_ATTEMPT]
    assert sum("wrong code," in content for content in attempts) == 5
    assert sum("too many wrong codes" in content for content in attempts) == 1
    feed.task.cancel()


def logged_kinds_of(qtbot: QtBot, pane: CustomerPane, attempts: int) -> list[tuple[CommunicationKind, str]]:
    """The Activity tab's rows once it lists this many code checks (it follows the event stream)."""
    qtbot.waitUntil(
        lambda: sum(k is CommunicationKind.OTP_ATTEMPT for k, _c in logged_kinds(pane)) == attempts,
        timeout=10000,
    )
    return logged_kinds(pane)


def test_an_expired_code_is_said_so_and_resend_sends_a_new_one(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    client: SwitchboardClient,
    tmp_path: Path,
    server: LiveServer,
) -> None:
    pane = user_pane(qtbot, loop, client, tmp_path / "drafts", ANNA)
    dialog = open_identity(qtbot, pane)
    send(qtbot, dialog)
    first = dialog.sent
    assert first is not None
    code = sent_code(server)
    # Five minutes pass: the code's expiry moves into the past in the server's own database.
    with sqlite3.connect(server.database, timeout=10) as db:
        changed = db.execute(
            "UPDATE otps SET expires_at = '2000-01-01 00:00:00.000000' WHERE id = ?", (str(first.otp_id),)
        ).rowcount
    assert changed == 1

    type_code(qtbot, dialog, code, IdentityState.EXPIRED)
    assert dialog.outcome.text() == "The code expired. Resend a new code to the caller."
    assert dialog.resend_button.isVisible() and dialog.resend_button.isDefault()
    assert not pane.header.verified_badge.isVisible()

    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Resend code
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert dialog.state is IdentityState.SENT
    assert dialog.sent is not None and dialog.sent.otp_id != first.otp_id
    assert dialog.sent.communication_channel is OtpChannel.TEXT_MESSAGE  # the same contact point
    type_code(qtbot, dialog, sent_code(server), IdentityState.VERIFIED)
    qtbot.waitUntil(pane.header.verified_badge.isVisible)


def test_a_blocked_customer_is_told_before_sending_that_no_code_will_arrive(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    client: SwitchboardClient,
    tmp_path: Path,
    server: LiveServer,
) -> None:
    pane = user_pane(qtbot, loop, client, tmp_path / "drafts", ZOE)
    assert pane.banner.isVisible()
    feed = connect_feed(qtbot, loop, client, pane, server)
    pane.show_tab("activity")
    dialog = open_identity(qtbot, pane)
    assert dialog.blocked.isVisible()
    assert dialog.blocked.text().startswith(
        "Communication with this customer is blocked (Suspended): no code will be delivered."
    )
    assert not dialog.code.isVisible()

    send(qtbot, dialog, IdentityState.SUPPRESSED)
    assert dialog.outcome.text().startswith("Suppressed: no code was delivered")
    assert "Do not wait for a code" in dialog.outcome.text()
    # Nothing to type and nothing to wait for: no code field, no resend.
    assert not dialog.code.isVisible() and not dialog.resend_button.isVisible()
    assert dialog.sent is not None and dialog.sent.delivery_status is DeliveryStatus.SUPPRESSED
    assert api(server, "GET", "/v1/dev/outbox", user="admin", params={"customerId": ZOE}).json() == []
    qtbot.waitUntil(
        lambda: any(
            item.kind is CommunicationKind.OTP and item.delivery_status is DeliveryStatus.SUPPRESSED
            for item in pane.activity.model.communications
        ),
        timeout=10000,
    )
    assert not pane.header.verified_badge.isVisible()
    feed.task.cancel()


def test_only_the_contact_points_the_customer_has_are_offered(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    client: SwitchboardClient,
    tmp_path: Path,
    server: LiveServer,
) -> None:
    created = api(
        server,
        "POST",
        "/v1/customers",
        json={
            "firstName": "Ida",
            "lastName": "Ohnefon",
            "email": "ida@example.org",
            "requestId": str(uuid4()),
        },
    ).json()
    pane = user_pane(qtbot, loop, client, tmp_path / "drafts", created["customerId"])
    dialog = open_identity(qtbot, pane)
    assert set(dialog.options) == {OtpChannel.EMAIL}
    assert dialog.options[OtpChannel.EMAIL].isChecked()
    missing = dialog.missing[OtpChannel.TEXT_MESSAGE]
    assert missing.isVisible()
    assert missing.text() == "Text message: not offered, the customer has no phone number."
    send(qtbot, dialog)
    assert "Code sent to ida@example.org (Email)" in dialog.outcome.text()


def test_a_customer_with_no_contact_point_is_told_no_code_can_be_sent(
    qtbot: QtBot, client: SwitchboardClient
) -> None:
    customer = Customer.model_validate(
        {
            "customerId": 9,
            "firstName": "No",
            "lastName": "Contact",
            "email": None,
            "phone": None,
            "language": "en",
            "statusLabel": None,
            "communicationBlocked": False,
            "createdAt": "2024-01-01T00:00:00Z",
        }
    )
    assert [point.address for point in contact_points(customer)] == [None, None]
    dialog = IdentityDialog(client, customer)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.options == {}
    assert not dialog.send_button.isEnabled()
    assert dialog.outcome.text() == "No code can be sent: the customer has no phone or email."
    assert dialog.missing[OtpChannel.EMAIL].text() == "Email: not offered, the customer has no email address."


def test_the_attempts_left_have_their_plural_forms() -> None:
    assert attempts_left(1) == "1 attempt left"
    assert attempts_left(2) == "2 attempts left"
    assert attempts_left(0) == "no attempts left"
