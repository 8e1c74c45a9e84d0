"""Change status (a supervisor's): set or clear the customer's status label, always with a reason.

A label that blocks communication stops every outbound message to the customer, so the choice says so.
The server records the change in the customer's status-label history and announces it on the event
stream, where every open window (an agent's too) shows or lifts the blocked banner.
"""

from __future__ import annotations

from uuid import UUID, uuid4

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.client import SwitchboardClient
from app.client.errors import ClientError
from app.contract.customers import Customer, StatusLabel
from app.desktop.customer.requests.model import label_text
from app.desktop.customer.states import ErrorNotice
from app.desktop.customer.tool_dialog import CustomerToolDialog
from app.desktop.failures import failure_of

#: The combo box's data for "no label": clearing the label.
NO_LABEL = 0


class StatusLabelDialog(CustomerToolDialog):
    """The tenant's labels (or none) and a required reason; the customer as the server then holds them."""

    changed = Signal(object)
    """The server set the label: the `Customer` with its new label."""

    def __init__(self, client: SwitchboardClient, customer: Customer, parent: QWidget | None = None) -> None:
        super().__init__(client, customer, parent, name="statusLabelDialog", title=self.tr("Change status"))
        self.labels: list[StatusLabel] = []
        self._request: tuple[int | None, str, UUID] | None = None

        self.current = QLabel(label_text(customer.status_label), self)
        self.current.setObjectName("statusCurrent")
        self.label = QComboBox(self)
        self.label.setObjectName("statusLabelChoice")
        self.label.setAccessibleName(self.tr("New status label"))
        self.label.addItem(self.tr("Loading labels…"))
        self.label.setEnabled(False)
        self.reason = self.reason_field("statusReason")
        self.problem = self.problem_label("statusReasonProblem")
        self.effect = QLabel(self)
        self.effect.setObjectName("statusEffect")
        self.effect.setWordWrap(True)
        self.error = ErrorNotice(self)

        form = QFormLayout()
        form.addRow(self.tr("Now:"), self.current)
        form.addRow(self.tr("New label:"), self.label)
        form.addRow(self.tr("Reason:"), self.reason)
        form.addRow("", self.problem)
        self.apply_button = QPushButton(self.tr("Change status"), self)
        self.apply_button.setObjectName("statusApply")
        self.apply_button.setDefault(True)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.effect)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)

        self.label.currentIndexChanged.connect(lambda _index: self._show_effect())
        self.reason.textEdited.connect(lambda _text: self.problem.hide())
        self.work.run(self._load_labels())

    # --- the choice ----------------------------------------------------------------------------------

    def chosen(self) -> StatusLabel | None:
        label_id = self.label.currentData()
        return next((label for label in self.labels if label.status_label_id == label_id), None)

    def choose(self, name: str | None) -> None:
        """Pick the label of this name (None: no label)."""
        wanted = NO_LABEL
        for label in self.labels:
            if label.name == name:
                wanted = label.status_label_id
        self.label.setCurrentIndex(self.label.findData(wanted))

    def _show_effect(self) -> None:
        label = self.chosen()
        if label is not None and label.block_communication:
            text = self.tr("Communication will be blocked: nothing will be delivered to this customer.")
        elif self.customer.communication_blocked:
            text = self.tr("The block is lifted: messages will be delivered again.")
        else:
            text = ""
        self.effect.setText(text)
        self.effect.setVisible(bool(text))

    # --- talking to the server -----------------------------------------------------------------------

    async def _load_labels(self) -> None:
        try:
            labels = await self.client.list_status_labels()
        except ClientError as error:
            self.label.setItemText(0, self.tr("The labels could not be loaded"))
            self.error.show_failure(failure_of(error))
            return
        self.labels = labels
        self.label.clear()
        self.label.addItem(self.tr("No label (clear it)"), NO_LABEL)
        for label in labels:
            self.label.addItem(label_text(label), label.status_label_id)
        current = self.customer.status_label
        self.choose(current.name if current is not None else None)
        self.label.setEnabled(True)
        self.apply_button.setEnabled(True)
        self._show_effect()
        self.label.setFocus()

    def apply(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.problem.setText(self.tr("Say why: a reason is required."))
            self.problem.show()
            self.reason.setFocus()
            return
        chosen = self.chosen()
        label_id = chosen.status_label_id if chosen is not None else None
        if self._request is None or self._request[:2] != (label_id, reason):
            # Pressed again after a failure with the same choice: the same requestId, so it happens once.
            self._request = (label_id, reason, uuid4())
        self.work.run(self._apply(label_id, reason, self._request[2]))

    async def _apply(self, label_id: int | None, reason: str, request_id: UUID) -> None:
        self.apply_button.setEnabled(False)
        self.error.hide()
        try:
            customer = await self.client.set_customer_status(
                self.customer.customer_id, label_id, reason, request_id=request_id
            )
        except ClientError as error:
            self.apply_button.setEnabled(True)
            self.error.show_failure(failure_of(error))
            return
        self.changed.emit(customer)
        self.accept()
