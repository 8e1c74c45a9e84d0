"""What a window shows cut off, and identifiers where people's words belong: for the layout tests.

`cut_off_texts(window)` walks every visible label, button, combo box, tab, list, table and tree row
and header of a window and measures each text (with `fontMetrics().horizontalAdvance`, in the font
it is drawn in) against the space it has. A label with word wrap is fine when its height holds the
wrapped text. A delegate that paints its own rows says where its texts go with `texts(option,
index)` (pieces with `text`, `rect` and `font`), and those rects are measured. Each problem is one
line saying where, what and how much room there was.

Free text of any length (a thread's subject, a message's text in the Activity tab) cannot fit every
column; a cell that repeats its whole text in its tooltip may be cut, every other text must fit.
A table that scrolls sideways by design says so in its `scrollsSideways` property: its columns may
lie beyond the view, but none of its cells may be cut. Every other list keeps all its columns in view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QTabBar,
    QTableView,
    QToolButton,
    QTreeView,
    QWidget,
)

#: An identifier where a word belongs: TEXT_MESSAGE, LOYALTY_PROGRAM.
IDENTIFIER = re.compile(r"\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b")
TAG = re.compile(r"<[^>]+>")
ELLIPSIS = "…"


def shown_text(text: str) -> str:
    """A widget's text as it reads: mnemonic ampersands and rich-text tags gone."""
    plain = TAG.sub("", text).replace("&nbsp;", " ").replace("&amp;", "&")
    return plain.replace("&&", "\0").replace("&", "").replace("\0", "&")


def where(widget: QWidget) -> str:
    names = []
    current: QWidget | None = widget
    while current is not None and len(names) < 4:
        names.append(current.objectName() or type(current).__name__)
        current = current.parentWidget()
    return "/".join(reversed(names))


def wording_problems(place: str, text: str) -> list[str]:
    """An identifier or a double space in a text the user reads."""
    found = []
    for identifier in IDENTIFIER.findall(text):
        found.append(f"{place}: identifier {identifier!r} in {text!r}")
    if "  " in text.strip():
        found.append(f"{place}: double space in {text!r}")
    return found


def visible_widgets(root: QWidget) -> Iterable[QWidget]:
    for widget in root.findChildren(QWidget):
        if widget.isVisible() and widget.width() > 0 and widget.height() > 0:
            yield widget


def label_problems(label: QLabel) -> list[str]:
    text = shown_text(label.text())
    if not text.strip() or not label.pixmap().isNull():
        return []
    place = f"label {where(label)} {text[:60]!r}"
    found = wording_problems(place, text)
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + 1:
            found.append(f"{place}: needs {needed} px of height, has {label.height()}")
    else:
        hint = label.minimumSizeHint()
        if hint.width() > label.width() + 1:
            found.append(f"{place}: needs {hint.width()} px, has {label.width()}")
        if hint.height() > label.height() + 1:
            found.append(f"{place}: needs {hint.height()} px of height, has {label.height()}")
    return found


def button_problems(button: QAbstractButton) -> list[str]:
    text = shown_text(button.text())
    if not text.strip():
        return []
    if isinstance(button, QToolButton) and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return []
    place = f"button {where(button)} {text!r}"
    found = wording_problems(place, text)
    style = button.style()
    needed = button.fontMetrics().horizontalAdvance(text)
    if not button.icon().isNull():
        needed += button.iconSize().width() + 4
    if isinstance(button, QCheckBox):
        needed += style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, button)
        needed += style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, button)
    elif isinstance(button, QRadioButton):
        needed += style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None, button)
        needed += style.pixelMetric(QStyle.PixelMetric.PM_RadioButtonLabelSpacing, None, button)
    elif isinstance(button, QPushButton):
        needed += 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, button)
    else:
        needed += 6
    if needed > button.width():
        found.append(f"{place}: needs {needed} px, has {button.width()}")
    return found


def combo_problems(combo: QComboBox) -> list[str]:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    metrics = combo.fontMetrics()
    found = []
    for row in range(combo.count()):
        text = combo.itemText(row)
        place = f"combo box {where(combo)} item {text!r}"
        found += wording_problems(place, text)
        needed = metrics.horizontalAdvance(text)
        if not combo.itemIcon(row).isNull():
            needed += combo.iconSize().width() + 4
        if needed > field.width():
            current = " (shown)" if row == combo.currentIndex() else ""
            found.append(f"{place}{current}: needs {needed} px, has {field.width()}")
    return found


def tab_problems(bar: QTabBar) -> list[str]:
    found = []
    metrics = bar.fontMetrics()
    for tab in range(bar.count()):
        text = shown_text(bar.tabText(tab))
        place = f"tab {where(bar)} {text!r}"
        found += wording_problems(place, text)
        rect = bar.tabRect(tab)
        if not bar.rect().contains(rect):
            found.append(f"{place}: out of view")
        needed = metrics.horizontalAdvance(text) + 8
        if not bar.tabIcon(tab).isNull():
            needed += bar.iconSize().width() + 4
        if needed > rect.width():
            found.append(f"{place}: needs {needed} px, has {rect.width()}")
    return found


