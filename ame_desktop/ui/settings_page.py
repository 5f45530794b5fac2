"""Inställningar: the unit's name, its default municipality, full time, and its staff."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain.errors import AmeError, ValidationError
from ame_desktop.services import reference, settings, staff
from ame_desktop.store.database import Database
from ame_desktop.ui.common import ErrorLabel, heading, set_error_style, show_error, tr


class SettingsPage(QWidget):
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.unit_name = QLineEdit()
        self.municipality = QComboBox()
        self.full_time = QLineEdit()
        self.full_time.setMaximumWidth(80)
        self.errors = {k: ErrorLabel() for k in ("unit_name", "municipality", "full_time_hours")}
        self.widgets = {"unit_name": self.unit_name, "municipality": self.municipality,
                        "full_time_hours": self.full_time}
        form = QFormLayout()
        for key, label in (("unit_name", tr("Enhetens namn")), ("municipality", tr("Standardkommun")),
                           ("full_time_hours", tr("Heltid i aktivitetskravet (timmar/vecka)"))):
            box = QWidget()
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            v.addWidget(self.widgets[key])
            v.addWidget(self.errors[key])
            form.addRow(label, box)
        save = QPushButton(tr("Spara inställningar"))
        save.clicked.connect(self.save)
        self.saved_label = QLabel("")
        unit_box = QGroupBox(tr("Enheten"))
        uv = QVBoxLayout(unit_box)
        uv.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.saved_label)
        row.addStretch(1)
        row.addWidget(save)
        uv.addLayout(row)

        self.staff_list = QListWidget()
        self.staff_list.itemChanged.connect(self._toggle_active)
        self.new_staff = QLineEdit()
        self.new_staff.setPlaceholderText(tr("Namn på ny medarbetare"))
        self.new_staff.returnPressed.connect(self.add_staff)
        self.staff_error = ErrorLabel()
        add = QPushButton(tr("Lägg till"))
        add.clicked.connect(self.add_staff)
        rename = QPushButton(tr("Byt namn…"))
        rename.clicked.connect(self.rename_staff)
        staff_box = QGroupBox(tr("Medarbetare (handledare)"))
        sv = QVBoxLayout(staff_box)
        sv.addWidget(QLabel(tr("Bocka ur den som har slutat: hen finns kvar på sina deltagare men kan inte väljas.")))
        sv.addWidget(self.staff_list)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_staff)
        add_row.addWidget(add)
        add_row.addWidget(rename)
        sv.addLayout(add_row)
        sv.addWidget(self.staff_error)

        unit_page = QWidget()
        unit_layout = QVBoxLayout(unit_page)
        unit_layout.addWidget(unit_box)
        unit_layout.addWidget(staff_box, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(unit_page, tr("Enheten"))
        from ame_desktop.ui.accessibility import AppearanceTab

        self.appearance_tab = AppearanceTab()
        self.tabs.addTab(self.appearance_tab, tr("Den här datorn"))
        from ame_desktop.ui.closed_days_tab import ClosedDaysTab  # issue 16: Stängt, aktivitetskravets inställningar

        self.closed_days = ClosedDaysTab(db)
        self.tabs.addTab(self.closed_days, tr("Aktivitetskrav"))
        self.admin_tabs: list[QWidget] = []
        if db.actor.is_admin:
            from ame_desktop.ui.admin_tabs import AccountsTab, AuditTab, BackupTab, GallringTab

            for title, cls in ((tr("Konton"), AccountsTab), (tr("Logg"), AuditTab), (tr("Gallring"), GallringTab),
                               (tr("Säkerhetskopior"), BackupTab)):
                tab = cls(db)
                self.admin_tabs.append(tab)
                self.tabs.addTab(tab, title)
            self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Inställningar")))
        layout.addWidget(self.tabs, 1)
        self.load()

    def load(self) -> None:
        with self.db.reading() as s:
            values = settings.all_settings(s)
            munis = reference.kommuner(s)
            members = staff.list_staff(s, include_inactive=True)
        self.unit_name.setText(values["unit_name"])
        self.full_time.setText(values["full_time_hours"])
        self.municipality.clear()
        self.municipality.addItem(tr("(ingen vald)"), "")
        for code, name in munis:
            self.municipality.addItem(f"{name} ({code})", code)
        self.municipality.setCurrentIndex(max(0, self.municipality.findData(values["municipality"])))
        self.staff_list.blockSignals(True)
        self.staff_list.clear()
        for m in members:
            item = QListWidgetItem(m.name)
            item.setData(Qt.UserRole, m.id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if m.active else Qt.Unchecked)
            self.staff_list.addItem(item)
        self.staff_list.blockSignals(False)

    def save(self) -> None:
        values = {"unit_name": self.unit_name.text(), "municipality": self.municipality.currentData(),
                  "full_time_hours": self.full_time.text()}
        for key, label in self.errors.items():
            label.show_message("")
            set_error_style(self.widgets[key], False)
        try:
            with self.db.transaction() as s:
                failures = []
                for key, value in values.items():
                    if key == "municipality" and not value:
                        continue
                    try:
                        settings.set_setting(s, key, value)
                    except ValidationError as exc:
                        failures.append(exc)
                if failures:
                    raise ValidationError([e for f in failures for e in f.errors])
        except ValidationError as exc:
            for err in exc.errors:
                self.errors[err.field].show_message(err.message)
                set_error_style(self.widgets[err.field], True)
            self.saved_label.setText(tr("Inget sparades."))
            return
        except AmeError as exc:
            show_error(self, exc)
            return
        self.saved_label.setText(tr("Sparat."))
        self.changed.emit()

    def add_staff(self) -> None:
        try:
            with self.db.transaction() as s:
                staff.add_staff(s, self.new_staff.text())
        except ValidationError as exc:
            self.staff_error.show_message(exc.errors[0].message)
            return
        except AmeError as exc:
            show_error(self, exc)
            return
        self.staff_error.show_message("")
        self.new_staff.clear()
        self.load()
        self.changed.emit()

    def rename_staff(self) -> None:
        item = self.staff_list.currentItem()
        if item is None:
            return
        name, ok = QInputDialog.getText(self, tr("Byt namn"), tr("Nytt namn:"), text=item.text())
        if not ok:
            return
        try:
            with self.db.transaction() as s:
                staff.rename_staff(s, item.data(Qt.UserRole), name)
        except AmeError as exc:
            show_error(self, exc)
            return
        self.load()
        self.changed.emit()

    def _toggle_active(self, item: QListWidgetItem) -> None:
        try:
            with self.db.transaction() as s:
                staff.set_staff_active(s, item.data(Qt.UserRole), item.checkState() == Qt.Checked)
        except AmeError as exc:
            show_error(self, exc)
        self.changed.emit()

    def _tab_shown(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if tab in self.admin_tabs and hasattr(tab, "load"):
            tab.load()

    def can_leave(self) -> bool:
        return True

    def refresh(self) -> None:
        self.load()
        self.closed_days.load()
