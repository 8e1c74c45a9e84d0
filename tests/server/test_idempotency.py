"""Idempotent writes: a replayed requestId or Idempotency-Key answers the first response, changes nothing."""

from __future__ import annotations

from pathlib import Path

from tests.server import support
from tests.server.support import assert_error, rid, rows

# Quicker sign-ins than conftest's (one per user and session).
login = support.login
demo_sessions = support.demo_sessions

PREFERENCES = "/v1/communications/1/communication-preferences"


def customers_named(database: Path, last_name: str) -> int:
    return rows(database, "SELECT count(*) FROM customers WHERE last_name = ?", last_name)[0][0]


def test_a_replayed_request_id_answers_the_same_and_creates_one_customer(api, login, database):
    body = {"firstName": "Ida", "lastName": "Einmal", "requestId": rid()}
    first = api.post("/v1/customers", json=body, headers=login())
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    replay = api.post("/v1/customers", json=body, headers=login())
    assert replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    # Another user of the same tenant retrying the same request gets the same answer too.
    assert api.post("/v1/customers", json=body, headers=login("agent2")).json() == first.json()
    assert customers_named(database, "Einmal") == 1
    found = api.get("/v1/customers", params={"query": "ida einmal"}, headers=login()).json()
    assert found["total"] == 1


def test_the_same_request_id_with_another_body_is_409_and_changes_nothing(api, login, database):
    request_id = rid()
    first = api.post(
        "/v1/customers",
        json={"firstName": "Ida", "lastName": "Erst", "requestId": request_id},
        headers=login(),
    )
    assert first.status_code == 201
    other = api.post(
        "/v1/customers",
        json={"firstName": "Ida", "lastName": "Anders", "requestId": request_id},
        headers=login(),
    )
    assert_error(other, 409, "request.idReused")
    assert customers_named(database, "Anders") == 0
    # The same id on another endpoint is another request too.
    opt_in = api.put(
        "/v1/customers/1/marketing-preferences/4", json={"requestId": request_id}, headers=login()
    )
    assert_error(opt_in, 409, "request.idReused")
    assert api.get("/v1/customers/1/marketing-preferences/4", headers=login()).json()["optedIn"] is False


def test_the_idempotency_key_header_works_like_a_request_id(api, login, database):
    headers = {**login(), "Idempotency-Key": "retry-me-7f3a"}
    body = {"firstName": "Kai", "lastName": "Kopfzeile"}
    first = api.post("/v1/customers", json=body, headers=headers)
    assert first.status_code == 201
    replay = api.post("/v1/customers", json=body, headers=headers)
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    assert customers_named(database, "Kopfzeile") == 1
    changed = api.post("/v1/customers", json={**body, "lastName": "Anderer"}, headers=headers)
    assert_error(changed, 409, "request.idReused")
    assert customers_named(database, "Anderer") == 0


def test_idempotency_keys_are_per_tenant(api, login, database):
    body = {"firstName": "Tia", "lastName": "Mandant", "requestId": rid()}
    demo = api.post("/v1/customers", json=body, headers=login())
    other = api.post("/v1/customers", json=body, headers=login("other-agent"))
    assert demo.status_code == other.status_code == 201
    assert "Idempotent-Replayed" not in other.headers
    assert demo.json()["customerId"] != other.json()["customerId"]
    assert customers_named(database, "Mandant") == 2


def test_a_replayed_preference_change_keeps_its_etag_and_records_one_change(api, login):
    body = {
        "preferences": [
            {"messageCategory": "GENERAL", "channels": [{"communicationChannel": "PHONE", "active": False}]}
        ],
        "requestId": rid(),
    }
    before = api.get("/v1/customers/1/consent-history", headers=login()).json()["total"]
    first = api.put(PREFERENCES, json=body, headers=login())
    replay = api.put(PREFERENCES, json=body, headers=login())
    assert first.status_code == replay.status_code == 200
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.headers["ETag"] == first.headers["ETag"]
    assert replay.json() == first.json()
    assert api.get(PREFERENCES, headers=login()).json()["version"] == first.json()["version"]
    assert api.get("/v1/customers/1/consent-history", headers=login()).json()["total"] == before + 1


