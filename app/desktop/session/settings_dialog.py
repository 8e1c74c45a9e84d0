"""The Settings dialog: which server the app talks to (the embedded demo server or a URL), and
the language it speaks (the computer's, English or German; kept at once, used from the next start)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.desktop.appearance import follow_look
from app.desktop.session.config import check_server_url
from app.desktop.translation import LanguageChoice, current_language, language_for, save_choice, saved_choice

#: A language in its own words.
LANGUAGE_NAMES = {LanguageChoice.ENGLISH.value: "English", LanguageChoice.GERMAN.value: "Deutsch"}


class SettingsDialog(QDialog):
    """Choose the embedded demo server or a server URL; plain http:// is checked as on the command line."""

    def __init__(
        self, current_url: str | None, parent: QWidget | None = None, *, allow_insecure: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._allow_insecure = allow_insecure
        self.chosen_url: str | None = current_url
        self.embedded = QRadioButton(self.tr("Local demo server on this computer (embedded)"), self)
        self.embedded.setObjectName("useEmbeddedServer")
        self.remote = QRadioButton(self.tr("Server at this address:"), self)
        self.remote.setObjectName("useServerUrl")
        self.url = QLineEdit(current_url or "", self)
        self.url.setObjectName("serverUrl")
        self.url.setPlaceholderText("https://switchboard.example.com")
        self.url.textEdited.connect(lambda _text: self.remote.setChecked(True))
        (self.remote if current_url else self.embedded).setChecked(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("settingsProblem")
        self.problem.setWordWrap(True)
        follow_look(self.problem, lambda colours: self.problem.setStyleSheet(f"color: {colours.error_text};"))
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Server"), self))
        layout.addWidget(self.embedded)
        layout.addWidget(self.remote)
        layout.addWidget(self.url)
        layout.addWidget(self.problem)
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        # The languages by their own names, as a user who cannot read the other one looks for them.
        automatic = self.tr("Automatic (the computer's language: %1)").replace(
            "%1", LANGUAGE_NAMES[language_for(LanguageChoice.AUTOMATIC)]
        )
        self.language.addItem(automatic, LanguageChoice.AUTOMATIC.value)
        for choice in (LanguageChoice.ENGLISH, LanguageChoice.GERMAN):
            self.language.addItem(LANGUAGE_NAMES[choice.value], choice.value)
        self.language.setCurrentIndex(self.language.findData(saved_choice().value))
        language_label = QLabel(self.tr("&Language"), self)
        language_label.setBuddy(self.language)
        self.language_note = QLabel(self)
        self.language_note.setObjectName("languageNote")
        self.language_note.setWordWrap(True)
        self.language.currentIndexChanged.connect(self._language_changed)
        layout.addWidget(language_label)
        layout.addWidget(self.language)
        layout.addWidget(self.language_note)
        self._language_changed()
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def chosen_language(self) -> LanguageChoice:
        return LanguageChoice(str(self.language.currentData()))

    def _language_changed(self) -> None:
        if language_for(self.chosen_language()) == current_language():
            self.language_note.setText("")
        else:
            self.language_note.setText(self.tr("The language changes when Switchboard starts next."))

    def accept(self) -> None:
        if self.embedded.isChecked():
            self.chosen_url = None
        else:
            try:
                self.chosen_url = check_server_url(self.url.text(), allow_insecure=self._allow_insecure)
            except ValueError as exc:
                self.problem.setText(str(exc))
                self.problem.show()
                self.adjustSize()
                return
        if self.chosen_language() is not saved_choice():
            save_choice(self.chosen_language())
        super().accept()
