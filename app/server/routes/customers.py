"""Customers: search, read, create, status label and its history; and the tenant's status labels."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract import customers as cu
from app.contract.base import Page
from app.contract.contact_points import DEFAULT_REGION
from app.contract.enums import EventType, Scope
from app.server.errors import invalid
from app.server.routes.deps import ReadSession
from app.server.routes.pages import page_of
from app.server.routes.params import IdPath, Paging, paging
from app.server.security import Principal, require
from app.server.serialise.customers import (
    customer_view,
    label_of,
    status_change_query,
    status_change_view,
    status_label_view,
)
from app.server.store import models as m
from app.server.store.search import search_customer_ids
from app.server.tenancy import find_in_tenant, load_customer, load_in_tenant
from app.server.writes import WriteResult, record_event, run_write

router = APIRouter(prefix="/v1", tags=["customers"])


@router.get("/customers", response_model=cu.CustomerSearchPage)
async def search_customers(
    session: ReadSession,
    principal: Annotated[Principal, Depends(require(Scope.CUSTOMER_READ))],
    page: Annotated[Paging, Depends(paging)],
    query: Annotated[
        str, Query(max_length=cu.MAX_SEARCH_QUERY, description="name, email, phone or customer id")
    ] = "",
) -> cu.CustomerSearchPage:
    """Find customers by name (any word prefix, accents and case ignored), email, phone digits or id."""
    result = await search_customer_ids(session, principal.tenant_id, query, page.offset, page.limit)
    rows = await session.execute(
        select(m.Customer, m.StatusLabel)
        .outerjoin(m.StatusLabel, m.StatusLabel.id == m.Customer.status_label_id)
        .where(m.Customer.id.in_(result.customer_ids))
    )
    by_id = {customer.id: customer_view(customer, label) for customer, label in rows.all()}
    items = [by_id[i] for i in result.customer_ids if i in by_id]
    return cu.CustomerSearchPage(
        items=items,
        page=page.page,
        limit=page.limit,
        total=result.total,
        total_is_lower_bound=result.total_is_lower_bound,
    )


@router.get("/customers/{customerId}", response_model=cu.Customer)
async def get_customer(
    customerId: IdPath,
    session: ReadSession,
    principal: Annotated[Principal, Depends(require(Scope.CUSTOMER_READ))],
) -> cu.Customer:
    customer = await load_customer(session, principal, customerId)
    return customer_view(customer, await label_of(session, customer))


@router.post("/customers", status_code=201, response_model=cu.Customer)
async def create_customer(
    body: cu.CustomerCreate,
    request: Request,
    principal: Annotated[Principal, Depends(require(Scope.CUSTOMER_WRITE))],
) -> Response:
    async def work(session: AsyncSession) -> WriteResult:
        email = str(body.email) if body.email is not None else None
        customer = m.Customer(
            tenant_id=principal.tenant_id,
            first_name=body.first_name,
            last_name=body.last_name,
            email=email,
            email_lower=email.lower() if email else None,
            language=body.language,
            status_label_id=None,
            prefs_version=1,
            prefs_updated_at=None,
            created_at=datetime.now(UTC),
        )
        tenant = await session.get(m.Tenant, principal.tenant_id)
        customer.set_phone(body.phone, tenant.default_region if tenant else DEFAULT_REGION)
        session.add(customer)
        await session.flush()
        view = customer_view(customer, None)
        record_event(session, principal.tenant_id, EventType.CUSTOMER_CREATED, view)
        return WriteResult(201, view)

    return await run_write(request, principal, body, work)


@router.put("/customers/{customerId}/status", response_model=cu.Customer)
async def set_customer_status(
    customerId: IdPath,
    body: cu.CustomerStatusUpdate,
    request: Request,
    principal: Annotated[Principal, Depends(require(Scope.CUSTOMER_STATUS_WRITE))],
) -> Response:
    """Set or clear the customer's status label; a blocking label stops all outbound communication."""

    async def work(session: AsyncSession) -> WriteResult:
        customer = await load_customer(session, principal, customerId, for_update=True)
        label = None
        if body.status_label_id is not None:
            label = await find_in_tenant(session, principal, m.StatusLabel, body.status_label_id)
            if label is None:
                raise invalid("unknown status label", reference="statusLabelId")
        session.add(
            m.StatusChange(
                tenant_id=principal.tenant_id,
                customer_id=customer.id,
                previous_label_id=customer.status_label_id,
                label_id=body.status_label_id,
                reason=body.reason,
                actor_user_id=principal.user_id,
                actor_api_key_id=principal.api_key_id,
                actor_name=principal.display_name,
                at=datetime.now(UTC),
                request_id=str(body.request_id) if body.request_id else None,
            )
        )
        customer.status_label_id = body.status_label_id
        view = customer_view(customer, label)
        record_event(session, principal.tenant_id, EventType.CUSTOMER_STATUS_CHANGED, view)
        return WriteResult(200, view)

    return await run_write(request, principal, body, work)


