"""API methods of change and goodwill requests, their approval, and the customer history they write."""

from __future__ import annotations

from uuid import UUID

from pydantic import TypeAdapter

from app.client.core import ClientCore, QueryValue, keyed
from app.contract.approvals import (
    ApprovalDecision,
    ApprovalRequest,
    ChangeRequestCreate,
    CustomerChange,
    GoodwillRequestCreate,
)
from app.contract.base import DEFAULT_PAGE_LIMIT, Page
from app.contract.enums import ApprovalStatus, ApprovalType, ChangeField

__all__ = ["ApprovalsApi"]

_REQUEST_PAGE = TypeAdapter(Page[ApprovalRequest])
_HISTORY_PAGE = TypeAdapter(Page[CustomerChange])


class ApprovalsApi(ClientCore):
    async def create_change_request(
        self,
        customer_id: int,
        field: ChangeField,
        new_value: str,
        reason: str,
        *,
        request_id: UUID | None = None,
    ) -> ApprovalRequest:
        """Ask to change the customer's email or phone (REQUEST_CREATE); the new value is checked at once
        (`ValidationFailed` for an invalid address or number), the change waits for a supervisor."""
        body = keyed(ChangeRequestCreate(field=field, new_value=new_value, reason=reason), request_id)
        return await self._model(
            ApprovalRequest, "POST", f"/v1/customers/{customer_id}/change-requests", body=body
        )

    async def create_goodwill_request(
        self, customer_id: int, points: int, reason: str, *, request_id: UUID | None = None
    ) -> ApprovalRequest:
        """Ask to grant the customer goodwill points (REQUEST_CREATE); pending until decided."""
        body = keyed(GoodwillRequestCreate(points=points, reason=reason), request_id)
        return await self._model(
            ApprovalRequest, "POST", f"/v1/customers/{customer_id}/goodwill-requests", body=body
        )

    async def list_requests(
        self,
        *,
        status: ApprovalStatus | None = None,
        type: ApprovalType | None = None,
        customer_id: int | None = None,
        created_by_user_id: int | None = None,
        page: int = 1,
        limit: int = DEFAULT_PAGE_LIMIT,
    ) -> Page[ApprovalRequest]:
        """Requests, newest first; an agent sees the ones they created, REQUEST_APPROVE the tenant's."""
        params: dict[str, QueryValue] = {
            "status": status,
            "type": type,
            "customerId": customer_id,
            "createdByUserId": created_by_user_id,
            "page": page,
            "limit": limit,
        }
        return await self._adapted(_REQUEST_PAGE, "GET", "/v1/requests", params=params)

    async def get_request(self, approval_request_id: int) -> ApprovalRequest:
        return await self._model(ApprovalRequest, "GET", f"/v1/requests/{approval_request_id}")

    async def approve_request(
        self, approval_request_id: int, comment: str = "", *, request_id: UUID | None = None
    ) -> ApprovalRequest:
        """Approve (REQUEST_APPROVE): a change request changes the customer at once. One's own request is
        `Forbidden` (request.ownDecision), a decided one `Conflict` (request.alreadyDecided)."""
        return await self._decide(approval_request_id, "approve", comment, request_id)

    async def reject_request(
        self, approval_request_id: int, comment: str = "", *, request_id: UUID | None = None
    ) -> ApprovalRequest:
        """Reject (REQUEST_APPROVE); the same refusals as `approve_request`."""
        return await self._decide(approval_request_id, "reject", comment, request_id)

    async def _decide(
        self, approval_request_id: int, verdict: str, comment: str, request_id: UUID | None
    ) -> ApprovalRequest:
        body = keyed(ApprovalDecision(comment=comment), request_id)
        return await self._model(
            ApprovalRequest, "POST", f"/v1/requests/{approval_request_id}/{verdict}", body=body
        )

    async def customer_history(
        self, customer_id: int, *, page: int = 1, limit: int = DEFAULT_PAGE_LIMIT
    ) -> Page[CustomerChange]:
        """What approved requests changed on the customer, newest first (append-only)."""
        return await self._adapted(
            _HISTORY_PAGE,
            "GET",
            f"/v1/customers/{customer_id}/history",
            params={"page": page, "limit": limit},
        )
