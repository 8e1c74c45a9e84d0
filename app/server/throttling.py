"""How often a caller may ask: the rate limit per credential and endpoint, and the sign-in throttle.

Both are counted by the `limits` library in one storage, which `limit_storage` picks for the database:
the one place that decides where the counts live. On PostgreSQL they live in the database, shared by
every server process on it (api.md; store.limit_counts); on SQLite in this process's memory. Whichever
storage it is supports limits' fixed window (the rate limit) and moving window (the sign-in throttle).
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

from app.contract.errors import ErrorCode
from app.server.errors import ApiError
from app.server.store.db import Database

if TYPE_CHECKING:
    from app.server.store.limit_counts import PostgresLimitStorage


class SweptMemoryStorage(MemoryStorage):
    """limits' memory storage, whose expired counts are swept out at most every `SWEEP_SECONDS`.

    limits' own starts a sweep over every key after each counted hit (as soon as the last one is
    done), which costs a request time in proportion to all the keys held: 0.24 ms of CPU at 1,000
    keys, 20 ms at 50,000. Expired counts are ignored when read anyway; the sweep only frees memory.
    The hook is limits' private `__schedule_expiry` (a test fails if a new version renames it).
    """

    SWEEP_SECONDS = 10.0
    _next_sweep = 0.0

    async def _MemoryStorage__schedule_expiry(self) -> None:
        now = time.monotonic()
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.SWEEP_SECONDS
        await super()._MemoryStorage__schedule_expiry()  # type: ignore[misc]

    async def close(self) -> None:
        """Nothing to release (PostgresLimitStorage closes its connections)."""


def limit_storage(db: Database) -> SweptMemoryStorage | PostgresLimitStorage:
    """Where the rate limit and the sign-in throttle keep their counts: in PostgreSQL, for every
    process on the database; with SQLite in this process's memory, as a write per request would
    queue every request behind SQLite's one writer (so `--workers N` there counts per process)."""
    if db.is_sqlite:
        return SweptMemoryStorage()
    # Here: a server on SQLite never loads asyncpg.
    from app.server.store.limit_counts import PostgresLimitStorage

    return PostgresLimitStorage(db)


def seconds_until(reset_time: float) -> int:
    """Whole seconds from now until `reset_time` (a Unix time), at least 1: a `Retry-After`."""
    return max(1, math.ceil(reset_time - time.time()))


class RateLimit:
    """At most `per_window` requests per credential and endpoint in a fixed window (a minute by
    default) that starts with the first of them."""

    def __init__(self, storage: Storage, per_window: int, window_seconds: int = 60) -> None:
        self._limiter = FixedWindowRateLimiter(storage)
        self._item = RateLimitItemPerSecond(per_window, window_seconds, namespace="requests")

    async def check(self, credential: str, endpoint: str) -> None:
        """Counts one request; over the limit it is refused, 429 `rate.limited` with `Retry-After`."""
        if await self._limiter.hit(self._item, credential, endpoint):
            return
        stats = await self._limiter.get_window_stats(self._item, credential, endpoint)
        wait = seconds_until(stats.reset_time)
        raise ApiError(ErrorCode.RATE_LIMITED, wait, headers={"Retry-After": str(wait)})


class SignInThrottle:
    """Failed sign-ins per username and per client address within a moving window (api.md: 5 per
    username or 20 per address in 15 minutes); past either, every attempt is refused, whatever the
    password, until the oldest failure counted has left the window.

    A username is counted whether or not such a user exists, so the answers tell nobody which do.
    Each attempt reserves its place in the username's count before the password is checked, so
    attempts sent all at once cannot get past the limit; a success clears that username's count.
    The address counts failures only (a success must not count against a whole office behind one
    address), so there only attempts already in flight when the limit is reached get through.
    """

    def __init__(self, storage: Storage, per_username: int, per_address: int, window_seconds: int) -> None:
        self._limiter = MovingWindowRateLimiter(storage)
        self._per_username = RateLimitItemPerSecond(per_username, window_seconds, namespace="sign-in-user")
        self._per_address = RateLimitItemPerSecond(per_address, window_seconds, namespace="sign-in-address")

    async def admit(self, username: str, address: str) -> None:
        """Lets an attempt go on to the password check, counted for its username; refuses it with 429
        `auth.throttled` (the wait in minutes in args, in seconds in `Retry-After`) while throttled."""
        if not await self._limiter.test(self._per_address, address):
            await self._refuse(self._per_address, address)
        if not await self._limiter.hit(self._per_username, username):
            await self._refuse(self._per_username, username)

    async def failed(self, address: str) -> None:
        """The attempt admitted from `address` had wrong credentials."""
        await self._limiter.hit(self._per_address, address)

    async def succeeded(self, username: str) -> None:
        """The attempt for `username` signed in: its earlier failures no longer count."""
        await self._limiter.clear(self._per_username, username)

    async def _refuse(self, item: RateLimitItem, identifier: str) -> None:
        stats = await self._limiter.get_window_stats(item, identifier)
        wait = seconds_until(stats.reset_time)
        raise ApiError(ErrorCode.SIGN_IN_THROTTLED, math.ceil(wait / 60), headers={"Retry-After": str(wait)})
