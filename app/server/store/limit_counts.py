"""limits' async storage in PostgreSQL, so every server process on one database shares the counts of
the rate limit (fixed window) and of the sign-in throttle (moving window).

Fixed-window counts are one row per key in `rate_limit_counters`, counted by one
`INSERT ... ON CONFLICT DO UPDATE ... RETURNING` (the row lock makes concurrent hits add up). Moving-window
entries are one row per counted attempt in `rate_limit_entries`; an attempt takes a transaction-level
advisory lock on its key, then inserts only if the window has room, so attempts sent at once to several
processes cannot get past the limit. Times are the database's clock, one clock for every process.
Expired rows are ignored when read and swept out at most every `SWEEP_SECONDS`, by whichever process
counts something after that, never on every request.

Every request is counted, so the storage talks to asyncpg directly, through a few connections of its
own: through SQLAlchemy's pool (which pings each connection it hands out) and its statement layer a
count cost about 1 ms of CPU here, directly about 0.3 ms.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import asyncpg  # type: ignore[import-untyped]  # no stubs or py.typed
from limits.aio.storage import MovingWindowSupport, Storage

from app.server.store.db import Database

log = logging.getLogger("switchboard.server.limits")

#: Connections of each process's counts (a count takes a fraction of a millisecond).
POOL_SIZE = 4
#: The database's time as a Unix time, fixed for the statement.
_NOW = "extract(epoch FROM statement_timestamp())::float8"
#: The first key of the two-key advisory locks of the moving window (the second is the key's hash);
#: two-key locks never collide with the one-key locks of store.db.
MOVING_WINDOW_LOCK = 0x5B_7140

_INCR = f"""
    INSERT INTO rate_limit_counters AS c (key, value, expires_at)
    VALUES ($1, $2, {_NOW} + $3::float8)
    ON CONFLICT (key) DO UPDATE SET
        value = CASE WHEN c.expires_at > {_NOW} THEN c.value + EXCLUDED.value ELSE EXCLUDED.value END,
        expires_at = CASE WHEN c.expires_at > {_NOW} THEN c.expires_at ELSE EXCLUDED.expires_at END
    RETURNING value
"""
_GET = f"SELECT value FROM rate_limit_counters WHERE key = $1 AND expires_at > {_NOW}"
_GET_EXPIRY = (
    f"SELECT coalesce((SELECT expires_at FROM rate_limit_counters WHERE key = $1 AND expires_at > {_NOW}),"
    f" {_NOW})"
)
_LOCK_KEY = f"SELECT {_NOW} FROM pg_advisory_xact_lock({MOVING_WINDOW_LOCK}, hashtext($1))"
_ACQUIRE = """
    INSERT INTO rate_limit_entries (key, at, expires_at)
    SELECT $1::varchar, $2::float8, $2::float8 + $3::float8 FROM generate_series(1, $4::integer)
    WHERE (SELECT count(*) FROM rate_limit_entries WHERE key = $1::varchar AND at > $2::float8 - $3::float8)
        + $4::integer <= $5::integer
"""
_MOVING_WINDOW = (
    f"SELECT coalesce(min(at), {_NOW}), count(*) FROM rate_limit_entries"
    f" WHERE key = $1 AND at > {_NOW} - $2::float8"
)
_SWEEP_COUNTERS = f"DELETE FROM rate_limit_counters WHERE expires_at <= {_NOW}"
_SWEEP_ENTRIES = f"DELETE FROM rate_limit_entries WHERE expires_at <= {_NOW}"


def _rows(status: str) -> int:
    """The row count of a command's status, `INSERT 0 3` or `DELETE 5`."""
    return int(status.rsplit(" ", 1)[1])


class PostgresLimitStorage(Storage, MovingWindowSupport):
    """Fixed and moving windows of limits, in the tables of migration 0009 (see the module)."""

    STORAGE_SCHEME = None
    #: How often expired counts are deleted, at most, by one process.
    SWEEP_SECONDS = 60.0

    def __init__(self, db: Database) -> None:
        super().__init__()
        self._connect_args, self._connect_kwargs = db.driver_connect_arguments("switchboard counts")
        self._pool: Any = None
        self._opening = asyncio.Lock()
        self._next_sweep = time.monotonic() + self.SWEEP_SECONDS
        self._sweeping: asyncio.Task[None] | None = None

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return (asyncpg.PostgresError, asyncpg.InterfaceError, OSError)

    async def close(self) -> None:
        if self._sweeping is not None:
            self._sweeping.cancel()
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    async def _connections(self) -> Any:
        """The storage's pool, opened at the first count (the storage is made outside the loop)."""
        if self._pool is None:
            async with self._opening:
                if self._pool is None:
                    self._pool = await asyncpg.create_pool(
                        *self._connect_args, min_size=1, max_size=POOL_SIZE, **self._connect_kwargs
                    )
        return self._pool

    async def _value(self, statement: str, *arguments: object) -> Any:
        """The first column of the first row; a connection the database dropped (a restart) costs
        one more try on another, not the request."""
        pool = await self._connections()
        try:
            return await pool.fetchval(statement, *arguments)
        except (asyncpg.InterfaceError, asyncpg.PostgresConnectionError, OSError):
            return await pool.fetchval(statement, *arguments)

    async def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        self._sweep_when_due()
        return int(await self._value(_INCR, key, amount, float(expiry)))

    async def get(self, key: str) -> int:
        return int(await self._value(_GET, key) or 0)

    async def get_expiry(self, key: str) -> float:
        return float(await self._value(_GET_EXPIRY, key))

    async def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False
        self._sweep_when_due()
        async with (await self._connections()).acquire() as connection, connection.transaction():
            now = await connection.fetchval(_LOCK_KEY, key)
            status = await connection.execute(_ACQUIRE, key, now, float(expiry), amount, limit)
        return _rows(status) > 0

    async def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        row = await (await self._connections()).fetchrow(_MOVING_WINDOW, key, float(expiry))
        return float(row[0]), int(row[1])

    async def clear(self, key: str) -> None:
        async with (await self._connections()).acquire() as connection, connection.transaction():
            await connection.execute("DELETE FROM rate_limit_counters WHERE key = $1", key)
            await connection.execute("DELETE FROM rate_limit_entries WHERE key = $1", key)

    async def reset(self) -> int | None:
        async with (await self._connections()).acquire() as connection, connection.transaction():
            counters = await connection.execute("DELETE FROM rate_limit_counters")
            entries = await connection.execute("DELETE FROM rate_limit_entries")
        return max(_rows(counters), _rows(entries))

    async def check(self) -> bool:
        try:
            await self._value("SELECT 1")
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
            return False
        return True

    async def sweep(self) -> int:
        """Deletes every expired count and entry; returns how many rows went."""
        async with (await self._connections()).acquire() as connection, connection.transaction():
            counters = await connection.execute(_SWEEP_COUNTERS)
            entries = await connection.execute(_SWEEP_ENTRIES)
        return _rows(counters) + _rows(entries)

    def _sweep_when_due(self) -> None:
        now = time.monotonic()
        if now < self._next_sweep or (self._sweeping is not None and not self._sweeping.done()):
            return
        self._next_sweep = now + self.SWEEP_SECONDS
        self._sweeping = asyncio.create_task(self._sweep_logged(), name="limit-count-sweep")

    async def _sweep_logged(self) -> None:
        try:
            await self.sweep()
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
            log.exception("sweeping the expired rate-limit counts failed; trying again later")
