"""Change and goodwill requests over HTTP: create, list, approve, reject, the four-eyes rule, the
customer history, the notification through the outbound rule, events, tenants and idempotency."""

from __future__ import annotations

import json

from tests.server import support
from tests.server.support import assert_error, rid, rows

# Quicker sign-ins than conftest's (one per user and session).
login = support.login
demo_sessions = support.demo_sessions

ANNA, JUERGEN, ZOE = 1, 2, 3  # Zoë Dvořák is Suspended (blocks communication) in the demo data
QUIET = 20  # a demo customer no test of this module otherwise touches


def change(api, headers, customer=QUIET, field="EMAIL", value="new.address@example.org", **extra):
    body = {"field": field, "newValue": value, "reason": "The customer called", "requestId": rid(), **extra}
    return api.post(f"/v1/customers/{customer}/change-requests", json=body, headers=headers)


def created(api, headers, **kwargs):
    answer = change(api, headers, **kwargs)
    assert answer.status_code == 201, answer.text
    return answer.json()


def decide(api, headers, request_id, verdict="approve", comment="Checked with the customer", **extra):
    body = {"comment": comment, "requestId": rid(), **extra}
    return api.post(f"/v1/requests/{request_id}/{verdict}", json=body, headers=headers)


def customer(api, headers, customer_id):
    return api.get(f"/v1/customers/{customer_id}", headers=headers).json()


def latest_communication(api, headers, customer_id):
    log = api.get("/v1/customer-communications", params={"customerId": customer_id}, headers=headers).json()
    return log["items"][0]


def events_after(database, event_id):
    found = rows(database, "SELECT type, data FROM events WHERE id > ? ORDER BY id", event_id)
    return [(type_, json.loads(data)) for type_, data in found]


def last_event_id(database):
    return rows(database, "SELECT coalesce(max(id), 0) FROM events")[0][0]


def user_id(api, headers):
    return api.get("/v1/me", headers=headers).json()["userId"]


def test_a_change_request_is_created_pending_with_the_current_value(api, login):
    agent = login("agent")
    before = customer(api, agent, QUIET)
    request = created(api, agent, value="Quiet.Customer@Example.ORG")
    assert request["status"] == "PENDING"
    assert request["type"] == "CHANGE"
    assert (request["field"], request["previousValue"]) == ("EMAIL", before["email"])
    assert request["newValue"] == "Quiet.Customer@example.org"  # the domain as email addresses store it
    assert request["customerId"] == QUIET
    assert request["customerName"] == f"{before['firstName']} {before['lastName']}"
    assert request["createdBy"] == {"userId": user_id(api, agent), "displayName": "Peter Meyer"}
    assert request["decidedBy"] is None and request["decidedAt"] is None
    assert api.get(f"/v1/requests/{request['approvalRequestId']}", headers=agent).json() == request
    assert customer(api, agent, QUIET)["email"] == before["email"]  # nothing changes before approval


def test_a_phone_number_is_stored_in_e164_read_in_the_tenants_region(api, login):
    request = created(api, login("agent"), field="PHONE", value="(0170) 555-0123")
    assert request["newValue"] == "+491705550123"
    abroad = created(api, login("agent"), field="PHONE", value="+1 415 555 2671")
    assert abroad["newValue"] == "+14155552671"


def test_an_invalid_new_value_is_422_naming_it(api, login):
    agent = login("agent")
    before = api.get("/v1/requests", headers=agent).json()["total"]
    for field, value in (
        ("EMAIL", "not an address"),
        ("EMAIL", "anna@"),
        ("PHONE", "12"),
        ("PHONE", "call me"),
    ):
        body = assert_error(change(api, agent, field=field, value=value), 422, "request.invalid")
        assert body["reference"] == "newValue", (field, value)
    current = customer(api, agent, QUIET)["email"]
    same = assert_error(change(api, agent, value=current), 422, "request.invalid")
    assert same["reference"] == "newValue"
    assert api.get("/v1/requests", headers=agent).json()["total"] == before


