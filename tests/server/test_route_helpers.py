"""The routes' shared reads, on the demo data: a row of the caller's tenant or 404, and `page_of`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.contract.enums import Role
from app.contract.errors import ErrorCode
from app.server.config import normalise_database_url
from app.server.errors import ApiError
from app.server.routes.pages import page_of
from app.server.routes.params import Paging
from app.server.security import Principal
from app.server.serialise.customers import consent_view
from app.server.store import models as m
from app.server.store.db import Database
from app.server.tenancy import find_in_tenant, load_in_tenant


def principal(tenant_id: int) -> Principal:
    return Principal(tenant_id=tenant_id, role=Role.AGENT, display_name="Test", credential="test")


def run(database: Path, read: Callable[[Any], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        db = Database(normalise_database_url(str(database)))
        try:
            async with db.read() as session:
                return await read(session)
        finally:
            await db.dispose()

    return asyncio.run(main())


def test_a_row_of_another_tenant_is_the_same_404_as_a_missing_one(database):
    async def read(session) -> None:
        customer = await load_in_tenant(session, principal(1), m.Customer, 1)
        assert (customer.id, customer.tenant_id) == (1, 1)
        assert await find_in_tenant(session, principal(2), m.Customer, 1) is None
        for tenant, customer_id in ((2, 1), (1, 10**9)):
            with pytest.raises(ApiError) as raised:
                await load_in_tenant(session, principal(tenant), m.Customer, customer_id)
            assert raised.value.code is ErrorCode.NOT_FOUND
            assert raised.value.args_ == ["Customer", str(customer_id)]

    run(database, read)


def test_a_row_failing_only_if_is_404_too(database):
    async def read(session) -> None:
        thread = (await session.execute(select(m.Thread).where(m.Thread.tenant_id == 1))).scalars().first()
        found = await find_in_tenant(session, principal(1), m.Thread, thread.id, lambda t: t.customer_id > 0)
        assert found is thread
        with pytest.raises(ApiError) as raised:
            await load_in_tenant(session, principal(1), m.Thread, thread.id, lambda t: t.customer_id == -1)
        assert raised.value.args_ == ["Thread", str(thread.id)]

    run(database, read)


def test_page_of_serves_the_asked_slice_and_counts_every_row(database):
    async def read(session) -> None:
        query = select(m.ConsentChange).order_by(m.ConsentChange.id.desc())
        every = [change.id for change in (await session.execute(query)).scalars()]
        assert len(every) > 4
        page = await page_of(
            session, query, Paging(page=2, limit=3), lambda rows: [consent_view(c) for (c,) in rows]
        )
        assert (page.page, page.limit, page.total) == (2, 3, len(every))
        assert [item.consent_change_id for item in page.items] == every[3:6]

        async def later(rows) -> list:  # a serialiser that reads more is awaited
            await asyncio.sleep(0)
            return [consent_view(c) for (c,) in rows]

        past_the_end = await page_of(session, query, Paging(page=len(every) + 1, limit=1), later)
        assert (past_the_end.items, past_the_end.total) == ([], len(every))

    run(database, read)
