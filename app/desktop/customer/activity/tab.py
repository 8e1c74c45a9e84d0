"""The Activity tab: every communication of the opened customer (all channels and kinds, suppressed and
one-time codes included), filtered by channel, direction, delivery status and date range, newest first.

Pages are fetched from the server as the table scrolls down (`PagedTableModel`), so every row can be
reached with the mouse or the keyboard (Page Down, Ctrl+End). A filter change starts again from the
first page and cancels what was still loading. Live events of the customer refresh the list while it
shows its first page; an agent reading older rows is not yanked back to the top, but told that newer
communications are waiting (Refresh, F5).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.client import SwitchboardClient
from app.contract.communications import Communication
from app.contract.enums import EventType
from app.contract.events import ServerEvent
from app.desktop import icons, shortcuts
from app.desktop.customer.activity.filters import ActivityFilters, ActivityQuery
from app.desktop.customer.activity.model import CATEGORY, PAGE_SIZE, TEXT, THREAD, ActivityModel
from app.desktop.customer.delivery_mark import failed_text
from app.desktop.customer.states import ViewState
from app.desktop.failures import Failure
from app.desktop.widgets.list_table import list_table

#: Filter changes (a date typed digit by digit) and bursts of live events are asked for once.
SETTLE_MS = 150
EMPTY = str(QT_TRANSLATE_NOOP("ActivityTab", "No communications with this customer yet."))
#: Events about a communication, which the activity log (and the conversation) follow.
COMMUNICATION_EVENTS = (EventType.COMMUNICATION_CREATED, EventType.COMMUNICATION_DELIVERY_STATUS_CHANGED)


class ActivityTab(QWidget):
    loaded = Signal()
    """The first page for the opened customer is shown (or why it could not be loaded)."""

    def __init__(self, client: SwitchboardClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.customer_id: int | None = None
        self._announce = False
        self._query = ActivityQuery()

        self.filters = ActivityFilters()
        self.refresh_button = QPushButton(self.tr("R&efresh"))
        self.refresh_button.setObjectName("activityRefresh")
        self.refresh_button.setIcon(icons.icon(icons.REFRESH))
        refresh_keys = shortcuts.REFRESH_ACTIVITY.key_text()
        self.refresh_button.setToolTip(self.tr("Ask the server again ({keys})").format(keys=refresh_keys))
        self.refresh_button.clicked.connect(lambda: self.reload(keep_rows=True))

        self.model = ActivityModel()
        self.table = list_table(self.model, "activityTable", self.tr("Communications log"))
        header = self.table.horizontalHeader()
        # Starting widths from the font (measuring thousands of rows would cost more than it shows);
        # thread and text share what is left, so no column hides behind a horizontal scroll bar.
        digits = self.fontMetrics().horizontalAdvance("2000-00-00 00:00") + 12
        bold = QFont(self.font())
        bold.setBold(True)
        # Channel and delivery status have an icon in front.
        icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 6
        channel = 95 + icon
        marks = (self.tr("SUPPRESSED — blocked"), failed_text())
        suppressed = max(QFontMetrics(bold).horizontalAdvance(mark) for mark in marks) + 16 + icon
        for column, width in enumerate((digits, channel, 68, 80, suppressed, 95)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(False)
        # The tenant's category names are data of any length: the column fits them.
        header.setSectionResizeMode(CATEGORY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(THREAD, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        # Eight columns do not fit a small window: there the log scrolls sideways rather than cut
        # a time, channel or status (the thread and text cells have their whole text as tooltip).
        self.table.setProperty("scrollsSideways", True)
        self.state = ViewState(self.table, self.tr(EMPTY), retry=lambda: self.reload(keep_rows=False))

        self.count = QLabel()
        self.count.setObjectName("activityCount")
        newer = self.tr("Newer communications are waiting: Refresh ({keys}) shows them.")
        self.newer = QLabel(newer.format(keys=refresh_keys))
        self.newer.setObjectName("activityNewer")
        self.newer.setWordWrap(True)
        self.newer.hide()

        self.filters.dates_row.addWidget(self.refresh_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        bottom.addWidget(self.newer)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.state, 1)
        layout.addLayout(bottom)

        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(lambda: self.reload(keep_rows=True))
        self._reselect: int | None = None

        self.filters.changed.connect(self._filters_changed)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._failed)
        self.model.rowsInserted.connect(lambda *_args: self._show_count())
        for keys in shortcuts.REFRESH_ACTIVITY.sequences():
            refresh = QShortcut(keys, self)
            refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            refresh.activated.connect(lambda: self.reload(keep_rows=True))

    # --- loading -------------------------------------------------------------------------------------

    def open_customer(self, customer_id: int) -> None:
        """Show this customer's log from the first page, every filter back to "any"."""
        self._settle.stop()
        self.customer_id = customer_id
        self.filters.reset()
        self._announce = True
        self.reload(keep_rows=False)

    def shutdown(self) -> None:
        """Stop the page on its way and the refresh that a live event had scheduled."""
        self._settle.stop()
        self.model.cancel_loading()

    def reload(self, keep_rows: bool = True) -> None:
        """Ask for the first page again with the filters shown; `keep_rows` for a refresh of the same
        list (rows stay until the answer is here), else the old rows go at once."""
        self._settle.stop()
        self.newer.hide()
        customer_id = self.customer_id
        if customer_id is None:
            return
        query = self.filters.query()
        if query != self._query:
            keep_rows = False
        self._query = query
        current = self.current_communication() if keep_rows else None
        self._reselect = current.communication_id if current is not None else None

        async def page(number: int) -> Any:
            return await self.client.list_customer_communications(
                customer_id=customer_id,
                communication_channel=query.channel,
                communication_direction=query.direction,
                delivery_status=query.status,
                from_=query.since,
                to=query.until,
                page=number,
                limit=PAGE_SIZE,
            )

        self.model.reload(page, keep_rows=keep_rows)
        if not self.model.communications:
            self.state.show_loading()
            self.count.setText(self.tr("Loading…"))

    def _filters_changed(self) -> None:
        # The rows of the old filters go at once (and their requests with them); the new list is asked
        # for when the agent has stopped typing.
        self.model.reload(None)
        self.state.show_loading()
        self.count.setText(self.tr("Loading…"))
        self.newer.hide()
        self._settle.start()

    def _loaded(self) -> None:
        filtered = self._query.filtered
        self.state.empty.setText(
            self.tr("No communications match these filters.") if filtered else self.tr(EMPTY)
        )
        self.state.show_content(empty=not self.model.communications)
        self._show_count()
        row = self.model.row_of(self._reselect) if self._reselect is not None else None
        self._reselect = None
        if row is not None:
            # A refresh keeps the agent's place: the same communication stays selected.
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._finish()

    def _failed(self, failure: Failure) -> None:
        if not self.model.communications:
            self.state.show_failure(failure)
            self.count.clear()
        else:
            self.count.setText(self.tr("Could not load more: {message}").format(message=failure.message))
        self._finish()

    def _finish(self) -> None:
        if self._announce:
            self._announce = False
            self.loaded.emit()

    def _show_count(self) -> None:
        shown, total = len(self.model.communications), self.model.total
        locale = QLocale()
        if total == 0:
            self.count.clear()
        elif shown < total:
            text = self.tr("Showing {shown} of {total} — scroll down for older")
            self.count.setText(text.format(shown=locale.toString(shown), total=locale.toString(total)))
        else:
            self.count.setText(self.tr("%Ln communication(s)", "", total))

    # --- live updates --------------------------------------------------------------------------------

    def handle_event(self, event: ServerEvent) -> None:
        """A communication of the opened customer was logged or its delivery status moved."""
        if self.customer_id is None or event.data.get("customerId") != self.customer_id:
            return
        if event.type not in COMMUNICATION_EVENTS:
            return
        if (
            event.type == EventType.COMMUNICATION_DELIVERY_STATUS_CHANGED
            and self._query.status is None
            and self.model.replace(Communication.model_validate(event.data))
        ):
            # Same rows, one of them with a newer status: no need to ask the server.
            return
        if len(self.model.communications) > PAGE_SIZE:
            # The agent is reading older pages: a refresh would take them back to the top.
            self.newer.show()
            return
        if not self._settle.isActive():
            self._settle.start()

    def current_communication(self) -> Communication | None:
        index: QModelIndex = self.table.currentIndex()
        return self.model.communications[index.row()] if index.isValid() else None
