"""Customer search: exact id, email and phone first, then name word prefixes, all served by indexes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from app.server.store import models as m

#: Results past this position are not served (a search is refined, not paged that deep).
MAX_RESULTS = 10_000
#: Up to this many name matches are ranked by how well they match; more are served newest first.
RANK_LIMIT = 500

_WORD = re.compile(r"\w+", re.UNICODE)
_PHONE_CHARS = re.compile(r"^[+0-9 ()./-]+$")


@dataclass(frozen=True)
class SearchResult:
    customer_ids: list[int]
    total: int
    total_is_lower_bound: bool


def fold(value: str) -> str:
    """Lower case without accents, as the name index compares."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def phone_digits(phone: str | None) -> str | None:
    if phone is None:
        return None
    digits = re.sub(r"[^0-9]", "", phone)
    return digits or None


def _prefix_range(prefix: str) -> tuple[str, str]:
    return prefix, prefix + "\U0010ffff"


class _Collector:
    """Ordered, de-duplicated ids from several sources, and their estimated total."""

    def __init__(self, want: int) -> None:
        self.want = want
        self.ids: list[int] = []
        self.seen: set[int] = set()
        self.total = 0
        self.lower_bound = False

    @property
    def full(self) -> bool:
        return len(self.ids) >= self.want

    def add(self, ids: list[int], count: int, capped: bool) -> None:
        fresh = [i for i in ids if i not in self.seen]
        self.total += count - (len(ids) - len(fresh))
        self.lower_bound = self.lower_bound or capped
        for customer_id in fresh:
            self.seen.add(customer_id)
            if len(self.ids) < self.want:
                self.ids.append(customer_id)


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
        await _prefixes(session, tenant_id, query, found)
        if "@" not in query and not _PHONE_CHARS.match(query):
            await _names(session, tenant_id, query, found)
    return SearchResult(found.ids[offset : offset + limit], found.total, found.lower_bound)


async def _capped_count(session: AsyncSession, statement: str, params: dict[str, object]) -> tuple[int, bool]:
    count = (
        await session.execute(text(f"SELECT count(*) FROM ({statement} LIMIT {MAX_RESULTS + 1})"), params)
    ).scalar_one()
    return min(count, MAX_RESULTS), count > MAX_RESULTS


async def _all_customers(session: AsyncSession, tenant_id: int, found: _Collector) -> None:
    ids = list(
        (
            await session.execute(
                select(m.Customer.id)
                .where(m.Customer.tenant_id == tenant_id)
                .order_by(m.Customer.id.desc())
                .limit(found.want)
            )
        ).scalars()
    )
    count, capped = await _capped_count(
        session, "SELECT 1 FROM customers WHERE tenant_id = :tenant", {"tenant": tenant_id}
    )
    found.add(ids, count, capped)


async def _exact(session: AsyncSession, tenant_id: int, query: str, found: _Collector) -> None:
    conditions = []
    if query.isascii() and query.isdigit() and len(query) <= 18:
        conditions.append(m.Customer.id == int(query))
    if "@" in query:
        conditions.append(m.Customer.email_lower == query.lower())
    digits = phone_digits(query)
    if digits and len(digits) >= 3 and _PHONE_CHARS.match(query):
        conditions.append(m.Customer.phone_digits == digits)
    if not conditions:
        return
    rows = await session.execute(
        select(m.Customer.id).where(m.Customer.tenant_id == tenant_id, or_(*conditions)).limit(50)
    )
    ids = list(rows.scalars())
    found.add(ids, len(ids), False)


async def _prefixes(session: AsyncSession, tenant_id: int, query: str, found: _Collector) -> None:
    """Email and phone prefixes, each a range scan of its index."""
    candidates: list[tuple[InstrumentedAttribute[str | None], str]] = []
    if "@" in query or ("." in query and " " not in query):
        candidates.append((m.Customer.email_lower, query.lower()))
    digits = phone_digits(query)
    if digits and len(digits) >= 3 and _PHONE_CHARS.match(query):
        candidates.append((m.Customer.phone_digits, digits))
    for column, prefix in candidates:
        low, high = _prefix_range(prefix)
        condition = (m.Customer.tenant_id == tenant_id) & (column >= low) & (column < high)
        ids = list(
            (
                await session.execute(
                    select(m.Customer.id).where(condition).order_by(column).limit(found.want)
                )
            ).scalars()
        )
        if len(ids) < found.want:
            count, capped = len(ids), False
        else:
            count = (
                await session.execute(
                    select(func.count()).select_from(
                        select(m.Customer.id).where(condition).limit(MAX_RESULTS + 1).subquery()
                    )
                )
            ).scalar_one()
            count, capped = min(count, MAX_RESULTS), count > MAX_RESULTS
        found.add(ids, count, capped)


def _fts_expression(tenant_id: int, words: list[str]) -> str:
    quoted = " AND ".join('"' + word.replace('"', '""') + '"*' for word in words)
    return f'tenant : "t{tenant_id}" AND name : ({quoted})'


async def _names(session: AsyncSession, tenant_id: int, query: str, found: _Collector) -> None:
    words = [fold(word) for word in _WORD.findall(query)][:8]
    if not words:
        return
    if session.get_bind().dialect.name != "sqlite":
        await _names_portable(session, tenant_id, words, found)
        return
    expression = _fts_expression(tenant_id, words)
    rows = (
        await session.execute(
            text("SELECT rowid, name FROM customer_fts WHERE customer_fts MATCH :q LIMIT :n"),
            {"q": expression, "n": RANK_LIMIT + 1},
        )
    ).all()
    if len(rows) <= RANK_LIMIT:
        ranked = sorted(rows, key=lambda row: _name_rank(words, row[1]))
        found.add([row[0] for row in ranked], len(rows), False)
        return
    ids = list(
        (
            await session.execute(
                text(
                    "SELECT rowid FROM customer_fts WHERE customer_fts MATCH :q ORDER BY rowid DESC LIMIT :n"
                ),
                {"q": expression, "n": found.want},
            )
        ).scalars()
    )
    count, capped = await _capped_count(
        session, "SELECT rowid FROM customer_fts WHERE customer_fts MATCH :q", {"q": expression}
    )
    found.add(ids, count, capped)


def _name_rank(words: list[str], name: str) -> tuple[int, str]:
    """Whole-word matches before prefix matches, then alphabetical by last name."""
    name_words = [fold(word) for word in _WORD.findall(name)]
    whole = sum(1 for word in words if word in name_words)
    surname_first = " ".join(name_words[1:] + name_words[:1])
    return -whole, surname_first


async def _names_portable(session: AsyncSession, tenant_id: int, words: list[str], found: _Collector) -> None:
    """Engines without our FTS index: case-insensitive word prefixes on first and last name."""
    conditions = [
        or_(
            func.lower(m.Customer.first_name).like(f"{word}%"),
            func.lower(m.Customer.last_name).like(f"{word}%"),
        )
        for word in words
    ]
    statement = select(m.Customer.id).where(m.Customer.tenant_id == tenant_id, *conditions)
    ids = list((await session.execute(statement.order_by(m.Customer.id.desc()).limit(found.want))).scalars())
    found.add(ids, len(ids), len(ids) >= found.want)
