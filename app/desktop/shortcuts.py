"""Every keyboard shortcut of the main window in one table, and the cheat sheet (F1, Ctrl+/) that lists it.

The code that binds a shortcut takes its keys from this table (`Shortcut.sequences`, or
`mnemonic_text` for the Alt+letter of a button the table names), and the cheat sheet shows the same
table, so the two cannot drift apart. Keys a widget handles itself (Up/Down/Enter in the search
box) are in the table too, as their only written record.

Mnemonics whose label is owned elsewhere (menu titles, the customer pane's tabs, a filter's
"Cha&nnel:" label) are read from the live window when the sheet opens: the label is their one
source, so a tab or control added later is listed with the letter it really has.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

#: The translation context of the table's texts (they are translated where they are shown).
CONTEXT = "Shortcuts"

#: Where a shortcut works. A customer tab's area is "<tab name> tab".
EVERYWHERE = str(QT_TRANSLATE_NOOP("Shortcuts", "Everywhere"))
SEARCH = str(QT_TRANSLATE_NOOP("Shortcuts", "Customer search"))
CUSTOMER = str(QT_TRANSLATE_NOOP("Shortcuts", "Open customer"))
CONVERSATIONS = str(QT_TRANSLATE_NOOP("Shortcuts", "Conversations tab"))
PREFERENCES = str(QT_TRANSLATE_NOOP("Shortcuts", "Preferences tab"))
ACTIVITY = str(QT_TRANSLATE_NOOP("Shortcuts", "Activity tab"))
QUEUE = str(QT_TRANSLATE_NOOP("Shortcuts", "Queue"))
APPROVALS = str(QT_TRANSLATE_NOOP("Shortcuts", "Approvals"))
DASHBOARD = str(QT_TRANSLATE_NOOP("Shortcuts", "Dashboard"))
MENUS_AND_TABS = str(QT_TRANSLATE_NOOP("Shortcuts", "Menus and tabs"))

#: A view of the main window (the queue, ...) names the area of the controls inside it in this
#: property of its widget, so the sheet lists their Alt+letters under that view.
AREA_PROPERTY = "shortcutArea"

KeySpec = str | QKeySequence.StandardKey
"""A key in portable text ("Ctrl+K") or a standard key of the platform (Quit)."""


@dataclass(frozen=True)
class Shortcut:
    keys: tuple[KeySpec, ...]
    description: str
    """What the keys do, in English; "%1" stands for `label`."""
    area: str
    label: str = ""
    """For a mnemonic read from the window: the text of its label, as shown."""
    supervisor: bool = False
    """Only a supervisor has it; an agent's cheat sheet leaves it out."""

    def describe(self) -> str:
        """The description in the user's language."""
        text = QCoreApplication.translate(CONTEXT, self.description)
        return text.replace("%1", self.label) if self.label else text

    def sequences(self) -> list[QKeySequence]:
        """The key sequences to bind, standard keys resolved for this platform, each once."""
        found: list[QKeySequence] = []
        for key in self.keys:
            if isinstance(key, QKeySequence.StandardKey):
                candidates = QKeySequence.keyBindings(key)
            else:
                candidates = [QKeySequence(key)]
            found.extend(c for c in candidates if not c.isEmpty() and c not in found)
        return found

    def key_text(self) -> str:
        """The keys as the user reads them on this platform, e.g. "Ctrl+K, F3"."""
        return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in self.sequences())


# -- the table ---------------------------------------------------------------------------------------