def test_an_opt_out_replayed_by_key_is_204_again(api, login):
    headers = {**login(), "Idempotency-Key": "opt-out-once"}
    assert api.put("/v1/customers/1/marketing-preferences/4", headers=login()).status_code == 200
    first = api.delete("/v1/customers/1/marketing-preferences/4", headers=headers)
    replay = api.delete("/v1/customers/1/marketing-preferences/4", headers=headers)
    assert first.status_code == replay.status_code == 204
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.content == b""


def test_a_failed_request_is_not_remembered(api, login, database):
    request_id = rid()
    status = {"statusLabelId": 999_999, "reason": "typo", "requestId": request_id}
    failed = api.put("/v1/customers/1/status", json=status, headers=login("supervisor"))
    assert_error(failed, 422, "request.invalid")
    labels = {
        label["name"]: label["statusLabelId"]
        for label in api.get("/v1/status-labels", headers=login()).json()
    }
    fixed = api.put(
        "/v1/customers/1/status",
        json={**status, "statusLabelId": labels["Suspended"]},
        headers=login("supervisor"),
    )
    # The body differs from the failed one, yet the id is free: errors change nothing and are not stored.
    assert fixed.status_code == 200
    assert "Idempotent-Replayed" not in fixed.headers
    assert rows(database, "SELECT count(*) FROM status_changes WHERE customer_id = 1")[0][0] == 1


def test_an_over_long_idempotency_key_is_422(api, login):
    headers = {**login(), "Idempotency-Key": "k" * 201}
    answer = api.post("/v1/customers", json={"firstName": "A", "lastName": "B"}, headers=headers)
    assert assert_error(answer, 422, "request.invalid")["reference"] == "Idempotency-Key"


def test_every_write_without_a_key_is_applied_once_per_request(api, login, database):
    """api.md: `requestId` is optional on every write (Magicline's own bodies have none); without
    it or an Idempotency-Key each request is applied, none is refused for lacking one."""
    agent, supervisor = login("agent"), login("supervisor")
    thread = {
        "communicationThreadStatus": "ONGOING",
        "subject": "No key",
        "content": "Sent without a requestId.",
        "communicationDirection": "INCOMING",
        "communicationChannel": "PHONE",
    }
    created = api.post("/v1/communications/1/threads", json=thread, headers=agent)
    assert created.status_code == 201, created.text
    thread_path = f"/v1/communications/1/threads/{created.json()['threadId']}"
    log = {
        "customerId": 1,
        "communicationDirection": "INCOMING",
        "communicationChannel": "PHONE",
        "content": "x",
    }
    change = {
        "preferences": [
            {"messageCategory": "NEWSLETTER", "channels": [{"communicationChannel": "EMAIL", "active": True}]}
        ]
    }
    writes = [
        ("POST", "/v1/customers", {"firstName": "Kai", "lastName": "Ohneschluessel"}, agent, 201),
        ("PUT", "/v1/customers/1/status", {"statusLabelId": None, "reason": "checked"}, supervisor, 200),
        ("PUT", PREFERENCES, change, agent, 200),
        ("POST", "/v1/customers/1/otp", {"communicationChannel": "EMAIL"}, agent, 201),
        ("POST", thread_path, thread, agent, 200),
        ("PUT", thread_path, thread, agent, 200),
        ("PATCH", thread_path, {"communicationThreadStatus": "ONGOING"}, agent, 200),
        ("POST", "/v1/customer-communications", log, agent, 201),
    ]  # fmt: skip
    otps = rows(database, "SELECT count(*) FROM otps WHERE customer_id = 1")[0][0]
    for method, path, body, headers, status in writes:
        for _ in range(2):
            answer = api.request(method, path, json=body, headers=headers)
            assert answer.status_code == status, (method, path, answer.text)
            assert "Idempotent-Replayed" not in answer.headers
    assert customers_named(database, "Ohneschluessel") == 2
    assert api.get(thread_path, headers=agent).json()["communicationCount"] == 5
    assert rows(database, "SELECT count(*) FROM otps WHERE customer_id = 1")[0][0] == otps + 2
