"""The participant view's Steg tab: the person's step chart (level over time, enrollment periods
shaded), the list of assessments, and the dialog that records one."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCharts import (
    QAreaSeries,
    QCategoryAxis,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, QPointF, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain import words
from ame_desktop.domain.errors import AmeError, UserError
from ame_desktop.services import participants as participant_service
from ame_desktop.services import staff as staff_service
from ame_desktop.services import step_assessments, step_models
from ame_desktop.store.database import Database
from ame_desktop.ui.common import DateField, date_text, show_error, tr, user_label
from ame_desktop.ui.record_dialog import RecordDialog

LINE_COLOR = QColor("#1f4e79")
BAND_COLOR = QColor(76, 153, 96, 45)  # enrolled: a light green that the line stays readable on


def _ms(d: date) -> float:
    return float(QDateTime(QDate(d.year, d.month, d.day), QTime(12, 0)).toMSecsSinceEpoch())


def _qdate(ms: float) -> date:
    q = QDateTime.fromMSecsSinceEpoch(int(ms)).date()
    return date(q.year(), q.month(), q.day())


class StepChart(QChartView):
    """Level (y) over time (x): a step line through the assessments, a dot per assessment, and
    the enrollment periods as shaded bands. Levels are plotted by number, so versions compare."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRenderHint(QPainter.Antialiasing)
        self.setMinimumHeight(220)
        self.chart_ = QChart()
        self.chart_.setMargins(QMargins(4, 4, 4, 4))
        self.chart_.legend().setAlignment(Qt.AlignBottom)
        self.setChart(self.chart_)
        self.line = QLineSeries()
        self.points = QScatterSeries()
        self.bands: list[QAreaSeries] = []
        self._labels: dict[float, str] = {}
        self.points.hovered.connect(self._hovered)
        self._data: step_assessments.ChartData | None = None
        self._today = date.today()
        self._narrow = False
        self.x_axis: QDateTimeAxis | None = None
        self._span_days = 365

    def _is_narrow(self) -> bool:
        # Level names need about 180 px beside the plot; a narrow panel shows numbers only.
        return self.width() < 520

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._data is not None and self._is_narrow() != self._narrow:
            self.show_data(self._data, self._today)
        elif self.x_axis is not None:
            self.x_axis.setTickCount(self._ticks())

    def _ticks(self) -> int:
        return max(2, min(self.width() // 95, self._span_days // 45 + 2, 10))

    def show_data(self, data: step_assessments.ChartData | None, today: date) -> None:
        self._data, self._today, self._narrow = data, today, self._is_narrow()
        self.x_axis = None
        c = self.chart_
        c.removeAllSeries()  # deletes the old series
        for axis in c.axes():
            c.removeAxis(axis)
            axis.deleteLater()  # removeAxis hands the axis back instead of deleting it
        self.bands = []
        self._labels = {}
        self.line = QLineSeries()
        self.line.setName(tr("Nivå"))
        self.line.setPen(QPen(LINE_COLOR, 2.5))
        self.points = QScatterSeries()
        self.points.setName(tr("Bedömning"))
        self.points.setMarkerSize(9)
        self.points.setColor(LINE_COLOR)
        self.points.setBorderColor(QColor("white"))
        self.points.hovered.connect(self._hovered)
        if data is None:
            c.setTitle("")
            return
        top = max(n for n, _ in data.axis) if data.axis else 1
        entries = data.entries
        days = [e.assessed_on for e in entries] + [a for a, _ in data.enrollments]
        first = min(days) if days else today - timedelta(days=180)
        last = max([today] + [e.assessed_on for e in entries])
        lo, hi = first - timedelta(days=20), last + timedelta(days=20)

        for i, (start, end) in enumerate(data.enrollments):
            upper, lower = QLineSeries(), QLineSeries()
            a, b = _ms(max(start, lo)), _ms(min(end or hi, hi))
            upper.append(a, top + 0.5)
            upper.append(b, top + 0.5)
            lower.append(a, 0.5)
            lower.append(b, 0.5)
            band = QAreaSeries(upper, lower)
            # The area does not own its edges: parent them to it, or Python frees them under it.
            upper.setParent(band)
            lower.setParent(band)
            band.setName(tr("Inskriven"))
            band.setBrush(QBrush(BAND_COLOR))
            band.setPen(QPen(Qt.NoPen))
            c.addSeries(band)
            self.bands.append(band)
        # A step line: the level holds until the next assessment, then jumps.
        for i, e in enumerate(entries):
            x = _ms(e.assessed_on)
            if i:
                self.line.append(x, entries[i - 1].level_number)
            self.line.append(x, e.level_number)
            self.points.append(x, e.level_number)
            self._labels[x] = tr("{d}: nivå {label}{version}").format(
                d=e.assessed_on.isoformat(), label=e.level_label,
                version=tr(" (version {v})").format(v=e.model_version) if e.model_version > 1 else "")
        if entries:
            # The last level holds until the enrollment it was assessed in ends (today if ongoing).
            final = entries[-1].assessed_on
            around = [(a, b) for a, b in data.enrollments if a <= final and (b is None or final <= b)]
            until = min(around[-1][1] or today, hi) if around else final
            self.line.append(_ms(max(until, final)), entries[-1].level_number)
        c.addSeries(self.line)
        c.addSeries(self.points)

        x_axis = QDateTimeAxis()
        x_axis.setFormat("yyyy-MM")
        x_axis.setRange(QDateTime.fromMSecsSinceEpoch(int(_ms(lo))), QDateTime.fromMSecsSinceEpoch(int(_ms(hi))))
        self._span_days = (hi - lo).days
        x_axis.setTickCount(self._ticks())
        self.x_axis = x_axis
        y_axis = QCategoryAxis()
        y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPositionOnValue)
        y_axis.setStartValue(0.5)
        for number, name in data.axis:
            y_axis.append(str(number) if self._narrow else f"{number} {name}".strip(), number)
        if self._narrow:
            y_axis.setTitleText(tr("Nivå"))
        y_axis.setRange(0.5, top + 0.5)
        c.addAxis(x_axis, Qt.AlignBottom)
        c.addAxis(y_axis, Qt.AlignLeft)
        for series in [*self.bands, self.line, self.points]:
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        markers = c.legend().markers()
        for band in self.bands[1:]:  # one legend entry for all enrollment bands
            for m in c.legend().markers(band):
                m.setVisible(False)
        c.legend().setVisible(bool(markers))
        c.setTitle(tr("Stegmodell: {name}").format(name=data.model_name) if data.model_name else "")

    def _hovered(self, point: QPointF, state: bool) -> None:
        if state:
            text = self._labels.get(point.x()) or _qdate(point.x()).isoformat()
            QToolTip.showText(self.cursor().pos(), text, self)
        else:
            QToolTip.hideText()


def _item(text: str, aid: int) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setData(Qt.UserRole, aid)
    return item


class StepsTab(QWidget):
    """Steg: the chart, the assessments and the dialog to record or change one."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.participant_id: int | None = None
        self.entries: list[step_assessments.HistoryEntry] = []
        self.data: step_assessments.ChartData | None = None
        self.dialog: RecordDialog | None = None  # the open dialog (tests drive it)

        self.chart = StepChart()
        self.chart.setAccessibleName(tr("Stegdiagram: personens nivå över tid"))
        self.summary = user_label("")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #555;")
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([tr("Datum"), tr("Nivå"), tr("Stegmodell"), tr("Bedömare"),
                                              tr("Betyg 1–5"), tr("Kommentar")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.setAlternatingRowColors(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_assessment())
        self.add_button = QPushButton(tr("Ny bedömning…"))
        self.add_button.clicked.connect(self.new_assessment)
        self.edit_button = QPushButton(tr("Ändra…"))
        self.edit_button.clicked.connect(self.edit_assessment)
        self.delete_button = QPushButton(tr("Ta bort"))
        self.delete_button.clicked.connect(self.delete_assessment)
        self.large_button = QPushButton(tr("Större diagram…"))
        self.large_button.clicked.connect(self.show_large_chart)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        info = QHBoxLayout()
        info.addWidget(self.summary, 1)
        info.addWidget(self.large_button, 0, Qt.AlignTop)

        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(buttons)
        ll.addLayout(info)
        ll.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([380, 320])  # scaled to the space there is, in this proportion
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

    # -- loading ---------------------------------------------------------------------------------
    def load(self, participant_id: int | None) -> None:
        self.participant_id = participant_id
        # A reader sees the history but records nothing (the service would refuse anyway).
        can_write = participant_id is not None and self.db.actor.can_write
        for b in (self.add_button, self.edit_button, self.delete_button):
            b.setEnabled(can_write)
        self.large_button.setEnabled(participant_id is not None)
        if participant_id is None:
            self.entries = []
            self.table.setRowCount(0)
            self.chart.show_data(None, date.today())
            self.summary.setText("")
            return
        with self.db.reading() as s:
            data = step_assessments.chart_data(s, participant_id)
        self.entries = data.entries
        self.data = data
        self.chart.show_data(data, date.today())
        self.chart.setToolTip("\n".join(f"{n} {name}" for n, name in data.axis))
        rows = list(reversed(data.entries))  # newest first
        self.table.setRowCount(len(rows))
        for i, e in enumerate(rows):
            model = e.model_name + (f" v{e.model_version}" if e.model_version > 1 else "")
            ratings = ", ".join(f"{name} {value}" for _d, name, value in e.ratings)
            cells = [date_text(e.assessed_on), e.level_label, model, e.assessor, ratings,
                     (e.comment or "").replace("\n", " ")]
            for j, text in enumerate(cells):
                self.table.setItem(i, j, _item(text, e.id))
        for j, width in enumerate((90, 190, 140, 150, 220)):
            self.table.setColumnWidth(j, width)
        if data.entries:
            first, last = data.entries[0], data.entries[-1]
            self.summary.setText(tr("{n}. Senast {d}: nivå {last} (först nivå {first}).").format(
                n=words.count(len(data.entries), "bedömning", "bedömningar"), d=last.assessed_on.isoformat(),
                last=last.level_number,
                first=first.level_number))
        else:
            self.summary.setText(tr("Inga stegbedömningar ännu."))

    def showEvent(self, event) -> None:
        # Enrollments may have changed in another tab since the person was loaded.
        super().showEvent(event)
        if self.participant_id is not None:
            self.load(self.participant_id)

    def show_large_chart(self) -> None:
        """The chart in a window of its own: the participant panel is narrow."""
        if self.participant_id is None:
            return
        with self.db.reading() as s:
            p = participant_service.get_participant(s, self.participant_id)  # visibility checked
            from ame_desktop.services.protected_identity import title_name

            title = title_name(s, p) if p else ""  # protected identity: never the name in a title
        dlg = QDialog(self)
        dlg.setWindowTitle(tr("Stegförflyttning – {name}").format(name=title))
        chart = StepChart(dlg)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.button(QDialogButtonBox.Close).setText(tr("Stäng"))
        close.rejected.connect(dlg.reject)
        layout = QVBoxLayout(dlg)
        layout.addWidget(chart, 1)
        layout.addWidget(close)
        dlg.resize(1000, 560)
        chart.resize(980, 500)
        chart.show_data(self.data, date.today())
        self.large_dialog = dlg  # tests look at it
        dlg.exec()
        self.large_dialog = None

    def _selected_id(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.UserRole) if item is not None else None

    # -- the dialog ------------------------------------------------------------------------------
    def assessment_dialog(self, assessment_id: int | None = None) -> RecordDialog:
        """Build (not show) the dialog for a new assessment, or to change one."""
        pid = self.participant_id
        assert pid is not None
        with self.db.reading() as s:
            ladders = step_models.ladders_in_use(s)
            try:
                active = step_models.active_model(s)
            except UserError:
                active = None
            staff_names = [m.name for m in staff_service.list_staff(s)]
            person = participant_service.get_participant(s, pid)  # visibility checked
            coach = staff_service.get_staff(s, person.staff_id).name if person and person.staff_id else ""
            existing = step_assessments.get_assessment(s, assessment_id) if assessment_id is not None else None
            rated: dict[int, int] = {}
            if existing is not None:
                entry = next(e for e in step_assessments.history(s, pid) if e.id == assessment_id)
                rated = {d: v for d, _n, v in entry.ratings}
                own_model = step_models.current_version(s, entry.model_id)
                ladder_levels = {own_model.id: step_models.levels(s, own_model.id)}
            else:
                entry = None
                ladder_levels = {m.id: step_models.levels(s, m.id) for m in ladders}
            dims = [d for d in step_models.list_dimensions(s, include_inactive=True) if d.active or d.id in rated]

        def save():
            ratings = {d: box.currentData() for d, box in rating_boxes.items()}
            with self.db.transaction() as s:
                if assessment_id is None:
                    return step_assessments.add_assessment(s, pid, when.value(), level.currentData(),
                                                assessor=assessor.currentText(), comment=comment.toPlainText(),
                                                ratings=ratings, model_id=ladder.currentData())
                return step_assessments.update_assessment(s, assessment_id, when.value(), level.currentData(),
                                               assessor=assessor.currentText(), comment=comment.toPlainText(),
                                               ratings=ratings)

        title = tr("Ny stegbedömning") if assessment_id is None else tr("Ändra stegbedömning")
        dlg = RecordDialog(self, title, save)
        ladder = QComboBox()
        if entry is not None:
            ladder.addItem(f"{own_model.name}", own_model.id)
        else:
            for m in ladders:
                ladder.addItem(m.name + (tr(" (används för nya bedömningar)") if active and m.id == active.id else ""),
                               m.id)
            if active is not None:
                ladder.setCurrentIndex(max(0, ladder.findData(active.id)))
        when = DateField()
        when.set_value(entry.assessed_on if entry else date.today())
        level = QComboBox()
        meaning = user_label("")
        meaning.setWordWrap(True)
        meaning.setStyleSheet("color: #555;")
        meaning.setMinimumWidth(380)

        def fill_levels() -> None:
            current = level.currentData()
            level.clear()
            for lv in ladder_levels.get(ladder.currentData(), []):
                level.addItem(f"{lv.number} {lv.name}", lv.number)
            wanted = entry.level_number if entry is not None and current is None else current
            i = level.findData(wanted)
            level.setCurrentIndex(i if i >= 0 else -1)
            show_meaning()

        def show_meaning() -> None:
            lv = next((x for x in ladder_levels.get(ladder.currentData(), []) if x.number == level.currentData()), None)
            meaning.setText(lv.description or "" if lv is not None else tr("Välj den nivå som beskriver läget nu."))

        ladder.currentIndexChanged.connect(lambda _i: fill_levels())
        level.currentIndexChanged.connect(lambda _i: show_meaning())
        assessor = QComboBox()
        assessor.setEditable(True)
        assessor.setInsertPolicy(QComboBox.NoInsert)
        assessor.addItems([""] + staff_names)
        assessor.setToolTip(tr("Välj en medarbetare eller skriv namnet på den som gjorde bedömningen."))
        assessor.setEditText(entry.assessor if entry is not None else coach)
        comment = QPlainTextEdit()
        comment.setPlainText(entry.comment or "" if entry is not None else "")
        comment.setFixedHeight(64)
        comment.setTabChangesFocus(True)

        if entry is None and len(ladders) > 1:
            dlg.add_field("model_id", tr("Stegmodell"), ladder)
        dlg.add_field("assessed_on", tr("Datum"), when)
        dlg.add_field("level", tr("Nivå"), level, meaning)
        dlg.add_field("assessor", tr("Bedömare"), assessor)
        rating_boxes: dict[int, QComboBox] = {}
        for d in dims:
            box = QComboBox()
            box.addItem(tr("– (ej bedömd)"), None)
            for v in range(step_assessments.RATING_LOW, step_assessments.RATING_HIGH + 1):
                box.addItem(str(v), v)
            box.setCurrentIndex(max(0, box.findData(rated.get(d.id))))
            rating_boxes[d.id] = box
            dlg.add_field(f"rating:{d.id}", d.name, box)
        dlg.add_field("comment", tr("Kommentar"), comment)
        hint = QLabel(tr("Betyg 1–5 per dimension är frivilliga: 1 = stort hinder, 5 = inget hinder."))
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        dlg.layout().insertWidget(1, hint)
        fill_levels()
        if entry is None and level.count() and level.currentIndex() < 0:
            last = self.entries[-1].level_number if self.entries else 1
            level.setCurrentIndex(max(0, level.findData(last)))
        dlg.ladder_box, dlg.level_box, dlg.date_field = ladder, level, when  # type: ignore[attr-defined]
        dlg.assessor_box, dlg.comment_box, dlg.rating_boxes = assessor, comment, rating_boxes  # type: ignore[attr-defined]
        return dlg

    def new_assessment(self) -> None:
        if self.participant_id is None:
            return
        try:
            self.dialog = self.assessment_dialog()
        except AmeError as exc:
            show_error(self, exc)
            return
        if self.dialog.exec():
            self.load(self.participant_id)
        self.dialog = None

    def edit_assessment(self) -> None:
        aid = self._selected_id()
        if aid is None or self.participant_id is None or not self.edit_button.isEnabled():
            return
        self.dialog = self.assessment_dialog(aid)
        if self.dialog.exec():
            self.load(self.participant_id)
        self.dialog = None

    def delete_assessment(self) -> None:
        aid = self._selected_id()
        if aid is None:
            return
        if QMessageBox.question(self, tr("Ta bort stegbedömning"),
                                tr("Ta bort den valda stegbedömningen? Det går inte att ångra.")) != QMessageBox.Yes:
            return
        try:
            with self.db.transaction() as s:
                step_assessments.delete_assessment(s, aid)
        except AmeError as exc:
            show_error(self, exc)
        self.load(self.participant_id)
