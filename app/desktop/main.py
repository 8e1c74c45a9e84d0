"""`switchboard`: the desktop app's entry point — arguments, QApplication, asyncio on Qt (qasync).

Start-up is ordered for speed: the embedded server child is spawned first, before Qt is even
imported, so it boots while the window is built; the customer list is filled as soon as it listens.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from app import collector
from app.version import app_version

if TYPE_CHECKING:
    from app.desktop.session.embedded import EmbeddedServer

TABS = ("conversations", "preferences", "activity")
#: The views of the main window `--screenshot` can show; approvals and dashboard are a supervisor's.
VIEWS = ("customer", "queue", "approvals", "dashboard")
FIRST_DEMO_CUSTOMER = 1
#: `--appearance`: the values of app.desktop.appearance.Appearance, written out here because importing
#: it loads Qt, before the embedded server is started.
APPEARANCES = ("system", "light", "dark")
#: `--language`: app.desktop.translation.LANGUAGES, written out here for the same reason.
LANGUAGES = ("en", "de")


def window_size(text: str) -> tuple[int, int]:
    """`--size`: "1024x640" as (1024, 640)."""
    width, _, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1024x640") from None
    if not all(200 <= side <= 10_000 for side in size):
        raise argparse.ArgumentTypeError(f"{text!r}: width and height are between 200 and 10000 pixels")
    return size


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="switchboard",
        description="Switchboard: find a customer, see their consent, read and answer their threads. "
        "With no server configured it starts a local demo server and signs in as the demo agent.",
    )
    parser.add_argument(
        "--server", metavar="URL", help="use this Switchboard server (remembered for next time)"
    )
    parser.add_argument(
        "--allow-insecure",
        action="store_true",
        help="allow plain http:// to a host other than this computer (sends data unencrypted)",
    )
    parser.add_argument(
        "--reset-demo", action="store_true", help="recreate the embedded demo database before starting"
    )
    parser.add_argument(
        "--screenshot",
        metavar="PATH",
        type=Path,
        help="start as usual, open a customer, save a PNG of the main window and exit",
    )
    parser.add_argument(
        "--customer",
        metavar="ID",
        type=int,
        default=FIRST_DEMO_CUSTOMER,
        help="with --screenshot: the customer to open (default: 1, the first demo customer)",
    )
    parser.add_argument(
        "--tab", choices=TABS, default="conversations", help="with --screenshot: the tab to show"
    )
    parser.add_argument(
        "--view",
        choices=VIEWS,
        default="customer",
        help="with --screenshot: the view to show (approvals and dashboard need a supervisor: --user)",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="sign in on the embedded demo server as this demo user instead of the demo agent "
        "(agent, agent2, supervisor, admin, other-agent)",
    )
    parser.add_argument(
        "--appearance",
        choices=APPEARANCES,
        help="draw in this look for this run only (the View > Appearance choice stays as saved); "
        "system follows the computer's light or dark colour scheme",
    )
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        help="speak this language for this run only (en English, de German; the language chosen in "
        "File > Settings stays as saved)",
    )
    parser.add_argument(
        "--size",
        metavar="WIDTHxHEIGHT",
        type=window_size,
        help="with --screenshot: the window's size in pixels (default: 1280x800)",
    )
    parser.add_argument(
        "--benchmark-startup",
        action="store_true",
        help="print start-up timings and exit once the first customer list is painted",
    )
    parser.add_argument("--version", action="version", version=f"switchboard {app_version()}")
    args = parser.parse_args(argv)
    if args.reset_demo and args.server:
        parser.error("--reset-demo applies to the embedded demo server, not to --server")
    given = argv if argv is not None else sys.argv[1:]
    if any(a.startswith(("--customer", "--tab", "--view")) for a in given) and args.screenshot is None:
        parser.error("--customer, --tab and --view go with --screenshot")
    if args.size is not None and args.screenshot is None:
        parser.error("--size goes with --screenshot")
    if any(a.startswith(("--customer", "--tab")) for a in given) and args.view != "customer":
        parser.error("--customer and --tab go with --view customer")
    if args.user is not None:
        if args.server:
            parser.error("--user signs in on the embedded demo server; with --server the sign-in dialog asks")
        from app.desktop.session.embedded import DEMO_USERS

        if args.user not in DEMO_USERS:
            parser.error(
                f"--user: there is no demo user {args.user!r}; the demo users are "
                f"{', '.join(DEMO_USERS)} (password demo)"
            )
    return args


def main(argv: list[str] | None = None) -> None:
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    entered = time.perf_counter()
    collector.pause()  # on again once the window shows (application._run), or here if the start fails
    try:
        return _run(argv, entered)
    finally:
        collector.resume()


def _run(argv: list[str] | None, entered: float) -> int:
    args = parse_args(argv)
    from app.desktop.display import choose_platform

    forced, problem = choose_platform(
        os.environ, headless_run=args.screenshot is not None or args.benchmark_startup
    )
    if problem is not None:
        print(f"switchboard: {problem}", file=sys.stderr)
        return 2
    if forced is not None:
        os.environ["QT_QPA_PLATFORM"] = forced
    # QtCore only (fast): the configured server decides whether the embedded child is needed.
    from app.desktop.session.config import check_server_url, configured_server_url, data_dir

    server_url = args.server or configured_server_url()
    if server_url is not None:
        try:
            server_url = check_server_url(server_url, allow_insecure=args.allow_insecure)
        except ValueError as exc:
            print(f"switchboard: {exc}", file=sys.stderr)
            return 2
    if server_url is not None and args.user is not None:
        problem = f"--user signs in on the embedded demo server, but the server is {server_url}"
        print(f"switchboard: {problem}", file=sys.stderr)
        return 2
    embedded: EmbeddedServer | None = None
    if server_url is None:
        from app.desktop.session.embedded import DEMO_AGENT, EmbeddedServer

        embedded = EmbeddedServer(data_dir(), user=args.user or DEMO_AGENT)
        if args.reset_demo:
            embedded.reset()
        embedded.start()
    try:
        from app.desktop.application import run_gui

        return run_gui(args, server_url, embedded, entered)
    finally:
        if embedded is not None:
            embedded.stop()


if __name__ == "__main__":
    main()
