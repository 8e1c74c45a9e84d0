"""Loading a row of the caller's tenant, or answering 404 (also for another tenant's row)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.server.errors import not_found
from app.server.security import Principal
from app.server.store import models as m


async def load_customer(session: AsyncSession, principal: Principal, customer_id: int) -> m.Customer:
    """The caller's tenant's customer, or 404 (also for another tenant's customer)."""
    customer = await session.get(m.Customer, customer_id)
    if customer is None or customer.tenant_id != principal.tenant_id:
        raise not_found("Customer", customer_id)
    return customer


async def load_thread(
    session: AsyncSession, principal: Principal, customer_id: int, thread_id: int
) -> m.Thread:
    """The thread of this customer in the caller's tenant, or 404."""
    thread = await session.get(m.Thread, thread_id)
    if thread is None or thread.tenant_id != principal.tenant_id or thread.customer_id != customer_id:
        raise not_found("Thread", thread_id)
    return thread
