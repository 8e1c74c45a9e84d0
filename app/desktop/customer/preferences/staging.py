"""Staged preference changes: what the agent changed but has not saved, as pure data."""

from __future__ import annotations

from dataclasses import dataclass

from app.contract.enums import Channel
from app.contract.preferences import (
    CategoryPreferencesChange,
    ChannelPreferenceChange,
    CommunicationPreferences,
)

Pair = tuple[str, Channel]


def on_off(value: bool) -> str:
    return "on" if value else "off"


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
        """As the confirmation lists it: `NEWSLETTER / TEXT_MESSAGE: on -> off`."""
        return f"{self.category} / {self.channel.value}: {on_off(self.before)} -> {on_off(self.after)}"


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


def to_json(staged: dict[Pair, bool]) -> list[dict[str, object]]:
    return [
        {"messageCategory": category, "communicationChannel": channel.value, "active": active}
        for (category, channel), active in staged.items()
    ]


def from_json(items: object) -> dict[Pair, bool]:
    staged: dict[Pair, bool] = {}
    if not isinstance(items, list):
        return staged
    for item in items:
        try:
            staged[(str(item["messageCategory"]), Channel(item["communicationChannel"]))] = bool(
                item["active"]
            )
        except (KeyError, TypeError, ValueError):
            continue
    return staged
