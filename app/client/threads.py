"""API methods of conversation threads, the communications log, delivery events and the demo outbox."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Final
from uuid import UUID

from pydantic import TypeAdapter

from app.client.core import ClientCore, QueryValue, keyed, request_key
from app.client.paging import follow_cursor, paginate
from app.contract.base import DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, Page
from app.contract.communications import (
    Communication,
    CommunicationAdd,
    CommunicationLogCreate,
    CommunicationPage,
    DeliveryEventCreate,
    OutboxMessage,
    QueueThread,
    ThreadCreate,
    ThreadSummary,
    ThreadUpdate,
)
from app.contract.datetimes import format_utc
from app.contract.enums import Channel, DeliveryEventStatus, DeliveryStatus, Direction, ThreadStatus

__all__ = ["KEEP", "Keep", "ThreadsApi"]

_THREAD_PAGE = TypeAdapter(Page[ThreadSummary])
_COMMUNICATION_PAGE = TypeAdapter(Page[Communication])
_QUEUE_PAGE = TypeAdapter(Page[QueueThread])
_OUTBOX = TypeAdapter(list[OutboxMessage])


class Keep(enum.Enum):
    """Marks an argument left out, where None means something (e.g. "no assignee")."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


def _threads_path(customer_id: int) -> str:
    return f"/v1/communications/{customer_id}/threads"


def _time(value: datetime | None) -> str | None:
    return None if value is None else format_utc(value)


