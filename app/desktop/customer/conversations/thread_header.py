"""Above the messages: the open thread's subject, ticket link and status, with status changes and reopen."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.contract.communications import ThreadSummary
from app.contract.enums import ThreadStatus
from app.desktop import shortcuts
from app.desktop.customer.states import ErrorNotice
from app.desktop.words import word


class ThreadHeader(QWidget):
    status_requested = Signal(object)
    """The agent asked to move the open thread to this `ThreadStatus`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("threadHeader")
        self.subject = QLabel()
        self.subject.setObjectName("threadSubject")
        self.subject.setWordWrap(True)
        self.ticket = QLabel()
        self.ticket.setObjectName("ticketLink")
        # Qt opens the link with QDesktopServices: the ticket system in the agent's browser.
        self.ticket.setOpenExternalLinks(True)
        self.status = QLabel()
        self.status.setObjectName("threadStatus")
        self.ongoing = QPushButton(shortcuts.mnemonic_text(self.tr("Mark ongoing"), shortcuts.MARK_ONGOING))
        self.ongoing.setObjectName("markOngoingButton")
        self.close_button = QPushButton(
            shortcuts.mnemonic_text(self.tr("Close thread"), shortcuts.CLOSE_THREAD)
        )
        self.close_button.setObjectName("closeThreadButton")
        self.reopen = QPushButton(shortcuts.mnemonic_text(self.tr("Reopen"), shortcuts.REOPEN_THREAD))
        self.reopen.setObjectName("reopenThreadButton")
        self.ongoing.clicked.connect(lambda: self.status_requested.emit(ThreadStatus.ONGOING))
        self.close_button.clicked.connect(lambda: self.status_requested.emit(ThreadStatus.CLOSED))
        self.reopen.clicked.connect(lambda: self.status_requested.emit(ThreadStatus.ONGOING))
        self.error = ErrorNotice()
        # The subject on a line of its own (it wraps), the ticket, status and actions below it: the
        # header fits the narrow pane of a small window.
        row = QHBoxLayout()
        row.addWidget(self.ticket)
        row.addWidget(self.status)
        row.addStretch(1)
        row.addWidget(self.ongoing)
        row.addWidget(self.close_button)
        row.addWidget(self.reopen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.subject)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.show_thread(None)

    def show_thread(self, thread: ThreadSummary | None, new_thread: bool = False) -> None:
        self.error.hide()
        if thread is None:
            self.subject.setText(
                self.tr("<b>New thread</b>") if new_thread else self.tr("No thread selected")
            )
            self.ticket.clear()
            self.ticket.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.status.clear()
            for button in (self.ongoing, self.close_button, self.reopen):
                button.hide()
            return
        self.subject.setText(f"<b>{escape(thread.subject)}</b>")
        number = escape(thread.ticket_number or "")
        if thread.ticket_link:
            self.ticket.setText(
                f'<a href="{escape(thread.ticket_link, quote=True)}">'
                + (self.tr("Ticket {number}").format(number=number) if number else self.tr("Ticket link"))
                + "</a>"
            )
            self.ticket.setToolTip(thread.ticket_link)
            # Reachable with Tab and opened with Enter, like a link in a browser.
            self.ticket.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        else:
            self.ticket.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.ticket.setText(self.tr("Ticket {number}").format(number=number) if number else "")
            self.ticket.setToolTip("")
        status = thread.communication_thread_status
        self.status.setText(word(status))
        self.ongoing.setVisible(status == ThreadStatus.CREATED)
        self.close_button.setVisible(status != ThreadStatus.CLOSED)
        self.reopen.setVisible(status == ThreadStatus.CLOSED)
