"""An agent never sees the supervisor's desk, not even disabled: no view, no menu entry, no action, no
shortcut, no control anywhere in the window; the supervisor's window has every one of them. And the
unattended runs sign in as a chosen demo user (`--user`), saying plainly when there is no such user."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QLabel, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from app.desktop import shortcuts
from app.desktop.approvals.decision import DecisionDialog
from app.desktop.approvals.view import ApprovalsView
from app.desktop.dashboard.charts import CountsChart, DailyChart
from app.desktop.dashboard.view import DashboardView
from app.desktop.mainwindow import CUSTOMER_VIEW, MainWindow
from app.desktop.session.embedded import DEMO_USERS
from app.desktop.shortcuts import ShortcutSheet
from app.desktop.supervisor import APPROVALS_VIEW, DASHBOARD_VIEW
from app.server.demo import USERS
from tests.desktop.customer_support import ANNA
from tests.desktop.shell import ShellFactory, run, shell_factory
from tests.desktop.test_app import switchboard
from tests.live_server import LiveServer

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

PORTABLE = QKeySequence.SequenceFormat.PortableText
#: What only a supervisor's window holds, by kind.
SUPERVISOR_WIDGETS = (ApprovalsView, DashboardView, DecisionDialog, CountsChart, DailyChart)
SUPERVISOR_NAMES = {
    "approvalsView",
    "approvalsTable",
    "approveButton",
    "rejectButton",
    "dashboardView",
    "threadsByStatusChart",
    "threadsByChannelChart",
    "communicationsPerDayChart",
    "pendingRequestsTile",
}
SUPERVISOR_ACTIONS = {f"{APPROVALS_VIEW}ViewAction", f"{DASHBOARD_VIEW}ViewAction"}
#: Keys nothing but the supervisor's desk binds.
SUPERVISOR_KEYS = {"Ctrl+3", "Ctrl+4", "Alt+J"}


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


def opened(qtbot: QtBot, shells: ShellFactory, server: LiveServer, username: str) -> MainWindow:
    """The user's window in front, a customer open and loaded (so the pane's controls are all built)."""
    window = shells.signed_in(server, username).window
    pane = window.pane
    assert pane is not None
    with qtbot.waitSignal(pane.fully_loaded, timeout=15_000):
        window.open_customer(ANNA)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def everything(window: MainWindow) -> list[QWidget]:
    """Every widget of the window, shown or not, the view stack's hidden pages included."""
    return [window, *window.findChildren(QWidget)]


def bound_keys(window: MainWindow) -> set[str]:
    """Every key sequence anything in the window binds: actions (menus included), shortcuts, and the
    Alt+letter of every button and labelled control."""
    found: set[str] = set()
    for action in window.findChildren(QAction):
        found.update(s.toString(PORTABLE) for s in action.shortcuts())
    for shortcut in window.findChildren(QShortcut):
        found.update(s.toString(PORTABLE) for s in shortcut.keys())  # noqa: SIM118 - a Qt list
    for button in window.findChildren(QAbstractButton):
        found.add(QKeySequence.mnemonic(button.text()).toString(PORTABLE))
    for label in window.findChildren(QLabel):
        if label.buddy() is not None:
            found.add(QKeySequence.mnemonic(label.text()).toString(PORTABLE))
    found.discard("")
    return found


def supervisor_things(window: MainWindow) -> dict[str, set[str]]:
    """What of the supervisor's desk the window holds, by kind."""
    widgets = everything(window)
    actions = window.findChildren(QAction)
    return {
        "widgets": {type(w).__name__ for w in widgets if isinstance(w, SUPERVISOR_WIDGETS)},
        "names": {w.objectName() for w in widgets} & SUPERVISOR_NAMES,
        "actions": {a.objectName() for a in actions} & SUPERVISOR_ACTIONS,
        "view menu": {a.text() for a in window.view_menu.actions()} & {"&Approvals", "&Dashboard"},
        "views": set(window.view_keys()) & {APPROVALS_VIEW, DASHBOARD_VIEW},
        "keys": bound_keys(window) & SUPERVISOR_KEYS,
    }


def sheet_actions(qtbot: QtBot, window: MainWindow) -> set[str]:
    """The actions the window's cheat sheet (F1) lists."""
    qtbot.keyClick(window, Qt.Key.Key_F1)
    sheet = window.findChild(ShortcutSheet, "shortcutSheet")
    assert sheet is not None
    qtbot.waitUntil(sheet.isVisible)
    listed = {action for _keys, action, _portable in sheet.listed()}
    sheet.close()
    return listed


