"""Before Qt starts: a missing screen or missing X11 libraries are explained, never a Qt abort."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from app.desktop.display import XCB_LIBRARIES, choose_platform


def all_loadable(name: str) -> bool:
    return True


def on_linux(
    env: dict[str, str], *, headless_run: bool = False, loadable: Callable[[str], bool] = all_loadable
) -> tuple[str | None, str | None]:
    return choose_platform(env, headless_run=headless_run, platform="linux", loadable=loadable)


def test_no_display_is_explained_and_a_screenshot_run_draws_offscreen() -> None:
    forced, problem = on_linux({})
    assert forced is None
    assert problem is not None and "DISPLAY" in problem
    assert on_linux({}, headless_run=True) == ("offscreen", None)


def test_missing_x11_libraries_are_named_with_the_packages_to_install() -> None:
    lacking = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    forced, problem = on_linux({"DISPLAY": ":0"}, loadable=lambda name: name not in lacking)
    assert forced is None
    assert problem is not None
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in problem
    assert "libxcb-keysyms1" not in problem


def test_a_working_display_or_an_explicit_platform_is_left_to_qt() -> None:
    assert on_linux({"DISPLAY": ":0"}) == (None, None)
    # Wayland needs none of the xcb libraries.
    assert on_linux({"WAYLAND_DISPLAY": "wayland-0"}, loadable=lambda _: False) == (None, None)
    assert on_linux({"QT_QPA_PLATFORM": "offscreen"}, loadable=lambda _: False) == (None, None)
    # With libraries missing, a screenshot run still works: offscreen.
    assert on_linux({"DISPLAY": ":0"}, headless_run=True, loadable=lambda _: False) == ("offscreen", None)
    assert choose_platform({}, headless_run=False, platform="win32", loadable=lambda _: False) == (None, None)


def test_the_libraries_checked_are_named_as_the_linker_names_them() -> None:
    assert all(name.startswith("lib") and ".so." in name for name in XCB_LIBRARIES)


def test_starting_without_a_display_says_why_and_starts_no_server(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run(
        [sys.executable, "-m", "app.desktop"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "no display" in done.stderr
    assert "Aborted" not in done.stderr and "qt.qpa" not in done.stderr
    assert not (tmp_path / "data" / "switchboard" / "demo.db").exists()  # no embedded server was started
