"""API methods of customers (search, read, create, status) and the tenant's status labels."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

from pydantic import TypeAdapter

from app.client.core import ClientCore, keyed
from app.client.paging import paginate
from app.contract.base import DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, Page
from app.contract.customers import (
    Customer,
    CustomerCreate,
    CustomerSearchPage,
    CustomerStatusUpdate,
    StatusChange,
    StatusLabel,
    StatusLabelCreate,
    StatusLabelUpdate,
)

__all__ = ["CustomerSearchPage", "CustomersApi"]

_STATUS_LABELS = TypeAdapter(list[StatusLabel])
_STATUS_HISTORY_PAGE = TypeAdapter(Page[StatusChange])


class CustomersApi(ClientCore):
    async def search_customers(
        self, query: str = "", *, page: int = 1, limit: int = DEFAULT_PAGE_LIMIT
    ) -> CustomerSearchPage:
        """Customers by name (any word prefix, accents and case ignored), email, phone digits or id;
        exact id/email/phone matches first."""
        return await self._model(
            CustomerSearchPage,
            "GET",
            "/v1/customers",
            params={"query": query, "page": page, "limit": limit},
        )

    def iter_customers(self, query: str = "", *, limit: int = MAX_PAGE_LIMIT) -> AsyncIterator[Customer]:
        """Every customer matching `query`, page after page as the caller consumes them."""

        async def fetch(page: int, size: int) -> Page[Customer]:
            return await self.search_customers(query, page=page, limit=size)

        return paginate(fetch, limit=limit)

    async def get_customer(self, customer_id: int) -> Customer:
        return await self._model(Customer, "GET", f"/v1/customers/{customer_id}")

    async def create_customer(self, customer: CustomerCreate, *, request_id: UUID | None = None) -> Customer:
        """Create a customer (CUSTOMER_WRITE); retried safely, the requestId makes it happen once."""
        return await self._model(Customer, "POST", "/v1/customers", body=keyed(customer, request_id))

    async def set_customer_status(
        self,
        customer_id: int,
        status_label_id: int | None,
        reason: str,
        *,
        request_id: UUID | None = None,
    ) -> Customer:
        """Set (None: clear) the customer's status label (CUSTOMER_STATUS_WRITE); a blocking label
        stops every outbound communication."""
        body = keyed(CustomerStatusUpdate(status_label_id=status_label_id, reason=reason), request_id)
        return await self._model(Customer, "PUT", f"/v1/customers/{customer_id}/status", body=body)

    async def status_history(
        self, customer_id: int, *, page: int = 1, limit: int = DEFAULT_PAGE_LIMIT
    ) -> Page[StatusChange]:
        """Every change of the customer's status label, newest first: who, when, from, to and why."""
        return await self._adapted(
            _STATUS_HISTORY_PAGE,
            "GET",
            f"/v1/customers/{customer_id}/status-history",
            params={"page": page, "limit": limit},
        )

    async def list_status_labels(self) -> list[StatusLabel]:
        return await self._adapted(_STATUS_LABELS, "GET", "/v1/status-labels")

    async def create_status_label(
        self, name: str, *, block_communication: bool = False, request_id: UUID | None = None
    ) -> StatusLabel:
        """A new status label of the tenant (STATUS_LABEL_WRITE)."""
        body = keyed(StatusLabelCreate(name=name, block_communication=block_communication), request_id)
        return await self._model(StatusLabel, "POST", "/v1/status-labels", body=body)

    async def update_status_label(
        self,
        status_label_id: int,
        *,
        name: str | None = None,
        block_communication: bool | None = None,
        request_id: UUID | None = None,
    ) -> StatusLabel:
        """Rename a label and/or change whether it blocks communication; None leaves a field as it is."""
        changes: dict[str, object] = {}
        if name is not None:
            changes["name"] = name
        if block_communication is not None:
            changes["block_communication"] = block_communication
        body = keyed(StatusLabelUpdate.model_validate(changes), request_id)
        return await self._model(StatusLabel, "PATCH", f"/v1/status-labels/{status_label_id}", body=body)
