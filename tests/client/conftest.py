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


@pytest.fixture
def private_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server of this test alone, which the test may break (stop it, damage its database)."""
    server = LiveServer(tmp_path_factory.mktemp("private") / "server.db")
    server.start()
    yield server
    server.stop()
