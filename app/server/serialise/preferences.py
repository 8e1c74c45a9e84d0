"""A customer's communication preferences and the tenant's message categories as wire models."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract import preferences as cp
from app.contract.display import LocalisedText
from app.contract.enums import CategoryKind, Channel
from app.server.store import models as m


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
        display_name=display_name_of(category),
        kind=CategoryKind(category.kind),
        channels=[cp.CategoryChannel.model_validate(channel) for channel in category.channels],
    )


def display_name_of(category: m.MessageCategory) -> LocalisedText:
    """The category's name for people: the tenant's, else its identifier's readable form."""
    if category.display_name is None:
        return LocalisedText.of_identifier(category.name)
    return LocalisedText.model_validate(category.display_name)


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
