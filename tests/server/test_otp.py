"""One-time codes over HTTP: send past opt-outs, suppressed by a block, validate, expiry, attempts, log."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.server.conftest import make_client, sign_in
from tests.server.support import assert_error, rid, rows

ANNA, ZOE = 1, 3
LOG = "/v1/customer-communications"


def send(api, headers, customer=ANNA, channel="TEXT_MESSAGE"):
    answer = api.post(
        f"/v1/customers/{customer}/otp",
        json={"communicationChannel": channel, "requestId": rid()},
        headers=headers,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def code_from_outbox(api, admin, customer=ANNA):
    newest = api.get("/v1/dev/outbox", params={"customerId": customer, "limit": 1}, headers=admin).json()[0]
    return re.search(r"\b(\d{6})\b", newest["content"]).group(1)


def validate(api, headers, otp, code, customer=ANNA):
    return api.post(
        f"/v1/customers/{customer}/otp/{otp['otpId']}/validate", json={"code": code}, headers=headers
    )


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_an_otp_goes_out_despite_an_sms_opt_out(api, login):
    agent, admin = login("agent"), login("admin")
    prefs = api.get(f"/v1/communications/{ANNA}/communication-preferences", headers=agent).json()
    sms = {
        (p["messageCategory"], c["communicationChannel"]): c["active"]
        for p in prefs["preferences"]
        for c in p["channels"]
        if c["communicationChannel"] == "TEXT_MESSAGE"
    }
    assert sms[("GENERAL", "TEXT_MESSAGE")] is False  # opted out of SMS in the demo data
    otp = send(api, agent)
    assert otp["deliveryStatus"] == "SENT"
    expires = datetime.fromisoformat(otp["expiresAt"])
    assert timedelta(minutes=4) < expires - datetime.now(UTC) <= timedelta(minutes=5)
    newest = api.get("/v1/dev/outbox", params={"customerId": ANNA, "limit": 1}, headers=admin).json()[0]
    assert newest["communicationChannel"] == "TEXT_MESSAGE"
    assert re.search(r"\b\d{6}\b", newest["content"])


def test_a_block_suppresses_an_otp_and_a_thread_message_alike(api, login):
    agent, admin = login("agent"), login("admin")
    otp = send(api, agent, customer=ZOE, channel="EMAIL")
    assert otp["deliveryStatus"] == "SUPPRESSED"
    thread = api.post(
        f"/v1/communications/{ZOE}/threads",
        json={
            "communicationThreadStatus": "CREATED",
            "subject": "Account",
            "content": "Please call us back.",
            "communicationDirection": "OUTGOING",
            "communicationChannel": "EMAIL",
            "requestId": rid(),
        },
        headers=agent,
    )
    assert thread.status_code == 201, thread.text
    assert thread.json()["deliveryStatus"] == "SUPPRESSED"
    assert thread.json()["suppressionReason"] == "CUSTOMER_BLOCKED"

    newest = api.get(LOG, params={"customerId": ZOE, "limit": 2}, headers=agent).json()["items"]
    assert [(item["kind"], item["deliveryStatus"], item["suppressionReason"]) for item in newest] == [
        ("MESSAGE", "SUPPRESSED", "CUSTOMER_BLOCKED"),
        ("OTP", "SUPPRESSED", "CUSTOMER_BLOCKED"),
    ]
    outbox = api.get("/v1/dev/outbox", params={"customerId": ZOE}, headers=admin).json()
    assert outbox == []


def test_the_right_code_validates_once_and_the_log_never_shows_it(api, login, database):
    agent, admin = login("agent"), login("admin")
    otp = send(api, agent)
    code = code_from_outbox(api, admin)
    answer = validate(api, agent, otp, code)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"valid": True}
    assert_error(validate(api, agent, otp, code), 410, "otp.expired")  # used up

    log = api.get(LOG, params={"customerId": ANNA, "limit": 3}, headers=agent).json()["items"]
    assert [item["kind"] for item in log] == ["OTP_ATTEMPT", "OTP_ATTEMPT", "OTP"]
    assert all(code not in item["content"] for item in log)
    stored = rows(database, "SELECT code_hash FROM otps WHERE id = ?", otp["otpId"])[0][0]
    assert code not in stored and stored.startswith("$argon2")


def test_five_wrong_codes_then_429_even_for_the_right_one(api, login):
    agent, admin = login("agent"), login("admin")
    otp = send(api, agent)
    code = code_from_outbox(api, admin)
    for left in (4, 3, 2, 1, 0):
        body = assert_error(validate(api, agent, otp, wrong(code)), 422, "otp.invalid")
        assert body["args"] == [left]
    assert_error(validate(api, agent, otp, code), 429, "otp.tooManyAttempts")
    attempts = api.get(LOG, params={"customerId": ANNA, "limit": 7}, headers=agent).json()["items"]
    assert [item["kind"] for item in attempts] == ["OTP_ATTEMPT"] * 6 + ["OTP"]
    assert all(item["communicationDirection"] == "INCOMING" for item in attempts[:6])


def test_a_new_code_replaces_nothing_and_each_keeps_its_own_attempts(api, login):
    agent, admin = login("agent"), login("admin")
    first = send(api, agent)
    first_code = code_from_outbox(api, admin)
    second = send(api, agent)
    second_code = code_from_outbox(api, admin)
    not_second = first_code if first_code != second_code else wrong(second_code)
    assert_error(validate(api, agent, second, not_second), 422, "otp.invalid")
    assert validate(api, agent, first, first_code).status_code == 200


def test_an_expired_code_answers_410(tmp_path, demo_database):
    database = tmp_path / "short.db"
    database.write_bytes(demo_database.read_bytes())
    with make_client(database, otp_ttl_seconds=0) as client:
        agent, admin = sign_in(client, "agent"), sign_in(client, "admin")
        otp = send(client, agent)
        code = code_from_outbox(client, admin)
        assert_error(validate(client, agent, otp, code), 410, "otp.expired")
        attempt = client.get(LOG, params={"customerId": ANNA, "limit": 1}, headers=agent).json()["items"][0]
        assert attempt["kind"] == "OTP_ATTEMPT"
        assert "expired" in attempt["content"]


def test_otp_of_another_customer_or_tenant_is_404(api, login):
    agent = login("agent")
    otp = send(api, agent)
    assert_error(validate(api, agent, otp, "123456", customer=2), 404, "resource.notFound")
    assert_error(validate(api, login("other-agent"), otp, "123456"), 404, "resource.notFound")
    assert_error(
        api.post(f"/v1/customers/{ANNA}/otp", json={"communicationChannel": "EMAIL", "requestId": rid()},
                 headers=login("other-agent")),
        404, "resource.notFound",
    )  # fmt: skip


@pytest.mark.parametrize("channel", ["PHONE", "LETTER"])
def test_otp_only_by_text_message_or_email(api, login, channel):
    answer = api.post(
        f"/v1/customers/{ANNA}/otp",
        json={"communicationChannel": channel, "requestId": rid()},
        headers=login("agent"),
    )
    assert_error(answer, 422, "request.invalid")
