"""The session: which server, who is signed in, and everything that lives as long as that sign-in.

It connects the embedded server or a configured one, signs in (silently from the keyring when a
credential is stored, else through the dialog), gives the main window a CustomerPane and the
client, runs the event bridge, and tears it all down on sign-out, server change or exit.

The embedded demo server is kept running (`EmbeddedServer.keep_running`): when it dies it is
started again, the client follows it to its new address, the demo banner says so, and what waited
to be sent goes out once it answers (the bridge's `came_back`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QTime, Signal

from app.client import SwitchboardClient
from app.client.errors import ClientError, Unauthorized
from app.contract.auth import User
from app.credentials import CredentialKind, CredentialStore
from app.desktop.awaiting import next_emission, run_dialog
from app.desktop.customer.drafts import DraftStore
from app.desktop.customer.pane import CustomerPane
from app.desktop.events import ConnectionState, EventBridge
from app.desktop.failures import Failure
from app.desktop.mainwindow import MainWindow
from app.desktop.notifications import Notifier
from app.desktop.queue.view import QueueView
from app.desktop.queue.window import open_queue
from app.desktop.session.config import store_server_url
from app.desktop.session.embedded import DEMO_AGENT, DEMO_PASSWORD, EmbeddedServer
from app.desktop.session.settings_dialog import SettingsDialog
from app.desktop.session.signin import SignedIn, SignInDialog
from app.desktop.supervisor import SupervisorDesk, open_supervisor_desk
from app.desktop.tasks import async_slot, spawn
from app.desktop.translation import current_language
from app.desktop.widgets.error_pane import retry_when_back

log = logging.getLogger(__name__)


#: How long the start waits for the first customer list before it makes the customer pane anyway.
FIRST_LIST_WAIT_S = 2.0


@dataclass
class StartOptions:
    """What the command line (or a test) decided about the server."""

    server_url: str | None
    data_dir: Path
    allow_insecure: bool = False
    demo_user: str = DEMO_AGENT
    """Who signs in on the embedded demo server (`--user`)."""


@dataclass
class ActiveSession:
    server_url: str
    client: SwitchboardClient
    user: User
    embedded: bool
    bridge: EventBridge
    notifier: Notifier
    queue: QueueView | None = None
    desk: SupervisorDesk | None = None
    """The supervisor's views; None for an agent, who has none."""


