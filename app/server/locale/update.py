"""Re-extract the server's messages from the code and bring every catalogue up to date, or check them.

    python -m app.server.locale.update           # extract, merge into each .po, list what is left to do
    python -m app.server.locale.update --add fr  # also start a catalogue for a new language
    python -m app.server.locale.update --check   # change nothing; exit 1 if a catalogue is not complete

Run it from a source checkout after adding or changing a `translatable(...)` message, then translate the
entries it reports (empty or fuzzy) in each `<language>/LC_MESSAGES/switchboard.po`. The English
catalogue starts each new message as its source text. The server tests run the same check.
"""

from __future__ import annotations

import argparse
import copy
import io
import re
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from app.server.locale import (
    DOMAIN,
    KEYWORDS,
    SOURCE_LANGUAGE,
    TRANSLATOR_NOTE,
    catalogue_file,
    languages,
    read_catalogue,
)

PROJECT = "Switchboard"
TEAM = "Switchboard developers"
HEADER_COMMENT = (
    "# The Switchboard server's messages in {language}.\n"
    "# Extracted from the code and merged by `python -m app.server.locale.update`: translate here,\n"
    "# write the messages themselves in English in the code.\n"
    "#"
)
#: The catalogues' folder in the source tree (this command writes there).
LOCALE_FOLDER = Path(__file__).resolve().parent
#: The code the messages are extracted from: the whole server.
SERVER_FOLDER = LOCALE_FOLDER.parent
LOCATION_PREFIX = "app/server/"
PO_WIDTH = 100

_PLACEHOLDER = re.compile(r"\{\d+\}")


def extracted_messages() -> Catalog:
    """Every message the server's code marks, as a template catalogue (no language)."""
    template = Catalog(domain=DOMAIN, project=PROJECT, fuzzy=False)
    for filename, lineno, text, comments, context in extract_from_dir(
        SERVER_FOLDER,
        keywords=KEYWORDS,
        comment_tags=(TRANSLATOR_NOTE,),
        strip_comment_tags=True,
    ):
        template.add(
            text,
            locations=[(LOCATION_PREFIX + filename.replace("\\", "/"), lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def _texts(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _translated(message: Message) -> bool:
    forms = _texts(message.string)
    return bool(forms) and all(forms)


def problems_of(catalogue: Catalog, template: Catalog, language: str) -> list[str]:
    """What keeps `catalogue` from saying every message of `template` in `language`."""
    problems: list[str] = []
    wanted = {message.id for message in template if message.id}
    present = {message.id for message in catalogue if message.id}
    problems += [f"{language}: missing {message_id!r}" for message_id in wanted - present]
    problems += [f"{language}: obsolete {message_id!r}" for message_id in present - wanted]
    for message in catalogue:
        if not message.id or message.id not in wanted:
            continue
        forms = _texts(message.string)
        sources = _texts(message.id)
        if message.fuzzy:
            problems.append(f"{language}: fuzzy {message.id!r}")
        if not _translated(message):
            problems.append(f"{language}: untranslated {message.id!r}")
            continue
        if message.pluralizable and len(forms) != catalogue.num_plurals:
            problems.append(f"{language}: {message.id!r} needs {catalogue.num_plurals} plural forms")
        placeholders = {frozenset(_PLACEHOLDER.findall(source)) for source in sources}
        for form in forms:
            if frozenset(_PLACEHOLDER.findall(form)) not in placeholders:
                problems.append(f"{language}: {message.id!r} says {form!r}, with other placeholders")
    return problems


def _as_source_text(catalogue: Catalog) -> None:
    """The English catalogue starts each new (or changed) message as the text the code says."""
    for message in catalogue:
        if not message.id or (_translated(message) and not message.fuzzy):
            continue
        message.string = _source_forms(message, catalogue.num_plurals)
        message.flags.discard("fuzzy")


def _source_forms(message: Message, num_plurals: int) -> str | tuple[str, ...]:
    if isinstance(message.id, str):
        return message.id
    singular, plural = message.id[0], message.id[1]
    return (singular, *[plural] * (num_plurals - 1))


def new_catalogue(language: str) -> Catalog:
    """An empty catalogue for a language that has none yet, its header filled in."""
    name = Locale.parse(language).english_name
    return Catalog(
        locale=language,
        domain=DOMAIN,
        project=PROJECT,
        version=version("switchboard"),
        header_comment=HEADER_COMMENT.format(language=name),
        copyright_holder=TEAM,
        last_translator=TEAM,
        language_team=f"{name} ({TEAM})",
        revision_date=datetime.now(UTC),
        fuzzy=False,
    )


def updated(language: str, template: Catalog) -> Catalog:
    """The language's catalogue merged with the extracted messages (a new one if it has none yet)."""
    exists = catalogue_file(language).is_file()
    catalogue = read_catalogue(language) if exists else new_catalogue(language)
    # A copy: Babel's update adds the template's own messages, which would be shared between languages.
    catalogue.update(copy.deepcopy(template), update_creation_date=False)
    catalogue.obsolete.clear()
    if language == SOURCE_LANGUAGE:
        _as_source_text(catalogue)
    return catalogue


def write_catalogue(language: str, catalogue: Catalog) -> Path:
    path = LOCALE_FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = io.BytesIO()
    # No line numbers: an edit elsewhere in a file would rewrite every catalogue.
    write_po(text, catalogue, width=PO_WIDTH, include_lineno=False, ignore_obsolete=True)
    path.write_bytes(text.getvalue())
    return path


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m app.server.locale.update",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if one is not complete")
    parser.add_argument("--add", action="append", default=[], metavar="LANGUAGE", help="start a catalogue")
    options = parser.parse_args(None if argv is None else list(argv))
    template = extracted_messages()
    problems: list[str] = []
    for language in dict.fromkeys([*languages(), *options.add]):
        if options.check:
            problems += problems_of(read_catalogue(language), template, language)
            continue
        catalogue = updated(language, template)
        print(f"{language}: {len(catalogue)} messages in {write_catalogue(language, catalogue)}")
        problems += problems_of(catalogue, template, language)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
