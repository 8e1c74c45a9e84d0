"""The user picker a supervisor reassigns a thread with: the tenant's users, the current assignee
chosen at first, or nobody."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.contract.auth import UserSummary
from app.contract.communications import QueueThread
from app.desktop.words import word

UserRole = Qt.ItemDataRole.UserRole + 1
"""On a row: the user's id, or None for "nobody"."""


class AssigneePicker(QDialog):
    """Whom the thread goes to; `chosen` after Accepted (None: unassigned)."""

    def __init__(self, thread: QueueThread, users: list[UserSummary], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assigneePicker")
        self.setWindowTitle(self.tr("Reassign thread"))
        question = QLabel(
            self.tr("Who takes over “%1” of %2?")
            .replace("%1", thread.subject)
            .replace("%2", thread.customer_name)
        )
        question.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("assigneeList")
        self.list.setAccessibleName(self.tr("Users of the team"))
        current = thread.assignee.user_id if thread.assignee else None
        nobody = QListWidgetItem(self.tr("Nobody (unassigned)"))
        nobody.setData(UserRole, None)
        self.list.addItem(nobody)
        for user in sorted(users, key=lambda u: u.display_name.casefold()):
            text = f"{user.display_name} ({user.username}, {word(user.role)})"
            if user.user_id == current:
                text += self.tr(" — has it now")
            item = QListWidgetItem(text)
            item.setData(UserRole, user.user_id)
            self.list.addItem(item)
            if user.user_id == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None:
            self.list.setCurrentItem(nobody)
        question.setBuddy(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton(self.tr("Reassign"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("reassignButton")
        self.ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(420, 360)
        self.list.setFocus()

    @property
    def chosen(self) -> int | None:
        item = self.list.currentItem()
        chosen: int | None = None if item is None else item.data(UserRole)
        return chosen
