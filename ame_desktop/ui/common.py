"""Small widgets and helpers shared by the views."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QWidget

from ame_desktop.domain.errors import AmeError, UserError


# The translation context of every `tr("…")` and `QT_TR_NOOP("…")` in the program. pyside6-lupdate
# files a call of a module-level `tr` (and a QT_TR_NOOP outside a function) under the empty context,
# wherever it stands, so the lookup at run time uses the same one: the .ts that lupdate writes, the
# .qm that lrelease makes of it and the code agree (tests/test_translations.py round-trips a string).
TR_CONTEXT = ""


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """Swedish source text through Qt's translation (resources/translations/, `python dev.py
    lupdate`), so an English translation can follow. The arguments are lupdate's for `tr`: a
    second argument is a disambiguation comment, not a context."""
    return QCoreApplication.translate(TR_CONTEXT, text, disambiguation, n)


def date_text(d: date | None) -> str:
    return d.isoformat() if d else ""


def plain(label: QLabel) -> QLabel:
    """Show the label's text as plain text, never as rich text. Every label that shows user data
    (names, free text, file names, messages that quote a value) uses it: with Qt's default
    (AutoText) a name such as `<img src=…>` or `<a href=…>` would be rendered, not shown."""
    label.setTextFormat(Qt.PlainText)
    return label


def user_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel for user data: plain text (see `plain`)."""
    return plain(QLabel(text, parent))


def plain_tooltip(text: str | None) -> str | None:
    """A tooltip that shows user data as written. Qt guesses whether a tooltip is rich text
    (a `<b>` in a name would be rendered): text that might be markup is escaped inside `<qt>`."""
    if not text or "<" not in text and "&" not in text:
        return text
    import html

    return "<qt>" + html.escape(text, quote=False).replace("\n", "<br>") + "</qt>"


def html_text(text: object) -> str:
    """User text for a label that must stay rich (bold parts): escaped."""
    import html

    return html.escape("" if text is None else str(text))


class ErrorLabel(QLabel):
    """A Swedish validation message shown right under its field; hidden when empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        plain(self)  # messages quote what the user typed
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        self._fit_height()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        # Form layouts give a wrapped label the height of one line in a narrow pane ("…har fel"):
        # ask for the height the whole message needs at the width it has.
        need = self.heightForWidth(self.width()) if self.text() else 0
        if need > 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)


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
    """A bold heading; plain text (headings show names too: the participant's heading)."""
    label = user_label(text)
    f = QFont(label.font())
    f.setPointSize(size)
    f.setBold(True)
    label.setFont(f)
    return label


def show_error(parent: QWidget | None, exc: BaseException, title: str = "AME Desktop") -> None:
    """Tell the user what went wrong, in Swedish; unexpected errors go to the log."""
    if isinstance(exc, UserError):
        message_box(parent, QMessageBox.Warning, title, exc.message)
    elif isinstance(exc, AmeError):
        message_box(parent, QMessageBox.Critical, title, exc.message)
    else:
        import logging

        from ame_desktop import config

        logging.getLogger("ame_desktop.ui").error("unexpected error", exc_info=exc)
        message_box(parent, QMessageBox.Critical, title,
                    tr("Ett oväntat fel inträffade ({name}). Detaljer finns i loggfilen {log}.")
                    .format(name=type(exc).__name__, log=config.log_file()))


# Message colours with at least 4.5:1 contrast on the window background (#efefef) and on white
# (WCAG 2.1 AA, 1.4.3): red #b00020 (6.3:1), green #1b5e20 (6.8:1), grey #555555 (6.3:1).
MESSAGE_COLOURS = {"error": "#b00020", "ok": "#1b5e20", "info": "#555555"}


def set_message(label: QLabel, text: str, kind: str = "info") -> None:
    """A status line: red only for what went wrong, green for what was done, grey otherwise."""
    label.setStyleSheet(f"color: {MESSAGE_COLOURS[kind]};")
    label.setText(text)


def plain_label(text: str) -> str:
    """A label's words without the mnemonic marker and the colon: "Samtycke da&tum:" → "Samtycke datum"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":").strip()


def on_edit(widget: QWidget, callback) -> None:
    """Call `callback` when the user changes the widget's value (whatever kind of input it is)."""
    for signal in ("textEdited", "textChanged", "currentIndexChanged", "toggled", "valueChanged", "dateChanged"):
        sig = getattr(widget, signal, None)
        if sig is not None and hasattr(sig, "connect"):
            sig.connect(lambda *_a: callback())
            return


def message_box(parent: QWidget | None, icon, title: str, text: str) -> None:
    """A modal message whose text is shown as plain text (messages quote user data)."""
    box = QMessageBox(icon, title, text, QMessageBox.Ok, parent)
    box.setTextFormat(Qt.PlainText)
    box.exec()


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
