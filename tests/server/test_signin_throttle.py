"""Guessing passwords is throttled: failed sign-ins per username and per address, 429 `auth.throttled`
with `Retry-After`; a success clears the username's count; argon2 hashes are renewed on sign-in."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from app.contract.errors import ErrorCode
from app.server.config import PasswordHashSettings
from app.server.errors.catalogue import message_for
from tests.live_server import LiveServer
from tests.server.conftest import make_client
from tests.server.support import assert_error, rows

#: The throttle of most tests here: 3 failures per username, 6 per address, in a minute.
PER_USERNAME, PER_ADDRESS, WINDOW = 3, 6, 60


def attempt(
    client: TestClient | httpx.Client, username: str, password: str, **headers: str
) -> httpx.Response:
    return client.post("/v1/auth/token", json={"username": username, "password": password}, headers=headers)


def assert_throttled(answer: httpx.Response, window: int = WINDOW) -> int:
    """The answer is 429 `auth.throttled` with a `Retry-After` within the window; returns it."""
    body = assert_error(answer, 429, "auth.throttled")
    wait = int(answer.headers["Retry-After"])
    assert 1 <= wait <= window
    assert body["args"] == [math.ceil(wait / 60)]  # the wait in minutes, as the message says it
    return wait


@pytest.fixture
def throttled_api(database: Path) -> Iterator[TestClient]:
    settings = {
        "sign_in_failures_per_username": PER_USERNAME,
        "sign_in_failures_per_address": PER_ADDRESS,
        "sign_in_window_seconds": WINDOW,
    }
    with make_client(database, **settings) as client:
        yield client


def test_failures_for_one_username_throttle_it_even_with_the_right_password(throttled_api: TestClient):
    first_failure = time.time()
    for _ in range(PER_USERNAME):
        assert_error(attempt(throttled_api, "agent", "wrong"), 401, "auth.unauthenticated")
    refused = attempt(throttled_api, "agent", "demo")
    wait = assert_throttled(refused)
    # Until the first failure leaves the window: never less than what is left of it.
    assert wait >= WINDOW - (time.time() - first_failure) - 1
    assert "accessToken" not in refused.text
    assert_throttled(attempt(throttled_api, "agent", "wrong"))
    # Per username: another user of the same address still signs in.
    assert attempt(throttled_api, "agent2", "demo").status_code == 200


def test_an_unknown_username_is_counted_and_answered_as_a_known_one(throttled_api: TestClient):
    answers = {}
    for username in ("agent", "nobody"):
        for _ in range(PER_USERNAME):
            assert_error(attempt(throttled_api, username, "wrong"), 401, "auth.unauthenticated")
        answers[username] = attempt(throttled_api, username, "demo")
    known, unknown = (assert_error(answers[name], 429, "auth.throttled") for name in ("agent", "nobody"))
    assert known["errorMessage"] == unknown["errorMessage"]
    assert known["args"] == unknown["args"]


def test_a_success_clears_the_usernames_count(throttled_api: TestClient):
    for _ in range(PER_USERNAME - 1):
        assert_error(attempt(throttled_api, "agent", "wrong"), 401, "auth.unauthenticated")
    assert attempt(throttled_api, "agent", "demo").status_code == 200
    # The count starts again: as many failures as the limit are answered 401, the next attempt 429.
    for _ in range(PER_USERNAME):
        assert_error(attempt(throttled_api, "agent", "wrong"), 401, "auth.unauthenticated")
    assert_throttled(attempt(throttled_api, "agent", "demo"))


def test_failures_from_one_address_throttle_every_username_from_it(throttled_api: TestClient):
    # Fewer per username than its limit, but the address's failures add up.
    for number in range(PER_ADDRESS):
        username = ("agent", "supervisor", "nobody")[number % 3]
        assert_error(attempt(throttled_api, username, f"guess {number}"), 401, "auth.unauthenticated")
    assert_throttled(attempt(throttled_api, "admin", "demo"))  # a user not guessed at all
    assert_throttled(attempt(throttled_api, "agent2", "demo"))


def test_the_message_says_the_wait_in_the_callers_language(throttled_api: TestClient):
    for _ in range(PER_USERNAME):
        attempt(throttled_api, "agent", "wrong")
    german = attempt(throttled_api, "agent", "demo", **{"Accept-Language": "de"})
    assert_throttled(german)
    assert german.json()["errorMessage"] == (
        "Zu viele fehlgeschlagene Anmeldungen; versuchen Sie es in 1 Minute erneut."
    )
    english = attempt(throttled_api, "agent", "demo")
    assert english.json()["errorMessage"] == "Too many failed sign-ins; try again in 1 minute."
    code = ErrorCode.SIGN_IN_THROTTLED
    assert message_for(code, [14], "en") == "Too many failed sign-ins; try again in 14 minutes."
    assert message_for(code, [14], "de") == (
        "Zu viele fehlgeschlagene Anmeldungen; versuchen Sie es in 14 Minuten erneut."
    )


def test_the_throttle_lets_in_again_when_the_window_has_passed(database: Path):
    # The address's count: it takes the failure when the (slow) password check is over, so the window
    # has not passed on a busy machine before the next attempt arrives (2 s did pass once, at a load of 8).
    window = 5
    settings = {"sign_in_failures_per_address": 1, "sign_in_window_seconds": window}
    with make_client(database, **settings) as client:
        assert_error(attempt(client, "agent", "wrong"), 401, "auth.unauthenticated")
        wait = assert_throttled(attempt(client, "agent", "demo"), window)
        time.sleep(wait + 0.1)
        assert attempt(client, "agent", "demo").status_code == 200


def test_the_defaults_are_those_of_the_api(database: Path):
    """5 failures per username in 15 minutes (api.md)."""
    with make_client(database) as client:
        for _ in range(5):
            assert_error(attempt(client, "agent", "wrong"), 401, "auth.unauthenticated")
        assert assert_throttled(attempt(client, "agent", "demo"), 15 * 60) >= 14 * 60


def test_a_weaker_argon2_hash_is_renewed_at_sign_in(database: Path):
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("demo")
    rows(database, "UPDATE users SET password_hash = ? WHERE username = 'agent2'", weak)
    cost = PasswordHashSettings()  # the tests' own (tests/conftest.py), weaker than the defaults
    server_hasher = PasswordHasher(
        time_cost=cost.time_cost, memory_cost=cost.memory_kib, parallelism=cost.parallelism
    )
    with make_client(database) as client:
        assert attempt(client, "agent2", "demo").status_code == 200
        [(renewed,)] = rows(database, "SELECT password_hash FROM users WHERE username = 'agent2'")
        assert renewed != weak
        assert not server_hasher.check_needs_rehash(renewed)
        assert server_hasher.verify(renewed, "demo")
        # Signs in with the new hash, which stays as it is now.
        assert attempt(client, "agent2", "demo").status_code == 200
        assert rows(database, "SELECT password_hash FROM users WHERE username = 'agent2'") == [(renewed,)]
        # A failed sign-in changes no hash.
        assert attempt(client, "agent2", "wrong").status_code == 401
        assert rows(database, "SELECT password_hash FROM users WHERE username = 'agent2'") == [(renewed,)]


# -- the real server: client addresses of their own, and the demo reset ----------------------------


@pytest.fixture(scope="module")
def address_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server that throttles an address after 4 failures (and a username after 10)."""
    server = LiveServer(tmp_path_factory.mktemp("throttled") / "server.db")
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("SWITCHBOARD_SIGN_IN_FAILURES_PER_ADDRESS", "4")
        environment.setenv("SWITCHBOARD_SIGN_IN_FAILURES_PER_USERNAME", "10")
        server.start()
    assert "SWITCHBOARD_SIGN_IN_FAILURES_PER_ADDRESS" not in os.environ
    yield server
    server.stop()


