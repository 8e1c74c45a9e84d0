"""Text as the customer search compares it: folded names and phone digits, the same on write and on query."""

from __future__ import annotations

import re
import unicodedata

from app.contract.customers import person_name

# Letters that carry no combining mark to strip, so Unicode decomposition leaves them alone;
# a caller types them without the stroke or as two letters.
_PLAIN_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_NOT_DIGIT = re.compile(r"[^0-9]")
#: Letters and digits, as the name index splits words (its tokenizer treats `_` as a separator too).
WORD = re.compile(r"[^\W_]+")


def fold(value: str) -> str:
    """Lower case without accents: `Søren Groß` -> `soren gross`, `Łukasz` -> `lukasz`."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_PLAIN_LETTERS)


def name_words(value: str) -> list[str]:
    """The folded words of a name or a query: `O'Brien-Łęcki` -> `["o", "brien", "lecki"]`."""
    return WORD.findall(fold(value))


def search_name(first_name: str, last_name: str) -> str:
    """What the name index holds for a customer: its folded words, one space apart."""
    return " ".join(name_words(person_name(first_name, last_name)))


def phone_digits(phone: str | None) -> str | None:
    """The ASCII digits of a phone number, as phone search compares them (`+49 151 2345` -> `491512345`)."""
    if phone is None:
        return None
    digits = _NOT_DIGIT.sub("", phone)
    return digits or None
