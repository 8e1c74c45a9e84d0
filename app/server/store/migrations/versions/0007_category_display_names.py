"""message categories get a name for people: `message_categories.display_name`, `{"en": ..., "de": ...}`

A nullable JSON column, added with ALTER TABLE ... ADD COLUMN on both engines (no table is copied).
NULL means no name was given; the API then answers the identifier's readable form
(`LOYALTY_PROGRAM` -> "Loyalty program").

A demo database made before this revision gets the demo's names for its five categories (tenant
`demo` only, as `--demo` now seeds them); every other tenant's categories are left as they are, for
an admin to name.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# As `app.server.demo` seeds them at this revision; copied, so that this migration stays as it is.
_DEMO_TENANT = "demo"
_DEMO_NAMES = {
    "CONTRACT": {"en": "Contract", "de": "Vertrag"},
    "APPOINTMENT": {"en": "Appointment", "de": "Termin"},
    "GENERAL": {"en": "General", "de": "Allgemein"},
    "NEWSLETTER": {"en": "Newsletter", "de": "Newsletter"},
    "LOYALTY_PROGRAM": {"en": "Loyalty programme", "de": "Treueprogramm"},
}


def upgrade() -> None:
    with op.batch_alter_table("message_categories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_name", sa.JSON(), nullable=True))

    tenants = sa.table("tenants", sa.column("id", sa.Integer()), sa.column("name", sa.String()))
    categories = sa.table(
        "message_categories",
        sa.column("tenant_id", sa.Integer()),
        sa.column("name", sa.String()),
        sa.column("display_name", sa.JSON()),
    )
    demo = sa.select(tenants.c.id).where(tenants.c.name == _DEMO_TENANT).scalar_subquery()
    for name, display_name in _DEMO_NAMES.items():
        op.execute(
            categories.update()
            .where(categories.c.tenant_id == demo, categories.c.name == name)
            .values(display_name=display_name)
        )


def downgrade() -> None:
    with op.batch_alter_table("message_categories", schema=None) as batch_op:
        batch_op.drop_column("display_name")
