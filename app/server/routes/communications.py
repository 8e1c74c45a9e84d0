"""The communications log (Ondi shape): filterable list, logging outside threads, delivery events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract import communications as cc
from app.contract.base import Page
from app.contract.enums import (
    Channel,
    CommunicationKind,
    DeliveryStatus,
    Direction,
    EventType,
    Scope,
)
from app.contract.errors import ErrorCode
from app.server.dispatch import set_delivery_status
from app.server.errors import invalid
from app.server.messaging import Draft, Outbound, resolve_category
from app.server.openapi import answers
from app.server.routes.deps import ReadSession
from app.server.routes.filters import instant
from app.server.routes.pages import page_of
from app.server.routes.params import MAX_ID, IdPath, Paging, paging
from app.server.rules import advance_delivery
from app.server.security import Principal, require
from app.server.serialise.communications import communication_view
from app.server.store import models as m
from app.server.tenancy import load_customer, load_in_tenant
from app.server.writes import WriteResult, record_event, run_write

router = APIRouter(prefix="/v1", tags=["communications log"])

DateTimeQuery = Annotated[
    str | None,
    Query(
        max_length=100,
        description="RFC 3339 or RFC 9557 zoned date-time, e.g. 2022-06-22T08:00:00+02:00[Europe/Berlin]",
        json_schema_extra={"format": "date-time"},
    ),
]


@router.get("/customer-communications", response_model=Page[cc.Communication])
async def list_communications(
    session: ReadSession,
    principal: Annotated[Principal, Depends(require(Scope.COMMUNICATION_READ))],
    page: Annotated[Paging, Depends(paging)],
    customerId: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    threadId: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    communicationChannel: Channel | None = None,
    communicationDirection: Direction | None = None,
    deliveryStatus: DeliveryStatus | None = None,
    from_: Annotated[DateTimeQuery, Query(alias="from")] = None,
    to: DateTimeQuery = None,
) -> Page[cc.Communication]:
    """Communications across threads of the caller's tenant, newest first (by communicationDateTime)."""
    since, until = instant(from_, "from"), instant(to, "to")
    c = m.Communication
    where: list[ColumnElement[bool]] = [c.tenant_id == principal.tenant_id]
    if customerId is not None:
        where.append(c.customer_id == customerId)
    if threadId is not None:
        where.append(c.thread_id == threadId)
    if communicationChannel is not None:
        where.append(c.channel == communicationChannel.value)
    if communicationDirection is not None:
        where.append(c.direction == communicationDirection.value)
    if deliveryStatus is not None:
        where.append(c.delivery_status == deliveryStatus.value)
    if since is not None:
        where.append(c.communication_date_time >= since)
    if until is not None:
        where.append(c.communication_date_time <= until)

    async def with_threads(rows: Sequence[tuple[m.Communication]]) -> list[cc.Communication]:
        communications = [row for (row,) in rows]
        thread_ids = {row.thread_id for row in communications if row.thread_id is not None}
        threads: dict[int, m.Thread] = {}
        if thread_ids:
            found = await session.execute(select(m.Thread).where(m.Thread.id.in_(thread_ids)))
            threads = {t.id: t for t in found.scalars()}
        return [
            communication_view(row, threads.get(row.thread_id) if row.thread_id else None)
            for row in communications
        ]

    query = select(c).where(*where).order_by(c.communication_date_time.desc(), c.id.desc())
    return await page_of(session, query, page, with_threads)


_NOT_LOGGABLE = {
    Direction.INCOMING: set(DeliveryStatus) - {DeliveryStatus.RECEIVED},
    Direction.OUTGOING: {DeliveryStatus.RECEIVED, DeliveryStatus.SUPPRESSED},
}


@router.post(
    "/customer-communications",
    status_code=201,
    response_model=cc.Communication,
    # The customer is named in the body: an unknown one is 404 like an unknown path id.
    responses=answers(ErrorCode.NOT_FOUND, ErrorCode.OPTED_OUT),
)
async def log_communication(
    body: cc.CommunicationLogCreate,
    request: Request,
    principal: Annotated[Principal, Depends(require(Scope.COMMUNICATION_WRITE))],
) -> Response:
    """Log a communication outside any thread. OUTGOING obeys the outbound rules: without
    `deliveryStatus` (or with QUEUED) it is dispatched; with SENT, DELIVERED, READ or FAILED it is
    recorded as already sent by another system. A blocked customer's is SUPPRESSED either way."""
    if body.delivery_status in _NOT_LOGGABLE[body.communication_direction]:
        raise invalid(
            f"{body.communication_direction.value} cannot be logged as {body.delivery_status}",
            reference="deliveryStatus",
        )
    outbound = Outbound(request)

    async def work(session: AsyncSession) -> WriteResult:
        customer = await load_customer(session, principal, body.customer_id)
        draft = Draft(
            direction=body.communication_direction,
            channel=body.communication_channel,
            kind=CommunicationKind.LOGGED,
            content=body.content,
            subject=body.subject,
            agent=principal.display_name,
            at=body.communication_date_time,
            category=await resolve_category(session, principal.tenant_id, body.message_category),
            details=body.details.model_dump(mode="json") if body.details else None,
            delivery_status=(
                body.delivery_status
                if body.communication_direction is Direction.OUTGOING
                and body.delivery_status is not DeliveryStatus.QUEUED
                else None
            ),
        )
        row = await outbound.record(session, customer, draft)
        view = communication_view(row, None)
        record_event(session, principal.tenant_id, EventType.COMMUNICATION_CREATED, view)
        return WriteResult(201, view)

    return outbound.send_after(await run_write(request, principal, body, work))


@router.post(
    "/customer-communications/{communicationId}/delivery-events",
    response_model=cc.Communication,
    responses=answers(ErrorCode.ID_REUSED),  # by the Idempotency-Key header
)
async def report_delivery(
    communicationId: IdPath,
    body: cc.DeliveryEventCreate,
    request: Request,
    principal: Annotated[Principal, Depends(require(Scope.DELIVERY_WRITE))],
) -> Response:
    """A provider callback. The status only moves forward (QUEUED, SENT, DELIVERED, READ; FAILED
    from QUEUED or SENT); a late, repeated or backward report answers 200 and keeps the state.
    The `reason` of the report that fails a communication is kept as its `failureReason`."""

    async def work(session: AsyncSession) -> WriteResult:
        row = await load_in_tenant(session, principal, m.Communication, communicationId)
        status = advance_delivery(
            DeliveryStatus(row.delivery_status), DeliveryStatus(body.delivery_status.value)
        )
        return WriteResult(200, await set_delivery_status(session, row, status, body.reason))

    return await run_write(request, principal, body, work)
