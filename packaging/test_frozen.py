"""Smoke test of the frozen app that `bash packaging/build.sh` built in dist/switchboard/:

    bash packaging/build.sh && .venv/bin/python -m pytest -q -n 0 packaging/test_frozen.py

Not part of the suite (pyproject's testpaths is tests/): the build takes minutes, the suite has 15.
Each run of the app is the real frozen program in a bare environment: a fresh home, no display
(so it draws offscreen), and a PATH with nothing on it, so no Python or other program of this
computer can stand in for what the folder should hold.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist" / "switchboard"
PROGRAM = DIST / "switchboard"
SERVER_PROGRAM = DIST / "switchboard-server"
ID = "com.example.switchboard"
SCREENSHOT_SIZE = (1280, 800)  # app.desktop.application.SCREENSHOT_SIZE
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@pytest.fixture(scope="module", autouse=True)
def _built() -> None:
    if not PROGRAM.is_file():
        pytest.fail(f"{PROGRAM} is missing: build it first with `bash packaging/build.sh`")


def bare_environment(home: Path) -> dict[str, str]:
    """A desktop user's environment stripped to the bone: no display, nothing on the PATH."""
    empty = home / "empty-path"
    empty.mkdir(parents=True, exist_ok=True)
    return {
        "HOME": str(home),
        "PATH": str(empty),
        "LANG": "C.UTF-8",
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }


@dataclass
class Process:
    pid: int
    exe: str
    cmdline: list[str]


@dataclass
class Run:
    returncode: int
    output: str
    #: Every process the app started, as seen while it ran.
    children: list[Process] = field(default_factory=list)


def _children_of(pid: int) -> list[Process]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The parent's pid is the fourth field, after the command name in parentheses.
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if ppid != pid:
                continue
            exe = os.readlink(entry / "exe")
            cmdline = (entry / "cmdline").read_bytes().decode().split("\0")[:-1]
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        found.append(Process(int(entry.name), exe, cmdline))
    return found


