"""The Requests tab: the customer's change and goodwill requests with their state, the changes approved
requests made to the customer, and (a supervisor's only) the status-label history.

Each list pages from the server as it scrolls and follows the event stream: `request.created` and
`request.decided` refresh the requests, `customer.updated` the changes, `customer.statusChanged` the
label history. An agent sees the requests they made (the server decides); the label history is not
built at all for an agent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.client import SwitchboardClient
from app.contract.base import Page
from app.contract.enums import EventType
from app.contract.events import ServerEvent
from app.desktop import shortcuts
from app.desktop.customer.loading import LoadingParts
from app.desktop.customer.requests.model import (
    PAGE_SIZE,
    CustomerHistoryModel,
    RequestsModel,
    StatusHistoryModel,
)
from app.desktop.customer.states import ViewState
from app.desktop.failures import Failure
from app.desktop.paged_model import PagedTableModel
from app.desktop.widgets.list_table import list_table

#: Bursts of live events are asked for once.
SETTLE_MS = 150
#: The events this tab follows, and which of its lists each refreshes.
REQUEST_EVENTS = (EventType.REQUEST_CREATED, EventType.REQUEST_DECIDED)
_REFRESHES = {
    EventType.REQUEST_CREATED: "requests",
    EventType.REQUEST_DECIDED: "requests",
    EventType.CUSTOMER_UPDATED: "changes",
    EventType.CUSTOMER_STATUS_CHANGED: "labels",
}

#: Loads one page of a list for a customer.
CustomerPageLoader = Callable[[int, int], Awaitable[Page[Any]]]


class PagedList(QWidget):
    """A heading and a table over a paged model, with its loading, empty and error states."""

    loaded = Signal()
    """The first page is shown (or why it could not be loaded)."""

    def __init__(
        self,
        heading: str,
        model: PagedTableModel,
        load: CustomerPageLoader,
        *,
        name: str,
        empty: str,
        stretch: tuple[int, ...],
    ) -> None:
        """`stretch`: the columns that share the width left (their long texts elide; the tooltip has
        all); the others fit their contents."""
        super().__init__()
        self.model = model
        self._load = load
        self.customer_id: int | None = None
        self.table = list_table(model, name, heading)
        header = self.table.horizontalHeader()
        for column in range(model.columnCount()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column in stretch
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self.state = ViewState(self.table, empty, retry=lambda: self.reload(keep_rows=False))
        title = QLabel(f"<b>{heading}</b>")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.state, 1)
        model.loaded.connect(self._loaded)
        model.failed.connect(self._failed)

    def open_customer(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.state.show_loading()
        self.reload(keep_rows=False)

    def reload(self, keep_rows: bool = True) -> None:
        customer_id = self.customer_id
        if customer_id is None:
            return

        async def page(number: int) -> Page[Any]:
            return await self._load(customer_id, number)

        self.model.reload(page, keep_rows=keep_rows)

    def _loaded(self) -> None:
        self.state.show_content(empty=not self.model.items)
        self.loaded.emit()

    def _failed(self, failure: Failure) -> None:
        if not self.model.items:
            self.state.show_failure(failure)
        self.loaded.emit()


class RequestsTab(QWidget):
    loaded = Signal()
    """Every list of the opened customer has its first page (or shows why not)."""

    def __init__(self, client: SwitchboardClient, *, supervisor: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requestsTab")
        self.client = client
        self.customer_id: int | None = None
        self._loading = LoadingParts(self.loaded.emit)

        async def requests(customer_id: int, page: int) -> Page[Any]:
            return await client.list_requests(customer_id=customer_id, page=page, limit=PAGE_SIZE)

        async def changes(customer_id: int, page: int) -> Page[Any]:
            return await client.customer_history(customer_id, page=page, limit=PAGE_SIZE)

        async def labels(customer_id: int, page: int) -> Page[Any]:
            return await client.status_history(customer_id, page=page, limit=PAGE_SIZE)

        new_request = shortcuts.NEW_REQUEST.key_text()
        self.requests = PagedList(
            self.tr("Requests") if supervisor else self.tr("Your requests for this customer"),
            RequestsModel(),
            requests,
            name="requestsTable",
            empty=self.tr("No requests for this customer yet. New request: %s.") % new_request,
            stretch=(1, 2, 4),
        )
        self.changes = PagedList(
            self.tr("Changes made by approved requests"),
            CustomerHistoryModel(),
            changes,
            name="customerHistoryTable",
            empty=self.tr("No approved changes yet."),
            stretch=(2, 3),
        )
        self.lists: dict[str, PagedList] = {"requests": self.requests, "changes": self.changes}
        self.labels: PagedList | None = None
        if supervisor:
            self.labels = PagedList(
                self.tr("Status label history"),
                StatusHistoryModel(),
                labels,
                name="statusHistoryTable",
                empty=self.tr("The status label was never changed."),
                stretch=(3, 4),
            )
            self.lists["labels"] = self.labels
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("requestsSplitter")
        splitter.setChildrenCollapsible(False)
        for part, shown in self.lists.items():
            splitter.addWidget(shown)
            shown.loaded.connect(lambda part=part: self._loading.loaded(part))
        for index in range(splitter.count()):
            splitter.setStretchFactor(index, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._refresh_stale)
        self._stale: set[str] = set()

    @property
    def states(self) -> list[ViewState]:
        return [shown.state for shown in self.lists.values()]

    def open_customer(self, customer_id: int) -> None:
        self._settle.stop()
        self._stale.clear()
        self.customer_id = customer_id
        self._loading.expect(*self.lists)
        for shown in self.lists.values():
            shown.open_customer(customer_id)

    def shutdown(self) -> None:
        """Stop the pages on their way and the refresh that a live event had scheduled."""
        self._settle.stop()
        self._stale.clear()
        for shown in self.lists.values():
            shown.model.cancel_loading()

    def refresh(self, part: str) -> None:
        """Ask again for one list (`requests`, `changes`, `labels`) soon, keeping its rows meanwhile."""
        if part in self.lists:
            self._stale.add(part)
            self._settle.start()

    def _refresh_stale(self) -> None:
        stale, self._stale = self._stale, set()
        for part in stale:
            self.lists[part].reload(keep_rows=True)

    def handle_event(self, event: ServerEvent) -> None:
        """A request of the opened customer was made or decided, or the customer changed."""
        part = _REFRESHES.get(event.type)
        if (
            part is not None
            and self.customer_id is not None
            and event.data.get("customerId") == self.customer_id
        ):
            self.refresh(part)
