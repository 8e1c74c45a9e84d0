"""the histories are append-only in the database; a failed communication keeps its reason

- triggers refuse UPDATE and DELETE on `consent_changes`, `status_changes` and `customer_changes`,
  whoever sends the statement: on SQLite a BEFORE UPDATE and a BEFORE DELETE trigger per table that
  RAISE(ABORT); on PostgreSQL one statement-level BEFORE UPDATE OR DELETE OR TRUNCATE trigger per table
  calling `append_only_refusal()`, which raises SQLSTATE 23001 (restrict_violation). Either way the
  driver reports an integrity error naming the table. The demo reset, the one path that empties these
  tables, drops and creates them again with these same triggers (`app.server.store.append_only`,
  which copies them from the database, so this revision stays their only definition);
- `communications.failure_reason`: why a FAILED communication failed (the mail server's reply, a
  provider's delivery event's reason), added with ALTER TABLE ... ADD COLUMN on both engines (no
  table is copied).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_TABLES = ("consent_changes", "status_changes", "customer_changes")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION append_only_refusal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def _pg_trigger(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION append_only_refusal()"
    )


def _sqlite_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table}"
        f" BEGIN SELECT RAISE(ABORT, '{table} is append-only: {operation} refused'); END"
        for operation in ("UPDATE", "DELETE")
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        for table in _TABLES:
            op.execute(_pg_trigger(table))
    else:
        for table in _TABLES:
            for statement in _sqlite_triggers(table):
                op.execute(statement)
    with op.batch_alter_table("communications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failure_reason", sa.String(length=500), nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN on both engines: no copy of the largest table.
    op.execute("ALTER TABLE communications DROP COLUMN failure_reason")
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in _TABLES:
        if postgresql:
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        else:
            op.execute(f"DROP TRIGGER {table}_no_update")
            op.execute(f"DROP TRIGGER {table}_no_delete")
    if postgresql:
        op.execute("DROP FUNCTION append_only_refusal()")
