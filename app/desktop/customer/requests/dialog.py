"""New request (Ctrl+R): ask a supervisor to change the customer's email or phone, or to grant points.

What is typed is checked before it is sent with the rules the server applies (the contract's models and
its email rule), so an obvious mistake is named by its field at once. The server still has the last
word (it normalises a phone number in the tenant's region, and may refuse it): its 422 message is shown
by the field it names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID, uuid4

from pydantic import TypeAdapter, ValidationError
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.client import SwitchboardClient
from app.client.errors import ClientError, ValidationFailed
from app.contract.approvals import MAX_GOODWILL_POINTS, ChangeRequestCreate, GoodwillRequestCreate
from app.contract.contact_points import InvalidContactPoint, normalised_email
from app.contract.customers import Customer, Phone
from app.contract.enums import ChangeField
from app.desktop.customer.states import ErrorNotice
from app.desktop.customer.tool_dialog import CustomerToolDialog
from app.desktop.failures import failure_of
from app.desktop.locale_format import number
from app.desktop.widgets.one_line import keep_to_one_line

_PHONE: TypeAdapter[str] = TypeAdapter(Phone)


class RequestKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    GOODWILL = "goodwill"


#: The fields of the form, as the checks and the server's `reference` name them.
VALUE = "value"
REASON = "reason"
_REFERENCES = {"newValue": VALUE, "points": VALUE, "reason": REASON}


@dataclass
class CheckedRequest:
    """What the form holds, checked: the body to send, or what is wrong, by field."""

    body: ChangeRequestCreate | GoodwillRequestCreate | None
    problems: dict[str, str] = field(default_factory=dict)


def check_request(kind: RequestKind, value: str, points: int, reason: str) -> CheckedRequest:
    """The request body for the form's contents, or the problems to show by their fields."""
    problems: dict[str, str] = {}
    value = value.strip()
    if kind is RequestKind.EMAIL:
        try:
            normalised_email(value)
        except InvalidContactPoint:
            problems[VALUE] = QCoreApplication.translate(
                "NewRequestDialog", "Type an email address, such as name@example.com."
            )
    elif kind is RequestKind.PHONE:
        try:
            _PHONE.validate_python(value)
        except ValidationError:
            problems[VALUE] = QCoreApplication.translate(
                "NewRequestDialog", "Type a phone number: digits, spaces and + ( ) . / - only."
            )
        else:
            if not any(c.isdigit() for c in value):
                problems[VALUE] = QCoreApplication.translate(
                    "NewRequestDialog", "Type a phone number: digits, spaces and + ( ) . / - only."
                )
    body: ChangeRequestCreate | GoodwillRequestCreate | None = None
    try:
        if kind is RequestKind.GOODWILL:
            body = GoodwillRequestCreate(points=points, reason=reason)
        else:
            changed = ChangeField.EMAIL if kind is RequestKind.EMAIL else ChangeField.PHONE
            body = ChangeRequestCreate(field=changed, new_value=value or "-", reason=reason)
    except ValidationError as error:
        for problem in error.errors():
            where = str(problem["loc"][0]) if problem["loc"] else ""
            if where == "reason":
                problems[REASON] = (
                    QCoreApplication.translate(
                        "NewRequestDialog", "Say why (one line, up to 200 characters)."
                    )
                    if reason.strip()
                    else QCoreApplication.translate("NewRequestDialog", "Say why: a reason is required.")
                )
            elif where == "points":
                problems[VALUE] = QCoreApplication.translate(
                    "NewRequestDialog", "Between 1 and {most} points."
                ).format(most=number(MAX_GOODWILL_POINTS))
            else:
                problems.setdefault(VALUE, str(problem["msg"]))
    return CheckedRequest(None if problems else body, problems)


