"""The outbound rules: one pure function decides whether a communication is recorded, refused or sent.

Every producer of communications (thread messages, logged communications, one-time codes and
request notifications) asks `decide_outbound` and obeys its answer, so the rules of api.md
("Outbound rules") live in exactly one place.
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
    """The customer is blocked: recorded as suppressed, nothing is sent."""
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
SUPPRESSED = OutboundDecision(
    Outcome.SUPPRESSED, DeliveryStatus.SUPPRESSED, SuppressionReason.CUSTOMER_BLOCKED
)
OPTED_OUT = OutboundDecision(Outcome.OPTED_OUT, None)
DISPATCH = OutboundDecision(Outcome.DISPATCH, DeliveryStatus.QUEUED)

#: Kinds that reach the customer whatever they opted out of (but never past a block).
OPT_OUT_EXEMPT = frozenset({CommunicationKind.OTP})


def pair_active(preferences: CommunicationPreferences, category: str, channel: Channel) -> bool | None:
    """The state of one category/channel pair; None when the category does not list the channel."""
    for listed in preferences.preferences:
        if listed.message_category == category:
            for pair in listed.channels:
                if pair.communication_channel == channel:
                    return pair.active
            return None
    return None


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
    (only consulted for an outgoing, unblocked, non-exempt communication).
    """
    if direction is Direction.INCOMING:
        return RECEIVED
    if blocked:
        return SUPPRESSED
    if kind in OPT_OUT_EXEMPT or category is None or preferences is None:
        return DISPATCH
    if pair_active(preferences, category, channel) is False:
        return OPTED_OUT
    return DISPATCH


#: How far a dispatched communication has come; delivery events only move it up this ladder.
_PROGRESS = {
    DeliveryStatus.QUEUED: 0,
    DeliveryStatus.SENT: 1,
    DeliveryStatus.DELIVERED: 2,
    DeliveryStatus.READ: 3,
}


def advance_delivery(current: DeliveryStatus, reported: DeliveryStatus) -> DeliveryStatus:
    """The status after a provider reports `reported`; it never moves backwards.

    DELIVERED and READ move a QUEUED/SENT/DELIVERED communication forward; FAILED only ends a
    QUEUED or SENT one. Anything else (a late or repeated callback, a callback for a SUPPRESSED,
    RECEIVED or FAILED communication, which was never or is no longer on its way) keeps the state.
    """
    if current not in _PROGRESS:
        return current
    if reported is DeliveryStatus.FAILED:
        return reported if _PROGRESS[current] <= _PROGRESS[DeliveryStatus.SENT] else current
    if reported in _PROGRESS and _PROGRESS[reported] > _PROGRESS[current]:
        return reported
    return current
