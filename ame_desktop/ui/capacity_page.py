"""Underplanerade and Kapacitet (issue 23): who has fewer planned hours than the requirement in a
week or month (the unit's planning gap, never the person's fault), and the unit's capacity:
per group and week places/booked/waiting, per category the hours of the plans against the hours
booked, and a forecast for the coming months with a chart. Computed by services/capacity_view.py
in a background job."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TR_NOOP, QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain import words
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import capacity_view as cv
from ame_desktop.store.database import Database
from ame_desktop.ui import file_dialogs
from ame_desktop.ui.capacity_common import (
    HAVE_COLOUR,
    MONTH,
    MONTHS,
    MONTHS_SHORT,
    NEED_COLOUR,
    ForecastChart,
    PeriodPicker,
    filter_municipalities,
    hours_text,
    number_model,
    on_enter,
    selected_row,
    table_view,
    week_text,
    whole_hours,
)
from ame_desktop.ui.common import heading, set_message, tr, user_label
from ame_desktop.ui.workers import run_in_background

UNDER_HEADERS = [QT_TR_NOOP("Namn"), QT_TR_NOOP("Personnummer"), QT_TR_NOOP("Handledare"), QT_TR_NOOP("Krav"),
                 QT_TR_NOOP("Planerat"), QT_TR_NOOP("Planerade\ntimmar saknas"), QT_TR_NOOP("Grupper"),
                 QT_TR_NOOP("Arbets-\nplats"), QT_TR_NOOP("Eget\njobbsök"), QT_TR_NOOP("Övrigt\nschema"),
                 QT_TR_NOOP("På vänte-\nlista"), QT_TR_NOOP("Inställt av\nenheten"), QT_TR_NOOP("Anmärkning")]
UNDER_TIPS = {3: QT_TR_NOOP("Timmar aktivitetskravet omfattar under periodens kravdagar"),
              4: QT_TR_NOOP("Bokade och schemalagda timmar som räknas: grupper, arbetsplats, eget jobbsökande, övrigt schema"),
              5: QT_TR_NOOP("Timmar som enheten ännu inte har planerat för personen (krav − planerat)"),
              10: QT_TR_NOOP("Timmar i grupper där personen står på väntelistan (räknas inte som planerade)"),
              11: QT_TR_NOOP("Pass som enheten har ställt in (kräver ingenting av personen, "
                             "men är timmar enheten inte gav)")}


def under_row(r: cv.UnderscheduledRow) -> tuple:
    """One person's row as shown (hours as Swedes write them)."""
    return (r.name, format_digits(r.personnummer), r.staff, hours_text(r.required_hours),
            hours_text(r.planned_hours), hours_text(r.shortfall_hours), hours_text(r.booked_hours),
            hours_text(r.placement_hours), hours_text(r.job_seeking_hours), hours_text(r.other_schedule_hours),
            hours_text(r.waiting_hours) if r.waiting_hours else "",
            hours_text(r.cancelled_hours) if r.cancelled_hours else "",
            tr("Ingen bokad plats ännu") if r.no_booking else "")


class UnderscheduledModel(QAbstractTableModel):
    """The list's rows, formatted only when a row is painted (the city register has thousands)."""

    DISPLAY, TOOLTIP, ALIGN = (int(r.value) for r in (Qt.DisplayRole, Qt.ToolTipRole, Qt.TextAlignmentRole))
    RIGHT = int((Qt.AlignRight | Qt.AlignVCenter).value)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.headers = [tr(h) for h in UNDER_HEADERS]
        self.tips = {c: tr(t) for c, t in UNDER_TIPS.items()}
        self.items: list[cv.UnderscheduledRow] = []
        self._cache: dict[int, tuple] = {}

    def set_result(self, items: list[cv.UnderscheduledRow]) -> None:
        self.beginResetModel()
        self.items = items
        self._cache = {}
        self.endResetModel()

    @property
    def rows(self) -> list[tuple]:
        return [self._row(i) for i in range(len(self.items))]

    def _row(self, i: int) -> tuple:
        hit = self._cache.get(i)
        if hit is None:
            hit = self._cache[i] = under_row(self.items[i])
        return hit

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        r = role if type(role) is int else int(role.value)
        if orientation == Qt.Horizontal and r == self.DISPLAY:
            return self.headers[section]
        if orientation == Qt.Horizontal and r == self.TOOLTIP:
            return self.tips.get(section)
        return None

    FONT = int(Qt.FontRole.value)

    def data(self, index, role=Qt.DisplayRole):
        r = role if type(role) is int else int(role.value)
        if r == self.ALIGN:
            return self.RIGHT if 3 <= index.column() <= 11 else None
        if r == self.FONT:
            if index.column() != 5:
                return None
            if not hasattr(self, "_bold"):
                from PySide6.QtGui import QFont

                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold  # the hours the unit has still to plan
        if r != self.DISPLAY and r != self.TOOLTIP:
            return None
        return self._row(index.row())[index.column()]


