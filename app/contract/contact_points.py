"""A customer's contact points as the API stores them: an email address checked, a phone number in E.164.

The server validates a change request's `newValue` with these, and the desktop checks the same before
it sends one, so both refuse (and normalise) the same values. `phone_forms` reads a stored number
the way customer search compares it, `said_number` a number or its start as a caller reads it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Annotated

import phonenumbers
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE
from pydantic import AfterValidator, EmailStr, StringConstraints, TypeAdapter, ValidationError

from app.contract.text import SingleLine

#: The region a number without a country code is read in, unless the tenant names another.
DEFAULT_REGION = "DE"

_EMAIL: TypeAdapter[str] = TypeAdapter(EmailStr)


class InvalidContactPoint(ValueError):
    """The value is not an email address, or not a phone number of any region."""


def normalised_email(value: str) -> str:
    """The address as stored (its domain in lower case): `Anna@Example.COM` -> `Anna@example.com`."""
    try:
        return _EMAIL.validate_python(value.strip())
    except ValidationError:
        raise InvalidContactPoint(f"not an email address: {value!r}") from None


def normalised_phone(value: str, region: str = DEFAULT_REGION) -> str:
    """The number in E.164 (`0170 5550123` in DE -> `+491705550123`); a number without a country code
    is read in `region`. A number that no region's plan allows is refused, not stored as typed."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise InvalidContactPoint(f"not a phone number: {value!r}") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidContactPoint(f"not a valid phone number: {value!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


#: An email address in a request body, taken as `normalised_email` makes it; anything else is 422.
EmailAddress = Annotated[str, StringConstraints(max_length=320), SingleLine, AfterValidator(normalised_email)]
#: A phone number in a request body, taken in E.164 as `normalised_phone` makes it (a number without
#: a country code read in `DEFAULT_REGION`); one that no region's plan allows is 422.
PhoneNumber = Annotated[str, StringConstraints(max_length=64), SingleLine, AfterValidator(normalised_phone)]


@dataclass(frozen=True)
class PhoneForms:
    """A number as callers read it out: in E.164 (`+491565084216`), and the digits of its national
    form, its country's trunk prefix and then its national number (`01565084216`)."""

    e164: str
    national: str


def phone_forms(value: str, region: str = DEFAULT_REGION) -> PhoneForms | None:
    """The number's forms, a number without a country code read in `region`; None if it does not
    read as a number of a possible length.

    Unlike `normalised_phone` it takes a number that no region's plan allows (yet): search finds a
    customer by the number that was given, whatever the plan says.
    """
    number = _international(value.strip())
    if number is None:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            return None
    if not phonenumbers.is_possible_number(number):
        return None
    trunk_prefix, _ = _national_prefixes(number.country_code)
    return PhoneForms(
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        trunk_prefix + phonenumbers.national_significant_number(number),
    )


@dataclass(frozen=True)
class SaidNumber:
    """A number, whole or a leading part of it, as a caller reads it out."""

    #: Said with a country code: `+49 156…`, or with the region's international call prefix, `0049 156…`.
    with_country_code: bool
    #: The digits from the country code on, when said with one: `4915650` for `0049 (0)156 50`.
    international_digits: str | None
    #: The whole number in E.164: a possible number, said with a country code or the region's trunk
    #: prefix (`0156 5084216` in DE; `5084216` there is a part: a DE number starts with its `0`).
    e164: str | None


def said_number(value: str, region: str = DEFAULT_REGION) -> SaidNumber:
    """What `value` says of a number, read in `region` when it has no country code."""
    plus = value.lstrip().startswith("+")
    try:
        number = phonenumbers.parse(value, region, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return SaidNumber(plus, None, None)
    national = phonenumbers.national_significant_number(number)
    with_country_code = (
        plus or number.country_code_source == phonenumbers.CountryCodeSource.FROM_NUMBER_WITH_IDD
    )
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    trunk_prefix = (metadata.national_prefix if metadata is not None else None) or ""
    # Parse strips a trunk prefix it finds, so the national number is then not all that was said.
    trunk_prefix_said = (
        national != "".join(ch for ch in value if ch.isascii() and ch.isdigit()) or not trunk_prefix
    )
    whole = phonenumbers.is_possible_number(number) and (with_country_code or trunk_prefix_said)
    return SaidNumber(
        with_country_code,
        f"{number.country_code}{national}" if with_country_code else None,
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if whole else None,
    )


_PLAIN_INTERNATIONAL = re.compile(r"\+[0-9][0-9 ]*")


def _international(value: str) -> phonenumbers.PhoneNumber | None:
    """`+49 156 5084216`, read without `phonenumbers.parse` (a tenth of its time; bulk seeding and
    the migration read a million numbers), or None for anything parse must read: other characters,
    an unknown country code, a national number that starts with a zero or a trunk prefix (parse
    would strip it). Otherwise parse reads the same number; a test compares the two."""
    if not _PLAIN_INTERNATIONAL.fullmatch(value):
        return None
    digits = value[1:].replace(" ", "")
    for length in (1, 2, 3):
        country_code = int(digits[:length])
        if country_code in COUNTRY_CODE_TO_REGION_CODE:
            break
    else:
        return None
    national = digits[length:]
    _, for_parsing = _national_prefixes(country_code)
    if not national or national[0] == "0" or (for_parsing is not None and for_parsing.match(national)):
        return None
    return phonenumbers.PhoneNumber(country_code=country_code, national_number=int(national))


@cache
def _national_prefixes(country_code: int) -> tuple[str, re.Pattern[str] | None]:
    """The country's trunk prefix (`0` in DE, none in IT) and the pattern parse strips from a
    national number's start."""
    region = phonenumbers.region_code_for_country_code(country_code)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)
    if metadata is None:
        return "", None
    pattern = metadata.national_prefix_for_parsing
    return metadata.national_prefix or "", re.compile(pattern) if pattern else None
