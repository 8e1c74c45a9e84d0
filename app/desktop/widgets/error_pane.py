"""An error shown where it happened: the server's `errorMessage` and a copyable `traceId`.

Any view can hold one. `show_error(exc)` takes an `ApiError` (message and trace id from the
server's error body), a network failure of the client, or any other exception, and shows what
`app.desktop.failures.failure_of` makes of it; `show_failure` shows such a `Failure`. The trace id is
what support needs to find the request in the server log, so it is selectable and has a Copy button.
What the exception said of itself is written to the log, never shown.

When the connection is back, `retry_when_back` has every pane that says the server cannot be reached
press its own Retry (or, without one, go away): no red pane stays after the server is back.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.desktop.appearance import follow_look
from app.desktop.failures import Failure, failure_of
from app.desktop.theme import Palette

log = logging.getLogger(__name__)


class ErrorPane(QFrame):
    """A red-edged box with the message, the trace id, Copy and (optionally) Retry."""

    retry_requested = Signal()
    """The user pressed Retry."""

    def __init__(self, parent: QWidget | None = None, *, retry: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("errorPane")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        follow_look(self, self._restyle)
        self._message = QLabel(self)
        self._message.setObjectName("errorMessage")
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._trace = QLabel(self)
        self._trace.setObjectName("errorTraceId")
        self._trace.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._copy = QPushButton(self.tr("Copy trace ID"), self)
        self._copy.setObjectName("copyTraceIdButton")
        self._copy.clicked.connect(self.copy_trace_id)
        self._retry = QPushButton(self.tr("Retry"), self)
        self._retry.setObjectName("retryButton")
        self._retry.clicked.connect(self.retry_requested)
        self._retry.setVisible(retry)
        self._can_retry = retry
        buttons = QHBoxLayout()
        buttons.addWidget(self._trace, 1)
        buttons.addWidget(self._copy)
        buttons.addWidget(self._retry)
        layout = QVBoxLayout(self)
        layout.addWidget(self._message)
        layout.addLayout(buttons)
        self._trace_id: str | None = None
        self._failure: Failure | None = None
        self.hide()

    def _restyle(self, colours: Palette) -> None:
        self.setStyleSheet(
            f"#errorPane {{ border: 1px solid {colours.error_pane_border}; border-radius: 6px;"
            f" background: {colours.error_pane.background}; }}"
            f"#errorPane QLabel {{ color: {colours.error_pane.text}; background: transparent; }}"
        )

    @property
    def message(self) -> str:
        return self._message.text()

    @property
    def trace_id(self) -> str | None:
        return self._trace_id

    @property
    def failure(self) -> Failure | None:
        """What the pane shows (None once cleared)."""
        return self._failure

    def show_error(self, error: BaseException | str, trace_id: str | None = None) -> None:
        """Show an exception (or a message and trace id) and make the pane visible."""
        if isinstance(error, BaseException):
            self.show_failure(failure_of(error))
        else:
            self.show_failure(Failure(error, trace_id))

    def show_failure(self, failure: Failure) -> None:
        """Show what went wrong (see `failure_of`) and make the pane visible."""
        message, trace_id = failure.message, failure.trace_id
        if failure.detail:
            log.info("shown: %s (%s; trace %s)", message, failure.detail, trace_id or "none")
        self._failure = failure
        self._message.setText(message)
        self._trace_id = trace_id
        self._trace.setText(self.tr("Trace ID: %s") % trace_id if trace_id else "")
        self._trace.setVisible(trace_id is not None)
        self._copy.setVisible(trace_id is not None)
        self.setAccessibleDescription(message)
        self.show()

    def clear(self) -> None:
        self._trace_id = None
        self._failure = None
        self.hide()

    def connection_back(self) -> None:
        """The server can be reached again: if this pane says it could not, ask again (Retry) or go."""
        if self._failure is None or not self._failure.offline or self.isHidden():
            return
        if self._can_retry:
            # The owner asks again; its answer replaces this pane (or clears it).
            self.retry_requested.emit()
        else:
            self.clear()

    def copy_trace_id(self) -> None:
        """Put the trace id on the clipboard, for a support ticket."""
        if self._trace_id:
            QGuiApplication.clipboard().setText(self._trace_id)


def retry_when_back(root: QWidget) -> None:
    """The connection is back: every error pane under `root` that says the server cannot be reached
    asks again or goes (`ErrorPane.connection_back`)."""
    for pane in root.findChildren(ErrorPane):
        pane.connection_back()
