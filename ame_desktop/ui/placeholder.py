"""An honest page for a part of the program that is not built yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ame_desktop.ui.common import heading, tr


class PlaceholderPage(QWidget):
    def __init__(self, title: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        body = QLabel(text + "\n\n" + tr("Den här delen av programmet kommer i en senare version."))
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addWidget(body)
        layout.addStretch(1)

    def can_leave(self) -> bool:
        return True

    def refresh(self) -> None:
        pass
