"""A communication (with its thread's status and ticket) as its wire model."""

from __future__ import annotations

from typing import Any

from app.contract import communications as cc
from app.server.store import models as m


def communication_view(row: m.Communication, thread: m.Thread | None) -> cc.Communication:
    details: Any = row.details
    return cc.Communication(
        customer_id=row.customer_id,
        communication_id=row.id,
        thread_id=row.thread_id,
        communication_thread_status=thread.status if thread is not None else None,
        ticket_number=thread.ticket_number if thread is not None else None,
        ticket_link=thread.ticket_link if thread is not None else None,
        subject=row.subject,
        content=row.content,
        communication_direction=row.direction,
        communication_channel=row.channel,
        agent=row.agent,
        communication_date_time=row.communication_date_time,
        message_category=row.message_category,
        delivery_status=row.delivery_status,
        suppression_reason=row.suppression_reason,
        failure_reason=row.failure_reason,
        kind=row.kind,
        details=cc.CommunicationDetails.model_validate(details) if details else None,
        approval_request_id=row.approval_request_id,
    )
