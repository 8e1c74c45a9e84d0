"""Communication preferences (category x channel), message categories and the consent history."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract import customers as cu
from app.contract import preferences as cp
from app.contract.base import Page
from app.contract.enums import EventType, Scope
from app.contract.errors import ErrorCode
from app.server.consent import consent_change_values
from app.server.errors import ApiError, invalid
from app.server.openapi import answers
from app.server.routes.deps import ReadSession
from app.server.routes.pages import page_of
from app.server.routes.params import IdPath, Paging, paging
from app.server.security import Principal, require
from app.server.serialise.customers import consent_view
from app.server.serialise.preferences import (
    categories_of,
    category_view,
    consent_of,
    preferences_of,
    preferences_view,
)
from app.server.store import models as m
from app.server.tenancy import load_customer
from app.server.writes import WriteResult, record_event, run_write

router = APIRouter(prefix="/v1", tags=["preferences"])

PREFERENCES_PATH = "/communications/{customerId}/communication-preferences"


def etag(version: int) -> str:
    return f'"{version}"'


def _matches(if_match: str, version: int) -> bool:
    candidates = [part.strip() for part in if_match.split(",")]
    for candidate in candidates:
        if candidate == "*":
            return True
        candidate = candidate.removeprefix("W/").strip('"')
        if candidate == str(version):
            return True
    return False


@router.get(PREFERENCES_PATH, response_model=cp.CommunicationPreferences)
async def get_communication_preferences(
    customerId: IdPath,
    session: ReadSession,
    response: Response,
    principal: Annotated[Principal, Depends(require(Scope.COMMUNICATION_PREFERENCES_READ))],
) -> cp.CommunicationPreferences:
    """Every category/channel pair with its state; the version is also the `ETag`."""
    customer = await load_customer(session, principal, customerId)
    view = await preferences_view(session, customer)
    response.headers["ETag"] = etag(view.version)
    return view


@router.put(
    PREFERENCES_PATH,
    response_model=cp.CommunicationPreferences,
    responses=answers(ErrorCode.VERSION_CONFLICT),
)
async def update_communication_preferences(
    customerId: IdPath,
    body: cp.CommunicationPreferencesUpdate,
    request: Request,
    principal: Annotated[Principal, Depends(require(Scope.COMMUNICATION_PREFERENCES_WRITE))],
    if_match: Annotated[str | None, Header(max_length=200)] = None,
) -> Response:
    """Change only the listed pairs. A stale `If-Match` is 412; a locked pair is 422."""

    async def work(session: AsyncSession) -> WriteResult:
        customer = await load_customer(session, principal, customerId, for_update=True)
        if if_match is not None and not _matches(if_match, customer.prefs_version):
            raise ApiError(ErrorCode.VERSION_CONFLICT, customer.prefs_version)
        consent = await consent_of(session, principal.tenant_id, customer.id)
        categories = {c.name: c for c in consent.categories}
        stored = consent.stored
        wanted: dict[tuple[int, str], bool] = {}
        now = datetime.now(UTC)
        changes: list[dict[str, Any]] = []
        changed_pairs: list[dict[str, Any]] = []
        for i, listed in enumerate(body.preferences):
            category = categories.get(listed.message_category)
            if category is None:
                raise invalid("unknown message category", reference=f"preferences[{i}].messageCategory")
            channels = {c["communicationChannel"]: c for c in category.channels}
            for j, change in enumerate(listed.channels):
                where = f"preferences[{i}].channels[{j}]"
                channel = channels.get(change.communication_channel.value)
                if channel is None:
                    raise invalid(
                        "this channel is not offered for the category",
                        reference=f"{where}.communicationChannel",
                    )
                pair = (category.id, change.communication_channel.value)
                if wanted.setdefault(pair, change.active) != change.active:
                    raise invalid("the same pair is listed twice with different values", reference=where)
                current = consent.active(category, change.communication_channel.value)
                if current == change.active:
                    continue
                if not channel.get("customerOverridable", True):
                    raise invalid("this pair is not customer-overridable", reference=f"{where}.active")
                stored[pair] = change.active
                changed_pairs.append(
                    {
                        "customer_id": customer.id,
                        "category_id": category.id,
                        "channel": pair[1],
                        "active": change.active,
                    }
                )
                changes.append(
                    consent_change_values(
                        principal,
                        customer.id,
                        at=now,
                        source=body.source,
                        request_id=body.request_id,
                        previous=current,
                        current=change.active,
                        category=category.name,
                        channel=change.communication_channel,
                    )
                )
        if changes:
            # Prepared statements instead of merges and the commit's flush: the pairs, their history,
            # the customer's new version (the customer is held for update, see load_customer).
            connection = await session.connection()
            await connection.execute(_store_pairs(connection.dialect.name), changed_pairs)
            await connection.execute(_RECORD_CHANGES, changes)
            session.expunge(customer)
            customer.prefs_version += 1
            customer.prefs_updated_at = now
            await connection.execute(
                _NEW_VERSION,
                {"row_id": customer.id, "prefs_version": customer.prefs_version, "prefs_updated_at": now},
            )
        view = preferences_of(customer, consent)
        answer = view.model_dump(mode="json")
        if changes:
            record_event(session, principal.tenant_id, EventType.PREFERENCES_UPDATED, answer)
        return WriteResult(200, view, {"ETag": etag(view.version)}, body_json=answer)

    return await run_write(request, principal, body, work)


def _upsert_pairs(insert_for: Callable[[type[m.Preference]], Any]) -> Any:
    statement = insert_for(m.Preference)
    return statement.on_conflict_do_update(
        index_elements=[m.Preference.customer_id, m.Preference.category_id, m.Preference.channel],
        set_={"active": statement.excluded.active},
    )


@functools.cache
def _store_pairs(dialect: str) -> Any:
    """A customer's changed category/channel pairs stored (a new row, or the stored one's state), for
    the engine's dialect; made once, on first use (a server on SQLite never loads PostgreSQL's)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return _upsert_pairs(postgresql_insert)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return _upsert_pairs(sqlite_insert)


