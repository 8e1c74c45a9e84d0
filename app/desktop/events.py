"""The bridge from the server's event stream to Qt: one signal per event, and the connection state.

`client.events()` delivers every event once, in order, resuming after a lost connection. Whether
the server can be reached right now is a separate question, answered by a light health probe:
the status bar shows online / reconnecting / offline from it, and when the server comes back the
views are told so they can send what waited (drafts, staged changes).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.client.errors import ApiError, ClientError
from app.contract.events import ServerEvent
from app.desktop.tasks import spawn

if TYPE_CHECKING:
    from app.client import SwitchboardClient

log = logging.getLogger(__name__)

#: Seconds between health probes while online, and while the server cannot be reached.
PROBE_ONLINE_S = 2.0
PROBE_OFFLINE_S = 0.5
#: A probe that gets no answer in this time counts as a failure.
PROBE_DEADLINE_S = 1.5
#: How long the app says "reconnecting" before it says "offline".
RECONNECTING_GRACE_S = 2.0
#: Pause before the event stream is opened again after it ended with an error.
STREAM_RETRY_S = 1.0
STREAM_REFUSED_RETRY_S = 30.0


class ConnectionState(StrEnum):
    CONNECTING = "connecting"
    ONLINE = "online"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"


class EventBridge(QObject):
    """Runs `client.events()` and the health probe as tasks on the Qt loop while started."""

    event_received = Signal(object)
    """A `ServerEvent` from the stream, in order, each once."""

    state_changed = Signal(object)
    """The `ConnectionState` changed (or a new event moved `last_event_at`)."""

    came_back = Signal()
    """The server is reachable again after it was not: time to send what waited."""

    def __init__(self, client: SwitchboardClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._stream_task: asyncio.Task[None] | None = None
        self._probe_task: asyncio.Task[None] | None = None
        self.state = ConnectionState.CONNECTING
        self.last_event_at: datetime | None = None
        self.last_event_id: int | None = None
        self._unreachable_since: float | None = None

    def start(self) -> None:
        if self._probe_task is not None:
            return
        self._stream_task = spawn(self._stream())
        self._probe_task = spawn(self._probe())

    async def stop(self) -> None:
        """Cancel both tasks and wait until they have ended."""
        tasks = [t for t in (self._stream_task, self._probe_task) if t is not None]
        self._stream_task = self._probe_task = None
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    def reconnect(self) -> None:
        """The server is back, perhaps at another address (`client.set_base_url`): ask it now instead
        of at the probe's pace. Its answer counts as coming back: the stream reopens after the last
        event seen, and `came_back` has the views send what waited."""
        if self._probe_task is None:
            return
        if self.state not in (ConnectionState.RECONNECTING, ConnectionState.OFFLINE):
            self._set_state(ConnectionState.RECONNECTING)
        self._probe_task.cancel()
        self._probe_task = spawn(self._probe())

    def _reopen_stream(self) -> None:
        """Reconnect the stream now, after the last event seen, instead of at its backoff's pace."""
        if self._stream_task is None:
            return
        self._stream_task.cancel()
        self._stream_task = spawn(self._stream())

    # -- the stream ---------------------------------------------------------------------------

    async def _stream(self) -> None:
        while True:
            try:
                async for event in self._client.events(last_event_id=self.last_event_id):
                    self._received(event)
            except asyncio.CancelledError:
                raise
            except ApiError as exc:
                # Waiting does not fix a refusal (e.g. an expired sign-in); ask again only rarely.
                log.warning("event stream refused: %s", exc)
                await asyncio.sleep(STREAM_REFUSED_RETRY_S)
            except ClientError as exc:
                log.info("event stream ended: %s", exc)
            except Exception:
                log.exception("event stream failed")
            await asyncio.sleep(STREAM_RETRY_S)

    def _received(self, event: ServerEvent) -> None:
        self.last_event_id = event.event_id
        self.last_event_at = datetime.now(UTC)
        self._set_state(ConnectionState.ONLINE, force=True)
        self.event_received.emit(event)

    # -- reachability ---------------------------------------------------------------------------

    async def _probe(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                with self._client.deadline(PROBE_DEADLINE_S):
                    await self._client.health()
            except asyncio.CancelledError:
                raise
            except ClientError:
                now = loop.time()
                if self._unreachable_since is None:
                    self._unreachable_since = now
                if now - self._unreachable_since >= RECONNECTING_GRACE_S:
                    self._set_state(ConnectionState.OFFLINE)
                elif self.state is not ConnectionState.OFFLINE:
                    self._set_state(ConnectionState.RECONNECTING)
            else:
                self._unreachable_since = None
                self._set_state(ConnectionState.ONLINE)
            online = self.state is ConnectionState.ONLINE
            await asyncio.sleep(PROBE_ONLINE_S if online else PROBE_OFFLINE_S)

    def _set_state(self, state: ConnectionState, *, force: bool = False) -> None:
        previous = self.state
        if state is previous and not force:
            return
        self.state = state
        self.state_changed.emit(state)
        if state is ConnectionState.ONLINE and previous in (
            ConnectionState.RECONNECTING,
            ConnectionState.OFFLINE,
        ):
            if not force:  # the probe saw the server first: the stream may still be waiting
                self._reopen_stream()
            self.came_back.emit()
