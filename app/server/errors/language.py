"""The language of an answer, chosen among those the server speaks from the request's `language` query
parameter (Ondi's) and its `Accept-Language` header, in that order."""

from __future__ import annotations

from babel import negotiate_locale
from starlette.datastructures import Headers, QueryParams
from starlette.types import Scope

from app.server.locale import SOURCE_LANGUAGE, languages

#: The query parameter that overrides `Accept-Language`; every route takes it (`routes.query`).
LANGUAGE_PARAMETER = "language"


def accepted_languages(accept_language: str) -> list[str]:
    """The header's language tags, most wanted first (by `q`, then by position), without those of `q=0`."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        tag = tag.strip().replace("_", "-")
        if tag and quality > 0:
            ranked.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(ranked)]


def preferred_language(accept_language: str | None, requested: str | None = None) -> str:
    """The best of our languages for an `Accept-Language` header (`de-DE` asks for `de`), where
    `requested` (one language tag, the `language` parameter) comes before all the header names;
    English when none fits."""
    wanted = accepted_languages(accept_language or "")
    if requested and requested.strip():
        wanted.insert(0, requested.strip().replace("_", "-"))
    if not wanted:
        return SOURCE_LANGUAGE
    # No aliases: they map a bare language to one country's form ("de" -> "de_DE"), and ours are bare.
    chosen = negotiate_locale(wanted, languages(), sep="-", aliases={})
    return chosen.lower() if chosen else SOURCE_LANGUAGE


def language_of(scope: Scope) -> str:
    """The language to answer a request in: its `language` parameter, else its `Accept-Language`."""
    query = QueryParams(scope.get("query_string", b""))
    return preferred_language(Headers(scope=scope).get("accept-language"), query.get(LANGUAGE_PARAMETER))
