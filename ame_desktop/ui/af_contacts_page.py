"""AF-kontakter: the contact log with Arbetsförmedlingen, its filters and follow-ups, the period's
summary and the export; the dialog that logs a contact; the start-up reminder of due follow-ups."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.ui import file_dialogs
from ame_desktop.domain import words
from ame_desktop.domain.af_codes import CATEGORY_HELP, CATEGORY_LABELS, CHANNEL_LABELS
from ame_desktop.domain.errors import AmeError, UserError, ValidationError
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import af_contacts as af
from ame_desktop.services import participant_list as pl
from ame_desktop.services import staff as staff_service
from ame_desktop.store.database import Database
from ame_desktop.ui.common import DateField, heading, show_error, tr
from ame_desktop.ui.list_model import ListTableModel
from ame_desktop.ui.record_dialog import RecordDialog
from ame_desktop.ui.workers import run_in_background

MONTHS_SHORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
RED, AMBER, GREY = QColor("#b00020"), QColor("#fff3cd"), QColor("#666666")
LATE_BG = QColor("#f8d7da")
BANNER_STYLE = "QLabel#banner { background: #fff3cd; border: 1px solid #e0c36c; border-radius: 3px; padding: 4px 8px; }"
FOREGROUND, BACKGROUND, TOOLTIP = (int(r.value) for r in (Qt.ForegroundRole, Qt.BackgroundRole, Qt.ToolTipRole))

PERIOD_LAST_12, PERIOD_THIS_MONTH, PERIOD_LAST_MONTH, PERIOD_THIS_YEAR, PERIOD_LAST_YEAR, PERIOD_OWN = (
    "12m", "month", "last_month", "year", "last_year", "own")


def period_for(kind: str, today: date) -> tuple[date, date] | None:
    """The dates of a period choice (None = the user's own dates)."""
    first_of_month = today.replace(day=1)
    if kind == PERIOD_LAST_12:
        start = (first_of_month - timedelta(days=335)).replace(day=1)
        return start, today
    if kind == PERIOD_THIS_MONTH:
        return first_of_month, today
    if kind == PERIOD_LAST_MONTH:
        end = first_of_month - timedelta(days=1)
        return end.replace(day=1), end
    if kind == PERIOD_THIS_YEAR:
        return date(today.year, 1, 1), today
    if kind == PERIOD_LAST_YEAR:
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return None


def who_text(r: af.ContactRow) -> str:
    if r.participant_id is None:
        return tr("Strategisk kontakt")
    return r.name


def consent_text(r: af.ContactRow) -> str:
    if r.participant_id is None:
        return "–"
    if r.consent_missing:
        return tr("Saknas")
    return tr("Ja") + (f" {r.consent_on.isoformat()}" if r.consent_on else "")


def follow_text(r: af.ContactRow) -> str:
    if r.follow_up_on is None:
        return ""
    if r.follow_up_done_on is not None:
        return tr("klar {done} ({n} d)").format(done=r.follow_up_done_on.isoformat(), n=r.days_to_done)
    return f"{r.follow_up_on.isoformat()} {tr(af.FOLLOW_LABELS[r.follow_up]).lower()}"


# -- table models --------------------------------------------------------------------------------
class ContactTableModel(ListTableModel):
    """The log: one row per contact; late follow-ups and missing consent stand out."""

    COLUMNS = ("when", "who", "category", "follow", "consent", "staff", "channel", "question")

    def __init__(self, parent=None, with_person: bool = True):
        self.with_person = with_person
        titles = {"when": tr("Datum"), "who": tr("Deltagare"), "staff": tr("Handledare"), "category": tr("Kategori"),
                  "channel": tr("Kanal"), "office": tr("AF-kontor"), "consent": tr("Samtycke"),
                  "follow": tr("Uppföljning"), "question": tr("Fråga / utfall")}
        self.columns = [c for c in self.COLUMNS if with_person or c != "who"]
        super().__init__([titles[c] for c in self.columns], parent=parent)
        self.contacts: list[af.ContactRow] = []

    def set_contacts(self, contacts: list[af.ContactRow]) -> None:
        self.contacts = contacts
        self.set_rows([self._row(r) for r in contacts])

    def _row(self, r: af.ContactRow) -> tuple:
        text = " · ".join(x for x in (r.question, r.outcome) if x)
        # Without the person column the table sits in the narrow participant view: date only.
        when = f"{r.contact_at:%Y-%m-%d %H:%M}" if self.with_person else r.contact_day.isoformat()
        values = {"when": when, "who": who_text(r), "staff": r.staff,
                  "category": tr(r.category_label), "channel": tr(r.channel_label), "office": r.af_office or "",
                  "consent": consent_text(r), "follow": follow_text(r), "question": text.replace("\n", " ")}
        return tuple(values[c] for c in self.columns)

    def contact(self, row: int) -> af.ContactRow | None:
        return self.contacts[row] if 0 <= row < len(self.contacts) else None

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        role = role if type(role) is int else int(role.value)
        column = self.columns[index.column()]
        r = self.contacts[index.row()]
        if role == FOREGROUND:
            if column == "consent" and r.consent_missing:
                return RED
            if column == "who" and r.participant_id is None:
                return GREY
            return None
        if role == BACKGROUND and column == "follow":
            if r.follow_up == af.FOLLOW_LATE:
                return LATE_BG
            if r.follow_up == af.FOLLOW_DUE_TODAY:
                return AMBER
            return None
        if role == TOOLTIP:
            if column == "consent" and r.consent_missing:
                return tr("Samtycke till informationsdelning var inte dokumenterat vid kontakten.")
            if column == "question":
                parts = []
                if r.question:
                    parts.append(tr("Fråga: ") + r.question)
                if r.outcome:
                    parts.append(tr("Utfall: ") + r.outcome)
                if r.af_person or r.af_office:
                    parts.append(tr("AF: ") + ", ".join(x for x in (r.af_person, r.af_office) if x))
                return "\n".join(parts)
        return super().data(index, role)


def fit_contact_columns(model: ContactTableModel, view: QTableView) -> None:
    """Widths from the first rows, capped so the free text (last, stretched) stays in view."""
    model.fit_columns(view, sample_rows=100)
    caps = {"when": 125, "who": 155, "category": 170, "staff": 115, "channel": 100, "follow": 155, "consent": 105}
    for c, name in enumerate(model.columns):
        if name in caps:
            view.setColumnWidth(c, min(view.columnWidth(c), caps[name]))
    view.setColumnWidth(len(model.columns) - 1, 120)  # the last one stretches over what is left


def _table_view(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    return view


# -- the participant picker ------------------------------------------------------------------------
class ParticipantPicker(QWidget):
    """Pick a participant by typing part of a name or personnummer: arrow down into the hits,
    Enter picks. Empty = no participant (a strategic contact)."""

    changed = Signal()
    MAX_HITS = 30

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.participant_id: int | None = None
        self.label = ""
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(tr("Sök namn eller personnummer – tomt = strategisk kontakt"))
        self.edit.setClearButtonEnabled(True)
        self.hits = QListWidget()
        self.hits.setMaximumHeight(self.fontMetrics().height() * 7)
        self.hits.hide()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.hits)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._edited)
        self.edit.installEventFilter(self)
        self.hits.itemActivated.connect(self._pick)
        self.hits.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.KeyPress:
            key = event.key()
            if obj is self.edit and key == Qt.Key_Down and self.hits.isVisible() and self.hits.count():
                self.hits.setFocus()
                self.hits.setCurrentRow(0)
                return True
            if obj is self.edit and key in (Qt.Key_Return, Qt.Key_Enter):
                if self.timer.isActive():  # typed faster than the search delay: search now
                    self.timer.stop()
                    self.search()
                if self.hits.isVisible() and self.hits.count() >= 1:  # Enter takes the first hit
                    self._pick(self.hits.item(0))
                    return True
                if self.edit.text().strip() and self.participant_id is None:
                    return True  # nobody picked yet: Enter must not save the dialog
            if obj is self.hits and key in (Qt.Key_Return, Qt.Key_Enter):
                item = self.hits.currentItem() or self.hits.item(0)
                if item is not None:
                    self._pick(item)
                return True  # picking a person never saves the dialog
            if obj is self.hits and key == Qt.Key_Escape:
                self.hits.hide()
                self.edit.setFocus()
                return True
            if obj is self.hits and key == Qt.Key_Up and self.hits.currentRow() == 0:
                self.edit.setFocus()
                return True
        return super().eventFilter(obj, event)

    def _edited(self, text: str) -> None:
        if self.participant_id is not None:
            self.participant_id = None
            self.label = ""
            self.changed.emit()
        if not text.strip():
            self.hits.hide()
            return
        self.timer.start()

    def search(self) -> None:
        text = self.edit.text().strip()
        if len(text) < 2:
            self.hits.hide()
            return
        problem = None
        try:
            with self.db.reading() as s:
                ids = pl.matching_ids(s, pl.ListFilter(text=text))[: self.MAX_HITS]
                rows = pl.list_rows(s, ids)
        except UserError as exc:  # e.g. a search of a thousand words
            ids, rows, problem = [], {}, exc.message
        self.hits.clear()
        if problem:
            item = QListWidgetItem(problem)
            item.setFlags(Qt.NoItemFlags)
            self.hits.addItem(item)
            self.hits.setVisible(True)
            return
        for pid in ids:
            r = rows[pid]
            item = QListWidgetItem(f"{r.name} ({format_digits(r.personnummer)})")
            item.setData(Qt.UserRole, pid)
            self.hits.addItem(item)
        if not ids:
            item = QListWidgetItem(tr("Ingen deltagare matchar."))
            item.setFlags(Qt.NoItemFlags)
            self.hits.addItem(item)
        self.hits.setVisible(True)

    def _pick(self, item: QListWidgetItem) -> None:
        pid = item.data(Qt.UserRole)
        if pid is None:
            return
        self.set_participant(pid)
        self.hits.hide()
        self.changed.emit()
        self.edit.setFocus()
        self.focusNextChild()

    def set_participant(self, participant_id: int | None) -> None:
        self.participant_id = participant_id
        if participant_id is None:
            self.label = ""
        else:
            from ame_desktop.services.participants import get_participant

            with self.db.reading() as s:
                p = get_participant(s, participant_id)
            self.label = f"{p.last_name}, {p.first_name} ({format_digits(p.personnummer)})"
        self.edit.setText(self.label)
        self.hits.hide()

    def value(self) -> int | None:
        """The picked person; raises a field error when a search was typed but nobody picked."""
        if self.participant_id is None and self.edit.text().strip():
            raise ValidationError.single("participant_id", tr(
                "Välj deltagaren i listan under fältet (pil ned, Enter) – "
                "eller töm fältet för en strategisk kontakt."))
        return self.participant_id


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


