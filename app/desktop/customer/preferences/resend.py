"""Staged preference changes left pending for customers not on screen: sent when the server is back."""

from __future__ import annotations

import uuid

from app.client import SwitchboardClient
from app.client.errors import ClientError, PreconditionFailed
from app.desktop.customer.drafts import DraftStore, preferences_key
from app.desktop.customer.preferences.staging import from_json
from app.desktop.failures import failure_of

PREFERENCES = "preferences"


async def resend_pending_preferences(client: SwitchboardClient, drafts: DraftStore, skip: int | None) -> None:
    """Send every pending preference draft except customer `skip`'s (its tab sends that one itself).

    Each goes with its own requestId and `If-Match` of the version it was staged on. A conflict, or
    a refusal, leaves the draft staged (not pending): the agent decides when the customer is opened.
    """
    for key, draft in (await drafts.all()).items():
        customer_id = draft.get("customerId")
        if draft.get("kind") != PREFERENCES or not draft.get("pending") or not isinstance(customer_id, int):
            continue
        if customer_id == skip or key != preferences_key(customer_id):
            continue
        staged = from_json(draft.get("changes"))
        if not staged or not draft.get("requestId"):
            continue
        try:
            await client.update_communication_preferences(
                customer_id,
                staged,
                if_match_version=draft.get("baseVersion"),
                request_id=uuid.UUID(str(draft["requestId"])),
            )
        except PreconditionFailed:
            await drafts.save(key, {**draft, "pending": False, "requestId": None})
        except ClientError as error:
            if failure_of(error).offline:
                return  # still away: the next "online" tries again
            await drafts.save(key, {**draft, "pending": False, "requestId": None})
        else:
            await drafts.remove(key)
