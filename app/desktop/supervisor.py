"""The supervisor's desk: the views only a supervisor is given (Approvals, Dashboard), added at sign-in.

Whether the signed-in user gets them is `roles.is_supervisor`. For an agent nothing is built at all:
no view, no View menu entry, no shortcut, so nothing of it can be found even disabled. Nor is it
imported: the views (and QtCharts, about 50 ms) are loaded when a supervisor signs in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.client import SwitchboardClient
from app.contract.auth import User
from app.contract.events import ServerEvent
from app.desktop import shortcuts
from app.desktop.mainwindow import MainWindow
from app.desktop.roles import is_supervisor

if TYPE_CHECKING:
    from app.desktop.approvals.view import ApprovalsView
    from app.desktop.dashboard.view import DashboardView

#: The keys of the supervisor's views in the main window (and of `--view`).
APPROVALS_VIEW = "approvals"
DASHBOARD_VIEW = "dashboard"
SUPERVISOR_VIEWS = (APPROVALS_VIEW, DASHBOARD_VIEW)


@dataclass
class SupervisorDesk:
    approvals: ApprovalsView
    dashboard: DashboardView

    def handle_event(self, event: ServerEvent) -> None:
        self.approvals.handle_event(event)
        self.dashboard.handle_event(event)

    def shutdown(self) -> None:
        """Stop what the views are still asking (before the session's client closes)."""
        self.approvals.shutdown()
        self.dashboard.shutdown()


def open_supervisor_desk(window: MainWindow, client: SwitchboardClient, user: User) -> SupervisorDesk | None:
    """For a supervisor: the Approvals (Ctrl+3) and Dashboard (Ctrl+4) views in the window, the
    pending requests already being asked for. For anyone else: None, and the window is untouched."""
    if not is_supervisor(user):
        return None
    from app.desktop.approvals.view import ApprovalsView
    from app.desktop.dashboard.view import DashboardView

    approvals = ApprovalsView(client, user)
    dashboard = DashboardView(client)
    approvals_title = QCoreApplication.translate("MainWindow", "&Approvals")
    dashboard_title = QCoreApplication.translate("MainWindow", "&Dashboard")
    window.add_view(APPROVALS_VIEW, approvals, approvals_title, shortcuts.APPROVALS_VIEW)
    window.add_view(DASHBOARD_VIEW, dashboard, dashboard_title, shortcuts.DASHBOARD_VIEW)
    approvals.reload(keep_rows=False)
    return SupervisorDesk(approvals, dashboard)
