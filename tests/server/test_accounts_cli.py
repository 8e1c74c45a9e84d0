"""`switchboard-accounts`: the first administrator of a new database, then passwords and the list, run as
an operator runs it (a child process, the password on standard input), checked by signing in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.server.app import create_app
from app.server.config import ServerSettings
from tests.server.conftest import CheckedClient

STRONG = "correct horse battery"


def accounts(database: Path, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.server.accounts_cli", "--database", str(database), *args],
        input=None if password is None else password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )


def with_jana(folder: Path) -> Path:
    """A new database in `folder` whose one user is the administrator jana (password STRONG)."""
    database = folder / "team.db"
    added = accounts(
        database, "add", "--tenant", "acme", "--username", "jana", "--role", "ADMIN", password=STRONG
    )
    assert added.returncode == 0, added.stderr
    return database


def signs_in(database: Path, username: str, password: str) -> dict | None:
    """The user's /v1/me after signing in to a server on `database` (not a demo one), or None."""
    with CheckedClient(create_app(ServerSettings(database_url=str(database)))) as api:
        answer = api.post("/v1/auth/token", json={"username": username, "password": password})
        if answer.status_code != 200:
            assert answer.status_code == 401, answer.text
            return None
        token = answer.json()["accessToken"]
        me = api.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, me.text
        return me.json()  # type: ignore[no-any-return]


def test_the_first_administrator_of_a_new_database_signs_in(tmp_path: Path) -> None:
    database = tmp_path / "team.db"
    added = accounts(
        database, "add", "--tenant", "acme", "--username", "jana", "--role", "admin",
        "--display-name", "Jana Novák", password=STRONG,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "added ADMIN 'jana' (Jana Novák) to the new tenant 'acme'"
    me = signs_in(database, "jana", STRONG)
    assert me is not None and (me["username"], me["displayName"], me["role"]) == (
        "jana",
        "Jana Novák",
        "ADMIN",
    )
    assert signs_in(database, "jana", "wrong password") is None

    second = accounts(
        database, "add", "--tenant", "acme", "--username", "tom", "--role", "AGENT", password=STRONG
    )
    assert second.returncode == 0 and "to tenant 'acme'" in second.stdout, second.stderr
    listed = accounts(database, "list")
    assert listed.returncode == 0
    assert [line.split()[:3] for line in listed.stdout.splitlines()] == [
        ["acme", "jana", "ADMIN"],
        ["acme", "tom", "AGENT"],
    ]


def test_a_new_password_replaces_the_old_one(tmp_path: Path) -> None:
    database = with_jana(tmp_path)
    changed = accounts(database, "password", "--username", "jana", password="another long secret")
    assert changed.returncode == 0, changed.stderr
    assert signs_in(database, "jana", STRONG) is None
    assert signs_in(database, "jana", "another long secret") is not None


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (
            ("add", "--tenant", "acme", "--username", "jana", "--role", "ADMIN"),
            "short",
            "at least 10 characters",
        ),
        (("password", "--username", "nobody"), STRONG, "there is no user 'nobody'"),
        (
            ("add", "--tenant", "acme", "--username", "jana", "--role", "OWNER"),
            STRONG,
            "invalid choice: 'OWNER'",
        ),
        (("add", "--tenant", " ", "--username", "jana", "--role", "ADMIN"), STRONG, "--tenant must be"),
    ],
)
def test_what_cannot_be_done_is_said_and_changes_nothing(
    tmp_path: Path, args: tuple[str, ...], password: str, message: str
) -> None:
    database = tmp_path / "team.db"
    refused = accounts(database, *args, password=password)
    assert refused.returncode != 0
    assert message in refused.stderr
    assert "Traceback" not in refused.stderr
    listed = accounts(database, "list")
    assert listed.stdout.strip() in ("no users", ""), listed.stdout


def test_a_username_taken_is_refused(tmp_path: Path) -> None:
    database = with_jana(tmp_path)
    again = accounts(
        database, "add", "--tenant", "beta", "--username", "jana", "--role", "AGENT", password=STRONG
    )
    assert again.returncode == 1
    assert "there is already a user 'jana'; nothing was changed" in again.stderr
    assert [line.split()[:3] for line in accounts(database, "list").stdout.splitlines()] == [
        ["acme", "jana", "ADMIN"]
    ]
