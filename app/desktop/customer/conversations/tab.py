"""The conversations tab: the customer's threads, the open thread's messages, and the composer."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.client import SwitchboardClient
from app.client.errors import ClientError
from app.contract.communications import Communication, ThreadSummary
from app.contract.customers import Customer
from app.contract.enums import EventType, ThreadStatus
from app.contract.events import ServerEvent
from app.contract.preferences import CommunicationPreferences
from app.desktop import shortcuts
from app.desktop.customer.conversations.composer import Composer, reply_defaults
from app.desktop.customer.conversations.composer_drafts import ComposerDrafts
from app.desktop.customer.conversations.message_view import MessageView
from app.desktop.customer.conversations.messages_model import MessageListModel
from app.desktop.customer.conversations.outbox import MessageOutbox
from app.desktop.customer.conversations.thread_header import ThreadHeader
from app.desktop.customer.conversations.threads_model import (
    COLUMNS,
    PAGE_SIZE,
    SUBJECT,
    ThreadListModel,
    ThreadRole,
)
from app.desktop.customer.drafts import DraftStore
from app.desktop.customer.loading import LoadingParts
from app.desktop.customer.outbound import suppression_warning
from app.desktop.customer.states import ViewState
from app.desktop.failures import Failure, failure_of, offline_message
from app.desktop.tasks import LatestRequest
from app.desktop.widgets.confirmation import ask_to_confirm
from app.desktop.widgets.splitters import keep_sizes
from app.desktop.words import category_names, word

AnyIndex = QModelIndex | QPersistentModelIndex
MESSAGE_PAGE = 50
#: The thread list keeps this much of its width for the subject.
SUBJECT_MIN_WIDTH = 150


class ConversationsTab(QWidget):
    loaded = Signal()
    """Threads, categories and the first thread's newest messages are shown (or their errors)."""
    message_sent = Signal(object)
    """The server recorded a message sent from here: the `Communication`."""
    went_offline = Signal()
    """A send could not reach the server; the draft waits to be sent again."""

    def __init__(
        self,
        client: SwitchboardClient,
        drafts: DraftStore,
        outbox: MessageOutbox,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client, self.drafts, self.outbox = client, drafts, outbox
        self.customer: Customer | None = None
        self.customer_id: int | None = None
        self.current_thread: ThreadSummary | None = None
        self.new_thread = False
        self.confirmation: QMessageBox | None = None
        self._select_thread_id: int | None = None
        self._first_load = False
        self._loading = LoadingParts(self.loaded.emit)
        self._categories_request = LatestRequest()
        self._status_request = LatestRequest()

        self.status_filter = QComboBox()
        self.status_filter.setObjectName("threadStatusFilter")
        self.status_filter.setAccessibleName(self.tr("Filter threads by status"))
        self.status_filter.addItem(self.tr("All threads"), None)
        for status in ThreadStatus:
            self.status_filter.addItem(word(status), status)
        self.threads_model = ThreadListModel()
        self.thread_list = QTreeView()
        self.thread_list.setObjectName("threadList")
        self.thread_list.setAccessibleName(self.tr("Threads"))
        self.thread_list.setRootIsDecorated(False)
        self.thread_list.setUniformRowHeights(True)
        self.thread_list.setAllColumnsShowFocus(True)
        self.thread_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.thread_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.thread_list.setModel(self.threads_model)
        header = self.thread_list.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        # Status, ticket, time and count as wide as what they show; the subject takes what they leave,
        # so every column stays in view however narrow the pane.
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SUBJECT, QHeaderView.ResizeMode.Stretch)
        self.thread_state = ViewState(
            self.thread_list,
            self.tr("No threads yet. Start one with New thread (Ctrl+N)."),
            retry=self.reload_threads,
        )

        self.header = ThreadHeader()
        self.messages_model = MessageListModel()
        self.message_view = MessageView(self.messages_model)
        self.message_state = ViewState(
            self.message_view, self.tr("No thread selected."), retry=self._reopen_thread
        )
        self.composer = Composer()
        self.drafts_of_composer = ComposerDrafts(self.composer, drafts, outbox)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        threads_bar = QHBoxLayout()
        threads_bar.addWidget(self.status_filter, 1)
        threads_bar.addWidget(self.composer.new_thread_button)
        left_layout.addLayout(threads_bar)
        left_layout.addWidget(self.thread_state, 1)
        # The messages above, the composer below: the message box grows with the window (a quarter
        # of the height for the composer) and the agent may drag the line between them.
        self.thread_splitter = QSplitter(Qt.Orientation.Vertical)
        self.thread_splitter.setObjectName("threadSplitter")
        self.thread_splitter.setChildrenCollapsible(False)
        self.thread_splitter.addWidget(self.message_state)
        self.thread_splitter.addWidget(self.composer)
        self.thread_splitter.setStretchFactor(0, 3)
        self.thread_splitter.setStretchFactor(1, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.thread_splitter, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("conversationsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([420, 780])
        keep_sizes(self.splitter, "conversations")
        keep_sizes(self.thread_splitter, "thread")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self.reload_threads)

        self.status_filter.currentIndexChanged.connect(lambda _index: self.reload_threads(keep_rows=False))
        self.thread_list.selectionModel().currentRowChanged.connect(self._thread_selected)
        self.thread_list.doubleClicked.connect(self._open_ticket)
        self.threads_model.loaded.connect(self._threads_loaded)
        self.threads_model.failed.connect(self._threads_failed)
        self.messages_model.first_page_loaded.connect(self._messages_loaded)
        self.messages_model.failed.connect(self._messages_failed)
        self.header.status_requested.connect(self._change_status)
        self.composer.send_requested.connect(self.send)
        self.composer.new_thread_button.clicked.connect(lambda: self.start_new_thread())
        self.outbox.sent.connect(self._sent)
        self.outbox.failed.connect(self._send_failed)
        for keys in shortcuts.NEW_THREAD.sequences():
            new_thread = QShortcut(keys, self)
            new_thread.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            new_thread.activated.connect(self.start_new_thread)

    # --- opening -------------------------------------------------------------------------------------

    def open_customer(self, customer_id: int) -> None:
        self.drafts_of_composer.switch(None, None)
        self._categories_request.cancel()
        self._status_request.cancel()
        self.customer_id, self.customer, self.current_thread, self.new_thread = customer_id, None, None, False
        self._select_thread_id, self._first_load = None, True
        self.composer.set_new_thread(False)
        self.header.show_thread(None)
        self.messages_model.open_thread(None, None)
        self.message_state.show_content(empty=True)
        self._loading.expect("threads", "categories")
        self._categories_request.run(self._load_categories())
        self.reload_threads(keep_rows=False)

    def shutdown(self) -> None:
        """Stop the requests on their way and the refresh timer; what is typed is written first."""
        self._refresh_timer.stop()
        self.drafts_of_composer.flush()
        self._categories_request.cancel()
        self._status_request.cancel()
        self.threads_model.cancel_loading()
        self.messages_model.cancel_loading()

    def set_customer(self, customer: Customer) -> None:
        self.customer = customer

    def set_preferences(self, preferences: CommunicationPreferences) -> None:
        self.composer.set_preferences(preferences)

    async def _load_categories(self) -> None:
        try:
            categories = await self.client.list_message_categories()
        except ClientError as error:
            self.composer.error.show_failure(failure_of(error))
        else:
            category_names().learn(categories)
            self.composer.set_categories(categories)
        self._loading.loaded("categories")

    def reload_threads(self, keep_rows: bool = True) -> None:
        """Ask for the thread list again; `keep_rows` for a refresh of the same list."""
        customer_id = self.customer_id
        if customer_id is None:
            return
        status: ThreadStatus | None = self.status_filter.currentData()

        async def page(number: int) -> Any:
            return await self.client.list_threads(customer_id, status=status, page=number, limit=PAGE_SIZE)

        self.threads_model.reload(page, keep_rows=keep_rows)
        if not self.threads_model.threads:
            self.thread_state.show_loading()

    def _fit_thread_columns(self) -> None:
        """The thread list is never narrower than its columns need (the subject at least
        SUBJECT_MIN_WIDTH), so the splitter gives the messages only what is left, and no column
        goes out of view."""
        header = self.thread_list.header()
        columns = sum(
            max(self.thread_list.sizeHintForColumn(c), header.sectionSizeHint(c))
            for c in range(len(COLUMNS))
            if c != SUBJECT
        )
        frame = 2 * self.thread_list.frameWidth() + self.thread_list.verticalScrollBar().sizeHint().width()
        self.thread_list.setMinimumWidth(columns + SUBJECT_MIN_WIDTH + frame)

    def _threads_loaded(self) -> None:
        self.thread_state.show_content(empty=not self.threads_model.threads)
        self._fit_thread_columns()
        wanted = self._select_thread_id or (self.current_thread.thread_id if self.current_thread else None)
        self._select_thread_id = None
        row = self.threads_model.row_of(wanted) if wanted is not None else None
        if row is not None:
            if self._first_load:  # a thread asked for by the one who opened the customer
                self._loading.also_expect("messages")
            self.thread_list.setCurrentIndex(self.threads_model.index(row, 0))
        elif self._first_load and self.threads_model.threads:
            self._loading.also_expect("messages")
            self.thread_list.setCurrentIndex(self.threads_model.index(0, 0))
        elif self._first_load:
            self.start_new_thread(focus=False)
        self._first_load = False
        self._loading.loaded("threads")

    def _threads_failed(self, failure: Failure) -> None:
        if not self.threads_model.threads:
            self.thread_state.show_failure(failure)
        self._loading.loaded("threads")

    def _thread_selected(self, current: AnyIndex, _previous: AnyIndex) -> None:
        thread: ThreadSummary | None = current.data(ThreadRole) if current.isValid() else None
        if thread is None:
            return
        if (
            self.current_thread is not None
            and thread.thread_id == self.current_thread.thread_id
            and not self.new_thread
        ):
            # The same thread after a list refresh: newer summary, nothing to reload.
            self.current_thread = thread
            self.header.show_thread(thread)
            return
        self.open_thread(thread)

    def open_thread(self, thread: ThreadSummary) -> None:
        customer_id = thread.customer_id
        self.current_thread, self.new_thread = thread, False
        self.composer.set_new_thread(False)
        self.header.show_thread(thread)
        self.message_state.show_loading()

        async def page(before: int | None) -> Any:
            return await self.client.list_thread_communications(
                customer_id, thread.thread_id, before=before, limit=MESSAGE_PAGE
            )

        self.messages_model.open_thread(thread.thread_id, page)
        self.drafts_of_composer.switch(customer_id, thread.thread_id)
        self.composer.suggest(*reply_defaults(thread, []))

    def select_thread(self, thread_id: int) -> None:
        """Select this thread if the list shows it, or once the customer's list is here (just
        opened, still loading); its messages then open."""
        row = self.threads_model.row_of(thread_id)
        if row is not None:
            self.thread_list.setCurrentIndex(self.threads_model.index(row, 0))
        elif self._first_load:
            self._select_thread_id = thread_id

    def _reopen_thread(self) -> None:
        if self.current_thread is not None:
            self.open_thread(self.current_thread)

    def start_new_thread(self, focus: bool = True) -> None:
        if self.customer_id is None:
            return
        self.current_thread, self.new_thread = None, True
        self.thread_list.setCurrentIndex(QModelIndex())
        self.thread_list.clearSelection()
        self.composer.set_new_thread(True)
        self.header.show_thread(None, new_thread=True)
        self.messages_model.open_thread(None, None)
        self.message_state.empty.setText(self.tr("New thread: type a subject and the first message."))
        self.message_state.show_content(empty=True)
        self.drafts_of_composer.switch(self.customer_id, None)
        if focus:
            self.composer.subject.setFocus()

    def _messages_loaded(self) -> None:
        if self.current_thread is not None:
            self.composer.suggest(*reply_defaults(self.current_thread, self.messages_model.messages))
        self.message_state.empty.setText(self.tr("No messages in this thread."))
        self.message_state.show_content(empty=self.messages_model.rowCount() == 0)
        self._loading.loaded("messages")

    def _messages_failed(self, failure: Failure) -> None:
        if self.messages_model.rowCount() == 0:
            self.message_state.show_failure(failure)
        else:
            self.header.error.show_failure(failure)
        self._loading.loaded("messages")

    def _open_ticket(self, index: AnyIndex) -> None:
        thread: ThreadSummary | None = index.data(ThreadRole)
        if thread is not None and thread.ticket_link:
            QDesktopServices.openUrl(QUrl(thread.ticket_link))

    # --- sending -------------------------------------------------------------------------------------

    def send(self) -> None:
        composer = self.composer
        if composer.pending or self.customer_id is None or self.drafts_of_composer.key is None:
            return
        if not composer.text.toPlainText().strip():
            composer.show_notice(self.tr("Type a message first."))
            return
        if composer.drop_nul():
            composer.show_notice(
                self.tr(
                    "The message held invisible NUL characters (from pasted text), which cannot be "
                    "sent; they are removed now. Check the message, then send it again."
                )
            )
            return
        if self.new_thread and not composer.subject.text().strip():
            composer.show_notice(self.tr("A new thread needs a subject."))
            return
        if not self.new_thread and self.current_thread is None:
            composer.show_notice(self.tr("Select a thread, or start a new one (Ctrl+N)."))
            return
        if self.customer is None:
            # Whether the message would be suppressed is not known yet: never send blind.
            composer.show_notice(self.tr("The customer's details are not loaded yet; try again in a moment."))
            return
        reason = composer.channel_blocked_reason()
        if reason is not None:
            composer.show_notice(self.tr("{reason}: choose another channel.").format(reason=reason))
            return
        warning = suppression_warning(self.customer)
        if warning is None:
            self._send_now()
            return
        self.confirmation = ask_to_confirm(
            self,
            name="confirmSuppressed",
            icon=QMessageBox.Icon.Warning,
            title=self.tr("Message will be suppressed"),
            text=warning,
            action=self.tr("Record suppressed message"),
            action_name="confirmSendButton",
            cancel_is_default=True,
            answered=self._confirmed,
        )

    def _confirmed(self, send: bool) -> None:
        self.confirmation = None
        if send:
            self._send_now()

    def _send_now(self) -> None:
        key = self.drafts_of_composer.key
        if key is None:
            return
        self.drafts_of_composer.hold()
        draft = self.drafts_of_composer.current()
        self.composer.error.hide()
        self.composer.set_pending(True, self.tr("Sending…"))
        self.outbox.send(key, draft)

    def _sent(self, key: str, communication: Communication) -> None:
        self.message_sent.emit(communication)
        current = key == self.drafts_of_composer.key
        if current:
            self.drafts_of_composer.reset_composer()
        if communication.customer_id != self.customer_id:
            return
        if current and self.new_thread:
            self._select_thread_id = communication.thread_id
            self.new_thread = False
            self.reload_threads()
            return
        self.messages_model.append(communication)
        self._refresh_timer.start()

    def _send_failed(self, key: str, failure: Failure) -> None:
        if failure.offline:
            self.went_offline.emit()
        if key != self.drafts_of_composer.key:
            return
        if failure.offline:
            self.composer.set_pending(True, offline_message())
        else:
            self.composer.set_pending(False)
            self.composer.error.show_failure(failure)

    # --- thread status -------------------------------------------------------------------------------

    def _change_status(self, status: ThreadStatus) -> None:
        if self.current_thread is not None:
            self._status_request.run(self._update_status(self.current_thread, status))

    async def _update_status(self, thread: ThreadSummary, status: ThreadStatus) -> None:
        try:
            summary = await self.client.update_thread(
                thread.customer_id, thread.thread_id, status=status, request_id=uuid.uuid4()
            )
        except ClientError as error:
            self.header.error.show_failure(failure_of(error))
            return
        if self.current_thread is not None and self.current_thread.thread_id == summary.thread_id:
            self.current_thread = summary
            self.header.show_thread(summary)
        self._refresh_timer.start()

    # --- live updates --------------------------------------------------------------------------------

    def handle_event(self, event: ServerEvent) -> None:
        if self.customer_id is None or event.data.get("customerId") != self.customer_id:
            return
        if event.type == EventType.COMMUNICATION_CREATED:
            self.messages_model.append(Communication.model_validate(event.data))
            self._refresh_timer.start()
        elif event.type == EventType.COMMUNICATION_DELIVERY_STATUS_CHANGED:
            self.messages_model.replace(Communication.model_validate(event.data))
        elif event.type in (EventType.THREAD_CREATED, EventType.THREAD_UPDATED):
            summary = ThreadSummary.model_validate(event.data)
            if self.current_thread is not None and self.current_thread.thread_id == summary.thread_id:
                self.current_thread = summary
                self.header.show_thread(summary)
            self._refresh_timer.start()
