"""Administrator's tabs in Inställningar: accounts, the audit log, gallring and backups.
The services refuse anyone else; these tabs are shown to administrators only."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.ui import file_dialogs
from ame_desktop.domain import words
from ame_desktop.domain.actor import ROLE_LABELS, ROLES
from ame_desktop.domain.errors import AmeError
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import accounts, audit, gallring, reference
from ame_desktop.services import settings as settings_service
from ame_desktop.store.database import Database
from ame_desktop.ui.common import DateField, ErrorLabel, show_error, tr, user_label
from ame_desktop.ui.list_model import ListTableModel
from ame_desktop.ui.record_dialog import RecordDialog


def _table(model: ListTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    return view


class AccountsTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.model = ListTableModel([tr("Användarnamn"), tr("Namn"), tr("Roll"), tr("Kommuner"),
                                     tr("Windows-inloggning"), tr("Status")])
        self.view = _table(self.model)
        self.single_user = QCheckBox(tr("Enanvändarläge: ingen inloggning, programmet agerar som kontot nedan"))
        self.single_account = QComboBox()
        self.single_account.setAccessibleName(tr("Kontot som används i enanvändarläge"))
        add = QPushButton(tr("Nytt konto…"))
        add.clicked.connect(self.add_account)
        role = QPushButton(tr("Ändra roll…"))
        role.clicked.connect(self.change_role)
        unlock = QPushButton(tr("Lås upp"))
        unlock.clicked.connect(self.unlock)
        password = QPushButton(tr("Nytt lösenord…"))
        password.clicked.connect(self.new_password)
        windows = QPushButton(tr("&Windows-inloggning…"))
        windows.setToolTip(tr("Koppla kontot till en Windows-användare på en dator: där öppnas fönstret utan "
                              "lösenord. Bara för ett lokalt register."))
        windows.clicked.connect(self.windows_sign_in)
        self.windows_button = windows
        save_mode = QPushButton(tr("Spara läget"))
        save_mode.clicked.connect(self.save_mode)
        row = QHBoxLayout()
        for b in (add, role, unlock, password, windows):
            row.addWidget(b)
        row.addStretch(1)
        mode = QHBoxLayout()
        mode.addWidget(self.single_user)
        mode.addWidget(self.single_account)
        mode.addWidget(save_mode)
        self.info = QLabel("")
        self.info.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addLayout(mode)
        self.load()

    def load(self) -> None:
        keep = self._selected() if getattr(self, "_ids", None) else None
        with self.db.reading() as s:
            members = accounts.accounts(s)
            by_staff = accounts.municipality_links(s)
            values = settings_service.all_settings(s)
        self._ids = [m.id for m in members]
        self.model.set_rows([(m.username, m.name, m.role, ", ".join(by_staff.get(m.id, [])) or tr("alla"),
                              accounts.windows_tie(m) or "–", tr("låst") if m.locked_until else tr("aktiv"))
                             for m in members])
        self.view.resizeColumnsToContents()
        if keep in self._ids:  # the account just changed stays selected
            self.view.selectRow(self._ids.index(keep))
        self.info.setText(tr("Inga konton ännu: alla som öppnar databasfilen har full behörighet. Skapa ett "
                             "administratörskonto först.") if not members else
                          tr("Administratör: inställningar, konton, gallring och loggar. Handledare: läser och ändrar "
                             "deltagare i sina kommuner. Läsbehörig: läser."))
        self.single_user.setChecked(values["single_user"] == "1")
        self.single_account.clear()
        for m in members:
            self.single_account.addItem(m.username, m.username)
        i = self.single_account.findData(values["single_user_account"])
        if i >= 0:
            self.single_account.setCurrentIndex(i)

    def _selected(self) -> int | None:
        row = self.view.currentIndex().row()
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def add_account(self) -> None:
        name, username, password = QLineEdit(), QLineEdit(), QLineEdit()
        password.setEchoMode(QLineEdit.Password)
        role = QComboBox()
        for r in ROLES:
            role.addItem(ROLE_LABELS[r], r)
        munis = QListWidget()
        with self.db.reading() as s:
            for code, mname in reference.kommuner(s):
                item = QListWidgetItem(f"{mname} ({code})")
                item.setData(Qt.UserRole, code)
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Unchecked)
                munis.addItem(item)
        munis.setMaximumHeight(140)

        def save():
            chosen = [munis.item(i).data(Qt.UserRole) for i in range(munis.count())
                      if munis.item(i).checkState() == Qt.Checked]
            with self.db.transaction() as s:
                return accounts.create_account(s, name.text(), username.text(), password.text(), role.currentData(),
                                               chosen)

        dlg = RecordDialog(self, tr("Nytt konto"), save)
        dlg.add_field("name", tr("Namn"), name)
        dlg.add_field("username", tr("Användarnamn"), username)
        dlg.add_field("password", tr("Lösenord (minst 10 tecken)"), password)
        dlg.add_field("role", tr("Roll"), role)
        dlg.add_field("municipalities", tr("Kommuner (inga = alla)"), munis)
        if dlg.exec():
            self.load()

    def change_role(self) -> None:
        sid = self._selected()
        if sid is None:
            return
        role, ok = QInputDialog.getItem(self, tr("Ändra roll"), tr("Roll:"), list(ROLES), 1, False)
        if ok:
            self._run(lambda s: accounts.set_role(s, sid, role))

    def unlock(self) -> None:
        sid = self._selected()
        if sid is not None:
            self._run(lambda s: accounts.unlock(s, sid))

    def new_password(self) -> None:
        sid = self._selected()
        if sid is None:
            return
        password, ok = QInputDialog.getText(self, tr("Nytt lösenord"), tr("Nytt lösenord (minst 10 tecken):"),
                                            QLineEdit.Password)
        if ok:
            self._run(lambda s: accounts.set_password(s, sid, password))

    def windows_sign_in(self) -> RecordDialog | None:
        """Tie the selected account to a Windows user on a PC, or remove the tie (issue 24)."""
        sid = self._selected()
        if sid is None:
            return None
        if not self.db.is_sqlite:
            show_error(self, AmeError(tr("Windows-inloggning finns bara för ett lokalt register (en SQLite-fil på "
                                         "datorn). I ett gemensamt register på PostgreSQL loggar databasrollen in.")))
            return None
        with self.db.reading() as s:
            member = next(m for m in accounts.accounts(s) if m.id == sid)
            current = (member.windows_account or "", member.windows_computer or "", member.username)
        here = accounts.identity_source()
        account, computer = QLineEdit(current[0]), QLineEdit(current[1])
        account.setPlaceholderText(tr("DOMÄN\\namn, t.ex. KOMMUN\\anna.andersson"))
        computer.setPlaceholderText(tr("datorns namn, t.ex. PC-AME-012"))
        this_pc = QPushButton(tr("&Fyll i den här datorns inloggning"))
        this_pc.setEnabled(here is not None)
        if here is not None:
            this_pc.setToolTip(tr("{a} på {c}").format(a=here.account, c=here.computer))
            this_pc.clicked.connect(lambda: (account.setText(here.account), computer.setText(here.computer)))
        note = QLabel(tr("Den som är inloggad i Windows som den användaren på den datorn kommer in i registret som "
                         "{u} utan lösenord. Använd det bara på en dator med skärmlås som bara den personen "
                         "använder. Tomma fält tar bort kopplingen.").format(u=current[2]))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")

        def save():
            with self.db.transaction() as s:
                if not account.text().strip() and not computer.text().strip():
                    return accounts.remove_windows_sign_in(s, sid)
                return accounts.set_windows_sign_in(s, sid, account.text(), computer.text())

        below = QWidget()  # the button at its natural width, then what the tie means
        box = QVBoxLayout(below)
        box.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        line.addWidget(this_pc)
        line.addStretch(1)
        box.addLayout(line)
        box.addWidget(note)
        dlg = RecordDialog(self, tr("Windows-inloggning för {u}").format(u=current[2]), save)
        dlg.add_field("windows_account", tr("Windows-&konto"), account)
        dlg.add_field("windows_computer", tr("&Dator"), computer, below)
        dlg.setMinimumWidth(560)
        dlg.accepted.connect(self.load)
        dlg.open()
        self.windows_dialog = dlg
        return dlg

    def save_mode(self) -> None:
        def work(s):
            settings_service.set_setting(s, "single_user", "1" if self.single_user.isChecked() else "0")
            settings_service.set_setting(s, "single_user_account", self.single_account.currentData() or "")
        self._run(work)

    def _run(self, fn) -> None:
        try:
            with self.db.transaction() as s:
                fn(s)
        except AmeError as exc:
            show_error(self, exc)
        self.load()


class AuditTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.since = DateField()
        self.since.set_value(date.today() - timedelta(days=30))
        self.until = DateField()
        self.until.set_value(date.today())
        self.actor = QLineEdit()
        self.actor.setPlaceholderText(tr("konto (tomt = alla)"))
        self.participant = QLineEdit()
        self.participant.setPlaceholderText(tr("personnummer (tomt = alla)"))
        search = QPushButton(tr("Visa"))
        search.clicked.connect(self.load)
        verify = QPushButton(tr("Kontrollera kedjan"))
        verify.clicked.connect(self.verify)
        review = QPushButton(tr("Månadens logggranskning…"))
        review.clicked.connect(self.review)
        self.model = ListTableModel([tr("Id"), tr("Tid"), tr("Konto"), tr("Händelse"), tr("Post"), tr("Deltagare"),
                                     tr("Detaljer")])
        self.view = _table(self.model)
        self.status = user_label("")
        row = QHBoxLayout()
        for w in (QLabel(tr("Från")), self.since, QLabel(tr("till")), self.until, self.actor, self.participant, search):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(verify)
        row.addWidget(review)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

    def load(self) -> None:
        from ame_desktop.domain.dates import parse_date
        from ame_desktop.services.participants import find_participant

        try:
            since = parse_date(self.since.value()) if self.since.value() else None
            until = parse_date(self.until.value()) if self.until.value() else None
            with self.db.reading() as s:
                pid = find_participant(s, self.participant.text()).id if self.participant.text().strip() else None
                rows = audit.entries(s, since=since, until=until, actor=self.actor.text().strip() or None,
                                     participant_id=pid, limit=2000)
        except (AmeError, ValueError) as exc:
            self.status.setText(getattr(exc, "message", str(exc)))
            return
        self.model.set_rows([(e.id, e.at.isoformat(sep=" "), e.actor, e.action, f"{e.entity} {e.record_id or ''}",
                              e.participant_id or "", (e.details or "")[:300]) for e in rows])
        self.model.fit_columns(self.view)
        self.status.setText(tr("{n} (högst 2 000 visas, nyast först).").format(n=words.count(len(rows), "post", "poster")))

    def verify(self) -> None:
        with self.db.reading() as s:
            problems = audit.verify_chain(s)
        if problems:
            QMessageBox.critical(self, tr("Loggen"), tr("Loggen är inte hel:\n") + "\n".join(problems[:20]))
        else:
            QMessageBox.information(self, tr("Loggen"), tr("Loggen är hel: kedjan av kontrollsummor stämmer."))

    def review(self) -> None:
        from pathlib import Path

        from ame_desktop.services import exports

        year, month = exports.last_month()
        path, _ = file_dialogs.getSaveFileName(self, tr("Spara logggranskning"),
                                              f"logggranskning-{year}-{month:02d}.xlsx", tr("Excel (*.xlsx)"))
        if not path:
            return
        try:
            exports.audit_review(self.db, year, month, Path(path))
        except AmeError as exc:
            show_error(self, exc)


class GallringTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.model = ListTableModel([tr("Personnummer"), tr("Namn"), tr("Senaste anteckning"), tr("Ska gallras senast"),
                                     tr("Varför")])
        self.view = _table(self.model)
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        refresh = QPushButton(tr("Förhandsgranska"))
        refresh.clicked.connect(self.load)
        run = QPushButton(tr("Gallra markerade…"))
        run.clicked.connect(self.run)
        self.years = QSpinBox()
        self.years.setRange(1, 100)
        save_years = QPushButton(tr("Spara"))
        save_years.clicked.connect(self.save_years)
        self.summary = user_label("")
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Bevaras i år efter sista anteckningen:")))
        top.addWidget(self.years)
        top.addWidget(save_years)
        top.addStretch(1)
        top.addWidget(refresh)
        top.addWidget(run)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Personuppgifter gallras ett antal år efter sista anteckningen, senast vid utgången "
                          "av året därpå (SoL 16 kap. 1 §, eller kommunens dokumenthanteringsplan). "
                          "Gallringen raderar allt om personen; i loggen ersätts personen av en pseudonym."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        self._due: list = []

    def load(self) -> None:
        try:
            with self.db.reading() as s:
                self.years.setValue(int(settings_service.get_setting(s, "retention_years")))
                self._due = gallring.preview(s)
        except AmeError as exc:
            self.summary.setText(exc.message)
            return
        self.model.set_rows([(format_digits(d.personnummer), d.name, d.last_entry.isoformat(), d.delete_by.isoformat(),
                              d.reason) for d in self._due])
        self.model.fit_columns(self.view)
        self.summary.setText(tr("{n} ska gallras.").format(n=words.count(len(self._due), "person", "personer")))

    def save_years(self) -> None:
        try:
            with self.db.transaction() as s:
                settings_service.set_setting(s, "retention_years", str(self.years.value()))
        except AmeError as exc:
            show_error(self, exc)
        self.load()

    def run(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        chosen = [self._due[r].participant_id for r in rows]
        if not chosen:
            QMessageBox.information(self, tr("Gallring"), tr("Markera de personer som ska gallras."))
            return
        if QMessageBox.question(self, tr("Gallring"), tr("Radera allt om {n}? Det går inte att ångra.").format(
                n=words.count(len(chosen), "person", "personer"))) != QMessageBox.Yes:
            return
        try:
            with self.db.transaction() as s:
                record = gallring.run(s, chosen)
        except AmeError as exc:
            show_error(self, exc)
            return
        QMessageBox.information(self, tr("Gallring"), tr("{n} gallrades.").format(n=words.count(record.persons_deleted, "person", "personer")))
        self.load()


class BackupTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(tr("tomt = mappen ”säkerhetskopior” bredvid databasfilen"))
        browse = QPushButton(tr("Välj…"))
        browse.clicked.connect(self.browse)
        self.count = QSpinBox()
        self.count.setRange(1, 100)
        save = QPushButton(tr("Spara"))
        save.clicked.connect(self.save)
        now = QPushButton(tr("Säkerhetskopiera nu…"))
        now.clicked.connect(self.backup_now)
        restore = QPushButton(tr("Återställ från kopia…"))
        restore.clicked.connect(self.restore)
        self.error = ErrorLabel()
        self.info = QLabel("")
        self.info.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Mapp:")))
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel(tr("Antal dagliga kopior som sparas:")))
        row2.addWidget(self.count)
        row2.addWidget(save)
        row2.addStretch(1)
        row2.addWidget(now)
        row2.addWidget(restore)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("En kopia görs automatiskt en gång per dag när programmet startas. Kopian tas "
                          "medan databasen används (SQLites säkerhetskopiering) och är en vanlig databasfil."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addLayout(row2)
        layout.addWidget(self.error)
        layout.addWidget(self.info)
        layout.addStretch(1)

    def load(self) -> None:
        with self.db.reading() as s:
            values = settings_service.all_settings(s)
        self.folder.setText(values["backup_folder"])
        self.count.setValue(int(values["backup_count"]))
        self.info.setText(tr("Databas: {db}").format(db=self.db.describe()) if self.db.is_sqlite else
                          tr("PostgreSQL-databaser säkerhetskopieras på servern (pg_dump) – se IT-guiden."))

    def browse(self) -> None:
        path = file_dialogs.getExistingDirectory(self, tr("Mapp för säkerhetskopior"))
        if path:
            self.folder.setText(path)

    def save(self) -> None:
        try:
            with self.db.transaction() as s:
                settings_service.set_setting(s, "backup_folder", self.folder.text())
                settings_service.set_setting(s, "backup_count", str(self.count.value()))
        except AmeError as exc:
            self.error.show_message(exc.message)
            return
        self.error.show_message("")
        self.info.setText(tr("Sparat."))

    def backup_now(self) -> None:
        path = backup_now(self, self.db)
        if path:
            self.info.setText(tr("Säkerhetskopian sparades i {p}.").format(p=path))

    def restore(self) -> None:
        from ame_desktop.store.backup import restore_sqlite
        from ame_desktop.store.schema import ensure_schema

        path, _ = file_dialogs.getOpenFileName(self, tr("Välj säkerhetskopia"), "", tr("Databasfiler (*.db)"))
        if not path:
            return
        if QMessageBox.question(self, tr("Återställ"), tr("Ersätta hela registret med kopian? En kopia av nuvarande "
                                                          "register sparas först.")) != QMessageBox.Yes:
            return
        try:
            safety = restore_sqlite(self.db, path)
            ensure_schema(self.db)
        except AmeError as exc:
            show_error(self, exc)
            return
        QMessageBox.information(self, tr("Återställ"), tr("Registret återställdes. Det tidigare sparades som {p}. "
                                                          "Starta om programmet.").format(p=safety))


def backup_now(parent: QWidget, db: Database) -> str | None:
    """Ask for a file and write a consistent copy of the register (administrators only)."""
    from ame_desktop.services.authz import require_admin
    from ame_desktop.store.backup import backup_sqlite

    try:
        with db.reading() as s:
            require_admin(s, "säkerhetskopiera hela registret")
    except AmeError as exc:
        show_error(parent, exc)
        return None
    path, _ = file_dialogs.getSaveFileName(parent, tr("Spara säkerhetskopia"), f"ame-{date.today()}.db",
                                          tr("Databasfiler (*.db)"))
    if not path:
        return None
    try:
        backup_sqlite(db, path)
    except AmeError as exc:
        show_error(parent, exc)
        return None
    return path
