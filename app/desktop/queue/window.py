"""The queue in a signed-in main window: the view added beside the customer view (Ctrl+2), opening
threads there, and told which thread the customer view shows, so what was seen there is not marked new.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.client import SwitchboardClient
from app.contract.auth import User
from app.contract.communications import ThreadSummary
from app.desktop import shortcuts
from app.desktop.mainwindow import CUSTOMER_VIEW, MainWindow
from app.desktop.queue.seen import SeenThreads, settings_key
from app.desktop.queue.view import QueueView
from app.desktop.session.config import settings

#: The queue's key in the main window (and of `--view`).
QUEUE_VIEW = "queue"


def shown_thread(window: MainWindow) -> ThreadSummary | None:
    """The thread open in the customer view while that view is the one shown, else None."""
    pane = window.pane
    if pane is None or pane.customer_id is None or window.current_view() != CUSTOMER_VIEW:
        return None
    return pane.conversations.current_thread


def open_queue(window: MainWindow, client: SwitchboardClient, user: User, server_url: str) -> QueueView:
    """Add the signed-in user's queue to the window (its first page is asked for when first shown);
    the session feeds it events (`QueueView.handle_event`) and shuts it down."""
    seen = SeenThreads(settings(), settings_key(server_url, user.user_id))
    queue = QueueView(client, user, seen, lambda: shown_thread(window))
    title = QCoreApplication.translate("MainWindow", "&Queue")
    window.add_view(QUEUE_VIEW, queue, title, shortcuts.QUEUE_VIEW)
    queue.thread_opened.connect(window.open_thread)
    # The thread shown in the customer view is seen: when its messages arrive, and when the user
    # comes back to that view.
    window.view_changed.connect(queue.saw_shown_thread)
    if window.pane is not None:
        window.pane.conversations.messages_model.first_page_loaded.connect(queue.saw_shown_thread)
    return queue
