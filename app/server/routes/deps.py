"""What the routes are handed by dependency injection: the app's database, and a read session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from app.server.store.db import Database


def app_database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


async def _database(request: Request) -> Database:
    """`app_database` as a dependency: FastAPI runs a plain function dependency in its thread pool,
    a hand-off to another thread on every request (about 6 % of a small read's CPU here)."""
    return app_database(request)


#: For routes that open their own transactions: a write, reads around slow work, a stream.
AppDatabase = Annotated[Database, Depends(_database)]


async def read_session(db: AppDatabase) -> AsyncIterator[AsyncSession]:
    async with db.read() as session:
        yield session


#: A session for reads. It ends when the route function returns, not after the answer is sent,
#: so the connection goes back to the pool before the body is written out.
ReadSession = Annotated[AsyncSession, Depends(read_session, scope="function")]
