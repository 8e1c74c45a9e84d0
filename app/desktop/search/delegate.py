"""Paints one search result: name, contact data, customer id and a status chip, no widget per row."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.contract.customers import Customer
from app.desktop.search.model import CustomerRole, status_text
from app.desktop.theme import Chip, palette

_PAD = 8
_CHIP_PAD = 6


def status_chip(customer: Customer) -> Chip:
    """The chip's colours: red where the label blocks communication, green for a plain label."""
    chips = palette().result_chips
    if customer.status_label is None:
        return chips.no_label
    return chips.blocked if customer.status_label.block_communication else chips.label


class CustomerResultDelegate(QStyledItemDelegate):
    """Two lines per customer; all rows have the same height (the view uses uniform row heights)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(240, 2 * line + 3 * _PAD)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        customer = index.data(CustomerRole)
        if not isinstance(customer, Customer):
            return
        rect: QRect = option.rect
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected:
            painter.fillRect(rect, palette.highlight())
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, palette.alternateBase())
        text_colour = palette.highlightedText().color() if selected else palette.text().color()
        secondary = QColor(text_colour)
        secondary.setAlpha(170)

        base_font: QFont = option.font
        metrics = QFontMetrics(base_font)
        line = metrics.lineSpacing()
        inner = rect.adjusted(_PAD + 4, _PAD, -_PAD - 4, -_PAD)

        # Right column: the customer id above the chip.
        chip_text = status_text(customer)
        chip_font = QFont(base_font)
        chip_font.setPointSizeF(max(base_font.pointSizeF() * 0.85, 6.0))
        chip_font.setBold(True)
        chip_metrics = QFontMetrics(chip_font)
        chip_width = chip_metrics.horizontalAdvance(chip_text) + 2 * _CHIP_PAD
        chip_rect = QRect(
            inner.right() - chip_width + 1, inner.top() + line + 2, chip_width, chip_metrics.height() + 2
        )
        id_text = f"#{customer.customer_id}"
        id_width = metrics.horizontalAdvance(id_text)
        right_width = max(chip_width, id_width) + _PAD

        painter.setFont(base_font)
        painter.setPen(secondary)
        painter.drawText(
            QRect(inner.right() - id_width + 1, inner.top(), id_width, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            id_text,
        )
        chip = status_chip(customer)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(chip.background))
        painter.drawRoundedRect(chip_rect, chip_rect.height() / 2, chip_rect.height() / 2)
        painter.setFont(chip_font)
        painter.setPen(QColor(chip.text))
        painter.drawText(chip_rect, Qt.AlignmentFlag.AlignCenter, chip_text)

        # Left column: the name in bold, then e-mail and phone.
        text_width = inner.width() - right_width
        name_font = QFont(base_font)
        name_font.setBold(True)
        painter.setFont(name_font)
        painter.setPen(text_colour)
        name = QFontMetrics(name_font).elidedText(customer.full_name, Qt.TextElideMode.ElideRight, text_width)
        painter.drawText(
            QRect(inner.left(), inner.top(), text_width, line), Qt.AlignmentFlag.AlignVCenter, name
        )
        contact = "  ·  ".join(v for v in (customer.email, customer.phone) if v) or "no contact data"
        painter.setFont(base_font)
        painter.setPen(secondary)
        painter.drawText(
            QRect(inner.left(), inner.top() + line + 2, text_width, line),
            Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(contact, Qt.TextElideMode.ElideRight, text_width),
        )
        # A hairline between rows keeps dense lists readable.
        painter.setPen(palette.mid().color())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()
