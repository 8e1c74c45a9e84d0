"""Light or dark: View > Appearance by keyboard, the system's colour scheme followed live, the choice
saved, and `--appearance` for one run only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QLabel, QListView, QMenu, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from app.contract.communications import Communication
from app.contract.enums import Channel, DeliveryStatus, Direction, ThreadStatus
from app.desktop.appearance import (
    APPEARANCE_KEY,
    Appearance,
    follow_look,
    looks,
    palette_for,
    save_appearance,
    saved_appearance,
    start_looks,
)
from app.desktop.customer.activity.model import STATUS, ActivityModel
from app.desktop.customer.conversations.message_delegate import MessageDelegate
from app.desktop.customer.conversations.messages_model import CommunicationRole, MessageListModel
from app.desktop.customer.delivery_mark import failed_text
from app.desktop.icons import delivery_icon
from app.desktop.main import APPEARANCES, parse_args
from app.desktop.mainwindow import MainWindow
from app.desktop.session.config import APPLICATION, ORGANISATION, settings
from app.desktop.theme import DARK, LIGHT, Palette, palette
from tests.desktop.shell import unattended_screenshot


@pytest.fixture
def light_again(qapp: QApplication) -> Iterator[None]:
    """Whatever a test chooses, the next one starts in the light look with nothing saved."""
    yield
    looks().choose(Appearance.SYSTEM, save=False)
    settings().remove(APPEARANCE_KEY)
    assert palette() is LIGHT, "the offscreen platform has no dark scheme"


def window_colour() -> str:
    return QApplication.palette().color(QPalette.ColorRole.Window).name()


def popup() -> QMenu:
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu), menu
    return menu


def choose_by_keyboard(qtbot: QtBot, window: MainWindow, entry: str) -> None:
    """Alt+W (View), R (Appearance), then the entry's letter."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is window.view_menu)
    qtbot.keyClick(popup(), Qt.Key.Key_R)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is window.appearance_menu)
    qtbot.keyClick(popup(), entry)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


def ticked(window: MainWindow) -> list[str]:
    return [action.text() for action in window.appearance_menu.actions() if action.isChecked()]


#: The offscreen platform has no window manager: a menu popping up cannot raise itself or grab keys.
MENU_NOISE = pytest.mark.qt_log_ignore(
    "This plugin does not support (propagateSizeHints|raise|grabbing the keyboard)"
)


