"""Bad input never answers 5xx: every kind gets a 4xx with the error body; trace ids, languages, docs."""

from __future__ import annotations

import logging
import re
import typing
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from app.server.routes import customers as customers_routes
from tests.server import support
from tests.server.route_table import operations
from tests.server.support import assert_error, rid

# Quicker sign-ins than conftest's (one per user and session).
login = support.login
demo_sessions = support.demo_sessions

MEGABYTE_STRING = "x" * (1024 * 1024)


def body_cases() -> list[tuple[str, str, object, str | None]]:
    """(method, path, JSON body, reference) that must answer 422 request.invalid."""
    preferences = "/v1/communications/1/communication-preferences"
    return [
        ("POST", "/v1/customers", {"firstName": 5, "lastName": "B", "requestId": rid()}, "firstName"),
        ("POST", "/v1/customers", {"firstName": ["A"], "lastName": "B", "requestId": rid()}, "firstName"),
        ("POST", "/v1/customers", {"firstName": "A", "lastName": None, "requestId": rid()}, "lastName"),
        (
            "POST",
            "/v1/customers",
            {"firstName": "A", "lastName": "B", "requestId": "not-a-uuid"},
            "requestId",
        ),
        ("POST", "/v1/customers", {"firstName": "A", "lastName": "B", "requestId": 12}, "requestId"),
        ("POST", "/v1/customers", {"firstName": "A", "lastName": "B", "requestId": rid(), "x": 1}, "x"),
        (
            "POST",
            "/v1/customers",
            {"firstName": "A" * 100_000, "lastName": "B", "requestId": rid()},
            "firstName",
        ),
        ("POST", "/v1/customers", [1, 2, 3], None),
        ("POST", "/v1/customers", "just a string", None),
        ("POST", "/v1/customers", None, None),
        (
            "PUT",
            "/v1/customers/1/status",
            {"statusLabelId": 10**30, "reason": "x", "requestId": rid()},
            "statusLabelId",
        ),
        (
            "PUT",
            "/v1/customers/1/status",
            {"statusLabelId": -1, "reason": "x", "requestId": rid()},
            "statusLabelId",
        ),
        (
            "PUT",
            "/v1/customers/1/status",
            {"statusLabelId": "one", "reason": "x", "requestId": rid()},
            "statusLabelId",
        ),
        ("PUT", "/v1/customers/1/status", {"statusLabelId": None, "requestId": rid()}, "reason"),
        ("PUT", preferences, {"preferences": "all", "requestId": rid()}, "preferences"),
        (
            "PUT",
            preferences,
            {
                "preferences": [
                    {
                        "messageCategory": "NEWSLETTER",
                        "channels": [{"communicationChannel": "EMAIL", "active": "maybe"}],
                    }
                ],
                "requestId": rid(),
            },
            "preferences[0].channels[0].active",
        ),
        (
            "PUT",
            preferences,
            {
                "preferences": [
                    {
                        "messageCategory": "NEWSLETTER",
                        "channels": [{"communicationChannel": "SMOKE", "active": True}],
                    }
                ],
                "requestId": rid(),
            },
            "preferences[0].channels[0].communicationChannel",
        ),
        ("POST", "/v1/api-keys", {"name": "k", "role": "GOD"}, "role"),
        ("POST", "/v1/auth/token", {"username": "agent"}, "password"),
        ("POST", "/v1/auth/token", {"username": 1, "password": 2}, "username"),
    ]


@pytest.mark.parametrize("case", range(len(body_cases())))
def test_bad_bodies_are_422_with_a_reference(api, login, case):
    method, path, body, reference = body_cases()[case]
    answer = api.request(method, path, json=body, headers=login("admin"))
    error = assert_error(answer, 422, "request.invalid")
    assert error["reference"] == reference


def test_malformed_json_is_422(api, login):
    for raw in (b"{", b'{"firstName": "A",}', b"\xff\xfe\x00", b"", b"nul"):
        answer = api.post(
            "/v1/customers", content=raw, headers={**login(), "Content-Type": "application/json"}
        )
        assert_error(answer, 422, "request.invalid")