FIND_CUSTOMER = Shortcut(
    ("Ctrl+K", "F3"), str(QT_TRANSLATE_NOOP("Shortcuts", "Find a customer: go to the search box")), EVERYWHERE
)
SETTINGS = Shortcut(
    ("Ctrl+,",), str(QT_TRANSLATE_NOOP("Shortcuts", "Settings: choose the server")), EVERYWHERE
)
#: Ctrl+Q as well where the platform has no standard Quit key (Windows, offscreen).
QUIT = Shortcut(
    (QKeySequence.StandardKey.Quit, "Ctrl+Q"),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Quit Switchboard")),
    EVERYWHERE,
)
CHEAT_SHEET = Shortcut(
    ("F1", "Ctrl+/"), str(QT_TRANSLATE_NOOP("Shortcuts", "This list of keyboard shortcuts")), EVERYWHERE
)
CUSTOMER_VIEW = Shortcut(
    ("Ctrl+1",),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Show the customer view (search and customer)")),
    EVERYWHERE,
)
QUEUE_VIEW = Shortcut(
    ("Ctrl+2",), str(QT_TRANSLATE_NOOP("Shortcuts", "Show the queue of threads across customers")), EVERYWHERE
)
APPROVALS_VIEW = Shortcut(
    ("Ctrl+3",),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Show the requests waiting for approval")),
    EVERYWHERE,
    supervisor=True,
)
DASHBOARD_VIEW = Shortcut(
    ("Ctrl+4",),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Show the dashboard: how the days went")),
    EVERYWHERE,
    supervisor=True,
)

SEARCH_MOVE = Shortcut(
    ("Up", "Down", "PgUp", "PgDown"),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Move through the customers found")),
    SEARCH,
)
SEARCH_OPEN = Shortcut(
    ("Return", "Enter"),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Open the selected customer (or the first one)")),
    SEARCH,
)
SEARCH_CLEAR = Shortcut(("Esc",), str(QT_TRANSLATE_NOOP("Shortcuts", "Clear the search box")), SEARCH)

VERIFY_IDENTITY = Shortcut(
    ("Ctrl+I",),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Verify the caller's identity with a one-time code")),
    CUSTOMER,
)
NEW_REQUEST = Shortcut(
    ("Ctrl+R",),
    str(QT_TRANSLATE_NOOP("Shortcuts", "New request: change email or phone, goodwill points")),
    CUSTOMER,
)

SEND = Shortcut(
    ("Ctrl+Return", "Ctrl+Enter"),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Send the message (or start the new thread)")),
    CONVERSATIONS,
)
NEW_THREAD = Shortcut(("Ctrl+N",), str(QT_TRANSLATE_NOOP("Shortcuts", "Start a new thread")), CONVERSATIONS)
MARK_ONGOING = Shortcut(
    ("Alt+O",), str(QT_TRANSLATE_NOOP("Shortcuts", "Mark the open thread ongoing")), CONVERSATIONS
)
CLOSE_THREAD = Shortcut(
    ("Alt+L",), str(QT_TRANSLATE_NOOP("Shortcuts", "Close the open thread")), CONVERSATIONS
)
REOPEN_THREAD = Shortcut(
    ("Alt+R",), str(QT_TRANSLATE_NOOP("Shortcuts", "Reopen the open thread (when closed)")), CONVERSATIONS
)

SAVE_PREFERENCES = Shortcut(
    ("Alt+S",), str(QT_TRANSLATE_NOOP("Shortcuts", "Save the staged changes (shows them first)")), PREFERENCES
)
DISCARD_PREFERENCES = Shortcut(
    ("Alt+D",), str(QT_TRANSLATE_NOOP("Shortcuts", "Discard the staged changes")), PREFERENCES
)

REFRESH_ACTIVITY = Shortcut(
    ("F5",), str(QT_TRANSLATE_NOOP("Shortcuts", "Ask the server again for the communications")), ACTIVITY
)

QUEUE_OPEN = Shortcut(
    ("Return", "Enter"),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Open the selected thread in the customer view")),
    QUEUE,
)
QUEUE_REFRESH = Shortcut(
    ("F5",), str(QT_TRANSLATE_NOOP("Shortcuts", "Ask the server again for the queue")), QUEUE
)
QUEUE_REASSIGN = Shortcut(
    ("Alt+I",),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Reassign the selected thread to someone else")),
    QUEUE,
    supervisor=True,
)
QUEUE_CLOSE = Shortcut(
    ("Alt+L",), str(QT_TRANSLATE_NOOP("Shortcuts", "Close the selected thread")), QUEUE, supervisor=True
)
QUEUE_REOPEN = Shortcut(
    ("Alt+R",),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Reopen the selected thread (when closed)")),
    QUEUE,
    supervisor=True,
)

