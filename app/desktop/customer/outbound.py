"""What the composer may send, decided from the data the pane already holds (the server stays the authority).

The rule mirrors the server's outbound rules (api.md): an inactive (category, channel) pair is an opt-out
and refuses the message; a pair absent from the category's channel list is not restricted; a blocked
customer still gets the message recorded, but suppressed.
"""

from __future__ import annotations

from app.contract.customers import Customer
from app.contract.enums import Channel
from app.contract.preferences import CommunicationPreferences


def opt_out_reason(
    preferences: CommunicationPreferences | None, category: str, channel: Channel
) -> str | None:
    """Why `channel` may not carry a `category` message, or None when it may."""
    if preferences is None:
        return None
    for listed in preferences.preferences:
        if listed.message_category != category:
            continue
        for pair in listed.channels:
            if pair.communication_channel == channel and not pair.active:
                return f"Customer opted out of {category} by {channel.value}"
    return None


def suppression_warning(customer: Customer | None) -> str | None:
    """The confirmation text for a send to a blocked customer, or None when nothing is suppressed."""
    if customer is None or not customer.communication_blocked:
        return None
    label = customer.status_label.name if customer.status_label else "blocked"
    return (
        f"Communication with this customer is blocked ({label}).\n\n"
        "The message will be recorded in the thread but suppressed: it will NOT be delivered. Send anyway?"
    )
