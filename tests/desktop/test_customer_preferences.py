"""The preferences tab against the real server: stage, confirm, save; a concurrent change; locked cells."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.desktop.customer.pane import CustomerPane
from tests.desktop.customer_support import (
    ANNA,
    agent_client_fixture,  # noqa: F401 - the `client` fixture
    api,
    cell,
    cell_text,
    confirm_save,
    open_pane,
    server_value,
    toggle,
)
from tests.desktop.shell import OFFSCREEN_NOISE
from tests.live_server import LiveServer

# The offscreen platform warns when a window or dialog is shown; that is no fault of the app.
pytestmark = OFFSCREEN_NOISE

PREFS = f"/v1/communications/{ANNA}/communication-preferences"
EMAIL_OFF = {"communicationChannel": "EMAIL", "active": False}


@pytest.fixture
def pane(qtbot: QtBot, client: SwitchboardClient, tmp_path: Path) -> CustomerPane:
    pane = open_pane(qtbot, client, tmp_path / "drafts", ANNA)
    pane.show_tab("preferences")
    return pane


def test_toggle_confirm_and_the_server_holds_it(qtbot: QtBot, pane: CustomerPane, server: LiveServer) -> None:
    assert server_value(server, "NEWSLETTER", "TEXT_MESSAGE") is False
    toggle(qtbot, pane, "NEWSLETTER", "TEXT_MESSAGE")

    assert cell_text(pane, "NEWSLETTER", "TEXT_MESSAGE") == "on (staged)"
    assert pane.preferences.save_button.isEnabled()
    assert server_value(server, "NEWSLETTER", "TEXT_MESSAGE") is False, "staged only, nothing sent yet"

    text = confirm_save(qtbot, pane)
    assert "Newsletter / Text message: off -> on" in text
    assert text.count(" -> ") == 1, "only the changed pair is listed"

    qtbot.waitUntil(lambda: cell_text(pane, "NEWSLETTER", "TEXT_MESSAGE") == "on", timeout=10000)
    assert server_value(server, "NEWSLETTER", "TEXT_MESSAGE") is True
    assert server_value(server, "NEWSLETTER", "EMAIL") is True, "other pairs untouched"
    assert not pane.preferences.save_button.isEnabled()
    history = pane.preferences.history_model
    qtbot.waitUntil(lambda: "Newsletter / Text message: off -> on" in str(history.index(0, 2).data()))
    assert history.index(0, 1).data() == "Peter Meyer"


def test_a_concurrent_change_is_a_conflict_resolved_by_reapplying(
    qtbot: QtBot, pane: CustomerPane, server: LiveServer
) -> None:
    toggle(qtbot, pane, "NEWSLETTER", "TEXT_MESSAGE")  # off -> on, staged on version 2
    # Meanwhile another agent switches NEWSLETTER/EMAIL off through the API.
    api(
        server,
        "PUT",
        PREFS,
        json={
            "preferences": [{"messageCategory": "NEWSLETTER", "channels": [EMAIL_OFF]}],
            "requestId": str(uuid4()),
        },
    )
    confirm_save(qtbot, pane)

    conflict = pane.preferences.conflict
    qtbot.waitUntil(conflict.isVisible, timeout=10000)
    summary = conflict.summary.text()
    assert "changed these preferences meanwhile" in summary
    assert "Newsletter / Text message" in summary
    assert server_value(server, "NEWSLETTER", "TEXT_MESSAGE") is False, "412: nothing of ours was saved"
    # The other agent's version is what the matrix shows now, with ours staged on top.
    assert cell_text(pane, "NEWSLETTER", "EMAIL") == "off"
    assert cell_text(pane, "NEWSLETTER", "TEXT_MESSAGE") == "on (staged)"

    qtbot.mouseClick(conflict.reapply, Qt.MouseButton.LeftButton)
    assert not conflict.isVisible()
    text = confirm_save(qtbot, pane)
    assert "Newsletter / Text message: off -> on" in text

    qtbot.waitUntil(lambda: cell_text(pane, "NEWSLETTER", "TEXT_MESSAGE") == "on", timeout=10000)
    assert server_value(server, "NEWSLETTER", "TEXT_MESSAGE") is True
    assert server_value(server, "NEWSLETTER", "EMAIL") is False, "the other agent's change is kept"


def test_locked_cells_cannot_be_staged(qtbot: QtBot, pane: CustomerPane) -> None:
    before = cell_text(pane, "CONTRACT", "LETTER")
    assert before.endswith("(locked)")
    toggle(qtbot, pane, "CONTRACT", "LETTER")
    assert cell_text(pane, "CONTRACT", "LETTER") == before
    assert not pane.preferences.save_button.isEnabled()
    locked = cell(pane, "CONTRACT", "LETTER")
    assert "not customer-overridable" in str(locked.data(Qt.ItemDataRole.ToolTipRole))


def test_marketing_switch_opts_in_on_the_server(qtbot: QtBot, pane: CustomerPane, server: LiveServer) -> None:
    model = pane.preferences.marketing_model
    row = next(r for r, item in enumerate(model.items) if not item.opted_in)
    preference_id = model.items[row].marketing_preference_id
    view = pane.preferences.marketing
    view.setFocus()
    view.setCurrentIndex(model.index(row))
    qtbot.keyClick(view, Qt.Key.Key_Space)

    qtbot.waitUntil(lambda: model.items[row].opted_in, timeout=10000)
    state = api(server, "GET", f"/v1/customers/{ANNA}/marketing-preferences/{preference_id}").json()
    assert state["optedIn"] is True
