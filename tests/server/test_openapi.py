"""/openapi.json as the server answers: valid OpenAPI, every status with the real error body, the two
security schemes and each operation's scopes; and the check that holds every test's answers to it."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Response
from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from app.contract.errors import ErrorCode
from app.server.documented import DocumentedAnswerCheck, undocumented_answers
from app.server.errors import ApiError
from app.server.errors.handlers import install_error_handlers
from app.server.errors.status import STATUS_OF
from app.server.openapi import install_openapi
from app.server.routes import customers as customers_routes
from tests.documented import ENVIRONMENT, assert_app_documented, undocumented_in_log
from tests.live_server import LiveServer
from tests.server.conftest import make_client

ERROR_BODY = {"$ref": "#/components/schemas/ErrorBody"}


@pytest.fixture(scope="module")
def document(demo_database: Path) -> dict[str, Any]:
    """The document as a demo server serves it at /openapi.json."""
    with make_client(demo_database) as client:
        answer = client.get("/openapi.json")
    assert answer.status_code == 200
    return answer.json()  # type: ignore[no-any-return]


def operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_the_document_is_valid_openapi(document):
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_fastapis_validation_body_is_gone_and_the_error_body_is_there(document):
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert "ValidationError" not in schemas
    assert "HTTPValidationError" not in str(document)
    error_body = schemas["ErrorBody"]
    fields = {"errorMessage", "errorCode", "traceId", "reference", "args"}
    assert set(error_body["properties"]) == fields
    assert set(error_body["required"]) == fields


def test_every_error_status_has_the_error_body_and_its_codes(document):
    for name, operation in operations(document):
        responses = operation["responses"]
        for status, response in responses.items():
            if int(status) < 400:
                assert "x-error-codes" not in response, name
                continue
            assert response["content"] == {"application/json": {"schema": ERROR_BODY}}, (name, status)
            codes = response["x-error-codes"]
            assert codes, (name, status)
            for code in codes:
                assert STATUS_OF[ErrorCode(code)] == int(status), (name, status, code)
                assert f"`{code}`" in response["description"]
            assert response["description"].startswith(HTTPStatus(int(status)).phrase)
            assert "X-Trace-Id" in response["headers"]
        # Every operation takes `language` and refuses undeclared parameters: 422; may fail: 500; and
        # may find its database out of reach: 503, with Retry-After.
        assert "request.invalid" in responses["422"]["x-error-codes"], name
        assert responses["500"]["x-error-codes"] == ["server.internal"], name
        assert responses["503"]["x-error-codes"] == ["server.unavailable"], name
        assert responses["503"]["headers"]["Retry-After"] == {"$ref": "#/components/headers/Retry-After"}
        if "rate.limited" in responses.get("429", {}).get("x-error-codes", []):
            assert responses["429"]["headers"]["Retry-After"] == {"$ref": "#/components/headers/Retry-After"}


def test_statuses_follow_what_each_route_declares(document):
    for name, operation in operations(document):
        responses = operation["responses"]
        parameters = operation.get("parameters", [])
        if any(parameter["in"] == "path" for parameter in parameters):
            assert "resource.notFound" in responses["404"]["x-error-codes"], name
        if "requestBody" in operation:
            assert responses["413"]["x-error-codes"] == ["request.tooLarge"], name
        secured = "security" in operation
        assert ("401" in responses) == secured or name == "POST /v1/auth/token", name
        if secured:
            assert "rate.limited" in responses["429"]["x-error-codes"], name
            assert ("403" in responses) == bool(operation["x-required-scopes"]), name
        assert "language" in {parameter["name"] for parameter in parameters if parameter["in"] == "query"}


def test_route_specific_codes_are_documented(document):
    def codes(path: str, method: str, status: int) -> list[str]:
        return document["paths"][path][method]["responses"][str(status)]["x-error-codes"]  # type: ignore[no-any-return]

    assert codes("/v1/communications/{customerId}/communication-preferences", "put", 412) == [
        "preferences.versionConflict"
    ]
    assert "request.idReused" in codes(
        "/v1/communications/{customerId}/communication-preferences", "put", 409
    )
    assert codes("/v1/requests/{approvalRequestId}/approve", "post", 403) == [
        "auth.forbidden",
        "request.ownDecision",
    ]
    assert "request.alreadyDecided" in codes("/v1/requests/{approvalRequestId}/reject", "post", 409)
    validate_otp = "/v1/customers/{customerId}/otp/{otpId}/validate"
    assert codes(validate_otp, "post", 422) == ["otp.invalid", "request.invalid"]
    assert codes(validate_otp, "post", 410) == ["otp.expired"]
    assert codes(validate_otp, "post", 429) == ["otp.tooManyAttempts", "rate.limited"]
    thread = "/v1/communications/{customerId}/threads/{threadId}"
    for method in ("post", "put"):
        assert {"thread.closed", "communication.optedOut", "request.idReused"} <= set(
            codes(thread, method, 409)
        )
    assert set(codes("/v1/auth/token", "post", 429)) == {"auth.throttled", "rate.limited"}
    assert codes("/v1/auth/token", "post", 401) == ["auth.unauthenticated"]


def test_security_schemes_and_the_scope_of_each_operation(document):
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["bearerToken"]["description"],
    }
    assert {key: schemes["apiKey"][key] for key in ("type", "in", "name")} == {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-KEY",
    }
    paths = document["paths"]
    search = paths["/v1/customers"]["get"]
    assert search["x-required-scopes"] == ["CUSTOMER_READ"]
    assert search["security"] == [{"bearerToken": ["CUSTOMER_READ"]}, {"apiKey": ["CUSTOMER_READ"]}]
    assert "`CUSTOMER_READ`" in search["description"]
    assert paths["/v1/reports/summary"]["get"]["x-required-scopes"] == ["THREAD_REVIEW"]
    assert paths["/v1/me"]["get"]["x-required-scopes"] == []
    assert paths["/v1/me"]["get"]["security"] == [{"bearerToken": []}, {"apiKey": []}]
    for public in (paths["/v1/auth/token"]["post"], paths["/healthz"]["get"]):
        assert "security" not in public
        assert "x-required-scopes" not in public
    for name, operation in operations(document):
        if "security" in operation:
            scopes = operation["x-required-scopes"]
            assert operation["security"] == [{"bearerToken": scopes}, {"apiKey": scopes}], name
            assert all(f"`{scope}`" in operation["description"] for scope in scopes), name


def test_a_server_answers_one_document_for_all(api, document):
    assert api.get("/openapi.json").json() == document
    assert api.app.openapi() == document
    # The document and the docs stay lenient: they are no operation of the API.
    assert api.get("/openapi.json?per_page=1").status_code == 200
    assert api.get("/docs?x=1").status_code == 200


# The check the whole suite runs under: it must catch what it is there to catch.


def _teapot_app() -> FastAPI:
    """A tiny app with the check on and a route that answers what its document does not give."""
    app = FastAPI()
    install_openapi(app)
    app.add_middleware(DocumentedAnswerCheck)
    install_error_handlers(app)

    @app.get("/teapots/{number}")
    async def teapot(number: int) -> Response:
        if number == 1:
            return Response(status_code=418)  # an undocumented status
        if number == 2:
            raise ApiError(ErrorCode.THREAD_CLOSED)  # 409, undocumented
        if number == 3:
            raise ApiError(ErrorCode.OTP_INVALID, 2)  # 422 is documented, but not with otp.invalid
        if number == 4:
            raise ApiError(ErrorCode.NOT_FOUND, "Teapot", number)  # documented: a path id's 404
        return Response(status_code=200)

    return app


def test_the_check_catches_an_undocumented_status_and_error_code(caplog):
    caplog.set_level(logging.ERROR, logger="switchboard.server.documented")
    app = _teapot_app()
    with TestClient(app) as client:
        assert [client.get(f"/teapots/{n}").status_code for n in range(1, 6)] == [418, 409, 422, 404, 200]
        assert client.get("/teapots/x").status_code == 422  # documented (a path parameter's 422)
        assert client.get("/no-such-path").status_code == 404  # no operation: nothing to check
        assert client.delete("/teapots/1").status_code == 405  # no such operation either
    expected = [
        "GET /teapots/{number} answered 418",
        "GET /teapots/{number} answered 409",
        "GET /teapots/{number} answered 422 with otp.invalid",
    ]
    assert undocumented_answers(app) == expected
    with pytest.raises(AssertionError, match=r"answered 418\nGET"):
        assert_app_documented(app)
    # What a child server logs is what its LiveServer reads back.
    assert undocumented_in_log(caplog.text) == expected


#: A server whose customer route answers 409 `thread.closed`, which its document does not give it.
_MISBEHAVING_SERVER = """
import sys
from app.contract.errors import ErrorCode
from app.server.errors import ApiError
from app.server.routes import customers