def from_address(server: LiveServer, address: str) -> httpx.Client:
    """An HTTP client whose connections come from `address` (any 127.x.y.z is this machine)."""
    return httpx.Client(base_url=server.url, transport=httpx.HTTPTransport(local_address=address))


def test_an_address_is_throttled_apart_from_the_others_until_the_demo_reset(address_server: LiveServer):
    with (
        from_address(address_server, "127.0.0.2") as guesser,
        from_address(address_server, "127.0.0.3") as other,
    ):
        for username in ("agent", "agent2", "supervisor", "nobody"):
            assert_error(attempt(guesser, username, "wrong"), 401, "auth.unauthenticated")
        assert_throttled(attempt(guesser, "admin", "demo"), 15 * 60)
        assert attempt(other, "agent", "demo").status_code == 200
        address_server.reset()  # signs in as admin from 127.0.0.1, then empties the counts too
        assert attempt(guesser, "admin", "demo").status_code == 200


def test_the_demo_reset_clears_a_throttled_username(server: LiveServer):
    """The suite's shared server: a test that throttled a demo user leaves nothing behind."""
    with httpx.Client(base_url=server.url) as client:
        for _ in range(5):
            assert_error(attempt(client, "agent", "wrong"), 401, "auth.unauthenticated")
        assert_throttled(attempt(client, "agent", "demo"), 15 * 60)
        server.reset()
        assert attempt(client, "agent", "demo").status_code == 200
