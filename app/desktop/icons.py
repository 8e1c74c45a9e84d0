"""The app's icons, by what they show: hand-drawn 24x24 SVGs in app/desktop/resources/icons.

SVG, so Qt renders each at the size and scale it is asked for (sharp on a 2x screen, no blurred
bitmap). Each is drawn to read on the light and on the dark look alike (white glyphs on a coloured
disc, or lines in a mid tone), so there is one file per icon and none to swap when the look changes.

The files are package data of `app.desktop` (pyproject's `*.svg`), found next to this module after
`pip install .` and `pip install -e .`; a PyInstaller build takes them with `--collect-data app.desktop`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QWidget

from app.contract.enums import Channel, DeliveryStatus, ThreadStatus
from app.desktop.events import ConnectionState

ICONS = Path(__file__).parent / "resources" / "icons"

APP = "switchboard"
"""The application and window icon."""

# The main actions.
SEND = "action-send"
NEW_THREAD = "action-new-thread"
SEARCH = "action-search"
VERIFY_IDENTITY = "action-verify-identity"
NEW_REQUEST = "action-new-request"
APPROVE = "action-approve"
REJECT = "action-reject"
REFRESH = "action-refresh"
ACTIONS = (SEND, NEW_THREAD, SEARCH, VERIFY_IDENTITY, NEW_REQUEST, APPROVE, REJECT, REFRESH)


def _file_name(prefix: str, value: str) -> str:
    return f"{prefix}-{value.lower().replace('_', '-')}"


def channel_name(channel: Channel) -> str:
    """`Channel.TEXT_MESSAGE` -> "channel-text-message"."""
    return _file_name("channel", channel.value)


def thread_status_name(status: ThreadStatus) -> str:
    return _file_name("thread", status.value)


def delivery_name(status: DeliveryStatus) -> str:
    return _file_name("delivery", status.value)


def connection_name(state: ConnectionState) -> str:
    return _file_name("connection", state.name)


def icon_names() -> list[str]:
    """Every icon the app shows."""
    return [
        APP,
        *ACTIONS,
        *(channel_name(channel) for channel in Channel),
        *(thread_status_name(status) for status in ThreadStatus),
        *(delivery_name(status) for status in DeliveryStatus),
        *(connection_name(state) for state in ConnectionState),
    ]


def icon_path(name: str) -> Path:
    return ICONS / f"{name}.svg"


@cache
def icon(name: str) -> QIcon:
    """The icon of this name (null if there is no such file: a test checks that every name has one)."""
    return QIcon(str(icon_path(name)))


def channel_icon(channel: Channel) -> QIcon:
    return icon(channel_name(channel))


def thread_status_icon(status: ThreadStatus) -> QIcon:
    return icon(thread_status_name(status))


def delivery_icon(status: DeliveryStatus) -> QIcon:
    return icon(delivery_name(status))


def connection_icon(state: ConnectionState) -> QIcon:
    return icon(connection_name(state))


def pixmap_for(widget: QWidget, name: str, size: int) -> QPixmap:
    """The icon as a pixmap `size` logical pixels square, rendered for the widget's screen scale (a
    label's picture stays sharp on a 2x screen)."""
    return icon(name).pixmap(QSize(size, size), widget.devicePixelRatioF())
