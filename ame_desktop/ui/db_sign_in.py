"""Sign-in to the database server as one's own role (PostgreSQL with a role per staff member,
issue 24): asked when the server wants a password that neither the address nor pgpass.conf
gives. With Kerberos the server signs the person in from the Windows sign-in; nothing is asked."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QWidget

from ame_desktop.store.database import Database, DatabaseLoginNeeded, resolve_url
from ame_desktop.ui.common import tr
from ame_desktop.ui.sign_in import CredentialsDialog


class DatabaseSignInDialog(CredentialsDialog):
    def __init__(self, target: str | None, first_message: str, parent: QWidget | None = None):
        self.target = target
        self.db: Database | None = None
        info = QLabel(tr("Registret ligger på en databasserver som skiljer kommunerna åt själv. Logga in med "
                         "ditt eget användarnamn och lösenord till databasen."))
        info.setWordWrap(True)
        super().__init__(tr("Logga in på databasservern – AME Desktop"), [info], 460, parent)
        self.error.show_message(first_message)

    def try_sign_in(self) -> None:
        if not self.username.text().strip():
            self.error.show_message(tr("Ange ditt användarnamn."))
            self.username.setFocus()
            return
        super().try_sign_in()

    def sign_in(self, user: str, password: str) -> None:
        from ame_desktop.store.schema import open_register

        self.db = open_register(self.target, login=(user.strip().lower(), password))


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
