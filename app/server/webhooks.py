"""Webhook deliveries: each stored event of a subscribed type POSTed, signed, to each webhook, at
least once, retried on a growing schedule, from tables that survive a restart.

Every server process runs one `WebhookDispatcher`. It follows the events table from each webhook's
cursor (`last_event_id`; events commit in id order, see app.server.store.db) and stores a PENDING
delivery for each subscribed event, so the request that wrote the event does no work for webhooks.
Then it claims the deliveries that are due: on PostgreSQL `FOR UPDATE SKIP LOCKED`, so two processes
never claim the same; on SQLite the write transaction (`BEGIN IMMEDIATE`) holds the database for the
claim. A claim is a token with a lease longer than an attempt may take; the attempt's outcome is
stored only while the delivery still carries that token, so each attempt is made by one process.
A process that dies mid-attempt leaves its claim to expire, and the delivery is attempted again.

The dispatcher wakes when this process's `EventHub` says events were committed, when an attempt ends,
and otherwise when the next attempt is due (at the latest after `IDLE_SECONDS`, so a delivery another
process stored, or a missed wake, costs latency, never a delivery).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import random
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, exists, func, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from app.contract.events import WebhookDeliveryStatus
from app.server.config import ServerSettings
from app.server.store import models as m
from app.server.store.db import Database
from app.server.webhook_addresses import AddressRefused, target_of
from app.server.writes import EventHub
from app.version import app_version

EVENT_ID_HEADER = "X-Switchboard-Event-Id"
SIGNATURE_HEADER = "X-Switchboard-Signature"
#: Each retry's delay is the schedule's, up to this share longer or shorter (api.md: up to 20%).
JITTER = 0.2
#: The longest sleep without looking at the tables.
IDLE_SECONDS = 5.0
#: The shortest time between two passes: under a stream of writes, their wakes are taken together.
PASS_SPACING = 0.1
#: Attempts one process has open at a time.
MAX_IN_FLIGHT = 16
#: Events a webhook's cursor moves over in one transaction.
BATCH = 500
#: How much longer than an attempt may take a claim lasts: time to store the attempt's outcome.
LEASE_MARGIN = timedelta(seconds=5)

if TYPE_CHECKING:
    import httpx

log = logging.getLogger("switchboard.server.webhooks")

_PENDING = WebhookDeliveryStatus.PENDING.value


def signature(secret: str, body: bytes, at: int) -> str:
    """`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>` (api.md)."""
    digest = hmac.new(secret.encode(), str(at).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


def delivery_body(event_id: int, type_: str, data: Any) -> bytes:
    """The event's JSON `{eventId, type, data}`; `data` as the event stream sends it."""
    payload = {"eventId": event_id, "type": type_, "data": data}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def retry_delay(delays: Sequence[float], attempts_made: int, rng: random.Random) -> float | None:
    """Seconds until the next attempt after `attempts_made` failed ones, with jitter; None after the
    last retry of the schedule (then the delivery is FAILED)."""
    if attempts_made > len(delays):
        return None
    return delays[attempts_made - 1] * rng.uniform(1 - JITTER, 1 + JITTER)


@dataclass(frozen=True)
class _Claimed:
    delivery_id: int
    webhook_id: int
    token: str
    attempts: int
    url: str
    secret: str
    event_id: int
    event_type: str
    data: Any


def _now() -> datetime:
    return datetime.now(UTC)


