"""The main window's views: the View menu lists the views there are, their keys switch between them,
and a view that is taken away (or never added) leaves no trace."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.desktop import shortcuts
from app.desktop.mainwindow import CUSTOMER_VIEW, MainWindow
from tests.desktop.shell import OFFSCREEN_NOISE

pytestmark = [OFFSCREEN_NOISE, pytest.mark.qt_log_ignore("This plugin does not support raise")]

#: The keys of a made-up view.
EXTRA_KEYS = shortcuts.Shortcut(("Ctrl+2",), "Show the extra view", shortcuts.EVERYWHERE)
OTHER_KEYS = shortcuts.Shortcut(("Ctrl+9",), "Show the other view", shortcuts.EVERYWHERE)


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    shown = MainWindow()
    qtbot.addWidget(shown)
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    yield shown
    shown.search.shutdown()


def extra_view() -> tuple[QWidget, QLineEdit]:
    view = QWidget()
    field = QLineEdit(view)
    field.setAccessibleName("Extra field")
    QVBoxLayout(view).addWidget(field)
    view.setFocusProxy(field)
    return view, field


def menu_texts(window: MainWindow) -> list[str]:
    """The View menu's entries of views (its first entries; what follows, Appearance, is no view)."""
    return [a.text() for a in window.view_menu.actions()][: len(window.view_keys())]


def test_a_view_gets_its_menu_entry_and_keys_and_goes_without_a_trace(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.view_keys() == [CUSTOMER_VIEW]
    assert menu_texts(window) == ["&Customers"]
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "Vie&w", "&Help"]

    view, field = extra_view()
    window.add_view("extra", view, "&Extra", EXTRA_KEYS)
    assert menu_texts(window) == ["&Customers", "&Extra"]
    assert window.current_view() == CUSTOMER_VIEW
    with pytest.raises(ValueError, match="already has a view"):
        window.add_view("extra", QWidget(), "&Again", EXTRA_KEYS)

    with qtbot.waitSignal(window.view_changed) as changed:
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert changed.args == ["extra"]
    assert window.current_view() == "extra" and view.isVisible() and not window.search.isVisible()
    assert QApplication.focusWidget() is field  # the view's focus proxy has the keys
    checked = [a.text() for a in window.view_menu.actions() if a.isChecked()]
    assert checked == ["&Extra"]

    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() == CUSTOMER_VIEW and window.search.isVisible() and not view.isVisible()

    # Leaving a view and coming back gives the focus back where it was.
    window.show_view("extra")
    field.setText("typed")
    window.show_view(CUSTOMER_VIEW)
    window.search.box.setFocus()
    window.show_view("extra")
    assert QApplication.focusWidget() is field

    window.remove_view("extra")
    assert window.current_view() == CUSTOMER_VIEW  # the view shown went: the customer view is back
    assert window.view_keys() == [CUSTOMER_VIEW]
    assert menu_texts(window) == ["&Customers"]
    with pytest.raises(ValueError, match="stays"):
        window.remove_view(CUSTOMER_VIEW)


def test_find_customer_from_another_view_brings_the_search_back_focused(
    qtbot: QtBot, window: MainWindow
) -> None:
    view, _field = extra_view()
    window.add_view("extra", view, "&Extra", EXTRA_KEYS)
    window.show_view("extra")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() == CUSTOMER_VIEW
    assert QApplication.focusWidget() is window.search.box

    window.show_view("extra")
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.current_view() == CUSTOMER_VIEW
    assert QApplication.focusWidget() is window.search.box


def test_remove_views_keeps_only_the_customer_view(window: MainWindow) -> None:
    for key in ("one", "two"):
        window.add_view(key, QWidget(), key.title(), EXTRA_KEYS if key == "one" else OTHER_KEYS)
    window.show_view("two")
    window.remove_views()
    assert window.view_keys() == [CUSTOMER_VIEW]
    assert window.current_view() == CUSTOMER_VIEW
    assert menu_texts(window) == ["&Customers"]
