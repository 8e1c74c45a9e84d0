"""The consent-history row both the preferences and the marketing routes append."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from app.contract.enums import Channel, ConsentKind, ConsentSource, Role
from app.server.consent import consent_change
from app.server.security import Principal

AT = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
AGENT = Principal(tenant_id=1, role=Role.AGENT, display_name="Peter Meyer", credential="u1", user_id=7)
API_KEY = Principal(tenant_id=1, role=Role.ADMIN, display_name="Shop", credential="k1", api_key_id=3)


def test_a_preference_change_names_its_pair_and_its_actor():
    request_id = uuid.uuid4()
    row = consent_change(
        AGENT,
        5,
        at=AT,
        source=None,
        request_id=request_id,
        previous=False,
        current=True,
        category="NEWSLETTER",
        channel=Channel.EMAIL,
    )
    assert (row.kind, row.message_category, row.channel, row.marketing_preference_id) == (
        ConsentKind.PREFERENCE.value,
        "NEWSLETTER",
        "EMAIL",
        None,
    )
    assert (row.tenant_id, row.customer_id, row.at, row.previous, row.current) == (1, 5, AT, False, True)
    assert (row.actor_user_id, row.actor_api_key_id, row.actor_name) == (7, None, "Peter Meyer")
    assert row.source == ConsentSource.AGENT.value
    assert row.request_id == str(request_id)


def test_a_marketing_change_is_its_own_kind_and_the_source_defaults_to_the_caller():
    row = consent_change(
        API_KEY,
        5,
        at=AT,
        source=None,
        request_id=None,
        previous=True,
        current=False,
        marketing_preference_id=2,
    )
    assert (row.kind, row.message_category, row.channel, row.marketing_preference_id) == (
        ConsentKind.MARKETING_PREFERENCE.value,
        None,
        None,
        2,
    )
    assert (row.actor_user_id, row.actor_api_key_id, row.source) == (None, 3, ConsentSource.API.value)
    assert row.request_id is None


def test_a_stated_source_wins_over_the_callers():
    row = consent_change(
        API_KEY,
        5,
        at=AT,
        source=ConsentSource.CUSTOMER,
        request_id=None,
        previous=False,
        current=True,
        category="GENERAL",
        channel=Channel.TEXT_MESSAGE,
    )
    assert row.source == ConsentSource.CUSTOMER.value
