"""Which threads have a new incoming message since I last saw them: the queue's mark.

A thread counts as seen up to the latest activity it showed while it was open in the customer view
(opened from the queue, the search or a notification, or a message that arrived while it was shown).
It is new when its latest communication came in from the customer after that, or came in and it was
never seen.

The times are kept in QSettings, per server and user, so the mark survives a restart; at most
`REMEMBERED` threads, the ones seen longest ago are forgotten first.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime

from PySide6.QtCore import QSettings

from app.contract.communications import ThreadSummary
from app.contract.enums import Direction

log = logging.getLogger(__name__)

REMEMBERED = 2000
KEY_PREFIX = "queue/seen"


def settings_key(server_url: str, user_id: int) -> str:
    """The QSettings key of one user on one server (a URL is no good as a key: it has slashes)."""
    server = hashlib.sha256(server_url.encode()).hexdigest()[:16]
    return f"{KEY_PREFIX}/{server}-{user_id}"


class SeenThreads:
    """When each thread was last seen, by the time of its latest activity then."""

    def __init__(self, store: QSettings, key: str) -> None:
        self._store = store
        self._key = key
        self._seen: dict[int, datetime] = self._read()

    def _read(self) -> dict[int, datetime]:
        raw = self._store.value(self._key, "")
        try:
            stored = json.loads(str(raw)) if raw else {}
            return {int(thread_id): datetime.fromisoformat(at) for thread_id, at in stored.items()}
        except (ValueError, TypeError, AttributeError):
            log.warning("forgetting unreadable seen-thread times under %s", self._key)
            return {}

    def _write(self) -> None:
        while len(self._seen) > REMEMBERED:
            oldest = min(self._seen, key=lambda thread_id: self._seen[thread_id])
            del self._seen[oldest]
        self._store.setValue(self._key, json.dumps({str(k): v.isoformat() for k, v in self._seen.items()}))

    def saw(self, thread_id: int, activity_at: datetime) -> bool:
        """The thread was shown with its activity up to `activity_at`; True if that is news."""
        known = self._seen.get(thread_id)
        if known is not None and known >= activity_at:
            return False
        self._seen[thread_id] = activity_at
        self._write()
        return True

    def saw_thread(self, thread: ThreadSummary) -> bool:
        return self.saw(thread.thread_id, thread.last_communication_at)

    def is_new(self, thread: ThreadSummary) -> bool:
        """The customer wrote last, after the thread was last seen (or it was never seen)."""
        if thread.last_direction is not Direction.INCOMING:
            return False
        seen = self._seen.get(thread.thread_id)
        return seen is None or thread.last_communication_at > seen