def test_a_goodwill_request_and_its_approval_record_the_points(api, login):
    agent, supervisor = login("agent"), login("supervisor")
    answer = api.post(
        f"/v1/customers/{QUIET}/goodwill-requests",
        json={"points": 250, "reason": "Appointment cancelled by us", "requestId": rid()},
        headers=agent,
    )
    assert answer.status_code == 201, answer.text
    request = answer.json()
    assert (request["type"], request["points"], request["status"]) == ("GOODWILL", 250, "PENDING")
    approved = decide(api, supervisor, request["approvalRequestId"])
    assert approved.status_code == 200, approved.text
    history = api.get(f"/v1/customers/{QUIET}/history", headers=agent).json()["items"]
    assert (history[0]["field"], history[0]["previous"], history[0]["current"]) == (
        "GOODWILL_POINTS",
        None,
        "250",
    )
    notice = latest_communication(api, agent, QUIET)
    assert notice["kind"] == "NOTIFICATION"
    assert notice["communicationChannel"] == "EMAIL"  # the customer has an address
    assert notice["approvalRequestId"] == request["approvalRequestId"]
    assert "250" in notice["content"]


def test_approval_changes_the_email_writes_the_history_and_notifies_the_new_address(api, login, database):
    agent, supervisor = login("agent"), login("supervisor")
    old = customer(api, agent, QUIET)["email"]
    request = created(api, agent, value="moved@example.org")
    decision_id = rid()
    approved = decide(api, supervisor, request["approvalRequestId"], requestId=decision_id)
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "APPROVED"
    assert body["decidedBy"] == {"userId": user_id(api, supervisor), "displayName": "Claudia Hoffmann"}
    assert body["comment"] == "Checked with the customer"
    assert body["decidedAt"] is not None

    assert customer(api, agent, QUIET)["email"] == "moved@example.org"
    found = api.get("/v1/customers", params={"query": "moved@example.org"}, headers=agent).json()
    assert [c["customerId"] for c in found["items"]] == [QUIET]  # the search sees the new address
    history = api.get(f"/v1/customers/{QUIET}/history", headers=agent).json()
    entry = history["items"][0]
    assert (entry["field"], entry["previous"], entry["current"]) == ("EMAIL", old, "moved@example.org")
    assert entry["actor"]["displayName"] == "Claudia Hoffmann"
    assert entry["actor"]["userId"] == user_id(api, supervisor)
    assert entry["approvalRequestId"] == request["approvalRequestId"]
    assert entry["requestId"] == decision_id

    notice = latest_communication(api, agent, QUIET)
    assert notice["kind"] == "NOTIFICATION"
    assert (notice["communicationChannel"], notice["deliveryStatus"]) == ("EMAIL", "SENT")
    assert notice["messageCategory"] == "CONTRACT"  # the tenant's first SERVICE category
    assert notice["approvalRequestId"] == request["approvalRequestId"]
    outbox = api.get("/v1/dev/outbox", params={"customerId": QUIET}, headers=login("admin")).json()
    assert outbox[-1]["recipient"] == "moved@example.org"


def test_a_phone_change_is_announced_by_text_message_to_the_new_number(api, login):
    agent, supervisor = login("agent"), login("supervisor")
    request = created(api, agent, field="PHONE", value="0170 5550177")
    assert decide(api, supervisor, request["approvalRequestId"]).status_code == 200
    assert customer(api, agent, QUIET)["phone"] == "+491705550177"
    notice = latest_communication(api, agent, QUIET)
    assert (notice["communicationChannel"], notice["kind"]) == ("TEXT_MESSAGE", "NOTIFICATION")
    outbox = api.get("/v1/dev/outbox", params={"customerId": QUIET}, headers=login("admin")).json()
    assert outbox[-1]["recipient"] == "+491705550177"


