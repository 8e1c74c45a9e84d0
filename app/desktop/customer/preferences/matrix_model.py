"""The category x channel matrix as a Qt table model: check boxes, locked cells, staged changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.contract.enums import Channel
from app.contract.preferences import ChannelPreference, CommunicationPreferences
from app.desktop.customer.preferences.staging import Pair, StagedChange, on_off, pair_text, staged_changes
from app.desktop.theme import palette
from app.desktop.words import category_name, category_names, word

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
        category_names().changed.connect(self._category_names_changed)

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
            return word(self._channels[section]) if section < len(self._channels) else None
        return category_name(self._categories[section]) if section < len(self._categories) else None

    def index_of(self, category: str, channel: Channel) -> QModelIndex:
        """The cell of a category (its identifier) and channel; invalid if the matrix has no such pair."""
        if category not in self._categories or channel not in self._channels:
            return QModelIndex()
        return self.index(self._categories.index(category), self._channels.index(channel))

    def _category_names_changed(self) -> None:
        if self._categories:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._categories) - 1)

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
                return self.tr("{value} (locked)").format(value=text)
            return self.tr("{value} (staged)").format(value=text) if is_staged else text
        if role == Qt.ItemDataRole.ToolTipRole:
            if not cell.customer_overridable:
                return self.tr("Locked: {pair} is not customer-overridable and cannot be changed.").format(
                    pair=pair_text(*pair)
                )
            if is_staged:
                return self.tr("Staged, not saved: {before} -> {after}").format(
                    before=on_off(cell.active), after=on_off(value)
                )
            return f"{pair_text(*pair)}: {on_off(value)}"
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
