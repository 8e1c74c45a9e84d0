"""The dialog of a decision: what is decided, a comment, the verdict (Enter) or Cancel (Escape)."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.contract.approvals import ApprovalRequest
from app.desktop.approvals.model import change_text
from app.desktop.awaiting import run_dialog
from app.desktop.widgets.one_line import keep_to_one_line

#: The server keeps at most this much of a comment.
MAX_COMMENT_CHARS = 2000


class Verdict(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class DecisionDialog(QDialog):
    """Names the request and the verdict; the comment field has the focus, Enter decides, Escape cancels."""

    def __init__(self, request: ApprovalRequest, verdict: Verdict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionDialog")
        approve = verdict is Verdict.APPROVE
        self.setWindowTitle(self.tr("Approve request") if approve else self.tr("Reject request"))
        question = (
            self.tr("Approve this request of %s? The change is made at once and the customer is told.")
            if approve
            else self.tr("Reject this request of %s? Nothing is changed.")
        ) % request.created_by.display_name
        intro = QLabel(question, self)
        intro.setWordWrap(True)
        customer = QLabel(request.customer_name, self)
        change = QLabel(change_text(request), self)
        change.setObjectName("decisionChange")
        reason = QLabel(request.reason, self)
        reason.setWordWrap(True)
        self.comment = keep_to_one_line(QLineEdit(self))
        self.comment.setObjectName("decisionComment")
        self.comment.setAccessibleName(self.tr("Comment"))
        self.comment.setMaxLength(MAX_COMMENT_CHARS)
        self.comment.setPlaceholderText(self.tr("Optional; the requester reads it"))
        form = QFormLayout()
        form.addRow(self.tr("Customer:"), customer)
        form.addRow(self.tr("Change:"), change)
        form.addRow(self.tr("Why:"), reason)
        comment_label = QLabel(self.tr("&Comment:"), self)
        comment_label.setBuddy(self.comment)
        form.addRow(comment_label, self.comment)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.decide_button = buttons.addButton(
            self.tr("Approve") if approve else self.tr("Reject"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.decide_button.setObjectName("decideButton")
        self.decide_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.comment.setFocus()


async def ask_for_decision(parent: QWidget, request: ApprovalRequest, verdict: Verdict) -> str | None:
    """The supervisor's comment once they confirm the verdict, or None if they cancelled."""
    dialog = DecisionDialog(request, verdict, parent)
    try:
        accepted = await run_dialog(dialog) == QDialog.DialogCode.Accepted
        return dialog.comment.text().strip() if accepted else None
    finally:
        dialog.deleteLater()
