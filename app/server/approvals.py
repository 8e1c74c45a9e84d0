"""What change and goodwill requests do: the new value checked, and on approval the customer changed,
the change written to the customer's history and the customer notified, all in the decision's transaction.

The notification is a SERVICE communication of kind NOTIFICATION recorded through `Outbound.record`,
so the one outbound rule decides it: a blocked customer's is SUPPRESSED (CUSTOMER_BLOCKED), one on
an opted-out pair SUPPRESSED (OPTED_OUT); neither stops the approval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from app.contract.contact_points import (
    DEFAULT_REGION,
    InvalidContactPoint,
    normalised_email,
    normalised_phone,
)
from app.contract.enums import (
    ApprovalType,
    ChangeField,
    Channel,
    CommunicationKind,
    CustomerChangeField,
    Direction,
)
from app.server.errors import invalid
from app.server.messaging import Draft, Outbound, resolve_category
from app.server.security import Principal
from app.server.store import models as m

NEW_VALUE = "newValue"


def current_value(customer: m.Customer, field: ChangeField) -> str | None:
    return customer.email if field is ChangeField.EMAIL else customer.phone


async def checked_new_value(
    session: AsyncSession, customer: m.Customer, field: ChangeField, value: str
) -> str:
    """The value as it will be stored (an address checked, a number in E.164 read in the tenant's
    region), or 422 `request.invalid` naming `newValue`; so is the customer's current value."""
    try:
        if field is ChangeField.EMAIL:
            new_value = normalised_email(value)
        else:
            tenant = await session.get(m.Tenant, customer.tenant_id)
            new_value = normalised_phone(value, tenant.default_region if tenant else "DE")
    except InvalidContactPoint as exc:
        raise invalid(str(exc), reference=NEW_VALUE) from None
    if new_value == current_value(customer, field):
        raise invalid(f"the customer's {field.value.lower()} is {new_value} already", reference=NEW_VALUE)
    return new_value


@dataclass(frozen=True)
class Decider:
    """Who decides, and the requestId of the decision (kept in the history)."""

    principal: Principal
    request_id: UUID | None
    at: datetime


def apply_approved(
    session: AsyncSession, request: m.ApprovalRequest, customer: m.Customer, by: Decider
) -> bool:
    """Carry out an approved request and write it to the customer's history.
    Whether the customer itself changed (a goodwill grant changes no field of the customer)."""
    field = CustomerChangeField.GOODWILL_POINTS
    previous: str | None = None
    current = str(request.points)
    if request.type == ApprovalType.CHANGE.value and request.field and request.new_value:
        change = ChangeField(request.field)
        field, previous, current = (
            CustomerChangeField(change.value),
            current_value(customer, change),
            request.new_value,
        )
        if change is ChangeField.EMAIL:
            customer.email, customer.email_lower = current, current.lower()
        else:
            customer.set_phone(current, DEFAULT_REGION)  # E.164 already: read the same in any region
    session.add(
        m.CustomerChange(
            tenant_id=customer.tenant_id,
            customer_id=customer.id,
            at=by.at,
            actor_user_id=by.principal.user_id,
            actor_api_key_id=by.principal.api_key_id,
            actor_name=by.principal.display_name,
            field=field.value,
            previous=previous,
            current=current,
            approval_request_id=request.id,
            request_id=str(by.request_id) if by.request_id else None,
        )
    )
    return field is not CustomerChangeField.GOODWILL_POINTS


#: (subject, content) per language and kind of change; the customer's language, else English.
_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        ChangeField.EMAIL.value: ("Your email address was changed", "Your email address is now {value}."),
        ChangeField.PHONE.value: ("Your phone number was changed", "Your phone number is now {value}."),
        ApprovalType.GOODWILL.value: (
            "Goodwill points for you",
            "We have credited {value} goodwill points to you.",
        ),
    },
    "de": {
        ChangeField.EMAIL.value: (
            "Ihre E-Mail-Adresse wurde geändert",
            "Ihre E-Mail-Adresse lautet jetzt {value}.",
        ),
        ChangeField.PHONE.value: (
            "Ihre Telefonnummer wurde geändert",
            "Ihre Telefonnummer lautet jetzt {value}.",
        ),
        ApprovalType.GOODWILL.value: (
            "Kulanzpunkte für Sie",
            "Wir haben Ihnen {value} Kulanzpunkte gutgeschrieben.",
        ),
    },
}


def notification_channel(request: m.ApprovalRequest, customer: m.Customer) -> Channel:
    """A phone change by text message to the new number, an email change by email to the new address,
    goodwill by email (by text message when the customer has no address)."""
    if request.field == ChangeField.PHONE.value:
        return Channel.TEXT_MESSAGE
    if request.field == ChangeField.EMAIL.value or customer.email:
        return Channel.EMAIL
    return Channel.TEXT_MESSAGE


async def notify_approval(
    session: AsyncSession, outbound: Outbound, request: m.ApprovalRequest, customer: m.Customer, by: Decider
) -> m.Communication:
    """Tell the customer what the approval did (call after `apply_approved`: it goes to the new address)."""
    texts = _TEXTS.get(customer.language.split("-")[0], _TEXTS["en"])
    key = request.field or request.type
    subject, content = texts[key]
    value = request.new_value if request.type == ApprovalType.CHANGE.value else str(request.points)
    return await outbound.record(
        session,
        customer,
        Draft(
            direction=Direction.OUTGOING,
            channel=notification_channel(request, customer),
            kind=CommunicationKind.NOTIFICATION,
            content=content.format(value=value),
            subject=subject,
            agent=by.principal.display_name,
            at=by.at,
            category=await resolve_category(session, customer.tenant_id, None),
            approval_request_id=request.id,
        ),
    )
