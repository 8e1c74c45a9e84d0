"""The German UI against the real server: every window, view, tab, dialog and menu shows no English.

With the German catalogue installed, the test walks the main window of an agent and of a
supervisor (each view, each tab of the customer pane, each dialog, every menu and action) and
collects what a user reads: labels, buttons, group titles, tabs, menus and actions, header
sections, placeholders, tooltips, combo-box entries, window titles and the rows of the lists. A
text that is one of the app's English strings (a source string of the catalogue, or any string
written in app/desktop, with its placeholders standing for anything) is a failure, unless it is the
same word in German (`SAME_IN_GERMAN`). Data (customer names, message texts, what the server
sends) is never one of the app's strings, so it passes.

Also: the compiled catalogues in the package are exactly what the .ts sources compile to, the
language choice and --language, and dates and numbers in the locale's format.
"""

from __future__ import annotations

import ast
import asyncio
import html
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.client import SwitchboardClient
from app.desktop import locale_format, words
from app.desktop.approvals.decision import DecisionDialog, Verdict
from app.desktop.customer.pane import TABS, CustomerPane
from app.desktop.main import parse_args
from app.desktop.mainwindow import MainWindow
from app.desktop.queue.assign import AssigneePicker
from app.desktop.queue.view import QueueView
from app.desktop.queue.window import QUEUE_VIEW
from app.desktop.session.config import settings
from app.desktop.session.settings_dialog import SettingsDialog
from app.desktop.session.signin import SignInDialog
from app.desktop.supervisor import APPROVALS_VIEW, DASHBOARD_VIEW
from app.desktop.translation import (
    CATALOGUES,
    LANGUAGE_KEY,
    LanguageChoice,
    catalogue_path,
    current_language,
    install_language,
    language_for,
    locale_for,
    save_choice,
    saved_choice,
    uninstall_language,
)
from tests.desktop.customer_support import ANNA, QUICK_RETRIES
from tests.desktop.shell import ShellFactory, run, shell_factory, unattended_screenshot
from tests.live_server import LiveServer

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing",
)

ROOT = Path(__file__).resolve().parents[2]
#: The demo's suspended customer: a message to them is suppressed, and the app asks first.
BLOCKED_CUSTOMER = 3
SOURCES = ROOT / "resources" / "translations"
DESKTOP = ROOT / "app" / "desktop"
LRELEASE = Path(sys.executable).parent / "pyside6-lrelease"

#: Texts that are the same in German as in English (or names): not a failure when shown as they are.
SAME_IN_GERMAN = {
    "Name", "Email", "Newsletter", "OK", "Switchboard", "Server", "Status", "Ticket", "Chat", "Fax",
    "Agent", "Supervisor", "Administrator", "Integration", "Marketing", "Service", "Online", "Offline",
    "English", "Deutsch", "Label", "Details", "SMS", "API", "Qt", "PySide6", "Python", "Demo", "Code",
    "Info", "Start", "Team", "Optional", "Region", "System", "Text",
}  # fmt: skip
#: The demo's data that reads like one of the app's texts with its placeholder filled in
#: ("Customer portal", a consent change's actor, looks like "Customer {number}").
DEMO_DATA = {"Customer portal"}


# --- the app's English strings ------------------------------------------------------------------


