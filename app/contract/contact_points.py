"""A customer's contact points as the API stores them: an email address checked, a phone number in E.164.

The server validates a change request's `newValue` with these, and the desktop checks the same before
it sends one, so both refuse (and normalise) the same values.
"""

from __future__ import annotations

import phonenumbers
from pydantic import EmailStr, TypeAdapter, ValidationError

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
