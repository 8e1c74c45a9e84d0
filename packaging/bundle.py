"""What the frozen build (packaging/switchboard.spec) leaves out: the Python modules neither program
imports, and the Qt plugins and translations the desktop never loads. Read by the spec, and by
tests/test_packaging.py, which checks that every plugin and catalogue kept here still exists in the
installed PySide6 (a renamed plugin would otherwise be left out of the next build without a word).
"""

from __future__ import annotations

import os

#: A PyInstaller TOC entry: (name in the app folder, source path, type code).
Entry = tuple[str, str, str]

#: Python modules neither program imports, which hooks or optional imports would pull in.
EXCLUDED_MODULES = [
    # Development tools that pydantic's plugins (pydantic.mypy, pydantic.v1's hypothesis plugin) name.
    "mypy",
    "pydantic.mypy",
    "pydantic.v1",
    "hypothesis",
    "pytest",
    "_pytest",
    "IPython",
    "numpy",
    # Pretty printing that pydantic, mako and rich import only when asked to.
    "rich",
    "pygments",
    "markdown_it",
    # uvicorn's YAML log configuration and pydantic-settings' YAML source: neither is used.
    "yaml",
    # Only babel's message extraction (the catalogue update command) asks setuptools' pkg_resources;
    # its runtime hook would import it at every start.
    "pkg_resources",
    "setuptools",
    # email_validator's deliverability check (DNS); pydantic's EmailStr never asks for it.
    "dns",
    # phonenumbers' geocoder, carrier and time-zone data (20 MB): the app formats and matches numbers only.
    "phonenumbers.geocoder",
    "phonenumbers.geodata",
    "phonenumbers.carrier",
    "phonenumbers.carrierdata",
    "phonenumbers.timezone",
    "phonenumbers.tzdata",
    "tkinter",
]
#: Qt's Python modules the desktop does not import (PySide6's hooks add them as QtCharts' and
#: QtGui's companions); their C++ libraries stay where another library needs them.
EXCLUDED_QT_MODULES = ["PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtNetwork", "PySide6.QtDBus"]

#: The Qt plugins kept, by folder; every other plugin (and folder) is left out.
QT_PLUGINS = {
    # X11, Wayland, and offscreen for --screenshot; not eglfs, linuxfb, vnc, minimal, vkkhrdisplay.
    "platforms": {"libqxcb.so", "libqwayland.so", "libqoffscreen.so"},
    "wayland-shell-integration": {"libxdg-shell.so"},
    "wayland-decoration-client": {"libbradient.so", "libadwaita.so"},
    # The SVG icons.
    "iconengines": {"libqsvgicon.so"},
    "imageformats": {"libqsvg.so"},
    # Dead keys and compose sequences (German keyboards), and input methods through IBus; not the
    # virtual keyboard (which alone pulls in Qt Quick and QML).
    "platforminputcontexts": {
        "libcomposeplatforminputcontextplugin.so",
        "libibusplatforminputcontextplugin.so",
    },
    # The light or dark colour scheme comes from Qt's built-in GNOME and KDE themes (over D-Bus) and
    # from the desktop portal; not the GTK 3 theme, which pulls in GTK and its libraries (19 MB).
    "platformthemes": {"libqxdgdesktopportal.so"},
}
#: Qt's own catalogues the app loads (app.desktop.translation: qtbase_<language>, English and German).
QT_TRANSLATIONS = {"qtbase_de.qm", "qtbase_en.qm"}

QT_PLUGIN_DIR = "PySide6/Qt/plugins/"
QT_TRANSLATION_DIR = "PySide6/Qt/translations/"


def kept_plugin(dest: str) -> bool:
    folder, _, name = dest.removeprefix(QT_PLUGIN_DIR).partition("/")
    return name in QT_PLUGINS.get(folder, ())


def strip_qt(binaries: list[Entry], datas: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """An Analysis' binaries without the Qt plugins left out and the libraries only they needed
    (found by following each kept binary's shared-library imports), and its data without Qt's other
    translations."""
    from PyInstaller.depend.bindepend import get_imports  # only while building

    binaries = [
        entry for entry in binaries if not entry[0].startswith(QT_PLUGIN_DIR) or kept_plugin(entry[0])
    ]
    # The shared libraries (by file name), and what loads them: extension modules and plugins.
    libraries = {
        os.path.basename(dest): src
        for dest, src, kind in binaries
        if kind == "BINARY" and not dest.startswith(QT_PLUGIN_DIR) and "libpython" not in dest
    }
    todo = [src for dest, src, kind in binaries if os.path.basename(dest) not in libraries]
    needed: set[str] = set()
    while todo:
        for name, _ in get_imports(todo.pop()):
            name = os.path.basename(name)
            if name in libraries and name not in needed:
                needed.add(name)
                todo.append(libraries[name])
    dropped = sorted(set(libraries) - needed)
    print(
        f"switchboard.spec: left out {len(dropped)} libraries only left-out plugins need: {' '.join(dropped)}"
    )
    binaries = [entry for entry in binaries if os.path.basename(entry[0]) not in dropped]
    datas = [
        entry
        for entry in datas
        if not (entry[2] == "SYMLINK" and os.path.basename(entry[0]) in dropped)
        and (not entry[0].startswith(QT_TRANSLATION_DIR) or os.path.basename(entry[0]) in QT_TRANSLATIONS)
    ]
    return binaries, datas
