"""The communications log over HTTP: filters, tenant scope, logging with details, delivery events."""

from __future__ import annotations

import json

from tests.server.support import assert_error, rid, rows

ANNA, JUERGEN, ZOE = 1, 2, 3
LOG = "/v1/customer-communications"

DETAILS = {
    "sender": {
        "userId": None,
        "systemComponent": "newsletter",
        "phone": None,
        "email": "service@example.com",
    },
    "recipient": {"name": "Anna Müller", "phone": None, "email": "anna.muller1@example.com"},
    "templateId": "welcome-2",
    "templateVariables": {"firstName": "Anna"},
    "attachments": [
        {"name": "contract.pdf", "type": "application/pdf", "url": "https://x.example/c.pdf", "size": 1234}
    ],
}


def log(api, headers, **overrides):
    body = {
        "customerId": ANNA,
        "communicationDirection": "OUTGOING",
        "communicationChannel": "EMAIL",
        "subject": "Welcome",
        "content": "Welcome to the club!",
        "requestId": rid(),
    }
    body.update(overrides)
    return api.post(LOG, json=body, headers=headers)


def test_logging_outgoing_with_details_dispatches_it(api, login):
    agent = login("agent")
    answer = log(api, agent, details=DETAILS)
    assert answer.status_code == 201, answer.text
    logged = answer.json()
    assert logged["threadId"] is None
    assert logged["kind"] == "LOGGED"
    assert logged["deliveryStatus"] == "SENT"
    assert logged["details"] == DETAILS
    found = api.get(LOG, params={"customerId": ANNA, "limit": 1}, headers=agent).json()["items"][0]
    assert found == logged
    outbox = api.get("/v1/dev/outbox", params={"customerId": ANNA}, headers=login("admin")).json()
    assert outbox[0]["communicationId"] == logged["communicationId"]
    assert outbox[0]["content"] == "Welcome to the club!"
    assert outbox[0]["recipient"] == "anna.muller1@example.com"


def test_ondis_sender_and_recipient_objects_are_taken_in_its_own_spelling(api, login):
    """Ondi's `communication_details`: sender `{user_id, system_component, phone}`, recipient
    `{phone, name}`. Answered in camelCase, the phone numbers in E.164, a user id as text."""
    ondi = {
        "sender": {"user_id": 4711, "system_component": "ivr", "phone": "+49 30 1234567"},
        "recipient": {"phone": "0151 23456789", "name": "Anna Müller"},
    }
    answer = log(api, login(), communicationDirection="INCOMING", communicationChannel="PHONE", details=ondi)
    assert answer.status_code == 201, answer.text
    details = answer.json()["details"]
    assert details["sender"] == {
        "userId": "4711",
        "systemComponent": "ivr",
        "phone": "+49301234567",
        "email": None,
    }
    assert details["recipient"] == {"name": "Anna Müller", "phone": "+4915123456789", "email": None}
    thread = {
        "communicationThreadStatus": "ONGOING",
        "subject": "Callback",
        "content": "Called back.",
        "communicationDirection": "OUTGOING",
        "communicationChannel": "PHONE",
        "details": {"sender": {"userId": "agent-7"}, "recipient": {"phone": "+4915123456789"}},
    }
    created = api.post(f"/v1/communications/{ANNA}/threads", json=thread, headers=login())
    assert created.status_code == 201, created.text
    assert created.json()["details"]["sender"]["userId"] == "agent-7"
    assert created.json()["details"]["recipient"]["phone"] == "+4915123456789"


def test_a_sender_or_recipient_that_is_no_phone_or_email_is_422_naming_it(api, login, database):
    before = rows(database, "SELECT count(*) FROM communications")
    cases = [
        ({"sender": {"phone": "not a number"}}, "details.sender.phone"),
        ({"sender": {"email": "nobody"}}, "details.sender.email"),
        ({"recipient": {"phone": "+49 1"}}, "details.recipient.phone"),
        ({"recipient": {"email": "a@b@c"}}, "details.recipient.email"),
        ({"recipient": {"name": "Anna", "fax": "123"}}, "details.recipient.fax"),
        ({"sender": "service@example.com"}, "details.sender"),  # a plain text, as before: an object now
    ]
    for details, reference in cases:
        answer = log(api, login(), details=details)
        assert assert_error(answer, 422, "request.invalid")["reference"] == reference
    assert rows(database, "SELECT count(*) FROM communications") == before