def test_rejection_changes_nothing_and_notifies_nobody(api, login):
    agent, supervisor = login("agent"), login("supervisor")
    before = customer(api, agent, QUIET)
    log_before = api.get("/v1/customer-communications", params={"customerId": QUIET}, headers=agent).json()
    request = created(api, agent)
    rejected = decide(api, supervisor, request["approvalRequestId"], "reject", comment="Not confirmed")
    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["status"], rejected.json()["comment"]) == ("REJECTED", "Not confirmed")
    assert customer(api, agent, QUIET) == before
    assert api.get(f"/v1/customers/{QUIET}/history", headers=agent).json()["total"] == 0
    log_after = api.get("/v1/customer-communications", params={"customerId": QUIET}, headers=agent).json()
    assert log_after["total"] == log_before["total"]


def test_nobody_decides_their_own_request_and_a_request_is_decided_once(api, login):
    supervisor, admin = login("supervisor"), login("admin")
    own = created(api, supervisor)
    for verdict in ("approve", "reject"):
        assert_error(decide(api, supervisor, own["approvalRequestId"], verdict), 403, "request.ownDecision")
    assert (
        api.get(f"/v1/requests/{own['approvalRequestId']}", headers=supervisor).json()["status"] == "PENDING"
    )

    request = created(api, login("agent"))
    assert decide(api, supervisor, request["approvalRequestId"]).status_code == 200
    for verdict in ("approve", "reject"):
        assert_error(decide(api, admin, request["approvalRequestId"], verdict), 409, "request.alreadyDecided")
    assert (
        api.get(f"/v1/requests/{request['approvalRequestId']}", headers=admin).json()["status"] == "APPROVED"
    )
    assert api.get(f"/v1/customers/{QUIET}/history", headers=admin).json()["total"] == 1


def test_deciding_needs_request_approve(api, login):
    request = created(api, login("agent"))
    answer = decide(api, login("agent2"), request["approvalRequestId"])
    assert assert_error(answer, 403, "auth.forbidden")["args"] == ["REQUEST_APPROVE"]


def test_a_replayed_decision_decides_once_and_answers_the_first_answer(api, login, database):
    agent, supervisor = login("agent"), login("supervisor")
    request = created(api, agent, value="replayed@example.org")
    since = last_event_id(database)
    body = {"comment": "Fine", "requestId": rid()}
    path = f"/v1/requests/{request['approvalRequestId']}/approve"
    first = api.post(path, json=body, headers=supervisor)
    again = api.post(path, json=body, headers=supervisor)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert api.get(f"/v1/customers/{QUIET}/history", headers=agent).json()["total"] == 1
    types = [type_ for type_, _ in events_after(database, since)]
    assert types.count("request.decided") == 1
    notices = rows(database, "SELECT count(*) FROM communications WHERE approval_request_id = ?",
                   request["approvalRequestId"])  # fmt: skip
    assert notices == [(1,)]
    # The same id for the other verdict is another request: refused, not replayed.
    other = api.post(path.replace("approve", "reject"), json=body, headers=supervisor)
    assert_error(other, 409, "request.idReused")


def test_a_blocked_customers_notification_is_suppressed_and_the_approval_stands(api, login):
    agent, supervisor = login("agent"), login("supervisor")
    assert customer(api, agent, ZOE)["communicationBlocked"] is True
    request = created(api, agent, customer=ZOE, value="zoe.new@example.org")
    approved = decide(api, supervisor, request["approvalRequestId"])
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "APPROVED"
    assert customer(api, agent, ZOE)["email"] == "zoe.new@example.org"
    notice = latest_communication(api, agent, ZOE)
    assert notice["kind"] == "NOTIFICATION"
    assert (notice["deliveryStatus"], notice["suppressionReason"]) == ("SUPPRESSED", "CUSTOMER_BLOCKED")
    assert notice["approvalRequestId"] == request["approvalRequestId"]
    outbox = api.get("/v1/dev/outbox", params={"customerId": ZOE}, headers=login("admin")).json()
    assert all(sent["recipient"] != "zoe.new@example.org" for sent in outbox)


