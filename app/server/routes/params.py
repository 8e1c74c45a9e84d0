"""Path and query parameters shared by the routes: ids in range, page and limit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Path, Query

from app.contract.base import DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT

MAX_ID = 2**63 - 1
#: Deeper pages than this are refused (422): nobody pages a million rows by hand.
MAX_PAGE = 100_000

IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]


@dataclass(frozen=True)
class Paging:
    page: int
    limit: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def paging(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="1-based page number")] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT, description="items per page, 1..100")] = (
        DEFAULT_PAGE_LIMIT
    ),
) -> Paging:
    return Paging(page=page, limit=limit)
