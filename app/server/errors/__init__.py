"""API errors: `ApiError`, which a request raises anywhere to answer with the error body.

Its parts, each in its module: the message `catalogue`, the `status` table, the `language` of the
answer, the `response` built from the contract's `ErrorBody`, and the FastAPI `handlers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.contract.errors import ErrorCode
from app.server.errors.status import STATUS_OF


class ApiError(Exception):
    """An error answer: raise it anywhere in a request and the client gets the error body."""

    def __init__(
        self,
        code: ErrorCode,
        *args: Any,
        reference: str | None = None,
        headers: Mapping[str, str] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(code, *args)
        self.code = code
        self.args_ = list(args)
        self.reference = reference
        self.headers = dict(headers or {})
        self.status = status or STATUS_OF[code]


def not_found(resource: str, identifier: object) -> ApiError:
    return ApiError(ErrorCode.NOT_FOUND, resource, str(identifier))


def invalid(detail: str, reference: str | None = None) -> ApiError:
    return ApiError(ErrorCode.INVALID, detail, reference=reference)
