"""Demo-mode only endpoints: reset the demo data (for tests and demos)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from app.contract.enums import Scope
from app.server.demo import reset_demo
from app.server.security import Authenticator, Principal, require

router = APIRouter(prefix="/v1/dev", tags=["demo mode"])


@router.post("/reset", status_code=204)
async def reset(
    request: Request, principal: Annotated[Principal, Depends(require(Scope.USER_ADMIN))]
) -> Response:
    """Delete everything and create the demo data afresh; every token is signed out."""
    await reset_demo(request.app.state.db)
    authenticator: Authenticator = request.app.state.authenticator
    authenticator.forget()
    return Response(status_code=204)
