"""The tenant-isolation matrix, generated from the route table, through the real server.

Both demo tenants get the same small world (a customer with a thread, a one-time code, a change
request, a marketing preference, a status label, an API key), made through the API with a tag of
their own in every text. Then the `other` tenant, as its agent, as an admin and as an admin's API
key (so a missing scope cannot pass for isolation), calls every operation with the `demo`
tenant's ids in the path, in the body and in the query filters:

- a path with any of demo's ids answers 404 `resource.notFound`, with nothing of demo's rows;
- a body or a filter with one of demo's ids is answered exactly as one with an id that exists
  nowhere (and a write with it fails);
- every unfiltered read, the event stream included, shows nothing of demo's;
- a requestId demo wrote with is new to the other tenant (no replay, no `request.idReused`).

Each operation is also called with the other tenant's own ids, which must work, so a 404 above
is the tenant's doing and not a wrong id or body. An operation the matrix cannot build a call
for (a path or filter id without a rule, a body model without a body) fails the first test.

`other` has only an agent in the demo data, and nothing in the API makes a tenant's first admin:
its admin, `other-admin`, is added to the server's SQLite file as the agent's copy with role ADMIN.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.contract.enums import ROLE_SCOPES, Role
from tests.live_server import LiveServer
from tests.server.route_table import Answer, Operation, call, operations
from tests.server.tenant_world import (
    Ids,
    Tenant,
    World,
    add_admin,
    body_for,
    body_ids,
    filter_ids,
    path_key,
    sample_ids,
    takes_request_id,
    world_key,
)

pytestmark = pytest.mark.slow

#: The other tenant's callers and their roles.
CALLERS = {"other-agent": Role.AGENT, "other-admin": Role.ADMIN, "other admin's API key": Role.ADMIN}
CONTROL = "other-admin"
DEMO_ADMIN = "demo's admin"

GUARDED = [operation for operation in operations() if not operation.public]
WITH_PATH_IDS = [operation for operation in GUARDED if operation.path_params]
WITH_BODY_IDS = [operation for operation in GUARDED if body_ids(operation)]
WITH_FILTERS = [operation for operation in GUARDED if filter_ids(operation)]
WITH_REQUEST_IDS = [operation for operation in GUARDED if takes_request_id(operation)]
UNFILTERED_READS = [
    operation for operation in GUARDED if operation.method == "GET" and not operation.path_params
]


def named(operation: Operation) -> str:
    return operation.name


@dataclass
class Matrix:
    client: httpx.Client
    demo: World
    other: World
    callers: dict[str, dict[str, str]]
    #: The text that comes last in the other tenant's event stream.
    last_event_text: str

    def capable(self, operation: Operation) -> list[str]:
        """The other tenant's callers that hold the operation's scopes."""
        assert operation.scopes is not None
        return [name for name, role in CALLERS.items() if operation.scopes <= ROLE_SCOPES[role]]

    def call(
        self,
        operation: Operation,
        caller: str,
        path_ids: dict[str, Any],
        body_world: Ids | None = None,
        params: dict[str, Any] | None = None,
        request_id: str | None = None,
    ) -> Answer:
        url = operation.url({name: path_ids[path_key(name)] for name in operation.path_params})
        world = body_world if body_world is not None else self.other.for_body()
        body = body_for(operation, world, request_id)
        return call(
            self.client, operation.method, url, headers=self.callers[caller], body=body, params=params
        )

    def assert_nothing_of_demo(self, answer: Answer, context: object) -> None:
        assert self.demo.tag not in answer.text, (context, answer.text)


@pytest.fixture(scope="module")
def matrix(live_server: LiveServer) -> Iterator[Matrix]:
    if not live_server.running:
        live_server.start()
    live_server.reset()
    add_admin(Path(live_server.database), "other-agent", "other-admin")
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        demo = Tenant(
            client, live_server.headers("agent"), live_server.headers("admin"), "Demo" + uuid.uuid4().hex[:8]
        )
        callers = {name: live_server.headers(name) for name in ("other-agent", "other-admin")}
        other = Tenant(client, callers["other-agent"], callers["other-admin"], "Other" + uuid.uuid4().hex[:8])
        demo_world, other_world = demo.build(), other.build()
        key = other.post("/v1/api-keys", {"name": "matrix admin", "role": "ADMIN"}, callers["other-admin"])
        callers["other admin's API key"] = {"X-API-KEY": key["key"]}
        callers[DEMO_ADMIN] = demo.admin
        last = f"Last of {other_world.tag}"
        other.post(
            f"/v1/communications/{other_world.ids['customerId']}/threads",
            {
                "communicationThreadStatus": "CREATED",
                "subject": last,
                "content": last,
                "communicationDirection": "INCOMING",
                "communicationChannel": "PHONE",
            },
            other.agent,
        )
        yield Matrix(client, demo_world, other_world, callers, last)


def test_every_route_can_be_probed():
    """Every path id and id filter has a rule, every body model a valid body: nothing drops out."""
    for operation in GUARDED:
        for name in operation.path_params:
            path_key(name)
        filter_ids(operation)
        body = body_for(operation, sample_ids())
        if operation.body is not None:
            operation.body.model_validate(body)
    assert len(WITH_PATH_IDS) > 25
    assert {"customerId", "statusLabelId", "userId"} <= {key for op in WITH_BODY_IDS for key in body_ids(op)}
    assert len(WITH_FILTERS) >= 4
    assert len(UNFILTERED_READS) > 10


@pytest.mark.parametrize("operation", WITH_PATH_IDS, ids=named)
def test_a_path_with_another_tenants_id_answers_404(operation: Operation, matrix: Matrix):
    own, demo = matrix.other.ids, matrix.demo.ids
    keys = [path_key(name) for name in operation.path_params]
    variants = [demo] if len(keys) == 1 else [demo, *({**own, key: demo[key]} for key in keys)]
    for caller in matrix.capable(operation):
        for path_ids in variants:
            answer = matrix.call(operation, caller, path_ids)
            context = (
                caller,
                operation.url({name: path_ids[path_key(name)] for name in operation.path_params}),
            )
            assert answer.status == 404, (context, answer.text)
            assert answer.error_code == "resource.notFound", (context, answer.text)
            matrix.assert_nothing_of_demo(answer, context)
    control = matrix.call(operation, CONTROL, own)
    assert control.status != 404 and control.status < 500, ("own ids", control.text)


@pytest.mark.parametrize("operation", WITH_BODY_IDS, ids=named)
def test_another_tenants_id_in_a_body_is_answered_as_a_missing_one(operation: Operation, matrix: Matrix):
    own = matrix.other.ids
    for key in body_ids(operation):
        for caller in matrix.capable(operation):
            answers = {
                source: matrix.call(operation, caller, own, Ids({**own, key: value}, matrix.other.tag))
                for source, value in (("demo's", matrix.demo.ids[key]), ("missing", 2**62))
            }
            foreign, missing = answers["demo's"], answers["missing"]
            assert foreign.status >= 400, (caller, key, foreign.text)
            assert fingerprint(foreign) == fingerprint(missing), (caller, key, foreign.text, missing.text)
            matrix.assert_nothing_of_demo(foreign, (caller, key))
        control = matrix.call(operation, CONTROL, own)
        assert 200 <= control.status < 300, (key, "own id", control.text)


@pytest.mark.parametrize("operation", WITH_FILTERS, ids=named)
def test_a_filter_on_another_tenants_id_finds_nothing(operation: Operation, matrix: Matrix):
    for name in filter_ids(operation):
        key = world_key(name)
        if key:
            values = [(matrix.demo.ids[key], matrix.other.ids[key])]
        else:
            values = list(zip(matrix.demo.searches, matrix.other.searches, strict=True))
        for demo_value, own_value in values:
            for caller in matrix.capable(operation):
                foreign = matrix.call(operation, caller, matrix.other.ids, params={name: demo_value})
                matrix.assert_nothing_of_demo(foreign, (caller, name, demo_value))
                if key:  # a search text may find the tenant's own rows; an id must find what no id finds
                    missing = matrix.call(operation, caller, matrix.other.ids, params={name: 2**62})
                    assert fingerprint(foreign) == fingerprint(missing), (caller, name, foreign.text)
            control = matrix.call(operation, CONTROL, matrix.other.ids, params={name: own_value})
            assert control.status == 200 and items(control), (name, own_value, "finds nothing", control.text)


@pytest.mark.parametrize("operation", UNFILTERED_READS, ids=named)
def test_a_read_shows_nothing_of_another_tenant(operation: Operation, matrix: Matrix):
    headers = {"Last-Event-ID": "0"} if "last-event-id" in operation.header_params else {}
    for caller in matrix.capable(operation):
        answer = call(
            matrix.client,
            operation.method,
            operation.path,
            headers={**matrix.callers[caller], **headers},
            stream_until=matrix.last_event_text,
        )
        assert answer.status == 200, (caller, answer.text)
        matrix.assert_nothing_of_demo(answer, caller)
        if answer.streamed:
            assert matrix.last_event_text in answer.text, (caller, "missed the tenant's own events")


@pytest.mark.parametrize("operation", WITH_REQUEST_IDS, ids=named)
def test_a_request_id_another_tenant_used_replays_nothing(operation: Operation, matrix: Matrix):
    """Idempotency keys are the tenant's own: a requestId demo wrote with is new to the other
    tenant (neither demo's answer again nor `request.idReused`)."""
    request_id = str(uuid.uuid4())
    first = matrix.call(operation, DEMO_ADMIN, matrix.demo.ids, matrix.demo.for_body(), request_id=request_id)
    assert first.status < 500, first.text
    again = matrix.call(operation, CONTROL, matrix.other.ids, request_id=request_id)
    assert again.status < 500 and again.error_code != "request.idReused", again.text
    assert "Idempotent-Replayed" not in again.headers, again.text
    matrix.assert_nothing_of_demo(again, request_id)


def fingerprint(answer: Answer) -> object:
    """What a caller can tell from an answer: for an error its status, code and field, for a
    success its body."""
    if answer.status >= 400:
        body = answer.json or {}
        return answer.status, body.get("errorCode"), body.get("reference")
    return answer.status, answer.json


def items(answer: Answer) -> list[Any]:
    body = answer.json
    found: list[Any] = body["items"] if isinstance(body, dict) else body
    return found
