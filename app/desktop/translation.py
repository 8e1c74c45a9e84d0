"""The app's language: English or German, chosen in File > Settings or following the computer.

Automatic (until something is chosen) follows `QLocale.system()`: German on a German desktop,
English otherwise. The choice is kept in QSettings and applies when the app starts next;
`--language` overrides it for one run without keeping anything.

Starting in a language installs Qt translators for it (the app's own catalogue, compiled from
resources/translations/*.ts into app/desktop/resources/translations/*.qm, and Qt's for its standard
buttons) and makes that language's locale the default, so `QLocale()` formats dates, times and
numbers the way that language writes them (see app.desktop.locale_format). English has a catalogue
too: it holds the English plural forms of the numerus strings ("%n attempt(s) left").
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.desktop.session import config

LANGUAGE_KEY = "view/language"
#: The compiled catalogues, package data of app.desktop (built from resources/translations/*.ts).
CATALOGUES = Path(__file__).parent / "resources" / "translations"
CATALOGUE_NAME = "switchboard"


class LanguageChoice(StrEnum):
    """What the user chose in Settings: the computer's language, or always English or German."""

    AUTOMATIC = "automatic"
    ENGLISH = "en"
    GERMAN = "de"


#: The languages the app speaks, as ISO 639-1 codes (the value of `--language`).
LANGUAGES = (LanguageChoice.ENGLISH.value, LanguageChoice.GERMAN.value)

_current = LanguageChoice.ENGLISH.value
_installed: list[QTranslator] = []


def saved_choice() -> LanguageChoice:
    """The language chosen in Settings (Automatic until one is chosen)."""
    return config.saved_choice(LANGUAGE_KEY, LanguageChoice.AUTOMATIC)


def save_choice(choice: LanguageChoice) -> None:
    config.save_choice(LANGUAGE_KEY, choice)


def system_language(system: QLocale | None = None) -> str:
    """The language Automatic means on this computer: German on a German desktop, else English."""
    locale = system if system is not None else QLocale.system()
    if locale.language() == QLocale.Language.German:
        return LanguageChoice.GERMAN.value
    return LanguageChoice.ENGLISH.value


def language_for(choice: LanguageChoice, system: QLocale | None = None) -> str:
    """The language ("en" or "de") a choice gives on a computer whose locale is `system`."""
    if choice is LanguageChoice.AUTOMATIC:
        return system_language(system)
    return choice.value


def locale_for(language: str, system: QLocale | None = None) -> QLocale:
    """The locale dates and numbers are written in: the computer's own when it speaks the
    language (an Austrian or a British desktop keeps its formats), else the language's main one."""
    locale = system if system is not None else QLocale.system()
    if language == LanguageChoice.GERMAN.value:
        if locale.language() == QLocale.Language.German:
            return locale
        return QLocale(QLocale.Language.German, QLocale.Country.Germany)
    if locale.language() == QLocale.Language.English:
        return locale
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def catalogue_path(language: str) -> Path:
    """The app's compiled catalogue for a language."""
    return CATALOGUES / f"{CATALOGUE_NAME}_{language}.qm"


def install_language(app: QCoreApplication, override: str | None = None) -> str:
    """Speak `override` ("en", "de") if given, else the language chosen in Settings: install its
    translators on `app` and make its locale the default. The language in use is returned."""
    global _current
    language = override if override in LANGUAGES else language_for(saved_choice())
    uninstall_language(app)
    locale = locale_for(language)
    QLocale.setDefault(locale)
    qt_catalogues = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    catalogues = ((f"{CATALOGUE_NAME}_{language}", str(CATALOGUES)), (f"qtbase_{language}", qt_catalogues))
    for name, folder in catalogues:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
    _current = language
    return language


def current_language() -> str:
    """The language the app speaks in this run ("en" or "de"): what the server is asked to answer in."""
    return _current


def uninstall_language(app: QCoreApplication) -> None:
    """Take the translators out again: the source strings (English) from now on (for tests)."""
    global _current
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current = LanguageChoice.ENGLISH.value