def test_an_agent_has_nothing_of_the_supervisors_desk_and_a_supervisor_has_all_of_it(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    agent = opened(qtbot, shells, server, "agent")
    assert {kind: found for kind, found in supervisor_things(agent).items() if found} == {}
    assert agent.view_keys()[0] == CUSTOMER_VIEW
    supervisor_only = {s.describe() for s in shortcuts.TABLE if s.supervisor}
    assert not sheet_actions(qtbot, agent) & supervisor_only
    # The keys do nothing for the agent either: the window stays where it was.
    agent.activateWindow()
    qtbot.waitUntil(agent.isActiveWindow)
    for key in (Qt.Key.Key_3, Qt.Key.Key_4):
        qtbot.keyClick(agent, key, Qt.KeyboardModifier.ControlModifier)
        assert agent.current_view() == CUSTOMER_VIEW

    supervisor = opened(qtbot, shells, server, "supervisor")
    found = supervisor_things(supervisor)
    assert found["widgets"] == {"ApprovalsView", "DashboardView", "CountsChart", "DailyChart"}
    assert found["names"] == SUPERVISOR_NAMES
    assert found["actions"] == SUPERVISOR_ACTIONS
    assert found["view menu"] == {"&Approvals", "&Dashboard"}
    assert found["keys"] == SUPERVISOR_KEYS
    listed = sheet_actions(qtbot, supervisor)
    mine = [shortcuts.APPROVALS_VIEW, shortcuts.DASHBOARD_VIEW, shortcuts.APPROVE_REQUEST]
    mine += [shortcuts.REJECT_REQUEST, shortcuts.REFRESH_APPROVALS, shortcuts.REFRESH_DASHBOARD]
    assert {s.describe() for s in mine} <= listed
    supervisor.activateWindow()
    qtbot.waitUntil(supervisor.isActiveWindow)
    qtbot.keyClick(supervisor, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert supervisor.current_view() == DASHBOARD_VIEW
    qtbot.keyClick(supervisor, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert supervisor.current_view() == APPROVALS_VIEW


def working_keys(window: MainWindow) -> list[tuple[str, str]]:
    """(key, what binds it) of every key that works right now: what is hidden takes no key."""
    found: list[tuple[str, str]] = []

    def add(sequence: QKeySequence, what: str) -> None:
        if not sequence.isEmpty():
            found.append((sequence.toString(PORTABLE), what))

    for action in window.findChildren(QAction):
        if action.isEnabled():
            for sequence in action.shortcuts():
                add(sequence, f"action {action.text()!r}")
    for action in window.menuBar().actions():
        add(QKeySequence.mnemonic(action.text()), f"menu {action.text()!r}")
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        if shortcut.isEnabled() and isinstance(owner, QWidget) and owner.isVisible():
            for sequence in shortcut.keys():  # noqa: SIM118 - a Qt list
                add(sequence, f"shortcut of {type(owner).__name__}")
    for tabs in window.findChildren(QTabWidget):
        if tabs.isVisible():
            for index in range(tabs.count()):
                add(QKeySequence.mnemonic(tabs.tabText(index)), f"tab {tabs.tabText(index)!r}")
    for button in window.findChildren(QAbstractButton):
        if button.isVisible():
            add(QKeySequence.mnemonic(button.text()), f"button {button.text()!r}")
    for label in window.findChildren(QLabel):
        if label.buddy() is not None and label.isVisible():
            add(QKeySequence.mnemonic(label.text()), f"label {label.text()!r}")
    return found


def test_in_each_supervisor_view_every_key_does_one_thing_and_the_cheat_sheet_lists_it(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = opened(qtbot, shells, server, "supervisor")
    for key in (APPROVALS_VIEW, DASHBOARD_VIEW):
        window.show_view(key)
        assert window.current_view() == key
        live = working_keys(window)
        twice = {k for k, count in Counter(k for k, _what in live).items() if count > 1}
        assert not sorted((k, what) for k, what in live if k in twice), f"in the {key} view"
        qtbot.keyClick(window, Qt.Key.Key_F1)
        sheet = window.findChild(ShortcutSheet, "shortcutSheet")
        assert sheet is not None
        qtbot.waitUntil(sheet.isVisible)
        listed = {k for _shown, _action, keys in sheet.listed() for k in keys}
        sheet.close()
        assert not sorted((k, what) for k, what in live if k not in listed), f"in the {key} view"
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)


def test_the_supervisors_views_go_with_the_session(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, server: LiveServer, shells: ShellFactory
) -> None:
    shell = shells.signed_in(server, "supervisor")
    window = shell.window
    assert window.findChild(ApprovalsView) is not None
    run(qtbot, loop, shell.controller.end_session())
    qtbot.waitUntil(
        lambda: window.findChild(ApprovalsView) is None and window.findChild(DashboardView) is None
    )
    assert {kind: found for kind, found in supervisor_things(window).items() if found} == {}


def test_the_demo_users_are_the_demo_servers() -> None:
    assert list(DEMO_USERS) == [username for username, *_rest in USERS]


def test_an_unknown_user_is_a_clear_error_that_lists_the_demo_users(tmp_path: Path) -> None:
    done = switchboard(tmp_path, "--screenshot", str(tmp_path / "x.png"), "--user", "bob")
    assert done.returncode == 2
    assert "there is no demo user 'bob'" in done.stderr
    assert "agent, agent2, supervisor, admin, other-agent (password demo)" in done.stderr
    assert not (tmp_path / "x.png").exists()
    elsewhere = switchboard(tmp_path, "--server", "https://example.invalid", "--user", "supervisor")
    assert elsewhere.returncode == 2
    assert "--user signs in on the embedded demo server" in elsewhere.stderr


@pytest.mark.slow
def test_the_agent_has_no_approvals_to_take_a_screenshot_of(tmp_path: Path) -> None:
    done = switchboard(tmp_path, "--screenshot", str(tmp_path / "x.png"), "--view", "approvals")
    assert done.returncode == 1
    assert "agent (AGENT) has no approvals view" in done.stderr
    assert "--user supervisor" in done.stderr
    assert not (tmp_path / "x.png").exists()
