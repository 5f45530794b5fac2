"""Small widgets and helpers shared by the views."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QWidget

from ame_desktop.domain.errors import AmeError, UserError


def tr(text: str, context: str = "ame") -> str:
    """Swedish source text through Qt's translation, so an English translation can follow."""
    return QCoreApplication.translate(context, text)


def date_text(d: date | None) -> str:
    return d.isoformat() if d else ""


class ErrorLabel(QLabel):
    """A Swedish validation message shown right under its field; hidden when empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class DateField(QLineEdit):
    """A date typed as ÅÅÅÅ-MM-DD. The service decides whether it is a valid date."""

    def __init__(self, parent: QWidget | None = None, optional: bool = False):
        super().__init__(parent)
        self.setPlaceholderText(tr("ÅÅÅÅ-MM-DD") + (tr(" (tomt = pågår)") if optional else ""))
        self.setMaxLength(10)

    def value(self) -> str | None:
        t = self.text().strip()
        return t or None

    def set_value(self, d: date | None) -> None:
        self.setText(date_text(d))


def heading(text: str, size: int = 14) -> QLabel:
    label = QLabel(text)
    f = QFont(label.font())
    f.setPointSize(size)
    f.setBold(True)
    label.setFont(f)
    return label


def show_error(parent: QWidget | None, exc: BaseException, title: str = "AME Desktop") -> None:
    """Tell the user what went wrong, in Swedish; unexpected errors go to the log."""
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, title, exc.message)
    elif isinstance(exc, AmeError):
        QMessageBox.critical(parent, title, exc.message)
    else:
        import logging

        from ame_desktop import config

        logging.getLogger("ame_desktop.ui").error("unexpected error", exc_info=exc)
        QMessageBox.critical(parent, title, tr("Ett oväntat fel inträffade ({name}). Detaljer finns i loggfilen {log}.")
                             .format(name=type(exc).__name__, log=config.log_file()))


def set_error_style(widget: QWidget, bad: bool) -> None:
    widget.setProperty("invalid", bad)
    widget.setStyleSheet("border: 1px solid #b00020;" if bad else "")


def record_table(headers: list[str]):
    """A small read-only table of records (a person's referrals, periods …): whole rows
    selected, no row numbers, the last column stretched."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectRows)
    t.setSelectionMode(QAbstractItemView.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
    t.setAlternatingRowColors(True)
    return t


def button_row(*buttons: tuple[str, object]):
    """A row of push buttons (text, slot), left-aligned: the add/edit/remove row above a table."""
    from PySide6.QtWidgets import QHBoxLayout, QPushButton

    row = QHBoxLayout()
    made = []
    for text, slot in buttons:
        b = QPushButton(text)
        b.clicked.connect(slot)
        row.addWidget(b)
        made.append(b)
    row.addStretch(1)
    row.buttons = made  # type: ignore[attr-defined]
    return row
