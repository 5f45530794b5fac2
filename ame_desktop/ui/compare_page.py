"""Jämför med andra: the unit's own KAS figures beside similar municipalities' published ones.

Own figures are computed from the register (services.kolada) and marked preliminary; peers' and
Riket's come from the Kolada cache (services.kolada_client), filled only when the user presses
"Hämta från Kolada" (off the GUI thread) or reads a saved answer from a file.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QAbstractTableModel, QMargins, QModelIndex, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStyle,
    QTableView,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ame_desktop.ui import file_dialogs
from ame_desktop.domain.errors import AmeError, UserError
from ame_desktop.services import kolada as kol
from ame_desktop.services import kolada_client as kc
from ame_desktop.services import kolada_compare as cmp
from ame_desktop.services import settings
from ame_desktop.store.database import Database
from ame_desktop.ui.common import ErrorLabel, heading, set_error_style, show_error, tr
from ame_desktop.ui.export_page import number_text
from ame_desktop.ui.workers import run_in_background

# One colour per year (oldest lightest); the own register's bars are orange in the same order.
YEAR_COLORS = ["#9ecae1", "#4292c6", "#08519c", "#08306b", "#6baed6", "#2171b5"]
OWN_COLORS = ["#fdae6b", "#f16913", "#a63603", "#7f2704", "#fd8d3c", "#d94801"]
OWN_BG, MEDIAN_FG = QColor("#fde9d9"), QColor("#555555")


def _short(line: cmp.Line) -> str:
    """A category label short enough for the chart's axis."""
    if line.role == cmp.OWN:
        return tr("Egna siffror")  # every other bar is a value published in Kolada
    if line.role == cmp.MEDIAN:
        return tr("Median")
    return line.name


def _nice_scale(top: float, cap: float | None) -> tuple[float, int]:
    """An axis maximum a little above `top` on a round whole step (1, 2 or 5 × 10ⁿ), and the tick
    count: about four steps (applyNiceNumbers often doubled the range)."""
    want = max(top * 1.08, 10.0 if cap is not None else 4.0)
    raw = want / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = max(1, next(f * magnitude for f in (1, 2, 5, 10) if f * magnitude >= raw))
    steps = max(1, math.ceil(want / step))
    high = steps * step
    if cap is not None and high > cap:
        high, steps = cap, 5
    return high, steps + 1


