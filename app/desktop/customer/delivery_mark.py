"""What a communication the customer never got says of itself, alike in its bubble and in the Activity tab.

A failed delivery is as plain as a suppressed one: the failed colour, the failed icon and these words.
When the server knows why (`failureReason`: the mail server's reply, a provider's reason), the bubble
adds it after the words, as the server gave it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def failed_text(reason: str | None = None) -> str:
    """The words of a failed delivery ("Failed: not delivered"), in the app's language, and after them
    the server's reason for it, when one is given ("Failed: not delivered — 550 5.1.1 No such user")."""
    # A literal context, so that lupdate finds the text.
    words = QCoreApplication.translate("DeliveryMark", "Failed: not delivered")
    return f"{words} — {reason}" if reason else words


def failed_in_full() -> str:
    """A failed delivery explained (a tooltip)."""
    return QCoreApplication.translate(
        "DeliveryMark", "The delivery failed: the message did not reach the customer."
    )
