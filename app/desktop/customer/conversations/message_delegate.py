"""Paints one message as a chat bubble: incoming left, outgoing right, suppressed marked in red and
failed in orange, each with its icon and words.

No widget per message: one delegate paints every row, and the size of each bubble is measured once
per view width and cached, so scrolling a long thread only paints.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.contract.communications import Communication
from app.contract.enums import DeliveryStatus, Direction, SuppressionReason
from app.desktop import icons
from app.desktop.customer.conversations.messages_model import CommunicationRole
from app.desktop.customer.delivery_mark import failed_text
from app.desktop.customer.timefmt import local_time
from app.desktop.text import PlacedText
from app.desktop.theme import palette
from app.desktop.words import delivery_text, word

AnyIndex = QModelIndex | QPersistentModelIndex

_PADDING = 8
_MARGIN_X = 10
_MARGIN_Y = 4
_BUBBLE_SHARE = 0.8
_TEXT_FLAGS = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)

#: Marked for translation here, translated in suppressed_text.
SUPPRESSED_TEXT = str(QT_TRANSLATE_NOOP("MessageDelegate", "SUPPRESSED — not delivered (customer blocked)"))
OPTED_OUT_TEXT = str(
    QT_TRANSLATE_NOOP("MessageDelegate", "SUPPRESSED — not delivered (the customer opted out)")
)


def suppressed_text(message: Communication) -> str:
    """The red line under a suppressed message: that it was not delivered, and why."""
    text = OPTED_OUT_TEXT if message.suppression_reason is SuppressionReason.OPTED_OUT else SUPPRESSED_TEXT
    return QCoreApplication.translate("MessageDelegate", text)


META_SEPARATOR = " · "


def meta_parts(message: Communication) -> tuple[str, ...]:
    """Channel, agent, local time and delivery status: what the line under the text says."""
    incoming = message.communication_direction == Direction.INCOMING
    if message.agent:
        who = message.agent
    elif incoming:
        who = QCoreApplication.translate("MessageDelegate", "customer")
    else:
        who = QCoreApplication.translate("MessageDelegate", "agent")
    return (
        word(message.communication_channel),
        who,
        local_time(message.communication_date_time),
        delivery_text(message.delivery_status, message.suppression_reason),
    )


def meta_line(message: Communication) -> str:
    """Channel, agent, local time and delivery status under the text, on one line."""
    return META_SEPARATOR.join(meta_parts(message))


def wrap_parts(parts: tuple[str, ...], metrics: QFontMetrics, width: int) -> list[str]:
    """The parts joined by " · " into as few lines as fit `width`, breaking only between parts (a
    part wider than the width has a line of its own)."""
    lines: list[str] = []
    for part in parts:
        joined = f"{lines[-1]}{META_SEPARATOR}{part}" if lines else part
        if lines and metrics.horizontalAdvance(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(part)
    return lines


class MessageDelegate(QStyledItemDelegate):
    """Bubbles whose size hints are cached per (message, width)."""

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self._view = view
        self._font = QFont(view.font())
        self._small = QFont(view.font())
        self._small.setPointSizeF(max(6.0, self._font.pointSizeF() * 0.85))
        self._bold_small = QFont(self._small)
        self._bold_small.setBold(True)
        self._metrics = QFontMetrics(self._font)
        self._small_metrics = QFontMetrics(self._small)
        self._bold_small_metrics = QFontMetrics(self._bold_small)
        self._sizes: dict[int, tuple[QSize, QSize]] = {}
        self._width = -1

    def _bubble_text_width(self) -> int:
        width = self._view.width() if not hasattr(self._view, "viewport") else self._view.viewport().width()
        return max(120, int(width * _BUBBLE_SHARE) - 2 * _PADDING)

    def _meta_lines(self, message: Communication, width: int) -> list[str]:
        """The meta line, wrapped between its parts where the bubble is too narrow for it whole
        (the channel icon before it and the delivery status icon after it take a line's height each)."""
        line = self._small_metrics.height()
        return wrap_parts(meta_parts(message), self._small_metrics, width - 2 * line - 4)

    def _text_size(self, message: Communication, max_width: int) -> QSize:
        rect = self._metrics.boundingRect(QRect(0, 0, max_width, 1_000_000), _TEXT_FLAGS, message.content)
        line = self._small_metrics.height()
        widest = max(self._small_metrics.horizontalAdvance(t) for t in self._meta_lines(message, max_width))
        meta = 2 * line + 4 + widest
        width = max(rect.width(), min(meta, max_width))
        mark = _mark_text(message)
        if mark is not None:
            # Measured in the bold face it is painted in; a longer one than the bubble's widest is elided.
            warning = line + self._bold_small_metrics.horizontalAdvance(mark) + 4
            width = max(width, min(warning, max_width))
        return QSize(width, rect.height())

    def _lines_below(self, message: Communication) -> int:
        lines = len(self._meta_lines(message, self._bubble_text_width())) + (_mark_text(message) is not None)
        return lines * self._small_metrics.height()

    def _measure(self, message: Communication) -> tuple[QSize, QSize]:
        """(size hint of the row, size of the wrapped text), measured once per message and width."""
        max_width = self._bubble_text_width()
        if max_width != self._width:
            # The view was resized: every bubble wraps differently now.
            self._sizes.clear()
            self._width = max_width
        sizes = self._sizes.get(message.communication_id)
        if sizes is None:
            text = self._text_size(message, max_width)
            height = text.height() + self._lines_below(message) + 2 * _PADDING + 2 * _MARGIN_Y + 2
            sizes = (QSize(max_width, height), text)
            self._sizes[message.communication_id] = sizes
        return sizes

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        message: Communication | None = index.data(CommunicationRole)
        if message is None:
            return QSize(0, 0)
        return self._measure(message)[0]

    def _mark_line(self, message: Communication, width: int) -> str | None:
        """The mark under a message the customer did not get, in `width` pixels: a long failure
        reason ends in an ellipsis."""
        mark = _mark_text(message)
        if mark is None:
            return None
        return self._bold_small_metrics.elidedText(mark, Qt.TextElideMode.ElideRight, width)

    def forget_all(self) -> None:
        """Measure every bubble again (the font or the style changed)."""
        self._sizes.clear()

    def forget(self, communication_id: int) -> None:
        """A message changed (e.g. became suppressed): measure it again."""
        self._sizes.pop(communication_id, None)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        message: Communication | None = index.data(CommunicationRole)
        if message is None:
            return
        text = self._measure(message)[1]
        bubble_width = text.width() + 2 * _PADDING
        bubble_height = option.rect.height() - 2 * _MARGIN_Y
        row = option.rect
        incoming = message.communication_direction == Direction.INCOMING
        left = row.left() + _MARGIN_X if incoming else row.right() - _MARGIN_X - bubble_width
        bubble = QRect(left, row.top() + _MARGIN_Y, bubble_width, bubble_height)
        status = message.delivery_status
        suppressed = status == DeliveryStatus.SUPPRESSED
        failed = status == DeliveryStatus.FAILED

        colours = palette()
        # A message the customer never got is marked alike whether suppressed (red) or failed (orange):
        # its bubble's fill and border, an icon and a line saying so.
        mark_colour = QColor(colours.suppressed if suppressed else colours.failed)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if suppressed:
            fill = colours.suppressed_background
        elif failed:
            fill = colours.failed_background
        else:
            fill = colours.bubble_incoming if incoming else colours.bubble_outgoing
        painter.setPen(QPen(mark_colour, 2) if suppressed or failed else Qt.PenStyle.NoPen)
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(bubble, 8, 8)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(option.palette.highlight().color(), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(bubble, 8, 8)
        if option.state & QStyle.StateFlag.State_HasFocus:
            # Where the keyboard is: a dashed frame around the bubble, in the selection's colour.
            painter.setPen(QPen(option.palette.highlight().color(), 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(bubble.adjusted(-2, -2, 2, 2), 10, 10)

        inner = bubble.adjusted(_PADDING, _PADDING, -_PADDING, -_PADDING)
        painter.setPen(QColor(colours.bubble_text))
        painter.setFont(self._font)
        painter.drawText(
            QRect(inner.left(), inner.top(), inner.width(), text.height()), _TEXT_FLAGS, message.content
        )
        y = inner.top() + text.height()
        line = self._small_metrics.height()
        icons.channel_icon(message.communication_channel).paint(painter, _icon_rect(inner.left(), y, line))
        painter.setFont(self._small)
        painter.setPen(QColor(colours.bubble_meta))
        # The line's room between the two icons (the measure left 2 pixels more than the text takes).
        meta_width = inner.width() - 2 * line - 2
        meta_lines = self._meta_lines(message, self._bubble_text_width())
        for number, meta_text in enumerate(meta_lines):
            meta = self._small_metrics.elidedText(meta_text, Qt.TextElideMode.ElideRight, meta_width)
            meta_rect = QRect(inner.left() + line + 2, y + number * line, meta_width, line)
            painter.drawText(meta_rect, int(Qt.AlignmentFlag.AlignLeft), meta)
        y += (len(meta_lines) - 1) * line
        mark = self._mark_line(message, inner.width() - line - 2)
        if mark is None:
            shown = self._small_metrics.horizontalAdvance(meta)
            icons.delivery_icon(status).paint(painter, _icon_rect(meta_rect.left() + shown + 2, y, line))
        else:
            icons.delivery_icon(status).paint(painter, _icon_rect(inner.left(), y + line, line))
            painter.setFont(self._bold_small)
            painter.setPen(mark_colour)
            painter.drawText(
                QRect(inner.left() + line + 2, y + line, inner.width() - line - 2, line),
                int(Qt.AlignmentFlag.AlignLeft),
                mark,
            )
        painter.restore()

    def texts(self, option: QStyleOptionViewItem, index: AnyIndex) -> list[PlacedText]:
        """The lines under a bubble (meta line, and the mark of a message not delivered) with the room
        `paint` gives them; the message's own text wraps and is never cut."""
        message: Communication | None = index.data(CommunicationRole)
        if message is None:
            return []
        width = self._measure(message)[1].width()
        line = self._small_metrics.height()
        meta = self._meta_lines(message, self._bubble_text_width())
        pieces = [
            PlacedText(text, QRect(0, number * line, width - 2 * line - 2, line), self._small)
            for number, text in enumerate(meta)
        ]
        mark = self._mark_line(message, width - line - 2)
        if mark is not None:
            pieces.append(
                PlacedText(mark, QRect(0, len(meta) * line, width - line - 2, line), self._bold_small)
            )
        return pieces


def _icon_rect(left: int, top: int, line: int) -> QRect:
    """An icon a line of the small text high, a pixel in from the line's edges."""
    return QRect(left, top + 1, line - 2, line - 2)


def _mark_text(message: Communication) -> str | None:
    """The line under a message the customer did not get, saying so; None for any other."""
    if message.delivery_status == DeliveryStatus.SUPPRESSED:
        return suppressed_text(message)
    if message.delivery_status == DeliveryStatus.FAILED:
        return failed_text(message.failure_reason)
    return None
