"""The consent history as a table that pages from the server as it is scrolled (canFetchMore/fetchMore)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from app.contract.customers import ConsentChange
from app.contract.enums import ConsentKind
from app.desktop.customer.preferences.staging import on_off
from app.desktop.customer.timefmt import local_time
from app.desktop.paged_model import PagedTableModel

AnyIndex = QModelIndex | QPersistentModelIndex

COLUMNS = ("When", "Who", "What", "Source")
PAGE_SIZE = 50


class ConsentHistoryModel(PagedTableModel):
    """Who changed which consent, when, and from where; newest first."""

    def __init__(self) -> None:
        super().__init__(COLUMNS)
        self.marketing_texts: dict[int, str] = {}

    @property
    def entries(self) -> list[ConsentChange]:
        return self.items

    def key(self, item: Any) -> object:
        return item.consent_change_id

    def refresh_texts(self) -> None:
        """The marketing texts arrived after the history: name them in the rows already shown."""
        if self.items:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self.items) - 1, 2))

    def describe(self, entry: ConsentChange) -> str:
        change = f"{on_off(entry.previous)} -> {on_off(entry.current)}"
        if entry.kind == ConsentKind.MARKETING_PREFERENCE:
            text = self.marketing_texts.get(
                entry.marketing_preference_id or 0, f"#{entry.marketing_preference_id}"
            )
            return f"Marketing: {text}: {'opted in' if entry.current else 'opted out'}"
        channel = entry.communication_channel.value if entry.communication_channel else "?"
        return f"{entry.message_category} / {channel}: {change}"

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if column == 0:
            return local_time(entry.at)
        if column == 1:
            return entry.actor.display_name
        if column == 2:
            return self.describe(entry)
        return entry.source.value