def test_an_opted_out_pairs_notification_is_suppressed_opted_out(api, login):
    agent, supervisor = login("agent"), login("supervisor")
    opt_out = {
        "preferences": [{"messageCategory": "CONTRACT", "channels": [
            {"communicationChannel": "EMAIL", "active": False}]}],
        "requestId": rid(),
    }  # fmt: skip
    path = f"/v1/communications/{QUIET}/communication-preferences"
    assert api.put(path, json=opt_out, headers=agent).status_code == 200
    request = created(api, agent, value="opted.out@example.org")
    approved = decide(api, supervisor, request["approvalRequestId"])
    assert approved.status_code == 200, approved.text
    assert customer(api, agent, QUIET)["email"] == "opted.out@example.org"
    notice = latest_communication(api, agent, QUIET)
    assert (notice["kind"], notice["communicationChannel"]) == ("NOTIFICATION", "EMAIL")
    assert (notice["deliveryStatus"], notice["suppressionReason"]) == ("SUPPRESSED", "OPTED_OUT")
    assert notice["approvalRequestId"] == request["approvalRequestId"]


def test_events_of_creation_and_decision(api, login, database):
    agent, supervisor = login("agent"), login("supervisor")
    since = last_event_id(database)
    request = created(api, agent, value="evented@example.org")
    approved = decide(api, supervisor, request["approvalRequestId"]).json()
    events = events_after(database, since)
    assert [type_ for type_, _ in events] == [
        "request.created",
        "communication.created",
        "request.decided",
        "customer.updated",
    ]
    assert events[0][1] == request
    assert events[2][1] == approved
    assert events[3][1] == customer(api, agent, QUIET)
    assert events[1][1]["approvalRequestId"] == request["approvalRequestId"]

    since = last_event_id(database)
    rejected = created(api, agent, value="never@example.org")
    decide(api, supervisor, rejected["approvalRequestId"], "reject")
    assert [type_ for type_, _ in events_after(database, since)] == ["request.created", "request.decided"]


def test_an_agent_sees_their_own_requests_and_a_supervisor_the_tenants(api, login):
    agent, agent2, supervisor = login("agent"), login("agent2"), login("supervisor")
    mine = created(api, agent)
    theirs = created(api, agent2, customer=JUERGEN, field="PHONE", value="0170 5550111")
    own_list = api.get("/v1/requests", params={"limit": 100}, headers=agent).json()
    assert {r["createdBy"]["userId"] for r in own_list["items"]} == {user_id(api, agent)}
    assert mine["approvalRequestId"] in [r["approvalRequestId"] for r in own_list["items"]]
    # Another user's request is not the agent's to see, whatever the filter.
    filtered = api.get("/v1/requests", params={"createdByUserId": user_id(api, agent2)}, headers=agent).json()
    assert filtered["total"] == 0
    assert_error(
        api.get(f"/v1/requests/{theirs['approvalRequestId']}", headers=agent), 404, "resource.notFound"
    )

    everyone = api.get("/v1/requests", params={"limit": 100}, headers=supervisor).json()
    ids = [r["approvalRequestId"] for r in everyone["items"]]
    assert {mine["approvalRequestId"], theirs["approvalRequestId"]} <= set(ids)
    assert ids == sorted(ids, reverse=True)  # newest first
    by_customer = api.get("/v1/requests", params={"customerId": JUERGEN}, headers=supervisor).json()
    assert [r["approvalRequestId"] for r in by_customer["items"]] == [theirs["approvalRequestId"]]
    phones = api.get(
        "/v1/requests", params={"type": "CHANGE", "status": "PENDING"}, headers=supervisor
    ).json()
    assert {(r["type"], r["status"]) for r in phones["items"]} == {("CHANGE", "PENDING")}
    goodwill = api.get("/v1/requests", params={"type": "GOODWILL"}, headers=supervisor).json()
    assert goodwill["total"] >= 1 and {r["type"] for r in goodwill["items"]} == {"GOODWILL"}
    assert_error(
        api.get("/v1/requests", params={"status": "MAYBE"}, headers=supervisor), 422, "request.invalid"
    )


