"""Render the application icon (app/desktop/resources/icons/switchboard.svg, also the window icon) as
the PNG sizes a desktop's icon theme looks for, with Qt's SVG renderer, plus the SVG as the scalable one.

    python packaging/render_icons.py OUT   # writes OUT/hicolor/NxN/apps/switchboard.png, .../scalable/...
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICON = Path(__file__).resolve().parents[1] / "app" / "desktop" / "resources" / "icons" / "switchboard.svg"
NAME = "switchboard"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main(out: Path) -> None:
    _app = QGuiApplication(sys.argv[:1])
    for size in SIZES:
        target = out / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(ICON, size).save(str(target), "PNG"):
            raise SystemExit(f"render_icons: could not write {target}")
    scalable = out / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICON, scalable)
    print(f"render_icons: {NAME} at {', '.join(map(str, SIZES))} px and scalable in {out / 'hicolor'}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
