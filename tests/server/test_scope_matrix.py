"""The scope matrix, generated from the route table: every route against every role, through the real server.

For each operation the scopes its `require(...)` asks for are read off the route (route_table.py),
and each role of ROLE_SCOPES, as a signed-in user and as an API key, must answer 403
`auth.forbidden` naming a missing scope when the role lacks one, and get past the check (no
401/403) when it holds them all. Without credentials (or with wrong ones) every route but the
public ones answers 401. A route without `require(...)` that is not public fails the first test.

The probes are harmless: path ids that exist nowhere and a body that is no valid body (`[]`), so
a route that lets the caller through answers 404 or 422 and changes nothing. A route with neither
(the demo reset) is called for real, and the callers sign in afresh after it.
AGENT's scopes are every role's, so no principal lacks them: for those routes the matrix proves
that every role gets through, and the 403 side is proven for the scopes the roles do not share.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.contract.enums import ROLE_SCOPES, Role
from tests.live_server import LiveServer
from tests.server.route_table import Operation, call, operations

pytestmark = pytest.mark.slow

OPERATIONS = operations()
GUARDED = [operation for operation in OPERATIONS if not operation.public]
#: A demo user of each role; each role also gets an API key made by the admin.
USERS = {Role.AGENT: "agent", Role.SUPERVISOR: "supervisor", Role.ADMIN: "admin"}


def nowhere(annotation: Any) -> object:
    """A path value of this type that names nothing on the server."""
    if annotation is int:
        return 2**62
    if annotation is uuid.UUID:
        return uuid.uuid4()
    raise AssertionError(f"no rule for a path parameter of type {annotation!r}: add one to nowhere()")


def harmless(operation: Operation) -> tuple[str, object]:
    """The URL and body of a probe that changes nothing once past the scope check."""
    url = operation.url({name: nowhere(annotation) for name, annotation in operation.path_params.items()})
    return url, [] if operation.body is not None else None


def acts(operation: Operation) -> bool:
    """A probe of this operation takes effect: no id to miss and no body to refuse."""
    return operation.method != "GET" and not operation.path_params and operation.body is None


class Callers:
    """A signed-in user and an API key of each role, made on first use and again after a reset."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self._headers: dict[str, dict[str, str]] = {}

    def names(self, role: Role) -> list[str]:
        return [USERS[role], f"{role.value} API key"]

    def headers(self, name: str) -> dict[str, str]:
        if name not in self._headers:
            self._headers[name] = self._sign_in(name)
        return self._headers[name]

    def _sign_in(self, name: str) -> dict[str, str]:
        if name in USERS.values():
            return self.server.headers(name)
        role = name.removesuffix(" API key")
        answer = httpx.post(
            f"{self.server.url}/v1/api-keys",
            json={"name": f"scope matrix {role}", "role": role},
            headers=self.headers(USERS[Role.ADMIN]),
        )
        assert answer.status_code == 201, answer.text
        return {"X-API-KEY": answer.json()["key"]}

    def forget(self) -> None:
        self._headers = {}


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    if not live_server.running:
        live_server.start()
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def callers(live_server: LiveServer, client: httpx.Client) -> Callers:
    live_server.reset()
    return Callers(live_server)


def test_every_route_is_public_or_asks_for_credentials():
    unguarded = [
        operation.name for operation in OPERATIONS if operation.scopes is None and not operation.public
    ]
    assert unguarded == [], "routes without require(...): make them require a scope, or public in route_table"
    assert {operation.name for operation in OPERATIONS if operation.public} >= {"POST /v1/auth/token"}
    # The matrix reads the route table: the routes are there, and some ask for more than an agent has.
    assert len(GUARDED) > 40
    assert (
        sum(1 for operation in GUARDED if operation.scopes and operation.scopes - ROLE_SCOPES[Role.AGENT])
        > 10
    )


@pytest.mark.parametrize("operation", GUARDED, ids=lambda operation: operation.name)
def test_a_route_without_credentials_answers_401(operation: Operation, client: httpx.Client):
    url, body = harmless(operation)
    for headers in ({}, {"Authorization": "Bearer sbt_not-a-token"}, {"X-API-KEY": "sbk_not-a-key"}):
        answer = call(client, operation.method, url, headers=headers, body=body)
        assert answer.status == 401, (headers, answer.text)
        assert answer.error_code == "auth.unauthenticated", answer.text


@pytest.mark.parametrize("operation", GUARDED, ids=lambda operation: operation.name)
def test_each_role_is_let_through_exactly_by_its_scopes(
    operation: Operation, client: httpx.Client, callers: Callers
):
    assert operation.scopes is not None
    url, body = harmless(operation)
    for role in Role:
        missing = operation.scopes - ROLE_SCOPES[role]
        for name in callers.names(role):
            answer = call(client, operation.method, url, headers=callers.headers(name), body=body)
            if missing:
                assert answer.status == 403, (name, answer.text)
                assert answer.error_code == "auth.forbidden", (name, answer.text)
                assert answer.json["args"][0] in missing, (name, answer.text)
            else:
                assert answer.status not in (401, 403), (name, answer.text)
                assert answer.status < 500, (name, answer.text)
                if acts(operation):
                    callers.forget()
