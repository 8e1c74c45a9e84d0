"""API methods of the identity check by one-time code."""

from __future__ import annotations

from uuid import UUID

from app.client.core import ClientCore, keyed
from app.contract.enums import OtpChannel
from app.contract.otp import OtpSend, OtpSent, OtpValidate, OtpValidation


class IdentityApi(ClientCore):
    async def send_otp(
        self, customer_id: int, communication_channel: OtpChannel, *, request_id: UUID | None = None
    ) -> OtpSent:
        """Send a 6-digit code valid 5 minutes; opt-outs do not stop it, a block suppresses it
        (`delivery_status` SUPPRESSED)."""
        body = keyed(OtpSend(communication_channel=communication_channel), request_id)
        return await self._model(OtpSent, "POST", f"/v1/customers/{customer_id}/otp", body=body)

    async def validate_otp(self, customer_id: int, otp_id: UUID, code: str) -> OtpValidation:
        """Check the code the caller read out.

        Raises `ValidationFailed` (otp.invalid, args [attemptsLeft]) for a wrong code, `Gone` when it
        expired or was used, `TooManyAttempts` after five wrong codes. Never retried once sent: each
        attempt counts, and a second try of a right code would find it used.
        """
        return await self._model(
            OtpValidation,
            "POST",
            f"/v1/customers/{customer_id}/otp/{otp_id}/validate",
            body=OtpValidate(code=code),
        )
