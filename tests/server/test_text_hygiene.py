"""Text in request bodies, on SQLite and on PostgreSQL alike: a NUL anywhere is 422, a line break in a
single-line field is 422, each naming the field (dotted, with indexes), and nothing is stored; free
text (a message, a comment) keeps its line breaks.

Every test runs on both engines (the fixtures of test_postgresql.py; PostgreSQL is skipped without
`SWITCHBOARD_TEST_POSTGRES_URL`).
"""

from __future__ import annotations

from typing import Any

from tests.server.postgres import stored
from tests.server.support import assert_error, demo_sessions, thread_body
from tests.server.test_postgresql import api, database, engine, login, postgres_template, sessions

__all__ = ["api", "database", "demo_sessions", "engine", "login", "postgres_template", "sessions"]

ANNA, QUIET = 1, 20
THREADS = f"/v1/communications/{ANNA}/threads"
LOG = "/v1/customer-communications"
NUL_MESSAGE = "text must not contain the NUL character (U+0000)"
LINE_BREAK_MESSAGE = "must be one line: no line break (CR or LF)"
#: Every table a refused request could have written to.
TABLES = (
    "customers",
    "threads",
    "communications",
    "outbox",
    "events",
    "idempotency_keys",
    "consent_changes",
    "status_changes",
    "status_labels",
    "message_categories",
    "marketing_preferences",
    "approval_requests",
    "api_keys",
    "access_tokens",
)


def log_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "customerId": ANNA,
        "communicationDirection": "INCOMING",
        "communicationChannel": "PHONE",
        "subject": "Call",
        "content": "The customer called.",
    }
    body.update(overrides)
    return body


DETAILS: dict[str, Any] = {
    "sender": {"systemComponent": "telephony", "phone": "+49 151 23456789"},
    "recipient": {"name": "Hotline"},
    "templateId": "call-note",
    "templateVariables": {"firstName": "Anna"},
    "attachments": [{"name": "call.mp3", "type": "audio/mpeg", "url": "https://x.example/c.mp3", "size": 9}],
}


def with_details(**changes: Any) -> dict[str, Any]:
    """DETAILS with parts changed: `sender={"phone": ...}` merges into the sender, `attachment={...}`
    into the one attachment, anything else replaces its field."""
    details = dict(DETAILS)
    for part in ("sender", "recipient"):
        if part in changes:
            details[part] = {**DETAILS[part], **changes.pop(part)}
    if "attachment" in changes:
        details["attachments"] = [{**DETAILS["attachments"][0], **changes.pop("attachment")}]
    details.update(changes)
    return details


def preferences_body(channel: str) -> dict[str, Any]:
    return {
        "preferences": [
            {
                "messageCategory": "NEWSLETTER",
                "channels": [
                    {"communicationChannel": "EMAIL", "active": True},
                    {"communicationChannel": channel, "active": True},
                ],
            }
        ]
    }


