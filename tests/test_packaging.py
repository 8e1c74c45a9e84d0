"""The packaging files that need no build: the desktop entry and AppStream metadata validate, they and
the app name the same desktop id, the icon renders at every size, and every Qt plugin and catalogue
the frozen build keeps (packaging/bundle.py) exists in the installed PySide6.

The frozen build itself: packaging/test_frozen.py, after `bash packaging/build.sh`.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from types import ModuleType

import PySide6
import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
ID = "com.example.switchboard"
DESKTOP_ENTRY = PACKAGING / "linux" / f"{ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{ID}.metainfo.xml"


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (apt-get install {package}; .ci/run installs it)")
    return found


def bundle() -> ModuleType:
    # By path: a folder named `packaging` is no package of ours (the name is PyPI's `packaging`).
    spec = importlib.util.spec_from_file_location("switchboard_bundle", PACKAGING / "bundle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_desktop_entry_validates() -> None:
    done = subprocess.run(
        [tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP_ENTRY)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == "", done.stdout  # not even a hint


def test_the_appstream_metadata_validates_pedantically() -> None:
    done = subprocess.run(
        [tool("appstreamcli", "appstream"), "validate", "--no-net", "--pedantic", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout
    assert "pedantic" not in done.stdout, done.stdout


def test_the_app_the_entry_and_the_metadata_name_one_desktop_id_and_one_icon() -> None:
    component = ElementTree.parse(METAINFO).getroot()
    assert component.findtext("id") == ID
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP_ENTRY.name
    assert component.findtext("provides/binary") == "switchboard"
    entry = dict(
        line.split("=", 1) for line in DESKTOP_ENTRY.read_text(encoding="utf-8").splitlines() if "=" in line
    )
    assert entry["Exec"] == entry["TryExec"] == "switchboard"  # install.sh makes them full paths
    assert entry["Icon"] == "switchboard"
    assert entry["StartupWMClass"] == "switchboard"  # the class of the window on X11 (checked with xprop)
    # Wayland's app id (QGuiApplication.desktopFileName) finds the entry, and with it the icon.
    assert f'setDesktopFileName("{ID}")' in (ROOT / "app" / "desktop" / "application.py").read_text()
    for script in ("build.sh", "install.sh"):
        assert ID in (PACKAGING / script).read_text(encoding="utf-8")


def test_the_icon_renders_at_every_size_a_theme_looks_for(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(PACKAGING / "render_icons.py"), str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon = QImage(str(tmp_path / "hicolor" / f"{size}x{size}" / "apps" / "switchboard.png"))
        assert (icon.width(), icon.height()) == (size, size)
        assert icon.pixelColor(0, 0).alpha() == 0  # a rounded tile: its corners are transparent
        centre = icon.pixelColor(size // 2, size // 2)
        assert centre.alpha() == 255
        assert len({icon.pixel(x, size // 2) for x in range(size)}) > 2  # more than a plain square
    scalable = tmp_path / "hicolor" / "scalable" / "apps" / "switchboard.svg"
    assert (
        scalable.read_bytes()
        == (ROOT / "app" / "desktop" / "resources" / "icons" / "switchboard.svg").read_bytes()
    )


def test_every_qt_plugin_and_catalogue_the_build_keeps_is_in_the_installed_pyside6() -> None:
    rules = bundle()
    qt = Path(PySide6.__file__).parent / "Qt"
    missing = [
        f"{folder}/{name}"
        for folder, names in rules.QT_PLUGINS.items()
        for name in names
        if not (qt / "plugins" / folder / name).is_file()
    ]
    assert missing == []
    assert [name for name in rules.QT_TRANSLATIONS if not (qt / "translations" / name).is_file()] == []
    assert rules.kept_plugin("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert not rules.kept_plugin("PySide6/Qt/plugins/platforms/libqvnc.so")
    assert not rules.kept_plugin("PySide6/Qt/plugins/sqldrivers/libqsqlite.so")
