"""Sign-in, the signed-in user, roles and scopes, API keys and the rate limit, over HTTP."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.server import support
from tests.server.conftest import make_client, sign_in
from tests.server.support import assert_error, rid, rows

# Quicker sign-ins than conftest's (one per user and session).
login = support.login
demo_sessions = support.demo_sessions


def test_sign_in_answers_a_token_and_the_user(api: TestClient):
    answer = api.post("/v1/auth/token", json={"username": "agent", "password": "demo"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["tokenType"] == "Bearer"
    assert body["expiresIn"] > 0
    assert body["user"]["username"] == "agent"
    assert body["user"]["displayName"] == "Peter Meyer"
    assert body["user"]["role"] == "AGENT"
    me = api.get("/v1/me", headers={"Authorization": f"Bearer {body['accessToken']}"})
    assert me.status_code == 200
    assert me.json() == body["user"]


@pytest.mark.parametrize(
    ("username", "role", "has", "lacks"),
    [
        ("agent", "AGENT", "CUSTOMER_WRITE", "CUSTOMER_STATUS_WRITE"),
        ("supervisor", "SUPERVISOR", "THREAD_REVIEW", "USER_ADMIN"),
        ("admin", "ADMIN", "USER_ADMIN", None),
    ],
)
def test_each_role_has_its_scopes(api, login, username, role, has, lacks):
    me = api.get("/v1/me", headers=login(username)).json()
    assert me["role"] == role
    assert has in me["scopes"]
    assert "CUSTOMER_READ" in me["scopes"]
    if lacks:
        assert lacks not in me["scopes"]


def test_unknown_user_and_wrong_password_get_the_same_401(api):
    unknown = api.post("/v1/auth/token", json={"username": "nobody", "password": "demo"})
    wrong = api.post("/v1/auth/token", json={"username": "agent", "password": "wrong"})
    first = assert_error(unknown, 401, "auth.unauthenticated")
    second = assert_error(wrong, 401, "auth.unauthenticated")
    assert first["errorMessage"] == second["errorMessage"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Basic YWdlbnQ6ZGVtbw=="},
        {"Authorization": "Bearer "},
        {"X-API-KEY": "sbk_not-a-key"},
    ],
)
def test_missing_or_unknown_credentials_answer_401(api, headers):
    assert_error(api.get("/v1/customers", headers=headers), 401, "auth.unauthenticated")


def test_passwords_are_stored_as_argon2_hashes(api, database: Path):
    hashes = [row[0] for row in rows(database, "SELECT password_hash FROM users")]
    assert hashes
    assert all(value.startswith("$argon2") for value in hashes)


def test_missing_scope_answers_403_with_the_scope_and_changes_nothing(api, login):
    answer = api.put(
        "/v1/customers/1/status",
        json={"statusLabelId": 2, "reason": "fraud", "requestId": rid()},
        headers=login("agent"),
    )
    body = assert_error(answer, 403, "auth.forbidden")
    assert body["args"] == ["CUSTOMER_STATUS_WRITE"]
    assert "CUSTOMER_STATUS_WRITE" in body["errorMessage"]
    assert api.get("/v1/customers/1", headers=login("agent")).json()["statusLabel"] is None


def test_another_tenants_customer_answers_404(api, login):
    own = api.get("/v1/customers/1", headers=login("agent"))
    assert own.status_code == 200
    other = login("other-agent")
    body = assert_error(api.get("/v1/customers/1", headers=other), 404, "resource.notFound")
    assert body["args"] == ["Customer", "1"]
    for path in (
        "/v1/communications/1/communication-preferences",
        "/v1/customers/1/consent-history",
        "/v1/customers/1/marketing-preferences",
        "/v1/customers/1/marketing-preferences/1",
    ):
        assert_error(api.get(path, headers=other), 404, "resource.notFound")
    change = {
        "preferences": [
            {
                "messageCategory": "NEWSLETTER",
                "channels": [{"communicationChannel": "EMAIL", "active": False}],
            }
        ],
        "requestId": rid(),
    }
    assert_error(
        api.put("/v1/communications/1/communication-preferences", json=change, headers=other),
        404,
        "resource.notFound",
    )
    assert_error(api.put("/v1/customers/1/marketing-preferences/1", headers=other), 404, "resource.notFound")


def _create_key(api: TestClient, admin: dict[str, str], role: str) -> dict:
    answer = api.post(
        "/v1/api-keys", json={"name": f"{role.lower()} integration", "role": role}, headers=admin
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_admin_creates_an_api_key_shown_once_and_stored_hashed(api, login, database: Path):
    created = _create_key(api, login("admin"), "AGENT")
    assert created["key"]
    assert created["role"] == "AGENT"
    listed = api.get("/v1/api-keys", headers=login("admin"))
    assert listed.status_code == 200
    entry = next(k for k in listed.json() if k["apiKeyId"] == created["apiKeyId"])
    assert "key" not in entry
    assert entry["name"] == "agent integration"
    stored = rows(database, "SELECT key_hash FROM api_keys")
    assert stored and all(created["key"].encode() not in row[0] for row in stored)
    files = [database, database.with_name(database.name + "-wal")]
    assert all(created["key"].encode() not in f.read_bytes() for f in files if f.exists())


@pytest.mark.parametrize("username", ["agent", "supervisor"])
def test_only_an_admin_manages_api_keys(api, login, username):
    created = _create_key(api, login("admin"), "AGENT")
    headers = login(username)
    body = assert_error(
        api.post("/v1/api-keys", json={"name": "mine", "role": "ADMIN"}, headers=headers),
        403,
        "auth.forbidden",
    )
    assert body["args"] == ["USER_ADMIN"]
    assert_error(api.get("/v1/api-keys", headers=headers), 403, "auth.forbidden")
    assert_error(api.delete(f"/v1/api-keys/{created['apiKeyId']}", headers=headers), 403, "auth.forbidden")


def test_an_api_key_acts_with_its_role_and_records_consent_as_api(api, login):
    agent_key = {"X-API-KEY": _create_key(api, login("admin"), "AGENT")["key"]}
    me = api.get("/v1/me", headers=agent_key).json()
    assert me["role"] == "AGENT"
    assert "CUSTOMER_STATUS_WRITE" not in me["scopes"]
    assert api.get("/v1/customers/1", headers=agent_key).status_code == 200
    status_change = {"statusLabelId": 2, "reason": "fraud", "requestId": rid()}
    assert_error(
        api.put("/v1/customers/1/status", json=status_change, headers=agent_key), 403, "auth.forbidden"
    )

    supervisor_key = {"X-API-KEY": _create_key(api, login("admin"), "SUPERVISOR")["key"]}
    changed = api.put("/v1/customers/1/status", json=status_change, headers=supervisor_key)
    assert changed.status_code == 200
    assert changed.json()["communicationBlocked"] is True

    opted_in = api.put(
        "/v1/customers/1/marketing-preferences/4", json={"requestId": rid()}, headers=agent_key
    )
    assert opted_in.status_code == 200
    latest = api.get("/v1/customers/1/consent-history", headers=login("agent")).json()["items"][0]
    assert latest["source"] == "API"
    assert latest["actor"]["apiKeyId"] is not None
    assert latest["actor"]["userId"] is None
    assert latest["marketingPreferenceId"] == 4


def test_a_deleted_api_key_stops_working(api, login):
    created = _create_key(api, login("admin"), "AGENT")
    key = {"X-API-KEY": created["key"]}
    assert api.get("/v1/customers/1", headers=key).status_code == 200
    deleted = api.delete(f"/v1/api-keys/{created['apiKeyId']}", headers=login("admin"))
    assert deleted.status_code == 204
    assert_error(api.get("/v1/customers/1", headers=key), 401, "auth.unauthenticated")
    listed = api.get("/v1/api-keys", headers=login("admin")).json()
    assert created["apiKeyId"] not in [k["apiKeyId"] for k in listed]
    again = api.delete(f"/v1/api-keys/{created['apiKeyId']}", headers=login("admin"))
    assert_error(again, 404, "resource.notFound")


def test_an_unknown_api_key_role_is_422(api, login):
    body = assert_error(
        api.post("/v1/api-keys", json={"name": "x", "role": "ROOT"}, headers=login("admin")),
        422,
        "request.invalid",
    )
    assert body["reference"] == "role"


def test_rate_limit_answers_429_with_retry_after(database: Path):
    with make_client(database, rate_limit_per_minute=3) as client:
        agent = sign_in(client, "agent")
        for _ in range(3):
            assert client.get("/v1/me", headers=agent).status_code == 200
        limited = client.get("/v1/me", headers=agent)
        body = assert_error(limited, 429, "rate.limited")
        retry_after = int(limited.headers["Retry-After"])
        assert 1 <= retry_after <= 60
        assert body["args"] == [retry_after]
        # Per credential and endpoint: another endpoint and another user still get through.
        assert client.get("/v1/customers/1", headers=agent).status_code == 200
        assert client.get("/v1/me", headers=sign_in(client, "agent2")).status_code == 200


def test_a_shorter_rate_limit_window_counts_and_answers_within_it(database: Path):
    with make_client(database, rate_limit_per_minute=2, rate_limit_window_seconds=5) as client:
        agent = sign_in(client, "agent")
        # The window starts with the first request counted: the three fall into it.
        answers = [client.get("/v1/me", headers=agent) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        wait = int(answers[2].headers["Retry-After"])
        assert 1 <= wait <= 5
        # When the window has passed, the credential is let in again.
        time.sleep(wait + 0.1)
        assert client.get("/v1/me", headers=agent).status_code == 200


def test_an_api_key_request_is_never_replayed_with_its_secret(api, login, database: Path):
    body = {"name": "retried", "role": "AGENT", "requestId": rid()}
    first = api.post("/v1/api-keys", json=body, headers=login("admin"))
    assert first.status_code == 201
    secret = first.json()["key"].encode()
    again = api.post("/v1/api-keys", json=body, headers=login("admin"))
    assert_error(again, 409, "request.idReused")
    assert secret not in again.content
    names = [k["name"] for k in api.get("/v1/api-keys", headers=login("admin")).json()]
    assert names.count("retried") == 1
    files = [database, database.with_name(database.name + "-wal")]
    assert all(secret not in f.read_bytes() for f in files if f.exists())


def test_the_tenants_users_for_a_reviewer(api, login):
    users = api.get("/v1/users", headers=login("supervisor"))
    assert users.status_code == 200, users.text
    by_name = {user["username"]: user for user in users.json()}
    assert set(by_name) == {"agent", "agent2", "supervisor", "admin"}  # not the other tenant's
    assert by_name["agent"]["displayName"] == "Peter Meyer"
    assert by_name["agent"]["role"] == "AGENT"
    assert set(by_name["agent"]) == {"userId", "username", "displayName", "role"}
    names = [user["displayName"] for user in users.json()]
    assert names == sorted(names)
    assert by_name["agent"]["userId"] == api.get("/v1/me", headers=login("agent")).json()["userId"]
    denied = api.get("/v1/users", headers=login("agent"))
    assert assert_error(denied, 403, "auth.forbidden")["args"] == ["THREAD_REVIEW"]
