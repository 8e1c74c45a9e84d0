"""The language of an error answer, chosen from the request's `Accept-Language`."""

from __future__ import annotations

#: The languages the message catalogue has; English is the fallback.
LANGUAGES = ("en", "de")


def preferred_language(accept_language: str | None) -> str:
    """The best of our languages for an `Accept-Language` header; English when none fits."""
    if not accept_language:
        return "en"
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else "en"
