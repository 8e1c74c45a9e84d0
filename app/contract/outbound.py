"""The outbound rule: one pure function decides whether a communication is sent, suppressed or refused.

Every producer of communications on the server (thread messages, logged communications, one-time codes
and request notifications) obeys `decide_outbound`, and the desktop asks the same function before the
agent presses Send, so api.md's "Outbound rules" live in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.contract.enums import Channel, CommunicationKind, DeliveryStatus, Direction, SuppressionReason
from app.contract.preferences import CommunicationPreferences


class Outcome(StrEnum):
    RECEIVED = "RECEIVED"
    """Incoming: recorded as received, nothing is sent."""
    SUPPRESSED = "SUPPRESSED"
    """Recorded as suppressed (the customer is blocked, or a notification on an opted-out pair)."""
    OPTED_OUT = "OPTED_OUT"
    """The customer opted out of the pair: refused (409), nothing recorded."""
    DISPATCH = "DISPATCH"
    """Recorded as queued and handed to the dispatcher."""


@dataclass(frozen=True)
class OutboundDecision:
    outcome: Outcome
    #: The status to record; None when nothing may be recorded.
    delivery_status: DeliveryStatus | None
    suppression_reason: SuppressionReason | None = None

    @property
    def recorded(self) -> bool:
        return self.outcome is not Outcome.OPTED_OUT

    @property
    def dispatched(self) -> bool:
        return self.outcome is Outcome.DISPATCH


RECEIVED = OutboundDecision(Outcome.RECEIVED, DeliveryStatus.RECEIVED)
BLOCKED = OutboundDecision(Outcome.SUPPRESSED, DeliveryStatus.SUPPRESSED, SuppressionReason.CUSTOMER_BLOCKED)
SUPPRESSED_OPTED_OUT = OutboundDecision(
    Outcome.SUPPRESSED, DeliveryStatus.SUPPRESSED, SuppressionReason.OPTED_OUT
)
OPTED_OUT = OutboundDecision(Outcome.OPTED_OUT, None)
DISPATCH = OutboundDecision(Outcome.DISPATCH, DeliveryStatus.QUEUED)

#: Kinds that reach the customer whatever they opted out of (but never past a block).
OPT_OUT_EXEMPT = frozenset({CommunicationKind.OTP})
#: Kinds the server sends on its own: never refused, but suppressed on an opted-out pair.
NEVER_REFUSED = frozenset({CommunicationKind.NOTIFICATION})


def pair_active(preferences: CommunicationPreferences, category: str, channel: Channel) -> bool | None:
    """The state of one category/channel pair; None when the category does not list the channel."""
    for listed in preferences.preferences:
        if listed.message_category == category:
            for pair in listed.channels:
                if pair.communication_channel == channel:
                    return pair.active
            return None
    return None


def needs_preferences(
    direction: Direction, kind: CommunicationKind, blocked: bool, category: str | None
) -> bool:
    """Whether `decide_outbound` consults the customer's preferences (a caller may skip loading them)."""
    return (
        direction is Direction.OUTGOING
        and not blocked
        and kind not in OPT_OUT_EXEMPT
        and category is not None
    )


def decide_outbound(
    direction: Direction,
    kind: CommunicationKind,
    blocked: bool,
    category: str | None,
    channel: Channel,
    preferences: CommunicationPreferences | None,
) -> OutboundDecision:
    """What happens to a communication, in the order of api.md's rules.

    `blocked` is whether the customer's status label blocks communication; `category` is the
    message category (None: no category applies); `preferences` the customer's current set
    (only consulted when `needs_preferences` says so; None: nothing is known to be opted out).
    """
    if direction is Direction.INCOMING:
        return RECEIVED
    if blocked:
        return BLOCKED
    if not needs_preferences(direction, kind, blocked, category) or preferences is None or category is None:
        return DISPATCH
    if pair_active(preferences, category, channel) is False:
        return SUPPRESSED_OPTED_OUT if kind in NEVER_REFUSED else OPTED_OUT
    return DISPATCH
