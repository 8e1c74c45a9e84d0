"""SQLAlchemy models of the reference server's storage (SQLite or PostgreSQL)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from app.server.store.text import phone_keys, search_name

# SQLite wants INTEGER PRIMARY KEY to alias the rowid (fast inserts, autoincrement);
# PostgreSQL gets BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every engine (SQLite keeps none of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        from datetime import UTC

        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON()}


class Tenant(Base):
    __tablename__ = "tenants"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    #: Where a phone number without a country code is read (ISO 3166 alpha-2), e.g. in a change request.
    default_region: Mapped[str] = mapped_column(String(2), default="DE", server_default="DE")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))


class AccessToken(Base):
    __tablename__ = "access_tokens"
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    expires_at: Mapped[datetime]


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    key_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class StatusLabel(Base):
    __tablename__ = "status_labels"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    name: Mapped[str] = mapped_column(String(200))
    block_communication: Mapped[bool] = mapped_column(Boolean)


class MessageCategory(Base):
    __tablename__ = "message_categories"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    #: `[{"communicationChannel": ..., "customerOverridable": ...}]` in display order.
    channels: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    #: The name for people, `{"en": ..., "de": ...}`; NULL: none given (the identifier's readable form).
    display_name: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)


def _search_name_default(context: Any) -> str:
    parameters = context.get_current_parameters()
    return search_name(parameters["first_name"], parameters["last_name"])


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        # Also orders a tenant's customers by id (SQLite appends the rowid to every index).
        Index("ix_customers_tenant", "tenant_id"),
        Index("ix_customers_tenant_email", "tenant_id", "email_lower"),
        Index("ix_customers_tenant_phone", "tenant_id", "phone_digits"),
        Index("ix_customers_tenant_phone_national", "tenant_id", "phone_national"),
        Index("ix_customers_tenant_phone_reversed", "tenant_id", "phone_reversed"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    email_lower: Mapped[str | None] = mapped_column(String(320))
    #: As entered; the columns after it are what phone search compares (`set_phone` keeps them).
    phone: Mapped[str | None] = mapped_column(String(40))
    phone_e164: Mapped[str | None] = mapped_column(String(20))
    phone_digits: Mapped[str | None] = mapped_column(String(40))
    phone_national: Mapped[str | None] = mapped_column(String(40))
    phone_reversed: Mapped[str | None] = mapped_column(String(40))
    #: The folded name the search index holds (`search_name(first, last)`), set on insert.
    search_name: Mapped[str] = mapped_column(String(400), default=_search_name_default)
    language: Mapped[str] = mapped_column(String(8))
    status_label_id: Mapped[int | None] = mapped_column(ForeignKey("status_labels.id"))
    prefs_version: Mapped[int] = mapped_column(Integer, default=1)
    prefs_updated_at: Mapped[datetime | None]
    created_at: Mapped[datetime]

    def set_phone(self, phone: str | None, region: str) -> None:
        """The number as entered, and its search keys (`PhoneKeys`); one without a country code is
        read in `region`, the tenant's."""
        keys = phone_keys(phone, region)
        self.phone, self.phone_e164, self.phone_digits = phone, keys.e164, keys.digits
        self.phone_national, self.phone_reversed = keys.national, keys.reversed


class Preference(Base):
    """A stored category/channel state; pairs without a row hold the category kind's default."""

    __tablename__ = "preferences"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("message_categories.id"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(20), primary_key=True)
    active: Mapped[bool] = mapped_column(Boolean)


class MarketingPreference(Base):
    __tablename__ = "marketing_preferences"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    text: Mapped[str] = mapped_column(Text)


class CustomerMarketing(Base):
    __tablename__ = "customer_marketing"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    marketing_preference_id: Mapped[int] = mapped_column(
        ForeignKey("marketing_preferences.id"), primary_key=True
    )
    opted_in: Mapped[bool] = mapped_column(Boolean)
    opted_in_at: Mapped[datetime | None]


