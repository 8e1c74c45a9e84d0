"""Server settings: command-line flags over `SWITCHBOARD_*` environment variables over defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from platformdirs import user_data_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """SQLite in the user data directory (WAL mode is set on connect)."""
    path = Path(user_data_dir("switchboard", appauthor=False)) / "server.db"
    return f"sqlite+aiosqlite:///{path}"


def normalise_database_url(url: str) -> str:
    """Accept plain `sqlite:///` and `postgresql://` URLs and pick the async drivers."""
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite+aiosqlite:///{Path(url).expanduser().resolve()}"
    return url


#: api.md's retry schedule of a webhook delivery, in seconds: about 24 h in all.
WEBHOOK_RETRY_DELAYS: tuple[float, ...] = (1, 10, 60, 300, 1800, 3600, 7200, 14400, 28800, 28800)


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SWITCHBOARD_")

    database_url: str = ""
    demo: bool = False
    demo_session_user: str | None = None
    """With `demo`: the demo user whom `demo_session_token` signs in at start (`--demo-session`)."""
    demo_session_token: SecretStr | None = None
    """An access token the parent process chose: the desktop app, for the embedded demo server it
    starts. Stored for `demo_session_user` at start, so the app needs no password sign-in, whose
    argon2 hash costs a fifth of a second on every start."""
    rate_limit_per_minute: int = 1000
    """Requests per credential and endpoint in one rate-limit window (a minute unless changed)."""
    rate_limit_window_seconds: int = Field(default=60, ge=1)
    sign_in_failures_per_username: int = Field(default=5, ge=1)
    """Failed sign-ins for one username within the sign-in window; past them, its sign-ins are refused."""
    sign_in_failures_per_address: int = Field(default=20, ge=1)
    """Failed sign-ins from one client address in the sign-in window; past them, its sign-ins are refused."""
    sign_in_window_seconds: int = Field(default=15 * 60, ge=1)
    """The moving window in which failed sign-ins are counted (15 minutes unless changed)."""
    token_ttl_seconds: int = 12 * 3600
    heartbeat_seconds: float = 15.0
    otp_ttl_seconds: int = 300
    smtp_url: str | None = None
    smtp_sender: str = "switchboard@localhost"
    allow_private_webhooks: bool = False
    """Let webhooks POST to loopback and private addresses (tests, demos); refused (422) otherwise."""
    webhook_retry_delays: list[Annotated[float, Field(ge=0)]] = Field(
        default_factory=lambda: list(WEBHOOK_RETRY_DELAYS)
    )
    """Seconds before each retry of a failed webhook delivery (each with up to 20% jitter); after
    the last, the delivery is FAILED. As JSON in the environment: `[1, 10, 60]`."""
    webhook_timeout_seconds: float = Field(default=10.0, gt=0)
    """How long a webhook receiver may take to answer; longer is a failed attempt."""
    check_documented_statuses: bool = False
    """For tests: log each answer whose status or error code /openapi.json does not give its operation."""

    def resolved_database_url(self) -> str:
        return normalise_database_url(self.database_url or default_database_url())


class PasswordHashSettings(BaseSettings):
    """argon2id's cost for passwords and one-time codes (`SWITCHBOARD_PASSWORD_HASH_*`); the defaults
    are argon2-cffi's, RFC 9106's low-memory choice. A hash made with other parameters is made again at
    the next sign-in. The tests lower them: every test signs in, and 64 MiB a sign-in adds minutes."""

    model_config = SettingsConfigDict(env_prefix="SWITCHBOARD_PASSWORD_HASH_")

    time_cost: int = Field(default=3, ge=1)
    memory_kib: int = Field(default=65536, ge=8)
    parallelism: int = Field(default=4, ge=1)
