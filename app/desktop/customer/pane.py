"""`CustomerPane`: what the main window shows of the opened customer (header with the tools on the
customer, conversations, preferences, activity, requests).

The shell embeds it through `open_customer`, `open_thread`, `show_tab`, `handle_event` and
`set_online`, and learns from `fully_loaded` when every view has its data.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from app.client import SwitchboardClient
from app.client.errors import ClientError
from app.contract.auth import User
from app.contract.customers import Customer
from app.contract.enums import EventType, Scope
from app.contract.events import ServerEvent
from app.desktop.customer.activity.tab import COMMUNICATION_EVENTS, ActivityTab
from app.desktop.customer.conversations.outbox import MessageOutbox
from app.desktop.customer.conversations.tab import ConversationsTab
from app.desktop.customer.drafts import DraftStore
from app.desktop.customer.header import BlockedBanner, CustomerHeader
from app.desktop.customer.identity import IdentityDialog
from app.desktop.customer.loading import LoadingParts
from app.desktop.customer.preferences.resend import resend_pending_preferences
from app.desktop.customer.preferences.tab import PreferencesTab
from app.desktop.customer.requests.dialog import NewRequestDialog
from app.desktop.customer.requests.tab import REQUEST_EVENTS, RequestsTab
from app.desktop.customer.states import ErrorNotice
from app.desktop.customer.status import StatusLabelDialog
from app.desktop.failures import failure_of
from app.desktop.roles import is_supervisor
from app.desktop.tasks import LatestRequest, spawn

TABS = ("conversations", "preferences", "activity", "requests")
#: Events that carry the customer as the REST API returns it: the header (and banner) follow them.
CUSTOMER_EVENTS = (EventType.CUSTOMER_STATUS_CHANGED, EventType.CUSTOMER_UPDATED)
#: While something waits to be sent, try again this often even if nobody says the server is back.
RETRY_INTERVAL_MS = 15_000


class CustomerPane(QWidget):
    fully_loaded = Signal()
    """Every view of the opened customer has its data (or shows why not); used for screenshots."""
    customer_loaded = Signal(object)
    """The opened customer's profile arrived (or changed live): the `Customer`."""

    def __init__(
        self,
        client: SwitchboardClient,
        drafts: DraftStore,
        parent: QWidget | None = None,
        *,
        user: User | None = None,
    ) -> None:
        """`user` is who is signed in: it decides which tools the header offers (none without one)."""
        super().__init__(parent)
        self.setObjectName("customerPane")
        self.client = client
        self.drafts = drafts
        self.customer_id: int | None = None
        self.customer: Customer | None = None
        #: The customer whose caller passed the identity check, until another customer is opened.
        self.verified_customer_id: int | None = None
        self.dialog: IdentityDialog | NewRequestDialog | StatusLabelDialog | None = None
        scopes = set(user.scopes) if user is not None else set()
        self._loading = LoadingParts(self.fully_loaded.emit)
        self._customer_request = LatestRequest()

        self.outbox = MessageOutbox(client, drafts, self)
        self.header = CustomerHeader(
            can_verify=Scope.OTP_SEND in scopes,
            can_request=Scope.REQUEST_CREATE in scopes,
            can_set_status=is_supervisor(user) and Scope.CUSTOMER_STATUS_WRITE in scopes,
        )
        self.header_error = ErrorNotice()
        self.banner = BlockedBanner()
        self.conversations = ConversationsTab(client, drafts, self.outbox)
        self.preferences = PreferencesTab(client, drafts)
        self.activity = ActivityTab(client)
        self.activity.setObjectName("activityTab")
        self.requests = RequestsTab(client, supervisor=is_supervisor(user))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("customerTabs")
        self.tabs.addTab(self.conversations, self.tr("&Conversations"))
        self.tabs.addTab(self.preferences, self.tr("&Preferences"))
        self.tabs.addTab(self.activity, self.tr("&Activity"))
        # Alt+Q: R is the Conversations tab's Reopen, E the Activity tab's Refresh.
        self.tabs.addTab(self.requests, self.tr("Re&quests"))

        self.placeholder = QLabel(self.tr("Find a customer (Ctrl+K) and press Enter to open them."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        opened = QWidget()
        opened_layout = QVBoxLayout(opened)
        opened_layout.setContentsMargins(0, 0, 0, 0)
        opened_layout.addWidget(self.header)
        opened_layout.addWidget(self.header_error)
        opened_layout.addWidget(self.banner)
        opened_layout.addWidget(self.tabs, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(opened)
        self._opened = opened
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_INTERVAL_MS)
        self._retry.timeout.connect(lambda: self.set_online(True))

        self.conversations.loaded.connect(lambda: self._loading.loaded("conversations"))
        self.preferences.loaded.connect(lambda: self._loading.loaded("preferences"))
        self.activity.loaded.connect(lambda: self._loading.loaded("activity"))
        self.requests.loaded.connect(lambda: self._loading.loaded("requests"))
        self.header.verify_requested.connect(self.verify_identity)
        self.header.request_requested.connect(self.new_request)
        self.header.status_requested.connect(self.change_status)
        self.preferences.preferences_changed.connect(self.conversations.set_preferences)
        # A send or a save that failed while the connection still looks fine (the server up, its
        # database away: 503) hears of no "online" later: the timer asks again.
        self.conversations.went_offline.connect(self._retry.start)
        self.preferences.went_offline.connect(self._retry.start)
        # What a previous run left unsent goes out now (or, if the server is away, when it is back).
        QTimer.singleShot(0, self, lambda: self.set_online(True))

    # --- the shell's interface -----------------------------------------------------------------------

    def open_customer(self, customer_id: int) -> None:
        """Show this customer; everything still loading for the previous one is cancelled."""
        if customer_id != self.customer_id:
            self._close_dialog()
        self.customer_id = customer_id
        self.customer = None
        if self.verified_customer_id != customer_id:
            self.verified_customer_id = None
        self.pages.setCurrentWidget(self._opened)
        self.header.show_loading(customer_id)
        self.header.show_verified(self.verified_customer_id is not None)
        self.header_error.hide()
        self.banner.show_customer(None)
        self._loading.expect("customer", "conversations", "preferences", "activity", "requests")
        self._customer_request.run(self._load_customer(customer_id))
        self.conversations.open_customer(customer_id)
        self.preferences.open_customer(customer_id)
        self.activity.open_customer(customer_id)
        self.requests.open_customer(customer_id)

    def shutdown(self) -> None:
        """Stop what the pane runs (its session ends): timers and requests on their way.

        Drafts are on disk already; what waits to be sent goes with the next session.
        """
        self._retry.stop()
        self._customer_request.cancel()
        self.conversations.shutdown()
        self.preferences.shutdown()
        self.activity.shutdown()
        self.requests.shutdown()
        self._close_dialog()

    def show_tab(self, name: str) -> None:
        """`conversations`, `preferences`, `activity` or `requests`."""
        self.tabs.setCurrentIndex(TABS.index(name))

    def open_thread(self, customer_id: int, thread_id: int | None) -> None:
        """The Conversations tab with this thread (another customer is opened first; without a
        thread, or if their list does not show it, with their newest thread)."""
        self.show_tab("conversations")
        if self.customer_id != customer_id:
            self.open_customer(customer_id)
        if thread_id is not None:
            self.conversations.select_thread(thread_id)

    def handle_event(self, event: ServerEvent) -> None:
        """A live event from the server; the views of the opened customer follow it."""
        if self.customer_id is None:
            return
        if event.type in CUSTOMER_EVENTS:
            # A label set or lifted (the banner comes or goes), or an approved change of email or phone.
            if event.data.get("customerId") == self.customer_id:
                self._show_customer(Customer.model_validate(event.data))
            self.requests.handle_event(event)
        elif event.type in REQUEST_EVENTS:
            self.requests.handle_event(event)
        elif event.type == EventType.PREFERENCES_UPDATED:
            self.preferences.handle_preferences_event(event.data)
        elif event.type == EventType.MARKETING_PREFERENCE_UPDATED:
            self.preferences.handle_marketing_event(event.data)
        elif event.type in COMMUNICATION_EVENTS:
            self.conversations.handle_event(event)
            self.activity.handle_event(event)
        else:
            self.conversations.handle_event(event)

    def set_online(self, online: bool) -> None:
        """The server is reachable again: send what waits, with the requestIds it was first sent with."""
        if not online:
            return
        self._retry.stop()
        if self.customer_id is not None and self._shows_errors():
            # What failed while the server was away is worth asking again (drafts stay on disk).
            self.open_customer(self.customer_id)
        self.outbox.resend_pending()
        # The open customer's tab sends its own pending changes (and shows the outcome); any other
        # customer's, or the open one's while its tab is still reading them back, go from the file.
        handled_by_tab = self.customer_id if self.preferences.pending else None
        self.preferences.resend_pending()
        spawn(resend_pending_preferences(self.client, self.drafts, skip=handled_by_tab))

    def _shows_errors(self) -> bool:
        states = (
            self.conversations.thread_state,
            self.conversations.message_state,
            self.preferences.matrix_state,
            self.preferences.marketing_switches.state,
            self.preferences.history_state,
            self.activity.state,
            *self.requests.states,
        )
        return not self.header_error.isHidden() or any(state.state == "error" for state in states)

    # --- the tools on the customer -------------------------------------------------------------------

    def verify_identity(self) -> None:
        """Verify identity (Ctrl+I): the one-time code dialog for the loaded customer."""
        if self.customer is None or self.header.verify_button is None:
            return
        dialog = IdentityDialog(self.client, self.customer, self)
        dialog.verified.connect(self._verified)
        self._open_dialog(dialog)

    def new_request(self) -> None:
        """New request (Ctrl+R): change email, change phone or goodwill points, for a supervisor to decide."""
        if self.customer is None or self.header.request_button is None:
            return
        dialog = NewRequestDialog(self.client, self.customer, self)
        dialog.created.connect(lambda _request: self.requests.refresh("requests"))
        self._open_dialog(dialog)

    def change_status(self) -> None:
        """Change status (a supervisor's): set or clear the customer's label, with a reason."""
        if self.customer is None or self.header.status_button is None:
            return
        dialog = StatusLabelDialog(self.client, self.customer, self)
        dialog.changed.connect(self._status_changed)
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: IdentityDialog | NewRequestDialog | StatusLabelDialog) -> None:
        self._close_dialog()
        self.dialog = dialog
        dialog.destroyed.connect(lambda _obj=None, dialog=dialog: self._forget_dialog(dialog))
        dialog.open()

    def _forget_dialog(self, dialog: QWidget) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _close_dialog(self) -> None:
        """Another customer is opened: a dialog about the previous one must not act on them."""
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None

    def _verified(self, customer_id: int) -> None:
        if customer_id == self.customer_id:
            self.verified_customer_id = customer_id
            self.header.show_verified(True)

    def _status_changed(self, customer: Customer) -> None:
        if customer.customer_id == self.customer_id:
            self._show_customer(customer)
            self.requests.refresh("labels")

    # --- loading -------------------------------------------------------------------------------------

    async def _load_customer(self, customer_id: int) -> None:
        try:
            customer = await self.client.get_customer(customer_id)
        except ClientError as error:
            self.header.show_message(self.tr("The customer could not be loaded."))
            self.header_error.show_failure(failure_of(error))
        else:
            self._show_customer(customer)
        self._loading.loaded("customer")

    def _show_customer(self, customer: Customer) -> None:
        self.customer = customer
        self.header.show_customer(customer)
        self.banner.show_customer(customer)
        self.conversations.set_customer(customer)
        if isinstance(self.dialog, IdentityDialog):
            self.dialog.show_customer(customer)
        self.customer_loaded.emit(customer)