# -- the page -------------------------------------------------------------------------------------------
class AfContactsPage(QWidget):
    open_participant = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self._today = today
        self.dialog: ContactDialog | None = None

        # -- reminder banner ----------------------------------------------------------------------
        self.banner = QLabel("")
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner_button = QPushButton(tr("Visa uppföljningarna"))
        self.banner_button.clicked.connect(self.show_due_follow_ups)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.banner_button)
        self.banner_box = QWidget()
        self.banner_box.setLayout(banner_row)
        banner_row.setContentsMargins(0, 0, 0, 0)
        self.banner_box.hide()

        # -- filters ---------------------------------------------------------------------------------
        self.period = QComboBox()
        for value, text in ((PERIOD_LAST_12, tr("Senaste 12 månaderna")), (PERIOD_THIS_MONTH, tr("Denna månad")),
                            (PERIOD_LAST_MONTH, tr("Förra månaden")), (PERIOD_THIS_YEAR, tr("I år")),
                            (PERIOD_LAST_YEAR, tr("Förra året")), (PERIOD_OWN, tr("Egna datum"))):
            self.period.addItem(text, value)
        self.date_from = DateField()
        self.date_to = DateField()
        for f in (self.date_from, self.date_to):
            f.setPlaceholderText(tr("ÅÅÅÅ-MM-DD"))
            f.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 24)
        self.category_filter = QComboBox()
        self.category_filter.addItem(tr("Alla kategorier"), None)
        for code, label in CATEGORY_LABELS.items():
            self.category_filter.addItem(tr(label), code)
        self.staff_filter = QComboBox()
        self.who_filter = QComboBox()
        self.who_filter.addItem(tr("Alla kontakter"), None)
        self.who_filter.addItem(tr("Strategiska (utan deltagare)"), af.NO_PARTICIPANT)
        self.follow_filter = QComboBox()
        for value, text in ((None, tr("Alla uppföljningar")), (af.OPEN, tr("Öppna uppföljningar")),
                            (af.DUE, tr("Att göra (i dag och försenade)")), (af.LATE, tr("Försenade"))):
            self.follow_filter.addItem(text, value)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Sök i loggen: namn, personnummer, text (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(200)
        self.search_timer.timeout.connect(self.load_log)
        self.period_error = QLabel("")
        self.period_error.setStyleSheet("color: #b00020;")

        row1 = QHBoxLayout()
        row1.addWidget(QLabel(tr("Period:")))
        row1.addWidget(self.period)
        row1.addWidget(self.date_from)
        row1.addWidget(QLabel("–"))
        row1.addWidget(self.date_to)
        row1.addWidget(self.period_error)
        row1.addSpacing(12)
        row1.addWidget(self.search, 1)
        row2 = QHBoxLayout()
        for w in (self.category_filter, self.staff_filter, self.who_filter, self.follow_filter):
            row2.addWidget(w)
        row2.addStretch(1)

        # -- the log -----------------------------------------------------------------------------------
        self.model = ContactTableModel(self)
        self.table = _table_view(self.model)
        self.table.doubleClicked.connect(lambda _i: self.edit_contact())
        self.count_label = QLabel("")
        self.count_label.setStyleSheet("color: #555;")
        self.new_button = QPushButton(tr("Ny kontakt… (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_contact)
        self.edit_button = QPushButton(tr("Ändra…"))
        self.edit_button.clicked.connect(self.edit_contact)
        self.done_button = QPushButton(tr("Uppföljning klar"))
        self.done_button.setToolTip(tr("Markera den valda kontaktens uppföljning som klar i dag (Ctrl+K)."))
        self.done_button.clicked.connect(self.mark_done)
        self.delete_button = QPushButton(tr("Ta bort"))
        self.delete_button.clicked.connect(self.delete_contact)
        self.person_button = QPushButton(tr("Öppna deltagaren"))
        self.person_button.clicked.connect(self._open_person)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.done_button, self.delete_button, self.person_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        log_box = QWidget()
        ll = QVBoxLayout(log_box)
        ll.setContentsMargins(4, 4, 4, 4)
        ll.addLayout(buttons)
        ll.addWidget(self.table, 1)

        # -- summary and export ------------------------------------------------------------------------
        # The period's figures stay in view above the tabs; the tables have a tab of their own so
        # the log keeps the height of the window.
        self.figures = QLabel("")
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.RichText)
        self.category_model = ListTableModel([tr("Kategori")], parent=self)
        self.category_view = _table_view(self.category_model)
        self.category_view.setSelectionMode(QAbstractItemView.NoSelection)
        self.category_view.setAlternatingRowColors(False)
        self.channel_model = ListTableModel([tr("Kanal"), tr("Antal")], parent=self)
        self.channel_view = _table_view(self.channel_model)
        self.channel_view.setSelectionMode(QAbstractItemView.NoSelection)
        self.channel_view.setAlternatingRowColors(False)
        self.summary_note = QLabel("")
        self.summary_note.setWordWrap(True)
        self.summary_note.setStyleSheet("color: #555;")
        summary_box = QWidget()
        sl = QVBoxLayout(summary_box)
        sl.setContentsMargins(4, 4, 4, 4)
        tables = QHBoxLayout()
        tables.addWidget(self.category_view, 4)
        tables.addWidget(self.channel_view, 1)
        sl.addLayout(tables, 1)
        sl.addWidget(self.summary_note)

        self.tabs = QTabWidget()
        self.tabs.addTab(log_box, tr("&Logg"))
        self.tabs.addTab(summary_box, tr("&Sammanställning"))

        self.pseudonymous = QCheckBox(tr("Pseudonymiserad (utan personnummer, namn och fritext)"))
        self.export_xlsx = QPushButton(tr("Exportera Excel…"))
        self.export_xlsx.clicked.connect(lambda: self.export(".xlsx"))
        self.export_pdf = QPushButton(tr("Exportera PDF…"))
        self.export_pdf.clicked.connect(lambda: self.export(".pdf"))
        self.export_status = QLabel("")
        self.export_status.setStyleSheet("color: #555;")
        export_row = QHBoxLayout()
        export_row.addWidget(QLabel(tr("Export av perioden (logg och sammanställning):")))
        export_row.addWidget(self.pseudonymous)
        export_row.addWidget(self.export_xlsx)
        export_row.addWidget(self.export_pdf)
        export_row.addWidget(self.export_status, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(heading(tr("Kontakter med Arbetsförmedlingen")))
        layout.addWidget(self.banner_box)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.figures)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(export_row)

        self.period.currentIndexChanged.connect(lambda _i: self._period_chosen())
        for f in (self.date_from, self.date_to):
            f.editingFinished.connect(self._dates_edited)
        for box in (self.category_filter, self.staff_filter, self.who_filter, self.follow_filter):
            box.currentIndexChanged.connect(lambda _i: self.load_log())
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        # Ctrl+N and Ctrl+F come from the main window's menu, which asks the shown page
        # (new_item / focus_search): a second shortcut for the same keys would be ambiguous.
        for keys, slot in (("Ctrl+K", self.mark_done),):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        for key, slot in ((Qt.Key_Return, self.edit_contact), (Qt.Key_Enter, self.edit_contact),
                          (Qt.Key_Delete, self.delete_contact)):
            sc = QShortcut(QKeySequence(key), self.table)
            sc.setContext(Qt.WidgetShortcut)
            sc.activated.connect(slot)

        self.reload_choices()
        self._period_chosen()

    # -- state ---------------------------------------------------------------------------------------
    @property
    def today(self) -> date:
        return self._today or date.today()

    def reload_choices(self) -> None:
        with self.db.reading() as s:
            members = staff_service.list_staff(s, include_inactive=True)
        current = self.staff_filter.currentData()
        self.staff_filter.blockSignals(True)
        self.staff_filter.clear()
        self.staff_filter.addItem(tr("Alla handledare"), None)
        for m in members:
            self.staff_filter.addItem(m.name, m.id)
        i = self.staff_filter.findData(current)
        self.staff_filter.setCurrentIndex(i if i >= 0 else 0)
        self.staff_filter.blockSignals(False)

    def period_dates(self) -> tuple[date, date] | None:
        """The chosen period, or None (with the reason shown) when the own dates are not valid."""
        from ame_desktop.domain.dates import parse_date

        try:
            start = parse_date(self.date_from.text())
            end = parse_date(self.date_to.text())
        except ValueError as exc:
            self.period_error.setText(str(exc))
            return None
        if start > end:
            self.period_error.setText(tr("Från-datum ligger efter till-datum."))
            return None
        self.period_error.setText("")
        return start, end

    def _period_chosen(self) -> None:
        dates = period_for(self.period.currentData(), self.today)
        if dates is not None:
            self.date_from.set_value(dates[0])
            self.date_to.set_value(dates[1])
        self.load()

    def _dates_edited(self) -> None:
        dates = period_for(self.period.currentData(), self.today)
        if dates != self.period_dates():
            self.period.blockSignals(True)
            self.period.setCurrentIndex(self.period.findData(PERIOD_OWN))
            self.period.blockSignals(False)
        self.load()

    def current_filter(self) -> af.ContactFilter | None:
        dates = self.period_dates()
        if dates is None:
            return None
        return af.ContactFilter(start=dates[0], end=dates[1], category=self.category_filter.currentData(),
                                staff_id=self.staff_filter.currentData(), participant_id=self.who_filter.currentData(),
                                follow_up=self.follow_filter.currentData(), text=self.search.text())

    # -- loading -------------------------------------------------------------------------------------
    def load(self) -> None:
        self.load_log()
        self.load_summary()
        self.update_banner()

    def load_log(self) -> None:
        f = self.current_filter()
        if f is None:
            return
        # Due follow-ups are shown whatever their contact's date: a reminder must not hide.
        if f.follow_up in (af.DUE, af.LATE):
            f = af.ContactFilter(category=f.category, staff_id=f.staff_id, participant_id=f.participant_id,
                                 follow_up=f.follow_up, text=f.text)
        selected = self.selected()
        with self.db.reading() as s:
            rows = af.list_contacts(s, f, today=self.today)
        self.model.set_contacts(rows)
        self._fit_columns()
        if selected is not None:
            for i, r in enumerate(rows):
                if r.id == selected.id:
                    self.table.selectRow(i)
                    break
        text = words.count(len(rows), "kontakt", "kontakter")
        if f.follow_up in (af.DUE, af.LATE):
            text += tr(" (alla datum)")
        self.count_label.setText(text)
        self._update_buttons()

    def _fit_columns(self) -> None:
        fit_contact_columns(self.model, self.table)

    def load_summary(self) -> None:
        dates = self.period_dates()
        if dates is None:
            return
        with self.db.reading() as s:
            rep = af.contact_report(s, dates[0], dates[1], today=self.today)
            # Late now, counted exactly as the reminder at start counts them (every period), so the
            # two never disagree; the period's own figures follow.
            due_now = af.due_follow_ups(s, self.today)
        sm = rep.summary
        median = "–" if sm.median_days_to_done is None else f"{sm.median_days_to_done:g}".replace(".", ",")
        late_now = sum(1 for r in due_now if r.follow_up == af.FOLLOW_LATE)
        late = (f"<span style='color:#b00020'>{late_now}</span>" if late_now else str(late_now))
        consent = (f"<span style='color:#b00020'>{sm.consent_missing}</span>" if sm.consent_missing
                   else str(sm.consent_missing))
        self.figures.setText(tr(
            "<b>{total}</b> kontakter ({people} om deltagare, {strategic} strategiska) · <b>{open}</b> öppna "
            "uppföljningar i perioden · <b>{late}</b> försenade just nu (alla perioder) · median <b>{median}</b> dagar till klar uppföljning "
            "({done} klara) · <b>{consent}</b> utan samtycke").format(
            total=sm.total, people=sm.with_participant, strategic=sm.strategic, open=sm.open_follow_ups, late=late,
            done=sm.done_follow_ups, median=median, consent=consent))
        months = sm.months[-12:]  # the window shows the last 12 months; the export has them all
        self.summary_note.setText(
            (tr("Visar de sista 12 månaderna av perioden; exporten har alla. ") if len(sm.months) > 12 else "")
            + tr("Sammanställningen gäller hela perioden {a} – {b}, oberoende av filtren ovanför loggen.").format(
                a=dates[0].isoformat(), b=dates[1].isoformat()))
        headers = [tr("Kategori")] + [f"{MONTHS_SHORT[int(m[5:]) - 1]}\n{m[:4]}" for m in months] + [tr("Totalt")]
        rows = []
        for code, label in CATEGORY_LABELS.items():
            per_month = sm.by_category_month.get(code, {})
            rows.append((tr(label), *[per_month.get(m, 0) or "" for m in months], sm.by_category.get(code, 0)))
        totals = af.contacts_per_month_total(sm)
        rows.append((tr("Totalt"), *[totals[m] for m in months], sm.total))
        self.category_model.headers = headers
        self.category_model.set_rows(rows)
        fm = self.category_view.fontMetrics()
        self.category_view.setColumnWidth(0, fm.horizontalAdvance("Underrättelse om aktivitetskrav") + 16)
        for c in range(1, len(headers)):
            self.category_view.setColumnWidth(c, fm.horizontalAdvance("0000") + 16)
        self.category_view.horizontalHeader().setStretchLastSection(False)
        self.channel_model.set_rows([(tr(label), sm.by_channel.get(code, 0)) for code, label in CHANNEL_LABELS.items()])
        self.channel_model.fit_columns(self.channel_view)

    def update_banner(self) -> list[af.ContactRow]:
        """Show or hide the reminder banner; returns the due follow-ups."""
        with self.db.reading() as s:
            due = af.due_follow_ups(s, self.today)
        if not due:
            self.banner_box.hide()
            return due
        self.banner.setText(reminder_text(due))
        self.banner_box.show()
        return due

    # -- actions -------------------------------------------------------------------------------------
    def selected(self) -> af.ContactRow | None:
        index = self.table.currentIndex()
        return self.model.contact(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        r = self.selected()
        write = self.db.actor.can_write  # a read-only account sees the log but changes nothing
        self.new_button.setEnabled(write)
        for b in (self.edit_button, self.delete_button):
            b.setEnabled(write and r is not None)
        self.done_button.setEnabled(write and r is not None and r.follow_up_on is not None
                                    and r.follow_up_done_on is None)
        self.person_button.setEnabled(r is not None and r.participant_id is not None)

    def new_item(self) -> None:
        """Ctrl+N on this page (routed by the main window)."""
        self.new_contact()

    def focus_search(self) -> None:
        """Ctrl+F on this page (routed by the main window)."""
        self.search.setFocus()
        self.search.selectAll()

    def new_contact(self, participant_id: int | None = None) -> ContactDialog | None:
        if not self.db.actor.can_write:
            return None
        return self._open_dialog(None, participant_id)

    def edit_contact(self) -> ContactDialog | None:
        r = self.selected()
        if r is None or not self.db.actor.can_write:
            return None
        return self._open_dialog(r.id, None)

    def _open_dialog(self, contact_id: int | None, participant_id: int | None) -> ContactDialog:
        # open(), not exec(): the window stays responsive and tests can drive the dialog.
        self.dialog = ContactDialog(self, self.db, contact_id, participant_id)
        self.dialog.accepted.connect(self._after_change)
        self.dialog.open()
        return self.dialog

    def _after_change(self) -> None:
        self.load()

    def mark_done(self) -> None:
        if mark_done(self, self.db, self.selected()):
            self.load()

    def delete_contact(self) -> None:
        if delete_contact(self, self.db, self.selected()):
            self.load()

    def _open_person(self) -> None:
        r = self.selected()
        if r is not None and r.participant_id is not None:
            self.open_participant.emit(r.participant_id)

    def show_due_follow_ups(self) -> None:
        """The log filtered to follow-ups to do now (late and today), whatever the period."""
        self.follow_filter.setCurrentIndex(self.follow_filter.findData(af.DUE))
        self.load_log()
        self.update_banner()
        if self.model.rowCount():
            self.table.selectRow(0)
            self.table.setFocus()

    def remind(self) -> QMessageBox | None:
        """Update the banner and show the reminder notice (as at start-up)."""
        self.update_banner()
        return show_follow_up_reminder(self.window())

    def export(self, suffix: str) -> None:
        dates = self.period_dates()
        if dates is None:
            return
        pseudo = self.pseudonymous.isChecked()
        name = f"af-kontakter-{dates[0].isoformat()}--{dates[1].isoformat()}" + ("-pseudonymiserad" if pseudo else "")
        filters = tr("Excel-arbetsbok (*.xlsx)") if suffix == ".xlsx" else tr("PDF (*.pdf)")
        path, _ = file_dialogs.getSaveFileName(self, tr("Exportera AF-kontakter"), name + suffix, filters)
        if not path:
            return
        self.start_export(path, dates, pseudo)

    def start_export(self, path: str, dates: tuple[date, date], pseudonymous: bool):
        from ame_desktop.io.af_contacts_export import write_af_contacts
        from ame_desktop.services.settings import get_setting

        db, today = self.db, self.today

        def work(progress, _cancelled):
            progress(tr("Hämtar kontakterna…"), 0.2)
            with db.reading() as s:
                rep = af.contact_report(s, dates[0], dates[1], today=today, for_export=True)
                unit = get_setting(s, "unit_name")
            progress(tr("Skriver filen…"), 0.6)
            written = write_af_contacts(rep, path, pseudonymous=pseudonymous, unit_name=unit)
            from ame_desktop.services.audit import record_export

            record_export(self.db, "af_contacts", {"pseudonym": pseudonymous})
            return written

        def done(out) -> None:
            self.export_status.setText(tr("Sparad: {p}").format(p=out))

        def failed(exc) -> None:
            self.export_status.setText("")
            show_error(self, exc)

        self.export_status.setText(tr("Exporterar…"))
        self.export_job = run_in_background(self, tr("Exporterar AF-kontakterna…"), work, done, failed)
        return self.export_job

    # -- page protocol -------------------------------------------------------------------------------
    def can_leave(self) -> bool:
        return True  # every change is saved by its dialog

    def refresh(self) -> None:
        self.reload_choices()
        if self.period.currentData() != PERIOD_OWN:
            self._period_chosen()  # "today" may have moved on since the page was built
        else:
            self.load()

    def prepare_screenshot(self) -> None:
        """The last 12 months, all contacts, newest first, the first row selected."""
        self.period.setCurrentIndex(self.period.findData(PERIOD_LAST_12))
        self.follow_filter.setCurrentIndex(0)
        self.load()
        self.tabs.setCurrentIndex(0)
        if self.model.rowCount():
            self.table.selectRow(0)


# -- the start-up reminder ------------------------------------------------------------------------------
def reminder_text(due: list[af.ContactRow]) -> str:
    late = sum(1 for r in due if r.follow_up == af.FOLLOW_LATE)
    today = len(due) - late
    parts = []
    if late:
        parts.append(tr("{n} försenade").format(n=late))
    if today:
        parts.append(tr("{n} att göra i dag").format(n=today))
    return tr("Uppföljningar av AF-kontakter: {what}.").format(what=tr(" och ").join(parts))


def reminder_lines(due: list[af.ContactRow], limit: int = 12) -> list[str]:
    lines = []
    for r in due[:limit]:
        state = tr("försenad") if r.follow_up == af.FOLLOW_LATE else tr("i dag")
        who = r.name if r.participant_id is not None else tr("strategisk kontakt")
        lines.append(f"{r.follow_up_on.isoformat()} ({state}) – {who} – {tr(r.category_label)}"
                     + (f" – {r.staff}" if r.staff else ""))
    if len(due) > limit:
        lines.append(tr("… och {n} till.").format(n=len(due) - limit))
    return lines


def keep_keyboard_in(window: QWidget) -> None:
    """A notice shown at start stays on screen above the window, but the keyboard stays in the
    window: what the coach is typing must not land in (or press a button of) the notice."""
    focus = QApplication.focusWidget()

    def back() -> None:
        window.activateWindow()
        if focus is not None and focus.window() is window:
            focus.setFocus()

    QTimer.singleShot(0, back)


def show_follow_up_reminder(window: QWidget, today: date | None = None) -> QMessageBox | None:
    """Tell, without blocking, which follow-ups are due or late (None when there are none).

    A non-modal notice listing them, with a button to the filtered log, and a status-bar message
    when `window` is the main window. Call it once the main window is shown.
    """
    with window.db.reading() as s:  # type: ignore[attr-defined]
        due = af.due_follow_ups(s, today)
    if not due:
        return None
    text = reminder_text(due)
    status_bar = getattr(window, "statusBar", None)
    if callable(status_bar):
        status_bar().showMessage(text, 30_000)
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Information)
    box.setWindowTitle(tr("Uppföljningar"))
    box.setText(text)
    box.setInformativeText("\n".join(reminder_lines(due)))
    show = box.addButton(tr("Visa uppföljningarna"), QMessageBox.AcceptRole)
    box.addButton(tr("Stäng"), QMessageBox.RejectRole)
    box.setWindowModality(Qt.NonModal)
    box.setAttribute(Qt.WA_ShowWithoutActivating)  # typing stays in the window (Enter must not press its button)
    box.setStyleSheet("QLabel { min-width: 32em; }")  # one line per follow-up, not three
    box.setAttribute(Qt.WA_DeleteOnClose)

    def clicked(button) -> None:
        if button is show and hasattr(window, "show_view"):
            page = window.show_view("af-contacts")  # type: ignore[attr-defined]
            if hasattr(page, "show_due_follow_ups"):
                page.show_due_follow_ups()

    box.buttonClicked.connect(clicked)
    for b in box.buttons():  # Enter typed for the window must never press the reminder's button
        b.setAutoDefault(False)
        b.setDefault(False)
    box.show()
    keep_keyboard_in(window)
    window._follow_up_reminder = box  # type: ignore[attr-defined]  (keeps it alive; tests look at it)
    return box
