"""Skyddade personuppgifter in the window (issue 24): the reason asked before a marked person is
opened, and the dialog that sets, changes or removes the mark. Qt only: the rules and checks are
in services/protected_identity.py."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain.errors import AmeError, ValidationError
from ame_desktop.services import protected_identity as protected
from ame_desktop.services import staff as staff_service
from ame_desktop.store.database import Database
from ame_desktop.ui.common import DateField, ErrorLabel, set_error_style, show_error, tr, user_label

COMMON_REASONS = (
    "Planering och uppföljning av insatsen",
    "Kontakt med personen",
    "Närvaro och rapport till handläggaren",
    "Utskrift till personen",
)


class ReasonDialog(QDialog):
    """"Varför öppnar du uppgifterna?": one editable field (Enter = open, Esc = cancel)."""

    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(tr("Skyddade personuppgifter"))  # never the person's name
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.NoInsert)
        self.reason.addItem("")
        for text in COMMON_REASONS:
            self.reason.addItem(tr(text))
        self.reason.setCurrentIndex(0)
        self.reason.lineEdit().setPlaceholderText(tr("Skriv eller välj ett skäl"))
        self.reason.setAccessibleName(tr("Skäl"))
        text = QLabel(tr("Personen har skyddade personuppgifter. Varje läsning loggas med skäl. Skälet gäller "
                         "resten av den här sessionen för den här personen."))
        text.setWordWrap(True)
        caption = QLabel(tr("&Skäl:"))
        caption.setBuddy(self.reason)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(tr("Öppna"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(tr("Avbryt"))
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(caption, self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.reason.setFocus(Qt.OtherFocusReason)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.reason.lineEdit().setFocus(Qt.OtherFocusReason)  # keyboard first: type the reason, Enter

    def text(self) -> str:
        return " ".join(self.reason.currentText().split())

    def try_accept(self) -> None:
        if not self.text():
            self.error.show_message(tr("Skriv varför du öppnar personens uppgifter."))
            set_error_style(self.reason, True)
            self.reason.setFocus()
            return
        self.accept()


def ask_reason(parent: QWidget | None, db: Database, participant_id: int) -> bool:
    """A marked person needs a reason before it is read (once per person and session): True = go on."""
    with db.reading() as s:
        if protected.reason_for(s, participant_id):  # given before (this session), or --reason
            return True
        if participant_id not in protected.protected_ids(s, [participant_id]):
            return True
    dialog = ReasonDialog(parent)
    if parent is not None:
        parent.reason_dialog = dialog  # tests answer it
    if dialog.exec() != QDialog.Accepted:
        return False
    with db.reading() as s:
        protected.give_reason(s, dialog.text(), participant_id)
    return True


class MarkDialog(QDialog):
    """Set, change or remove the mark. A coach may set a new mark; changing or removing it is for
    an administrator (the service refuses otherwise; the dialog only shows what it would refuse)."""

    def __init__(self, parent: QWidget | None, db: Database, participant_id: int):
        super().__init__(parent)
        self.db = db
        self.participant_id = participant_id
        self.setWindowTitle(tr("Skyddade personuppgifter"))
        with db.reading() as s:
            self.mark = protected.get_mark(s, participant_id)
            members = staff_service.list_staff(s)
        actor = db.actor
        self.editable = actor.can_write and (self.mark is None or actor.is_admin)
        self.kind = QComboBox()
        for code, label in protected.KINDS.items():
            self.kind.addItem(tr(label), code)
        self.marked_on = DateField()
        self.marked_on.set_value(self.mark.marked_on if self.mark else date.today())
        if self.mark:
            self.kind.setCurrentIndex(max(self.kind.findData(self.mark.kind), 0))
        self.staff = QListWidget()
        self.staff.setAccessibleName(tr("Personal som ser kontaktuppgifterna"))
        named = {i for i, _n in self.mark.staff} if self.mark else ({actor.staff_id} if actor.staff_id else set())
        from ame_desktop.domain.actor import ROLE_CASEWORKER

        for m in members:
            if m.role == ROLE_CASEWORKER and m.id not in named:
                continue  # a caseworker account never sees the register
            item = QListWidgetItem(m.name if m.username else tr("{name} (inget konto – ser inget)").format(name=m.name))
            item.setData(Qt.UserRole, m.id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if m.id in named else Qt.Unchecked)
            self.staff.addItem(item)
        row = self.staff.sizeHintForRow(0) if self.staff.count() else 18
        self.staff.setFixedHeight(min(max(self.staff.count(), 3), 8) * row + 8)
        self.info = user_label("")
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: #555;")
        if self.mark:
            self.info.setText(tr("Registrerad av {who} {when}. I exporter som lämnar enheten: {p}.").format(
                who=self.mark.registered_by, when=self.mark.registered_at.strftime("%Y-%m-%d"), p=self.mark.pseudonym))
        else:
            self.info.setText(tr("Adress, telefon och e-post visas bara för den personal du kryssar i (de behöver ett "
                                 "konto). Personen tas inte med i utskrifter för många och visas med pseudonym i "
                                 "exporter som lämnar enheten. Varje läsning loggas med skäl."))
        if not self.editable:
            for w in (self.kind, self.marked_on, self.staff):
                w.setEnabled(False)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText(tr("Spara markering"))
        self.buttons.button(QDialogButtonBox.Cancel).setText(tr("Stäng"))
        self.buttons.button(QDialogButtonBox.Save).setVisible(self.editable)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.remove_button = QPushButton(tr("Ta bort markeringen"))
        self.remove_button.clicked.connect(self.remove)
        self.buttons.addButton(self.remove_button, QDialogButtonBox.DestructiveRole)
        self.remove_button.setVisible(self.mark is not None and actor.is_admin)  # after addButton, which shows it
        from ame_desktop.ui.common import heading

        form = QFormLayout()
        for text, widget in ((tr("&Typ"), self.kind), (tr("&Gäller från"), self.marked_on),
                             (tr("&Ser kontaktuppgifterna"), self.staff)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Skyddade personuppgifter"), 12))
        layout.addLayout(form)
        layout.addWidget(self.info)
        if self.mark is not None and not actor.is_admin:
            note = user_label(tr("Bara en administratör kan ändra eller ta bort markeringen."))
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        (self.kind if self.editable else self.buttons.button(QDialogButtonBox.Cancel)).setFocus(Qt.OtherFocusReason)

    def chosen_staff(self) -> list[int]:
        return [self.staff.item(i).data(Qt.UserRole) for i in range(self.staff.count())
                if self.staff.item(i).checkState() == Qt.Checked]

    def save(self) -> None:
        self.error.show_message("")
        try:
            with self.db.transaction() as s:
                protected.set_mark(s, self.participant_id, self.kind.currentData(), self.marked_on.value(),
                                   self.chosen_staff())
        except ValidationError as exc:
            self.error.show_message("\n".join(e.message for e in exc.errors))
            return
        except AmeError as exc:
            show_error(self, exc)
            return
        self.accept()

    def remove(self) -> None:
        if QMessageBox.question(self, tr("Ta bort markeringen"),
                                tr("Ta bort markeringen för skyddade personuppgifter? Kontaktuppgifterna visas då "
                                   "för alla som ser personen.")) != QMessageBox.Yes:
            return
        try:
            with self.db.transaction() as s:
                protected.remove_mark(s, self.participant_id)
        except AmeError as exc:
            show_error(self, exc)
            return
        self.accept()


def prepare_screenshot(win, view: str):
    """`screenshot protected` / `protected-mark`: the first person with protected identity the
    account sees, opened in the participant view (the read needs --reason, like every read); for
    `protected-mark` the mark dialog too (returned, drawn over the window)."""
    from ame_desktop.domain.errors import UserError

    db = win.db
    with db.reading() as s:
        ids = sorted(protected.protected_ids(s))
        if not ids:
            raise UserError("Ingen person med skyddade personuppgifter finns (markera en med ame-desktop protect).")
        if not protected.reason_for(s, ids[0]):
            raise UserError("Personen har skyddade personuppgifter: ange skäl för att läsa uppgifterna "
                            "(--reason ”…”). Skälet skrivs i loggen.")
    win.participants.open_participant(ids[0])
    if view != "protected-mark":
        return None
    dialog = MarkDialog(win, db, ids[0])
    dialog.show()
    return dialog
