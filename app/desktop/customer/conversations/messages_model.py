"""A thread's messages as a list model, oldest on top; older pages load by cursor as the agent scrolls up."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.client.errors import ClientError
from app.contract.communications import Communication, CommunicationPage
from app.desktop.customer.delivery_mark import failed_text
from app.desktop.failures import failure_of
from app.desktop.tasks import LatestRequest

AnyIndex = QModelIndex | QPersistentModelIndex
#: Loads the page of messages older than a communication id (None: the newest page).
PageLoader = Callable[[int | None], Awaitable[CommunicationPage]]

CommunicationRole = Qt.ItemDataRole.UserRole + 1


class MessageListModel(QAbstractListModel):
    """Holds the loaded messages of one thread; never the whole thread unless the agent scrolls to its start.

    Qt's item views call `fetchMore` whenever the *last* row is visible, which in a chat is always the
    case; older messages sit at the *top*. So `canFetchMore` answers True only after the view asked
    for older messages (`request_older`, when the agent scrolls to the top), and one page is fetched.
    """

    first_page_loaded = Signal()
    """The newest page of the opened thread is in the model."""
    older_page_loaded = Signal(int)
    """An older page was put on top: how many rows were inserted."""
    failed = Signal(object)
    """A page could not be loaded: the `Failure`."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Communication] = []
        self._ids: set[int] = set()
        self._loader: PageLoader | None = None
        self._next_before: int | None = None
        self._older_wanted = False
        self._request = LatestRequest()
        self.thread_id: int | None = None

    def open_thread(self, thread_id: int | None, loader: PageLoader | None) -> None:
        self._request.cancel()
        self.beginResetModel()
        self.messages, self._ids = [], set()
        self._next_before, self._older_wanted = None, False
        self.thread_id, self._loader = thread_id, loader
        self.endResetModel()
        if loader is not None:
            self._request.run(self._load(loader, None))

    def cancel_loading(self) -> None:
        """Stop the page on its way (the pane closes); the messages loaded so far stay."""
        self._request.cancel()

    @property
    def loading(self) -> bool:
        return self._request.running

    @property
    def has_older(self) -> bool:
        return self._next_before is not None

    async def _load(self, loader: PageLoader, before: int | None) -> None:
        try:
            page = await loader(before)
        except ClientError as error:
            self._older_wanted = False
            self.failed.emit(failure_of(error))
            return
        older = [message for message in reversed(page.items) if message.communication_id not in self._ids]
        self._next_before = page.next_before
        self._older_wanted = False
        if older:
            self.beginInsertRows(QModelIndex(), 0, len(older) - 1)
            self.messages[:0] = older
            self._ids.update(message.communication_id for message in older)
            self.endInsertRows()
        if before is None:
            self.first_page_loaded.emit()
        else:
            self.older_page_loaded.emit(len(older))

    def request_older(self) -> None:
        """The agent scrolled to the top: fetch the next older page, if there is one."""
        if self._next_before is not None and not self._request.running:
            self._older_wanted = True
            self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:
        return (
            not parent.isValid()
            and self._older_wanted
            and self._next_before is not None
            and self._loader is not None
            and not self._request.running
        )

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:
        if self.canFetchMore(parent) and self._loader is not None:
            self._request.run(self._load(self._loader, self._next_before))

    def append(self, message: Communication) -> bool:
        """A new message of the open thread (sent here, or arrived live); False if already shown."""
        if message.thread_id != self.thread_id or self.thread_id is None:
            return False
        if message.communication_id in self._ids:
            self.replace(message)
            return False
        row = len(self.messages)
        self.beginInsertRows(QModelIndex(), row, row)
        self.messages.append(message)
        self._ids.add(message.communication_id)
        self.endInsertRows()
        return True

    def replace(self, message: Communication) -> None:
        """A changed message (e.g. its delivery status moved on)."""
        for row in range(len(self.messages) - 1, -1, -1):
            if self.messages[row].communication_id == message.communication_id:
                self.messages[row] = message
                self.dataChanged.emit(self.index(row), self.index(row))
                return

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.messages)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        message = self.messages[index.row()]
        if role == CommunicationRole:
            return message
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return message.content
        if role == Qt.ItemDataRole.ToolTipRole and message.failure_reason:
            # The bubble ends a long reason in an ellipsis; hovering it shows the whole of it.
            return failed_text(message.failure_reason)
        return None
