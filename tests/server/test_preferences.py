"""Communication preferences (ETag, partial merge, If-Match, locked pairs) and the consent history."""

from __future__ import annotations

from tests.server import support
from tests.server.support import assert_error, rid

# Quicker sign-ins than conftest's (one per user and session).
login = support.login
demo_sessions = support.demo_sessions

PATH = "/v1/communications/{}/communication-preferences"


def state(preferences: dict) -> dict[tuple[str, str], bool]:
    return {
        (category["messageCategory"], channel["communicationChannel"]): channel["active"]
        for category in preferences["preferences"]
        for channel in category["channels"]
    }


def change(*pairs: tuple[str, str, bool], **extra) -> dict:
    by_category: dict[str, list[dict]] = {}
    for category, channel, active in pairs:
        by_category.setdefault(category, []).append({"communicationChannel": channel, "active": active})
    listed = [{"messageCategory": name, "channels": channels} for name, channels in by_category.items()]
    return {"preferences": listed, "requestId": rid(), **extra}


def history(api, headers, customer_id: int = 1) -> dict:
    answer = api.get(f"/v1/customers/{customer_id}/consent-history", headers=headers)
    assert answer.status_code == 200
    return answer.json()


def test_get_answers_every_pair_with_the_version_as_etag(api, login):
    answer = api.get(PATH.format(1), headers=login())
    assert answer.status_code == 200
    body = answer.json()
    assert answer.headers["ETag"] == f'"{body["version"]}"'
    assert body["customerId"] == 1
    pairs = state(body)
    assert len(pairs) == 5 * 4
    letter = next(
        channel
        for category in body["preferences"]
        if category["messageCategory"] == "CONTRACT"
        for channel in category["channels"]
        if channel["communicationChannel"] == "LETTER"
    )
    assert letter == {"communicationChannel": "LETTER", "customerOverridable": False, "active": True}


def test_put_changes_only_the_listed_pairs(api, login):
    before = api.get(PATH.format(1), headers=login()).json()
    pairs = state(before)
    flipped = not pairs[("APPOINTMENT", "PHONE")]
    answer = api.put(PATH.format(1), json=change(("APPOINTMENT", "PHONE", flipped)), headers=login())
    assert answer.status_code == 200
    after = answer.json()
    assert after["version"] == before["version"] + 1
    assert answer.headers["ETag"] == f'"{after["version"]}"'
    assert state(after) == {**pairs, ("APPOINTMENT", "PHONE"): flipped}
    assert api.get(PATH.format(1), headers=login()).json() == after


def test_every_change_is_in_the_consent_history_with_actor_previous_and_current(api, login):
    before = history(api, login())
    body = change(("NEWSLETTER", "TEXT_MESSAGE", True), ("APPOINTMENT", "EMAIL", False))
    assert api.put(PATH.format(1), json=body, headers=login()).status_code == 200
    after = history(api, login())
    assert after["total"] == before["total"] + 2
    newest = after["items"][:2]
    by_pair = {(e["messageCategory"], e["communicationChannel"]): e for e in newest}
    assert set(by_pair) == {("NEWSLETTER", "TEXT_MESSAGE"), ("APPOINTMENT", "EMAIL")}
    newsletter = by_pair[("NEWSLETTER", "TEXT_MESSAGE")]
    assert (newsletter["previous"], newsletter["current"]) == (False, True)
    appointment = by_pair[("APPOINTMENT", "EMAIL")]
    assert (appointment["previous"], appointment["current"]) == (True, False)
    for entry in newest:
        assert entry["kind"] == "PREFERENCE"
        assert entry["source"] == "AGENT"
        assert entry["actor"]["displayName"] == "Peter Meyer"
        assert entry["actor"]["userId"] is not None
        assert entry["requestId"] == body["requestId"]
    # An unchanged pair is no change: nothing new is recorded.
    assert (
        api.put(
            PATH.format(1), json=change(("NEWSLETTER", "TEXT_MESSAGE", True)), headers=login()
        ).status_code
        == 200
    )
    assert history(api, login())["total"] == after["total"]


def test_the_caller_may_say_the_customer_asked(api, login):
    body = change(("GENERAL", "PHONE", False), source="CUSTOMER")
    assert api.put(PATH.format(2), json=body, headers=login()).status_code == 200
    assert history(api, login(), 2)["items"][0]["source"] == "CUSTOMER"


