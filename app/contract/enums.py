"""Enumerations of the API: roles, scopes, channels, statuses, event types."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    AGENT = "AGENT"
    SUPERVISOR = "SUPERVISOR"
    ADMIN = "ADMIN"


class Scope(StrEnum):
    CUSTOMER_READ = "CUSTOMER_READ"
    CUSTOMER_WRITE = "CUSTOMER_WRITE"
    COMMUNICATION_READ = "COMMUNICATION_READ"
    COMMUNICATION_WRITE = "COMMUNICATION_WRITE"
    COMMUNICATION_PREFERENCES_READ = "COMMUNICATION_PREFERENCES_READ"
    COMMUNICATION_PREFERENCES_WRITE = "COMMUNICATION_PREFERENCES_WRITE"
    OTP_SEND = "OTP_SEND"
    REQUEST_CREATE = "REQUEST_CREATE"
    THREAD_REVIEW = "THREAD_REVIEW"
    CUSTOMER_STATUS_WRITE = "CUSTOMER_STATUS_WRITE"
    REQUEST_APPROVE = "REQUEST_APPROVE"
    STATUS_LABEL_WRITE = "STATUS_LABEL_WRITE"
    CATEGORY_WRITE = "CATEGORY_WRITE"
    USER_ADMIN = "USER_ADMIN"
    WEBHOOK_ADMIN = "WEBHOOK_ADMIN"
    DELIVERY_WRITE = "DELIVERY_WRITE"


_AGENT_SCOPES = (
    Scope.CUSTOMER_READ,
    Scope.CUSTOMER_WRITE,
    Scope.COMMUNICATION_READ,
    Scope.COMMUNICATION_WRITE,
    Scope.COMMUNICATION_PREFERENCES_READ,
    Scope.COMMUNICATION_PREFERENCES_WRITE,
    Scope.OTP_SEND,
    Scope.REQUEST_CREATE,
)
_SUPERVISOR_SCOPES = (*_AGENT_SCOPES, Scope.THREAD_REVIEW, Scope.CUSTOMER_STATUS_WRITE, Scope.REQUEST_APPROVE)
_ADMIN_SCOPES = (
    *_SUPERVISOR_SCOPES,
    Scope.STATUS_LABEL_WRITE,
    Scope.CATEGORY_WRITE,
    Scope.USER_ADMIN,
    Scope.WEBHOOK_ADMIN,
    Scope.DELIVERY_WRITE,
)

#: The scopes each role grants (api.md, "Roles and scopes").
ROLE_SCOPES: dict[Role, frozenset[Scope]] = {
    Role.AGENT: frozenset(_AGENT_SCOPES),
    Role.SUPERVISOR: frozenset(_SUPERVISOR_SCOPES),
    Role.ADMIN: frozenset(_ADMIN_SCOPES),
}


class ThreadStatus(StrEnum):
    CREATED = "CREATED"
    ONGOING = "ONGOING"
    CLOSED = "CLOSED"


class Direction(StrEnum):
    INCOMING = "INCOMING"
    OUTGOING = "OUTGOING"


class Channel(StrEnum):
    LETTER = "LETTER"
    EMAIL = "EMAIL"
    TEXT_MESSAGE = "TEXT_MESSAGE"
    PHONE = "PHONE"
    FAX = "FAX"
    CONVERSATION = "CONVERSATION"
    CHAT = "CHAT"
    OTHER = "OTHER"


class OtpChannel(StrEnum):
    TEXT_MESSAGE = "TEXT_MESSAGE"
    EMAIL = "EMAIL"


class CategoryKind(StrEnum):
    MARKETING = "MARKETING"
    SERVICE = "SERVICE"


class DeliveryStatus(StrEnum):
    RECEIVED = "RECEIVED"
    QUEUED = "QUEUED"
    SENT = "SENT"
    DELIVERED = "DELIVERED"
    READ = "READ"
    FAILED = "FAILED"
    SUPPRESSED = "SUPPRESSED"


class DeliveryEventStatus(StrEnum):
    """The statuses a provider callback may report."""

    DELIVERED = "DELIVERED"
    READ = "READ"
    FAILED = "FAILED"


class SuppressionReason(StrEnum):
    CUSTOMER_BLOCKED = "CUSTOMER_BLOCKED"
    OPTED_OUT = "OPTED_OUT"


class CommunicationKind(StrEnum):
    """What produced a communication: a thread message, a logged one, a one-time code, a notification."""

    MESSAGE = "MESSAGE"
    LOGGED = "LOGGED"
    OTP = "OTP"
    OTP_ATTEMPT = "OTP_ATTEMPT"
    NOTIFICATION = "NOTIFICATION"


class ConsentSource(StrEnum):
    AGENT = "AGENT"
    API = "API"
    CUSTOMER = "CUSTOMER"


class ConsentKind(StrEnum):
    PREFERENCE = "PREFERENCE"
    MARKETING_PREFERENCE = "MARKETING_PREFERENCE"


class ApprovalType(StrEnum):
    CHANGE = "CHANGE"
    GOODWILL = "GOODWILL"


class ApprovalStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class ChangeField(StrEnum):
    EMAIL = "EMAIL"
    PHONE = "PHONE"


class CustomerChangeField(StrEnum):
    """What an entry of the customer history changed."""

    EMAIL = "EMAIL"
    PHONE = "PHONE"
    GOODWILL_POINTS = "GOODWILL_POINTS"


class EventType(StrEnum):
    THREAD_CREATED = "thread.created"
    THREAD_UPDATED = "thread.updated"
    COMMUNICATION_CREATED = "communication.created"
    COMMUNICATION_DELIVERY_STATUS_CHANGED = "communication.deliveryStatusChanged"
    PREFERENCES_UPDATED = "preferences.updated"
    MARKETING_PREFERENCE_UPDATED = "marketingPreference.updated"
    CUSTOMER_CREATED = "customer.created"
    CUSTOMER_STATUS_CHANGED = "customer.statusChanged"
    CUSTOMER_UPDATED = "customer.updated"
    REQUEST_CREATED = "request.created"
    REQUEST_DECIDED = "request.decided"
