"""The query string every route shares: the `language` of error messages (Ondi), and nothing else that
the route does not declare, so a foreign name such as `per_page` or `customer_id` is refused, never
silently ignored. No value may hold a NUL character either: no engine is to see one.

One dependency of the whole app (`create_app`) checks it, against the parameters each route declares
(which are also what the OpenAPI document lists for it).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from app.contract.text import NUL, NUL_MESSAGE
from app.server.errors import invalid
from app.server.errors.language import LANGUAGE_PARAMETER
from app.server.openapi import operation_of

#: A name longer than this is cut in the error's message and reference: it is hostile or a mistake.
_NAME_SHOWN = 100


def _shown(name: str) -> str:
    return name if len(name) <= _NAME_SHOWN else name[:_NAME_SHOWN] + "…"


async def strict_query(
    request: Request,
    language: Annotated[
        str | None,
        Query(
            alias=LANGUAGE_PARAMETER,
            max_length=35,
            description="The language of `errorMessage` (`en`, `de`), over `Accept-Language`; "
            "one the server does not speak falls back as `Accept-Language` does.",
        ),
    ] = None,
) -> None:
    """422 `request.invalid` for a query parameter the route does not declare, named in `reference`,
    and for a NUL character in any parameter's value. `language` is read where the error bodies are
    made (`errors.language`), which may be before any dependency runs."""
    del language
    operation = operation_of(request.scope)
    if operation is None:
        return
    query = request.query_params
    unknown = [name for name in query if name not in operation.query_parameters]
    if unknown:
        names = ", ".join(_shown(name) for name in unknown[:5])
        what = "unknown query parameter" if len(unknown) == 1 else "unknown query parameters"
        raise invalid(f"{names}: {what}", reference=_shown(unknown[0]))
    for name, value in query.multi_items():
        if NUL in value:
            raise invalid(f"{name}: {NUL_MESSAGE}", reference=name)