@router.get("/customers/{customerId}/status-history", response_model=Page[cu.StatusChange])
async def status_history(
    customerId: IdPath,
    session: ReadSession,
    principal: Annotated[Principal, Depends(require(Scope.CUSTOMER_READ))],
    page: Annotated[Paging, Depends(paging)],
) -> Page[cu.StatusChange]:
    """Every change of the customer's status label, newest first: who, when, from, to and why.
    Append-only: nothing in the API edits or deletes an entry."""
    customer = await load_customer(session, principal, customerId)
    query = (
        status_change_query()
        .where(m.StatusChange.customer_id == customer.id)
        .order_by(m.StatusChange.id.desc())
    )
    return await page_of(session, query, page, lambda rows: [status_change_view(*row) for row in rows])


@router.get("/status-labels", response_model=list[cu.StatusLabel])
async def list_status_labels(
    session: ReadSession, principal: Annotated[Principal, Depends(require(Scope.CUSTOMER_READ))]
) -> list[cu.StatusLabel]:
    rows = await session.execute(
        select(m.StatusLabel).where(m.StatusLabel.tenant_id == principal.tenant_id).order_by(m.StatusLabel.id)
    )
    return [status_label_view(label) for label in rows.scalars()]


async def _unique_label_name(session: AsyncSession, tenant_id: int, name: str, own_id: int | None) -> None:
    clash = (
        await session.execute(
            select(m.StatusLabel.id).where(m.StatusLabel.tenant_id == tenant_id, m.StatusLabel.name == name)
        )
    ).scalar_one_or_none()
    if clash is not None and clash != own_id:
        raise invalid("a status label with this name exists", reference="name")


@router.post("/status-labels", status_code=201, response_model=cu.StatusLabel)
async def create_status_label(
    body: cu.StatusLabelCreate,
    request: Request,
    principal: Annotated[Principal, Depends(require(Scope.STATUS_LABEL_WRITE))],
) -> Response:
    async def work(session: AsyncSession) -> WriteResult:
        await _unique_label_name(session, principal.tenant_id, body.name, None)
        label = m.StatusLabel(
            tenant_id=principal.tenant_id, name=body.name, block_communication=body.block_communication
        )
        session.add(label)
        await session.flush()
        return WriteResult(201, status_label_view(label))

    return await run_write(request, principal, body, work)


@router.patch("/status-labels/{statusLabelId}", response_model=cu.StatusLabel)
async def update_status_label(
    statusLabelId: IdPath,
    body: cu.StatusLabelUpdate,
    request: Request,
    principal: Annotated[Principal, Depends(require(Scope.STATUS_LABEL_WRITE))],
) -> Response:
    async def work(session: AsyncSession) -> WriteResult:
        label = await load_in_tenant(session, principal, m.StatusLabel, statusLabelId)
        if body.name is not None:
            await _unique_label_name(session, principal.tenant_id, body.name, label.id)
            label.name = body.name
        if body.block_communication is not None:
            label.block_communication = body.block_communication
        return WriteResult(200, status_label_view(label))

    return await run_write(request, principal, body, work)
