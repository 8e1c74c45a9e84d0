"""Loading a row of the caller's tenant, or answering 404 (also for another tenant's row)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from app.server.errors import not_found
from app.server.security import Principal
from app.server.store import models as m


class TenantRow(Protocol):
    @property
    def tenant_id(self) -> int: ...


RowT = TypeVar("RowT", bound=TenantRow)


async def find_in_tenant(
    session: AsyncSession,
    principal: Principal,
    model: type[RowT],
    row_id: int | str,
    only_if: Callable[[RowT], bool] | None = None,
    *,
    for_update: bool = False,
) -> RowT | None:
    """The row with this primary key if it is the caller's tenant's and meets `only_if`, else None.
    `for_update` locks the row until the transaction ends (PostgreSQL; SQLite has one writer anyway)."""
    row = await session.get(model, row_id, with_for_update=True if for_update else None)
    if row is None or row.tenant_id != principal.tenant_id or (only_if is not None and not only_if(row)):
        return None
    return row


async def load_in_tenant(
    session: AsyncSession,
    principal: Principal,
    model: type[RowT],
    row_id: int | str,
    only_if: Callable[[RowT], bool] | None = None,
    *,
    for_update: bool = False,
) -> RowT:
    """The row `find_in_tenant` finds, or 404 `resource.notFound` named after the model. Another
    tenant's row answers the same 404 as a missing one, so no id tells of another tenant."""
    row = await find_in_tenant(session, principal, model, row_id, only_if, for_update=for_update)
    if row is None:
        raise not_found(model.__name__, row_id)
    return row


async def load_customer(
    session: AsyncSession, principal: Principal, customer_id: int, *, for_update: bool = False
) -> m.Customer:
    """The customer of the caller's tenant, or 404. A write that decides from the customer's state
    (its preferences version, consent, label, contact data) passes `for_update`: on PostgreSQL two
    such writes for one customer then take turns, so neither decides from what the other is changing
    (two PUTs with one `If-Match` would otherwise both be applied, and the history would record a
    `previous` value that was already gone)."""
    return await load_in_tenant(session, principal, m.Customer, customer_id, for_update=for_update)


async def load_thread(
    session: AsyncSession, principal: Principal, customer_id: int, thread_id: int
) -> m.Thread:
    """The thread of this customer in the caller's tenant, or 404."""
    return await load_in_tenant(
        session, principal, m.Thread, thread_id, lambda thread: thread.customer_id == customer_id
    )
