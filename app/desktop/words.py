"""People's words for the API's identifiers: the one table of every enum the user sees, and the names of
the tenant's message categories.

A screen never shows `TEXT_MESSAGE` or `LOYALTY_PROGRAM`: it asks `word(Channel.TEXT_MESSAGE)` ("Text
message") or `category_name("LOYALTY_PROGRAM")` (the category's display name in the app's language,
"Loyalty programme"). The English texts are translated where they are shown (context "Words"); a value
the table does not know yet reads as its identifier's readable form, never as the identifier.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QObject, Signal

from app.contract.display import readable_identifier
from app.contract.enums import (
    ApprovalStatus,
    ApprovalType,
    CategoryKind,
    ChangeField,
    Channel,
    CommunicationKind,
    ConsentSource,
    CustomerChangeField,
    DeliveryEventStatus,
    DeliveryStatus,
    Direction,
    OtpChannel,
    Role,
    SuppressionReason,
    ThreadStatus,
)
from app.contract.preferences import MessageCategory

#: The translation context of the table's words.
CONTEXT = "Words"

# QT_TRANSLATE_NOOP marks a text for lupdate and returns it unchanged (typed as object).
_CHANNELS: Mapping[str, object] = {
    Channel.LETTER: QT_TRANSLATE_NOOP("Words", "Letter"),
    Channel.EMAIL: QT_TRANSLATE_NOOP("Words", "Email"),
    Channel.TEXT_MESSAGE: QT_TRANSLATE_NOOP("Words", "Text message"),
    Channel.PHONE: QT_TRANSLATE_NOOP("Words", "Phone"),
    Channel.FAX: QT_TRANSLATE_NOOP("Words", "Fax"),
    Channel.CONVERSATION: QT_TRANSLATE_NOOP("Words", "Conversation"),
    Channel.CHAT: QT_TRANSLATE_NOOP("Words", "Chat"),
    Channel.OTHER: QT_TRANSLATE_NOOP("Words", "Other"),
}
_DELIVERY_STATUSES: Mapping[str, object] = {
    DeliveryStatus.RECEIVED: QT_TRANSLATE_NOOP("Words", "Received"),
    DeliveryStatus.QUEUED: QT_TRANSLATE_NOOP("Words", "Queued"),
    DeliveryStatus.SENT: QT_TRANSLATE_NOOP("Words", "Sent"),
    DeliveryStatus.DELIVERED: QT_TRANSLATE_NOOP("Words", "Delivered"),
    DeliveryStatus.READ: QT_TRANSLATE_NOOP("Words", "Read"),
    DeliveryStatus.FAILED: QT_TRANSLATE_NOOP("Words", "Failed"),
    DeliveryStatus.SUPPRESSED: QT_TRANSLATE_NOOP("Words", "Suppressed"),
}

#: Each enum's words by value. Enums that mean the same (a one-time code's channel is a channel) share one.
_TABLES: Mapping[type[StrEnum], Mapping[str, object]] = {
    Channel: _CHANNELS,
    OtpChannel: _CHANNELS,
    Direction: {
        Direction.INCOMING: QT_TRANSLATE_NOOP("Words", "Incoming"),
        Direction.OUTGOING: QT_TRANSLATE_NOOP("Words", "Outgoing"),
    },
    ThreadStatus: {
        ThreadStatus.CREATED: QT_TRANSLATE_NOOP("Words", "Created"),
        ThreadStatus.ONGOING: QT_TRANSLATE_NOOP("Words", "Ongoing"),
        ThreadStatus.CLOSED: QT_TRANSLATE_NOOP("Words", "Closed"),
    },
    DeliveryStatus: _DELIVERY_STATUSES,
    DeliveryEventStatus: _DELIVERY_STATUSES,
    SuppressionReason: {
        SuppressionReason.CUSTOMER_BLOCKED: QT_TRANSLATE_NOOP("Words", "blocked"),
        SuppressionReason.OPTED_OUT: QT_TRANSLATE_NOOP("Words", "opted out"),
    },
    CommunicationKind: {
        CommunicationKind.MESSAGE: QT_TRANSLATE_NOOP("Words", "Message"),
        CommunicationKind.LOGGED: QT_TRANSLATE_NOOP("Words", "Logged communication"),
        CommunicationKind.OTP: QT_TRANSLATE_NOOP("Words", "One-time code"),
        CommunicationKind.OTP_ATTEMPT: QT_TRANSLATE_NOOP("Words", "Code check"),
        CommunicationKind.NOTIFICATION: QT_TRANSLATE_NOOP("Words", "Notification"),
    },
    Role: {
        Role.AGENT: QT_TRANSLATE_NOOP("Words", "Agent"),
        Role.SUPERVISOR: QT_TRANSLATE_NOOP("Words", "Supervisor"),
        Role.ADMIN: QT_TRANSLATE_NOOP("Words", "Administrator"),
    },
    ConsentSource: {
        ConsentSource.AGENT: QT_TRANSLATE_NOOP("Words", "Agent"),
        ConsentSource.API: QT_TRANSLATE_NOOP("Words", "Integration"),
        ConsentSource.CUSTOMER: QT_TRANSLATE_NOOP("Words", "Customer"),
    },
    CategoryKind: {
        CategoryKind.MARKETING: QT_TRANSLATE_NOOP("Words", "Marketing"),
        CategoryKind.SERVICE: QT_TRANSLATE_NOOP("Words", "Service"),
    },
    ApprovalStatus: {
        ApprovalStatus.PENDING: QT_TRANSLATE_NOOP("Words", "Pending"),
        ApprovalStatus.APPROVED: QT_TRANSLATE_NOOP("Words", "Approved"),
        ApprovalStatus.REJECTED: QT_TRANSLATE_NOOP("Words", "Rejected"),
    },
    ApprovalType: {
        ApprovalType.CHANGE: QT_TRANSLATE_NOOP("Words", "Change"),
        ApprovalType.GOODWILL: QT_TRANSLATE_NOOP("Words", "Goodwill"),
    },
    ChangeField: {
        ChangeField.EMAIL: QT_TRANSLATE_NOOP("Words", "Email"),
        ChangeField.PHONE: QT_TRANSLATE_NOOP("Words", "Phone"),
    },
    CustomerChangeField: {
        CustomerChangeField.EMAIL: QT_TRANSLATE_NOOP("Words", "Email"),
        CustomerChangeField.PHONE: QT_TRANSLATE_NOOP("Words", "Phone"),
        CustomerChangeField.GOODWILL_POINTS: QT_TRANSLATE_NOOP("Words", "Goodwill points"),
    },
}

#: Why a communication was suppressed, in full (a tooltip, a confirmation).
_REASONS_IN_FULL: Mapping[str, object] = {
    SuppressionReason.CUSTOMER_BLOCKED: QT_TRANSLATE_NOOP(
        "Words", "communication with the customer is blocked"
    ),
    SuppressionReason.OPTED_OUT: QT_TRANSLATE_NOOP(
        "Words", "the customer opted out of this category and channel"
    ),
}


def _translated(text: object) -> str:
    return QCoreApplication.translate(CONTEXT, str(text))


def word(value: StrEnum) -> str:
    """The value in people's words, in the app's language: `Channel.TEXT_MESSAGE` -> "Text message".

    A suppression reason is a phrase to go inside a sentence ("blocked", "opted out"); every other
    word starts with a capital letter.
    """
    text = _TABLES.get(type(value), {}).get(value.value)
    if text is None:
        readable = readable_identifier(value.value)
        return readable.lower() if isinstance(value, SuppressionReason) else readable
    return _translated(text)


def reason_in_full(reason: SuppressionReason) -> str:
    """Why a communication was suppressed, as a phrase: "communication with the customer is blocked"."""
    text = _REASONS_IN_FULL.get(reason)
    return _translated(text) if text is not None else word(reason)


def delivery_text(status: DeliveryStatus, reason: SuppressionReason | None = None) -> str:
    """A communication's delivery status as lists and bubbles show it: "Delivered", or, loud because
    the customer never got it, "SUPPRESSED — blocked"."""
    if status is not DeliveryStatus.SUPPRESSED:
        return word(status)
    loud = word(status).upper()
    return f"{loud} — {word(reason)}" if reason is not None else loud


def app_language() -> str:
    """The language the app speaks ("de_DE", "en_US"): the default QLocale, which follows the system
    language and the Settings' choice."""
    return QLocale().name()


