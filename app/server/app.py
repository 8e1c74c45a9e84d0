"""The FastAPI application factory: storage, security, routes and error handling wired together."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import timedelta

from fastapi import APIRouter, Depends, FastAPI

from app.contract.customers import Health
from app.server.config import ServerSettings
from app.server.demo import seed_demo, start_demo_session
from app.server.dispatch import dispatcher_for, fail_interrupted_sends
from app.server.documented import DocumentedAnswerCheck
from app.server.errors.handlers import install_error_handlers
from app.server.middleware import HEALTH_PATH, TraceAndLimitMiddleware
from app.server.openapi import install_openapi
from app.server.routes import (
    auth,
    communications,
    customers,
    dev,
    events,
    marketing,
    otp,
    preferences,
    reports,
    requests,
    threads,
    webhooks,
)
from app.server.routes.query import strict_query
from app.server.security import Authenticator
from app.server.stopping import streams_end_on_stop
from app.server.store.db import Database
from app.server.throttling import RateLimit, SignInThrottle, limit_storage
from app.server.webhooks import WebhookDispatcher
from app.server.writes import EventHub, purge_idempotency_keys, purge_idempotency_keys_periodically
from app.version import app_version

#: The health probe, at module level like every other route: the API document is made once per process
#: for a set of route objects (app.server.openapi), and a route made inside create_app would be a new
#: one for each app, so each app of the tests would make the document again (0.3 to 0.8 s).
operations = APIRouter(tags=["operations"])


@operations.get(HEALTH_PATH, response_model=Health)
async def healthz() -> Health:
    """Liveness; needs no credentials."""
    return Health(status="ok", version=app_version())


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    settings = settings or ServerSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings.resolved_database_url())
        await db.migrate()
        token_ttl = timedelta(seconds=settings.token_ttl_seconds)
        if settings.demo:
            await seed_demo(db)
            if settings.demo_session_user is not None and settings.demo_session_token is not None:
                token = settings.demo_session_token.get_secret_value()
                await start_demo_session(db, settings.demo_session_user, token, token_ttl)
        if settings.smtp_url:
            await fail_interrupted_sends(db)
        await purge_idempotency_keys(db)
        hub = EventHub()
        db.on_events_committed = hub.notify
        # On PostgreSQL other server processes' commits wake this one's streams too (LISTEN/NOTIFY).
        authenticator = Authenticator(db, token_ttl)
        listener = None
        if not db.is_sqlite:
            from app.server.fanout import EventListener  # here: a server on SQLite never loads asyncpg

            listener = EventListener(db, hub, on_revoked=authenticator.forget)
        if listener is not None:
            # Revocations by other processes are heard only while listening: till then, no cache.
            authenticator.cache_trusted = lambda: listener.listening
            await listener.start()
        app.state.event_listener = listener
        app.state.settings = settings
        app.state.db = db
        app.state.hub = hub
        app.state.dispatcher = dispatcher_for(settings.smtp_url, settings.smtp_sender)
        app.state.authenticator = authenticator
        app.state.limit_storage = storage = limit_storage(db)
        app.state.rate_limiter = RateLimit(
            storage, settings.rate_limit_per_minute, settings.rate_limit_window_seconds
        )
        app.state.sign_in_throttle = SignInThrottle(
            storage,
            settings.sign_in_failures_per_username,
            settings.sign_in_failures_per_address,
            settings.sign_in_window_seconds,
        )
        purging = asyncio.create_task(purge_idempotency_keys_periodically(db))
        app.state.webhook_dispatcher = webhook_dispatcher = WebhookDispatcher(db, hub, settings)
        webhook_dispatcher.start()
        try:
            with streams_end_on_stop(hub):
                yield
        finally:
            await webhook_dispatcher.stop()
            purging.cancel()
            with suppress(asyncio.CancelledError):
                await purging
            if listener is not None:
                await listener.stop()
            await storage.close()
            await db.dispose()

    app = FastAPI(
        title="Switchboard API",
        version=app_version(),
        description="Customers, consent, conversation threads and live events for Switchboard.",
        lifespan=lifespan,
        dependencies=[Depends(strict_query)],
    )
    install_openapi(app)
    app.add_middleware(TraceAndLimitMiddleware)
    if settings.check_documented_statuses:
        app.add_middleware(DocumentedAnswerCheck)
    install_error_handlers(app)
    for module in (
        auth,
        customers,
        preferences,
        marketing,
        threads,
        communications,
        otp,
        requests,
        reports,
        events,
        webhooks,
    ):
        app.include_router(module.router)
    if settings.demo:
        app.include_router(dev.router)
    app.include_router(operations)

    return app
