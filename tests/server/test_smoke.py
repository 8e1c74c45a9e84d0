"""The server starts on the demo data, and the embedded test fixtures work."""

from __future__ import annotations

import httpx

from tests.live_server import LiveServer


def test_health_needs_no_credentials(api):
    answer = api.get("/healthz")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"
    assert answer.headers["X-Trace-Id"]


def test_agent_finds_a_demo_customer(api, login):
    answer = api.get("/v1/customers", params={"query": "müller"}, headers=login("agent"))
    assert answer.status_code == 200
    names = [(c["firstName"], c["lastName"]) for c in answer.json()["items"]]
    assert ("Anna", "Müller") in names


def test_live_server_prints_its_line_and_resets(server: LiveServer):
    headers = server.headers("agent")
    created = httpx.post(
        f"{server.url}/v1/customers",
        json={
            "firstName": "Temporary",
            "lastName": "Person",
            "requestId": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
        },
        headers=headers,
    )
    assert created.status_code == 201
    server.reset()
    found = httpx.get(f"{server.url}/v1/customers", params={"query": "Temporary"}, headers=server.headers())
    assert found.json()["total"] == 0
