"""Customer search over HTTP: names (accents, case, word prefixes), email, phone, ids, ranking, paging."""

from __future__ import annotations

import asyncio

from app.contract.customers import SEARCH_COUNT_CAP
from app.server.config import normalise_database_url
from app.server.seeding import seed_customers
from app.server.store import search as search_module
from app.server.store.db import Database
from tests.server import support
from tests.server.conftest import make_client, sign_in
from tests.server.support import rid

# Quicker sign-ins than conftest's (one per user and session).
login = support.login
demo_sessions = support.demo_sessions


def search(api, headers, query: str, **params) -> dict:
    answer = api.get("/v1/customers", params={"query": query, **params}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def names(result: dict) -> list[tuple[str, str]]:
    return [(c["firstName"], c["lastName"]) for c in result["items"]]


def add(api, headers, first: str, last: str, **fields) -> int:
    body = {"firstName": first, "lastName": last, "requestId": rid(), **fields}
    answer = api.post("/v1/customers", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return int(answer.json()["customerId"])


def test_name_prefix_ignores_case_and_accents(api, login):
    for query in ("mull", "MÜL", "müller", "Muller", "anna mü", "ANNA"):
        assert ("Anna", "Müller") in names(search(api, login(), query)), query


def test_two_word_prefixes_find_zoe_dvorak(api, login):
    result = search(api, login(), "zoe dvo")
    assert names(result) == [("Zoë", "Dvořák")]
    assert result["total"] == 1
    assert search(api, login(), "dvo zo")["items"][0]["lastName"] == "Dvořák"


def test_letters_without_a_combining_accent_fold_too(api, login):
    for first, last, query in (
        ("Søren", "Ødegaard", "soren odeg"),
        ("Łukasz", "Łęcki", "lukasz lec"),
        ("Jürgen", "Großkopf", "jurgen grossk"),
        ("Jürgen", "Großmann", "Großm"),
        ("Ægir", "Yılmaz", "aegir yilm"),
        ("Liam", "O'Brien", "o'brien"),
    ):
        customer = add(api, login(), first, last)
        assert customer in [c["customerId"] for c in search(api, login(), query)["items"]], query


def test_a_name_matches_only_at_word_starts(api, login):
    assert ("Anna", "Müller") not in names(search(api, login(), "ller"))


def test_no_match_is_an_empty_page(api, login):
    result = search(api, login(), "xyzzyq")
    assert result == {"items": [], "page": 1, "limit": 20, "total": 0, "totalIsLowerBound": False}


def test_email_exact_and_prefix(api, login):
    anna = api.get("/v1/customers/1", headers=login()).json()
    exact = search(api, login(), anna["email"].upper())
    assert exact["items"][0]["customerId"] == 1
    prefix = search(api, login(), anna["email"][:8])
    assert 1 in [c["customerId"] for c in prefix["items"]]
    assert all(c["email"].lower().startswith(anna["email"][:8].lower()) for c in prefix["items"])


def test_phone_digits_with_spaces_find_the_stored_number(api, login):
    customer = add(api, login(), "Phone", "Person", phone="+491512345 6789")
    for query in ("+49 151 2345", "491512345", "+49 (151) 2345-67", "+49 151 23456789"):
        found = [c["customerId"] for c in search(api, login(), query)["items"]]
        assert customer in found, query


def test_customer_id_finds_the_customer_first(api, login):
    result = search(api, login(), "42")
    assert result["items"][0]["customerId"] == 42


def test_exact_matches_rank_before_prefix_matches(api, login):
    headers = login()
    longer = add(api, headers, "Lena", "Longer", email="lena.rank@example.com.au")
    exact = add(api, headers, "Lena", "Exact", email="lena.rank@example.com")
    assert [c["customerId"] for c in search(api, headers, "lena.rank@example.com")["items"]] == [
        exact,
        longer,
    ]
    long_phone = add(api, headers, "Ole", "Long", phone="+49 170 12345678")
    exact_phone = add(api, headers, "Ole", "Exact", phone="+49 170 1234567")
    found = [c["customerId"] for c in search(api, headers, "+49 170 1234567")["items"]]
    assert found == [exact_phone, long_phone]


def test_whole_word_name_matches_rank_before_prefix_matches(api, login):
    headers = login()
    prefix_only = add(api, headers, "Annabell", "Zzyzx")
    result = search(api, headers, "anna", limit=100)
    ids = [c["customerId"] for c in result["items"]]
    assert prefix_only in ids
    assert ids.index(1) < ids.index(prefix_only)
    assert all(
        c["firstName"] == "Anna" or c["lastName"] == "Anna" for c in result["items"][: ids.index(prefix_only)]
    )


def test_pagination_envelope_and_disjoint_pages(api, login):
    first = search(api, login(), "", page=1, limit=7)
    second = search(api, login(), "", page=2, limit=7)
    assert (first["page"], first["limit"], len(first["items"])) == (1, 7, 7)
    assert (second["page"], second["limit"], len(second["items"])) == (2, 7, 7)
    assert first["total"] == second["total"] == 300
    assert not {c["customerId"] for c in first["items"]} & {c["customerId"] for c in second["items"]}
    beyond = search(api, login(), "", page=1000, limit=100)
    assert beyond["items"] == [] and beyond["total"] == 300


def test_name_results_page_without_repeats(api, login):
    everyone = search(api, login(), "m", limit=100)
    assert everyone["total"] > 10
    paged = [
        c["customerId"] for page in (1, 2, 3) for c in search(api, login(), "m", page=page, limit=4)["items"]
    ]
    assert paged == [c["customerId"] for c in everyone["items"]][:12]


def test_another_tenants_customers_are_never_returned(api, login):
    other = search(api, login("other-agent"), "", limit=100)
    other_ids = {c["customerId"] for c in other["items"]}
    assert other["total"] == len(other_ids) == 20
    demo = search(api, login(), "", limit=100)["total"]
    assert demo == 300
    sample = other["items"][0]
    for query in (
        str(sample["customerId"]),
        sample["email"],
        sample["phone"],
        f"{sample['firstName']} {sample['lastName']}",
    ):
        found = {c["customerId"] for c in search(api, login(), query, limit=100)["items"]}
        assert not found & other_ids, query
    assert 1 not in {c["customerId"] for c in search(api, login("other-agent"), "1")["items"]}
    assert 1 not in {c["customerId"] for c in search(api, login("other-agent"), "anna müller")["items"]}


def test_odd_queries_answer_normally(api, login):
    for query in (
        "²",
        "_",
        '"',
        "*",
        "NEAR",
        "a AND b",
        "-x",
        "^a",
        "(",
        "'",
        "+",
        "@",
        "ǅ",
        "١٢٣",
        "x" * 200,
    ):
        result = search(api, login(), query)
        assert result["total"] >= len(result["items"]), query
        assert len(result["items"]) <= 20
    assert ("Anna", "Müller") in names(search(api, login(), '"anna" *müller*'))


def test_a_query_over_200_characters_is_422(api, login):
    answer = api.get("/v1/customers", params={"query": "x" * 201}, headers=login())
    assert answer.status_code == 422
    assert answer.json()["reference"] == "query"


def test_bulk_seeded_customers_are_searchable_and_big_totals_are_lower_bounds(database):
    async def seed() -> None:
        db = Database(normalise_database_url(str(database)))
        try:
            await seed_customers(db, 1_500)
        finally:
            await db.dispose()

    asyncio.run(seed())
    with make_client(database) as client:
        headers = sign_in(client)
        everyone = search(client, headers, "", limit=5)
        assert (everyone["total"], everyone["totalIsLowerBound"]) == (SEARCH_COUNT_CAP, True)
        assert everyone["items"][0]["customerId"] > 1_500  # newest first
        seeded = client.get(f"/v1/customers/{everyone['items'][0]['customerId']}", headers=headers).json()
        by_name = search(client, headers, f"{seeded['firstName']} {seeded['lastName']}", limit=100)
        assert by_name["totalIsLowerBound"] is False
        assert 0 < by_name["total"] <= SEARCH_COUNT_CAP
        by_email = search(client, headers, seeded["email"])
        assert by_email["items"][0]["customerId"] == seeded["customerId"]
        by_phone = search(client, headers, seeded["phone"])
        assert seeded["customerId"] in [c["customerId"] for c in by_phone["items"]]
        small = search(client, headers, "zoe dvo")
        assert small["totalIsLowerBound"] is False
        assert ("Zoë", "Dvořák") in names(small)


def test_a_small_tenant_among_many_name_matches_still_finds_its_own(api, login, monkeypatch):
    """When other tenants' customers fill the first name matches, the tenant's own index token is used."""
    headers = login("other-agent")
    expected = search(api, headers, "a", limit=100)
    assert expected["total"] > 0
    monkeypatch.setattr(search_module, "_SCAN", 3)  # the demo tenant's matches now crowd out the scan
    assert search(api, headers, "a", limit=100) == expected
    assert search(api, login(), "zoe dvo")["items"][0]["lastName"] == "Dvořák"


def test_the_portable_name_search_agrees_with_the_fts_index(api, database):
    """Engines without FTS5 (PostgreSQL) search names by LIKE; on the same data both give the same page."""

    async def both(query: str) -> tuple[list[int], list[int]]:
        db = Database(normalise_database_url(str(database)))
        try:
            async with db.read() as session:
                words = search_module.name_words(query)
                ranked, params = search_module._ranked(words)
                params.update(tenant=1, n=SEARCH_COUNT_CAP + 1, want=20)
                fts = await search_module._fts_matches(session, words, ranked, dict(params))
                portable = await search_module._portable_matches(session, words, ranked, dict(params))
            return fts[0], portable[0]
        finally:
            await db.dispose()

    for query in ("anna", "mü", "zoe dvo", "a b", "jurgen gro"):
        fts, portable = asyncio.run(both(query))
        assert fts == portable, query
        assert fts, query