def test_details_stored_as_plain_text_by_an_older_version_read_back_as_objects(api, login, database):
    """An older version stored sender and recipient as one text each; they read back as the email
    address or phone number they are, else as the sender's system component or the recipient's name."""
    agent = login("agent")
    logged = log(api, agent, communicationDirection="INCOMING", communicationChannel="PHONE").json()
    older = [
        ({"sender": "+49 151 000", "recipient": "hotline"}, ({"phone": "+49 151 000"}, {"name": "hotline"})),
        ({"sender": "ivr", "recipient": "anna@example.com"},
         ({"systemComponent": "ivr"}, {"email": "anna@example.com"})),
        ({"sender": "", "recipient": None, "templateId": "t-1"}, (None, None)),
    ]  # fmt: skip
    for stored, (sender, recipient) in older:
        rows(
            database,
            "UPDATE communications SET details = ? WHERE id = ?",
            json.dumps(stored),
            logged["communicationId"],
        )
        found = api.get(LOG, params={"customerId": ANNA, "limit": 1}, headers=agent).json()["items"][0]
        assert found["communicationId"] == logged["communicationId"]
        expected_sender = (
            None
            if sender is None
            else {"userId": None, "systemComponent": None, "phone": None, "email": None, **sender}
        )
        expected_recipient = (
            None if recipient is None else {"name": None, "phone": None, "email": None, **recipient}
        )
        assert (found["details"]["sender"], found["details"]["recipient"]) == (
            expected_sender,
            expected_recipient,
        )


def test_logging_something_sent_elsewhere_or_received(api, login):
    agent = login("agent")
    sent = log(api, agent, deliveryStatus="DELIVERED").json()
    assert sent["deliveryStatus"] == "DELIVERED"
    outbox = api.get("/v1/dev/outbox", params={"customerId": ANNA}, headers=login("admin")).json()
    assert sent["communicationId"] not in {item["communicationId"] for item in outbox}
    received = log(api, agent, communicationDirection="INCOMING", communicationChannel="PHONE").json()
    assert received["deliveryStatus"] == "RECEIVED"
    assert_error(
        log(api, agent, communicationDirection="INCOMING", deliveryStatus="SENT"), 422, "request.invalid"
    )
    assert_error(log(api, agent, deliveryStatus="SUPPRESSED"), 422, "request.invalid")


def test_logging_follows_the_outbound_rules(api, login):
    agent = login("agent")
    before = api.get(LOG, params={"customerId": ANNA}, headers=agent).json()["total"]
    refused = log(api, agent, messageCategory="GENERAL", communicationChannel="TEXT_MESSAGE")
    assert_error(refused, 409, "communication.optedOut")
    assert api.get(LOG, params={"customerId": ANNA}, headers=agent).json()["total"] == before
    suppressed = log(api, agent, customerId=ZOE, deliveryStatus="SENT").json()
    assert suppressed["deliveryStatus"] == "SUPPRESSED"
    assert suppressed["suppressionReason"] == "CUSTOMER_BLOCKED"


def test_logging_for_another_tenants_customer_is_404(api, login):
    assert_error(log(api, login("other-agent")), 404, "resource.notFound")


