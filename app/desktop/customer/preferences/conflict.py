"""The conflict panel: someone else saved first; their version next to the agent's staged one."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.contract.preferences import CommunicationPreferences
from app.desktop.appearance import follow_look
from app.desktop.customer.preferences.staging import Pair, current_values, on_off, pair_text


def conflict_rows(
    base: CommunicationPreferences | None, newer: CommunicationPreferences, staged: dict[Pair, bool]
) -> list[tuple[str, str, str, str]]:
    """(pair, value the agent started from, the other agent's current value, the agent's staged value)."""
    before = current_values(base) if base else {}
    now = current_values(newer)
    rows = []
    for pair, mine in staged.items():
        rows.append(
            (
                pair_text(*pair),
                on_off(before[pair]) if pair in before else "?",
                on_off(now[pair]) if pair in now else "—",
                on_off(mine),
            )
        )
    return rows


class ConflictPanel(QFrame):
    """Shown after a 412: the agent re-applies the staged changes on top of the new version, or drops them."""

    reapply_requested = Signal()
    discard_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesConflict")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        follow_look(
            self,
            lambda colours: self.setStyleSheet(
                f"QFrame#preferencesConflict {{ background: {colours.conflict_background}; }}"
            ),
        )
        self.summary = QLabel()
        self.summary.setObjectName("conflictSummary")
        self.summary.setWordWrap(True)
        self.reapply = QPushButton(self.tr("Re-apply my changes"))
        self.reapply.setObjectName("reapplyButton")
        self.reapply.clicked.connect(self.reapply_requested)
        self.discard = QPushButton(self.tr("Discard my changes"))
        self.discard.setObjectName("discardStagedButton")
        self.discard.clicked.connect(self.discard_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.discard)
        buttons.addWidget(self.reapply)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.hide()

    def show_conflict(
        self, base: CommunicationPreferences | None, newer: CommunicationPreferences, staged: dict[Pair, bool]
    ) -> None:
        who = self.tr("Another agent")
        rows = "".join(
            f"<tr><td>{escape(pair)}</td><td>{was}</td><td><b>{theirs}</b></td><td><b>{mine}</b></td></tr>"
            for pair, was, theirs, mine in conflict_rows(base, newer, staged)
        )
        self.summary.setText(
            self.tr(
                "<b>{who} changed these preferences meanwhile (now version {version}).</b> "
                "Nothing of yours was saved.<br>"
                "<table cellspacing='6'><tr><th align='left'>Preference</th><th>was</th>"
                "<th>theirs now</th><th>yours (staged)</th></tr>{rows}</table>"
            ).format(who=who, version=newer.version, rows=rows)
        )
        self.show()
