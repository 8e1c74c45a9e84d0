"""The top of the customer pane: who the customer is, the tools on them, and the red banner when
communication is blocked."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, SignalInstance
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.contract.customers import Customer
from app.desktop import icons, shortcuts
from app.desktop.appearance import follow_look
from app.desktop.theme import Palette, palette
from app.desktop.words import language_name


def banner_text(customer: Customer) -> str:
    if customer.status_label:
        label = customer.status_label.name
    else:
        label = QCoreApplication.translate("CustomerHeader", "blocked")
    return QCoreApplication.translate(
        "CustomerHeader", "Communication blocked ({label}): nothing will be delivered to this customer"
    ).format(label=label)


class BlockedBanner(QLabel):
    """Red, above every tab, while the customer's status label blocks communication."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("blockedBanner")
        self.setWordWrap(True)
        follow_look(self, self._restyle)
        self.setAccessibleName(self.tr("Communication blocked"))
        self.hide()

    def _restyle(self, colours: Palette) -> None:
        banner = colours.blocked_banner
        self.setStyleSheet(
            f"QLabel#blockedBanner {{ background: {banner.background}; color: {banner.text};"
            " font-weight: bold; padding: 6px; }"
        )

    def show_customer(self, customer: Customer | None) -> None:
        if customer is not None and customer.communication_blocked:
            self.setText(banner_text(customer))
            self.show()
        else:
            self.hide()


class CustomerHeader(QWidget):
    """Name, contact data, language and status label of the opened customer, the "Verified" badge, and
    the tools on the customer: verify identity, new request, and (a supervisor's) change status.

    Only the tools the user may use are built at all: an agent's header has no status control, not
    even a disabled one.
    """

    verify_requested = Signal()
    """The user asked to verify the caller's identity (button or Ctrl+I)."""
    request_requested = Signal()
    """The user asked for a new change or goodwill request (button or Ctrl+R)."""
    status_requested = Signal()
    """The supervisor asked to set or clear the customer's status label."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        can_verify: bool = False,
        can_request: bool = False,
        can_set_status: bool = False,
    ) -> None:
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
        self.contact.setWordWrap(True)
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("customerStatus")
        self.verified_badge = QLabel(self.tr("✔ Verified"))
        self.verified_badge.setObjectName("verifiedBadge")
        self.verified_badge.setAccessibleName(self.tr("Identity verified"))
        self.verified_badge.setToolTip(
            self.tr("The caller read out the one-time code (until another customer is opened)")
        )
        follow_look(self.verified_badge, self._style_verified_badge)
        self.verified_badge.hide()
        #: Which of the palette's header chips the status label wears (None: no customer shown).
        self._status_chip: str | None = None
        follow_look(self.status, self._style_status)

        self.verify_button = self._tool(
            can_verify,
            "verifyIdentityButton",
            self.tr("Verify identity…"),
            shortcuts.VERIFY_IDENTITY,
            self.verify_requested,
        )
        self.request_button = self._tool(
            can_request,
            "newRequestButton",
            self.tr("New request…"),
            shortcuts.NEW_REQUEST,
            self.request_requested,
        )
        # No table key: Alt+T, read from the label, exists only where the button does (a supervisor's).
        self.status_button = self._tool(
            can_set_status, "changeStatusButton", self.tr("Change s&tatus…"), None, self.status_requested
        )
        tool_icons = ((self.verify_button, icons.VERIFY_IDENTITY), (self.request_button, icons.NEW_REQUEST))
        for button, icon in tool_icons:
            if button is not None:
                button.setIcon(icons.icon(icon))

        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addWidget(self.status)
        top.addWidget(self.verified_badge)
        top.addStretch(1)
        # The tools sit beside the contact line, which wraps: a long name or address never pushes
        # them (or itself) out of a narrow window.
        below = QHBoxLayout()
        below.addWidget(self.contact, 1)
        for button in (self.verify_button, self.request_button, self.status_button):
            if button is not None:
                below.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 2)
        layout.addLayout(top)
        layout.addLayout(below)
        self.enable_tools(False)

    def _tool(
        self,
        allowed: bool,
        name: str,
        text: str,
        shortcut: shortcuts.Shortcut | None,
        requested: SignalInstance,
    ) -> QPushButton | None:
        """A tool's button (and its keys from the table), or None when the user may not use it."""
        if not allowed:
            return None
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(requested)
        if shortcut is not None:
            button.setToolTip(f"{text.rstrip('…')} ({shortcut.key_text()})")
            for keys in shortcut.sequences():
                # Anywhere in the window while the customer view shows, as long as the tool is enabled.
                key = QShortcut(keys, self)
                key.setContext(Qt.ShortcutContext.WindowShortcut)
                key.activated.connect(button.click)
        return button

    def _style_verified_badge(self, colours: Palette) -> None:
        badge = colours.verified_badge
        self.verified_badge.setStyleSheet(
            f"QLabel {{ background: {badge.background}; color: {badge.text};"
            " border-radius: 8px; padding: 1px 8px; font-weight: bold; }"
        )

    def _style_status(self, colours: Palette) -> None:
        if self._status_chip is None:
            self.status.setStyleSheet("")
            return
        chip = getattr(colours.header_chips, self._status_chip)
        self.status.setStyleSheet(
            f"QLabel {{ background: {chip.background}; color: {chip.text};"
            " border-radius: 8px; padding: 1px 8px; }"
        )

    def enable_tools(self, enabled: bool) -> None:
        """The tools work on a loaded customer only."""
        for button in (self.verify_button, self.request_button, self.status_button):
            if button is not None:
                button.setEnabled(enabled)

    def show_verified(self, verified: bool) -> None:
        self.verified_badge.setVisible(verified)

    def show_loading(self, customer_id: int) -> None:
        self.name.setText(self.tr("Customer {number}").format(number=customer_id))
        self.contact.setText(self.tr("Loading…"))
        self.status.clear()
        self._status_chip = None
        self._style_status(palette())
        self.enable_tools(False)

    def show_message(self, text: str) -> None:
        self.contact.setText(text)

    def show_customer(self, customer: Customer) -> None:
        self.name.setText(customer.full_name)
        parts = [
            customer.email or self.tr("no email"),
            customer.phone or self.tr("no phone"),
            self.tr("speaks {language}").format(language=language_name(customer.language)),
            self.tr("customer {number}").format(number=customer.customer_id),
        ]
        # A narrow window wraps the line between its parts, never inside a phone number or "speaks English".
        self.contact.setText(" · ".join(part.replace(" ", "\u00a0") for part in parts))
        label = customer.status_label
        self.status.setText(label.name if label else self.tr("No label"))
        blocked = customer.communication_blocked
        self._status_chip = "blocked" if blocked else ("label" if label else "no_label")
        self._style_status(palette())
        self.enable_tools(True)
