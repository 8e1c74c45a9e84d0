"""A line edit that holds one line of text: what is pasted into it loses its line breaks and NULs.

QLineEdit keeps both from the clipboard, invisibly; the API refuses either in a single-line field
(a subject, a reason), so without this a pasted subject would make a request that can only fail.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from app.contract.text import one_line_input


def keep_to_one_line(edit: QLineEdit) -> QLineEdit:
    """From now on `edit` turns each line break in its text into a space and drops each NUL, as the
    text arrives (typed, pasted or set); the cursor stays after what was pasted. Returns `edit`."""

    def tidy(text: str) -> None:
        fitted = one_line_input(text)
        if fitted == text:
            return
        cursor = len(one_line_input(text[: edit.cursorPosition()]))
        edit.setText(fitted)
        edit.setCursorPosition(min(cursor, len(fitted)))

    edit.textChanged.connect(tidy)
    return edit