def counts(database: str) -> dict[str, int]:
    return {table: stored(database, f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}


def refused(answer: Any, reference: str, message: str) -> None:
    body = assert_error(answer, 422, "request.invalid")
    assert body["reference"] == reference, body
    assert body["args"] == [f"{reference}: {message}"], body


def test_a_nul_anywhere_in_a_body_is_422_naming_where_and_nothing_is_stored(api, login, database):
    agent, admin = login("agent"), login("admin")
    cases: list[tuple[str, str, dict[str, Any], dict[str, str], str]] = [
        ("POST", "/v1/customers", {"firstName": "Nul\u0000", "lastName": "Byte"}, agent, "firstName"),
        ("POST", "/v1/customers", {"firstName": "A", "lastName": "B", "email": "a\u0000@x.example"}, agent,
         "email"),
        ("POST", THREADS, thread_body(content="Hello\u0000"), agent, "content"),
        ("POST", THREADS, thread_body(subject="\u0000"), agent, "subject"),
        ("POST", THREADS, thread_body(ticketNumber="T-\u00001"), agent, "ticketNumber"),
        ("POST", THREADS, thread_body(ticketLink="https://t.example/a\u0000b"), agent, "ticketLink"),
        ("POST", THREADS, thread_body(agent="Peter\u0000"), agent, "agent"),
        ("POST", THREADS, thread_body(communicationChannel="EMAIL\u0000"), agent, "communicationChannel"),
        ("POST", THREADS, thread_body(communicationDateTime="2026-05-01T10:00:00Z\u0000"), agent,
         "communicationDateTime"),
        ("POST", THREADS, thread_body(details=with_details(sender={"systemComponent": "crm\u0000"})), agent,
         "details.sender.systemComponent"),
        ("POST", THREADS, thread_body(details=with_details(templateVariables={"firstName": "A\u0000"})),
         agent, "details.templateVariables.firstName"),
        ("POST", THREADS, thread_body(details=with_details(attachment={"url": "https://x.example/\u0000"})),
         agent, "details.attachments[0].url"),
        ("POST", f"{THREADS}/1", thread_body(content="Reply\u0000"), agent, "content"),
        ("PUT", f"{THREADS}/1", thread_body(content="Reply\u0000"), agent, "content"),
        ("POST", LOG, log_body(content="\u0000"), agent, "content"),
        ("POST", LOG, log_body(details=with_details(recipient={"name": "Hot\u0000line"})), agent,
         "details.recipient.name"),
        ("PUT", f"/v1/communications/{ANNA}/communication-preferences",
         preferences_body("TEXT_MESS\u0000AGE"), agent, "preferences[0].channels[1].communicationChannel"),
        ("PUT", f"/v1/customers/{ANNA}/status", {"statusLabelId": None, "reason": "why\u0000"}, admin,
         "reason"),
        ("POST", f"/v1/customers/{QUIET}/change-requests",
         {"field": "EMAIL", "newValue": "n@x.example", "reason": "\u0000"}, agent, "reason"),
        ("POST", f"/v1/customers/{QUIET}/goodwill-requests", {"points": 5, "reason": "a\u0000"}, agent,
         "reason"),
        ("POST", "/v1/status-labels", {"name": "VIP\u0000"}, admin, "name"),
        ("POST", "/v1/marketing-preferences", {"text": "News\u0000"}, admin, "text"),
        ("POST", "/v1/message-categories",
         {"messageCategory": "OFFERS", "displayName": {"en": "Offers", "de": "Ange\u0000bote"},
          "kind": "MARKETING", "channels": [{"communicationChannel": "EMAIL"}]}, admin, "displayName.de"),
        ("POST", "/v1/api-keys", {"name": "desk\u0000", "role": "AGENT"}, admin, "name"),
        ("POST", "/v1/auth/token", {"username": "agent", "password": "demo\u0000"}, {}, "password"),
    ]  # fmt: skip
    before = counts(database)
    for method, path, body, headers, reference in cases:
        answer = api.request(method, path, json=body, headers=headers)
        refused(answer, reference, NUL_MESSAGE)
    assert counts(database) == before


def test_a_nul_in_a_map_key_is_422_naming_the_key(api, login, database):
    before = counts(database)
    details = with_details(templateVariables={"first\u0000Name": "Anna"})
    answer = api.post(THREADS, json=thread_body(details=details), headers=login())
    refused(answer, "details.templateVariables.first\u0000Name", NUL_MESSAGE)
    assert counts(database) == before


def test_a_line_break_in_a_single_line_field_is_422_naming_it_and_nothing_is_stored(api, login, database):
    agent, admin = login("agent"), login("admin")
    cases: list[tuple[str, str, dict[str, Any], dict[str, str], str]] = [
        ("POST", THREADS, thread_body(subject="Hello\r\nBcc: x@y.example"), agent, "subject"),
        ("POST", THREADS, thread_body(subject="Hello\n"), agent, "subject"),
        ("POST", THREADS, thread_body(subject="Hello\u2028there"), agent, "subject"),
        ("POST", THREADS, thread_body(ticketNumber="T-1\r2"), agent, "ticketNumber"),
        ("POST", THREADS, thread_body(ticketLink="https://t.example/a\r\nBcc: x"), agent, "ticketLink"),
        ("POST", THREADS, thread_body(agent="Peter\nMeyer"), agent, "agent"),
        ("POST", THREADS, thread_body(details=with_details(templateId="call\nnote")), agent,
         "details.templateId"),
        ("POST", THREADS, thread_body(details=with_details(sender={"userId": "7\n8"})), agent,
         "details.sender.userId"),
        ("POST", THREADS, thread_body(details=with_details(attachment={"name": "a\nb.pdf"})), agent,
         "details.attachments[0].name"),
        ("POST", f"{THREADS}/1", thread_body(subject="Re:\r\nBcc: x@y.example"), agent, "subject"),
        ("POST", LOG, log_body(subject="Call\r\nBcc: x@y.example"), agent, "subject"),
        ("POST", "/v1/customers", {"firstName": "Anna\n", "lastName": "Neu"}, agent, "firstName"),
        ("POST", "/v1/customers", {"firstName": "Anna", "lastName": "Neu\rer"}, agent, "lastName"),
        ("PUT", f"/v1/customers/{ANNA}/status", {"statusLabelId": None, "reason": "a\nb"}, admin, "reason"),
        ("POST", f"/v1/customers/{QUIET}/change-requests",
         {"field": "PHONE", "newValue": "0151 2345678", "reason": "line one\nline two"}, agent, "reason"),
        ("POST", f"/v1/customers/{QUIET}/goodwill-requests", {"points": 5, "reason": "a\r\nb"}, agent,
         "reason"),
        ("POST", "/v1/status-labels", {"name": "V\nIP"}, admin, "name"),
        ("POST", "/v1/api-keys", {"name": "desk\n", "role": "AGENT"}, admin, "name"),
    ]  # fmt: skip
    before = counts(database)
    for method, path, body, headers, reference in cases:
        refused(api.request(method, path, json=body, headers=headers), reference, LINE_BREAK_MESSAGE)
    assert counts(database) == before


def test_a_subject_with_a_mail_header_is_not_sent(api, login, database):
    """The message that once stayed QUEUED: the mail library refused its header; now it never gets there."""
    outbox = stored(database, "SELECT count(*) FROM outbox")
    answer = api.post(THREADS, json=thread_body(subject="Hello\r\nBcc: x@y.example"), headers=login())
    assert assert_error(answer, 422, "request.invalid")["reference"] == "subject"
    assert stored(database, "SELECT count(*) FROM outbox") == outbox


def test_a_failure_reason_with_a_line_break_is_422_and_the_status_stays(api, login):
    agent, admin = login("agent"), login("admin")
    logged = api.post(LOG, json=log_body(communicationDirection="OUTGOING", communicationChannel="EMAIL"),
                      headers=agent)  # fmt: skip
    assert logged.status_code == 201, logged.text
    path = f"{LOG}/{logged.json()['communicationId']}/delivery-events"
    event = {"deliveryStatus": "FAILED", "at": "2026-11-23T10:00:00Z", "reason": "550 5.1.1\r\nunknown"}
    refused(api.post(path, json=event, headers=admin), "reason", LINE_BREAK_MESSAGE)
    found = api.get(LOG, params={"customerId": ANNA, "limit": 1}, headers=agent).json()["items"][0]
    assert (found["communicationId"], found["deliveryStatus"]) == (logged.json()["communicationId"], "SENT")


def test_free_text_keeps_its_line_breaks(api, login, database):
    agent, supervisor = login("agent"), login("supervisor")
    content = "Dear Anna,\r\n\r\nyour forms are attached.\n\tBest regards\u2028Peter"
    created = api.post(THREADS, json=thread_body(content=content), headers=agent)
    assert created.status_code == 201, created.text
    assert created.json()["content"] == content
    stored_content = stored(
        database, "SELECT content FROM communications WHERE id = {}", created.json()["communicationId"]
    )
    assert stored_content == [(content,)]
    request = api.post(
        f"/v1/customers/{QUIET}/goodwill-requests", json={"points": 5, "reason": "Late train"}, headers=agent
    )
    assert request.status_code == 201, request.text
    comment = "Approved.\nPlease tell the customer."
    approved = api.post(
        f"/v1/requests/{request.json()['approvalRequestId']}/approve",
        json={"comment": comment},
        headers=supervisor,
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["comment"] == comment
