"""The participant view's Aktivitetskrav tab: requirement periods, the weekly schedule (with the
time reserved for own job seeking) and this month's running balance."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain import codes
from ame_desktop.domain.errors import AmeError, ValidationError
from ame_desktop.services import activity_report as report_service
from ame_desktop.services import activity_requirement as ar
from ame_desktop.store.database import Database
from ame_desktop.ui.common import DateField, ErrorLabel, button_row, date_text, record_table, show_error, tr
from ame_desktop.ui.record_dialog import RecordDialog


def _hours_text(h: float) -> str:
    return f"{h:g}".replace(".", ",")


class RequirementTab(QWidget):
    show_hours = Signal(int)  # participant id: open the week grid for this person

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.participant_id: int | None = None
        self.periods = record_table([tr("Från"), tr("Till"), tr("Timmar/vecka"), tr("Orsak"), tr("Undantag"),
                                     tr("Beslut"), tr("Handläggare")])
        self.periods.setMaximumHeight(130)
        self.periods.doubleClicked.connect(lambda _i: self.edit_period())
        row = button_row((tr("Ny kravperiod…"), lambda: self.edit_period(new=True)),
                         (tr("Ändra…"), lambda: self.edit_period()), (tr("Ta bort"), self.delete_period))

        self.schedule = QTableWidget(0, 8)
        self.schedule.setHorizontalHeaderLabels([tr("Aktivitet")] + list(ar.WEEKDAYS_SHORT))
        self.schedule.verticalHeader().setVisible(False)
        self.schedule.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        for c in range(1, 8):
            self.schedule.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeToContents)
        self.schedule.itemChanged.connect(lambda _i: self._schedule_changed())
        self.add_activity = QComboBox()
        self.add_activity.setAccessibleName(tr("Aktivitet att lägga till i schemat"))
        add_row = QPushButton(tr("Lägg till i schemat"))
        add_row.clicked.connect(self._add_schedule_row)
        self.save_schedule_button = QPushButton(tr("Spara schemat"))
        self.save_schedule_button.clicked.connect(self.save_schedule)
        self.schedule_error = ErrorLabel()
        self.job_seeking = QLabel("")
        self.balance = QLabel("")
        self.balance.setWordWrap(True)
        hours_button = QPushButton(tr("Registrera timmar…"))
        hours_button.clicked.connect(lambda: self.participant_id is not None and self.show_hours.emit(self.participant_id))
        srow = QHBoxLayout()
        srow.addWidget(self.add_activity, 1)
        srow.addWidget(add_row)
        srow.addWidget(self.save_schedule_button)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("<b>Kravperioder</b>")))
        layout.addLayout(row)
        layout.addWidget(self.periods)
        layout.addWidget(QLabel(tr("<b>Veckoschema</b> (timmar per dag)")))
        layout.addWidget(self.schedule, 1)
        layout.addLayout(srow)
        layout.addWidget(self.schedule_error)
        layout.addWidget(self.job_seeking)
        bottom = QHBoxLayout()
        bottom.addWidget(self.balance, 1)
        bottom.addWidget(hours_button)
        from ame_desktop.ui.caseworker_page import participant_copy_buttons

        for b in participant_copy_buttons(self):  # the participant's own copy (issue 17)
            bottom.addWidget(b)
        layout.addLayout(bottom)

    # -- loading ---------------------------------------------------------------------------------
    def load(self, participant_id: int | None) -> None:
        self.participant_id = participant_id
        if participant_id is None:
            self.periods.setRowCount(0)
            self.schedule.setRowCount(0)
            return
        with self.db.reading() as s:
            periods = ar.list_periods(s, participant_id)
            entries = ar.schedule(s, participant_id)
            activities = ar.list_activities(s)
            names = {a.id: a.name for a in ar.list_activities(s, include_inactive=True)}
            balance = report_service.running_balance(s, participant_id)
            workers = {c.id: c.name for c in ar.list_caseworkers(s, include_inactive=True)}
        self.periods.setRowCount(len(periods))
        for i, p in enumerate(periods):
            decision = " ".join(x for x in (date_text(p.decision_date), p.decision_reference or "") if x)
            cells = [date_text(p.start_date), date_text(p.end_date) or tr("tills vidare"), _hours_text(p.hours_per_week),
                     reduction_text(p), codes.EXEMPTION_LABELS.get(p.exemption, "") if p.exemption else "",
                     decision, workers.get(p.caseworker_id, "")]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, p.id)
                self.periods.setItem(i, j, item)
        self.periods.resizeColumnsToContents()
        self.add_activity.clear()
        for a in activities:
            self.add_activity.addItem(a.name, a.id)
        by_activity: dict[int, dict[int, float]] = {}
        for e in entries:
            by_activity.setdefault(e.activity_id, {})[e.weekday] = e.hours
        self._loading = True
        self.schedule.setRowCount(0)
        for aid, days in by_activity.items():
            self._append_schedule_row(aid, names.get(aid, "?"), days)
        self._loading = False
        self.schedule_dirty = False
        self._update_job_seeking()
        self.balance.setText(balance_text(balance))

    def _append_schedule_row(self, activity_id: int, name: str, days: dict[int, float]) -> None:
        r = self.schedule.rowCount()
        self.schedule.insertRow(r)
        label = QTableWidgetItem(name)
        label.setData(Qt.UserRole, activity_id)
        label.setFlags(label.flags() & ~Qt.ItemIsEditable)
        self.schedule.setItem(r, 0, label)
        for d in range(7):
            self.schedule.setItem(r, d + 1, QTableWidgetItem(_hours_text(days[d]) if d in days else ""))

    def _add_schedule_row(self) -> None:
        aid = self.add_activity.currentData()
        if aid is None or any(self.schedule.item(r, 0).data(Qt.UserRole) == aid for r in range(self.schedule.rowCount())):
            return
        self._append_schedule_row(aid, self.add_activity.currentText(), {})
        self._schedule_changed()

    def _schedule_changed(self) -> None:
        if not getattr(self, "_loading", False):
            self.schedule_dirty = True
            self._update_job_seeking()

    def _items(self) -> list[ar.ScheduleItem]:
        out = []
        for r in range(self.schedule.rowCount()):
            aid = self.schedule.item(r, 0).data(Qt.UserRole)
            for d in range(7):
                item = self.schedule.item(r, d + 1)
                text = item.text().strip().replace(",", ".") if item else ""
                if text:
                    out.append(ar.ScheduleItem(aid, d, text))  # type: ignore[arg-type]  (the service checks it)
        return out

    def _update_job_seeking(self) -> None:
        with self.db.reading() as s:
            category = {a.id: a.category for a in ar.list_activities(s, include_inactive=True)}
        total = 0.0
        for item in self._items():
            try:
                if category.get(item.activity_id) == codes.JOB_SEEKING_CATEGORY:
                    total += float(item.hours)
            except ValueError:
                pass
        self.job_seeking.setText(tr("Tid för eget jobbsökande (Eget jobbsökande, ingen av de fyra kategorierna): "
                                    "{h} timmar per vecka.").format(h=_hours_text(total)))

    def save_schedule(self) -> bool:
        if self.participant_id is None:
            return False
        try:
            with self.db.transaction() as s:
                ar.set_schedule(s, self.participant_id, self._items())
        except ValidationError as exc:
            self.schedule_error.show_message("\n".join(e.message for e in exc.errors))
            return False
        except AmeError as exc:
            show_error(self, exc)
            return False
        self.schedule_error.show_message("")
        self.load(self.participant_id)
        return True

    # -- periods ---------------------------------------------------------------------------------
    def edit_period(self, new: bool = False) -> None:
        """The period with the nämnd's decision, the caseworker (picked from the register, added
        when new) and the reduction as a code with hours. Warnings show after saving."""
        pid = self.participant_id
        if pid is None:
            return
        row = self.periods.currentRow()
        period_id = None if new or row < 0 else self.periods.item(row, 0).data(Qt.UserRole)
        if not new and period_id is None:
            return
        current = None
        with self.db.reading() as s:
            if period_id is not None:
                current = ar.get_period(s, period_id)
            from ame_desktop.services.participants import get_participant

            municipality = get_participant(s, pid).municipality_code
        start = DateField()
        start.set_value(current.start_date if current else date.today())
        end = DateField(optional=True)
        end.set_value(current.end_date if current else None)
        hours = QLineEdit(_hours_text(current.hours_per_week) if current else "")
        hours.setPlaceholderText(tr("Tomt = heltid minus dokumenterade timmar"))
        code = QComboBox()
        code.addItem(tr("(ingen nedsättning)"), None)
        for c, label in codes.REDUCTION_LABELS.items():
            code.addItem(label, c)
        if current and current.reduction_code:
            code.setCurrentIndex(code.findData(current.reduction_code))
        red_hours = QLineEdit(_hours_text(current.reduction_hours) if current and current.reduction_hours else "")
        red_hours.setPlaceholderText(tr("Timmar per vecka som orsaken står för"))
        reason = QLineEdit(current.reduction_reason or "" if current else "")
        reason.setPlaceholderText(tr("Krävs för Övrigt; annars frivillig förklaring"))
        override = QLineEdit(current.override_reason or "" if current else "")
        override.setPlaceholderText(tr("Krävs om kravet inte är heltid minus dokumenterade timmar"))
        exemption = QComboBox()
        exemption.addItem(tr("(inget undantag)"), None)
        for c, label in codes.EXEMPTION_LABELS.items():
            exemption.addItem(label, c)
        if current and current.exemption:
            exemption.setCurrentIndex(exemption.findData(current.exemption))
        decision = DateField(optional=True)
        decision.set_value(current.decision_date if current else None)
        reference = QLineEdit(current.decision_reference or "" if current else "")
        support = DateField(optional=True)
        support.set_value(current.support_since if current else None)
        picker = CaseworkerPicker(self.db, municipality)
        picker.set_value(current.caseworker_id if current else None)

        def save():
            values = dict(reduction_code=code.currentData(), reduction_hours=red_hours.text().replace(",", ".") or None,
                          override_reason=override.text(), decision_date=decision.value(),
                          decision_reference=reference.text(), caseworker_id=picker.value(),
                          support_since=support.value())
            args = (start.value(), end.value(), hours.text().replace(",", ".") or None, reason.text(),
                    exemption.currentData())
            with self.db.transaction() as s:
                if period_id is None:
                    p = ar.add_period(s, pid, *args, **values)
                else:
                    p = ar.update_period(s, period_id, *args, **values)
                self._warnings = ar.warnings_for(s, p)
                return p

        dlg = RecordDialog(self, tr("Ny kravperiod") if period_id is None else tr("Ändra kravperiod"), save)
        dlg.add_field("start_date", tr("Från"), start)
        dlg.add_field("end_date", tr("Till"), end)
        dlg.add_field("hours_per_week", tr("Timmar per vecka"), hours)
        dlg.add_field("reduction_code", tr("Orsakskod (nedsatt omfattning)"), code)
        dlg.add_field("reduction_hours", tr("Timmar som orsaken står för"), red_hours)
        dlg.add_field("reduction_reason", tr("Orsak (text)"), reason)
        dlg.add_field("override_reason", tr("Varför kravet avviker"), override)
        dlg.add_field("exemption", tr("Undantag"), exemption)
        dlg.add_field("decision_date", tr("Beslutsdatum"), decision)
        dlg.add_field("decision_reference", tr("Diarienummer"), reference)
        dlg.add_field("caseworker_id", tr("Handläggare (ekonomiskt bistånd)"), picker)
        dlg.add_field("support_since", tr("Försörjningsstöd sedan"), support)
        self.period_dialog = dlg  # for tests
        self._warnings = []
        if dlg.exec():
            if self._warnings:
                QMessageBox.information(self, tr("Att kontrollera"), "\n\n".join(self._warnings))
            self.load(pid)

    def delete_period(self) -> None:
        row = self.periods.currentRow()
        if row < 0 or self.participant_id is None:
            return
        if QMessageBox.question(self, tr("Ta bort kravperiod"), tr("Ta bort den valda kravperioden?")) != QMessageBox.Yes:
            return
        try:
            with self.db.transaction() as s:
                ar.delete_period(s, self.periods.item(row, 0).data(Qt.UserRole))
        except AmeError as exc:
            show_error(self, exc)
        self.load(self.participant_id)


def reduction_text(p) -> str:
    """A period's reduction as the coach reads it: the code's label, the hours and the text."""
    if not p.reduction_code:
        return p.reduction_reason or ""
    text = codes.REDUCTION_LABELS.get(p.reduction_code, p.reduction_code)
    if p.reduction_hours:
        text += f" ({_hours_text(p.reduction_hours)} h)"
    if p.reduction_reason:
        text += f": {p.reduction_reason}"
    return text


def balance_text(balance, lead: str | None = None) -> str:
    """The month so far in the same words as the report (facts, not verdicts)."""
    if balance is None:
        return tr("Inget aktivitetskrav den här månaden.")
    if balance.status == report_service.STATUS_EXEMPT:
        return tr("Undantagen från aktivitetskravet den här månaden.")
    parts = [tr("krav {h} h").format(h=_hours_text(balance.required_hours)),
             tr("närvaro {h} h").format(h=_hours_text(balance.attended_hours))]
    for value, label in ((balance.job_seeking_hours, tr("eget jobbsökande")),
                         (balance.valid_absence_hours, tr("frånvaro med anmält skäl")),
                         (balance.cancelled_hours, tr("inställt av enheten")),
                         (balance.invalid_absence_hours, tr("frånvaro utan anmält skäl")),
                         (balance.unregistered_hours, tr("ej registrerat"))):
        if value:
            parts.append(f"{label} {_hours_text(value)} h")
    if balance.closed_days:
        parts.append(tr("stängda dagar {n}").format(n=balance.closed_days))
    if balance.not_enrolled_days:
        parts.append(tr("kravdagar utan inskrivning {n}").format(n=balance.not_enrolled_days))
    return ((lead or tr("Månaden hittills: ")) + ", ".join(parts) + " – "
            + report_service.STATUS_LABELS[balance.status] + ".")


class CaseworkerPicker(QWidget):
    """The caseworker, chosen from the register; "Ny…" adds one (in the person's municipality)."""

    def __init__(self, db: Database, municipality: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.municipality = municipality
        self.combo = QComboBox()
        self.combo.setAccessibleName(tr("Handläggare"))
        self.add_button = QPushButton(tr("Ny handläggare…"))
        self.add_button.clicked.connect(self.add_new)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.add_button)
        self.setFocusProxy(self.combo)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        with self.db.reading() as s:
            workers = ar.list_caseworkers(s)
        self.combo.clear()
        self.combo.addItem(tr("(ingen vald)"), None)
        for c in workers:
            self.combo.addItem(c.name + (f" – {c.unit}" if c.unit else ""), c.id)
        if select is not None:
            self.set_value(select)

    def set_value(self, caseworker_id: int | None) -> None:
        i = self.combo.findData(caseworker_id)
        self.combo.setCurrentIndex(i if i >= 0 else 0)

    def value(self) -> int | None:
        return self.combo.currentData()

    def add_new(self) -> None:
        name, unit, phone, email = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        muni = QLineEdit(self.municipality)

        def save():
            with self.db.transaction() as s:
                return ar.add_caseworker(s, name.text(), muni.text(), unit.text(), phone.text(), email.text())

        dlg = RecordDialog(self, tr("Ny handläggare"), save)
        dlg.add_field("name", tr("Namn"), name)
        dlg.add_field("unit", tr("Enhet"), unit)
        dlg.add_field("municipality_code", tr("Kommunkod"), muni)
        dlg.add_field("phone", tr("Telefon"), phone)
        dlg.add_field("email", tr("E-post"), email)
        self.new_dialog = dlg  # for tests
        if dlg.exec() and dlg.result_value is not None:
            self.reload(select=dlg.result_value.id)