def test_consent_history_is_newest_first_and_paged(api, login):
    for active in (False, True, False):
        assert (
            api.put(PATH.format(5), json=change(("GENERAL", "EMAIL", active)), headers=login()).status_code
            == 200
        )
    full = history(api, login(), 5)
    currents = [e["current"] for e in full["items"] if e["messageCategory"] == "GENERAL"][:3]
    assert currents == [False, True, False]
    ats = [e["at"] for e in full["items"]]
    assert ats == sorted(ats, reverse=True)
    second = api.get(
        "/v1/customers/5/consent-history", params={"page": 2, "limit": 1}, headers=login()
    ).json()
    assert (second["page"], second["limit"], second["total"]) == (2, 1, full["total"])
    assert second["items"] == full["items"][1:2]


def test_current_if_match_succeeds_and_stale_if_match_is_412_and_changes_nothing(api, login):
    current = api.get(PATH.format(1), headers=login())
    etag = current.headers["ETag"]
    accepted = api.put(
        PATH.format(1), json=change(("LOYALTY_PROGRAM", "EMAIL", True)), headers={**login(), "If-Match": etag}
    )
    assert accepted.status_code == 200
    before = api.get(PATH.format(1), headers=login()).json()
    before_history = history(api, login())
    stale = api.put(
        PATH.format(1), json=change(("LOYALTY_PROGRAM", "PHONE", True)), headers={**login(), "If-Match": etag}
    )
    assert_error(stale, 412, "preferences.versionConflict")
    assert api.get(PATH.format(1), headers=login()).json() == before
    assert history(api, login()) == before_history


def test_a_pair_the_customer_may_not_override_is_422_and_changes_nothing(api, login):
    before = api.get(PATH.format(1), headers=login()).json()
    body = change(
        ("APPOINTMENT", "EMAIL", False), ("CONTRACT", "EMAIL", False), ("CONTRACT", "LETTER", False)
    )
    answer = api.put(PATH.format(1), json=body, headers=login())
    error = assert_error(answer, 422, "request.invalid")
    assert error["reference"] == "preferences[1].channels[1].active"
    assert api.get(PATH.format(1), headers=login()).json() == before


def test_unknown_fields_are_422_with_a_dotted_reference(api, login):
    body = change(("NEWSLETTER", "EMAIL", True))
    body["preferences"][0]["channels"][0]["bogus"] = 1
    error = assert_error(api.put(PATH.format(1), json=body, headers=login()), 422, "request.invalid")
    assert error["reference"] == "preferences[0].channels[0].bogus"
    top = {**change(("NEWSLETTER", "EMAIL", True)), "extra": True}
    assert assert_error(api.put(PATH.format(1), json=top, headers=login()), 422, "request.invalid")[
        "reference"
    ] == ("extra")


def test_unknown_category_channel_and_enum_values_are_422(api, login):
    cases = [
        (change(("NOT_A_CATEGORY", "EMAIL", True)), "preferences[0].messageCategory"),
        (change(("NEWSLETTER", "FAX", True)), "preferences[0].channels[0].communicationChannel"),
        (change(("NEWSLETTER", "PIGEON", True)), "preferences[0].channels[0].communicationChannel"),
        (change(("NEWSLETTER", "EMAIL", True), source="ROBOT"), "source"),
        ({"preferences": [], "requestId": rid()}, "preferences"),
    ]
    for body, reference in cases:
        error = assert_error(api.put(PATH.format(1), json=body, headers=login()), 422, "request.invalid")
        assert error["reference"] == reference, body


def test_the_same_pair_twice_with_different_values_is_422(api, login):
    body = change(("NEWSLETTER", "EMAIL", True), ("NEWSLETTER", "EMAIL", False))
    assert_error(api.put(PATH.format(1), json=body, headers=login()), 422, "request.invalid")


def test_unknown_customer_is_404(api, login):
    assert_error(api.get(PATH.format(999_999), headers=login()), 404, "resource.notFound")
    body = change(("NEWSLETTER", "EMAIL", True))
    assert_error(api.put(PATH.format(999_999), json=body, headers=login()), 404, "resource.notFound")
    assert_error(api.get("/v1/customers/999999/consent-history", headers=login()), 404, "resource.notFound")
