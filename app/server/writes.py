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
from pydantic import BaseModel
from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract.base import IdempotentRequest
from app.contract.enums import EventType
from app.contract.errors import ErrorCode
from app.server.errors import ApiError, invalid
from app.server.routes.deps import app_database
from app.server.security import Principal
from app.server.store import models as m
from app.server.store.db import PENDING_EVENTS, Database

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
    #: `body.model_dump(mode="json")` when the route made it already (for an event of the same resource).
    body_json: dict[str, Any] | None = None


Work = Callable[[AsyncSession], Awaitable[WriteResult]]


class EventHub:
    """Wakes the event streams of this process when events were committed, and ends them when the
    server stops (`close`)."""

    def __init__(self) -> None:
        self._changed = asyncio.Event()
        self._closed = False

    def close(self) -> None:
        """The server is stopping: every stream ends, and a new one ends at once (its client resumes
        with Last-Event-ID on another process, or on this one restarted)."""
        self._closed = True
        self.notify()

    def is_closed(self) -> bool:
        return self._closed

    def notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def waiter(self) -> asyncio.Event:
        """Take this before reading, then wait on it: a commit in between is not missed."""
        return self._changed


def record_event(
    session: AsyncSession, tenant_id: int, type_: EventType, payload: BaseModel | dict[str, Any]
) -> None:
    """Stores an event in the write's own transaction; streams see it once it commits. `payload` is
    the resource as the REST API answers it, or that answer's JSON already made (`model_dump` in JSON
    mode), so a write that answers with the same resource makes it once. `Database.write` inserts a
    transaction's events together just before its commit."""
    data = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
    session.info.setdefault(PENDING_EVENTS, []).append(
        {"tenant_id": tenant_id, "type": type_.value, "data": data, "created_at": datetime.now(UTC)}
    )
    session.info["events"] = True


def _canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _fingerprints(request: Request, body: BaseModel | None, methods: Collection[str]) -> list[str]:
    """What identifies a request's content for each of `methods` (its own first): a hash of the method,
    the path and the body without its requestId. The body is made canonical once for all of them; the
    text hashed is `_canonical_json([method, path, body])`, as stored records were made."""
    payload = body.model_dump(mode="json", exclude={"request_id"}) if body is not None else None
    tail = "," + _canonical_json(request.url.path) + "," + _canonical_json(payload) + "]"
    return [hashlib.sha256(("[" + _canonical_json(method) + tail).encode()).hexdigest() for method in methods]


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


def _answer_json(result: WriteResult) -> bytes | None:
    """The answer's body as sent, made once for the response and the stored replay."""
    if result.body is None:
        return None
    dumped = result.body_json if result.body_json is not None else result.body.model_dump(mode="json")
    return json.dumps(dumped, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def _render(result: WriteResult, content: bytes | None) -> Response:
    if content is None:
        return Response(status_code=result.status, headers=result.headers)
    return Response(content, status_code=result.status, headers=result.headers, media_type="application/json")


def _stored(result: WriteResult, content: bytes | None) -> str:
    """The record a replay answers from, `_Stored`'s JSON, made around the answer's JSON as sent."""
    body = content.decode() if content is not None else "null"
    return '{"headers":' + json.dumps(result.headers, separators=(",", ":")) + ',"body":' + body + "}"


class _Stored(BaseModel):
    headers: dict[str, str]
    body: Any


_RECORD = m.IdempotencyRecord
#: The stored answer of a key, and storing one: made once, the statements of every keyed write.
_FIND_RECORD = select(_RECORD.fingerprint, _RECORD.status_code, _RECORD.body).where(
    _RECORD.tenant_id == bindparam("tenant_id"), _RECORD.key == bindparam("key")
)
_STORE_RECORD = insert(_RECORD)


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
    # Without a key nothing is compared or stored, so nothing needs the fingerprint.
    fingerprints = _fingerprints(request, body, [request.method, *same_as]) if key is not None else []
    for attempt in range(2):
        try:
            async with db.write(statements_on_loop=True) as session:
                if key is not None:
                    connection = await session.connection()
                    existing = (
                        await connection.execute(_FIND_RECORD, {"tenant_id": principal.tenant_id, "key": key})
                    ).first()
                    if existing is not None:
                        if existing.fingerprint not in fingerprints or existing.body is None:
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
                content = _answer_json(result)
                if key is not None:
                    await connection.execute(
                        _STORE_RECORD,
                        {
                            "tenant_id": principal.tenant_id,
                            "key": key,
                            "fingerprint": fingerprints[0],
                            "status_code": result.status,
                            "body": _stored(result, content) if replayable else None,
                            "created_at": datetime.now(UTC),
                        },
                    )
            return _render(result, content)
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
