"""Words for people where the API has identifiers: a text in each language, and the readable fallback.

An identifier such as `LOYALTY_PROGRAM` is for integrations; people read a display name
("Loyalty programme", "Treueprogramm"). Where there is none, `readable_identifier` makes one, so that
the server's default and the desktop's fallback read the same.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, StringConstraints

from app.contract.base import ApiModel

#: One line of text for people, such as a category's name.
DisplayText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100, pattern=r"^[^\r\n]*$")
]

#: The languages a display name is given in; English is the fallback for any other.
DISPLAY_LANGUAGES = ("en", "de")


def readable_identifier(identifier: str) -> str:
    """`LOYALTY_PROGRAM` -> "Loyalty program", `TEXT_MESSAGE` -> "Text message": words of an identifier
    in sentence case, one space between them however many underscores or spaces it has."""
    words = identifier.replace("_", " ").split()
    return " ".join(words).capitalize()


class LocalisedText(ApiModel):
    """A text for people in English and German, `{"en": ..., "de": ...}` on the wire."""

    en: DisplayText
    de: DisplayText

    @classmethod
    def of_identifier(cls, identifier: str) -> LocalisedText:
        """The readable form of an identifier, in every language (no translation is known for it)."""
        readable = readable_identifier(identifier)
        return cls(en=readable, de=readable)

    def in_language(self, language: str | None) -> str:
        """The text in `language` (a code such as "de", "de-DE" or "de_DE"); English for any other."""
        primary = (language or "").replace("_", "-").split("-")[0].lower()
        return self.de if primary == "de" else self.en


class LocalisedTextInput(LocalisedText):
    """A `LocalisedText` in a request body: a language other than en and de is refused (422), as any
    unknown field is; answers stay lenient, so a client reads a server that speaks more."""

    model_config = ConfigDict(extra="forbid")

    @classmethod
    def of(cls, text: LocalisedText) -> LocalisedTextInput:
        return cls(en=text.en, de=text.de)
