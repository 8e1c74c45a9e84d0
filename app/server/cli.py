"""`switchboard-server`: run the reference API server."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import collector, demo_session
from app.logfile import LOG_FORMAT, rotating_log_handler
from app.version import app_version

# The server itself (FastAPI, SQLAlchemy, the routes) is imported by main(), with the cyclic garbage
# collector off (app.collector). `--help` and `--version` need none of it.
if TYPE_CHECKING:
    from app.server.config import ServerSettings

log = logging.getLogger("switchboard.server")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="switchboard-server", description="Run the Switchboard API server.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8700, help="port to listen on; 0 takes a free one")
    parser.add_argument("--database", help="database URL or SQLite file (default: the user data directory)")
    parser.add_argument("--demo", action="store_true", help="create the demo data and serve /v1/dev/outbox")
    parser.add_argument(
        "--demo-session",
        metavar="USER",
        help="with --demo: sign the demo user USER in at start with the access token in "
        f"{demo_session.TOKEN_ENV} (how the desktop app starts its embedded server)",
    )
    parser.add_argument(
        "--seed-customers", type=int, default=0, metavar="N", help="add N generated customers"
    )
    parser.add_argument("--smtp-url", help="send EMAIL through this SMTP server, e.g. smtp://host:25")
    parser.add_argument("--rate-limit", type=int, help="requests per minute per credential and endpoint")
    parser.add_argument(
        "--rate-limit-window",
        type=int,
        metavar="SECONDS",
        help="count --rate-limit per this many seconds instead of per minute",
    )
    parser.add_argument(
        "--allow-private-webhooks",
        action="store_true",
        help="let webhooks POST to loopback and private addresses (tests, demos)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="serve from N processes on the one port (default 1); see README for SQLite",
    )
    parser.add_argument(
        "--exit-on-stdin-close",
        action="store_true",
        help="stop when standard input closes (for a parent process)",
    )
    parser.add_argument(
        "--log-level",
        default="warning",
        choices=["debug", "info", "warning", "error"],
        help="log level (default warning); one access line per request, with its trace id, unless error",
    )
    parser.add_argument(
        "--log-file",
        type=Path,
        metavar="PATH",
        help="log to this file, rotated when it grows large, instead of to standard error",
    )
    parser.add_argument("--version", action="version", version=f"switchboard-server {app_version()}")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error("--port must be 0..65535")
    if args.seed_customers < 0:
        parser.error("--seed-customers must not be negative")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.demo_session is not None:
        if not args.demo:
            parser.error("--demo-session goes with --demo")
        if len(os.environ.get(demo_session.TOKEN_ENV, "")) < demo_session.TOKEN_MIN_LENGTH:
            parser.error(
                f"--demo-session: {demo_session.TOKEN_ENV} must hold a token of at least "
                f"{demo_session.TOKEN_MIN_LENGTH} characters"
            )
    return args


def settings_from(args: argparse.Namespace) -> ServerSettings:
    from app.server.config import ServerSettings

    overrides: dict[str, object] = {"demo": args.demo}
    if args.demo_session is not None:
        overrides["demo_session_user"] = args.demo_session
    if args.database:
        overrides["database_url"] = args.database
    if args.smtp_url:
        overrides["smtp_url"] = args.smtp_url
    if args.rate_limit:
        overrides["rate_limit_per_minute"] = args.rate_limit
    if args.rate_limit_window:
        overrides["rate_limit_window_seconds"] = args.rate_limit_window
    if args.allow_private_webhooks:
        overrides["allow_private_webhooks"] = True
    return ServerSettings(**overrides)  # type: ignore[arg-type]


#: uvicorn's options, the same for one process and for each of `--workers N`.
SERVER_OPTIONS: dict[str, Any] = {
    "log_config": None,
    "access_log": False,
    "lifespan": "on",
    "timeout_graceful_shutdown": 3,
}


async def _prepare(settings: ServerSettings, count: int) -> None:
    """Migrates, creates the demo data (with --demo) and adds `count` generated customers."""
    from app.server.demo import seed_demo
    from app.server.seeding import seed_customers
    from app.server.store.db import Database

    db = Database(settings.resolved_database_url())
    try:
        await db.migrate()
        if settings.demo:
            # The demo data first: it is only created in a database without the demo tenant,
            # and the bulk insert below would create that tenant bare (no users, no labels).
            await seed_demo(db)
        if count:
            seconds = await seed_customers(db, count)
            log.warning("seeded %d customers in %.1f s", count, seconds)
    finally:
        await db.dispose()


def _listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP: asyncio only sets TCP_NODELAY on accepted sockets whose proto says TCP; without
    # it Nagle holds each response's body behind its headers for a delayed ACK (40 ms per request).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _announce(host: str, sock: socket.socket) -> None:
    """The one line on standard output, once the server serves (a parent reads the port from it)."""
    shown = f"[{host}]" if ":" in host else host
    sys.stdout.write(f"Switchboard server listening on http://{shown}:{sock.getsockname()[1]}\n")
    sys.stdout.flush()


async def serve(args: argparse.Namespace) -> None:
    import uvicorn

    from app.server.app import create_app

    settings = settings_from(args)
    if args.seed_customers:
        collector.resume()  # thousands of customers made: their garbage is collected
        await _prepare(settings, args.seed_customers)
    sock = _listening_socket(args.host, args.port)
    app = create_app(settings)
    config = uvicorn.Config(app, **SERVER_OPTIONS)
    server = uvicorn.Server(config)
    loop = asyncio.get_running_loop()

    def stop() -> None:  # from the stdin watcher's thread: as a stop signal does (app.server.stopping)
        hub = getattr(app.state, "hub", None)
        if hub is not None:
            loop.call_soon_threadsafe(hub.close)
        server.should_exit = True

    if args.exit_on_stdin_close:
        _exit_when_stdin_closes(stop)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not task.done():  # noqa: ASYNC110 - uvicorn offers no started event
        await asyncio.sleep(0.01)
    if server.started:
        collector.resume()
        _announce(args.host, sock)
    await task


def serve_workers(args: argparse.Namespace) -> None:
    """`--workers N`: the database made ready once, here, then N worker processes on one socket."""
    from uvicorn.config import STARTUP_FAILURE

    from app.server.workers import Supervisor, WorkerConfig, worker_log_queue

    settings = settings_from(args)
    collector.resume()  # the workers start on their own; this process only waits for them
    asyncio.run(_prepare(settings, args.seed_customers))
    sock = _listening_socket(args.host, args.port)
    with worker_log_queue() as log_queue:
        config = WorkerConfig(settings, args.workers, args.log_level, log_queue, **SERVER_OPTIONS)
        supervisor = Supervisor(config, [sock], on_serving=lambda: _announce(args.host, sock))
        if args.exit_on_stdin_close:
            _exit_when_stdin_closes(supervisor.should_exit.set)
        supervisor.run()
    if not supervisor.served:
        sys.exit(STARTUP_FAILURE)


def _exit_when_stdin_closes(stop: Callable[[], None]) -> None:
    """A parent that dies closes our stdin: then we stop too, and no orphan is left."""

    def watch() -> None:
        # The file descriptor, not sys.stdin: a thread blocked in a buffered read holds the buffer's
        # lock, and an interpreter that exits meanwhile (after SIGTERM) aborts on it.
        try:
            while os.read(stdin, 1024):
                pass
        except OSError:
            pass
        stop()

    stdin = sys.stdin.fileno()

    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


def main(argv: list[str] | None = None) -> None:
    collector.pause()  # on again once it serves (or seeds customers, or supervises workers)
    args = parse_args(argv)
    handler = rotating_log_handler(args.log_file) if args.log_file else logging.StreamHandler(sys.stderr)
    logging.basicConfig(handlers=[handler], format=LOG_FORMAT)
    from uvicorn.loops.auto import auto_loop_factory

    from app.server.workers import set_log_levels

    set_log_levels(args.log_level)
    with contextlib.suppress(KeyboardInterrupt):
        if args.workers > 1:
            serve_workers(args)
        else:
            # The event loop uvicorn's workers run on too: uvloop where it is installed (not on Windows).
            with asyncio.Runner(loop_factory=auto_loop_factory()) as runner:
                runner.run(serve(args))


if __name__ == "__main__":
    main()
