"""event ids are never reused: AUTOINCREMENT on SQLite

Without it SQLite hands out max(id) + 1, so after the demo reset empties the table the ids start
at 1 again and a client resuming with an older Last-Event-ID would silently miss events.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL sequences never go back
    with op.batch_alter_table(
        "events", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ) as batch_op:
        batch_op.alter_column("id", autoincrement=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("events", recreate="always") as batch_op:
        batch_op.alter_column("id", autoincrement=True)
