"""Text in a space of its own size: a table cell, a notification. On one line, cut with "…" to fit.

`PlacedText` is a text a delegate paints and the space it gets, so that painting and the tests that
check nothing is cut off measure the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont

ELLIPSIS = "…"


def one_line(text: str) -> str:
    """`text` with every run of white space (line breaks included) as one space, and none at the ends."""
    return " ".join(text.split())


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut to at most `limit` characters with "…" where it was cut.

    No space is left before the "…": "a word …" would read as if a word were missing.
    """
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


@dataclass(frozen=True)
class PlacedText:
    """One text a delegate paints: where, in which font, aligned how."""

    text: str
    rect: QRect
    font: QFont
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
