"""Who is calling: password hashing, access tokens, API keys, and scopes and the rate limit of a request."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from fastapi import Request
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract.enums import ROLE_SCOPES, ConsentSource, Role, Scope
from app.contract.errors import ErrorCode
from app.server.config import PasswordHashSettings
from app.server.errors import ApiError
from app.server.store import models as m
from app.server.store.db import REVOCATIONS_CHANNEL, Database

if TYPE_CHECKING:
    from argon2 import PasswordHasher


@functools.cache
def _hasher() -> PasswordHasher:
    """argon2's hasher, made (and argon2 imported, a tenth of a second) on first use, not at start:
    a desktop app's embedded server signs its user in with a token (`--demo-session`)."""
    from argon2 import PasswordHasher

    cost = PasswordHashSettings()
    return PasswordHasher(time_cost=cost.time_cost, memory_cost=cost.memory_kib, parallelism=cost.parallelism)


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so an unknown user costs as much as a wrong
    password. Made on first use, not at import: hashing is slow on purpose, and start-up should not be."""
    return _hasher().hash("switchboard-dummy-password")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


async def rehashed_password(password_hash: str, password: str) -> str | None:
    """A new hash of the (verified) password when `password_hash` was made with other argon2
    parameters than the server's now, else None; made off the event loop."""
    if not _hasher().check_needs_rehash(password_hash):
        return None
    return await asyncio.to_thread(hash_password, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Checks off the event loop (argon2 is deliberately slow)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    def check() -> bool:
        try:
            return _hasher().verify(password_hash or _dummy_hash(), password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(check)


def secret_digest(secret: str) -> bytes:
    """Tokens and API keys are random and long, so a plain SHA-256 is a safe way to store them."""
    return hashlib.sha256(secret.encode()).digest()


def new_secret(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


@dataclass(frozen=True)
class Principal:
    """The caller of a request: a signed-in user or an API key acting for its tenant."""

    tenant_id: int
    role: Role
    display_name: str
    credential: str  # stable per credential, for the rate limit
    user_id: int | None = None
    api_key_id: int | None = None

    @property
    def scopes(self) -> frozenset[Scope]:
        return ROLE_SCOPES[self.role]

    @property
    def source(self) -> ConsentSource:
        return ConsentSource.API if self.api_key_id is not None else ConsentSource.AGENT


async def announce_revoked(session: AsyncSession, digest: bytes | None) -> None:
    """Tells every server process, at the commit of `session`'s transaction, that the credential with
    this digest (None: every credential) no longer works, so none answers it from its cache. Only on
    PostgreSQL, where several processes may share the database (app.server.fanout hears it)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    payload = "*" if digest is None else digest.hex()
    await session.execute(
        text("SELECT pg_notify(:channel, :payload)"), {"channel": REVOCATIONS_CHANNEL, "payload": payload}
    )


class Authenticator:
    """Resolves credentials to a principal, with a short cache so a request costs no extra query.

    A revoked credential must stop working at once in every server process: the process that revokes
    it forgets it, and on PostgreSQL announces it (`announce_revoked`) to the others, whose listener
    calls `forget`. `cache_trusted` says whether such announcements arrive (while the listener is
    down they do not, and every request is looked up)."""

    CACHE_SECONDS = 10.0

    def __init__(self, db: Database, token_ttl: timedelta) -> None:
        self.db = db
        self.token_ttl = token_ttl
        self._cache: dict[bytes, tuple[float, Principal, datetime | None]] = {}
        self.cache_trusted: Callable[[], bool] = lambda: True

    async def issue_token(self, user: m.User, rehashed: str | None = None) -> tuple[str, int]:
        """A new access token for `user`; `rehashed` (a new hash of the password just verified) is
        stored in the same transaction, unless the password was changed meanwhile."""
        token = new_secret("sbt")
        async with self.db.write() as session:
            if rehashed is not None:
                await session.execute(
                    update(m.User)
                    .where(m.User.id == user.id, m.User.password_hash == user.password_hash)
                    .values(password_hash=rehashed)
                )
            session.add(
                m.AccessToken(
                    token_hash=secret_digest(token),
                    user_id=user.id,
                    expires_at=datetime.now(UTC) + self.token_ttl,
                )
            )
        return token, int(self.token_ttl.total_seconds())

    def forget(self, digest: bytes | None = None) -> None:
        """This credential (None: every one) is looked up again at its next request."""
        if digest is None:
            self._cache.clear()
        else:
            self._cache.pop(digest, None)

    async def principal(self, request: Request) -> Principal:
        authorization = request.headers.get("authorization", "")
        api_key = request.headers.get("x-api-key")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            digest = secret_digest(token.strip())
            lookup = self._user_for_token
        elif api_key:
            digest = secret_digest(api_key.strip())
            lookup = self._api_key
        else:
            raise ApiError(ErrorCode.UNAUTHENTICATED, headers={"WWW-Authenticate": "Bearer"})
        now = time.monotonic()
        cached = self._cache.get(digest) if self.cache_trusted() else None
        if cached and cached[0] > now and (cached[2] is None or cached[2] > datetime.now(UTC)):
            return cached[1]
        found = await lookup(digest)
        if found is None:
            raise ApiError(ErrorCode.UNAUTHENTICATED, headers={"WWW-Authenticate": "Bearer"})
        principal, expires_at = found
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[digest] = (now + self.CACHE_SECONDS, principal, expires_at)
        return principal

    async def _user_for_token(self, digest: bytes) -> tuple[Principal, datetime | None] | None:
        async with self.db.read() as session:
            row = (
                await session.execute(
                    select(m.User, m.AccessToken.expires_at)
                    .join(m.AccessToken, m.AccessToken.user_id == m.User.id)
                    .where(m.AccessToken.token_hash == digest)
                )
            ).first()
        if row is None or row[1] <= datetime.now(UTC):
            return None
        user = row[0]
        principal = Principal(
            tenant_id=user.tenant_id,
            role=Role(user.role),
            display_name=user.display_name,
            credential=f"user:{user.id}",
            user_id=user.id,
        )
        return principal, row[1]

    async def _api_key(self, digest: bytes) -> tuple[Principal, datetime | None] | None:
        async with self.db.read() as session:
            key = (
                await session.execute(
                    select(m.ApiKey).where(m.ApiKey.key_hash == digest, m.ApiKey.revoked_at.is_(None))
                )
            ).scalar_one_or_none()
        if key is None:
            return None
        principal = Principal(
            tenant_id=key.tenant_id,
            role=Role(key.role),
            display_name=f"API key {key.name}",
            credential=f"key:{key.id}",
            api_key_id=key.id,
        )
        return principal, None


def require(*scopes: Scope) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency: the authenticated caller, who must hold every given scope; rate-limited."""

    async def dependency(request: Request) -> Principal:
        state = request.app.state
        authenticator: Authenticator = state.authenticator
        principal = await authenticator.principal(request)
        route = request.scope.get("route")
        endpoint = f"{request.method} {getattr(route, 'path', request.url.path)}"
        await state.rate_limiter.check(principal.credential, endpoint)
        for scope in scopes:
            if scope not in principal.scopes:
                raise ApiError(ErrorCode.FORBIDDEN, scope.value)
        return principal

    # Read off the route table: what each route needs, for the scope matrix and the OpenAPI document.
    dependency.required_scopes = scopes  # type: ignore[attr-defined]
    return dependency


authenticated = require()
