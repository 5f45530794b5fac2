"""One participant: tabs Uppgifter (person data), Anvisningar, Inskrivningar.

Person data is edited in place and saved with Ctrl+S; referrals and enrollments are edited in
small dialogs that save at once. Every save goes through the services; their field errors are
shown next to the field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QT_TR_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.ui import file_dialogs
from ame_desktop.domain import codes
from ame_desktop.domain.errors import AmeError, ConflictError, ValidationError
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import enrollments as enrollment_service
from ame_desktop.services import participants as participant_service
from ame_desktop.services import protected_identity as protected
from ame_desktop.services import referrals as referral_service
from ame_desktop.services import reference, staff
from ame_desktop.store.database import Database
from ame_desktop.ui.common import (
    DateField,
    ErrorLabel,
    date_text,
    heading,
    button_row,
    record_table,
    set_error_style,
    show_error,
    tr,
    user_label,
)
from ame_desktop.ui.lazy_tabs import LazyTabs
from ame_desktop.ui.record_dialog import RecordDialog

FORM_FIELDS = ("personnummer", "first_name", "last_name", "gender", "municipality_code", "education_level",
               "staff_id", "phone", "email")


def _combo(items: list[tuple[object, str]]) -> QComboBox:
    box = QComboBox()
    for value, text in items:
        box.addItem(text, value)
    return box


def _set_combo(box: QComboBox, value: object) -> None:
    i = box.findData(value)
    box.setCurrentIndex(i if i >= 0 else 0)


def status_combos(support: str | None, occupation: str | None) -> tuple[QComboBox, QComboBox]:
    """Försörjning and sysselsättning pickers (issue 20); the first item = not recorded."""
    s_box = _combo([(None, tr("(ej registrerad)"))] + list(codes.SUPPORT_LABELS.items()))
    _set_combo(s_box, support)
    o_box = _combo([(None, tr("(ej registrerad)"))] + list(codes.OCCUPATION_LABELS.items()))
    _set_combo(o_box, occupation)
    return s_box, o_box


def _extra_tabs(db: Database) -> list[tuple[str, QWidget | Callable[[], QWidget]]]:
    """The tabs of the other features: (title, factory) — the factory builds a widget with
    load(participant_id | None), the first time its tab is shown (ui/lazy_tabs.py, issue 25); a
    widget instead of a factory is used as it is. Imported plainly inside the factories (the
    bundler finds them; a frozen bundle that lost one fails loudly at the tab)."""
    def steps() -> QWidget:
        from ame_desktop.ui.steps_tab import StepsTab

        return StepsTab(db)

    def contacts() -> QWidget:
        from ame_desktop.ui.af_contacts_tab import ContactsTab

        return ContactsTab(db)

    def plan() -> QWidget:
        from ame_desktop.ui.plan_tab import PlanTab

        return PlanTab(db)

    def journal() -> QWidget:
        from ame_desktop.ui.journal_tab import JournalTab

        return JournalTab(db)

    def consent() -> QWidget:
        from ame_desktop.ui.consent_tab import ConsentTab

        return ConsentTab(db)

    return [(QT_TR_NOOP("Steg"), steps), (QT_TR_NOOP("AF-kontakter"), contacts),
            (QT_TR_NOOP("Plan"), plan), (QT_TR_NOOP("Journal"), journal),
            (QT_TR_NOOP("Samtycken"), consent)]


def record_municipality_combo(db: Database, current: str | None, blank_text: str) -> QComboBox:
    """The municipality of an enrollment or referral (issue 19): blank = the person's (new rows)
    or the one it has (kept rows); the municipalities the account may see."""
    from ame_desktop.services import authz

    with db.reading() as s:
        actor = authz.actor(s)
        munis = [(c, n) for c, n in reference.kommuner(s) if actor.sees(c)]
    box = _combo([(None, blank_text)] + [(c, f"{n} ({c})") for c, n in munis])
    _set_combo(box, current)
    return box


def work_fields(current) -> tuple[DateField, DateField]:
    """`Anställning från` and `Bekräftad` for an exit to work (A1/A2)."""
    job = DateField(optional=True)
    job.set_value(current.job_start_date if current else None)
    job.setToolTip(tr("Anställningens första dag. Tomt = dagen efter slutdatum."))
    confirmed = DateField(optional=True)
    confirmed.set_value(current.work_confirmed_on if current else None)
    confirmed.setToolTip(tr("Dagen det bekräftades att arbetet varat en sammanhängande månad (tidigast en "
                            "månad efter första dagen). Först då räknas avslutet som A i KAS."))
    return job, confirmed


def _enable_for_work(reason: QComboBox, *fields: QWidget) -> None:
    def update(_i=None):
        on = reason.currentData() in ("A1", "A2")
        for f in fields:
            f.setEnabled(on)

    reason.currentIndexChanged.connect(update)
    update()


def exit_reason_items() -> list[tuple[object, str]]:
    return [(code, f"{code} – {label}") for code, label in codes.EXIT_REASON_LABELS.items()]


def exit_reason_explanation(code: str | None) -> str:
    if not code:
        return ""
    kas = codes.EXIT_REASON_KAS[code]
    text = tr("Räknas i Kolada (KAS) som {label}.").format(label=codes.KAS_LABELS[kas])
    if code == "KA":
        text += " " + tr("En kommunal arbetsmarknadsanställning räknas inte som arbete på den reguljära "
                         "arbetsmarknaden.")
    elif code == "S0":
        text += " " + tr("Studier utan rätt till studiemedel räknas inte som studier i KAS.")
    elif code in ("A1", "A2"):
        text += " " + tr("Anställningen ska ha varat minst en sammanhängande månad.")
    return text


class ParticipantEditor(QWidget):
    """The right-hand side of the register page."""

    saved = Signal(int)  # participant id, after a successful save of any part
    show_hours = Signal(int)  # participant id: the requirement tab's "open the week grid"

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.participant_id: int | None = None
        self._snapshot: dict = {}
        self._loading = False

        self.title = heading(tr("Ingen deltagare vald"))
        self.subtitle = user_label("")
        self.subtitle.setStyleSheet("color: #555;")
        # Skyddade personuppgifter (issue 24): the mark, and who sees the contact details.
        self.protected_label = user_label("")
        self.protected_label.setWordWrap(True)
        self.protected_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.protected_label.setVisible(False)
        self.protect_button = QPushButton(tr("Skyddade personuppgifter…"))
        self.protect_button.setToolTip(tr("Sekretessmarkering, skyddad folkbokföring eller kvarskrivning: vem som ser "
                                          "kontaktuppgifterna"))
        self.protect_button.clicked.connect(self.edit_protection)
        self._hidden_contact = False
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_details(), tr("Uppgifter"))
        self.tabs.addTab(self._build_referrals(), tr("Anvisningar"))
        self.tabs.addTab(self._build_enrollments(), tr("Inskrivningar"))
        # The requirement tab and the other features' tabs are built and filled when first shown
        # (ui/lazy_tabs.py): the window's start builds none, opening a person fills the tab in view.
        self.lazy_tabs = LazyTabs(self.tabs)
        self._requirement_slot = self.lazy_tabs.add(tr("Aktivitetskrav"), self._make_requirement_tab)
        self._extra_slots = [self.lazy_tabs.add(tr(title), make) for title, make in _extra_tabs(db)]

        # Every tab stays reachable: a narrow pane shortens the titles (full title as tooltip)
        # instead of hiding tabs behind scroll arrows.
        bar = self.tabs.tabBar()
        bar.setUsesScrollButtons(False)
        bar.setElideMode(Qt.ElideRight)
        bar.setStyleSheet("QTabBar::tab { padding: 4px 8px; }")  # eight tabs fit a 1280-wide window
        for i in range(self.tabs.count()):
            bar.setTabToolTip(i, self.tabs.tabText(i).replace("&", ""))
        # Issue 23: the person's group bookings and placements (a dialog: ten tabs do not fit 1366 px).
        self.bookings_button = QPushButton(tr("Bokningar…"))
        self.bookings_button.setToolTip(tr("Personens bokningar i grupper och placeringar på arbetsplatser"))
        self.bookings_button.clicked.connect(self.show_bookings)
        self.bookings_button.setVisible(False)
        header = QHBoxLayout()
        header.addWidget(self.subtitle, 1)
        header.addWidget(self.bookings_button)
        header.addWidget(self.protect_button)
        header.addWidget(self.extract_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(header)
        layout.addWidget(self.protected_label)
        layout.addWidget(self.tabs)
        self.reload_choices()
        self.clear()

    def _make_requirement_tab(self) -> QWidget:
        from ame_desktop.ui.requirement_tab import RequirementTab

        tab = RequirementTab(self.db)
        tab.schedule_dirty = False
        tab.show_hours.connect(self.show_hours)
        return tab

    @property
    def requirement_tab(self):
        """The Aktivitetskrav tab, built now if it was not yet."""
        return self.lazy_tabs.built(self._requirement_slot)

    def _schedule_dirty(self) -> bool:
        tab = self._requirement_slot.widget  # a tab never built has no unsaved schedule
        return tab is not None and tab.schedule_dirty

    def _schedule_saved(self) -> None:
        if self._requirement_slot.widget is not None:
            self._requirement_slot.widget.schedule_dirty = False

    @property
    def extra_tabs(self) -> list[QWidget]:
        """The other features' tab widgets, built and loaded for the open person now."""
        return [self.lazy_tabs.loaded(slot) for slot in self._extra_slots]

    # -- the form --------------------------------------------------------------------------
    def _build_details(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.inputs: dict[str, QWidget] = {
            "personnummer": QLineEdit(),
            "first_name": QLineEdit(),
            "last_name": QLineEdit(),
            "gender": _combo([(None, tr("Enligt personnumret")), ("K", tr("Kvinna")), ("M", tr("Man")),
                              ("X", tr("Annat / ej angivet"))]),
            "municipality_code": QComboBox(),
            "education_level": _combo([(None, tr("Uppgift saknas"))]
                                      + [(k, v) for k, v in codes.EDUCATION_LABELS.items()]),
            "staff_id": QComboBox(),
            "phone": QLineEdit(),
            "email": QLineEdit(),
        }
        self.inputs["personnummer"].setPlaceholderText(tr("ÅÅÅÅMMDD-NNNN"))
        self.inputs["municipality_code"].setEditable(False)
        labels = {
            "personnummer": tr("&Personnummer"), "first_name": tr("&Förnamn"), "last_name": tr("&Efternamn"),
            "gender": tr("&Kön"), "municipality_code": tr("Ko&mmun"), "education_level": tr("&Utbildningsnivå"),
            "staff_id": tr("&Handledare"), "phone": tr("&Telefon"), "email": tr("E-p&ost"),
        }
        self.errors: dict[str, ErrorLabel] = {}
        for key in FORM_FIELDS:
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.setSpacing(1)
            inner.addWidget(self.inputs[key])
            self.errors[key] = ErrorLabel()
            inner.addWidget(self.errors[key])
            label = QLabel(labels[key])
            label.setBuddy(self.inputs[key])
            form.addRow(label, box)
            w = self.inputs[key]
            if isinstance(w, QLineEdit):
                w.textChanged.connect(self._changed)
                w.textEdited.connect(lambda _t, k=key: self._clear_error(k))  # corrected: the old error goes
            else:
                w.currentIndexChanged.connect(self._changed)
                w.activated.connect(lambda _i, k=key: self._clear_error(k))
        self.inputs["personnummer"].editingFinished.connect(self._check_personnummer)

        self.general_error = ErrorLabel()
        self.save_button = QPushButton(tr("Spara (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(tr("Ångra (Esc)"))
        self.revert_button.clicked.connect(self.revert)
        self.state_label = user_label("")
        self.state_label.setStyleSheet("color: #555;")
        self.state_label.setWordWrap(True)
        self.extract_button = QPushButton(tr("Registerutdrag…"))
        self.extract_button.setToolTip(tr("Allt som finns lagrat om personen, som PDF eller Excel (GDPR)"))
        self.extract_button.clicked.connect(self.write_extract)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(self.state_label)  # its own line: a narrow pane wraps it instead of cutting it
        layout.addLayout(buttons)
        order = [self.inputs[k] for k in FORM_FIELDS] + [self.save_button]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        return page

    def reload_choices(self) -> None:
        """Municipalities and staff for the combo boxes (staff may change in Inställningar)."""
        self._loading = True
        with self.db.reading() as s:
            munis = reference.kommuner(s)
            members = staff.list_staff(s)
        muni = self.inputs["municipality_code"]
        current_muni = muni.currentData()
        muni.clear()
        muni.addItem(tr("Standardkommunen"), None)
        for code, name in munis:
            muni.addItem(f"{name} ({code})", code)
        _set_combo(muni, current_muni)
        staff_box = self.inputs["staff_id"]
        current_staff = staff_box.currentData()
        staff_box.clear()
        staff_box.addItem(tr("(ingen)"), None)
        for m in members:
            staff_box.addItem(m.name, m.id)
        _set_combo(staff_box, current_staff)
        self._loading = False

    def _values(self) -> dict:
        out = {}
        for key, w in self.inputs.items():
            if self._hidden_contact and key in protected.CONTACT_FIELDS:
                out[key] = None  # withheld from this account: the service keeps the stored value
                continue
            out[key] = w.text().strip() if isinstance(w, QLineEdit) else w.currentData()
        return out

    def _fill(self, values: dict) -> None:
        self._loading = True
        for key, w in self.inputs.items():
            v = values.get(key)
            if isinstance(w, QLineEdit):
                w.setText("" if v is None else str(v))
            else:
                if key == "staff_id" and v is not None and w.findData(v) < 0:
                    # An inactive coach is still shown for the people they had.
                    with self.db.reading() as s:
                        w.addItem(staff.get_staff(s, v).name, v)
                _set_combo(w, v)
        self._loading = False
        self._snapshot = self._values()
        self._clear_errors()
        for key in protected.CONTACT_FIELDS:  # withheld contact details look withheld, not editable
            self.inputs[key].setStyleSheet("color: #555; font-style: italic; background: #eeeeee;"
                                           if self._hidden_contact else "")
        self._update_state()

    def _clear_errors(self) -> None:
        for key, label in self.errors.items():
            label.show_message("")
            set_error_style(self.inputs[key], False)
        self.general_error.show_message("")

    def _show_errors(self, exc: ValidationError) -> None:
        self._clear_errors()
        messages: dict[str, list[str]] = {}
        for err in exc.errors:
            messages.setdefault(err.field, []).append(err.message)
        other = []
        for field, msgs in messages.items():
            if field in self.errors:
                self.errors[field].show_message("\n".join(msgs))
                set_error_style(self.inputs[field], True)
            else:
                other.extend(msgs)
        self.general_error.show_message("\n".join(other))
        first = next((e.field for e in exc.errors if e.field in self.inputs), None)
        if first:
            self.tabs.setCurrentIndex(0)
            self.inputs[first].setFocus()

    def _check_personnummer(self) -> None:
        """Tell about a bad personnummer as soon as the field is left, not only on save."""
        from ame_desktop.domain import personnummer as pnr

        text = self.inputs["personnummer"].text().strip()
        if not text:
            return
        try:
            pnr.parse(text)
        except ValidationError as exc:
            self.errors["personnummer"].show_message(exc.errors[0].message)
            set_error_style(self.inputs["personnummer"], True)
        else:
            self.errors["personnummer"].show_message("")
            set_error_style(self.inputs["personnummer"], False)

    def _clear_error(self, key: str) -> None:
        self.errors[key].show_message("")
        set_error_style(self.inputs[key], False)

    def _changed(self) -> None:
        if not self._loading:
            self._update_state()

    def is_dirty(self) -> bool:
        return self._values() != self._snapshot or self._schedule_dirty()

    def _update_state(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if self.participant_id is None:
            self.state_label.setText(tr("Ny deltagare – inte sparad") if dirty else tr("Ny deltagare"))
        else:
            self.state_label.setText(tr("Osparade ändringar") if dirty else tr("Sparad"))

    # -- load / new / save -----------------------------------------------------------------
    def _show_protection(self, mark, view) -> None:
        """The mark above the tabs; contact details replaced by HIDDEN_TEXT for an unnamed account."""
        self._hidden_contact = bool(view is not None and view.hidden)
        for key in protected.CONTACT_FIELDS:
            w = self.inputs[key]
            w.setReadOnly(self._hidden_contact)
            w.setToolTip(tr("Personen har skyddade personuppgifter. Uppgiften visas bara för den personal som är "
                            "namngiven i markeringen.") if self._hidden_contact else "")
        self.protected_label.setVisible(mark is not None)
        if mark is not None:
            who = ", ".join(n for _i, n in mark.staff) or tr("ingen")
            self.protected_label.setText(tr("{kind} sedan {when}. Kontaktuppgifterna visas bara för: {who}.").format(
                kind=tr(mark.kind_label), when=date_text(mark.marked_on), who=who))
        can_write = self.db.actor.can_write
        self.protect_button.setVisible(self.participant_id is not None and (can_write or mark is not None))
        refused = self._hidden_contact and not self.db.actor.is_admin
        self.extract_button.setEnabled(not refused)
        self.extract_button.setToolTip(
            tr("Registerutdraget innehåller kontaktuppgifterna och tas fram av den namngivna personalen eller en "
               "administratör.") if refused else tr("Allt som finns lagrat om personen, som PDF eller Excel (GDPR)"))

    def edit_protection(self) -> None:
        from ame_desktop.ui.protected_identity import MarkDialog

        if self.participant_id is None or not self.maybe_leave():
            return
        self.mark_dialog = MarkDialog(self, self.db, self.participant_id)  # tests drive it
        if self.mark_dialog.exec():
            self.load(self.participant_id, record_read=False)
            self.saved.emit(self.participant_id)

    def clear(self) -> None:
        self.participant_id = None
        self._version = None
        self._show_protection(None, None)
        self.extract_button.setVisible(False)
        self.bookings_button.setVisible(False)
        self._schedule_saved()
        self.lazy_tabs.show(None)
        self.title.setText(tr("Ny deltagare"))
        self.subtitle.setText(tr("Fyll i uppgifterna och spara med Ctrl+S."))
        self._fill({})
        self._set_record_tabs_enabled(False)

    def new(self) -> None:
        self.clear()
        self.tabs.setCurrentIndex(0)
        self.inputs["personnummer"].setFocus()

    def load(self, participant_id: int, record_read: bool = True) -> bool:
        from ame_desktop.ui.protected_identity import ask_reason

        if record_read and not ask_reason(self, self.db, participant_id):
            # Protected identity and no reason given: the person is not opened (nothing was read).
            self.clear()
            self.title.setText(tr("Ingen deltagare vald"))
            self.subtitle.setText(tr("Personen öppnades inte: ett skäl behövs för att läsa uppgifterna."))
            return False
        with self.db.transaction() as s:  # opening a person is a recorded read
            p = (participant_service.open_record(s, participant_id) if record_read
                 else participant_service.get_participant(s, participant_id))
            municipality = reference.municipality_name(s, p.municipality_code)
            refs = referral_service.list_referrals(s, participant_id)
            enrs = enrollment_service.list_enrollments(s, participant_id)
            mark = protected.get_mark(s, participant_id)
            view = protected.contact_view(s, p)
        self.participant_id = participant_id
        self._version = p.version
        self.title.setText(f"{p.first_name} {p.last_name}")
        self.subtitle.setText(f"{format_digits(p.personnummer)} · {municipality}")
        values = {k: getattr(p, k) for k in FORM_FIELDS}
        values["personnummer"] = format_digits(p.personnummer)
        self._show_protection(mark, view)
        for key in protected.CONTACT_FIELDS:  # one rule for what is shown (services/protected_identity)
            values[key] = view.text(key) if view.hidden else getattr(view, key)
        self._fill(values)
        self._show_referrals(refs)
        self._show_enrollments(enrs)
        self._schedule_saved()  # (its load resets it; it loads when shown)
        self.lazy_tabs.show(participant_id)
        self._set_record_tabs_enabled(True)
        self.extract_button.setVisible(True)
        self.bookings_button.setVisible(True)
        return True

    def show_bookings(self):
        """The person's bookings and placements, read only (booking is done on Grupper)."""
        from ame_desktop.ui.bookings_tab import open_bookings_dialog

        if self.participant_id is None:
            return None
        with self.db.reading() as s:  # protected identity: never the name in a window title
            title = protected.title_name(s, participant_service.get_participant(s, self.participant_id))
        self.bookings_dialog = open_bookings_dialog(self, self.db, self.participant_id, title)
        return self.bookings_dialog

    def write_extract(self) -> None:
        from ame_desktop.services import exports

        if self.participant_id is None:
            return
        path, _ = file_dialogs.getSaveFileName(self, tr("Spara registerutdrag"), "registerutdrag.pdf",
                                              tr("PDF (*.pdf);;Excel (*.xlsx)"))
        if not path:
            return
        try:
            exports.register_extract(self.db, path, participant_id=self.participant_id)
        except AmeError as exc:
            show_error(self, exc)
            return
        QMessageBox.information(self, tr("Registerutdrag"), tr("Registerutdraget sparades i {p}.").format(p=path))

    def apply_permissions(self) -> None:
        """Hide what the services would refuse anyway: a reader edits nothing."""
        can_write = self.db.actor.can_write
        for w in self.inputs.values():
            w.setEnabled(can_write)
        self.protect_button.setVisible(self.participant_id is not None and (can_write or self.protected_label.isVisible()))
        self.save_button.setVisible(can_write)
        self.revert_button.setVisible(can_write)
        for table in (self.referral_table, self.enrollment_table):
            for button in table.parent().findChildren(QPushButton):
                button.setEnabled(can_write)

    def _set_record_tabs_enabled(self, on: bool) -> None:
        for i in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(i, on)

    def save(self) -> bool:
        """Save the person data. On an error nothing is saved and the form keeps every edit."""
        if self._schedule_dirty() and not self.requirement_tab.save_schedule():
            self.tabs.setCurrentWidget(self.requirement_tab)
            return False
        v = self._values()
        data = participant_service.ParticipantInput(**v)
        try:
            with self.db.transaction() as s:
                if self.participant_id is None:
                    p = participant_service.create_participant(s, data)
                else:
                    p = participant_service.update_participant(s, self.participant_id, data,
                                                               expected_version=self._version)
                pid = p.id
        except ValidationError as exc:
            self._show_errors(exc)
            return False
        except ConflictError as exc:
            return self._resolve_conflict(exc)
        except AmeError as exc:
            self.general_error.show_message(exc.message)
            show_error(self, exc)
            return False
        self.load(pid, record_read=False)
        self.saved.emit(pid)
        return True

    def _resolve_conflict(self, exc: ConflictError) -> bool:
        """Someone else saved this person since it was opened: show both, let the coach choose."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Warning)
        box.setWindowTitle(tr("Ändrad av någon annan"))
        box.setTextFormat(Qt.PlainText)  # the message shows both versions' values
        box.setText(exc.message)
        reload = box.addButton(tr("Läs in deras version"), QMessageBox.DestructiveRole)
        overwrite = box.addButton(tr("Spara mina värden ändå"), QMessageBox.AcceptRole)
        box.addButton(tr("Fortsätt redigera"), QMessageBox.RejectRole)
        self.conflict_box = box  # tests answer it
        box.exec()
        if box.clickedButton() is reload:
            self.load(self.participant_id)
            return False
        if box.clickedButton() is overwrite:
            self._version = exc.stored.version  # a conscious choice, shown above: not a silent overwrite
            return self.save()
        return False

    def revert(self) -> None:
        if self.participant_id is None:
            self.clear()
        else:
            self.load(self.participant_id, record_read=False)

    def maybe_leave(self) -> bool:
        """The unsaved-changes guard: True if the caller may go on (saved or discarded)."""
        if not self.is_dirty():
            return True
        box = QMessageBox(self)
        box.setWindowTitle(tr("Osparade ändringar"))
        box.setIcon(QMessageBox.Question)
        box.setText(tr("Du har ändrat uppgifterna utan att spara. Vill du spara ändringarna?"))
        save = box.addButton(tr("Spara"), QMessageBox.AcceptRole)
        discard = box.addButton(tr("Spara inte"), QMessageBox.DestructiveRole)
        box.addButton(tr("Avbryt"), QMessageBox.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return self.save()
        if clicked is discard:
            self.revert()
            return True
        return False

    # -- referrals -------------------------------------------------------------------------
    def _build_referrals(self) -> QWidget:
        page = QWidget()
        self.referral_table = record_table([tr("Datum"), tr("Anvisare"), tr("Kommun"), tr("Kommentar")])
        self.referral_table.doubleClicked.connect(lambda _i: self.edit_referral())
        row = button_row((tr("Ny anvisning…"), lambda: self.edit_referral(new=True)),
                         (tr("Ändra…"), lambda: self.edit_referral()), (tr("Ta bort"), self.delete_referral))
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.referral_table)
        return page

    def _show_referrals(self, refs) -> None:
        t = self.referral_table
        t.setRowCount(len(refs))
        for i, r in enumerate(refs):
            cells = [date_text(r.referral_date), f"{r.source} – {codes.REFERRAL_SOURCE_LABELS[r.source]}",
                     r.municipality_code, r.detail or ""]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, r.id)
                t.setItem(i, j, item)
        t.resizeColumnsToContents()

    def _selected_id(self, table: QTableWidget) -> int | None:
        row = table.currentRow()
        item = table.item(row, 0) if row >= 0 else None
        return item.data(Qt.UserRole) if item else None

    def edit_referral(self, new: bool = False) -> None:
        pid = self.participant_id
        if pid is None:
            return
        rid = None if new else self._selected_id(self.referral_table)
        if not new and rid is None:
            return
        current = None
        if rid is not None:
            with self.db.reading() as s:
                current = referral_service.get_referral(s, rid)
        when = DateField()
        when.set_value(current.referral_date if current else date.today())
        source = _combo([(k, f"{k} – {v}") for k, v in codes.REFERRAL_SOURCE_LABELS.items()])
        _set_combo(source, current.source if current else "SOC")
        detail = QLineEdit(current.detail or "" if current else "")
        detail.setPlaceholderText(tr("t.ex. vilken annan instans"))
        muni = record_municipality_combo(self.db, current.municipality_code if current else None,
                                         tr("Personens kommun") if current is None else tr("Oförändrad"))

        def save():
            with self.db.transaction() as s:
                if rid is None:
                    return referral_service.add_referral(s, pid, when.value(), source.currentData(), detail.text(),
                                                         municipality_code=muni.currentData())
                return referral_service.update_referral(s, rid, when.value(), source.currentData(), detail.text(),
                                                        municipality_code=muni.currentData())

        dlg = RecordDialog(self, tr("Ny anvisning") if rid is None else tr("Ändra anvisning"), save)
        dlg.add_field("referral_date", tr("Datum"), when)
        dlg.add_field("source", tr("Anvisare"), source)
        dlg.add_field("detail", tr("Kommentar"), detail)
        dlg.add_field("municipality_code", tr("Kommun"), muni)
        self.referral_dialog = dlg  # tests drive it
        if dlg.exec():
            self._after_record_change()

    def delete_referral(self) -> None:
        rid = self._selected_id(self.referral_table)
        if rid is None:
            return
        if QMessageBox.question(self, tr("Ta bort anvisning"), tr("Ta bort den valda anvisningen?")) != QMessageBox.Yes:
            return
        try:
            with self.db.transaction() as s:
                referral_service.delete_referral(s, rid)
        except AmeError as exc:
            show_error(self, exc)
        self._after_record_change()

    # -- enrollments -----------------------------------------------------------------------
    def _build_enrollments(self) -> QWidget:
        page = QWidget()
        self.enrollment_table = record_table([tr("Start"), tr("Slut"), tr("Kommun"), tr("Utan arbete före"),
                                              tr("Avslutsorsak"), tr("KAS")])
        self.enrollment_table.doubleClicked.connect(lambda _i: self.edit_enrollment())
        row = button_row((tr("Ny inskrivning…"), lambda: self.edit_enrollment(new=True)),
                         (tr("Ändra…"), lambda: self.edit_enrollment()), (tr("Avsluta…"), self.close_enrollment),
                         (tr("Ta bort"), self.delete_enrollment), (tr("Uppföljning…"), self.follow_up))
        self.exit_button = row.buttons[2]
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.enrollment_table)
        return page

    def _show_enrollments(self, enrs) -> None:
        t = self.enrollment_table
        t.setRowCount(len(enrs))
        for i, e in enumerate(enrs):
            reason = f"{e.exit_reason} – {codes.EXIT_REASON_LABELS[e.exit_reason]}" if e.exit_reason else ""
            kas = e.exit_kas or ""
            if e.exit_reason in ("A1", "A2"):
                kas = (tr("A (bekräftat {d})").format(d=date_text(e.work_confirmed_on)) if e.work_confirmed_on
                       else tr("A ej bekräftat – räknas inte än"))
            cells = [date_text(e.start_date), date_text(e.end_date) or tr("pågår"), e.municipality_code,
                     codes.TIME_WITHOUT_WORK_LABELS.get(e.time_without_work, e.time_without_work), reason, kas]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, e.id)
                t.setItem(i, j, item)
        t.resizeColumnsToContents()
        if enrs:
            t.selectRow(0)

    def edit_enrollment(self, new: bool = False) -> None:
        pid = self.participant_id
        if pid is None:
            return
        eid = None if new else self._selected_id(self.enrollment_table)
        if not new and eid is None:
            return
        current = None
        if eid is not None:
            with self.db.reading() as s:
                current = enrollment_service.get_enrollment(s, eid)
        start = DateField()
        start.set_value(current.start_date if current else date.today())
        end = DateField(optional=True)
        end.set_value(current.end_date if current else None)
        tww = _combo([(k, v) for k, v in codes.TIME_WITHOUT_WORK_LABELS.items()])
        _set_combo(tww, current.time_without_work if current else "saknas")
        reason = _combo([(None, tr("(ingen – pågår)"))] + exit_reason_items())
        _set_combo(reason, current.exit_reason if current else None)
        explanation = QLabel(exit_reason_explanation(reason.currentData()))
        explanation.setWordWrap(True)
        reason.currentIndexChanged.connect(lambda _i: explanation.setText(exit_reason_explanation(reason.currentData())))
        sup_start, occ_start = status_combos(current.support_at_start if current else None,
                                             current.occupation_at_start if current else None)
        sup_exit, occ_exit = status_combos(current.support_at_exit if current else None,
                                           current.occupation_at_exit if current else None)
        muni = record_municipality_combo(self.db, current.municipality_code if current else None,
                                         tr("Personens kommun") if current is None else tr("Oförändrad"))
        job, confirmed = work_fields(current)
        _enable_for_work(reason, job, confirmed)

        def save():
            status = {"support_at_start": sup_start.currentData(), "occupation_at_start": occ_start.currentData(),
                      "support_at_exit": sup_exit.currentData(), "occupation_at_exit": occ_exit.currentData()}
            work = reason.currentData() in ("A1", "A2")
            status |= {"municipality_code": muni.currentData(),
                       "job_start_date": job.value() if work else None,
                       "work_confirmed_on": confirmed.value() if work else None}
            with self.db.transaction() as s:
                args = (start.value(), end.value(), tww.currentData(), reason.currentData())
                if eid is None:
                    return enrollment_service.add_enrollment(s, pid, *args, **status)
                return enrollment_service.update_enrollment(s, eid, *args, **status)

        dlg = RecordDialog(self, tr("Ny inskrivning") if eid is None else tr("Ändra inskrivning"), save)
        dlg.add_field("start_date", tr("Startdatum"), start)
        dlg.add_field("end_date", tr("Slutdatum"), end)
        dlg.add_field("time_without_work", tr("Utan arbete före inskrivning"), tww)
        dlg.add_field("exit_reason", tr("Avslutsorsak"), reason, explanation)
        dlg.add_field("municipality_code", tr("Kommun (vars AME har inskrivningen)"), muni)
        dlg.add_field("job_start_date", tr("Anställning från (A1/A2)"), job)
        dlg.add_field("work_confirmed_on", tr("Arbetet bekräftat (A1/A2)"), confirmed)
        dlg.add_field("support_at_start", tr("Försörjning vid start"), sup_start)
        dlg.add_field("occupation_at_start", tr("Sysselsättning vid start"), occ_start)
        dlg.add_field("support_at_exit", tr("Försörjning vid avslut"), sup_exit)
        dlg.add_field("occupation_at_exit", tr("Sysselsättning vid avslut"), occ_exit)
        self.enrollment_dialog = dlg  # tests drive it
        if dlg.exec():
            self._after_record_change()

    def close_enrollment(self) -> None:
        """The exit dialog: end date and exit reason, with what the reason means in KAS."""
        eid = self._selected_id(self.enrollment_table)
        if eid is None:
            QMessageBox.information(self, tr("Avsluta"), tr("Välj först den inskrivning som ska avslutas."))
            return
        end = DateField()
        end.set_value(date.today())
        reason = _combo([(None, tr("Välj avslutsorsak…"))] + exit_reason_items())
        explanation = QLabel("")
        explanation.setWordWrap(True)
        explanation.setMinimumHeight(40)
        reason.currentIndexChanged.connect(lambda _i: explanation.setText(exit_reason_explanation(reason.currentData())))

        sup_exit, occ_exit = status_combos(None, None)
        # Issue 19: an exit to work asks for the job's first day; a month later it is to be confirmed.
        job = DateField(optional=True)
        job.setToolTip(tr("Anställningens första dag. Tomt = dagen efter slutdatum. En månad senare ska du "
                          "bekräfta att arbetet varat (listan Bekräfta arbete); först då räknas det som A i KAS."))
        _enable_for_work(reason, job)
        # Issue 16: ending the enrollment offers to end the requirement period and the schedule the
        # same day — ticked for exits A–D (work, studies, another authority, assignment done).
        from PySide6.QtWidgets import QCheckBox

        from ame_desktop.services import activity_requirement as ar

        end_requirement = QCheckBox(tr("Avsluta aktivitetskravet och veckoschemat samma dag"))
        end_requirement.setToolTip(tr("Annars fortsätter kravperioden, och månadsrapporten visar dagarna efter "
                                      "avslutet som dagar utan inskrivning."))
        reason.currentIndexChanged.connect(lambda _i: end_requirement.setChecked(
            codes.kas_category(reason.currentData()) in ("A", "B", "C", "D")))
        pid = self.participant_id

        def save():
            with self.db.transaction() as s:
                out = enrollment_service.close_enrollment(s, eid, end.value(), reason.currentData(),
                                                          job_start_date=job.value() if reason.currentData()
                                                          in ("A1", "A2") else None,
                                                          support_at_exit=sup_exit.currentData(),
                                                          occupation_at_exit=occ_exit.currentData())
                if end_requirement.isChecked() and pid is not None:
                    ar.end_requirement_on(s, pid, out.end_date)
                return out

        dlg = RecordDialog(self, tr("Avsluta inskrivning"), save)
        dlg.add_field("end_date", tr("Slutdatum"), end)
        dlg.add_field("exit_reason", tr("Avslutsorsak"), reason, explanation)
        dlg.add_field("job_start_date", tr("Första dagen i arbetet (A1/A2)"), job)
        self.exit_job_start = job  # tests drive it
        dlg.add_field("support_at_exit", tr("Försörjning vid avslut"), sup_exit)
        dlg.add_field("occupation_at_exit", tr("Sysselsättning vid avslut"), occ_exit)
        dlg.add_field("end_requirement", tr("Aktivitetskrav"), end_requirement)
        self.exit_end_requirement = end_requirement  # tests drive it
        self.exit_dialog = dlg  # tests drive it
        if dlg.exec():
            self._after_record_change()

    def follow_up(self) -> None:
        """The follow-ups after exit of the selected (ended) enrollment, with the short form."""
        from ame_desktop.ui.results_page import FollowUpDialog

        eid = self._selected_id(self.enrollment_table)
        if eid is None:
            QMessageBox.information(self, tr("Uppföljning"), tr("Välj först en avslutad inskrivning."))
            return
        try:
            self.followup_dialog = FollowUpDialog(self.db, eid, self)  # tests drive it
        except AmeError as exc:
            show_error(self, exc)
            return
        self.followup_dialog.exec()

    def delete_enrollment(self) -> None:
        eid = self._selected_id(self.enrollment_table)
        if eid is None:
            return
        if QMessageBox.question(self, tr("Ta bort inskrivning"),
                                tr("Ta bort den valda inskrivningen? Det går inte att ångra.")) != QMessageBox.Yes:
            return
        try:
            with self.db.transaction() as s:
                enrollment_service.delete_enrollment(s, eid)
        except AmeError as exc:
            show_error(self, exc)
        self._after_record_change()

    def _after_record_change(self) -> None:
        pid = self.participant_id
        if pid is None:
            return
        with self.db.reading() as s:
            self._show_referrals(referral_service.list_referrals(s, pid))
            self._show_enrollments(enrollment_service.list_enrollments(s, pid))
        self.saved.emit(pid)
