"""The app's icons: every one there and loading, sharp at 2x, readable on the light and the dark look,
and shipped with the package (what `pip install .` copies)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import app.desktop
from app.contract.enums import Channel, DeliveryStatus, ThreadStatus
from app.desktop import icons
from app.desktop.events import ConnectionState
from app.desktop.mainwindow import MainWindow
from app.desktop.theme import (
    CHANNEL_COLOURS,
    CONNECTION_COLOURS,
    DARK,
    LIGHT,
    THREAD_STATUS_COLOURS,
    contrast,
)

ROOT = Path(__file__).resolve().parents[2]
FILL_OR_STROKE = re.compile(r'(?:fill|stroke)="(#[0-9a-f]{6})"')


def svg_colours(name: str) -> set[str]:
    return set(FILL_OR_STROKE.findall(icons.icon_path(name).read_text(encoding="utf-8")))


def rendered(renderer: QSvgRenderer, pixels: int) -> QImage:
    image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def test_every_icon_the_app_shows_is_there(qapp: QApplication) -> None:
    names = icons.icon_names()
    # Channels, thread and delivery statuses, the connection dot: one icon for every value.
    assert {icons.channel_name(c) for c in Channel} <= set(names)
    assert {icons.thread_status_name(s) for s in ThreadStatus} <= set(names)
    assert {icons.delivery_name(s) for s in DeliveryStatus} <= set(names)
    assert {icons.connection_name(s) for s in ConnectionState} <= set(names)
    assert icons.APP in names and len(icons.ACTIONS) == 8
    on_disk = {path.stem for path in icons.ICONS.glob("*.svg")}
    assert on_disk == set(names), "no icon missing, none left over"
    # The icons are read from the package imported (the source tree in an editable install).
    assert icons.ICONS.is_relative_to(Path(app.desktop.__file__).parent)
    for name in names:
        assert not icons.icon(name).isNull(), name


def test_each_icon_is_a_24_pixel_svg_rendered_sharp_at_2x(qapp: QApplication) -> None:
    for name in icons.icon_names():
        renderer = QSvgRenderer(str(icons.icon_path(name)))
        assert renderer.isValid(), name
        assert renderer.defaultSize() == QSize(24, 24), name
        assert renderer.viewBoxF().width() == 24 and renderer.viewBoxF().height() == 24, name
        icon = QIcon(str(icons.icon_path(name)))
        once = icon.pixmap(QSize(24, 24), 1.0)
        twice = icon.pixmap(QSize(24, 24), 2.0)
        assert once.size() == QSize(24, 24), name
        assert twice.size() == QSize(48, 48) and twice.devicePixelRatio() == 2.0, name
        # Drawn from the vectors at 48 pixels, not a 24-pixel picture blown up (which would be blurry).
        sharp = rendered(renderer, 48)
        got = twice.toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        assert got == sharp, f"{name}: the 2x pixmap is not the SVG rendered at 48 pixels"
        blown_up = once.toImage().scaled(48, 48, mode=Qt.TransformationMode.SmoothTransformation)
        assert got != blown_up.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied), name


def test_the_icons_are_drawn_in_the_palettes_colours() -> None:
    """A channel's, a thread status's and the connection's colour are the same in both looks, and the
    icon is drawn in it: the dot in the status bar and the bars of the dashboard agree."""
    for look in (LIGHT, DARK):
        assert look.channel_badges == CHANNEL_COLOURS
        assert look.thread_statuses == THREAD_STATUS_COLOURS
        assert look.connection_states == CONNECTION_COLOURS
    for channel, colour in CHANNEL_COLOURS.items():
        assert colour in svg_colours(icons.channel_name(channel)), channel
    for status, colour in THREAD_STATUS_COLOURS.items():
        assert colour in svg_colours(icons.thread_status_name(status)), status
    for state, colour in CONNECTION_COLOURS.items():
        assert colour in svg_colours(icons.connection_name(state)), state


def test_line_icons_stand_out_from_light_and_dark_surfaces() -> None:
    """One file per icon for both looks: the colour of each drawn line (or dot) has a contrast of 3:1
    (WCAG's for graphics) with the window, lists and buttons of either look. The white glyphs sit on
    discs of their own colour."""
    surfaces = [
        colour
        for look in (LIGHT, DARK)
        for colour in (look.standard.window, look.standard.base, look.standard.button)
    ]
    for name in icons.icon_names():
        inks = svg_colours(name) - {"#ffffff"}
        if "#ffffff" in svg_colours(name) or name == icons.APP:
            continue  # a white glyph on a coloured disc (or the app's own tile)
        assert inks, name
        faint = {
            (ink, s): round(contrast(ink, s), 2) for ink in inks for s in surfaces if contrast(ink, s) < 3
        }
        assert faint == {}, name


def test_the_window_and_the_application_have_the_switchboard_icon(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.windowIcon().isNull()
    assert window.windowIcon().cacheKey() == icons.icon(icons.APP).cacheKey()
    # The application's icon is set where the app starts (run_gui); the window's is its own too.
    source = (ROOT / "app" / "desktop" / "application.py").read_text(encoding="utf-8")
    assert "app.setWindowIcon(icons.icon(icons.APP))" in source


def test_an_installed_package_carries_the_icons(tmp_path: Path) -> None:
    """What `pip install .` copies (setuptools' build_py with pyproject's package data) has every icon,
    and the app loads them from there."""
    build = tmp_path / "build"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import setuptools; setuptools.setup()",
            "-q",
            "build_py",
            "--build-lib",
            build,
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    shipped = {path.stem for path in (build / "app" / "desktop" / "resources" / "icons").glob("*.svg")}
    assert shipped == set(icons.icon_names())
    check = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from PySide6.QtWidgets import QApplication; app = QApplication([])\n"
        "from app.desktop import icons\n"
        "assert icons.ICONS.is_relative_to(sys.argv[1]), icons.ICONS\n"
        "print(sum(not icons.icon(name).isNull() for name in icons.icon_names()))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    loaded = subprocess.run(
        [sys.executable, "-c", check, str(build)], env=env, check=True, capture_output=True, text=True
    )
    assert loaded.stdout.strip() == str(len(icons.icon_names()))
