"""phone search as callers read a number out: E.164, its national form, its last digits

- `customers.phone_e164`: the number in E.164 (read in the tenant's default region), or NULL for one
  that does not read as a number; `phone` stays as entered;
- `customers.phone_digits` now holds the E.164 digits (`491565084216` for `0156 5084216` in DE),
  and the digits as entered only for a number without an E.164;
- `customers.phone_national`: the digits of its national form (`01565084216`), and
  `customers.phone_reversed`: `phone_digits` backwards, so that the last digits are a prefix;
- indexes (tenant_id, phone_national) and (tenant_id, phone_reversed): every phone lookup is a range
  of an index, as the name and email lookups are. On PostgreSQL the new columns compare bytewise
  (COLLATE "C") like `phone_digits` (0003), so a prefix is a range whatever the database's collation.

Existing customers get their keys from `phone_keys`, the function every write uses, in batches by id
(one UPDATE a batch on PostgreSQL, so its statement-level name-word trigger runs once a batch);
the indexes are built after the fill.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

from app.server.store.text import phone_digits, phone_keys

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_BATCH = 10_000
_DIGITS = sa.String(length=40).with_variant(sa.String(length=40, collation="C"), "postgresql")
_INDEXES = (
    ("ix_customers_tenant_phone_national", "phone_national"),
    ("ix_customers_tenant_phone_reversed", "phone_reversed"),
)
_PG_FILL = sa.text(
    "UPDATE customers AS c SET phone_e164 = v.e164, phone_digits = v.digits,"
    " phone_national = v.national, phone_reversed = v.reversed"
    " FROM unnest(CAST(:ids AS bigint[]), CAST(:e164 AS text[]), CAST(:digits AS text[]),"
    " CAST(:national AS text[]), CAST(:reversed AS text[])) AS v(id, e164, digits, national, reversed)"
    " WHERE c.id = v.id"
)
_FILL = sa.text(
    "UPDATE customers SET phone_e164 = :e164, phone_digits = :digits,"
    " phone_national = :national, phone_reversed = :reversed WHERE id = :id"
)


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_e164", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("phone_national", _DIGITS, nullable=True))
        batch_op.add_column(sa.Column("phone_reversed", _DIGITS, nullable=True))
    connection = op.get_bind()
    postgresql = connection.dialect.name == "postgresql"
    for batch in _batches(
        "SELECT c.id, c.phone, t.default_region FROM customers AS c JOIN tenants AS t ON t.id = c.tenant_id"
        " WHERE c.phone IS NOT NULL AND c.id > :after ORDER BY c.id LIMIT :batch"
    ):
        keyed = [(row[0], phone_keys(row[1], row[2])) for row in batch]
        if postgresql:
            connection.execute(
                _PG_FILL,
                {
                    "ids": [customer_id for customer_id, _ in keyed],
                    "e164": [keys.e164 for _, keys in keyed],
                    "digits": [keys.digits for _, keys in keyed],
                    "national": [keys.national for _, keys in keyed],
                    "reversed": [keys.reversed for _, keys in keyed],
                },
            )
        else:
            connection.execute(
                _FILL,
                [
                    {
                        "id": customer_id,
                        "e164": keys.e164,
                        "digits": keys.digits,
                        "national": keys.national,
                        "reversed": keys.reversed,
                    }
                    for customer_id, keys in keyed
                ],
            )
    for name, column in _INDEXES:
        op.create_index(name, "customers", ["tenant_id", column], unique=False)


def downgrade() -> None:
    for name, _column in reversed(_INDEXES):
        op.drop_index(name, table_name="customers")
    # ALTER TABLE ... DROP COLUMN on both engines: a batch copy of the table would drop SQLite's
    # name-index triggers with the old table.
    for column in ("phone_reversed", "phone_national", "phone_e164"):
        op.execute(f"ALTER TABLE customers DROP COLUMN {column}")
    connection = op.get_bind()
    for batch in _batches(
        "SELECT id, phone FROM customers WHERE phone IS NOT NULL AND id > :after ORDER BY id LIMIT :batch"
    ):
        connection.execute(
            sa.text("UPDATE customers SET phone_digits = :digits WHERE id = :id"),
            [{"id": row[0], "digits": phone_digits(row[1])} for row in batch],
        )


def _batches(select: str) -> Iterator[list[Any]]:
    """The rows of `select` (ordered by id, paged by `:after` and `:batch`), a batch at a time."""
    connection = op.get_bind()
    after = 0
    while batch := list(connection.execute(sa.text(select), {"after": after, "batch": _BATCH})):
        yield batch
        after = batch[-1][0]
