"""Signing in, swapping credentials, API keys and health, against the real server."""

from __future__ import annotations

import pytest

from app.client import NotFound, SwitchboardClient, Unauthorized
from app.contract.enums import Role, Scope
from tests.client.support import FAST, connect, run
from tests.live_server import LiveServer


def test_sign_in_stores_the_token_and_me_answers_the_user(server: LiveServer) -> None:
    async def scenario() -> None:
        async with SwitchboardClient(server.url, retry=FAST) as client:
            assert not client.authenticated
            answer = await client.sign_in("agent", "demo")
            assert client.token == answer.access_token
            assert answer.user.display_name == "Peter Meyer"
            me = await client.me()
            assert me.username == "agent"
            assert me.role is Role.AGENT
            assert Scope.THREAD_REVIEW not in me.scopes

    run(scenario())


def test_a_token_given_to_the_constructor_is_used(server: LiveServer) -> None:
    token = server.token("supervisor")

    async def scenario() -> None:
        async with SwitchboardClient(server.url, token=token, retry=FAST) as client:
            assert (await client.me()).role is Role.SUPERVISOR

    run(scenario())


def test_credentials_can_be_swapped_and_cleared(server: LiveServer) -> None:
    admin_token = server.token("admin")

    async def scenario() -> None:
        async with connect(server, "agent") as client:
            client.set_token(admin_token)
            assert (await client.me()).username == "admin"
            client.clear_credentials()
            assert not client.authenticated
            with pytest.raises(Unauthorized):
                await client.me()

    run(scenario())


def test_wrong_password_is_unauthorized_and_keeps_the_old_token(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "agent") as client:
            token = client.token
            with pytest.raises(Unauthorized) as caught:
                await client.sign_in("agent", "wrong")
            assert caught.value.status == 401
            assert caught.value.error_code == "auth.unauthenticated"
            assert client.token == token
            assert (await client.me()).username == "agent"

    run(scenario())


def test_api_key_lifecycle_create_use_list_delete(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "admin") as admin:
            created = await admin.create_api_key("crm sync", Role.AGENT)
            assert created.key
            listed = await admin.list_api_keys()
            assert [k.api_key_id for k in listed] == [created.api_key_id]
            assert listed[0].name == "crm sync"

            async with SwitchboardClient(server.url, api_key=created.key, retry=FAST) as robot:
                assert robot.api_key == created.key
                assert (await robot.me()).role is Role.AGENT
                await admin.delete_api_key(created.api_key_id)
                with pytest.raises(Unauthorized):
                    await robot.me()

            assert await admin.list_api_keys() == []
            with pytest.raises(NotFound):
                await admin.delete_api_key(created.api_key_id)

    run(scenario())


def test_an_api_key_set_later_is_used_and_a_client_closes_without_a_with_block(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "admin") as admin:
            key = (await admin.create_api_key("desk", Role.SUPERVISOR)).key
        client = SwitchboardClient(server.url, retry=FAST)
        with pytest.raises(Unauthorized):
            await client.me()
        client.set_api_key(key)
        assert (await client.me()).role is Role.SUPERVISOR
        await client.aclose()
        assert client.closed

    run(scenario())


def test_sign_in_replaces_an_api_key(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "admin") as admin:
            key = (await admin.create_api_key("kiosk", Role.ADMIN)).key
        async with SwitchboardClient(server.url, api_key=key, retry=FAST) as client:
            await client.sign_in("agent", "demo")
            assert client.api_key is None
            assert (await client.me()).username == "agent"

    run(scenario())


def test_health_needs_no_credentials(server: LiveServer) -> None:
    async def scenario() -> None:
        async with SwitchboardClient(server.url) as client:
            health = await client.health()
            assert health.status == "ok"
            assert health.version

    run(scenario())
