"""The preferences tab: loads, stages, confirms and saves a customer's consent; conflicts and history."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.client import SwitchboardClient
from app.client.errors import ClientError, PreconditionFailed
from app.contract.preferences import CommunicationPreferences
from app.desktop import shortcuts
from app.desktop.customer.drafts import DraftStore, preferences_key
from app.desktop.customer.loading import LoadingParts
from app.desktop.customer.preferences.conflict import ConflictPanel
from app.desktop.customer.preferences.history_model import PAGE_SIZE, ConsentHistoryModel
from app.desktop.customer.preferences.marketing import MarketingSwitches
from app.desktop.customer.preferences.matrix_model import PreferencesMatrixModel
from app.desktop.customer.preferences.staging import PreferencesDraft, rebase, request_body
from app.desktop.customer.states import ErrorNotice, ViewState
from app.desktop.failures import Failure, failure_of, offline_message
from app.desktop.tasks import LatestRequest, spawn
from app.desktop.widgets.confirmation import ask_to_confirm


def _heading(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    return label


class PreferencesTab(QWidget):
    """Matrix of categories x channels (staged, then confirmed and saved), marketing switches, history."""

    loaded = Signal()
    """Every view of this tab has its first answer (data or error) for the opened customer."""
    preferences_changed = Signal(object)
    """The server's current `CommunicationPreferences` of the customer (for the composer's channel rule)."""
    saved = Signal()
    """The server confirmed staged changes."""
    went_offline = Signal()
    """A save could not reach the server, or the server its database: the changes wait to be sent again."""

    def __init__(self, client: SwitchboardClient, drafts: DraftStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.drafts = drafts
        self.customer_id: int | None = None
        self.request_id: uuid.UUID | None = None
        self.pending = False
        self._base: CommunicationPreferences | None = None
        self._loading = LoadingParts(self.loaded.emit)
        self._load_request = LatestRequest()
        self._save_request = LatestRequest()
        self.confirmation: QMessageBox | None = None

        self.matrix_model = PreferencesMatrixModel()
        self.matrix = QTableView()
        self.matrix.setObjectName("preferencesMatrix")
        self.matrix.setAccessibleName(self.tr("Communication preferences"))
        self.matrix.setModel(self.matrix_model)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matrix_state = ViewState(self.matrix, self.tr("No message categories."), retry=self.reload)
        self.matrix_model.staged_changed.connect(self._staged_changed)

        self.staged_label = QLabel()
        self.staged_label.setObjectName("stagedSummary")
        self.save_button = QPushButton(shortcuts.mnemonic_text(self.tr("Save…"), shortcuts.SAVE_PREFERENCES))
        self.save_button.setObjectName("savePreferencesButton")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.ask_to_save)
        self.discard_button = QPushButton(
            shortcuts.mnemonic_text(self.tr("Discard changes"), shortcuts.DISCARD_PREFERENCES)
        )
        self.discard_button.setObjectName("discardPreferencesButton")
        self.discard_button.setEnabled(False)
        self.discard_button.clicked.connect(self.discard)
        self.save_error = ErrorNotice()
        self.conflict = ConflictPanel()
        self.conflict.reapply_requested.connect(self.reapply)
        self.conflict.discard_requested.connect(self.discard)

        self.marketing_switches = MarketingSwitches(client)
        self.marketing_switches.loaded.connect(self._marketing_loaded)
        self.marketing_switches.changed.connect(self._load_history)
        self.marketing_model = self.marketing_switches.model
        self.marketing = self.marketing_switches.view

        self.history_model = ConsentHistoryModel()
        self.history = QTableView()
        self.history.setObjectName("consentHistory")
        self.history.setAccessibleName(self.tr("Consent history"))
        self.history.setModel(self.history_model)
        self.history.verticalHeader().hide()
        header = self.history.horizontalHeader()
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_state = ViewState(
            self.history, self.tr("No consent changes yet."), retry=self._load_history
        )
        self.history_model.loaded.connect(self._history_loaded)
        self.history_model.failed.connect(self._history_failed)

        actions = QHBoxLayout()
        actions.addWidget(self.staged_label, 1)
        actions.addWidget(self.discard_button)
        actions.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(_heading(self.tr("Communication preferences")))
        layout.addWidget(self.matrix_state, 3)
        layout.addLayout(actions)
        layout.addWidget(self.save_error)
        layout.addWidget(self.conflict)
        layout.addWidget(_heading(self.tr("Marketing preferences")))
        layout.addWidget(self.marketing_switches, 2)
        layout.addWidget(_heading(self.tr("Consent history")))
        layout.addWidget(self.history_state, 3)

    # --- loading -------------------------------------------------------------------------------------

    def open_customer(self, customer_id: int) -> None:
        self._load_request.cancel()
        self._save_request.cancel()
        self.customer_id = customer_id
        self.request_id, self.pending, self._base = None, False, None
        self.matrix_model.set_preferences(None)
        self.matrix_model.set_staged({})
        self.conflict.hide()
        self.save_error.hide()
        self._loading.expect("matrix", "marketing", "history")
        for state in (self.matrix_state, self.history_state):
            state.show_loading()
        self._load_request.run(self._load_all(customer_id))
        self.marketing_switches.open_customer(customer_id)
        self._load_history(keep_rows=False)

    def shutdown(self) -> None:
        """Stop the requests on their way (staged changes are on disk already)."""
        self._load_request.cancel()
        self._save_request.cancel()
        self.marketing_switches.cancel_loading()
        self.history_model.cancel_loading()

    def reload(self) -> None:
        """Load the opened customer's preferences again (Retry after an error)."""
        if self.customer_id is not None:
            self.open_customer(self.customer_id)

    async def _load_all(self, customer_id: int) -> None:
        draft = await self.drafts.load(preferences_key(customer_id), PreferencesDraft)
        try:
            preferences = await self.client.get_communication_preferences(customer_id)
        except ClientError as error:
            self.matrix_state.show_failure(failure_of(error))
        else:
            self._show_preferences(preferences, draft)
        self._loading.loaded("matrix")

    def _show_preferences(
        self, preferences: CommunicationPreferences, draft: PreferencesDraft | None
    ) -> None:
        self._base = preferences
        self.matrix_model.set_preferences(preferences)
        self.matrix_state.show_content(empty=not preferences.preferences)
        self.preferences_changed.emit(preferences)
        if draft is None:
            return
        staged = draft.staged
        self.request_id = draft.request_id
        self.pending = draft.pending
        base_version = draft.base_version
        if staged and base_version is not None and base_version != preferences.version:
            # Staged on an older version (before a restart): saving stays guarded by that version,
            # and the agent decides, as after a 412.
            self._base = preferences.model_copy(update={"version": base_version})
            self.conflict.show_conflict(None, preferences, staged)
        self.matrix_model.set_staged(staged)
        if self.pending:
            self.save_error.show_failure(Failure(offline_message(), offline=True))

    def _marketing_loaded(self) -> None:
        self.history_model.marketing_texts = self.marketing_switches.texts
        self.history_model.refresh_texts()
        self._loading.loaded("marketing")

    def _load_history(self, keep_rows: bool = True) -> None:
        customer_id = self.customer_id
        if customer_id is None:
            return

        async def page(number: int) -> Any:
            return await self.client.get_consent_history(customer_id, page=number, limit=PAGE_SIZE)

        self.history_model.reload(page, keep_rows=keep_rows)

    def _history_loaded(self) -> None:
        self.history_state.show_content(empty=not self.history_model.entries)
        self._loading.loaded("history")

    def _history_failed(self, failure: Failure) -> None:
        if not self.history_model.entries:
            self.history_state.show_failure(failure)
        self._loading.loaded("history")

    # --- live updates --------------------------------------------------------------------------------

    def handle_preferences_event(self, data: dict[str, Any]) -> None:
        """Someone changed the preferences: show the new values; staged changes stay on top."""
        if data.get("customerId") != self.customer_id:
            return
        preferences = CommunicationPreferences.model_validate(data)
        known = self.matrix_model.preferences
        if known is not None and preferences.version <= known.version:
            return
        staged = dict(self.matrix_model.staged)
        if not staged:
            self._base = preferences
        self.matrix_model.set_preferences(preferences)
        self.matrix_model.set_staged(staged)
        self.matrix_state.show_content(empty=not preferences.preferences)
        self.preferences_changed.emit(preferences)
        self._load_history()

    def handle_marketing_event(self, data: dict[str, Any]) -> None:
        self.marketing_switches.handle_event(data)

    # --- staging -------------------------------------------------------------------------------------

    def _staged_changed(self) -> None:
        changes = self.matrix_model.changes()
        self.save_button.setEnabled(bool(changes))
        self.discard_button.setEnabled(bool(changes))
        if changes:
            self.staged_label.setText(self.tr("%Ln staged change(s), not saved yet", "", len(changes)))
        else:
            self.staged_label.setText("")
        if self.customer_id is not None and self.matrix_model.preferences is not None:
            if not self.pending:
                # A different set of changes is a different request: it gets its own requestId.
                self.request_id = None
            spawn(self._store_staged(self.customer_id))

    async def _store_staged(self, customer_id: int) -> None:
        key = preferences_key(customer_id)
        if not self.matrix_model.staged:
            await self.drafts.remove(key)
            return
        await self.drafts.save(key, self._draft(customer_id))

    def _draft(self, customer_id: int) -> PreferencesDraft:
        return PreferencesDraft.of_staged(
            customer_id,
            self.matrix_model.staged,
            base_version=self._base.version if self._base else None,
            request_id=self.request_id,
            pending=self.pending,
        )

    def discard(self) -> None:
        self.conflict.hide()
        self.save_error.hide()
        self.pending = False
        self.request_id = None
        if self.matrix_model.preferences is not None:
            self._base = self.matrix_model.preferences
        self.matrix_model.set_staged({})

    def reapply(self) -> None:
        """Re-stage the agent's values on top of the version now on the server."""
        newer = self.matrix_model.preferences
        if newer is None:
            return
        self.conflict.hide()
        self._base = newer
        self.pending = False
        self.matrix_model.set_staged(rebase(self.matrix_model.staged, newer))

    # --- saving --------------------------------------------------------------------------------------

    def ask_to_save(self) -> None:
        changes = self.matrix_model.changes()
        if not changes or self.customer_id is None:
            return
        lines = "\n".join(change.describe() for change in changes)
        self.confirmation = ask_to_confirm(
            self,
            name="confirmPreferences",
            icon=QMessageBox.Icon.Question,
            title=self.tr("Save preferences"),
            text=self.tr("These preferences will change:") + f"\n\n{lines}",
            action=QMessageBox.StandardButton.Save,
            answered=self._confirmed,
        )

    def _confirmed(self, save: bool) -> None:
        self.confirmation = None
        if save:
            self.save()

    def save(self) -> None:
        """Send the staged pairs now (also used to resend them when the server is back)."""
        if self.customer_id is not None and self.matrix_model.changes():
            self._save_request.run(self._save(self.customer_id))

    def resend_pending(self) -> None:
        if self.pending:
            self.save()

    async def _save(self, customer_id: int) -> None:
        changes = self.matrix_model.changes()
        base = self._base or self.matrix_model.preferences
        if base is None:
            return
        if self.request_id is None:
            self.request_id = uuid.uuid4()
        self.pending = True
        self.save_button.setEnabled(False)
        await self.drafts.save(preferences_key(customer_id), self._draft(customer_id))
        try:
            preferences = await self.client.update_communication_preferences(
                customer_id,
                request_body(changes),
                if_match_version=base.version,
                request_id=self.request_id,
            )
        except PreconditionFailed:
            self.pending = False
            self.request_id = None
            await self._show_conflict(customer_id, base)
        except ClientError as error:
            failure = failure_of(error)
            if failure.offline:
                self.save_error.show_failure(Failure(offline_message(), failure.trace_id, offline=True))
                self.went_offline.emit()
            else:
                self.pending = False
                self.request_id = None
                self.save_error.show_failure(failure)
            await self.drafts.save(preferences_key(customer_id), self._draft(customer_id))
        else:
            self.pending = False
            self.request_id = None
            self.save_error.hide()
            self.conflict.hide()
            self._base = preferences
            self.matrix_model.set_preferences(preferences)
            self.matrix_model.staged = {}
            self.matrix_model.staged_changed.emit()
            self.preferences_changed.emit(preferences)
            self._load_history()
            await self.drafts.remove(preferences_key(customer_id))
            self.saved.emit()
        finally:
            self._staged_buttons()

    def _staged_buttons(self) -> None:
        has_changes = bool(self.matrix_model.changes())
        self.save_button.setEnabled(has_changes)
        self.discard_button.setEnabled(has_changes)

    async def _show_conflict(self, customer_id: int, base: CommunicationPreferences) -> None:
        try:
            newer = await self.client.get_communication_preferences(customer_id)
        except ClientError as error:
            self.save_error.show_failure(failure_of(error))
            return
        staged = dict(self.matrix_model.staged)
        self.matrix_model.set_preferences(newer)
        self.matrix_model.set_staged(staged)
        self.preferences_changed.emit(newer)
        self.conflict.show_conflict(base, newer, staged)
