"""Customers, status labels and message categories over HTTP."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.server import support
from tests.server.support import assert_error, rid

# Quicker sign-ins than conftest's (one per user and session).
login = support.login
demo_sessions = support.demo_sessions

CUSTOMER_FIELDS = {
    "customerId",
    "firstName",
    "lastName",
    "email",
    "phone",
    "language",
    "statusLabel",
    "communicationBlocked",
    "createdAt",
}


def create_customer(api, headers, **fields) -> dict:
    body = {"firstName": "Greta", "lastName": "Garbo", "requestId": rid(), **fields}
    answer = api.post("/v1/customers", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_get_customer_has_the_documented_shape(api, login):
    answer = api.get("/v1/customers/1", headers=login())
    assert answer.status_code == 200
    customer = answer.json()
    assert set(customer) >= CUSTOMER_FIELDS
    assert (customer["customerId"], customer["firstName"], customer["lastName"]) == (1, "Anna", "Müller")
    assert datetime.fromisoformat(customer["createdAt"]).utcoffset().total_seconds() == 0


def test_unknown_customer_is_404(api, login):
    body = assert_error(api.get("/v1/customers/999999", headers=login()), 404, "resource.notFound")
    assert body["args"] == ["Customer", "999999"]


def test_create_customer_answers_201_and_can_be_read_back(api, login):
    created = create_customer(
        api,
        login(),
        firstName="Łukasz",
        lastName="Wiśniewski",
        email="Lukasz.W@Example.org",
        phone="+48 601 234 567",
        language="pl",
    )
    assert created["firstName"] == "Łukasz"
    assert created["statusLabel"] is None
    assert created["communicationBlocked"] is False
    read = api.get(f"/v1/customers/{created['customerId']}", headers=login()).json()
    assert read == created
    found = api.get("/v1/customers", params={"query": "lukasz wis"}, headers=login()).json()
    assert created["customerId"] in [c["customerId"] for c in found["items"]]


def test_a_new_customer_gets_marketing_off_and_service_on(api, login):
    created = create_customer(api, login())
    categories = {
        c["messageCategory"]: c["kind"] for c in api.get("/v1/message-categories", headers=login()).json()
    }
    answer = api.get(f"/v1/communications/{created['customerId']}/communication-preferences", headers=login())
    preferences = answer.json()["preferences"]
    assert {p["messageCategory"] for p in preferences} == set(categories)
    for category in preferences:
        expected = categories[category["messageCategory"]] == "SERVICE"
        assert category["channels"]
        assert all(channel["active"] is expected for channel in category["channels"]), category
    consent = api.get(f"/v1/customers/{created['customerId']}/consent-history", headers=login()).json()
    assert consent["total"] == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("firstName", ""),
        ("firstName", "x" * 201),
        ("email", "not-an-email"),
        ("phone", "call me"),
        ("language", "German"),
    ],
)
def test_create_customer_rejects_bad_fields(api, login, field, value):
    body = {"firstName": "A", "lastName": "B", "requestId": rid(), field: value}
    error = assert_error(api.post("/v1/customers", json=body, headers=login()), 422, "request.invalid")
    assert error["reference"] == field


def test_create_customer_without_a_request_id_is_applied_once_per_request(api, login):
    body = {"firstName": "Ohne", "lastName": "Schluessel"}
    first = api.post("/v1/customers", json=body, headers=login())
    again = api.post("/v1/customers", json=body, headers=login())
    assert first.status_code == again.status_code == 201, again.text
    assert "Idempotent-Replayed" not in again.headers
    assert first.json()["customerId"] != again.json()["customerId"]


def test_supervisor_blocks_and_unblocks_a_customer(api, login):
    labels = {label["name"]: label for label in api.get("/v1/status-labels", headers=login()).json()}
    assert labels["Suspended"]["blockCommunication"] is True
    assert labels["Active"]["blockCommunication"] is False
    blocked = api.put(
        "/v1/customers/1/status",
        json={
            "statusLabelId": labels["Suspended"]["statusLabelId"],
            "reason": "disputed debt",
            "requestId": rid(),
        },
        headers=login("supervisor"),
    )
    assert blocked.status_code == 200
    assert blocked.json()["statusLabel"]["name"] == "Suspended"
    assert blocked.json()["communicationBlocked"] is True
    assert api.get("/v1/customers/1", headers=login()).json()["communicationBlocked"] is True
    cleared = api.put(
        "/v1/customers/1/status",
        json={"statusLabelId": None, "reason": "settled", "requestId": rid()},
        headers=login("supervisor"),
    )
    assert cleared.json()["statusLabel"] is None
    assert cleared.json()["communicationBlocked"] is False


def test_the_status_history_records_who_when_from_to_why_and_the_request_id(api, login):
    labels = {label["name"]: label for label in api.get("/v1/status-labels", headers=login()).json()}
    supervisor = login("supervisor")
    me = api.get("/v1/me", headers=supervisor).json()
    before = api.get("/v1/customers/1", headers=login()).json()["statusLabel"]
    changes = [(labels["Suspended"], "disputed debt", rid()), (None, "settled", rid())]
    for label, reason, request_id in changes:
        body = {"statusLabelId": label and label["statusLabelId"], "reason": reason, "requestId": request_id}
        assert api.put("/v1/customers/1/status", json=body, headers=supervisor).status_code == 200
    history = api.get("/v1/customers/1/status-history", headers=login()).json()
    assert history["total"] == 2
    settled, suspended = history["items"]  # newest first
    assert (suspended["previous"], suspended["current"]) == (before, labels["Suspended"])
    assert (settled["previous"], settled["current"]) == (labels["Suspended"], None)
    assert (suspended["reason"], settled["reason"]) == ("disputed debt", "settled")
    assert (suspended["requestId"], settled["requestId"]) == (changes[0][2], changes[1][2])
    assert settled["actor"] == {"userId": me["userId"], "apiKeyId": None, "displayName": "Claudia Hoffmann"}
    assert datetime.fromisoformat(settled["at"]) >= datetime.fromisoformat(suspended["at"])
    paged = api.get("/v1/customers/1/status-history", params={"limit": 1, "page": 2}, headers=login()).json()
    assert paged["items"] == [suspended]


def test_the_suspended_demo_customer_has_a_status_history(api, login):
    history = api.get("/v1/customers/3/status-history", headers=login()).json()["items"]
    assert [entry["current"]["name"] for entry in history] == ["Suspended", "Active"]
    assert history[0]["previous"]["name"] == "Active" and history[1]["previous"] is None
    assert {entry["actor"]["displayName"] for entry in history} == {"Claudia Hoffmann"}


def test_another_tenants_status_history_is_404(api, login):
    assert_error(
        api.get("/v1/customers/1/status-history", headers=login("other-agent")), 404, "resource.notFound"
    )


def test_status_needs_a_label_of_the_own_tenant(api, login):
    other_labels = api.get("/v1/status-labels", headers=login("other-agent")).json()
    own = {label["statusLabelId"] for label in api.get("/v1/status-labels", headers=login()).json()}
    foreign = next(label["statusLabelId"] for label in other_labels if label["statusLabelId"] not in own)
    for label_id in (foreign, 999_999):
        answer = api.put(
            "/v1/customers/1/status",
            json={"statusLabelId": label_id, "reason": "x", "requestId": rid()},
            headers=login("supervisor"),
        )
        assert assert_error(answer, 422, "request.invalid")["reference"] == "statusLabelId"
    assert api.get("/v1/customers/1", headers=login()).json()["statusLabel"] is None


def test_status_of_another_tenants_customer_is_404(api, login):
    other_customer = api.get("/v1/customers", headers=login("other-agent")).json()["items"][0]["customerId"]
    answer = api.put(
        f"/v1/customers/{other_customer}/status",
        json={"statusLabelId": None, "reason": "x", "requestId": rid()},
        headers=login("supervisor"),
    )
    assert_error(answer, 404, "resource.notFound")


def test_admin_creates_and_edits_status_labels(api, login):
    created = api.post(
        "/v1/status-labels", json={"name": "VIP", "blockCommunication": False}, headers=login("admin")
    )
    assert created.status_code == 201
    label = created.json()
    assert label["name"] == "VIP"
    patched = api.patch(
        f"/v1/status-labels/{label['statusLabelId']}",
        json={"blockCommunication": True},
        headers=login("admin"),
    )
    assert patched.status_code == 200
    assert patched.json() == {**label, "blockCommunication": True}
    listed = api.get("/v1/status-labels", headers=login()).json()
    assert {**label, "blockCommunication": True} in listed
    assert label not in api.get("/v1/status-labels", headers=login("other-agent")).json()


def test_status_label_errors(api, login):
    admin = login("admin")
    duplicate = api.post("/v1/status-labels", json={"name": "Active"}, headers=admin)
    assert assert_error(duplicate, 422, "request.invalid")["reference"] == "name"
    assert_error(
        api.patch("/v1/status-labels/999999", json={"name": "X"}, headers=admin), 404, "resource.notFound"
    )
    forbidden = api.post("/v1/status-labels", json={"name": "Mine"}, headers=login("supervisor"))
    assert assert_error(forbidden, 403, "auth.forbidden")["args"] == ["STATUS_LABEL_WRITE"]
    other_label = api.get("/v1/status-labels", headers=login("other-agent")).json()[0]["statusLabelId"]
    own = {label["statusLabelId"] for label in api.get("/v1/status-labels", headers=admin).json()}
    if other_label not in own:
        assert_error(
            api.patch(f"/v1/status-labels/{other_label}", json={"name": "Taken"}, headers=admin),
            404,
            "resource.notFound",
        )


def test_message_categories_of_the_demo_tenant(api, login):
    categories = {c["messageCategory"]: c for c in api.get("/v1/message-categories", headers=login()).json()}
    assert {"CONTRACT", "APPOINTMENT", "GENERAL", "NEWSLETTER", "LOYALTY_PROGRAM"} <= set(categories)
    assert categories["NEWSLETTER"]["kind"] == "MARKETING"
    assert categories["CONTRACT"]["kind"] == "SERVICE"
    letter = next(c for c in categories["CONTRACT"]["channels"] if c["communicationChannel"] == "LETTER")
    assert letter["customerOverridable"] is False


def test_a_new_message_category_appears_in_every_customers_preferences(api, login):
    created = api.post(
        "/v1/message-categories",
        json={
            "messageCategory": "SURVEYS",
            "kind": "MARKETING",
            "channels": [{"communicationChannel": "EMAIL"}, {"communicationChannel": "TEXT_MESSAGE"}],
        },
        headers=login("admin"),
    )
    assert created.status_code == 201
    assert created.json()["kind"] == "MARKETING"
    preferences = api.get("/v1/communications/1/communication-preferences", headers=login()).json()[
        "preferences"
    ]
    surveys = next(p for p in preferences if p["messageCategory"] == "SURVEYS")
    assert [c["active"] for c in surveys["channels"]] == [False, False]
    other = api.get("/v1/message-categories", headers=login("other-agent")).json()
    assert "SURVEYS" not in [c["messageCategory"] for c in other]


def test_message_category_errors(api, login):
    admin = login("admin")
    body = {
        "messageCategory": "NEWSLETTER",
        "kind": "MARKETING",
        "channels": [{"communicationChannel": "EMAIL"}],
    }
    duplicate = api.post("/v1/message-categories", json=body, headers=admin)
    assert assert_error(duplicate, 422, "request.invalid")["reference"] == "messageCategory"
    unknown_kind = api.post(
        "/v1/message-categories", json={**body, "messageCategory": "X", "kind": "SPAM"}, headers=admin
    )
    assert assert_error(unknown_kind, 422, "request.invalid")["reference"] == "kind"
    forbidden = api.post(
        "/v1/message-categories", json={**body, "messageCategory": "Y"}, headers=login("supervisor")
    )
    assert assert_error(forbidden, 403, "auth.forbidden")["args"] == ["CATEGORY_WRITE"]