def language_name(code: str) -> str:
    """A language's name in the app's language: "de" -> "German" (in German "Deutsch"); a code Babel
    does not know reads as itself."""
    from babel import Locale, UnknownLocaleError  # only when a customer is shown, not at start-up

    try:
        language = Locale.parse(code.replace("-", "_"))
        name = language.get_display_name(Locale.parse(app_language()))
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name or code


class CategoryNames(QObject):
    """The display names of the tenant's message categories, learnt whenever the categories are read.

    Until they are known (or for a category the server no longer lists) a category reads as its
    identifier's readable form. `changed` tells the lists that show category names to repaint.
    """

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._categories: dict[str, MessageCategory] = {}

    def learn(self, categories: Iterable[MessageCategory]) -> None:
        """The tenant's categories as the server lists them now (replacing what was known)."""
        known = {category.message_category: category for category in categories}
        if known != self._categories:
            self._categories = known
            self.changed.emit()

    def forget(self) -> None:
        """The session ended: another server's or tenant's categories may have other names."""
        if self._categories:
            self._categories = {}
            self.changed.emit()

    def name(self, identifier: str) -> str:
        """`LOYALTY_PROGRAM` -> "Loyalty programme" (or "Treueprogramm" in German)."""
        category = self._categories.get(identifier)
        if category is None:
            return readable_identifier(identifier)
        return category.name_in(app_language())


_category_names: CategoryNames | None = None


def category_names() -> CategoryNames:
    """The app's one record of the tenant's category names (made when first asked, after Qt started)."""
    global _category_names
    if _category_names is None:
        _category_names = CategoryNames()
    return _category_names


def category_name(identifier: str) -> str:
    """A message category's name for people: its display name, or its identifier's readable form."""
    return category_names().name(identifier)
