"""Loading, empty and error states of a view, and the error notice with a copyable trace id."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from app.desktop.failures import Failure
from app.desktop.widgets.error_pane import ErrorPane


class ErrorNotice(ErrorPane):
    """The shell's error pane (`errorMessage`, copyable `traceId`), without Retry unless asked for."""

    def __init__(self, parent: QWidget | None = None, *, retry: bool = False) -> None:
        super().__init__(parent, retry=retry)


class ViewState(QStackedWidget):
    """Shows a view's content, or what it is waiting for: loading, nothing there, or what went wrong."""

    def __init__(
        self,
        content: QWidget,
        empty_text: str,
        retry: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.content = content
        self.loading = QLabel(self.tr("Loading…"))
        self.empty = QLabel(empty_text)
        for label in (self.loading, self.empty):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.error = ErrorNotice(retry=retry is not None)
        if retry is not None:
            self.error.retry_requested.connect(retry)
        error_page = QWidget()
        error_layout = QVBoxLayout(error_page)
        error_layout.addWidget(self.error)
        error_layout.addStretch(1)
        for page in (content, self.loading, self.empty, error_page):
            self.addWidget(page)
        self._error_page = error_page

    def show_loading(self) -> None:
        self.error.clear()  # what failed before is no longer what the view shows
        self.setCurrentWidget(self.loading)

    def show_content(self, empty: bool = False) -> None:
        self.error.clear()
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
