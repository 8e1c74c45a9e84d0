"""One newest-first list made of several: the queue's open threads are the CREATED and the ONGOING
ones, and the server lists one status at a time.

Each source is paged from the server as the merged list needs its items, so the first page costs one
page per source, never the whole list.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from app.contract.base import Page

T = TypeVar("T")
#: Loads one page (1-based, `limit` items) of a newest-first list.
SourceLoader = Callable[[int, int], Awaitable[Page[T]]]


@dataclass
class _Source(Generic[T]):
    load: SourceLoader[T]
    waiting: deque[T] = field(default_factory=deque)
    """Items fetched but not handed out yet, newest first."""
    next_page: int = 1
    total: int = 0
    done: bool = False


class MergedPages(Generic[T]):
    """Pages of several lists, each newest first by `order`, as the pages of one list newest first.

    Call it with page 1 to start over, then 2, 3, ... as the view scrolls (a `PageLoader`).
    """

    def __init__(self, loaders: Sequence[SourceLoader[T]], order: Callable[[T], Any], limit: int) -> None:
        self._loaders = list(loaders)
        self._order = order
        self._limit = limit
        self._sources: list[_Source[T]] = []

    async def __call__(self, page: int) -> Page[T]:
        if page == 1 or not self._sources:
            self._sources = [_Source(load) for load in self._loaders]
        taken: list[tuple[_Source[T], T]] = []
        try:
            while len(taken) < self._limit:
                await self._fill()
                ready = [source for source in self._sources if source.waiting]
                if not ready:
                    break
                newest = max(ready, key=lambda source: self._order(source.waiting[0]))
                taken.append((newest, newest.waiting.popleft()))
        except BaseException:
            # Cancelled (a newer question) or failed: what was taken goes back, so asking again works.
            for source, item in reversed(taken):
                source.waiting.appendleft(item)
            raise
        total = sum(source.total for source in self._sources)
        return Page[Any](items=[item for _source, item in taken], page=page, limit=self._limit, total=total)

    async def _fill(self) -> None:
        """Fetch the next page of every source that has nothing waiting and has more."""
        empty = [source for source in self._sources if not source.waiting and not source.done]
        if not empty:
            return
        answers = await asyncio.gather(*(source.load(source.next_page, self._limit) for source in empty))
        for source, answer in zip(empty, answers, strict=True):
            source.waiting.extend(answer.items)
            source.total = answer.total
            source.done = not answer.items or source.next_page * self._limit >= answer.total
            source.next_page += 1