def test_a_one_megabyte_string_is_refused_with_413(api, login):
    body = {"firstName": MEGABYTE_STRING, "lastName": "B", "requestId": rid()}
    answer = api.post("/v1/customers", json=body, headers=login())
    error = assert_error(answer, 413, "request.tooLarge")
    assert error["args"] == [1024 * 1024]


def test_a_chunked_body_over_the_limit_is_413_too(api, login):
    def chunks():
        for _ in range(20):
            yield b"x" * 65536

    answer = api.post(
        "/v1/customers", content=chunks(), headers={**login(), "Content-Type": "application/json"}
    )
    assert_error(answer, 413, "request.tooLarge")


@pytest.mark.parametrize(
    ("path", "reference"),
    [
        ("/v1/customers?page=0", "page"),
        ("/v1/customers?page=1000000000000", "page"),
        ("/v1/customers?page=-3", "page"),
        ("/v1/customers?page=two", "page"),
        ("/v1/customers?limit=0", "limit"),
        ("/v1/customers?limit=1000", "limit"),
        ("/v1/customers?limit=1.5", "limit"),
        ("/v1/customers/1/consent-history?page=0", "page"),
        ("/v1/customers/1/consent-history?limit=101", "limit"),
        ("/v1/customers/1/marketing-preferences?limit=0", "limit"),
        ("/v1/customers/1/marketing-preferences?page=1000000000000", "page"),
        ("/v1/customers/not-a-number", "customerId"),
        ("/v1/customers/0", "customerId"),
        ("/v1/customers/99999999999999999999999999", "customerId"),
        ("/v1/customers/1.5", "customerId"),
        ("/v1/customers/1/marketing-preferences/99999999999999999999", "marketingPreferenceId"),
        ("/v1/communications/abc/communication-preferences", "customerId"),
    ],
)
def test_bad_paths_and_query_parameters_are_422(api, login, path, reference):
    error = assert_error(api.get(path, headers=login()), 422, "request.invalid")
    assert error["reference"] == reference


def test_the_largest_id_is_a_plain_404(api, login):
    answer = api.get(f"/v1/customers/{2**63 - 1}", headers=login())
    assert_error(answer, 404, "resource.notFound")


def test_unknown_path_and_wrong_method(api, login):
    assert_error(api.get("/v1/nothing-here", headers=login()), 404, "resource.notFound")
    assert_error(api.delete("/v1/customers/1", headers=login()), 405, "request.methodNotAllowed")


def test_a_405_allows_every_method_of_its_path(api):
    """RFC 9110: `Allow` names all the path's methods, not only those of its first route."""
    methods: dict[str, set[str]] = {}
    for operation in operations():
        methods.setdefault(operation.path, set()).add(operation.method)
    assert max(len(each) for each in methods.values()) >= 4  # GET, PATCH, POST and PUT on a thread
    for path, allowed in methods.items():
        answer = api.options(re.sub(r"\{[^}]+\}", "1", path))
        assert_error(answer, 405, "request.methodNotAllowed")
        assert answer.headers["Allow"].split(", ") == sorted(allowed), path


