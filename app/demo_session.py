"""What the desktop app and the embedded demo server it starts agree on: how the app hands the child
the access token it signs its user in with (`switchboard-server --demo --demo-session USER`).

The token travels in the child's environment, which only this user can read; a command-line
argument would show in every user's process list.
"""

from __future__ import annotations

import secrets

#: The environment variable that holds `--demo-session`'s token (ServerSettings.demo_session_token).
TOKEN_ENV = "SWITCHBOARD_DEMO_SESSION_TOKEN"
#: The shortest token the server takes (a `secrets.token_urlsafe(32)` has 43 characters).
TOKEN_MIN_LENGTH = 32


def new_token() -> str:
    """A token for the child to store, shaped like the server's own access tokens."""
    return f"sbt_{secrets.token_urlsafe(32)}"
