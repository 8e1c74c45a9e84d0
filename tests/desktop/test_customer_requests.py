"""Requests and the status label on the customer, against the real server with signed-in windows: a
request made by `agent` in the UI (checked before sending, refused values shown by their field) and
approved by `supervisor`, after which the agent's header shows the new email live; a label set in the
supervisor's window raising the blocked banner in the agent's through the event stream; and an agent's
customer pane with no status-label control at all."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.contract.enums import ApprovalStatus, ChangeField
from app.desktop.customer.pane import CustomerPane
from app.desktop.customer.requests.dialog import NewRequestDialog, RequestKind, check_request
from app.desktop.customer.requests.model import label_text
from app.desktop.customer.status import StatusLabelDialog
from app.desktop.mainwindow import MainWindow
from tests.desktop.customer_support import ANNA, QUICK_RETRIES, api
from tests.desktop.shell import Shell, ShellFactory, run, shell_factory
from tests.live_server import LiveServer

OTHER = 2  # a customer whose changes only make events

#: The offscreen platform warns when a window is shown or raised; that is no fault of the app.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
)


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


def opened(
    qtbot: QtBot, shells: ShellFactory, server: LiveServer, username: str, customer_id: int = ANNA
) -> Shell:
    """`username`'s signed-in window in front, the customer open and every view loaded."""
    shell = shells.signed_in(server, username)
    window = shell.window
    pane = window.pane
    assert pane is not None
    with qtbot.waitSignal(pane.fully_loaded, timeout=15_000):
        window.open_customer(customer_id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return shell


def pane_of(window: MainWindow) -> CustomerPane:
    assert window.pane is not None
    return window.pane


def stream_connected(qtbot: QtBot, shell: Shell, server: LiveServer) -> None:
    """Wait until the window's event stream has delivered an event made after it started."""
    session = shell.controller.session
    assert session is not None
    seen: list[object] = []
    session.bridge.event_received.connect(seen.append)

    def poke() -> bool:
        # Any change makes an event: another customer's label cleared will do.
        api(
            server,
            "PUT",
            f"/v1/customers/{OTHER}/status",
            user="supervisor",
            json={"statusLabelId": None, "reason": "ping", "requestId": str(uuid4())},
        )
        qtbot.wait(200)
        return bool(seen)

    try:
        qtbot.waitUntil(poke, timeout=15_000)
    finally:
        session.bridge.event_received.disconnect(seen.append)


def test_a_request_is_checked_before_it_is_sent() -> None:
    bad_email = check_request(RequestKind.EMAIL, "anna at example", 0, "Customer asked")
    assert bad_email.body is None and "email address" in bad_email.problems["value"]
    no_reason = check_request(RequestKind.EMAIL, "anna@example.org", 0, "  ")
    assert no_reason.body is None and no_reason.problems == {"reason": "Say why: a reason is required."}
    bad_phone = check_request(RequestKind.PHONE, "call me", 0, "New number")
    assert bad_phone.body is None and "phone number" in bad_phone.problems["value"]
    assert check_request(RequestKind.GOODWILL, "", 0, "Late delivery").problems.keys() == {"value"}
    good = check_request(RequestKind.PHONE, "+49 170 5550199", 0, "New number")
    assert good.problems == {} and good.body is not None
    assert good.body.model_dump(exclude_none=True) == {
        "field": ChangeField.PHONE,
        "newValue": "+49 170 5550199",
        "reason": "New number",
    }


def test_a_request_made_by_the_agent_and_approved_by_the_supervisor_changes_the_agents_header_live(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, server: LiveServer, shells: ShellFactory
) -> None:
    shell = opened(qtbot, shells, server, "agent")
    window = shell.window
    pane = pane_of(window)
    header = pane.header
    assert header.request_button is not None and header.request_button.isVisible()
    old_email = pane.customer.email if pane.customer else None
    assert old_email and old_email in header.contact.text()
    stream_connected(qtbot, shell, server)

    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(pane.dialog, NewRequestDialog) and pane.dialog.isVisible())
    dialog = pane.dialog
    assert isinstance(dialog, NewRequestDialog)
    assert dialog.chosen_kind() is RequestKind.EMAIL and dialog.current.text() == old_email

    # A mistake is named by its field before anything is sent.
    qtbot.keyClicks(dialog.value, "anna.new(at)example.org")
    qtbot.keyClicks(dialog.reason, "Customer has a new address")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.value_problem.isVisible() and "email address" in dialog.value_problem.text()
    assert (
        api(server, "GET", "/v1/requests", user="supervisor", params={"customerId": ANNA}).json()["total"]
        == 0
    )

    # A phone number the server refuses: its message by the field.
    dialog.set_kind(RequestKind.PHONE)
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "123")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.value_problem.isVisible, timeout=10_000)
    assert dialog.value_problem.text() and dialog.isVisible()
    assert (
        api(server, "GET", "/v1/requests", user="supervisor", params={"customerId": ANNA}).json()["total"]
        == 0
    )

    dialog.set_kind(RequestKind.EMAIL)
    dialog.value.clear()
    qtbot.keyClicks(dialog.value, "anna.new@example.org")
    with qtbot.waitSignal(dialog.created, timeout=10_000) as created:
        qtbot.keyClick(dialog.value, Qt.Key.Key_Return)
    request = created.args[0]
    assert request.status is ApprovalStatus.PENDING and request.new_value == "anna.new@example.org"
    qtbot.waitUntil(lambda: pane.dialog is None)

    # The Requests tab lists it as pending.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)  # Re&quests
    qtbot.waitUntil(pane.requests.isVisible)
    requests = pane.requests.requests
    qtbot.waitUntil(lambda: len(requests.model.items) == 1, timeout=10_000)
    row = [str(requests.model.index(0, c).data()) for c in range(requests.model.columnCount())]
    assert row[1] == f"Email: {old_email} -> anna.new@example.org"
    assert row[2] == "Customer has a new address"
    assert row[3] == "Peter Meyer"
    assert row[4] == "Pending"

    supervisor = SwitchboardClient(server.url, token=server.token("supervisor"), retry=QUICK_RETRIES)
    try:
        run(qtbot, loop, supervisor.approve_request(request.approval_request_id, "Checked with the customer"))
    finally:
        run(qtbot, loop, supervisor.aclose())

    # Live, with no action of the agent: the header, the request's state and the change history.
    qtbot.waitUntil(lambda: "anna.new@example.org" in header.contact.text(), timeout=10_000)
    assert old_email not in header.contact.text()
    qtbot.waitUntil(lambda: str(requests.model.index(0, 4).data()).startswith("Approved by "), timeout=10_000)
    assert str(requests.model.index(0, 4).data()).endswith(": Checked with the customer")
    changes = pane.requests.changes
    qtbot.waitUntil(lambda: len(changes.model.items) == 1, timeout=10_000)
    change = [str(changes.model.index(0, c).data()) for c in range(changes.model.columnCount())]
    assert change[1:4] == ["Email", old_email, "anna.new@example.org"]


