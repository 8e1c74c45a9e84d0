"""The "every part loaded" countdown of a customer view: it tells once when its last part has an answer."""

from __future__ import annotations

from collections.abc import Callable


class LoadingParts:
    """The parts of a view still waiting for their first answer (data or error) for the opened customer.

    `all_loaded` runs once, when the last expected part is in; a part's later answers (a refresh,
    a page further down) count for nothing, and neither do parts nobody waits for.
    """

    def __init__(self, all_loaded: Callable[[], None]) -> None:
        self._all_loaded = all_loaded
        self._waiting: set[str] = set()

    def expect(self, *parts: str) -> None:
        """Start again (another customer opened): wait for these parts, and only these."""
        self._waiting = set(parts)

    def also_expect(self, part: str) -> None:
        """One more part to wait for, found while loading (e.g. the first thread's messages)."""
        self._waiting.add(part)

    def loaded(self, part: str) -> None:
        """This part has its answer."""
        if part in self._waiting:
            self._waiting.discard(part)
            if not self._waiting:
                self._all_loaded()
