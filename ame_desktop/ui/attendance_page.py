"""Aktivitetskrav: the week grid (a group = one activity, or one person) and the month view of
who falls short before the report goes to the caseworker."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.ui import file_dialogs
from ame_desktop.domain import words
from ame_desktop.domain.collector import collector_paused
from ame_desktop.domain.codes import ABSENCE_LABELS
from ame_desktop.domain.errors import AmeError, ValidationError
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import activity_report as report_service
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import attendance as att
from ame_desktop.services import participant_list
from ame_desktop.store.database import Database
from ame_desktop.ui.common import heading, set_message, show_error, tr, user_label
from ame_desktop.ui.list_model import ListTableModel
from ame_desktop.ui.week_grid import TOTAL_COL, WeekGridModel, week_label
from ame_desktop.ui.workers import run_in_background

MODE_GROUP, MODE_PERSON = "group", "person"
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")


class AttendancePage(QWidget):
    open_participant = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.monday = att.monday_of(self.today)

        self.mode = QComboBox()
        self.mode.addItem(tr("Grupp (aktivitet)"), MODE_GROUP)
        self.mode.addItem(tr("En deltagare"), MODE_PERSON)
        self.mode.setAccessibleName(tr("Visa veckan för en grupp eller en deltagare"))
        self.activity = QComboBox()
        self.activity.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.activity.setMinimumContentsLength(14)
        self.activity.setAccessibleName(tr("Grupp (aktivitet)"))
        self.person = QComboBox()
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.NoInsert)
        self.person.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.person.setMinimumContentsLength(14)
        self.person.setAccessibleName(tr("Deltagare"))
        self.person.completer().setFilterMode(Qt.MatchContains)
        self.person.completer().setCompletionMode(QCompleter.PopupCompletion)
        self.prev_week = QPushButton("◀")
        self.prev_week.setAccessibleName(tr("Föregående vecka"))
        self.prev_week.setToolTip(tr("Föregående vecka (Alt+Vänster)"))
        self.next_week = QPushButton("▶")
        self.next_week.setAccessibleName(tr("Nästa vecka"))
        self.next_week.setToolTip(tr("Nästa vecka (Alt+Höger)"))
        self.this_week = QPushButton(tr("Denna vecka"))
        self.week_title = QLabel("")
        self.week_title.setStyleSheet("font-weight: bold;")

        self.model = WeekGridModel(self)
        self.grid = QTableView()
        self.grid.setModel(self.model)
        self.grid.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.grid.setEditTriggers(QAbstractItemView.AnyKeyPressed | QAbstractItemView.EditKeyPressed
                                  | QAbstractItemView.DoubleClicked)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.grid.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.grid.horizontalHeader().setMinimumSectionSize(60)
        self.grid.setContextMenuPolicy(Qt.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(self._context_menu)

        self.fill_button = QPushButton(tr("Fyll i från schemat (Ctrl+D)"))
        self.save_button = QPushButton(tr("Spara veckan (Ctrl+S)"))
        self.revert_button = QPushButton(tr("Ångra (Esc)"))
        self.status = user_label("")
        self.status.setWordWrap(True)
        self.status.setMinimumWidth(120)
        self.balance = user_label("")
        self.balance.setWordWrap(True)
        help_text = QLabel(tr("Skriv timmar i kvartar (7,5). Frånvaro: ”8 s” (sjuk), ”8 si” (sjuk med intyg), ”8 v” "
                              "(VAB), ”8 b” (beviljad), ”8 a” (arbete), ”8 i” (intervju), ”8 m” (myndighet), ”8 vd” "
                              "(vårdbesök), ”8 st” (inställd av enheten), ”8 o” (utan anmält skäl) – eller högerklicka. "
                              "(8) i grått = planerat enligt schemat. Delete tömmer en cell."))
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: #555;")

        top = QHBoxLayout()
        top.addWidget(self.mode)
        top.addWidget(self.activity, 1)
        top.addWidget(self.person, 1)
        top.addSpacing(12)
        top.addWidget(self.prev_week)
        top.addWidget(self.week_title)
        top.addWidget(self.next_week)
        top.addWidget(self.this_week)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.fill_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        grid_box = QWidget()
        gl = QVBoxLayout(grid_box)
        gl.setContentsMargins(0, 0, 0, 0)
        gl.addLayout(top)
        gl.addWidget(self.grid, 1)
        gl.addWidget(help_text)
        gl.addWidget(self.balance)
        gl.addLayout(buttons)

        # -- month view ----------------------------------------------------------------------------
        self.month = QComboBox()
        m = date(self.today.year, self.today.month, 1)
        for _ in range(13):
            self.month.addItem(f"{MONTHS[m.month - 1]} {m.year}", (m.year, m.month))
            m = (m - timedelta(days=1)).replace(day=1)
        self.only_short = QCheckBox(tr("Bara de med timmar som saknas"))
        self.only_short.setChecked(True)
        # The report's figures (CLI.md version 2) with the same Swedish labels as the xlsx and PDF.
        self.month_model = ListTableModel([tr("Namn"), tr("Personnummer"), tr("Status"), tr("Krav"),
                                           tr("Närvaro"), tr("Eget jobbsök"), tr("Anmält skäl"), tr("Inställt"),
                                           tr("Utan anmält skäl"), tr("Ej registrerat"), tr("Ej inskriven (d)"),
                                           tr("Stängt (d)"), tr("Handledare")], parent=self)
        self.month_view = QTableView()
        self.month_view.setModel(self.month_model)
        self.month_view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.month_view.verticalHeader().setVisible(False)
        self.month_view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.month_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.month_view.horizontalHeader().setStretchLastSection(True)
        self.month_view.doubleClicked.connect(self._month_row_opened)
        self.month_summary = user_label("")
        export = QPushButton(tr("Skriv månadsrapport…"))
        export.clicked.connect(self.export_month)
        open_person = QPushButton(tr("Öppna deltagaren"))
        open_person.setToolTip(tr("Dubbelklicka på en rad för att se personens vecka."))
        open_person.clicked.connect(self._open_selected_person)
        month_top = QHBoxLayout()
        month_top.addWidget(QLabel(tr("Månad:")))
        month_top.addWidget(self.month)
        month_top.addWidget(self.only_short)
        month_top.addStretch(1)
        month_top.addWidget(open_person)
        month_top.addWidget(export)
        month_box = QWidget()
        ml = QVBoxLayout(month_box)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.addWidget(heading(tr("Månadsläge"), 12))
        ml.addLayout(month_top)
        ml.addWidget(self.month_view, 1)
        ml.addWidget(self.month_summary)

        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.addWidget(grid_box)
        self.splitter.addWidget(month_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(heading(tr("Aktivitetskrav – närvaro")))
        layout.addWidget(self.splitter, 1)

        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.activity.currentIndexChanged.connect(lambda _i: self._guarded(self.load_week))
        self.person.activated.connect(lambda _i: self._guarded(self.load_week))
        self.prev_week.clicked.connect(lambda: self.go_week(-7))
        self.next_week.clicked.connect(lambda: self.go_week(7))
        self.this_week.clicked.connect(lambda: self._guarded(lambda: self._set_monday(att.monday_of(self.today))))
        self.fill_button.clicked.connect(self.fill_from_schedule)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.model.message.connect(lambda text: set_message(self.status, text, "error"))
        self.model.changed.connect(self._update_buttons)
        self.month.currentIndexChanged.connect(lambda _i: self.load_month())
        self.only_short.toggled.connect(lambda _b: self.load_month())
        # Ctrl+S comes from the main window's menu, which saves the shown page.
        for keys, slot in (("Ctrl+D", self.fill_from_schedule), ("Esc", self.revert),
                           ("Alt+Left", lambda: self.go_week(-7)), ("Alt+Right", lambda: self.go_week(7))):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        delete = QShortcut(QKeySequence.Delete, self.grid)
        delete.setContext(Qt.WidgetShortcut)
        delete.activated.connect(self.clear_selected)
        self._month_rows: list[int] = []
        self._month_rep = None  # the month's report shown (a save recomputes only its people)
        self._month_stale: set[int] = set()  # people saved since, whose figures are being computed
        self._month_seq = 0  # the newest background computation of the month view
        self.reload_choices()
        self._mode_changed()
        self.load_month()

    # -- choices -------------------------------------------------------------------------------
    def reload_choices(self) -> None:
        with self.db.reading() as s:
            activities = ar.list_activities(s)
            monday, sunday = self.monday, self.monday + timedelta(days=6)
            people = participant_list.enrolled_between(s, monday, sunday)  # the actor's municipalities only
        current = self.activity.currentData()
        self.activity.blockSignals(True)
        self.activity.clear()
        for a in activities:
            self.activity.addItem(a.name, a.id)
        i = self.activity.findData(current)
        self.activity.setCurrentIndex(i if i >= 0 else (self._busiest_activity_index(activities)))
        self.activity.blockSignals(False)
        current_person = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        for person in people:
            self.person.addItem(person.label, person.id)
        j = self.person.findData(current_person)
        if j >= 0:
            self.person.setCurrentIndex(j)
        self.person.blockSignals(False)

    def _busiest_activity_index(self, activities) -> int:
        """Start on the activity with most people scheduled, not on a generic category."""
        if not activities:
            return -1
        with self.db.reading() as s:
            counts = participant_list.scheduled_per_activity(s)
        best = max(range(len(activities)), key=lambda i: counts.get(activities[i].id, 0))
        return best

    def _mode_changed(self) -> None:
        group = self.mode.currentData() == MODE_GROUP
        self.activity.setVisible(group)
        self.person.setVisible(not group)
        self._guarded(self.load_week, revert_mode=True)

    # -- week ----------------------------------------------------------------------------------
    def _set_monday(self, monday: date) -> None:
        self.monday = monday
        self.reload_choices()
        self.load_week()

    def go_week(self, days: int) -> None:
        self._guarded(lambda: self._set_monday(self.monday + timedelta(days=days)))

    def load_week(self) -> None:
        with collector_paused():  # the week's rows and cells: many small objects, no cycles (issue 25)
            self._load_week()

    def _load_week(self) -> None:
        with self.db.reading() as s:
            if self.mode.currentData() == MODE_GROUP:
                aid = self.activity.currentData()
                week = att.group_week(s, aid, self.monday, self.today) if aid is not None else att.Week(self.monday, [])
                self.balance.setText("")
            else:
                pid = self.person.currentData()
                week = att.person_week(s, pid, self.monday, self.today) if pid is not None else att.Week(self.monday, [])
                self.balance.setText(self._balance_text(s, pid) if pid is not None else "")
            closed = ar.closed_days_for_participants(s, {r.participant_id for r in week.rows}, self.monday,
                                                     self.monday + timedelta(days=6))
        self.week_title.setText(week_label(self.monday))
        self.model.set_week(week, closed)
        set_message(self.status, "" if week.rows else tr("Ingen är schemalagd här den här veckan."))
        self.grid.horizontalHeader().setSectionResizeMode(TOTAL_COL, QHeaderView.ResizeToContents)

    def _balance_text(self, s, pid: int) -> str:
        p = report_service.running_balance(s, pid, self.today)
        if p is None:
            return tr("Inget aktivitetskrav den här månaden.")
        from ame_desktop.ui.requirement_tab import balance_text

        return balance_text(p, tr("Hittills i {month} (t.o.m. {day}): ").format(month=MONTHS[self.today.month - 1],
                                                                               day=self.today.isoformat()))

    def fill_from_schedule(self) -> None:
        if self.model.week is None:
            return
        fill = att.prefill_from_schedule(self.model.week)
        fill = {k: v for k, v in fill.items() if k not in self.model.pending}
        self.model.set_pending(fill)
        set_message(self.status, tr("{n} i från schemat – rätta undantagen och spara.").format(
            n=words.count(len(fill), "cell fylldes", "celler fylldes"))
                            if fill else tr("Schemat har inget mer att fylla i den här veckan."))

    def clear_selected(self) -> None:
        changes = {}
        for index in self.grid.selectionModel().selectedIndexes():
            key = self.model.key(index)
            if key is not None and self.model.is_open(index):
                changes[key] = None
        self.model.set_pending(changes)

    def set_absence(self, absence: str | None) -> None:
        """Mark the selected cells absent with a reason (keeping their hours), or present."""
        changes = {}
        for index in self.grid.selectionModel().selectedIndexes():
            key = self.model.key(index)
            if key is None or not self.model.is_open(index):
                continue
            cell = self.model.cell(index)
            planned = self.model.week.rows[index.row()].planned.get(key.day)  # type: ignore[union-attr]
            hours = cell.hours if cell is not None else planned
            if hours is None:
                continue
            changes[key] = att.Cell(hours, absence)
        self.model.set_pending(changes)

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        present = QAction(tr("Närvarande"), menu)
        present.triggered.connect(lambda: self.set_absence(None))
        menu.addAction(present)
        absence_menu = menu.addMenu(tr("Frånvaro"))
        for code, label in ABSENCE_LABELS.items():
            action = QAction(label, absence_menu)
            action.triggered.connect(lambda _c=False, code=code: self.set_absence(code))
            absence_menu.addAction(action)
        clear = QAction(tr("Töm"), menu)
        clear.triggered.connect(self.clear_selected)
        menu.addAction(clear)
        menu.exec(self.grid.viewport().mapToGlobal(pos))

    def save(self) -> bool:
        if not self.model.pending:
            return True
        saved = dict(self.model.pending)
        with collector_paused():  # a week's cells: many small objects, no cycles (issue 25)
            return self._save(saved)

    def _save(self, saved: dict) -> bool:
        written: dict = {}
        try:
            with self.db.transaction() as s:
                n = att.save_cells(s, saved, self.today, written=written)
        except ValidationError as exc:
            self.model.set_errors({e.field: e.message for e in exc.errors})
            set_message(self.status, tr("Inget sparades: {n} fel (röda; håll musen över för att se varför).")
                        .format(n=words.count(len(exc.errors), "cell har", "celler har")), "error")
            return False
        except AmeError as exc:
            show_error(self, exc)
            return False
        if self.mode.currentData() == MODE_GROUP:
            self.model.apply_saved(written)  # what was saved, without reading the group's week again
        else:
            self.load_week()  # (the person's running balance changes with the hours)
        self.load_month(background=True, people={k.participant_id for k in saved})
        set_message(self.status, tr("{n} sparades.").format(n=words.count(n, "cell", "celler")), "ok")
        return True

    def revert(self) -> None:
        self.load_week()

    def _update_buttons(self) -> None:
        dirty = bool(self.model.pending)
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _guarded(self, action, revert_mode: bool = False) -> None:
        """Run an action that replaces the grid, asking first if there are unsaved cells."""
        if self.can_leave():
            action()

    def can_leave(self) -> bool:
        if not self.model.pending:
            return True
        box = QMessageBox(self)
        box.setWindowTitle(tr("Osparade timmar"))
        box.setText(tr("Du har ändrat timmar utan att spara. Vill du spara dem?"))
        save = box.addButton(tr("Spara"), QMessageBox.AcceptRole)
        discard = box.addButton(tr("Spara inte"), QMessageBox.DestructiveRole)
        box.addButton(tr("Avbryt"), QMessageBox.RejectRole)
        box.exec()
        if box.clickedButton() is save:
            return self.save()
        if box.clickedButton() is discard:
            self.model.pending.clear()
            self.model.changed.emit()
            return True
        return False

    # -- month ---------------------------------------------------------------------------------
    def _month_report(self, year: int, month: int, people: list[int] | None = None):
        with self.db.reading() as s:
            return report_service.monthly_report(s, year, month, with_days=False, participant_ids=people,
                                                 through=self.today if (year, month) == (self.today.year,
                                                                                         self.today.month) else None)

    def load_month(self, background: bool = False, people: set[int] | None = None) -> None:
        """The month view. After a save it is recomputed in the background: for a city's
        register that is a few hundred milliseconds the coach should not wait for. `people`:
        only their figures changed (a save), so only theirs are computed again and put in the
        month shown — each person's figures are their own (issue 25: a country-size register's
        whole month, recomputed after every save, held back the coach's next week)."""
        year, month = self.month.currentData()
        self._month_seq += 1  # what a computation still running would show is older
        if not background:
            self._show_month(self._month_report(year, month), year, month)
            return
        from PySide6.QtCore import QThreadPool

        from ame_desktop.ui.workers import Job

        seq = self._month_seq
        shown = self._month_rep
        if people is not None and shown is not None and (shown.year, shown.month) == (year, month):
            # Everyone saved since the month was last shown whole: a later job covers the earlier's people.
            self._month_stale |= people
            ids = sorted(self._month_stale)
            job = Job(lambda _p, _c: self._month_report(year, month, ids))
            job.signals.done.connect(lambda fresh: self._month_done(seq, year, month, fresh, set(ids)))
        else:
            job = Job(lambda _p, _c: self._month_report(year, month))
            job.signals.done.connect(lambda rep: self._month_done(seq, year, month, rep, None))
        self._month_job = job
        QThreadPool.globalInstance().start(job)

    def _month_done(self, seq: int, year: int, month: int, rep, people: set[int] | None) -> None:
        if seq != self._month_seq or self.month.currentData() != (year, month):
            return  # a newer computation is under way (it covers these people too), or another month is shown
        if people is not None:
            if self._month_rep is None or (self._month_rep.year, self._month_rep.month) != (year, month):
                return
            rep = _merge_people(self._month_rep, rep, people)
        self._show_month(rep, year, month)

    def _show_month(self, rep, year: int, month: int) -> None:
        self._month_rep = rep
        self._month_stale = set()
        people = report_service.shortfalls(rep) if self.only_short.isChecked() else rep.participants
        self._month_rows = [p.participant_id for p in people]
        self.month_model.set_rows([
            (p.name, format_digits(p.personnummer), report_service.STATUS_LABELS[p.status], _n(p.required_hours),
             _n(p.attended_hours), _n(p.job_seeking_hours), _n(p.valid_absence_hours), _n(p.cancelled_hours),
             _n(p.invalid_absence_hours), _n(p.unregistered_hours), str(p.not_enrolled_days or ""),
             str(p.closed_days or ""), p.staff) for p in people])
        short = len(report_service.shortfalls(rep))
        text = tr("{n} personer har aktivitetskrav i {m}; för {k} saknas timmar").format(
            n=len(rep.participants), m=f"{MONTHS[month - 1]} {year}", k=short)
        if (year, month) == (self.today.year, self.today.month):
            text += tr(" hittills (t.o.m. {d}).").format(d=self.today.isoformat())
        else:
            text += "."
        self.month_summary.setText(text)
        self.month_model.fit_columns(self.month_view)

    def _month_row_opened(self, index) -> None:
        """Double-click: show that person's week grid."""
        pid = self._month_rows[index.row()]
        self.show_person(pid)

    def _open_selected_person(self) -> None:
        row = self.month_view.currentIndex().row()
        if 0 <= row < len(self._month_rows) and self.can_leave():
            self.open_participant.emit(self._month_rows[row])

    def show_person(self, participant_id: int, day: date | None = None) -> None:
        if not self.can_leave():
            return
        if day is not None:
            self.monday = att.monday_of(day)
        self.mode.blockSignals(True)
        self.mode.setCurrentIndex(self.mode.findData(MODE_PERSON))
        self.mode.blockSignals(False)
        self.activity.setVisible(False)
        self.person.setVisible(True)
        self.reload_choices()
        i = self.person.findData(participant_id)
        if i < 0:
            with self.db.reading() as s:
                p = participant_list.picker_person(s, participant_id)
                self.person.addItem(p.label, p.id)
            i = self.person.count() - 1
        self.person.setCurrentIndex(i)
        self.load_week()

    def export_month(self) -> None:
        from pathlib import Path

        from ame_desktop.services import exports

        year, month = self.month.currentData()
        path, _ = file_dialogs.getSaveFileName(self, tr("Skriv månadsrapport"), f"aktivitetskrav-{year}-{month:02d}.pdf",
                                              tr("PDF (*.pdf);;Excel (*.xlsx);;JSON (*.json)"))
        if not path:
            return

        def work(progress, _cancelled):
            exports.activity_report(self.db, year, month, path,
                                    progress=lambda text, fraction: progress(tr(text), fraction))
            return Path(path)

        run_in_background(self, tr("Skriver månadsrapporten…"), work,
                          lambda out: QMessageBox.information(self, tr("Månadsrapport"),
                                                              tr("Rapporten sparades i {p}.").format(p=out)))

    # -- page protocol ---------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.model.pending:
            self.reload_choices()
            self.load_week()
            self.load_month()

    def prepare_screenshot(self) -> None:
        """Show the busiest group this week, with the schedule filled in where nothing is recorded."""
        self.mode.setCurrentIndex(self.mode.findData(MODE_GROUP))
        self.load_week()
        if self.model.rowCount():
            self.grid.selectionModel().setCurrentIndex(self.model.index(0, 0), QItemSelectionModel.ClearAndSelect)


def _merge_people(shown, fresh, people: set[int]):
    """The month shown with `people`'s figures replaced by `fresh` (the same month computed for
    them alone), in the report's order (by personnummer)."""
    from dataclasses import replace

    merged = [p for p in shown.participants if p.participant_id not in people] + fresh.participants
    merged.sort(key=lambda p: p.personnummer)
    return replace(shown, participants=merged)


def _n(hours: float) -> str:
    return f"{hours:.2f}".rstrip("0").rstrip(".").replace(".", ",")
