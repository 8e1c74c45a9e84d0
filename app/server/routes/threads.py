"""Conversation threads (Magicline shape): create, add, list, page communications, update, review queue."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import ColumnElement, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract import communications as cc
from app.contract.base import MAX_PAGE_LIMIT, Page
from app.contract.customers import person_name
from app.contract.enums import Channel, CommunicationKind, EventType, Scope, ThreadStatus
from app.contract.errors import ErrorCode
from app.server.errors import ApiError, invalid, not_found
from app.server.messaging import Draft, Outbound, category_of, resolve_category
from app.server.openapi import answers
from app.server.routes.deps import ReadSession
from app.server.routes.filters import instant
from app.server.routes.pages import page_of
from app.server.routes.params import MAX_ID, IdPath, Paging, paging
from app.server.security import Principal, require
from app.server.serialise.communications import communication_view
from app.server.serialise.preferences import consent_of
from app.server.serialise.threads import queue_thread, summary_of, thread_summaries, thread_summary
from app.server.store import models as m
from app.server.tenancy import find_in_tenant, load_customer, load_thread
from app.server.writes import WriteResult, record_event, run_write

router = APIRouter(prefix="/v1", tags=["threads"])

THREADS = "/communications/{customerId}/threads"
THREAD = THREADS + "/{threadId}"
#: The methods that add a communication to a thread: Magicline's POST, and PUT for older clients.
ADD_METHODS = ("POST", "PUT")

Reader = Annotated[Principal, Depends(require(Scope.COMMUNICATION_READ))]
Writer = Annotated[Principal, Depends(require(Scope.COMMUNICATION_WRITE))]
#: What adding to a thread may answer besides what its declaration tells.
_ADDS = answers(ErrorCode.THREAD_CLOSED, ErrorCode.OPTED_OUT)


def _draft(body: cc.ThreadCreate | cc.CommunicationAdd, principal: Principal, subject: str | None) -> Draft:
    return Draft(
        direction=body.communication_direction,
        channel=body.communication_channel,
        kind=CommunicationKind.MESSAGE,
        content=body.content,
        subject=subject,
        agent=body.agent or principal.display_name,
        at=body.communication_date_time,
        details=body.details.model_dump(mode="json") if body.details else None,
    )


@router.post(
    THREADS, status_code=201, response_model=cc.Communication, responses=answers(ErrorCode.OPTED_OUT)
)
async def create_thread(
    customerId: IdPath, body: cc.ThreadCreate, request: Request, principal: Writer
) -> Response:
    """A new thread with its first communication; the caller becomes its assignee."""
    outbound = Outbound(request)

    async def work(session: AsyncSession) -> WriteResult:
        customer = await load_customer(session, principal, customerId)
        draft = _draft(body, principal, body.subject)
        draft.category = await resolve_category(session, principal.tenant_id, body.message_category)
        at = draft.at or datetime.now(UTC)
        draft.at = at
        thread = m.Thread(
            tenant_id=principal.tenant_id,
            customer_id=customer.id,
            subject=body.subject,
            status=body.communication_thread_status.value,
            ticket_number=body.ticket_number,
            ticket_link=str(body.ticket_link) if body.ticket_link else None,
            assignee_user_id=principal.user_id,
            created_at=datetime.now(UTC),
            last_communication_at=at,
            communication_count=0,
            last_channel=body.communication_channel.value,
            last_direction=body.communication_direction.value,
        )
        row = await outbound.record(session, customer, draft, thread)
        record_event(
            session, principal.tenant_id, EventType.THREAD_CREATED, await summary_of(session, thread)
        )
        view = communication_view(row, thread)
        record_event(session, principal.tenant_id, EventType.COMMUNICATION_CREATED, view)
        return WriteResult(201, view)

    return outbound.send_after(await run_write(request, principal, body, work))


@router.post(THREAD, response_model=cc.Communication, responses=_ADDS)
@router.put(
    THREAD,
    response_model=cc.Communication,
    responses=_ADDS,
    summary="Add Communication (PUT, for older clients)",
    description="The same as `POST` on this path, which Magicline and the client use.",
)
async def add_communication(
    customerId: IdPath, threadId: IdPath, body: cc.CommunicationAdd, request: Request, principal: Writer
) -> Response:
    """Add a communication; a CLOSED thread answers 409 unless the body reopens it (ONGOING)."""
    outbound = Outbound(request)

    async def work(session: AsyncSession) -> WriteResult:
        thread, customer, label, assignee = await _thread_to_add_to(session, principal, customerId, threadId)
        reopens = body.communication_thread_status is ThreadStatus.ONGOING
        if thread.status == ThreadStatus.CLOSED.value and not reopens:
            raise ApiError(ErrorCode.THREAD_CLOSED)
        consent = await consent_of(session, principal.tenant_id, customer.id)
        draft = _draft(body, principal, body.subject or thread.subject)
        draft.category = category_of(consent, body.message_category)
        row = await outbound.record(session, customer, draft, thread, consent=consent, label=label)
        thread.status = body.communication_thread_status.value
        if body.ticket_number is not None:
            thread.ticket_number = body.ticket_number
        if body.ticket_link is not None:
            thread.ticket_link = str(body.ticket_link)
        # The thread's changes go in one prepared statement instead of the commit's flush.
        session.expunge(thread)
        connection = await session.connection()
        await connection.execute(_UPDATE_THREAD, {"row_id": thread.id, **_thread_changes(thread)})
        view = communication_view(row, thread)
        answer = view.model_dump(mode="json")
        record_event(session, principal.tenant_id, EventType.COMMUNICATION_CREATED, answer)
        record_event(session, principal.tenant_id, EventType.THREAD_UPDATED, thread_summary(thread, assignee))
        return WriteResult(200, view, body_json=answer)

    written = await run_write(request, principal, body, work, same_as=ADD_METHODS)
    return outbound.send_after(written)


#: A customer's thread in the caller's tenant with what adding to it needs (the customer, its status
#: label, the thread's assignee), in one statement. On PostgreSQL the thread and the customer stay
#: locked until the commit, so writes to one thread take turns and its counters lose no message
#: (and the rules decide from the customer's state as it is; see `load_customer`'s `for_update`).
_THREAD_TO_ADD_TO = (
    select(m.Thread, m.Customer, m.StatusLabel, m.User)
    .join(m.Customer, m.Customer.id == m.Thread.customer_id)
    .outerjoin(m.StatusLabel, m.StatusLabel.id == m.Customer.status_label_id)
    .outerjoin(m.User, m.User.id == m.Thread.assignee_user_id)
    .where(
        m.Thread.id == bindparam("thread_id"),
        m.Thread.customer_id == bindparam("customer_id"),
        m.Customer.tenant_id == bindparam("tenant_id"),
        m.Thread.tenant_id == bindparam("tenant_id"),
    )
    .with_for_update(of=(m.Thread, m.Customer))
)
#: What adding a communication changes in its thread (`touch_thread`, the status, the ticket).
_THREAD_CHANGES = (
    "status",
    "ticket_number",
    "ticket_link",
    "communication_count",
    "last_communication_at",
    "last_channel",
    "last_direction",
)
_UPDATE_THREAD = (
    update(m.Thread)
    .where(m.Thread.id == bindparam("row_id"))
    .values({name: bindparam(name) for name in _THREAD_CHANGES})
)


def _thread_changes(thread: m.Thread) -> dict[str, object]:
    return {name: getattr(thread, name) for name in _THREAD_CHANGES}


async def _thread_to_add_to(
    session: AsyncSession, principal: Principal, customer_id: int, thread_id: int
) -> tuple[m.Thread, m.Customer, m.StatusLabel | None, m.User | None]:
    """The thread, its customer, the customer's status label and the thread's assignee; 404 for an
    unknown (or another tenant's) customer first, then for a thread that is not this customer's."""
    params = {"thread_id": thread_id, "customer_id": customer_id, "tenant_id": principal.tenant_id}
    found = (await session.execute(_THREAD_TO_ADD_TO, params)).first()
    if found is None:
        customer = await load_customer(session, principal, customer_id)
        await load_thread(session, principal, customer.id, thread_id)
        raise not_found("Thread", thread_id)  # both found apart: not this customer's in this tenant
    thread, customer, label, assignee = found
    return thread, customer, label, assignee


@router.get(THREADS, response_model=Page[cc.ThreadSummary])
async def list_customer_threads(
    customerId: IdPath,
    session: ReadSession,
    principal: Reader,
    page: Annotated[Paging, Depends(paging)],
    status: ThreadStatus | None = None,
) -> Page[cc.ThreadSummary]:
    """The customer's threads, newest activity first."""
    customer = await load_customer(session, principal, customerId)
    where: list[ColumnElement[bool]] = [m.Thread.customer_id == customer.id]
    if status is not None:
        where.append(m.Thread.status == status.value)
    return await _thread_page(session, where, page)


@router.get(THREAD, response_model=cc.ThreadSummary)
async def get_thread(
    customerId: IdPath, threadId: IdPath, session: ReadSession, principal: Reader
) -> cc.ThreadSummary:
    customer = await load_customer(session, principal, customerId)
    return await summary_of(session, await load_thread(session, principal, customer.id, threadId))


@router.get(THREAD + "/communications", response_model=cc.CommunicationPage)
async def list_thread_communications(
    customerId: IdPath,
    threadId: IdPath,
    session: ReadSession,
    principal: Reader,
    before: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="communicationId: only older ones (the cursor)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = 50,
) -> Response:
    """Newest first; pass `nextBefore` as `before` for the next, older page. Constant cost per page:
    one lookup of the thread and one range scan of the (thread_id, id) index."""
    thread = await find_in_tenant(
        session, principal, m.Thread, threadId, lambda thread: thread.customer_id == customerId
    )
    if thread is None:
        # The right 404: an unknown customer first, then an unknown thread.
        customer = await load_customer(session, principal, customerId)
        thread = await load_thread(session, principal, customer.id, threadId)
    query = select(m.Communication).where(m.Communication.thread_id == thread.id)
    if before is not None:
        query = query.where(m.Communication.id < before)
    # One row more than asked tells whether an older page exists, without counting.
    rows = list((await session.execute(query.order_by(m.Communication.id.desc()).limit(limit + 1))).scalars())
    more = len(rows) > limit
    rows = rows[:limit]
    page = cc.CommunicationPage(
        items=[communication_view(row, thread) for row in rows],
        next_before=rows[-1].id if more else None,
    )
    # Already a validated model: serialise it once instead of having FastAPI validate it again.
    return Response(page.model_dump_json(), media_type="application/json")


@router.patch(THREAD, response_model=cc.ThreadSummary)
async def update_thread(
    customerId: IdPath, threadId: IdPath, body: cc.ThreadUpdate, request: Request, principal: Writer
) -> Response:
    """Move the status or the assignee; assigning anyone but oneself needs THREAD_REVIEW."""

    async def work(session: AsyncSession) -> WriteResult:
        customer = await load_customer(session, principal, customerId)
        thread = await load_thread(session, principal, customer.id, threadId)
        changed = False
        if "assignee_user_id" in body.model_fields_set and body.assignee_user_id != thread.assignee_user_id:
            await _check_assignee(session, principal, thread, body.assignee_user_id)
            thread.assignee_user_id = body.assignee_user_id
            changed = True
        if body.communication_thread_status is not None:
            changed = changed or thread.status != body.communication_thread_status.value
            thread.status = body.communication_thread_status.value
        view = await summary_of(session, thread)
        if changed:
            record_event(session, principal.tenant_id, EventType.THREAD_UPDATED, view)
        return WriteResult(200, view)

    return await run_write(request, principal, body, work)


async def _check_assignee(
    session: AsyncSession, principal: Principal, thread: m.Thread, assignee_id: int | None
) -> None:
    # Taking a thread oneself, or letting go of one's own, is every agent's business.
    if assignee_id is not None:
        own = assignee_id == principal.user_id
    else:
        own = principal.user_id is not None and thread.assignee_user_id == principal.user_id
    if not own and Scope.THREAD_REVIEW not in principal.scopes:
        raise ApiError(ErrorCode.FORBIDDEN, Scope.THREAD_REVIEW.value)
    if assignee_id is not None and await find_in_tenant(session, principal, m.User, assignee_id) is None:
        raise invalid("no such user in this tenant", reference="assigneeUserId")


@router.get("/threads", response_model=Page[cc.QueueThread])
async def review_queue(
    session: ReadSession,
    principal: Reader,
    page: Annotated[Paging, Depends(paging)],
    status: ThreadStatus | None = None,
    assigneeUserId: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    communicationChannel: Annotated[
        Channel | None, Query(description="the channel of the thread's latest communication")
    ] = None,
    customerId: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    updatedSince: Annotated[
        str | None,
        Query(max_length=100, description="threads with activity at or after this date-time (RFC 3339)"),
    ] = None,
) -> Page[cc.QueueThread]:
    """The tenant's threads for review, newest activity first, each with its customer's name;
    without THREAD_REVIEW only the caller's own threads, whatever the filter."""
    since = instant(updatedSince, "updatedSince")
    where: list[ColumnElement[bool]] = [m.Thread.tenant_id == principal.tenant_id]
    if Scope.THREAD_REVIEW not in principal.scopes:
        where.append(m.Thread.assignee_user_id == (principal.user_id or 0))
    if assigneeUserId is not None:
        where.append(m.Thread.assignee_user_id == assigneeUserId)
    if status is not None:
        where.append(m.Thread.status == status.value)
    if communicationChannel is not None:
        where.append(m.Thread.last_channel == communicationChannel.value)
    if customerId is not None:
        where.append(m.Thread.customer_id == customerId)
    if since is not None:
        where.append(m.Thread.last_communication_at >= since)
    # The customer's name and the assignee come with each thread, in the page's one query; the
    # count reads the threads' index alone (joined, it would visit every matching thread's customer).
    threads = select(m.Thread).where(*where)
    query = (
        select(m.Thread, m.Customer.first_name, m.Customer.last_name, m.User)
        .join(m.Customer, m.Customer.id == m.Thread.customer_id)
        .outerjoin(m.User, m.User.id == m.Thread.assignee_user_id)
        .where(*where)
        .order_by(*_NEWEST_ACTIVITY)
    )
    return await page_of(
        session,
        query,
        page,
        lambda rows: [
            queue_thread(thread, assignee, person_name(first, last)) for thread, first, last, assignee in rows
        ],
        counted=threads,
    )


_NEWEST_ACTIVITY = (m.Thread.last_communication_at.desc(), m.Thread.id.desc())


async def _thread_page(
    session: AsyncSession, where: list[ColumnElement[bool]], page: Paging
) -> Page[cc.ThreadSummary]:
    query = select(m.Thread).where(*where).order_by(*_NEWEST_ACTIVITY)
    return await page_of(
        session, query, page, lambda rows: thread_summaries(session, [thread for (thread,) in rows])
    )
