"""The desktop's colours live in one module, `app.desktop.theme`, named by role."""

from __future__ import annotations

import dataclasses
import io
import re
import tokenize
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtGui import QColor

import app.desktop
from app.contract.enums import ThreadStatus
from app.desktop.events import ConnectionState
from app.desktop.theme import LIGHT, Chip, StatusChips, palette

DESKTOP = Path(app.desktop.__file__).parent
THEME = DESKTOP / "theme.py"
#: A colour written as a literal: "#rgb", "#rrggbb", "#rrggbbaa", or a named colour in a style sheet.
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3}(?:[0-9a-fA-F]{2})?)?\b")
NAMED_COLOUR = re.compile(
    r"\b(?:color|background|border[-\w]*)\s*:[^;{}]*\b(?:white|black|red|green|blue|yellow|orange|gray|grey)\b"
)


def colour_literals(source: str) -> list[str]:
    """The colours written in the string literals (f-strings included) of a module's source."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            found += HEX_COLOUR.findall(token.string) + NAMED_COLOUR.findall(token.string)
    return found


def test_the_checker_finds_a_colour_written_inline() -> None:
    assert colour_literals('QColor("#c62828")') == ["#c62828"]
    assert colour_literals('css = f"background: #fff; color: {x}"') == ["#fff"]
    assert colour_literals('"QLabel { color: white; }"') == ["color: white"]
    # A customer number in a text, a comment, a colour taken from the palette: none is a colour literal.
    assert colour_literals('f"#{customer_id}"  # see #123\nx = "#12"\ny = f"color: {c.text};"') == []


def test_no_desktop_module_but_the_theme_writes_a_colour() -> None:
    offenders = {
        str(path.relative_to(DESKTOP)): found
        for path in sorted(DESKTOP.rglob("*.py"))
        if path != THEME and (found := colour_literals(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "colours belong in app/desktop/theme.py, named by role"


def test_every_role_of_the_palette_is_a_colour() -> None:
    def colours(value: object) -> list[str]:
        if isinstance(value, Chip | StatusChips):
            return [c for field in dataclasses.fields(value) for c in colours(getattr(value, field.name))]
        if isinstance(value, Mapping):
            return [c for each in value.values() for c in colours(each)]
        assert isinstance(value, str)
        return [value]

    roles = [c for field in dataclasses.fields(LIGHT) for c in colours(getattr(LIGHT, field.name))]
    assert len(roles) > 30
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) and QColor(c).isValid() for c in roles), roles
    assert palette() is LIGHT
    # A thread's status and the connection state are always drawn in a colour of their own.
    assert set(LIGHT.thread_statuses) == set(ThreadStatus)
    assert set(LIGHT.connection_states) == set(ConnectionState)
