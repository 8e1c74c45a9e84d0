"""The app's language through the client: every request carries it, and the server answers in it;
message categories arrive with their names for people."""

from __future__ import annotations

import asyncio
from contextlib import aclosing

import pytest

from app.client import ValidationFailed
from app.contract.customers import CustomerCreate
from app.contract.display import LocalisedText
from app.contract.enums import CategoryKind, Channel, OtpChannel
from tests.client.support import FailingFirst, connect, run
from tests.client.test_identity import _code_sent_to
from tests.live_server import LiveServer

JUERGEN = 2


def test_every_request_carries_the_apps_language(server: LiveServer) -> None:
    recorder = FailingFirst(0)

    async def open_event_stream(client) -> None:
        async with aclosing(client.events()) as stream:
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(anext(stream), 0.5)

    async def scenario() -> None:
        async with connect(server, "agent", transport=recorder, language="de_DE") as client:
            assert client.language == "de-DE"
            await client.search_customers("Anna")
            await client.get_customer(1)
            await client.create_customer(CustomerCreate(first_name="Ada", last_name="Sprache"))
            await client.list_message_categories()
            await open_event_stream(client)
            german = len(recorder.requests)
            client.set_language("en")
            await client.me()
            english = len(recorder.requests)
            client.set_language(None)
            assert client.language is None
            await client.me()
        languages = [request.headers.get("Accept-Language") for request in recorder.requests]
        paths = [request.url.path for request in recorder.requests]
        assert "/v1/auth/token" in paths[:german] and "/v1/events" in paths[:german]
        assert languages[:german] == ["de-DE"] * german
        assert languages[german:english] == ["en"]
        assert languages[english:] == [None]

    run(scenario())


def test_the_server_answers_in_the_clients_language_with_its_plural_forms(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "agent", language="de") as agent, connect(server, "admin") as admin:
            sent = await agent.send_otp(JUERGEN, OtpChannel.EMAIL)
            right = await _code_sent_to(admin, JUERGEN)
            wrong = "000000" if right != "000000" else "111111"
            messages = []
            for language in ("de", "en", "en", "de", "en"):
                agent.set_language(language)
                with pytest.raises(ValidationFailed) as caught:
                    await agent.validate_otp(JUERGEN, sent.otp_id, wrong)
                messages.append(caught.value.error_message)
            assert messages == [
                "Der Code ist falsch; noch 4 Versuche.",
                "The code is wrong; 3 attempts left.",
                "The code is wrong; 2 attempts left.",
                "Der Code ist falsch; noch 1 Versuch.",
                "The code is wrong; 0 attempts left.",
            ]

    run(scenario())


def test_message_categories_come_with_their_names_in_english_and_german(server: LiveServer) -> None:
    async def scenario() -> None:
        async with connect(server, "admin") as client:
            categories = {c.message_category: c for c in await client.list_message_categories()}
            loyalty = categories["LOYALTY_PROGRAM"]
            assert loyalty.display_name == LocalisedText(en="Loyalty programme", de="Treueprogramm")
            assert loyalty.name_in("de-DE") == "Treueprogramm"
            assert loyalty.name_in("en") == "Loyalty programme"
            assert categories["APPOINTMENT"].name_in("de") == "Termin"
            named = await client.create_message_category(
                "PAYMENT_REMINDER",
                CategoryKind.SERVICE,
                [Channel.EMAIL],
                display_name=LocalisedText(en="Payment reminders", de="Zahlungserinnerungen"),
            )
            assert named.name_in("de") == "Zahlungserinnerungen"
            unnamed = await client.create_message_category(
                "CLUB_NEWS", CategoryKind.MARKETING, [Channel.EMAIL]
            )
            assert unnamed.display_name == LocalisedText(en="Club news", de="Club news")
            listed = await client.list_message_categories()
            assert named in listed and unnamed in listed

    run(scenario())
