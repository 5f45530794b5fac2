"""Sign-in on start, when the register has accounts and is not in single-user mode — unless the
account is tied to the Windows user on this PC (issue 24, local register only)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ame_desktop.domain.errors import AmeError
from ame_desktop.services import accounts
from ame_desktop.store.database import Database
from ame_desktop.ui.common import ErrorLabel, heading, tr, user_label


class CredentialsDialog(QDialog):
    """User name, password, a Swedish error line and Logga in / Avsluta: the program's own
    sign-in and the database server's (ui/db_sign_in.py). `intro` are the lines above the form;
    a subclass signs in in `sign_in(user, password)` and raises AmeError when it cannot."""

    def __init__(self, title: str, intro: list[QWidget], min_width: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(tr("&Användarnamn"), self.username)
        form.addRow(tr("&Lösenord"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(tr("Logga in"))
        buttons.button(QDialogButtonBox.Cancel).setText(tr("Avsluta"))
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("AME Desktop")))
        for widget in intro:
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(min_width)

    def sign_in(self, user: str, password: str) -> None:
        raise NotImplementedError

    def try_sign_in(self) -> None:
        try:
            self.sign_in(self.username.text(), self.password.text())
        except AmeError as exc:
            self.error.show_message(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class SignInDialog(CredentialsDialog):
    def __init__(self, db: Database, parent: QWidget | None = None):
        self.db = db
        super().__init__(tr("Logga in – AME Desktop"), [
            QLabel(tr("Registret innehåller sekretessbelagda uppgifter. Logga in med ditt konto.")),
            user_label(tr("Databas: {db}").format(db=db.describe()))], 420, parent)

    def sign_in(self, user: str, password: str) -> None:
        accounts.sign_in_db(self.db, user, password)


def ensure_signed_in(db: Database, parent: QWidget | None = None) -> bool:
    """Establish who acts; returns False if the user gave up signing in."""
    with db.reading() as s:
        actor = accounts.startup_actor(s)
    if actor is not None:
        db.actor = actor
        return True
    # Issue 24: an account tied to this Windows user on this PC opens without a password.
    actor, reason = accounts.windows_sign_in_db(db)
    if actor is not None:
        return True
    dialog = SignInDialog(db, parent)
    if reason:  # tied, but the account may not sign in now (locked, disabled): say why
        dialog.error.show_message(reason)
    return dialog.exec() == QDialog.Accepted