class ConsentChange(Base):
    """Append-only: the database refuses UPDATE and DELETE (0008); only the demo reset empties it,
    by creating the table anew (`app.server.store.append_only`)."""

    __tablename__ = "consent_changes"
    __table_args__ = (Index("ix_consent_customer", "customer_id", "id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    at: Mapped[datetime]
    actor_user_id: Mapped[int | None]
    actor_api_key_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30))
    message_category: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(20))
    marketing_preference_id: Mapped[int | None]
    previous: Mapped[bool] = mapped_column(Boolean)
    current: Mapped[bool] = mapped_column(Boolean)
    request_id: Mapped[str | None] = mapped_column(String(36))


class StatusChange(Base):
    """History of a customer's status label. Append-only, as `ConsentChange` is."""

    __tablename__ = "status_changes"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    previous_label_id: Mapped[int | None]
    label_id: Mapped[int | None]
    reason: Mapped[str] = mapped_column(String(200))
    actor_user_id: Mapped[int | None]
    actor_api_key_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime]
    request_id: Mapped[str | None] = mapped_column(String(36))


class Thread(Base):
    __tablename__ = "threads"
    __table_args__ = (
        Index("ix_threads_customer_activity", "customer_id", "last_communication_at"),
        Index("ix_threads_tenant_activity", "tenant_id", "last_communication_at"),
        Index("ix_threads_assignee_activity", "assignee_user_id", "last_communication_at"),
        # The report's threads by status and by channel (0005); the queue's filters use them too.
        Index("ix_threads_tenant_status_activity", "tenant_id", "status", "last_communication_at"),
        Index("ix_threads_tenant_channel_activity", "tenant_id", "last_channel", "last_communication_at"),
        # An agent's queue (0005): counted and paged without reading the threads themselves.
        Index(
            "ix_threads_tenant_assignee_activity", "tenant_id", "assignee_user_id", "last_communication_at"
        ),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    subject: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    ticket_number: Mapped[str | None] = mapped_column(String(200))
    ticket_link: Mapped[str | None] = mapped_column(String(2000))
    assignee_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    last_communication_at: Mapped[datetime]
    communication_count: Mapped[int] = mapped_column(Integer)
    last_channel: Mapped[str] = mapped_column(String(20))
    last_direction: Mapped[str] = mapped_column(String(20))


#: The longest failure reason a communication keeps.
FAILURE_REASON_LENGTH = 500


class Communication(Base):
    __tablename__ = "communications"
    __table_args__ = (
        Index("ix_communications_thread", "thread_id", "id"),
        Index("ix_communications_customer", "customer_id", "id"),
        Index("ix_communications_tenant", "tenant_id", "id"),
        # The report's counts per day (0005): by direction, and by delivery status and reason.
        Index("ix_communications_tenant_direction_time", "tenant_id", "direction", "communication_date_time"),
        Index(
            "ix_communications_tenant_delivery_time",
            "tenant_id",
            "delivery_status",
            "communication_date_time",
            "suppression_reason",
        ),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id"))
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str | None] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    direction: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    agent: Mapped[str | None] = mapped_column(String(200))
    communication_date_time: Mapped[datetime]
    message_category: Mapped[str | None] = mapped_column(String(64))
    delivery_status: Mapped[str] = mapped_column(String(20))
    suppression_reason: Mapped[str | None] = mapped_column(String(40))
    #: Why a FAILED communication failed (the mail server's reply, a provider's reason), if known (0008).
    failure_reason: Mapped[str | None] = mapped_column(String(FAILURE_REASON_LENGTH))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime]
    #: The approval request a NOTIFICATION announces. No foreign key: adding one would rebuild this,
    #: the largest table, on SQLite; the requests are never deleted.
    approval_request_id: Mapped[int | None] = mapped_column(BigId)


class Otp(Base):
    __tablename__ = "otps"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    code_hash: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    verified_at: Mapped[datetime | None]
    delivery_status: Mapped[str] = mapped_column(String(20))


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_tenant_customer", "tenant_id", "customer_id", "id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    communication_id: Mapped[int] = mapped_column(ForeignKey("communications.id"))
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime]