class _CompareModel(QAbstractTableModel):
    """Lines × (KPI, year) cells of a Comparison."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.comparison: cmp.Comparison | None = None
        self.columns: list[tuple[cmp.KpiInfo, int]] = []

    def set_comparison(self, comparison: cmp.Comparison | None) -> None:
        self.beginResetModel()
        self.comparison = comparison
        self.columns = [(k, y) for k in comparison.kpis for y in comparison.years] if comparison else []
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.comparison is None else len(self.comparison.lines)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal:
            return None
        if section == 0:
            return tr("Kommun") if role == Qt.DisplayRole else None
        k, y = self.columns[section - 1]
        if role == Qt.DisplayRole:
            return f"{k.kpi}\n{y}"
        if role == Qt.ToolTipRole:
            return f"{k.kpi} {k.title} – {y}"
        return None

    def cell(self, row: int, column: int) -> cmp.Cell:
        k, y = self.columns[column - 1]
        return self.comparison.lines[row].cell(k.kpi, y)

    def text(self, row: int, column: int) -> str:
        line = self.comparison.lines[row]
        if column == 0:
            return line.label
        c = self.cell(row, column)
        if not c.cached:
            return "–" if line.role == cmp.OWN else ""  # own: nothing to compute; others: not fetched
        return number_text(c.value, self.columns[column - 1][0].share)

    def tooltip(self, row: int, column: int) -> str:
        line = self.comparison.lines[row]
        if column == 0:
            return f"{line.label} ({line.municipality})" if line.municipality else line.label
        k, y = self.columns[column - 1]
        c = self.cell(row, column)
        head = f"{line.label}, {y}\n{k.kpi} {k.title}\n"
        if line.role == cmp.OWN:
            if c.value is None and c.status is None:
                return head + (self.comparison.own_notes.get(y) or tr("Inga egna siffror."))
            if c.value is None:
                return head + tr("0 i nämnaren: andelen kan inte beräknas.")
            return head + tr("Egna siffror ur registret – preliminära") + (f" ({c.note})" if c.note else "")
        if line.role == cmp.MEDIAN:
            return head + (c.note if c.cached else tr("Ingen jämförelsekommun har ett värde."))
        if not c.cached:
            return head + tr("Inte hämtat från Kolada.")
        when = f"{c.fetched_at:%Y-%m-%d %H:%M}" if c.fetched_at else "–"
        if c.value is None:
            return head + tr("Kolada har inget värde ({status}); hämtat {when}.").format(
                status=c.status or tr("saknas"), when=when)
        return head + tr("Publicerat i Kolada; hämtat {when}.").format(when=when)

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid() or self.comparison is None:
            return None
        r, col = index.row(), index.column()
        role = role if type(role) is int else int(role.value)
        line = self.comparison.lines[r]
        if role == int(Qt.DisplayRole.value):
            return self.text(r, col)
        if role == int(Qt.ToolTipRole.value):
            return self.tooltip(r, col)
        if role == int(Qt.TextAlignmentRole.value):
            return int((Qt.AlignRight | Qt.AlignVCenter).value) if col else None
        if role == int(Qt.BackgroundRole.value) and line.role == cmp.OWN:
            return OWN_BG
        if role == int(Qt.FontRole.value) and line.role in (cmp.OWN, cmp.RIKET_ROLE):
            f = QFont()
            f.setBold(True)
            return f
        if role == int(Qt.ForegroundRole.value) and line.role == cmp.MEDIAN:
            return MEDIAN_FG
        if role == int(Qt.UserRole.value):
            return line.role
        return None


class _KpiPicker(QToolButton):
    """A button whose menu holds a checkable list of KPIs; the menu stays open while ticking."""

    def __init__(self, kpis: list[cmp.KpiInfo], on_changed, parent=None):
        super().__init__(parent)
        self.on_changed = on_changed
        self.setPopupMode(QToolButton.InstantPopup)
        self.list = QListWidget()
        for k in kpis:
            item = QListWidgetItem(f"{k.kpi}  {k.label}" + ("" if k.share else tr(" (antal)")))
            item.setData(Qt.UserRole, k.kpi)
            item.setToolTip(k.title)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            self.list.addItem(item)
        self.list.setMinimumSize(380, 420)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.list)
        menu.addAction(action)
        menu.aboutToHide.connect(self._closed)
        self.setMenu(menu)
        self._before: list[str] = []

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.Checked]

    def set_chosen(self, kpis: list[str]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(Qt.Checked if item.data(Qt.UserRole) in kpis else Qt.Unchecked)
        self._before = self.chosen()
        self._label()

    def _label(self) -> None:
        self.setText(tr("Nyckeltal ({n})").format(n=len(self.chosen())))

    def _closed(self) -> None:
        if not self.chosen():  # an empty comparison says nothing: back to the defaults
            self.set_chosen(list(cmp.DEFAULT_KPIS))
        self._label()
        if self.chosen() != self._before:
            self._before = self.chosen()
            self.on_changed()


class ComparePage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.comparison: cmp.Comparison | None = None
        self.custom_peers: list[str] | None = None  # None: the cached similar group's members
        self.fetch_job = None
        self._loading = False
        self._balanced_rows = -1

        intro = QLabel(tr(
            "Enhetens egna nyckeltal (beräknade ur registret, preliminära) bredvid liknande kommuners och rikets, "
            "publicerade i Kolada. <b>Inga uppgifter om deltagare lämnar datorn:</b> Hämta från Kolada skickar "
            "bara nyckeltals-id, kommunkoder och år till api.kolada.se, och bara när du klickar. Det hämtade "
            "sparas och visas även utan internet."))
        intro.setWordWrap(True)

        self.municipality = QComboBox()
        self.municipality.setMinimumContentsLength(14)
        self.municipality.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.year_from, self.year_to = QSpinBox(), QSpinBox()
        for spin in (self.year_from, self.year_to):
            spin.setRange(2010, self.today.year)
        self.year_from.setValue(self.today.year - 2)
        self.year_to.setValue(self.today.year)
        self.kpi_picker = _KpiPicker(cmp.compare_kpis(), self._choice_changed)
        self.kpi_picker.setToolTip(tr("Välj vilka nyckeltal som jämförs"))
        self.kpi_picker.set_chosen(list(cmp.DEFAULT_KPIS))

        choose = QHBoxLayout()
        for label, widget in ((tr("Kommun"), self.municipality), (tr("År från"), self.year_from),
                              (tr("till"), self.year_to)):
            lab = QLabel(label)
            lab.setBuddy(widget)
            choose.addWidget(lab)
            choose.addWidget(widget)
            choose.addSpacing(8)
        choose.addWidget(self.kpi_picker)
        choose.addStretch(1)
        self.fetch_button = QPushButton(tr("Hämta från Kolada"))
        self.fetch_button.setToolTip(tr("Skickar bara nyckeltals-id, kommunkoder och år till api.kolada.se"))
        self.fetch_button.clicked.connect(self.fetch)
        self.import_button = QPushButton(tr("Läs in sparat svar…"))
        self.import_button.setToolTip(tr("För en dator utan internet: ett svar från Koladas API sparat som .json"))
        self.import_button.clicked.connect(self.choose_file)
        self.export_button = QPushButton(tr("Exportera…"))
        self.export_button.setToolTip(tr("Spara jämförelsen som Excel-arbetsbok (.xlsx)"))
        self.export_button.clicked.connect(self.export)
        for b in (self.fetch_button, self.import_button, self.export_button):
            choose.addWidget(b)

        self.peers = QLineEdit()
        self.peers.setPlaceholderText(tr("kommunkoder, t.ex. 0428, 0481, 0767"))
        self.peers.setToolTip(tr("Kommunkoder med komma emellan. Tomt eller Liknande kommuner: gruppen från Kolada."))
        self.peers.editingFinished.connect(self._peers_edited)
        self.reset_peers = QPushButton(tr("Liknande kommuner"))
        self.reset_peers.setToolTip(tr("Jämför med kommunens grupp ”Liknande kommuner arbetsmarknad” i Kolada"))
        self.reset_peers.clicked.connect(self.use_group)
        peers_row = QHBoxLayout()
        lab = QLabel(tr("Jämför med"))
        lab.setBuddy(self.peers)
        peers_row.addWidget(lab)
        peers_row.addWidget(self.peers, 1)
        peers_row.addWidget(self.reset_peers)
        self.group_label = QLabel("")
        self.group_label.setWordWrap(True)
        self.group_label.setToolTip(tr(
            "Kolada grupperar kommuner med liknande förutsättningar. Gruppen hittas bland de hämtade på sin "
            "titel, ”Liknande kommuner arbetsmarknad, <kommunens namn>”; dess medlemmar är jämförelse"
            "kommunerna. Kommunen själv (egna och publicerade siffror) och riket visas på egna rader."))
        self.peer_error = ErrorLabel()
        self.problem = ErrorLabel()

        # Chart: one KPI at a time, municipalities along the axis, one bar per year.
        self.chart = QChart()
        self.chart.setMargins(QMargins(2, 2, 2, 2))
        self.chart.legend().setAlignment(Qt.AlignRight)  # leaves the bars the height
        title_font = QFont(self.chart.titleFont())
        title_font.setBold(True)
        self.chart.setTitleFont(title_font)
        self.x_axis, self.y_axis = QBarCategoryAxis(), QValueAxis()
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        self.x_axis.setLabelsFont(small)
        self.chart.addAxis(self.x_axis, Qt.AlignBottom)
        self.chart.addAxis(self.y_axis, Qt.AlignLeft)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.Antialiasing)
        self.chart_view.setMinimumHeight(220)
        self.chart_kpi = QComboBox()
        self.chart_kpi.currentIndexChanged.connect(lambda _i: self._draw_chart())
        chart_row = QHBoxLayout()
        lab = QLabel(tr("Diagram"))
        lab.setBuddy(self.chart_kpi)
        chart_row.addWidget(lab)
        chart_row.addWidget(self.chart_kpi)
        chart_row.addStretch(1)
        chart_panel = QWidget()
        cv = QVBoxLayout(chart_panel)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.addLayout(chart_row)
        cv.addWidget(self.chart_view, 1)

        self.model = _CompareModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.clicked.connect(self._cell_clicked)
        self.legend = QLabel("")
        self.legend.setWordWrap(True)
        table_panel = QWidget()
        tv = QVBoxLayout(table_panel)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.table, 1)
        tv.addWidget(self.legend)

        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.addWidget(chart_panel)
        self.splitter.addWidget(table_panel)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([330, 300])

        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.status.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(tr("Jämför med andra")))
        layout.addWidget(intro)
        layout.addLayout(choose)
        layout.addLayout(peers_row)
        layout.addWidget(self.group_label)
        layout.addWidget(self.peer_error)
        layout.addWidget(self.problem)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)

        self.reload_choices()
        self.municipality.currentIndexChanged.connect(lambda _i: self._municipality_changed())
        self.year_from.valueChanged.connect(lambda _v: self._years_changed(self.year_from))
        self.year_to.valueChanged.connect(lambda _v: self._years_changed(self.year_to))
        self.load()

    # -- choices ---------------------------------------------------------------------------------
    def reload_choices(self) -> None:
        """Municipalities with participants (else the default one); keeps the current choice."""
        with self.db.reading() as s:
            munis = kol.municipalities_with_participants(s)
            default = settings.default_municipality(s)
            if not munis and default:
                from ame_desktop.services.reference import municipality_name

                munis = [(default, municipality_name(s, default))]
        self._loading = True
        try:
            current = self.municipality.currentData() or default
            self.municipality.clear()
            for code, name in munis:
                self.municipality.addItem(f"{name} ({code})", code)
            i = self.municipality.findData(current)
            self.municipality.setCurrentIndex(i if i >= 0 else 0)
        finally:
            self._loading = False

    @property
    def chosen_municipality(self) -> str | None:
        return self.municipality.currentData()

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from.value(), self.year_to.value() + 1))

    def set_kpis(self, kpis: list[str]) -> None:
        self.kpi_picker.set_chosen(kpis)
        self.load()

    def set_years(self, first: int, last: int) -> None:
        self._loading = True
        self.year_from.setValue(first)
        self.year_to.setValue(last)
        self._loading = False
        self.load()

    def _choice_changed(self) -> None:
        if not self._loading:
            self.load()

    def _municipality_changed(self) -> None:
        self.custom_peers = None  # another municipality has other peers
        self._choice_changed()

    def _years_changed(self, changed: QSpinBox) -> None:
        # Keep from ≤ to, and at most ten years (the table would be unreadable).
        self._loading = True
        if self.year_from.value() > self.year_to.value():
            (self.year_to if changed is self.year_from else self.year_from).setValue(changed.value())
        if self.year_to.value() - self.year_from.value() > 9:
            if changed is self.year_from:
                self.year_to.setValue(self.year_from.value() + 9)
            else:
                self.year_from.setValue(self.year_to.value() - 9)
        self._loading = False
        self._choice_changed()

    def _peers_edited(self) -> None:
        text = self.peers.text().strip()
        shown = ", ".join(self.comparison.peers) if self.comparison else ""
        if text == shown:
            return
        if not text:
            self.use_group()
            return
        try:
            with self.db.reading() as s:
                codes = kc.clean_codes(text, s)
        except UserError as exc:
            set_error_style(self.peers, True)
            self.peer_error.show_message(exc.message)
            return
        set_error_style(self.peers, False)
        self.peer_error.show_message("")
        self.custom_peers = codes
        self.load()

    def set_peers(self, codes: list[str] | None) -> None:
        """Compare with these codes (None: the similar group)."""
        self.custom_peers = codes
        self.load()

    def use_group(self) -> None:
        set_error_style(self.peers, False)
        self.peer_error.show_message("")
        self.set_peers(None)

    # -- the comparison ----------------------------------------------------------------------------
    def load(self) -> None:
        self.problem.show_message("")
        code = self.chosen_municipality
        if code is None:
            self._show(None)
            self.status.setText(tr("Registret har inga deltagare än, och ingen kommun är vald i Inställningar."))
            return
        kpis = self.kpi_picker.chosen() or list(cmp.DEFAULT_KPIS)
        try:
            with self.db.reading() as s:
                result = cmp.compare(s, code, kpis, self.years, self.custom_peers, today=self.today)
        except UserError as exc:
            self._show(None)
            self.problem.show_message(exc.message)
            return
        except AmeError as exc:
            show_error(self, exc)
            return
        self._show(result)

    def _show(self, c: cmp.Comparison | None) -> None:
        self.comparison = c
        self.export_button.setEnabled(c is not None)
        self.model.set_comparison(c)
        current = self.chart_kpi.currentData()
        self.chart_kpi.blockSignals(True)
        self.chart_kpi.clear()
        for k in (c.kpis if c else []):
            self.chart_kpi.addItem(f"{k.kpi} {k.label}", k.kpi)
        i = self.chart_kpi.findData(current)
        self.chart_kpi.setCurrentIndex(i if i >= 0 else 0)
        self.chart_kpi.blockSignals(False)
        self._draw_chart()
        if c is None:
            self.group_label.setText("")
            self.legend.setText("")
            return
        self._fit_columns()
        if self.model.rowCount() != self._balanced_rows:
            self._balance()
        if not self.peers.hasFocus():
            self.peers.setText(", ".join(c.peers))
        self._describe_group(c)
        self.legend.setText(tr("Nyckeltal: ") + " · ".join(f"<b>{k.kpi}</b> {k.label}" for k in c.kpis)
                            + tr(". Tom ruta: inte hämtat från Kolada; –: inget värde."))
        self._describe_status(c)

    def _describe_group(self, c: cmp.Comparison) -> None:
        names = ", ".join(ln.name for ln in c.lines if ln.role == cmp.PEER)
        if self.custom_peers is not None:
            text = tr("Egen lista: {names}.").format(names=names or tr("inga"))
        elif c.group is not None:
            text = tr("Jämförelsegrupp: {title} ({id}), hämtad {when}: {names}.").format(
                title=c.group.title, id=c.group.id, names=names,
                when=f"{c.group.fetched_at:%Y-%m-%d}" if c.group.fetched_at else "–")
        else:
            text = tr("Ingen jämförelsegrupp hämtad än. Hämta från Kolada så söks kommunens grupp ”Liknande "
                      "kommuner arbetsmarknad, {name}” upp (Koladas urval av kommuner med liknande "
                      "förutsättningar), eller skriv kommunkoder ovan.").format(name=c.municipality_name)
        self.group_label.setText(text)

    def _describe_status(self, c: cmp.Comparison) -> None:
        parts = []
        span = c.fetched_range
        if span is not None:
            last = "" if span[0].date() == span[1].date() else f" – {span[1]:%Y-%m-%d}"
            parts.append(tr("Kolada-värdena hämtades {first}{last}.").format(first=f"{span[0]:%Y-%m-%d}", last=last))
        missing = c.not_fetched
        if missing:
            parts.append(tr("{n} värden för jämförelsekommunerna eller riket har inte hämtats – hämta från "
                            "Kolada eller läs in ett sparat svar.").format(n=missing))
        parts.extend(dict.fromkeys(c.own_notes[y] for y in sorted(c.own_notes)))  # once, not per year
        self.status.setText(" ".join(parts))

    def _fit_columns(self) -> None:
        bold = QFont(self.table.font())
        bold.setBold(True)
        fm = QFontMetrics(bold)
        width = max([fm.horizontalAdvance(ln.label) for ln in self.comparison.lines] + [80])
        self.table.setColumnWidth(0, width + 16)
        for col in range(1, self.model.columnCount()):
            self.table.setColumnWidth(col, fm.horizontalAdvance("100,0 %") + 10)
        header = self.table.horizontalHeader()
        header.setMinimumHeight(fm.height() * 2 + 10)

    def _balance(self) -> None:
        """Give the table the height its lines need (the chart keeps at least 220 px)."""
        total = sum(self.splitter.sizes())
        if not self.isVisible() or total <= 0 or self.comparison is None:
            return
        header = self.table.horizontalHeader()
        need = (max(header.height(), header.minimumHeight(), header.sizeHint().height())
                + self.model.rowCount() * self.table.verticalHeader().defaultSectionSize()
                + 2 * self.table.frameWidth() + self.style().pixelMetric(QStyle.PM_ScrollBarExtent)
                + self.legend.sizeHint().height() + 10)
        chart = max(220, total - need)
        self.splitter.setSizes([chart, max(0, total - chart)])
        self._balanced_rows = self.model.rowCount()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._balanced_rows < 0:
            self._balance()

    def _cell_clicked(self, index: QModelIndex) -> None:
        if index.column() > 0:
            k, _y = self.model.columns[index.column() - 1]
            self.chart_kpi.setCurrentIndex(self.chart_kpi.findData(k.kpi))

    # -- chart -----------------------------------------------------------------------------------
    def _draw_chart(self) -> None:
        chart = self.chart
        # The axes stay (removed axes linger on screen until deleted later); only the series is new.
        chart.removeAllSeries()
        c = self.comparison
        kpi = self.chart_kpi.currentData()
        if c is None or kpi is None:
            chart.setTitle("")
            self.x_axis.clear()
            return
        info = next(k for k in c.kpis if k.kpi == kpi)
        series = QBarSeries()
        top = 0.0
        for i, y in enumerate(c.years):
            bar_set = QBarSet(str(y))
            bar_set.setColor(QColor(YEAR_COLORS[i % len(YEAR_COLORS)]))
            bar_set.setBorderColor(QColor(YEAR_COLORS[i % len(YEAR_COLORS)]))
            bar_set.setSelectedColor(QColor(OWN_COLORS[i % len(OWN_COLORS)]))
            for j, line in enumerate(c.lines):
                v = line.cell(kpi, y).value
                bar_set.append(float(v) if v is not None else 0.0)  # QtCharts has no gaps: the table says "–"
                top = max(top, float(v or 0))
                if line.role == cmp.OWN:
                    bar_set.selectBar(j)  # the own register's bars in orange
            series.append(bar_set)
        series.setBarWidth(0.85)
        series.hovered.connect(self._bar_hovered)
        chart.addSeries(series)
        self.x_axis.clear()
        self.x_axis.append([_short(line) for line in c.lines])
        high, ticks = _nice_scale(top, 100.0 if info.share else None)
        self.y_axis.setRange(0, high)
        self.y_axis.setTickCount(ticks)
        self.y_axis.setLabelFormat("%d %%" if info.share else "%d")
        series.attachAxis(self.x_axis)
        series.attachAxis(self.y_axis)
        chart.setTitle(f"{info.kpi} {info.title}" if len(info.title) < 110 else f"{info.kpi} {info.label}")

    def _bar_hovered(self, status: bool, index: int, bar_set: QBarSet) -> None:
        if not status or self.comparison is None:
            QToolTip.hideText()
            return
        kpi = self.chart_kpi.currentData()
        info = next(k for k in self.comparison.kpis if k.kpi == kpi)
        line = self.comparison.lines[index]
        cell = line.cell(kpi, int(bar_set.label()))
        value = number_text(cell.value, info.share) if cell.cached else tr("inte hämtat")
        QToolTip.showText(QCursor.pos(), f"{line.label}, {bar_set.label()}: {value}")

    # -- fetching and reading ----------------------------------------------------------------------
    def fetch(self):
        """Fetch the chosen KPIs for the own municipality, the peers and Riket (and, unless the
        peers are a list of one's own, the similar group) off the GUI thread."""
        code = self.chosen_municipality
        if code is None:
            return None
        kpis = self.kpi_picker.chosen() or list(cmp.DEFAULT_KPIS)
        years = [y for y in self.years]
        custom = self.custom_peers
        peers = list(custom) if custom is not None else (self.comparison.peers if self.comparison else [])

        def work(progress, cancelled):
            client = kc.KoladaClient()
            return kc.fetch_to_cache(self.db, client, kpis, [code, *peers, kc.RIKET], years,
                                     similar_to=None if custom is not None else code,
                                     progress=progress, cancelled=cancelled)

        def done(summary: kc.FetchSummary) -> None:
            self.fetch_button.setEnabled(True)
            self.load()
            self.status.setText(summary.text() + " " + self.status.text())

        def failed(exc: BaseException) -> None:
            self.fetch_button.setEnabled(True)
            if isinstance(exc, kc.FetchCancelled):
                self.status.setText(exc.message)
                return
            self.status.setText(tr("Hämtningen misslyckades: {msg}").format(
                msg=exc.message if isinstance(exc, AmeError) else type(exc).__name__))
            show_error(self, exc)

        self.fetch_button.setEnabled(False)
        self.status.setText(tr("Hämtar från Kolada…"))
        self.fetch_job = run_in_background(self, tr("Hämtar från Kolada…"), work, done, failed)
        return self.fetch_job

    def choose_file(self) -> None:
        path, _ = file_dialogs.getOpenFileName(self, tr("Läs in sparat svar från Kolada"), "",
                                              tr("Svar från Koladas API (*.json);;Alla filer (*)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> bool:
        try:
            with self.db.transaction() as s:
                summary = kc.import_response_file(s, path)
        except AmeError as exc:
            show_error(self, exc)
            return False
        self.load()
        self.status.setText(summary.text() + " " + self.status.text())
        return True

    # -- export ----------------------------------------------------------------------------------
    def _default_name(self) -> str:
        c = self.comparison
        return f"jamforelse-{c.municipality}-{c.years[0]}-{c.years[-1]}.xlsx" if c else "jamforelse.xlsx"

    def export(self) -> None:
        if self.comparison is None:
            return
        path, _ = file_dialogs.getSaveFileName(self, tr("Spara jämförelsen"), self._default_name(),
                                              tr("Excel-arbetsbok (*.xlsx)"))
        if not path:
            return
        if not Path(path).suffix:
            path += ".xlsx"
        self.export_to(path)

    def export_to(self, path: str | Path) -> Path | None:
        from ame_desktop.services import exports

        if self.comparison is None:
            return None
        try:
            out = exports.comparison(self.db, self.comparison, path)
        except AmeError as exc:
            show_error(self, exc)
            return None
        self.status.setText(tr("Jämförelsen sparades i {path}.").format(path=out))
        return out

    # -- page protocol -----------------------------------------------------------------------------
    def can_leave(self) -> bool:
        return True

    def refresh(self) -> None:
        self.reload_choices()
        self.load()

    def prepare_screenshot(self) -> None:
        """The default municipality and KPIs, the last two full years and this one."""
        self._loading = True
        self.year_from.setValue(self.today.year - 2)
        self.year_to.setValue(self.today.year)
        self.kpi_picker.set_chosen(list(cmp.DEFAULT_KPIS))
        self._loading = False
        self.custom_peers = None
        self.load()
        self._balance()
