"""The identity check by one-time code through the client: send, read back (demo outbox), validate."""

from __future__ import annotations

import re

import pytest

from app.client import Gone, RateLimited, SwitchboardClient, TooManyAttempts, ValidationFailed
from app.contract.enums import DeliveryStatus, OtpChannel
from tests.client.support import connect, run
from tests.live_server import LiveServer

JUERGEN, ZOE_SUSPENDED = 2, 3


async def _code_sent_to(admin: SwitchboardClient, customer_id: int) -> str:
    newest = (await admin.dev_outbox(customer_id, limit=1))[0]
    found = re.search(r"\b(\d{6})\b", newest.content)
    assert found, newest.content
    return found.group(1)


def test_send_then_validate_the_right_code_once(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "agent") as agent, connect(server, "admin") as admin:
            sent = await agent.send_otp(JUERGEN, OtpChannel.TEXT_MESSAGE)
            assert sent.delivery_status is DeliveryStatus.SENT
            assert sent.communication_channel is OtpChannel.TEXT_MESSAGE
            code = await _code_sent_to(admin, JUERGEN)
            assert (await agent.validate_otp(JUERGEN, sent.otp_id, code)).valid
            with pytest.raises(Gone) as caught:
                await agent.validate_otp(JUERGEN, sent.otp_id, code)
            assert caught.value.status == 410
            assert caught.value.error_code == "otp.expired"

    run(scenario())


def test_wrong_codes_count_down_then_lock(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "agent") as agent, connect(server, "admin") as admin:
            sent = await agent.send_otp(JUERGEN, OtpChannel.EMAIL)
            right = await _code_sent_to(admin, JUERGEN)
            wrong = "000000" if right != "000000" else "111111"
            left = []
            for _ in range(5):
                with pytest.raises(ValidationFailed) as caught:
                    await agent.validate_otp(JUERGEN, sent.otp_id, wrong)
                assert caught.value.error_code == "otp.invalid"
                left.append(caught.value.args[0])
            assert left == [4, 3, 2, 1, 0]
            with pytest.raises(TooManyAttempts) as locked:
                await agent.validate_otp(JUERGEN, sent.otp_id, wrong)
            assert isinstance(locked.value, RateLimited)
            with pytest.raises((TooManyAttempts, Gone)):
                await agent.validate_otp(JUERGEN, sent.otp_id, right)

    run(scenario())


def test_a_blocked_customer_gets_no_code(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "agent") as agent, connect(server, "admin") as admin:
            sent = await agent.send_otp(ZOE_SUSPENDED, OtpChannel.EMAIL)
            assert sent.delivery_status is DeliveryStatus.SUPPRESSED
            assert await admin.dev_outbox(ZOE_SUSPENDED) == []

    run(scenario())
