"""The title at the top of a main-window view (Approvals, Dashboard): bold, a size larger than the text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

#: How much larger than the body text a view's title is.
HEADING_SCALE = 1.25


def view_heading(text: str, name: str, parent: QWidget | None = None) -> QLabel:
    """A label with the view's title, named `name` (for tests and style sheets)."""
    heading = QLabel(text, parent)
    heading.setObjectName(name)
    font = heading.font()
    font.setPointSizeF(font.pointSizeF() * HEADING_SCALE)
    font.setBold(True)
    heading.setFont(font)
    return heading
