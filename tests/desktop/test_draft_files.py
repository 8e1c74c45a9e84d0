"""The draft files: those the previous version wrote still load and go out, saving keeps their format,
and a damaged file is passed over without harm to the others."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.contract.enums import Channel
from app.desktop.customer.conversations.outbox import ComposerDraft, MessageOutbox
from app.desktop.customer.drafts import DraftStore, composer_key, preferences_key
from app.desktop.customer.preferences.resend import resend_pending_preferences
from app.desktop.customer.preferences.staging import PreferencesDraft
from tests.desktop.customer_support import (
    ANNA,
    agent_client_fixture,  # noqa: F401 - the `client` fixture
    api,
    server_value,
)
from tests.desktop.shell import run
from tests.live_server import LiveServer

REQUEST_ID = "6f1c2a4e-3b7d-4c59-9e8a-0d2f5b61c7a3"

#: A composer draft exactly as the version before the pydantic models wrote it.
COMPOSER_FILE: dict[str, Any] = {
    "kind": "composer",
    "customerId": ANNA,
    "threadId": 7,
    "subject": "",
    "text": "Grüße, half typed",
    "channel": "EMAIL",
    "category": "NEWSLETTER",
    "requestId": None,
    "pending": False,
    "key": composer_key(ANNA, 7),
}
#: Staged preference changes exactly as the version before the pydantic models wrote them.
PREFERENCES_FILE: dict[str, Any] = {
    "kind": "preferences",
    "customerId": ANNA,
    "baseVersion": 3,
    "changes": [
        {"messageCategory": "LOYALTY_PROGRAM", "communicationChannel": "EMAIL", "active": True},
        {"messageCategory": "NEWSLETTER", "communicationChannel": "TEXT_MESSAGE", "active": False},
    ],
    "requestId": REQUEST_ID,
    "pending": True,
    "key": preferences_key(ANNA),
}


def write_as_before(directory: Path, draft: dict[str, Any]) -> Path:
    """A draft file as the previous version wrote it (json.dump, non-ASCII kept as it is)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{draft['key']}.json"
    path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    return path