def test_a_label_set_in_the_supervisors_window_raises_the_banner_in_the_agents(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    agent = opened(qtbot, shells, server, "agent")
    agent_pane = pane_of(agent.window)
    assert not agent_pane.banner.isVisible() and agent_pane.customer is not None
    before = label_text(agent_pane.customer.status_label)
    stream_connected(qtbot, agent, server)

    window = opened(qtbot, shells, server, "supervisor").window
    pane = pane_of(window)
    button = pane.header.status_button
    assert button is not None and button.isVisible() and button.text() == "Change s&tatus…"
    labels = pane.requests.labels
    assert labels is not None and labels.isVisibleTo(pane.requests)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(pane.dialog, StatusLabelDialog) and pane.dialog.isVisible())
    dialog = pane.dialog
    assert isinstance(dialog, StatusLabelDialog)
    qtbot.waitUntil(dialog.label.isEnabled, timeout=10_000)
    dialog.choose("Suspended")
    assert "Communication will be blocked" in dialog.effect.text()

    # The reason is required.
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.isVisible() and dialog.isVisible()
    qtbot.keyClicks(dialog.reason, "Disputed payments")
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(pane.banner.isVisible)

    # The agent's window, through its event stream and without reloading.
    qtbot.waitUntil(agent_pane.banner.isVisible, timeout=10_000)
    assert agent_pane.banner.text() == (
        "Communication blocked (Suspended): nothing will be delivered to this customer"
    )
    assert agent_pane.header.status.text() == "Suspended"

    # The supervisor's label history: who, from, to and why.
    qtbot.waitUntil(lambda: len(labels.model.items) == 1, timeout=10_000)
    entry = [str(labels.model.index(0, c).data()) for c in range(labels.model.columnCount())]
    supervisor_name = api(server, "GET", "/v1/me", user="supervisor").json()["displayName"]
    assert entry[1:] == [supervisor_name, before, "Suspended (blocks communication)", "Disputed payments"]


def test_an_agents_customer_pane_has_no_status_label_control(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = opened(qtbot, shells, server, "agent").window
    pane = pane_of(window)
    assert pane.header.status_button is None
    assert pane.requests.labels is None
    for index in range(pane.tabs.count()):
        pane.tabs.setCurrentIndex(index)
        qtbot.waitUntil(pane.tabs.currentWidget().isVisible)
        everything = window.findChildren(QWidget)
        names = {widget.objectName() for widget in everything}
        assert not names & {"changeStatusButton", "statusHistoryTable", "statusLabelDialog"}
        texts = [w.text().replace("&", "") for w in everything if isinstance(w, QAbstractButton)]
        assert not [text for text in texts if "status" in text.lower() and "thread" not in text.lower()]
    # Alt+T, the supervisor's key, does nothing here.
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(100)
    assert pane.dialog is None and not isinstance(QApplication.activeModalWidget(), StatusLabelDialog)
