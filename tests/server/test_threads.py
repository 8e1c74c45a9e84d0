"""Threads over HTTP: create, add, CLOSED/reopen, lists, cursor paging, PATCH and the review queue."""

from __future__ import annotations

from tests.server.support import assert_error, rid, thread_body

ANNA, JUERGEN = 1, 2
LONG_THREAD_ID = 1  # Anna Müller's "Contract questions" of the demo data


def create(api, headers, customer=ANNA, **overrides):
    answer = api.post(
        f"/v1/communications/{customer}/threads", json=thread_body(**overrides), headers=headers
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def thread_count(api, headers, customer=ANNA):
    return api.get(f"/v1/communications/{customer}/threads", headers=headers).json()["total"]


def log_total(api, headers, customer=ANNA):
    return api.get("/v1/customer-communications", params={"customerId": customer}, headers=headers).json()[
        "total"
    ]


def test_create_thread_answers_the_first_communication(api, login):
    agent = login("agent")
    me = api.get("/v1/me", headers=agent).json()
    created = create(api, agent, ticketNumber="T-1", communicationDateTime="2026-05-01T10:00:00+02:00")
    assert created["customerId"] == ANNA
    assert created["communicationThreadStatus"] == "ONGOING"
    assert created["agent"] == "Peter Meyer"  # the caller's display name by default
    assert created["deliveryStatus"] == "SENT"
    assert created["messageCategory"] == "CONTRACT"  # the tenant's first SERVICE category
    assert created["communicationDateTime"] == "2026-05-01T08:00:00Z"
    summary = api.get(f"/v1/communications/{ANNA}/threads/{created['threadId']}", headers=agent).json()
    assert summary["assignee"] == {"userId": me["userId"], "displayName": "Peter Meyer"}
    assert summary["communicationCount"] == 1
    assert summary["ticketNumber"] == "T-1"
    assert summary["lastCommunicationChannel"] == "EMAIL"


def test_a_replayed_thread_creation_makes_one_thread(api, login):
    agent = login("agent")
    before = thread_count(api, agent)
    body = thread_body()
    first = api.post(f"/v1/communications/{ANNA}/threads", json=body, headers=agent)
    again = api.post(f"/v1/communications/{ANNA}/threads", json=body, headers=agent)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert thread_count(api, agent) == before + 1


def test_a_closed_thread_refuses_messages_unless_reopened(api, login):
    agent = login("agent")
    thread = create(api, agent, communicationThreadStatus="CLOSED")
    path = f"/v1/communications/{ANNA}/threads/{thread['threadId']}"
    for status in ("CLOSED", "CREATED"):
        refused = api.post(path, json=thread_body(communicationThreadStatus=status), headers=agent)
        assert_error(refused, 409, "thread.closed")
    assert api.get(path, headers=agent).json()["communicationCount"] == 1

    reopened = api.post(
        path, json=thread_body(communicationThreadStatus="ONGOING", content="Reopened"), headers=agent
    )
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["communicationThreadStatus"] == "ONGOING"
    summary = api.get(path, headers=agent).json()
    assert summary["communicationThreadStatus"] == "ONGOING"
    assert summary["communicationCount"] == 2


def test_adding_keeps_the_thread_counters(api, login):
    agent = login("agent")
    thread = create(api, agent)
    path = f"/v1/communications/{ANNA}/threads/{thread['threadId']}"
    added = api.post(
        path,
        json=thread_body(communicationDirection="INCOMING", communicationChannel="PHONE", subject=None),
        headers=agent,
    )
    assert added.status_code == 200, added.text
    assert added.json()["deliveryStatus"] == "RECEIVED"
    assert added.json()["subject"] == "Your membership"  # the thread's subject when none is given
    summary = api.get(path, headers=agent).json()
    assert summary["communicationCount"] == 2
    assert summary["lastCommunicationChannel"] == "PHONE"
    assert summary["lastDirection"] == "INCOMING"


#: The bodies of Magicline's reference, verbatim: no requestId (nor an Idempotency-Key header).
MAGICLINE_THREAD = {
    "communicationThreadStatus": "CREATED",
    "ticketNumber": "123456",
    "ticketLink": "https://tickets.example.com/123456",
    "subject": "Membership cancellation",
    "content": "The member asks to cancel the membership at the end of the term.",
    "communicationDirection": "INCOMING",
    "communicationChannel": "EMAIL",
    "agent": "Max Mustermann",
    "communicationDateTime": "2022-06-22T08:00:00.000+02:00[Europe/Berlin]",
}
MAGICLINE_COMMUNICATION = {
    "communicationThreadStatus": "ONGOING",
    "content": "We have received your cancellation and will confirm it in writing.",
    "communicationDirection": "OUTGOING",
    "communicationChannel": "EMAIL",
    "agent": "Max Mustermann",
    "communicationDateTime": "2022-06-22T09:30:00.000+02:00[Europe/Berlin]",
}


def test_magiclines_thread_body_creates_a_thread_once_per_request(api, login):
    agent = login("agent")
    before = thread_count(api, agent)
    first = api.post(f"/v1/communications/{ANNA}/threads", json=MAGICLINE_THREAD, headers=agent)
    assert first.status_code == 201, first.text
    created = first.json()
    assert (created["subject"], created["ticketNumber"], created["agent"]) == (
        "Membership cancellation",
        "123456",
        "Max Mustermann",
    )
    assert created["communicationDateTime"] == "2022-06-22T06:00:00Z"
    assert created["deliveryStatus"] == "RECEIVED"
    # Without a requestId the same body again is another request: a second thread, not a replay.
    again = api.post(f"/v1/communications/{ANNA}/threads", json=MAGICLINE_THREAD, headers=agent)
    assert again.status_code == 201, again.text
    assert "Idempotent-Replayed" not in again.headers
    assert again.json()["threadId"] != created["threadId"]
    assert thread_count(api, agent) == before + 2


def test_magicline_adds_to_a_thread_by_post_and_put_answers_the_same(api, login):
    agent = login("agent")
    thread = api.post(f"/v1/communications/{ANNA}/threads", json=MAGICLINE_THREAD, headers=agent).json()
    path = f"/v1/communications/{ANNA}/threads/{thread['threadId']}"
    by_post = api.post(path, json=MAGICLINE_COMMUNICATION, headers=agent)
    assert by_post.status_code == 200, by_post.text
    by_put = api.put(path, json=MAGICLINE_COMMUNICATION, headers=agent)
    assert by_put.status_code == 200, by_put.text
    assert by_post.json()["communicationId"] != by_put.json()["communicationId"]  # once per request
    assert {**by_post.json(), "communicationId": None} == {**by_put.json(), "communicationId": None}
    assert by_post.json()["subject"] == "Membership cancellation"  # the thread's
    assert by_post.json()["communicationThreadStatus"] == "ONGOING"
    summary = api.get(path, headers=agent).json()
    assert (summary["communicationCount"], summary["communicationThreadStatus"]) == (3, "ONGOING")


def test_post_and_put_of_one_request_id_add_one_communication(api, login):
    """A client that sent PUT (an older version) and retries with POST after an update gets the
    first answer again, not a second message and not 409."""
    agent = login("agent")
    thread = create(api, agent)
    path = f"/v1/communications/{ANNA}/threads/{thread['threadId']}"
    body = thread_body(content="Only once, whatever the verb")
    first = api.put(path, json=body, headers=agent)
    assert first.status_code == 200, first.text
    again = api.post(path, json=body, headers=agent)
    assert (again.status_code, again.headers["Idempotent-Replayed"]) == (200, "true")
    assert again.json() == first.json()
    assert api.get(path, headers=agent).json()["communicationCount"] == 2
    other = api.post(path, json={**body, "content": "Something else"}, headers=agent)
    assert_error(other, 409, "request.idReused")


def test_customer_threads_newest_activity_first_with_status_filter(api, login):
    agent = login("agent")
    newest = create(api, agent, communicationThreadStatus="CREATED")
    items = api.get(f"/v1/communications/{ANNA}/threads", headers=agent).json()["items"]
    assert items[0]["threadId"] == newest["threadId"]
    stamps = [item["lastCommunicationAt"] for item in items]
    assert stamps == sorted(stamps, reverse=True)
    closed = api.get(f"/v1/communications/{ANNA}/threads", params={"status": "CLOSED"}, headers=agent).json()
    assert closed["total"] >= 1
    assert {item["communicationThreadStatus"] for item in closed["items"]} == {"CLOSED"}


def test_another_tenant_sees_no_thread(api, login):
    other = login("other-agent")
    assert_error(
        api.get(f"/v1/communications/{ANNA}/threads/{LONG_THREAD_ID}", headers=other),
        404,
        "resource.notFound",
    )
    assert_error(
        api.put(f"/v1/communications/{ANNA}/threads/{LONG_THREAD_ID}", json=thread_body(), headers=other),
        404,
        "resource.notFound",
    )
    # The right thread id under the wrong customer is not found either.
    assert_error(
        api.get(f"/v1/communications/{JUERGEN}/threads/{LONG_THREAD_ID}", headers=login("agent")),
        404,
        "resource.notFound",
    )


def test_the_long_thread_pages_newest_first_without_gaps(api, login):
    agent = login("agent")
    path = f"/v1/communications/{ANNA}/threads/{LONG_THREAD_ID}"
    total = api.get(path, headers=agent).json()["communicationCount"]
    assert total >= 2000
    seen: list[int] = []
    before = None
    while True:
        params = {"limit": 100} | ({"before": before} if before else {})
        page = api.get(path + "/communications", params=params, headers=agent).json()
        seen += [item["communicationId"] for item in page["items"]]
        before = page["nextBefore"]
        if before is None:
            break
        assert before == page["items"][-1]["communicationId"]
    assert len(seen) == total == len(set(seen))
    assert seen == sorted(seen, reverse=True)


def test_communication_page_limits(api, login):
    agent = login("agent")
    path = f"/v1/communications/{ANNA}/threads/{LONG_THREAD_ID}/communications"
    assert len(api.get(path, headers=agent).json()["items"]) == 50
    assert_error(api.get(path, params={"limit": 101}, headers=agent), 422, "request.invalid")
    assert_error(api.get(path, params={"limit": 0}, headers=agent), 422, "request.invalid")


def test_assigning_someone_else_needs_thread_review(api, login):
    agent, supervisor = login("agent"), login("supervisor")
    agent2_id = api.get("/v1/me", headers=login("agent2")).json()["userId"]
    other_id = api.get("/v1/me", headers=login("other-agent")).json()["userId"]
    thread = create(api, agent)
    path = f"/v1/communications/{ANNA}/threads/{thread['threadId']}"

    refused = api.patch(path, json={"assigneeUserId": agent2_id, "requestId": rid()}, headers=agent)
    assert assert_error(refused, 403, "auth.forbidden")["args"] == ["THREAD_REVIEW"]

    moved = api.patch(path, json={"assigneeUserId": agent2_id, "requestId": rid()}, headers=supervisor)
    assert moved.status_code == 200, moved.text
    assert moved.json()["assignee"]["userId"] == agent2_id

    foreign = api.patch(path, json={"assigneeUserId": other_id, "requestId": rid()}, headers=supervisor)
    assert assert_error(foreign, 422, "request.invalid")["reference"] == "assigneeUserId"

    me = api.get("/v1/me", headers=agent).json()["userId"]
    taken = api.patch(
        path,
        json={"assigneeUserId": me, "communicationThreadStatus": "CLOSED", "requestId": rid()},
        headers=agent,
    )
    assert taken.status_code == 200, taken.text
    assert taken.json()["assignee"]["userId"] == me
    assert taken.json()["communicationThreadStatus"] == "CLOSED"


def test_review_queue_shows_an_agent_only_their_own_threads(api, login):
    agent, supervisor = login("agent"), login("supervisor")
    me = api.get("/v1/me", headers=agent).json()["userId"]
    agent2_id = api.get("/v1/me", headers=login("agent2")).json()["userId"]
    own = api.get("/v1/threads", params={"limit": 100}, headers=agent).json()
    assert own["total"] >= 1
    assert {item["assignee"]["userId"] for item in own["items"]} == {me}
    # Asking for someone else's threads does not widen the view.
    assert api.get("/v1/threads", params={"assigneeUserId": agent2_id}, headers=agent).json()["total"] == 0

    everyone = api.get("/v1/threads", params={"limit": 100}, headers=supervisor).json()
    assert everyone["total"] > own["total"]
    theirs = api.get("/v1/threads", params={"assigneeUserId": agent2_id}, headers=supervisor).json()
    assert theirs["total"] >= 1
    assert {item["assignee"]["userId"] for item in theirs["items"]} == {agent2_id}


def test_review_queue_filters(api, login):
    supervisor = login("supervisor")
    for status in ("CREATED", "ONGOING", "CLOSED"):
        page = api.get("/v1/threads", params={"status": status, "limit": 100}, headers=supervisor).json()
        assert page["total"] >= 1
        assert {item["communicationThreadStatus"] for item in page["items"]} == {status}
    by_channel = api.get("/v1/threads", params={"communicationChannel": "FAX"}, headers=supervisor).json()
    assert by_channel["total"] >= 1
    assert {item["lastCommunicationChannel"] for item in by_channel["items"]} == {"FAX"}

    created = create(api, supervisor, communicationDateTime="2030-01-01T09:00:00+01:00[Europe/Berlin]")
    recent = api.get(
        "/v1/threads", params={"updatedSince": "2029-12-31T12:00:00+01:00[Europe/Berlin]"}, headers=supervisor
    ).json()
    assert [item["threadId"] for item in recent["items"]] == [created["threadId"]]


def test_the_review_queue_names_each_threads_customer_and_filters_by_customer(api, login):
    supervisor, agent = login("supervisor"), login("agent")
    page = api.get("/v1/threads", params={"limit": 100}, headers=supervisor).json()
    names = {}
    for item in page["items"]:
        customer_id = item["customerId"]
        if customer_id not in names:
            found = api.get(f"/v1/customers/{customer_id}", headers=supervisor).json()
            names[customer_id] = f"{found['firstName']} {found['lastName']}"
        assert item["customerName"] == names[customer_id]
    activity = [item["lastCommunicationAt"] for item in page["items"]]
    assert activity == sorted(activity, reverse=True)  # newest activity first

    annas = api.get("/v1/threads", params={"customerId": ANNA, "limit": 100}, headers=supervisor).json()
    assert annas["total"] == thread_count(api, supervisor, ANNA)
    assert {(item["customerId"], item["customerName"]) for item in annas["items"]} == {(ANNA, "Anna Müller")}
    # An agent's queue stays their own, whatever the customer.
    own = api.get("/v1/threads", params={"customerId": ANNA, "limit": 100}, headers=agent).json()
    me = api.get("/v1/me", headers=agent).json()["userId"]
    assert {item["assignee"]["userId"] for item in own["items"]} <= {me}
    assert own["total"] < annas["total"]
    assert api.get("/v1/threads", params={"customerId": 999_999}, headers=supervisor).json()["total"] == 0


def test_a_contradicting_offset_answers_422(api, login):
    agent = login("agent")
    wrong = "2026-06-22T08:00:00+05:00[Europe/Berlin]"
    assert_error(
        api.get("/v1/threads", params={"updatedSince": wrong}, headers=agent), 422, "request.invalid"
    )
    assert_error(
        api.get("/v1/customer-communications", params={"from": wrong}, headers=agent), 422, "request.invalid"
    )
    before = thread_count(api, agent)
    answer = api.post(
        f"/v1/communications/{ANNA}/threads", json=thread_body(communicationDateTime=wrong), headers=agent
    )
    body = assert_error(answer, 422, "request.invalid")
    assert body["reference"] == "communicationDateTime"
    assert thread_count(api, agent) == before


def test_an_opted_out_pair_answers_409_and_the_log_gains_nothing(api, login):
    agent = login("agent")
    # Anna Müller opted out of GENERAL by TEXT_MESSAGE in the demo data.
    before_threads, before_log = thread_count(api, agent), log_total(api, agent)
    answer = api.post(
        f"/v1/communications/{ANNA}/threads",
        json=thread_body(messageCategory="GENERAL", communicationChannel="TEXT_MESSAGE"),
        headers=agent,
    )
    body = assert_error(answer, 409, "communication.optedOut")
    assert body["args"] == ["GENERAL", "TEXT_MESSAGE"]
    thread = create(api, agent)  # an allowed pair, to add to
    refused = api.put(
        f"/v1/communications/{ANNA}/threads/{thread['threadId']}",
        json=thread_body(messageCategory="GENERAL", communicationChannel="TEXT_MESSAGE"),
        headers=agent,
    )
    assert_error(refused, 409, "communication.optedOut")
    assert thread_count(api, agent) == before_threads + 1
    assert log_total(api, agent) == before_log + 1
    outbox = api.get("/v1/dev/outbox", params={"customerId": ANNA}, headers=login("admin")).json()
    assert [item["communicationId"] for item in outbox] == [thread["communicationId"]]

    # The customer may still write to us on that pair.
    incoming = create(
        api,
        agent,
        messageCategory="GENERAL",
        communicationChannel="TEXT_MESSAGE",
        communicationDirection="INCOMING",
    )
    assert incoming["deliveryStatus"] == "RECEIVED"


def test_a_pair_the_category_does_not_list_is_not_restricted(api, login):
    agent = login("agent")
    prefs = api.get(f"/v1/communications/{JUERGEN}/communication-preferences", headers=agent).json()
    newsletter = next(p for p in prefs["preferences"] if p["messageCategory"] == "NEWSLETTER")
    listed = {c["communicationChannel"]: c["active"] for c in newsletter["channels"]}
    assert "CHAT" not in listed
    sent = create(api, agent, customer=JUERGEN, messageCategory="NEWSLETTER", communicationChannel="CHAT")
    assert sent["deliveryStatus"] == "SENT"
    if listed["LETTER"] is False:
        refused = api.post(
            f"/v1/communications/{JUERGEN}/threads",
            json=thread_body(messageCategory="NEWSLETTER", communicationChannel="LETTER"),
            headers=agent,
        )
        assert_error(refused, 409, "communication.optedOut")


def test_an_unknown_category_is_422(api, login):
    answer = api.post(
        f"/v1/communications/{ANNA}/threads",
        json=thread_body(messageCategory="NO_SUCH_THING"),
        headers=login("agent"),
    )
    assert assert_error(answer, 422, "request.invalid")["reference"] == "messageCategory"


def test_demo_history_covers_every_status_channel_and_direction(api, login):
    supervisor = login("supervisor")
    for status in ("CREATED", "ONGOING", "CLOSED"):
        assert api.get("/v1/threads", params={"status": status}, headers=supervisor).json()["total"] > 0
    for channel in ("LETTER", "EMAIL", "TEXT_MESSAGE", "PHONE", "FAX", "CONVERSATION", "CHAT", "OTHER"):
        for direction in ("INCOMING", "OUTGOING"):
            found = api.get(
                "/v1/customer-communications",
                params={"communicationChannel": channel, "communicationDirection": direction, "limit": 1},
                headers=supervisor,
            ).json()
            assert found["total"] > 0, (channel, direction)
    zoe = api.get("/v1/customers/3", headers=supervisor).json()
    assert (zoe["firstName"], zoe["communicationBlocked"]) == ("Zoë", True)
    history = api.get("/v1/customer-communications", params={"customerId": 3}, headers=supervisor).json()
    statuses = {item["deliveryStatus"] for item in history["items"]}
    assert "SUPPRESSED" in statuses and statuses & {"SENT", "DELIVERED", "READ"}
