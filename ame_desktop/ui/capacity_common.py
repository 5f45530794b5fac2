"""Widgets shared by the capacity pages (issue 23): a week/month chooser, a read-only table and
the forecast chart."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from ame_desktop.ui.common import tr

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
MONTHS_SHORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
WEEK, MONTH = "week", "month"


def monday_of(d: date) -> date:
    return d - timedelta(days=d.weekday())


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    return date(d.year + m // 12, m % 12 + 1, 1)


def month_end(d: date) -> date:
    return add_months(d, 1) - timedelta(days=1)


def hours_text(h: float | None) -> str:
    """Hours as a Swede writes them: 7,5 – and whole hours without a decimal."""
    if h is None:
        return ""
    h = round(float(h), 2)
    if h == int(h):
        return str(int(h))
    return f"{h:.2f}".rstrip("0").replace(".", ",")


def whole_hours(h: float | None) -> str:
    """Many hours as a whole number with a thin space between thousands: 12 480."""
    if h is None:
        return ""
    return f"{round(float(h)):,}".replace(",", "\u202f")


def week_text(monday: date) -> str:
    sunday = monday + timedelta(days=6)
    return tr("Vecka {w} ({a} – {b})").format(w=monday.isocalendar()[1],
                                              a=f"{monday.day} {MONTHS_SHORT[monday.month - 1]}",
                                              b=f"{sunday.day} {MONTHS_SHORT[sunday.month - 1]} {sunday.year}")


def month_text(first: date) -> str:
    return f"{MONTHS[first.month - 1].capitalize()} {first.year}"


class PeriodPicker(QWidget):
    """Vecka or Månad, with ◀ ▶ (Alt+Vänster / Alt+Höger) and a button back to the default
    (the coming week, or the coming month: planning is done before the period begins)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: date | None = None, mode: str = WEEK,
                 modes: tuple[str, ...] = (WEEK, MONTH)):
        super().__init__(parent)
        self.today = today or date.today()
        self.kind = QComboBox()
        if WEEK in modes:
            self.kind.addItem(tr("Vecka"), WEEK)
        if MONTH in modes:
            self.kind.addItem(tr("Månad"), MONTH)
        self.kind.setVisible(len(modes) > 1)
        self.kind.setAccessibleName(tr("Period: vecka eller månad"))
        self.prev = QPushButton("◀")
        self.prev.setAccessibleName(tr("Föregående period"))
        self.prev.setToolTip(tr("Föregående period (Alt+Vänster)"))
        self.next = QPushButton("▶")
        self.next.setAccessibleName(tr("Nästa period"))
        self.next.setToolTip(tr("Nästa period (Alt+Höger)"))
        for b in (self.prev, self.next):
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("◀") + 24)
        self.default_button = QPushButton(tr("&Kommande"))
        self.default_button.setToolTip(tr("Tillbaka till kommande vecka eller månad"))
        self.title = QLabel("")
        self.title.setStyleSheet("font-weight: bold;")
        widest = "Vecka 52 (28 dec – 3 jan 2027)" if WEEK in modes else "September 2027"
        self.title.setMinimumWidth(self.title.fontMetrics().horizontalAdvance(widest) + 8)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kind)
        row.addWidget(self.prev)
        row.addWidget(self.title)
        row.addWidget(self.next)
        row.addWidget(self.default_button)
        row.addStretch(1)
        self.kind.setCurrentIndex(max(0, self.kind.findData(mode)))
        self.start = self._default_start()
        self._show()
        self.kind.currentIndexChanged.connect(lambda _i: self.reset())
        self.prev.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        self.default_button.clicked.connect(self.reset)
        for keys, n in (("Alt+Left", -1), ("Alt+Right", 1)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.WindowShortcut)
            sc.activated.connect(lambda n=n: self._shortcut_step(n))

    def _shortcut_step(self, n: int) -> None:
        if self.isVisible():
            self.step(n)

    @property
    def mode(self) -> str:
        return self.kind.currentData()

    def _default_start(self) -> date:
        if self.mode == MONTH:
            return add_months(self.today, 1)
        return monday_of(self.today) + timedelta(days=7)

    def period(self) -> tuple[date, date]:
        if self.mode == MONTH:
            return self.start, month_end(self.start)
        return self.start, self.start + timedelta(days=6)

    def set_period(self, mode: str, start: date) -> None:
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(max(0, self.kind.findData(mode)))
        self.kind.blockSignals(False)
        self.start = month_start(start) if mode == MONTH else monday_of(start)
        self._show()
        self.changed.emit()

    def step(self, n: int) -> None:
        self.start = add_months(self.start, n) if self.mode == MONTH else self.start + timedelta(days=7 * n)
        self._show()
        self.changed.emit()

    def reset(self) -> None:
        self.start = self._default_start()
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        self.title.setText(month_text(self.start) if self.mode == MONTH else week_text(self.start))


def table_view(model, stretch_last: bool = True) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table for the next control
    vh = view.verticalHeader()
    vh.setVisible(False)
    vh.setSectionResizeMode(QHeaderView.Fixed)
    vh.setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    return view


def on_enter(view: QTableView, slot) -> None:
    """Enter (and Return) on a table's row does what a double-click does."""
    for key in (Qt.Key_Return, Qt.Key_Enter):
        sc = QShortcut(QKeySequence(key), view)
        sc.setContext(Qt.WidgetShortcut)
        sc.activated.connect(slot)
    view.doubleClicked.connect(lambda _i: slot())


