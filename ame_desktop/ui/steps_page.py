"""Stegförflyttning: the figures for a period (in total and by municipality, gender and referral
source, with charts and an xlsx export) and the unit's ladders and rating dimensions.

The definitions of the figures are in services/steps.py; the page shows them under "Så räknas det".
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QT_TR_NOOP, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.ui import file_dialogs
from ame_desktop.domain import words
from ame_desktop.domain.dates import add_months
from ame_desktop.domain.errors import AmeError, UserError, ValidationError
from ame_desktop.domain import step_figures as step_figures_domain
from ame_desktop.services import step_figures, step_models
from ame_desktop.store.database import Database
from ame_desktop.ui.common import DateField, ErrorLabel, heading, html_text, set_error_style, show_error, tr, user_label
from ame_desktop.ui.list_model import ALIGN, RIGHT, ListTableModel
from ame_desktop.ui.record_dialog import RecordDialog
from ame_desktop.ui.workers import run_in_background

FORWARD_COLOR, BACK_COLOR, LEVEL_COLOR = QColor("#2e7d32"), QColor("#c62828"), QColor("#1f4e79")
PRESETS = (QT_TR_NOOP("Senaste 12 månaderna"), QT_TR_NOOP("I år"), QT_TR_NOOP("Förra året"),
           QT_TR_NOOP("Senaste kvartalet"), QT_TR_NOOP("Egen period"))
SOURCE_SHORT = {"AF": "AF", "FK": "FK", "EGEN": "Egen", "SOC": "Soc", "ANNAN": "Annan", None: "Saknas"}


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %".replace(".", ",")


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:g}".replace(".", ",")


def preset_period(name: str, today: date) -> tuple[date, date] | None:
    if name == "Senaste 12 månaderna":
        return add_months(today, -12) + timedelta(days=1), today
    if name == "I år":
        return date(today.year, 1, 1), today
    if name == "Förra året":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if name == "Senaste kvartalet":
        q_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        end = q_start - timedelta(days=1)
        return add_months(q_start, -3), end
    return None


class _FiguresModel(ListTableModel):
    """The figures table: numbers right-aligned, the total row first."""

    def data(self, index, role=0):
        r = role if type(role) is int else int(role.value)
        if r == ALIGN:
            return RIGHT if index.column() >= 2 else None
        return super().data(index, role)


def _chart() -> tuple[QChartView, QChart]:
    chart = QChart()
    chart.setMargins(QMargins(2, 2, 2, 2))
    chart.legend().setAlignment(Qt.AlignBottom)
    title_font = QFont(chart.titleFont())
    title_font.setBold(True)
    title_font.setPointSizeF(max(8.0, title_font.pointSizeF()))
    chart.setTitleFont(title_font)
    view = QChartView(chart)
    view.setRenderHint(QPainter.Antialiasing)
    view.setMinimumHeight(200)
    return view, chart


def _clear(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
        axis.deleteLater()  # removeAxis hands the axis back instead of deleting it


class StepsPage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.summary: step_figures_domain.StepSummary | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_results(), tr("Resultat"))
        self.tabs.addTab(self._build_models(), tr("Stegmodeller och dimensioner"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(heading(tr("Stegförflyttning")))
        layout.addWidget(self.tabs, 1)
        self._apply_preset()
        self.load_models()

    # == results ===================================================================================
    def _build_results(self) -> QWidget:
        page = QWidget()
        self.preset = QComboBox()
        for name in PRESETS:
            self.preset.addItem(tr(name), name)
        self.start = DateField()
        self.end = DateField()
        for f in (self.start, self.end):
            f.setMaximumWidth(110)
            f.textEdited.connect(lambda _t: self._custom_period())
            f.returnPressed.connect(self.load_results)
        show = QPushButton(tr("Visa"))
        show.clicked.connect(self.load_results)
        self.export_button = QPushButton(tr("Exportera till Excel…"))
        self.export_button.clicked.connect(self.export)
        explain = QPushButton(tr("Så räknas det…"))
        explain.clicked.connect(self.show_definitions)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Period:")))
        top.addWidget(self.preset)
        top.addWidget(self.start)
        top.addWidget(QLabel("–"))
        top.addWidget(self.end)
        top.addWidget(show)
        top.addStretch(1)
        top.addWidget(explain)
        top.addWidget(self.export_button)
        self.period_error = ErrorLabel()
        self.preset.currentIndexChanged.connect(lambda _i: self._apply_preset())

        self.figures = _FiguresModel([tr("Grupp"), tr("Värde"), tr("Bedömda"), tr("Med jämförelse"),
                                      tr("Steg framåt"), tr("Steg bakåt"), tr("Median dagar/steg")], parent=self)
        self.table = QTableView()
        self.table.setModel(self.figures)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        self.headline = QLabel("")
        self.headline.setWordWrap(True)

        self.share_view, self.share_chart = _chart()
        self.level_view, self.level_chart = _chart()
        charts = QHBoxLayout()
        charts.addWidget(self.share_view, 1)
        charts.addWidget(self.level_view, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.period_error)
        layout.addWidget(self.headline)
        layout.addWidget(self.table)
        layout.addLayout(charts, 1)
        return page

    def _fit_table_height(self) -> None:
        """As tall as its rows (about ten), so the charts below get the rest."""
        rows = max(3, self.figures.rowCount())
        h = self.table.horizontalHeader().height() or self.fontMetrics().height() + 10
        self.table.setFixedHeight(h + rows * self.table.verticalHeader().defaultSectionSize() + 4)

    def _apply_preset(self) -> None:
        period = preset_period(self.preset.currentData(), self.today)
        if period is None:
            return
        self.start.set_value(period[0])
        self.end.set_value(period[1])
        self.load_results()

    def _custom_period(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(self.preset.findData("Egen period"))
        self.preset.blockSignals(False)

    def load_results(self) -> None:
        for f in (self.start, self.end):
            set_error_style(f, False)
        self.period_error.show_message("")
        try:
            with self.db.reading() as s:
                summary = step_figures.summarize(s, self.start.value(), self.end.value())
                distribution = step_figures.level_distribution(s, min(summary.end, self.today))
                try:
                    names = {lv.number: lv.name for lv in step_models.levels(s, step_models.active_model(s).id)}
                except UserError:
                    names = {}
        except ValidationError as exc:
            self.period_error.show_message("\n".join(e.message for e in exc.errors))
            for e in exc.errors:
                set_error_style(self.start if e.field == "start" else self.end, True)
            return
        except AmeError as exc:
            show_error(self, exc)
            return
        self.summary = summary
        rows = []
        for g in summary.groups:
            rows.append((tr(step_figures_domain.GROUP_LABELS[g.group]), tr("Alla") if g.group == step_figures_domain.GROUP_TOTAL else g.label,
                         g.assessed, g.compared, f"{g.forward} ({_share(g.forward_share)})",
                         f"{g.back} ({_share(g.back_share)})", _days(g.median_days_per_step)))
        self.figures.set_rows(rows)
        self.figures.fit_columns(self.table)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self._fit_table_height()
        t = summary.total()
        if t.assessed:
            self.headline.setText(tr(
                "<b>{n}</b> {who} bedömdes {a} – {b}. <b>{f}</b> tog minst ett steg framåt, {k} ett steg bakåt. "
                "Median {d} dagar per steg.").format(
                n=t.assessed, who=words.form(t.assessed, "person", "personer"), a=summary.start.isoformat(), b=summary.end.isoformat(), f=_share(t.forward_share),
                k=_share(t.back_share), d=_days(t.median_days_per_step)))
        else:
            self.headline.setText(tr("Ingen stegbedömning är gjord {a} – {b}.").format(
                a=summary.start.isoformat(), b=summary.end.isoformat()))
        self._share_chart(summary)
        self._level_chart(distribution, names, min(summary.end, self.today))

    def _share_chart(self, summary: step_figures_domain.StepSummary) -> None:
        c = self.share_chart
        _clear(c)
        groups = [summary.total()] + summary.by(step_figures_domain.GROUP_SOURCE)
        forward, back = QBarSet(tr("Steg framåt")), QBarSet(tr("Steg bakåt"))
        forward.setColor(FORWARD_COLOR)
        back.setColor(BACK_COLOR)
        categories = []
        for g in groups:
            categories.append(tr("Alla") if g.group == step_figures_domain.GROUP_TOTAL else tr(SOURCE_SHORT.get(g.key, g.label)))
            # Whole percent on the bars (the table has the decimals, with a Swedish comma).
            forward.append(round(g.forward_share or 0.0))
            back.append(round(g.back_share or 0.0))
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() - 1.5))
        for bar_set in (forward, back):
            bar_set.setLabelColor(QColor("#222"))
            bar_set.setLabelFont(small)
        series = QBarSeries()
        series.append(forward)
        series.append(back)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsOutsideEnd)
        series.setLabelsFormat("@value %")
        c.addSeries(series)
        x = QBarCategoryAxis()
        x.append(categories)
        y = QValueAxis()
        y.setRange(0, 100)
        y.setLabelFormat("%d %%")
        y.setTickCount(6)
        c.addAxis(x, Qt.AlignBottom)
        c.addAxis(y, Qt.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        c.setTitle(tr("Andel av de bedömda, per anvisare"))

    def _level_chart(self, distribution: list[tuple[int, int]], names: dict[int, str], on: date) -> None:
        c = self.level_chart
        _clear(c)
        counts = dict(distribution)
        numbers = sorted(set(names) | set(counts)) or [1]
        bars = QBarSet(tr("Personer"))
        bars.setColor(LEVEL_COLOR)
        for n in numbers:
            bars.append(counts.get(n, 0))
        bars.setLabelColor(QColor("#222"))
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsOutsideEnd)
        c.addSeries(series)
        y = QBarCategoryAxis()
        y.append([f"{n} {names.get(n, '')}".strip() for n in numbers])
        x = QValueAxis()
        top = max(counts.values(), default=0)
        x.setRange(0, max(5, top * 1.12))
        x.applyNiceNumbers()
        x.setLabelFormat("%d")
        c.addAxis(y, Qt.AlignLeft)
        c.addAxis(x, Qt.AlignBottom)
        series.attachAxis(y)
        series.attachAxis(x)
        c.legend().setVisible(False)
        c.setTitle(tr("Inskrivna per nivå {d} (senaste bedömningen)").format(d=on.isoformat()))

    def show_definitions(self) -> None:
        text = "".join(f"<p><b>{tr(term)}</b>: {tr(body)}</p>" for term, body in step_figures_domain.DEFINITIONS)
        QMessageBox.information(self, tr("Så räknas det"), text)

    def export(self) -> None:
        from ame_desktop.services import exports

        self.load_results()
        if self.summary is None:
            return
        summary = self.summary
        default = f"stegförflyttning-{summary.start.isoformat()}-{summary.end.isoformat()}.xlsx"
        path, _ = file_dialogs.getSaveFileName(self, tr("Exportera stegförflyttning"), default,
                                              tr("Excel-arbetsbok (*.xlsx)"))
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        start, end = summary.start, summary.end

        def work(progress, _cancelled):
            return exports.steps_summary(self.db, start, end, path,
                                         progress=lambda text, fraction: progress(tr(text), fraction))

        self.export_job = run_in_background(
            self, tr("Exporterar stegförflyttningen…"), work,
            lambda out: QMessageBox.information(self, tr("Export"), tr("Sammanställningen sparades i {p}.").format(p=out)))

    # == ladders and dimensions ===================================================================
    def _build_models(self) -> QWidget:
        page = QWidget()
        self.models = QTableWidget(0, 5)
        self.models.setHorizontalHeaderLabels([tr("Stegmodell"), tr("Version"), tr("Status"), tr("Nivåer"),
                                               tr("Bedömningar")])
        self.models.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.models.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.models.setSelectionMode(QAbstractItemView.SingleSelection)
        self.models.verticalHeader().setVisible(False)
        self.models.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.models.itemSelectionChanged.connect(self._show_levels)
        self.models.doubleClicked.connect(lambda _i: self.edit_model())
        self.old_versions = QCheckBox(tr("Visa äldre versioner"))
        self.old_versions.toggled.connect(lambda _b: self.load_models())
        new = QPushButton(tr("Ny stegmodell…"))
        new.clicked.connect(self.new_model)
        self.edit_button = QPushButton(tr("Ändra…"))
        self.edit_button.clicked.connect(self.edit_model)
        self.activate_button = QPushButton(tr("Gör till aktiv"))
        self.activate_button.setToolTip(tr("Den aktiva stegmodellen används för nya bedömningar och i importen."))
        self.activate_button.clicked.connect(self.activate_model)
        self.retire_button = QPushButton(tr("Ta ur bruk"))
        self.retire_button.clicked.connect(self.toggle_retired)
        buttons = QHBoxLayout()
        for b in (new, self.edit_button, self.activate_button, self.retire_button):
            b.setObjectName("admin")
            buttons.addWidget(b)
        buttons.addStretch(1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.models, 1)
        lv.addWidget(self.old_versions)
        lv.addLayout(buttons)
        note = QLabel(tr("Den aktiva stegmodellen används för nya bedömningar och i importen. En stegmodell som har "
                         "bedömningar ändras aldrig i efterhand: när du sparar en ändring blir det en ny version, och "
                         "tidigare bedömningar behåller nivåerna de gjordes på."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        lv.addWidget(note)

        self.model_title = QLabel("")
        self.model_title.setWordWrap(True)
        self.levels = QTableWidget(0, 3)
        self.levels.setHorizontalHeaderLabels([tr("Nr"), tr("Nivå"), tr("Vad nivån betyder i praktiken")])
        self.levels.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.levels.verticalHeader().setVisible(False)
        self.levels.setWordWrap(True)
        self.levels.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.levels.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.levels.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.levels.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.model_title)
        rv.addWidget(self.levels, 1)

        self.dimensions = QTableWidget(0, 2)
        self.dimensions.setHorizontalHeaderLabels([tr("Dimension"), tr("Status")])
        self.dimensions.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.dimensions.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.dimensions.setSelectionMode(QAbstractItemView.SingleSelection)
        self.dimensions.verticalHeader().setVisible(False)
        self.dimensions.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        for t in (self.models, self.dimensions):
            t.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.dimensions.itemSelectionChanged.connect(self._update_dimension_buttons)
        add_dim = QPushButton(tr("Ny dimension…"))
        add_dim.clicked.connect(self.add_dimension)
        rename_dim = QPushButton(tr("Byt namn…"))
        rename_dim.clicked.connect(self.rename_dimension)
        self.toggle_dim = QPushButton(tr("Inaktivera"))
        self.toggle_dim.clicked.connect(self.toggle_dimension)
        dim_box = QGroupBox(tr("Bedömningsdimensioner (frivilliga betyg 1–5)"))
        dv = QHBoxLayout(dim_box)
        dv.addWidget(self.dimensions, 1)
        dim_buttons = QVBoxLayout()
        for b in (add_dim, rename_dim, self.toggle_dim):
            b.setObjectName("admin")
            dim_buttons.addWidget(b)
        dim_buttons.addStretch(1)
        dv.addLayout(dim_buttons)

        lv.addWidget(dim_box, 1)
        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([440, 600])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(split, 1)
        return page

    def load_models(self) -> None:
        selected = self._selected_model()
        with self.db.reading() as s:
            rows = step_models.list_models(s, include_old_versions=self.old_versions.isChecked())
            dims = step_models.list_dimensions(s, include_inactive=True)
        self.model_rows = rows
        self.admin = self.db.actor.is_admin  # ladders and dimensions: administrators only
        for b in self.findChildren(QPushButton, "admin"):
            b.setVisible(self.admin)
        self.models.blockSignals(True)
        self.models.setRowCount(len(rows))
        for i, m in enumerate(rows):
            status = (tr("Äldre version") if not m.is_current else tr("Ur bruk") if m.retired
                      else tr("Aktiv") if m.active else tr("I bruk"))
            for j, text in enumerate((m.name, str(m.version), status, str(m.levels), str(m.assessments))):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, m.id)
                if j in (1, 3, 4):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if m.active and j == 0:
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                self.models.setItem(i, j, item)
        self.models.resizeColumnsToContents()
        self.models.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.models.blockSignals(False)
        ids = [m.id for m in rows]
        target = selected if selected in ids else next((m.id for m in rows if m.active), ids[0] if ids else None)
        if target is not None:
            self.models.selectRow(ids.index(target))
        self._show_levels()
        self.dimension_rows = dims
        self.dimensions.setRowCount(len(dims))
        for i, d in enumerate(dims):
            for j, text in enumerate((d.name, tr("Aktiv") if d.active else tr("Inaktiv"))):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, d.id)
                self.dimensions.setItem(i, j, item)
        self._update_dimension_buttons()

    def _selected_model(self) -> int | None:
        row = self.models.currentRow()
        item = self.models.item(row, 0) if row >= 0 else None
        return item.data(Qt.UserRole) if item is not None else None

    def _selected_row(self) -> step_models.ModelRow | None:
        mid = self._selected_model()
        return next((m for m in getattr(self, "model_rows", []) if m.id == mid), None)

    def _show_levels(self) -> None:
        m = self._selected_row()
        self.levels.setRowCount(0)
        m_can = getattr(self, "admin", True)
        self.edit_button.setEnabled(m_can and m is not None and m.is_current and not m.retired)
        self.activate_button.setEnabled(m_can and m is not None and m.is_current and not m.retired and not m.active)
        self.retire_button.setEnabled(m_can and m is not None and m.is_current)
        self.retire_button.setText(tr("Ta i bruk igen") if m is not None and m.retired else tr("Ta ur bruk"))
        if m is None:
            self.model_title.setText("")
            return
        with self.db.reading() as s:
            rungs = step_models.levels(s, m.id)
        self.model_title.setText(f"<b>{html_text(m.name)}</b>, {tr('version')} {m.version} "
                                 f"({m.created_at:%Y-%m-%d})<br>{html_text(m.description or '')}")
        self.levels.setRowCount(len(rungs))
        for i, lv in enumerate(rungs):
            for j, text in enumerate((str(lv.number), lv.name, lv.description or "")):
                item = QTableWidgetItem(text)
                item.setTextAlignment((Qt.AlignTop | (Qt.AlignRight if j == 0 else Qt.AlignLeft)))
                self.levels.setItem(i, j, item)

    def model_dialog(self, model_id: int | None = None) -> RecordDialog:
        """Build (not show) the dialog for a new ladder, or for a change to one."""
        with self.db.reading() as s:
            if model_id is not None:
                m = step_models.get_model(s, model_id)
                name0, desc0 = m.name, m.description or ""
                rungs = [(lv.name, lv.description or "") for lv in step_models.levels(s, model_id)]
                n_assessed = step_models.assessment_counts(s).get(model_id, 0)
                version = m.version
            else:
                try:
                    base = step_models.active_model(s)
                    rungs = [(lv.name, lv.description or "") for lv in step_models.levels(s, base.id)]
                except UserError:
                    rungs = [("", ""), ("", "")]
                name0, desc0, n_assessed, version = "", "", 0, 0
        name = QLineEdit(name0)
        description = QPlainTextEdit(desc0)
        description.setFixedHeight(56)
        description.setTabChangesFocus(True)
        table = QTableWidget(len(rungs), 2)
        table.setHorizontalHeaderLabels([tr("Nivå (namn)"), tr("Vad nivån betyder i praktiken")])
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Interactive)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        table.setColumnWidth(0, 190)
        table.setMinimumSize(640, 200)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        for i, (n, d) in enumerate(rungs):
            table.setItem(i, 0, QTableWidgetItem(n))
            table.setItem(i, 1, QTableWidgetItem(d))
        # Long descriptions are written in a text box below, bound to the selected level.
        level_text = QPlainTextEdit()
        level_text.setFixedHeight(72)
        level_text.setTabChangesFocus(True)
        level_text.setPlaceholderText(tr("Välj en nivå i listan och beskriv vad den betyder i praktiken."))
        level_label = user_label("")

        def show_level_text() -> None:
            r = table.currentRow()
            item = table.item(r, 1) if r >= 0 else None
            level_text.blockSignals(True)
            level_text.setPlainText(item.text() if item is not None else "")
            level_text.blockSignals(False)
            level_text.setEnabled(item is not None)
            name_item = table.item(r, 0) if r >= 0 else None
            level_label.setText(tr("Beskrivning av nivå {n} {name}:").format(
                n=r + 1, name=name_item.text() if name_item else "") if item is not None else "")

        def store_level_text() -> None:
            r = table.currentRow()
            if r >= 0:
                if table.item(r, 1) is None:
                    table.setItem(r, 1, QTableWidgetItem(""))
                table.item(r, 1).setText(level_text.toPlainText())

        table.currentCellChanged.connect(lambda *_a: show_level_text())
        level_text.textChanged.connect(store_level_text)

        def add_row() -> None:
            table.insertRow(table.rowCount())
            table.setItem(table.rowCount() - 1, 0, QTableWidgetItem(""))
            table.setItem(table.rowCount() - 1, 1, QTableWidgetItem(""))
            table.setCurrentCell(table.rowCount() - 1, 0)

        def remove_row() -> None:
            if table.currentRow() >= 0:
                table.removeRow(table.currentRow())

        def move(delta: int) -> None:
            r = table.currentRow()
            t = r + delta
            if r < 0 or not (0 <= t < table.rowCount()):
                return
            for c in range(2):
                a, b = table.takeItem(r, c), table.takeItem(t, c)
                table.setItem(r, c, b)
                table.setItem(t, c, a)
            table.setCurrentCell(t, table.currentColumn())

        row_buttons = QHBoxLayout()
        for text, slot in ((tr("Lägg till nivå"), add_row), (tr("Ta bort nivå"), remove_row),
                           (tr("Flytta upp"), lambda: move(-1)), (tr("Flytta ned"), lambda: move(1))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row_buttons.addWidget(b)
        row_buttons.addStretch(1)
        below = QWidget()
        bl = QVBoxLayout(below)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addLayout(row_buttons)
        bl.addWidget(level_label)
        bl.addWidget(level_text)
        info = QLabel(tr("Nivå 1 är längst från arbete. Nivåns nummer är dess plats i listan."))
        if n_assessed:
            info.setText(info.text() + " " + tr("Modellen har {n}: när du sparar skapas version {v}, och "
                                                 "de gjorda bedömningarna behåller sina nivåer i version {o}.").format(
                n=words.count(n_assessed, "bedömning", "bedömningar"), v=version + 1, o=version))
        info.setWordWrap(True)
        info.setStyleSheet("color: #555;")
        bl.addWidget(info)

        def levels_input() -> list[step_models.LevelInput]:
            out = []
            for r in range(table.rowCount()):
                cells = [table.item(r, c).text() if table.item(r, c) else "" for c in range(2)]
                out.append(step_models.LevelInput(cells[0], cells[1]))
            return out

        def save():
            with self.db.transaction() as s:
                if model_id is None:
                    return step_models.create_model(s, name.text(), description.toPlainText(), levels_input()).id
                return step_models.edit_model(s, model_id, name.text(), description.toPlainText(), levels_input()).id

        dlg = RecordDialog(self, tr("Ny stegmodell") if model_id is None else tr("Ändra stegmodell"), save)
        dlg.add_field("name", tr("Namn"), name)
        dlg.add_field("description", tr("Beskrivning"), description)
        dlg.add_field("levels", tr("Nivåer"), table, below)
        dlg.name_field, dlg.levels_table, dlg.level_text = name, table, level_text  # type: ignore[attr-defined]
        dlg.resize(860, dlg.sizeHint().height())
        if table.rowCount():
            table.setCurrentCell(0, 0)
        show_level_text()
        return dlg

    def new_model(self) -> None:
        dlg = self.model_dialog()
        if dlg.exec():
            self.load_models()
            self._select_model(dlg.result_value)

    def edit_model(self) -> None:
        m = self._selected_row()
        if m is None or not self.edit_button.isEnabled():
            return
        dlg = self.model_dialog(m.id)
        if dlg.exec():
            self.load_models()
            self._select_model(dlg.result_value)
            self.load_results()

    def _select_model(self, model_id) -> None:
        for r in range(self.models.rowCount()):
            if self.models.item(r, 0).data(Qt.UserRole) == model_id:
                self.models.selectRow(r)
                return

    def activate_model(self) -> None:
        m = self._selected_row()
        if m is None:
            return
        try:
            with self.db.transaction() as s:
                step_models.set_active_model(s, m.id)
        except AmeError as exc:
            show_error(self, exc)
        self.load_models()
        self.load_results()

    def toggle_retired(self) -> None:
        m = self._selected_row()
        if m is None:
            return
        if not m.retired and QMessageBox.question(
                self, tr("Ta ur bruk"), tr("Ta stegmodellen ”{n}” ur bruk? Gjorda bedömningar finns kvar, men nya "
                                           "kan inte göras på den.").format(n=m.name)) != QMessageBox.Yes:
            return
        try:
            with self.db.transaction() as s:
                step_models.set_model_retired(s, m.id, not m.retired)
        except AmeError as exc:
            show_error(self, exc)
        self.load_models()
        self.load_results()

    # -- dimensions --------------------------------------------------------------------------------
    def _selected_dimension(self):
        row = self.dimensions.currentRow()
        item = self.dimensions.item(row, 0) if row >= 0 else None
        did = item.data(Qt.UserRole) if item is not None else None
        return next((d for d in getattr(self, "dimension_rows", []) if d.id == did), None)

    def _update_dimension_buttons(self) -> None:
        d = self._selected_dimension()
        self.toggle_dim.setEnabled(d is not None)
        self.toggle_dim.setText(tr("Aktivera") if d is not None and not d.active else tr("Inaktivera"))

    def dimension_dialog(self, dimension_id: int | None = None, current: str = "") -> RecordDialog:
        name = QLineEdit(current)

        def save():
            with self.db.transaction() as s:
                if dimension_id is None:
                    return step_models.add_dimension(s, name.text()).id
                return step_models.rename_dimension(s, dimension_id, name.text()).id

        dlg = RecordDialog(self, tr("Ny dimension") if dimension_id is None else tr("Byt namn på dimension"), save)
        dlg.add_field("name", tr("Namn"), name)
        dlg.name_field = name  # type: ignore[attr-defined]
        return dlg

    def add_dimension(self) -> None:
        if self.dimension_dialog().exec():
            self.load_models()

    def rename_dimension(self) -> None:
        d = self._selected_dimension()
        if d is not None and self.dimension_dialog(d.id, d.name).exec():
            self.load_models()

    def toggle_dimension(self) -> None:
        d = self._selected_dimension()
        if d is None:
            return
        try:
            with self.db.transaction() as s:
                step_models.set_dimension_active(s, d.id, not d.active)
        except AmeError as exc:
            show_error(self, exc)
        self.load_models()

    # == page protocol ============================================================================
    def can_leave(self) -> bool:
        return True  # every change is saved by its dialog

    def refresh(self) -> None:
        self.load_results()
        self.load_models()

    def prepare_screenshot(self) -> None:
        """The figures for the last twelve months."""
        self.tabs.setCurrentIndex(0)
        self.preset.setCurrentIndex(self.preset.findData("Senaste 12 månaderna"))
        self._apply_preset()