def _free_text(text: str, index: QModelIndex) -> bool:
    """Free text whose whole (or whose excerpt's whole) the cell's tooltip shows."""
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    return isinstance(tooltip, str) and text.rstrip(ELLIPSIS) in tooltip


def _visible_rows(view: QAbstractItemView) -> list[int]:
    model = view.model()
    if model is None or model.rowCount(QModelIndex()) == 0:
        return []
    viewport = view.viewport()
    first = view.indexAt(QPoint(1, 1))
    rows = []
    row = first.row() if first.isValid() else 0
    while row < model.rowCount(QModelIndex()):
        rect = view.visualRect(model.index(row, 0))
        if rect.top() >= viewport.height():
            break
        if rect.bottom() >= 0:
            rows.append(row)
        row += 1
    return rows


def _visible_columns(view: QAbstractItemView) -> list[int]:
    model = view.model()
    if model is None or not isinstance(view, QTableView | QTreeView):
        return [0]
    columns = range(model.columnCount(QModelIndex()))
    if isinstance(view, QTableView):
        return [c for c in columns if not view.isColumnHidden(c)]
    if isinstance(view, QTreeView):
        return [c for c in columns if not view.isColumnHidden(c)]
    return [0]


def item_view_problems(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    found = []
    delegate = view.itemDelegate()
    style = view.style()
    margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    viewport_width = view.viewport().width()
    columns = _visible_columns(view)
    for column in columns:
        rect = view.visualRect(model.index(0, column)) if model.rowCount(QModelIndex()) else None
        out_of_view = rect is not None and (rect.left() < 0 or rect.right() > viewport_width + 1)
        if out_of_view and not view.property("scrollsSideways"):
            found.append(f"list {where(view)}: column {column} is out of view")
    for row in _visible_rows(view):
        for column in columns:
            index = model.index(row, column)
            rect = view.visualRect(index)
            if not view.property("scrollsSideways"):
                # What lies beyond the viewport's right edge is cut off, however wide the item.
                rect.setRight(min(rect.right(), viewport_width - 1))
            if hasattr(delegate, "texts"):
                option = QStyleOptionViewItem()
                option.initFrom(view)
                option.rect = rect
                option.font = view.font()
                for piece in delegate.texts(option, index):
                    place = f"row {where(view)}[{row}] {piece.text!r}"
                    found += wording_problems(place, piece.text)
                    needed = QFontMetrics(piece.font).horizontalAdvance(piece.text)
                    if needed > piece.rect.width():
                        found.append(f"{place}: needs {needed} px, has {piece.rect.width()}")
                continue
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if not isinstance(text, str) or not text:
                continue
            place = f"row {where(view)}[{row}, {column}] {text[:60]!r}"
            found += wording_problems(place, text)
            font = index.data(Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font if isinstance(font, QFont) else view.font())
            needed = metrics.horizontalAdvance(text) + margin
            if index.data(Qt.ItemDataRole.DecorationRole) is not None:
                needed += view.iconSize().width() if view.iconSize().width() > 0 else 16
                needed += 4
            if index.data(Qt.ItemDataRole.CheckStateRole) is not None:
                needed += style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, view) + 4
            if needed > rect.width() and not _free_text(text, index):
                found.append(f"{place}: needs {needed} px, has {rect.width()}")
    return found


def header_problems(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None:
        return []
    found = []
    style = header.style()
    margin = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    metrics = header.fontMetrics()
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text:
            continue
        place = f"header {where(header)} {text!r}"
        found += wording_problems(place, text)
        needed = metrics.horizontalAdvance(text) + margin
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
            needed += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
        size = header.sectionSize(section)
        if header.orientation() == Qt.Orientation.Horizontal and needed > size:
            found.append(f"{place}: needs {needed} px, has {size}")
        if header.orientation() == Qt.Orientation.Vertical and needed > header.width():
            found.append(f"{place}: needs {needed} px, has {header.width()}")
    return found


def cut_off_texts(root: QWidget) -> list[str]:
    """Every text of `root`'s visible widgets that does not fit, or reads as an identifier."""
    found: list[str] = []
    for widget in visible_widgets(root):
        if isinstance(widget, QLabel):
            found += label_problems(widget)
        elif isinstance(widget, QAbstractButton):
            found += button_problems(widget)
        elif isinstance(widget, QComboBox):
            found += combo_problems(widget)
        elif isinstance(widget, QTabBar):
            found += tab_problems(widget)
        elif isinstance(widget, QHeaderView):
            found += header_problems(widget)
        elif isinstance(widget, QAbstractItemView):
            found += item_view_problems(widget)
    return found
