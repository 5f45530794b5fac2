"""Inställningar → Aktivitetskrav: the calendar of days the unit was closed (Stängt; nothing is
required of anyone on them), and the requirement's settings (sickness flag, own job seeking)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain.errors import AmeError, ValidationError
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import reference, settings
from ame_desktop.store.database import Database
from ame_desktop.ui.common import DateField, ErrorLabel, button_row, date_text, record_table, show_error, tr
from ame_desktop.ui.record_dialog import RecordDialog

SETTING_KEYS = ("sick_without_certificate_days", "job_seeking_minimum_hours")


class ClosedDaysTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.table = record_table([tr("Från"), tr("Till"), tr("Kommun"), tr("Orsak")])
        self.table.doubleClicked.connect(lambda _i: self.edit())
        row = button_row((tr("Nya stängda dagar…"), lambda: self.edit(new=True)), (tr("Ändra…"), self.edit),
                         (tr("Ta bort"), self.delete))
        closed_box = QGroupBox(tr("Stängda dagar"))
        cv = QVBoxLayout(closed_box)
        note = QLabel(tr("Dagar då enheten inte erbjöd några aktiviteter (klämdag, personalutbildning, "
                         "sommarstängt). Inget krävs av någon en stängd dag, och månadsrapporten räknar dem som "
                         "stängda dagar – inte som frånvaro. Tom kommun = stängt för alla."))
        note.setWordWrap(True)
        cv.addWidget(note)
        cv.addLayout(row)
        cv.addWidget(self.table, 1)

        self.inputs = {k: QLineEdit() for k in SETTING_KEYS}
        self.errors = {k: ErrorLabel() for k in SETTING_KEYS}
        form = QFormLayout()
        for key in SETTING_KEYS:
            self.inputs[key].setMaximumWidth(80)
            box = QWidget()
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            v.addWidget(self.inputs[key])
            v.addWidget(self.errors[key])
            form.addRow(settings.SETTINGS[key].label, box)
        save = QPushButton(tr("Spara"))
        save.clicked.connect(self.save_settings)
        self.saved = QLabel("")
        srow = QHBoxLayout()
        srow.addWidget(self.saved)
        srow.addStretch(1)
        srow.addWidget(save)
        settings_box = QGroupBox(tr("Aktivitetskravet"))
        sv = QVBoxLayout(settings_box)
        sv.addLayout(form)
        sv.addLayout(srow)

        layout = QVBoxLayout(self)
        layout.addWidget(closed_box, 1)
        layout.addWidget(settings_box)
        self.load()

    def load(self) -> None:
        with self.db.reading() as s:
            rows = ar.list_closed_days(s)
            names = dict(reference.kommuner(s))
            values = settings.all_settings(s)
        self.table.setRowCount(len(rows))
        for i, c in enumerate(rows):
            muni = f"{names.get(c.municipality_code, '')} ({c.municipality_code})" if c.municipality_code \
                else tr("Alla")
            for j, text in enumerate((date_text(c.start_date), date_text(c.end_date), muni, c.reason)):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, c.id)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        for key in SETTING_KEYS:
            self.inputs[key].setText(values[key])

    def _selected(self) -> int | None:
        row = self.table.currentRow()
        return self.table.item(row, 0).data(Qt.UserRole) if row >= 0 else None

    def edit(self, new: bool = False) -> None:
        closed_id = None if new else self._selected()
        if not new and closed_id is None:
            return
        current = None
        with self.db.reading() as s:
            if closed_id is not None:
                current = next((c for c in ar.list_closed_days(s) if c.id == closed_id), None)
            munis = reference.kommuner(s)
        start, end = DateField(), DateField(optional=True)
        start.set_value(current.start_date if current else date.today())
        end.set_value(current.end_date if current else None)
        muni = QComboBox()
        muni.addItem(tr("Alla kommuner"), None)
        for code, name in munis:
            muni.addItem(f"{name} ({code})", code)
        if current is not None:
            muni.setCurrentIndex(max(0, muni.findData(current.municipality_code)))
        reason = QLineEdit(current.reason if current else "")

        def save():
            with self.db.transaction() as s:
                if closed_id is None:
                    return ar.add_closed_day(s, start.value(), end.value(), muni.currentData(), reason.text())
                return ar.update_closed_day(s, closed_id, start.value(), end.value(), muni.currentData(),
                                            reason.text())

        dlg = RecordDialog(self, tr("Stängda dagar"), save)
        dlg.add_field("start_date", tr("Från"), start)
        dlg.add_field("end_date", tr("Till (tomt = bara en dag)"), end)
        dlg.add_field("municipality_code", tr("Kommun"), muni)
        dlg.add_field("reason", tr("Orsak"), reason)
        self.dialog = dlg  # for tests
        if dlg.exec():
            self.load()

    def delete(self) -> None:
        closed_id = self._selected()
        if closed_id is None:
            return
        if QMessageBox.question(self, tr("Ta bort"), tr("Ta bort de valda stängda dagarna?")) != QMessageBox.Yes:
            return
        try:
            with self.db.transaction() as s:
                ar.delete_closed_day(s, closed_id)
        except AmeError as exc:
            show_error(self, exc)
        self.load()

    def save_settings(self) -> None:
        for label in self.errors.values():
            label.show_message("")
        try:
            with self.db.transaction() as s:
                for key in SETTING_KEYS:
                    settings.set_setting(s, key, self.inputs[key].text())
        except ValidationError as exc:
            for e in exc.errors:
                if e.field in self.errors:
                    self.errors[e.field].show_message(e.message)
            return
        except AmeError as exc:
            show_error(self, exc)
            return
        self.saved.setText(tr("Sparat."))
