"""Sign-in, the signed-in user and API keys."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from app.contract.base import ApiModel, IdempotentRequest, RequestModel, ShortText
from app.contract.datetimes import ZonedDateTime
from app.contract.enums import Role, Scope


class TokenRequest(RequestModel):
    username: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=1000)]


class User(ApiModel):
    user_id: int
    username: str
    display_name: str
    role: Role
    tenant_id: int
    scopes: list[Scope]


class UserRef(ApiModel):
    """A user as another resource names them: assignee, requester, decider."""

    user_id: int
    display_name: str


class UserSummary(ApiModel):
    """A user of the tenant, as `GET /v1/users` lists them (for reassigning threads)."""

    user_id: int
    username: str
    display_name: str
    role: Role


class TokenResponse(ApiModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    user: User


class ApiKeyCreate(IdempotentRequest):
    name: ShortText
    role: Role


class ApiKey(ApiModel):
    api_key_id: int
    name: str
    role: Role
    created_at: ZonedDateTime


class ApiKeyCreated(ApiKey):
    """The new key; `key` is shown this once and stored only hashed."""

    key: str