def test_the_demo_has_pending_requests_by_agent_and_a_decided_one(api, login):
    supervisor = login("supervisor")
    pending = api.get("/v1/requests", params={"status": "PENDING"}, headers=supervisor).json()
    assert pending["total"] == 3
    assert {r["createdBy"]["displayName"] for r in pending["items"]} == {"Peter Meyer"}
    assert sorted((r["type"], r["field"]) for r in pending["items"]) == [
        ("CHANGE", "EMAIL"),
        ("CHANGE", "PHONE"),
        ("GOODWILL", None),
    ]
    for r in pending["items"]:
        if r["type"] == "CHANGE":
            current = customer(api, supervisor, r["customerId"])
            assert r["previousValue"] == current[r["field"].lower()]
    decided = api.get("/v1/requests", params={"status": "REJECTED"}, headers=supervisor).json()
    assert decided["total"] == 1
    assert decided["items"][0]["decidedBy"]["displayName"] == "Claudia Hoffmann"
    assert decided["items"][0]["comment"]


def test_another_tenants_requests_and_customers_are_404(api, login):
    request = created(api, login("agent"))
    other = login("other-agent")
    assert_error(
        api.get(f"/v1/requests/{request['approvalRequestId']}", headers=other), 404, "resource.notFound"
    )
    assert request["approvalRequestId"] not in [
        r["approvalRequestId"] for r in api.get("/v1/requests", headers=other).json()["items"]
    ]
    assert_error(change(api, other, customer=QUIET), 404, "resource.notFound")
    goodwill = api.post(
        f"/v1/customers/{QUIET}/goodwill-requests", json={"points": 5, "reason": "x"}, headers=other
    )
    assert_error(goodwill, 404, "resource.notFound")
    assert_error(api.get(f"/v1/customers/{QUIET}/history", headers=other), 404, "resource.notFound")
    assert_error(decide(api, login("supervisor"), 999_999), 404, "resource.notFound")


def test_a_replayed_creation_makes_one_request(api, login):
    agent = login("agent")
    before = api.get("/v1/requests", headers=agent).json()["total"]
    body = {"field": "EMAIL", "newValue": "once@example.org", "reason": "Asked twice", "requestId": rid()}
    path = f"/v1/customers/{QUIET}/change-requests"
    first = api.post(path, json=body, headers=agent)
    again = api.post(path, json=body, headers=agent)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert api.get("/v1/requests", headers=agent).json()["total"] == before + 1


def test_request_bodies_are_checked(api, login):
    agent = login("agent")
    path = f"/v1/customers/{QUIET}/goodwill-requests"
    for body, reference in (
        ({"points": 0, "reason": "x"}, "points"),
        ({"points": 5}, "reason"),
        ({"points": 5, "reason": "x", "per_page": 1}, "per_page"),
    ):
        assert (
            assert_error(api.post(path, json=body, headers=agent), 422, "request.invalid")["reference"]
            == reference
        )
    wrong_field = change(api, agent, field="ADDRESS")
    assert assert_error(wrong_field, 422, "request.invalid")["reference"] == "field"


def test_an_api_key_acts_for_the_admin_who_issued_it(api, login):
    admin = login("admin")
    issued = api.post("/v1/api-keys", json={"name": "CRM", "role": "SUPERVISOR"}, headers=admin)
    key = {"X-API-KEY": issued.json()["key"]}
    request = created(api, key)
    assert request["createdBy"] == {"userId": user_id(api, admin), "displayName": "Admin Demo"}
    # The issuer is the requester: neither the admin nor the key decides it, another supervisor does.
    assert_error(decide(api, admin, request["approvalRequestId"]), 403, "request.ownDecision")
    assert_error(decide(api, key, request["approvalRequestId"]), 403, "request.ownDecision")
    assert decide(api, login("supervisor"), request["approvalRequestId"]).status_code == 200
    by_key = created(api, login("agent"), customer=JUERGEN)
    approved = decide(api, key, by_key["approvalRequestId"])
    assert approved.status_code == 200, approved.text
    history = api.get(f"/v1/customers/{JUERGEN}/history", headers=admin).json()["items"][0]
    assert history["actor"]["apiKeyId"] == issued.json()["apiKeyId"]
    assert history["actor"]["displayName"] == "API key CRM"
