"""Customer search over HTTP: names (accents, case, word prefixes), email, phone (as callers read a number
out), ids, ranking, paging; every search planned as index lookups; rows from before the phone migration."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text

from app.contract.customers import SEARCH_COUNT_CAP
from app.server.config import normalise_database_url
from app.server.seeding import seed_customers
from app.server.store import search as search_module
from app.server.store.db import MIGRATIONS, Database
from app.server.store.text import phone_digits, phone_keys
from tests.server import support
from tests.server.conftest import make_client, sign_in
from tests.server.postgres import stored
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


# Phone numbers as callers read them out (issue 10): Anna Müller's is `+49 156 5084216`; the demo's
# numbers are all `+49 15x xxxxxxx`.
ANNA_PHONE = "+49 156 5084216"
THE_WHOLE_NUMBER = (
    ANNA_PHONE,
    "+491565084216",
    "0156 5084216",
    "01565084216",
    "0049 156 5084216",
    "(0156) 508-4216",
    "0156/508 42 16",
    "+49 (0)156 5084216",
    "+49 156 508-42-16",
)
#: Leading parts of 4+ digits in international and national form, and last digits.
PARTS = ("0156 508", "01565", "0156", "+49 156 50", "4915650", "0049 1565", "5084216", "084216", "4216")


def ids(result: dict) -> list[int]:
    return [c["customerId"] for c in result["items"]]


def check_a_number_is_found_as_callers_read_it_out(api, headers) -> None:
    """The whole number in any common format is an exact match, first; a leading part of 4+ digits
    (international or national form) and its last 4+ digits find it too. Shared with PostgreSQL's run."""
    assert api.get("/v1/customers/1", headers=headers).json()["phone"] == ANNA_PHONE
    for query in THE_WHOLE_NUMBER:
        assert ids(search(api, headers, query))[:1] == [1], query
    for query in PARTS:
        assert 1 in ids(search(api, headers, query, limit=100)), query


def test_a_number_is_found_as_callers_read_it_out(api, login):
    check_a_number_is_found_as_callers_read_it_out(api, login())


def test_a_leading_part_or_the_last_digits_find_only_numbers_that_start_or_end_so(api, login):
    headers = login()
    inner = add(api, headers, "Inner", "Digits", phone="+49 151 50842169")  # 5084216 inside, not at an end
    for query, starts in (("0156 508", "491565084"), ("+49 156 5", "491565"), ("0049 1565", "491565")):
        result = search(api, headers, query, limit=100)
        assert result["items"], query
        assert all(phone_keys(c["phone"], "DE").digits.startswith(starts) for c in result["items"]), query
    result = search(api, headers, "4216", limit=100)
    assert result["items"]
    assert all(phone_keys(c["phone"], "DE").digits.endswith("4216") for c in result["items"])
    assert inner not in ids(search(api, headers, "5084216", limit=100))
    assert inner not in ids(search(api, headers, "0156 5084216", limit=100))


def test_a_number_entered_in_national_form_is_stored_in_e164_beside_it(api, login, database):
    headers = login()
    customer = add(api, headers, "National", "Form", phone="0170 5550123")
    assert api.get(f"/v1/customers/{customer}", headers=headers).json()["phone"] == "0170 5550123"
    e164 = stored(str(database), "SELECT phone_e164 FROM customers WHERE id = {}", customer)
    assert e164 == [("+491705550123",)]
    for query in ("+49 170 5550123", "0049 170 5550123", "0170 5550123", "4917055501", "017055", "5550123"):
        assert customer in ids(search(api, headers, query)), query


def test_a_number_that_does_not_read_as_one_is_kept_as_entered_and_found_by_its_digits(api, login, database):
    headers = login()
    customer = add(api, headers, "Odd", "Number", phone="+999 555 0199")  # no such country code
    assert api.get(f"/v1/customers/{customer}", headers=headers).json()["phone"] == "+999 555 0199"
    keys = stored(str(database), "SELECT phone_e164, phone_digits FROM customers WHERE id = {}", customer)
    assert keys == [(None, "9995550199")]
    assert ids(search(api, headers, "+999 555 0199"))[:1] == [customer]
    assert ids(search(api, headers, "9995550199"))[:1] == [customer]
    for query in ("+999 555", "99955", "5550199", "0199"):
        assert customer in ids(search(api, headers, query, limit=100)), query


def test_the_whole_number_ranks_before_a_leading_part_and_the_last_digits(api, login):
    headers = login()
    ending = add(api, headers, "Ends", "With", phone="+49 170 0157 3141592")  # ends in the national form
    longer = add(api, headers, "Starts", "With", phone="+49 157 31415926")
    exact = add(api, headers, "Whole", "Number", phone="+49 157 3141592")
    assert ids(search(api, headers, "0157 3141592")) == [exact, longer, ending]
    assert ids(search(api, headers, "+49 157 3141592")) == [exact, longer]
    last = ids(search(api, headers, "3141592"))
    assert set(last) == {exact, ending}


