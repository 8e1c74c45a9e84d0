"""What the composer may send, asked of the one outbound rule with the data the pane already holds.

The server stays the authority; `app.contract.outbound.decide_outbound` is the rule both apply.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.contract.customers import Customer
from app.contract.enums import Channel, CommunicationKind, Direction, SuppressionReason
from app.contract.outbound import Outcome, decide_outbound
from app.contract.preferences import CommunicationPreferences
from app.desktop.words import category_name, word


def opt_out_reason(
    preferences: CommunicationPreferences | None, category: str, channel: Channel
) -> str | None:
    """Why `channel` may not carry a `category` message, or None when it may.

    Asked as for an unblocked customer: a channel the customer opted out of stays disabled even while
    a block suppresses everything, so lifting the block never turns an opted-out channel on.
    """
    decision = decide_outbound(
        Direction.OUTGOING, CommunicationKind.MESSAGE, False, category, channel, preferences
    )
    if decision.outcome is Outcome.OPTED_OUT:
        return QCoreApplication.translate("Outbound", "Customer opted out of {category} by {channel}").format(
            category=category_name(category), channel=word(channel)
        )
    return None


def blocked_label(customer: Customer | None, kind: CommunicationKind) -> str | None:
    """The name of the label that blocks communication with the customer, when an outgoing `kind`
    (a message, a one-time code) would be suppressed for it; None when it would not."""
    if customer is None:
        return None
    decision = decide_outbound(
        Direction.OUTGOING, kind, customer.communication_blocked, None, Channel.OTHER, None
    )
    if decision.suppression_reason is not SuppressionReason.CUSTOMER_BLOCKED:
        return None
    if customer.status_label:
        return customer.status_label.name
    return QCoreApplication.translate("Outbound", "blocked")


def suppression_warning(customer: Customer | None) -> str | None:
    """The confirmation text for a send to a blocked customer, or None when nothing is suppressed."""
    label = blocked_label(customer, CommunicationKind.MESSAGE)
    if label is None:
        return None
    return QCoreApplication.translate(
        "Outbound",
        "Communication with this customer is blocked ({label}).\n\n"
        "The message will be recorded in the thread but suppressed: it will NOT be delivered. Send anyway?",
    ).format(label=label)
