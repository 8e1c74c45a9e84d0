"""The answer of every page/limit list: one page of an ordered query, with the count of all its rows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar, TypeVarTuple

from pydantic import BaseModel
from sqlalchemy import Select, func
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract.base import Page
from app.server.routes.params import Paging

ItemT = TypeVar("ItemT", bound=BaseModel)
Columns = TypeVarTuple("Columns")


async def page_of(
    session: AsyncSession,
    query: Select[*Columns],
    paging: Paging,
    serialise: Callable[[Sequence[tuple[*Columns]]], list[ItemT] | Awaitable[list[ItemT]]],
    *,
    counted: Select[Any] | None = None,
) -> Page[ItemT]:
    """The page of `query` that `paging` asks for; `total` counts every row the query matches.

    `serialise` turns the page's rows (tuples of the selected columns) into its items; it may
    return an awaitable when that needs more reads, such as the threads of the rows.
    `counted` is the same rows without the joins that only add columns (a thread's customer name):
    counted instead of `query`, as the count would otherwise join every matching row, not a page's.
    """
    # The count keeps the query's FROM and joins but drops its columns and order: `count(*)`.
    counting = counted if counted is not None else query
    count = counting.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
    total = (await session.execute(count)).scalar_one()
    rows = await session.execute(query.offset(paging.offset).limit(paging.limit))
    serialised = serialise(rows.all())
    items = serialised if isinstance(serialised, list) else await serialised
    return Page(items=items, page=paging.page, limit=paging.limit, total=total)