_RECORD_CHANGES = insert(m.ConsentChange)
_NEW_VERSION = (
    update(m.Customer)
    .where(m.Customer.id == bindparam("row_id"))
    .values(prefs_version=bindparam("prefs_version"), prefs_updated_at=bindparam("prefs_updated_at"))
)


@router.get("/message-categories", response_model=list[cp.MessageCategory])
async def list_message_categories(
    session: ReadSession,
    principal: Annotated[Principal, Depends(require(Scope.COMMUNICATION_PREFERENCES_READ))],
) -> list[cp.MessageCategory]:
    return [category_view(c) for c in await categories_of(session, principal.tenant_id)]


@router.post("/message-categories", status_code=201, response_model=cp.MessageCategory)
async def create_message_category(
    body: cp.MessageCategoryCreate,
    request: Request,
    principal: Annotated[Principal, Depends(require(Scope.CATEGORY_WRITE))],
) -> Response:
    async def work(session: AsyncSession) -> WriteResult:
        existing = {c.name for c in await categories_of(session, principal.tenant_id)}
        if body.message_category in existing:
            raise invalid("a message category with this name exists", reference="messageCategory")
        seen = [c.communication_channel for c in body.channels]
        if len(seen) != len(set(seen)):
            raise invalid("a channel is listed twice", reference="channels")
        category = m.MessageCategory(
            tenant_id=principal.tenant_id,
            name=body.message_category,
            display_name=body.display_name_or_readable().model_dump(mode="json"),
            kind=body.kind.value,
            channels=[c.model_dump(mode="json") for c in body.channels],
        )
        session.add(category)
        await session.flush()
        return WriteResult(201, category_view(category))

    return await run_write(request, principal, body, work)


@router.get("/customers/{customerId}/consent-history", response_model=Page[cu.ConsentChange])
async def get_consent_history(
    customerId: IdPath,
    session: ReadSession,
    principal: Annotated[Principal, Depends(require(Scope.COMMUNICATION_PREFERENCES_READ))],
    page: Annotated[Paging, Depends(paging)],
) -> Page[cu.ConsentChange]:
    """Every change of a preference or marketing preference, newest first."""
    customer = await load_customer(session, principal, customerId)
    query = (
        select(m.ConsentChange)
        .where(m.ConsentChange.customer_id == customer.id)
        .order_by(m.ConsentChange.id.desc())
    )
    return await page_of(session, query, page, lambda rows: [consent_view(change) for (change,) in rows])
