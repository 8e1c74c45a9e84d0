"""Marketing preferences (Trybe shape): the tenant's list and each customer's opt-in state."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract import preferences as cp
from app.contract.base import Page
from app.contract.enums import EventType, Scope
from app.contract.errors import ErrorCode
from app.server.consent import consent_change
from app.server.openapi import answers
from app.server.routes.deps import ReadSession
from app.server.routes.pages import page_of
from app.server.routes.params import IdPath, Paging, paging
from app.server.security import Principal, require
from app.server.store import models as m
from app.server.tenancy import load_customer, load_in_tenant
from app.server.writes import WriteResult, record_event, run_write

router = APIRouter(prefix="/v1", tags=["marketing preferences"])

ITEM_PATH = "/customers/{customerId}/marketing-preferences/{marketingPreferenceId}"


def _preference_view(row: m.MarketingPreference) -> cp.MarketingPreference:
    return cp.MarketingPreference(marketing_preference_id=row.id, text=row.text)


def _state_view(
    customer_id: int, preference: m.MarketingPreference, state: m.CustomerMarketing | None
) -> cp.CustomerMarketingPreference:
    """A preference never presented to the customer reads as opted out."""
    opted_in = bool(state and state.opted_in)
    return cp.CustomerMarketingPreference(
        marketing_preference_id=preference.id,
        customer_id=customer_id,
        text=preference.text,
        opted_in=opted_in,
        opted_in_at=state.opted_in_at if state is not None and opted_in else None,
    )


@router.get("/marketing-preferences", response_model=list[cp.MarketingPreference])
async def list_marketing_preferences(
    session: ReadSession,
    principal: Annotated[Principal, Depends(require(Scope.COMMUNICATION_PREFERENCES_READ))],
) -> list[cp.MarketingPreference]:
    rows = await session.execute(
        select(m.MarketingPreference)
        .where(m.MarketingPreference.tenant_id == principal.tenant_id)
        .order_by(m.MarketingPreference.id)
    )
    return [_preference_view(row) for row in rows.scalars()]


@router.post("/marketing-preferences", status_code=201, response_model=cp.MarketingPreference)
async def create_marketing_preference(
    body: cp.MarketingPreferenceCreate,
    request: Request,
    principal: Annotated[Principal, Depends(require(Scope.CATEGORY_WRITE))],
) -> Response:
    async def work(session: AsyncSession) -> WriteResult:
        row = m.MarketingPreference(tenant_id=principal.tenant_id, text=body.text)
        session.add(row)
        await session.flush()
        return WriteResult(201, _preference_view(row))

    return await run_write(request, principal, body, work)


@router.get(
    "/customers/{customerId}/marketing-preferences", response_model=Page[cp.CustomerMarketingPreference]
)
async def list_customer_marketing_preferences(
    customerId: IdPath,
    session: ReadSession,
    principal: Annotated[Principal, Depends(require(Scope.COMMUNICATION_PREFERENCES_READ))],
    page: Annotated[Paging, Depends(paging)],
) -> Page[cp.CustomerMarketingPreference]:
    """Every marketing preference of the tenant with this customer's state."""
    customer = await load_customer(session, principal, customerId)
    # The join is on the state's whole key: one row per preference, so it leaves the count alone.
    query = (
        select(m.MarketingPreference, m.CustomerMarketing)
        .outerjoin(
            m.CustomerMarketing,
            (m.CustomerMarketing.marketing_preference_id == m.MarketingPreference.id)
            & (m.CustomerMarketing.customer_id == customer.id),
        )
        .where(m.MarketingPreference.tenant_id == principal.tenant_id)
        .order_by(m.MarketingPreference.id)
    )
    return await page_of(
        session, query, page, lambda rows: [_state_view(customer.id, pref, state) for pref, state in rows]
    )


@router.get(ITEM_PATH, response_model=cp.CustomerMarketingPreference)
async def get_customer_marketing_preference(
    customerId: IdPath,
    marketingPreferenceId: IdPath,
    session: ReadSession,
    principal: Annotated[Principal, Depends(require(Scope.COMMUNICATION_PREFERENCES_READ))],
) -> cp.CustomerMarketingPreference:
    customer = await load_customer(session, principal, customerId)
    preference = await load_in_tenant(session, principal, m.MarketingPreference, marketingPreferenceId)
    state = await session.get(m.CustomerMarketing, (customer.id, preference.id))
    return _state_view(customer.id, preference, state)


async def _set_opt_in(
    session: AsyncSession,
    principal: Principal,
    customer_id: int,
    preference_id: int,
    opted_in: bool,
    body: cp.MarketingOptIn | None,
) -> cp.CustomerMarketingPreference:
    customer = await load_customer(session, principal, customer_id, for_update=True)
    preference = await load_in_tenant(session, principal, m.MarketingPreference, preference_id)
    state = await session.get(m.CustomerMarketing, (customer.id, preference.id))
    previous = bool(state and state.opted_in)
    if previous != opted_in:
        now = datetime.now(UTC)
        if state is None:
            state = m.CustomerMarketing(customer_id=customer.id, marketing_preference_id=preference.id)
            session.add(state)
        state.opted_in = opted_in
        state.opted_in_at = now if opted_in else None
        session.add(
            consent_change(
                principal,
                customer.id,
                at=now,
                source=body.source if body is not None else None,
                request_id=body.request_id if body is not None else None,
                previous=previous,
                current=opted_in,
                marketing_preference_id=preference.id,
            )
        )
        view = _state_view(customer.id, preference, state)
        record_event(session, principal.tenant_id, EventType.MARKETING_PREFERENCE_UPDATED, view)
        return view
    return _state_view(customer.id, preference, state)


@router.put(ITEM_PATH, response_model=cp.CustomerMarketingPreference)
async def opt_in(
    customerId: IdPath,
    marketingPreferenceId: IdPath,
    request: Request,
    principal: Annotated[Principal, Depends(require(Scope.COMMUNICATION_PREFERENCES_WRITE))],
    body: cp.MarketingOptIn | None = None,
) -> Response:
    """Opt the customer in (idempotent)."""

    async def work(session: AsyncSession) -> WriteResult:
        view = await _set_opt_in(session, principal, customerId, marketingPreferenceId, True, body)
        return WriteResult(200, view)

    return await run_write(request, principal, body, work)


@router.delete(ITEM_PATH, status_code=204, responses=answers(ErrorCode.ID_REUSED))
async def opt_out(
    customerId: IdPath,
    marketingPreferenceId: IdPath,
    request: Request,
    principal: Annotated[Principal, Depends(require(Scope.COMMUNICATION_PREFERENCES_WRITE))],
) -> Response:
    """Opt the customer out (idempotent)."""

    async def work(session: AsyncSession) -> WriteResult:
        await _set_opt_in(session, principal, customerId, marketingPreferenceId, False, None)
        return WriteResult(204)

    return await run_write(request, principal, None, work)
