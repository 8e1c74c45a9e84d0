"""Each error class of the client, raised from a real answer of the real server (or a real refusal)."""

from __future__ import annotations

import asyncio
import pickle
import sqlite3
import time
import uuid

import httpx
import pytest

from app.client import (
    ApiError,
    ClientError,
    Conflict,
    ConnectionFailed,
    DeadlineExceeded,
    PayloadTooLarge,
    RateLimited,
    RetryPolicy,
    ServerUnavailable,
    SwitchboardClient,
)
from app.contract.customers import CustomerCreate
from tests.client.support import FAST, FailingFirst, connect, run
from tests.live_server import LiveServer


def test_a_reused_request_id_with_another_body_is_a_conflict(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            request_id = uuid.uuid4()
            await client.create_customer(
                CustomerCreate(first_name="Ada", last_name="One"), request_id=request_id
            )
            with pytest.raises(Conflict) as caught:
                await client.create_customer(
                    CustomerCreate(first_name="Bob", last_name="Two"), request_id=request_id
                )
            assert caught.value.error_code == "request.idReused"
            assert (await client.search_customers("Bob Two")).total == 0

    run(scenario())


def test_a_body_over_the_servers_limit_is_payload_too_large(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server) as client:
            # Built without validation: the client's own model would refuse a 1 MB name first.
            huge = CustomerCreate.model_construct(first_name="x" * 1_100_000, last_name="y")
            with pytest.raises(PayloadTooLarge) as caught:
                await client.create_customer(huge)
            assert caught.value.status == 413
            assert caught.value.error_code == "request.tooLarge"

    run(scenario())


def test_a_failing_server_is_server_unavailable_after_the_read_was_retried(
    private_server: LiveServer,
) -> None:
    token = private_server.token("admin")
    # Damage the server's database behind its back: every read of status labels now fails inside it.
    with sqlite3.connect(private_server.database) as db:
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute("DROP TABLE status_labels")
    counting = FailingFirst(0)

    async def scenario() -> None:
        async with SwitchboardClient(
            private_server.url, token=token, retry=FAST, transport=counting
        ) as client:
            with pytest.raises(ServerUnavailable) as caught:
                await client.list_status_labels()
            assert caught.value.status == 500
            assert caught.value.error_code == "server.internal"
            assert caught.value.trace_id
            assert (await client.me()).username == "admin"  # the rest still works

    run(scenario())
    assert len([r for r in counting.requests if r.url.path == "/v1/status-labels"]) == FAST.attempts


def test_an_unreachable_server_is_connection_failed_never_an_httpx_error(private_server: LiveServer) -> None:
    url = private_server.url
    private_server.stop()

    async def scenario() -> None:
        async with SwitchboardClient(url, retry=FAST) as client:
            with pytest.raises(ConnectionFailed) as caught:
                await client.health()
            assert isinstance(caught.value, ClientError)
            assert not isinstance(caught.value, httpx.HTTPError)

    run(scenario())


def test_a_call_past_its_deadline_is_deadline_exceeded(server: LiveServer) -> None:
    class Slow(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            await asyncio.sleep(5)
            raise AssertionError("unreachable within the deadline")

    async def scenario() -> None:
        async with SwitchboardClient(server.url, transport=Slow(), deadline=0.3) as client:
            started = time.monotonic()
            with pytest.raises(DeadlineExceeded) as caught:
                await client.health()
            assert time.monotonic() - started < 2
            assert caught.value.deadline == 0.3
            with client.deadline(0.1), pytest.raises(DeadlineExceeded) as shorter:
                await client.health()
            assert shorter.value.deadline == 0.1

    run(scenario())


def test_rate_limited_at_once_when_retry_after_is_longer_than_the_deadline(
    limited_server: LiveServer,
) -> None:
    token = limited_server.token("agent")
    # The server counts per wall-clock minute: start early in one, so Retry-After exceeds the deadline.
    seconds_left = 60 - time.time() % 60
    if seconds_left < 15:
        time.sleep(seconds_left + 0.5)

    async def scenario() -> None:
        async with SwitchboardClient(limited_server.url, token=token, retry=FAST, deadline=5) as client:
            for _ in range(3):
                await client.list_status_labels()
            started = time.monotonic()
            with pytest.raises(RateLimited) as caught:
                await client.list_status_labels()
            assert time.monotonic() - started < 5
            assert caught.value.error_code == "rate.limited"
            assert caught.value.retry_after is not None
            assert 5 < caught.value.retry_after <= 60

    run(scenario())


def test_api_errors_keep_their_fields_through_pickling(server: LiveServer) -> None:
    async def scenario() -> ApiError:
        async with connect(server) as client:
            try:
                await client.get_customer(987_654)
            except ApiError as error:
                return error
        raise AssertionError("no error")

    error = run(scenario())
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert (copy.status, copy.error_code, copy.trace_id, copy.args) == (
        error.status,
        error.error_code,
        error.trace_id,
        error.args,
    )
    assert str(copy) == str(error)


def test_no_retries_policy_makes_one_attempt(server: LiveServer) -> None:
    failing = FailingFirst(1, error=lambda r: httpx.ReadError("reset", request=r))

    async def scenario() -> None:
        async with SwitchboardClient(server.url, transport=failing, retry=RetryPolicy.no_retries()) as client:
            with pytest.raises(ConnectionFailed):
                await client.health()

    run(scenario())
    assert len(failing.requests) == 1
