"""Sends composer drafts with their stable requestId and removes them only when the server confirms.

A draft is saved with `pending: true` and its requestId *before* the request goes out. If the answer
never arrives (offline, server down), the draft stays pending and is sent again later with the same
requestId: the server replays its first answer, so exactly one message results.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QObject, Signal

from app.client import SwitchboardClient
from app.client.errors import ClientError
from app.contract.communications import Communication, CommunicationAdd, ThreadCreate
from app.contract.enums import Channel, Direction, ThreadStatus
from app.desktop.customer.drafts import DraftStore, StoredDraft
from app.desktop.failures import failure_of
from app.desktop.tasks import spawn


class ComposerDraft(StoredDraft):
    """The composer's text for one thread, or for the customer's next new thread (`threadId` null)."""

    kind: Literal["composer"] = "composer"
    customer_id: int
    thread_id: int | None = None
    subject: str = ""
    text: str = ""
    channel: Channel
    category: str = ""
    """The message category chosen in the composer; empty for none."""


class MessageOutbox(QObject):
    sent = Signal(str, object)
    """The server confirmed a draft: (draft key, the `Communication` it recorded)."""
    failed = Signal(str, object)
    """A draft was not sent: (draft key, `Failure`); offline failures stay pending."""

    def __init__(self, client: SwitchboardClient, drafts: DraftStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.drafts = drafts
        self._sending: set[str] = set()

    def is_sending(self, key: str) -> bool:
        return key in self._sending

    def send(self, key: str, draft: ComposerDraft) -> None:
        """Send `draft` with its requestId (kept from an earlier attempt), unless it is already on its way."""
        if key not in self._sending:
            self._sending.add(key)
            spawn(self._send(key, draft.sending()))

    def resend_pending(self) -> None:
        """Send again every pending draft (of any customer), each with its own requestId."""
        spawn(self._resend_all())

    async def _resend_all(self) -> None:
        for key, draft in (await self.drafts.all(ComposerDraft)).items():
            if draft.pending and key not in self._sending:
                self._sending.add(key)
                await self._send(key, draft)

    async def _send(self, key: str, draft: ComposerDraft) -> None:
        try:
            await self.drafts.save(key, draft)
            try:
                communication = await self._request(draft)
            except ClientError as error:
                failure = failure_of(error)
                if not failure.offline:
                    # Refused for good (e.g. opted out): the draft stays, editable, for a new attempt.
                    await self.drafts.save(key, draft.unsent())
                self.failed.emit(key, failure)
                return
            await self.drafts.remove(key)
            self.sent.emit(key, communication)
        finally:
            self._sending.discard(key)

    async def _request(self, draft: ComposerDraft) -> Communication:
        request_id = draft.request_id
        if request_id is None:
            raise ValueError(f"draft {draft.key} is sent without its requestId")
        fields = {
            "content": draft.text,
            "communication_direction": Direction.OUTGOING,
            "communication_channel": draft.channel,
            "message_category": draft.category or None,
        }
        if draft.thread_id is None:
            thread = ThreadCreate.model_validate(
                {**fields, "communication_thread_status": ThreadStatus.CREATED, "subject": draft.subject}
            )
            return await self.client.create_thread(draft.customer_id, thread, request_id=request_id)
        # An agent's reply moves the thread on (and reopens a closed one the agent chose to answer).
        reply = CommunicationAdd.model_validate(
            {**fields, "communication_thread_status": ThreadStatus.ONGOING}
        )
        return await self.client.add_communication(
            draft.customer_id, draft.thread_id, reply, request_id=request_id
        )
