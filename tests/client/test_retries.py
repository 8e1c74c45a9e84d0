"""Retries: failures injected between the client and the real server, after which the server holds
exactly one record; 503s and garbled answers injected; Retry-After of a real 429 honoured."""

from __future__ import annotations

import json
import time
import uuid

import httpx
import pytest

from app.client import (
    ConnectionFailed,
    InvalidResponse,
    RetryPolicy,
    ServerUnavailable,
    SwitchboardClient,
)
from app.contract.customers import CustomerCreate
from app.contract.enums import ConsentKind, OtpChannel
from tests.client.conftest import QUICK_WINDOW
from tests.client.support import FAST, FailingFirst, Scripted, connect, run
from tests.live_server import LiveServer

JUERGEN = 2


def _is_create_customer(request: httpx.Request) -> bool:
    return request.method == "POST" and request.url.path == "/v1/customers"


def _body_request_id(request: httpx.Request) -> str:
    return str(json.loads(request.content)["requestId"])


def _error_answer(status: int, code: str, **headers: str) -> httpx.Response:
    body = {
        "errorMessage": "try later",
        "errorCode": code,
        "traceId": "injected",
        "reference": None,
        "args": [],
    }
    return httpx.Response(status, json=body, headers=headers)


def test_connection_refused_twice_then_one_customer(server: LiveServer) -> None:
    failing = FailingFirst(2, only=_is_create_customer)

    async def scenario() -> None:
        async with connect(server, transport=failing) as client:
            created = await client.create_customer(CustomerCreate(first_name="Retry", last_name="Refused"))
            assert (await client.search_customers("Retry Refused")).total == 1
            assert (await client.get_customer(created.customer_id)).last_name == "Refused"

    run(scenario())
    assert len(failing.requests) == 3
    assert len({_body_request_id(r) for r in failing.requests}) == 1


def test_answers_lost_after_the_server_wrote_still_make_one_customer(server: LiveServer) -> None:
    failing = FailingFirst(
        3,
        error=lambda r: httpx.ReadError("connection reset", request=r),
        after_forwarding=True,
        only=_is_create_customer,
    )

    async def scenario() -> None:
        async with connect(server, transport=failing) as client:
            created = await client.create_customer(CustomerCreate(first_name="Lost", last_name="Answer"))
            found = await client.search_customers("Lost Answer")
            assert [c.customer_id for c in found.items] == [created.customer_id]

    run(scenario())
    assert len(failing.requests) == 4  # the server saw all four; it wrote once and replayed three times


def test_opt_out_keyed_by_header_is_recorded_once_despite_lost_answers(server: LiveServer) -> None:
    def is_opt_out(request: httpx.Request) -> bool:
        return request.method == "DELETE"

    failing = FailingFirst(
        2, error=lambda r: httpx.ReadError("reset", request=r), after_forwarding=True, only=is_opt_out
    )

    async def scenario() -> None:
        async with connect(server, transport=failing) as client:
            customer = await client.create_customer(CustomerCreate(first_name="Opt", last_name="Out"))
            preference = (await client.list_marketing_preferences())[0].marketing_preference_id
            await client.opt_in(customer.customer_id, preference)
            await client.opt_out(customer.customer_id, preference)
            history = await client.get_consent_history(customer.customer_id)
            changes = [
                (c.previous, c.current) for c in history.items if c.kind is ConsentKind.MARKETING_PREFERENCE
            ]
            assert changes == [(True, False), (False, True)]

    run(scenario())
    keys = {r.headers["Idempotency-Key"] for r in failing.requests}
    assert len(failing.requests) == 3
    assert len(keys) == 1


def test_injected_503s_are_retried_and_the_server_holds_one_record(server: LiveServer) -> None:
    scripted = Scripted(
        [_error_answer(503, "server.unavailable"), _error_answer(503, "server.unavailable")],
        only=_is_create_customer,
    )

    async def scenario() -> None:
        async with connect(server, transport=scripted) as client:
            await client.create_customer(CustomerCreate(first_name="Five", last_name="Ohthree"))
            assert (await client.search_customers("Five Ohthree")).total == 1

    run(scenario())
    assert len(scripted.seen) == 3
    assert len({_body_request_id(r) for r in scripted.seen}) == 1


def test_a_503_with_retry_after_is_waited_for(server: LiveServer) -> None:
    scripted = Scripted(
        [_error_answer(503, "server.unavailable", **{"Retry-After": "1"})],
        only=lambda r: r.url.path == "/healthz",
    )

    async def scenario() -> float:
        async with SwitchboardClient(server.url, transport=scripted, retry=FAST) as client:
            started = time.monotonic()
            assert (await client.health()).status == "ok"
            return time.monotonic() - started

    assert run(scenario()) >= 1.0


