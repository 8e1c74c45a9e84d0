"""The top of the customer pane: who the customer is, and the red banner when communication is blocked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.contract.customers import Customer
from app.desktop.theme import palette


def banner_text(customer: Customer) -> str:
    label = customer.status_label.name if customer.status_label else "blocked"
    return f"Communication blocked ({label}): nothing will be delivered to this customer"


class BlockedBanner(QLabel):
    """Red, above every tab, while the customer's status label blocks communication."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("blockedBanner")
        self.setWordWrap(True)
        banner = palette().blocked_banner
        self.setStyleSheet(
            f"QLabel#blockedBanner {{ background: {banner.background}; color: {banner.text};"
            " font-weight: bold; padding: 6px; }"
        )
        self.setAccessibleName("Communication blocked")
        self.hide()

    def show_customer(self, customer: Customer | None) -> None:
        if customer is not None and customer.communication_blocked:
            self.setText(banner_text(customer))
            self.show()
        else:
            self.hide()


class CustomerHeader(QWidget):
    """Name, contact data, language and status label of the opened customer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerHeader")
        self.name = QLabel()
        self.name.setObjectName("customerName")
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.name.setFont(font)
        self.contact = QLabel()
        self.contact.setObjectName("customerContact")
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("customerStatus")
        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addWidget(self.status)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 2)
        layout.addLayout(top)
        layout.addWidget(self.contact)

    def show_loading(self, customer_id: int) -> None:
        self.name.setText(f"Customer {customer_id}")
        self.contact.setText("Loading…")
        self.status.clear()
        self.status.setStyleSheet("")

    def show_message(self, text: str) -> None:
        self.contact.setText(text)

    def show_customer(self, customer: Customer) -> None:
        self.name.setText(customer.full_name)
        parts = [
            customer.email or "no email",
            customer.phone or "no phone",
            f"language {customer.language}",
            f"customer {customer.customer_id}",
        ]
        self.contact.setText(" · ".join(parts))
        label = customer.status_label
        self.status.setText(label.name if label else self.tr("No label"))
        chips = palette().header_chips
        chip = chips.blocked if customer.communication_blocked else (chips.label if label else chips.no_label)
        self.status.setStyleSheet(
            f"QLabel {{ background: {chip.background}; color: {chip.text};"
            " border-radius: 8px; padding: 1px 8px; }"
        )
