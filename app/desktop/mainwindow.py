"""The main window: its views (the customer view: search on the left, the customer pane on the
right; the queue; ...), one shown at a time, chosen in the View menu; the status bar below.

It holds no session logic: the session controller gives it the signed-in user, the connection
state, a CustomerPane and the session's other views (`add_view`), and listens to its actions
(settings, sign-out).
"""

from __future__ import annotations

import html
import platform
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, Qt, Signal, qVersion
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.contract.auth import User
from app.desktop import icons, shortcuts
from app.desktop.appearance import Appearance, follow_look, looks
from app.desktop.events import ConnectionState
from app.desktop.locale_format import time_of_day
from app.desktop.logs import app_log_path, server_log_path
from app.desktop.roles import is_supervisor
from app.desktop.search.view import CustomerSearch
from app.desktop.session.config import data_dir, settings
from app.desktop.shortcuts import Shortcut, ShortcutSheet
from app.desktop.theme import Palette
from app.desktop.words import word
from app.version import app_version

if TYPE_CHECKING:
    from app.desktop.customer.pane import CustomerPane

DEMO_BANNER = str(QT_TRANSLATE_NOOP("MainWindow", "Demo data — local server"))
#: The key of the view that is always there: customer search and the customer pane.
CUSTOMER_VIEW = "customer"
#: The window's size on a first start; later starts restore the size it was left at.
FIRST_SIZE = (1200, 760)
#: Room a window manager's title bar and borders take around the window, for deciding whether the first
#: size fits the screen (their real size is known only once the window is shown).
FRAME_ROOM = 40

_STATE_TEXT = {
    ConnectionState.CONNECTING: str(QT_TRANSLATE_NOOP("MainWindow", "Connecting…")),
    ConnectionState.ONLINE: str(QT_TRANSLATE_NOOP("MainWindow", "Online")),
    ConnectionState.RECONNECTING: str(QT_TRANSLATE_NOOP("MainWindow", "Reconnecting…")),
    ConnectionState.OFFLINE: str(QT_TRANSLATE_NOOP("MainWindow", "Offline")),
}
#: The entries of View > Appearance.
_APPEARANCE_TEXT = {
    Appearance.SYSTEM: str(QT_TRANSLATE_NOOP("MainWindow", "&System")),
    Appearance.LIGHT: str(QT_TRANSLATE_NOOP("MainWindow", "&Light")),
    Appearance.DARK: str(QT_TRANSLATE_NOOP("MainWindow", "&Dark")),
}


@dataclass
class _View:
    widget: QWidget
    action: QAction
    focused: QWidget | None = None
    """What had the keyboard focus when the view was last left, to give it back."""


