"""When and how long the client waits before trying a request again (stamina backoff with jitter).

A request is tried again only when that cannot do harm: reads, writes that carry a requestId (the
server replays the first answer), and any request whose connection was never established. It is
tried again on a network failure, on a 5xx, and on 429 `rate.limited`, where the wait is at least
the server's `Retry-After`. A `Retry-After` longer than what is left of the call's deadline is not
waited for: the caller gets `RateLimited` at once and can tell the user when to try again.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import stamina

from app.client.errors import ConnectionFailed, NotSent, RateLimited, ServerUnavailable, TooManyAttempts
from app.contract.errors import ErrorCode

__all__ = ["RetryPolicy", "retry_decision"]

# A 5xx that says "never": trying again changes nothing.
_PERMANENT_5XX = frozenset({501, 505})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait between attempts; tests make the waits tiny."""

    #: Attempts in all, the first included; 1 turns retries off.
    attempts: int = 5
    #: First backoff in seconds; doubles (`wait_exp_base`) per attempt up to `wait_max`.
    wait_initial: float = 0.2
    wait_max: float = 5.0
    #: Up to this many random seconds are added to each wait, so clients do not retry in step.
    wait_jitter: float = 0.5
    wait_exp_base: float = 2.0

    @classmethod
    def no_retries(cls) -> RetryPolicy:
        return cls(attempts=1)

    def attempts_of(self, hook: Callable[[Exception], bool | float], *, unlimited: bool = False) -> Any:
        """stamina's attempts for one call; the call's deadline is enforced by the caller.

        `unlimited`: try for as long as the caller waits (the event stream's reconnection).
        """
        return stamina.retry_context(
            on=hook,
            attempts=None if unlimited else self.attempts,
            timeout=None,
            wait_initial=self.wait_initial,
            wait_max=self.wait_max,
            wait_jitter=self.wait_jitter,
            wait_exp_base=self.wait_exp_base,
        )


def retry_decision(
    policy: RetryPolicy, *, retryable: bool, deadline_at: float | None
) -> Callable[[Exception], bool | float]:
    """A stamina backoff hook: False to give up, True for the normal backoff, seconds to wait that long.

    `retryable` says whether the request may be sent twice; `deadline_at` is the call's deadline on
    the `time.monotonic()` clock (None: no deadline).
    """

    def decide(exc: Exception) -> bool | float:
        if isinstance(exc, NotSent):
            return True
        if not retryable:
            return False
        if isinstance(exc, ConnectionFailed):
            return True
        if isinstance(exc, RateLimited):
            if isinstance(exc, TooManyAttempts) or exc.error_code not in ("", ErrorCode.RATE_LIMITED):
                return False
            return _wait_at_least(exc.retry_after, policy, deadline_at)
        if isinstance(exc, ServerUnavailable):
            if exc.status in _PERMANENT_5XX:
                return False
            return _wait_at_least(exc.retry_after, policy, deadline_at)
        return False

    return decide


def _wait_at_least(retry_after: float | None, policy: RetryPolicy, deadline_at: float | None) -> bool | float:
    if retry_after is None:
        return True
    if deadline_at is not None and time.monotonic() + retry_after > deadline_at:
        # Waiting would only end in DeadlineExceeded; the server's own answer says more.
        return False
    # Jitter on top, never below: Retry-After is the earliest the server accepts again.
    return retry_after + random.uniform(0, policy.wait_jitter)
