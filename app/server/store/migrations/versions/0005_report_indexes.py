"""indexes of the supervisor's summary report (`GET /v1/reports/summary`) and of an agent's queue

The report counts, per calendar day, the communications of a tenant by direction and by delivery
status, and the threads last active in the range by status and by channel. Each count is one range
of an index led by (tenant, the value counted, the instant), read without touching the table:
- communications (tenant_id, direction, communication_date_time): incoming and outgoing per day;
- communications (tenant_id, delivery_status, communication_date_time, suppression_reason):
  suppressed and failed per day, and the suppressed ones by reason;
- threads (tenant_id, status, last_communication_at) and (tenant_id, last_channel,
  last_communication_at): threads by status and by channel; they also serve the review queue
  filtered by status or channel, newest activity first;
- threads (tenant_id, assignee_user_id, last_communication_at): the review queue of an agent (their
  own threads), counted from the index alone; (assignee_user_id, last_communication_at) lacks the
  tenant, so counting an agent's 25,000 threads read every one of them.
Pending requests are counted on the existing (tenant_id, status, id) index of approval_requests.
Same indexes on SQLite and PostgreSQL.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 12:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_INDEXES = (
    (
        "ix_communications_tenant_direction_time",
        "communications",
        ["tenant_id", "direction", "communication_date_time"],
    ),
    (
        "ix_communications_tenant_delivery_time",
        "communications",
        ["tenant_id", "delivery_status", "communication_date_time", "suppression_reason"],
    ),
    ("ix_threads_tenant_status_activity", "threads", ["tenant_id", "status", "last_communication_at"]),
    ("ix_threads_tenant_channel_activity", "threads", ["tenant_id", "last_channel", "last_communication_at"]),
    (
        "ix_threads_tenant_assignee_activity",
        "threads",
        ["tenant_id", "assignee_user_id", "last_communication_at"],
    ),
)


def upgrade() -> None:
    for name, table, columns in _INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