class SessionController(QObject):
    """Owns the signed-in session of the main window, from start to sign-out or exit."""

    signed_in = Signal()
    """A session is up: the pane is in place and the first customer search is under way."""

    signed_out = Signal()
    """The session ended (sign-out or server change); the window shows no customer."""

    def __init__(
        self,
        window: MainWindow,
        options: StartOptions,
        *,
        embedded: EmbeddedServer | None = None,
        credentials: CredentialStore | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.options = options
        self.embedded = embedded
        self._credentials = credentials
        self.session: ActiveSession | None = None
        self._busy = False
        #: Done at the next end of a session (made when a start needs it): a start begun before it
        #: (the user switched to another server while the embedded one was starting, say) is given
        #: up, never attached, and what it waits on ends with it.
        self._ended: asyncio.Future[None] | None = None
        #: Watches the embedded server and starts it again when it dies (None: not watching).
        self._keeper: asyncio.Task[None] | None = None
        window.sign_out_requested.connect(self.sign_out)
        window.sign_in_requested.connect(self.sign_in_again)
        window.settings_requested.connect(self.open_settings)

    async def credentials(self) -> CredentialStore:
        if self._credentials is None:
            self._credentials = await CredentialStore.create()
        return self._credentials

    # -- starting -----------------------------------------------------------------------------

    async def start(self) -> bool:
        """Sign in to the chosen server; False when the user cancelled the sign-in dialog."""
        if self.options.server_url is None:
            return await self._start_embedded()
        url = self.options.server_url
        store = await self.credentials()
        signed = await self._silent_sign_in(url, store)
        if signed is None:
            signed = await self._ask(url, store)
            if signed is None:
                return False
        self._attach(url, signed.client, signed.user, embedded=False)
        return True

    async def _start_embedded(self) -> bool:
        if self.embedded is None:
            self.embedded = EmbeddedServer(self.options.data_dir, user=self.options.demo_user)
        embedded = self.embedded
        ended = self._next_end()
        embedded.start()
        # Made while the child boots (an httpx client takes tens of milliseconds to make, its TLS
        # context included), and pointed at the child once it says where it listens.
        client = SwitchboardClient(
            embedded.url or "http://127.0.0.1", token=embedded.token, language=current_language()
        )
        # Closed here unless attached: on every way out, the start given up (`ended`) included.
        attached = False
        try:
            try:
                url = await embedded.wait_ready()
            except RuntimeError as exc:
                if not ended.done():
                    log.error("embedded server unavailable: %s", exc)
                    words = self.tr("The local demo server did not start. Its log: %s") % embedded.log_path
                    self.window.search.error.show_failure(Failure(words, detail=str(exc)))
                    self.window.show_connection(ConnectionState.OFFLINE, None)
                return False
            if ended.done():
                return False
            self._keep_embedded_running()
            client.set_base_url(url)
            # The child signed the demo user in with the client's token as it started: the first list
            # is asked for while the user is, both at once.
            listed = next_emission(self.window.search.results_shown)
            self.window.search.set_client(client)
            try:
                user = await self._embedded_user(client, embedded)
            except ClientError as exc:
                if not ended.done():
                    log.error("signing in on the embedded server failed: %s", exc)
                    self.window.search.set_client(None)
                    self.window.search.error.show_error(exc)
                    self.window.show_connection(ConnectionState.OFFLINE, None)
                return False
            if ended.done():
                return False
            # The list first, then the customer pane, whose making takes a third of a second: the
            # agent sees the customers that much sooner (a customer opened meanwhile opens in the pane
            # then), and the status bar already says who is signed in.
            self.window.show_user(user, url, embedded=True)
            await asyncio.wait(
                (listed, ended), timeout=FIRST_LIST_WAIT_S, return_when=asyncio.FIRST_COMPLETED
            )
            listed.cancel()
            await asyncio.sleep(0)  # the list's paint, which Qt has queued, before the pane is made
            if ended.done():
                return False
            self._attach(url, client, user, embedded=True)
            attached = True
            return True
        finally:
            if not attached:
                await client.aclose()

    def _next_end(self) -> asyncio.Future[None]:
        """The future the next end of a session completes."""
        if self._ended is None:
            self._ended = asyncio.get_running_loop().create_future()
        return self._ended

    async def _embedded_user(self, client: SwitchboardClient, embedded: EmbeddedServer) -> User:
        """Who the token the child was started with signs in; with the demo password instead when
        the child does not know that token (its database was replaced while it ran, say)."""
        try:
            return await client.me()
        except Unauthorized:
            log.warning("the embedded server refused its start-up token; signing in with the demo password")
        user = (await client.sign_in(embedded.user, DEMO_PASSWORD)).user
        self.window.search.search_now()  # the first list was refused too: asked for again, signed in
        return user

    # -- the embedded server's restarts ---------------------------------------------------------

    def _keep_embedded_running(self) -> None:
        if self.embedded is not None and (self._keeper is None or self._keeper.done()):
            self._keeper = spawn(self.embedded.keep_running(self._server_restarted, self._server_gave_up))

    async def _stop_keeping(self) -> None:
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper

    def _server_restarted(self, url: str) -> None:
        """The embedded server died and runs again at `url`: the session follows it there."""
        when = QLocale().toString(QTime.currentTime(), QLocale.FormatType.ShortFormat)
        self.window.show_demo_note(self.tr("The local demo server stopped and was restarted at %s.") % when)
        session = self.session
        if session is None or not session.embedded:
            return
        if url != session.server_url:
            session.client.set_base_url(url)
            session.server_url = url
            self.window.show_user(session.user, url, embedded=True)
        # Asked at once; its answer counts as coming back, so what waited is sent (same requestIds).
        session.bridge.reconnect()

    def _server_gave_up(self, failures: int) -> None:
        assert self.embedded is not None
        self.window.show_demo_note(
            self.tr(
                "The local demo server stopped %d times in a row and is not started again. "
                "Quit Switchboard and start it again; if that does not help, its log says why: %s"
            )
            % (failures, self.embedded.log_path)
        )

    async def _silent_sign_in(self, url: str, store: CredentialStore) -> SignedIn | None:
        credential = await store.load(url)
        if credential is None:
            return None
        client = SwitchboardClient(url, language=current_language())
        if credential.kind is CredentialKind.API_KEY:
            client.set_api_key(credential.secret)
        else:
            client.set_token(credential.secret)
        try:
            with client.deadline(10.0):
                user = await client.me()
        except Unauthorized:
            # Expired or revoked: it is of no use any more, so it is not kept.
            await store.delete(url)
            await client.aclose()
            return None
        except ClientError as exc:
            log.warning("silent sign-in to %s failed: %s", url, exc)
            await client.aclose()
            return None
        return SignedIn(client, user, credential, remember=True)

    async def _ask(self, url: str, store: CredentialStore, username: str = "") -> SignedIn | None:
        dialog = SignInDialog(url, self.window, keyring_note=store.insecure_reason, username=username)
        try:
            signed = await dialog.ask()
        finally:
            dialog.deleteLater()
        if signed is not None and signed.remember:
            await store.save(url, signed.credential)
        return signed

    def _attach(self, url: str, client: SwitchboardClient, user: User, *, embedded: bool) -> None:
        bridge = EventBridge(client, self)
        # New incoming messages while the window is in the background: a desktop notification.
        notifier = Notifier(self.window, client, user, self)
        self.session = ActiveSession(url, client, user, embedded, bridge, notifier)
        window = self.window
        window.show_user(user, url, embedded=embedded)
        window.search.set_client(client)
        # The drafts live in the user data directory, so they survive a crash and a restart.
        pane = CustomerPane(client, DraftStore(self.options.data_dir / "drafts"), user=user)
        window.set_pane(pane)
        bridge.event_received.connect(pane.handle_event)
        bridge.event_received.connect(notifier.handle_event)
        bridge.state_changed.connect(lambda state: self._connection_changed(state))
        bridge.came_back.connect(lambda: pane.set_online(True))
        # After the pane has asked again for its own parts: any other pane still saying the server
        # cannot be reached asks again, or goes.
        bridge.came_back.connect(lambda: retry_when_back(window))
        self.session.queue = open_queue(window, client, user, url)
        bridge.event_received.connect(self.session.queue.handle_event)
        self.session.desk = open_supervisor_desk(window, client, user)
        if self.session.desk is not None:
            bridge.event_received.connect(self.session.desk.handle_event)
        bridge.start()
        self.signed_in.emit()

    def _connection_changed(self, state: ConnectionState) -> None:
        session = self.session
        if session is None:
            return
        self.window.show_connection(state, session.bridge.last_event_at)
        if state is ConnectionState.OFFLINE and self.window.pane is not None:
            self.window.pane.set_online(False)

    # -- ending -------------------------------------------------------------------------------

    async def end_session(self) -> None:
        """Stop the event bridge and close the client; the window shows nobody signed in. A start
        still under way is given up."""
        ended, self._ended = self._ended, None
        if ended is not None:
            ended.set_result(None)
        session, self.session = self.session, None
        if session is None:
            # What a start under way may have shown already.
            self.window.search.set_client(None)
            self.window.show_user(None, None)
            return
        await session.bridge.stop()
        session.notifier.shutdown()
        session.notifier.deleteLater()
        self.window.search.set_client(None)
        # The pane's requests end before their client does (else they fail on a closed client).
        if self.window.pane is not None:
            self.window.pane.shutdown()
        self.window.set_pane(None)
        if session.queue is not None:
            session.queue.shutdown()
        if session.desk is not None:
            session.desk.shutdown()
        self.window.remove_views()
        self.window.show_user(None, None)
        self.window.show_demo_note(None)
        self.window.show_connection(ConnectionState.OFFLINE, None)
        await session.client.aclose()
        self.signed_out.emit()

    @async_slot
    async def sign_out(self) -> None:
        """Forget the stored credential of this server, end the session and ask to sign in again."""
        session = self.session
        if session is None or self._busy:
            return
        self._busy = True
        try:
            store = await self.credentials()
            await store.delete(session.server_url)
            username = session.user.username
            await self.end_session()
            signed = await self._ask(session.server_url, store, username)
            if signed is not None:
                self._attach(session.server_url, signed.client, signed.user, embedded=session.embedded)
        finally:
            self._busy = False

    @async_slot
    async def sign_in_again(self) -> None:
        """After a cancelled sign-in: ask again for the same server."""
        if self.session is None and not self._busy:
            self._busy = True
            try:
                await self.start()
            finally:
                self._busy = False

    @async_slot
    async def open_settings(self) -> None:
        """Let the user pick another server; switching ends this session and signs in there."""
        current = self.options.server_url
        dialog = SettingsDialog(current, self.window, allow_insecure=self.options.allow_insecure)
        accepted = await run_dialog(dialog) == SettingsDialog.DialogCode.Accepted
        chosen = dialog.chosen_url
        dialog.deleteLater()
        if not accepted or chosen == current:
            return
        await self.switch_server(chosen)

    async def switch_server(self, url: str | None) -> bool:
        """Use another server (None: the embedded demo server) from now on, and sign in there."""
        store_server_url(url)
        self.options.server_url = url
        await self.end_session()
        if url is not None and self.embedded is not None:
            await self._stop_keeping()
            self.embedded.stop()
        return await self.start()

    async def shutdown(self) -> None:
        """End the session and stop the embedded server (the app is quitting)."""
        await self._stop_keeping()
        await self.end_session()
        if self.embedded is not None:
            self.embedded.stop()
