"""The storage of the rate limit and sign-in counts: limits' memory storage, swept now and then instead
of after every counted request (which walks every key, so a request's cost would grow with them)."""

from __future__ import annotations

import asyncio

from limits.aio.storage import MemoryStorage

from app.server.store.db import Database
from app.server.throttling import RateLimit, SweptMemoryStorage, limit_storage


def sweeps_during(storage: MemoryStorage, requests: int) -> int:
    """How often the storage sweeps while `requests` requests are counted, each yielding to the loop
    as a request does."""
    sweeps = 0
    limit = RateLimit(storage, 1000, 60)

    async def counted_sweep() -> None:
        nonlocal sweeps
        sweeps += 1

    # The sweep limits starts (its private coroutine, looked up on the instance).
    storage._MemoryStorage__expire_events = counted_sweep  # type: ignore[attr-defined]

    async def traffic() -> None:
        for number in range(requests):
            await limit.check(f"user:{number}", "GET /v1/me")
            await asyncio.sleep(0)

    asyncio.run(traffic())
    return sweeps


def test_the_counts_are_swept_now_and_then_not_after_every_request(tmp_path):
    assert isinstance(
        limit_storage(Database(f"sqlite+aiosqlite:///{tmp_path / 'server.db'}")), SweptMemoryStorage
    )
    assert sweeps_during(MemoryStorage(), 200) >= 100  # limits' own: a walk over every key per request
    assert sweeps_during(SweptMemoryStorage(), 200) == 1


def test_expired_counts_are_still_swept_out():
    storage = SweptMemoryStorage()
    storage.SWEEP_SECONDS = 0.2
    limit = RateLimit(storage, 10, window_seconds=1)

    async def scenario() -> tuple[int, int]:
        await limit.check("user:1", "GET /v1/me")
        held = len(storage.storage)
        await asyncio.sleep(1.3)  # the count expires, and a sweep is due
        await limit.check("user:2", "GET /v1/me")
        await asyncio.sleep(0.1)  # the sweep runs
        return held, len(storage.storage)

    held, left = asyncio.run(scenario())
    assert held == 1
    assert left == 1  # user:1's expired count is gone; only user:2's is held
