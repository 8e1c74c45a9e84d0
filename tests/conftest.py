"""Test-wide set-up: offscreen Qt, a private data directory, and the real server as a subprocess."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

# Before anything reads them: Qt draws offscreen, and no test touches the developer's own data.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_PRIVATE = tempfile.mkdtemp(prefix="switchboard-tests-")
os.environ["XDG_DATA_HOME"] = os.path.join(_PRIVATE, "data")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_PRIVATE, "config")
os.environ["XDG_CACHE_HOME"] = os.path.join(_PRIVATE, "cache")
# argon2 with 4 MiB and one pass instead of 64 MiB and three (app.server.config.PasswordHashSettings):
# the tests sign in over a thousand times, at 0.2 s each with the defaults; child servers inherit it.
os.environ["SWITCHBOARD_PASSWORD_HASH_TIME_COST"] = "1"
os.environ["SWITCHBOARD_PASSWORD_HASH_MEMORY_KIB"] = "4096"
os.environ["SWITCHBOARD_PASSWORD_HASH_PARALLELISM"] = "1"

import pytest  # noqa: E402

from tests.documented import ENVIRONMENT as CHECK_DOCUMENTED  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402

# Every server a test starts, in this process or as a child, checks that each of its answers is one
# /openapi.json documents; the fixtures that stop them assert it (tests/documented.py).
os.environ[CHECK_DOCUMENTED] = "1"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real `switchboard-server --demo` on a free loopback port, for the whole session."""
    server = LiveServer(tmp_path_factory.mktemp("live") / "server.db")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(live_server: LiveServer) -> Iterator[LiveServer]:
    """The live server with fresh demo data for this test (restarted if a test stopped it); the test
    fails if the server gave an answer its document does not."""
    if not live_server.running:
        live_server.start()
    live_server.reset()
    yield live_server
    live_server.assert_answers_documented()
