"""Staged preference changes left pending for customers not on screen: sent when the server is back."""

from __future__ import annotations

from app.client import SwitchboardClient
from app.client.errors import ClientError, PreconditionFailed
from app.desktop.customer.drafts import DraftStore, preferences_key
from app.desktop.customer.preferences.staging import PreferencesDraft
from app.desktop.failures import failure_of


async def resend_pending_preferences(client: SwitchboardClient, drafts: DraftStore, skip: int | None) -> None:
    """Send every pending preference draft except customer `skip`'s (its tab sends that one itself).

    Each goes with its own requestId and `If-Match` of the version it was staged on. A conflict, or
    a refusal, leaves the draft staged (not pending): the agent decides when the customer is opened.
    """
    for key, draft in (await drafts.all(PreferencesDraft)).items():
        if not draft.pending or draft.customer_id == skip or key != preferences_key(draft.customer_id):
            continue
        staged = draft.staged
        if not staged or draft.request_id is None:
            continue
        try:
            await client.update_communication_preferences(
                draft.customer_id,
                staged,
                if_match_version=draft.base_version,
                request_id=draft.request_id,
            )
        except PreconditionFailed:
            await drafts.save(key, draft.unsent())
        except ClientError as error:
            if failure_of(error).offline:
                return  # still away: the next "online" tries again
            await drafts.save(key, draft.unsent())
        else:
            await drafts.remove(key)
