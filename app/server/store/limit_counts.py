"""limits' async storage in PostgreSQL, so every server process on one database shares the counts of
the rate limit (fixed window) and of the sign-in throttle (moving window).

Fixed-window counts are one row per key in `rate_limit_counters`, counted by one
`INSERT ... ON CONFLICT DO UPDATE ... RETURNING` (the row lock makes concurrent hits add up). Moving-window
entries are one row per counted attempt in `rate_limit_entries`; an attempt takes a transaction-level
advisory lock on its key, then inserts only if the window has room, so attempts sent at once to several
processes cannot get past the limit. Times are the database's clock, one clock for every process.
Expired rows are ignored when read and swept out at most every `SWEEP_SECONDS`, by whichever process
counts something after that, never on every request.
"""

from __future__ import annotations

import asyncio
import logging
import time

from limits.aio.storage import MovingWindowSupport, Storage
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from app.server.store.db import Database

log = logging.getLogger("switchboard.server.limits")

#: The database's time as a Unix time, fixed for the statement.
_NOW = "extract(epoch FROM statement_timestamp())::float8"
#: The first key of the two-key advisory locks of the moving window (the second is the key's hash);
#: two-key locks never collide with the one-key locks of store.db.
MOVING_WINDOW_LOCK = 0x5B_7140

_INCR = text(f"""
    INSERT INTO rate_limit_counters AS c (key, value, expires_at)
    VALUES (:key, :amount, {_NOW} + CAST(:expiry AS float8))
    ON CONFLICT (key) DO UPDATE SET
        value = CASE WHEN c.expires_at > {_NOW} THEN c.value + EXCLUDED.value ELSE EXCLUDED.value END,
        expires_at = CASE WHEN c.expires_at > {_NOW} THEN c.expires_at ELSE EXCLUDED.expires_at END
    RETURNING value
""")
_GET = text(f"SELECT value FROM rate_limit_counters WHERE key = :key AND expires_at > {_NOW}")
_GET_EXPIRY = text(
    f"SELECT coalesce((SELECT expires_at FROM rate_limit_counters WHERE key = :key AND expires_at > {_NOW}),"
    f" {_NOW})"
)
_LOCK_KEY = text(f"SELECT pg_advisory_xact_lock({MOVING_WINDOW_LOCK}, hashtext(:key)), {_NOW}")
_ACQUIRE = text("""
    INSERT INTO rate_limit_entries (key, at, expires_at)
    SELECT CAST(:key AS varchar), CAST(:now AS float8), CAST(:now AS float8) + CAST(:expiry AS float8)
    FROM generate_series(1, CAST(:amount AS integer))
    WHERE (SELECT count(*) FROM rate_limit_entries
           WHERE key = CAST(:key AS varchar) AND at > CAST(:now AS float8) - CAST(:expiry AS float8))
        + CAST(:amount AS integer) <= CAST(:limit AS integer)
""")
_MOVING_WINDOW = text(
    f"SELECT coalesce(min(at), {_NOW}), count(*) FROM rate_limit_entries"
    f" WHERE key = :key AND at > {_NOW} - CAST(:expiry AS float8)"
)

_SWEEP_COUNTERS = text(f"DELETE FROM rate_limit_counters WHERE expires_at <= {_NOW}")
_SWEEP_ENTRIES = text(f"DELETE FROM rate_limit_entries WHERE expires_at <= {_NOW}")


class PostgresLimitStorage(Storage, MovingWindowSupport):
    """Fixed and moving windows of limits, in the tables of migration 0009 (see the module)."""

    STORAGE_SCHEME = None
    #: How often expired counts are deleted, at most, by one process.
    SWEEP_SECONDS = 60.0

    def __init__(self, db: Database) -> None:
        super().__init__()
        # Each count is one statement, committed on its own; the moving window opens a transaction.
        self._engine: AsyncEngine = db.engine
        self._autocommit = db.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._next_sweep = time.monotonic() + self.SWEEP_SECONDS
        self._sweeping: asyncio.Task[None] | None = None

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return (SQLAlchemyError, OSError)

    async def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        self._sweep_when_due()
        async with self._autocommit.connect() as connection:
            result = await connection.execute(_INCR, {"key": key, "amount": amount, "expiry": float(expiry)})
            return int(result.scalar_one())

    async def get(self, key: str) -> int:
        async with self._autocommit.connect() as connection:
            value = (await connection.execute(_GET, {"key": key})).scalar()
        return int(value or 0)

    async def get_expiry(self, key: str) -> float:
        async with self._autocommit.connect() as connection:
            return float((await connection.execute(_GET_EXPIRY, {"key": key})).scalar_one())

    async def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False
        self._sweep_when_due()
        async with self._engine.begin() as connection:
            now = (await connection.execute(_LOCK_KEY, {"key": key})).one()[1]
            parameters = {"key": key, "now": now, "expiry": float(expiry), "amount": amount, "limit": limit}
            inserted = await connection.execute(_ACQUIRE, parameters)
            return bool(inserted.rowcount)

    async def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        async with self._autocommit.connect() as connection:
            window = await connection.execute(_MOVING_WINDOW, {"key": key, "expiry": float(expiry)})
            oldest, count = window.one()
        return float(oldest), int(count)

    async def clear(self, key: str) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(text("DELETE FROM rate_limit_counters WHERE key = :key"), {"key": key})
            await connection.execute(text("DELETE FROM rate_limit_entries WHERE key = :key"), {"key": key})

    async def reset(self) -> int | None:
        async with self._engine.begin() as connection:
            counters = await connection.execute(text("DELETE FROM rate_limit_counters"))
            entries = await connection.execute(text("DELETE FROM rate_limit_entries"))
        return max(counters.rowcount, entries.rowcount)

    async def check(self) -> bool:
        try:
            async with self._autocommit.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, OSError):
            return False
        return True

    async def sweep(self) -> int:
        """Deletes every expired count and entry; returns how many rows went."""
        async with self._engine.begin() as connection:
            counters = await connection.execute(_SWEEP_COUNTERS)
            entries = await connection.execute(_SWEEP_ENTRIES)
        return int(counters.rowcount + entries.rowcount)

    def _sweep_when_due(self) -> None:
        now = time.monotonic()
        if now < self._next_sweep or (self._sweeping is not None and not self._sweeping.done()):
            return
        self._next_sweep = now + self.SWEEP_SECONDS
        self._sweeping = asyncio.create_task(self._sweep_logged(), name="limit-count-sweep")

    async def _sweep_logged(self) -> None:
        try:
            await self.sweep()
        except (SQLAlchemyError, OSError):
            log.exception("sweeping the expired rate-limit counts failed; trying again later")
