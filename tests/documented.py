"""The test harness's side of the documented-answer check (`app.server.documented`): turned on for
every server the tests start, in process or as a child process, and asserted when each one stops.

Each test process (each pytest-xdist worker too) checks its own servers; nothing is shared between
processes.
"""

from __future__ import annotations

from starlette.applications import Starlette

from app.server.documented import UNDOCUMENTED, undocumented_answers

#: The setting that turns the check on; a child process inherits it with the environment.
ENVIRONMENT = "SWITCHBOARD_CHECK_DOCUMENTED_STATUSES"


def undocumented_in_log(text: str) -> list[str]:
    """The undocumented answers a server's log names, as `GET /v1/x answered 418`."""
    return [
        line.split(UNDOCUMENTED, 1)[1].strip().removesuffix("(see /openapi.json)").strip()
        for line in text.splitlines()
        if UNDOCUMENTED in line
    ]


def assert_documented(found: list[str], where: str) -> None:
    assert not found, f"{where} gave answers /openapi.json does not document:\n" + "\n".join(found)


def assert_app_documented(app: Starlette) -> None:
    """Every answer of this in-process app was one its document gives."""
    assert_documented(undocumented_answers(app), "the app")
