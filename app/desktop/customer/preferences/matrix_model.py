"""The category x channel matrix as a Qt table model: check boxes, locked cells, staged changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.contract.enums import Channel
from app.contract.preferences import ChannelPreference, CommunicationPreferences
from app.desktop.customer.preferences.staging import Pair, StagedChange, on_off, staged_changes
from app.desktop.theme import palette

AnyIndex = QModelIndex | QPersistentModelIndex


class PreferencesMatrixModel(QAbstractTableModel):
    """Rows are message categories, columns channels; a checked cell is an active pair.

    Toggling a cell only stages the change (shown bold on a yellow background); the server's set stays
    untouched until the agent saves.
    """

    staged_changed = Signal()
    """The staged changes differ from before (the agent toggled a cell, or they were replaced)."""

    def __init__(self) -> None:
        super().__init__()
        self.preferences: CommunicationPreferences | None = None
        self.staged: dict[Pair, bool] = {}
        self._categories: list[str] = []
        self._channels: list[Channel] = []
        self._cells: dict[Pair, ChannelPreference] = {}

    def set_preferences(self, preferences: CommunicationPreferences | None) -> None:
        """The server's current set; staged changes stay on top of it."""
        self.beginResetModel()
        self.preferences = preferences
        self._categories, self._channels, self._cells = [], [], {}
        for category in preferences.preferences if preferences else []:
            self._categories.append(category.message_category)
            for pair in category.channels:
                if pair.communication_channel not in self._channels:
                    self._channels.append(pair.communication_channel)
                self._cells[(category.message_category, pair.communication_channel)] = pair
        self.endResetModel()

    def set_staged(self, staged: dict[Pair, bool]) -> None:
        self.staged = dict(staged)
        self._refresh_cells()
        self.staged_changed.emit()

    def changes(self) -> list[StagedChange]:
        return staged_changes(self.preferences, self.staged) if self.preferences else []

    def _refresh_cells(self) -> None:
        if self._categories and self._channels:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._categories) - 1, len(self._channels) - 1)
            )

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._categories)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._channels)

    def pair_at(self, index: AnyIndex) -> Pair:
        return (self._categories[index.row()], self._channels[index.column()])

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._channels[section].value if section < len(self._channels) else None
        return self._categories[section] if section < len(self._categories) else None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        cell = self._cells.get(self.pair_at(index)) if index.isValid() else None
        if cell is None:
            return Qt.ItemFlag.NoItemFlags
        if not cell.customer_overridable:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        pair = self.pair_at(index)
        cell = self._cells.get(pair)
        if cell is None:
            return "—" if role == Qt.ItemDataRole.DisplayRole else None
        value = self.staged.get(pair, cell.active)
        is_staged = pair in self.staged and self.staged[pair] != cell.active
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            text = on_off(value)
            if not cell.customer_overridable:
                return f"{text} (locked)"
            return f"{text} (staged)" if is_staged else text
        if role == Qt.ItemDataRole.ToolTipRole:
            if not cell.customer_overridable:
                return (
                    f"Locked: {pair[0]} by {pair[1].value} is not customer-overridable and cannot be changed."
                )
            if is_staged:
                return f"Staged, not saved: {on_off(cell.active)} -> {on_off(value)}"
            return f"{pair[0]} by {pair[1].value}: {on_off(value)}"
        if role == Qt.ItemDataRole.BackgroundRole and is_staged:
            return QBrush(QColor(palette().staged_background))
        if role == Qt.ItemDataRole.FontRole and is_staged:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not (
            self.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
        ):
            return False
        pair = self.pair_at(index)
        wanted = Qt.CheckState(value) == Qt.CheckState.Checked
        if wanted == self._cells[pair].active:
            self.staged.pop(pair, None)
        else:
            self.staged[pair] = wanted
        self.dataChanged.emit(index, index)
        self.staged_changed.emit()
        return True
