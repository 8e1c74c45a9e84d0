"""The composer's text kept as a local draft: one per customer and thread (or new thread), saved as typed."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from app.desktop.customer.conversations.composer import Composer
from app.desktop.customer.conversations.outbox import ComposerDraft, MessageOutbox
from app.desktop.customer.drafts import DraftStore, composer_key
from app.desktop.failures import offline_message
from app.desktop.tasks import LatestRequest, spawn

#: Typing pauses this long (ms) before the draft is written; switching threads writes at once.
SAVE_AFTER_MS = 400


class ComposerDrafts(QObject):
    """Binds the composer to the draft of the open thread: restores it, saves it as typed (debounced)."""

    def __init__(self, composer: Composer, drafts: DraftStore, outbox: MessageOutbox) -> None:
        super().__init__(composer)
        self.composer, self.drafts, self.outbox = composer, drafts, outbox
        self.key: str | None = None
        self.customer_id: int | None = None
        self.thread_id: int | None = None
        self._quiet = False
        self._load = LatestRequest()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save)
        composer.edited.connect(self._edited)

    def switch(self, customer_id: int | None, thread_id: int | None) -> None:
        """Save what is typed, then show the draft of that customer's thread (None: a new thread)."""
        self.flush()
        self.customer_id, self.thread_id = customer_id, thread_id
        self.key = None if customer_id is None else composer_key(customer_id, thread_id)
        self.reset_composer()
        if self.key is not None:
            self._load.run(self._restore(self.key))

    def reset_composer(self) -> None:
        """An empty composer, without that counting as an edit of the draft."""
        self._quiet = True
        try:
            self.composer.clear()
            self.composer.set_pending(False)
        finally:
            self._quiet = False

    def current(self) -> ComposerDraft:
        """The draft as the composer shows it now (of the open customer: only called with a key)."""
        if self.customer_id is None:
            raise RuntimeError("the composer has no customer open")
        return ComposerDraft(
            customer_id=self.customer_id,
            thread_id=self.thread_id,
            subject=self.composer.subject.text(),
            text=self.composer.text.toPlainText(),
            channel=self.composer.selected_channel(),
            category=self.composer.selected_category(),
        )

    async def _restore(self, key: str) -> None:
        draft = await self.drafts.load(key, ComposerDraft)
        if draft is None or key != self.key:
            return
        self._quiet = True
        try:
            self.composer.subject.setText(draft.subject)
            self.composer.text.setPlainText(draft.text)
            if draft.category:
                self.composer.select_category(draft.category)
            self.composer.select_channel(draft.channel)
            self.composer.chosen = True  # the draft's channel and category, not the reply's defaults
        finally:
            self._quiet = False
        if draft.pending:
            sending = self.outbox.is_sending(key)
            self.composer.set_pending(True, self.tr("Sending…") if sending else offline_message())

    def _edited(self) -> None:
        if not self._quiet and not self.composer.pending and self.key is not None:
            self._timer.start()

    def save(self) -> None:
        key = self.key
        if key is None or self.composer.pending:
            return
        draft = self.current()
        if draft.text or draft.subject:
            spawn(self.drafts.save(key, draft))
        else:
            spawn(self.drafts.remove(key))

    def flush(self) -> None:
        """Write a draft whose debounce is still running (before switching away or closing)."""
        if self._timer.isActive():
            self._timer.stop()
            self.save()

    def hold(self) -> None:
        """The draft is being sent: no debounced save may overwrite the pending one."""
        self._timer.stop()
