"""The participant view's AF-kontakter tab: this person's contacts with Arbetsförmedlingen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ame_desktop.domain import words
from ame_desktop.services import af_contacts as af
from ame_desktop.store.database import Database
from ame_desktop.ui.af_contact_dialog import ContactDialog, delete_contact, mark_done
from ame_desktop.ui.af_contacts_model import ContactTableModel, _table_view, fit_contact_columns
from ame_desktop.ui.common import tr


class ContactsTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.participant_id: int | None = None
        self.dialog: ContactDialog | None = None
        self.model = ContactTableModel(self, with_person=False)
        self.table = _table_view(self.model)
        self.table.doubleClicked.connect(lambda _i: self.edit_contact())
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.RichText)
        self.new_button = QPushButton(tr("Ny kontakt…"))
        self.new_button.clicked.connect(self.new_contact)
        self.edit_button = QPushButton(tr("Ändra…"))
        self.edit_button.clicked.connect(self.edit_contact)
        self.done_button = QPushButton(tr("Uppföljning klar"))
        self.done_button.clicked.connect(self.mark_done)
        self.delete_button = QPushButton(tr("Ta bort"))
        self.delete_button.clicked.connect(self.delete_contact)
        # Two rows of buttons: the participant view is often narrow.
        row = QGridLayout()
        row.addWidget(self.new_button, 0, 0)
        row.addWidget(self.edit_button, 0, 1)
        row.addWidget(self.done_button, 1, 0)
        row.addWidget(self.delete_button, 1, 1)
        row.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        for key in (Qt.Key_Return, Qt.Key_Enter):
            sc = QShortcut(QKeySequence(key), self.table)
            sc.setContext(Qt.WidgetShortcut)
            sc.activated.connect(self.edit_contact)

    def load(self, participant_id: int | None) -> None:
        self.participant_id = participant_id
        if participant_id is None:
            self.model.set_contacts([])
            self.summary.setText("")
            self._update_buttons()
            return
        with self.db.reading() as s:
            rows = af.list_contacts(s, af.ContactFilter(participant_id=participant_id))
            documented, on = af.consent_on_file(s, participant_id)
        self.model.set_contacts(rows)
        fit_contact_columns(self.model, self.table)
        open_ = sum(1 for r in rows if r.follow_up in (af.FOLLOW_PLANNED, af.FOLLOW_DUE_TODAY, af.FOLLOW_LATE))
        late = sum(1 for r in rows if r.follow_up == af.FOLLOW_LATE)
        if documented:
            consent = tr("Samtycke till informationsdelning dokumenterat") + (f" {on.isoformat()}" if on else "") + "."
        else:
            consent = "<span style='color:#b00020'>" + tr("Inget dokumenterat samtycke till informationsdelning.") \
                + "</span>"
        text = tr("{n}, {open}").format(n=words.count(len(rows), "kontakt", "kontakter"),
                                      open=words.count(open_, "öppen uppföljning", "öppna uppföljningar"))
        if late:
            text += " " + tr("(<span style='color:#b00020'>{late} försenade</span>)").format(late=late)
        self.summary.setText(text + ". " + consent)
        self._update_buttons()

    def selected(self) -> af.ContactRow | None:
        index = self.table.currentIndex()
        return self.model.contact(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        r = self.selected()
        write = self.db.actor.can_write
        self.new_button.setEnabled(write and self.participant_id is not None)
        self.edit_button.setEnabled(write and r is not None)
        self.delete_button.setEnabled(write and r is not None)
        self.done_button.setEnabled(write and r is not None and r.follow_up_on is not None
                                    and r.follow_up_done_on is None)

    def _open(self, contact_id: int | None) -> ContactDialog:
        self.dialog = ContactDialog(self, self.db, contact_id, self.participant_id if contact_id is None else None)
        self.dialog.accepted.connect(lambda: self.load(self.participant_id))
        self.dialog.open()
        return self.dialog

    def new_contact(self) -> ContactDialog | None:
        if self.participant_id is None or not self.db.actor.can_write:
            return None
        return self._open(None)

    def edit_contact(self) -> ContactDialog | None:
        r = self.selected()
        return self._open(r.id) if r is not None and self.db.actor.can_write else None

    def mark_done(self) -> None:
        if mark_done(self, self.db, self.selected()):
            self.load(self.participant_id)

    def delete_contact(self) -> None:
        if delete_contact(self, self.db, self.selected()):
            self.load(self.participant_id)
