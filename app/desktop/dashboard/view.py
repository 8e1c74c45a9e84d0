"""The Dashboard view: threads by status and by channel, communications per day, requests waiting.

Only a supervisor (SUPERVISOR or ADMIN) is given this view. Its numbers are the server's summary
report for the chosen days in this computer's time zone, asked for asynchronously (the GUI never
waits; a newer question cancels the older). Thread, communication and request events make it ask
again, at most once every few seconds however many arrive, and only while it is shown: hidden, it
notes that it is behind and asks when it is shown again.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.client import SwitchboardClient
from app.client.errors import ClientError
from app.contract.enums import Channel, EventType, ThreadStatus
from app.contract.events import ServerEvent
from app.contract.reports import ReportSummary
from app.desktop import icons, shortcuts
from app.desktop.appearance import follow_look
from app.desktop.customer.states import ViewState
from app.desktop.dashboard.charts import CountsChart, DailyChart
from app.desktop.dashboard.period import Period, PeriodPicker, local_zone_name
from app.desktop.failures import failure_of
from app.desktop.locale_format import now_of_day, number
from app.desktop.tasks import LatestRequest
from app.desktop.theme import Chip, palette
from app.desktop.widgets.heading import view_heading
from app.desktop.words import word

#: Events after which the figures are asked for again: what the summary counts.
DASHBOARD_EVENTS = frozenset(
    {
        EventType.THREAD_CREATED,
        EventType.THREAD_UPDATED,
        EventType.COMMUNICATION_CREATED,
        EventType.COMMUNICATION_DELIVERY_STATUS_CHANGED,
        EventType.REQUEST_CREATED,
        EventType.REQUEST_DECIDED,
    }
)
#: After an event, wait this long (collecting the events that follow) and then ask once.
REFRESH_AFTER_EVENTS_MS = 3000
#: The chart's series, marked for translation here (translated where the chart is drawn).
INCOMING = str(QT_TRANSLATE_NOOP("DashboardView", "Incoming"))
OUTGOING = str(QT_TRANSLATE_NOOP("DashboardView", "Outgoing"))
SUPPRESSED = str(QT_TRANSLATE_NOOP("DashboardView", "Suppressed"))


def pending_tile_style(chip: Chip) -> str:
    return (
        f"#pendingRequestsTile {{ background: {chip.background}; border-radius: 6px; }}"
        f"#pendingRequestsTile QLabel {{ color: {chip.text}; background: transparent; }}"
    )


class DashboardView(QWidget):
    """The period picker over the charts; the requests-waiting tile beside them."""

    loaded = Signal()
    """A summary was asked for and is shown (or why it could not be had)."""

    def __init__(self, client: SwitchboardClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardView")
        self.setProperty(shortcuts.AREA_PROPERTY, shortcuts.DASHBOARD)
        self.client = client
        self.summary: ReportSummary | None = None
        self.shown_period: Period | None = None
        self._behind = True
        self._request = LatestRequest()
        colours = palette()

        title = view_heading(self.tr("How the days went"), "dashboardTitle", self)
        self.period = PeriodPicker(self)
        self.refresh_button = QPushButton(self.tr("R&efresh"), self)
        self.refresh_button.setObjectName("dashboardRefresh")
        self.refresh_button.setIcon(icons.icon(icons.REFRESH))
        keys = shortcuts.REFRESH_DASHBOARD.key_text()
        self.refresh_button.setToolTip(self.tr("Ask the server again ({keys})").format(keys=keys))
        self.refresh_button.clicked.connect(self.refresh)
        self.updated = QLabel(self)
        self.updated.setObjectName("dashboardUpdated")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.period)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.updated)

        self.by_status = CountsChart(
            self.tr("Threads by status"),
            [(word(status), colours.thread_statuses[status]) for status in ThreadStatus],
            "threadsByStatusChart",
            label_colour=colours.chart_label,
        )
        self.by_channel = CountsChart(
            self.tr("Threads by channel"),
            [
                (word(channel), colours.channel_badges.get(channel, colours.other_channel_badge))
                for channel in Channel
            ],
            "threadsByChannelChart",
            horizontal=True,
            label_colour=colours.chart_label,
        )
        self.per_day = DailyChart(
            self.tr("Communications per day"),
            [
                (self.tr(INCOMING), colours.chart_incoming),
                (self.tr(OUTGOING), colours.chart_outgoing),
                (self.tr(SUPPRESSED), colours.chart_suppressed),
            ],
            "communicationsPerDayChart",
        )
        self.suppressed_note = QLabel(self)
        self.suppressed_note.setObjectName("suppressedByReason")
        self.pending = self._pending_tile()

        charts = QWidget(self)
        grid = QGridLayout(charts)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.by_status, 0, 0)
        grid.addWidget(self.by_channel, 0, 1)
        grid.addWidget(self.pending, 0, 2)
        grid.addWidget(self.per_day, 1, 0, 1, 3)
        grid.addWidget(self.suppressed_note, 2, 0, 1, 3)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 4)
        grid.setColumnStretch(2, 2)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        self.state = ViewState(charts, "", retry=self.refresh)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.state, 1)

        self._after_events = QTimer(self)
        self._after_events.setSingleShot(True)
        self._after_events.setInterval(REFRESH_AFTER_EVENTS_MS)
        self._after_events.timeout.connect(self.refresh)
        self.period.changed.connect(self.refresh)
        for sequence in shortcuts.REFRESH_DASHBOARD.sequences():
            refresh = QShortcut(sequence, self)
            refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            refresh.activated.connect(self.refresh)
        self.state.show_loading()

    def _pending_tile(self) -> QFrame:
        tile = QFrame(self)
        tile.setObjectName("pendingRequestsTile")
        follow_look(tile, lambda colours: tile.setStyleSheet(pending_tile_style(colours.pending_requests)))
        self.pending_count = QLabel("—", tile)
        self.pending_count.setObjectName("pendingRequestsCount")
        self.pending_count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.pending_count.font()
        font.setPointSizeF(font.pointSizeF() * 3)
        font.setBold(True)
        self.pending_count.setFont(font)
        self.pending_caption = QLabel(self.tr("requests waiting for a decision"), tile)
        self.pending_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pending_caption.setWordWrap(True)
        hint = QLabel(
            self.tr("Approvals: %s") % shortcuts.APPROVALS_VIEW.key_text(),
            tile,
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(tile)
        layout.addStretch(1)
        layout.addWidget(self.pending_count)
        layout.addWidget(self.pending_caption)
        layout.addWidget(hint)
        layout.addStretch(1)
        tile.setMinimumWidth(160)
        return tile

    # -- asking ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Ask for the figures of the chosen period now (what was still being asked is dropped)."""
        self._after_events.stop()
        self._behind = False
        period = self.period.period()
        if self.summary is None:
            self.state.show_loading()
        self.updated.setText(self.tr("Updating…"))
        self._request.run(self._load(period))

    async def _load(self, period: Period) -> None:
        try:
            summary = await self.client.report_summary(period.first, period.last, local_zone_name())
        except ClientError as error:
            self.updated.clear()
            self.state.show_failure(failure_of(error))
            self.loaded.emit()
            return
        self.show_summary(period, summary)
        self.loaded.emit()

    def handle_event(self, event: ServerEvent) -> None:
        """Something the summary counts happened: ask again in a few seconds (once for a burst), or
        when the view is next shown."""
        if event.type not in DASHBOARD_EVENTS:
            return
        if not self.isVisible():
            self._behind = True
        elif not self._after_events.isActive():
            self._after_events.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._behind and not self._request.running:
            self.refresh()

    def shutdown(self) -> None:
        """Stop asking (the session ends)."""
        self._after_events.stop()
        self._request.cancel()

    # -- showing --------------------------------------------------------------------------------------

    def show_summary(self, period: Period, summary: ReportSummary) -> None:
        self.summary, self.shown_period = summary, period
        self.by_status.show_counts([summary.threads_by_status.get(s, 0) for s in ThreadStatus])
        self.by_channel.show_counts([summary.threads_by_channel.get(c, 0) for c in Channel])
        days = summary.communications_per_day
        self.per_day.show_days(
            [day.date for day in days],
            [[d.incoming for d in days], [d.outgoing for d in days], [d.suppressed for d in days]],
        )
        self.pending_count.setText(number(summary.requests_pending))
        one = summary.requests_pending == 1
        self.pending_caption.setText(
            self.tr("request waiting for a decision") if one else self.tr("requests waiting for a decision")
        )
        reasons = ", ".join(
            f"{count} {word(reason)}" for reason, count in summary.suppressed_by_reason.items() if count
        )
        total = sum(d.suppressed for d in days)
        self.suppressed_note.setText(
            self.tr("Suppressed in these days: %s (%s)") % (total, reasons)
            if reasons
            else self.tr("Nothing was suppressed in these days.")
        )
        self.updated.setText(self.tr("Updated %s") % now_of_day(seconds=True))
        self.state.show_content()
