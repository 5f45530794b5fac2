"""AF-kontakter: the contact log with Arbetsförmedlingen, its filters and follow-ups, the period's
summary and the export. The contact dialog (af_contact_dialog), the table model (af_contacts_model),
the participant picker (participant_picker) and the start-up reminder (af_follow_up_reminder) are
modules of their own; their names are imported here for older callers."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.ui import file_dialogs
from ame_desktop.domain import words
from ame_desktop.domain.af_codes import CATEGORY_LABELS, CHANNEL_LABELS
from ame_desktop.services import af_contacts as af
from ame_desktop.services import staff as staff_service
from ame_desktop.store.database import Database
from ame_desktop.ui.common import DateField, heading, show_error, tr
from ame_desktop.ui.list_model import ListTableModel
from ame_desktop.ui.workers import run_in_background
from ame_desktop.ui.af_contact_dialog import ContactDialog, delete_contact, mark_done  # noqa: F401
from ame_desktop.ui.af_contacts_model import (  # noqa: F401
    ContactTableModel, _table_view, consent_text, fit_contact_columns, follow_text, who_text,
)
from ame_desktop.ui.af_follow_up_reminder import (  # noqa: F401
    keep_keyboard_in, reminder_lines, reminder_text, show_follow_up_reminder,
)
from ame_desktop.ui.participant_picker import ParticipantPicker  # noqa: F401

MONTHS_SHORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
BANNER_STYLE = "QLabel#banner { background: #fff3cd; border: 1px solid #e0c36c; border-radius: 3px; padding: 4px 8px; }"

PERIOD_LAST_12, PERIOD_THIS_MONTH, PERIOD_LAST_MONTH, PERIOD_THIS_YEAR, PERIOD_LAST_YEAR, PERIOD_OWN = (
    "12m", "month", "last_month", "year", "last_year", "own")


def period_for(kind: str, today: date) -> tuple[date, date] | None:
    """The dates of a period choice (None = the user's own dates)."""
    first_of_month = today.replace(day=1)
    if kind == PERIOD_LAST_12:
        start = (first_of_month - timedelta(days=335)).replace(day=1)
        return start, today
    if kind == PERIOD_THIS_MONTH:
        return first_of_month, today
    if kind == PERIOD_LAST_MONTH:
        end = first_of_month - timedelta(days=1)
        return end.replace(day=1), end
    if kind == PERIOD_THIS_YEAR:
        return date(today.year, 1, 1), today
    if kind == PERIOD_LAST_YEAR:
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return None


# -- the page -------------------------------------------------------------------------------------------
class AfContactsPage(QWidget):
    open_participant = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self._today = today
        self.dialog: ContactDialog | None = None

        self._build_banner()
        row1, row2 = self._build_filters()
        log_box = self._build_log()
        summary_box = self._build_summary()
        self.tabs = QTabWidget()
        self.tabs.addTab(log_box, tr("&Logg"))
        self.tabs.addTab(summary_box, tr("&Sammanställning"))

        export_row = self._build_export_row()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(heading(tr("Kontakter med Arbetsförmedlingen")))
        layout.addWidget(self.banner_box)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.figures)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(export_row)

        self._connect()
        self.reload_choices()
        self._period_chosen()

    # -- the layout ----------------------------------------------------------------------------------
    def _build_banner(self) -> None:
        """The reminder of follow-ups due (hidden when there are none)."""
        self.banner = QLabel("")
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner_button = QPushButton(tr("Visa uppföljningarna"))
        self.banner_button.clicked.connect(self.show_due_follow_ups)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.banner_button)
        self.banner_box = QWidget()
        self.banner_box.setLayout(banner_row)
        banner_row.setContentsMargins(0, 0, 0, 0)
        self.banner_box.hide()

    def _build_filters(self) -> tuple[QHBoxLayout, QHBoxLayout]:
        """Period, search, and the four filters."""
        self.period = QComboBox()
        for value, text in ((PERIOD_LAST_12, tr("Senaste 12 månaderna")), (PERIOD_THIS_MONTH, tr("Denna månad")),
                            (PERIOD_LAST_MONTH, tr("Förra månaden")), (PERIOD_THIS_YEAR, tr("I år")),
                            (PERIOD_LAST_YEAR, tr("Förra året")), (PERIOD_OWN, tr("Egna datum"))):
            self.period.addItem(text, value)
        self.date_from = DateField()
        self.date_to = DateField()
        for f in (self.date_from, self.date_to):
            f.setPlaceholderText(tr("ÅÅÅÅ-MM-DD"))
            f.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 24)
        self.category_filter = QComboBox()
        self.category_filter.addItem(tr("Alla kategorier"), None)
        for code, label in CATEGORY_LABELS.items():
            self.category_filter.addItem(tr(label), code)
        self.staff_filter = QComboBox()
        self.who_filter = QComboBox()
        self.who_filter.addItem(tr("Alla kontakter"), None)
        self.who_filter.addItem(tr("Strategiska (utan deltagare)"), af.NO_PARTICIPANT)
        self.follow_filter = QComboBox()
        for value, text in ((None, tr("Alla uppföljningar")), (af.OPEN, tr("Öppna uppföljningar")),
                            (af.DUE, tr("Att göra (i dag och försenade)")), (af.LATE, tr("Försenade"))):
            self.follow_filter.addItem(text, value)
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Sök i loggen: namn, personnummer, text (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(200)
        self.search_timer.timeout.connect(self.load_log)
        self.period_error = QLabel("")
        self.period_error.setStyleSheet("color: #b00020;")

        row1 = QHBoxLayout()
        row1.addWidget(QLabel(tr("Period:")))
        row1.addWidget(self.period)
        row1.addWidget(self.date_from)
        row1.addWidget(QLabel("–"))
        row1.addWidget(self.date_to)
        row1.addWidget(self.period_error)
        row1.addSpacing(12)
        row1.addWidget(self.search, 1)
        row2 = QHBoxLayout()
        for w in (self.category_filter, self.staff_filter, self.who_filter, self.follow_filter):
            row2.addWidget(w)
        row2.addStretch(1)
        return row1, row2

    def _build_log(self) -> QWidget:
        """The contact log and its buttons."""
        self.model = ContactTableModel(self)
        self.table = _table_view(self.model)
        self.table.doubleClicked.connect(lambda _i: self.edit_contact())
        self.count_label = QLabel("")
        self.count_label.setStyleSheet("color: #555;")
        self.new_button = QPushButton(tr("Ny kontakt… (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_contact)
        self.edit_button = QPushButton(tr("Ändra…"))
        self.edit_button.clicked.connect(self.edit_contact)
        self.done_button = QPushButton(tr("Uppföljning klar"))
        self.done_button.setToolTip(tr("Markera den valda kontaktens uppföljning som klar i dag (Ctrl+K)."))
        self.done_button.clicked.connect(self.mark_done)
        self.delete_button = QPushButton(tr("Ta bort"))
        self.delete_button.clicked.connect(self.delete_contact)
        self.person_button = QPushButton(tr("Öppna deltagaren"))
        self.person_button.clicked.connect(self._open_person)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.done_button, self.delete_button, self.person_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        log_box = QWidget()
        ll = QVBoxLayout(log_box)
        ll.setContentsMargins(4, 4, 4, 4)
        ll.addLayout(buttons)
        ll.addWidget(self.table, 1)
        return log_box

    def _build_summary(self) -> QWidget:
        """The period's figures (above the tabs) and the tables by category and channel."""
        # The period's figures stay in view above the tabs; the tables have a tab of their own so
        # the log keeps the height of the window.
        self.figures = QLabel("")
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.RichText)
        self.category_model = ListTableModel([tr("Kategori")], parent=self)
        self.category_view = _table_view(self.category_model)
        self.category_view.setSelectionMode(QAbstractItemView.NoSelection)
        self.category_view.setAlternatingRowColors(False)
        self.channel_model = ListTableModel([tr("Kanal"), tr("Antal")], parent=self)
        self.channel_view = _table_view(self.channel_model)
        self.channel_view.setSelectionMode(QAbstractItemView.NoSelection)
        self.channel_view.setAlternatingRowColors(False)
        self.summary_note = QLabel("")
        self.summary_note.setWordWrap(True)
        self.summary_note.setStyleSheet("color: #555;")
        summary_box = QWidget()
        sl = QVBoxLayout(summary_box)
        sl.setContentsMargins(4, 4, 4, 4)
        tables = QHBoxLayout()
        tables.addWidget(self.category_view, 4)
        tables.addWidget(self.channel_view, 1)
        sl.addLayout(tables, 1)
        sl.addWidget(self.summary_note)
        return summary_box

    def _build_export_row(self) -> QHBoxLayout:
        self.pseudonymous = QCheckBox(tr("Pseudonymiserad (utan personnummer, namn och fritext)"))
        self.export_xlsx = QPushButton(tr("Exportera Excel…"))
        self.export_xlsx.clicked.connect(lambda: self.export(".xlsx"))
        self.export_pdf = QPushButton(tr("Exportera PDF…"))
        self.export_pdf.clicked.connect(lambda: self.export(".pdf"))
        self.export_status = QLabel("")
        self.export_status.setStyleSheet("color: #555;")
        export_row = QHBoxLayout()
        export_row.addWidget(QLabel(tr("Export av perioden (logg och sammanställning):")))
        export_row.addWidget(self.pseudonymous)
        export_row.addWidget(self.export_xlsx)
        export_row.addWidget(self.export_pdf)
        export_row.addWidget(self.export_status, 1)
        return export_row

    def _connect(self) -> None:
        self.period.currentIndexChanged.connect(lambda _i: self._period_chosen())
        for f in (self.date_from, self.date_to):
            f.editingFinished.connect(self._dates_edited)
        for box in (self.category_filter, self.staff_filter, self.who_filter, self.follow_filter):
            box.currentIndexChanged.connect(lambda _i: self.load_log())
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        # Ctrl+N and Ctrl+F come from the main window's menu, which asks the shown page
        # (new_item / focus_search): a second shortcut for the same keys would be ambiguous.
        for keys, slot in (("Ctrl+K", self.mark_done),):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        for key, slot in ((Qt.Key_Return, self.edit_contact), (Qt.Key_Enter, self.edit_contact),
                          (Qt.Key_Delete, self.delete_contact)):
            sc = QShortcut(QKeySequence(key), self.table)
            sc.setContext(Qt.WidgetShortcut)
            sc.activated.connect(slot)

    # -- state ---------------------------------------------------------------------------------------
    @property
    def today(self) -> date:
        return self._today or date.today()

    def reload_choices(self) -> None:
        with self.db.reading() as s:
            members = staff_service.list_staff(s, include_inactive=True)
        current = self.staff_filter.currentData()
        self.staff_filter.blockSignals(True)
        self.staff_filter.clear()
        self.staff_filter.addItem(tr("Alla handledare"), None)
        for m in members:
            self.staff_filter.addItem(m.name, m.id)
        i = self.staff_filter.findData(current)
        self.staff_filter.setCurrentIndex(i if i >= 0 else 0)
        self.staff_filter.blockSignals(False)

    def period_dates(self) -> tuple[date, date] | None:
        """The chosen period, or None (with the reason shown) when the own dates are not valid."""
        from ame_desktop.domain.dates import parse_date

        try:
            start = parse_date(self.date_from.text())
            end = parse_date(self.date_to.text())
        except ValueError as exc:
            self.period_error.setText(str(exc))
            return None
        if start > end:
            self.period_error.setText(tr("Från-datum ligger efter till-datum."))
            return None
        self.period_error.setText("")
        return start, end

    def _period_chosen(self) -> None:
        dates = period_for(self.period.currentData(), self.today)
        if dates is not None:
            self.date_from.set_value(dates[0])
            self.date_to.set_value(dates[1])
        self.load()

    def _dates_edited(self) -> None:
        dates = period_for(self.period.currentData(), self.today)
        if dates != self.period_dates():
            self.period.blockSignals(True)
            self.period.setCurrentIndex(self.period.findData(PERIOD_OWN))
            self.period.blockSignals(False)
        self.load()

    def current_filter(self) -> af.ContactFilter | None:
        dates = self.period_dates()
        if dates is None:
            return None
        return af.ContactFilter(start=dates[0], end=dates[1], category=self.category_filter.currentData(),
                                staff_id=self.staff_filter.currentData(), participant_id=self.who_filter.currentData(),
                                follow_up=self.follow_filter.currentData(), text=self.search.text())

    # -- loading -------------------------------------------------------------------------------------
    def load(self) -> None:
        self.load_log()
        self.load_summary()
        self.update_banner()

    def load_log(self) -> None:
        f = self.current_filter()
        if f is None:
            return
        # Due follow-ups are shown whatever their contact's date: a reminder must not hide.
        if f.follow_up in (af.DUE, af.LATE):
            f = af.ContactFilter(category=f.category, staff_id=f.staff_id, participant_id=f.participant_id,
                                 follow_up=f.follow_up, text=f.text)
        selected = self.selected()
        with self.db.reading() as s:
            rows = af.list_contacts(s, f, today=self.today)
        self.model.set_contacts(rows)
        self._fit_columns()
        if selected is not None:
            for i, r in enumerate(rows):
                if r.id == selected.id:
                    self.table.selectRow(i)
                    break
        text = words.count(len(rows), "kontakt", "kontakter")
        if f.follow_up in (af.DUE, af.LATE):
            text += tr(" (alla datum)")
        self.count_label.setText(text)
        self._update_buttons()

    def _fit_columns(self) -> None:
        fit_contact_columns(self.model, self.table)

    def load_summary(self) -> None:
        dates = self.period_dates()
        if dates is None:
            return
        with self.db.reading() as s:
            rep = af.contact_report(s, dates[0], dates[1], today=self.today)
            # Late now, counted exactly as the reminder at start counts them (every period), so the
            # two never disagree; the period's own figures follow.
            due_now = af.due_follow_ups(s, self.today)
        sm = rep.summary
        median = "–" if sm.median_days_to_done is None else f"{sm.median_days_to_done:g}".replace(".", ",")
        late_now = sum(1 for r in due_now if r.follow_up == af.FOLLOW_LATE)
        late = (f"<span style='color:#b00020'>{late_now}</span>" if late_now else str(late_now))
        consent = (f"<span style='color:#b00020'>{sm.consent_missing}</span>" if sm.consent_missing
                   else str(sm.consent_missing))
        self.figures.setText(tr(
            "<b>{total}</b> kontakter ({people} om deltagare, {strategic} strategiska) · <b>{open}</b> öppna "
            "uppföljningar i perioden · <b>{late}</b> försenade just nu (alla perioder) · median <b>{median}</b> dagar till klar uppföljning "
            "({done} klara) · <b>{consent}</b> utan samtycke").format(
            total=sm.total, people=sm.with_participant, strategic=sm.strategic, open=sm.open_follow_ups, late=late,
            done=sm.done_follow_ups, median=median, consent=consent))
        months = sm.months[-12:]  # the window shows the last 12 months; the export has them all
        self.summary_note.setText(
            (tr("Visar de sista 12 månaderna av perioden; exporten har alla. ") if len(sm.months) > 12 else "")
            + tr("Sammanställningen gäller hela perioden {a} – {b}, oberoende av filtren ovanför loggen.").format(
                a=dates[0].isoformat(), b=dates[1].isoformat()))
        headers = [tr("Kategori")] + [f"{MONTHS_SHORT[int(m[5:]) - 1]}\n{m[:4]}" for m in months] + [tr("Totalt")]
        rows = []
        for code, label in CATEGORY_LABELS.items():
            per_month = sm.by_category_month.get(code, {})
            rows.append((tr(label), *[per_month.get(m, 0) or "" for m in months], sm.by_category.get(code, 0)))
        totals = af.contacts_per_month_total(sm)
        rows.append((tr("Totalt"), *[totals[m] for m in months], sm.total))
        self.category_model.headers = headers
        self.category_model.set_rows(rows)
        fm = self.category_view.fontMetrics()
        self.category_view.setColumnWidth(0, fm.horizontalAdvance("Underrättelse om aktivitetskrav") + 16)
        for c in range(1, len(headers)):
            self.category_view.setColumnWidth(c, fm.horizontalAdvance("0000") + 16)
        self.category_view.horizontalHeader().setStretchLastSection(False)
        self.channel_model.set_rows([(tr(label), sm.by_channel.get(code, 0)) for code, label in CHANNEL_LABELS.items()])
        self.channel_model.fit_columns(self.channel_view)

    def update_banner(self) -> list[af.ContactRow]:
        """Show or hide the reminder banner; returns the due follow-ups."""
        with self.db.reading() as s:
            due = af.due_follow_ups(s, self.today)
        if not due:
            self.banner_box.hide()
            return due
        self.banner.setText(reminder_text(due))
        self.banner_box.show()
        return due

    # -- actions -------------------------------------------------------------------------------------
    def selected(self) -> af.ContactRow | None:
        index = self.table.currentIndex()
        return self.model.contact(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        r = self.selected()
        write = self.db.actor.can_write  # a read-only account sees the log but changes nothing
        self.new_button.setEnabled(write)
        for b in (self.edit_button, self.delete_button):
            b.setEnabled(write and r is not None)
        self.done_button.setEnabled(write and r is not None and r.follow_up_on is not None
                                    and r.follow_up_done_on is None)
        self.person_button.setEnabled(r is not None and r.participant_id is not None)

    def new_item(self) -> None:
        """Ctrl+N on this page (routed by the main window)."""
        self.new_contact()

    def focus_search(self) -> None:
        """Ctrl+F on this page (routed by the main window)."""
        self.search.setFocus()
        self.search.selectAll()

    def new_contact(self, participant_id: int | None = None) -> ContactDialog | None:
        if not self.db.actor.can_write:
            return None
        return self._open_dialog(None, participant_id)

    def edit_contact(self) -> ContactDialog | None:
        r = self.selected()
        if r is None or not self.db.actor.can_write:
            return None
        return self._open_dialog(r.id, None)

    def _open_dialog(self, contact_id: int | None, participant_id: int | None) -> ContactDialog:
        # open(), not exec(): the window stays responsive and tests can drive the dialog.
        self.dialog = ContactDialog(self, self.db, contact_id, participant_id)
        self.dialog.accepted.connect(self._after_change)
        self.dialog.open()
        return self.dialog

    def _after_change(self) -> None:
        self.load()

    def mark_done(self) -> None:
        if mark_done(self, self.db, self.selected()):
            self.load()

    def delete_contact(self) -> None:
        if delete_contact(self, self.db, self.selected()):
            self.load()

    def _open_person(self) -> None:
        r = self.selected()
        if r is not None and r.participant_id is not None:
            self.open_participant.emit(r.participant_id)

    def show_due_follow_ups(self) -> None:
        """The log filtered to follow-ups to do now (late and today), whatever the period."""
        self.follow_filter.setCurrentIndex(self.follow_filter.findData(af.DUE))
        self.load_log()
        self.update_banner()
        if self.model.rowCount():
            self.table.selectRow(0)
            self.table.setFocus()

    def remind(self) -> QMessageBox | None:
        """Update the banner and show the reminder notice (as at start-up)."""
        self.update_banner()
        return show_follow_up_reminder(self.window())

    def export(self, suffix: str) -> None:
        dates = self.period_dates()
        if dates is None:
            return
        pseudo = self.pseudonymous.isChecked()
        name = f"af-kontakter-{dates[0].isoformat()}--{dates[1].isoformat()}" + ("-pseudonymiserad" if pseudo else "")
        filters = tr("Excel-arbetsbok (*.xlsx)") if suffix == ".xlsx" else tr("PDF (*.pdf)")
        path, _ = file_dialogs.getSaveFileName(self, tr("Exportera AF-kontakter"), name + suffix, filters)
        if not path:
            return
        self.start_export(path, dates, pseudo)

    def start_export(self, path: str, dates: tuple[date, date], pseudonymous: bool):
        from pathlib import Path

        from ame_desktop.services import exports

        db, today = self.db, self.today

        def work(progress, _cancelled):
            exports.af_contacts(db, dates[0], dates[1], path, pseudonymous=pseudonymous, today=today,
                                progress=lambda text, fraction: progress(tr(text), fraction))
            return Path(path)

        def done(out) -> None:
            self.export_status.setText(tr("Sparad: {p}").format(p=out))

        def failed(exc) -> None:
            self.export_status.setText("")
            show_error(self, exc)

        self.export_status.setText(tr("Exporterar…"))
        self.export_job = run_in_background(self, tr("Exporterar AF-kontakterna…"), work, done, failed)
        return self.export_job

    # -- page protocol -------------------------------------------------------------------------------
    def can_leave(self) -> bool:
        return True  # every change is saved by its dialog

    def refresh(self) -> None:
        self.reload_choices()
        if self.period.currentData() != PERIOD_OWN:
            self._period_chosen()  # "today" may have moved on since the page was built
        else:
            self.load()

    def prepare_screenshot(self) -> None:
        """The last 12 months, all contacts, newest first, the first row selected."""
        self.period.setCurrentIndex(self.period.findData(PERIOD_LAST_12))
        self.follow_filter.setCurrentIndex(0)
        self.load()
        self.tabs.setCurrentIndex(0)
        if self.model.rowCount():
            self.table.selectRow(0)
