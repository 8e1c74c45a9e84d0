"""Customers, their status labels, their status-label history and their consent history as wire models."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.contract import customers as cu
from app.contract.enums import Channel, ConsentKind, ConsentSource
from app.server.store import models as m


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


_previous_label = aliased(m.StatusLabel, name="previous_label")
_current_label = aliased(m.StatusLabel, name="current_label")


def status_change_query() -> Select[m.StatusChange, m.StatusLabel | None, m.StatusLabel | None]:
    """Status changes joined to the labels they went from and to; add the filters and the order."""
    return (
        select(m.StatusChange, _previous_label, _current_label)
        .outerjoin(_previous_label, _previous_label.id == m.StatusChange.previous_label_id)
        .outerjoin(_current_label, _current_label.id == m.StatusChange.label_id)
    )


def status_change_view(
    row: m.StatusChange, previous: m.StatusLabel | None, current: m.StatusLabel | None
) -> cu.StatusChange:
    return cu.StatusChange(
        status_change_id=row.id,
        at=row.at,
        actor=cu.Actor(
            user_id=row.actor_user_id, api_key_id=row.actor_api_key_id, display_name=row.actor_name
        ),
        previous=status_label_view(previous) if previous is not None else None,
        current=status_label_view(current) if current is not None else None,
        reason=row.reason,
        request_id=row.request_id,
    )
