"""Customers and status labels through the client, against the real server with fresh demo data."""

from __future__ import annotations

import uuid

import pytest

from app.client import Forbidden, NotFound, SwitchboardClient, ValidationFailed
from app.contract.customers import CustomerCreate
from tests.client.support import connect, run
from tests.live_server import LiveServer


def test_search_finds_by_accent_free_name_prefix(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            page = await client.search_customers("mull", limit=5)
            assert page.total >= 1
            assert page.items
            assert all("müller" in f"{c.first_name} {c.last_name}".lower() for c in page.items)
            assert page.limit == 5
            assert page.total_is_lower_bound is False

    run(scenario())


def test_search_by_email_ranks_the_exact_customer_first(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            someone = (await client.search_customers("", limit=1)).items[0]
            assert someone.email is not None
            found = await client.search_customers(someone.email)
            assert found.items[0].customer_id == someone.customer_id

    run(scenario())


def test_iter_customers_walks_every_page_once(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            first = await client.search_customers("", limit=1)
            ids = [c.customer_id async for c in client.iter_customers("", limit=37)]
            assert len(ids) == first.total
            assert len(set(ids)) == len(ids)

    run(scenario())


def test_create_then_get_customer(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            created = await client.create_customer(
                CustomerCreate(first_name="Zoë", last_name="Ångström", email="zoe@example.org", language="de")
            )
            assert created.customer_id > 0
            fetched = await client.get_customer(created.customer_id)
            assert fetched == created
            assert fetched.language == "de"
            assert fetched.status_label is None
            assert (await client.search_customers("angst")).items[0].customer_id == created.customer_id

    run(scenario())


def test_create_customer_with_the_same_request_id_creates_one(server: LiveServer) -> None:
    async def scenario() -> None:
        request_id = uuid.uuid4()
        body = CustomerCreate(first_name="Once", last_name="Only")
        async with connect(server) as client:
            first = await client.create_customer(body, request_id=request_id)
            again = await client.create_customer(body, request_id=request_id)
            assert again == first
            assert (await client.search_customers("Once Only")).total == 1

    run(scenario())


def test_get_unknown_customer_is_not_found(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            with pytest.raises(NotFound) as caught:
                await client.get_customer(987_654_321)
            assert caught.value.error_code == "resource.notFound"
            assert list(caught.value.args) == ["Customer", "987654321"]
            assert caught.value.trace_id

    run(scenario())


def test_another_tenants_customer_is_not_found(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "agent") as ours:
            customer = (await ours.search_customers("", limit=1)).items[0]
        async with connect(server, "other-agent") as theirs:
            with pytest.raises(NotFound):
                await theirs.get_customer(customer.customer_id)

    run(scenario())


def test_supervisor_blocks_and_unblocks_a_customer(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "supervisor") as client:
            labels = {label.name: label for label in await client.list_status_labels()}
            assert labels["Suspended"].block_communication
            customer = (await client.search_customers("", limit=1)).items[0]
            blocked = await client.set_customer_status(
                customer.customer_id, labels["Suspended"].status_label_id, "fraud suspected"
            )
            assert blocked.communication_blocked
            assert blocked.status_label == labels["Suspended"]
            cleared = await client.set_customer_status(customer.customer_id, None, "cleared")
            assert cleared.status_label is None
            assert not (await client.get_customer(customer.customer_id)).communication_blocked

    run(scenario())


def test_agent_may_not_set_a_status(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "agent") as client:
            customer = (await client.search_customers("", limit=1)).items[0]
            with pytest.raises(Forbidden) as caught:
                await client.set_customer_status(customer.customer_id, None, "try")
            assert list(caught.value.args) == ["CUSTOMER_STATUS_WRITE"]

    run(scenario())


def test_unknown_status_label_is_a_validation_failure_naming_the_field(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "supervisor") as client:
            customer = (await client.search_customers("", limit=1)).items[0]
            with pytest.raises(ValidationFailed) as caught:
                await client.set_customer_status(customer.customer_id, 99_999, "no such label")
            assert caught.value.reference == "statusLabelId"
            assert caught.value.status == 422

    run(scenario())


def test_admin_creates_and_updates_status_labels(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "admin") as client:
            label = await client.create_status_label("Deceased", block_communication=True)
            assert label.block_communication
            renamed = await client.update_status_label(label.status_label_id, name="Bereaved family")
            assert renamed.name == "Bereaved family"
            assert renamed.block_communication  # untouched
            unblocked = await client.update_status_label(label.status_label_id, block_communication=False)
            assert unblocked.name == "Bereaved family"
            assert not unblocked.block_communication
            assert unblocked in await client.list_status_labels()

    run(scenario())


def test_error_messages_follow_the_clients_language(server: LiveServer) -> None:
    token = server.token("agent")

    async def scenario() -> None:
        async with SwitchboardClient(server.url, token=token, language="de") as client:
            with pytest.raises(NotFound) as caught:
                await client.get_customer(987_654_321)
            assert "wurde nicht gefunden" in caught.value.error_message
            client.set_language("en")
            with pytest.raises(NotFound) as english:
                await client.get_customer(987_654_321)
            assert "was not found" in english.value.error_message

    run(scenario())