APPROVE_REQUEST = Shortcut(
    ("Alt+A",),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Approve the selected request, with a comment")),
    APPROVALS,
    supervisor=True,
)
REJECT_REQUEST = Shortcut(
    ("Alt+J",),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Reject the selected request, with a comment")),
    APPROVALS,
    supervisor=True,
)
REFRESH_APPROVALS = Shortcut(
    ("F5",),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Ask the server again for the requests")),
    APPROVALS,
    supervisor=True,
)

REFRESH_DASHBOARD = Shortcut(
    ("F5",),
    str(QT_TRANSLATE_NOOP("Shortcuts", "Ask the server again for the figures")),
    DASHBOARD,
    supervisor=True,
)

TABLE: tuple[Shortcut, ...] = (
    FIND_CUSTOMER,
    SETTINGS,
    QUIT,
    CHEAT_SHEET,
    CUSTOMER_VIEW,
    QUEUE_VIEW,
    APPROVALS_VIEW,
    DASHBOARD_VIEW,
    SEARCH_MOVE,
    SEARCH_OPEN,
    SEARCH_CLEAR,
    VERIFY_IDENTITY,
    NEW_REQUEST,
    SEND,
    NEW_THREAD,
    MARK_ONGOING,
    CLOSE_THREAD,
    REOPEN_THREAD,
    SAVE_PREFERENCES,
    DISCARD_PREFERENCES,
    REFRESH_ACTIVITY,
    QUEUE_OPEN,
    QUEUE_REFRESH,
    QUEUE_REASSIGN,
    QUEUE_CLOSE,
    QUEUE_REOPEN,
    APPROVE_REQUEST,
    REJECT_REQUEST,
    REFRESH_APPROVALS,
    REFRESH_DASHBOARD,
)


def mnemonic_text(text: str, shortcut: Shortcut) -> str:
    """`text` with "&" before the letter of the shortcut's Alt+letter key, so Qt binds that key.

    "Mark ongoing" with Alt+O gives "Mark &ongoing". A (translated) text without that letter gets
    it appended, "Text (&O)", so the key of the table still works.
    """
    key = shortcut.keys[0]
    if not (isinstance(key, str) and key.startswith("Alt+") and len(key) == len("Alt+X")):
        raise ValueError(f"not an Alt+letter shortcut: {key}")
    letter = key[-1]
    plain = text.replace("&", "&&")
    at = plain.lower().find(letter.lower())
    if at < 0:
        return f"{plain} (&{letter.upper()})"
    return f"{plain[:at]}&{plain[at:]}"


# -- mnemonics read from the live window -------------------------------------------------------------


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":…").strip()


def _mnemonic(text: str, description: str, area: str) -> Shortcut | None:
    sequence = QKeySequence.mnemonic(text)
    if sequence.isEmpty():
        return None
    keys = (sequence.toString(QKeySequence.SequenceFormat.PortableText),)
    return Shortcut(keys, description, area, label=_plain(text))


def window_mnemonics(window: QMainWindow) -> list[Shortcut]:
    """The Alt+letter of every menu title, customer tab and labelled control in the window.

    A control inside a customer tab works only while that tab is shown, so its area is that tab's;
    one inside a view of the window (the queue) is that view's.
    Those the table already names (the thread status buttons) are left to the table.
    """
    found: list[Shortcut | None] = [
        _mnemonic(action.text(), str(QT_TRANSLATE_NOOP("Shortcuts", "Open the %1 menu")), MENUS_AND_TABS)
        for action in window.menuBar().actions()
    ]
    central = window.centralWidget()
    area_of: dict[QWidget, str] = {}
    for view in central.findChildren(QWidget) if central is not None else []:
        view_area = view.property(AREA_PROPERTY)
        if isinstance(view_area, str) and view_area:
            area_of.update((child, view_area) for child in view.findChildren(QWidget))
    tab_widgets = central.findChildren(QTabWidget) if central is not None else []
    for tabs in tab_widgets:
        for index in range(tabs.count()):
            text = tabs.tabText(index)
            found.append(
                _mnemonic(text, str(QT_TRANSLATE_NOOP("Shortcuts", "Show the %1 tab")), MENUS_AND_TABS)
            )
            page = tabs.widget(index)
            if page is not None:
                tab_area = QCoreApplication.translate("Shortcuts", "%1 tab").replace("%1", _plain(text))
                area_of.update((child, tab_area) for child in page.findChildren(QWidget))
    if central is not None:
        for button in central.findChildren(QAbstractButton):
            description = (
                str(QT_TRANSLATE_NOOP("Shortcuts", "Tick or untick “%1”")) if button.isCheckable() else "%1"
            )
            found.append(_mnemonic(button.text(), description, area_of.get(button, EVERYWHERE)))
        for label in central.findChildren(QLabel):
            if label.buddy() is not None:
                found.append(
                    _mnemonic(
                        label.text(),
                        str(QT_TRANSLATE_NOOP("Shortcuts", "Go to %1")),
                        area_of.get(label, EVERYWHERE),
                    )
                )
    table = {(key, s.area) for s in TABLE for key in s.keys}
    return [s for s in found if s is not None and (s.keys[0], s.area) not in table]


