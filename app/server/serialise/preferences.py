"""A customer's communication preferences and the tenant's message categories as wire models."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, select
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


@dataclass(frozen=True)
class Consent:
    """The tenant's message categories in order, and the category/channel pairs one customer has
    stored (the others hold their kind's default): what the customer's preference set is made of."""

    categories: list[m.MessageCategory]
    stored: dict[tuple[int, str], bool]

    def active(self, category: m.MessageCategory, channel: str) -> bool:
        return self.stored.get((category.id, channel), default_active(category))


#: The categories with one customer's stored pairs, in one statement (a category once per stored pair).
_CONSENT = (
    select(m.MessageCategory, m.Preference.channel, m.Preference.active)
    .outerjoin(
        m.Preference,
        and_(
            m.Preference.category_id == m.MessageCategory.id,
            m.Preference.customer_id == bindparam("customer_id"),
        ),
    )
    .where(m.MessageCategory.tenant_id == bindparam("tenant_id"))
    .order_by(m.MessageCategory.id)
)


async def consent_of(session: AsyncSession, tenant_id: int, customer_id: int) -> Consent:
    rows = await session.execute(_CONSENT, {"tenant_id": tenant_id, "customer_id": customer_id})
    categories: dict[int, m.MessageCategory] = {}
    stored: dict[tuple[int, str], bool] = {}
    for category, channel, active in rows:
        categories.setdefault(category.id, category)
        if channel is not None:
            stored[(category.id, channel)] = active
    return Consent(list(categories.values()), stored)


def preferences_of(customer: m.Customer, consent: Consent) -> cp.CommunicationPreferences:
    """The customer's whole preference set, as `GET .../communication-preferences` answers it."""
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
                        active=consent.active(category, channel["communicationChannel"]),
                    )
                    for channel in category.channels
                ],
            )
            for category in consent.categories
        ],
    )


async def preferences_view(session: AsyncSession, customer: m.Customer) -> cp.CommunicationPreferences:
    return preferences_of(customer, await consent_of(session, customer.tenant_id, customer.id))
