"""Sign-in to the database server as one's own role (PostgreSQL with a role per staff member,
issue 24): asked when the server wants a password that neither the address nor pgpass.conf
gives. With Kerberos the server signs the person in from the Windows sign-in; nothing is asked."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ame_desktop.domain.errors import AmeError
from ame_desktop.store.database import Database, DatabaseLoginNeeded, resolve_url
from ame_desktop.ui.common import ErrorLabel, heading, tr


class DatabaseSignInDialog(QDialog):
    def __init__(self, target: str | None, first_message: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.target = target
        self.db: Database | None = None
        self.setWindowTitle(tr("Logga in på databasservern – AME Desktop"))
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
        info = QLabel(tr("Registret ligger på en databasserver som skiljer kommunerna åt själv. Logga in med "
                         "ditt eget användarnamn och lösenord till databasen."))
        info.setWordWrap(True)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.error.show_message(first_message)
        self.setMinimumWidth(460)

    def try_sign_in(self) -> None:
        from ame_desktop.store.schema import open_register

        user = self.username.text().strip().lower()
        if not user:
            self.error.show_message(tr("Ange ditt användarnamn."))
            self.username.setFocus()
            return
        try:
            self.db = open_register(self.target, login=(user, self.password.text()))
        except AmeError as exc:
            self.error.show_message(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


def open_signed_in(target: str | None, parent: QWidget | None = None) -> Database | None:
    """Open the register; when the server asks for a sign-in, ask the person (None: gave up)."""
    from ame_desktop.store.schema import open_register

    try:
        return open_register(target)
    except DatabaseLoginNeeded as exc:
        if resolve_url(target).startswith("sqlite"):
            raise
        dialog = DatabaseSignInDialog(target, exc.message, parent)
        return dialog.db if dialog.exec() == QDialog.Accepted else None
