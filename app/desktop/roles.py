"""Who is a supervisor: the one rule of which desk the signed-in user gets.

A supervisor (role SUPERVISOR or ADMIN) gets the supervisor's views and controls; an agent never
sees any of them, not even disabled, so the views are not built at all for an agent.
"""

from __future__ import annotations

from app.contract.auth import User
from app.contract.enums import Role

SUPERVISOR_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def is_supervisor(user: User | None) -> bool:
    """The user gets the supervisor's desk (nobody signed in: no)."""
    return user is not None and user.role in SUPERVISOR_ROLES