def period_of(picker: PeriodPicker) -> cv.Period:
    first, last = picker.period()
    if picker.mode == MONTH:
        return cv.Period("month", f"{first.year}-{first.month:02d}", first, last)
    y, w, _ = first.isocalendar()
    return cv.Period("week", f"{y}-W{w:02d}", first, last)


def period_words(p: cv.Period) -> str:
    if p.kind == "month":
        return f"{MONTHS[p.first.month - 1]} {p.first.year}"
    return tr("vecka {w}").format(w=p.first.isocalendar()[1])


def _municipality_filter(db: Database) -> QComboBox:
    box = QComboBox()
    box.addItem(tr("Alla kommuner"), None)
    for code, name in filter_municipalities(db):
        box.addItem(f"{name} ({code})", code)
    box.setAccessibleName(tr("Kommun"))
    return box


def _compute(page, compute, title: str, background: bool) -> None:
    """Run `compute(session)` for a page (its db, status, _generation, _show, _job): in the
    background with a progress bar and cancel, or at once. Only the newest request is shown, and a
    cancel counts only while the work still runs (the progress dialog's closing after the result
    also emits `canceled`)."""
    page._generation += 1
    generation = page._generation
    db = page.db
    finished = [False]
    cancelled = [False]

    def work(_progress=None, _cancelled=None):
        with db.reading() as s:
            result = compute(s)
        finished[0] = True  # set in the worker: a close of the progress dialog after this is no cancel
        return result

    if not background:
        page._show(work())
        return
    set_message(page.status, tr("Räknar …"), "info")

    def done(result):
        if generation == page._generation and not cancelled[0]:
            page._show(result)

    def user_cancelled():
        if not finished[0]:
            cancelled[0] = True
            set_message(page.status, tr("Avbrutet – sidan visar det som räknades förra gången."), "info")

    def failed(exc):
        set_message(page.status, getattr(exc, "message", str(exc)), "error")

    page._job = run_in_background(page, title, work, done, failed)
    page._job.dialog.canceled.connect(user_cancelled)


