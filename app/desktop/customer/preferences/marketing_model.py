"""The customer's marketing preferences as a list of opt-in switches."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.contract.preferences import CustomerMarketingPreference
from app.desktop.customer.timefmt import local_time

AnyIndex = QModelIndex | QPersistentModelIndex


class MarketingPreferencesModel(QAbstractListModel):
    """One checkable row per marketing preference; a click asks to switch, the server's answer sets it."""

    switch_requested = Signal(int, bool)
    """The agent flipped a switch: (marketingPreferenceId, opt in?); the row follows the server."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[CustomerMarketingPreference] = []
        self.busy: set[int] = set()

    def set_items(self, items: list[CustomerMarketingPreference]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.busy.clear()
        self.endResetModel()

    def replace(self, item: CustomerMarketingPreference) -> None:
        for row, known in enumerate(self.items):
            if known.marketing_preference_id == item.marketing_preference_id:
                self.items[row] = item.model_copy(update={"text": item.text or known.text})
                self.busy.discard(item.marketing_preference_id)
                self.dataChanged.emit(self.index(row), self.index(row))

    def set_busy(self, marketing_preference_id: int, busy: bool) -> None:
        (self.busy.add if busy else self.busy.discard)(marketing_preference_id)
        for row, known in enumerate(self.items):
            if known.marketing_preference_id == marketing_preference_id:
                self.dataChanged.emit(self.index(row), self.index(row))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
        if self.items[index.row()].marketing_preference_id in self.busy:
            flags &= ~Qt.ItemFlag.ItemIsEnabled
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = f"{item.text or item.marketing_preference_id}"
            if item.opted_in and item.opted_in_at:
                return self.tr("{text} (since {when})").format(text=text, when=local_time(item.opted_in_at))
            return text
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if item.opted_in else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Opted in") if item.opted_in else self.tr("Not opted in")
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        item = self.items[index.row()]
        wanted = Qt.CheckState(value) == Qt.CheckState.Checked
        if wanted != item.opted_in and item.marketing_preference_id not in self.busy:
            self.set_busy(item.marketing_preference_id, True)
            self.switch_requested.emit(item.marketing_preference_id, wanted)
        return False
