"""Rapporter och export: the Kolada (KAS) figures on screen, their Kontroll findings, the drill-down
to the persons behind a figure, the staff FTEs entered by hand, and the export to a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.ui import file_dialogs
from ame_desktop.domain import words
from ame_desktop.domain.errors import AmeError, UserError, ValidationError
from ame_desktop.services import kolada as kol
from ame_desktop.services import settings
from ame_desktop.services.exports import ExportCancelled
from ame_desktop.store.database import Database
from ame_desktop.ui.common import ErrorLabel, heading, set_error_style, show_error, tr, user_label
from ame_desktop.ui.list_model import ListTableModel
from ame_desktop.ui.workers import run_in_background

MONTH_NAMES = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
               "november", "december"]
GENDER_TEXT = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}
FILE_FILTERS = {"Excel-arbetsbok (*.xlsx)": ".xlsx", "CSV för Excel (*.csv)": ".csv", "JSON, Koladas format (*.json)": ".json"}


def number_text(value: float | int | None, share: bool) -> str:
    """Swedish number formatting: decimal comma; shares with one decimal and a percent sign."""
    if value is None:
        return "–"
    if share:
        return f"{value:.1f} %".replace(".", ",")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


class _Table(ListTableModel):
    """A read-only model: row tuples for display, and per row a payload (Qt.UserRole) and tooltips."""

    def __init__(self, headers: list[str], numeric_columns: tuple[int, ...] = (), parent=None):
        super().__init__(headers, parent=parent)
        self.numeric = numeric_columns
        self.payload: list[object] = []
        self.tooltips: list[str] = []
        self.muted: set[int] = set()

    def set_data(self, rows: list[tuple], payload: list[object], tooltips: list[str] | None = None,
                 muted: set[int] | None = None) -> None:
        self.payload = payload
        self.tooltips = tooltips or [""] * len(rows)
        self.muted = muted or set()
        self.set_rows(rows)

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.UserRole:
            return self.payload[index.row()]
        if role == Qt.ToolTipRole:
            tip = self.tooltips[index.row()]
            return tip or super().data(index, Qt.DisplayRole)
        if role == Qt.TextAlignmentRole and index.column() in self.numeric:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ForegroundRole and index.row() in self.muted:
            return QColor("#8a5a00")
        return super().data(index, role)


def _table(model: _Table, stretch_column: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    vh = view.verticalHeader()
    vh.setVisible(False)
    vh.setSectionResizeMode(QHeaderView.Fixed)
    vh.setDefaultSectionSize(view.fontMetrics().height() + 8)
    hh = view.horizontalHeader()
    hh.setSectionResizeMode(QHeaderView.Interactive)
    hh.setSectionResizeMode(stretch_column, QHeaderView.Stretch)
    return view


class PersonsDialog(QDialog):
    """The persons counted in one figure. Double-click opens the person."""

    def __init__(self, parent: QWidget, title: str, note: str, people: list[kol.FigurePerson], on_open):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.on_open = on_open
        self.model = _Table([tr("Namn"), tr("Personnummer"), tr("Uppgifter")])
        self.model.set_data([(p.name, p.personnummer, p.detail) for p in people], [p.participant_id for p in people])
        self.view = _table(self.model, 2)
        self.view.setColumnWidth(0, 190)
        self.view.setColumnWidth(1, 130)
        self.view.doubleClicked.connect(self._open)
        label = QLabel(note)
        label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText(tr("Stäng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(900, 520)

    def _open(self, index: QModelIndex) -> None:
        pid = self.model.data(index, Qt.UserRole)
        if pid is not None:
            self.on_open(pid)
            self.accept()


class ExportPage(QWidget):
    open_participant = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.result: kol.KoladaResult | None = None
        self.drill_dialog: PersonsDialog | None = None
        self.export_job = None

        self.year = QSpinBox()
        self.year.setRange(kol.FIRST_YEAR, max(kol.FIRST_YEAR, date.today().year))
        self.year.setValue(date.today().year)
        self.month = QComboBox()
        self.month.addItem(tr("Hela året"), None)
        for i, name in enumerate(MONTH_NAMES, start=1):
            self.month.addItem(tr("Till och med {month}").format(month=name), i)
        self.municipality = QComboBox()
        self.municipality.setMinimumContentsLength(14)
        self.municipality.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.export_button = QPushButton(tr("Exportera…"))
        self.export_button.setToolTip(tr("Skriv nyckeltalen till en fil för Kolada (.xlsx, .csv eller .json)"))
        self.export_button.clicked.connect(self.export)

        choose = QHBoxLayout()
        for label, widget in ((tr("År"), self.year), (tr("Period"), self.month), (tr("Kommun"), self.municipality)):
            lab = QLabel(label)
            lab.setBuddy(widget)
            choose.addWidget(lab)
            choose.addWidget(widget)
            choose.addSpacing(12)
        choose.addStretch(1)
        choose.addWidget(self.export_button)

        self.summary = user_label("")
        self.summary.setWordWrap(True)
        self.problem = ErrorLabel()
        self.export_status = user_label("")
        self.export_status.setWordWrap(True)
        self.export_status.setTextInteractionFlags(Qt.TextSelectableByMouse)

        # Figures: survey order, one row per gender shown.
        self.figures = _Table([tr("KPI"), tr("Nyckeltal"), tr("Kön"), tr("Värde"), tr("Täljare"), tr("Nämnare"),
                               tr("Status")], numeric_columns=(3, 4, 5))
        # The label column keeps its width (a narrow window scrolls sideways rather than hide it).
        self.figure_view = _table(self.figures, 6)
        fm = self.figure_view.fontMetrics()
        for col, sample in ((0, "U40000"), (1, "Anvisningar från socialtjänsten"), (2, "Kvinnor"), (3, "100,0 %"),
                            (4, "Täljare"), (5, "Nämnare"), (6, "0 i nämnaren")):
            self.figure_view.setColumnWidth(col, fm.horizontalAdvance(sample) + 14)
        self.figure_view.doubleClicked.connect(self._figure_double_clicked)

        self.findings = _Table([tr("Namn"), tr("Personnummer"), tr("Vad som saknas")])
        self.finding_view = _table(self.findings, 2)
        self.finding_view.setColumnWidth(0, fm.horizontalAdvance("Ibrahim Gustafsson") + 12)
        self.finding_view.setColumnWidth(1, fm.horizontalAdvance("19640823-3234") + 12)
        self.finding_view.doubleClicked.connect(self._finding_double_clicked)

        self.figures_title = QLabel(tr("<b>Nyckeltal</b> – dubbelklicka för att se vilka personer som räknas"))
        self.findings_title = QLabel(tr("<b>Kontroll</b>"))
        for title in (self.figures_title, self.findings_title):
            title.setWordWrap(True)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.figures_title)
        lv.addWidget(self.figure_view, 1)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.findings_title)
        rv.addWidget(self.finding_view, 1)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([650, 430])

        self.fte_box = QGroupBox(tr("Årsarbetare (matas in för hand)"))
        self.fte: dict[tuple[str, str], QLineEdit] = {}
        grid = QGridLayout(self.fte_box)
        grid.setHorizontalSpacing(10)
        for col, g in enumerate(kol.GENDERS, start=1):
            grid.addWidget(QLabel(GENDER_TEXT[g]), 0, col)
        fte_labels = {"U40000": tr("U40000 Anställda som arbetar med arbetsmarknadsfrågor"),
                      "U40403": tr("U40403 Kommunala arbetsmarknadsanställningar")}
        for row, kpi in enumerate(kol.INPUT_KPIS, start=1):
            label = QLabel(fte_labels[kpi])
            label.setToolTip(kol.kpi_title(kpi))
            grid.addWidget(label, row, 0)
            for col, g in enumerate(kol.GENDERS, start=1):
                edit = QLineEdit()
                edit.setPlaceholderText(tr("ej inmatat"))
                edit.setMaximumWidth(90)
                edit.setAlignment(Qt.AlignRight)
                edit.returnPressed.connect(self.save_fte)
                self.fte[(kpi, g)] = edit
                grid.addWidget(edit, row, col)
        self.fte_save = QPushButton(tr("Spara årsarbetare"))
        self.fte_save.clicked.connect(self.save_fte)
        self.fte_status = QLabel("")
        self.fte_error = ErrorLabel()
        grid.addWidget(self.fte_save, 1, 4)
        grid.addWidget(self.fte_status, 2, 4)
        grid.addWidget(self.fte_error, 3, 0, 1, 5)
        grid.setColumnStretch(5, 1)
        self.fte_box.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)

        intro = QLabel(tr("KAS-nyckeltalen för Kolada, beräknade ur registret. Exporten innehåller också en "
                          "sammanställning att föra in i Koladas formulär och listan Kontroll."))
        intro.setWordWrap(True)  # lets the window shrink on a small screen
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Rapporter och export")))
        layout.addWidget(intro)
        layout.addLayout(choose)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.fte_box)
        layout.addWidget(self.export_status)

        self._loading = False
        self.reload_choices(initial=True)
        self.year.valueChanged.connect(lambda _v: self._choice_changed())
        self.month.currentIndexChanged.connect(lambda _i: self._choice_changed())
        self.municipality.currentIndexChanged.connect(lambda _i: self._choice_changed())
        self.load()

    # -- choices -----------------------------------------------------------------------------
    def reload_choices(self, initial: bool = False) -> None:
        """Municipalities with participants, and the years with data; on first load, the last full year."""
        with self.db.reading() as s:
            munis = kol.municipalities_with_participants(s)
            years = kol.data_years(s)
            default = settings.default_municipality(s)
        self._loading = True
        try:
            current = self.municipality.currentData() or default
            self.municipality.clear()
            for code, name in munis:
                self.municipality.addItem(f"{name} ({code})", code)
            i = self.municipality.findData(current)
            self.municipality.setCurrentIndex(i if i >= 0 else 0)
            this_year = date.today().year
            if years is not None:
                first, last = max(years[0], kol.FIRST_YEAR), max(min(years[1], this_year), kol.FIRST_YEAR)
                self.year.setRange(min(first, last), max(this_year, kol.FIRST_YEAR))
                if initial:
                    self.year.setValue(this_year - 1 if first <= this_year - 1 else last)
        finally:
            self._loading = False

    def _choice_changed(self) -> None:
        if not self._loading:
            self.load()

    @property
    def through_month(self) -> int | None:
        return self.month.currentData()

    @property
    def chosen_municipality(self) -> str | None:
        return self.municipality.currentData()

    # -- figures -----------------------------------------------------------------------------
    def load(self) -> None:
        """Compute the figures for the chosen year, period and municipality, and show them."""
        self.problem.show_message("")
        code = self.chosen_municipality
        self._load_fte(code)
        if code is None:
            self._show(None)
            self.summary.setText(tr("Registret har inga deltagare än; det finns inga nyckeltal att visa."))
            return
        try:
            with self.db.reading() as s:
                result = kol.compute_kolada(s, self.year.value(), self.through_month, code)
        except UserError as exc:
            self._show(None)
            self.summary.setText("")
            self.problem.show_message(exc.message)
            return
        except AmeError as exc:
            show_error(self, exc)
            return
        self._show(result)

    def _show(self, result: kol.KoladaResult | None) -> None:
        self.result = result
        self.export_button.setEnabled(result is not None)
        if result is None:
            self.figures.set_data([], [])
            self.findings.set_data([], [])
            self.findings_title.setText(tr("<b>Kontroll</b>"))
            return
        code = result.municipalities[0]
        index = {(r.kpi, r.gender): r for r in result.rows if r.municipality == code}
        rows, payload, tips, muted = [], [], [], set()
        # Visible sums: after the last education share and the last exit share, their sum.
        sums_after = {"U40827": "education", "U40418": "exits"}
        for k in kol.exported_kpis(result.year):
            for g in kol.GENDERS if k.gendered else ("T",):
                r = index.get((k.kpi, g))
                if r is None:
                    continue
                status = "" if not r.status else (tr("Ej inmatat") if k.base == kol.INPUT else tr("0 i nämnaren"))
                if r.status:
                    muted.add(len(rows))
                rows.append((k.kpi, k.label if g == "T" else f"  {k.label}", GENDER_TEXT[g],
                             number_text(r.value, k.share), "" if r.numerator is None else r.numerator,
                             "" if r.denominator is None else r.denominator, status))
                payload.append(r)
                tip = r.kpi_title
                if r.status and k.base != kol.INPUT:
                    tip += "\n" + tr("0 i nämnaren: andelen kan inte beräknas (Missing i exporten).")
                tips.append(tip)
            group = sums_after.get(k.kpi)
            for g in (kol.GENDERS if k.gendered else ("T",)) if group else ():
                line = result.sum_line(group, code, g)
                if line is None:
                    continue
                label = tr(line.label) if g == "T" else f"  {tr(line.label)}"
                rows.append(("Σ", label, GENDER_TEXT[g], number_text(line.share, True), line.numerator,
                             "" if line.denominator is None else line.denominator,
                             tr("under 100 %") if line.share is not None and line.share < 100 else ""))
                payload.append(None)
                missing = (line.denominator or 0) - line.numerator
                tips.append(tr("Summan av {first}–{last}: {n} av {d}. {m} saknar uppgift (eller har ett avslut som "
                               "inte räknas i A–E), därför kan summan bli under 100 %.").format(
                    first=line.kpis[0], last=line.kpis[-1], n=line.numerator, d=line.denominator, m=missing))
        self.figures.set_data(rows, payload, tips, muted)
        f = result.findings
        self.findings.set_data([(x.name, x.personnummer, x.summary) for x in f], [x.participant_id for x in f],
                               [x.problem for x in f])
        self.findings_title.setText(
            tr("<b>Kontroll</b> – {n} (dubbelklicka för att öppna personen)").format(
                n=words.count(len(f), "anmärkning", "anmärkningar"))
            if f else tr("<b>Kontroll</b> – inga anmärkningar"))
        period = f"{result.period_start.isoformat()} – {result.period_end.isoformat()}"
        self.summary.setText(
            tr("{name}, {period}: {persons} personer bakom siffrorna, {participants} deltagare, "
               "{exits} avslutade.").format(name=result.municipality_names.get(code, code), period=period,
                                            persons=result.persons.get(code, 0),
                                            participants=index[("U40800", "T")].value,
                                            exits=index[("N40450", "T")].value))

    def figure_at(self, row: int) -> kol.KoladaRow:
        return self.figures.payload[row]

    def _figure_double_clicked(self, index: QModelIndex) -> None:
        row = self.figures.payload[index.row()]
        if row is not None:  # a sum line rests on the rows above it
            self.show_persons(row)

    def show_persons(self, row: kol.KoladaRow) -> PersonsDialog | None:
        """The drill-down: who is counted in this figure's numerator."""
        k = kol.KPI_BY_ID[row.kpi]
        if k.base == kol.INPUT:
            self.problem.show_message(tr("Årsarbetare matas in för hand nedan; de bygger inte på personer i registret."))
            return None
        assert self.result is not None
        try:
            with self.db.reading() as s:
                people = kol.persons_in_figure(s, self.result.year, self.result.through_month, row.municipality,
                                               row.kpi, row.gender)
        except AmeError as exc:
            show_error(self, exc)
            return None
        what = tr("anvisningar") if k.base == kol.REFERRALS else tr("personer")
        title = f"{row.kpi} {k.label} – {GENDER_TEXT[row.gender].lower()}"
        note = tr("{n} {what} räknas i täljaren för {kpi} ({title}), {start} – {end}.").format(
            n=len(people), what=what, kpi=row.kpi, title=row.kpi_title, start=self.result.period_start.isoformat(),
            end=self.result.period_end.isoformat())
        if row.denominator is not None:
            note += " " + tr("Nämnaren är {d}.").format(d=row.denominator)
        self.drill_dialog = PersonsDialog(self, title, note, people, self.open_participant.emit)
        self.drill_dialog.open()
        return self.drill_dialog

    def _finding_double_clicked(self, index: QModelIndex) -> None:
        pid = self.findings.payload[index.row()]
        if pid is not None:
            self.open_participant.emit(pid)

    # -- staff FTEs ----------------------------------------------------------------------------
    def _load_fte(self, code: str | None) -> None:
        values: dict = {}
        if code is not None:
            with self.db.reading() as s:
                values = kol.kas_inputs(s, code, self.year.value())
        for key, edit in self.fte.items():
            v = values.get(key)
            edit.setText("" if v is None else f"{v:g}".replace(".", ","))
            set_error_style(edit, False)
            edit.setEnabled(code is not None)
        self.fte_save.setEnabled(code is not None)
        self.fte_error.show_message("")
        self.fte_status.setText("")
        name = self.municipality.currentText()
        self.fte_box.setTitle(tr("Årsarbetare {year}, {name} (matas in för hand; tomt = ej inmatat)").format(
            year=self.year.value(), name=name) if code else tr("Årsarbetare (matas in för hand)"))

    def save_fte(self) -> bool:
        code = self.chosen_municipality
        if code is None:
            return False
        for edit in self.fte.values():
            set_error_style(edit, False)
        try:
            with self.db.transaction() as s:
                errors = []
                for (kpi, g), edit in self.fte.items():
                    try:
                        kol.set_kas_input(s, code, self.year.value(), kpi, g, edit.text())
                    except ValidationError as exc:
                        set_error_style(edit, True)
                        errors.append(f"{kpi} {GENDER_TEXT[g].lower()}: {exc.errors[0].message}")
                if errors:
                    raise ValidationError.single("value", "\n".join(errors))
        except ValidationError as exc:
            self.fte_error.show_message(exc.message)
            self.fte_status.setText(tr("Inget sparades."))
            return False
        except AmeError as exc:
            show_error(self, exc)
            return False
        self.load()
        self.fte_status.setText(tr("Sparat."))
        return True

    # -- export ----------------------------------------------------------------------------------
    def _default_name(self) -> str:
        month = self.through_month
        return f"kolada-{self.chosen_municipality}-{self.year.value()}{f'-{month:02d}' if month else ''}.xlsx"

    def export(self) -> None:
        if self.chosen_municipality is None:
            return
        path, chosen_filter = file_dialogs.getSaveFileName(self, tr("Exportera nyckeltalen"), self._default_name(),
                                                          ";;".join(FILE_FILTERS))
        if not path:
            return
        if not Path(path).suffix:
            path += FILE_FILTERS.get(chosen_filter, ".xlsx")
        self.export_to(path)

    def export_to(self, path: str | Path):
        """Compute and write the file off the GUI thread, with progress; the result shows below."""
        from ame_desktop.io.kolada_export import export_format
        from ame_desktop.services import exports

        try:
            export_format(path)
        except UserError as exc:
            show_error(self, exc)
            return None
        year, month, code = self.year.value(), self.through_month, self.chosen_municipality

        def work(progress, cancelled):
            exports.kolada(self.db, year, path, through_month=month, municipality=code,
                           progress=lambda text, fraction: progress(tr(text), fraction), cancelled=cancelled)
            return Path(str(path))

        def done(out) -> None:
            self.export_status.setText(tr("Exporten sparades i {path}.").format(path=out))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ExportCancelled):
                self.export_status.setText(tr(exc.message))
            else:
                self.export_status.setText(tr("Exporten misslyckades."))
                show_error(self, exc)

        self.export_status.setText(tr("Exporterar…"))
        self.export_job = run_in_background(self, tr("Skapar Kolada-exporten…"), work, done, failed)
        return self.export_job

    # -- page protocol -------------------------------------------------------------------------
    def can_leave(self) -> bool:
        return True

    def refresh(self) -> None:
        self.reload_choices()
        self.load()

    def prepare_screenshot(self) -> None:
        """The latest year with data, the whole year, the default municipality."""
        with self.db.reading() as s:
            years = kol.data_years(s)
        if years is not None:
            self._loading = True
            self.year.setValue(min(years[1], date.today().year))
            self.month.setCurrentIndex(0)
            self._loading = False
        self.load()
        if self.figures.rowCount():
            self.figure_view.selectRow(0)
