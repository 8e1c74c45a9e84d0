"""The language of an answer, chosen from the request's `Accept-Language` among those the server speaks."""

from __future__ import annotations

from babel import negotiate_locale

from app.server.locale import SOURCE_LANGUAGE, languages


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


def preferred_language(accept_language: str | None) -> str:
    """The best of our languages for an `Accept-Language` header (`de-DE` asks for `de`); English
    when none fits."""
    if not accept_language:
        return SOURCE_LANGUAGE
    # No aliases: they map a bare language to one country's form ("de" -> "de_DE"), and ours are bare.
    chosen = negotiate_locale(accepted_languages(accept_language), languages(), sep="-", aliases={})
    return chosen.lower() if chosen else SOURCE_LANGUAGE
