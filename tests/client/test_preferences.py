"""Communication preferences, message categories, consent history and marketing preferences."""

from __future__ import annotations

import pytest

from app.client import NotFound, PreconditionFailed, SwitchboardClient, ValidationFailed
from app.contract.customers import CustomerCreate
from app.contract.enums import CategoryKind, Channel, ConsentKind, ConsentSource
from app.contract.preferences import (
    CategoryChannel,
    CategoryPreferencesChange,
    ChannelPreferenceChange,
    CommunicationPreferences,
)
from tests.client.support import connect, run
from tests.live_server import LiveServer


def _state(prefs: CommunicationPreferences, category: str, channel: Channel) -> bool:
    for listed in prefs.preferences:
        if listed.message_category == category:
            for pair in listed.channels:
                if pair.communication_channel is channel:
                    return pair.active
    raise AssertionError(f"{category}/{channel} not in the preference set")


async def _new_customer(client: SwitchboardClient) -> int:
    created = await client.create_customer(CustomerCreate(first_name="Pref", last_name="Tester"))
    return created.customer_id


def test_new_customer_starts_with_marketing_off_and_service_on(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            customer_id = await _new_customer(client)
            prefs = await client.get_communication_preferences(customer_id)
            assert prefs.customer_id == customer_id
            assert _state(prefs, "NEWSLETTER", Channel.EMAIL) is False
            assert _state(prefs, "CONTRACT", Channel.EMAIL) is True
            assert client.preferences_etag(customer_id) == f'"{prefs.version}"'

    run(scenario())


def test_update_changes_only_the_listed_pairs_and_moves_the_version(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            customer_id = await _new_customer(client)
            before = await client.get_communication_preferences(customer_id)
            after = await client.update_communication_preferences(
                customer_id,
                {("NEWSLETTER", Channel.EMAIL): True, ("APPOINTMENT", Channel.TEXT_MESSAGE): False},
                if_match_version=before.version,
            )
            assert after.version == before.version + 1
            assert _state(after, "NEWSLETTER", Channel.EMAIL) is True
            assert _state(after, "APPOINTMENT", Channel.TEXT_MESSAGE) is False
            assert _state(after, "NEWSLETTER", Channel.TEXT_MESSAGE) is False  # not listed: unchanged
            assert client.preferences_etag(customer_id) == f'"{after.version}"'
            assert await client.get_communication_preferences(customer_id) == after

    run(scenario())


def test_contract_shaped_changes_are_accepted_too(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            customer_id = await _new_customer(client)
            changes = [
                CategoryPreferencesChange(
                    message_category="LOYALTY_PROGRAM",
                    channels=[ChannelPreferenceChange(communication_channel=Channel.PHONE, active=True)],
                )
            ]
            after = await client.update_communication_preferences(
                customer_id, changes, source=ConsentSource.CUSTOMER
            )
            assert _state(after, "LOYALTY_PROGRAM", Channel.PHONE) is True
            history = await client.get_consent_history(customer_id)
            assert history.items[0].source is ConsentSource.CUSTOMER

    run(scenario())


def test_stale_version_is_precondition_failed_and_changes_nothing(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "agent") as mine, connect(server, "agent2") as theirs:
            customer_id = await _new_customer(mine)
            seen = await mine.get_communication_preferences(customer_id)
            await theirs.update_communication_preferences(customer_id, {("NEWSLETTER", Channel.EMAIL): True})
            with pytest.raises(PreconditionFailed) as caught:
                await mine.update_communication_preferences(
                    customer_id, {("NEWSLETTER", Channel.EMAIL): False}, if_match_version=seen.version
                )
            assert caught.value.error_code == "preferences.versionConflict"
            now = await mine.get_communication_preferences(customer_id)
            assert _state(now, "NEWSLETTER", Channel.EMAIL) is True

    run(scenario())


def test_a_pair_the_customer_may_not_override_is_a_validation_failure(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            customer_id = await _new_customer(client)
            with pytest.raises(ValidationFailed) as caught:
                await client.update_communication_preferences(
                    customer_id, {("CONTRACT", Channel.LETTER): False}
                )
            assert caught.value.reference == "preferences[0].channels[0].active"

    run(scenario())


def test_consent_history_lists_every_change_newest_first_and_pages(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            customer_id = await _new_customer(client)
            for active in (True, False, True):
                await client.update_communication_preferences(
                    customer_id, {("NEWSLETTER", Channel.EMAIL): active}
                )
            page = await client.get_consent_history(customer_id, limit=2)
            assert page.total == 3
            assert [c.current for c in page.items] == [True, False]
            everything = [c async for c in client.iter_consent_history(customer_id, limit=2)]
            assert [(c.previous, c.current) for c in everything] == [
                (False, True),
                (True, False),
                (False, True),
            ]
            assert all(
                c.kind is ConsentKind.PREFERENCE and c.actor.display_name == "Peter Meyer" for c in everything
            )
            assert len({c.request_id for c in everything}) == 3

    run(scenario())


def test_message_categories_list_and_create(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "admin") as client:
            names = {c.message_category: c for c in await client.list_message_categories()}
            assert names["NEWSLETTER"].kind is CategoryKind.MARKETING
            created = await client.create_message_category(
                "SURVEY",
                CategoryKind.MARKETING,
                [
                    Channel.EMAIL,
                    CategoryChannel(communication_channel=Channel.LETTER, customer_overridable=False),
                ],
            )
            assert created.message_category == "SURVEY"
            assert [c.customer_overridable for c in created.channels] == [True, False]
            assert created in await client.list_message_categories()
            customer_id = await _new_customer(client)
            prefs = await client.get_communication_preferences(customer_id)
            assert _state(prefs, "SURVEY", Channel.EMAIL) is False

    run(scenario())


def test_marketing_preferences_of_the_tenant(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "admin") as client:
            before = await client.list_marketing_preferences()
            assert len(before) >= 3
            created = await client.create_marketing_preference("Invitations to member events")
            assert await client.list_marketing_preferences() == [*before, created]

    run(scenario())


def test_opt_in_and_out_of_a_marketing_preference(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            customer_id = await _new_customer(client)
            preference = (await client.list_marketing_preferences())[0]
            pid = preference.marketing_preference_id
            never = await client.get_customer_marketing_preference(customer_id, pid)
            assert never.opted_in is False
            assert never.opted_in_at is None

            opted = await client.opt_in(customer_id, pid)
            assert opted.opted_in
            assert opted.opted_in_at is not None
            assert (await client.opt_in(customer_id, pid)).opted_in  # idempotent

            listed = await client.list_customer_marketing_preferences(customer_id)
            states = {p.marketing_preference_id: p.opted_in for p in listed.items}
            assert states[pid] is True
            assert sum(states.values()) == 1
            every = [p async for p in client.iter_customer_marketing_preferences(customer_id, limit=1)]
            assert len(every) == listed.total

            await client.opt_out(customer_id, pid)
            await client.opt_out(customer_id, pid)  # idempotent
            assert (await client.get_customer_marketing_preference(customer_id, pid)).opted_in is False

            history = await client.get_consent_history(customer_id)
            marketing = [c for c in history.items if c.kind is ConsentKind.MARKETING_PREFERENCE]
            assert [(c.previous, c.current) for c in marketing] == [(True, False), (False, True)]

    run(scenario())


def test_unknown_marketing_preference_is_not_found(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            customer_id = await _new_customer(client)
            with pytest.raises(NotFound):
                await client.get_customer_marketing_preference(customer_id, 999_999)

    run(scenario())
