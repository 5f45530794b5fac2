"""Feriejobb: young people's summer-job applications and places (issue 19), with filters, the
figures of the year (as KAS counts them, N40471–N40475), and the list as .xlsx."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TR_NOOP, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain import codes
from ame_desktop.domain.errors import AmeError
from ame_desktop.services import authz
from ame_desktop.services import participants as participant_service
from ame_desktop.services import summer_jobs as sj
from ame_desktop.services import participant_list as pl
from ame_desktop.store.database import Database
from ame_desktop.ui import file_dialogs
from ame_desktop.ui.common import DateField, date_text, heading, show_error, tr
from ame_desktop.ui.list_model import ListTableModel
from ame_desktop.ui.record_dialog import RecordDialog

# Short sector names for the list and the filter (the full ones in the dialog and the file).
SHORT = {"KOMMUN": QT_TR_NOOP("Kommunens egen verksamhet"), "PRIVAT": QT_TR_NOOP("Privata näringslivet"),
         "CIVIL": QT_TR_NOOP("Civilsamhället"),
         "ANNAN": QT_TR_NOOP("Annan arbetsgivare")}
PLACEMENT_CHOICES = [(None, QT_TR_NOOP("Alla ansökningar")), (sj.PLACED, QT_TR_NOOP("Med plats")),
                     (sj.NOT_PLACED, QT_TR_NOOP("Utan plats"))] + [
    (k, v) for k, v in SHORT.items()]
HEADERS = [QT_TR_NOOP("Ansökan"), QT_TR_NOOP("Namn"), QT_TR_NOOP("Personnummer"), QT_TR_NOOP("Kommun"),
           QT_TR_NOOP("Önskemål"), QT_TR_NOOP("Placering"), QT_TR_NOOP("Arbetsplats"),
           QT_TR_NOOP("Från – till")]


class SummerJobsPage(QWidget):
    open_participant = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.rows: list[sj.SummerJobRow] = []
        self.job_dialog: RecordDialog | None = None
        self._loading = False

        self.year = QComboBox()
        self.municipality = QComboBox()
        self.municipality.setMinimumContentsLength(12)
        self.placement = QComboBox()
        for code, label in PLACEMENT_CHOICES:
            self.placement.addItem(tr(label), code)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Namn eller personnummer"))
        self.search.setClearButtonEnabled(True)
        filters = QHBoxLayout()
        for label, widget in ((tr("&År"), self.year), (tr("&Kommun"), self.municipality),
                              (tr("&Placering"), self.placement), (tr("S&ök"), self.search)):
            lab = QLabel(label)
            lab.setBuddy(widget)
            filters.addWidget(lab)
            filters.addWidget(widget, 1 if widget is self.search else 0)
            filters.addSpacing(8)

        self.new_button = QPushButton(tr("Ny ansökan…"))
        self.new_button.clicked.connect(lambda: self.edit(new=True))
        self.edit_button = QPushButton(tr("Ändra…"))
        self.edit_button.clicked.connect(lambda: self.edit())
        self.delete_button = QPushButton(tr("Ta bort"))
        self.delete_button.clicked.connect(self.delete)
        self.export_button = QPushButton(tr("Exportera listan (.xlsx)…"))
        self.export_button.clicked.connect(self.export)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)

        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.model = ListTableModel([tr(h) for h in HEADERS])
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
        self.view.doubleClicked.connect(lambda _i: self.edit())
        fm = self.view.fontMetrics()
        for col, sample in enumerate(("2026-03-01", "Ibrahim Gustafsson", "20080505-1232", "Kommun",
                                      "Djur, natur, gärna utomhus", "Kommunens egen verksamhet", "Parkförvaltningen")):
            self.view.setColumnWidth(col, fm.horizontalAdvance(sample) + 16)

        intro = QLabel(tr("Ansökningar om feriejobb och feriepraktik, och platserna de unga fått. Ett feriejobb "
                          "är ingen inskrivning: den unga räknas inte bland deltagarna. KAS räknar varje person en "
                          "gång per år, i personens egen kommun."))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Feriejobb")))
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

        self.reload_choices()
        self.year.currentIndexChanged.connect(lambda _i: self._changed())
        self.municipality.currentIndexChanged.connect(lambda _i: self._changed())
        self.placement.currentIndexChanged.connect(lambda _i: self._changed())
        self.search.textChanged.connect(lambda _t: self._changed())
        self.load()

    # -- choices and the list ----------------------------------------------------------------
    def reload_choices(self) -> None:
        with self.db.reading() as s:
            years = sj.summer_years(s)
            munis = pl.municipalities_in_use(s)
            can_write = authz.actor(s).can_write
        self._loading = True
        try:
            current_year, current_muni = self.year.currentData(), self.municipality.currentData()
            self.year.clear()
            this_year = date.today().year
            for y in sorted(set(years) | {this_year}, reverse=True):
                self.year.addItem(str(y), y)
            self.year.addItem(tr("Alla år"), None)
            i = self.year.findData(current_year if current_year is not None else (years[0] if years else this_year))
            self.year.setCurrentIndex(max(i, 0))
            self.municipality.clear()
            self.municipality.addItem(tr("Alla kommuner"), None)
            for code, name in munis:
                self.municipality.addItem(f"{name} ({code})", code)
            self.municipality.setCurrentIndex(max(self.municipality.findData(current_muni), 0))
        finally:
            self._loading = False
        for b in (self.new_button, self.edit_button, self.delete_button):
            b.setVisible(can_write)

    def _changed(self) -> None:
        if not self._loading:
            self.load()

    def current_filter(self) -> sj.SummerJobFilter:
        return sj.SummerJobFilter(year=self.year.currentData(), municipality=self.municipality.currentData(),
                                  placement=self.placement.currentData(), search=self.search.text().strip())

    def load(self) -> None:
        f = self.current_filter()
        try:
            with self.db.reading() as s:
                self.rows = sj.list_summer_jobs(s, f)
        except AmeError as exc:
            show_error(self, exc)
            return
        self.model.set_rows([
            (date_text(r.applied_on), r.name, r.personnummer, r.municipality, (r.wishes or "").replace("\n", " "),
             tr(SHORT.get(r.placement, "")) if r.placement else tr("Ingen plats"), r.workplace or "",
             f"{date_text(r.start_date)} – {date_text(r.end_date)}" if (r.start_date or r.end_date) else "")
            for r in self.rows])
        persons = {r.participant_id for r in self.rows}
        placed = {r.participant_id for r in self.rows if r.placement}
        outside = {r.participant_id for r in self.rows if r.placement in ("PRIVAT", "CIVIL", "ANNAN")}
        self.summary.setText(tr("{n} ansökningar från {p} personer; {placed} personer har fått plats, varav {out} "
                                "utanför kommunens egna verksamhet. (Siffrorna för Kolada finns under Rapporter "
                                "och export, N40471–N40475.)").format(n=len(self.rows), p=len(persons),
                                                                       placed=len(placed), out=len(outside)))
        self.export_button.setEnabled(bool(self.rows))

    def selected(self) -> sj.SummerJobRow | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.rows[rows[0].row()] if rows else None

    # -- editing -------------------------------------------------------------------------------
    def edit(self, new: bool = False, person: str | None = None) -> RecordDialog | None:
        current = None if new else self.selected()
        if not new and current is None:
            return None
        who = QLineEdit(person or (current.personnummer if current else ""))
        who.setPlaceholderText(tr("ÅÅÅÅMMDD-NNNN (personen ska finnas i registret)"))
        who.setEnabled(current is None)
        applied = DateField()
        applied.set_value(current.applied_on if current else date.today())
        wishes = QPlainTextEdit(current.wishes or "" if current else "")
        wishes.setFixedHeight(70)
        placement = QComboBox()
        placement.addItem(tr("Ingen plats (än)"), None)
        for k, v in codes.SUMMER_PLACEMENT_LABELS.items():
            placement.addItem(f"{k} – {v}", k)
        placement.setCurrentIndex(max(placement.findData(current.placement if current else None), 0))
        workplace = QLineEdit(current.workplace or "" if current else "")
        start = DateField(optional=True)
        start.set_value(current.start_date if current else None)
        end = DateField(optional=True)
        end.set_value(current.end_date if current else None)

        def save():
            data = sj.SummerJobInput(applied.value(), wishes.toPlainText(), placement.currentData(), workplace.text(),
                                     start.value(), end.value())
            with self.db.transaction() as s:
                if current is not None:
                    return sj.update_summer_job(s, current.id, data)
                from ame_desktop.domain.errors import ValidationError

                try:
                    pid = participant_service.find_participant(s, who.text()).id
                except AmeError as exc:
                    raise ValidationError.single("personnummer", exc.message) from None
                return sj.add_summer_job(s, pid, data)

        dlg = RecordDialog(self, tr("Ny feriejobbsansökan") if current is None else tr("Ändra feriejobbsansökan"), save)
        dlg.add_field("personnummer", tr("Personnummer"), who)
        dlg.add_field("applied_on", tr("Ansökningsdatum"), applied)
        dlg.add_field("wishes", tr("Önskemål"), wishes)
        dlg.add_field("placement", tr("Placering"), placement)
        dlg.add_field("workplace", tr("Arbetsplats"), workplace)
        dlg.add_field("start_date", tr("Från"), start)
        dlg.add_field("end_date", tr("Till"), end)
        self.job_dialog = dlg  # tests drive it
        dlg.accepted.connect(self.refresh)
        dlg.open()
        return dlg

    def delete(self) -> None:
        current = self.selected()
        if current is None:
            return
        if QMessageBox.question(self, tr("Ta bort ansökan"), tr("Ta bort ansökan från {d}?").format(
                d=date_text(current.applied_on))) != QMessageBox.Yes:
            return
        try:
            with self.db.transaction() as s:
                sj.delete_summer_job(s, current.id)
        except AmeError as exc:
            show_error(self, exc)
        self.refresh()

    # -- export --------------------------------------------------------------------------------
    def export(self) -> None:
        f = self.current_filter()
        name = f"feriejobb-{f.year or 'alla'}{'-' + f.municipality if f.municipality else ''}.xlsx"
        path, _ = file_dialogs.getSaveFileName(self, tr("Exportera feriejobbslistan"), name,
                                               tr("Excel-arbetsbok (*.xlsx)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str | Path) -> Path | None:
        if not str(path).lower().endswith(".xlsx"):
            path = f"{path}.xlsx"
        try:
            from ame_desktop.services import exports

            out, n = exports.summer_jobs(self.db, self.current_filter(), path)
        except AmeError as exc:
            show_error(self, exc)
            return None
        self.status.setText(tr("Listan ({n} ansökningar) sparades i {p}.").format(n=n, p=out))
        return Path(out)

    # -- page protocol -------------------------------------------------------------------------
    def can_leave(self) -> bool:
        return True

    def refresh(self) -> None:
        self.reload_choices()
        self.load()

    def prepare_screenshot(self) -> None:
        self.refresh()
        if self.model.rowCount():
            self.view.selectRow(0)
