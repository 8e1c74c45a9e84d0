"""A table of a list of rows (requests, communications): whole rows selected one at a time, one line a row."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def list_table(
    model: QAbstractItemModel, name: str, accessible_name: str, parent: QWidget | None = None
) -> QTableView:
    """A table over `model`: no row numbers, no wrapping, alternating row colours, rows a line high."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setAccessibleName(accessible_name)
    table.setModel(model)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table
