"""rate limits and the sign-in throttle count in the database, shared by every server process

- `rate_limit_counters`: limits' fixed-window counts (the rate limit per credential and endpoint):
  one row per key, its count and the Unix time at which the window ends;
- `rate_limit_entries`: limits' moving-window entries (the sign-in throttle): one row per counted
  attempt, with the Unix time it was counted and the time it leaves the window.

Used on PostgreSQL, where several server processes share one database (app.server.throttling); a
single SQLite process keeps its counts in memory and leaves these tables empty.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-09 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_counters",
        sa.Column("key", sa.String(500), primary_key=True),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(precision=53), nullable=False),
    )
    op.create_index("ix_rate_limit_counters_expires", "rate_limit_counters", ["expires_at"])
    op.create_table(
        "rate_limit_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("key", sa.String(500), nullable=False),
        sa.Column("at", sa.Float(precision=53), nullable=False),
        sa.Column("expires_at", sa.Float(precision=53), nullable=False),
    )
    op.create_index("ix_rate_limit_entries_key_at", "rate_limit_entries", ["key", "at"])
    op.create_index("ix_rate_limit_entries_expires", "rate_limit_entries", ["expires_at"])


def downgrade() -> None:
    op.drop_table("rate_limit_entries")
    op.drop_table("rate_limit_counters")
