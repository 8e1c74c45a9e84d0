"""The question asked before an action the agent should think twice about: the action's button and Cancel.

The dialog is window-modal and opened with `open()`, so the event loop (and asyncio on it) keeps
running while it waits; the answer comes to a callback, once, and the dialog deletes itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QPushButton, QWidget


def ask_to_confirm(
    parent: QWidget,
    *,
    name: str,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    action: str | QMessageBox.StandardButton,
    answered: Callable[[bool], None],
    action_name: str | None = None,
    cancel_is_default: bool = False,
) -> QMessageBox:
    """Open the question and return it (shown); `answered(True)` if the agent chose the action.

    `action` is the text of the action's button, or a standard button (Save) that stands for it;
    `cancel_is_default` where Enter must not take the action by accident.
    """
    dialog = QMessageBox(icon, title, text, parent=parent)
    dialog.setObjectName(name)
    button: QAbstractButton
    default: QPushButton | QMessageBox.StandardButton = QMessageBox.StandardButton.Cancel
    if isinstance(action, str):
        button = dialog.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        dialog.addButton(QMessageBox.StandardButton.Cancel)
        if not cancel_is_default:
            default = button
    else:
        dialog.setStandardButtons(action | QMessageBox.StandardButton.Cancel)
        button = dialog.button(action)
        if not cancel_is_default:
            default = action
    if action_name is not None:
        button.setObjectName(action_name)
    dialog.setDefaultButton(default)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda _result: answered(dialog.clickedButton() is button))
    dialog.open()
    return dialog
