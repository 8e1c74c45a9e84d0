"""Message categories' names for people: `displayName` in English and German, and a readable default."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from app.contract.display import LocalisedText, readable_identifier
from app.server.store.db import MIGRATIONS
from tests.server.conftest import make_client, sign_in
from tests.server.support import assert_error, rid

DEMO_NAMES = {
    "CONTRACT": {"en": "Contract", "de": "Vertrag"},
    "APPOINTMENT": {"en": "Appointment", "de": "Termin"},
    "GENERAL": {"en": "General", "de": "Allgemein"},
    "NEWSLETTER": {"en": "Newsletter", "de": "Newsletter"},
    "LOYALTY_PROGRAM": {"en": "Loyalty programme", "de": "Treueprogramm"},
}
CATEGORIES = "/v1/message-categories"


def new_category(name: str, **fields: object) -> dict[str, object]:
    return {
        "messageCategory": name,
        "kind": "SERVICE",
        "channels": [{"communicationChannel": "EMAIL"}],
        "requestId": rid(),
        **fields,
    }


def test_the_demo_categories_have_english_and_german_names(api, login):
    listed = api.get(CATEGORIES, headers=login()).json()
    assert {c["messageCategory"]: c["displayName"] for c in listed} == DEMO_NAMES
    # The other tenant's are its own data: the same demo names, seeded for it too.
    other = api.get(CATEGORIES, headers=login("other-agent")).json()
    assert other[0]["displayName"] == DEMO_NAMES[other[0]["messageCategory"]]


def test_a_new_category_keeps_the_names_it_was_given(api, login):
    names = {"en": "Payment reminders", "de": "Zahlungserinnerungen"}
    created = api.post(CATEGORIES, json=new_category("PAYMENT", displayName=names), headers=login("admin"))
    assert created.status_code == 201, created.text
    assert created.json()["displayName"] == names
    listed = {c["messageCategory"]: c for c in api.get(CATEGORIES, headers=login()).json()}
    assert listed["PAYMENT"]["displayName"] == names


def test_a_new_category_without_names_is_named_by_its_identifier(api, login):
    created = api.post(CATEGORIES, json=new_category("SERVICE__NOTICES_2"), headers=login("admin"))
    assert created.status_code == 201, created.text
    assert created.json()["displayName"] == {"en": "Service notices 2", "de": "Service notices 2"}


@pytest.mark.parametrize(
    ("display_name", "reference"),
    [
        ({"en": "Payments"}, "displayName.de"),
        ({"en": "Payments", "de": ""}, "displayName.de"),
        ({"en": "   ", "de": "Zahlungen"}, "displayName.en"),
        ({"en": "Pay\nments", "de": "Zahlungen"}, "displayName.en"),
        ({"en": "Payments", "de": "Zahlungen", "fr": "Paiements"}, "displayName.fr"),
        ({"en": "x" * 101, "de": "Zahlungen"}, "displayName.en"),
        ("Payments", "displayName"),
    ],
)
def test_a_name_must_be_one_line_in_both_languages(api, login, display_name, reference):
    answer = api.post(
        CATEGORIES, json=new_category("PAYMENT", displayName=display_name), headers=login("admin")
    )
    assert assert_error(answer, 422, "request.invalid")["reference"] == reference


def test_a_category_stored_without_names_answers_the_readable_identifier(database: Path):
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE message_categories SET display_name = NULL WHERE name = 'LOYALTY_PROGRAM'")
    with make_client(database) as client:
        listed = client.get(CATEGORIES, headers=sign_in(client)).json()
    loyalty = next(c for c in listed if c["messageCategory"] == "LOYALTY_PROGRAM")
    assert loyalty["displayName"] == {"en": "Loyalty program", "de": "Loyalty program"}


@pytest.mark.parametrize(
    ("identifier", "readable"),
    [
        ("LOYALTY_PROGRAM", "Loyalty program"),
        ("TEXT_MESSAGE", "Text message"),
        ("TEXT__MESSAGE", "Text message"),
        ("GENERAL", "General"),
        ("_LEADING_AND_TRAILING_", "Leading and trailing"),
        ("A1_B2", "A1 b2"),
    ],
)
def test_the_readable_form_of_an_identifier(identifier, readable):
    assert readable_identifier(identifier) == readable


def test_a_localised_text_in_a_language():
    name = LocalisedText(en="Appointment", de="Termin")
    assert [name.in_language(code) for code in ("de", "de-DE", "de_AT", "DE", "en", "fr", "", None)] == [
        "Termin",
        "Termin",
        "Termin",
        "Termin",
        "Appointment",
        "Appointment",
        "Appointment",
        "Appointment",
    ]


def test_the_migration_names_an_existing_demo_databases_categories_only(tmp_path: Path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
        connection.exec_driver_sql("INSERT INTO tenants (id, name) VALUES (1, 'demo'), (2, 'acme')")
        connection.exec_driver_sql(
            "INSERT INTO message_categories (tenant_id, name, kind, channels) VALUES"
            " (1, 'CONTRACT', 'SERVICE', '[]'), (1, 'LOYALTY_PROGRAM', 'MARKETING', '[]'),"
            " (1, 'CUSTOM', 'SERVICE', '[]'), (2, 'CONTRACT', 'SERVICE', '[]')"
        )
        command.upgrade(config, "0007")
        named = connection.exec_driver_sql(
            "SELECT tenant_id, name, display_name FROM message_categories ORDER BY id"
        ).fetchall()
    engine.dispose()
    assert named == [
        (1, "CONTRACT", '{"en": "Contract", "de": "Vertrag"}'),
        (1, "LOYALTY_PROGRAM", '{"en": "Loyalty programme", "de": "Treueprogramm"}'),
        (1, "CUSTOM", None),
        (2, "CONTRACT", None),
    ]