def selected_row(view: QTableView) -> int | None:
    sm = view.selectionModel()
    if sm is None:
        return None
    rows = sm.selectedRows()
    if rows:
        return rows[0].row()
    cur = view.currentIndex()
    return cur.row() if cur.isValid() else None


# Colours with enough contrast on white, told apart by more than hue (bars vs. line).
NEED_COLOUR = QColor("#1f4e79")
HAVE_COLOUR = QColor("#7fa7cf")
LINE_COLOUR = QColor("#b35900")


class ForecastChart(QChartView):
    """Bars per month: hours the requirement periods need and hours booked; a line for the
    places that are missing (or the number of people with a requirement)."""

    def __init__(self, parent: QWidget | None = None):
        self._chart = QChart()
        super().__init__(self._chart, parent)
        self._chart.setMargins(QMargins(4, 4, 4, 4))
        self._chart.legend().setAlignment(Qt.AlignBottom)
        f = QFont(self._chart.titleFont())
        f.setBold(True)
        self._chart.setTitleFont(f)
        self._chart.setAnimationOptions(QChart.NoAnimation)  # offscreen renders must be complete at once
        self.setRenderHint(QPainter.Antialiasing)
        self.setMinimumHeight(220)
        self.setFocusPolicy(Qt.NoFocus)

    def clear(self) -> None:
        self._chart.removeAllSeries()
        for axis in self._chart.axes():
            self._chart.removeAxis(axis)
            axis.deleteLater()

    def show_series(self, title: str, labels: list[str], bars: list[tuple[str, list[float], QColor]],
                    line: tuple[str, list[float]] | None = None, unit: str = "") -> None:
        """`bars`: (name, one value per label, colour). `line`: a second measure on its own
        right-hand axis (e.g. people)."""
        self.clear()
        self._chart.setTitle(title)
        series = QBarSeries()
        top = 0.0
        for name, values, colour in bars:
            s = QBarSet(name)
            s.setColor(colour)
            s.setBorderColor(colour.darker(130))
            s.setLabelColor(QColor("#222222"))
            for v in values:
                s.append(float(v))
                top = max(top, float(v))
            series.append(s)
        series.setLabelsVisible(len(labels) <= 6)
        series.setLabelsPosition(QBarSeries.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        self._chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(labels)
        self._chart.addAxis(x, Qt.AlignBottom)
        series.attachAxis(x)
        y = QValueAxis()
        y.setRange(0, _nice_top(top * 1.15))
        y.setLabelFormat("%d")
        y.setTitleText(unit)
        self._chart.addAxis(y, Qt.AlignLeft)
        series.attachAxis(y)
        if line is not None:
            name, values = line
            ls = QLineSeries()
            ls.setName(name)
            pen = QPen(LINE_COLOUR)
            pen.setWidth(3)
            ls.setPen(pen)
            ls.setPointsVisible(True)
            for i, v in enumerate(values):
                ls.append(i, float(v))
            self._chart.addSeries(ls)
            y2 = QValueAxis()
            y2.setRange(0, _nice_top(max([float(v) for v in values] + [1.0]) * 1.15))
            y2.setLabelFormat("%d")
            y2.setTitleText(name)
            self._chart.addAxis(y2, Qt.AlignRight)
            ls.attachAxis(y2)
            xl = QValueAxis()  # the line's own x axis, hidden: category i sits at i
            xl.setRange(-0.5, len(values) - 0.5)
            xl.setVisible(False)
            self._chart.addAxis(xl, Qt.AlignBottom)
            ls.attachAxis(xl)


def _nice_top(v: float) -> float:
    if v <= 10:
        return 10.0
    import math

    step = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * step:
            return m * step
    return 10 * step


def municipality_combo(db, current: str | None) -> QComboBox:
    """The municipalities the account may see; the register's own first chosen for new rows."""
    from ame_desktop.services import authz, reference
    from ame_desktop.services import settings as settings_service

    with db.reading() as s:
        actor = authz.actor(s)
        munis = [(c, n) for c, n in reference.kommuner(s) if actor.sees(c)]
        default = settings_service.default_municipality(s)
    box = QComboBox()
    for c, n in munis:
        box.addItem(f"{n} ({c})", c)
    want = current or default
    i = box.findData(want)
    box.setCurrentIndex(i if i >= 0 else 0)
    return box


def staff_combo(db, current: int | None) -> QComboBox:
    from ame_desktop.services import staff

    with db.reading() as s:
        members = staff.list_staff(s, include_inactive=current is not None)
    box = QComboBox()
    box.addItem(tr("(ingen angiven)"), None)
    for m in members:
        box.addItem(m.name, m.id)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def filter_municipalities(db) -> list[tuple[str, str]]:
    """Municipalities for a page's filter: those the account may see that are in use."""
    from ame_desktop.services import participant_list as pl

    with db.reading() as s:
        return pl.municipalities_in_use(s)


def number_model(headers: list[str], right: set[int], tips: dict[int, str] | None = None):
    """A ListTableModel whose given columns are right-aligned (numbers shown as Swedish text, 7,5),
    with header tooltips."""
    from ame_desktop.ui.list_model import ALIGN, RIGHT, ListTableModel

    tip_role = int(Qt.ToolTipRole.value)

    class _Model(ListTableModel):
        def headerData(self, section, orientation, role=Qt.DisplayRole):
            r = role if type(role) is int else int(role.value)
            if orientation == Qt.Horizontal and r == tip_role and tips and section in tips:
                return tips[section]
            return super().headerData(section, orientation, role)

        def data(self, index, role=0):
            r = role if type(role) is int else int(role.value)
            if r == ALIGN:
                return RIGHT if index.column() in right else None
            return super().data(index, role)

    return _Model(headers)
