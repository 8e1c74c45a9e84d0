"""The server's messages in every language it speaks: gettext catalogues, compiled by Babel when first read.

A message is written in English in the code, marked with `translatable` (or `translatable_plural` when
it counts something), and said in a language by `Translatable.said_in`. Each language's text, plural
forms included, is in `<language>/LC_MESSAGES/switchboard.po` beside this module; those `.po` sources
are the only copy (no compiled `.mo` is kept: Babel compiles one in memory the first time a language is
needed). `python -m app.server.locale.update` re-extracts the marked messages and updates every
catalogue (README, "Development").
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

DOMAIN = "switchboard"
#: The language the messages are written in, and the answer when no other fits.
SOURCE_LANGUAGE = "en"

#: How Babel's extractor finds the marked messages (`update.py`): the marker's name and which of its
#: arguments are the singular and the plural text.
KEYWORDS: dict[str, Any] = {"translatable": None, "translatable_plural": (1, 2)}
#: A comment starting with this, right above a marked message, is extracted as a note to translators.
TRANSLATOR_NOTE = "Translators:"


@dataclass(frozen=True)
class Translatable:
    """A message in English with `{0}`, `{1}` for its args, said in the caller's language.

    With a `plural`, the message counts something: its first arg is the count, and each language's
    plural rule picks the form ("1 attempt left", "2 attempts left"; "noch 1 Versuch", "noch 2 Versuche").
    """

    singular: str
    plural: str | None = None

    def said_in(self, language: str, args: Sequence[Any] = ()) -> str:
        """The text in `language` (English if it has no catalogue), its args filled in; numbers are
        written as that language writes them ("1,048,576" / "1.048.576"), a missing arg is empty."""
        spoken = language if language in languages() else SOURCE_LANGUAGE
        texts = translations(spoken)
        if self.plural is None:
            template = texts.gettext(self.singular)
        else:
            template = texts.ngettext(self.singular, self.plural, _count(args))
        filled = [_written(arg, spoken) for arg in args]
        return template.format(*filled, *[""] * 3)


def translatable(text: str) -> Translatable:
    """Marks `text` for the catalogues (Babel extracts the call) and makes it a `Translatable`."""
    return Translatable(text)


def translatable_plural(singular: str, plural: str) -> Translatable:
    """Marks a message that counts its first arg, in its English singular and plural forms."""
    return Translatable(singular, plural)


def _count(args: Sequence[Any]) -> int:
    # A count that is not a whole number (never expected) takes the form of "many" in every language
    # we speak, as English and German say "0 attempts" / "noch 0 Versuche".
    first = args[0] if args else None
    if isinstance(first, int) and not isinstance(first, bool):
        return first
    if isinstance(first, str) and first.isdigit():
        return int(first)
    return 0


def _written(arg: Any, language: str) -> str:
    if isinstance(arg, int) and not isinstance(arg, bool):
        return format_decimal(arg, locale=language)
    return str(arg)


def catalogue_folder() -> Traversable:
    """The folder of the catalogues, where the package is installed (or its source, for an editable one)."""
    return files(__name__)


def catalogue_file(language: str) -> Traversable:
    return catalogue_folder() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def languages() -> tuple[str, ...]:
    """Every language with a catalogue, the source language first."""
    found = sorted(
        entry.name
        for entry in catalogue_folder().iterdir()
        if entry.is_dir() and catalogue_file(entry.name).is_file()
    )
    return (SOURCE_LANGUAGE, *(language for language in found if language != SOURCE_LANGUAGE))


def read_catalogue(language: str) -> Catalog:
    """The `.po` source of one language, as Babel reads it."""
    with catalogue_file(language).open("rb") as source:
        return read_po(source, locale=language, domain=DOMAIN)


@cache
def translations(language: str) -> Translations:
    """One language's compiled catalogue (fuzzy entries left out, as gettext does)."""
    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(language), use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