def _plain(text: str) -> str:
    """What a user reads of a text: no markup, no accelerator ampersands, no surrounding space."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.split())


#: Calls that measure a text instead of showing it.
MEASURING = {"horizontalAdvance", "boundingRect", "width", "elidedText"}
#: An example address in a placeholder ("name@example.com", "https://switchboard.example.com").
_EXAMPLE_ADDRESS = re.compile(r"\S+@\S+\.\w+|https?://\S+")
_PLACEHOLDER = re.compile(r"%n|%\d|%[sd]|\{[a-z_]*\}")


def _english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in SAME_IN_GERMAN}


def _pattern(parts: Iterable[str | None]) -> re.Pattern[str] | None:
    """A pattern for a string whose None parts stand for anything; None if its fixed parts hold
    no English word (a separator such as "{a} · {b}" says nothing about the language)."""
    fixed = [p for p in parts if p is not None]
    if not _english_words(" ".join(fixed)):
        return None
    body = "".join("(.*)" if p is None else re.escape(p) for p in parts)
    return re.compile(body, re.DOTALL)


def _split_placeholders(text: str) -> list[str | None]:
    parts: list[str | None] = []
    for i, piece in enumerate(_PLACEHOLDER.split(_plain(text))):
        if i:
            parts.append(None)
        parts.append(piece)
    return parts


def english_patterns() -> list[re.Pattern[str]]:
    """Every English string of app/desktop, each as a pattern of the whole text shown."""
    patterns: list[re.Pattern[str]] = []
    for path in DESKTOP.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Texts a width is measured with ("Claudia Hoffmann" for a name column) are never shown.
        measured = {
            id(arg)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in MEASURING
            for arg in node.args
        }
        for node in ast.walk(tree):
            if id(node) in measured:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                pattern = _pattern(_split_placeholders(node.value))
            elif isinstance(node, ast.JoinedStr):
                parts: list[str | None] = []
                for value in node.values:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        parts.extend(_split_placeholders(value.value))
                    else:
                        parts.append(None)
                pattern = _pattern(parts)
            else:
                continue
            if pattern is not None:
                patterns.append(pattern)
    for source in re.findall(r"<source>(.*?)</source>", (SOURCES / "switchboard_de.ts").read_text()):
        pattern = _pattern(_split_placeholders(html.unescape(source)))
        if pattern is not None:
            patterns.append(pattern)
    return patterns


# --- what a user reads -----------------------------------------------------------------------------


def _texts_of_view(view: QAbstractItemView) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    root = view.rootIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # a list model: one column, and its columnCount is not Python's to call
        columns = 1
    for column in range(columns):
        yield str(model.headerData(column, Qt.Orientation.Horizontal) or "")
    for row in range(min(model.rowCount(root), 30)):
        for column in range(max(columns, 1)):
            index = model.index(row, column, root)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    yield value


def _texts_of_menu(menu: QMenu) -> Iterator[tuple[str, str]]:
    for action in menu.actions():
        yield f"menu {menu.title()!r}", action.text()
        if action.toolTip() != action.text().replace("&", ""):
            yield f"menu {menu.title()!r} tooltip", action.toolTip()
        if action.menu() is not None:
            yield from _texts_of_menu(action.menu())


def texts_shown(top: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of what a user reads in `top` and its visible children."""
    yield "window title", top.windowTitle()
    widgets = [top, *top.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisible():
            continue
        where = f"{type(widget).__name__} {widget.objectName()!r}"
        if widget.toolTip():
            yield f"{where} tooltip", widget.toolTip()
        if isinstance(widget, QLabel | QAbstractButton):
            yield where, widget.text()
        elif isinstance(widget, QGroupBox):
            yield where, widget.title()
        elif isinstance(widget, QTabBar):
            for tab in range(widget.count()):
                yield where, widget.tabText(tab)
                yield f"{where} tooltip", widget.tabToolTip(tab)
        elif isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
            yield f"{where} placeholder", widget.placeholderText()
        elif isinstance(widget, QComboBox):
            for item in range(widget.count()):
                yield where, widget.itemText(item)
        if isinstance(widget, QAbstractItemView):
            for text in _texts_of_view(widget):
                yield where, text
    if isinstance(top, MainWindow):
        for action in top.menuBar().actions():
            yield "menu bar", action.text()
            if action.menu() is not None:
                yield from _texts_of_menu(action.menu())


def _is_keys(text: str) -> bool:
    """Keys as the platform names them ("Alt+A", "Esc", "Ctrl+K, F3"): Qt's words, not the app's."""
    parts = text.split(", ")
    return all(
        QKeySequence(part).toString(QKeySequence.SequenceFormat.NativeText) == part and len(part) <= 20
        for part in parts
    )


class EnglishFinder:
    """Gathers the English texts found anywhere in the walk, to fail once with all of them."""

    def __init__(self) -> None:
        self.patterns = english_patterns()
        self.found: dict[str, str] = {}
        self.looked_at = 0

    def look(self, scene: str, top: QWidget) -> None:
        for where, raw in texts_shown(top):
            for line in raw.splitlines():
                text = _plain(line)
                if not text or text in SAME_IN_GERMAN or text in DEMO_DATA or not _english_words(text):
                    continue
                if _EXAMPLE_ADDRESS.fullmatch(text) or _is_keys(text):
                    continue
                self.looked_at += 1
                if any(p.fullmatch(text) for p in self.patterns):
                    self.found.setdefault(text, f"{scene}: {where}")


# --- the walk -------------------------------------------------------------------------------------


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    """The app speaks German for this test (as `--language de`), and English again afterwards."""
    before = QLocale()
    assert install_language(qapp, "de") == "de"
    yield
    uninstall_language(qapp)
    QLocale.setDefault(before)


@pytest.fixture
def shells(qtbot: QtBot, loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[ShellFactory]:
    with shell_factory(qtbot, loop, tmp_path) as factory:
        yield factory


def _opened(qtbot: QtBot, window: MainWindow, customer_id: int) -> CustomerPane:
    window.open_customer(customer_id)
    pane = window.pane
    assert pane is not None
    qtbot.waitUntil(
        lambda: pane.customer is not None and pane.customer.customer_id == customer_id, timeout=15_000
    )
    return pane


def _walk_tabs(qtbot: QtBot, finder: EnglishFinder, window: MainWindow, pane: CustomerPane, who: str) -> None:
    for tab in TABS:
        pane.show_tab(tab)
        qtbot.wait(400)  # the tab asks the server when first shown
        finder.look(f"{who}, {tab} tab", window)


def _walk_dialog(qtbot: QtBot, finder: EnglishFinder, scene: str, dialog: QDialog) -> None:
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    qtbot.wait(200)
    finder.look(scene, dialog)
    dialog.reject()


def _walk_views(qtbot: QtBot, finder: EnglishFinder, window: MainWindow, who: str) -> None:
    for view in window.view_keys():
        window.show_view(view)
        qtbot.wait(800)
        finder.look(f"{who}, {view} view", window)


def test_the_german_ui_shows_no_english_anywhere(
    qtbot: QtBot, loop: asyncio.AbstractEventLoop, server: LiveServer, shells: ShellFactory, german: None
) -> None:
    finder = EnglishFinder()

    # An agent: the customer view with each tab, the queue, the dialogs of the customer and the window.
    agent_shell = shells.signed_in(server, "agent")
    agent = agent_shell.window
    session = agent_shell.controller.session
    assert session is not None and session.client.language == "de", "the server is asked for German"
    qtbot.waitUntil(lambda: agent.search.model.rowCount() > 0, timeout=15_000)
    finder.look("agent, signed in", agent)
    pane = _opened(qtbot, agent, ANNA)
    qtbot.wait(500)
    _walk_tabs(qtbot, finder, agent, pane, "agent")
    _walk_views(qtbot, finder, agent, "agent")
    agent.show_view(agent.view_keys()[0])
    for tool in (pane.verify_identity, pane.new_request):
        tool()
        assert pane.dialog is not None
        _walk_dialog(qtbot, finder, f"agent, {type(pane.dialog).__name__}", pane.dialog)
    pane.show_tab("preferences")
    qtbot.waitUntil(lambda: pane.preferences.matrix_model.rowCount() > 0, timeout=10_000)
    pane.preferences.matrix.setFocus()
    pane.preferences.matrix.setCurrentIndex(pane.preferences.matrix_model.index(0, 1))
    qtbot.keyClick(pane.preferences.matrix, Qt.Key.Key_Space)
    finder.look("agent, a staged preference", agent)
    pane.preferences.ask_to_save()
    confirmation = pane.preferences.confirmation
    if isinstance(confirmation, QMessageBox):
        finder.look("agent, save preferences?", confirmation)
        confirmation.reject()
    agent.show_shortcuts()
    assert agent.shortcut_sheet is not None
    _walk_dialog(qtbot, finder, "agent, shortcuts", agent.shortcut_sheet)
    agent.show_about()
    assert agent.about_box is not None
    finder.look("agent, about", agent.about_box)
    agent.about_box.reject()
    _walk_dialog(qtbot, finder, "settings", SettingsDialog(None, agent))
    # As on a computer without a keyring daemon (CI, a fresh machine): the store's reason is English.
    no_keyring = "No secure keyring is available (keyring.backends.fail.Keyring)"
    sign_in = SignInDialog(server.url, agent, keyring_note=no_keyring)
    note = sign_in.findChild(QLabel, "keyringNote")
    assert note.text().startswith("Dieser Computer hat keinen sicheren Schlüsselbund")
    assert "keyring.backends.fail.Keyring" not in note.text() and no_keyring in note.toolTip()
    _walk_dialog(qtbot, finder, "sign-in", sign_in)

    # A supervisor: approvals, dashboard and the supervisor's queue, change status, approve and reject.
    client = SwitchboardClient(server.url, token=server.token("agent"), retry=QUICK_RETRIES, deadline=10)
    request = run(qtbot, loop, client.create_goodwill_request(ANNA, 50, "Waited too long on the phone"))
    run(qtbot, loop, client.aclose())
    supervisor = shells.signed_in(server, "supervisor").window
    assert APPROVALS_VIEW in supervisor.view_keys() and DASHBOARD_VIEW in supervisor.view_keys()
    assert QUEUE_VIEW in supervisor.view_keys()
    _walk_views(qtbot, finder, supervisor, "supervisor")
    supervisor.show_view(supervisor.view_keys()[0])
    pane = _opened(qtbot, supervisor, ANNA)
    qtbot.wait(500)
    _walk_tabs(qtbot, finder, supervisor, pane, "supervisor")
    pane.change_status()
    assert pane.dialog is not None
    _walk_dialog(qtbot, finder, "supervisor, change status", pane.dialog)
    # A new thread being written, and the question before a message to a blocked customer.
    conversations = pane.conversations
    conversations.start_new_thread()
    finder.look("supervisor, a new thread", supervisor)
    pane = _opened(qtbot, supervisor, BLOCKED_CUSTOMER)
    qtbot.waitUntil(lambda: pane.conversations.composer.preferences is not None, timeout=10_000)
    qtbot.waitUntil(lambda: pane.conversations.threads_model.rowCount() > 0, timeout=10_000)
    qtbot.wait(500)
    finder.look("supervisor, a blocked customer", supervisor)
    pane.conversations.composer.text.setPlainText("Hallo")
    pane.conversations.send()
    confirmation = pane.conversations.confirmation
    assert isinstance(confirmation, QMessageBox), pane.conversations.composer.notice.text()
    finder.look("supervisor, send to a blocked customer?", confirmation)
    confirmation.reject()
    # The supervisor's reassign dialog in the queue.
    supervisor.show_view(QUEUE_VIEW)
    queue = supervisor.findChild(QueueView)
    assert queue is not None
    qtbot.waitUntil(lambda: queue.model.rowCount() > 0, timeout=10_000)
    queue.table.setCurrentIndex(queue.model.index(0, 0))
    thread = queue.selected()
    assert thread is not None
    _walk_dialog(qtbot, finder, "supervisor, reassign", AssigneePicker(thread, queue.users, supervisor))
    for verdict in Verdict:
        _walk_dialog(qtbot, finder, f"supervisor, {verdict}", DecisionDialog(request, verdict, supervisor))

    assert finder.looked_at > 200
    assert not finder.found, "English in the German UI:\n" + "\n".join(
        f"  {text!r}  ({where})" for text, where in sorted(finder.found.items())
    )


# --- the catalogues and the language -------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_shipped_catalogues_are_compiled_from_the_sources(language: str, tmp_path: Path) -> None:
    """The .qm files in the package are exactly what `pyside6-lrelease` makes of the .ts sources."""
    compiled = tmp_path / f"switchboard_{language}.qm"
    subprocess.run(
        [str(LRELEASE), str(SOURCES / f"switchboard_{language}.ts"), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == catalogue_path(language).read_bytes(), (
        f"{catalogue_path(language).relative_to(ROOT)} is stale: run pyside6-lrelease on "
        f"resources/translations/switchboard_{language}.ts"
    )
    assert catalogue_path(language).parent == CATALOGUES


def test_every_string_of_the_german_catalogue_is_translated() -> None:
    source = (SOURCES / "switchboard_de.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in source
    assert source.count("<message") > 250


def test_plural_forms_in_german_and_english(qapp: QApplication) -> None:
    before = QLocale()
    try:
        install_language(qapp, "de")
        assert QCoreApplication.translate("QueueView", "%Ln thread(s)", "", 1) == "1 Vorgang"
        assert QCoreApplication.translate("QueueView", "%Ln thread(s)", "", 3) == "3 Vorgänge"
        install_language(qapp, "en")
        assert QCoreApplication.translate("QueueView", "%Ln thread(s)", "", 1) == "1 thread"
        assert QCoreApplication.translate("QueueView", "%Ln thread(s)", "", 3) == "3 threads"
    finally:
        uninstall_language(qapp)
        QLocale.setDefault(before)
    assert current_language() == "en"


def test_automatic_follows_the_computer_and_a_choice_overrides_it() -> None:
    german = QLocale(QLocale.Language.German, QLocale.Country.Austria)
    american = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    french = QLocale(QLocale.Language.French, QLocale.Country.France)
    assert language_for(LanguageChoice.AUTOMATIC, german) == "de"
    assert language_for(LanguageChoice.AUTOMATIC, american) == "en"
    assert language_for(LanguageChoice.AUTOMATIC, french) == "en"
    assert language_for(LanguageChoice.ENGLISH, german) == "en"
    assert language_for(LanguageChoice.GERMAN, american) == "de"
    # An Austrian desktop keeps its own formats in German; a French one writes German the German way.
    assert locale_for("de", german).name() == "de_AT"
    assert locale_for("de", french).name() == "de_DE"
    assert locale_for("en", french).name() == "en_US"


def test_settings_keep_the_language_chosen_for_the_next_start(qtbot: QtBot) -> None:
    store = settings()
    before = store.value(LANGUAGE_KEY)
    try:
        save_choice(LanguageChoice.AUTOMATIC)
        dialog = SettingsDialog(None)
        qtbot.addWidget(dialog)
        combo = dialog.language
        assert [combo.itemData(i) for i in range(combo.count())] == ["automatic", "en", "de"]
        assert combo.itemText(1) == "English" and combo.itemText(2) == "Deutsch", "each in its own words"
        assert combo.currentData() == "automatic"
        combo.setCurrentIndex(combo.findData("de"))
        assert dialog.language_note.text() == "The language changes when Switchboard starts next."
        dialog.accept()
        assert saved_choice() is LanguageChoice.GERMAN
        assert current_language() == "en", "this run goes on in its language"
    finally:
        if before is None:
            store.remove(LANGUAGE_KEY)
        else:
            store.setValue(LANGUAGE_KEY, before)


@pytest.mark.slow
def test_a_german_screenshot_keeps_the_saved_language(tmp_path: Path) -> None:
    """`switchboard --language de --screenshot`: the settings still say English afterwards. The German
    window with a customer's conversations open fits the smallest size (German words are longer: the
    thread header's buttons and the thread list's columns once made it 1157 pixels wide at 1024)."""
    done, shot, config = unattended_screenshot(
        tmp_path, "language=en", "--language", "de", "--customer", "1", "--size", "1024x640"
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1024, 640)
    assert QSettings(str(config), QSettings.Format.IniFormat).value(LANGUAGE_KEY) == "en"


def test_language_on_the_command_line_is_for_one_run() -> None:
    assert parse_args(["--language", "de"]).language == "de"
    assert parse_args([]).language is None
    with pytest.raises(SystemExit):
        parse_args(["--language", "fr"])


def test_dates_times_and_numbers_in_the_locales_format() -> None:
    before = QLocale()
    moment = datetime(2025, 3, 4, 14, 5, 9, tzinfo=UTC).astimezone()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        assert locale_format.number(12345) == "12.345"
        assert locale_format.date_only(moment) == moment.strftime("%d.%m.%y")
        assert locale_format.time_of_day(moment, seconds=True) == moment.strftime("%H:%M:%S")
        assert locale_format.short_time(moment) == moment.strftime("%d.%m.%y")
        this_year = datetime.now().astimezone() - timedelta(days=40)
        if this_year.year == datetime.now().year:
            assert locale_format.short_time(this_year) == this_year.strftime("%d.%m. %H:%M")
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        assert locale_format.number(12345) == "12,345"
        assert locale_format.date_only(moment) == f"{moment.month}/{moment.day}/25"
    finally:
        QLocale.setDefault(before)


def test_a_customers_language_reads_as_its_name_in_the_apps_language() -> None:
    before = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        assert words.language_name("en") == "Englisch"
        assert words.language_name("de-AT") == "Deutsch (Österreich)"
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        assert words.language_name("de") == "German"
        assert words.language_name("xx-nonsense") == "xx-nonsense"
    finally:
        QLocale.setDefault(before)
