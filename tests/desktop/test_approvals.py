"""The supervisor's Approvals view against the real server: an agent's request listed live, approved or
rejected with a comment from the keyboard, the customer changed on the server and in the agent's
window; one's own request cannot be decided, and the view says why."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.contract.approvals import ApprovalRequest
from app.contract.enums import ApprovalStatus, ChangeField
from app.contract.errors import ErrorCode
from app.desktop.approvals.decision import DecisionDialog
from app.desktop.approvals.model import CHANGE, change_text
from app.desktop.approvals.view import EMPTY, OWN_REQUEST, REFUSALS, ApprovalsView
from app.desktop.mainwindow import MainWindow
from app.desktop.supervisor import APPROVALS_VIEW
from tests.desktop.customer_support import (
    ANNA,
    QUICK_RETRIES,
    agent_client_fixture,  # noqa: F401 - the `client` fixture: the demo agent's
)
from tests.desktop.shell import ShellFactory, run, shell_factory
from tests.live_server import LiveServer

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing",
)

NEW_EMAIL = "anna.mueller@new-provider.example"


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


@pytest.fixture
def supervisor_client(
    server: LiveServer, loop: asyncio.AbstractEventLoop, qtbot: QtBot
) -> Iterator[SwitchboardClient]:
    """The demo supervisor's own client (not the window's), closed afterwards."""
    client = SwitchboardClient(server.url, token=server.token("supervisor"), retry=QUICK_RETRIES, deadline=10)
    yield client
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    qtbot.waitUntil(lambda: all(task.done() for task in pending), timeout=3000)
    run(qtbot, loop, client.aclose())


def in_front(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def approvals_of(qtbot: QtBot, window: MainWindow) -> ApprovalsView:
    """The supervisor's Approvals view, shown with Ctrl+3 and loaded."""
    in_front(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_view() == APPROVALS_VIEW)
    view = window.findChild(ApprovalsView, "approvalsView")
    assert view is not None and view.isVisible()
    qtbot.waitUntil(lambda: view.state.state in ("content", "empty"), timeout=10_000)
    return view


def select(qtbot: QtBot, view: ApprovalsView, request: ApprovalRequest) -> None:
    qtbot.waitUntil(lambda: view.model.row_of(request.approval_request_id) is not None, timeout=10_000)
    row = view.model.row_of(request.approval_request_id)
    assert row is not None
    view.table.setCurrentIndex(view.model.index(row, 0))
    current = view.current_request()
    assert current is not None and current.approval_request_id == request.approval_request_id


