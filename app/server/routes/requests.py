"""Change and goodwill requests (Capillary's request APIs): create, list, read, approve, reject; and
the customer history that approvals write.

Nobody decides their own request (403 `request.ownDecision`), and a request is decided once (409
`request.alreadyDecided`; a replayed requestId answers the first decision again). An agent sees the
requests they created, REQUEST_APPROVE the tenant's. An API key acts for the admin who issued it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract import approvals as ca
from app.contract.base import Page
from app.contract.enums import ApprovalStatus, ApprovalType, EventType, Scope
from app.contract.errors import ErrorCode
from app.server.approvals import Decider, apply_approved, checked_new_value, current_value, notify_approval
from app.server.errors import ApiError, not_found
from app.server.messaging import Outbound
from app.server.openapi import answers
from app.server.routes.deps import ReadSession
from app.server.routes.pages import page_of
from app.server.routes.params import MAX_ID, IdPath, Paging, paging
from app.server.security import Principal, require
from app.server.serialise.approvals import approval_query, approval_view, approval_views, customer_change_view
from app.server.serialise.communications import communication_view
from app.server.serialise.customers import customer_view, label_of
from app.server.store import models as m
from app.server.tenancy import load_customer, load_in_tenant
from app.server.writes import WriteResult, record_event, run_write

router = APIRouter(prefix="/v1", tags=["requests"])

Creator = Annotated[Principal, Depends(require(Scope.REQUEST_CREATE))]
Reader = Annotated[Principal, Depends(require(Scope.CUSTOMER_READ))]
Approver = Annotated[Principal, Depends(require(Scope.REQUEST_APPROVE))]
#: What deciding a request may answer besides what its declaration tells.
_DECISION = answers(ErrorCode.OWN_DECISION, ErrorCode.ALREADY_DECIDED)


async def acting_user(session: AsyncSession, principal: Principal) -> m.User:
    """The user a request or decision is attributed to: the caller, or for an API key its issuer."""
    user_id = principal.user_id
    if user_id is None:
        key = await load_in_tenant(session, principal, m.ApiKey, principal.api_key_id or 0)
        user_id = key.created_by
    return await load_in_tenant(session, principal, m.User, user_id)


async def _request_view(session: AsyncSession, request_id: int) -> ca.ApprovalRequest:
    await session.flush()
    rows = await session.execute(approval_query().where(m.ApprovalRequest.id == request_id))
    return approval_views(rows.all())[0]


async def _create(
    request: Request,
    principal: Principal,
    body: ca.ChangeRequestCreate | ca.GoodwillRequestCreate,
    customer_id: int,
) -> Response:
    async def work(session: AsyncSession) -> WriteResult:
        customer = await load_customer(session, principal, customer_id)
        creator = await acting_user(session, principal)
        row = m.ApprovalRequest(
            tenant_id=principal.tenant_id,
            customer_id=customer.id,
            status=ApprovalStatus.PENDING.value,
            reason=body.reason,
            created_by=creator.id,
            created_at=datetime.now(UTC),
        )
        if isinstance(body, ca.ChangeRequestCreate):
            row.type = ApprovalType.CHANGE.value
            row.field = body.field.value
            row.previous_value = current_value(customer, body.field)
            row.new_value = await checked_new_value(session, customer, body.field, body.new_value)
        else:
            row.type = ApprovalType.GOODWILL.value
            row.points = body.points
        session.add(row)
        await session.flush()
        view = approval_view(row, customer, creator, None)
        record_event(session, principal.tenant_id, EventType.REQUEST_CREATED, view)
        return WriteResult(201, view)

    return await run_write(request, principal, body, work)


@router.post("/customers/{customerId}/change-requests", status_code=201, response_model=ca.ApprovalRequest)
async def create_change_request(
    customerId: IdPath, body: ca.ChangeRequestCreate, request: Request, principal: Creator
) -> Response:
    """Ask to change the customer's email or phone: PENDING until another user decides. `newValue` is
    checked now (an email address; a phone number, stored in E.164 read in the tenant's region)."""
    return await _create(request, principal, body, customerId)


@router.post("/customers/{customerId}/goodwill-requests", status_code=201, response_model=ca.ApprovalRequest)
async def create_goodwill_request(
    customerId: IdPath, body: ca.GoodwillRequestCreate, request: Request, principal: Creator
) -> Response:
    """Ask to grant the customer goodwill points: PENDING until another user decides."""
    return await _create(request, principal, body, customerId)


@router.get("/requests", response_model=Page[ca.ApprovalRequest])
async def list_requests(
    session: ReadSession,
    principal: Reader,
    page: Annotated[Paging, Depends(paging)],
    status: ApprovalStatus | None = None,
    type: ApprovalType | None = None,
    customerId: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    createdByUserId: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Page[ca.ApprovalRequest]:
    """Requests, newest first; without REQUEST_APPROVE only those the caller created, whatever the filter."""
    where: list[ColumnElement[bool]] = [m.ApprovalRequest.tenant_id == principal.tenant_id]
    if Scope.REQUEST_APPROVE not in principal.scopes:
        where.append(m.ApprovalRequest.created_by == (await acting_user(session, principal)).id)
    if status is not None:
        where.append(m.ApprovalRequest.status == status.value)
    if type is not None:
        where.append(m.ApprovalRequest.type == type.value)
    if customerId is not None:
        where.append(m.ApprovalRequest.customer_id == customerId)
    if createdByUserId is not None:
        where.append(m.ApprovalRequest.created_by == createdByUserId)
    query = approval_query().where(*where).order_by(m.ApprovalRequest.id.desc())
    counted = select(m.ApprovalRequest).where(*where)
    return await page_of(session, query, page, approval_views, counted=counted)


@router.get("/requests/{approvalRequestId}", response_model=ca.ApprovalRequest)
async def get_request(
    approvalRequestId: IdPath, session: ReadSession, principal: Reader
) -> ca.ApprovalRequest:
    """One request; another user's is 404 to a caller without REQUEST_APPROVE, as another tenant's."""
    row = await load_in_tenant(session, principal, m.ApprovalRequest, approvalRequestId)
    only_own = Scope.REQUEST_APPROVE not in principal.scopes
    if only_own and row.created_by != (await acting_user(session, principal)).id:
        raise not_found(m.ApprovalRequest.__name__, approvalRequestId)
    return await _request_view(session, row.id)


async def _decide(
    request: Request, principal: Principal, body: ca.ApprovalDecision, request_id: int, approve: bool
) -> Response:
    outbound = Outbound(request)

    async def work(session: AsyncSession) -> WriteResult:
        row = await load_in_tenant(session, principal, m.ApprovalRequest, request_id, for_update=True)
        decider = await acting_user(session, principal)
        if row.created_by == decider.id:
            raise ApiError(ErrorCode.OWN_DECISION)
        if row.status != ApprovalStatus.PENDING.value:
            raise ApiError(ErrorCode.ALREADY_DECIDED)
        by = Decider(principal, body.request_id, datetime.now(UTC))
        row.status = (ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED).value
        row.decided_by = decider.id
        row.decided_at = by.at
        row.comment = body.comment or None
        customer = await load_customer(session, principal, row.customer_id, for_update=True)
        customer_changed = False
        if approve:
            customer_changed = apply_approved(session, row, customer, by)
            notification = await notify_approval(session, outbound, row, customer, by)
            record_event(
                session,
                principal.tenant_id,
                EventType.COMMUNICATION_CREATED,
                communication_view(notification, None),
            )
        view = await _request_view(session, row.id)
        record_event(session, principal.tenant_id, EventType.REQUEST_DECIDED, view)
        if customer_changed:
            updated = customer_view(customer, await label_of(session, customer))
            record_event(session, principal.tenant_id, EventType.CUSTOMER_UPDATED, updated)
        return WriteResult(200, view)

    return outbound.send_after(await run_write(request, principal, body, work))


@router.post("/requests/{approvalRequestId}/approve", response_model=ca.ApprovalRequest, responses=_DECISION)
async def approve_request(
    approvalRequestId: IdPath, body: ca.ApprovalDecision, request: Request, principal: Approver
) -> Response:
    """Approve: a change request changes the customer's email or phone at once, and the customer is
    notified through the outbound rules (a blocked or opted-out customer's notice is SUPPRESSED)."""
    return await _decide(request, principal, body, approvalRequestId, approve=True)


@router.post("/requests/{approvalRequestId}/reject", response_model=ca.ApprovalRequest, responses=_DECISION)
async def reject_request(
    approvalRequestId: IdPath, body: ca.ApprovalDecision, request: Request, principal: Approver
) -> Response:
    """Reject: nothing changes and nobody is notified."""
    return await _decide(request, principal, body, approvalRequestId, approve=False)


@router.get("/customers/{customerId}/history", response_model=Page[ca.CustomerChange])
async def customer_history(
    customerId: IdPath, session: ReadSession, principal: Reader, page: Annotated[Paging, Depends(paging)]
) -> Page[ca.CustomerChange]:
    """What approved requests changed on the customer, newest first. Append-only."""
    customer = await load_customer(session, principal, customerId)
    query = (
        select(m.CustomerChange)
        .where(m.CustomerChange.customer_id == customer.id)
        .order_by(m.CustomerChange.id.desc())
    )
    return await page_of(
        session, query, page, lambda rows: [customer_change_view(change) for (change,) in rows]
    )
