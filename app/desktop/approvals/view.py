"""The Approvals view: the tenant's pending requests, the selected one in full, Approve and Reject.

Only a supervisor (SUPERVISOR or ADMIN) is given this view. The list pages from the server as it
scrolls and follows the event stream (`request.created`, `request.decided`), so a request another
supervisor decided goes away by itself. A request the signed-in supervisor made themselves cannot
be decided by them (the server refuses it too): the view says so and offers no button that would
only fail.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.client import SwitchboardClient
from app.client.errors import ClientError
from app.contract.approvals import ApprovalRequest
from app.contract.auth import User
from app.contract.enums import ApprovalStatus, EventType
from app.contract.errors import ErrorCode
from app.contract.events import ServerEvent
from app.desktop import icons, shortcuts
from app.desktop.approvals.decision import Verdict, ask_for_decision
from app.desktop.approvals.model import (
    ASKED_AT,
    ASKED_BY,
    CHANGE,
    CUSTOMER,
    PAGE_SIZE,
    REASON,
    RequestsModel,
    change_text,
    is_own,
)
from app.desktop.customer.states import ViewState
from app.desktop.customer.timefmt import local_time
from app.desktop.failures import Failure, failure_of
from app.desktop.tasks import async_slot
from app.desktop.widgets.error_pane import ErrorPane
from app.desktop.widgets.heading import view_heading
from app.desktop.widgets.list_table import list_table

EMPTY = str(QT_TRANSLATE_NOOP("ApprovalsView", "No requests waiting"))
OWN_REQUEST = str(
    QT_TRANSLATE_NOOP("ApprovalsView", "You asked for this yourself, so another supervisor has to decide it.")
)
#: The server's refusals of a decision, in the words the supervisor reads.
REFUSALS: dict[str, str] = {
    ErrorCode.OWN_DECISION: str(
        QT_TRANSLATE_NOOP(
            "ApprovalsView", "You cannot decide a request you made yourself: another supervisor has to."
        )
    ),
    ErrorCode.ALREADY_DECIDED: str(
        QT_TRANSLATE_NOOP(
            "ApprovalsView", "Somebody else decided this request already; the list shows what is left."
        )
    ),
}
#: Bursts of events (several requests decided at once) are asked for once.
SETTLE_MS = 150
REQUEST_EVENTS = (EventType.REQUEST_CREATED, EventType.REQUEST_DECIDED)


def refusal_of(error: BaseException) -> Failure:
    """What went wrong with a decision; the server's own refusals said in the supervisor's words."""
    failure = failure_of(error)
    words = REFUSALS.get(failure.error_code or "")
    if words is None:
        return failure
    words = QCoreApplication.translate("ApprovalsView", words)
    return Failure(words, failure.trace_id, failure.offline, failure.error_code)


class ApprovalsView(QWidget):
    """The pending requests (newest first) over the selected request's details and its two buttons."""

    loaded = Signal()
    """The first page of the pending requests is shown (or why it could not be loaded)."""

    decided = Signal(object)
    """The server took a decision: the decided `ApprovalRequest`."""

    def __init__(self, client: SwitchboardClient, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approvalsView")
        self.setProperty(shortcuts.AREA_PROPERTY, shortcuts.APPROVALS)
        self.client = client
        self.user = user
        self._reselect: int | None = None
        self._deciding = False

        title = view_heading(self.tr("Requests waiting for a decision"), "approvalsTitle", self)
        self.count = QLabel(self)
        self.count.setObjectName("approvalsCount")

        self.model = RequestsModel()
        self.table = list_table(self.model, "approvalsTable", self.tr("Pending requests"), self)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        # What changes gets the room left: the reason is read in full below the list anyway.
        asked_at = metrics.horizontalAdvance("2000-00-00 00:00") + 16
        widths = {CUSTOMER: 170, ASKED_BY: 140, ASKED_AT: asked_at, REASON: 300}
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(CHANGE, QHeaderView.ResizeMode.Stretch)
        self.state = ViewState(self.table, self.tr(EMPTY), retry=lambda: self.reload(keep_rows=False))

        self.details = self._build_details()
        # Below the details, so the outcome stays readable when the last request has gone.
        self.notice = QLabel(self)
        self.notice.setObjectName("decisionNotice")
        self.notice.setWordWrap(True)
        self.decision_error = ErrorPane(self, retry=False)
        self.decision_error.setObjectName("decisionError")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count)
        layout.addLayout(top)
        layout.addWidget(self.state, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.notice)
        layout.addWidget(self.decision_error)

        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(lambda: self.reload(keep_rows=True))
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._failed)
        self.model.rowsInserted.connect(lambda *_args: self._show_count())
        self.model.modelReset.connect(self._show_current)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        for keys in shortcuts.REFRESH_APPROVALS.sequences():
            refresh = QShortcut(keys, self)
            refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            refresh.activated.connect(lambda: self.reload(keep_rows=True))
        self._show_current()

    def _build_details(self) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("approvalDetails")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.detail_customer = QLabel(frame)
        self.detail_change = QLabel(frame)
        self.detail_change.setObjectName("approvalChange")
        self.detail_asked = QLabel(frame)
        self.detail_reason = QLabel(frame)
        self.detail_reason.setObjectName("approvalReason")
        for label in (self.detail_customer, self.detail_change, self.detail_asked, self.detail_reason):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Customer:"), self.detail_customer)
        form.addRow(self.tr("Change:"), self.detail_change)
        form.addRow(self.tr("Asked by:"), self.detail_asked)
        form.addRow(self.tr("Why:"), self.detail_reason)

        self.approve_button = QPushButton(
            shortcuts.mnemonic_text(self.tr("Approve…"), shortcuts.APPROVE_REQUEST), frame
        )
        self.approve_button.setObjectName("approveButton")
        self.approve_button.setIcon(icons.icon(icons.APPROVE))
        self.approve_button.clicked.connect(lambda: self.decide(Verdict.APPROVE))
        self.reject_button = QPushButton(
            shortcuts.mnemonic_text(self.tr("Reject…"), shortcuts.REJECT_REQUEST), frame
        )
        self.reject_button.setObjectName("rejectButton")
        self.reject_button.setIcon(icons.icon(icons.REJECT))
        self.reject_button.clicked.connect(lambda: self.decide(Verdict.REJECT))
        self.own_note = QLabel(self.tr(OWN_REQUEST), frame)
        self.own_note.setObjectName("ownRequestNote")
        self.own_note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.own_note, 2)
        buttons.addStretch(1)
        layout = QVBoxLayout(frame)
        layout.addLayout(form)
        layout.addLayout(buttons)
        return frame

    # -- loading ------------------------------------------------------------------------------------

    def reload(self, keep_rows: bool = True) -> None:
        """Ask for the first page of pending requests again; `keep_rows` keeps the list (and the
        selected request) on screen until the answer is here."""
        self._settle.stop()
        current = self.current_request()
        self._reselect = current.approval_request_id if current is not None else None

        async def page(number: int) -> Any:
            pending = ApprovalStatus.PENDING
            return await self.client.list_requests(status=pending, page=number, limit=PAGE_SIZE)

        self.model.reload(page, keep_rows=keep_rows)
        if not self.model.requests:
            self.state.show_loading()
            self.count.setText(self.tr("Loading…"))

    def handle_event(self, event: ServerEvent) -> None:
        """A request was made or decided somewhere in the tenant: the list is asked for again."""
        if event.type in REQUEST_EVENTS:
            self._settle.start()

    def shutdown(self) -> None:
        """Stop what is still loading (the session ends)."""
        self._settle.stop()
        self.model.reload(None)

    def _loaded(self) -> None:
        self.state.show_content(empty=not self.model.requests)
        self._show_count()
        row = self.model.row_of(self._reselect) if self._reselect is not None else None
        self._reselect = None
        if row is None and self.model.requests:
            row = 0  # a request is always selected, so Approve and Reject work from the keyboard at once
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._show_current()
        self.loaded.emit()

    def _failed(self, failure: Failure) -> None:
        if not self.model.requests:
            self.state.show_failure(failure)
            self.count.clear()
        else:
            self.count.setText(self.tr("Could not load more: {message}").format(message=failure.message))
        self.loaded.emit()

    def _show_count(self) -> None:
        total = self.model.total
        self.count.setText(self.tr("%Ln request(s) waiting", "", total) if total else "")

    # -- the selected request -----------------------------------------------------------------------

    def current_request(self) -> ApprovalRequest | None:
        index = self.table.currentIndex()
        return self.model.request_at(index.row()) if index.isValid() else None

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.decision_error.clear()
        self._show_current()

    def _show_current(self) -> None:
        request = self.current_request()
        self.details.setVisible(request is not None)
        if request is None:
            return
        self.detail_customer.setText(f"{request.customer_name} (#{request.customer_id})")
        self.detail_change.setText(change_text(request))
        self.detail_asked.setText(f"{request.created_by.display_name}, {local_time(request.created_at)}")
        self.detail_reason.setText(request.reason)
        own = is_own(request, self.user.user_id)
        for button in (self.approve_button, self.reject_button):
            button.setEnabled(not own and not self._deciding)
            button.setToolTip(self.tr(OWN_REQUEST) if own else "")
        self.own_note.setVisible(own)

    # -- deciding -----------------------------------------------------------------------------------

    @async_slot
    async def decide(self, verdict: Verdict) -> None:
        """Ask for the comment, then approve or reject the selected request."""
        request = self.current_request()
        if request is None or self._deciding or is_own(request, self.user.user_id):
            return
        comment = await ask_for_decision(self, request, verdict)
        if comment is None:
            self.focus_list()
            return
        self._deciding = True
        self.decision_error.clear()
        self.notice.setText(self.tr("Approving…") if verdict is Verdict.APPROVE else self.tr("Rejecting…"))
        self._show_current()
        decide = self.client.approve_request if verdict is Verdict.APPROVE else self.client.reject_request
        try:
            answer = await decide(request.approval_request_id, comment, request_id=uuid4())
        except ClientError as error:
            failure = refusal_of(error)
            self.notice.clear()
            self.decision_error.show_failure(failure)
            if failure.error_code == ErrorCode.ALREADY_DECIDED:
                self.reload(keep_rows=True)
            return
        finally:
            self._deciding = False
            self._show_current()
        done = self.tr("Approved") if answer.status is ApprovalStatus.APPROVED else self.tr("Rejected")
        self.notice.setText(f"{done}: {answer.customer_name} — {change_text(answer)}")
        row = self.model.remove(answer.approval_request_id)
        if row is not None and self.model.requests:
            self.table.setCurrentIndex(self.model.index(min(row, len(self.model.requests) - 1), 0))
        self._show_count()
        self.state.show_content(empty=not self.model.requests)
        self.focus_list()
        self.decided.emit(answer)
        self.reload(keep_rows=True)
