"""The participant view's Plan tab: the individual plan as a form (every section; the lists are
editable tables), saved as a new version each time; older versions shown read-only; printing
to PDF and the list of recorded prints with "Skriv ut igen"."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.ui import file_dialogs
from ame_desktop.domain import codes
from ame_desktop.domain.errors import AmeError, ValidationError
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import plan_content, plan_prints, plan_versions
from ame_desktop.services.participants import get_participant
from ame_desktop.store.database import Database
from ame_desktop.ui.common import ErrorLabel, set_error_style, show_error, tr, user_label
from ame_desktop.ui.workers import run_in_background

ERROR_BRUSH = QBrush(QColor("#f8d7da"))
_KEY = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?(?:\[(\d+)\])?")


def _hours_text(h: float) -> str:
    return f"{h:g}".replace(".", ",") if h else ""


def _date_text(value: object) -> str:
    """A date as the form shows it: a stored date, or text the coach typed and has not saved."""
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _loose_hours(text: str) -> float:
    try:
        return float(text.strip().replace(",", ".") or 0)
    except ValueError:
        return 0.0


class RowTable(QWidget):
    """An editable list: a table of text cells with "Lägg till rad" and "Ta bort rad"."""

    changed = Signal()  # a cell edited, a row added or removed by the user

    def __init__(self, headers: list[str], stretch: int | None = 0, narrow: tuple[int, ...] = (), parent=None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setWordWrap(True)
        head = self.table.horizontalHeader()
        for c in range(len(headers)):
            head.setSectionResizeMode(c, QHeaderView.Stretch if c == stretch else QHeaderView.Interactive)
        for c in narrow:
            head.setSectionResizeMode(c, QHeaderView.Fixed)
            self.table.setColumnWidth(c, 40)
        head.setMinimumSectionSize(36)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        # In a narrow pane the table scrolls sideways by itself; the form keeps its width.
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.table.setMinimumWidth(120)
        self.add_button = QPushButton(tr("Lägg till rad"))
        self.add_button.clicked.connect(self._add_empty_row)
        self.remove_button = QPushButton(tr("Ta bort rad"))
        self.remove_button.clicked.connect(self.remove_row)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.add_button)
        self.buttons.addWidget(self.remove_button)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(self.buttons)
        self.read_only = False
        self.table.itemChanged.connect(self._item_changed)
        self._fit()

    def _item_changed(self, _item) -> None:
        if not self.table.signalsBlocked():
            self._fit()
            self.changed.emit()

    def _add_empty_row(self) -> None:
        self.add_row()
        self.table.setFocus()
        self.changed.emit()

    def add_row(self, values: list[str] | None = None) -> int:
        r = self.table.rowCount()
        blocked = self.table.blockSignals(True)
        self.table.insertRow(r)
        for c in range(self.table.columnCount()):
            text = values[c] if values and c < len(values) else ""
            self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.blockSignals(blocked)
        self._fit()
        if values is None:
            self.table.setCurrentCell(r, 0)
        return r

    def remove_row(self) -> None:
        r = self.table.currentRow()
        if r >= 0 and not self.read_only:
            self.table.removeRow(r)
            self._fit()
            self.changed.emit()

    def rows(self) -> list[list[str]]:
        out = []
        for r in range(self.table.rowCount()):
            out.append([(self.table.item(r, c).text() if self.table.item(r, c) else "")
                        for c in range(self.table.columnCount())])
        return out

    def set_rows(self, rows: list[list[str]]) -> None:
        self.table.setRowCount(0)
        for values in rows:
            self.add_row(values)
        self._fit()

    def set_read_only(self, on: bool) -> None:
        self.read_only = on
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers if on else QAbstractItemView.AllEditTriggers)
        self.add_button.setEnabled(not on)
        self.remove_button.setEnabled(not on)

    def mark(self, row: int, col: int | None) -> None:
        blocked = self.table.blockSignals(True)  # a colour is no edit
        for c in (range(self.table.columnCount()) if col is None else [col]):
            item = self.table.item(row, c)
            if item is not None:
                item.setBackground(ERROR_BRUSH)
        self.table.blockSignals(blocked)

    def clear_marks(self) -> None:
        blocked = self.table.blockSignals(True)
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is not None:
                    item.setBackground(QBrush())
        self.table.blockSignals(blocked)

    def _fit(self) -> None:
        """As tall as its rows (at least two): the whole form scrolls, not each list."""
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        rows = max(rows, 2 * self.table.verticalHeader().defaultSectionSize())
        bar = self.table.horizontalScrollBar().sizeHint().height()  # room for it when the pane is narrow
        self.table.setFixedHeight(self.table.horizontalHeader().height() + rows + 2 * self.table.frameWidth() + 2
                                  + bar)


class PlanTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.participant_id: int | None = None
        self.person_name = ""
        self.personnummer = ""
        self.versions: list[plan_versions.VersionInfo] = []
        self.viewing: int | None = None  # the version shown; None = a new plan not yet saved
        self.dirty = False
        self._loading = False
        self.last_job = None  # the latest background print (tests wait on it)

        top = self._build_top()
        self._build_form()
        prints_box = self._build_prints()
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.scroll)
        split.addWidget(prints_box)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 140])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.state_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(split, 1)
        self._connect()
        self.load(None)

    # -- the layout -------------------------------------------------------------------------------
    def _build_top(self) -> QGridLayout:
        """Version, actions and messages (two rows: the participant pane is often ~320 px wide)."""
        self.version_box = QComboBox()
        self.version_box.setMinimumContentsLength(12)
        self.version_box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.version_box.activated.connect(self._version_chosen)
        self.prefill_button = QPushButton(tr("Hämta från schemat"))
        self.prefill_button.setToolTip(tr("Fyll i aktiviteter och timmar från veckoschemat och omfattningen "
                                          "från den aktuella kravperioden. Övriga delar behålls."))
        self.prefill_button.clicked.connect(self.prefill)
        self.revert_button = QPushButton(tr("Ångra ändringar"))
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton(tr("Spara ny version"))
        self.save_button.clicked.connect(lambda: self.save())  # not save(checked)
        self.print_button = QPushButton(tr("Skriv ut (PDF)…"))
        self.print_button.clicked.connect(self.print_plan)
        # Two rows of controls: the participant pane is often only about 320 pixels wide.
        top = QGridLayout()
        version_row = QHBoxLayout()
        version_row.addWidget(QLabel(tr("Version:")))
        version_row.addWidget(self.version_box, 1)
        top.addLayout(version_row, 0, 0, 1, 3)
        for i, b in enumerate((self.save_button, self.print_button, self.prefill_button, self.revert_button)):
            top.addWidget(b, 1 + i // 2, i % 2)
        top.setColumnStretch(2, 1)
        self.state_label = user_label("")
        self.state_label.setStyleSheet("color: #555;")
        self.state_label.setWordWrap(True)
        self.error_label = ErrorLabel()
        self.warning_label = user_label("")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #8a5300;")
        self.warning_label.hide()
        return top

    def _build_form(self) -> None:
        """The plan's parts, in a scroll area (self.scroll)."""
        self.long_goal = self._text_edit(tr("Vad deltagaren vill uppnå på sikt, t.ex. arbete inom ett yrke "
                                            "eller studier."), 84)
        self.goals = RowTable([tr("Delmål"), tr("Klart senast")], stretch=0)
        self.goals.table.setColumnWidth(1, 96)
        self.goals.table.horizontalHeaderItem(1).setToolTip(tr("Datum som ÅÅÅÅ-MM-DD"))
        # No stretching here: the name keeps a readable width and the days scroll into view.
        self.activities = RowTable([tr("Aktivitet"), tr("Kat.")] + list(ar.WEEKDAYS_SHORT), stretch=None,
                                   narrow=tuple(range(1, 9)))
        self.activities.table.setColumnWidth(0, 190)
        self.activity_choice = QComboBox()
        self.activity_choice.setToolTip(tr("Lägg till en av enhetens aktiviteter"))
        add_activity = QPushButton(tr("Lägg till"))
        add_activity.clicked.connect(self._add_listed_activity)
        self.add_activity_button = add_activity
        listed = QHBoxLayout()
        listed.addWidget(self.activity_choice, 1)
        listed.addWidget(add_activity)
        self.activity_choice.setMinimumContentsLength(6)
        self.activity_choice.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        listed_box = QWidget()
        listed_box.setLayout(listed)
        listed.setContentsMargins(0, 0, 0, 0)
        category_help = QLabel(tr("Timmar per dag. Kategorier: 1 öka förmågan att ta ett arbete · 2 språk · "
                                  "3 jobbsökaraktivitet · 4 arbetsplatsförlagd · 0 eget jobbsökande "
                                  "(ingen av de fyra)."))
        category_help.setWordWrap(True)
        category_help.setStyleSheet("color: #555;")

        self.requirement_hours = QLineEdit()
        self.requirement_hours.setPlaceholderText(tr("tomt = inget aktivitetskrav"))
        self.requirement_hours.setMaximumWidth(160)
        self.exemption = QComboBox()
        self.exemption.addItem(tr("(inget undantag)"), None)
        for code, label in codes.EXEMPTION_LABELS.items():
            self.exemption.addItem(label, code)
        self.exemption.setMinimumContentsLength(12)
        self.exemption.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.reduction_reason = QLineEdit()
        self.reduction_reason.setPlaceholderText(tr("Krävs om timmarna är färre än heltid"))
        self.job_seeking_hours = QLabel("")
        self.job_seeking_hours.setWordWrap(True)
        self.job_seeking_text = self._text_edit(tr("Hur deltagaren söker arbete, t.ex. antal ansökningar i veckan, "
                                                   "jobbklubb, Platsbanken."), 60)
        self.support = RowTable([tr("Aktör"), tr("Stöd")], stretch=1)
        self.support.table.setColumnWidth(0, 130)
        self.support.table.horizontalHeaderItem(0).setToolTip(tr("Arbetsförmedlingen, Försäkringskassan, "
                                                                 "hälso- och sjukvården …"))
        self.follow_ups = RowTable([tr("Datum"), tr("Vad följs upp")], stretch=1)
        self.follow_ups.table.setColumnWidth(0, 96)
        self.follow_ups.table.horizontalHeaderItem(0).setToolTip(tr("Datum som ÅÅÅÅ-MM-DD"))
        self.participant_commitments = self._text_edit(tr("Ett åtagande per rad"), 76)
        self.unit_commitments = self._text_edit(tr("Ett åtagande per rad"), 76)

        form = QWidget()
        col = QVBoxLayout(form)
        col.setContentsMargins(4, 4, 4, 4)
        col.addWidget(self._group(tr("Långsiktigt mål"), self.long_goal))
        col.addWidget(self._group(tr("Delmål"), self.goals))
        col.addWidget(self._group(tr("Planerade aktiviteter och veckoschema"), self.activities, listed_box,
                                  category_help))
        req = QFormLayout()
        req.setRowWrapPolicy(QFormLayout.WrapLongRows)
        req.addRow(tr("Timmar per vecka"), self.requirement_hours)
        req.addRow(tr("Undantag"), self.exemption)
        req.addRow(tr("Orsak till nedsatt omfattning"), self.reduction_reason)
        req_box = QWidget()
        req_box.setLayout(req)
        col.addWidget(self._group(tr("Aktivitetskrav"), req_box))
        col.addWidget(self._group(tr("Tid för eget jobbsökande"), self.job_seeking_hours, self.job_seeking_text))
        col.addWidget(self._group(tr("Stöd från andra aktörer"), self.support))
        col.addWidget(self._group(tr("Uppföljning"), self.follow_ups))
        commitments = QFormLayout()
        commitments.setRowWrapPolicy(QFormLayout.WrapAllRows)
        commitments.addRow(tr("Deltagaren åtar sig att"), self.participant_commitments)
        commitments.addRow(tr("Enheten åtar sig att"), self.unit_commitments)
        c_box = QWidget()
        c_box.setLayout(commitments)
        col.addWidget(self._group(tr("Åtaganden"), c_box))
        col.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setAccessibleName(tr("Planens innehåll"))
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setWidget(form)

    def _build_prints(self) -> QWidget:
        """The recorded prints and the reprint button."""
        self.prints = QTableWidget(0, 4)
        self.prints.setHorizontalHeaderLabels([tr("Utskriven"), tr("Version"), tr("Utskriven av"),
                                               tr("Kontrollsumma")])
        self.prints.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.prints.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.prints.setSelectionMode(QAbstractItemView.SingleSelection)
        self.prints.verticalHeader().setVisible(False)
        self.prints.horizontalHeader().setStretchLastSection(True)
        self.prints.doubleClicked.connect(lambda _i: self.reprint_selected())
        self.reprint_button = QPushButton(tr("Skriv ut igen…"))
        self.reprint_button.setToolTip(tr("Skriv ut exakt samma dokument igen, med det ursprungliga utskriftsdatumet."))
        self.reprint_button.clicked.connect(self.reprint_selected)
        prints_box = QWidget()
        pl = QVBoxLayout(prints_box)
        pl.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        prints_title = QLabel(tr("<b>Utskrifter</b>"))
        prints_title.setToolTip(tr("Varje utskrift sparas: den plan som skrevs ut och skrevs under."))
        row.addWidget(prints_title)
        row.addStretch(1)
        row.addWidget(self.reprint_button)
        pl.addLayout(row)
        pl.addWidget(self.prints)
        return prints_box

    def _connect(self) -> None:
        for w in (self.long_goal, self.job_seeking_text, self.participant_commitments, self.unit_commitments):
            w.textChanged.connect(self._changed)
        for w in (self.requirement_hours, self.reduction_reason):
            w.textChanged.connect(self._changed)
        self.exemption.currentIndexChanged.connect(self._changed)
        for t in (self.goals, self.activities, self.support, self.follow_ups):
            t.changed.connect(self._changed)
        self.activities.changed.connect(self._update_job_seeking)

    # -- building blocks --------------------------------------------------------------------------
    @staticmethod
    def _text_edit(placeholder: str, height: int) -> QPlainTextEdit:
        w = QPlainTextEdit()
        w.setPlaceholderText(placeholder)
        w.setFixedHeight(height)  # a long text scrolls inside; the form stays compact
        w.setTabChangesFocus(True)
        return w

    @staticmethod
    def _group(title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        v = QVBoxLayout(box)
        for w in widgets:
            v.addWidget(w)
        return box

    def _widgets_for(self, key: str) -> list[QWidget]:
        return {
            "long_term_goal": [self.long_goal], "requirement_hours": [self.requirement_hours],
            "reduction_reason": [self.reduction_reason], "exemption": [self.exemption],
            "job_seeking": [self.activities.table], "job_seeking_text": [self.job_seeking_text],
            "participant_commitments": [self.participant_commitments], "unit_commitments": [self.unit_commitments],
        }.get(key, [])

    # -- loading ----------------------------------------------------------------------------------
    def load(self, participant_id: int | None, version: int | None = None) -> None:
        if self.dirty and self.participant_id is not None:
            if participant_id == self.participant_id and version is None:
                # The editor reloads every tab after saving the person data: keep the plan's edits.
                self._refresh_prints()
                return
            self._offer_to_save_before_leaving()
        self.participant_id = participant_id
        self._clear_messages()
        if participant_id is None:
            self.versions = []
            self.viewing = None
            self.person_name = ""
            self._fill(plan_content.PlanContent())
            self._show_versions()
            self.prints.setRowCount(0)
            self.state_label.setText("")
            self._set_enabled(False)
            return
        with self.db.reading() as s:
            p = get_participant(s, participant_id)
            self.person_name = f"{p.first_name} {p.last_name}"
            self.personnummer = p.personnummer
            self.versions = plan_versions.list_versions(s, participant_id)
            activities = ar.list_activities(s)
            if self.versions:
                wanted = version if version is not None else self.versions[0].version
                _info, content = plan_versions.get_version(s, participant_id, wanted)
                self.viewing = wanted
            else:
                content = plan_versions.draft_plan(s, participant_id)
                self.viewing = None
            prints = plan_prints.list_prints(s, participant_id)
        self.activity_choice.clear()
        for a in activities:
            self.activity_choice.addItem(a.name if a.is_category else f"{a.name} (kat. {a.category})",
                                         (a.name, a.category))
        self._fill(content)
        self._show_versions()
        self._show_prints(prints)
        self._set_enabled(True)
        self._apply_mode()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # Without a saved plan the form is a draft from the weekly schedule: a schedule saved in the
        # requirement tab since the person was opened must show up here, not the stale one.
        if self.participant_id is not None and not self.versions and not self.dirty:
            self.load(self.participant_id)
        super().showEvent(event)

    def _offer_to_save_before_leaving(self) -> None:
        answer = QMessageBox.question(
            self, tr("Individuell plan"),
            tr("Planen för {name} har ändringar som inte är sparade. Spara dem som en ny version?")
            .format(name=self.person_name), QMessageBox.Save | QMessageBox.Discard, QMessageBox.Save)
        if answer == QMessageBox.Save and not self.save(reload=False):
            QMessageBox.warning(self, tr("Individuell plan"),
                                tr("Planen kunde inte sparas och ändringarna har inte behållits."))
        self.dirty = False

    def _fill(self, c: plan_content.PlanContent) -> None:
        self._loading = True
        self.long_goal.setPlainText(c.long_term_goal)
        # "Hämta från schemat" keeps the form's own rows, whose dates are still the typed text.
        self.goals.set_rows([[g.text, _date_text(g.target_date)] for g in c.short_term_goals])
        self.activities.set_rows([[a.name, str(a.category)] + [_hours_text(h) for h in a.hours] for a in c.activities])
        self.requirement_hours.setText(_hours_text(c.requirement_hours or 0) if c.requirement_hours is not None else "")
        if c.requirement_hours == 0:
            self.requirement_hours.setText("0")
        i = self.exemption.findData(c.exemption)
        self.exemption.setCurrentIndex(i if i >= 0 else 0)
        self.reduction_reason.setText(c.reduction_reason or "")
        self.job_seeking_text.setPlainText(c.job_seeking_text)
        self.support.set_rows([[x.actor, x.description] for x in c.support])
        self.follow_ups.set_rows([[_date_text(f.date), f.note] for f in c.follow_ups])
        self.participant_commitments.setPlainText("\n".join(c.participant_commitments))
        self.unit_commitments.setPlainText("\n".join(c.unit_commitments))
        self._loading = False
        self.dirty = False
        self._update_job_seeking()

    def content(self) -> plan_content.PlanContent:
        """The form as typed (the service validates it)."""
        def lines(w: QPlainTextEdit) -> list[str]:
            return [x for x in w.toPlainText().split("\n") if x.strip()]

        return plan_content.PlanContent(
            long_term_goal=self.long_goal.toPlainText(),
            short_term_goals=[plan_content.Goal(t, d) for t, d in self.goals.rows()],  # type: ignore[arg-type]
            activities=[plan_content.PlannedActivity(r[0], r[1], r[2:9]) for r in self.activities.rows()],  # type: ignore[arg-type]
            requirement_hours=self.requirement_hours.text().strip() or None,  # type: ignore[arg-type]
            reduction_reason=self.reduction_reason.text(),
            exemption=self.exemption.currentData(),
            job_seeking_text=self.job_seeking_text.toPlainText(),
            support=[plan_content.Support(a, b) for a, b in self.support.rows()],
            follow_ups=[plan_content.FollowUp(d, n) for d, n in self.follow_ups.rows()],  # type: ignore[arg-type]
            participant_commitments=lines(self.participant_commitments),
            unit_commitments=lines(self.unit_commitments),
        )

    def _show_versions(self) -> None:
        self.version_box.clear()
        if not self.versions:
            self.version_box.addItem(tr("Ny plan (inte sparad)"), None)
        for v in self.versions:
            by = f" – {v.created_by}" if v.created_by else ""
            self.version_box.addItem(tr("Version {n}, {day}{by}").format(n=v.version, day=v.created_at.date().isoformat(),
                                                                          by=by), v.version)
        i = self.version_box.findData(self.viewing)
        self.version_box.setCurrentIndex(i if i >= 0 else 0)

    def _show_prints(self, prints: list[plan_prints.PrintInfo]) -> None:
        self.prints.setRowCount(len(prints))
        for r, p in enumerate(prints):
            cells = [p.printed_at.strftime("%Y-%m-%d %H:%M"), str(p.version), p.printed_by or "", p.content_hash[:16]]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, p.id)
                self.prints.setItem(r, c, item)
        self.prints.resizeColumnsToContents()
        self.reprint_button.setEnabled(bool(prints))
        if prints:
            self.prints.selectRow(0)

    # -- modes and state --------------------------------------------------------------------------
    def is_latest(self) -> bool:
        return not self.versions or self.viewing == self.versions[0].version

    def _set_enabled(self, on: bool) -> None:
        for w in (self.version_box, self.prefill_button, self.save_button, self.print_button, self.revert_button,
                  self.scroll):
            w.setEnabled(on)

    def _apply_mode(self) -> None:
        read_only = not self.is_latest()
        for w in (self.long_goal, self.job_seeking_text, self.participant_commitments, self.unit_commitments):
            w.setReadOnly(read_only)
        for w in (self.requirement_hours, self.reduction_reason):
            w.setReadOnly(read_only)
        self.exemption.setEnabled(not read_only)
        for t in (self.goals, self.activities, self.support, self.follow_ups):
            t.set_read_only(read_only)
        self.activity_choice.setEnabled(not read_only)
        self.add_activity_button.setEnabled(not read_only)
        self.prefill_button.setEnabled(not read_only)
        self._update_state()

    def _changed(self, *_args) -> None:
        if not self._loading:
            self.dirty = True
            self._update_state()

    def _update_state(self) -> None:
        self.save_button.setEnabled(self.participant_id is not None and self.is_latest()
                                    and (self.dirty or not self.versions))
        self.revert_button.setEnabled(self.dirty)
        if self.participant_id is None:
            text = ""
        elif not self.versions:
            text = tr("Ingen plan är sparad ännu. Förslaget bygger på veckoschemat och kravperioden; "
                      "fyll i målen och spara.")
        elif not self.is_latest():
            text = tr("Version {n} visas skrivskyddad. Välj den senaste versionen för att ändra planen.").format(
                n=self.viewing)
        elif self.dirty:
            text = tr("Osparade ändringar – sparas som version {n}.").format(n=self.versions[0].version + 1)
        else:
            text = tr("Senaste versionen. Ändringar sparas som en ny version; tidigare versioner finns kvar.")
        self.state_label.setText(text)

    def _update_job_seeking(self) -> None:
        total = sum(sum(_loose_hours(h) for h in r[2:9]) for r in self.activities.rows() if r[1].strip() == "0")
        self.job_seeking_hours.setText(tr("Avsatt tid: {h} timmar per vecka (Eget jobbsökande, kategori 0 ovan).")
                                       .format(h=_hours_text(total) or "0"))

    def _clear_messages(self) -> None:
        self.error_label.show_message("")
        self.warning_label.hide()
        for key in ("long_term_goal", "requirement_hours", "reduction_reason", "exemption", "job_seeking_text",
                    "participant_commitments", "unit_commitments", "job_seeking"):
            for w in self._widgets_for(key):
                set_error_style(w, False)
        for t in (self.goals, self.activities, self.support, self.follow_ups):
            t.clear_marks()

    def _show_errors(self, exc: ValidationError) -> None:
        self._clear_messages()
        self.error_label.show_message("\n".join(e.message for e in exc.errors))
        tables = {"short_term_goals": (self.goals, {"text": 0, "target_date": 1}),
                  "activities": (self.activities, {"name": 0, "category": 1}),
                  "support": (self.support, {"actor": 0, "description": 1}),
                  "follow_ups": (self.follow_ups, {"date": 0, "note": 1})}
        for e in exc.errors:
            for w in self._widgets_for(e.field):
                set_error_style(w, True)
            m = _KEY.match(e.field)
            if m and m.group(1) in tables:
                table, columns = tables[m.group(1)]
                col = columns.get(m.group(3) or "")
                if m.group(3) == "hours" and m.group(4) is not None:
                    col = 2 + int(m.group(4))
                table.mark(int(m.group(2)), col)

    # -- actions ----------------------------------------------------------------------------------
    def _version_chosen(self, _index: int) -> None:
        wanted = self.version_box.currentData()
        if wanted == self.viewing:
            return
        if self.dirty and QMessageBox.question(
                self, tr("Individuell plan"), tr("Ändringarna är inte sparade. Visa en annan version ändå?")) \
                != QMessageBox.Yes:
            self.version_box.setCurrentIndex(self.version_box.findData(self.viewing))
            return
        self.dirty = False
        self.load(self.participant_id, wanted)

    def _add_listed_activity(self) -> None:
        data = self.activity_choice.currentData()
        if data is None:
            return
        name, category = data
        self.activities.add_row([name, str(category)] + [""] * 7)
        self.activities.changed.emit()

    def prefill(self) -> None:
        if self.participant_id is None:
            return
        with self.db.reading() as s:
            content = plan_content.prefill_from_register(s, self.participant_id, base=self.content())
        self._fill(content)
        self.dirty = True  # the form now differs from the saved plan
        self._update_state()

    def revert(self) -> None:
        self.dirty = False
        self.load(self.participant_id, self.viewing)

    def save(self, reload: bool = True) -> bool:
        """Save the form as a new version. On an error nothing is saved and the form keeps every edit."""
        if self.participant_id is None or not self.is_latest():
            return False
        try:
            with self.db.transaction() as s:
                result = plan_versions.save_plan(s, self.participant_id, self.content())
        except ValidationError as exc:
            self._show_errors(exc)
            return False
        except AmeError as exc:
            show_error(self, exc)
            return False
        self.dirty = False
        if reload:
            self.load(self.participant_id)
        if result.warnings:
            self.warning_label.setText("\n".join(result.warnings))
            self.warning_label.show()
        self.state_label.setText(tr("Version {n} sparad.").format(n=result.version.version))
        return True

    def _default_file_name(self, version: int | None) -> str:
        # No personnummer and no name: the file is mailed and left in Downloads (the coach may
        # type them into the name herself).
        return "individuell-plan" + (f"-v{version}" if version else "") + ".pdf"

    def ask_pdf_path(self, suggestion: str) -> str | None:
        """Where to save the PDF (a separate method so tests can answer it)."""
        path, _ = file_dialogs.getSaveFileName(self, tr("Spara planen som PDF"), suggestion, tr("PDF-dokument (*.pdf)"))
        if not path:
            return None
        return path if path.lower().endswith(".pdf") else path + ".pdf"

    def print_plan(self) -> None:
        """Print the version shown (after saving the form if it has changes)."""
        if self.participant_id is None:
            return
        if self.dirty or not self.versions:
            if QMessageBox.question(self, tr("Individuell plan"),
                                    tr("Planen skrivs ut som den är sparad. Spara ändringarna som en ny version "
                                       "först?")) != QMessageBox.Yes or not self.save():
                return
        version = self.viewing
        path = self.ask_pdf_path(self._default_file_name(version))
        if not path:
            return
        pid = self.participant_id

        def work(_progress, _cancelled):
            from ame_desktop.services import exports

            return exports.plan(self.db, None, Path(path), version=version, participant_id=pid)

        self.last_job = run_in_background(self, tr("Skriver ut planen…"), work, self._printed, cancellable=False)

    def reprint_selected(self) -> None:
        row = self.prints.currentRow()
        if row < 0:
            return
        print_id = self.prints.item(row, 0).data(Qt.UserRole)
        version = int(self.prints.item(row, 1).text())
        path = self.ask_pdf_path(self._default_file_name(version).replace(".pdf", "_kopia.pdf"))
        if not path:
            return

        def work(_progress, _cancelled):
            from ame_desktop.services import exports

            return exports.plan_reprint(self.db, print_id, Path(path))

        self.last_job = run_in_background(self, tr("Skriver ut planen igen…"), work, self._printed, cancellable=False)

    def _refresh_prints(self) -> None:
        if self.participant_id is not None:
            with self.db.reading() as s:
                self._show_prints(plan_prints.list_prints(s, self.participant_id))

    def _printed(self, result: object) -> None:
        self._refresh_prints()
        self.state_label.setText(tr("Planen (version {n}, {pages} sidor) skrevs till {path}.").format(
            n=result.version, pages=result.pages, path=result.path))  # type: ignore[attr-defined]
