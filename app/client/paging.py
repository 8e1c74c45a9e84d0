"""Async iterators over the API's two kinds of long list: page/limit pages and the `before` cursor."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

from app.contract.base import MAX_PAGE_LIMIT, Page
from app.contract.communications import Communication, CommunicationPage

__all__ = ["follow_cursor", "paginate"]

T = TypeVar("T")


async def paginate(
    fetch: Callable[[int, int], Awaitable[Page[T]]], *, limit: int = MAX_PAGE_LIMIT, first_page: int = 1
) -> AsyncIterator[T]:
    """Every item of a page/limit list, fetching `fetch(page, limit)` one page at a time, lazily.

    Stops at a short page, or when the pages cover `total` (unless the page says that its total
    is only a lower bound, as customer search does past 10,000 matches).
    """
    page = first_page
    while True:
        result = await fetch(page, limit)
        for item in result.items:
            yield item
        lower_bound = bool(getattr(result, "total_is_lower_bound", False))
        if len(result.items) < limit or (not lower_bound and page * limit >= result.total):
            return
        page += 1


async def follow_cursor(
    fetch: Callable[[int | None, int], Awaitable[CommunicationPage]],
    *,
    before: int | None = None,
    limit: int = 50,
) -> AsyncIterator[Communication]:
    """Every communication of a cursor list, newest first, following `nextBefore` until it is null."""
    cursor = before
    while True:
        result = await fetch(cursor, limit)
        for item in result.items:
            yield item
        if result.next_before is None or not result.items:
            return
        cursor = result.next_before
