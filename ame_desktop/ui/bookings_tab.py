"""The participant view's Bokningar (issue 23): the person's group bookings (with a place or on a
waiting list) and placements at workplaces, read only — booking is done on the Grupper and
Arbetsplatser pages. Shown in a dialog from the participant's header (the tab bar is full)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from ame_desktop.domain.errors import AmeError
from ame_desktop.services import capacity as cap
from ame_desktop.store.database import Database
from ame_desktop.ui.capacity_common import hours_text
from ame_desktop.ui.common import date_text, record_table, tr, user_label
from ame_desktop.ui.groups_page import days_text


class BookingsTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.participant_id: int | None = None
        self.show_ended = QCheckBox(tr("Visa även avslutade"))
        self.show_ended.toggled.connect(lambda _on: self.load(self.participant_id))
        self.summary = user_label("")
        self.summary.setWordWrap(True)
        self.booking_table = record_table([tr(h) for h in ("Grupp", "Dagar och tid", "Från", "Till", "Status")])
        self.booking_table.setAccessibleName(tr("Tabell: bokningar i grupper"))
        self.placement_table = record_table([tr(h) for h in ("Arbetsplats", "Från", "Till", "Timmar/vecka")])
        self.placement_table.setAccessibleName(tr("Tabell: placeringar på arbetsplatser"))
        for t in (self.booking_table, self.placement_table):
            t.setTabKeyNavigation(False)
            t.setWordWrap(False)
            t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
        hint = QLabel(tr("Bokningar görs på sidorna Grupper och Arbetsplatser."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.show_ended)
        layout.addWidget(QLabel(tr("Grupper")))
        layout.addWidget(self.booking_table, 3)
        layout.addWidget(QLabel(tr("Arbetsplatser")))
        layout.addWidget(self.placement_table, 1)
        layout.addWidget(hint)

    def load(self, participant_id: int | None) -> None:
        from PySide6.QtWidgets import QTableWidgetItem

        self.participant_id = participant_id
        self.booking_table.setRowCount(0)
        self.placement_table.setRowCount(0)
        if participant_id is None:
            self.summary.setText("")
            return
        try:
            with self.db.reading() as s:
                data = cap.participant_bookings(s, participant_id)
        except AmeError as exc:
            self.summary.setText(exc.message)
            return
        keep = self.show_ended.isChecked()
        bookings = [b for b in data.bookings if keep or b.end_date is None or b.end_date >= self.today]
        placements = [p for p in data.placements if keep or p.end_date is None or p.end_date >= self.today]
        for b in bookings:
            row = self.booking_table.rowCount()
            self.booking_table.insertRow(row)
            when = f"{days_text(b.weekdays)} {b.start_time.strftime('%H:%M')}–{b.end_time.strftime('%H:%M')}"
            status = tr("Väntelista sedan {d}").format(d=b.waiting_since.isoformat()) if b.waiting else tr("Plats")
            for col, text in enumerate((b.group_name, when, date_text(b.start_date),
                                        date_text(b.end_date) or tr("tills vidare"), status)):
                self.booking_table.setItem(row, col, QTableWidgetItem(text))
        for p in placements:
            row = self.placement_table.rowCount()
            self.placement_table.insertRow(row)
            for col, text in enumerate((p.workplace_name, date_text(p.start_date),
                                        date_text(p.end_date) or tr("tills vidare"), hours_text(p.hours_per_week))):
                self.placement_table.setItem(row, col, QTableWidgetItem(text))
        for t in (self.booking_table, self.placement_table):
            t.resizeColumnsToContents()
        placed_hours = sum(b.hours_per_week for b in bookings if not b.waiting
                           and b.start_date <= self.today and (b.end_date is None or b.end_date >= self.today))
        placed_hours += sum(p.hours_per_week for p in placements
                            if p.start_date <= self.today and (p.end_date is None or p.end_date >= self.today))
        waiting = sum(1 for b in bookings if b.waiting)
        text = tr("Bokat i dag: {h} timmar per vecka i grupper och på arbetsplatser, och {j} timmar "
                  "eget jobbsökande per vecka.").format(h=hours_text(placed_hours),
                                                        j=hours_text(data.job_seeking_hours))
        if waiting:
            text += " " + tr("Står på väntelistan till {n}.").format(
                n=tr("1 grupp") if waiting == 1 else tr("{n} grupper").format(n=waiting))
        self.summary.setText(text)


def open_bookings_dialog(parent: QWidget, db: Database, participant_id: int, name: str):
    """A non-modal read-only window over the person's bookings; Esc or Stäng closes it."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox

    from ame_desktop.ui.common import heading

    dlg = QDialog(parent)
    dlg.setWindowTitle(tr("Bokningar – {n}").format(n=name))
    tab = BookingsTab(db, dlg)
    tab.load(participant_id)
    buttons = QDialogButtonBox(QDialogButtonBox.Close)
    buttons.button(QDialogButtonBox.Close).setText(tr("Stäng"))
    buttons.rejected.connect(dlg.reject)
    layout = QVBoxLayout(dlg)
    layout.addWidget(heading(name, 12))
    layout.addWidget(tab, 1)
    layout.addWidget(buttons)
    dlg.tab = tab  # tests read it
    dlg.resize(700, 500)
    dlg.setAttribute(Qt.WA_DeleteOnClose)
    dlg.open()
    return dlg
