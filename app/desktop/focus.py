"""Keyboard focus is always visible: every list, table and tree draws a frame in the selection colour
while it has the focus, the same in the light and the dark look.

Qt's Fusion style draws a focused list exactly like an unfocused one, so an agent tabbing through
the window could not tell where the keys go. The frame comes from the application's palette
(`palette(highlight)`), which the appearance sets from the theme, so no colour is written here.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

#: Two pixels of frame either way (the padding makes up the difference), so nothing moves on focus.
#: A combo box's popup list keeps a plain frame: it has the focus whenever it is open.
FOCUS_STYLE = """
QListView, QTreeView, QTableView { border: 1px solid palette(mid); padding: 1px; }
QListView:focus, QTreeView:focus, QTableView:focus { border: 2px solid palette(highlight); padding: 0px; }
QComboBox QAbstractItemView, QComboBox QAbstractItemView:focus {
    border: 1px solid palette(mid); padding: 0px;
}
"""


def show_keyboard_focus(app: QApplication) -> None:
    """Add the focus frames to the application's style sheet (once; other rules in it stay)."""
    sheet = app.styleSheet()
    if FOCUS_STYLE not in sheet:
        app.setStyleSheet(sheet + FOCUS_STYLE)