def test_every_filter_narrows_the_log(api, login):
    agent = login("agent")
    filters = {
        "customerId": ZOE,
        "threadId": 1,
        "communicationChannel": "EMAIL",
        "communicationDirection": "OUTGOING",
        "deliveryStatus": "SUPPRESSED",
    }
    field_of = {
        "customerId": "customerId",
        "threadId": "threadId",
        "communicationChannel": "communicationChannel",
        "communicationDirection": "communicationDirection",
        "deliveryStatus": "deliveryStatus",
    }
    everything = api.get(LOG, headers=agent).json()["total"]
    for name, value in filters.items():
        page = api.get(LOG, params={name: value, "limit": 100}, headers=agent).json()
        assert 0 < page["total"] < everything, name
        assert {item[field_of[name]] for item in page["items"]} == {value}, name

    items = api.get(LOG, params={"customerId": ZOE, "limit": 100}, headers=agent).json()["items"]
    stamps = [item["communicationDateTime"] for item in items]
    assert stamps == sorted(stamps, reverse=True)
    middle = stamps[len(stamps) // 2]
    newer = api.get(LOG, params={"customerId": ZOE, "from": middle, "limit": 100}, headers=agent).json()
    older = api.get(LOG, params={"customerId": ZOE, "to": middle, "limit": 100}, headers=agent).json()
    assert all(item["communicationDateTime"] >= middle for item in newer["items"])
    assert all(item["communicationDateTime"] <= middle for item in older["items"])
    assert newer["total"] + older["total"] == len(items) + 1  # the middle one is in both


def test_from_and_to_take_zoned_date_times(api, login):
    agent = login("agent")
    at = log(
        api, agent, communicationDirection="INCOMING", communicationDateTime="2031-03-01T10:00:00Z"
    ).json()
    found = api.get(
        LOG,
        params={"from": "2031-03-01T11:00:00+01:00[Europe/Berlin]", "to": "2031-03-01T11:00:00+01:00"},
        headers=agent,
    ).json()
    assert [item["communicationId"] for item in found["items"]] == [at["communicationId"]]
    assert_error(api.get(LOG, params={"to": "yesterday"}, headers=agent), 422, "request.invalid")


def test_the_log_is_tenant_scoped(api, login):
    other = login("other-agent")
    mine = api.get(LOG, params={"customerId": ANNA}, headers=other).json()
    assert mine["total"] == 0
    own = api.get(LOG, params={"limit": 100}, headers=other).json()
    assert own["total"] > 0
    ours = {
        c["customerId"]
        for c in api.get("/v1/customers", params={"limit": 100}, headers=other).json()["items"]
    }
    assert {item["customerId"] for item in own["items"]} <= ours


def test_delivery_events_only_move_forward(api, login):
    admin = login("admin")
    sent = log(api, login("agent")).json()
    path = f"{LOG}/{sent['communicationId']}/delivery-events"

    def report(status):
        answer = api.post(path, json={"deliveryStatus": status, "at": "2026-11-23T10:00:00Z"}, headers=admin)
        assert answer.status_code == 200, answer.text
        return answer.json()["deliveryStatus"]

    assert report("DELIVERED") == "DELIVERED"
    assert report("READ") == "READ"
    assert report("DELIVERED") == "READ"  # a late callback keeps the state
    assert report("FAILED") == "READ"
    stored = api.get(LOG, params={"customerId": ANNA, "limit": 1}, headers=admin).json()["items"][0]
    assert stored["deliveryStatus"] == "READ"


def test_a_delivery_event_is_announced_only_when_it_changes_the_status(api, login, database):
    admin = login("admin")
    sent = log(api, login("agent")).json()
    path = f"{LOG}/{sent['communicationId']}/delivery-events"
    for status in ("DELIVERED", "DELIVERED", "READ", "DELIVERED", "FAILED"):
        answer = api.post(path, json={"deliveryStatus": status, "at": "2026-11-23T10:00:00Z"}, headers=admin)
        assert answer.status_code == 200, answer.text
    announced = rows(
        database,
        "SELECT json_extract(data, '$.deliveryStatus') FROM events"
        " WHERE type = 'communication.deliveryStatusChanged' AND json_extract(data, '$.communicationId') = ?"
        " ORDER BY id",
        sent["communicationId"],
    )
    assert [status for (status,) in announced] == ["DELIVERED", "READ"]


def test_a_failure_ends_a_sent_communication(api, login):
    admin = login("admin")
    sent = log(api, login("agent")).json()
    path = f"{LOG}/{sent['communicationId']}/delivery-events"
    failed = api.post(
        path,
        json={"deliveryStatus": "FAILED", "at": "2026-11-23T10:00:00Z", "reason": "bounced"},
        headers=admin,
    )
    assert (failed.json()["deliveryStatus"], failed.json()["failureReason"]) == ("FAILED", "bounced")
    later = api.post(path, json={"deliveryStatus": "DELIVERED", "at": "2026-11-23T10:01:00Z"}, headers=admin)
    assert (later.json()["deliveryStatus"], later.json()["failureReason"]) == ("FAILED", "bounced")
    # A repeated report with another reason changes nothing: the first failure's reason stays.
    again = {"deliveryStatus": "FAILED", "at": "2026-11-23T10:02:00Z", "reason": "mailbox full"}
    assert api.post(path, json=again, headers=admin).json()["failureReason"] == "bounced"
    stored = api.get(LOG, params={"customerId": ANNA, "limit": 1}, headers=admin).json()["items"][0]
    assert (stored["communicationId"], stored["failureReason"]) == (sent["communicationId"], "bounced")


def test_delivery_events_keep_suppressed_and_received(api, login):
    admin = login("admin")
    suppressed = api.get(LOG, params={"deliveryStatus": "SUPPRESSED", "limit": 1}, headers=admin).json()[
        "items"
    ][0]
    path = f"{LOG}/{suppressed['communicationId']}/delivery-events"
    answer = api.post(path, json={"deliveryStatus": "DELIVERED", "at": "2026-11-23T10:00:00Z"}, headers=admin)
    assert answer.json()["deliveryStatus"] == "SUPPRESSED"


def test_delivery_events_need_delivery_write_and_the_tenant(api, login):
    sent = log(api, login("agent")).json()
    path = f"{LOG}/{sent['communicationId']}/delivery-events"
    body = {"deliveryStatus": "DELIVERED", "at": "2026-11-23T10:00:00Z"}
    assert_error(api.post(path, json=body, headers=login("supervisor")), 403, "auth.forbidden")
    assert_error(
        api.post(f"{LOG}/999999999/delivery-events", json=body, headers=login("admin")),
        404,
        "resource.notFound",
    )
    assert_error(
        api.post(path, json={**body, "deliveryStatus": "SENT"}, headers=login("admin")),
        422,
        "request.invalid",
    )
