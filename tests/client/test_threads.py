"""Threads, the communications log, delivery events and the demo outbox through the client."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.client import KEEP, Conflict, Forbidden
from app.contract.communications import (
    CommunicationAdd,
    CommunicationDetailsInput,
    CommunicationLogCreate,
    CommunicationRecipientInput,
    CommunicationSenderInput,
    ThreadCreate,
)
from app.contract.enums import (
    Channel,
    DeliveryEventStatus,
    DeliveryStatus,
    Direction,
    SuppressionReason,
    ThreadStatus,
)
from tests.client.support import FailingFirst, connect, run
from tests.live_server import LiveServer

ANNA, JUERGEN, ZOE_SUSPENDED = 1, 2, 3
LONG_THREAD = 1  # Anna Müller's thread of over 2,000 communications in the demo data


def first_message(**overrides: object) -> ThreadCreate:
    fields: dict[str, object] = {
        "communication_thread_status": ThreadStatus.ONGOING,
        "subject": "Your membership",
        "content": "Hello, this is about your membership.",
        "communication_direction": Direction.OUTGOING,
        "communication_channel": Channel.EMAIL,
    }
    fields.update(overrides)
    return ThreadCreate.model_validate(fields)


def reply(content: str, **overrides: object) -> CommunicationAdd:
    fields: dict[str, object] = {
        "communication_thread_status": ThreadStatus.ONGOING,
        "content": content,
        "communication_direction": Direction.INCOMING,
        "communication_channel": Channel.EMAIL,
    }
    fields.update(overrides)
    return CommunicationAdd.model_validate(fields)


def test_create_thread_add_and_read_it_back(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            first = await client.create_thread(JUERGEN, first_message(ticket_number="T-7"))
            assert first.delivery_status is DeliveryStatus.SENT
            assert first.agent == "Peter Meyer"
            assert first.thread_id is not None
            thread_id = first.thread_id
            answer = await client.add_communication(JUERGEN, thread_id, reply("Thanks, got it."))
            assert answer.delivery_status is DeliveryStatus.RECEIVED
            assert answer.thread_id == thread_id

            summary = await client.get_thread(JUERGEN, thread_id)
            assert summary.communication_count == 2
            assert summary.ticket_number == "T-7"
            assert summary.last_direction is Direction.INCOMING
            assert summary.assignee is not None
            assert summary.assignee.display_name == "Peter Meyer"

            threads = await client.list_threads(JUERGEN)
            assert threads.items[0].thread_id == thread_id  # newest activity first
            every = [t.thread_id async for t in client.iter_threads(JUERGEN, limit=2)]
            assert len(every) == threads.total
            assert every[0] == thread_id
            ongoing = [t async for t in client.iter_threads(JUERGEN, status=ThreadStatus.ONGOING)]
            assert all(t.communication_thread_status is ThreadStatus.ONGOING for t in ongoing)
            page = await client.list_thread_communications(JUERGEN, thread_id)
            assert [c.communication_id for c in page.items] == [
                answer.communication_id,
                first.communication_id,
            ]
            assert page.next_before is None

    run(scenario())


def test_an_outgoing_message_to_a_blocked_customer_is_recorded_suppressed(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            sent = await client.create_thread(ZOE_SUSPENDED, first_message())
            assert sent.delivery_status is DeliveryStatus.SUPPRESSED
            assert sent.suppression_reason is SuppressionReason.CUSTOMER_BLOCKED

    run(scenario())


def test_an_opted_out_pair_is_a_conflict_and_nothing_is_recorded(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            await client.update_communication_preferences(JUERGEN, {("NEWSLETTER", Channel.EMAIL): False})
            before = (await client.list_threads(JUERGEN)).total
            with pytest.raises(Conflict) as caught:
                await client.create_thread(JUERGEN, first_message(message_category="NEWSLETTER"))
            assert caught.value.error_code == "communication.optedOut"
            assert list(caught.value.args) == ["NEWSLETTER", "EMAIL"]
            assert (await client.list_threads(JUERGEN)).total == before

    run(scenario())


def test_a_closed_thread_refuses_a_message_until_reopened(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            thread_id = (await client.create_thread(JUERGEN, first_message())).thread_id
            assert thread_id is not None
            closed = await client.update_thread(JUERGEN, thread_id, status=ThreadStatus.CLOSED)
            assert closed.communication_thread_status is ThreadStatus.CLOSED
            with pytest.raises(Conflict) as caught:
                await client.add_communication(
                    JUERGEN, thread_id, reply("late", communication_thread_status=ThreadStatus.CLOSED)
                )
            assert caught.value.error_code == "thread.closed"
            await client.add_communication(JUERGEN, thread_id, reply("reopen please"))
            reopened = await client.get_thread(JUERGEN, thread_id)
            assert reopened.communication_thread_status is ThreadStatus.ONGOING
            closed_now = await client.list_threads(JUERGEN, status=ThreadStatus.CLOSED)
            assert thread_id not in [t.thread_id for t in closed_now.items]

    run(scenario())


def test_update_thread_assigns_and_unassigns(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "supervisor") as supervisor, connect(server, "agent2") as agent2:
            thread_id = (await supervisor.create_thread(JUERGEN, first_message())).thread_id
            assert thread_id is not None
            me2 = await agent2.me()
            assigned = await supervisor.update_thread(JUERGEN, thread_id, assignee_user_id=me2.user_id)
            assert assigned.assignee is not None
            assert assigned.assignee.user_id == me2.user_id
            kept = await supervisor.update_thread(
                JUERGEN, thread_id, status=ThreadStatus.CREATED, assignee_user_id=KEEP
            )
            assert kept.assignee == assigned.assignee
            unassigned = await supervisor.update_thread(JUERGEN, thread_id, assignee_user_id=None)
            assert unassigned.assignee is None
            with pytest.raises(Forbidden):
                await agent2.update_thread(
                    JUERGEN, thread_id, assignee_user_id=(await supervisor.me()).user_id
                )

    run(scenario())


def test_iter_thread_communications_follows_the_cursor_through_a_long_thread(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            summary = await client.get_thread(ANNA, LONG_THREAD)
            assert summary.communication_count >= 2000
            first = await client.list_thread_communications(ANNA, LONG_THREAD, limit=100)
            assert first.next_before == first.items[-1].communication_id
            older = await client.list_thread_communications(
                ANNA, LONG_THREAD, before=first.next_before, limit=100
            )
            assert older.items[0].communication_id < first.items[-1].communication_id
            ids = [
                c.communication_id
                async for c in client.iter_thread_communications(ANNA, LONG_THREAD, limit=100)
            ]
            assert len(ids) == summary.communication_count
            assert ids == sorted(ids, reverse=True)
            assert len(set(ids)) == len(ids)
            # Starting below a given communication skips the newer ones.
            rest = [
                c.communication_id
                async for c in client.iter_thread_communications(ANNA, LONG_THREAD, before=ids[9])
            ]
            assert rest == ids[10:]

    run(scenario())


def test_review_queue_filters_and_scope(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "supervisor") as supervisor, connect(server, "agent2") as agent2:
            me2 = await agent2.me()
            created = await agent2.create_thread(JUERGEN, first_message(communication_channel=Channel.PHONE))
            mine = await agent2.review_queue()
            assert mine.total >= 1
            assert all(t.assignee is not None and t.assignee.user_id == me2.user_id for t in mine.items)

            everyone = await supervisor.review_queue()
            assert everyone.total > mine.total
            filtered = await supervisor.review_queue(
                assignee_user_id=me2.user_id,
                communication_channel=Channel.PHONE,
                status=ThreadStatus.ONGOING,
                updated_since=datetime.now(UTC) - timedelta(minutes=5),
            )
            assert [t.thread_id for t in filtered.items] == [created.thread_id]

    run(scenario())


def test_communications_log_filters_and_logging(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "admin") as client:
            logged = await client.log_communication(
                CommunicationLogCreate(
                    customer_id=JUERGEN,
                    communication_direction=Direction.INCOMING,
                    communication_channel=Channel.PHONE,
                    subject="Call",
                    content="Customer called about the invoice.",
                    details=CommunicationDetailsInput(
                        sender=CommunicationSenderInput(phone="+49 151 23456789"),
                        recipient=CommunicationRecipientInput(name="Hotline"),
                    ),
                )
            )
            assert logged.thread_id is None
            assert logged.delivery_status is DeliveryStatus.RECEIVED
            assert logged.details is not None and logged.details.sender is not None
            assert logged.details.sender.phone == "+4915123456789"
            assert logged.details.recipient is not None and logged.details.recipient.name == "Hotline"

            found = await client.list_customer_communications(
                customer_id=JUERGEN,
                communication_channel=Channel.PHONE,
                communication_direction=Direction.INCOMING,
                delivery_status=DeliveryStatus.RECEIVED,
                from_=datetime.now(UTC) - timedelta(minutes=5),
                to=datetime.now(UTC) + timedelta(minutes=5),
            )
            assert [c.communication_id for c in found.items] == [logged.communication_id]

            thread = await client.create_thread(JUERGEN, first_message())
            by_thread = await client.list_customer_communications(thread_id=thread.thread_id)
            assert [c.communication_id for c in by_thread.items] == [thread.communication_id]
            everything = await client.list_customer_communications(limit=5)
            assert everything.total > 2

    run(scenario())


def test_delivery_events_move_the_status_forward_only(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "admin") as client:
            sent = await client.create_thread(JUERGEN, first_message())
            delivered = await client.add_delivery_event(sent.communication_id, DeliveryEventStatus.DELIVERED)
            assert delivered.delivery_status is DeliveryStatus.DELIVERED
            read = await client.add_delivery_event(
                sent.communication_id, DeliveryEventStatus.READ, reason="opened"
            )
            assert read.delivery_status is DeliveryStatus.READ
            late = await client.add_delivery_event(sent.communication_id, DeliveryEventStatus.DELIVERED)
            assert late.delivery_status is DeliveryStatus.READ

    run(scenario())


def test_dev_outbox_shows_what_was_dispatched(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "admin") as client:
            sent = await client.create_thread(JUERGEN, first_message(content="Your parcel is on its way."))
            outbox = await client.dev_outbox(JUERGEN, limit=5)
            assert outbox[0].communication_id == sent.communication_id
            assert outbox[0].content == "Your parcel is on its way."
            assert all(message.customer_id == JUERGEN for message in outbox)

    run(scenario())


def test_replies_reach_the_same_thread_when_sent_twice_with_one_request_id(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            thread_id = (await client.create_thread(JUERGEN, first_message())).thread_id
            assert thread_id is not None
            body = reply("only once")
            request_id = uuid.uuid4()
            first = await client.add_communication(JUERGEN, thread_id, body, request_id=request_id)
            again = await client.add_communication(JUERGEN, thread_id, body, request_id=request_id)
            assert again == first
            assert (await client.get_thread(JUERGEN, thread_id)).communication_count == 2

    run(scenario())


def test_a_communication_is_added_to_a_thread_by_post_as_magicline_does(server: LiveServer) -> None:
    recorder = FailingFirst(0)

    async def scenario() -> None:
        async with connect(server, transport=recorder) as client:
            thread_id = (await client.create_thread(JUERGEN, first_message())).thread_id
            assert thread_id is not None
            added = await client.add_communication(JUERGEN, thread_id, reply("Got it, thanks."))
            assert added.thread_id == thread_id
            adding = [r for r in recorder.requests if r.url.path.endswith(f"/threads/{thread_id}")]
            assert [r.method for r in adding] == ["POST"]

    run(scenario())