# -- the cheat sheet ---------------------------------------------------------------------------------

KeysRole = Qt.ItemDataRole.UserRole + 1
"""On a shortcut's row: its key sequences in portable text (list of str)."""


def _areas(shortcuts: list[Shortcut]) -> list[str]:
    """Everywhere and the search first, the customer tabs in their order, menus and tabs last."""
    areas = [EVERYWHERE, SEARCH]
    areas.extend(s.area for s in shortcuts if s.area not in areas and s.area != MENUS_AND_TABS)
    areas.append(MENUS_AND_TABS)
    return areas


class ShortcutSheet(QDialog):
    """Lists the table and the window's mnemonics, grouped by where they work."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self._window = window
        intro = QLabel(self.tr("Every action of Switchboard can be reached with these keys."), self)
        intro.setWordWrap(True)
        self.list = QTreeWidget(self)
        self.list.setObjectName("shortcutList")
        self.list.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.list.setColumnCount(2)
        self.list.setHeaderLabels([self.tr("Keys"), self.tr("Action")])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(600, 620)

    def refresh(self, *, supervisor: bool = False) -> None:
        """List the table and what the window's labels bind now (tabs may have come or gone);
        the supervisor's keys only for a `supervisor`."""
        self.list.clear()
        table = [s for s in TABLE if supervisor or not s.supervisor]
        shortcuts = [*table, *window_mnemonics(self._window)]
        # By the area's name as shown: a tab's area read from the window is in the user's language
        # already, the table's is translated, and the two are one heading.
        shown_areas: list[str] = []
        for area in _areas(shortcuts):
            title = QCoreApplication.translate(CONTEXT, area)
            if title in shown_areas:
                continue
            shown_areas.append(title)
            rows = [s for s in shortcuts if QCoreApplication.translate(CONTEXT, s.area) == title]
            if not rows:
                continue
            heading = QTreeWidgetItem(self.list, [title])
            heading.setFirstColumnSpanned(True)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            for shortcut in rows:
                item = QTreeWidgetItem(self.list, [shortcut.key_text(), shortcut.describe()])
                portable = [
                    s.toString(QKeySequence.SequenceFormat.PortableText) for s in shortcut.sequences()
                ]
                item.setData(0, KeysRole, portable)
        first = self.list.topLevelItem(1)
        if first is not None:
            self.list.setCurrentItem(first)

    def show_sheet(self, *, supervisor: bool = False) -> None:
        """Fill the list afresh and bring the sheet to the front, the list focused for reading."""
        self.refresh(supervisor=supervisor)
        self.show()
        self.raise_()
        self.activateWindow()
        self.list.setFocus()

    def listed(self) -> list[tuple[str, str, list[str]]]:
        """(keys as shown, action as shown, key sequences in portable text) of every row, in order."""
        rows: list[tuple[str, str, list[str]]] = []
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            keys = item.data(0, KeysRole) if item is not None else None
            if item is not None and keys:
                rows.append((item.text(0), item.text(1), list(keys)))
        return rows
