"""The running app: QApplication with asyncio on its loop (qasync), the window, the session.

Also the unattended runs: `--screenshot` (open a customer, wait until every view has its data,
save the window as PNG) and `--benchmark-startup` (print when the first customer list is painted).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from types import TracebackType

import qasync
from PySide6.QtCore import (
    QEvent,
    QMessageLogContext,
    QObject,
    Qt,
    QTimer,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from app import collector
from app.client.errors import ClientError
from app.desktop import icons
from app.desktop.appearance import Appearance, start_looks
from app.desktop.awaiting import next_emission
from app.desktop.focus import show_keyboard_focus
from app.desktop.logs import configure_logging
from app.desktop.mainwindow import MainWindow
from app.desktop.queue.window import QUEUE_VIEW
from app.desktop.session.config import APPLICATION, ORGANISATION, data_dir, store_server_url
from app.desktop.session.controller import ActiveSession, SessionController, StartOptions
from app.desktop.session.embedded import DEMO_AGENT, EmbeddedServer
from app.desktop.supervisor import APPROVALS_VIEW, DASHBOARD_VIEW, SUPERVISOR_VIEWS
from app.desktop.translation import install_language

log = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1280, 800)
SCREENSHOT_TIMEOUT_S = 60.0
STARTUP_TIMEOUT_S = 60.0


class FirstPaint(QObject):
    """Fires once, when the watched view paints with at least one row in its model."""

    painted = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._results = window.search.results
        self._results.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._results.model().rowCount() > 0:
            self._results.viewport().removeEventFilter(self)
            # After this paint event has been handled, i.e. the rows are on screen.
            QTimer.singleShot(0, self.painted.emit)
        return False


class WindowClosed(QObject):
    """An asyncio future that completes when the main window closes."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.future: asyncio.Future[None] = asyncio.get_event_loop().create_future()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and not self.future.done():
            self.future.set_result(None)
        return False


#: Qt warnings that say nothing to a user: the offscreen platform (--screenshot) has no window manager.
_QT_NOISE = ("This plugin does not support propagateSizeHints()",)
_qt_log = logging.getLogger("qt")


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own messages into Python's logging, minus the known noise."""
    if message in _QT_NOISE:
        return
    if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
        _qt_log.debug(message)
    elif kind == QtMsgType.QtWarningMsg:
        _qt_log.warning(message)
    else:
        _qt_log.error(message)


