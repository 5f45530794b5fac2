"""AF-kontakter: the dialog that logs or edits a contact, and the 'follow-up done' and 'remove'
actions the page and the participant's tab share."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from ame_desktop.domain.af_codes import CATEGORY_HELP, CATEGORY_LABELS, CHANNEL_LABELS
from ame_desktop.domain.errors import AmeError, ValidationError
from ame_desktop.services import af_contacts as af
from ame_desktop.services import staff as staff_service
from ame_desktop.store.database import Database
from ame_desktop.ui.common import DateField, show_error, tr
from ame_desktop.ui.record_dialog import RecordDialog
from ame_desktop.ui.participant_picker import ParticipantPicker


def _plain_text(lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field of the form
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


# -- the dialog ----------------------------------------------------------------------------------------
class ContactDialog(RecordDialog):
    """Log a new contact or change one. Ctrl+S or Enter in a one-line field saves."""

    def __init__(self, parent: QWidget | None, db: Database, contact_id: int | None = None,
                 participant_id: int | None = None):
        self.db = db
        self.contact_id = contact_id
        title = tr("Ny kontakt med Arbetsförmedlingen") if contact_id is None else tr("Ändra kontakt")
        super().__init__(parent, title, self._save)
        with db.reading() as s:
            current = af.get_contact(s, contact_id) if contact_id is not None else None
            members = staff_service.list_staff(s)
            offices = af.known_offices(s)
            people = af.known_af_people(s)
            consent = af.consent_on_file(s, participant_id) if participant_id is not None else (False, None)
            person_staff = self._staff_of(s, participant_id)

        self.date = DateField()
        self.time = QLineEdit()
        self.time.setPlaceholderText(tr("TT:MM"))
        self.time.setMaxLength(5)
        self.picker = ParticipantPicker(db)
        self.staff = QComboBox()
        self.staff.addItem(tr("(ingen)"), None)
        for m in members:
            self.staff.addItem(m.name, m.id)
        self.category = QComboBox()
        self.category.addItem(tr("Välj kategori…"), None)
        for code, label in CATEGORY_LABELS.items():
            self.category.addItem(tr(label), code)
            self.category.setItemData(self.category.count() - 1, tr(CATEGORY_HELP.get(code, "")), Qt.ToolTipRole)
        self.channel = QComboBox()
        for code, label in CHANNEL_LABELS.items():
            self.channel.addItem(tr(label), code)
        self.af_person = QLineEdit()
        self.af_person.setCompleter(self._completer(people))
        self.af_office = QLineEdit()
        self.af_office.setCompleter(self._completer(offices))
        self.af_office.setPlaceholderText(tr("t.ex. Arbetsförmedlingen Västervik"))
        self.consent = QCheckBox(tr("Samtycke till informationsdelning är dokumenterat"))
        self.consent_on = DateField()
        self.consent_on.setPlaceholderText(tr("ÅÅÅÅ-MM-DD (dagen samtycket dokumenterades)"))
        self.consent_warning = QLabel(tr("Utan dokumenterat samtycke loggas kontakten men flaggas."))
        self.consent_warning.setStyleSheet("color: #8a5300;")
        self.consent_warning.setWordWrap(True)
        self.question = _plain_text()
        self.outcome = _plain_text()
        self.follow_up = DateField()
        self.follow_up.setPlaceholderText(tr("ÅÅÅÅ-MM-DD (tomt = ingen uppföljning)"))
        follow_note = QLabel(tr("AF ringer ofta tillbaka: sätt en dag då kontakten ska följas upp."))
        follow_note.setStyleSheet("color: #555;")
        self.follow_up_done = DateField()
        self.follow_up_done.setPlaceholderText(tr("ÅÅÅÅ-MM-DD (tomt = inte klar)"))

        self._field("contact_date", tr("&Datum"), self.date)
        self._field("contact_time", tr("T&id"), self.time)
        self._field("participant_id", tr("D&eltagare"), self.picker)
        self.fields["participant_id"] = (self.picker.edit, self.fields["participant_id"][1])
        self._field("staff_id", tr("&Handledare"), self.staff)
        self._field("category", tr("&Kategori"), self.category)
        self._field("channel", tr("K&anal"), self.channel)
        self._field("af_person", tr("AF-kontakt&person"), self.af_person)
        self._field("af_office", tr("AF-k&ontor"), self.af_office)
        self._field("consent_documented", tr("&Samtycke"), self.consent, self.consent_warning)
        self._field("consent_on", tr("Samtycke da&tum"), self.consent_on)
        self._field("question", tr("&Fråga"), self.question)
        self._field("outcome", tr("&Utfall"), self.outcome)
        self._field("follow_up_on", tr("Uppföljni&ng"), self.follow_up, follow_note)
        self._field("follow_up_done_on", tr("Uppföljning k&lar"), self.follow_up_done)
        self.setMinimumWidth(560)

        now = datetime.now()
        if current is not None:
            self.date.set_value(current.contact_at.date())
            self.time.setText(f"{current.contact_at:%H:%M}")
            self.picker.set_participant(current.participant_id)
            self._set(self.staff, current.staff_id)
            self._set(self.category, current.category)
            self._set(self.channel, current.channel)
            self.af_person.setText(current.af_person or "")
            self.af_office.setText(current.af_office or "")
            self.consent.setChecked(current.consent_documented)
            self.consent_on.set_value(current.consent_on)
            self.question.setPlainText(current.question or "")
            self.outcome.setPlainText(current.outcome or "")
            self.follow_up.set_value(current.follow_up_on)
            self.follow_up_done.set_value(current.follow_up_done_on)
        else:
            self.date.set_value(now.date())
            self.time.setText(f"{now:%H:%M}")
            if participant_id is not None:
                self.picker.set_participant(participant_id)
                self._set(self.staff, person_staff)
                self.consent.setChecked(consent[0])
                self.consent_on.set_value(consent[1])
        self.picker.changed.connect(self._participant_changed)
        self.consent.toggled.connect(lambda _on: self._update_warning())
        self._update_warning()
        save = QShortcut(QKeySequence("Ctrl+S"), self)
        save.activated.connect(self.try_save)

    def _field(self, key: str, label: str, widget: QWidget, note: QWidget | None = None) -> None:
        self.add_field(key, label, widget, note)
        # The label's Alt+letter focuses the field itself, not its box.
        widget.parentWidget().setFocusProxy(widget)

    @staticmethod
    def _completer(words: list[str]) -> QCompleter:
        c = QCompleter(words)
        c.setCaseSensitivity(Qt.CaseInsensitive)
        c.setFilterMode(Qt.MatchContains)
        return c

    @staticmethod
    def _set(box: QComboBox, value) -> None:
        i = box.findData(value)
        box.setCurrentIndex(i if i >= 0 else 0)

    @staticmethod
    def _staff_of(s, participant_id: int | None) -> int | None:
        if participant_id is None:
            return None
        from ame_desktop.domain.errors import NotFoundError
        from ame_desktop.services.participants import get_participant

        try:
            return get_participant(s, participant_id).staff_id  # visibility checked
        except NotFoundError:
            return None

    def _participant_changed(self) -> None:
        pid = self.picker.participant_id
        if pid is not None and self.contact_id is None:
            with self.db.reading() as s:
                documented, on = af.consent_on_file(s, pid)
                person_staff = self._staff_of(s, pid)
            if self.staff.currentData() is None:
                self._set(self.staff, person_staff)
            if documented and not self.consent.isChecked():
                self.consent.setChecked(True)
                self.consent_on.set_value(on)
        self._update_warning()

    def _update_warning(self) -> None:
        person = self.picker.participant_id is not None or bool(self.picker.edit.text().strip())
        self.consent_warning.setVisible(person and not self.consent.isChecked())

    _warned: tuple | None = None

    def _check_consent_register(self, data: af.ContactInput) -> None:
        """Issue 24: warn (once, at the consent field) when the consent register has no AF consent
        in force on the contact's day; Save again saves the contact, flagged."""
        from ame_desktop.domain import rules
        from ame_desktop.services import consent as consent_register

        try:
            day = rules.a_date(data.contact_date)
        except ValueError:
            return  # the service names the date
        key = (data.participant_id, day, bool(data.consent_documented))
        if data.participant_id is None or key == self._warned:
            return
        with self.db.reading() as s:
            warning = consent_register.af_warning(s, data.participant_id, day, bool(data.consent_documented))
        if warning:
            self._warned = key
            self.consent_warning.setVisible(False)  # the register's message says it all
            raise ValidationError.single("consent_documented", warning + " " + tr("Tryck Spara igen för att "
                                                                                  "spara ändå."))

    def values(self) -> af.ContactInput:
        return af.ContactInput(
            contact_date=self.date.value(), contact_time=self.time.text().strip() or None,
            channel=self.channel.currentData(), category=self.category.currentData(),
            staff_id=self.staff.currentData(), participant_id=self.picker.value(),
            af_person=self.af_person.text(), af_office=self.af_office.text(),
            consent_documented=self.consent.isChecked(), consent_on=self.consent_on.value(),
            question=self.question.toPlainText(), outcome=self.outcome.toPlainText(),
            follow_up_on=self.follow_up.value(), follow_up_done_on=self.follow_up_done.value())

    def _save(self):
        data = self.values()
        self._check_consent_register(data)
        with self.db.transaction() as s:
            if self.contact_id is None:
                c = af.add_contact(s, data)
            else:
                c = af.update_contact(s, self.contact_id, data)
            return c.id


def mark_done(parent: QWidget, db: Database, row: af.ContactRow | None) -> bool:
    """The selected contact's follow-up is done today. True if something changed."""
    if row is None:
        return False
    if row.follow_up_on is None:
        QMessageBox.information(parent, tr("Uppföljning"), tr("Kontakten har ingen uppföljning."))
        return False
    if row.follow_up_done_on is not None:
        return False
    try:
        with db.transaction() as s:
            af.mark_follow_up_done(s, row.id)
    except AmeError as exc:
        show_error(parent, exc)
        return False
    return True


def delete_contact(parent: QWidget, db: Database, row: af.ContactRow | None) -> bool:
    if row is None:
        return False
    if QMessageBox.question(parent, tr("Ta bort kontakt"),
                            tr("Ta bort kontakten {when} ur loggen? Det går inte att ångra.").format(
                                when=f"{row.contact_at:%Y-%m-%d %H:%M}")) != QMessageBox.Yes:
        return False
    try:
        with db.transaction() as s:
            af.delete_contact(s, row.id)
    except AmeError as exc:
        show_error(parent, exc)
        return False
    return True
