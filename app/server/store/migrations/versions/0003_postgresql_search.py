"""customer search indexes on PostgreSQL

SQLite searches names with its FTS5 table (0001). PostgreSQL gets the same with core features only:
- `customer_name_words`: one row per word of a customer's folded name, kept by statement-level
  triggers (so a bulk COPY fills it in one statement), searched by word-prefix range scans;
- the folded search columns compare bytewise (COLLATE "C"), so a prefix is an index range whatever
  the database's own collation, and `search_name`/`email_lower` are unbounded text (folding may
  lengthen a name);
- `(tenant_id, id)` serves "a tenant's customers, newest first" (SQLite's tenant index ends in the
  rowid by itself);
- `threads.ticket_link` is unbounded text, as on SQLite: the API takes any http(s) URL that pydantic
  does (up to 2083 characters, longer once percent-encoded), more than its 2000.
Nothing happens on SQLite.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 22:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_UPGRADE = (
    'ALTER TABLE customers ALTER COLUMN search_name TYPE text COLLATE "C"',
    'ALTER TABLE customers ALTER COLUMN email_lower TYPE text COLLATE "C"',
    'ALTER TABLE customers ALTER COLUMN phone_digits TYPE varchar(40) COLLATE "C"',
    "CREATE INDEX ix_customers_tenant_id ON customers (tenant_id, id)",
    "ALTER TABLE threads ALTER COLUMN ticket_link TYPE text",
    """
    CREATE TABLE customer_name_words (
        customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
        word text COLLATE "C" NOT NULL,
        tenant_id bigint NOT NULL,
        PRIMARY KEY (customer_id, word)
    )
    """,
    "CREATE INDEX ix_customer_name_words_prefix ON customer_name_words (tenant_id, word, customer_id)",
    """
    INSERT INTO customer_name_words (customer_id, word, tenant_id)
    SELECT DISTINCT c.id, w.word, c.tenant_id
    FROM customers AS c, unnest(string_to_array(c.search_name, ' ')) AS w(word)
    WHERE w.word <> ''
    """,
    """
    CREATE FUNCTION customer_name_words_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO customer_name_words (customer_id, word, tenant_id)
        SELECT DISTINCT n.id, w.word, n.tenant_id
        FROM new_rows AS n, unnest(string_to_array(n.search_name, ' ')) AS w(word)
        WHERE w.word <> '';
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION customer_name_words_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM customer_name_words AS cw USING old_rows AS o, new_rows AS n
        WHERE cw.customer_id = o.id AND n.id = o.id
          AND (n.search_name, n.tenant_id) IS DISTINCT FROM (o.search_name, o.tenant_id);
        INSERT INTO customer_name_words (customer_id, word, tenant_id)
        SELECT DISTINCT n.id, w.word, n.tenant_id
        FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id,
             unnest(string_to_array(n.search_name, ' ')) AS w(word)
        WHERE w.word <> ''
          AND (n.search_name, n.tenant_id) IS DISTINCT FROM (o.search_name, o.tenant_id);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER customers_name_words_insert AFTER INSERT ON customers
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION customer_name_words_insert()
    """,
    """
    CREATE TRIGGER customers_name_words_update AFTER UPDATE ON customers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION customer_name_words_update()
    """,
)

_DOWNGRADE = (
    "DROP TRIGGER customers_name_words_update ON customers",
    "DROP TRIGGER customers_name_words_insert ON customers",
    "DROP FUNCTION customer_name_words_update()",
    "DROP FUNCTION customer_name_words_insert()",
    "DROP TABLE customer_name_words",
    "ALTER TABLE threads ALTER COLUMN ticket_link TYPE varchar(2000)",
    "DROP INDEX ix_customers_tenant_id",
    "ALTER TABLE customers ALTER COLUMN phone_digits TYPE varchar(40) COLLATE pg_catalog.default",
    "ALTER TABLE customers ALTER COLUMN email_lower TYPE varchar(320) COLLATE pg_catalog.default",
    "ALTER TABLE customers ALTER COLUMN search_name TYPE varchar(400) COLLATE pg_catalog.default",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _DOWNGRADE:
        op.execute(statement)
