"""The desktop's colours live in one module, `app.desktop.theme`, named by role, in a light and a dark
look; every text is readable on its background in both (WCAG AA)."""

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
from app.desktop.theme import (
    DARK,
    LIGHT,
    Chip,
    Palette,
    StandardColours,
    StatusChips,
    contrast,
    palette,
    readable_pairs,
)

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


def colours(value: object) -> list[str]:
    """Every colour of a palette (or a part of one), in its fields' order."""
    if isinstance(value, Palette | Chip | StatusChips | StandardColours):
        fields = [field for field in dataclasses.fields(value) if field.name != "is_dark"]
        return [c for field in fields for c in colours(getattr(value, field.name))]
    if isinstance(value, Mapping):
        return [c for each in value.values() for c in colours(each)]
    assert isinstance(value, str)
    return [value]


def test_every_role_of_the_palette_is_a_colour() -> None:
    roles = colours(LIGHT)
    assert len(roles) > 30
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) and QColor(c).isValid() for c in roles), roles
    assert palette() is LIGHT
    # A thread's status and the connection state are always drawn in a colour of their own.
    assert set(LIGHT.thread_statuses) == set(ThreadStatus)
    assert set(LIGHT.connection_states) == set(ConnectionState)


def test_the_dark_look_has_every_role_in_a_colour_and_is_dark() -> None:
    roles = colours(DARK)
    assert len(roles) == len(colours(LIGHT)), "the same roles, each given a colour"
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) and QColor(c).isValid() for c in roles), roles
    assert set(DARK.thread_statuses) == set(ThreadStatus)
    assert set(DARK.connection_states) == set(ConnectionState)
    assert DARK.is_dark and not LIGHT.is_dark
    # Dark surfaces with light text, light ones with dark text.
    for look in (LIGHT, DARK):
        surfaces = (look.standard.window, look.standard.base, look.bubble_incoming, look.bubble_outgoing)
        light_surfaces = [QColor(c).lightnessF() > 0.5 for c in surfaces]
        assert light_surfaces == [not look.is_dark] * len(surfaces), (look.is_dark, surfaces)
        assert (QColor(look.bubble_text).lightnessF() > 0.5) == look.is_dark


def test_the_contrast_is_wcag_s() -> None:
    assert contrast("#000000", "#ffffff") == 21
    assert contrast("#ffffff", "#000000") == 21, "either way round"
    assert contrast("#777777", "#777777") == 1
    # The lightest grey on white that passes AA, and the darkest that fails.
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert contrast("#777777", "#ffffff") < 4.5


def test_every_text_is_readable_on_its_background_in_both_looks() -> None:
    for look in (LIGHT, DARK):
        pairs = readable_pairs(look)
        # Bubbles, banners, chips and the suppressed and failed marks are all among them.
        for where in (
            "incoming bubble: text",
            "outgoing bubble: meta line",
            "suppressed bubble: mark",
            "failed bubble: mark",
            "blocked banner",
            "demo banner",
            "header chip blocked",
            "search result chip label",
            "suppressed status in the Activity tab",
            "failed status in the Activity tab",
        ):
            assert where in pairs
        too_faint = {
            where: round(contrast(text, background), 2)
            for where, (text, background) in pairs.items()
            if contrast(text, background) < 4.5
        }
        assert too_faint == {}, f"{'dark' if look.is_dark else 'light'} look: below 4.5:1"