async def closed(*args):
    raise ApiError(ErrorCode.THREAD_CLOSED)

customers.load_customer = closed
from app.server.cli import main
main(sys.argv[1:])
"""


def test_a_live_server_that_answers_an_undocumented_status_fails_when_it_stops(tmp_path):
    server = LiveServer(tmp_path / "server.db", program=("-c", _MISBEHAVING_SERVER))
    server.start()
    try:
        assert httpx.get(f"{server.url}/v1/customers/1", headers=server.headers()).status_code == 409
        with pytest.raises(AssertionError, match=r"GET /v1/customers/\{customerId\} answered 409"):
            server.assert_answers_documented()
        server.assert_answers_documented()  # each logged answer fails one look only
        assert httpx.get(f"{server.url}/v1/customers/1", headers=server.headers()).status_code == 409
    except BaseException:
        with contextlib.suppress(AssertionError):
            server.stop()
        raise
    with pytest.raises(AssertionError, match="answered 409"):
        server.stop()


def test_the_suites_servers_run_with_the_check_and_its_clients_assert_it(database, monkeypatch):
    """The check is on for this process and its children, and a client of the real app fails its test
    when the app answers a status the document does not give (one is injected)."""
    assert ENVIRONMENT == "SWITCHBOARD_CHECK_DOCUMENTED_STATUSES"
    assert os.environ[ENVIRONMENT] == "1"

    async def closed(*args: object) -> None:
        raise ApiError(ErrorCode.THREAD_CLOSED)

    monkeypatch.setattr(customers_routes, "load_customer", closed)
    client = make_client(database)
    with pytest.raises(AssertionError, match=r"GET /v1/customers/\{customerId\} answered 409"), client:
        headers = {"X-API-KEY": "none"}
        assert client.get("/v1/me", headers=headers).status_code == 401  # documented
        token = client.post("/v1/auth/token", json={"username": "agent", "password": "demo"}).json()
        answer = client.get("/v1/customers/1", headers={"Authorization": f"Bearer {token['accessToken']}"})
        assert answer.status_code == 409
