"""Fixtures of the client tests: extra real servers with settings of their own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live_server import LiveServer


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server that allows 3 requests per minute per credential and endpoint."""
    server = LiveServer(tmp_path_factory.mktemp("limited") / "server.db", extra_args=("--rate-limit", "3"))
    server.start()
    yield server
    server.stop()


#: The short window of `quick_limited_server`, in seconds.
QUICK_WINDOW = 5


@pytest.fixture(scope="session")
def quick_limited_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server that allows 3 requests per 5-second window per credential and endpoint."""
    server = LiveServer(
        tmp_path_factory.mktemp("quick-limited") / "server.db",
        extra_args=("--rate-limit", "3", "--rate-limit-window", str(QUICK_WINDOW)),
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def private_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server of this test alone, which the test may break (stop it, damage its database)."""
    server = LiveServer(tmp_path_factory.mktemp("private") / "server.db")
    server.start()
    yield server
    server.stop()