class WebhookDispatcher:
    """Stores the deliveries of new events and makes the attempts that are due, until `stop`."""

    def __init__(self, db: Database, hub: EventHub, settings: ServerSettings) -> None:
        self._db = db
        self._hub = hub
        self._delays = tuple(settings.webhook_retry_delays)
        self._timeout = settings.webhook_timeout_seconds
        self._allow_private = settings.allow_private_webhooks
        self._lease = timedelta(seconds=self._timeout) + LEASE_MARGIN
        self._rng = random.Random()
        self._woken = asyncio.Event()
        #: Set by `stop`. The loop also ends by it: a cancellation that arrives inside a database call
        #: can come out as the failed rollback's error instead, which the loop logs and outlives.
        self._stopping = asyncio.Event()
        self._in_flight: dict[asyncio.Task[None], str] = {}
        self._task: asyncio.Task[None] | None = None
        #: Made for the first attempt: a server without webhooks never loads httpx (a fifth of a
        #: second at start) nor makes a client (its TLS context, tens of milliseconds).
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            import httpx

            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(self._timeout),
                follow_redirects=False,  # a redirect could lead to an address that was never checked
                trust_env=False,
                headers={"User-Agent": f"Switchboard-Webhooks/{app_version()}"},
            )
        return self._client

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="webhook-dispatcher")

    async def stop(self) -> None:
        """Ends the loop and the open attempts, and gives their claims back, so another process
        (or this one's next start) attempts them at once instead of after the lease."""
        self._stopping.set()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        # The loop has ended: no attempt starts now.
        tasks = list(self._in_flight)
        tokens = set(self._in_flight.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if tokens:
            try:
                async with self._db.write() as session:
                    await session.execute(
                        update(m.WebhookDelivery)
                        .where(m.WebhookDelivery.claim_token.in_(tokens))
                        .values(claim_token=None, claimed_until=None)
                    )
            except SQLAlchemyError:
                log.warning("could not give back the claims of %d attempts; they expire", len(tokens))
        if self._client is not None:
            await self._client.aclose()

    async def _run(self) -> None:
        last_pass = 0.0
        while not self._stopping.is_set():
            waiter = self._hub.waiter()  # taken before the pass: an event committed during it wakes us
            self._woken.clear()
            last_pass = time.monotonic()
            try:
                await self._store_deliveries()
                # Read first: most passes find nothing due, and a claim is a write transaction.
                wait = await self._seconds_to_next_due()
                if wait <= 0:
                    wait = IDLE_SECONDS  # with every slot taken, an attempt that ends wakes us
                    if self._room() > 0:
                        await self._start_due_attempts()
                        wait = await self._seconds_to_next_due()
            except Exception:  # the database gone, say: the loop must outlive it
                if self._stopping.is_set():
                    return  # the cancellation of `stop`, come out as a database call's error
                log.exception("webhook dispatch failed; trying again in %s s", IDLE_SECONDS)
                wait = IDLE_SECONDS
            await self._sleep(waiter, wait)
            await asyncio.sleep(max(0.0, last_pass + PASS_SPACING - time.monotonic()))

    async def _sleep(self, waiter: asyncio.Event, seconds: float) -> None:
        waits = [asyncio.ensure_future(event.wait()) for event in (waiter, self._woken, self._stopping)]
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for each in waits:
                each.cancel()

    # -- deliveries from the events table

    async def _store_deliveries(self) -> None:
        webhook, event = m.Webhook, m.Event
        behind = exists().where(event.tenant_id == webhook.tenant_id, event.id > webhook.last_event_id)
        async with self._db.read() as session:
            webhook_ids = (await session.execute(select(webhook.id).where(behind))).scalars().all()
        for webhook_id in webhook_ids:
            while await self._store_batch(webhook_id):
                pass

    async def _store_batch(self, webhook_id: int) -> bool:
        """Stores the deliveries of up to BATCH events after the webhook's cursor and moves it; True
        when there may be more. A webhook another process is at (locked) is skipped."""
        async with self._db.write() as session:
            found = (
                await session.execute(
                    select(m.Webhook.tenant_id, m.Webhook.event_types, m.Webhook.last_event_id)
                    .where(m.Webhook.id == webhook_id)
                    .with_for_update(skip_locked=True)
                )
            ).first()
            if found is None:
                return False
            tenant_id, event_types, cursor = found
            events = (
                await session.execute(
                    select(m.Event.id, m.Event.type)
                    .where(m.Event.tenant_id == tenant_id, m.Event.id > cursor)
                    .order_by(m.Event.id)
                    .limit(BATCH)
                )
            ).all()
            if not events:
                return False
            now = _now()
            subscribed = set(event_types)
            rows = [
                {
                    "webhook_id": webhook_id,
                    "event_id": event_id,
                    "status": _PENDING,
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                }
                for event_id, type_ in events
                if type_ in subscribed
            ]
            if rows:
                await session.execute(insert(m.WebhookDelivery), rows)
            await session.execute(
                update(m.Webhook).where(m.Webhook.id == webhook_id).values(last_event_id=events[-1][0])
            )
        if rows:
            self._woken.set()
        return len(events) == BATCH

    # -- attempts

    def _claimable(self, now: datetime) -> tuple[ColumnElement[bool], ...]:
        """PENDING and claimed by nobody (or by a process whose lease ran out)."""
        delivery = m.WebhookDelivery
        return (
            delivery.status == _PENDING,
            or_(delivery.claimed_until.is_(None), delivery.claimed_until < now),
        )

    def _room(self) -> int:
        """How many more attempts this process may have open now."""
        return MAX_IN_FLIGHT - len(self._in_flight)

    async def _start_due_attempts(self) -> None:
        for claimed in await self._claim(self._room()):
            task = asyncio.create_task(self._attempt(claimed))
            self._in_flight[task] = claimed.token
            task.add_done_callback(self._attempt_ended)

    def _attempt_ended(self, task: asyncio.Task[None]) -> None:
        self._in_flight.pop(task, None)
        if not task.cancelled() and task.exception() is not None:
            log.error("a webhook attempt failed", exc_info=task.exception())
        self._woken.set()

    async def _claim(self, limit: int) -> list[_Claimed]:
        delivery = m.WebhookDelivery
        now = _now()
        token = uuid.uuid4().hex
        async with self._db.write() as session:
            ids = (
                (
                    await session.execute(
                        select(delivery.id)
                        .where(delivery.next_attempt_at <= now, *self._claimable(now))
                        .order_by(delivery.next_attempt_at, delivery.id)
                        .limit(limit)
                        .with_for_update(skip_locked=True)
                    )
                )
                .scalars()
                .all()
            )
            if not ids:
                return []
            await session.execute(
                update(delivery)
                .where(delivery.id.in_(ids))
                .values(claim_token=token, claimed_until=now + self._lease)
            )
            rows = await session.execute(
                select(
                    delivery.id,
                    delivery.webhook_id,
                    delivery.attempts,
                    m.Webhook.url,
                    m.Webhook.secret,
                    m.Event.id,
                    m.Event.type,
                    m.Event.data,
                )
                .join(m.Webhook, m.Webhook.id == delivery.webhook_id)
                .join(m.Event, m.Event.id == delivery.event_id)
                .where(delivery.id.in_(ids))
                .order_by(delivery.id)
            )
            return [
                _Claimed(row[0], row[1], token, row[2], row[3], row[4], row[5], row[6], row[7])
                for row in rows
            ]

    async def _seconds_to_next_due(self) -> float:
        """Until the earliest due attempt, or the earliest claim to expire; at most IDLE_SECONDS."""
        delivery = m.WebhookDelivery
        now = _now()
        async with self._db.read() as session:
            due = (
                await session.execute(select(func.min(delivery.next_attempt_at)).where(*self._claimable(now)))
            ).scalar()
            lease = (
                await session.execute(
                    select(func.min(delivery.claimed_until)).where(
                        delivery.status == _PENDING, delivery.claimed_until >= now
                    )
                )
            ).scalar()
        times = [when for when in (due, lease) if when is not None]
        if not times:
            return IDLE_SECONDS
        return min(IDLE_SECONDS, max(0.0, (min(times) - now).total_seconds()))

    async def _attempt(self, claimed: _Claimed) -> None:
        attempt = claimed.attempts + 1
        at = _now()
        started = time.monotonic()
        try:
            status_code, error = await self._post(claimed)
        except Exception as failure:  # counted as a failed attempt, so a fault cannot retry forever
            log.exception("attempt %d of delivery %d failed", attempt, claimed.delivery_id)
            status_code, error = None, f"not sent: {type(failure).__name__}"
        duration_ms = round((time.monotonic() - started) * 1000)
        next_attempt_at: datetime | None = None
        if status_code is not None and 200 <= status_code < 300:
            status = WebhookDeliveryStatus.DELIVERED
        else:
            delay = retry_delay(self._delays, attempt, self._rng)
            if delay is None:
                status = WebhookDeliveryStatus.FAILED
            else:
                status = WebhookDeliveryStatus.PENDING
                next_attempt_at = _now() + timedelta(seconds=delay)
        delivery = m.WebhookDelivery
        try:
            async with self._db.write() as session:
                still_ours = (
                    await session.execute(
                        update(delivery)
                        .where(delivery.id == claimed.delivery_id, delivery.claim_token == claimed.token)
                        .values(
                            status=status.value,
                            attempts=attempt,
                            next_attempt_at=next_attempt_at,
                            claim_token=None,
                            claimed_until=None,
                        )
                        .returning(delivery.id)
                    )
                ).first()
                if still_ours is None:
                    return  # the webhook was deleted meanwhile (or the demo reset)
                await session.execute(
                    insert(m.WebhookAttempt).values(
                        delivery_id=claimed.delivery_id,
                        webhook_id=claimed.webhook_id,
                        attempt=attempt,
                        at=at,
                        status_code=status_code,
                        error=error[:500] if error else None,
                        duration_ms=duration_ms,
                        next_attempt_at=next_attempt_at,
                    )
                )
        except SQLAlchemyError:
            log.exception("could not store attempt %d of delivery %d", attempt, claimed.delivery_id)

    async def _post(self, claimed: _Claimed) -> tuple[int | None, str | None]:
        """The receiver's status code, or why there is none. The timeout bounds the whole attempt,
        resolving the name included, so the claim's lease outlasts any attempt."""
        import httpx

        try:
            async with asyncio.timeout(self._timeout):
                return await self._send(claimed)
        except (TimeoutError, httpx.TimeoutException):
            return None, f"no answer within {self._timeout:g} s"

    async def _send(self, claimed: _Claimed) -> tuple[int | None, str | None]:
        import httpx

        body = delivery_body(claimed.event_id, claimed.event_type, claimed.data)
        try:
            target = await target_of(claimed.url, self._allow_private, self._timeout)
        except AddressRefused as refused:
            return None, f"not sent: {refused}"
        except (ValueError, httpx.InvalidURL) as error:  # the attempt is logged whatever went wrong
            return None, f"not sent: {type(error).__name__}: {error}"
        headers = {
            **target.headers,
            "Content-Type": "application/json",
            EVENT_ID_HEADER: str(claimed.event_id),
            SIGNATURE_HEADER: signature(claimed.secret, body, int(time.time())),
        }
        try:
            async with self._http().stream(
                "POST", target.url, content=body, headers=headers, extensions=target.extensions
            ) as response:
                return response.status_code, None
        except httpx.TimeoutException:
            raise
        except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as failure:
            return None, f"{type(failure).__name__}: {failure}"
