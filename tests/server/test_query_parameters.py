"""The query string of every route: an undeclared parameter is 422 naming it, a NUL in a value is 422,
and `language` (Ondi's) is taken everywhere and chooses the language of `errorMessage`."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.server import support
from tests.server.support import assert_error

login = support.login
demo_sessions = support.demo_sessions

NOT_FOUND_EN = "Customer 999999 was not found."
NOT_FOUND_DE = "Customer 999999 wurde nicht gefunden."


def every_operation(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(method, url) of every operation of the document, its path ids filled in."""
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            values = {}
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    uuid_typed = parameter["schema"].get("format") == "uuid"
                    values[parameter["name"]] = str(uuid.uuid4()) if uuid_typed else "1"
            yield method.upper(), path.format(**values)


@pytest.mark.parametrize("foreign", ["per_page", "customer_id", "Page"])
def test_every_operation_refuses_an_undeclared_query_parameter_by_name(api, login, foreign):
    operations = list(every_operation(api.get("/openapi.json").json()))
    assert len(operations) > 40
    for method, url in operations:
        answer = api.request(method, f"{url}?{foreign}=1", headers=login("admin"))
        error = assert_error(answer, 422, "request.invalid")
        assert error["reference"] == foreign, (method, url)
        assert foreign in error["errorMessage"], (method, url)
    # The demo reset above was refused too: the demo data is all there.
    assert api.get("/v1/customers/1", headers=login()).status_code == 200


def test_the_foreign_names_of_the_issue_are_refused_and_a_declared_one_still_works(api, login):
    headers = login("supervisor")
    for query, name in (
        ("customer_id=10", "customer_id"),
        ("per_page=1&page=2", "per_page"),
        ("type=EMAIL", "type"),
        ("status=SENT", "status"),
    ):
        answer = api.get(f"/v1/customer-communications?{query}", headers=headers)
        error = assert_error(answer, 422, "request.invalid")
        assert error["reference"] == name
        assert error["errorMessage"] == f"The request is invalid: {name}: unknown query parameter"
    several = assert_error(api.get("/v1/threads?a=1&b=2", headers=headers), 422, "request.invalid")
    assert several["reference"] == "a"
    assert "a, b: unknown query parameters" in several["errorMessage"]
    page = api.get("/v1/customer-communications?customerId=1&page=1&limit=2&language=de", headers=headers)
    assert page.status_code == 200, page.text
    assert page.json()["limit"] == 2


def test_an_undeclared_parameter_is_refused_before_credentials_are_asked_for(api):
    """The route's parameters are public (the document lists them): the 422 tells nothing more."""
    error = assert_error(api.get("/v1/customers?per_page=1"), 422, "request.invalid")
    assert error["reference"] == "per_page"
    assert api.get("/healthz?probe=1").status_code == 422


def test_a_very_long_unknown_name_is_named_cut(api, login):
    name = "x" * 5000
    error = assert_error(api.get(f"/v1/customers?{name}=1", headers=login()), 422, "request.invalid")
    assert error["reference"] == "x" * 100 + "…"


@pytest.mark.parametrize(
    ("query", "reference"),
    [
        ("query=ann%00a", "query"),
        ("query=%00", "query"),
        ("language=d%00e", "language"),
        ("page=1&query=a%00", "query"),
    ],
)
def test_a_nul_in_a_query_value_is_422_naming_the_parameter(api, login, query, reference):
    error = assert_error(api.get(f"/v1/customers?{query}", headers=login()), 422, "request.invalid")
    assert error["reference"] == reference
    assert "NUL" in error["errorMessage"]


def test_a_nul_in_an_unknown_name_is_refused_as_unknown(api, login):
    error = assert_error(api.get("/v1/customers?a%00b=1", headers=login()), 422, "request.invalid")
    assert error["reference"] == "a\x00b"


def test_a_nul_in_a_filter_of_another_route_is_422_too(api, login):
    answer = api.get("/v1/threads?updatedSince=2024-01-01T00:00:00Z%00", headers=login("supervisor"))
    assert assert_error(answer, 422, "request.invalid")["reference"] == "updatedSince"


@pytest.mark.parametrize(
    ("language", "accept_language", "expected"),
    [
        ("de", None, NOT_FOUND_DE),
        ("de", "en", NOT_FOUND_DE),
        ("en", "de", NOT_FOUND_EN),
        ("de-AT", None, NOT_FOUND_DE),
        ("de_DE", None, NOT_FOUND_DE),
        ("DE", None, NOT_FOUND_DE),
        # One the server does not speak falls back as Accept-Language does: to the header, then English.
        ("fr", "de", NOT_FOUND_DE),
        ("fr", None, NOT_FOUND_EN),
        ("", "de", NOT_FOUND_DE),
        ("xx-YY", "en", NOT_FOUND_EN),
    ],
)
def test_the_language_parameter_overrides_accept_language(api, login, language, accept_language, expected):
    headers = dict(login())
    if accept_language is not None:
        headers["Accept-Language"] = accept_language
    answer = api.get(f"/v1/customers/999999?language={language}", headers=headers)
    assert assert_error(answer, 404, "resource.notFound")["errorMessage"] == expected
    assert answer.headers["Content-Language"] == ("de" if expected == NOT_FOUND_DE else "en")


def test_every_operation_takes_the_language_parameter(api):
    """Without credentials or a body every operation answers an error: each one in German, none of
    them a refusal of `language`."""
    for method, url in every_operation(api.get("/openapi.json").json()):
        answer = api.request(method, f"{url}?language=de", headers={"Accept-Language": "en"})
        assert answer.status_code >= 400 or url == "/healthz", (method, url)
        if answer.status_code >= 400:
            assert answer.json()["reference"] != "language", (method, url)
            assert answer.headers["Content-Language"] == "de", (method, url)


def test_the_language_parameter_reaches_the_answers_made_outside_the_app(api, login):
    """A 413 is answered before any route runs, a 401 before the route's own work."""
    unauthenticated = api.get("/v1/me?language=de")
    assert "Anmeldung" in assert_error(unauthenticated, 401, "auth.unauthenticated")["errorMessage"]
    too_large = api.post(
        "/v1/customers?language=de",
        content=b"{" + b" " * (1024 * 1024) + b"}",
        headers={**login(), "Content-Type": "application/json"},
    )
    assert "zu groß" in assert_error(too_large, 413, "request.tooLarge")["errorMessage"]
    invalid = api.get("/v1/customers?limit=0&language=de", headers=login())
    assert assert_error(invalid, 422, "request.invalid")["errorMessage"].startswith(
        "Die Anfrage ist ungültig"
    )


def test_a_language_longer_than_a_language_tag_is_refused(api, login):
    answer = api.get(f"/v1/customers/1?language={'d' * 36}", headers=login())
    assert assert_error(answer, 422, "request.invalid")["reference"] == "language"
