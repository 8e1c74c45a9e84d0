"""Identity check by one-time code: send (bypasses opt-outs, never a block) and validate.

The code is six digits, stored only as an argon2 hash, valid `otp_ttl_seconds` and allows
`MAX_ATTEMPTS` wrong answers. Every send and every attempt is a communication in the customer's
log (kinds OTP and OTP_ATTEMPT); the code itself only ever reaches the dispatcher.
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from app.contract import otp as co
from app.contract.enums import Channel, CommunicationKind, DeliveryStatus, Direction, EventType, Scope
from app.contract.errors import ErrorCode
from app.server.errors import ApiError
from app.server.messaging import Draft, Outbound
from app.server.openapi import answers
from app.server.routes.deps import AppDatabase
from app.server.routes.params import IdPath
from app.server.security import Principal, hash_password, verify_password
from app.server.security import require as require_scope
from app.server.serialise.communications import communication_view
from app.server.store import models as m
from app.server.tenancy import load_customer, load_in_tenant
from app.server.writes import WriteResult, record_event, run_write

router = APIRouter(prefix="/v1", tags=["one-time codes"])

MAX_ATTEMPTS = 5
Sender = Annotated[Principal, Depends(require_scope(Scope.OTP_SEND))]


@router.post("/customers/{customerId}/otp", status_code=201, response_model=co.OtpSent)
async def send_otp(customerId: IdPath, body: co.OtpSend, request: Request, principal: Sender) -> Response:
    """Send a new code. Opt-outs do not stop it; a blocked customer's is recorded SUPPRESSED."""
    code = f"{secrets.randbelow(10**6):06d}"
    code_hash = await asyncio.to_thread(hash_password, code)
    ttl = timedelta(seconds=request.app.state.settings.otp_ttl_seconds)
    outbound = Outbound(request)

    async def work(session: AsyncSession) -> WriteResult:
        customer = await load_customer(session, principal, customerId)
        channel = Channel(body.communication_channel.value)
        minutes = max(1, round(ttl.total_seconds() / 60))
        row = await outbound.record(
            session,
            customer,
            Draft(
                direction=Direction.OUTGOING,
                channel=channel,
                kind=CommunicationKind.OTP,
                content=f"One-time code sent by {channel.value}, valid {minutes} minutes.",
                subject="Your verification code",
                agent=principal.display_name,
                text=f"Your verification code is {code}. It is valid for {minutes} minutes.",
            ),
        )
        otp = m.Otp(
            id=str(uuid.uuid4()),
            tenant_id=principal.tenant_id,
            customer_id=customer.id,
            channel=channel.value,
            code_hash=code_hash,
            expires_at=datetime.now(UTC) + ttl,
            attempts=0,
            verified_at=None,
            delivery_status=row.delivery_status,
        )
        session.add(otp)
        record_event(
            session, principal.tenant_id, EventType.COMMUNICATION_CREATED, communication_view(row, None)
        )
        sent = co.OtpSent(
            otp_id=uuid.UUID(otp.id),
            communication_channel=body.communication_channel,
            delivery_status=DeliveryStatus(row.delivery_status),
            expires_at=otp.expires_at,
        )
        return WriteResult(201, sent)

    return outbound.send_after(await run_write(request, principal, body, work))


@dataclass
class _Verdict:
    error: ApiError | None
    note: str


@router.post(
    "/customers/{customerId}/otp/{otpId}/validate",
    response_model=co.OtpValidation,
    responses=answers(ErrorCode.OTP_INVALID, ErrorCode.OTP_EXPIRED, ErrorCode.OTP_TOO_MANY_ATTEMPTS),
)
async def validate_otp(
    customerId: IdPath, otpId: uuid.UUID, body: co.OtpValidate, db: AppDatabase, principal: Sender
) -> co.OtpValidation:
    """200 `{valid: true}`; wrong 422 `otp.invalid` [attemptsLeft]; expired or used 410; after
    five wrong codes 429. Each attempt is logged, and stays logged although the answer is an error."""
    async with db.read() as session:
        await load_customer(session, principal, customerId)  # an unknown customer is the first 404
        sent = await load_in_tenant(
            session, principal, m.Otp, str(otpId), lambda otp: otp.customer_id == customerId
        )
        code_hash = sent.code_hash
    # Checked before taking the write lock: argon2 is deliberately slow.
    matches = await verify_password(code_hash, body.code)

    async with db.write() as session:
        otp = await session.get(m.Otp, str(otpId))
        customer = await session.get(m.Customer, customerId)
        assert otp is not None and customer is not None  # nothing deletes them outside a demo reset
        verdict = _judge(otp, matches, datetime.now(UTC))
        row = m.Communication(
            tenant_id=customer.tenant_id,
            customer_id=customer.id,
            thread_id=None,
            kind=CommunicationKind.OTP_ATTEMPT.value,
            subject="Verification code check",
            content=f"Code check: {verdict.note}.",
            direction=Direction.INCOMING.value,
            channel=otp.channel,
            agent=principal.display_name,
            communication_date_time=datetime.now(UTC),
            message_category=None,
            delivery_status=DeliveryStatus.RECEIVED.value,
            suppression_reason=None,
            details=None,
            created_at=datetime.now(UTC),
        )
        session.add(row)
        await session.flush()
        record_event(
            session, principal.tenant_id, EventType.COMMUNICATION_CREATED, communication_view(row, None)
        )
    if verdict.error is not None:
        raise verdict.error
    return co.OtpValidation(valid=True)


def _judge(otp: m.Otp, matches: bool, now: datetime) -> _Verdict:
    """Decide one attempt and update the code's state (attempts, verification)."""
    if otp.verified_at is not None:
        return _Verdict(ApiError(ErrorCode.OTP_EXPIRED), "code already used")
    if otp.attempts >= MAX_ATTEMPTS:
        return _Verdict(ApiError(ErrorCode.OTP_TOO_MANY_ATTEMPTS), "refused, too many wrong codes")
    if otp.expires_at <= now:
        return _Verdict(ApiError(ErrorCode.OTP_EXPIRED), "code expired")
    if not matches:
        otp.attempts += 1
        left = MAX_ATTEMPTS - otp.attempts
        return _Verdict(ApiError(ErrorCode.OTP_INVALID, left), f"wrong code, {left} attempts left")
    otp.verified_at = now
    return _Verdict(None, "correct code, identity confirmed")
