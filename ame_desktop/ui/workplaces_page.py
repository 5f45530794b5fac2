"""Arbetsplatser (issue 23): workplaces for placements (category 4) with their open places, the
agreement, insurance and handledare, and the participants placed there with dates and weekly
hours. Everything goes through services/capacity.py."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TR_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHeaderView,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain import words
from ame_desktop.domain.errors import AmeError, ValidationError
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import capacity as cap
from ame_desktop.store.database import Database
from ame_desktop.ui.capacity_common import (
    hours_text,
    municipality_combo,
    number_model,
    on_enter,
    selected_row,
    table_view,
)
from ame_desktop.ui.common import DateField, date_text, heading, set_message, show_error, tr, user_label
from ame_desktop.ui.record_dialog import RecordDialog

HEADERS = [QT_TR_NOOP("Arbetsplats"), QT_TR_NOOP("Sektor"), QT_TR_NOOP("Adress"), QT_TR_NOOP("Kontaktperson"),
           QT_TR_NOOP("Telefon"), QT_TR_NOOP("Avtal"), QT_TR_NOOP("Försäkring"), QT_TR_NOOP("Handledare"),
           QT_TR_NOOP("Platser"), QT_TR_NOOP("Lediga")]
PLACEMENT_HEADERS = [QT_TR_NOOP("Namn"), QT_TR_NOOP("Personnummer"), QT_TR_NOOP("Från"), QT_TR_NOOP("Till"),
                     QT_TR_NOOP("Timmar/vecka"), QT_TR_NOOP("Anteckning")]


def agreement_text(w: cap.WorkplaceView, today: date) -> str:
    if w.agreement_from is None and w.agreement_to is None:
        return tr("inget avtal angivet")
    text = f"{date_text(w.agreement_from) or '…'} – {date_text(w.agreement_to) or tr('tills vidare')}"
    if not w.agreement_valid(today):
        text += tr(" (gäller inte i dag)")
    return text


def open_workplace_dialog(parent: QWidget, db: Database, w: cap.WorkplaceView | None, on_saved=None) -> RecordDialog:
    name = QLineEdit(w.name if w else "")
    name.setMaxLength(120)
    name.setPlaceholderText(tr("Arbetsgivare (och arbetsplats om de har flera)"))
    sector = QComboBox()
    for code, label in cap.SECTOR_LABELS.items():
        sector.addItem(tr(label), code)
    sector.setCurrentIndex(max(0, sector.findData(w.sector if w else "KOMMUN")))
    municipality = municipality_combo(db, w.municipality_code if w else None)
    address = QLineEdit(w.address or "" if w else "")
    contact = QLineEdit(w.contact_person or "" if w else "")
    phone = QLineEdit(w.contact_phone or "" if w else "")
    a_from = DateField(optional=True)
    a_from.setPlaceholderText(tr("ÅÅÅÅ-MM-DD"))
    a_from.set_value(w.agreement_from if w else None)
    a_to = DateField(optional=True)
    a_to.set_value(w.agreement_to if w else None)
    insurance = QCheckBox(tr("Försäkring för deltagarna är noterad"))
    insurance.setChecked(w.insurance_noted if w else False)
    supervisor = QLineEdit(w.supervisor or "" if w else "")
    supervisor_phone = QLineEdit(w.supervisor_phone or "" if w else "")
    places = QSpinBox()
    places.setRange(0, 1000)
    places.setValue(w.places if w else 1)
    note = QPlainTextEdit(w.note or "" if w else "")
    note.setFixedHeight(54)
    note.setTabChangesFocus(True)
    active = QCheckBox(tr("Arbetsplatsen är aktiv (tar emot placeringar)"))
    active.setChecked(w.active if w else True)
    for f in (contact, supervisor):
        f.setMaxLength(120)
    for f in (phone, supervisor_phone):
        f.setMaxLength(40)
    address.setMaxLength(200)

    def save():
        data = cap.WorkplaceInput(name.text(), sector.currentData(), municipality.currentData(), address.text(),
                                  contact.text(), phone.text(), a_from.value(), a_to.value(), insurance.isChecked(),
                                  supervisor.text(), supervisor_phone.text(), places.value(), note.toPlainText(),
                                  active.isChecked())
        with db.transaction() as s:
            if w is None:
                return cap.create_workplace(s, data).id
            return cap.update_workplace(s, w.id, data).id

    dlg = RecordDialog(parent, tr("Ny arbetsplats") if w is None else tr("Ändra arbetsplats"), save)
    dlg.add_field("name", tr("&Arbetsgivare:"), name)
    dlg.add_field("sector", tr("&Sektor:"), sector)
    dlg.add_field("municipality_code", tr("K&ommun:"), municipality)
    dlg.add_field("address", tr("A&dress:"), address)
    dlg.add_field("contact_person", tr("&Kontaktperson:"), contact)
    dlg.add_field("contact_phone", tr("&Telefon:"), phone)
    dlg.add_field("agreement_from", tr("Avtal &från:"), a_from)
    dlg.add_field("agreement_to", tr("Avtal t&ill:"), a_to)
    dlg.add_field("insurance_noted", "", insurance)
    dlg.add_field("supervisor", tr("&Handledare på plats:"), supervisor)
    dlg.add_field("supervisor_phone", tr("Handledarens te&lefon:"), supervisor_phone)
    dlg.add_field("places", tr("&Platser:"), places)
    dlg.add_field("note", tr("Ante&ckning:"), note)
    dlg.add_field("active", "", active)
    dlg.inputs = {"name": name, "sector": sector, "municipality": municipality, "address": address,
                  "contact": contact, "phone": phone, "agreement_from": a_from, "agreement_to": a_to,
                  "insurance": insurance, "supervisor": supervisor, "supervisor_phone": supervisor_phone,
                  "places": places, "note": note, "active": active}
    if on_saved is not None:
        dlg.accepted.connect(lambda: on_saved(dlg.result_value))
    dlg.open()
    return dlg


class WorkplacesPage(QWidget):
    open_participant = Signal(int)
    changed = Signal()  # a booking, placement, group or session changed (the start page's count follows)

    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.can_write = db.actor.can_write
        self.workplaces: list[cap.WorkplaceView] = []
        self.placements: list[cap.PlacementView] = []
        self.dialog: RecordDialog | None = None

        self.only_open = QCheckBox(tr("Endast med &lediga platser"))
        self.show_inactive = QCheckBox(tr("Visa även &inaktiva"))
        self.new_button = QPushButton(tr("&Ny arbetsplats… (Ctrl+N)"))
        self.edit_button = QPushButton(tr("&Ändra…"))
        self.new_button.clicked.connect(self.new_item)
        self.edit_button.clicked.connect(self.edit_workplace)
        self.summary = user_label("")
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addSpacing(12)
        top.addWidget(self.only_open)
        top.addWidget(self.show_inactive)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)

        self.model = number_model([tr(h) for h in HEADERS], {8, 9})
        self.table = table_view(self.model)
        self.table.setAccessibleName(tr("Tabell: arbetsplatser"))
        on_enter(self.table, self.edit_workplace)
        fm = self.table.fontMetrics()
        for col, sample in enumerate(("Äldreboendet Solgläntan", "Ideell/civilsamhälle", "Storgatan 12",
                                      "Kerstin Ålund", "070-765 43 21", "2026-01-01 – 2027-12-31", "Försäkring",
                                      "Kerstin Ålund", "Platser", "Lediga")):
            head = self.model.headers[col]
            self.table.setColumnWidth(col, min(max(fm.horizontalAdvance(sample), fm.horizontalAdvance(head) + 6) + 12,
                                               240))
        hh = self.table.horizontalHeader()
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(2, QHeaderView.Stretch)  # the address takes what is left

        self.placement_model = number_model([tr(h) for h in PLACEMENT_HEADERS], {4})
        self.placement_table = table_view(self.placement_model)
        self.placement_table.setAccessibleName(tr("Tabell: placeringar"))
        for col, sample in enumerate(("Andersson, Mohammed", "19640823-3234", "2026-12-07", "tills vidare",
                                      "Timmar/vecka")):
            self.placement_table.setColumnWidth(col, fm.horizontalAdvance(sample) + 18)
        on_enter(self.placement_table, self._open_person)
        self.show_ended = QCheckBox(tr("Visa även avslutade place&ringar"))
        self.place_button = QPushButton(tr("&Placera deltagare…"))
        self.end_button = QPushButton(tr("Avsl&uta placering…"))
        self.remove_button = QPushButton(tr("Ta &bort placering"))
        self.place_button.clicked.connect(self.add_placement)
        self.end_button.clicked.connect(self.end_placement)
        self.remove_button.clicked.connect(self.remove_placement)
        self.placement_box = QGroupBox(tr("Placeringar"))
        pl = QVBoxLayout(self.placement_box)
        prow = QHBoxLayout()
        for b in (self.place_button, self.end_button, self.remove_button):
            prow.addWidget(b)
        prow.addStretch(1)
        prow.addWidget(self.show_ended)
        pl.addLayout(prow)
        pl.addWidget(self.placement_table, 1)
        self.details = user_label("")
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: #333;")
        pl.addWidget(self.details)

        self.status = user_label("")
        self.status.setWordWrap(True)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.placement_box)
        split.setChildrenCollapsible(False)
        split.setSizes([300, 300])

        intro = _intro(tr("Arbetsplatser och praktikplatser för arbetsplatsförlagda insatser (kategori 4). "
                           "Lediga platser räknas på dagens datum."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(heading(tr("Arbetsplatser")))
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

        self.only_open.toggled.connect(lambda _on: self.load())
        self.show_inactive.toggled.connect(lambda _on: self.load())
        self.show_ended.toggled.connect(lambda _on: self._workplace_changed())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._workplace_changed())
        self.placement_table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.load()

    # -- loading ---------------------------------------------------------------------------------
    def _after_change(self, keep_id: int | None = None) -> None:
        self.load(keep_id=keep_id)
        self.changed.emit()

    def load(self, keep_id: int | None = None) -> None:
        cur = self.current()
        keep = keep_id if keep_id is not None else (cur.id if cur else None)
        try:
            with self.db.reading() as s:
                self.workplaces = cap.list_workplaces(s, on=self.today, only_open=self.only_open.isChecked(),
                                                      include_inactive=self.show_inactive.isChecked())
        except AmeError as exc:
            show_error(self, exc)
            return
        self.model.set_rows([
            (w.name, tr(w.sector_label), w.address or "", w.contact_person or "", w.contact_phone or "",
             agreement_text(w, self.today), tr("noterad") if w.insurance_noted else tr("ej noterad"),
             w.supervisor or "", w.places, w.open_places)
            for w in self.workplaces])
        self.summary.setText(tr("{n}, {o} lediga platser i dag.").format(
            n=words.count(len(self.workplaces), "arbetsplats", "arbetsplatser"),
            o=sum(w.open_places for w in self.workplaces if w.active)))
        row = next((i for i, w in enumerate(self.workplaces) if w.id == keep), 0 if self.workplaces else None)
        if row is not None:
            self.table.selectRow(row)
        self._workplace_changed()

    def current(self) -> cap.WorkplaceView | None:
        if not hasattr(self, "table"):
            return None
        row = selected_row(self.table)
        return self.workplaces[row] if row is not None and 0 <= row < len(self.workplaces) else None

    def current_placement(self) -> cap.PlacementView | None:
        row = selected_row(self.placement_table)
        return self.placements[row] if row is not None and 0 <= row < len(self.placements) else None

    def _workplace_changed(self) -> None:
        w = self.current()
        if w is None:
            self.placements = []
        else:
            try:
                with self.db.reading() as s:
                    every = cap.workplace_placements(s, w.id)
            except AmeError as exc:
                show_error(self, exc)
                return
            self.placements = [p for p in every if self.show_ended.isChecked() or p.end_date is None
                               or p.end_date >= self.today]
        self.placement_model.set_rows([
            (p.name, format_digits(p.personnummer), date_text(p.start_date), date_text(p.end_date) or tr("tills vidare"),
             hours_text(p.hours_per_week), (p.note or "").replace("\n", " "))
            for p in self.placements])
        if w is None:
            self.placement_box.setTitle(tr("Placeringar"))
            self.details.setText("")
        else:
            self.placement_box.setTitle(tr("Placeringar på {w}: {p} av {n} platser i dag").format(
                w=w.name, p=w.placed, n=w.places))
            parts = []
            if w.supervisor:
                parts.append(tr("Handledare: {h}").format(h=w.supervisor + (f", {w.supervisor_phone}"
                                                                            if w.supervisor_phone else "")))
            if w.note:
                parts.append(w.note.replace("\n", " "))
            self.details.setText(" · ".join(parts))
        self._update_buttons()

    def _update_buttons(self) -> None:
        w, p = self.current(), self.current_placement()
        write = self.can_write
        self.new_button.setEnabled(write)
        self.edit_button.setEnabled(write and w is not None)
        self.place_button.setEnabled(write and w is not None and w.active)
        self.end_button.setEnabled(write and p is not None)
        self.remove_button.setEnabled(write and p is not None)

    # -- workplaces ------------------------------------------------------------------------------
    def new_item(self) -> RecordDialog | None:
        if not self.can_write:
            return None
        self.dialog = open_workplace_dialog(self, self.db, None, self._saved)
        return self.dialog

    def edit_workplace(self) -> RecordDialog | None:
        w = self.current()
        if w is None or not self.can_write:
            return None
        self.dialog = open_workplace_dialog(self, self.db, w, self._saved)
        return self.dialog

    def _saved(self, wid) -> None:
        self._after_change(keep_id=wid)
        set_message(self.status, tr("Arbetsplatsen sparades."), "ok")

    # -- placements ------------------------------------------------------------------------------
    def add_placement(self) -> RecordDialog | None:
        from ame_desktop.ui.af_contacts_page import ParticipantPicker

        w = self.current()
        if w is None or not self.can_write or not w.active:
            return None
        picker = ParticipantPicker(self.db)
        picker.edit.setPlaceholderText(tr("Sök namn eller personnummer, pil ned och Enter väljer"))
        picker.setFocusPolicy(Qt.StrongFocus)  # the dialog opens with the typing in the search
        start = DateField()
        start.set_value(self.today)
        end = DateField(optional=True)
        hours = QDoubleSpinBox()
        hours.setRange(0.25, 40)
        hours.setSingleStep(0.25)
        hours.setDecimals(2)
        hours.setValue(20)
        hours.setSuffix(tr(" tim"))
        note = QLineEdit()
        note.setMaxLength(500)

        def save():
            if picker.participant_id is None:
                raise ValidationError.single("participant_id", tr(
                    "Välj deltagaren i listan under fältet (skriv namn eller personnummer, pil ned, Enter)."))
            with self.db.transaction() as s:
                return cap.add_placement(s, picker.participant_id, w.id, start.value(), end.value(), hours.value(),
                                         note.text(), today=self.today)

        dlg = RecordDialog(self, tr("Placera deltagare på {w}").format(w=w.name), save)
        dlg.add_field("participant_id", tr("&Deltagare:"), picker)
        dlg.add_field("start_date", tr("&Från:"), start)
        dlg.add_field("end_date", tr("&Till:"), end)
        dlg.add_field("hours_per_week", tr("Ti&mmar per vecka:"), hours)
        dlg.add_field("note", tr("Anteck&ning:"), note)
        dlg.buttons.button(dlg.buttons.StandardButton.Save).setText(tr("Placera"))
        dlg.picker = picker
        dlg.accepted.connect(lambda: (self._after_change(keep_id=w.id),
                                      set_message(self.status, tr("Placeringen sparades."), "ok")))
        self.dialog = dlg
        dlg.open()
        return dlg

    def end_placement(self) -> RecordDialog | None:
        w, p = self.current(), self.current_placement()
        if w is None or p is None or not self.can_write:
            return None
        last = DateField()
        last.set_value(max(p.start_date, self.today))

        def save():
            with self.db.transaction() as s:
                return cap.end_placement(s, p.id, last.value(), today=self.today)

        dlg = RecordDialog(self, tr("Avsluta placeringen på {w}").format(w=w.name), save)
        dlg.form.addRow(user_label(p.name))
        dlg.add_field("end_date", tr("&Sista dag:"), last)
        dlg.accepted.connect(lambda: (self._after_change(keep_id=w.id),
                                      set_message(self.status, tr("Placeringen avslutades."), "ok")))
        self.dialog = dlg
        dlg.open()
        return dlg

    def remove_placement(self) -> None:
        w, p = self.current(), self.current_placement()
        if w is None or p is None or not self.can_write:
            return
        box = QMessageBox(QMessageBox.Question, tr("Ta bort placering"), tr(
            "Ta bort placeringen av {n} på {w}? Använd ”Avsluta placering” om personen har varit där och slutar.")
            .format(n=p.name, w=w.name), QMessageBox.Yes | QMessageBox.No, self)
        box.setTextFormat(Qt.PlainText)
        box.setDefaultButton(QMessageBox.No)
        if box.exec() != QMessageBox.Yes:
            return
        try:
            with self.db.transaction() as s:
                cap.delete_placement(s, p.id, today=self.today)
        except AmeError as exc:
            show_error(self, exc)
            return
        self._after_change(keep_id=w.id)
        set_message(self.status, tr("Placeringen togs bort."), "ok")

    def _open_person(self) -> None:
        p = self.current_placement()
        if p is not None:
            self.open_participant.emit(p.participant_id)

    # -- page protocol ---------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.table.setFocus()

    def can_leave(self) -> bool:
        return True

    def refresh(self) -> None:
        self.load()

    def prepare_screenshot(self) -> None:
        self.load()
        if self.workplaces:
            best = max(range(len(self.workplaces)), key=lambda i: self.workplaces[i].placed)
            self.table.selectRow(best)
            self._workplace_changed()


def _intro(text: str):
    """A grey, wrapped intro line."""
    from PySide6.QtWidgets import QLabel

    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label
