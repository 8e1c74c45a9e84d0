"""The Queue view (Ctrl+2): threads across customers, newest activity first, paged as it scrolls and
kept live from the event stream; a mark on threads with a new incoming message since I last saw them.

An agent sees their own threads (open ones unless they tick "Show closed threads"); a supervisor sees
the tenant's, with filters for status, assignee, channel and latest activity, and can reassign, close
and reopen the selected thread. An agent's view has none of the supervisor's filters or actions: they
are not built. Enter (or a double-click) opens the thread in the customer view.

A live thread event is placed by the filters shown: the row moves to where its activity puts it, is
inserted, or goes when the thread no longer belongs (another's now, closed under "Open"). A thread
acted on here stays in view until the next reload, so a supervisor who closed one by mistake can
reopen it at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QLocale, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.client import SwitchboardClient
from app.client.errors import ClientError
from app.client.threads import KEEP, Keep
from app.contract.auth import User, UserSummary
from app.contract.communications import Communication, QueueThread, ThreadSummary
from app.contract.enums import EventType, ThreadStatus
from app.contract.events import ServerEvent
from app.desktop import icons, shortcuts
from app.desktop.awaiting import run_dialog
from app.desktop.customer.states import ErrorNotice, ViewState
from app.desktop.failures import Failure, failure_of
from app.desktop.paged_model import AnyIndex, PageLoader
from app.desktop.queue.assign import AssigneePicker
from app.desktop.queue.filters import QueueFilters, QueueQuery
from app.desktop.queue.merged import MergedPages
from app.desktop.queue.model import (
    ACTIVITY,
    ASSIGNEE,
    CHANNEL,
    CUSTOMER,
    NEW,
    PAGE_SIZE,
    STATUS,
    SUBJECT,
    QueueModel,
    ThreadRole,
    newest_first,
    queue_thread,
)
from app.desktop.queue.seen import SeenThreads
from app.desktop.roles import is_supervisor
from app.desktop.tasks import LatestRequest, spawn
from app.desktop.widgets.heading import view_heading
from app.desktop.widgets.list_table import list_table

#: Filter changes (a date typed digit by digit) are asked for once.
SETTLE_MS = 150
THREAD_EVENTS = (EventType.THREAD_CREATED, EventType.THREAD_UPDATED)


class QueueView(QWidget):
    """The queue of the signed-in user; `handle_event` keeps it live."""

    thread_opened = Signal(int, int)
    """The user asked to open a thread: (customer id, thread id)."""
    loaded = Signal()
    """The first page for the filters shown arrived (or why it could not be loaded is shown)."""
    thread_changed = Signal(object)
    """A supervisor's action here changed a thread: the server's `QueueThread` after it."""

    def __init__(
        self,
        client: SwitchboardClient,
        user: User,
        seen: SeenThreads,
        shown_thread: Callable[[], ThreadSummary | None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("queueView")
        # The sheet lists the Alt+letters of the controls in here under "Queue".
        self.setProperty(shortcuts.AREA_PROPERTY, shortcuts.QUEUE)
        self.client = client
        self.user = user
        self.supervisor = is_supervisor(user)
        self.seen = seen
        self._shown_thread = shown_thread
        self._query = QueueQuery()
        self._started = False
        self._acted_on: set[int] = set()
        """Threads a supervisor changed here: they stay in view until the next reload."""
        self._names: dict[int, str] = {}
        """Customer names by id, for threads that come by event (the event has no name)."""
        self._naming: dict[int, asyncio.Task[None]] = {}
        self._waiting_for_name: dict[int, ThreadSummary] = {}
        self.users: list[UserSummary] | None = None
        self._users_request = LatestRequest()
        self._action = LatestRequest()
        self.picker: AssigneePicker | None = None

        title = self.tr("The team's threads") if self.supervisor else self.tr("Your threads")
        heading = view_heading(title, "queueHeading")
        self.filters = QueueFilters(self.supervisor)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("queueRefresh")
        self.refresh_button.setIcon(icons.icon(icons.REFRESH))
        self.refresh_button.setToolTip(
            self.tr("Ask the server again ({keys})").format(keys=shortcuts.QUEUE_REFRESH.key_text())
        )
        self.refresh_button.clicked.connect(lambda: self.reload(keep_rows=True))

        self.model = QueueModel(seen.is_new)
        # A table, not a tree view: a tree view fetches the next page at every layout (each live row),
        # a table only when its last row comes into sight.
        self.table = list_table(self.model, "queueTable", self.tr("Queue of threads"))
        self.table.setShowGrid(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        metrics = self.fontMetrics()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Starting widths from the font, bold as the rows with a new message are (measuring every
        # row would cost more than it shows); the subject takes what is left.
        bold_font = QFont(self.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        widths = {
            NEW: metrics.horizontalAdvance("New") + 16,
            CUSTOMER: bold.horizontalAdvance("Małgorzata Andersson") + 12,
            STATUS: bold.horizontalAdvance("Ongoing") + 40,
            CHANNEL: bold.horizontalAdvance("Text message") + 40,  # and its icon, as the status
            ASSIGNEE: bold.horizontalAdvance("Claudia Hoffmann") + 16,
            ACTIVITY: bold.horizontalAdvance("2000-00-00 00:00") + 12,
        }
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(SUBJECT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("New") + 12)
        empty = (
            self.tr("No threads match these filters.")
            if self.supervisor
            else self.tr("No threads of yours here. Threads assigned to you show up as they come.")
        )
        self.state = ViewState(self.table, empty, retry=lambda: self.reload(keep_rows=False))
        self.count = QLabel()
        self.count.setObjectName("queueCount")
        self.error = ErrorNotice()
        self.error.setObjectName("queueActionError")

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.error)
        layout.addWidget(self.state, 1)
        if self.supervisor:
            self._build_actions(bottom)
        layout.addLayout(bottom)
        self.setFocusProxy(self.table)

        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(lambda: self.reload(keep_rows=False))
        self.filters.changed.connect(self._settle.start)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._failed)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(lambda *_args: self._show_count())
        self.table.doubleClicked.connect(self._open)
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._show_actions())
        self.model.dataChanged.connect(lambda *_args: self._show_actions())
        self.model.modelReset.connect(self._show_actions)
        self._bind(shortcuts.QUEUE_OPEN, self.open_selected, self.table)
        self._bind(shortcuts.QUEUE_REFRESH, lambda: self.reload(keep_rows=True), self)

    def _build_actions(self, row: QHBoxLayout) -> None:
        """The supervisor's buttons under the list, their Alt+letters from the table."""
        self.reassign_button = QPushButton(
            shortcuts.mnemonic_text(self.tr("Reassign…"), shortcuts.QUEUE_REASSIGN)
        )
        self.reassign_button.setObjectName("queueReassign")
        self.reassign_button.setToolTip(self.tr("Give the selected thread to someone else"))
        self.close_button = QPushButton(
            shortcuts.mnemonic_text(self.tr("Close thread"), shortcuts.QUEUE_CLOSE)
        )
        self.close_button.setObjectName("queueClose")
        self.reopen_button = QPushButton(
            shortcuts.mnemonic_text(self.tr("Reopen thread"), shortcuts.QUEUE_REOPEN)
        )
        self.reopen_button.setObjectName("queueReopen")
        self.reassign_button.clicked.connect(self.reassign_selected)
        self.close_button.clicked.connect(lambda: self.set_selected_status(ThreadStatus.CLOSED))
        self.reopen_button.clicked.connect(lambda: self.set_selected_status(ThreadStatus.ONGOING))
        for button in (self.reassign_button, self.close_button, self.reopen_button):
            row.addWidget(button)

    def _bind(self, shortcut: shortcuts.Shortcut, slot: Callable[[], None], owner: QWidget) -> None:
        context = (
            Qt.ShortcutContext.WidgetShortcut
            if owner is self.table
            else Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        for keys in shortcut.sequences():
            bound = QShortcut(keys, owner)
            bound.setContext(context)
            bound.activated.connect(slot)

    # --- loading -------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the queue is shown it asks the server (a session that never looks costs nothing)."""
        super().showEvent(event)
        self.start()

    def start(self) -> None:
        """Load the first page and, for a supervisor, the team, unless already asked for."""
        if self.supervisor and self.users is None and not self._users_request.running:
            self._users_request.run(self._load_users())
        if not self._started:
            self.reload(keep_rows=False)

    def reload(self, keep_rows: bool = True) -> None:
        """Ask for the first page with the filters shown; `keep_rows` for a refresh of the same list."""
        self._settle.stop()
        self._started = True
        self._query = self.filters.query()
        self._acted_on.clear()
        self.model.reload(self._loader(self._query), keep_rows=keep_rows)
        if not self.model.threads:
            self.state.show_loading()

    def _loader(self, query: QueueQuery) -> PageLoader:
        def source(status: ThreadStatus | None) -> Callable[[int, int], Any]:
            async def page(number: int, limit: int) -> Any:
                return await self.client.review_queue(
                    status=status,
                    assignee_user_id=query.assignee_user_id,
                    communication_channel=query.channel,
                    updated_since=query.updated_since,
                    page=number,
                    limit=limit,
                )

            return page

        statuses = query.statuses
        if statuses is None or len(statuses) == 1:
            one = source(statuses[0] if statuses else None)
            return lambda number: one(number, PAGE_SIZE)
        # Several statuses ("open"): the server lists one at a time, so their pages are merged.
        return MergedPages([source(status) for status in statuses], newest_first, PAGE_SIZE)

    def _loaded(self) -> None:
        self.state.show_content(empty=not self.model.threads)
        for thread in self.model.threads:
            self._names[thread.customer_id] = thread.customer_name
        self._show_count()
        if self.model.threads and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.loaded.emit()

    def _failed(self, failure: Failure) -> None:
        if self.model.threads:
            self.error.show_failure(failure)
        else:
            self.state.show_failure(failure)
        self.loaded.emit()

    def _show_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if total <= shown:
            text = self.tr("%Ln thread(s)", "", shown)
        else:
            text = self.tr("{shown} of %Ln thread(s) (more as you scroll)", "", total).format(
                shown=QLocale().toString(shown)
            )
        self.count.setText(text)
        if self.state.state in ("content", "empty"):
            self.state.show_content(empty=shown == 0)

    async def _load_users(self) -> None:
        try:
            users = await self.client.list_users()
        except ClientError as error:
            self.error.show_failure(failure_of(error))
            return
        self.users = users
        self.filters.set_users(users)

    def shutdown(self) -> None:
        """Stop what is on its way (the session ends)."""
        self._settle.stop()
        self.model.cancel_loading()
        self._users_request.cancel()
        self._action.cancel()
        for task in self._naming.values():
            task.cancel()
        self._naming.clear()
        if self.picker is not None:
            self.picker.reject()

    # --- the selected thread -------------------------------------------------------------------------

    def selected(self) -> QueueThread | None:
        index = self.table.currentIndex()
        thread: QueueThread | None = index.data(ThreadRole) if index.isValid() else None
        return thread

    def select_thread(self, thread_id: int) -> bool:
        """Make this thread's row the current one; False if it is not shown."""
        row = self.model.row_of(thread_id)
        if row is None:
            return False
        self.table.setCurrentIndex(self.model.index(row, 0))
        return True

    def open_selected(self) -> None:
        self._open(self.table.currentIndex())

    def _open(self, index: AnyIndex | QModelIndex) -> None:
        thread: QueueThread | None = index.data(ThreadRole) if index.isValid() else None
        if thread is None:
            return
        self.saw(thread.thread_id, thread.last_communication_at)
        self.thread_opened.emit(thread.customer_id, thread.thread_id)

    def saw(self, thread_id: int, activity_at: datetime) -> None:
        """The thread was shown up to this activity: its mark goes."""
        if self.seen.saw(thread_id, activity_at):
            row = self.model.row_of(thread_id)
            if row is not None:
                self.model.refresh_row(row)

    def saw_shown_thread(self, *_args: object) -> None:
        """The thread the customer view shows now (if it is shown) is seen, up to its activity."""
        shown = self._shown_thread()
        if shown is not None:
            self.saw(shown.thread_id, shown.last_communication_at)

    def _show_actions(self) -> None:
        if not self.supervisor:
            return
        thread = self.selected()
        busy = self._action.running
        closed = thread is not None and thread.communication_thread_status is ThreadStatus.CLOSED
        self.reassign_button.setEnabled(thread is not None and not busy)
        self.close_button.setEnabled(thread is not None and not busy)
        self.reopen_button.setEnabled(thread is not None and not busy)
        self.close_button.setVisible(not closed)
        self.reopen_button.setVisible(closed)

    # --- the supervisor's actions --------------------------------------------------------------------

    def reassign_selected(self) -> None:
        thread = self.selected()
        if self.supervisor and thread is not None and not self._action.running:
            self._action.run(self._reassign(thread))
            self._show_actions()

    def set_selected_status(self, status: ThreadStatus) -> None:
        thread = self.selected()
        if (
            self.supervisor
            and thread is not None
            and not self._action.running
            and thread.communication_thread_status is not status
        ):
            self._action.run(self._update(thread, status=status))
            self._show_actions()

    async def _reassign(self, thread: QueueThread) -> None:
        try:
            if self.users is None:
                self.users = await self.client.list_users()
                self.filters.set_users(self.users)
        except ClientError as error:
            self.error.show_failure(failure_of(error))
            self._show_actions()
            return
        self.picker = AssigneePicker(thread, self.users, self)
        try:
            accepted = await run_dialog(self.picker) == AssigneePicker.DialogCode.Accepted
            chosen = self.picker.chosen
        finally:
            self.picker.deleteLater()
            self.picker = None
        current = thread.assignee.user_id if thread.assignee else None
        if not accepted or chosen == current:
            self._show_actions()
            return
        await self._update(thread, assignee_user_id=chosen)

    async def _update(
        self,
        thread: QueueThread,
        *,
        status: ThreadStatus | None = None,
        assignee_user_id: int | Keep | None = KEEP,
    ) -> None:
        self.error.hide()
        try:
            answer = await self.client.update_thread(
                thread.customer_id, thread.thread_id, status=status, assignee_user_id=assignee_user_id
            )
        except ClientError as error:
            self.error.show_failure(failure_of(error))
        else:
            changed = queue_thread(answer, thread.customer_name)
            self._acted_on.add(changed.thread_id)
            self.model.place(changed)
            self.thread_changed.emit(changed)
        finally:
            # The task is still running while this runs: the buttons come back once it has ended.
            QTimer.singleShot(0, self, self._show_actions)

    # --- live updates --------------------------------------------------------------------------------

    def handle_event(self, event: ServerEvent) -> None:
        """An event of the stream, in order: thread events place their row, a message in the thread
        shown in the customer view counts as seen."""
        if event.type == EventType.COMMUNICATION_CREATED:
            self._communication_created(event)
        elif event.type in THREAD_EVENTS and self._started:
            try:
                summary = ThreadSummary.model_validate(event.data)
            except ValidationError:
                return
            self._thread_changed(summary)

    def _communication_created(self, event: ServerEvent) -> None:
        # The row itself moves with the thread.updated that follows every message of a thread.
        try:
            communication = Communication.model_validate(event.data)
        except ValidationError:
            return
        shown = self._shown_thread()
        if shown is not None and communication.thread_id == shown.thread_id:
            self.saw(shown.thread_id, communication.communication_date_time)

    def _thread_changed(self, summary: ThreadSummary) -> None:
        only_of = None if self.supervisor else self.user.user_id
        belongs = self._query.matches(summary, only_of=only_of)
        if not belongs and summary.thread_id not in self._acted_on:
            self._waiting_for_name.pop(summary.thread_id, None)
            self.model.remove(summary.thread_id)
            self._show_count()
            return
        name = self._names.get(summary.customer_id)
        if name is None:
            self._waiting_for_name[summary.thread_id] = summary
            if summary.customer_id not in self._naming:
                self._naming[summary.customer_id] = spawn(self._learn_name(summary.customer_id))
            return
        self._place(queue_thread(summary, name))

    def _place(self, thread: QueueThread) -> None:
        # The current row stays on its thread as rows move: the model moves rows, it never resets.
        self.model.place(thread)
        self._show_count()
        if self.model.threads and self.state.state == "empty":
            self.state.show_content()

    async def _learn_name(self, customer_id: int) -> None:
        try:
            customer = await self.client.get_customer(customer_id)
        except ClientError:
            name = self.tr("Customer %s") % customer_id  # shown this once; the next event asks again
        else:
            name = self._names[customer_id] = customer.full_name
        finally:
            self._naming.pop(customer_id, None)
        for thread_id, summary in list(self._waiting_for_name.items()):
            if summary.customer_id == customer_id:
                del self._waiting_for_name[thread_id]
                self._place(queue_thread(summary, name))