def _models_in(annotation: object) -> Iterator[type[BaseModel]]:
    """The models an annotation names, and theirs in turn (lists, unions, Annotated included)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models_in(field.annotation)
        return
    for argument in typing.get_args(annotation):
        yield from _models_in(argument)


def test_every_request_body_refuses_unknown_fields_at_every_depth(api, login):
    lenient = {
        f"{operation.name}: {model.__name__}"
        for operation in operations()
        if operation.body is not None
        for model in _models_in(operation.body)
        if model.model_config.get("extra") != "forbid"
    }
    assert lenient == set(), "request models that ignore unknown fields (give them extra='forbid')"
    # The one found so: a message category's channels took any field and dropped it.
    body = {
        "messageCategory": "X_NEW",
        "kind": "SERVICE",
        "channels": [{"communicationChannel": "EMAIL", "x": 1}],
    }
    error = assert_error(
        api.post("/v1/message-categories", json=body, headers=login("admin")), 422, "request.invalid"
    )
    assert error["reference"] == "channels[0].x"


def test_german_error_messages(api, login):
    german = api.get(
        "/v1/customers/999999", headers={**login(), "Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
    )
    english = api.get("/v1/customers/999999", headers={**login(), "Accept-Language": "en-GB"})
    assert (
        assert_error(german, 404, "resource.notFound")["errorMessage"]
        == "Customer 999999 wurde nicht gefunden."
    )
    assert assert_error(english, 404, "resource.notFound")["errorMessage"] == "Customer 999999 was not found."
    assert german.headers["Content-Language"] == "de"
    unauthenticated = api.get("/v1/me", headers={"Accept-Language": "de"})
    assert "Anmeldung" in assert_error(unauthenticated, 401, "auth.unauthenticated")["errorMessage"]
    too_large = api.post(
        "/v1/customers",
        json={"firstName": MEGABYTE_STRING, "lastName": "B"},
        headers={**login(), "Accept-Language": "de"},
    )
    assert "zu groß" in assert_error(too_large, 413, "request.tooLarge")["errorMessage"]
    invalid = api.get("/v1/customers?limit=0", headers={**login(), "Accept-Language": "fr, de;q=0.8"})
    assert assert_error(invalid, 422, "request.invalid")["errorMessage"].startswith(
        "Die Anfrage ist ungültig"
    )


def test_unsupported_language_falls_back_to_english(api, login):
    for header in ("fr", "", "de;q=0", "xx-YY, *", ";;;q=abc"):
        answer = api.get("/v1/customers/999999", headers={**login(), "Accept-Language": header})
        assert (
            assert_error(answer, 404, "resource.notFound")["errorMessage"] == "Customer 999999 was not found."
        )


def test_trace_id_is_in_the_header_the_body_and_the_access_log(api, login, caplog):
    caplog.set_level(logging.INFO, logger="switchboard.server.access")
    answer = api.get("/v1/customers/999999", headers=login())
    trace = answer.headers["X-Trace-Id"]
    assert answer.json()["traceId"] == trace
    lines = [r.getMessage() for r in caplog.records if r.name == "switchboard.server.access"]
    assert any(trace in line and "/v1/customers/999999" in line and " 404 " in line for line in lines), lines
    ok = api.get("/v1/customers/1", headers=login())
    assert ok.headers["X-Trace-Id"] != trace
    assert any(ok.headers["X-Trace-Id"] in r.getMessage() for r in caplog.records)


def test_openapi_and_docs_answer(api):
    document = api.get("/openapi.json")
    assert document.status_code == 200
    spec = document.json()
    schemas = spec["components"]["schemas"]
    for name in (
        "Customer",
        "CustomerCreate",
        "CommunicationPreferences",
        "CommunicationPreferencesUpdate",
        "CustomerMarketingPreference",
        "ConsentChange",
        "TokenRequest",
        "TokenResponse",
        "ApiKeyCreated",
        "StatusLabel",
        "MessageCategory",
    ):
        assert name in schemas, name
    assert "firstName" in schemas["Customer"]["properties"]
    for path in (
        "/v1/customers",
        "/v1/communications/{customerId}/communication-preferences",
        "/v1/auth/token",
    ):
        assert path in spec["paths"], path
    docs = api.get("/docs")
    assert docs.status_code == 200
    assert "openapi.json" in docs.text


def test_an_unexpected_failure_is_a_500_error_body_with_its_trace_in_the_log(api, login, caplog, monkeypatch):
    """A bug cannot be had on purpose, so one is injected: the search store raises."""

    async def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(customers_routes, "search_customer_ids", broken)
    caplog.set_level(logging.INFO, logger="switchboard.server")
    answer = api.get("/v1/customers", params={"query": "anna"}, headers={**login(), "Accept-Language": "de"})
    body = assert_error(answer, 500, "server.internal")
    assert "unerwarteter Fehler" in body["errorMessage"]
    assert "injected failure" not in answer.text
    logged = [r for r in caplog.records if body["traceId"] in r.getMessage()]
    assert any(r.levelno == logging.ERROR and r.exc_info for r in logged)
    assert any(r.name == "switchboard.server.access" and " 500 " in r.getMessage() for r in logged)
