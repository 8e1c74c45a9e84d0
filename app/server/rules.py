"""Delivery progress: a provider's callback only ever moves a communication forward.

The outbound rule itself (sent, suppressed or refused) is `app.contract.outbound.decide_outbound`,
shared with the desktop.
"""

from __future__ import annotations

from app.contract.enums import DeliveryStatus

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
