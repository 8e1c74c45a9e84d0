"""The consent history as a table that pages from the server as it is scrolled (canFetchMore/fetchMore)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QPersistentModelIndex, Qt

from app.contract.customers import ConsentChange
from app.contract.enums import ConsentKind
from app.desktop.customer.preferences.staging import on_off, pair_text
from app.desktop.customer.timefmt import local_time
from app.desktop.paged_model import PagedTableModel
from app.desktop.words import category_name, word

AnyIndex = QModelIndex | QPersistentModelIndex

#: Column titles, translated where they are shown (PagedTableModel.headerData).
COLUMNS = (
    str(QT_TRANSLATE_NOOP("Columns", "When")),
    str(QT_TRANSLATE_NOOP("Columns", "Who")),
    str(QT_TRANSLATE_NOOP("Columns", "What")),
    str(QT_TRANSLATE_NOOP("Columns", "Source")),
)
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
            if entry.current:
                return self.tr("Marketing: {text}: opted in").format(text=text)
            return self.tr("Marketing: {text}: opted out").format(text=text)
        if entry.communication_channel is None:
            return f"{category_name(entry.message_category or '?')}: {change}"
        return f"{pair_text(entry.message_category or '?', entry.communication_channel)}: {change}"

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
        return word(entry.source)
