"""Demo data of the supervisor's desk: requests by `agent` waiting for approval, and one already decided.
(The suspended customer's status-label history comes with its conversations, in demo_threads.py.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract.enums import ApprovalStatus, ApprovalType, ChangeField
from app.server.store import models as m


async def seed_demo_desk(session: AsyncSession, tenant: m.Tenant) -> None:
    """Adds the desk's data to a freshly seeded tenant that has the demo users."""
    await session.flush()
    users = {
        user.username: user
        for user in (await session.execute(select(m.User).where(m.User.tenant_id == tenant.id))).scalars()
    }
    customers = list(
        (
            await session.execute(
                select(m.Customer).where(m.Customer.tenant_id == tenant.id).order_by(m.Customer.id).limit(8)
            )
        ).scalars()
    )
    agent, supervisor = users["agent"], users["supervisor"]
    now = datetime.now(UTC)
    _requests(session, tenant, customers, agent, supervisor, now)


def _requests(
    session: AsyncSession,
    tenant: m.Tenant,
    customers: list[m.Customer],
    agent: m.User,
    supervisor: m.User,
    now: datetime,
) -> None:
    email_change, phone_change, goodwill, decided = customers[3:7]
    old_local = (email_change.email or "customer@example.com").split("@")[0]

    def request(customer: m.Customer, hours_ago: int, reason: str) -> m.ApprovalRequest:
        return m.ApprovalRequest(
            tenant_id=tenant.id,
            customer_id=customer.id,
            status=ApprovalStatus.PENDING.value,
            reason=reason,
            created_by=agent.id,
            created_at=now - timedelta(hours=hours_ago),
        )

    pending_email = request(email_change, 2, "The customer called: the old mailbox is closed")
    pending_email.type, pending_email.field = ApprovalType.CHANGE.value, ChangeField.EMAIL.value
    pending_email.previous_value, pending_email.new_value = (
        email_change.email,
        f"{old_local}@mail.example.net",
    )
    pending_phone = request(phone_change, 5, "New mobile number, given on the phone")
    pending_phone.type, pending_phone.field = ApprovalType.CHANGE.value, ChangeField.PHONE.value
    pending_phone.previous_value, pending_phone.new_value = phone_change.phone, "+491705550148"
    pending_goodwill = request(goodwill, 26, "Two appointments cancelled by us this month")
    pending_goodwill.type, pending_goodwill.points = ApprovalType.GOODWILL.value, 500
    rejected = request(decided, 72, "Caller asked to send texts to a new number")
    rejected.type, rejected.field = ApprovalType.CHANGE.value, ChangeField.PHONE.value
    rejected.previous_value, rejected.new_value = decided.phone, "+491705550199"
    rejected.status = ApprovalStatus.REJECTED.value
    rejected.decided_by, rejected.decided_at = supervisor.id, now - timedelta(hours=70)
    rejected.comment = "The caller could not confirm their identity; verify it with a one-time code first."
    session.add_all([rejected, pending_goodwill, pending_phone, pending_email])