class ThreadsApi(ClientCore):
    # -- threads ------------------------------------------------------------------------------

    async def create_thread(
        self, customer_id: int, thread: ThreadCreate, *, request_id: UUID | None = None
    ) -> Communication:
        """A new thread with its first communication; OUTGOING ones follow the outbound rules
        (a blocked customer: recorded SUPPRESSED; an opted-out pair: `Conflict` optedOut)."""
        return await self._model(
            Communication, "POST", _threads_path(customer_id), body=keyed(thread, request_id)
        )

    async def add_communication(
        self,
        customer_id: int,
        thread_id: int,
        communication: CommunicationAdd,
        *,
        request_id: UUID | None = None,
    ) -> Communication:
        """A communication in an existing thread; a CLOSED thread is `Conflict` (thread.closed)
        unless the communication reopens it (communicationThreadStatus ONGOING)."""
        return await self._model(
            Communication,
            "POST",
            f"{_threads_path(customer_id)}/{thread_id}",
            body=keyed(communication, request_id),
        )

    async def list_threads(
        self,
        customer_id: int,
        *,
        status: ThreadStatus | None = None,
        page: int = 1,
        limit: int = DEFAULT_PAGE_LIMIT,
    ) -> Page[ThreadSummary]:
        """The customer's threads, newest activity first."""
        return await self._adapted(
            _THREAD_PAGE,
            "GET",
            _threads_path(customer_id),
            params={"status": status, "page": page, "limit": limit},
        )

    def iter_threads(
        self, customer_id: int, *, status: ThreadStatus | None = None, limit: int = MAX_PAGE_LIMIT
    ) -> AsyncIterator[ThreadSummary]:
        async def fetch(page: int, size: int) -> Page[ThreadSummary]:
            return await self.list_threads(customer_id, status=status, page=page, limit=size)

        return paginate(fetch, limit=limit)

    async def get_thread(self, customer_id: int, thread_id: int) -> ThreadSummary:
        return await self._model(ThreadSummary, "GET", f"{_threads_path(customer_id)}/{thread_id}")

    async def list_thread_communications(
        self, customer_id: int, thread_id: int, before: int | None = None, limit: int = 50
    ) -> CommunicationPage:
        """One page of the thread's communications, newest first, older than `before`; pass the
        answer's `next_before` to get the next, older page (None: there is none)."""
        return await self._model(
            CommunicationPage,
            "GET",
            f"{_threads_path(customer_id)}/{thread_id}/communications",
            params={"before": before, "limit": limit},
        )

    def iter_thread_communications(
        self, customer_id: int, thread_id: int, *, before: int | None = None, limit: int = 50
    ) -> AsyncIterator[Communication]:
        """Every communication of the thread, newest first, one cursor page at a time."""

        async def fetch(cursor: int | None, size: int) -> CommunicationPage:
            return await self.list_thread_communications(customer_id, thread_id, before=cursor, limit=size)

        return follow_cursor(fetch, before=before, limit=limit)

    async def update_thread(
        self,
        customer_id: int,
        thread_id: int,
        *,
        status: ThreadStatus | None = None,
        assignee_user_id: int | Keep | None = KEEP,
        request_id: UUID | None = None,
    ) -> ThreadSummary:
        """Move the thread's status and/or assignee (None: unassign; assigning someone else needs
        THREAD_REVIEW). Arguments left out stay as they are."""
        fields: dict[str, object] = {}
        if status is not None:
            fields["communication_thread_status"] = status
        if not isinstance(assignee_user_id, Keep):
            fields["assignee_user_id"] = assignee_user_id
        body = keyed(ThreadUpdate.model_validate(fields), request_id)
        return await self._model(
            ThreadSummary, "PATCH", f"{_threads_path(customer_id)}/{thread_id}", body=body
        )

    async def review_queue(
        self,
        *,
        status: ThreadStatus | None = None,
        assignee_user_id: int | None = None,
        communication_channel: Channel | None = None,
        customer_id: int | None = None,
        updated_since: datetime | None = None,
        page: int = 1,
        limit: int = DEFAULT_PAGE_LIMIT,
    ) -> Page[QueueThread]:
        """The tenant's threads across customers, newest activity first, each with its customer's name;
        without THREAD_REVIEW only the caller's own, whatever the filter."""
        params: dict[str, QueryValue] = {
            "status": status,
            "assigneeUserId": assignee_user_id,
            "communicationChannel": communication_channel,
            "customerId": customer_id,
            "updatedSince": _time(updated_since),
            "page": page,
            "limit": limit,
        }
        return await self._adapted(_QUEUE_PAGE, "GET", "/v1/threads", params=params)

    # -- the communications log ---------------------------------------------------------------

    async def list_customer_communications(
        self,
        *,
        customer_id: int | None = None,
        thread_id: int | None = None,
        communication_channel: Channel | None = None,
        communication_direction: Direction | None = None,
        delivery_status: DeliveryStatus | None = None,
        from_: datetime | None = None,
        to: datetime | None = None,
        page: int = 1,
        limit: int = DEFAULT_PAGE_LIMIT,
    ) -> Page[Communication]:
        """Communications across threads of the tenant, newest first; every filter is optional."""
        params: dict[str, QueryValue] = {
            "customerId": customer_id,
            "threadId": thread_id,
            "communicationChannel": communication_channel,
            "communicationDirection": communication_direction,
            "deliveryStatus": delivery_status,
            "from": _time(from_),
            "to": _time(to),
            "page": page,
            "limit": limit,
        }
        return await self._adapted(_COMMUNICATION_PAGE, "GET", "/v1/customer-communications", params=params)

    async def log_communication(
        self, communication: CommunicationLogCreate, *, request_id: UUID | None = None
    ) -> Communication:
        """Log a communication outside any thread; OUTGOING ones follow the outbound rules."""
        return await self._model(
            Communication, "POST", "/v1/customer-communications", body=keyed(communication, request_id)
        )

    async def add_delivery_event(
        self,
        communication_id: int,
        delivery_status: DeliveryEventStatus,
        *,
        at: datetime | None = None,
        reason: str | None = None,
        request_id: UUID | None = None,
    ) -> Communication:
        """A provider's delivery report (DELIVERY_WRITE); the status only ever moves forward."""
        body = DeliveryEventCreate(delivery_status=delivery_status, at=at or datetime.now(UTC), reason=reason)
        return await self._model(
            Communication,
            "POST",
            f"/v1/customer-communications/{communication_id}/delivery-events",
            body=body,
            idempotency_key=request_key(request_id),
        )

    # -- demo mode ----------------------------------------------------------------------------

    async def dev_outbox(self, customer_id: int | None = None, *, limit: int = 50) -> list[OutboxMessage]:
        """Demo mode only (USER_ADMIN): what the dispatcher sent, newest first, message text included
        (one-time codes too)."""
        return await self._adapted(
            _OUTBOX, "GET", "/v1/dev/outbox", params={"customerId": customer_id, "limit": limit}
        )
