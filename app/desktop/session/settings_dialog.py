"""The Settings dialog: which server the app talks to (the embedded demo server or a URL)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.desktop.session.config import check_server_url
from app.desktop.theme import palette


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
        self.problem.setStyleSheet(f"color: {palette().error_text};")
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
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

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
        super().accept()
