"""The error answer, built in one place from the contract's `ErrorBody`: by the exception handlers
inside the app and by the middleware outside it (413 before the app runs, the 500 of a crash)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi.responses import JSONResponse

from app.contract.errors import ErrorBody, ErrorCode
from app.server.errors.catalogue import message_for
from app.server.errors.status import STATUS_OF


def error_response(
    code: ErrorCode,
    args: Sequence[Any] = (),
    *,
    language: str,
    trace_id: str,
    reference: str | None = None,
    status: int | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """The error body in `language`, with the code's status unless `status` says otherwise."""
    body = ErrorBody(
        error_message=message_for(code, args, language),
        error_code=code,
        trace_id=trace_id,
        reference=reference,
        args=list(args),
    )
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=status or STATUS_OF[code],
        headers={**(headers or {}), "Content-Language": language},
    )
