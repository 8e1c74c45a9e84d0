"""The write path: one transaction per request, idempotent by `requestId`, with its events stored inside."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract.base import IdempotentRequest
from app.contract.enums import EventType
from app.contract.errors import ErrorCode
from app.server.errors import ApiError, invalid
from app.server.routes.deps import app_database
from app.server.security import Principal
from app.server.store import models as m
from app.server.store.db import Database

IDEMPOTENCY_HEADER = "idempotency-key"
#: How long a requestId replays its first answer (api.md: at least 24 h).
IDEMPOTENCY_KEPT = timedelta(hours=24)
#: How often a running server forgets the requestIds older than that.
PURGE_INTERVAL = timedelta(hours=1)

log = logging.getLogger("switchboard.server.writes")


@dataclass
class WriteResult:
    """What a write answers: status, body (None for 204) and extra headers such as ETag."""

    status: int
    body: BaseModel | None = None
    headers: dict[str, str] = field(default_factory=dict)


Work = Callable[[AsyncSession], Awaitable[WriteResult]]


class EventHub:
    """Wakes the event streams of this process when events were committed."""

    def __init__(self) -> None:
        self._changed = asyncio.Event()

    def notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def waiter(self) -> asyncio.Event:
        """Take this before reading, then wait on it: a commit in between is not missed."""
        return self._changed


def record_event(session: AsyncSession, tenant_id: int, type_: EventType, payload: BaseModel) -> None:
    """Stores an event in the write's own transaction; streams see it once it commits."""
    session.add(
        m.Event(
            tenant_id=tenant_id,
            type=type_.value,
            data=payload.model_dump(mode="json"),
            created_at=datetime.now(UTC),
        )
    )
    session.info["events"] = True


def _fingerprint(method: str, request: Request, body: BaseModel | None) -> str:
    payload = body.model_dump(mode="json", exclude={"request_id"}) if body is not None else None
    canonical = json.dumps([method, request.url.path, payload], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _idempotency_key(request: Request, body: BaseModel | None) -> str | None:
    if isinstance(body, IdempotentRequest) and body.request_id is not None:
        return str(body.request_id)
    header = request.headers.get(IDEMPOTENCY_HEADER)
    if header is None:
        return None
    header = header.strip()
    if not header or len(header) > 200:
        raise invalid("Idempotency-Key must be 1 to 200 characters", reference="Idempotency-Key")
    return header


def _render(result: WriteResult, replayed: bool = False) -> Response:
    headers = dict(result.headers)
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    if result.body is None:
        return Response(status_code=result.status, headers=headers)
    return JSONResponse(result.body.model_dump(mode="json"), status_code=result.status, headers=headers)


class _Stored(BaseModel):
    headers: dict[str, str]
    body: Any


async def run_write(
    request: Request,
    principal: Principal,
    body: BaseModel | None,
    work: Work,
    *,
    replayable: bool = True,
    same_as: Collection[str] = (),
) -> Response:
    """Runs `work` in one transaction, or replays the answer a same-keyed earlier request got.

    The key (`requestId`, else the `Idempotency-Key` header) is optional: without one the request is
    applied once per request, as Magicline's own bodies (which have none) expect.
    Error answers are not stored: they changed nothing, so a retry is evaluated afresh.
    `replayable=False` is for answers holding a secret shown once (a new API key): the answer
    is not stored, and a repeated key is 409 instead of a replay.
    `same_as` names the other methods this path answers the same to (PUT, the alias of POST): a
    request by one of them with the same key and body replays the first answer too.
    """
    db = app_database(request)
    key = _idempotency_key(request, body)
    fingerprint = _fingerprint(request.method, request, body)
    same = {fingerprint, *(_fingerprint(method, request, body) for method in same_as)}
    for attempt in range(2):
        try:
            async with db.write() as session:
                if key is not None:
                    existing = await session.get(m.IdempotencyRecord, (principal.tenant_id, key))
                    if existing is not None:
                        if existing.fingerprint not in same or existing.body is None:
                            raise ApiError(ErrorCode.ID_REUSED)
                        stored = _Stored.model_validate_json(existing.body or "{}")
                        replay = Response(
                            content=json.dumps(stored.body).encode() if stored.body is not None else b"",
                            status_code=existing.status_code,
                            headers={**stored.headers, "Idempotent-Replayed": "true"},
                            media_type="application/json" if stored.body is not None else None,
                        )
                        return replay
                result = await work(session)
                if key is not None:
                    stored_body = result.body.model_dump(mode="json") if result.body is not None else None
                    session.add(
                        m.IdempotencyRecord(
                            tenant_id=principal.tenant_id,
                            key=key,
                            fingerprint=fingerprint,
                            status_code=result.status,
                            body=_Stored(headers=result.headers, body=stored_body).model_dump_json()
                            if replayable
                            else None,
                            created_at=datetime.now(UTC),
                        )
                    )
            return _render(result)
        except IntegrityError:
            # Another process stored the same key meanwhile (PostgreSQL): replay its answer.
            if attempt or key is None:
                raise
    raise AssertionError("unreachable")


async def purge_idempotency_keys(db: Database, kept: timedelta = IDEMPOTENCY_KEPT) -> None:
    """Forgets the requestIds stored longer ago than `kept`; a retry after that is a new request."""
    cutoff = datetime.now(UTC) - kept
    async with db.write() as session:
        await session.execute(delete(m.IdempotencyRecord).where(m.IdempotencyRecord.created_at < cutoff))


async def purge_idempotency_keys_periodically(db: Database, every: timedelta = PURGE_INTERVAL) -> None:
    """Runs for the server's life (the lifespan purges once at start, then starts this), so the
    idempotency table holds about a day of writes instead of growing forever. A failed purge (the
    database busy or gone) is logged and tried again at the next interval."""
    while True:
        await asyncio.sleep(every.total_seconds())
        try:
            await purge_idempotency_keys(db)
        except SQLAlchemyError:
            log.exception("purging the idempotency keys failed; trying again in %s", every)