@MENU_NOISE
def test_the_appearance_is_chosen_from_the_view_menu_by_keyboard_and_saved(
    qtbot: QtBot, light_again: None
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.demo_banner.show()
    window.show()
    qtbot.waitExposed(window)
    assert palette() is LIGHT and ticked(window) == ["&System"]
    light_window = window_colour()

    choose_by_keyboard(qtbot, window, "d")
    assert palette() is DARK
    assert saved_appearance() is Appearance.DARK
    assert QSettings(ORGANISATION, APPLICATION).value(APPEARANCE_KEY) == "dark", "kept for the next run"
    assert ticked(window) == ["&Dark"]
    # Qt's own widgets are dark, and what styles itself from the palette followed.
    assert window_colour() == DARK.standard.window
    assert QApplication.palette().color(QPalette.ColorRole.Base).name() == DARK.standard.base
    assert QApplication.style().name().lower() == "fusion"
    assert DARK.demo_banner.background in window.demo_banner.styleSheet()
    qtbot.waitUntil(lambda: window.palette().color(QPalette.ColorRole.Window).name() == DARK.standard.window)

    choose_by_keyboard(qtbot, window, "l")
    assert palette() is LIGHT and saved_appearance() is Appearance.LIGHT
    assert window_colour() == light_window, "the platform's own light palette again"
    assert LIGHT.demo_banner.background in window.demo_banner.styleSheet()
    assert ticked(window) == ["&Light"]

    choose_by_keyboard(qtbot, window, "s")
    assert saved_appearance() is Appearance.SYSTEM and ticked(window) == ["&System"]


def test_system_follows_the_computer_s_colour_scheme_live(qtbot: QtBot, light_again: None) -> None:
    label = QLabel("styled from the palette")
    qtbot.addWidget(label)
    styles: list[Palette] = []
    follow_look(label, styles.append)
    looks().choose(Appearance.SYSTEM, save=False)
    hints = QApplication.styleHints()

    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # the desktop went dark
    assert palette() is DARK and window_colour() == DARK.standard.window
    assert styles[-1] is DARK, "a widget styled from the palette is styled again"
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert palette() is LIGHT and styles[-1] is LIGHT

    # With Light or Dark chosen, the system's scheme changes nothing.
    looks().choose(Appearance.LIGHT, save=False)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert palette() is LIGHT
    assert saved_appearance() is Appearance.SYSTEM, "nothing was saved"


def test_an_appearance_gives_its_palette() -> None:
    assert palette_for(Appearance.DARK, Qt.ColorScheme.Light) is DARK
    assert palette_for(Appearance.LIGHT, Qt.ColorScheme.Dark) is LIGHT
    assert palette_for(Appearance.SYSTEM, Qt.ColorScheme.Dark) is DARK
    assert palette_for(Appearance.SYSTEM, Qt.ColorScheme.Light) is LIGHT
    assert palette_for(Appearance.SYSTEM, Qt.ColorScheme.Unknown) is LIGHT


def test_appearance_for_one_run_leaves_the_saved_choice(qapp: QApplication, light_again: None) -> None:
    assert tuple(a.value for a in Appearance) == APPEARANCES
    assert parse_args(["--appearance", "dark"]).appearance == "dark"
    assert parse_args([]).appearance is None
    save_appearance(Appearance.LIGHT)
    start_looks(Appearance.DARK)
    assert palette() is DARK and looks().appearance is Appearance.DARK
    assert saved_appearance() is Appearance.LIGHT
    start_looks()
    assert palette() is LIGHT, "without --appearance: the saved choice"
    # What the settings hold that is no appearance (an older or a hand-edited file) reads as System.
    settings().setValue(APPEARANCE_KEY, "purple")
    assert saved_appearance() is Appearance.SYSTEM


@pytest.mark.slow
def test_a_screenshot_in_the_dark_look_keeps_the_saved_light_one(tmp_path: Path) -> None:
    """`switchboard --appearance dark --screenshot`: a dark window, and the settings still say light."""
    done, shot, config = unattended_screenshot(tmp_path, "appearance=light", "--appearance", "dark")
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    # The status bar's background, bottom left, is the dark window colour.
    assert image.pixelColor(2, image.height() - 3).name() == DARK.standard.window
    assert QSettings(str(config), QSettings.Format.IniFormat).value(APPEARANCE_KEY) == "light"


def failed_message() -> Communication:
    return Communication(
        customer_id=1,
        communication_id=7,
        thread_id=3,
        communication_thread_status=ThreadStatus.ONGOING,
        ticket_number=None,
        ticket_link=None,
        subject="Contract",
        content="Your new contract is attached.",
        communication_direction=Direction.OUTGOING,
        communication_channel=Channel.EMAIL,
        agent="Peter Meyer",
        communication_date_time=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        message_category="CONTRACT",
        delivery_status=DeliveryStatus.FAILED,
        suppression_reason=None,
    )


def pixels_in(image: QImage, colour: str) -> int:
    rgb = QColor(colour).rgb()
    return sum(1 for y in range(image.height()) for x in range(image.width()) if image.pixel(x, y) == rgb)


def test_a_failed_delivery_is_marked_in_its_bubble_as_in_the_activity_tab(
    qtbot: QtBot, light_again: None
) -> None:
    """Both say "Failed: not delivered" in the failed colour, with the failed icon, in either look."""
    message = failed_message()
    item = QStandardItem()
    item.setData(message, CommunicationRole)
    bubbles = QStandardItemModel()
    bubbles.appendRow(item)
    view = QListView()
    qtbot.addWidget(view)
    view.resize(600, 200)
    delegate = MessageDelegate(view)
    view.setItemDelegate(delegate)
    view.setModel(bubbles)
    activity = ActivityModel()
    activity.items.append(message)
    status = activity.index(0, STATUS)
    assert status.data() == failed_text() == "Failed: not delivered"
    assert "did not reach the customer" in status.data(Qt.ItemDataRole.ToolTipRole)
    assert (
        status.data(Qt.ItemDataRole.DecorationRole).cacheKey()
        == delivery_icon(DeliveryStatus.FAILED).cacheKey()
    )
    for appearance, look in ((Appearance.LIGHT, LIGHT), (Appearance.DARK, DARK)):
        looks().choose(appearance, save=False)
        assert status.data(Qt.ItemDataRole.ForegroundRole) == QColor(look.failed)
        view.show()
        qtbot.waitExposed(view)
        shot = view.viewport().grab().toImage()
        # The failed bubble's fill, its orange border and words, and the icon's orange disc.
        assert pixels_in(shot, look.failed_background) > 1000
        assert pixels_in(shot, look.failed) > 100
        assert pixels_in(shot, "#d84315") > 10, "the failed icon"


def test_a_failed_bubble_says_why_when_the_server_knows_and_a_long_reason_is_elided(qtbot: QtBot) -> None:
    """The server's failure reason follows the words in the bubble; one longer than the bubble ends in
    an ellipsis instead of being cut off. The Activity tab's column keeps the words alone."""
    view = QListView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    delegate = MessageDelegate(view)
    view.setItemDelegate(delegate)
    bubbles = QStandardItemModel()
    reasons = ("550 5.1.1 No such user", "421 4.3.2 Service not available, closing channel " * 10)
    for number, reason in enumerate(reasons):
        item = QStandardItem()
        message = failed_message().model_copy(update={"communication_id": number, "failure_reason": reason})
        item.setData(message, CommunicationRole)
        bubbles.appendRow(item)
    view.setModel(bubbles)
    view.show()
    qtbot.waitExposed(view)

    def mark_of(row: int) -> tuple[str, int, int]:
        option = QStyleOptionViewItem()
        option.initFrom(view)
        index = bubbles.index(row, 0)
        option.rect = view.visualRect(index)
        piece = delegate.texts(option, index)[-1]
        return piece.text, QFontMetrics(piece.font).horizontalAdvance(piece.text), piece.rect.width()

    short, needed, room = mark_of(0)
    assert short == f"{failed_text()} — 550 5.1.1 No such user"
    assert needed <= room
    long, needed, room = mark_of(1)
    assert long.startswith(f"{failed_text()} — 421 4.3.2 Service not available")
    assert long.endswith("…")
    assert needed <= room
    activity = ActivityModel()
    activity.items.append(bubbles.index(0, 0).data(CommunicationRole))
    assert activity.index(0, STATUS).data() == "Failed: not delivered"


def test_hovering_a_failed_bubble_shows_the_whole_reason(qtbot: QtBot) -> None:
    """The bubble ends a long reason in an ellipsis; its tooltip has all of it, and a bubble without a
    reason has none."""
    model = MessageListModel()
    model.thread_id = 3
    reason = "550 5.1.1 <anna.muller1@example.com>: Recipient address rejected: User unknown in table"
    assert model.append(failed_message().model_copy(update={"failure_reason": reason}))
    assert model.append(failed_message().model_copy(update={"communication_id": 8, "failure_reason": None}))
    assert model.data(model.index(0), Qt.ItemDataRole.ToolTipRole) == f"{failed_text()} — {reason}"
    assert model.data(model.index(1), Qt.ItemDataRole.ToolTipRole) is None
