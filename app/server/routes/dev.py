"""Demo-mode only endpoints: reset the demo data and read the outbox (for tests and demos)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from limits.aio.storage import Storage
from sqlalchemy import select

from app.contract import communications as cc
from app.contract.base import MAX_PAGE_LIMIT
from app.contract.enums import Channel, Scope
from app.server.demo import reset_demo
from app.server.routes.deps import AppDatabase, ReadSession
from app.server.routes.params import MAX_ID
from app.server.security import Authenticator, Principal, announce_revoked, require
from app.server.store import models as m

router = APIRouter(prefix="/v1/dev", tags=["demo mode"])


@router.post("/reset", status_code=204)
async def reset(
    request: Request, db: AppDatabase, principal: Annotated[Principal, Depends(require(Scope.USER_ADMIN))]
) -> Response:
    """Delete everything and create the demo data afresh; every token is signed out, and the counts of
    the rate limit and the sign-in throttle start again."""
    await reset_demo(db)
    async with db.write() as session:  # the other server processes forget every token too
        await announce_revoked(session, None)
    state = request.app.state
    authenticator: Authenticator = state.authenticator
    authenticator.forget()
    storage: Storage = state.limit_storage
    await storage.reset()
    return Response(status_code=204)


@router.get("/outbox", response_model=list[cc.OutboxMessage])
async def read_outbox(
    session: ReadSession,
    principal: Annotated[Principal, Depends(require(Scope.USER_ADMIN))],
    customerId: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT)] = 50,
) -> list[cc.OutboxMessage]:
    """What the outbox dispatcher sent, newest first, message text included (one-time codes too)."""
    query = select(m.OutboxMessage).where(m.OutboxMessage.tenant_id == principal.tenant_id)
    if customerId is not None:
        query = query.where(m.OutboxMessage.customer_id == customerId)
    rows = (await session.execute(query.order_by(m.OutboxMessage.id.desc()).limit(limit))).scalars()
    return [
        cc.OutboxMessage(
            outbox_id=row.id,
            customer_id=row.customer_id,
            communication_id=row.communication_id,
            communication_channel=Channel(row.channel),
            recipient=row.recipient,
            subject=row.subject,
            content=row.content,
            sent_at=row.sent_at,
        )
        for row in rows
    ]
