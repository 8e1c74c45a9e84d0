"""The customer's marketing preferences as opt-in switches, each sent to the server when flipped."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QListView, QVBoxLayout, QWidget

from app.client import SwitchboardClient
from app.client.errors import ClientError
from app.contract.preferences import CustomerMarketingPreference
from app.desktop.customer.preferences.marketing_model import MarketingPreferencesModel
from app.desktop.customer.states import ErrorNotice, ViewState
from app.desktop.failures import failure_of
from app.desktop.tasks import LatestRequest, spawn


class MarketingSwitches(QWidget):
    loaded = Signal()
    """The opened customer's switches are shown (or why not)."""
    changed = Signal()
    """The server confirmed a switch (the consent history has a new entry)."""

    def __init__(self, client: SwitchboardClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.customer_id: int | None = None
        self._request = LatestRequest()
        self.model = MarketingPreferencesModel()
        self.model.switch_requested.connect(self._switch)
        self.view = QListView()
        self.view.setObjectName("marketingPreferences")
        self.view.setAccessibleName(self.tr("Marketing preferences"))
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.state = ViewState(self.view, self.tr("No marketing preferences."), retry=self.reload)
        self.error = ErrorNotice()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state, 1)
        layout.addWidget(self.error)

    @property
    def texts(self) -> dict[int, str]:
        """The text of each marketing preference by id (the consent history names them)."""
        return {item.marketing_preference_id: item.text or "" for item in self.model.items}

    def open_customer(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.model.set_items([])
        self.error.hide()
        self.state.show_loading()
        self._request.run(self._load(customer_id))

    def reload(self) -> None:
        if self.customer_id is not None:
            self.open_customer(self.customer_id)

    def cancel_loading(self) -> None:
        """Stop loading the switches (the pane closes); a switch already flipped is still sent."""
        self._request.cancel()

    async def _load(self, customer_id: int) -> None:
        try:
            page = await self.client.list_customer_marketing_preferences(customer_id, page=1, limit=100)
        except ClientError as error:
            self.state.show_failure(failure_of(error))
        else:
            self.model.set_items(page.items)
            self.state.show_content(empty=not page.items)
        self.loaded.emit()

    def handle_event(self, data: dict[str, Any]) -> None:
        if data.get("customerId") == self.customer_id:
            self.model.replace(CustomerMarketingPreference.model_validate(data))
            self.changed.emit()

    def _switch(self, marketing_preference_id: int, opt_in: bool) -> None:
        if self.customer_id is not None:
            spawn(self._send(self.customer_id, marketing_preference_id, opt_in))

    async def _send(self, customer_id: int, marketing_preference_id: int, opt_in: bool) -> None:
        request_id = uuid.uuid4()
        try:
            if opt_in:
                state = await self.client.opt_in(customer_id, marketing_preference_id, request_id=request_id)
            else:
                await self.client.opt_out(customer_id, marketing_preference_id, request_id=request_id)
                state = CustomerMarketingPreference(
                    marketing_preference_id=marketing_preference_id, opted_in=False, opted_in_at=None
                )
        except ClientError as error:
            if customer_id == self.customer_id:
                self.model.set_busy(marketing_preference_id, False)
                self.error.show_failure(failure_of(error))
            return
        if customer_id == self.customer_id:
            self.error.hide()
            self.model.replace(state)
            self.changed.emit()