def test_a_proxys_garbled_502_is_retried_then_reported_with_its_text(server: LiveServer) -> None:
    """Fakes our own API only to inject a fault: a proxy page instead of our error body."""
    page = httpx.Response(
        502, text="<html><body>Bad Gateway</body></html>", headers={"Content-Type": "text/html"}
    )
    scripted = Scripted([page] * FAST.attempts, only=lambda r: r.url.path == "/v1/me")

    async def scenario() -> None:
        async with connect(server, transport=scripted) as client:
            with pytest.raises(ServerUnavailable) as caught:
                await client.me()
            assert caught.value.status == 502
            assert caught.value.error_code == ""
            assert "Bad Gateway" in caught.value.error_message
            assert (await client.me()).username == "agent"  # the next call goes through

    run(scenario())


def test_a_garbled_success_body_is_invalid_response_not_a_crash(server: LiveServer) -> None:
    """Fakes our own API only to inject a fault: a 200 whose body is not the contract's."""
    scripted = Scripted([httpx.Response(200, text="{truncated")], only=lambda r: r.url.path == "/v1/me")

    async def scenario() -> None:
        async with connect(server, transport=scripted) as client:
            with pytest.raises(InvalidResponse) as caught:
                await client.me()
            assert caught.value.status == 200
            assert (await client.me()).username == "agent"

    run(scenario())


def test_an_undecodable_body_is_invalid_response_not_an_httpx_error(server: LiveServer) -> None:
    """Fakes our own API only to inject a fault: a body that claims gzip but is not."""
    broken = httpx.Response(
        200, stream=httpx.ByteStream(b"not gzip at all"), headers={"Content-Encoding": "gzip"}
    )
    scripted = Scripted([broken], only=lambda r: r.url.path == "/healthz")

    async def scenario() -> None:
        async with SwitchboardClient(server.url, transport=scripted, retry=FAST) as client:
            with pytest.raises(InvalidResponse) as caught:
                await client.health()
            assert caught.value.status is None
            assert (await client.health()).status == "ok"

    run(scenario())


def test_an_unkeyed_write_is_not_sent_twice(server: LiveServer) -> None:
    """Validating a code has no requestId: after a lost answer the client must not try again, or
    the second try would find the right code used up."""

    def is_validate(request: httpx.Request) -> bool:
        return request.url.path.endswith("/validate")

    failing = FailingFirst(
        1, error=lambda r: httpx.ReadError("reset", request=r), after_forwarding=True, only=is_validate
    )

    async def scenario() -> None:
        async with connect(server, transport=failing) as client:
            sent = await client.send_otp(JUERGEN, OtpChannel.EMAIL)
            with pytest.raises(ConnectionFailed):
                await client.validate_otp(JUERGEN, sent.otp_id, "123456")

    run(scenario())
    assert len(failing.requests) == 1


def test_a_refused_connection_is_retried_even_for_an_unkeyed_write(server: LiveServer) -> None:
    failing = FailingFirst(2, only=lambda r: r.url.path == "/v1/auth/token")

    async def scenario() -> None:
        async with connect(server, None, transport=failing) as client:
            await client.sign_in("agent", "demo")
            assert (await client.me()).username == "agent"

    run(scenario())
    assert len(failing.requests) == 3


def test_retries_give_up_after_the_policys_attempts(server: LiveServer) -> None:
    failing = FailingFirst(100)
    policy = RetryPolicy(attempts=3, wait_initial=0.01, wait_max=0.01, wait_jitter=0.0)

    async def scenario() -> None:
        async with SwitchboardClient(server.url, transport=failing, retry=policy) as client:
            with pytest.raises(ConnectionFailed):
                await client.health()

    run(scenario())
    assert len(failing.requests) == 3


def test_a_caller_supplied_request_id_is_sent_and_kept(server: LiveServer) -> None:
    request_id = uuid.uuid4()
    failing = FailingFirst(1, only=_is_create_customer)

    async def scenario() -> None:
        async with connect(server, transport=failing) as client:
            await client.create_customer(
                CustomerCreate(first_name="Given", last_name="Id"), request_id=request_id
            )

    run(scenario())
    assert [_body_request_id(r) for r in failing.requests] == [str(request_id)] * 2


def test_retry_after_of_a_real_429_is_honoured(quick_limited_server: LiveServer) -> None:
    """The server allows 3 requests per 5 s; the 4th waits as long as the 429 said, then succeeds."""
    token = quick_limited_server.token("agent2")
    # The server's window starts with the first request counted: the four calls fall into it.
    recorder = FailingFirst(0)

    async def scenario() -> float:
        async with SwitchboardClient(
            quick_limited_server.url, token=token, transport=recorder, deadline=30
        ) as client:
            for _ in range(3):
                await client.me()
            started = time.monotonic()
            assert (await client.me()).username == "agent2"
            return time.monotonic() - started

    waited = run(scenario(), timeout=120)
    assert recorder.statuses == [200, 200, 200, 429, 200]  # it waited once instead of hammering
    assert 1 <= float(recorder.retry_after[0]) <= QUICK_WINDOW
    assert waited >= float(recorder.retry_after[0])
