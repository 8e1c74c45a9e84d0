"""The SMTP dispatcher against a real aiosmtpd server on loopback.

A transient failure (a 4xx reply, no server) is tried again, in stamina's test mode (no waits, the
server's own number of attempts); a permanent one (a 5xx reply, a mail the email package refuses) is
FAILED at once. Every failure keeps its reason and announces its `communication.deliveryStatusChanged`.
"""

from __future__ import annotations

import json
import re
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message

import pytest
import stamina
from aiosmtpd.controller import Controller

from app.server.dispatch import SmtpRetry
from tests.server.conftest import make_client, sign_in
from tests.server.support import rid, rows

ANNA = 1
LOG = "/v1/customer-communications"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    """aiosmtpd handler keeping every accepted message."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


class Refusing(Inbox):
    """Answers RCPT, then DATA, with the given replies first (one per attempt), then accepts."""

    def __init__(self, rcpt: tuple[str, ...] = (), data: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.rcpt_replies, self.data_replies = list(rcpt), list(data)
        #: Mail transactions the dispatcher started (one RCPT each: a mail has one recipient).
        self.attempts = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        self.attempts += 1
        if self.rcpt_replies:
            return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.data_replies:
            return self.data_replies.pop(0)
        return await super().handle_DATA(server, session, envelope)


@contextmanager
def serving(handler: Inbox) -> Iterator[int]:
    """An aiosmtpd server with this handler on a free loopback port; yields the port."""
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def no_backoff() -> Iterator[None]:
    """Retries without their waits, as many as the server makes (capped at far more than that)."""
    with stamina.set_testing(True, attempts=100, cap=True):
        yield


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    with serving(inbox) as port:
        yield inbox, port


def thread_body(channel: str = "EMAIL") -> dict:
    return {
        "communicationThreadStatus": "CREATED",
        "subject": "Your contract",
        "content": "Dear Anna, your contract was renewed.",
        "communicationDirection": "OUTGOING",
        "communicationChannel": channel,
        "requestId": rid(),
    }


def newest(client, headers) -> dict:
    return client.get(LOG, params={"customerId": ANNA, "limit": 1}, headers=headers).json()["items"][0]


def test_email_goes_through_smtp_and_is_then_sent(database, smtp):
    inbox, port = smtp
    with make_client(database, smtp_url=f"smtp://127.0.0.1:{port}", smtp_sender="desk@example.com") as client:
        agent = sign_in(client, "agent")
        answer = client.post(f"/v1/communications/{ANNA}/threads", json=thread_body(), headers=agent)
        assert answer.status_code == 201, answer.text
        assert answer.json()["deliveryStatus"] == "QUEUED"  # at commit time; the send follows it
        assert newest(client, agent)["deliveryStatus"] == "SENT"
        assert len(inbox.messages) == 1
        recipients, mail = inbox.messages[0]
        assert recipients == ["anna.muller1@example.com"]
        assert mail["From"] == "desk@example.com"
        assert mail["Subject"] == "Your contract"
        assert "your contract was renewed" in mail.get_payload()
        # Not an email: still the outbox, sent at once.
        sms = client.post(f"/v1/communications/{ANNA}/threads", json=thread_body("PHONE"), headers=agent)
        assert sms.json()["deliveryStatus"] == "SENT"
        assert len(inbox.messages) == 1


def test_an_otp_by_email_arrives_and_validates(database, smtp):
    inbox, port = smtp
    with make_client(database, smtp_url=f"smtp://127.0.0.1:{port}") as client:
        agent = sign_in(client, "agent")
        otp = client.post(
            f"/v1/customers/{ANNA}/otp",
            json={"communicationChannel": "EMAIL", "requestId": rid()},
            headers=agent,
        ).json()
        code = re.search(r"\b(\d{6})\b", inbox.messages[-1][1].get_payload()).group(1)
        checked = client.post(
            f"/v1/customers/{ANNA}/otp/{otp['otpId']}/validate", json={"code": code}, headers=agent
        )
        assert checked.json() == {"valid": True}
        sent = client.get(LOG, params={"customerId": ANNA, "limit": 2}, headers=agent).json()["items"][1]
        assert (sent["kind"], sent["deliveryStatus"]) == ("OTP", "SENT")


def status_changes(database, communication_id: int) -> list[dict]:
    """The `communication.deliveryStatusChanged` events of one communication, oldest first."""
    found = rows(database, "SELECT data FROM events WHERE type = 'communication.deliveryStatusChanged'")
    return [data for (raw,) in found if (data := json.loads(raw))["communicationId"] == communication_id]


def send_one(database, port: int) -> tuple[dict, dict]:
    """Anna's new email thread, sent through the SMTP server on `port`: (the answer, as it is stored
    once the send is over)."""
    with make_client(database, smtp_url=f"smtp://127.0.0.1:{port}") as client:
        agent = sign_in(client, "agent")
        answer = client.post(f"/v1/communications/{ANNA}/threads", json=thread_body(), headers=agent)
        assert answer.status_code == 201, answer.text
        assert answer.json()["deliveryStatus"] == "QUEUED"
        stored = newest(client, agent)
        assert stored["communicationId"] == answer.json()["communicationId"]
        return answer.json(), stored


def test_a_dead_smtp_server_marks_the_message_failed_not_lost(database):
    port = free_port()
    answer, stored = send_one(database, port)
    assert stored["deliveryStatus"] == "FAILED"
    assert f"port {port}" in stored["failureReason"]  # aiosmtplib's "Error connecting to ... on port ..."
    [event] = status_changes(database, stored["communicationId"])
    assert (event["deliveryStatus"], event["failureReason"]) == ("FAILED", stored["failureReason"])
    with make_client(database) as client:
        summary = client.get(
            f"/v1/communications/{ANNA}/threads/{answer['threadId']}", headers=sign_in(client, "agent")
        )
        assert summary.json()["communicationCount"] == 1


def test_transient_replies_are_tried_again_and_the_mail_arrives_once(database):
    """421 and 451 to RCPT, then 451 to DATA: tried again each time, and sent at the fourth attempt."""
    server = Refusing(
        rcpt=("421 4.3.2 Service shutting down", "451 4.7.1 Greylisted, try again later"),
        data=("451 4.3.0 Queue full, try again",),
    )
    with serving(server) as port:
        _, stored = send_one(database, port)
    assert (stored["deliveryStatus"], stored["failureReason"]) == ("SENT", None)
    assert server.attempts == 4
    assert len(server.messages) == 1
    assert server.messages[0][1]["Subject"] == "Your contract"
    assert [e["deliveryStatus"] for e in status_changes(database, stored["communicationId"])] == ["SENT"]


def test_a_transient_failure_that_lasts_fails_after_the_last_attempt(database):
    server = Refusing(rcpt=("451 4.7.1 Greylisted, try again later",) * 20)
    with serving(server) as port:
        _, stored = send_one(database, port)
    assert server.attempts == SmtpRetry().attempts
    assert (stored["deliveryStatus"], stored["failureReason"]) == (
        "FAILED",
        "451 4.7.1 Greylisted, try again later (anna.muller1@example.com)",
    )
    assert server.messages == []


@pytest.mark.parametrize(
    ("refusal", "reason"),
    [
        ({"rcpt": ("550 5.1.1 No such user",)}, "550 5.1.1 No such user (anna.muller1@example.com)"),
        ({"data": ("554 5.7.1 Message rejected as spam",)}, "554 5.7.1 Message rejected as spam"),
    ],
    ids=["recipient refused", "message refused"],
)
def test_a_permanent_refusal_fails_at_once_with_the_reply(database, refusal, reason):
    server = Refusing(**refusal)
    with serving(server) as port:
        _, stored = send_one(database, port)
    assert server.attempts == 1
    assert server.messages == []
    assert (stored["deliveryStatus"], stored["failureReason"]) == ("FAILED", reason)
    [event] = status_changes(database, stored["communicationId"])
    assert (event["deliveryStatus"], event["failureReason"]) == ("FAILED", reason)


def test_a_mail_the_email_package_refuses_fails_at_once_and_is_never_sent(database, smtp):
    """An address with a line break in it (stored before any check, or by another system) would
    smuggle a header in: the email package refuses to write it, and the send ends there."""
    inbox, port = smtp
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE customers SET email = ? WHERE id = ?",
            ("anna.muller1@example.com\r\nBcc: eve@example.com", ANNA),
        )
    _, stored = send_one(database, port)
    assert stored["deliveryStatus"] == "FAILED"
    assert "linefeed or carriage return" in stored["failureReason"]
    assert inbox.messages == []
    [event] = status_changes(database, stored["communicationId"])
    assert (event["deliveryStatus"], event["failureReason"]) == ("FAILED", stored["failureReason"])


def test_an_email_to_a_customer_without_an_address_fails_saying_so(database, smtp):
    _, port = smtp
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE customers SET email = NULL, email_lower = NULL WHERE id = ?", (ANNA,))
    with make_client(database, smtp_url=f"smtp://127.0.0.1:{port}") as client:
        agent = sign_in(client, "agent")
        answer = client.post(f"/v1/communications/{ANNA}/threads", json=thread_body(), headers=agent)
        assert answer.status_code == 201, answer.text
    assert (answer.json()["deliveryStatus"], answer.json()["failureReason"]) == (
        "FAILED",
        "the customer has no email address",
    )


def test_a_send_cut_off_by_a_stop_is_marked_failed_at_the_next_start(database, smtp):
    _, port = smtp
    stale = (datetime.now(UTC) - timedelta(minutes=10)).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(database) as connection:
        tenant = connection.execute("SELECT tenant_id FROM customers WHERE id = ?", (ANNA,)).fetchone()[0]
        cursor = connection.execute(
            "INSERT INTO communications (tenant_id, customer_id, kind, content, direction, channel,"
            " communication_date_time, delivery_status, created_at)"
            " VALUES (?, ?, 'LOGGED', 'Sent just before a crash', 'OUTGOING', 'EMAIL', ?, 'QUEUED', ?)",
            (tenant, ANNA, stale, stale),
        )
        interrupted = cursor.lastrowid
    with make_client(database, smtp_url=f"smtp://127.0.0.1:{port}") as client:
        agent = sign_in(client, "agent")
        found = client.get(LOG, params={"customerId": ANNA, "limit": 100}, headers=agent).json()["items"]
        assert {item["communicationId"]: item["deliveryStatus"] for item in found}[interrupted] == "FAILED"
    event = rows(database, "SELECT type, data FROM events ORDER BY id DESC LIMIT 1")[0]
    assert event[0] == "communication.deliveryStatusChanged"
    assert json.loads(event[1])["communicationId"] == interrupted
    assert json.loads(event[1])["failureReason"] == "the server stopped before the send was confirmed"