class MainWindow(QMainWindow):
    """The views (search | customer pane first), a demo banner on the embedded server, the status bar."""

    settings_requested = Signal()
    """The user asked for the Settings dialog."""

    sign_out_requested = Signal()
    """The user asked to sign out (and forget the stored credentials)."""

    sign_in_requested = Signal()
    """Nobody is signed in and the user asked to sign in."""

    view_changed = Signal(str)
    """Another view is shown: its key (`CUSTOMER_VIEW`, "queue", ...)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Switchboard")
        self.setWindowIcon(icons.icon(icons.APP))
        self.search = CustomerSearch(self)
        self.search.customer_opened.connect(self.open_customer)

        self._hint = QLabel(self.tr("Find a customer: Ctrl+K, type, Enter."), self)
        self._hint.setObjectName("noCustomerHint")
        self._hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        follow_look(
            self._hint,
            lambda colours: self._hint.setStyleSheet(
                f"color: {colours.standard.placeholder_text}; font-size: 14pt;"
            ),
        )
        self._right = QStackedWidget(self)
        self._right.addWidget(self._hint)
        self.pane: CustomerPane | None = None
        #: A customer (and thread) opened before the session's pane was there: opened in it when it is.
        self._opening: Callable[[], None] | None = None
        self.user: User | None = None
        self.shortcut_sheet: ShortcutSheet | None = None
        self.about_box: QMessageBox | None = None

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.search)
        self.splitter.addWidget(self._right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 860])
        self.splitter.setChildrenCollapsible(False)
        self.search.setMinimumWidth(260)
        self.views = QStackedWidget(self)
        self.views.setObjectName("views")
        self._views: dict[str, _View] = {}

        self.demo_banner = QLabel(self.tr(DEMO_BANNER), self)
        self.demo_banner.setObjectName("demoBanner")
        self.demo_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_banner.setWordWrap(True)  # a note about the demo server may be long
        follow_look(self.demo_banner, self._style_demo_banner)
        self.demo_banner.hide()

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.demo_banner)
        body = QWidget(central)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(8, 8, 8, 4)
        body_layout.addWidget(self.views)
        layout.addWidget(body, 1)
        self.setCentralWidget(central)

        self.user_status = QLabel(self)
        self.user_status.setObjectName("userStatus")
        self.server_status = QLabel(self)
        self.server_status.setObjectName("serverStatus")
        self.connection_dot = QLabel(self)
        self.connection_dot.setObjectName("connectionDot")
        self.connection_status = QLabel(self)
        self.connection_status.setObjectName("connectionStatus")
        for label in (self.user_status, self.server_status, self.connection_status):
            label.setContentsMargins(6, 0, 6, 0)
        self.server_status.setStyleSheet("border-left: 1px solid palette(mid);")
        bar = self.statusBar()
        bar.addWidget(self.user_status)
        bar.addWidget(self.server_status, 1)
        bar.addPermanentWidget(self.connection_dot)
        bar.addPermanentWidget(self.connection_status)
        self.connection_dot.setContentsMargins(6, 0, 0, 0)
        self.connection_status.setContentsMargins(2, 0, 6, 0)
        self._build_menus()
        self.add_view(CUSTOMER_VIEW, self.splitter, self.tr("&Customers"), shortcuts.CUSTOMER_VIEW)
        # Ctrl+K belongs to the search box; from another view it brings the customer view back first.
        # Only enabled there, so the key never does two things.
        self._find_elsewhere: list[QShortcut] = []
        for keys in shortcuts.FIND_CUSTOMER.sequences():
            find = QShortcut(keys, self)
            find.activated.connect(self.find_customer)
            find.setEnabled(False)
            self._find_elsewhere.append(find)
        self.show_connection(ConnectionState.CONNECTING, None)
        self.show_user(None, None)
        self.resize(*FIRST_SIZE)
        self._geometry_restored = False
        self._restore_layout()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        # The search view owns Ctrl+K and F3; the menu only names them, so no shortcut is ambiguous.
        search = QAction(self.tr("&Find customer") + "\t" + shortcuts.FIND_CUSTOMER.key_text(), self)
        search.triggered.connect(self.find_customer)
        file_menu.addAction(search)
        settings_action = QAction(self.tr("&Settings…"), self)
        settings_action.setObjectName("settingsAction")
        settings_action.setShortcuts(shortcuts.SETTINGS.sequences())
        settings_action.triggered.connect(self.settings_requested)
        file_menu.addAction(settings_action)
        self.sign_out_action = QAction(self.tr("Sign &out"), self)
        self.sign_out_action.setObjectName("signOutAction")
        self.sign_out_action.triggered.connect(self.sign_out_requested)
        self.sign_out_action.setEnabled(False)
        file_menu.addAction(self.sign_out_action)
        self.sign_in_action = QAction(self.tr("Sign &in…"), self)
        self.sign_in_action.setObjectName("signInAction")
        self.sign_in_action.triggered.connect(self.sign_in_requested)
        file_menu.addAction(self.sign_in_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setObjectName("quitAction")
        quit_action.setShortcuts(shortcuts.QUIT.sequences())
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        # Alt+W: Alt+V is the Activity tab's "Deli&very status".
        self.view_menu = self.menuBar().addMenu(self.tr("Vie&w"))
        self.view_menu.setObjectName("viewMenu")
        self._view_actions = QActionGroup(self)
        self._view_actions.setExclusive(True)
        # The views come first (add_view puts each before this separator), then the look.
        self.view_menu.addSeparator()
        self.appearance_menu = self.view_menu.addMenu(self.tr("Appea&rance"))
        self.appearance_menu.setObjectName("appearanceMenu")
        self._appearance_actions = QActionGroup(self)
        self._appearance_actions.setExclusive(True)
        for appearance, text in _APPEARANCE_TEXT.items():
            action = QAction(self.tr(text), self)
            action.setObjectName(f"{appearance.value}AppearanceAction")
            action.setCheckable(True)
            action.setData(appearance.value)
            action.triggered.connect(lambda _checked=False, chosen=appearance: self.choose_appearance(chosen))
            self._appearance_actions.addAction(action)
            self.appearance_menu.addAction(action)
        looks().changed.connect(self._show_appearance)
        self._show_appearance()

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        sheet_action = QAction(self.tr("&Keyboard shortcuts"), self)
        sheet_action.setObjectName("shortcutSheetAction")
        sheet_action.setShortcuts(shortcuts.CHEAT_SHEET.sequences())
        sheet_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(sheet_action)
        about_action = QAction(self.tr("&About Switchboard"), self)
        about_action.setObjectName("aboutAction")
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def choose_appearance(self, appearance: Appearance) -> None:
        """View > Appearance: draw in this look from now on, and next time too."""
        looks().choose(appearance, save=True)
        self._show_appearance()

    def _show_appearance(self) -> None:
        """Tick the appearance in use (after a choice, or --appearance at start)."""
        chosen = looks().appearance.value
        for action in self._appearance_actions.actions():
            action.setChecked(action.data() == chosen)

    def _style_demo_banner(self, colours: Palette) -> None:
        banner = colours.demo_banner
        self.demo_banner.setStyleSheet(
            f"background: {banner.background}; color: {banner.text};"
            f" border-bottom: 1px solid {colours.demo_banner_border}; padding: 4px;"
        )

    def show_shortcuts(self) -> None:
        """The cheat sheet: every shortcut of the window (not modal, so it can stay open)."""
        if self.shortcut_sheet is None:
            self.shortcut_sheet = ShortcutSheet(self)
        self.shortcut_sheet.show_sheet(supervisor=is_supervisor(self.user))

    def show_about(self) -> None:
        """Name, version and what it runs on (not modal: the app keeps working behind it)."""
        if self.about_box is None:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("About Switchboard"), "", parent=self)
            box.setObjectName("aboutDialog")
            box.setStandardButtons(QMessageBox.StandardButton.Close)
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy a path
            self.about_box = box
        self.about_box.setText(self.tr("<b>Switchboard %s</b>") % app_version())
        self.about_box.setInformativeText(
            self.tr(
                "Customer communication and consent for call-centre agents and supervisors.<br>"
                "Qt %s · PySide6 %s · Python %s"
            )
            % (qVersion(), pyside_version, platform.python_version())
            + "<br><br>"
            + self.tr("Log: %s") % html.escape(str(app_log_path(data_dir())))
            + "<br>"
            + self.tr("Demo server log: %s") % html.escape(str(server_log_path(data_dir())))
        )
        self.about_box.open()

    # -- views ----------------------------------------------------------------------------------

    def add_view(self, key: str, widget: QWidget, title: str, shortcut: Shortcut) -> None:
        """A view beside the others, with an entry `title` in the View menu bound to the shortcut's keys.

        The window takes the widget; `remove_view` deletes it. A view never added (a supervisor's,
        for an agent) leaves no trace in the menu.
        """
        if key in self._views:
            raise ValueError(f"the window already has a view {key!r}")
        action = QAction(title, self)
        action.setObjectName(f"{key}ViewAction")
        action.setCheckable(True)
        action.setShortcuts(shortcut.sequences())
        action.triggered.connect(lambda: self.show_view(key))
        self._view_actions.addAction(action)
        # The views come first in the menu, in the order they were added; the rest (Appearance) after.
        others = [a for a in self.view_menu.actions() if a not in self._view_actions.actions()]
        if others:
            self.view_menu.insertAction(others[0], action)
        else:
            self.view_menu.addAction(action)
        self.views.addWidget(widget)
        self._views[key] = _View(widget, action)
        if len(self._views) == 1:
            action.setChecked(True)

    def remove_view(self, key: str) -> None:
        """Take the view away and delete it; the customer view is shown if it was this one."""
        if key == CUSTOMER_VIEW:
            raise ValueError("the customer view stays")
        view = self._views[key]
        if self.views.currentWidget() is view.widget:
            self.show_view(CUSTOMER_VIEW)
        del self._views[key]
        self._view_actions.removeAction(view.action)
        self.view_menu.removeAction(view.action)
        view.action.deleteLater()
        self.views.removeWidget(view.widget)
        view.widget.deleteLater()

    def remove_views(self) -> None:
        """Every view but the customer view goes (the session that added them ended)."""
        for key in [key for key in self._views if key != CUSTOMER_VIEW]:
            self.remove_view(key)

    def view_keys(self) -> list[str]:
        """The views there are, in the View menu's order."""
        return list(self._views)

    def current_view(self) -> str:
        """The key of the view shown."""
        current = self.views.currentWidget()
        return next(key for key, view in self._views.items() if view.widget is current)

    def show_view(self, key: str) -> None:
        """Show this view, the keyboard focus where it was when the view was last left."""
        view = self._views[key]
        previous = self._views[self.current_view()]
        if previous is not view:
            focused = QApplication.focusWidget()
            inside = focused is not None and previous.widget.isAncestorOf(focused)
            previous.focused = focused if inside else None
        self.views.setCurrentWidget(view.widget)
        view.action.setChecked(True)
        for find in self._find_elsewhere:
            find.setEnabled(key != CUSTOMER_VIEW)
        if view.focused is not None and view.widget.isAncestorOf(view.focused):
            view.focused.setFocus(Qt.FocusReason.OtherFocusReason)
        elif view.widget.focusPolicy() != Qt.FocusPolicy.NoFocus or view.widget.focusProxy() is not None:
            view.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if previous is not view:
            self.view_changed.emit(key)

    def find_customer(self) -> None:
        """The customer view, the search box focused (Ctrl+K, F3)."""
        self.show_view(CUSTOMER_VIEW)
        self.search.focus_box()

    # -- what the session controller tells the window ---------------------------------------------

    def set_pane(self, pane: CustomerPane | None) -> None:
        """Show customers in this pane (a new one per session); None removes the old one."""
        if self.pane is not None:
            self._right.removeWidget(self.pane)
            self.pane.deleteLater()
        self.pane = pane
        if pane is not None:
            self._right.addWidget(pane)
        self._right.setCurrentWidget(self._hint if pane is None else pane)
        opening, self._opening = self._opening, None
        if pane is not None and opening is not None:
            opening()

    def open_customer(self, customer_id: int) -> None:
        if self.pane is None:
            self._opening = lambda: self.open_customer(customer_id)
            return
        self.show_view(CUSTOMER_VIEW)
        self._right.setCurrentWidget(self.pane)
        self.pane.open_customer(customer_id)

    def open_thread(self, customer_id: int, thread_id: int | None) -> None:
        """The customer view with this customer loaded and this thread open (from the queue, or a
        notification)."""
        if self.pane is None:
            self._opening = lambda: self.open_thread(customer_id, thread_id)
            return
        self.show_view(CUSTOMER_VIEW)
        self._right.setCurrentWidget(self.pane)
        self.pane.open_thread(customer_id, thread_id)

    def show_user(self, user: User | None, server_url: str | None, *, embedded: bool = False) -> None:
        """The signed-in user and role, and the server, in the status bar."""
        self.user = user
        if user is None:
            self.user_status.setText(self.tr("Not signed in"))
        else:
            self.user_status.setText(f"{user.display_name} ({user.username}) · {word(user.role)}")
        where = server_url or "—"
        if embedded and server_url:
            where = self.tr("%s (embedded demo)") % server_url
        self.server_status.setText(self.tr("Server: %s") % where)
        self.demo_banner.setVisible(embedded)
        self.sign_out_action.setEnabled(user is not None)
        self.sign_out_action.setVisible(user is not None)
        self.sign_in_action.setVisible(user is None)

    def show_demo_note(self, note: str | None) -> None:
        """A note on the demo server (it was restarted, or given up) in the demo banner; None: none."""
        banner = self.tr(DEMO_BANNER)
        self.demo_banner.setText(f"{banner} · {note}" if note else banner)

    def show_connection(self, state: ConnectionState, last_event_at: datetime | None) -> None:
        """Online / reconnecting / offline, with the local time of the last event."""
        text = self.tr(_STATE_TEXT[state])
        if last_event_at is not None:
            text += self.tr(" · last event %s") % time_of_day(last_event_at, seconds=True)
        self.connection_dot.setPixmap(icons.pixmap_for(self, icons.connection_name(state), 12))
        self.connection_dot.setToolTip(text)
        self.connection_status.setText(text)
        self.connection_status.setAccessibleName(text)

    # -- window state -------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        store = settings()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self._geometry_restored = self.restoreGeometry(geometry)
        state = store.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = store.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def fit_first_size(self) -> None:
        """On a first start, a screen with less room than the first size (a small laptop's, a
        panel's worth lower) gets the window maximized, so none of it is beyond the screen's edge."""
        if self._geometry_restored:
            return
        room = self.screen().availableGeometry()
        width, height = FIRST_SIZE
        if room.width() < width or room.height() < height + FRAME_ROOM:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def save_layout(self) -> None:
        """Window geometry and splitter positions (never anything secret) into QSettings."""
        store = settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        store.setValue("window/splitter", self.splitter.saveState())
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.search.shutdown()
        super().closeEvent(event)