class NewRequestDialog(CustomerToolDialog):
    """Change email, change phone or goodwill points, with a reason; sent for a supervisor's approval."""

    created = Signal(object)
    """The server accepted the request: the `ApprovalRequest` (PENDING)."""

    def __init__(self, client: SwitchboardClient, customer: Customer, parent: QWidget | None = None) -> None:
        super().__init__(client, customer, parent, name="newRequestDialog", title=self.tr("New request"))
        self._sent_body: ChangeRequestCreate | GoodwillRequestCreate | None = None
        self._request_id: UUID = uuid4()

        self.kind = QComboBox(self)
        self.kind.setObjectName("requestKind")
        self.kind.setAccessibleName(self.tr("Kind of request"))
        self.kind.addItem(self.tr("Change email"), RequestKind.EMAIL)
        self.kind.addItem(self.tr("Change phone"), RequestKind.PHONE)
        self.kind.addItem(self.tr("Goodwill points"), RequestKind.GOODWILL)
        self.current = QLabel(self)
        self.current.setObjectName("requestCurrentValue")
        self.value = keep_to_one_line(QLineEdit(self))
        self.value.setObjectName("requestValue")
        self.points = QSpinBox(self)
        self.points.setObjectName("requestPoints")
        self.points.setAccessibleName(self.tr("Goodwill points"))
        self.points.setRange(1, MAX_GOODWILL_POINTS)
        self.points.setValue(100)
        self.value_problem = self.problem_label("requestValueProblem")
        self.reason = self.reason_field("requestReason")
        self.reason_problem = self.problem_label("requestReasonProblem")
        self.value_label = QLabel(self)
        self.value_label.setBuddy(self.value)
        self.error = ErrorNotice(self)

        form = QFormLayout()
        form.addRow(self.tr("Request:"), self.kind)
        form.addRow(self.tr("Now:"), self.current)
        form.addRow(self.value_label, self.value)
        form.addRow(self.tr("Points:"), self.points)
        form.addRow("", self.value_problem)
        form.addRow(self.tr("Reason:"), self.reason)
        form.addRow("", self.reason_problem)
        self._form = form

        self.send_button = QPushButton(self.tr("Send request"), self)
        self.send_button.setObjectName("requestSend")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        intro = QLabel(
            self.tr("A supervisor approves or rejects the request; you see its state in Requests.")
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)

        self.kind.currentIndexChanged.connect(lambda _index: self._kind_changed())
        for edit in (self.value, self.reason):
            edit.textEdited.connect(lambda _text: self._clear_problems())
        self.points.valueChanged.connect(lambda _value: self._clear_problems())
        self._kind_changed()
        # The agent types the new value first; the kind is one Up or Down away (Shift+Tab).
        self.value.setFocus()

    def chosen_kind(self) -> RequestKind:
        return RequestKind(self.kind.currentData())

    def set_kind(self, kind: RequestKind) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def _kind_changed(self) -> None:
        kind = self.chosen_kind()
        goodwill = kind is RequestKind.GOODWILL
        self._form.setRowVisible(self.value, not goodwill)
        self._form.setRowVisible(self.current, not goodwill)
        self._form.setRowVisible(self.points, goodwill)
        if kind is RequestKind.EMAIL:
            self.value_label.setText(self.tr("New email:"))
            self.value.setAccessibleName(self.tr("New email"))
            self.value.setPlaceholderText("name@example.com")
            self.current.setText(self.customer.email or self.tr("no email"))
        elif kind is RequestKind.PHONE:
            self.value_label.setText(self.tr("New phone:"))
            self.value.setAccessibleName(self.tr("New phone"))
            self.value.setPlaceholderText("+49 170 5550123")
            self.current.setText(self.customer.phone or self.tr("no phone"))
        self._clear_problems()

    def _clear_problems(self) -> None:
        for label in (self.value_problem, self.reason_problem):
            label.hide()
        self.error.hide()

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem by its field; the first field with one gets the focus."""
        for where, label in ((VALUE, self.value_problem), (REASON, self.reason_problem)):
            text = problems.get(where)
            label.setText(text or "")
            label.setVisible(text is not None)
        if VALUE in problems:
            (self.points if self.chosen_kind() is RequestKind.GOODWILL else self.value).setFocus()
        elif REASON in problems:
            self.reason.setFocus()

    def send(self) -> None:
        checked = check_request(
            self.chosen_kind(), self.value.text(), self.points.value(), self.reason.text()
        )
        if checked.body is None:
            self.show_problems(checked.problems)
            return
        if checked.body != self._sent_body:
            # The same body again (after a failure) keeps its requestId, so it is made once; another
            # body is another request.
            self._sent_body, self._request_id = checked.body, uuid4()
        self.work.run(self._create(checked.body, self._request_id))

    async def _create(self, body: ChangeRequestCreate | GoodwillRequestCreate, request_id: UUID) -> None:
        self.send_button.setEnabled(False)
        customer_id = self.customer.customer_id
        try:
            if isinstance(body, GoodwillRequestCreate):
                created = await self.client.create_goodwill_request(
                    customer_id, body.points, body.reason, request_id=request_id
                )
            else:
                created = await self.client.create_change_request(
                    customer_id, body.field, body.new_value, body.reason, request_id=request_id
                )
        except ValidationFailed as error:
            self.send_button.setEnabled(True)
            where = _REFERENCES.get((error.reference or "").split(".")[0])
            if where is None:
                self.error.show_failure(failure_of(error))
            else:
                self.show_problems({where: error.error_message or str(error)})
            return
        except ClientError as error:
            self.send_button.setEnabled(True)
            self.error.show_failure(failure_of(error))
            return
        self.created.emit(created)
        self.accept()
