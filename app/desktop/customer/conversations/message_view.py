"""The chat view of one thread: a QListView that keeps its place when older messages arrive on top."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from app.desktop.customer.conversations.message_delegate import MessageDelegate
from app.desktop.customer.conversations.messages_model import MessageListModel

AnyIndex = QModelIndex | QPersistentModelIndex

#: Older messages are asked for when the agent is this close (pixels) to the top.
_FETCH_MARGIN = 200


class MessageView(QListView):
    """Messages oldest at the top, newest at the bottom; scrolling to the top loads the older page.

    When rows arrive on top, the distance to the bottom is kept, so what the agent reads stays put.
    A new message at the bottom follows only if the agent was already at the bottom.

    By keyboard it reads like a chat: Up and Down go to the message before or after, PageUp and
    PageDown scroll a page, Home goes to the start (older messages load on top), End to the newest.
    The message the keyboard is on has a focus frame (the delegate draws it).
    """

    first_page_painted = Signal()
    """The newest page of an opened thread has been painted (for the open-thread benchmark)."""

    def __init__(self, model: MessageListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageView")
        self.setAccessibleName(self.tr("Messages"))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(self.horizontalScrollBarPolicy().ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.delegate = MessageDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setModel(model)
        self.messages = model
        self._distance_from_bottom: int | None = None
        self._follow_bottom = True
        self._paint_pending = False
        model.modelReset.connect(self._reset)
        model.rowsAboutToBeInserted.connect(self._rows_coming)
        model.first_page_loaded.connect(self._first_page)
        model.older_page_loaded.connect(self._older_page)
        model.dataChanged.connect(self._changed)
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._range_changed)
        bar.valueChanged.connect(self._scrolled)

    def _reset(self) -> None:
        self._distance_from_bottom = None
        self._follow_bottom = True
        self._paint_pending = True

    def _rows_coming(self, _parent: AnyIndex, first: int, _last: int) -> None:
        bar = self.verticalScrollBar()
        if first == 0 and self.messages.rowCount() > 0:
            self._distance_from_bottom = bar.maximum() - bar.value()
        else:
            self._follow_bottom = bar.value() >= bar.maximum() - 4

    def _first_page(self) -> None:
        self._follow_bottom = True
        self.scrollToBottom()

    def _older_page(self, _count: int) -> None:
        # Qt lays out lazily; the range change that follows restores the position.
        self._range_changed(0, self.verticalScrollBar().maximum())

    def _changed(self, top_left: AnyIndex, bottom_right: AnyIndex) -> None:
        for row in range(top_left.row(), bottom_right.row() + 1):
            self.delegate.forget(self.messages.messages[row].communication_id)

    def _range_changed(self, _minimum: int, maximum: int) -> None:
        bar = self.verticalScrollBar()
        if self._distance_from_bottom is not None:
            bar.setValue(maximum - self._distance_from_bottom)
            if not self.messages.loading:
                self._distance_from_bottom = None
        elif self._follow_bottom:
            bar.setValue(maximum)

    def _scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        if self._distance_from_bottom is None:
            self._follow_bottom = value >= bar.maximum() - 4
        if value <= _FETCH_MARGIN and bar.maximum() > 0 and not self._paint_pending:
            self.messages.request_older()

    # -- keyboard ---------------------------------------------------------------------------------

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Qt would make the oldest loaded message current; the agent reads from the newest.
        if not self.currentIndex().isValid() and self.messages.rowCount() > 0:
            newest = self.messages.index(self.messages.rowCount() - 1, 0)
            visible = self.indexAt(QPoint(0, self.viewport().height() - 1))
            self.selectionModel().setCurrentIndex(
                visible if visible.isValid() else newest, self.selectionModel().SelectionFlag.NoUpdate
            )
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        rows = self.messages.rowCount()
        if rows == 0 or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        bar = self.verticalScrollBar()
        current = self.currentIndex().row() if self.currentIndex().isValid() else rows - 1
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            row = max(0, min(rows - 1, current + (-1 if key == Qt.Key.Key_Up else 1)))
            self._go_to(row)
            if key == Qt.Key.Key_Up and row == 0:
                self.messages.request_older()
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            bar.setValue(bar.value() + (-1 if key == Qt.Key.Key_PageUp else 1) * bar.pageStep())
            edge = QPoint(0, 0) if key == Qt.Key.Key_PageUp else QPoint(0, self.viewport().height() - 1)
            shown = self.indexAt(edge)
            if shown.isValid():
                self.setCurrentIndex(shown)
            if key == Qt.Key.Key_PageUp and bar.value() == 0:
                self.messages.request_older()
        elif key == Qt.Key.Key_Home:
            self._go_to(0)
            self.scrollToTop()
            self.messages.request_older()
        elif key == Qt.Key.Key_End:
            self._go_to(rows - 1)
            self.scrollToBottom()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _go_to(self, row: int) -> None:
        index = self.messages.index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def wheelEvent(self, event: QWheelEvent) -> None:
        # At the very top the scroll bar cannot move, so no valueChanged: ask for older messages here.
        if event.angleDelta().y() > 0 and self.verticalScrollBar().value() == 0:
            self.messages.request_older()
        super().wheelEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._paint_pending and self.messages.rowCount() > 0:
            self._paint_pending = False
            self.first_page_painted.emit()
