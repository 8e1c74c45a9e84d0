"""Server tests: the app in-process behind httpx (TestClient), on a fresh copy of the demo database."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

import pytest
from fastapi.testclient import TestClient

from app.server.app import create_app
from app.server.config import ServerSettings
from tests.documented import assert_app_documented

Headers = dict[str, str]


class CheckedClient(TestClient):
    """A TestClient whose test fails, when the client closes, if the app gave an answer its OpenAPI
    document does not (`SWITCHBOARD_CHECK_DOCUMENTED_STATUSES`, which tests/conftest.py sets)."""

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        super().__exit__(exc_type, exc_value, traceback)
        if exc_type is None:
            assert_app_documented(self.app)


def make_client(database: Path, **settings: object) -> TestClient:
    return CheckedClient(create_app(ServerSettings(database_url=str(database), demo=True, **settings)))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, seeded once per session; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    with make_client(path) as client:
        assert client.get("/healthz").status_code == 200
    return path


@pytest.fixture
def database(demo_database: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "server.db"
    shutil.copyfile(demo_database, copy)
    return copy


@pytest.fixture
def api(database: Path) -> Iterator[TestClient]:
    """The app on this test's own copy of the demo database."""
    with make_client(database) as client:
        yield client


def sign_in(client: TestClient, username: str = "agent", password: str = "demo") -> Headers:
    answer = client.post("/v1/auth/token", json={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['accessToken']}"}


@pytest.fixture
def login(api: TestClient) -> Callable[[str], Headers]:
    """`login("supervisor")` -> the Authorization header of that demo user."""
    cache: dict[str, Headers] = {}

    def headers(username: str = "agent") -> Headers:
        if username not in cache:
            cache[username] = sign_in(api, username)
        return cache[username]

    return headers