def run_app(program: Path, env: dict[str, str], *args: str, within: float = 120.0) -> Run:
    """Run the app to its end, noting the processes it starts on the way."""
    app = subprocess.Popen(
        [str(program), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    seen: dict[int, Process] = {}
    deadline = time.monotonic() + within
    while app.poll() is None:
        if time.monotonic() > deadline:
            app.kill()
            pytest.fail(f"{program} {' '.join(args)} did not end within {within:g} s")
        for child in _children_of(app.pid):
            seen.setdefault(child.pid, child)
        time.sleep(0.02)
    assert app.stdout is not None
    return Run(app.returncode, app.stdout.read(), list(seen.values()))


def processes_running_from(folder: Path) -> list[Process]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                exe = os.readlink(entry / "exe")
            except OSError:
                continue
            if exe.startswith(f"{folder.resolve()}/"):
                found.append(Process(int(entry.name), exe, []))
    return found


def assert_gone(pid: int, within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    while Path(f"/proc/{pid}").exists():
        state = (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split() or ["?"])[0]
        if state == "Z":
            break  # dead, only not yet reaped by whoever adopted it
        assert time.monotonic() < deadline, f"process {pid} still runs after the app ended"
        time.sleep(0.05)


def assert_a_screenshot(path: Path, size: tuple[int, int] = SCREENSHOT_SIZE) -> None:
    """A PNG of the whole window with something drawn in it: many colours, none covering nearly all."""
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    assert not image.isNull()
    assert (image.width(), image.height()) == size
    counts: dict[int, int] = {}
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            rgb = image.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    assert len(counts) > 50, f"only {len(counts)} colours: a blank window"
    assert max(counts.values()) < 0.9 * sum(counts.values()), "one colour covers nearly all of it"


def screenshot_through(program: Path, home: Path, *options: str) -> Run:
    """`program --screenshot` in a bare environment: the screenshot is right, the app started its
    server from the frozen folder (not a Python), and that server is gone once the app has ended."""
    shot = home / "shot.png"
    done = run_app(program, bare_environment(home), "--screenshot", str(shot), *options)
    assert done.returncode == 0, done.output
    assert f"saved {shot}" in done.output
    assert_a_screenshot(shot)
    servers = [child for child in done.children if "--demo" in child.cmdline]
    assert [server.exe for server in servers] == [str(SERVER_PROGRAM.resolve())], done.children
    assert servers[0].cmdline[0] == str(SERVER_PROGRAM.resolve())
    for child in done.children:
        assert_gone(child.pid)
    assert processes_running_from(DIST) == []
    return done


def test_the_frozen_app_takes_a_screenshot_on_its_own_server_and_leaves_no_server_behind(
    tmp_path: Path,
) -> None:
    screenshot_through(PROGRAM, tmp_path / "home")
    logs = tmp_path / "home" / ".local" / "share" / "switchboard" / "logs"
    assert (logs / "server.log").is_file()
    assert (tmp_path / "home" / ".local" / "share" / "switchboard" / "demo.db").is_file()


def test_the_frozen_app_speaks_german_and_draws_the_supervisors_charts(tmp_path: Path) -> None:
    """The bundled catalogues (the app's and Qt's own) and QtCharts, for the dashboard."""
    home = tmp_path / "home"
    screenshot_through(PROGRAM, home, "--language", "de", "--view", "dashboard", "--user", "supervisor")


def test_the_frozen_app_keeps_only_what_it_loads() -> None:
    internal = DIST / "_internal"
    qt = internal / "PySide6" / "Qt"
    plugins = sorted(str(p.relative_to(qt / "plugins")) for p in (qt / "plugins").rglob("*.so"))
    assert plugins == [
        "iconengines/libqsvgicon.so",
        "imageformats/libqsvg.so",
        "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "platforminputcontexts/libibusplatforminputcontextplugin.so",
        "platforms/libqoffscreen.so",
        "platforms/libqwayland.so",
        "platforms/libqxcb.so",
        "platformthemes/libqxdgdesktopportal.so",
        "wayland-decoration-client/libadwaita.so",
        "wayland-decoration-client/libbradient.so",
        "wayland-shell-integration/libxdg-shell.so",
    ]
    assert sorted(p.name for p in (qt / "translations").iterdir()) == ["qtbase_de.qm", "qtbase_en.qm"]
    libraries = {p.name for p in internal.rglob("*.so*")}
    for left_out in (
        "libQt6Quick.so.6",
        "libQt6Qml.so.6",
        "libQt6Pdf.so.6",
        "libgtk-3.so.0",
        "QtNetwork.abi3.so",
    ):
        assert left_out not in libraries
    for needed in ("libQt6Charts.so.6", "libQt6Svg.so.6", "libQt6XcbQpa.so.6", "libQt6WaylandClient.so.6"):
        assert needed in libraries
    assert sorted(
        p.name for p in (internal / "app" / "desktop" / "resources" / "translations").iterdir()
    ) == [
        "switchboard_de.qm",
        "switchboard_en.qm",
    ]
    assert (internal / "app" / "desktop" / "resources" / "icons" / "switchboard.svg").is_file()
    for left_out in ("mypy", "hypothesis", "pygments", "yaml"):
        assert not (internal / left_out).exists()


def test_the_desktop_files_are_valid() -> None:
    desktop_file_validate = shutil.which("desktop-file-validate")
    appstreamcli = shutil.which("appstreamcli")
    if desktop_file_validate is None or appstreamcli is None:
        pytest.fail(
            "needs desktop-file-validate and appstreamcli: apt-get install desktop-file-utils appstream"
        )
    entry = DIST / "share" / "applications" / f"{ID}.desktop"
    done = subprocess.run([desktop_file_validate, str(entry)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout
    metainfo = DIST / "share" / "metainfo" / f"{ID}.metainfo.xml"
    done = subprocess.run(
        [appstreamcli, "validate", "--no-net", "--pedantic", str(metainfo)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
    for size in ICON_SIZES:
        icon = QImage(
            str(DIST / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "switchboard.png")
        )
        assert (icon.width(), icon.height()) == (size, size)
    assert (DIST / "share" / "icons" / "hicolor" / "scalable" / "apps" / "switchboard.svg").is_file()


def test_install_and_uninstall_for_one_user(tmp_path: Path) -> None:
    home = tmp_path / "home"
    data = tmp_path / "xdg-data"  # not under ~/.local/share: XDG_DATA_HOME is honoured
    env = {**bare_environment(home), "XDG_DATA_HOME": str(data), "PATH": "/usr/bin:/bin"}
    lib = home / ".local" / "lib" / "switchboard"
    link = home / ".local" / "bin" / "switchboard"
    entry = data / "applications" / f"{ID}.desktop"
    for _ in range(2):  # installing again updates it in place
        done = subprocess.run(["bash", str(DIST / "install.sh")], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert link.is_symlink() and link.resolve() == (lib / "switchboard").resolve()
    text = entry.read_text(encoding="utf-8")
    assert f'Exec="{lib}/switchboard"' in text.splitlines()
    assert f"TryExec={lib}/switchboard" in text.splitlines()
    if shutil.which("desktop-file-validate"):
        assert subprocess.run(["desktop-file-validate", str(entry)], capture_output=True).returncode == 0
    assert (data / "metainfo" / f"{ID}.metainfo.xml").is_file()
    icons = sorted(str(p.relative_to(data / "icons")) for p in (data / "icons").rglob("switchboard.*"))
    assert icons == sorted(
        [f"hicolor/{size}x{size}/apps/switchboard.png" for size in ICON_SIZES]
        + ["hicolor/scalable/apps/switchboard.svg"]
    )
    assert not list(home.glob(".local/lib/switchboard.*")), "the old copy of the app was left"

    # The installed program runs through its link, from its own copy of the folder.
    version = subprocess.run([str(link), "--version"], env=env, capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("switchboard "), version
    app_env = {**env, "PATH": bare_environment(home)["PATH"]}
    shot = home / "shot.png"
    done = run_app(link, app_env, "--screenshot", str(shot))
    assert done.returncode == 0, done.output
    assert_a_screenshot(shot)
    assert [c.exe for c in done.children if "--demo" in c.cmdline] == [str(lib / "switchboard-server")]
    user_data = data / "switchboard" / "demo.db"
    assert user_data.is_file()

    done = subprocess.run(["bash", str(lib / "uninstall.sh")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not lib.exists() and not link.is_symlink() and not entry.exists()
    assert not (data / "metainfo" / f"{ID}.metainfo.xml").exists()
    assert not list((data / "icons").rglob("switchboard.*"))
    assert user_data.is_file(), "uninstalling deleted the user's data"
    again = subprocess.run(["bash", str(DIST / "uninstall.sh")], env=env, capture_output=True, text=True)
    assert again.returncode == 1 and "not installed" in again.stderr
