"""What a communication the customer never got says of itself, alike in its bubble and in the Activity tab.

A failed delivery is as plain as a suppressed one: the failed colour, the failed icon and these words.
The server keeps no reason for a failure (a provider's delivery event may carry one, which it does
not store), so the words say what is known: it was not delivered.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def failed_text() -> str:
    """The words of a failed delivery ("Failed: not delivered"), in the app's language."""
    # A literal context, so that lupdate finds the text.
    return QCoreApplication.translate("DeliveryMark", "Failed: not delivered")


def failed_in_full() -> str:
    """A failed delivery explained (a tooltip)."""
    return QCoreApplication.translate(
        "DeliveryMark", "The delivery failed: the message did not reach the customer."
    )
