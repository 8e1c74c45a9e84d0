"""Identity check by one-time code."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import StringConstraints

from app.contract.base import ApiModel, IdempotentRequest, RequestModel
from app.contract.datetimes import ZonedDateTime
from app.contract.enums import DeliveryStatus, OtpChannel


class OtpSend(IdempotentRequest):
    communication_channel: OtpChannel


class OtpSent(ApiModel):
    otp_id: UUID
    communication_channel: OtpChannel
    delivery_status: DeliveryStatus
    expires_at: ZonedDateTime


class OtpValidate(RequestModel):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]


class OtpValidation(ApiModel):
    valid: bool
