"""Splitter positions that persist: where the agent dragged a splitter is where it is at the next start.

Each splitter is kept under its own key in QSettings ("splitters/<key>"): restored when it is made,
written whenever the agent moves it. Only sizes are kept, never anything the user typed.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QSplitter

from app.desktop.session.config import settings

#: The QSettings group of the splitters' states.
GROUP = "splitters"


def settings_key(key: str) -> str:
    return f"{GROUP}/{key}"


def keep_sizes(splitter: QSplitter, key: str) -> None:
    """Give the splitter the sizes it had when last moved (if any), and keep them whenever it moves."""
    state = settings().value(settings_key(key))
    if isinstance(state, QByteArray) and not state.isEmpty():
        splitter.restoreState(state)
    splitter.splitterMoved.connect(lambda _position, _index: save_sizes(splitter, key))


def save_sizes(splitter: QSplitter, key: str) -> None:
    """Write the splitter's sizes now (also done on every move)."""
    settings().setValue(settings_key(key), splitter.saveState())
