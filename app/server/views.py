"""Turning stored rows into contract models, and loading a tenant's resource or answering 404."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract import communications as cc
from app.contract import customers as cu
from app.contract import preferences as cp
from app.contract.enums import CategoryKind, Channel, ConsentKind, ConsentSource
from app.server.errors import not_found
from app.server.security import Principal
from app.server.store import models as m


async def load_customer(session: AsyncSession, principal: Principal, customer_id: int) -> m.Customer:
    """The caller's tenant's customer, or 404 (also for another tenant's customer)."""
    customer = await session.get(m.Customer, customer_id)
    if customer is None or customer.tenant_id != principal.tenant_id:
        raise not_found("Customer", customer_id)
    return customer


async def label_of(session: AsyncSession, customer: m.Customer) -> m.StatusLabel | None:
    if customer.status_label_id is None:
        return None
    return await session.get(m.StatusLabel, customer.status_label_id)


def status_label_view(label: m.StatusLabel) -> cu.StatusLabel:
    return cu.StatusLabel(
        status_label_id=label.id, name=label.name, block_communication=label.block_communication
    )


def customer_view(customer: m.Customer, label: m.StatusLabel | None) -> cu.Customer:
    return cu.Customer(
        customer_id=customer.id,
        first_name=customer.first_name,
        last_name=customer.last_name,
        email=customer.email,
        phone=customer.phone,
        language=customer.language,
        status_label=status_label_view(label) if label is not None else None,
        communication_blocked=bool(label and label.block_communication),
        created_at=customer.created_at,
    )


async def customer_views(session: AsyncSession, customers: Sequence[m.Customer]) -> list[cu.Customer]:
    label_ids = {c.status_label_id for c in customers if c.status_label_id is not None}
    labels: dict[int, m.StatusLabel] = {}
    if label_ids:
        rows = await session.execute(select(m.StatusLabel).where(m.StatusLabel.id.in_(label_ids)))
        labels = {label.id: label for label in rows.scalars()}
    return [customer_view(c, labels.get(c.status_label_id) if c.status_label_id else None) for c in customers]


async def categories_of(session: AsyncSession, tenant_id: int) -> list[m.MessageCategory]:
    rows = await session.execute(
        select(m.MessageCategory)
        .where(m.MessageCategory.tenant_id == tenant_id)
        .order_by(m.MessageCategory.id)
    )
    return list(rows.scalars())


def category_view(category: m.MessageCategory) -> cp.MessageCategory:
    return cp.MessageCategory(
        message_category=category.name,
        kind=CategoryKind(category.kind),
        channels=[cp.CategoryChannel.model_validate(channel) for channel in category.channels],
    )


def default_active(category: m.MessageCategory) -> bool:
    """A new customer receives SERVICE messages and no MARKETING until they opt in."""
    return category.kind == CategoryKind.SERVICE


async def stored_preferences(session: AsyncSession, customer_id: int) -> dict[tuple[int, str], bool]:
    rows = await session.execute(select(m.Preference).where(m.Preference.customer_id == customer_id))
    return {(row.category_id, row.channel): row.active for row in rows.scalars()}


async def preferences_view(session: AsyncSession, customer: m.Customer) -> cp.CommunicationPreferences:
    categories = await categories_of(session, customer.tenant_id)
    stored = await stored_preferences(session, customer.id)
    return cp.CommunicationPreferences(
        customer_id=customer.id,
        version=customer.prefs_version,
        updated_at=customer.prefs_updated_at,
        preferences=[
            cp.CategoryPreferences(
                message_category=category.name,
                channels=[
                    cp.ChannelPreference(
                        communication_channel=Channel(channel["communicationChannel"]),
                        customer_overridable=bool(channel.get("customerOverridable", True)),
                        active=stored.get(
                            (category.id, channel["communicationChannel"]), default_active(category)
                        ),
                    )
                    for channel in category.channels
                ],
            )
            for category in categories
        ],
    )


def consent_view(row: m.ConsentChange) -> cu.ConsentChange:
    return cu.ConsentChange(
        consent_change_id=row.id,
        at=row.at,
        actor=cu.Actor(
            user_id=row.actor_user_id, api_key_id=row.actor_api_key_id, display_name=row.actor_name
        ),
        source=ConsentSource(row.source),
        kind=ConsentKind(row.kind),
        message_category=row.message_category,
        communication_channel=Channel(row.channel) if row.channel else None,
        marketing_preference_id=row.marketing_preference_id,
        previous=row.previous,
        current=row.current,
        request_id=row.request_id,
    )


def communication_view(row: m.Communication, thread: m.Thread | None) -> cc.Communication:
    details: Any = row.details
    return cc.Communication(
        customer_id=row.customer_id,
        communication_id=row.id,
        thread_id=row.thread_id,
        communication_thread_status=thread.status if thread is not None else None,
        ticket_number=thread.ticket_number if thread is not None else None,
        ticket_link=thread.ticket_link if thread is not None else None,
        subject=row.subject,
        content=row.content,
        communication_direction=row.direction,
        communication_channel=row.channel,
        agent=row.agent,
        communication_date_time=row.communication_date_time,
        message_category=row.message_category,
        delivery_status=row.delivery_status,
        suppression_reason=row.suppression_reason,
        kind=row.kind,
        details=cc.CommunicationDetails.model_validate(details) if details else None,
    )
