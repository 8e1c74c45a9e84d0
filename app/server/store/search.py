"""Customer search: exact id, email and phone first, then email and phone parts, then name word
prefixes, all served by indexes.

Phone numbers are matched as callers read them out (`text.phone_lookup`): the whole number in any
common format, a leading part in international or national form, or the last digits, each a range
of its own column's index (`phone_digits`, `phone_national`, `phone_reversed`).

Every lookup is an index lookup or range scan with a LIMIT (the name index is the FTS5 table
`customer_fts` on SQLite, the word table `customer_name_words` on PostgreSQL), and no count goes past
`SEARCH_COUNT_CAP` (matches past it are neither counted nor served: a search is refined, not paged
that deep), and past that `total` is a lower bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract.contact_points import DEFAULT_REGION
from app.contract.customers import SEARCH_COUNT_CAP
from app.server.store import models as m
from app.server.store.text import PhoneLookup, fold, is_phone_shaped, name_words, phone_lookup

__all__ = ["SearchResult", "fold", "search_customer_ids"]


@dataclass(frozen=True)
class SearchResult:
    customer_ids: list[int]
    total: int
    total_is_lower_bound: bool


def _prefix_range(prefix: str) -> tuple[str, str]:
    return prefix, prefix + "\U0010ffff"


class _Collector:
    """Ordered, de-duplicated ids from several sources, and their total (a lower bound once capped)."""

    def __init__(self, want: int) -> None:
        self.want = want
        self.ids: list[int] = []
        self.seen: set[int] = set()
        self.total = 0
        self.lower_bound = False

    def add(self, ids: list[int], count: int, capped: bool) -> None:
        fresh = [i for i in ids if i not in self.seen]
        self.total += count - (len(ids) - len(fresh))
        self.lower_bound = self.lower_bound or capped
        for customer_id in fresh:
            self.seen.add(customer_id)
            if len(self.ids) < self.want:
                self.ids.append(customer_id)
        if self.total > SEARCH_COUNT_CAP:
            self.total, self.lower_bound = SEARCH_COUNT_CAP, True


async def search_customer_ids(
    session: AsyncSession, tenant_id: int, query: str, offset: int, limit: int
) -> SearchResult:
    query = query.strip()[:200]
    want = min(offset + limit, SEARCH_COUNT_CAP)
    found = _Collector(want)
    if not query:
        await _all_customers(session, tenant_id, found)
    else:
        phone = await _phone_lookup(session, tenant_id, query)
        email_like = "@" in query or ("." in query and " " not in query)
        ranges: list[tuple[_PrefixColumn, str]] = [("email_lower", query.lower())] if email_like else []
        if phone is not None:
            ranges.extend(_phone_ranges(phone))
        await _exact_then_starting_with(session, tenant_id, _exact_lookups(query, phone), ranges, found)
        # A query shaped like an email or phone number is one; `jose.f` searches names only
        # when no email starts with it.
        if "@" not in query and phone is None and not (email_like and found.total):
            await _names(session, tenant_id, query, found)
    return SearchResult(found.ids[offset : offset + limit], found.total, found.lower_bound)


async def _all_customers(session: AsyncSession, tenant_id: int, found: _Collector) -> None:
    """Everyone, newest first: a walk down the tenant index (it ends in the id)."""
    rows = await session.execute(
        select(m.Customer.id)
        .where(m.Customer.tenant_id == tenant_id)
        .order_by(m.Customer.id.desc())
        .limit(SEARCH_COUNT_CAP + 1)
    )
    ids = list(rows.scalars())
    found.add(ids[: found.want], len(ids), False)


async def _phone_lookup(session: AsyncSession, tenant_id: int, query: str) -> PhoneLookup | None:
    """What a phone-shaped query looks up, read in the tenant's region (asked only for a query
    without a `+`: one with it says its own country)."""
    if not is_phone_shaped(query):
        return None
    if query.startswith("+"):
        return phone_lookup(query, DEFAULT_REGION)
    region = (
        await session.execute(select(m.Tenant.default_region).where(m.Tenant.id == tenant_id))
    ).scalar_one_or_none()
    return phone_lookup(query, region or DEFAULT_REGION)


#: The columns looked up whole, and those searched by prefix (each right after `tenant_id` in an
#: index of its own).
_ExactColumn = Literal["id", "email_lower", "phone_digits"]
_PrefixColumn = Literal["email_lower", "phone_digits", "phone_national", "phone_reversed"]
#: At most this many exact matches (of id, email and the whole phone number together).
_EXACT = 50


def _exact_lookups(query: str, phone: PhoneLookup | None) -> list[tuple[_ExactColumn, object]]:
    """The customer with this id, email or phone: an indexed lookup each."""
    lookups: list[tuple[_ExactColumn, object]] = []
    if query.isascii() and query.isdigit() and len(query) <= 18:
        lookups.append(("id", int(query)))
    if "@" in query:
        lookups.append(("email_lower", query.lower()))
    if phone is not None:
        lookups.extend(("phone_digits", digits) for digits in phone.whole)
    return lookups


def _phone_ranges(phone: PhoneLookup) -> list[tuple[_PrefixColumn, str]]:
    """Numbers starting with a leading part (international, as entered, national), then numbers
    ending in the last digits."""
    ranges: list[tuple[_PrefixColumn, str]] = [("phone_digits", leading) for leading in phone.leading]
    if phone.national is not None:
        ranges.append(("phone_national", phone.national))
    if phone.last is not None:
        ranges.append(("phone_reversed", phone.last))
    return ranges


async def _exact_then_starting_with(
    session: AsyncSession,
    tenant_id: int,
    exact: list[tuple[_ExactColumn, object]],
    ranges: list[tuple[_PrefixColumn, str]],
    found: _Collector,
) -> None:
    """The exact matches first (up to `_EXACT`), then for each (column, prefix) in turn the tenant's
    customers whose `column` starts with `prefix`, in its order: a range of the (tenant_id, column)
    index, no more than `SEARCH_COUNT_CAP + 1` of them counted and the first `found.want` fetched.

    All in one statement, a UNION ALL of index lookups and ranges, written out: a round trip to
    the database (a hop to the driver's thread on SQLite) costs more than most of these ranges, and
    building a Core construct and its cache key more than running it. (An OR of the lookups is no
    good: SQLite answers it by scanning the tenant's customers.)
    """
    if not exact and not ranges:
        return
    branches = []
    params: dict[str, object] = {"tenant": tenant_id, "n": SEARCH_COUNT_CAP + 1, "want": found.want}
    for part, (exact_column, value) in enumerate(exact):
        params[f"eq{part}"] = value
        branches.append(
            f"SELECT {part} AS part, id, NULL AS sort_key, 0 AS matches FROM ("
            f" SELECT id FROM customers WHERE tenant_id = :tenant AND {exact_column} = :eq{part}"
            f" LIMIT {_EXACT}) AS e{part}"
        )
    for part, (column, prefix) in enumerate(ranges, start=len(exact)):
        params[f"low{part}"], params[f"high{part}"] = _prefix_range(prefix)
        branches.append(
            f"SELECT {part} AS part, id, sort_key, matches FROM ("
            " SELECT id, sort_key, count(*) OVER () AS matches FROM ("
            f"  SELECT id, {column} AS sort_key FROM customers WHERE tenant_id = :tenant"
            f"  AND {column} >= :low{part} AND {column} < :high{part} ORDER BY {column} LIMIT :n"
            f" ) AS r{part} ORDER BY sort_key, id LIMIT :want) AS c{part}"
        )
    rows = (await session.execute(text(" UNION ALL ".join(branches)), params)).all()
    # A union keeps no order of its own: the exact matches by lookup, each range in its index's order.
    by_part = sorted(rows, key=lambda row: (row.part, row.sort_key or "", row.id))
    exact_ids = list(dict.fromkeys(row.id for row in by_part if row.part < len(exact)))[:_EXACT]
    if exact_ids:
        found.add(exact_ids, len(exact_ids), False)
    for part in range(len(exact), len(exact) + len(ranges)):
        of_part = [row for row in by_part if row.part == part]
        count = of_part[0].matches if of_part else 0
        found.add([row.id for row in of_part], count, count > SEARCH_COUNT_CAP)


#: How many name matches of all tenants a search looks through before it asks the index for the
#: tenant's matches only (the slower way when most customers are the tenant's, the faster when few are).
_SCAN = 5_000
_NAME_MATCHES = "SELECT rowid FROM customer_fts WHERE customer_fts MATCH :q LIMIT :scan"
_MATCH_COLUMNS = "c.id, c.search_name, c.first_name, c.last_name"


async def _names(session: AsyncSession, tenant_id: int, query: str, found: _Collector) -> None:
    """Word prefixes of the folded name: up to `SEARCH_COUNT_CAP + 1` matches, ranked in the database."""
    words = name_words(query)[:8]
    if not words:
        return
    ranked, params = _ranked(words)
    params.update(tenant=tenant_id, n=SEARCH_COUNT_CAP + 1, want=found.want)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        ids, count = await _fts_matches(session, words, ranked, params)
    elif dialect == "postgresql":
        ids, count = await _word_index_matches(session, words, ranked, params)
    else:
        ids, count = await _portable_matches(session, words, ranked, params)
    found.add(ids, count, count > SEARCH_COUNT_CAP)


def _ranked(words: list[str]) -> tuple[str, dict[str, object]]:
    """`SELECT` of the matches in `m`, best first: whole-word matches, then by last and first name.

    In SQL, so that only the page's ids leave the database; the same on every engine.
    """
    whole = " + ".join(
        f"(CASE WHEN ' ' || m.search_name || ' ' LIKE :whole{i} THEN 1 ELSE 0 END)" for i in range(len(words))
    )
    select_ranked = (
        "SELECT m.id, (SELECT count(*) FROM m) {scanned} FROM m"
        f" ORDER BY {whole} DESC, m.last_name, m.first_name, m.id LIMIT :want"
    )
    return select_ranked, {f"whole{i}": f"% {word} %" for i, word in enumerate(words)}


async def _fts_matches(
    session: AsyncSession, words: list[str], ranked: str, params: dict[str, object]
) -> tuple[list[int], int]:
    """The page's ids and the count of the tenant's matches (capped), from the FTS index.

    Usually (one big tenant) the quickest way is to take the name matches and keep the tenant's:
    intersecting with the tenant's token in the index costs a seek per candidate in a list as
    long as the tenant. When the first `_SCAN` name matches hold too few of the tenant's, the
    tenant is a small one among big ones, and its token is the quicker filter.
    """
    terms = " AND ".join(f'"{word}"*' for word in words)
    rows = (
        await session.execute(
            text(
                f"WITH f AS MATERIALIZED ({_NAME_MATCHES}),"
                f" m AS MATERIALIZED (SELECT {_MATCH_COLUMNS} FROM f JOIN customers AS c ON c.id = f.rowid"
                " WHERE c.tenant_id = :tenant LIMIT :n) "
                + ranked.format(scanned=", (SELECT count(*) FROM f)")
            ),
            {**params, "q": f"name : ({terms})", "scan": _SCAN},
        )
    ).all()
    count = rows[0][1] if rows else 0
    if count > SEARCH_COUNT_CAP:
        return [row[0] for row in rows], count
    if rows:
        scanned = rows[0][2]
    else:
        scanned = (
            await session.execute(
                text(f"SELECT count(*) FROM ({_NAME_MATCHES})"), {"q": f"name : ({terms})", "scan": _SCAN}
            )
        ).scalar_one()
    if scanned < _SCAN:  # every name match was looked at
        return [row[0] for row in rows], count
    rows = (
        await session.execute(
            text(
                f"WITH m AS MATERIALIZED (SELECT {_MATCH_COLUMNS} FROM customer_fts"
                " JOIN customers AS c ON c.id = customer_fts.rowid WHERE customer_fts MATCH :q LIMIT :n) "
                + ranked.format(scanned="")
            ),
            {**params, "q": f'tenant : "t{params["tenant"]}" AND name : ({terms})'},
        )
    ).all()
    return [row[0] for row in rows], rows[0][1] if rows else 0


async def _word_index_matches(
    session: AsyncSession, words: list[str], ranked: str, params: dict[str, object]
) -> tuple[list[int], int]:
    """PostgreSQL: the customers with a name word starting with the longest query word (a range scan
    of the word index, bytewise), kept if every other query word starts a word of their name too.

    Each candidate is fetched by its primary key in a LATERAL subquery that the planner cannot fold
    into a join (OFFSET 0), so no estimate can turn the search into a scan of the customers.
    """
    params["low"], params["high"] = _prefix_range(max(words, key=len))
    rows = (
        await session.execute(
            text(
                "WITH m AS (SELECT c.* FROM (SELECT DISTINCT w.customer_id FROM customer_name_words AS w"
                " WHERE w.tenant_id = :tenant AND w.word >= :low AND w.word < :high) AS w"
                f" CROSS JOIN LATERAL (SELECT {_MATCH_COLUMNS} FROM customers AS c"
                f" WHERE c.id = w.customer_id AND c.tenant_id = :tenant AND {_like_words(words, params)}"
                " OFFSET 0) AS c LIMIT :n) " + ranked.format(scanned="")
            ),
            params,
        )
    ).all()
    return [row[0] for row in rows], rows[0][1] if rows else 0


def _like_words(words: list[str], params: dict[str, object]) -> str:
    """Every word starts a word of `c.search_name`: the condition, its parameters added to `params`."""
    for i, word in enumerate(words):
        params.update({f"start{i}": f"{word}%", f"inner{i}": f"% {word}%"})
    return " AND ".join(
        f"(c.search_name LIKE :start{i} OR c.search_name LIKE :inner{i})" for i in range(len(words))
    )


async def _portable_matches(
    session: AsyncSession, words: list[str], ranked: str, params: dict[str, object]
) -> tuple[list[int], int]:
    """Engines without a name index: word prefixes of the folded name by LIKE, a scan of the tenant's
    customers."""
    rows = (
        await session.execute(
            text(
                f"WITH m AS (SELECT {_MATCH_COLUMNS} FROM customers AS c"
                f" WHERE c.tenant_id = :tenant AND {_like_words(words, params)} LIMIT :n) "
                + ranked.format(scanned="")
            ),
            params,
        )
    ).all()
    return [row[0] for row in rows], rows[0][1] if rows else 0
