"""Webhooks (WEBHOOK_ADMIN): subscribe a URL to event types, list and delete the subscriptions, and
read each one's delivery log. The deliveries themselves are app.server.webhooks's.

A URL on a loopback or private address is refused (422) unless the server runs with
`--allow-private-webhooks`. The secret signs the deliveries and is never answered back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract import events as ce
from app.contract.base import Page
from app.contract.enums import EventType, Scope
from app.contract.errors import ErrorCode
from app.server.errors import invalid
from app.server.openapi import answers
from app.server.routes.deps import ReadSession
from app.server.routes.pages import page_of
from app.server.routes.params import IdPath, Paging, paging
from app.server.security import Principal, require
from app.server.store import models as m
from app.server.tenancy import load_in_tenant
from app.server.webhook_addresses import AddressRefused, check_url
from app.server.writes import WriteResult, run_write

router = APIRouter(prefix="/v1", tags=["webhooks"])

Admin = Annotated[Principal, Depends(require(Scope.WEBHOOK_ADMIN))]


def _view(row: m.Webhook) -> ce.Webhook:
    return ce.Webhook(
        webhook_id=row.id,
        url=row.url,
        event_types=[EventType(type_) for type_ in row.event_types],
        created_at=row.created_at,
    )


@router.post("/webhooks", status_code=201, response_model=ce.Webhook)
async def create_webhook(body: ce.WebhookCreate, request: Request, principal: Admin) -> Response:
    """Subscribe `url` to `eventTypes`: each such event stored from now on is POSTed to it as
    `{eventId, type, data}`, signed with `secret` (`X-Switchboard-Signature`), at least once."""
    url = str(body.url)
    try:
        await check_url(url, request.app.state.settings.allow_private_webhooks)
    except AddressRefused as refused:
        raise invalid(str(refused), reference="url") from None

    async def work(session: AsyncSession) -> WriteResult:
        newest = await session.execute(
            select(func.max(m.Event.id)).where(m.Event.tenant_id == principal.tenant_id)
        )
        row = m.Webhook(
            tenant_id=principal.tenant_id,
            url=url,
            event_types=list(dict.fromkeys(type_.value for type_ in body.event_types)),
            secret=body.secret,
            created_at=datetime.now(UTC),
            last_event_id=newest.scalar() or 0,
        )
        session.add(row)
        await session.flush()
        return WriteResult(201, _view(row))

    return await run_write(request, principal, body, work)


@router.get("/webhooks", response_model=Page[ce.Webhook])
async def list_webhooks(
    session: ReadSession, principal: Admin, page: Annotated[Paging, Depends(paging)]
) -> Page[ce.Webhook]:
    """The tenant's webhooks, oldest first, without their secrets."""
    query = select(m.Webhook).where(m.Webhook.tenant_id == principal.tenant_id).order_by(m.Webhook.id)
    return await page_of(session, query, page, lambda rows: [_view(row) for (row,) in rows])


# Declared before the DELETE: a route table read in order (the tenant-isolation matrix) reads a
# webhook's log before it deletes the webhook.
@router.get("/webhooks/{webhookId}/deliveries", response_model=Page[ce.WebhookDelivery])
async def list_deliveries(
    webhookId: IdPath, session: ReadSession, principal: Admin, page: Annotated[Paging, Depends(paging)]
) -> Page[ce.WebhookDelivery]:
    """Every attempt to deliver an event to the webhook, the latest logged first: the receiver's
    status code or the error, the duration, when the next attempt is due, and the delivery's state."""
    webhook = await load_in_tenant(session, principal, m.Webhook, webhookId)
    attempt, delivery = m.WebhookAttempt, m.WebhookDelivery
    query = (
        select(attempt, delivery.event_id, delivery.status, m.Event.type)
        .join(delivery, delivery.id == attempt.delivery_id)
        .join(m.Event, m.Event.id == delivery.event_id)
        .where(attempt.webhook_id == webhook.id)
        .order_by(attempt.id.desc())
    )
    counted = select(attempt).where(attempt.webhook_id == webhook.id)

    def views(rows: Sequence[tuple[m.WebhookAttempt, int, str, str]]) -> list[ce.WebhookDelivery]:
        return [
            ce.WebhookDelivery(
                delivery_id=row.delivery_id,
                webhook_id=row.webhook_id,
                event_id=event_id,
                event_type=EventType(event_type),
                attempt=row.attempt,
                at=row.at,
                status_code=row.status_code,
                error=row.error,
                duration_ms=row.duration_ms,
                next_attempt_at=row.next_attempt_at,
                delivery_status=ce.WebhookDeliveryStatus(status),
            )
            for row, event_id, status, event_type in rows
        ]

    return await page_of(session, query, page, views, counted=counted)


@router.delete(
    "/webhooks/{webhookId}",
    status_code=204,
    responses=answers(ErrorCode.ID_REUSED),  # by the Idempotency-Key header
)
async def delete_webhook(webhookId: IdPath, request: Request, principal: Admin) -> Response:
    """Unsubscribe: no attempt starts after this, and the webhook's delivery log goes with it."""

    async def work(session: AsyncSession) -> WriteResult:
        webhook = await load_in_tenant(session, principal, m.Webhook, webhookId, for_update=True)
        await session.execute(delete(m.WebhookAttempt).where(m.WebhookAttempt.webhook_id == webhook.id))
        await session.execute(delete(m.WebhookDelivery).where(m.WebhookDelivery.webhook_id == webhook.id))
        await session.execute(delete(m.Webhook).where(m.Webhook.id == webhook.id))
        return WriteResult(204)

    return await run_write(request, principal, None, work)
