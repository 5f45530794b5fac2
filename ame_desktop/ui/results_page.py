"""Uppföljning and Resultat (issue 20): the follow-ups after exit that are due, with the short form
to record one; and the results after exit for a period (table, chart, drill-down to the people,
xlsx/PDF export). Everything goes through services.followups and services.results."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QT_TR_NOOP, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain import codes
from ame_desktop.domain.errors import AmeError, ValidationError
from ame_desktop.io.results_report import group_cells, group_header, kr
from ame_desktop.services import followups as fu
from ame_desktop.services import results as res
from ame_desktop.store.database import Database
from ame_desktop.ui import file_dialogs
from ame_desktop.ui.common import DateField, ErrorLabel, heading, show_error, tr, user_label
from ame_desktop.ui.list_model import ListTableModel


def _combo(items) -> QComboBox:
    box = QComboBox()
    for value, text in items:
        box.addItem(text, value)
    return box


def _table(model: ListTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.setAlternatingRowColors(True)
    return view


# -- Uppföljning --------------------------------------------------------------------------------
class FollowUpsPage(QWidget):
    """The follow-ups after exit that are due (and overdue), and the short form."""

    open_participant = Signal(int)
    HEADERS = [QT_TR_NOOP("Infaller"), QT_TR_NOOP("Status"), QT_TR_NOOP("Personnummer"), QT_TR_NOOP("Namn"),
               QT_TR_NOOP("Avslut"), QT_TR_NOOP("Avslutsorsak"), QT_TR_NOOP("Månader efter"),
               QT_TR_NOOP("Dagar sen")]

    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        self.items: list[fu.DueFollowUp] = []
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Uppföljning efter avslut")))
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Visa det som infaller senast")))
        self.due_by = DateField()
        self.due_by.set_value(fu.week_bounds(date.today())[1])
        self.due_by.setMaximumWidth(120)
        top.addWidget(self.due_by)
        show = QPushButton(tr("Visa"))
        show.clicked.connect(self.refresh)
        top.addWidget(show)
        self.summary = QLabel("")
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        self.error = ErrorLabel()
        layout.addWidget(self.error)

        split = QSplitter()
        self.model = ListTableModel([tr(h) for h in self.HEADERS])
        self.table = _table(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.table.doubleClicked.connect(lambda _i: self._open())
        split.addWidget(self.table)
        split.addWidget(self._build_form())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        self.refresh()

    def _build_form(self) -> QWidget:
        box = QGroupBox(tr("Registrera uppföljning"))
        form = QFormLayout(box)
        self.who = user_label(tr("Välj en uppföljning i listan."))
        self.who.setWordWrap(True)
        form.addRow(self.who)
        self.done_on = DateField()
        self.done_on.set_value(date.today())
        self.method = _combo(list(codes.FOLLOW_UP_METHOD_LABELS.items()))
        self.support = _combo([(None, tr("Välj…"))] + list(codes.SUPPORT_LABELS.items()))
        self.occupation = _combo([(None, tr("(ej registrerad)"))] + list(codes.OCCUPATION_LABELS.items()))
        self.note = QLineEdit()
        self.method.currentIndexChanged.connect(self._method_changed)
        form.addRow(tr("Datum"), self.done_on)
        form.addRow(tr("Så fick vi veta"), self.method)
        form.addRow(tr("Försörjning"), self.support)
        form.addRow(tr("Sysselsättning"), self.occupation)
        form.addRow(tr("Anteckning"), self.note)
        self.form_error = ErrorLabel()
        form.addRow(self.form_error)
        self.save_button = QPushButton(tr("Spara uppföljningen"))
        self.save_button.clicked.connect(self.save)
        form.addRow(self.save_button)
        self.form_box = box
        box.setEnabled(False)
        return box

    def _method_changed(self) -> None:
        reached = self.method.currentData() != "EJ_NADD"
        self.support.setEnabled(reached)
        self.occupation.setEnabled(reached)

    def can_leave(self) -> bool:
        return True

    def refresh(self) -> None:
        self.error.show_message("")
        try:
            due_by = self.due_by.value()
            from ame_desktop.domain.dates import parse_date

            limit = parse_date(due_by) if due_by else date.today()
            with self.db.reading() as s:
                self.items = fu.due_followups(s, due_by=limit)
                summary = fu.due_summary(s)
        except (AmeError, ValueError) as exc:
            self.error.show_message(getattr(exc, "message", str(exc)))
            return
        today = date.today()
        self.model.set_rows([(d.state.due_on.isoformat(), fu.STATE_LABELS[d.state.state], d.personnummer, d.name,
                              d.state.exit_date.isoformat(),
                              codes.EXIT_REASON_LABELS.get(d.exit_reason or "", d.exit_reason or ""),
                              d.state.months, max(0, (today - d.state.due_on).days)) for d in self.items])
        self.model.fit_columns(self.table)
        self.summary.setText(tr("Denna vecka: {w} · försenade från tidigare: {o} · i listan: {n}").format(
            w=summary.this_week, o=summary.overdue, n=len(self.items)))
        self.form_box.setEnabled(False)
        self.who.setText(tr("Välj en uppföljning i listan."))

    def _current(self) -> fu.DueFollowUp | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _selected(self) -> None:
        d = self._current()
        if d is None:
            return
        self.who.setText(tr("{name}, avslut {exit}: uppföljning {m} månader efter (infaller {due}).").format(
            name=d.name, exit=d.state.exit_date.isoformat(), m=d.state.months, due=d.state.due_on.isoformat()))
        self.form_box.setEnabled(self.db.actor.can_write)
        self.form_error.show_message("")

    def _open(self) -> None:
        d = self._current()
        if d is not None:
            self.open_participant.emit(d.state.participant_id)

    def save(self) -> None:
        d = self._current()
        if d is None:
            return
        try:
            with self.db.transaction() as s:
                fu.record_followup(s, d.state.enrollment_id, d.state.months, self.done_on.value(),
                                   self.method.currentData(), self.support.currentData(),
                                   self.occupation.currentData(), self.note.text())
        except ValidationError as exc:
            self.form_error.show_message(exc.message)
            return
        except AmeError as exc:
            show_error(self, exc)
            return
        self.note.clear()
        self.refresh()

    def prepare_screenshot(self) -> None:
        if self.items:
            self.table.selectRow(0)


# -- Resultat ---------------------------------------------------------------------------------
class ResultsPage(QWidget):
    """Results after exit for a period: a row per group, a chart, the people behind a row."""

    open_participant = Signal(int)
    PEOPLE = [QT_TR_NOOP("Personnummer"), QT_TR_NOOP("Namn"), QT_TR_NOOP("Avslut"), QT_TR_NOOP("Avslutsorsak"),
              QT_TR_NOOP("Försörjning vid avslut"), QT_TR_NOOP("Fs-stöd före"),
              QT_TR_NOOP("Fs-stöd efter"), QT_TR_NOOP("Åter inom 12 mån")]

    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        self.report: res.ResultsReport | None = None
        self.group_rows: list[tuple[str | None, str | None]] = []
        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Resultat efter avslut")))
        top = QHBoxLayout()
        today = date.today()
        self.date_from = DateField()
        self.date_from.set_value(date(today.year - 1, 1, 1))
        self.date_to = DateField()
        self.date_to.set_value(date(today.year - 1, 12, 31))
        for w in (self.date_from, self.date_to):
            w.setFixedWidth(104)
        self.municipality = QComboBox()
        self.dimension = _combo([(k, tr(v)) for k, v in res.DIMENSIONS.items()])
        self.dimension.currentIndexChanged.connect(self._show_groups)
        run = QPushButton(tr("Beräkna"))
        run.clicked.connect(self.compute)
        self.xlsx_button = QPushButton(tr("Exportera xlsx…"))
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button = QPushButton(tr("Resultatrapport (PDF)…"))
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.eb_button = QPushButton(tr("Importera EB-utdrag…"))
        self.eb_button.setToolTip(tr("Månadsutdrag från systemet för ekonomiskt bistånd (.xlsx eller .csv)"))
        self.eb_button.clicked.connect(lambda: self.import_eb())
        self.eb_button.setEnabled(db.actor.can_write)
        for w in (QLabel(tr("Avslut från")), self.date_from, QLabel(tr("till")), self.date_to, QLabel(tr("Kommun")),
                  self.municipality, QLabel(tr("Dela upp efter")), self.dimension, run):
            top.addWidget(w)
        top.addStretch(1)
        layout.addLayout(top)
        second = QHBoxLayout()
        self.info = user_label("")
        self.info.setWordWrap(True)
        second.addWidget(self.info, 1)
        for w in (self.eb_button, self.xlsx_button, self.pdf_button):
            second.addWidget(w)
        layout.addLayout(second)
        self.error = ErrorLabel()
        layout.addWidget(self.error)

        split = QSplitter(Qt.Vertical)
        upper = QSplitter()
        self.model = ListTableModel([])
        self.table = _table(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        upper.addWidget(self.table)
        self.chart = QChart()
        self.chart.legend().setVisible(True)
        self.chart.legend().setAlignment(Qt.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.Antialiasing)
        self.chart_view.setMinimumWidth(420)
        upper.addWidget(self.chart_view)
        upper.setStretchFactor(0, 1)
        upper.setStretchFactor(1, 1)
        upper.setSizes([620, 520])
        split.addWidget(upper)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.people_label = QLabel(tr("Personerna bakom raden (dubbelklicka för att öppna)"))
        lower_layout.addWidget(self.people_label)
        self.people_model = ListTableModel([tr(h) for h in self.PEOPLE])
        self.people = _table(self.people_model)
        self.people.doubleClicked.connect(self._open)
        lower_layout.addWidget(self.people)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self._fill_municipalities()

    def can_leave(self) -> bool:
        return True

    def refresh(self) -> None:
        pass  # computed on request ("Beräkna")

    def _fill_municipalities(self) -> None:
        self.municipality.clear()
        self.municipality.addItem(tr("Alla"), None)
        try:
            with self.db.reading() as s:
                for code, name in res.municipality_choices(s):
                    self.municipality.addItem(f"{name} ({code})", code)
        except AmeError as exc:
            self.error.show_message(exc.message)

    def _period(self) -> tuple[date, date]:
        from ame_desktop.domain.dates import parse_date

        try:
            return parse_date(self.date_from.value() or ""), parse_date(self.date_to.value() or "")
        except ValueError as exc:
            raise ValidationError.single("period", str(exc)) from None

    def compute(self, background: bool = True) -> None:
        self.error.show_message("")
        try:
            start, end = self._period()
        except ValidationError as exc:
            self.error.show_message(exc.message)
            return
        muni = self.municipality.currentData()

        def work(_progress=None, _cancelled=None):
            with self.db.reading() as s:
                return res.compute_results(s, start, end, muni)

        if not background:
            self._show(work())
            return
        from ame_desktop.ui.workers import run_in_background

        self._job = run_in_background(self, tr("Beräknar resultaten…"), work, self._show,
                                      on_failed=lambda e: self.error.show_message(getattr(e, "message", str(e))),
                                      cancellable=False)

    def _show(self, report: res.ResultsReport) -> None:
        self.report = report
        data = (f"försörjningsstöd i utdragen {report.data_from} – {report.data_through}" if report.data_from
                else "inga utdrag om försörjningsstöd är importerade")
        self.info.setText(tr("{n} avslut {a} – {b}; uppföljningarna räknade per {t}; {d}.").format(
            n=len(report.rows), a=report.date_from.isoformat(), b=report.date_to.isoformat(),
            t=report.today.isoformat(), d=data))
        self._show_groups()

    def _show_groups(self) -> None:
        report = self.report
        if report is None:
            return
        dim = self.dimension.currentData()
        header = group_header(report.months)
        header[0] = res.DIMENSIONS[dim]
        self.model.headers = [tr(h) for h in header]
        rows = [(tr("Totalt"), *group_cells(report.total, report.months, masked=False))]
        self.group_rows = [(None, None)]
        for key, label, rs in report.groups(dim):
            rows.append((label, *group_cells(res.figures(rs, report.months), report.months, masked=False)))
            self.group_rows.append((dim, key))
        self.model.set_rows(rows)
        self.model.fit_columns(self.table)
        self.table.selectRow(0)
        self._selected()

    def _selected(self) -> None:
        report = self.report
        rows = self.table.selectionModel().selectedRows()
        if report is None or not rows:
            return
        dim, key = self.group_rows[rows[0].row()]
        people = report.people(dim, key)
        self._chart(res.figures(people, report.months), self.model.rows[rows[0].row()][0])
        self.shown_people = people
        yes = {True: tr("ja"), False: tr("nej"), None: tr("okänt")}
        self.people_model.set_rows([
            (r.personnummer, r.name, r.end_date.isoformat(),
             codes.EXIT_REASON_LABELS.get(r.exit_reason or "", r.exit_reason or ""),
             codes.SUPPORT_LABELS.get(r.support_at_exit or "", ""), kr(r.before_kronor), kr(r.after_kronor),
             yes[r.back_within_12]) for r in people])
        self.people_model.fit_columns(self.people)
        for c in (3, 4):  # the long labels: room for the kronor columns at 1366 pixels
            self.people.setColumnWidth(c, min(self.people.columnWidth(c), 230))
        self.people_label.setText(tr("Personerna bakom raden ”{g}”: {n} avslut (dubbelklicka för att öppna)").format(
            g=self.model.rows[rows[0].row()][0], n=len(people)))

    def _chart(self, f: dict, title: str) -> None:
        report = self.report
        assert report is not None
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        cats = [tr("Vid avslut")] + [tr("{m} mån").format(m=m) for m in report.months]
        own = QBarSet(tr("Självförsörjande"))
        own.setColor(QColor("#2f6db5"))
        values = [f["at_exit"]["share_self_supporting"]] + [
            f["followups"][str(m)]["share_self_supporting"] for m in report.months]
        for v in values:
            own.append(0 if v is None else round(v * 100))
        back = QBarSet(tr("Åter på försörjningsstöd inom 6/12 mån"))
        back.setColor(QColor("#e08a2c"))
        back_values = [None] + [f[f"back_within_{m}"]["share"] if m in (6, 12) else None for m in report.months]
        for v in back_values:
            back.append(0 if v is None else round(v * 100))
        series = QBarSeries()
        series.append(own)
        series.append(back)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        self.chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(cats)
        y = QValueAxis()
        y.setRange(0, 100)
        y.setTickCount(5)
        y.setLabelFormat("%d %%")
        self.chart.addAxis(x, Qt.AlignBottom)
        self.chart.addAxis(y, Qt.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self.chart.setTitle(tr("{g}, andel i procent").format(g=title))

    def _open(self, index) -> None:
        people = getattr(self, "shown_people", [])
        if 0 <= index.row() < len(people):
            self.open_participant.emit(people[index.row()].participant_id)

    def export(self, suffix: str) -> None:
        try:
            start, end = self._period()
        except ValidationError as exc:
            self.error.show_message(exc.message)
            return
        name = f"resultat-{start.isoformat()}-{end.isoformat()}{suffix}"
        path, _ = file_dialogs.getSaveFileName(self, tr("Spara resultatrapporten"), name,
                                               tr("Excel-arbetsböcker (*.xlsx)") if suffix == ".xlsx"
                                               else tr("PDF-filer (*.pdf)"))
        if not path:
            return
        from ame_desktop.services import exports

        try:
            exports.results(self.db, start, end, path, municipality=self.municipality.currentData())
        except AmeError as exc:
            show_error(self, exc)
            return
        self.info.setText(tr("Sparad: {p}").format(p=path))

    def import_eb(self, path: str | None = None, background: bool = True) -> None:
        """The EB extract, all or nothing, with a progress bar; the result (or every error) is shown."""
        from ame_desktop.services.eb_import import import_extract

        if path is None:
            path, _ = file_dialogs.getOpenFileName(self, tr("Importera utdrag om försörjningsstöd"), "",
                                                   tr("Utdrag (*.xlsx *.csv)"))
            if not path:
                return

        def done(result) -> None:
            lines = result.summary_lines() + [tr("Varning: ") + w for w in result.warnings]
            self.info.setText(tr("Utdraget {f} är importerat. ").format(f=result.file) + " ".join(lines))
            self.last_import = result

        def failed(exc) -> None:
            self.error.show_message(getattr(exc, "message", str(exc)))

        self.error.show_message("")
        if not background:
            try:
                done(import_extract(self.db, path))
            except AmeError as exc:
                failed(exc)
            return
        from ame_desktop.ui.workers import run_in_background

        self._job = run_in_background(self, tr("Importerar utdraget…"),
                                      lambda progress, _cancelled: import_extract(self.db, path, progress=progress),
                                      done, on_failed=failed, cancellable=False)

    def prepare_screenshot(self) -> None:
        """Show the last full year with exits, computed at once (no background work)."""
        with self.db.reading() as s:
            last = res.last_exit_date(s)
        if last is not None:
            year = last.year if last.month == 12 else last.year - 1
            self.date_from.set_value(date(year, 1, 1))
            self.date_to.set_value(date(year, 12, 31))
        self.compute(background=False)
        if self.model.rows:
            self.table.selectRow(min(1, len(self.model.rows) - 1))


# -- one enrollment's follow-ups (from the participant's Inskrivningar tab) --------------------
class FollowUpDialog(QWidget):
    """The follow-ups of one ended enrollment, and the short form for the one chosen."""

    HEADERS = [QT_TR_NOOP("Månader efter"), QT_TR_NOOP("Infaller"), QT_TR_NOOP("Status"), QT_TR_NOOP("Datum"),
               QT_TR_NOOP("Så fick vi veta"), QT_TR_NOOP("Försörjning"), QT_TR_NOOP("Sysselsättning")]

    def __init__(self, db: Database, enrollment_id: int, parent: QWidget | None = None):
        from PySide6.QtWidgets import QDialog

        super().__init__()
        self.db = db
        self.enrollment_id = enrollment_id
        self.dialog = QDialog(parent)
        self.dialog.setWindowTitle(tr("Uppföljning efter avslut"))
        self.dialog.setMinimumWidth(760)
        layout = QVBoxLayout(self.dialog)
        self.model = ListTableModel([tr(h) for h in self.HEADERS])
        self.table = _table(self.model)
        self.table.setMinimumHeight(140)
        layout.addWidget(self.table)
        form = QFormLayout()
        self.months = QComboBox()
        self.done_on = DateField()
        self.done_on.set_value(date.today())
        self.method = _combo(list(codes.FOLLOW_UP_METHOD_LABELS.items()))
        self.support = _combo([(None, tr("Välj…"))] + list(codes.SUPPORT_LABELS.items()))
        self.occupation = _combo([(None, tr("(ej registrerad)"))] + list(codes.OCCUPATION_LABELS.items()))
        self.note = QLineEdit()
        for label, w in ((tr("Uppföljning"), self.months), (tr("Datum"), self.done_on),
                         (tr("Så fick vi veta"), self.method), (tr("Försörjning"), self.support),
                         (tr("Sysselsättning"), self.occupation), (tr("Anteckning"), self.note)):
            form.addRow(label, w)
        layout.addLayout(form)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(tr("Spara uppföljningen"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(db.actor.can_write)
        close = QPushButton(tr("Stäng"))
        close.clicked.connect(self.dialog.accept)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        with self.db.reading() as s:
            self.states = fu.enrollment_followups(s, self.enrollment_id)
        self.model.set_rows([(st.months, st.due_on.isoformat(), st.describe() if st.state != fu.DONE
                              else fu.STATE_LABELS[fu.DONE], st.done_on.isoformat() if st.done_on else "",
                              codes.FOLLOW_UP_METHOD_LABELS.get(st.method or "", ""),
                              codes.SUPPORT_LABELS.get(st.support or "", ""),
                              codes.OCCUPATION_LABELS.get(st.occupation or "", "")) for st in self.states])
        self.model.fit_columns(self.table)
        current = self.months.currentData()
        self.months.clear()
        for st in self.states:
            self.months.addItem(tr("{m} månader (infaller {d})").format(m=st.months, d=st.due_on.isoformat()),
                                st.months)
        open_first = next((i for i, st in enumerate(self.states) if st.is_open), 0)
        i = self.months.findData(current)
        self.months.setCurrentIndex(i if i >= 0 else open_first)

    def save(self) -> None:
        try:
            with self.db.transaction() as s:
                fu.record_followup(s, self.enrollment_id, self.months.currentData(), self.done_on.value(),
                                   self.method.currentData(), self.support.currentData(),
                                   self.occupation.currentData(), self.note.text())
        except AmeError as exc:
            self.error.show_message(exc.message)
            return
        self.error.show_message("")
        self.note.clear()
        self.refresh()

    def exec(self) -> int:
        return self.dialog.exec()
