"""Shared base for wire models: camelCase JSON, strict requests, lenient responses, the page envelope."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.alias_generators import to_camel

from app.contract.text import FreeText, SingleLine, refuse_nul

T = TypeVar("T")

#: Upper bound of a list page (api.md: limit 1..100).
MAX_PAGE_LIMIT = 100
DEFAULT_PAGE_LIMIT = 20

#: A short, single-line text such as a name; long or empty values, and line breaks, are 422.
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), SingleLine]
#: Free text such as a message body: line breaks are kept.
LongText = Annotated[str, StringConstraints(min_length=1, max_length=20_000), FreeText]
OptionalShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), SingleLine]

#: A stored resource's id in a request body: 64-bit, positive (a bigger number is 422, not a crash).
ResourceId = Annotated[int, Field(ge=1, le=2**63 - 1)]

#: A message category name of the tenant, e.g. NEWSLETTER.
MessageCategoryName = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]{0,63}$")]


class ApiModel(BaseModel):
    """A response (or shared) model: camelCase on the wire; unknown fields are ignored when parsing."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="ignore",
        use_enum_values=False,
    )


class RequestModel(ApiModel):
    """A request body: an unknown field is an error (422), so a typo never passes silently; so is a
    NUL character anywhere in it (api.md: refused on every engine), named where it is."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _refuse_nul(cls, data: Any) -> Any:
        refuse_nul(cls.__name__, data)
        return data


class IdempotentRequest(RequestModel):
    """A mutating request body: `requestId` makes it idempotent (or the `Idempotency-Key` header)."""

    request_id: UUID | None = Field(
        default=None,
        description="Idempotency key: the same id with the same body replays the first answer.",
    )


class Page(ApiModel, Generic[T]):
    """The page envelope of every page/limit list."""

    items: list[T]
    page: int
    limit: int
    total: int
