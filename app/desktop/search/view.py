"""The customer search: a box that searches as you type and the list of results, with their states.

Each keystroke restarts a ~150 ms debounce; when it fires, the running search (if any) is
cancelled and a new one asks the server, so the list never shows a late answer to an old query
(the results model holds the one request, as every paged list does).
The keyboard drives everything: Ctrl+K or F3 focus the box, Up/Down move the selection while
the focus stays in the box, Enter opens the selected customer (or the first one).
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from app.contract.customers import MAX_SEARCH_QUERY, CustomerSearchPage
from app.contract.errors import ErrorCode
from app.desktop import icons, shortcuts
from app.desktop.failures import Failure
from app.desktop.search.delegate import CustomerResultDelegate
from app.desktop.search.model import CustomerResultsModel
from app.desktop.widgets.error_pane import ErrorPane

if TYPE_CHECKING:
    from app.client import SwitchboardClient

DEBOUNCE_MS = 150
PAGE_SIZE = 50
LOADING_DELAY_MS = 120
#: An agent waits this long at most for a search before the list says what went wrong.
SEARCH_DEADLINE_S = 10.0


class CustomerSearch(QWidget):
    """Search box, result list, and a state line for loading, empty and error."""

    customer_opened = Signal(int)
    """The user chose a customer (by Enter, click or activation): its customer id."""

    results_shown = Signal()
    """A search answer is on screen (possibly empty)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._client: SwitchboardClient | None = None
        #: The query whose first page is on its way (None: no search running).
        self._searching: str | None = None
        self._shown_query: str | None = None
        self._open_when_shown = False

        self.box = QLineEdit(self)
        self.box.setObjectName("customerSearch")
        self.box.setPlaceholderText(self.tr("Search name, e-mail, phone or id (Ctrl+K)"))
        self.box.setAccessibleName(self.tr("Customer search"))
        self.box.setClearButtonEnabled(True)
        self.box.addAction(icons.icon(icons.SEARCH), QLineEdit.ActionPosition.LeadingPosition)
        # No longer than the server takes: what it would refuse cannot be typed (or pasted).
        self.box.setMaxLength(MAX_SEARCH_QUERY)
        self.box.textEdited.connect(self._query_edited)
        self.box.textChanged.connect(self._show_limit)
        self.box.installEventFilter(self)
        self.limit_note = QLabel(self.tr("Searches are limited to %s characters.") % MAX_SEARCH_QUERY, self)
        self.limit_note.setObjectName("searchLimitNote")
        self.limit_note.setWordWrap(True)
        self.limit_note.hide()

        self.model = CustomerResultsModel(self)
        self.model.loaded.connect(self._shown)
        self.model.failed.connect(self._failed)
        self.results = QListView(self)
        self.results.setObjectName("customerResults")
        self.results.setAccessibleName(self.tr("Customers found"))
        self.results.setModel(self.model)
        self.results.setItemDelegate(CustomerResultDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setMouseTracking(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.activated.connect(self._activated)
        self.results.clicked.connect(self._activated)

        self.state = QLabel(self)
        self.state.setObjectName("searchState")
        self.state.setWordWrap(True)
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state.setStyleSheet("color: palette(mid); padding: 12px;")
        self.error = ErrorPane(self)
        self.error.retry_requested.connect(self.search_now)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.limit_note)
        layout.addWidget(self.error)
        layout.addWidget(self.state)
        layout.addWidget(self.results, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search_now)
        self._loading_timer = QTimer(self)
        self._loading_timer.setSingleShot(True)
        self._loading_timer.setInterval(LOADING_DELAY_MS)
        self._loading_timer.timeout.connect(self._show_loading)

        for keys in shortcuts.FIND_CUSTOMER.sequences():
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.focus_box)
        self._show_state(self.tr("Connecting to the server…"))

    # -- wiring ---------------------------------------------------------------------------------

    def set_client(self, client: SwitchboardClient | None) -> None:
        """Search through this client (None while signed out); searches the box's text at once. The
        client it already has: the search it runs or shows goes on (the session's start gives it
        early, so the first list is asked for while the user is)."""
        if client is not None and client is self._client:
            return
        self._client = client
        self._cancel()
        if client is None:
            self.model.reload(None)
            self._shown_query = None
            self._show_state(self.tr("Not signed in."))
        else:
            self.search_now()

    def focus_box(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    @property
    def busy(self) -> bool:
        """A search is waiting for its debounce or for the server."""
        return self._debounce.isActive() or self._searching is not None

    # -- searching ------------------------------------------------------------------------------

    def _query_edited(self, _text: str) -> None:
        self._debounce.start()

    def _show_limit(self, text: str) -> None:
        self.limit_note.setVisible(len(text) >= MAX_SEARCH_QUERY)

    def search_now(self) -> None:
        """Search the box's text now, cancelling any older search still running."""
        self._debounce.stop()
        client = self._client
        if client is None:
            return
        query = self.box.text().strip()

        async def page(number: int) -> CustomerSearchPage:
            if number > 1:
                return await client.search_customers(query, page=number, limit=PAGE_SIZE)
            with client.deadline(SEARCH_DEADLINE_S):
                return await client.search_customers(query, page=1, limit=PAGE_SIZE)

        self._searching = query
        # "Searching…" shows after a short delay only, so fast answers do not flicker the list.
        self._loading_timer.start()
        # The old results stay until the new answer is here, so the list does not flash empty.
        self.model.reload(page, keep_rows=True)

    def _cancel(self) -> None:
        self._loading_timer.stop()
        self.model.cancel_loading()
        self._searching = None

    def _shown(self) -> None:
        """The first page of the query's answer is in the model."""
        query, self._searching = self._searching, None
        self._loading_timer.stop()
        self.error.clear()
        self._shown_query = query
        if self.model.items:
            self.state.hide()
            self.results.show()
        else:
            self._show_state(
                self.tr("No customer matches “%s”.") % query if query else self.tr("No customers yet.")
            )
        self.results_shown.emit()
        if self._open_when_shown:
            self._open_when_shown = False
            self._open_selected()

    def _show_loading(self) -> None:
        self.state.setText(self.tr("Searching…"))
        self.state.show()

    def _failed(self, failure: Failure) -> None:
        if failure.error_code == ErrorCode.INVALID:
            # The server's validation text names its parameters: not words for an agent.
            failure = replace(
                failure, message=self.tr("The server cannot search for this text; change it and try again.")
            )
        if self._searching is None:
            # A later page: the rows stay, and scrolling to the end asks again.
            self.error.show_failure(failure)
            return
        self._searching = None
        self._loading_timer.stop()
        self._open_when_shown = False
        self._shown_query = None
        self.model.reload(None)
        self.state.hide()
        self.results.hide()
        self.error.show_failure(failure)
        self.results_shown.emit()

    def _show_state(self, text: str) -> None:
        self.state.setText(text)
        self.state.show()
        self.results.setVisible(self.model.rowCount() > 0)

    # -- keyboard -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.busy or self._shown_query != self.box.text().strip():
                    # Typed and pressed Enter before the answer came: open once it is shown.
                    self._open_when_shown = True
                    if not self.busy:
                        self.search_now()
                else:
                    self._open_selected()
                return True
            if key == Qt.Key.Key_Escape and self.box.text():
                self.box.clear()
                self._debounce.start()
                return True
        return super().eventFilter(watched, event)

    def _move(self, key: int) -> None:
        rows = self.model.rowCount()
        if rows == 0:
            return
        current = self.results.currentIndex().row() if self.results.currentIndex().isValid() else -1
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}[
            Qt.Key(key)
        ]
        row = max(0, min(rows - 1, current + step))
        index = self.model.index(row, 0)
        self.results.setCurrentIndex(index)
        self.results.scrollTo(index)

    def _open_selected(self) -> None:
        index = self.results.currentIndex()
        row = index.row() if index.isValid() else 0
        customer = self.model.customer_at(row)
        if customer is not None:
            self.customer_opened.emit(customer.customer_id)

    def _activated(self, index: QModelIndex) -> None:
        customer = self.model.customer_at(index.row())
        if customer is not None:
            self.customer_opened.emit(customer.customer_id)

    def shutdown(self) -> None:
        """Cancel running searches (the window is closing)."""
        self._debounce.stop()
        with contextlib.suppress(RuntimeError):
            self._cancel()
