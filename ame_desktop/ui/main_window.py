"""The main window: navigation on the left, one page at a time, the open database in the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TR_NOOP, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from ame_desktop.ui import file_dialogs
from ame_desktop import __version__
from ame_desktop.domain.errors import AmeError
from ame_desktop.store.database import Database
from ame_desktop.ui.accessibility import name_widgets, scale_font
from ame_desktop.ui.common import plain_tooltip, show_error, tr, user_label
from ame_desktop.ui.page import NewItemPage, OpensParticipant, Page, SavePage, SearchPage
from ame_desktop.ui.participants_page import ParticipantsPage

POLL_SECONDS = 20  # how often the window looks for changes made by other users


def _lazy(module: str, cls: str) -> Callable[[Database], QWidget]:
    """A page class imported when the page is first shown (keeps start-up short)."""
    def make(db: Database) -> QWidget:
        import importlib

        return getattr(importlib.import_module(module), cls)(db)
    return make


# (key, navigation title, factory). Keys are also the `screenshot` view names.
PAGES: list[tuple[str, str, Callable[[Database], QWidget]]] = [
    ("participants", QT_TR_NOOP("Deltagare"), ParticipantsPage),
    ("attendance", QT_TR_NOOP("Aktivitetskrav"), _lazy("ame_desktop.ui.attendance_page", "AttendancePage")),
    # Capacity (issue 23): groups, workplaces, who is under-scheduled, the capacity view.
    ("groups", QT_TR_NOOP("Grupper"), _lazy("ame_desktop.ui.groups_page", "GroupsPage")),
    ("workplaces", QT_TR_NOOP("Arbetsplatser"), _lazy("ame_desktop.ui.workplaces_page", "WorkplacesPage")),
    ("underscheduled", QT_TR_NOOP("Underplanerade"), _lazy("ame_desktop.ui.capacity_page", "UnderscheduledPage")),
    ("capacity", QT_TR_NOOP("Kapacitet"), _lazy("ame_desktop.ui.capacity_page", "CapacityPage")),
    ("steps", QT_TR_NOOP("Stegförflyttning"), _lazy("ame_desktop.ui.steps_page", "StepsPage")),
    ("af-contacts", QT_TR_NOOP("AF-kontakter"), _lazy("ame_desktop.ui.af_contacts_page", "AfContactsPage")),
    ("followups", QT_TR_NOOP("Uppföljning"), _lazy("ame_desktop.ui.results_page", "FollowUpsPage")),
    ("results", QT_TR_NOOP("Resultat"), _lazy("ame_desktop.ui.results_page", "ResultsPage")),
    ("caseworker", QT_TR_NOOP("Handläggare"), _lazy("ame_desktop.ui.caseworker_page", "CaseworkerPage")),
    ("confirm-work", QT_TR_NOOP("Bekräfta arbete"), _lazy("ame_desktop.ui.work_confirmation_page", "WorkConfirmationPage")),
    ("summer-jobs", QT_TR_NOOP("Feriejobb"), _lazy("ame_desktop.ui.summer_jobs_page", "SummerJobsPage")),
    ("export", QT_TR_NOOP("Rapporter och export"), _lazy("ame_desktop.ui.export_page", "ExportPage")),
    ("compare", QT_TR_NOOP("Jämför med andra"), _lazy("ame_desktop.ui.compare_page", "ComparePage")),
    ("settings", QT_TR_NOOP("Inställningar"), _lazy("ame_desktop.ui.settings_page", "SettingsPage")),
]


class MainWindow(QMainWindow):
    def __init__(self, db: Database, remember_layout: bool = True):
        super().__init__()
        self.db = db
        self.remember_layout = remember_layout
        self.setWindowTitle(tr("AME Desktop"))
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.nav.setStyleSheet(
            "#navigation { border: none; background: #f2f4f7; }"
            "#navigation::item { padding: 9px 10px; }"
            "#navigation::item:selected { background: #1f4e79; color: white; }"
        )
        self.nav.setProperty("ame_relative_size", 11 / 9.0)  # grows with the text-size setting
        scale_font(self.nav)
        self.nav.setAccessibleName(tr("Sidor"))
        self.stack = QStackedWidget()
        # Pages are built the first time they are shown: start-up builds only the register.
        self.pages: dict[str, QWidget] = {}
        self.keys: list[str] = []
        self._factories = {}
        for key, title, factory in PAGES:
            self.keys.append(key)
            self._factories[key] = factory
            self.stack.addWidget(QWidget())
            QListWidgetItem(tr(title), self.nav)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.setCurrentRow(0)
        self.nav.currentRowChanged.connect(self._nav_changed)

        self.db_label = user_label(tr("Databas: {db}").format(db=db.describe()))
        self.count_label = QLabel("")
        self.actor_label = user_label(tr("{name} ({role})").format(name=db.actor.name, role=db.actor.role))
        # The register's path takes what the counters leave (a OneDrive path can be long): clipped,
        # whole in the tooltip — the counters are what a coach acts on.
        self.db_label.setToolTip(plain_tooltip(db.describe()))
        self.db_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.actor_label)
        # Follow-ups after exit due this week (issue 20); filled by show_followups_due.
        self.followup_label = QLabel("")
        self.followup_label.setObjectName("followups_due")
        self.statusBar().addPermanentWidget(self.followup_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.page("participants")
        self.stack.setCurrentIndex(0)
        # The start page's counters (follow-ups, notices, work to confirm) are counted after the
        # window's first paint (issue 25): start_counters, from event().
        self._counters_started = False
        # Notices waiting for the caseworkers (issue 17); filled by show_notices_waiting.
        self.notices_label = QLabel("")
        self.notices_label.setObjectName("notices_waiting")
        self.statusBar().addPermanentWidget(self.notices_label)
        # Exits to work to confirm after a month (issue 19); filled by show_work_to_confirm.
        self.work_label = QLabel("")
        self.work_label.setObjectName("work_to_confirm")
        self.statusBar().addPermanentWidget(self.work_label)
        # People whose planned hours fall short next week (issue 23); filled by show_underscheduled.
        self.underscheduled_label = QLabel("")
        self.underscheduled_label.setObjectName("underscheduled")
        self.statusBar().addPermanentWidget(self.underscheduled_label)

        self._build_menu()
        self._build_shortcuts()
        self.fit_to_screen()
        if remember_layout:
            self._restore_layout()

    def fit_to_screen(self, preferred: tuple[int, int] = (1280, 800)) -> None:
        """The first start: the preferred size, but never larger than the screen's free area (a
        1366×768 laptop has ~1366×728 above the taskbar), so the buttons and the status bar show."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            self.resize(*preferred)
            return
        free = screen.availableGeometry()
        frame = 40  # title bar and borders, drawn by the window manager outside the client area
        w, h = min(preferred[0], free.width() - 16), min(preferred[1], free.height() - frame)
        self.resize(w, h)
        self.move(free.x() + (free.width() - w) // 2, free.y() + max(0, (free.height() - frame - h) // 2))
        if free.width() < preferred[0] + 200 or free.height() < preferred[1]:
            # A small laptop screen (1366×768): every pixel counts, as on the coach's other programs.
            self.setWindowState(self.windowState() | Qt.WindowMaximized)

    def page(self, key: str) -> QWidget:
        """The page for a key, built (and wired to the others) on first use."""
        page = self.pages.get(key)
        if page is not None:
            return page
        page = self._factories[key](self.db)
        if not isinstance(page, Page):
            raise TypeError(f"{type(page).__name__} is not a Page (needs can_leave and refresh)")
        name_widgets(page)  # every input, table and chart gets the name a screen reader announces
        self.pages[key] = page
        i = self.keys.index(key)
        placeholder = self.stack.widget(i)
        self.stack.insertWidget(i, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self._wire(key, page)
        return page

    def _wire(self, key: str, page: QWidget) -> None:
        if key == "participants":
            page.count_changed.connect(lambda n: self.count_label.setText(tr("{n} deltagare i listan").format(n=n)))
            page.import_requested.connect(self.import_workbook)
            page.editor.show_hours.connect(self.show_hours)
            page.editor.apply_permissions()
            page.count_changed.emit(page.model.rowCount())  # the list was read as the page was built
        elif key == "settings":
            page.changed.connect(self.participants.refresh)
        elif key == "caseworker":
            page.notices_counted.connect(self.show_notices_waiting)
        elif key == "followups":
            page.save_button.clicked.connect(self.show_followups_due)
        elif key == "confirm-work":
            page.changed.connect(self.show_work_to_confirm)
        elif key in ("groups", "workplaces"):
            page.changed.connect(self.show_underscheduled)
        elif key == "underscheduled":
            page.counted.connect(lambda n, page=page: self._underscheduled_page_counted(page, n))
        if isinstance(page, OpensParticipant) and key != "participants":
            page.open_participant.connect(self.open_participant)

    # -- menus and keys ------------------------------------------------------------------------
    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(tr("&Arkiv"))
        self._action(file_menu, tr("&Importera från Excel…"), self.import_workbook, "Ctrl+I")
        self._action(file_menu, tr("Skriv &importmall…"), self.write_template)
        file_menu.addSeparator()
        self._action(file_menu, tr("&Säkerhetskopiera…"), self.backup)
        self._action(file_menu, tr("Skriv ut &planer…"), self.print_plans)
        file_menu.addSeparator()
        self._action(file_menu, tr("A&vsluta"), self.close, QKeySequence.Quit)
        person_menu = self.menuBar().addMenu(tr("&Deltagare"))
        self._action(person_menu, tr("&Ny (deltagare, kontakt …)"), self.new_participant, "Ctrl+N")
        self._action(person_menu, tr("&Sök"), self.focus_search, "Ctrl+F")
        self._action(person_menu, tr("S&para"), self.save, "Ctrl+S")
        help_menu = self.menuBar().addMenu(tr("&Hjälp"))
        self._action(help_menu, tr("&Om AME Desktop"), self.about)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_shortcuts(self) -> None:
        esc = QShortcut(QKeySequence(Qt.Key_Escape), self.participants)
        esc.setContext(Qt.WidgetWithChildrenShortcut)
        esc.activated.connect(self.participants.escape)
        for i in range(min(9, len(self.keys))):  # Alt+1 … Alt+9 (there is no Alt+10)
            sc = QShortcut(QKeySequence(f"Alt+{i + 1}"), self)
            sc.activated.connect(lambda i=i: self.nav.setCurrentRow(i))

    # -- navigation ----------------------------------------------------------------------------
    def _nav_changed(self, row: int) -> None:
        current = self.stack.currentWidget()
        if isinstance(current, Page) and not current.can_leave():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.stack.currentIndex())
            self.nav.blockSignals(False)
            return
        fresh = self.keys[row] not in self.pages
        page = self.page(self.keys[row])
        self.stack.setCurrentIndex(row)
        if not fresh and isinstance(page, Page):
            page.refresh()

    def show_view(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self.keys.index(key))
        return self.page(key)

    @property
    def participants(self) -> ParticipantsPage:
        return self.page("participants")  # type: ignore[return-value]

    def show_hours(self, participant_id: int) -> None:
        """From a participant to their week grid."""
        if not self.participants.can_leave():
            return
        page = self.show_view("attendance")
        if self.stack.currentWidget() is page:
            page.show_person(participant_id)  # type: ignore[attr-defined]

    def open_participant(self, participant_id: int) -> None:
        """From a report or a finding to the participant view."""
        page = self.show_view("participants")
        if self.stack.currentWidget() is page:
            self.participants.open_participant(participant_id)

    # Ctrl+N, Ctrl+F and Ctrl+S belong to the window; each page that has its own "new",
    # "search" or "save" gets the key (one shortcut per key: Qt ignores ambiguous ones).
    def new_participant(self) -> None:
        page = self.stack.currentWidget()
        if page is not self.participants and isinstance(page, NewItemPage):
            page.new_item()
            return
        self.show_view("participants")
        self.participants.new_participant()

    def focus_search(self) -> None:
        page = self.stack.currentWidget()
        if page is not self.participants and isinstance(page, SearchPage):
            page.focus_search()
            return
        self.show_view("participants")
        self.participants.focus_search()

    def save(self) -> None:
        page = self.stack.currentWidget()
        if page is self.participants:
            self.participants.editor.save()
        elif isinstance(page, SavePage):
            page.save()

    # -- file actions --------------------------------------------------------------------------
    def import_workbook(self, path=None):
        from ame_desktop.ui.import_flow import ImportFlow  # openpyxl loads only when importing

        if not self.participants.can_leave():
            return None  # type: ignore[return-value]
        self.import_flow = ImportFlow(self, self.db, lambda _r: self.participants.refresh())
        self.import_flow.start(path if isinstance(path, str) else None)
        return self.import_flow

    def write_template(self) -> None:
        from ame_desktop.services import exports

        path, _ = file_dialogs.getSaveFileName(self, tr("Spara importmall"), "importmall.xlsx",
                                              tr("Excel-arbetsböcker (*.xlsx)"))
        if not path:
            return
        try:
            exports.import_template(self.db, path)
        except AmeError as exc:  # io/files.atomic_output: open in Excel, read-only, disk full …
            show_error(self, exc, tr("Importmall"))

    def backup(self) -> None:
        from ame_desktop.ui.admin_tabs import backup_now

        path = backup_now(self, self.db)
        if path:
            QMessageBox.information(self, tr("Säkerhetskopia"), tr("Säkerhetskopian sparades i {path}.").format(path=path))

    def print_plans(self) -> None:
        from ame_desktop.ui.plan_batch import open_batch_dialog

        open_batch_dialog(self, self.db)

    # -- background work -------------------------------------------------------------------------
    def event(self, e) -> bool:  # noqa: D401 (Qt's name)
        """The first paint of the window happens in its first UpdateRequest: the counters wait
        for it, so the coach sees the register before anything else is counted."""
        handled = super().event(e)
        if e.type() == QEvent.UpdateRequest and not getattr(self, "_counters_started", True):
            QTimer.singleShot(0, self.start_counters)
        return handled

    def start_counters(self) -> None:
        """The start page's counters; once (a screenshot asks for them before it draws)."""
        if self._counters_started:
            return
        self._counters_started = True
        self.show_followups_due()
        self.show_notices_waiting()
        self.show_work_to_confirm()
        self.show_underscheduled()

    def start_background_tasks(self) -> None:
        """After the window is shown: today's automatic backup, follow-up reminders, and a
        cheap poll for changes made by others (several coaches on one register)."""
        from PySide6.QtCore import QTimer

        self._auto_backup()
        try:
            from ame_desktop.ui.af_contacts_page import show_follow_up_reminder
        except ImportError:
            show_follow_up_reminder = None
        if show_follow_up_reminder is not None:
            QTimer.singleShot(500, lambda: show_follow_up_reminder(self))
        self._last_change = self._change_marker()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_SECONDS * 1000)
        self._poll.timeout.connect(self._check_for_changes)
        self._poll.start()

    def show_notices_waiting(self, count: int | None = None) -> None:
        """The start page tells how many notices to the caseworkers are waiting (issue 17)."""
        if count is None:  # counted off the GUI thread: a large register takes a few seconds
            from PySide6.QtCore import QThreadPool

            from ame_desktop.services.notices import waiting_count
            from ame_desktop.ui import workers

            db = self.db

            def count_waiting(_p, _c):
                with db.reading() as s:
                    return waiting_count(s)

            job = workers.Job(count_waiting)
            workers._running.add(job)  # kept alive until it reports, also if the window closes first
            self._notices_job = job
            # Bound methods: Qt drops the connection when the window is gone.
            job.signals.done.connect(self._notices_counted)
            job.signals.failed.connect(self._notices_failed)
            QThreadPool.globalInstance().start(job)
            return
        self.notices_label.setText(tr("Att underrätta handläggaren: {n}").format(n=count) if count else "")
        i = self.keys.index("caseworker")
        self.nav.item(i).setText(tr("Handläggare ({n})").format(n=count) if count else tr("Handläggare"))

    def show_work_to_confirm(self) -> None:
        """The start page's reminder (issue 19): exits to work whose month has come, overdue ones
        counted apart; the navigation shows how many can be confirmed."""
        from datetime import date

        from ame_desktop.services.work_confirmation import pending_confirmations

        today = date.today()
        try:
            with self.db.reading() as s:
                due = pending_confirmations(s, today=today, only_due=True)
        except AmeError:
            self.work_label.setText("")
            return
        late = sum(1 for p in due if p.overdue(today))
        text = tr("Arbete att bekräfta: {n}").format(n=len(due)) if due else ""
        if late:
            text += tr(" (försenade: {o})").format(o=late)
        self.work_label.setText(text)
        i = self.keys.index("confirm-work")
        self.nav.item(i).setText(tr("Bekräfta arbete ({n})").format(n=len(due)) if due else tr("Bekräfta arbete"))

    def show_underscheduled(self) -> None:
        """The start page's count (issue 23): people with a requirement next week whose planned
        hours fall short (the unit's planning gap), counted off the GUI thread."""
        from datetime import date, timedelta

        from PySide6.QtCore import QThreadPool

        from ame_desktop.services.capacity_view import underscheduled_count, week_of
        from ame_desktop.ui import workers

        db = self.db
        period = week_of(date.today() + timedelta(days=7))

        def count(_p, _c):
            with db.reading() as s:
                return underscheduled_count(s, period)

        job = workers.Job(count)
        workers._running.add(job)  # kept alive until it reports, also if the window closes first
        self._underscheduled_job = job
        job.signals.done.connect(self._underscheduled_counted)
        job.signals.failed.connect(self._underscheduled_failed)
        QThreadPool.globalInstance().start(job)

    def _underscheduled_counted(self, count: int) -> None:
        from ame_desktop.ui import workers

        workers._running.discard(getattr(self, "_underscheduled_job", None))
        self._show_underscheduled_count(int(count))

    def _underscheduled_page_counted(self, page, count: int) -> None:
        """The page computed a list: when it is next week's for every kommun, the count follows it."""
        from datetime import date, timedelta

        from ame_desktop.services.capacity_view import week_of

        result = getattr(page, "result", None)
        if result is not None and result.period == week_of(date.today() + timedelta(days=7)) \
                and result.municipality is None:
            self._show_underscheduled_count(int(count))

    def _show_underscheduled_count(self, count: int) -> None:
        self.underscheduled_label.setText(tr("Underplanerade: {n}").format(n=count) if count else "")
        self.underscheduled_label.setToolTip(tr("Personer med aktivitetskrav som har färre planerade timmar än "
                                                "kravet nästa vecka (enhetens planering)"))
        i = self.keys.index("underscheduled")
        self.nav.item(i).setText(tr("Underplanerade ({n})").format(n=count) if count else tr("Underplanerade"))

    def _underscheduled_failed(self, _exc: object) -> None:
        from ame_desktop.ui import workers

        workers._running.discard(getattr(self, "_underscheduled_job", None))
        self.underscheduled_label.setText("")

    def _notices_counted(self, count: int) -> None:
        from ame_desktop.ui import workers

        workers._running.discard(getattr(self, "_notices_job", None))
        self.show_notices_waiting(int(count))

    def _notices_failed(self, _exc: object) -> None:
        from ame_desktop.ui import workers

        workers._running.discard(getattr(self, "_notices_job", None))
        self.notices_label.setText("")

    def show_followups_due(self, due=None) -> None:
        """The start page's reminder: follow-ups after exit due this week (and overdue), counted
        off the GUI thread (every exit of a large register is looked at)."""
        if due is None or isinstance(due, bool):  # (a button's clicked(bool) lands here too)
            from PySide6.QtCore import QThreadPool

            from ame_desktop.services.followups import due_summary
            from ame_desktop.ui import workers

            db = self.db

            def count_due(_p, _c):
                with db.reading() as s:
                    return due_summary(s)

            job = workers.Job(count_due)
            workers._running.add(job)  # kept alive until it reports, also if the window closes first
            self._followups_job = job
            job.signals.done.connect(self._followups_counted)
            job.signals.failed.connect(self._followups_failed)
            QThreadPool.globalInstance().start(job)
            return
        text = tr("Uppföljningar denna vecka: {w}").format(w=due.this_week)
        if due.overdue:
            text += tr(" (försenade: {o})").format(o=due.overdue)
        self.followup_label.setText(text)
        i = self.keys.index("followups")
        self.nav.item(i).setText(tr("Uppföljning ({n})").format(n=due.this_week) if due.this_week
                                 else tr("Uppföljning"))

    def _followups_counted(self, due) -> None:
        from ame_desktop.ui import workers

        workers._running.discard(getattr(self, "_followups_job", None))
        self.show_followups_due(due)

    def _followups_failed(self, _exc) -> None:
        from ame_desktop.ui import workers

        workers._running.discard(getattr(self, "_followups_job", None))
        self.followup_label.setText("")

    def _auto_backup(self) -> None:
        from ame_desktop.services.settings import all_settings
        from ame_desktop.store.backup import auto_backup
        from ame_desktop.ui.workers import Job

        if not self.db.is_sqlite:
            return
        with self.db.reading() as s:
            values = all_settings(s)
        self.show_location_warnings(values["backup_folder"] or None)
        job = Job(lambda _p, _c: auto_backup(self.db, values["backup_folder"] or None, int(values["backup_count"])))
        job.signals.done.connect(lambda path: path and self.statusBar().showMessage(
            tr("Dagens säkerhetskopia sparades: {p}").format(p=path), 8000))
        job.signals.failed.connect(lambda exc: self.statusBar().showMessage(
            tr("Den automatiska säkerhetskopian misslyckades: {e}").format(e=getattr(exc, "message", exc)), 15000))
        self._backup_job = job
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().start(job)

    def show_location_warnings(self, backup_folder: str | None) -> list[str]:
        """A register or backup folder under OneDrive: said once at start, without blocking."""
        from ame_desktop.store.locations import location_warnings

        warnings = location_warnings(self.db.sqlite_path, backup_folder)
        if warnings:
            self.statusBar().showMessage(warnings[0], 30_000)
            box = QMessageBox(QMessageBox.Warning, tr("Registrets placering"), "\n\n".join(warnings),
                              QMessageBox.Ok, self)
            box.setWindowModality(Qt.NonModal)
            box.setAttribute(Qt.WA_ShowWithoutActivating)  # typing stays in the window (Enter must not press its button)
            box.setAttribute(Qt.WA_DeleteOnClose)
            box.show()
            from ame_desktop.ui.af_contacts_page import keep_keyboard_in

            keep_keyboard_in(self)
            self._location_box = box
        return warnings

    def _change_marker(self):
        """Every change writes an audit entry: its newest id tells whether anything changed."""
        from ame_desktop.services.audit import latest_change_id

        try:
            with self.db.reading() as s:
                return latest_change_id(s, by_others=True)
        except Exception:  # a network blip on a shared server: try again next time
            return self._last_change

    def _check_for_changes(self) -> None:
        marker = self._change_marker()
        if marker == self._last_change:
            return
        self._last_change = marker
        page = self.pages.get("participants")
        if page is not None and not page.editor.is_dirty():
            page.refresh()
            self.statusBar().showMessage(tr("Listan uppdaterades med ändringar från andra användare."), 5000)

    def about(self) -> None:
        QMessageBox.about(self, tr("Om AME Desktop"),
                          tr("AME Desktop {v}\nRegister och rapporter för kommunala arbetsmarknadsenheter.\n\n"
                             "Databas: {db}").format(v=__version__, db=self.db.describe()))

    # -- layout memory and closing ---------------------------------------------------------------
    def _settings(self) -> QSettings:
        return QSettings("AME Desktop", "AME Desktop")

    def _restore_layout(self) -> None:
        st = self._settings()
        geometry = st.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = st.value("window/state")
        if state is not None:
            self.restoreState(state)
        value = st.value("splitter/participants")
        if value is not None:
            self.participants.splitter.restoreState(value)
            self.participants.user_sized = True
        header = st.value("participants/header")
        if header is not None:
            self.participants.table.horizontalHeader().restoreState(header)

    def _save_layout(self) -> None:
        st = self._settings()
        st.setValue("window/geometry", self.saveGeometry())
        st.setValue("window/state", self.saveState())
        st.setValue("splitter/participants", self.participants.splitter.saveState())
        st.setValue("participants/header", self.participants.table.horizontalHeader().saveState())
        st.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not all(p.can_leave() for p in self.pages.values()):  # type: ignore[attr-defined]
            event.ignore()
            return
        if self.remember_layout:
            self._save_layout()
        event.accept()