def test_an_approved_phone_change_is_found_by_the_new_number_and_not_the_old(api, login):
    agent, supervisor = login("agent"), login("supervisor")
    before = api.get("/v1/customers/20", headers=agent).json()["phone"]
    body = {"field": "PHONE", "newValue": "0170 7272727", "reason": "New phone", "requestId": rid()}
    request = api.post("/v1/customers/20/change-requests", json=body, headers=agent)
    assert request.status_code == 201, request.text
    decision = {"comment": "Checked", "requestId": rid()}
    path = f"/v1/requests/{request.json()['approvalRequestId']}/approve"
    assert api.post(path, json=decision, headers=supervisor).status_code == 200
    for query in ("0170 7272727", "+49 170 7272727", "0049 170 7272727"):
        assert ids(search(api, agent, query))[:1] == [20], query
    assert 20 in ids(search(api, agent, "7272727"))
    assert 20 not in ids(search(api, agent, before, limit=100))
    assert 20 not in ids(search(api, agent, phone_digits(before)[-7:], limit=100))


def test_no_search_scans_a_table(api, database):
    """Every statement of every kind of search is planned as index lookups and ranges (SQLite's
    EXPLAIN QUERY PLAN): no SCAN of the customers or tenants (only of the FTS index and the matches),
    and no walk through all of a tenant's customers."""

    async def plans(query: str) -> list[str]:
        db = Database(normalise_database_url(str(database)))
        statements: list[tuple[str, tuple]] = []
        event.listen(
            db.engine.sync_engine,
            "before_cursor_execute",
            lambda _conn, _cursor, statement, parameters, _context, _many: statements.append(
                (statement, tuple(parameters or ()))
            ),
        )
        try:
            async with db.read() as session:
                await search_module.search_customer_ids(session, 1, query, 0, 20)
                connection = await session.connection()
                found = []
                for statement, parameters in statements:
                    if statement.lstrip().upper().startswith("SELECT") or statement.lstrip().startswith(
                        "WITH"
                    ):
                        rows = await connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
                        found.extend(row[3] for row in rows)
                return found
        finally:
            await db.dispose()

    for query in (*PLANNED_QUERIES, "anna", "zoe dvo", "a b", "soren.te", "anna@example.com", "", "42"):
        details = asyncio.run(plans(query))
        assert details, query
        # A SCAN reads a whole table; a SEARCH on the tenant alone reads all its customers (but
        # the newest first of an empty query stop at the cap); a temporary b-tree sorts them all.
        walks = [
            detail
            for detail in details
            if re.match(r"SCAN (customers|c|tenants)\b", detail)
            or (query and re.fullmatch(r"SEARCH (customers|c) USING .*\(tenant_id=\?\)", detail))
        ]
        assert not walks, (query, details)


#: Phone queries of every kind whose plans the engines' tests check.
PLANNED_QUERIES = (
    "0156 5084216",
    "0049 156 5084216",
    "+49 156 5084216",
    "(0156) 508-4216",
    "+49 (0)156 50",
    "5084216",
    "4216",
    "0156",
    "+49 15",
    "+999 555 0199",
)


def check_rows_from_before_the_migration_are_found(url: str) -> None:
    """A database at revision 0005 with a customer written the old way (its digits as entered, no
    E.164) is migrated to the head; the customer is then found as callers read the number out."""

    async def run() -> None:
        db = Database(normalise_database_url(url))
        try:
            async with db.engine.begin() as connection:
                await connection.run_sync(_upgrade_to, "0005")
            async with db.write() as session:
                tenant = (
                    await session.execute(text("INSERT INTO tenants (name) VALUES ('before') RETURNING id"))
                ).scalar_one()
                for first, phone in (
                    ("National", "0156 5084216"),
                    ("Plus", "+49 170 5550123"),
                    ("Odd", "+999 1"),
                ):
                    await session.execute(
                        text(
                            "INSERT INTO customers (tenant_id, first_name, last_name, phone, phone_digits,"
                            " search_name, language, prefs_version, created_at)"
                            " VALUES (:tenant, :first, 'Before', :phone, :digits, :name, 'de', 1, :at)"
                        ),
                        {
                            "tenant": tenant,
                            "first": first,
                            "phone": phone,
                            "digits": phone_digits(phone),
                            "name": f"{first.lower()} before",
                            "at": datetime.now(UTC),
                        },
                    )
            await db.migrate()
            async with db.read() as session:
                rows = (
                    await session.execute(
                        text(
                            "SELECT id, first_name, phone, phone_e164, phone_digits, phone_national,"
                            " phone_reversed FROM customers WHERE tenant_id = :tenant ORDER BY id"
                        ),
                        {"tenant": tenant},
                    )
                ).all()
                assert [tuple(row[1:]) for row in rows] == [
                    (
                        "National",
                        "0156 5084216",
                        "+491565084216",
                        "491565084216",
                        "01565084216",
                        "612480565194",
                    ),
                    (
                        "Plus",
                        "+49 170 5550123",
                        "+491705550123",
                        "491705550123",
                        "01705550123",
                        "321055507194",
                    ),
                    ("Odd", "+999 1", None, "9991", None, "1999"),
                ]

                async def first(query: str) -> list[int]:
                    return (
                        await search_module.search_customer_ids(session, tenant, query, 0, 20)
                    ).customer_ids

                national, plus, odd = (row[0] for row in rows)
                for query in ("+49 156 5084216", "0156 5084216", "0049 156 5084216", "(0156) 508-4216"):
                    assert (await first(query))[:1] == [national], query
                assert national in await first("5084216")
                assert national in await first("0156 50")
                assert (await first("0170 5550123"))[:1] == [plus]
                assert odd in await first("9991")
        finally:
            await db.dispose()

    asyncio.run(run())


_BACK = "612480565194"  # 491565084216 backwards


def _upgrade_to(connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def test_rows_from_before_the_migration_are_found(tmp_path):
    check_rows_from_before_the_migration_are_found(str(tmp_path / "before.db"))
