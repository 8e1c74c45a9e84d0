"""The append-only histories (consent, status label, customer changes), and the one way to empty them.

Migration 0008 has the database refuse UPDATE and DELETE on these tables (and TRUNCATE on PostgreSQL),
whoever sends the statement. The demo reset is the only path that clears them, and it does so by
dropping each table and creating it again, guards included. The guards are copied from the database
as it stands (SQLite keeps the SQL of each table, index and trigger; on PostgreSQL the table and its
indexes come from the model and the triggers from `pg_get_triggerdef`), so 0008 stays their one
definition and a reset never creates a history without them.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.schema import CreateIndex, CreateTable

from app.server.store import models as m

#: The tables the database keeps append-only (0008). Nothing references them.
APPEND_ONLY: tuple[Table, ...] = tuple(
    m.Base.metadata.tables[model.__tablename__]
    for model in (m.ConsentChange, m.StatusChange, m.CustomerChange)
)


async def drop_histories(session: AsyncSession) -> list[str]:
    """Drops the append-only tables in the session's transaction; answers the statements that create
    them again as they were (empty, with their indexes and triggers), for `create_histories`."""
    connection = await session.connection()
    return await connection.run_sync(_drop)


async def create_histories(session: AsyncSession, statements: list[str]) -> None:
    connection = await session.connection()
    for statement in statements:
        await connection.exec_driver_sql(statement)


def _drop(connection: Connection) -> list[str]:
    statements: list[str] = []
    for table in APPEND_ONLY:
        statements += (
            _sqlite_definition(connection, table)
            if connection.dialect.name == "sqlite"
            else _postgres_definition(connection, table)
        )
        connection.exec_driver_sql(f"DROP TABLE {table.name}")
    return statements


def _sqlite_definition(connection: Connection, table: Table) -> list[str]:
    """The table's own CREATE statements, table first, then its indexes, then its triggers."""
    rows = connection.execute(
        text(
            "SELECT sql FROM sqlite_master WHERE tbl_name = :name AND sql IS NOT NULL"
            " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, name"
        ),
        {"name": table.name},
    )
    return [str(row[0]) for row in rows]


def _postgres_definition(connection: Connection, table: Table) -> list[str]:
    dialect = connection.dialect
    triggers = connection.execute(
        text(
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger"
            " WHERE tgrelid = CAST(:name AS regclass) AND NOT tgisinternal ORDER BY tgname"
        ),
        {"name": table.name},
    )
    return [
        str(CreateTable(table).compile(dialect=dialect)),
        *(
            str(CreateIndex(index).compile(dialect=dialect))
            for index in sorted(table.indexes, key=lambda index: str(index.name))
        ),
        *(str(row[0]) for row in triggers),
    ]
