"""Loading, empty and error states of a view, and the error notice with a copyable trace id."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.desktop.customer.failures import Failure


class ErrorNotice(QWidget):
    """`errorMessage` and a selectable, copyable `traceId`, shown in the pane where it happened."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorNotice")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trace_id = QLineEdit()
        self.trace_id.setObjectName("traceId")
        self.trace_id.setReadOnly(True)
        self.trace_id.setAccessibleName("Trace id")
        copy = QPushButton("Copy trace id")
        copy.setObjectName("copyTraceId")
        copy.clicked.connect(self._copy)
        self._trace_row = QWidget()
        row = QHBoxLayout(self._trace_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Trace id:"))
        row.addWidget(self.trace_id, 1)
        row.addWidget(copy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.message)
        layout.addWidget(self._trace_row)
        self.hide()

    def show_failure(self, failure: Failure) -> None:
        self.message.setText(failure.message)
        self.trace_id.setText(failure.trace_id or "")
        self._trace_row.setVisible(bool(failure.trace_id))
        self.show()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.trace_id.text())


class ViewState(QStackedWidget):
    """Shows a view's content, or what it is waiting for: loading, nothing there, or what went wrong."""

    def __init__(self, content: QWidget, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.loading = QLabel("Loading…")
        self.empty = QLabel(empty_text)
        for label in (self.loading, self.empty):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.error = ErrorNotice()
        error_page = QWidget()
        error_layout = QVBoxLayout(error_page)
        error_layout.addWidget(self.error)
        error_layout.addStretch(1)
        for page in (content, self.loading, self.empty, error_page):
            self.addWidget(page)
        self._error_page = error_page

    def show_loading(self) -> None:
        self.setCurrentWidget(self.loading)

    def show_content(self, empty: bool = False) -> None:
        self.setCurrentWidget(self.empty if empty else self.content)

    def show_failure(self, failure: Failure) -> None:
        self.error.show_failure(failure)
        self.setCurrentWidget(self._error_page)

    @property
    def state(self) -> str:
        """`content`, `loading`, `empty` or `error`: what the user sees now."""
        current = self.currentWidget()
        if current is self.content:
            return "content"
        if current is self.loading:
            return "loading"
        return "empty" if current is self.empty else "error"