def stored(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_composer_draft_written_by_the_previous_version_loads(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    write_as_before(tmp_path, COMPOSER_FILE)
    store = DraftStore(tmp_path)

    draft = run(qtbot, loop, store.load(composer_key(ANNA, 7), ComposerDraft))

    assert draft == ComposerDraft(
        key=composer_key(ANNA, 7),
        customer_id=ANNA,
        thread_id=7,
        text="Grüße, half typed",
        channel=Channel.EMAIL,
        category="NEWSLETTER",
    )
    assert run(qtbot, loop, store.all(ComposerDraft)) == {composer_key(ANNA, 7): draft}
    assert run(qtbot, loop, store.all(PreferencesDraft)) == {}, "a composer draft is no preference draft"


def test_staged_preferences_written_by_the_previous_version_load(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    write_as_before(tmp_path, PREFERENCES_FILE)
    store = DraftStore(tmp_path)

    draft = run(qtbot, loop, store.load(preferences_key(ANNA), PreferencesDraft))

    assert draft is not None
    assert draft.staged == {
        ("LOYALTY_PROGRAM", Channel.EMAIL): True,
        ("NEWSLETTER", Channel.TEXT_MESSAGE): False,
    }
    assert (draft.customer_id, draft.base_version, draft.pending) == (ANNA, 3, True)
    assert draft.request_id == uuid.UUID(REQUEST_ID)
    assert list(run(qtbot, loop, store.all(PreferencesDraft))) == [preferences_key(ANNA)]
    assert run(qtbot, loop, store.all(ComposerDraft)) == {}


def test_saving_writes_the_format_the_previous_version_wrote(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    store = DraftStore(tmp_path)
    composer = ComposerDraft(
        customer_id=ANNA, thread_id=7, text="Grüße, half typed", channel=Channel.EMAIL, category="NEWSLETTER"
    )
    preferences = PreferencesDraft.of_staged(
        ANNA,
        {("LOYALTY_PROGRAM", Channel.EMAIL): True, ("NEWSLETTER", Channel.TEXT_MESSAGE): False},
        base_version=3,
        request_id=uuid.UUID(REQUEST_ID),
        pending=True,
    )

    run(qtbot, loop, store.save(composer_key(ANNA, 7), composer))
    run(qtbot, loop, store.save(preferences_key(ANNA), preferences))

    assert stored(tmp_path / "customer-1-thread-7.json") == COMPOSER_FILE
    assert stored(tmp_path / "customer-1-preferences.json") == PREFERENCES_FILE
    assert "Grüße" in (tmp_path / "customer-1-thread-7.json").read_text(encoding="utf-8")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "customer-1-preferences.json",
        "customer-1-thread-7.json",
    ], "no temporary file is left behind"


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b'{"kind": "composer", "customerId": 1, "te',  # cut off
        b"",
        b'{"kind": "composer", "text": "\xff\xfe", "channel": "EMAIL", "customerId": 1}',  # not UTF-8
        b"[]",
        b'{"kind": "composer", "customerId": 1, "text": "no channel", "key": "customer-1-new"}',
        b'{"kind": "composer", "customerId": 1, "channel": "PIGEON", "key": "customer-1-new"}',
    ],
    ids=["not-json", "cut-off", "empty", "not-utf8", "not-an-object", "no-channel", "unknown-channel"],
)
def test_a_damaged_draft_file_is_passed_over(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path, content: bytes
) -> None:
    (tmp_path / "customer-1-new.json").write_bytes(content)
    write_as_before(tmp_path, COMPOSER_FILE)
    store = DraftStore(tmp_path)

    assert run(qtbot, loop, store.load(composer_key(ANNA, None), ComposerDraft)) is None
    assert list(run(qtbot, loop, store.all(ComposerDraft))) == [composer_key(ANNA, 7)], "others load"


def test_a_write_that_fails_leaves_the_previous_draft_whole(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_as_before(tmp_path, COMPOSER_FILE)
    store = DraftStore(tmp_path)
    draft = run(qtbot, loop, store.load(composer_key(ANNA, 7), ComposerDraft))
    assert draft is not None

    def disk_full(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match="No space left"):
        run(qtbot, loop, store.save(composer_key(ANNA, 7), draft.model_copy(update={"text": "newer"})))
    monkeypatch.undo()

    assert stored(path) == COMPOSER_FILE
    assert [p.name for p in tmp_path.iterdir()] == [path.name], "the temporary file is removed"


def test_a_message_pending_since_the_previous_version_is_sent_once(
    qtbot: QtBot, client: SwitchboardClient, tmp_path: Path, server: LiveServer
) -> None:
    threads = api(server, "GET", f"/v1/communications/{ANNA}/threads?limit=1", user="agent").json()["items"]
    thread_id = threads[0]["threadId"]
    text = "Queued by the previous version"
    path = write_as_before(
        tmp_path,
        {
            **COMPOSER_FILE,
            "threadId": thread_id,
            "text": text,
            "category": "",
            "requestId": REQUEST_ID,
            "pending": True,
            "key": composer_key(ANNA, thread_id),
        },
    )
    outbox = MessageOutbox(client, DraftStore(tmp_path))

    with qtbot.waitSignal(outbox.sent, timeout=15000) as sent:
        outbox.resend_pending()

    assert sent.args is not None and sent.args[0] == composer_key(ANNA, thread_id)
    assert not path.exists()
    messages = api(server, "GET", f"/v1/communications/{ANNA}/threads/{thread_id}/communications?limit=20")
    assert [m["content"] for m in messages.json()["items"]].count(text) == 1


def test_preferences_pending_since_the_previous_version_are_sent(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    client: SwitchboardClient,
    tmp_path: Path,
    server: LiveServer,
) -> None:
    version = api(server, "GET", f"/v1/communications/{ANNA}/communication-preferences").json()["version"]
    assert server_value(server, "LOYALTY_PROGRAM", "EMAIL") is False
    path = write_as_before(
        tmp_path, {**PREFERENCES_FILE, "baseVersion": version, "changes": PREFERENCES_FILE["changes"][:1]}
    )

    run(qtbot, loop, resend_pending_preferences(client, DraftStore(tmp_path), skip=None))

    assert server_value(server, "LOYALTY_PROGRAM", "EMAIL") is True
    assert not path.exists()
