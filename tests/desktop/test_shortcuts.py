"""Keyboard first: the cheat sheet (F1, Ctrl+/) lists every shortcut the window really has, no key
does two things at once, the thread status and the Help menu work from the keyboard, and every
control the keyboard reaches has a name for a screen reader."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.desktop import shortcuts
from app.desktop.mainwindow import MainWindow
from app.desktop.shortcuts import ShortcutSheet
from app.version import UNKNOWN_VERSION, app_version
from tests.desktop.customer_support import ANNA, api
from tests.desktop.shell import ShellFactory, shell_factory
from tests.live_server import LiveServer

#: The offscreen platform warns when a window is shown or raised, or a menu grabs the keyboard;
#: that is no fault of the app.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)

PORTABLE = QKeySequence.SequenceFormat.PortableText
NATIVE = QKeySequence.SequenceFormat.NativeText


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


def opened(qtbot: QtBot, shells: ShellFactory, server: LiveServer, customer_id: int = ANNA) -> MainWindow:
    """A signed-in main window in front, with the customer open and every view loaded."""
    window = shells.signed_in(server).window
    pane = window.pane
    assert pane is not None
    with qtbot.waitSignal(pane.fully_loaded, timeout=15_000):
        window.open_customer(customer_id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def live_shortcuts(window: MainWindow, *, visible_only: bool = False) -> list[tuple[str, str]]:
    """(key sequence in portable text, what binds it) of everything in the window that takes a key:
    QShortcuts, QAction shortcuts, and the Alt+letter mnemonics of menus, tabs, buttons and labels.
    `visible_only`: only what works right now (the controls of the shown tab)."""
    found: list[tuple[str, str]] = []

    def add(sequence: QKeySequence, what: str) -> None:
        if not sequence.isEmpty():
            found.append((sequence.toString(PORTABLE), what))

    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        assert isinstance(owner, QWidget)
        if shortcut.isEnabled() and (owner.isVisible() or not visible_only):
            sequences = shortcut.keys()
            for sequence in sequences:
                add(sequence, f"QShortcut of {type(owner).__name__}")
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            add(sequence, f"action {action.text()!r}")
    for action in window.menuBar().actions():
        add(QKeySequence.mnemonic(action.text()), f"menu {action.text()!r}")
    central = window.centralWidget()
    for tabs in central.findChildren(QTabWidget):
        for index in range(tabs.count()):
            add(QKeySequence.mnemonic(tabs.tabText(index)), f"tab {tabs.tabText(index)!r}")
    for button in central.findChildren(QAbstractButton):
        if button.isVisible() or not visible_only:
            add(QKeySequence.mnemonic(button.text()), f"button {button.text()!r}")
    for label in central.findChildren(QLabel):
        if label.buddy() is not None and (label.isVisible() or not visible_only):
            add(QKeySequence.mnemonic(label.text()), f"label {label.text()!r}")
    return found


def open_sheet(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier) -> ShortcutSheet:
    qtbot.keyClick(window, key, modifier)
    sheet = window.findChild(ShortcutSheet, "shortcutSheet")
    assert sheet is not None
    qtbot.waitUntil(sheet.isVisible)
    return sheet


def test_f1_and_ctrl_slash_open_the_cheat_sheet_listing_every_shortcut_of_the_window(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = opened(qtbot, shells, server)
    live = live_shortcuts(window)
    # What the window really binds, whatever its source: the table's keys and the labels' letters.
    assert ("Ctrl+K", "QShortcut of CustomerSearch") in live
    assert ("Ctrl+N", "QShortcut of ConversationsTab") in live
    assert ("Alt+L", "button 'C&lose thread'") in live

    sheet = open_sheet(qtbot, window, Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier)
    rows = sheet.listed()
    listed = {key for _shown, _action, keys in rows for key in keys}
    missing = sorted({(key, what) for key, what in live if key not in listed})
    assert not missing, f"shortcuts of the window missing from the cheat sheet: {missing}"
    for shown, _action, keys in rows:  # what the agent reads is the key that works
        for key in keys:
            assert QKeySequence(key).toString(NATIVE) in shown
    actions = {key: action for _shown, action, keys in rows for key in keys}
    assert actions["Ctrl+N"] == "Start a new thread"
    assert actions["Ctrl+Return"] == actions["Ctrl+Enter"] == "Send the message (or start the new thread)"
    assert actions["Up"] == "Move through the customers found"  # keys the search box handles itself
    assert actions["Alt+C"] == "Show the Conversations tab"
    assert actions["Alt+P"] == "Show the Preferences tab"
    assert actions["Alt+H"] == "Open the Help menu"
    assert actions["F1"] == actions["Ctrl+/"] == "This list of keyboard shortcuts"

    qtbot.keyClick(sheet.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not sheet.isVisible())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert open_sheet(qtbot, window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier) is sheet
    assert sheet.listed() == rows


def test_no_key_does_two_things_on_any_customer_tab(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = opened(qtbot, shells, server)
    pane = window.pane
    assert pane is not None
    assert pane.tabs.count() >= 2
    for index in range(pane.tabs.count()):
        pane.tabs.setCurrentIndex(index)
        qtbot.waitUntil(pane.tabs.currentWidget().isVisible)
        live = live_shortcuts(window, visible_only=True)
        twice = {key for key, count in Counter(key for key, _what in live).items() if count > 1}
        clashes = sorted((key, what) for key, what in live if key in twice)
        assert not clashes, f"on tab {pane.tabs.tabText(index)!r} these keys do two things: {clashes}"


def test_the_thread_status_is_changed_with_the_keyboard_alone(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    created = api(
        server,
        "POST",
        f"/v1/communications/{ANNA}/threads",
        json={
            "communicationThreadStatus": "CREATED",
            "subject": "Keyboard only",
            "content": "Please look into this.",
            "communicationDirection": "INCOMING",
            "communicationChannel": "EMAIL",
            "requestId": str(uuid4()),
        },
    ).json()
    thread_path = f"/v1/communications/{ANNA}/threads/{created['threadId']}"
    window = opened(qtbot, shells, server)
    pane = window.pane
    assert pane is not None
    tab = pane.conversations
    current = tab.current_thread
    assert current is not None and current.thread_id == created["threadId"]  # newest activity first
    header = tab.header

    def server_status() -> str:
        return str(api(server, "GET", thread_path).json()["communicationThreadStatus"])

    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # Mark &ongoing
    qtbot.waitUntil(lambda: header.status.text() == "Ongoing", timeout=10_000)
    assert server_status() == "ONGOING"
    assert not header.ongoing.isVisible()

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # C&lose thread
    qtbot.waitUntil(lambda: header.status.text() == "Closed", timeout=10_000)
    assert server_status() == "CLOSED"
    assert header.reopen.isVisible() and not header.close_button.isVisible()

    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # &Reopen
    qtbot.waitUntil(lambda: header.status.text() == "Ongoing", timeout=10_000)
    assert server_status() == "ONGOING"


def test_about_switchboard_from_the_help_menu_shows_the_version(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = shells.signed_in(server).window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # &Help
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    assert [a.text() for a in menu.actions()] == ["&Keyboard shortcuts", "&About Switchboard"]
    qtbot.keyClick(menu, Qt.Key.Key_A)

    about = window.findChild(QMessageBox, "aboutDialog")
    assert about is not None
    qtbot.waitUntil(about.isVisible)
    assert about.text() == f"<b>Switchboard {app_version()}</b>"
    assert app_version() != UNKNOWN_VERSION  # the installed package's version, not a placeholder
    assert "PySide6" in about.informativeText()
    qtbot.keyClick(about, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not about.isVisible())


def _needs_own_name(widget: QWidget) -> bool:
    """Controls that show no text of their own: a screen reader has only their accessible name."""
    kinds = (QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractItemView, QAbstractSpinBox)
    return isinstance(widget, kinds)


def _name_of(widget: QWidget) -> str:
    if widget.accessibleName():
        return widget.accessibleName()
    if _needs_own_name(widget):
        return ""
    if isinstance(widget, QAbstractButton | QLabel):
        return widget.text().replace("&", "")
    if isinstance(widget, QTabBar):
        return widget.tabText(widget.currentIndex())
    return ""


def test_every_control_the_keyboard_reaches_has_a_name(
    qtbot: QtBot, server: LiveServer, shells: ShellFactory
) -> None:
    window = opened(qtbot, shells, server)
    pane = window.pane
    assert pane is not None
    reached = 0
    for index in range(pane.tabs.count()):
        pane.tabs.setCurrentIndex(index)
        qtbot.waitUntil(pane.tabs.currentWidget().isVisible)
        nameless = []
        for widget in window.centralWidget().findChildren(QWidget):
            if not widget.isVisible() or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                continue
            if widget.focusProxy() is not None or isinstance(widget.parentWidget(), QAbstractSpinBox):
                continue  # the focus goes to (or comes from) the named control
            reached += 1
            if not _name_of(widget).strip():
                nameless.append(f"{type(widget).__name__} {widget.objectName()!r}")
        assert not nameless, f"on tab {pane.tabs.tabText(index)!r} without a name: {nameless}"
    assert reached > 15


def test_a_button_label_gets_the_letter_of_its_table_key() -> None:
    assert shortcuts.mnemonic_text("Mark ongoing", shortcuts.MARK_ONGOING) == "Mark &ongoing"
    assert shortcuts.mnemonic_text("Close thread", shortcuts.CLOSE_THREAD) == "C&lose thread"
    # A translation without the letter still binds the key of the table.
    assert shortcuts.mnemonic_text("Thread beenden", shortcuts.CLOSE_THREAD) == "Thread beenden (&L)"
    assert shortcuts.mnemonic_text("R&D", shortcuts.REOPEN_THREAD) == "&R&&D"
    with pytest.raises(ValueError, match="not an Alt\\+letter"):
        shortcuts.mnemonic_text("Send", shortcuts.SEND)
