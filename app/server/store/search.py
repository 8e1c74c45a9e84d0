"""Customer search: exact id, email and phone first, then name word prefixes, all served by indexes.

Every lookup is an index lookup or range scan with a LIMIT (the name index is the FTS5 table
`customer_fts` on SQLite), and no count goes past `MAX_RESULTS`: past that, `total` is a lower bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import or_, select, text, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.server.store import models as m
from app.server.store.text import fold, phone_digits

__all__ = ["MAX_RESULTS", "SearchResult", "fold", "phone_digits", "search_customer_ids"]

#: Matches past this many are neither counted nor served: a search is refined, not paged that deep.
MAX_RESULTS = 1_000

#: Letters and digits, as the FTS tokenizer splits words (it treats `_` as a separator too).
_WORD = re.compile(r"[^\W_]+")
_PHONE_CHARS = re.compile(r"^[+0-9 ()./-]+$")


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
        if self.total > MAX_RESULTS:
            self.total, self.lower_bound = MAX_RESULTS, True


async def search_customer_ids(
    session: AsyncSession, tenant_id: int, query: str, offset: int, limit: int
) -> SearchResult:
    query = query.strip()[:200]
    want = min(offset + limit, MAX_RESULTS)
    found = _Collector(want)
    if not query:
        await _all_customers(session, tenant_id, found)
    else:
        await _exact(session, tenant_id, query, found)
        email_like = await _prefixes(session, tenant_id, query, found)
        # A query shaped like an email or phone number is one; `jose.f` searches names only
        # when no email starts with it.
        if "@" not in query and not _PHONE_CHARS.match(query) and not (email_like and found.total):
            await _names(session, tenant_id, query, found)
    return SearchResult(found.ids[offset : offset + limit], found.total, found.lower_bound)


async def _all_customers(session: AsyncSession, tenant_id: int, found: _Collector) -> None:
    """Everyone, newest first: a walk down the tenant index (it ends in the id)."""
    rows = await session.execute(
        select(m.Customer.id)
        .where(m.Customer.tenant_id == tenant_id)
        .order_by(m.Customer.id.desc())
        .limit(MAX_RESULTS + 1)
    )
    ids = list(rows.scalars())
    found.add(ids[: found.want], len(ids), False)


async def _exact(session: AsyncSession, tenant_id: int, query: str, found: _Collector) -> None:
    """The customer with this id, email or phone: one indexed lookup each, in one statement
    (SQLite answers an OR of them by scanning the tenant's customers instead)."""
    lookups = []
    if query.isascii() and query.isdigit() and len(query) <= 18:
        lookups.append(m.Customer.id == int(query))
    if "@" in query:
        lookups.append(m.Customer.email_lower == query.lower())
    digits = phone_digits(query)
    if digits and len(digits) >= 3 and _PHONE_CHARS.match(query):
        lookups.append(m.Customer.phone_digits == digits)
    if not lookups:
        return
    selects = [
        select(m.Customer.id).where(condition, m.Customer.tenant_id == tenant_id) for condition in lookups
    ]
    statement = union_all(*selects) if len(selects) > 1 else selects[0]
    ids = list(dict.fromkeys((await session.execute(statement.limit(50))).scalars()))
    if ids:
        found.add(ids, len(ids), False)


async def _prefixes(session: AsyncSession, tenant_id: int, query: str, found: _Collector) -> bool:
    """Email and phone prefixes, each a range scan of its index. True if the query looks like an email."""
    candidates: list[tuple[InstrumentedAttribute[str | None], str]] = []
    email_like = "@" in query or ("." in query and " " not in query)
    if email_like:
        candidates.append((m.Customer.email_lower, query.lower()))
    digits = phone_digits(query)
    if digits and len(digits) >= 3 and _PHONE_CHARS.match(query):
        candidates.append((m.Customer.phone_digits, digits))
    for column, prefix in candidates:
        low, high = _prefix_range(prefix)
        rows = await session.execute(
            select(m.Customer.id)
            .where(m.Customer.tenant_id == tenant_id, column >= low, column < high)
            .order_by(column)
            .limit(MAX_RESULTS + 1)
        )
        ids = list(rows.scalars())
        found.add(ids[: found.want], len(ids), len(ids) > MAX_RESULTS)
    return email_like


#: How many name matches of all tenants a search looks through before it asks the index for the
#: tenant's matches only (the slower way when most customers are the tenant's, the faster when few are).
_SCAN = 5_000
_NAME_MATCHES = "SELECT rowid FROM customer_fts WHERE customer_fts MATCH :q LIMIT :scan"


def _fts_words(words: list[str]) -> str:
    return " AND ".join(f'"{word}"*' for word in words)


async def _names(session: AsyncSession, tenant_id: int, query: str, found: _Collector) -> None:
    """Word prefixes of the folded name, ranked; one FTS query that also gives the (capped) count."""
    words = _WORD.findall(fold(query))[:8]
    if not words:
        return
    if session.get_bind().dialect.name != "sqlite":
        await _names_portable(session, tenant_id, words, found)
        return
    matches = await _fts_matches(session, tenant_id, _fts_words(words))
    capped = len(matches) > MAX_RESULTS
    ranked = sorted(matches[:MAX_RESULTS], key=lambda row: _name_rank(words, row[1]))
    found.add([row[0] for row in ranked[: found.want]], len(matches), capped)


async def _fts_matches(session: AsyncSession, tenant_id: int, words: str) -> list[tuple[int, str]]:
    """Up to `MAX_RESULTS + 1` of the tenant's (id, folded name) matching every word prefix.

    Usually (one big tenant) the quickest way is to take the name matches and keep the tenant's:
    intersecting with the tenant's token in the index costs a seek per candidate in a list as
    long as the tenant. When the first `_SCAN` name matches hold too few of the tenant's, the
    tenant is a small one among big ones, and its token is the quicker filter.
    """
    params = {"q": f"name : ({words})", "tenant": tenant_id, "scan": _SCAN, "n": MAX_RESULTS + 1}
    rows = (
        await session.execute(
            text(
                f"WITH f AS MATERIALIZED ({_NAME_MATCHES})"
                " SELECT c.id, c.search_name, (SELECT count(*) FROM f) FROM f"
                " JOIN customers AS c ON c.id = f.rowid WHERE c.tenant_id = :tenant LIMIT :n"
            ),
            params,
        )
    ).all()
    if rows:
        scanned = rows[0][2]
    else:
        scanned = (
            await session.execute(text(f"SELECT count(*) FROM ({_NAME_MATCHES})"), params)
        ).scalar_one()
    if len(rows) > MAX_RESULTS or scanned < _SCAN:
        # Enough of the tenant's, or every name match was looked at.
        return [(row[0], row[1]) for row in rows]
    tenant_rows = await session.execute(
        text("SELECT rowid, name FROM customer_fts WHERE customer_fts MATCH :q LIMIT :n"),
        {"q": f'tenant : "t{tenant_id}" AND name : ({words})', "n": MAX_RESULTS + 1},
    )
    return [(row[0], row[1]) for row in tenant_rows.all()]


def _name_rank(words: list[str], name: str) -> tuple[int, str]:
    """Whole-word matches before prefix matches, then alphabetical by last name (`name` is folded)."""
    name_words = _WORD.findall(name)
    whole = sum(1 for word in words if word in name_words)
    surname_first = " ".join(name_words[1:] + name_words[:1])
    return -whole, surname_first


async def _names_portable(session: AsyncSession, tenant_id: int, words: list[str], found: _Collector) -> None:
    """Engines without our FTS index: word prefixes of the folded name."""
    conditions = [
        or_(m.Customer.search_name.like(f"{word}%"), m.Customer.search_name.like(f"% {word}%"))
        for word in words
    ]
    rows = await session.execute(
        select(m.Customer.id, m.Customer.search_name)
        .where(m.Customer.tenant_id == tenant_id, *conditions)
        .limit(MAX_RESULTS + 1)
    )
    matches = rows.all()
    ranked = sorted(matches[:MAX_RESULTS], key=lambda row: _name_rank(words, row[1]))
    found.add([row[0] for row in ranked[: found.want]], len(matches), len(matches) > MAX_RESULTS)