def log_unexpected(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    """`sys.excepthook` of the app: a failure nobody handled (in a Qt slot, an `asyncSlot` or a
    spawned task) is logged with its traceback, and the app goes on."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    log.error("unexpected failure", exc_info=(kind, error, trace))


def run_gui(
    args: argparse.Namespace, server_url: str | None, embedded: EmbeddedServer | None, entered: float
) -> int:
    """Build the app and run it until the main window closes; the process exit code."""
    configure_logging(data_dir())
    qInstallMessageHandler(_qt_message)
    sys.excepthook = log_unexpected
    QApplication.setOrganizationName(ORGANISATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName("Switchboard")
    # The desktop entry's name (packaging/linux): Wayland's app id, so the desktop shows its icon and name.
    QApplication.setDesktopFileName("com.example.switchboard")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)  # the asyncio side ends the run, after a clean shutdown
    show_keyboard_focus(app)
    # Before any widget exists, so every text is made in the language; --language is for this run only.
    install_language(app, args.language)
    app.setWindowIcon(icons.icon(icons.APP))
    # --appearance is for this run only: the saved choice stays as it is.
    start_looks(Appearance(args.appearance) if args.appearance else None)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    if args.server:
        store_server_url(server_url)
    with loop:
        code: int = loop.run_until_complete(_run(args, server_url, embedded, entered))
        return code


async def _run(
    args: argparse.Namespace, server_url: str | None, embedded: EmbeddedServer | None, entered: float
) -> int:
    window = MainWindow()
    options = StartOptions(
        server_url, data_dir(), allow_insecure=args.allow_insecure, demo_user=args.user or DEMO_AGENT
    )
    controller = SessionController(window, options, embedded=embedded)
    closed = WindowClosed(window)
    timings = StartupTimings(entered) if args.benchmark_startup else None
    if args.screenshot is not None:
        window.resize(*(args.size or SCREENSHOT_SIZE))
    else:
        window.fit_first_size()
    first_paint: asyncio.Future[tuple[object, ...]] | None = None
    if timings is not None:
        painted = FirstPaint(window).painted
        painted.connect(lambda: timings.mark("first_list_painted"))
        first_paint = next_emission(painted)
        controller.signed_in.connect(lambda: timings.signed_in(embedded))
    window.show()
    if timings is not None:
        timings.mark("window_shown")
    # Off for the imports and the window (app.collector); on before the session's objects are made,
    # which a later session replaces: frozen, their cycles could never be collected.
    collector.resume()
    code = 0
    try:
        started = await controller.start()
        if not started and options.server_url is not None:
            return 0  # the user cancelled the sign-in
        if not started and (args.screenshot is not None or timings is not None):
            print("switchboard: could not start the session", file=sys.stderr)
            return 1
        if args.screenshot is not None:
            code = await take_screenshot(window, controller, args)
        elif first_paint is not None:
            await asyncio.wait_for(first_paint, STARTUP_TIMEOUT_S)
        else:
            await closed.future
    finally:
        if window.isVisible():
            window.close()
        await controller.shutdown()
    return code


class StartupTimings:
    """Prints `startup <phase> <seconds since main() began>` lines for the start-up benchmark."""

    def __init__(self, entered: float) -> None:
        self.entered = entered

    def mark(self, phase: str) -> None:
        print(f"startup {phase} {time.perf_counter() - self.entered:.3f}", flush=True)

    def signed_in(self, embedded: EmbeddedServer | None) -> None:
        if embedded is not None and embedded.ready_at is not None:
            print(f"startup server_listening {embedded.ready_at - self.entered:.3f}", flush=True)
        self.mark("signed_in")


async def take_screenshot(window: MainWindow, controller: SessionController, args: argparse.Namespace) -> int:
    """Show the view `--view` names with all its data (the customer view: find the customer as an
    agent would and open it), and save a PNG of the whole window."""
    session = controller.session
    if window.pane is None or session is None:
        print("switchboard: not signed in", file=sys.stderr)
        return 1
    if args.view == "customer":
        code = await _show_customer(window, session, args.customer, args.tab)
    else:
        code = await _show_view(window, session, args.view)
    if code:
        return code
    # Let layouts settle and pending paints run before grabbing: while this task sleeps, the Qt loop
    # handles them (a nested processEvents() here would step other tasks inside this one's step).
    for _ in range(5):
        await asyncio.sleep(0.05)
    args.screenshot.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(args.screenshot), "PNG"):
        print(f"switchboard: cannot write {args.screenshot}", file=sys.stderr)
        return 1
    print(f"switchboard: saved {args.screenshot}")
    return 0


async def _show_customer(window: MainWindow, session: ActiveSession, customer_id: int, tab: str) -> int:
    """Find the customer by last name in the search, open it, and wait until the pane has all its data."""
    search = window.search
    pane = window.pane
    assert pane is not None
    try:
        customer = await session.client.get_customer(customer_id)
    except ClientError as exc:
        print(f"switchboard: customer {customer_id}: {exc}", file=sys.stderr)
        return 1
    shown = next_emission(search.results_shown)
    search.box.setText(customer.last_name)
    search.search_now()
    await shown
    for row in range(search.model.rowCount()):
        found = search.model.customer_at(row)
        if found is not None and found.customer_id == customer_id:
            search.results.setCurrentIndex(search.model.index(row, 0))
            break
    loaded = next_emission(pane.fully_loaded)
    pane.show_tab(tab)
    window.open_customer(customer_id)
    try:
        await asyncio.wait_for(loaded, SCREENSHOT_TIMEOUT_S)
    except TimeoutError:
        print("switchboard: the customer did not load in time", file=sys.stderr)
        return 1
    search.results.setFocus(Qt.FocusReason.OtherFocusReason)
    return 0


async def _show_view(window: MainWindow, session: ActiveSession, view: str) -> int:
    """Show another view of the window and wait until it shows the server's data."""
    user = session.user
    if view not in window.view_keys():
        why = " (a supervisor's: --user supervisor)" if view in SUPERVISOR_VIEWS else ""
        print(f"switchboard: {user.username} ({user.role.value}) has no {view} view{why}", file=sys.stderr)
        return 1
    desk = session.desk
    loaded: asyncio.Future[tuple[object, ...]] | None = None
    if session.queue is not None and view == QUEUE_VIEW:
        loaded = next_emission(session.queue.loaded)
        session.queue.reload(keep_rows=True)
    if desk is not None and view == APPROVALS_VIEW:
        loaded = next_emission(desk.approvals.loaded)
        desk.approvals.reload(keep_rows=True)
    window.show_view(view)
    if desk is not None and view == DASHBOARD_VIEW:
        loaded = next_emission(desk.dashboard.loaded)
        desk.dashboard.refresh()
    if loaded is not None:
        try:
            await asyncio.wait_for(loaded, SCREENSHOT_TIMEOUT_S)
        except TimeoutError:
            print(f"switchboard: the {view} view did not load in time", file=sys.stderr)
            return 1
    return 0