def decision_dialog(qtbot: QtBot, view: ApprovalsView) -> DecisionDialog:
    qtbot.waitUntil(lambda: view.findChild(DecisionDialog, "decisionDialog") is not None)
    dialog = view.findChild(DecisionDialog, "decisionDialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def pending_on_server(qtbot: QtBot, loop: asyncio.AbstractEventLoop, client: SwitchboardClient) -> int:
    return run(qtbot, loop, client.list_requests(status=ApprovalStatus.PENDING)).total


def test_an_agents_request_is_approved_from_the_keyboard_and_the_agent_sees_the_new_email(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    server: LiveServer,
    shells: ShellFactory,
    client: SwitchboardClient,
    supervisor_client: SwitchboardClient,
) -> None:
    # The agent has Anna open; the supervisor's window is already up when the agent asks.
    agent_window = shells.signed_in(server, "agent").window
    pane = agent_window.pane
    assert pane is not None
    with qtbot.waitSignal(pane.fully_loaded, timeout=15_000):
        agent_window.open_customer(ANNA)
    old_email = run(qtbot, loop, client.get_customer(ANNA)).email
    assert old_email and old_email in pane.header.contact.text()
    supervisor = shells.signed_in(server, "supervisor").window
    view = approvals_of(qtbot, supervisor)

    request = run(
        qtbot,
        loop,
        client.create_change_request(ANNA, ChangeField.EMAIL, NEW_EMAIL, "She moved to another provider"),
    )
    # Live: the request.created event brings it into the list, nobody pressed Refresh.
    qtbot.waitUntil(lambda: view.model.row_of(request.approval_request_id) is not None, timeout=10_000)
    row = view.model.row_of(request.approval_request_id)
    assert row is not None
    shown = view.model.index(row, CHANGE).data()
    assert shown == f"Email: {old_email} -> {NEW_EMAIL}" == change_text(request)
    assert view.model.index(row, 0).data() == request.customer_name
    select(qtbot, view, request)
    assert view.detail_change.text() == shown
    assert view.detail_asked.text().startswith("Peter Meyer, ")  # who asked, and when
    assert view.detail_reason.text() == "She moved to another provider"
    assert view.approve_button.isEnabled() and not view.own_note.isVisible()

    in_front(qtbot, supervisor)
    qtbot.keyClick(supervisor, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # &Approve…
    dialog = decision_dialog(qtbot, view)
    assert dialog.windowTitle() == "Approve request"
    assert dialog.comment.hasFocus() or QApplication.focusWidget() is dialog.comment
    qtbot.keyClicks(dialog.comment, "Checked with the customer on the phone")
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Return)

    def decided() -> ApprovalRequest:
        return run(qtbot, loop, supervisor_client.get_request(request.approval_request_id))

    qtbot.waitUntil(lambda: view.model.row_of(request.approval_request_id) is None, timeout=10_000)
    answer = decided()
    assert answer.status is ApprovalStatus.APPROVED
    assert answer.comment == "Checked with the customer on the phone"
    assert answer.decided_by is not None and answer.decided_by.display_name == "Claudia Hoffmann"
    assert run(qtbot, loop, client.get_customer(ANNA)).email == NEW_EMAIL
    assert view.notice.text() == f"Approved: {request.customer_name} — Email: {old_email} -> {NEW_EMAIL}"
    assert not view.decision_error.isVisible()

    # The agent's open window follows the change through the event stream (customer.updated).
    qtbot.waitUntil(lambda: NEW_EMAIL in pane.header.contact.text(), timeout=10_000)
    assert old_email not in pane.header.contact.text()


def test_a_request_is_rejected_with_a_comment_and_nothing_changes(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    server: LiveServer,
    shells: ShellFactory,
    client: SwitchboardClient,
    supervisor_client: SwitchboardClient,
) -> None:
    request = run(qtbot, loop, client.create_goodwill_request(ANNA, 500, "Parcel arrived two weeks late"))
    supervisor = shells.signed_in(server, "supervisor").window
    view = approvals_of(qtbot, supervisor)
    select(qtbot, view, request)
    assert view.detail_change.text() == "Goodwill: 500 points"

    in_front(qtbot, supervisor)
    qtbot.keyClick(supervisor, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)  # Re&ject…
    dialog = decision_dialog(qtbot, view)
    assert dialog.windowTitle() == "Reject request"
    # Escape cancels: nothing is decided.
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.findChild(DecisionDialog, "decisionDialog") is None)
    assert run(qtbot, loop, supervisor_client.get_request(request.approval_request_id)).status is (
        ApprovalStatus.PENDING
    )

    view.reject_button.click()
    dialog = decision_dialog(qtbot, view)
    qtbot.keyClicks(dialog.comment, "Not our fault: the carrier pays")
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.row_of(request.approval_request_id) is None, timeout=10_000)
    answer = run(qtbot, loop, supervisor_client.get_request(request.approval_request_id))
    assert answer.status is ApprovalStatus.REJECTED
    assert answer.comment == "Not our fault: the carrier pays"
    assert view.notice.text() == f"Rejected: {request.customer_name} — Goodwill: 500 points"
    history = run(qtbot, loop, supervisor_client.customer_history(ANNA))
    assert all(entry.approval_request_id != request.approval_request_id for entry in history.items)
    if pending_on_server(qtbot, loop, supervisor_client) == 0:
        qtbot.waitUntil(lambda: view.state.state == "empty")
        assert view.state.empty.text() == EMPTY == "No requests waiting"


def test_ones_own_request_cannot_be_decided_and_the_view_says_why(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    server: LiveServer,
    shells: ShellFactory,
    supervisor_client: SwitchboardClient,
) -> None:
    own = run(
        qtbot,
        loop,
        supervisor_client.create_change_request(ANNA, ChangeField.PHONE, "+49 30 1234567", "Asked by phone"),
    )
    supervisor = shells.signed_in(server, "supervisor").window
    view = approvals_of(qtbot, supervisor)
    select(qtbot, view, own)
    assert view.detail_change.text().endswith("-> +49301234567")  # normalised by the server
    assert not view.approve_button.isEnabled() and not view.reject_button.isEnabled()
    assert view.own_note.isVisible() and view.own_note.text() == OWN_REQUEST
    assert view.approve_button.toolTip() == OWN_REQUEST

    in_front(qtbot, supervisor)
    qtbot.keyClick(supervisor, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(200)
    assert view.findChild(DecisionDialog, "decisionDialog") is None  # no dialog for what would fail
    assert run(qtbot, loop, supervisor_client.get_request(own.approval_request_id)).status is (
        ApprovalStatus.PENDING
    )


def test_the_servers_refusal_of_an_own_decision_is_said_in_words(
    qtbot: QtBot,
    loop: asyncio.AbstractEventLoop,
    server: LiveServer,
    supervisor_client: SwitchboardClient,
) -> None:
    own = run(qtbot, loop, supervisor_client.create_goodwill_request(ANNA, 20, "Friendly customer"))
    me = run(qtbot, loop, supervisor_client.me())
    # A view that does not know it is this supervisor's own (as if signed in under another id):
    # the buttons work, and the server's 403 request.ownDecision is what stops it.
    stranger = me.model_copy(update={"user_id": me.user_id + 1000})
    view = ApprovalsView(supervisor_client, stranger)
    qtbot.addWidget(view, before_close_func=ApprovalsView.shutdown)
    view.resize(1000, 600)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload(keep_rows=False)
    select(qtbot, view, own)
    assert view.approve_button.isEnabled()
    view.approve_button.click()
    dialog = decision_dialog(qtbot, view)
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Return)
    qtbot.waitUntil(view.decision_error.isVisible, timeout=10_000)
    assert view.decision_error.message == REFUSALS[ErrorCode.OWN_DECISION]
    assert view.decision_error.trace_id  # the server's trace id, copyable for support
    assert view.model.row_of(own.approval_request_id) is not None  # still waiting
