"""Change and goodwill requests, and the customer history they write, as wire models.

A request is read with its customer's name and its creator's and decider's names in one query
(`approval_query`), so a page of requests costs one query, however many it holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from app.contract import approvals as ca
from app.contract.auth import UserRef
from app.contract.customers import Actor, person_name
from app.contract.enums import ApprovalStatus, ApprovalType, ChangeField, CustomerChangeField
from app.server.store import models as m

#: A request with its customer's first and last name, its creator and its decider (None while pending).
ApprovalRow = tuple[m.ApprovalRequest, str, str, m.User, m.User | None]

_creator = aliased(m.User, name="creator")
_decider = aliased(m.User, name="decider")


def approval_query() -> Select[m.ApprovalRequest, str, str, m.User, m.User | None]:
    """Requests joined to what their view names; add the filters and the order."""
    return (
        select(m.ApprovalRequest, m.Customer.first_name, m.Customer.last_name, _creator, _decider)
        .join(m.Customer, m.Customer.id == m.ApprovalRequest.customer_id)
        .join(_creator, _creator.id == m.ApprovalRequest.created_by)
        .outerjoin(_decider, _decider.id == m.ApprovalRequest.decided_by)
    )


def user_ref(user: m.User) -> UserRef:
    return UserRef(user_id=user.id, display_name=user.display_name)


def approval_view(
    row: m.ApprovalRequest, customer: m.Customer | tuple[str, str], creator: m.User, decider: m.User | None
) -> ca.ApprovalRequest:
    first, last = (customer.first_name, customer.last_name) if isinstance(customer, m.Customer) else customer
    return ca.ApprovalRequest(
        approval_request_id=row.id,
        customer_id=row.customer_id,
        customer_name=person_name(first, last),
        type=ApprovalType(row.type),
        status=ApprovalStatus(row.status),
        field=ChangeField(row.field) if row.field else None,
        previous_value=row.previous_value,
        new_value=row.new_value,
        points=row.points,
        reason=row.reason,
        created_by=user_ref(creator),
        created_at=row.created_at,
        decided_by=user_ref(decider) if decider is not None else None,
        decided_at=row.decided_at,
        comment=row.comment,
    )


def approval_views(rows: Sequence[ApprovalRow]) -> list[ca.ApprovalRequest]:
    """The rows of `approval_query` as wire models."""
    return [
        approval_view(request, (first, last), creator, decider)
        for request, first, last, creator, decider in rows
    ]


def customer_change_view(row: m.CustomerChange) -> ca.CustomerChange:
    return ca.CustomerChange(
        customer_change_id=row.id,
        at=row.at,
        actor=Actor(user_id=row.actor_user_id, api_key_id=row.actor_api_key_id, display_name=row.actor_name),
        field=CustomerChangeField(row.field),
        previous=row.previous,
        current=row.current,
        approval_request_id=row.approval_request_id,
        request_id=row.request_id,
    )
