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
        self.periods = record_table([tr("Från"), tr("Till"), tr("Timmar/vecka"), tr("Orsak"), tr("Undantag")])
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
        self.periods.setRowCount(len(periods))
        for i, p in enumerate(periods):
            cells = [date_text(p.start_date), date_text(p.end_date) or tr("tills vidare"), _hours_text(p.hours_per_week),
                     p.reduction_reason or "", codes.EXEMPTION_LABELS.get(p.exemption, "") if p.exemption else ""]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, p.id)
                self.periods.setItem(i, j, item)
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
        if balance is None:
            self.balance.setText(tr("Inget aktivitetskrav den här månaden."))
        elif balance.status == report_service.STATUS_EXEMPT:
            self.balance.setText(tr("Undantagen från aktivitetskravet den här månaden."))
        else:
            missing = balance.required_hours - balance.attended_hours - balance.valid_absence_hours
            self.balance.setText(tr("Månaden hittills: krav {r} h, närvaro {a} h, giltig frånvaro {v} h").format(
                r=_hours_text(balance.required_hours), a=_hours_text(balance.attended_hours),
                v=_hours_text(balance.valid_absence_hours))
                + (tr(" – saknas {m} h.").format(m=_hours_text(round(missing, 2))) if missing > 0.01 else tr(" – uppfyllt.")))

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
                if category.get(item.activity_id) == 3:
                    total += float(item.hours)
            except ValueError:
                pass
        self.job_seeking.setText(tr("Tid för eget jobbsökande (kategori 3): {h} timmar per vecka.").format(
            h=_hours_text(total)))

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
        pid = self.participant_id
        if pid is None:
            return
        row = self.periods.currentRow()
        period_id = None if new or row < 0 else self.periods.item(row, 0).data(Qt.UserRole)
        if not new and period_id is None:
            return
        current = None
        if period_id is not None:
            with self.db.reading() as s:
                current = ar.get_period(s, period_id)
        start = DateField()
        start.set_value(current.start_date if current else date.today())
        end = DateField(optional=True)
        end.set_value(current.end_date if current else None)
        hours = QLineEdit(_hours_text(current.hours_per_week) if current else "40")
        reason = QLineEdit(current.reduction_reason or "" if current else "")
        reason.setPlaceholderText(tr("Krävs om timmarna är färre än heltid"))
        exemption = QComboBox()
        exemption.addItem(tr("(inget undantag)"), None)
        for code, label in codes.EXEMPTION_LABELS.items():
            exemption.addItem(label, code)
        if current and current.exemption:
            exemption.setCurrentIndex(exemption.findData(current.exemption))

        def save():
            args = (start.value(), end.value(), hours.text().replace(",", "."), reason.text(), exemption.currentData())
            with self.db.transaction() as s:
                if period_id is None:
                    return ar.add_period(s, pid, *args)
                return ar.update_period(s, period_id, *args)

        dlg = RecordDialog(self, tr("Ny kravperiod") if period_id is None else tr("Ändra kravperiod"), save)
        dlg.add_field("start_date", tr("Från"), start)
        dlg.add_field("end_date", tr("Till"), end)
        dlg.add_field("hours_per_week", tr("Timmar per vecka"), hours)
        dlg.add_field("reduction_reason", tr("Orsak till nedsatt omfattning"), reason)
        dlg.add_field("exemption", tr("Undantag"), exemption)
        if dlg.exec():
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
