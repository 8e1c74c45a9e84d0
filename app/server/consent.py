"""The consent history: the row every change of a preference or a marketing opt-in appends."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from app.contract.enums import Channel, ConsentKind, ConsentSource
from app.server.security import Principal
from app.server.store import models as m


def consent_change(principal: Principal, customer_id: int, **fields: Any) -> m.ConsentChange:
    """The history row of one change made by `principal`, as a model to add to a session; `fields` are
    `consent_change_values`' keyword arguments."""
    return m.ConsentChange(**consent_change_values(principal, customer_id, **fields))


def consent_change_values(
    principal: Principal,
    customer_id: int,
    *,
    at: datetime,
    source: ConsentSource | None,
    request_id: UUID | None,
    previous: bool,
    current: bool,
    category: str | None = None,
    channel: Channel | None = None,
    marketing_preference_id: int | None = None,
) -> dict[str, Any]:
    """The history row of one change made by `principal`, as the column values of the history table:
    of a category x channel preference, or, given `marketing_preference_id`, of a marketing opt-in.
    Without a `source` the caller's own counts (AGENT for a user, API for an API key)."""
    kind = ConsentKind.PREFERENCE if marketing_preference_id is None else ConsentKind.MARKETING_PREFERENCE
    return {
        "tenant_id": principal.tenant_id,
        "customer_id": customer_id,
        "at": at,
        "actor_user_id": principal.user_id,
        "actor_api_key_id": principal.api_key_id,
        "actor_name": principal.display_name,
        "source": (source or principal.source).value,
        "kind": kind.value,
        "message_category": category,
        "channel": channel.value if channel is not None else None,
        "marketing_preference_id": marketing_preference_id,
        "previous": previous,
        "current": current,
        "request_id": str(request_id) if request_id is not None else None,
    }
