"""Before Qt starts: is there a screen to show the window on, and can Qt's X11 plugin load?

Without this, a missing display or a missing system library makes Qt print a plugin error and
abort the process. Here the user is told what is missing and how to get it instead. A run that
only takes a screenshot or measures start-up needs no screen: it draws offscreen.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Mapping

#: The system libraries Qt's xcb plugin links that a desktop may lack (Debian package names).
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def _loadable(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def choose_platform(
    env: Mapping[str, str],
    *,
    headless_run: bool,
    platform: str = sys.platform,
    loadable: Callable[[str], bool] = _loadable,
) -> tuple[str | None, str | None]:
    """The Qt platform to force (or None for Qt's own choice), and the problem that stops the start.

    `headless_run` is a run that needs no screen (--screenshot, --benchmark-startup).
    """
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM", "") not in ("", "xcb"):
        return None, None
    has_x11 = bool(env.get("DISPLAY"))
    has_wayland = bool(env.get("WAYLAND_DISPLAY"))
    if not has_x11 and not has_wayland:
        if headless_run:
            return "offscreen", None
        return None, (
            "no display to show the window on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
            "Start Switchboard from a desktop session; --screenshot works without one."
        )
    if has_wayland and env.get("QT_QPA_PLATFORM", "") != "xcb":
        return None, None  # Qt picks its Wayland plugin, which needs none of the xcb libraries
    missing = [package for library, package in XCB_LIBRARIES.items() if not loadable(library)]
    if not missing:
        return None, None
    if headless_run:
        return "offscreen", None
    return None, (
        "Qt needs system libraries to open a window on X11 that this computer lacks: "
        + ", ".join(missing)
        + ". On Debian or Ubuntu: sudo apt-get install "
        + " ".join(missing)
        + " (Fedora: sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms "
        "xcb-util-image xcb-util-renderutil libxkbcommon-x11)."
    )
