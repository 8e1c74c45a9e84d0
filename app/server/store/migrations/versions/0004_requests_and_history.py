"""change and goodwill requests, the customer history, the status-label history's actor and requestId

- `tenants.default_region`: where a phone number without a country code is read ('DE' by default);
- `approval_requests.previous_value`, and indexes for a customer's and a creator's requests;
- `communications.approval_request_id`: the request a NOTIFICATION announces (a plain column: a
  foreign key would make SQLite rebuild its largest table);
- `status_changes.actor_user_id`, `actor_api_key_id` and `request_id`, as the consent history has;
- `customer_changes`: the append-only history of what approved requests changed.

Every column is added with ALTER TABLE ... ADD COLUMN on both engines (nullable, or with a default),
so no table is copied.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("default_region", sa.String(length=2), server_default="DE", nullable=False)
        )

    with op.batch_alter_table("approval_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_value", sa.String(length=320), nullable=True))
        batch_op.create_index("ix_approvals_customer", ["customer_id", "id"], unique=False)
        batch_op.create_index("ix_approvals_creator", ["created_by", "id"], unique=False)

    with op.batch_alter_table("communications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approval_request_id", _ID, nullable=True))

    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("actor_api_key_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("request_id", sa.String(length=36), nullable=True))

    op.create_table(
        "customer_changes",
        sa.Column("id", _ID, nullable=False),
        sa.Column("tenant_id", _ID, nullable=False),
        sa.Column("customer_id", _ID, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_api_key_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("previous", sa.String(length=320), nullable=True),
        sa.Column("current", sa.String(length=320), nullable=True),
        sa.Column("approval_request_id", _ID, nullable=True),
        sa.Column("request_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["approval_request_id"], ["approval_requests.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("customer_changes", schema=None) as batch_op:
        batch_op.create_index("ix_customer_changes_customer", ["customer_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("customer_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_customer_changes_customer")
    op.drop_table("customer_changes")

    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.drop_column("request_id")
        batch_op.drop_column("actor_api_key_id")
        batch_op.drop_column("actor_user_id")

    with op.batch_alter_table("communications", schema=None) as batch_op:
        batch_op.drop_column("approval_request_id")

    with op.batch_alter_table("approval_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_approvals_creator")
        batch_op.drop_index("ix_approvals_customer")
        batch_op.drop_column("previous_value")

    with op.batch_alter_table("tenants", schema=None) as batch_op:
        batch_op.drop_column("default_region")
