"""API methods of signing in, the signed-in user, the tenant's users, API keys and the server's health."""

from __future__ import annotations

from uuid import UUID

from pydantic import TypeAdapter

from app.client.core import ClientCore, keyed, request_key
from app.contract.auth import (
    ApiKey,
    ApiKeyCreate,
    ApiKeyCreated,
    TokenRequest,
    TokenResponse,
    User,
    UserSummary,
)
from app.contract.customers import Health
from app.contract.enums import Role

_API_KEYS = TypeAdapter(list[ApiKey])
_USERS = TypeAdapter(list[UserSummary])


class SessionApi(ClientCore):
    async def sign_in(self, username: str, password: str) -> TokenResponse:
        """Exchange username and password for a token, which the client then uses for every call."""
        answer = await self._model(
            TokenResponse, "POST", "/v1/auth/token", body=TokenRequest(username=username, password=password)
        )
        self.set_api_key(None)
        self.set_token(answer.access_token)
        return answer

    async def me(self) -> User:
        """The signed-in user (for an API key: the role it acts as)."""
        return await self._model(User, "GET", "/v1/me")

    async def list_users(self) -> list[UserSummary]:
        """The tenant's users (THREAD_REVIEW), for reassigning a thread."""
        return await self._adapted(_USERS, "GET", "/v1/users")

    async def health(self) -> Health:
        """Liveness of the server; needs no credentials."""
        return await self._model(Health, "GET", "/healthz")

    async def create_api_key(self, name: str, role: Role, *, request_id: UUID | None = None) -> ApiKeyCreated:
        """Issue an API key for the caller's tenant (USER_ADMIN); its `key` is shown only this once."""
        body = keyed(ApiKeyCreate(name=name, role=role), request_id)
        return await self._model(ApiKeyCreated, "POST", "/v1/api-keys", body=body)

    async def list_api_keys(self) -> list[ApiKey]:
        return await self._adapted(_API_KEYS, "GET", "/v1/api-keys")

    async def delete_api_key(self, api_key_id: int, *, request_id: UUID | None = None) -> None:
        """Revoke a key; it stops working at once."""
        await self._send("DELETE", f"/v1/api-keys/{api_key_id}", idempotency_key=request_key(request_id))
