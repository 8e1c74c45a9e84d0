"""Staged preference changes: what the agent changed but has not saved, as pure data and as its draft file."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pydantic import Field
from PySide6.QtCore import QCoreApplication

from app.contract.base import ApiModel
from app.contract.enums import Channel
from app.contract.preferences import (
    CategoryPreferencesChange,
    ChannelPreferenceChange,
    CommunicationPreferences,
)
from app.desktop.customer.drafts import StoredDraft
from app.desktop.words import category_name, word

Pair = tuple[str, Channel]


def on_off(value: bool) -> str:
    if value:
        return QCoreApplication.translate("Preferences", "on")
    return QCoreApplication.translate("Preferences", "off")


def pair_text(category: str, channel: Channel) -> str:
    """A category and channel as people read them: `Newsletter / Text message`."""
    return f"{category_name(category)} / {word(channel)}"


def current_values(preferences: CommunicationPreferences) -> dict[Pair, bool]:
    return {
        (category.message_category, pair.communication_channel): pair.active
        for category in preferences.preferences
        for pair in category.channels
    }


@dataclass(frozen=True)
class StagedChange:
    category: str
    channel: Channel
    before: bool
    after: bool

    def describe(self) -> str:
        """As the confirmation lists it: `Newsletter / Text message: on -> off`."""
        return f"{pair_text(self.category, self.channel)}: {on_off(self.before)} -> {on_off(self.after)}"


def staged_changes(preferences: CommunicationPreferences, staged: dict[Pair, bool]) -> list[StagedChange]:
    """The staged pairs that differ from `preferences`, in the matrix's order."""
    values = current_values(preferences)
    changes = []
    for pair, before in values.items():
        if pair in staged and staged[pair] != before:
            changes.append(StagedChange(pair[0], pair[1], before, staged[pair]))
    return changes


def request_body(changes: list[StagedChange]) -> list[CategoryPreferencesChange]:
    """Only the changed pairs, grouped by category, as the PUT takes them."""
    by_category: dict[str, list[ChannelPreferenceChange]] = {}
    for change in changes:
        by_category.setdefault(change.category, []).append(
            ChannelPreferenceChange(communication_channel=change.channel, active=change.after)
        )
    return [
        CategoryPreferencesChange(message_category=category, channels=channels)
        for category, channels in by_category.items()
    ]


def rebase(staged: dict[Pair, bool], newer: CommunicationPreferences) -> dict[Pair, bool]:
    """The agent's staged values re-applied on top of a newer version: pairs already so are dropped."""
    values = current_values(newer)
    return {pair: value for pair, value in staged.items() if pair in values and values[pair] != value}


class StoredPairValue(ApiModel):
    """One staged pair's value as a preferences draft stores it."""

    message_category: str
    communication_channel: Channel
    active: bool


class PreferencesDraft(StoredDraft):
    """One customer's staged preference changes, kept until the server confirms them."""

    kind: Literal["preferences"] = "preferences"
    customer_id: int
    base_version: int | None = None
    """The version the changes were staged on: saving them is guarded by it (If-Match)."""
    changes: list[StoredPairValue] = Field(default_factory=list)

    @classmethod
    def of_staged(
        cls,
        customer_id: int,
        staged: Mapping[Pair, bool],
        *,
        base_version: int | None,
        request_id: uuid.UUID | None,
        pending: bool,
    ) -> PreferencesDraft:
        """The draft of these staged values, staged on `base_version`."""
        return cls(
            customer_id=customer_id,
            base_version=base_version,
            changes=[
                StoredPairValue(message_category=category, communication_channel=channel, active=active)
                for (category, channel), active in staged.items()
            ],
            request_id=request_id,
            pending=pending,
        )

    @property
    def staged(self) -> dict[Pair, bool]:
        """The staged values by pair (a pair stored twice: the later one)."""
        return {
            (change.message_category, change.communication_channel): change.active for change in self.changes
        }
