"""The pieces of a list's filter bar (the Activity tab's, the queue's): a choice box, a date field
that a check box switches on, and labels whose Alt+letter goes to their control."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QBoxLayout, QComboBox, QDateEdit, QLabel, QWidget

from app.desktop.locale_format import date_entry_format

#: The space between one labelled control and the next.
SPACING = 8


def choice_box(name: str, accessible_name: str, choices: Iterable[tuple[str, object]]) -> QComboBox:
    """A combo box named `name` (tests, style sheets) with (text, value) choices, the first chosen."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible_name)
    for text, value in choices:
        combo.addItem(text, value)
    return combo


def date_field(name: str, accessible_name: str) -> QDateEdit:
    """A date in the locale's format with a calendar, off until its check box switches it on."""
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible_name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_entry_format())
    edit.setEnabled(False)
    return edit


def add_labelled(row: QBoxLayout, controls: Iterable[tuple[str, QWidget]]) -> None:
    """Each control after its label ("Cha&nnel:"), whose Alt+letter moves the focus to it."""
    for text, control in controls:
        label = QLabel(text)
        label.setBuddy(control)
        row.addWidget(label)
        row.addWidget(control)
        row.addSpacing(SPACING)
