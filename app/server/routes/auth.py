"""Sign-in, the signed-in user, the tenant's users, and API keys."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract import auth as ca
from app.contract.enums import ROLE_SCOPES, Role, Scope
from app.contract.errors import ErrorCode
from app.server.errors import ApiError
from app.server.openapi import answers
from app.server.routes.deps import AppDatabase, ReadSession
from app.server.routes.params import IdPath
from app.server.security import (
    Principal,
    announce_revoked,
    authenticated,
    new_secret,
    rehashed_password,
    require,
    secret_digest,
    verify_password,
)
from app.server.store import models as m
from app.server.tenancy import load_in_tenant
from app.server.throttling import SignInThrottle
from app.server.writes import WriteResult, run_write

router = APIRouter(prefix="/v1", tags=["auth"])


def user_view(user: m.User) -> ca.User:
    role = Role(user.role)
    return ca.User(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=role,
        tenant_id=user.tenant_id,
        scopes=sorted(ROLE_SCOPES[role]),
    )


@router.post(
    "/auth/token",
    response_model=ca.TokenResponse,
    responses=answers(ErrorCode.UNAUTHENTICATED, ErrorCode.RATE_LIMITED, ErrorCode.SIGN_IN_THROTTLED),
)
async def sign_in(body: ca.TokenRequest, request: Request, db: AppDatabase) -> ca.TokenResponse:
    """Exchange username and password for a bearer token. After too many failed sign-ins for the
    username or from the address, every attempt answers 429 `auth.throttled` for a while."""
    state = request.app.state
    client = request.client.host if request.client else "unknown"
    await state.rate_limiter.check(f"ip:{client}", "POST /v1/auth/token")
    # Before anything is looked up, so a throttled attempt tells nothing, whoever it names.
    throttle: SignInThrottle = state.sign_in_throttle
    await throttle.admit(body.username, client)
    # The read ends before the password check, which is slow on purpose, and the token's write.
    async with db.read() as session:
        user = (
            await session.execute(select(m.User).where(m.User.username == body.username))
        ).scalar_one_or_none()
    if not await verify_password(user.password_hash if user else None, body.password) or user is None:
        await throttle.failed(client)
        raise ApiError(ErrorCode.UNAUTHENTICATED)
    await throttle.succeeded(body.username)
    rehashed = await rehashed_password(user.password_hash, body.password)
    token, expires_in = await state.authenticator.issue_token(user, rehashed)
    return ca.TokenResponse(access_token=token, expires_in=expires_in, user=user_view(user))


@router.get("/me", response_model=ca.User)
async def me(session: ReadSession, principal: Annotated[Principal, Depends(authenticated)]) -> ca.User:
    """The signed-in user (for an API key: the role it acts as)."""
    if principal.user_id is not None:
        user = await session.get(m.User, principal.user_id)
        if user is not None:
            return user_view(user)
    return ca.User(
        user_id=0,
        username=principal.credential,
        display_name=principal.display_name,
        role=principal.role,
        tenant_id=principal.tenant_id,
        scopes=sorted(principal.scopes),
    )


def _api_key_view(key: m.ApiKey) -> ca.ApiKey:
    return ca.ApiKey(api_key_id=key.id, name=key.name, role=Role(key.role), created_at=key.created_at)


@router.post("/api-keys", status_code=201, response_model=ca.ApiKeyCreated)
async def create_api_key(
    body: ca.ApiKeyCreate,
    request: Request,
    principal: Annotated[Principal, Depends(require(Scope.USER_ADMIN))],
) -> Response:
    """Issue an API key acting with the given role in the caller's tenant; the key is shown once."""

    async def work(session: AsyncSession) -> WriteResult:
        secret = new_secret("sbk")
        key = m.ApiKey(
            tenant_id=principal.tenant_id,
            name=body.name,
            role=body.role.value,
            key_hash=secret_digest(secret),
            created_by=principal.user_id or 0,
            created_at=datetime.now(UTC),
            revoked_at=None,
        )
        if principal.user_id is None:
            raise ApiError(ErrorCode.FORBIDDEN, Scope.USER_ADMIN.value)
        session.add(key)
        await session.flush()
        view = _api_key_view(key)
        return WriteResult(201, ca.ApiKeyCreated(**view.model_dump(), key=secret))

    # The key is shown once and stored only hashed: never kept for a replay.
    return await run_write(request, principal, body, work, replayable=False)


@router.get("/api-keys", response_model=list[ca.ApiKey])
async def list_api_keys(
    session: ReadSession, principal: Annotated[Principal, Depends(require(Scope.USER_ADMIN))]
) -> list[ca.ApiKey]:
    rows = await session.execute(
        select(m.ApiKey)
        .where(m.ApiKey.tenant_id == principal.tenant_id, m.ApiKey.revoked_at.is_(None))
        .order_by(m.ApiKey.id)
    )
    return [_api_key_view(key) for key in rows.scalars()]


@router.delete("/api-keys/{apiKeyId}", status_code=204)
async def delete_api_key(
    apiKeyId: IdPath,
    request: Request,
    db: AppDatabase,
    principal: Annotated[Principal, Depends(require(Scope.USER_ADMIN))],
) -> Response:
    """Revoke a key; it stops working at once."""
    async with db.write() as session:
        key = await load_in_tenant(session, principal, m.ApiKey, apiKeyId, lambda key: key.revoked_at is None)
        key.revoked_at = datetime.now(UTC)
        digest = key.key_hash
        await announce_revoked(session, digest)
    request.app.state.authenticator.forget(digest)
    return Response(status_code=204)


@router.get("/users", response_model=list[ca.UserSummary])
async def list_users(
    session: ReadSession, principal: Annotated[Principal, Depends(require(Scope.THREAD_REVIEW))]
) -> list[ca.UserSummary]:
    """The tenant's users by name, for reassigning a thread."""
    rows = await session.execute(
        select(m.User).where(m.User.tenant_id == principal.tenant_id).order_by(m.User.display_name, m.User.id)
    )
    return [
        ca.UserSummary(
            user_id=user.id, username=user.username, display_name=user.display_name, role=Role(user.role)
        )
        for user in rows.scalars()
    ]
