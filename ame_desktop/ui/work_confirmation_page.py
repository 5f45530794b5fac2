"""Bekräfta arbete (issue 19): exits to work (A1/A2) whose job is to be confirmed to have lasted
one continuous month. Kolada counts "Börjat arbeta" only then; until confirmed the exit counts
among the exited persons but in none of A–E."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TR_NOOP, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain import codes
from ame_desktop.domain.errors import AmeError
from ame_desktop.services import authz
from ame_desktop.services import work_confirmation as wc
from ame_desktop.store.database import Database
from ame_desktop.ui.common import DateField, date_text, heading, show_error, tr
from ame_desktop.ui.list_model import ListTableModel
from ame_desktop.ui.record_dialog import RecordDialog

HEADERS = [QT_TR_NOOP("Namn"), QT_TR_NOOP("Personnummer"), QT_TR_NOOP("Kommun"), QT_TR_NOOP("Avslut"),
           QT_TR_NOOP("Orsak"), QT_TR_NOOP("Första arbetsdag"), QT_TR_NOOP("Kan bekräftas från"),
           QT_TR_NOOP("Läge")]
LATE = QColor("#b00020")
REASON_SHORT = {"A1": QT_TR_NOOP("A1 – osubventionerad"), "A2": QT_TR_NOOP("A2 – subventionerad")}


class _Model(ListTableModel):
    def __init__(self):
        super().__init__([tr(h) for h in HEADERS])
        self.late: set[int] = set()

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.ForegroundRole and index.isValid() and index.row() in self.late and index.column() == 7:
            return LATE
        return super().data(index, role)


class WorkConfirmationPage(QWidget):
    open_participant = Signal(int)
    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self._today = today
        self.items: list[wc.PendingConfirmation] = []
        self.dialog: RecordDialog | None = None
        self.only_due = QCheckBox(tr("Visa bara de som kan bekräftas nu"))
        self.only_due.toggled.connect(lambda _on: self.load())
        self.confirm_button = QPushButton(tr("Arbetet har varat en månad…"))
        self.confirm_button.clicked.connect(self.confirm)
        self.not_lasted_button = QPushButton(tr("Arbetet varade inte…"))
        self.not_lasted_button.clicked.connect(self.did_not_last)
        self.open_button = QPushButton(tr("Öppna personen"))
        self.open_button.clicked.connect(self._open)
        row = QHBoxLayout()
        row.addWidget(self.only_due)
        row.addStretch(1)
        for b in (self.confirm_button, self.not_lasted_button, self.open_button):
            row.addWidget(b)
        self.model = _Model()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self._open())
        fm = self.view.fontMetrics()
        for col, sample in enumerate(("Ibrahim Gustafsson", "19640823-3234", "Kommun", "2026-01-31", "Orsak",
                                      "Första arbetsdag", "Kan bekräftas från")):
            self.view.setColumnWidth(col, fm.horizontalAdvance(sample) + 16)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        intro = QLabel(tr("Kolada räknar ett avslut till arbete (A1/A2) som ”Börjat arbeta” först när anställningen "
                          "har pågått minst en sammanhängande månad. En månad efter första arbetsdagen: bekräfta att "
                          "arbetet varat, eller ändra avslutsorsaken om det inte gjorde det. Obekräftade avslut räknas "
                          "bland avslutade men i ingen av A–E."))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Bekräfta arbete")))
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.load()

    @property
    def today(self) -> date:
        return self._today or date.today()

    def load(self) -> None:
        try:
            with self.db.reading() as s:
                self.items = wc.pending_confirmations(s, today=self.today, only_due=self.only_due.isChecked())
                can_write = authz.actor(s).can_write
        except AmeError as exc:
            show_error(self, exc)
            return
        rows, late = [], set()
        for i, p in enumerate(self.items):
            if p.overdue(self.today):
                state = tr("Uppföljningen försenad ({n} dagar)").format(n=(self.today - p.due).days)
                late.add(i)
            elif p.is_due(self.today):
                state = tr("Kan bekräftas i dag")
            else:
                state = tr("Väntar ({n} dagar kvar)").format(n=(p.due - self.today).days)
            rows.append((p.name, p.personnummer, p.municipality, date_text(p.end_date),
                         tr(REASON_SHORT.get(p.exit_reason, p.exit_reason)), date_text(p.job_start),
                         date_text(p.due), state))
        self.model.late = late
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        due = sum(1 for p in self.items if p.is_due(self.today))
        self.summary.setText(tr("{n} avslut till arbete väntar på bekräftelse; {d} kan bekräftas nu, varav {l} är "
                                "försenade.").format(n=len(self.items), d=due, l=len(late)) if self.items
                             else tr("Inga avslut till arbete väntar på bekräftelse."))
        for b in (self.confirm_button, self.not_lasted_button):
            b.setVisible(can_write)
            b.setEnabled(bool(self.items))

    def selected(self) -> wc.PendingConfirmation | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        if rows:
            return self.items[rows[0].row()]
        return self.items[0] if len(self.items) == 1 else None

    def _open(self) -> None:
        p = self.selected()
        if p is not None:
            self.open_participant.emit(p.participant_id)

    def confirm(self) -> RecordDialog | None:
        p = self.selected()
        if p is None:
            return None
        when = DateField()
        when.set_value(max(self.today, p.due) if p.due <= self.today else p.due)
        note = QLabel(tr("{name}: första arbetsdag {first}; kan bekräftas från {due}.").format(
            name=p.name, first=date_text(p.job_start), due=date_text(p.due)))
        note.setWordWrap(True)

        def save():
            with self.db.transaction() as s:
                return wc.confirm_work(s, p.enrollment_id, when.value(), today=self.today)

        dlg = RecordDialog(self, tr("Bekräfta att arbetet varat en månad"), save)
        dlg.add_field("work_confirmed_on", tr("Bekräftat den"), when, note)
        return self._run(dlg)

    def did_not_last(self) -> RecordDialog | None:
        p = self.selected()
        if p is None:
            return None
        reason = QComboBox()
        reason.addItem(tr("Välj avslutsorsak…"), None)
        for k, v in codes.EXIT_REASON_LABELS.items():
            if k not in ("A1", "A2"):
                reason.addItem(f"{k} – {v}", k)
        why = QLineEdit()
        why.setPlaceholderText(tr("t.ex. anställningen upphörde efter två veckor"))

        def save():
            with self.db.transaction() as s:
                return wc.work_did_not_last(s, p.enrollment_id, reason.currentData(), why.text())

        from ame_desktop.services import participants as participant_service
        from ame_desktop.services.protected_identity import title_name

        with self.db.reading() as s:  # protected identity: never the name in a window title
            name = title_name(s, participant_service.get_participant(s, p.participant_id))
        dlg = RecordDialog(self, tr("Arbetet varade inte en månad – {name}").format(name=name), save)
        dlg.add_field("exit_reason", tr("Ny avslutsorsak"), reason)
        dlg.add_field("reason", tr("Varför (sparas i loggen)"), why)
        return self._run(dlg)

    def _run(self, dlg: RecordDialog) -> RecordDialog:
        self.dialog = dlg  # tests drive it

        def done():
            self.load()
            self.changed.emit()

        dlg.accepted.connect(done)
        dlg.open()
        return dlg

    # -- page protocol -------------------------------------------------------------------------
    def can_leave(self) -> bool:
        return True

    def refresh(self) -> None:
        self.load()

    def prepare_screenshot(self) -> None:
        self.load()
        if self.model.rowCount():
            self.view.selectRow(0)