class UnderscheduledPage(QWidget):
    """Everyone whose planned hours fall short of the requirement in the week or month."""

    open_participant = Signal(int)
    counted = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.result: cv.UnderscheduledList | None = None
        self._job = None
        self._generation = 0

        self.picker = PeriodPicker(today=self.today)
        self.municipality = _municipality_filter(db)
        muni_label = QLabel(tr("K&ommun:"))
        muni_label.setBuddy(self.municipality)
        self.export_button = QPushButton(tr("&Exportera listan…"))
        self.export_button.setToolTip(tr("Listan som Excel (.xlsx) eller JSON; exporten loggas"))
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        top.addWidget(muni_label)
        top.addWidget(self.municipality)
        top.addWidget(self.export_button)
        self.summary = user_label("")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        note = QLabel(tr(cv.PLANNING_NOTE) + " " + tr("Dubbelklicka eller tryck Enter för att öppna personen."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.model = UnderscheduledModel(self)
        self.table = table_view(self.model)
        self.table.setAccessibleName(tr("Tabell: underplanerade personer"))
        on_enter(self.table, self._open)
        fm = self.table.fontMetrics()
        for col, sample in enumerate(("Andersson, Mohammed", "19640823-3234", "Kerstin Ålund")):
            self.table.setColumnWidth(col, fm.horizontalAdvance(sample) + 12)
        for col in range(3, 12):
            head = max(fm.horizontalAdvance(line) for line in tr(UNDER_HEADERS[col]).split("\n"))
            self.table.setColumnWidth(col, max(head, fm.horizontalAdvance("35,25")) + 16)
        self.status = user_label("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(heading(tr("Underplanerade")))
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.picker.changed.connect(self.compute)
        self.municipality.currentIndexChanged.connect(lambda _i: self.compute())
        self.compute()

    def compute(self, background: bool = True) -> None:
        period = period_of(self.picker)
        muni = self.municipality.currentData()
        _compute(self, lambda s: cv.underscheduled(s, period, muni), tr("Räknar planerade timmar …"), background)

    def _show(self, result: cv.UnderscheduledList) -> None:
        self.result = result
        self.model.set_result(result.rows)  # formatted when painted: 18 000 rows cost nothing here
        self.export_button.setEnabled(bool(result.rows))
        none = sum(1 for r in result.rows if r.no_booking)
        self.summary.setText(tr("{period}: {n} av {m} personer med aktivitetskrav har timmar kvar att planera, "
                                "sammanlagt {h} timmar. {k} har ingen bokad plats ännu.").format(
            period=period_words(result.period).capitalize(), n=len(result.rows), m=result.people_with_requirement,
            h=hours_text(result.total_shortfall_hours), k=words.count(none, "person", "personer")))
        set_message(self.status, "", "info")
        self.counted.emit(len(result.rows))

    def export(self) -> None:
        if self.result is None:
            return
        name = f"underplanerade-{self.result.period.label}.xlsx"
        ok, out = file_dialogs.save_with(self, tr("Exportera listan"), name,
                                         tr("Excel-arbetsbok (*.xlsx);;JSON (*.json)"), self.export_to)
        if ok and out:
            set_message(self.status, tr("Listan sparades i {p}.").format(p=out), "ok")

    def export_to(self, path):
        """The shown list as .xlsx or .json (services/exports.underscheduled, audited like the CLI's)."""
        from ame_desktop.services import exports

        return exports.underscheduled(self.db, self.result, path)

    def _open(self) -> None:
        row = selected_row(self.table)
        if self.result is not None and row is not None and 0 <= row < len(self.result.rows):
            self.open_participant.emit(self.result.rows[row].participant_id)

    def focus_search(self) -> None:
        self.table.setFocus()

    def can_leave(self) -> bool:
        return True

    def refresh(self) -> None:
        self.compute()

    def prepare_screenshot(self) -> None:
        self.compute(background=False)
        if self.model.rowCount():
            self.table.selectRow(0)


CATEGORY_HEADERS = [QT_TR_NOOP("Kategori"), QT_TR_NOOP("Enligt\nplanerna"), QT_TR_NOOP("Bokat"),
                    QT_TR_NOOP("På vänte-\nlista"), QT_TR_NOOP("Grupperna\nerbjuder")]
FORECAST_HEADERS = [QT_TR_NOOP("Månad"), QT_TR_NOOP("Personer\nmed krav"), QT_TR_NOOP("Krav\n(timmar)"),
                    QT_TR_NOOP("Bokat\n(timmar)"), QT_TR_NOOP("Saknas\n(timmar)"),
                    QT_TR_NOOP("Heltidsplatser\nsom saknas"), QT_TR_NOOP("Kan få krav\n(ek. bistånd)")]


def _header_width(fm, text: str, sample: str = "") -> int:
    return max([fm.horizontalAdvance(line) for line in text.split("\n")] + [fm.horizontalAdvance(sample)]) + 16
FULL_BACKGROUND = QColor("#fde3c8")  # a full week: light orange (the text stays black, 15:1)
WAITING_BACKGROUND = QColor("#f9c89b")


def _month_label(label: str, short: bool = False) -> str:
    y, m = (int(x) for x in label.split("-"))
    return f"{(MONTHS_SHORT if short else MONTHS)[m - 1]} {y}"


class GroupWeekModel(QAbstractTableModel):
    """Groups as rows, ISO weeks as columns: "bokade/platser", "+N" waiting; full weeks shaded."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.groups: list[tuple[int, str, int]] = []  # id, name, category
        self.weeks: list[date] = []
        self.cells: dict[tuple[int, date], cv.GroupWeek] = {}

    def set_weeks(self, rows: list[cv.GroupWeek]) -> None:
        self.beginResetModel()
        seen: dict[int, tuple[int, str, int]] = {}
        weeks = set()
        self.cells = {}
        for g in rows:
            seen.setdefault(g.group_id, (g.group_id, g.group_name, g.category))
            weeks.add(g.monday)
            self.cells[(g.group_id, g.monday)] = g
        self.groups = list(seen.values())
        self.weeks = sorted(weeks)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.groups)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2 + len(self.weeks)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or role not in (Qt.DisplayRole, Qt.ToolTipRole):
            return None
        if section == 0:
            return tr("Grupp")
        if section == 1:
            return tr("Kat.") if role == Qt.DisplayRole else tr("Kategori 1–4")
        monday = self.weeks[section - 2]
        if role == Qt.ToolTipRole:
            return week_text(monday)
        return tr("v. {w}").format(w=monday.isocalendar()[1])

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        gid, name, cat = self.groups[index.row()]
        col = index.column()
        if col == 0:
            return name if role in (Qt.DisplayRole, Qt.ToolTipRole) else None
        if col == 1:
            if role == Qt.DisplayRole:
                return str(cat)
            return int(Qt.AlignCenter) if role == Qt.TextAlignmentRole else None
        g = self.cells.get((gid, self.weeks[col - 2]))
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignCenter)
        if g is None:
            return None
        if role == Qt.DisplayRole:
            if g.sessions == 0:
                return "–"
            text = f"{g.booked}/{g.places}"
            return text + (f" +{g.waiting}" if g.waiting else "")
        if role == Qt.BackgroundRole and g.sessions and g.places and g.free == 0:
            return WAITING_BACKGROUND if g.waiting else FULL_BACKGROUND
        if role == Qt.ToolTipRole:
            text = tr("{g}, {w}: {b} bokade av {p} platser, {f} lediga, {q} väntar; {s} ({c} inställda).").format(
                g=name, w=week_text(g.monday), b=g.booked, p=g.places, f=g.free, q=g.waiting,
                s=words.count(g.sessions, "tillfälle", "tillfällen"), c=g.cancelled_sessions)
            return text
        return None


class CapacityPage(QWidget):
    """Kapacitet: groups per week, categories, and the forecast of the coming months."""

    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.view: cv.CapacityView | None = None
        self._job = None
        self._generation = 0

        self.picker = PeriodPicker(today=self.today, mode=MONTH, modes=(MONTH,))
        self.picker.default_button.setToolTip(tr("Tillbaka till kommande månad"))
        self.municipality = _municipality_filter(db)
        muni_label = QLabel(tr("K&ommun:"))
        muni_label.setBuddy(self.municipality)
        self.months = QComboBox()
        for n in (1, 2, 3, 6, 12):
            self.months.addItem(words.count(n, "månad", "månader"), n)
        self.months.setCurrentIndex(self.months.findData(3))
        months_label = QLabel(tr("&Prognos för:"))
        months_label.setBuddy(self.months)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Från")))
        top.addWidget(self.picker, 1)
        top.addWidget(months_label)
        top.addWidget(self.months)
        top.addSpacing(8)
        top.addWidget(muni_label)
        top.addWidget(self.municipality)
        self.export_button = QPushButton(tr("&Exportera…"))
        self.export_button.setToolTip(tr("Kapaciteten som Excel (.xlsx) eller JSON, utan personuppgifter"))
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(False)
        top.addWidget(self.export_button)

        self.summary = user_label("")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        self.week_model = GroupWeekModel(self)
        self.week_table = table_view(self.week_model, stretch_last=False)
        self.week_table.setAccessibleName(tr("Tabell: grupper per vecka, bokade av platser och väntande"))
        self.week_table.setSelectionBehavior(QAbstractItemView.SelectItems)
        fm = self.week_table.fontMetrics()
        self.week_table.horizontalHeader().setDefaultSectionSize(fm.horizontalAdvance("12/12 +35") + 14)
        week_box = QGroupBox(tr("Grupper per vecka: bokade/platser, +väntande (orange = fullbokad)"))
        wl = QVBoxLayout(week_box)
        wl.setContentsMargins(6, 6, 6, 6)
        wl.addWidget(self.week_table)

        self.category_model = number_model([tr(h) for h in CATEGORY_HEADERS], {1, 2, 3, 4}, {
            1: tr("Timmarna de individuella planerna lägger i kategorin under kravdagarna"),
            2: tr("Bokade timmar i grupper och på arbetsplatser"),
            3: tr("Timmar i grupper där personer står på väntelistan"),
            4: tr("Platser × tillfällen som inte är inställda")})
        self.category_table = table_view(self.category_model)
        self.category_table.setAccessibleName(tr("Tabell: timmar per kategori"))
        self.category_table.setColumnWidth(0, max(fm.horizontalAdvance(tr(label)) for label in
                                                  cv.CATEGORY_LABELS.values()) + 14)
        for col in range(1, 5):
            self.category_table.setColumnWidth(col, _header_width(fm, tr(CATEGORY_HEADERS[col]), "12 345"))
        self.category_box = QGroupBox(tr("Timmar per kategori"))
        cl = QVBoxLayout(self.category_box)
        cl.setContentsMargins(6, 6, 6, 6)
        cl.addWidget(self.category_table)
        self.category_box.setToolTip(tr("”Enligt planerna”: timmarna de individuella planerna lägger i kategorin "
                                        "under kravdagarna. ”Grupperna erbjuder”: platser × tillfällen som inte är "
                                        "inställda."))

        self.chart = ForecastChart()
        self.forecast_model = number_model([tr(h) for h in FORECAST_HEADERS], {1, 2, 3, 4, 5, 6})
        self.forecast_table = table_view(self.forecast_model)
        self.forecast_table.setAccessibleName(tr("Tabell: prognos per månad"))
        self.forecast_table.setColumnWidth(0, fm.horizontalAdvance("september 2027") + 16)
        for col in range(1, len(FORECAST_HEADERS)):
            self.forecast_table.setColumnWidth(col, _header_width(fm, tr(FORECAST_HEADERS[col]), "12 345"))
        self.eb_note = user_label("")
        self.eb_note.setWordWrap(True)
        self.eb_note.setStyleSheet("color: #555;")
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        forecast_box = QGroupBox(tr("Prognos per månad"))
        fl = QVBoxLayout(forecast_box)
        fl.setContentsMargins(6, 6, 6, 6)
        fl.addWidget(self.forecast_table)
        self.forecast_table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # the columns fit
        rl.addWidget(forecast_box)
        rl.addWidget(self.category_box, 1)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.chart, 1)
        ll.addWidget(self.eb_note)
        lower = QSplitter(Qt.Horizontal)
        lower.addWidget(left)
        lower.addWidget(right)
        lower.setChildrenCollapsible(False)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        lower.setSizes([520, 620])
        split = QSplitter(Qt.Vertical)
        split.addWidget(week_box)
        split.addWidget(lower)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([265, 345])
        self.status = user_label("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(heading(tr("Kapacitet")))
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self.picker.changed.connect(self.compute)
        self.months.currentIndexChanged.connect(lambda _i: self.compute())
        self.municipality.currentIndexChanged.connect(lambda _i: self.compute())
        self.compute()

    def compute(self, background: bool = True) -> None:
        first, _last = self.picker.period()
        label = f"{first.year}-{first.month:02d}"
        months = self.months.currentData()
        muni = self.municipality.currentData()
        today = self.today
        _compute(self, lambda s: cv.capacity(s, label, months, muni, today=today), tr("Räknar kapaciteten …"),
                 background)

    def export(self) -> None:
        if self.view is None:
            return
        name = f"kapacitet-{self.view.first.isoformat()[:7]}.xlsx"
        ok, out = file_dialogs.save_with(self, tr("Exportera kapaciteten"), name,
                                         tr("Excel-arbetsbok (*.xlsx);;JSON (*.json)"), self.export_to)
        if ok and out:
            set_message(self.status, tr("Kapaciteten sparades i {p}.").format(p=out), "ok")

    def export_to(self, path):
        from ame_desktop.services import exports

        return exports.capacity(self.db, self.view, path)

    def _show(self, view: cv.CapacityView) -> None:
        self.view = view
        self.export_button.setEnabled(True)
        self.week_model.set_weeks(view.group_weeks)
        fm = self.week_table.fontMetrics()
        widest = max([fm.horizontalAdvance(name) for _i, name, _c in self.week_model.groups] + [120])
        self.week_table.setColumnWidth(0, min(widest + 16, 260))
        self.week_table.setColumnWidth(1, fm.horizontalAdvance(tr("Kat.")) + 16)
        self.category_model.set_rows(
            [(tr(c.label), whole_hours(c.planned_hours), whole_hours(c.booked_hours), whole_hours(c.waiting_hours),
              whole_hours(c.offered_hours)) for c in view.categories]
            + [(tr("Eget jobbsökande (ingen kategori)"), "", whole_hours(view.job_seeking_hours), "", "")])
        first_month = view.forecast[0].month if view.forecast else None
        self.category_box.setTitle(tr("Timmar per kategori, {m}").format(m=_month_label(first_month))
                                   if first_month else tr("Timmar per kategori"))
        has_eb = view.eb_latest_month is not None
        self.forecast_model.set_rows([
            (_month_label(f.month), f.people_with_requirement, whole_hours(f.required_hours),
             whole_hours(f.booked_hours), whole_hours(f.gap_hours), f"{f.fulltime_missing:.1f}".replace(".", ","),
             f.eb_candidates if has_eb else "–") for f in view.forecast])
        shown = max(1, min(len(view.forecast), 6))
        self.forecast_table.setFixedHeight(self.forecast_table.horizontalHeader().sizeHint().height()
                                           + self.forecast_table.verticalHeader().defaultSectionSize() * shown
                                           + 2 * self.forecast_table.frameWidth() + 2)
        labels = [_month_label(f.month, short=len(view.forecast) > 3) for f in view.forecast]
        self.chart.show_series(
            tr("Prognos: timmar som krävs och timmar som är bokade"), labels,
            [(tr("Krav (timmar)"), [round(f.required_hours) for f in view.forecast], NEED_COLOUR),
             (tr("Bokat (timmar)"), [round(f.booked_hours) for f in view.forecast], HAVE_COLOUR)],
            line=(tr("Heltidsplatser som saknas"), [f.fulltime_missing for f in view.forecast]), unit=tr("timmar"))
        self.chart.setAccessibleName(tr("Diagram: prognos, timmar som krävs och timmar som är bokade per månad"))
        if has_eb:
            self.eb_note.setText(tr("Bygger på aktivitetskravsperioderna i registret och utdraget om ekonomiskt "
                                    "bistånd till och med {m}: ”Kan få krav” är personer utan period som då har "
                                    "haft försörjningsstöd tre månader i följd.").format(
                m=_month_label(view.eb_latest_month)))
        else:
            self.eb_note.setText(tr("Bygger på aktivitetskravsperioderna i registret. Inget utdrag om ekonomiskt "
                                    "bistånd är importerat, så personer som kan få krav senare syns inte."))
        full = len({g.group_id for g in view.group_weeks if g.sessions and g.places and g.free == 0})
        waiting = max((g.waiting for g in view.group_weeks), default=0)
        gap = view.forecast[0].gap_hours if view.forecast else 0
        self.summary.setText(tr("{first} – {last}: {groups} av {n} är fullbokade någon vecka; som mest {w} väntar "
                                "i en grupp. {m}: {gap} timmar är ännu inte planerade.").format(
            first=view.first.isoformat(), last=view.last.isoformat(), groups=full,
            n=words.count(len(self.week_model.groups), "grupp", "grupper"), w=waiting,
            m=_month_label(first_month).capitalize() if first_month else "", gap=whole_hours(gap)))
        set_message(self.status, "", "info")

    def can_leave(self) -> bool:
        return True

    def refresh(self) -> None:
        self.compute()

    def prepare_screenshot(self) -> None:
        self.compute(background=False)
