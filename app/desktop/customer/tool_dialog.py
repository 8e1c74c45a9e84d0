"""The frame of a tool's dialog on the opened customer (verify identity, new request, change status).

Each is window-modal, opened with `open()` so the event loop keeps running, about one customer, and gone
when closed; its one request to the server is cancelled with it, so a late answer never reaches it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget

from app.client import SwitchboardClient
from app.contract.customers import Customer
from app.desktop.appearance import follow_look
from app.desktop.tasks import LatestRequest
from app.desktop.widgets.one_line import keep_to_one_line

#: A reason is the contract's ShortText: one line of at most this many characters.
REASON_MAX_CHARS = 200


class CustomerToolDialog(QDialog):
    """A dialog titled "<tool> — <customer's name>", with the client, the customer and its one request."""

    def __init__(
        self,
        client: SwitchboardClient,
        customer: Customer,
        parent: QWidget | None,
        *,
        name: str,
        title: str,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(f"{title} — {customer.full_name}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(460)
        self.client = client
        self.customer = customer
        self.work = LatestRequest()
        self.work.cancel_on(self.finished, self.destroyed)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._grow_to_content()
        return handled

    def _grow_to_content(self) -> None:
        """Taller when what it shows grows (an outcome, a problem under a field, a wrapped line), so
        nothing is squeezed out of sight; never shorter, so it does not jump under the agent's eyes."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        width = self.width()
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        needed = max(needed, layout.totalMinimumSize().height())
        if needed > self.height():
            self.resize(width, needed)

    def reason_field(self, name: str) -> QLineEdit:
        """The required one-line reason every request and label change carries."""
        reason = keep_to_one_line(QLineEdit(self))
        reason.setObjectName(name)
        reason.setAccessibleName(self.tr("Reason"))
        reason.setMaxLength(REASON_MAX_CHARS)
        reason.setPlaceholderText(self.tr("Why, in one line (required)"))
        return reason

    def problem_label(self, name: str) -> QLabel:
        """A hidden line in the error colour for what is wrong with a field, shown under it."""
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        follow_look(label, lambda colours: label.setStyleSheet(f"color: {colours.error_text};"))
        label.hide()
        return label
