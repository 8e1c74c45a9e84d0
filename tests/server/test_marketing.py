"""Marketing preferences (Trybe shape): the tenant's list, a customer's opt-in state, opt-in and opt-out."""

from __future__ import annotations

from tests.server import support
from tests.server.support import assert_error, rid

# Quicker sign-ins than conftest's (one per user and session).
login = support.login
demo_sessions = support.demo_sessions


def new_customer(api, headers) -> int:
    body = {"firstName": "Nina", "lastName": "Neu", "requestId": rid()}
    answer = api.post("/v1/customers", json=body, headers=headers)
    assert answer.status_code == 201
    return int(answer.json()["customerId"])


def item(customer_id: int, preference_id: int) -> str:
    return f"/v1/customers/{customer_id}/marketing-preferences/{preference_id}"


def test_the_tenants_marketing_preferences(api, login):
    listed = api.get("/v1/marketing-preferences", headers=login())
    assert listed.status_code == 200
    preferences = listed.json()
    assert len(preferences) >= 3
    assert all(set(p) == {"marketingPreferenceId", "text"} and p["text"] for p in preferences)
    other = api.get("/v1/marketing-preferences", headers=login("other-agent")).json()
    assert not {p["marketingPreferenceId"] for p in preferences} & {p["marketingPreferenceId"] for p in other}


def test_admin_adds_a_marketing_preference_and_every_customer_sees_it_opted_out(api, login):
    created = api.post(
        "/v1/marketing-preferences", json={"text": "Birthday greetings"}, headers=login("admin")
    )
    assert created.status_code == 201
    preference = created.json()
    assert preference["text"] == "Birthday greetings"
    assert preference in api.get("/v1/marketing-preferences", headers=login()).json()
    state = api.get(item(1, preference["marketingPreferenceId"]), headers=login()).json()
    assert (state["optedIn"], state["optedInAt"]) == (False, None)
    forbidden = api.post("/v1/marketing-preferences", json={"text": "x"}, headers=login("agent"))
    assert assert_error(forbidden, 403, "auth.forbidden")["args"] == ["CATEGORY_WRITE"]
    empty = api.post("/v1/marketing-preferences", json={"text": "  "}, headers=login("admin"))
    assert assert_error(empty, 422, "request.invalid")["reference"] == "text"


def test_a_never_presented_preference_reads_opted_out_not_404(api, login):
    customer = new_customer(api, login())
    preference = api.get("/v1/marketing-preferences", headers=login()).json()[0]["marketingPreferenceId"]
    answer = api.get(item(customer, preference), headers=login())
    assert answer.status_code == 200
    body = answer.json()
    assert body["marketingPreferenceId"] == preference
    assert body["optedIn"] is False
    assert body["optedInAt"] is None


def test_the_customers_list_has_every_preference_with_its_state_and_pages(api, login):
    customer = new_customer(api, login())
    tenant = api.get("/v1/marketing-preferences", headers=login()).json()
    listed = api.get(f"/v1/customers/{customer}/marketing-preferences", headers=login()).json()
    assert listed["total"] == len(tenant)
    assert [p["marketingPreferenceId"] for p in listed["items"]] == [
        p["marketingPreferenceId"] for p in tenant
    ]
    assert all(p["optedIn"] is False and p["optedInAt"] is None for p in listed["items"])
    assert [p["text"] for p in listed["items"]] == [p["text"] for p in tenant]
    page = api.get(
        f"/v1/customers/{customer}/marketing-preferences", params={"page": 2, "limit": 2}, headers=login()
    ).json()
    assert (page["page"], page["limit"], page["total"]) == (2, 2, len(tenant))
    assert page["items"] == listed["items"][2:4]


def test_opt_in_then_opt_out_with_both_in_the_consent_history(api, login):
    customer = new_customer(api, login())
    preference = api.get("/v1/marketing-preferences", headers=login()).json()[1]["marketingPreferenceId"]
    request_id = rid()
    opted_in = api.put(item(customer, preference), json={"requestId": request_id}, headers=login())
    assert opted_in.status_code == 200
    assert opted_in.json()["optedIn"] is True
    assert opted_in.json()["optedInAt"]
    assert api.get(item(customer, preference), headers=login()).json() == opted_in.json()
    listed = api.get(f"/v1/customers/{customer}/marketing-preferences", headers=login()).json()["items"]
    assert [p["optedIn"] for p in listed if p["marketingPreferenceId"] == preference] == [True]

    # Opting in again is no change: same state, nothing more recorded.
    again = api.put(item(customer, preference), headers=login("agent2"))
    assert again.status_code == 200
    assert again.json() == opted_in.json()

    opted_out = api.delete(item(customer, preference), headers=login("supervisor"))
    assert opted_out.status_code == 204
    assert opted_out.content == b""
    state = api.get(item(customer, preference), headers=login()).json()
    assert (state["optedIn"], state["optedInAt"]) == (False, None)
    assert api.delete(item(customer, preference), headers=login()).status_code == 204

    entries = api.get(f"/v1/customers/{customer}/consent-history", headers=login()).json()["items"]
    assert [(e["previous"], e["current"]) for e in entries] == [(True, False), (False, True)]
    assert all(
        e["kind"] == "MARKETING_PREFERENCE" and e["marketingPreferenceId"] == preference for e in entries
    )
    assert [e["actor"]["displayName"] for e in entries] == ["Claudia Hoffmann", "Peter Meyer"]
    assert entries[1]["requestId"] == request_id
    assert all(e["source"] == "AGENT" for e in entries)


def test_unknown_or_foreign_preference_is_404(api, login):
    other = api.get("/v1/marketing-preferences", headers=login("other-agent")).json()[0][
        "marketingPreferenceId"
    ]
    for preference in (999_999, other):
        body = assert_error(api.get(item(1, preference), headers=login()), 404, "resource.notFound")
        assert body["args"] == ["MarketingPreference", str(preference)]
        assert_error(api.put(item(1, preference), headers=login()), 404, "resource.notFound")
        assert_error(api.delete(item(1, preference), headers=login()), 404, "resource.notFound")
    assert_error(api.get(item(999_999, 1), headers=login()), 404, "resource.notFound")


def test_opt_in_body_is_checked(api, login):
    bogus = api.put(item(1, 4), json={"bogus": True}, headers=login())
    assert assert_error(bogus, 422, "request.invalid")["reference"] == "bogus"
    bad_id = api.put(item(1, 4), json={"requestId": "not-a-uuid"}, headers=login())
    assert assert_error(bad_id, 422, "request.invalid")["reference"] == "requestId"
    assert api.get(item(1, 4), headers=login()).json()["optedIn"] is False
