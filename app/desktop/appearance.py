"""Light or dark: the look the app draws in, chosen in View > Appearance (System, Light, Dark).

System follows the computer's colour scheme (`QStyleHints.colorScheme()`), live as it changes. The
choice is kept in QSettings; `--appearance` overrides it for one run without keeping anything.

The look is the theme's `LIGHT` or `DARK` palette (`app.desktop.theme.use`) and, to match, Qt's
own: the dark look sets the application QPalette from the palette's standard colours on the Fusion
style (a native style may draw light whatever the palette says), and the light look gives the
platform its own style and palette back, as the app always had them; only where the platform
stays dark (a dark desktop, Light chosen) is the light palette set on Fusion too. Widgets that
colour themselves from the palette (banners, chips) follow it with `follow_look`; views painted
from it repaint.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from app.desktop.session.config import save_choice, saved_choice
from app.desktop.theme import DARK, LIGHT, Palette, palette, use

APPEARANCE_KEY = "view/appearance"
FUSION = "fusion"


class Appearance(StrEnum):
    """What the user chose: the computer's colour scheme, or always light, or always dark."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


def saved_appearance() -> Appearance:
    """The appearance chosen in View > Appearance (System until one is chosen)."""
    return saved_choice(APPEARANCE_KEY, Appearance.SYSTEM)


def save_appearance(appearance: Appearance) -> None:
    save_choice(APPEARANCE_KEY, appearance)


def palette_for(appearance: Appearance, scheme: Qt.ColorScheme) -> Palette:
    """The palette an appearance gives on a computer whose colour scheme is `scheme`."""
    if appearance is Appearance.DARK:
        return DARK
    if appearance is Appearance.SYSTEM and scheme == Qt.ColorScheme.Dark:
        return DARK
    return LIGHT


def qt_palette(colours: Palette) -> QPalette:
    """Qt's application palette for a look: its standard colours in every role the widgets use."""
    standard = colours.standard
    roles = QPalette.ColorRole
    qt = QPalette()
    for role, colour in (
        (roles.Window, standard.window),
        (roles.WindowText, standard.window_text),
        (roles.Base, standard.base),
        (roles.AlternateBase, standard.alternate_base),
        (roles.Text, standard.text),
        (roles.Button, standard.button),
        (roles.ButtonText, standard.button_text),
        (roles.BrightText, standard.highlighted_text),
        (roles.Highlight, standard.highlight),
        (roles.HighlightedText, standard.highlighted_text),
        (roles.PlaceholderText, standard.placeholder_text),
        (roles.Link, standard.link),
        (roles.LinkVisited, standard.link),
        (roles.ToolTipBase, standard.tooltip_base),
        (roles.ToolTipText, standard.tooltip_text),
        (roles.Accent, standard.highlight),
    ):
        qt.setColor(role, QColor(colour))
    # Fusion draws bevels and frames from these: derived from the button colour, as Qt derives them.
    button = QColor(standard.button)
    qt.setColor(roles.Light, button.lighter(150))
    qt.setColor(roles.Midlight, button.lighter(125))
    qt.setColor(roles.Mid, QColor(standard.mid))
    qt.setColor(roles.Dark, button.darker(150))
    qt.setColor(roles.Shadow, QColor("black" if colours.is_dark else standard.mid).darker(150))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText, roles.PlaceholderText):
        qt.setColor(disabled, role, QColor(standard.disabled_text))
    qt.setColor(disabled, roles.Highlight, QColor(standard.mid))
    return qt


class Looks(QObject):
    """The look in use: which appearance is chosen, and the palette it gives now.

    One per application (`looks()`). `changed` is emitted after the palette changed, once the
    application's QPalette is the new look's.
    """

    changed = Signal()

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._hints = app.styleHints()
        self._native_style = app.style().name()
        self.appearance = Appearance.SYSTEM
        self._applying = False
        self._hints.colorSchemeChanged.connect(self._scheme_changed)

    def choose(self, appearance: Appearance, *, save: bool) -> None:
        """Draw in this appearance from now on; `save` keeps it for the next runs."""
        self.appearance = appearance
        if save:
            save_appearance(appearance)
        self._apply()

    def system_scheme(self) -> Qt.ColorScheme:
        """The colour scheme the platform draws in (with Light or Dark chosen: the one it was asked for,
        where it follows such a request)."""
        return self._hints.colorScheme()

    @Slot(Qt.ColorScheme)
    def _scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        if self._applying or self.appearance is not Appearance.SYSTEM:
            return
        self._apply(scheme)

    def _apply(self, scheme: Qt.ColorScheme | None = None) -> None:
        self._applying = True
        try:
            self._ask_platform()
            if scheme is None:
                scheme = self.system_scheme()
            colours = palette_for(self.appearance, scheme)
            if colours.is_dark or scheme == Qt.ColorScheme.Dark:
                # Dark, or light on a platform that stays dark: our colours, on a style that uses them.
                if self._app.style().name().lower() != FUSION:
                    self._app.setStyle(FUSION)
                self._app.setPalette(qt_palette(colours))
            else:
                if self._app.style().name() != self._native_style:
                    self._app.setStyle(self._native_style)
                # An empty palette resolves to the platform's and the style's own again.
                self._app.setPalette(QPalette())
            changed = colours is not palette()
            use(colours)
        finally:
            self._applying = False
        if changed:
            for widget in QApplication.allWidgets():
                widget.update()
            self.changed.emit()

    def _ask_platform(self) -> None:
        """Tell the platform the scheme chosen (Qt 6.8: title bars and native dialogs follow), or that
        the app follows the system again."""
        if not hasattr(self._hints, "setColorScheme"):
            return
        if self.appearance is Appearance.SYSTEM:
            self._hints.unsetColorScheme()
        elif self.appearance is Appearance.DARK:
            self._hints.setColorScheme(Qt.ColorScheme.Dark)
        else:
            self._hints.setColorScheme(Qt.ColorScheme.Light)


_looks: Looks | None = None


def looks() -> Looks:
    """The application's look (made on first use, for the running QApplication)."""
    global _looks
    app = QCoreApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("the look needs a QApplication")
    if _looks is None or _looks.parent() is not app:
        _looks = Looks(app)
    return _looks


def start_looks(override: Appearance | None = None) -> Looks:
    """At start-up: draw in the saved appearance, or in `override` for this run only (`--appearance`)."""
    current = looks()
    current.choose(override or saved_appearance(), save=False)
    return current


class _Restyle(QObject):
    """Calls a widget's restyle function each time the look changes, for as long as the widget lives
    (the connection goes with this child of the widget)."""

    def __init__(self, widget: QWidget, restyle: Callable[[Palette], None]) -> None:
        super().__init__(widget)
        self._restyle = restyle
        looks().changed.connect(self.run)

    @Slot()
    def run(self) -> None:
        self._restyle(palette())


def follow_look(widget: QWidget, restyle: Callable[[Palette], None]) -> None:
    """Style the widget from the palette now and again whenever the look changes (a style sheet with
    the palette's colours in it, for example)."""
    restyle(palette())
    _Restyle(widget, restyle)
