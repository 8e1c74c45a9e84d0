"""Phone numbers as customer search reads them: `phone_forms`, and its quick path for `+49 156 …`."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

from app.contract import contact_points
from app.contract.contact_points import PhoneForms, phone_forms


@pytest.mark.parametrize(
    ("entered", "region", "forms"),
    [
        ("+49 156 5084216", "DE", PhoneForms("+491565084216", "01565084216")),  # no plan allows it (yet)
        ("0156 5084216", "DE", PhoneForms("+491565084216", "01565084216")),
        ("0049 156 5084216", "DE", PhoneForms("+491565084216", "01565084216")),
        ("(0156) 508-4216", "DE", PhoneForms("+491565084216", "01565084216")),
        ("+49 (0)156 5084216", "DE", PhoneForms("+491565084216", "01565084216")),
        ("0170 5550123", "DE", PhoneForms("+491705550123", "01705550123")),
        ("06 1234 5678", "IT", PhoneForms("+390612345678", "0612345678")),  # the zero is the number's
        ("+39 06 1234 5678", "DE", PhoneForms("+390612345678", "0612345678")),
        ("+33 6 12 34 56 78", "DE", PhoneForms("+33612345678", "0612345678")),
        ("+999 555 0199", "DE", None),  # no such country code
        ("call me", "DE", None),
        ("+49 1", "DE", None),
    ],
)
def test_phone_forms(entered: str, region: str, forms: PhoneForms | None) -> None:
    assert phone_forms(entered, region) == forms


def _parsed_forms(value: str) -> PhoneForms | None:
    """What `phone_forms` answers, always through `phonenumbers.parse`."""
    try:
        number = phonenumbers.parse(value, "DE")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    trunk_prefix, _ = contact_points._national_prefixes(number.country_code)
    return PhoneForms(
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        trunk_prefix + phonenumbers.national_significant_number(number),
    )


def test_the_quick_path_reads_every_number_as_parse_does() -> None:
    """`+<country code> <digits>` of every country code, 1 to 16 digits, zeros and trunk prefixes
    first too: the quick path (taken for most) and parse agree on each."""
    rng = random.Random(10)
    quick = 0
    for _ in range(20_000):
        country_code = rng.choice(list(COUNTRY_CODE_TO_REGION_CODE))
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 16)))
        entered = f"+{country_code} {digits[:3]} {digits[3:]}".strip()
        quick += contact_points._international(entered) is not None
        assert phone_forms(entered) == _parsed_forms(entered), entered
    assert quick > 10_000
