"""The SMTP dispatcher against a real aiosmtpd server on loopback; a dead server marks mail FAILED."""

from __future__ import annotations

import json
import re
import socket
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

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


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


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


def test_a_dead_smtp_server_marks_the_message_failed_not_lost(database):
    with make_client(database, smtp_url=f"smtp://127.0.0.1:{free_port()}") as client:
        agent = sign_in(client, "agent")
        answer = client.post(f"/v1/communications/{ANNA}/threads", json=thread_body(), headers=agent)
        assert answer.status_code == 201
        stored = newest(client, agent)
        assert stored["communicationId"] == answer.json()["communicationId"]
        assert stored["deliveryStatus"] == "FAILED"
        summary = client.get(f"/v1/communications/{ANNA}/threads/{answer.json()['threadId']}", headers=agent)
        assert summary.json()["communicationCount"] == 1


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