class Event(Base):
    """A stored event of the live stream; ids only grow, even past a demo reset that empties the table
    (SQLite AUTOINCREMENT; a PostgreSQL sequence never goes back anyway), so `Last-Event-ID` stays valid."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_tenant", "tenant_id", "id"), {"sqlite_autoincrement": True})
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    type: Mapped[str] = mapped_column(String(60))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(index=True)


class ApprovalRequest(Base):
    """A change or goodwill request; PENDING until someone other than its creator decides it."""

    __tablename__ = "approval_requests"
    __table_args__ = (
        Index("ix_approvals_tenant_status", "tenant_id", "status", "id"),
        # A customer's requests (the customer pane) and an agent's own (their list), newest first.
        Index("ix_approvals_customer", "customer_id", "id"),
        Index("ix_approvals_creator", "created_by", "id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(20))
    #: The customer's value when the request was made, so the approver sees from what to what.
    previous_value: Mapped[str | None] = mapped_column(String(320))
    new_value: Mapped[str | None] = mapped_column(String(320))
    points: Mapped[int | None]
    reason: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    comment: Mapped[str | None] = mapped_column(Text)


class CustomerChange(Base):
    """The customer's history of what approved requests changed (email, phone, goodwill points).
    Append-only, as `ConsentChange` is."""

    __tablename__ = "customer_changes"
    __table_args__ = (Index("ix_customer_changes_customer", "customer_id", "id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    at: Mapped[datetime]
    actor_user_id: Mapped[int | None]
    actor_api_key_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(20))
    previous: Mapped[str | None] = mapped_column(String(320))
    current: Mapped[str | None] = mapped_column(String(320))
    approval_request_id: Mapped[int | None] = mapped_column(ForeignKey("approval_requests.id"))
    request_id: Mapped[str | None] = mapped_column(String(36))


class RateLimitCounter(Base):
    """A fixed-window count of limits' (the rate limit per credential and endpoint), shared by the
    server processes on PostgreSQL; `expires_at` is the Unix time at which the window ends."""

    __tablename__ = "rate_limit_counters"
    __table_args__ = (Index("ix_rate_limit_counters_expires", "expires_at"),)
    key: Mapped[str] = mapped_column(String(500), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float(precision=53))


class RateLimitEntry(Base):
    """One attempt counted in a moving window of limits' (the sign-in throttle), at a Unix time."""

    __tablename__ = "rate_limit_entries"
    __table_args__ = (
        Index("ix_rate_limit_entries_key_at", "key", "at"),
        Index("ix_rate_limit_entries_expires", "expires_at"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(500))
    at: Mapped[float] = mapped_column(Float(precision=53))
    expires_at: Mapped[float] = mapped_column(Float(precision=53))


class Webhook(Base):
    """A tenant's subscription: each event of `event_types` is POSTed to `url`, signed with `secret`.
    `last_event_id` is the dispatcher's cursor in the events table: every event of the tenant up to it
    has its delivery, if its type is subscribed (app.server.webhooks)."""

    __tablename__ = "webhooks"
    __table_args__ = (Index("ix_webhooks_tenant", "tenant_id", "id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    url: Mapped[str] = mapped_column(Text)
    event_types: Mapped[list[str]] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    last_event_id: Mapped[int] = mapped_column(BigInteger)


class WebhookDelivery(Base):
    """One event to one webhook: PENDING until an attempt is answered 2xx (DELIVERED) or the last
    retry fails (FAILED). A process attempts it while it holds the claim (`claim_token` until
    `claimed_until`), so each attempt is made by one process only."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("webhook_id", "event_id"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None]
    created_at: Mapped[datetime]


class WebhookAttempt(Base):
    """One attempt of a delivery, as `GET /v1/webhooks/{webhookId}/deliveries` lists it: the answer's
    status code or the error, how long it took, and when the next attempt is due (None after the last)."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_webhook", "webhook_id", "id"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id"), index=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id"))
    attempt: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))
    duration_ms: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime | None]
