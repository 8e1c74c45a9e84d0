"""The confirmation asked before an action: the action's button, Cancel, the default where Enter lands."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.desktop.widgets.confirmation import ask_to_confirm
from tests.desktop.shell import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_enter_on_a_risky_action_cancels_and_only_its_button_confirms(qtbot: QtBot, parent: QWidget) -> None:
    answers: list[bool] = []

    def ask() -> QMessageBox:
        return ask_to_confirm(
            parent,
            name="confirmRisky",
            icon=QMessageBox.Icon.Warning,
            title="Risky",
            text="Really?",
            action="Do it anyway",
            action_name="doItButton",
            cancel_is_default=True,
            answered=answers.append,
        )

    dialog = ask()
    assert dialog.isVisible() and dialog.objectName() == "confirmRisky" and dialog.text() == "Really?"
    assert dialog.defaultButton() is dialog.button(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: answers == [False])

    dialog = ask()
    action = dialog.findChild(QPushButton, "doItButton")
    assert action is not None and action.text() == "Do it anyway"
    qtbot.mouseClick(action, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: answers == [False, True])


def test_a_standard_action_is_the_default_and_escape_is_no(qtbot: QtBot, parent: QWidget) -> None:
    answers: list[bool] = []
    dialog = ask_to_confirm(
        parent,
        name="confirmSave",
        icon=QMessageBox.Icon.Question,
        title="Save",
        text="These will change.",
        action=QMessageBox.StandardButton.Save,
        answered=answers.append,
    )
    assert dialog.defaultButton() is dialog.button(QMessageBox.StandardButton.Save)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: answers == [False])

    dialog = ask_to_confirm(
        parent,
        name="confirmSave",
        icon=QMessageBox.Icon.Question,
        title="Save",
        text="These will change.",
        action=QMessageBox.StandardButton.Save,
        answered=answers.append,
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: answers == [False, True])
