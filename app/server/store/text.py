"""Text as the customer search compares it: folded names and phone digits, the same on write and on query."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.contract.contact_points import phone_forms, said_number
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


@dataclass(frozen=True)
class PhoneKeys:
    """What phone search compares of a stored number (`+49 156 5084216`), each in an index.

    A number that does not read as one keeps no E.164 and no national form: its digits as
    entered stand in for the E.164 digits, so it is still found by them.
    """

    #: `+491565084216`, or None.
    e164: str | None
    #: From the start: the E.164 digits, `491565084216`, else the digits as entered.
    digits: str | None
    #: From the start, said the national way: `01565084216`, or None.
    national: str | None
    #: `digits` backwards, `612480565194`: the last digits are a prefix of it, a range of its index.
    reversed: str | None


def phone_keys(phone: str | None, region: str) -> PhoneKeys:
    """The keys of a number as entered; one without a country code is read in `region`."""
    forms = phone_forms(phone, region) if phone else None
    if forms is None:
        digits = phone_digits(phone)
        return PhoneKeys(None, digits, None, digits[::-1] if digits else None)
    digits = forms.e164[1:]
    return PhoneKeys(forms.e164, digits, forms.national, digits[::-1])


_PHONE_CHARS = re.compile(r"^[+0-9 ()./-]+$")
#: Fewer digits than this say too little to look for a number starting or ending with them.
MIN_PART = 4


def is_phone_shaped(query: str) -> bool:
    """Made of a phone number's characters, with 3 digits or more: searched as a number, not a name."""
    digits = phone_digits(query)
    return digits is not None and len(digits) >= 3 and _PHONE_CHARS.match(query) is not None


@dataclass(frozen=True)
class PhoneLookup:
    """What a query shaped like a phone number looks up, best first; each is an index lookup or range."""

    #: `digits` equal to one of these: the whole number.
    whole: tuple[str, ...]
    #: `digits` starting with one of these: a leading part in international form, or as entered.
    leading: tuple[str, ...]
    #: `national` starting with this: a leading part said the national way.
    national: str | None
    #: `reversed` starting with this: the last digits.
    last: str | None


def phone_lookup(query: str, region: str) -> PhoneLookup | None:
    """How to find the number a caller reads out, in any common format (`+49 156 5084216`,
    `0156 5084216`, `0049 156 5084216`, `(0156) 508-4216`) or in part: a leading part (3 digits
    or more in international form, `MIN_PART` the national way) or the last `MIN_PART` or more.
    None unless the query `is_phone_shaped`.

    A query with a country code (`+`, or the region's international call prefix: `00` in DE) is
    a leading part only. Without one it is also a national form, and the last digits; it is the
    whole number in E.164 when it holds a trunk prefix (`0156…`) or the region has none.
    """
    digits = phone_digits(query)
    if digits is None or not is_phone_shaped(query):
        return None
    said = said_number(query, region)
    whole = [said.e164[1:], digits] if said.e164 else [digits]
    leading = [said.international_digits, digits] if said.international_digits else [digits]
    part = digits if len(digits) >= MIN_PART and not said.with_country_code else None
    return PhoneLookup(
        tuple(dict.fromkeys(whole)), tuple(dict.fromkeys(leading)), part, part[::-1] if part else None
    )
