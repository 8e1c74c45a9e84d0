"""The server's messages: gettext catalogues in English and German, plural forms, the caller's language."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

from app.contract.errors import ErrorCode
from app.server.errors.catalogue import MESSAGES, message_for
from app.server.errors.language import accepted_languages, preferred_language
from app.server.locale import SOURCE_LANGUAGE, languages, read_catalogue
from app.server.locale.update import extracted_messages, problems_of
from tests.server.support import assert_error
from tests.server.test_otp import code_from_outbox, send, validate, wrong

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("language", "left", "message"),
    [
        ("en", 0, "The code is wrong; 0 attempts left."),
        ("en", 1, "The code is wrong; 1 attempt left."),
        ("en", 2, "The code is wrong; 2 attempts left."),
        ("de", 0, "Der Code ist falsch; noch 0 Versuche."),
        ("de", 1, "Der Code ist falsch; noch 1 Versuch."),
        ("de", 2, "Der Code ist falsch; noch 2 Versuche."),
        ("de", 4, "Der Code ist falsch; noch 4 Versuche."),
    ],
)
def test_a_wrong_code_counts_the_attempts_left_in_each_language(language, left, message):
    assert message_for(ErrorCode.OTP_INVALID, [left], language) == message


def test_waits_and_sizes_count_in_the_plural_form_that_fits():
    assert message_for(ErrorCode.RATE_LIMITED, [1], "en") == "Too many requests; try again in 1 second."
    assert message_for(ErrorCode.RATE_LIMITED, [30], "en") == "Too many requests; try again in 30 seconds."
    assert message_for(ErrorCode.RATE_LIMITED, [1], "de") == (
        "Zu viele Anfragen; versuchen Sie es in 1 Sekunde erneut."
    )
    assert message_for(ErrorCode.RATE_LIMITED, [30], "de") == (
        "Zu viele Anfragen; versuchen Sie es in 30 Sekunden erneut."
    )
    # Numbers are written as each language writes them.
    assert message_for(ErrorCode.PAYLOAD_TOO_LARGE, [1048576], "en") == (
        "The request body is too large (at most 1,048,576 bytes)."
    )
    assert message_for(ErrorCode.PAYLOAD_TOO_LARGE, [1048576], "de") == (
        "Der Inhalt der Anfrage ist zu groß (höchstens 1.048.576 Bytes)."
    )


def test_identifiers_in_the_args_are_kept_as_they_are():
    """A customer id is an identifier, not a number to be written with separators."""
    assert message_for(ErrorCode.NOT_FOUND, ["Customer", "1234567"], "de") == (
        "Customer 1234567 wurde nicht gefunden."
    )
    assert message_for(ErrorCode.OPTED_OUT, ["NEWSLETTER", "EMAIL"], "en") == (
        "The customer opted out of NEWSLETTER by EMAIL; nothing was sent."
    )


def test_the_api_answers_a_wrong_code_in_the_callers_language_with_the_right_plural(api, login):
    agent, admin = login("agent"), login("admin")
    otp = send(api, agent)
    code = code_from_outbox(api, admin)
    expected = [
        ("en", "The code is wrong; 4 attempts left."),
        ("de-DE", "Der Code ist falsch; noch 3 Versuche."),
        ("en-GB,en;q=0.9", "The code is wrong; 2 attempts left."),
        ("de;q=0.9,en;q=0.8", "Der Code ist falsch; noch 1 Versuch."),
        ("fr", "The code is wrong; 0 attempts left."),
    ]
    for accept_language, message in expected:
        answer = validate(api, {**agent, "Accept-Language": accept_language}, otp, wrong(code))
        assert assert_error(answer, 422, "otp.invalid")["errorMessage"] == message


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("de-DE", "de"),
        ("de", "de"),
        ("DE-at", "de"),
        ("de_CH", "de"),
        ("de;q=0.9,en;q=0.8", "de"),
        ("en;q=0.8,de;q=0.9", "de"),
        ("en-US,de;q=0.5", "en"),
        ("fr, de;q=0.8", "de"),
        ("fr-FR,fr;q=0.9", "en"),
        ("xx-YY, *", "en"),
        ("de;q=0", "en"),
        (";;;q=abc", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_the_language_is_negotiated_from_accept_language_with_english_the_fallback(header, language):
    assert preferred_language(header) == language


def test_accepted_languages_are_ranked_by_quality_then_by_position():
    assert accepted_languages("fr;q=0.5, de-DE, en;q=0.9, es;q=0.9, it;q=0") == ["de-DE", "en", "es", "fr"]


def test_english_and_german_have_a_catalogue():
    assert languages()[0] == SOURCE_LANGUAGE == "en"
    assert set(languages()) >= {"en", "de"}


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_error_code_has_its_message_in_english_and_german(code):
    english = message_for(code, ["A", "B"], "en")
    german = message_for(code, ["A", "B"], "de")
    assert english and german
    # Said in German, not fallen back to the English text.
    assert german != english


@pytest.mark.parametrize("language", ["en", "de"])
def test_each_catalogue_holds_exactly_the_messages_of_the_code_all_translated(language):
    """What `python -m app.server.locale.update --check` checks: no message missing, none left over,
    none empty or fuzzy, every plural form there, and the same placeholders as the English text."""
    template = extracted_messages()
    assert len([message for message in template if message.id]) == len(MESSAGES)
    assert problems_of(read_catalogue(language), template, language) == []


def test_the_check_finds_a_missing_an_untranslated_and_a_broken_message():
    template = extracted_messages()
    german = read_catalogue("de")
    dropped = next(message.id for message in german if message.id and isinstance(message.id, str))
    german.delete(dropped)
    otp = next(message for message in german if message.pluralizable)
    otp.string = (otp.string[0], "")
    forbidden = german.get("You lack the permission {0} for this action.")
    forbidden.string = "Ihnen fehlt eine Berechtigung."
    problems = problems_of(german, template, "de")
    assert f"de: missing {dropped!r}" in problems
    assert f"de: untranslated {otp.id!r}" in problems
    assert any("other placeholders" in problem and "Berechtigung" in problem for problem in problems)


def test_an_installed_package_carries_the_catalogues():
    """`pip install .` copies only the package data pyproject names: every catalogue must be in it."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["*"]
    catalogues = sorted((ROOT / "app" / "server" / "locale").glob("*/LC_MESSAGES/*.po"))
    assert len(catalogues) == len(languages())
    for catalogue in catalogues:
        assert any(fnmatch.fnmatch(catalogue.name, pattern) for pattern in patterns), catalogue
