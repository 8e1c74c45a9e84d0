"""Paints one search result: name, contact data, customer id and a status chip, no widget per row.

`row_layout` says where each text goes, so painting and the tests that check nothing is cut off
measure the same spaces.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.contract.customers import Customer
from app.desktop.search.model import CustomerRole, status_text
from app.desktop.text import PlacedText
from app.desktop.theme import Chip, palette

_PAD = 8
_CHIP_PAD = 6
_LINE_GAP = 2
#: The e-mail address and the phone number, one line each.
CONTACT_LINES = 2
NO_CONTACT = str(QT_TRANSLATE_NOOP("CustomerSearch", "no contact data"))


def status_chip(customer: Customer) -> Chip:
    """The chip's colours: red where the label blocks communication, green for a plain label."""
    chips = palette().result_chips
    if customer.status_label is None:
        return chips.no_label
    return chips.blocked if customer.status_label.block_communication else chips.label


@dataclass(frozen=True)
class RowLayout:
    """Where everything of one result row goes: the texts and the status chip."""

    name: PlacedText
    customer_id: PlacedText
    contacts: list[PlacedText]
    chip: PlacedText


def contact_lines(customer: Customer) -> list[str]:
    """The e-mail address and the phone number, each on a line of its own, so both are shown whole."""
    lines = [value for value in (customer.email, customer.phone) if value]
    return lines or [QCoreApplication.translate("CustomerSearch", NO_CONTACT)]


def row_layout(rect: QRect, base_font: QFont, customer: Customer) -> RowLayout:
    """Three lines: the name (bold) and the id; the e-mail address; the phone number and the chip."""
    metrics = QFontMetrics(base_font)
    line = metrics.lineSpacing()
    inner = rect.adjusted(_PAD + 4, _PAD, -_PAD - 4, -_PAD)
    top = inner.top()

    id_text = f"#{customer.customer_id}"
    # Two pixels more than the text's advance: eliding rounds, and an id must never read "#…".
    id_width = metrics.horizontalAdvance(id_text) + 2
    customer_id = PlacedText(
        id_text,
        QRect(inner.right() - id_width + 1, top, id_width, line),
        base_font,
        Qt.AlignmentFlag.AlignRight,
    )
    name_font = QFont(base_font)
    name_font.setBold(True)
    name = PlacedText(
        customer.full_name, QRect(inner.left(), top, inner.width() - id_width - _PAD, line), name_font
    )

    chip_font = QFont(base_font)
    chip_font.setPointSizeF(max(base_font.pointSizeF() * 0.85, 6.0))
    chip_font.setBold(True)
    chip_metrics = QFontMetrics(chip_font)
    chip_text = status_text(customer)
    chip_width = chip_metrics.horizontalAdvance(chip_text) + 2 * _CHIP_PAD
    last = top + 2 * (line + _LINE_GAP)
    chip = PlacedText(
        chip_text,
        QRect(inner.right() - chip_width + 1, last, chip_width, chip_metrics.height() + 2),
        chip_font,
        Qt.AlignmentFlag.AlignCenter,
    )
    contacts = []
    for number, text in enumerate(contact_lines(customer)[:CONTACT_LINES]):
        y = top + (number + 1) * (line + _LINE_GAP)
        # The chip sits at the end of the last line; the line above has the row's whole width.
        width = inner.width() - (chip_width + _PAD if y == last else 0)
        contacts.append(PlacedText(text, QRect(inner.left(), y, width, line), base_font))
    return RowLayout(name, customer_id, contacts, chip)


class CustomerResultDelegate(QStyledItemDelegate):
    """Three lines per customer; all rows have the same height (the view uses uniform row heights)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(240, 3 * line + 2 * _LINE_GAP + 2 * _PAD + 2)

    def layout(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> RowLayout | None:
        """Where the row's texts go (None for a row without a customer)."""
        customer = index.data(CustomerRole)
        if not isinstance(customer, Customer):
            return None
        return row_layout(option.rect, option.font, customer)

    def texts(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> list[PlacedText]:
        """Every text the row shows, each with its space."""
        layout = self.layout(option, index)
        if layout is None:
            return []
        return [layout.name, layout.customer_id, *layout.contacts, layout.chip]

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        layout = self.layout(option, index)
        if layout is None:
            return
        customer = index.data(CustomerRole)
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

        chip = status_chip(customer)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(chip.background))
        chip_rect = layout.chip.rect
        painter.drawRoundedRect(chip_rect, chip_rect.height() / 2, chip_rect.height() / 2)
        painter.setPen(QColor(chip.text))
        self._draw(painter, layout.chip)
        painter.setPen(text_colour)
        self._draw(painter, layout.name)
        painter.setPen(secondary)
        self._draw(painter, layout.customer_id)
        for contact in layout.contacts:
            self._draw(painter, contact)
        if state & QStyle.StateFlag.State_HasFocus:
            # Where the keyboard is, also while the selection is elsewhere.
            painter.setPen(
                QPen(palette.highlight().color() if not selected else text_colour, 1, Qt.PenStyle.DotLine)
            )
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        # A hairline between rows keeps dense lists readable.
        painter.setPen(palette.mid().color())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()

    @staticmethod
    def _draw(painter: QPainter, piece: PlacedText) -> None:
        """The text in its space; cut with "…" only if even the narrowest pane cannot hold it."""
        painter.setFont(piece.font)
        text = QFontMetrics(piece.font).elidedText(
            piece.text, Qt.TextElideMode.ElideRight, piece.rect.width()
        )
        painter.drawText(piece.rect, int(piece.align | Qt.AlignmentFlag.AlignVCenter), text)
