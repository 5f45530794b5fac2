"""Till handläggaren (issue 17): reports per caseworker and their delivery ("Lämna till
handläggaren"), the delivery record with receipts and corrections, the notices waiting
("Att underrätta handläggaren"), and the quarterly follow-up. Qt only: every action is a
service call (services/recipients, delivery, notices, quarter), which checks the role."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TR_NOOP, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain import words
from ame_desktop.domain.dates import add_months
from ame_desktop.store.database import Database
from ame_desktop.ui import file_dialogs
from ame_desktop.ui.common import (
    DateField,
    heading,
    message_box,
    record_table,
    set_message,
    show_error,
    tr,
    user_label,
)

CHANNELS = [("e-post", QT_TR_NOOP("E-post")), ("säker e-post", QT_TR_NOOP("Säker e-post")),
            ("utskrift", QT_TR_NOOP("Utskrift")), ("annat", QT_TR_NOOP("Annat"))]


def _previous_month(today: date | None = None) -> str:
    d = add_months((today or date.today()).replace(day=1), -1)
    return f"{d.year}-{d.month:02d}"


def _item(text: object, align_right: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem("" if text is None else str(text))
    if align_right:
        it.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
    return it


def _hours(h: float) -> str:
    return f"{h:.2f}".replace(".", ",")


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _channel_combo() -> QComboBox:
    c = QComboBox()
    for code, label in CHANNELS:
        c.addItem(tr(label), code)
    return c


# --- the delivery dialog ------------------------------------------------------------------------
class DeliveryDialog(QDialog):
    """Lämna till handläggaren: recipient, the people included, channel, date and the PDF file."""

    def __init__(self, parent: QWidget | None, recipient: str, month: str, names: list[str]):
        super().__init__(parent)
        self.setWindowTitle(tr("Lämna till handläggaren"))
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        lay.addWidget(heading(tr("Lämna närvarorapporten för {month}").format(month=month), 12))
        form = QFormLayout()
        form.addRow(tr("Mottagare:"), user_label(recipient))
        self.channel = _channel_combo()
        form.addRow(tr("&Kanal:"), self.channel)
        self.date = DateField()
        self.date.set_value(date.today())
        form.addRow(tr("&Datum:"), self.date)
        file_row = QHBoxLayout()
        self.file = QLineEdit()
        self.file.setPlaceholderText(tr("Var PDF-filen sparas (tomt = ingen fil nu)"))
        browse = QPushButton(tr("Välj…"))
        browse.clicked.connect(self._browse)
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        form.addRow(_buddy(tr("&PDF-fil:"), self.file), file_row)
        lay.addLayout(form)
        lay.addWidget(QLabel(tr("Rapporten omfattar {n} person(er):").format(n=len(names))))
        people = QListWidget()
        people.addItems(names)
        people.setMaximumHeight(150)
        lay.addWidget(people)
        note = QLabel(tr("Innehållet sparas exakt som det lämnas (med kontrollsumma), så att rapporten kan skrivas "
                         "ut igen likadan. Ändras uppgifterna för månaden senare markeras leveransen "
                         "”ändrat efter leverans” och en rättelse kan lämnas."))
        note.setWordWrap(True)
        lay.addWidget(note)
        self.message = QLabel("")
        lay.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(tr("Lämna till handläggaren"))
        buttons.button(QDialogButtonBox.Cancel).setText(tr("Avbryt"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._month = month
        self._recipient = recipient

    def _browse(self) -> None:
        name = f"Närvarorapport {self._month} {self._recipient}.pdf"
        path, _ = file_dialogs.getSaveFileName(self, tr("Spara rapporten"), name, tr("PDF (*.pdf)"))
        if path:
            self.file.setText(path)

    def values(self) -> tuple[str, str | None, Path | None]:
        f = self.file.text().strip()
        return self.channel.currentData(), self.date.value(), Path(f) if f else None


# --- tabs -------------------------------------------------------------------------------------
class DeliverTab(QWidget):
    """The month view by caseworker: choose a caseworker (or everyone), tick people, deliver."""

    delivered = Signal()

    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.month = QLineEdit(_previous_month())
        self.month.setMaximumWidth(90)
        top.addWidget(_buddy(tr("&Månad:"), self.month))
        top.addWidget(self.month)
        self.caseworker = QComboBox()
        top.addWidget(_buddy(tr("&Handläggare:"), self.caseworker))
        self.caseworker.setMinimumWidth(260)
        top.addWidget(self.caseworker)
        show = QPushButton(tr("Visa"))
        show.clicked.connect(self.refresh)
        top.addWidget(show)
        top.addStretch(1)
        lay.addLayout(top)
        self.table = record_table([tr("Lämna"), tr("Personnummer"), tr("Namn"), tr("Krav (h)"), tr("Täckt (h)"),
                                   tr("Status")])
        self.table.setSelectionMode(QTableWidget.ExtendedSelection)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.deliver_button = QPushButton(tr("Lämna till handläggaren…"))
        self.deliver_button.clicked.connect(self.deliver)
        self.batch_button = QPushButton(tr("En PDF per handläggare till en mapp…"))
        self.batch_button.clicked.connect(self.write_per_caseworker)
        self.certificate_button = QPushButton(tr("Närvarointyg för markerade…"))
        self.certificate_button.clicked.connect(self.write_certificates)
        self.schedule_button = QPushButton(tr("Veckoscheman för markerade…"))
        self.schedule_button.clicked.connect(self.write_schedules)
        row.addWidget(self.deliver_button)
        row.addWidget(self.batch_button)
        row.addWidget(self.certificate_button)
        row.addWidget(self.schedule_button)
        row.addStretch(1)
        self.eb_button = QPushButton(tr("Månadslista till nämnden…"))
        self.eb_button.setToolTip(tr("Deltagande i kommunala arbetsmarknadsinsatser under månaden (HSLF-FS 2015:30), "
                                     "som Excel eller CSV"))
        self.eb_button.clicked.connect(self.write_eb_list)
        row.addWidget(self.eb_button)
        lay.addLayout(row)
        self.message = QLabel("")
        lay.addWidget(self.message)
        self.caseworker.currentIndexChanged.connect(lambda _i: self.refresh())
        self.load_caseworkers()

    def load_caseworkers(self) -> None:
        from ame_desktop.services.recipients import caseworkers

        with self.db.reading() as s:
            rows = caseworkers(s)
        self.caseworker.blockSignals(True)
        self.caseworker.clear()
        self.caseworker.addItem(tr("Alla med aktivitetskrav"), None)
        for c in rows:
            self.caseworker.addItem(f"{c.name} ({c.unit or c.municipality_code})", c.id)
        self.caseworker.blockSignals(False)

    def _month(self) -> tuple[int, int]:
        from ame_desktop.services.activity_report import parse_month

        return parse_month(self.month.text())

    def refresh(self) -> None:
        from ame_desktop.services.activity_report import STATUS_LABELS
        from ame_desktop.services.recipients import month_clients

        try:
            year, month = self._month()
            with self.db.reading() as s:
                rows = month_clients(s, year, month, self.caseworker.currentData())
        except Exception as exc:  # noqa: BLE001 — shown to the user
            show_error(self, exc)
            return
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled)
            check.setCheckState(Qt.Checked)
            check.setData(Qt.UserRole, r.participant_id)
            self.table.setItem(i, 0, check)
            for col, value in enumerate((r.personnummer, r.name, _hours(r.required_hours), _hours(r.covered_hours),
                                         STATUS_LABELS.get(r.status, r.status)), start=1):
                self.table.setItem(i, col, _item(value, col in (3, 4)))
        self.table.resizeColumnsToContents()
        self.deliver_button.setEnabled(self.caseworker.currentData() is not None and bool(rows))
        set_message(self.message, tr("{n} med aktivitetskrav i {m}.").format(n=words.count(len(rows), "person", "personer"), m=self.month.text()))

    def chosen(self) -> list[int]:
        return [self.table.item(i, 0).data(Qt.UserRole) for i in range(self.table.rowCount())
                if self.table.item(i, 0).checkState() == Qt.Checked]

    def dialog(self) -> DeliveryDialog:
        names = [self.table.item(i, 2).text() for i in range(self.table.rowCount())
                 if self.table.item(i, 0).checkState() == Qt.Checked]
        return DeliveryDialog(self, self.caseworker.currentText(), self.month.text(), names)

    def deliver(self) -> None:
        from ame_desktop.domain.dates import parse_date
        from ame_desktop.services import delivery

        if self.caseworker.currentData() is None or not self.chosen():
            return
        dlg = self.dialog()
        if dlg.exec() != QDialog.Accepted:
            return
        channel, day, path = dlg.values()
        try:
            year, month = self._month()
            on = parse_date(day) if day else None
            with self.db.transaction() as s:
                d = delivery.deliver(s, year, month, path, caseworker=self.caseworker.currentData(), channel=channel,
                                     delivered_on=on, participant_ids=self.chosen())
                text = tr("Rapporten lämnades till {r} ({c}), leverans {id}.").format(r=d.recipient, c=d.channel,
                                                                                      id=d.id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        set_message(self.message, text, "ok")
        self.delivered.emit()

    def write_eb_list(self) -> None:
        from ame_desktop.services import exports

        try:
            year, month = self._month()
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        ok, result = file_dialogs.save_with(self, tr("Spara månadslistan"), f"Månadslista {self.month.text()}.xlsx",
                                            tr("Excel (*.xlsx);;CSV (*.csv)"),
                                            lambda path: exports.eb_list(self.db, year, month, path))
        if not ok:
            return
        set_message(self.message, tr("Månadslistan ({n}) sparades.").format(n=words.count(len(result.rows), "rad", "rader")), "ok")

    def write_certificates(self) -> None:
        """The participants' own copies (närvarointyg) for the ticked people, one PDF."""
        from ame_desktop.services import exports

        ids, left_out = self._without_protected(self.chosen())
        if not ids:
            return
        ok, n = file_dialogs.save_with(self, tr("Spara närvarointygen"), f"Närvarointyg {self.month.text()}.pdf",
                                       tr("PDF (*.pdf)"),
                                       lambda path: exports.certificates(self.db, *self._month(), path, ids))
        if not ok:
            return
        set_message(self.message, tr("Närvarointyg för {n} sparades.").format(n=words.count(n, "person", "personer"))
                    + self._left_out_text(left_out), "ok")

    def _without_protected(self, ids: list[int]) -> tuple[list[int], int]:
        """A print for many: people with protected identity are left out (issue 24); one by one
        from the participant view they are printed with the reason given when opened."""
        from ame_desktop.services import protected_identity

        if not ids:
            return ids, 0
        with self.db.reading() as s:
            kept, left_out = protected_identity.leave_out(s, ids)
        if not kept and left_out:
            set_message(self.message, tr("De valda har skyddade personuppgifter; skriv ut deras papper från "
                                         "deltagarvyn."), "info")
        return kept, left_out

    @staticmethod
    def _left_out_text(left_out: int) -> str:
        if not left_out:
            return ""
        return " " + tr("{n} med skyddade personuppgifter togs inte med.").format(
            n=words.count(left_out, "person", "personer"))

    def write_schedules(self) -> None:
        """Printable personal week schedules for the ticked people, one PDF."""
        from ame_desktop.services import exports

        ids, left_out = self._without_protected(self.chosen())
        if not ids:
            return
        ok, n = file_dialogs.save_with(self, tr("Spara veckoschemana"), "Veckoscheman.pdf", tr("PDF (*.pdf)"),
                                       lambda path: exports.week_schedules(self.db, ids, path))
        if not ok:
            return
        set_message(self.message, tr("Veckoscheman för {n} sparades.").format(n=words.count(n, "person", "personer"))
                    + self._left_out_text(left_out), "ok")

    def write_per_caseworker(self) -> None:
        from ame_desktop.services import exports
        from ame_desktop.ui.workers import run_in_background

        try:
            year, month = self._month()
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        folder = file_dialogs.getExistingDirectory(self, tr("Välj mapp för rapporterna"))
        if not folder:
            return

        def work(progress, cancelled):
            from ame_desktop.services.recipients import default_workers

            return exports.activity_reports_per_caseworker(self.db, year, month, Path(folder), "pdf", workers=default_workers(),
                                        progress=lambda d, t: progress(tr("Skriver rapport {d} av {t}…")
                                                                       .format(d=d, t=t), d / max(t, 1)),
                                        cancelled=cancelled)

        def done(result) -> None:
            word = tr("avbröts efter") if result.cancelled else tr("klart:")
            text = tr("Rapporterna {w} {n} filer i {f}.").format(w=word, n=len(result.files), f=folder)
            if result.without_caseworker:
                text += " " + tr("{n} personer utan handläggare på kravperioden finns inte i någon fil.").format(
                    n=result.without_caseworker)
            set_message(self.message, text, "ok")

        self.job = run_in_background(self, tr("Skriver en rapport per handläggare…"), work, done)


class DeliveriesTab(QWidget):
    """The delivery record: what went to whom, when and how; receipts; changes after delivery."""

    HEADERS = [QT_TR_NOOP("Nr"), QT_TR_NOOP("Lämnad"), QT_TR_NOOP("Månad"), QT_TR_NOOP("Slag"),
               QT_TR_NOOP("Mottagare"), QT_TR_NOOP("Kanal"), QT_TR_NOOP("Personer"), QT_TR_NOOP("Läge"),
               QT_TR_NOOP("Kvitterad")]

    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        lay = QVBoxLayout(self)
        self.table = record_table([tr(h) for h in self.HEADERS])
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        for text, slot in ((tr("Skriv ut igen…"), self.reprint), (tr("Registrera kvittens…"), self.receipt),
                           (tr("Rättelse…"), self.correction), (tr("Uppdatera"), self.refresh)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.message = QLabel("")
        lay.addWidget(self.message)

    def refresh(self) -> None:
        from ame_desktop.services import delivery

        try:
            with self.db.reading() as s:
                rows = delivery.list_deliveries(s, with_status=True)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, d in enumerate(rows):
            received = (f"{d.received_at:%Y-%m-%d} ({d.receipt_method})" if d.received_at else "")
            values = (d.id, d.delivered_on.isoformat(), d.month, d.kind, d.recipient, d.channel, d.persons, d.state,
                      received)
            for col, v in enumerate(values):
                it = _item(v, col in (0, 6))
                if col == 7 and d.changed:
                    it.setForeground(Qt.darkRed)
                self.table.setItem(i, col, it)
        self.table.resizeColumnsToContents()
        changed = sum(1 for d in rows if d.changed)
        set_message(self.message, tr("{n}; {c} ändrade efter leverans.").format(n=words.count(len(rows), "leverans", "leveranser"), c=changed),
                    "error" if changed else "info")

    def _current(self):
        i = self.table.currentRow()
        return self.rows[i] if 0 <= i < len(getattr(self, "rows", [])) else None

    def _in_transaction(self, fn, *args):
        with self.db.transaction() as s:
            return fn(s, *args)

    def reprint(self) -> None:
        from ame_desktop.services import delivery

        d = self._current()
        if d is None:
            return
        ok, _ = file_dialogs.save_with(self, tr("Skriv ut leveransen igen"), f"Leverans {d.id}.pdf", tr("PDF (*.pdf)"),
                                       lambda path: self._in_transaction(delivery.reprint, d.id, path))
        if not ok:
            return
        set_message(self.message, tr("Leverans {id} skrevs ut igen, likadan som då.").format(id=d.id), "ok")

    def receipt(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from ame_desktop.services import delivery

        d = self._current()
        if d is None:
            return
        note, ok = QInputDialog.getText(self, tr("Registrera kvittens"),
                                        tr("Handläggaren har tagit emot leverans {id}. Anteckning (valfri):")
                                        .format(id=d.id))
        if not ok:
            return
        try:
            with self.db.transaction() as s:
                delivery.record_receipt(s, d.id, note=note)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.refresh()

    def correction(self) -> None:
        from ame_desktop.services import delivery

        d = self._current()
        if d is None:
            return
        if not d.changed:
            message_box(self, QMessageBox.Information, tr("Rättelse"),
                        tr("Inget har ändrats i {m} sedan leverans {id}.").format(m=d.month, id=d.id))
            return
        path, _ = file_dialogs.getSaveFileName(self, tr("Spara rättelsen"), f"Rättelse {d.month}.pdf",
                                               tr("PDF (*.pdf)"))
        if not path:
            return
        try:
            with self.db.transaction() as s:
                delivery.deliver_correction(s, d.id, Path(path), channel=d.channel)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.refresh()


class NoticesTab(QWidget):
    """Att underrätta handläggaren: absences waiting to be told, one notice per person."""

    HEADERS = [QT_TR_NOOP("Personnummer"), QT_TR_NOOP("Namn"), QT_TR_NOOP("Handläggare"), QT_TR_NOOP("Slag"),
               QT_TR_NOOP("Från"), QT_TR_NOOP("Till"), QT_TR_NOOP("Dagar"), QT_TR_NOOP("Timmar")]
    counted = Signal(int)

    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        lay = QVBoxLayout(self)
        intro = QLabel(tr("Ny frånvaro utan anmält skäl, flera frånvarodagar i följd och sjukdom utan läkarintyg "
                          "sedan förra underrättelsen. Om frånvaron hade godtagbart skäl bedömer socialnämnden."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.table = record_table([tr(h) for h in self.HEADERS])
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.channel = _channel_combo()
        row.addWidget(_buddy(tr("&Kanal:"), self.channel))
        row.addWidget(self.channel)
        for text, slot in ((tr("Spara som PDF…"), self.save_pdf), (tr("Kopiera e-posttext"), self.copy_text),
                           (tr("Markera som skickade"), self.mark_sent), (tr("Uppdatera"), self.refresh)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.message = QLabel("")
        lay.addWidget(self.message)
        self.pending = []

    def refresh(self) -> None:
        from ame_desktop.services import notices

        try:
            with self.db.reading() as s:
                self.pending = notices.pending_notices(s)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        rows = [(n, i) for n in self.pending for i in n.items]
        self.table.setRowCount(len(rows))
        for r, (n, i) in enumerate(rows):
            values = (n.personnummer, n.name, n.caseworker or "–", notices.KIND_LABELS[i.kind], i.day_from.isoformat(),
                      i.day_to.isoformat(), i.days, _hours(i.hours))
            for col, v in enumerate(values):
                self.table.setItem(r, col, _item(v, col in (6, 7)))
        self.table.resizeColumnsToContents()
        set_message(self.message, tr("{n} på underrättelse.").format(n=words.count(len(self.pending), "person väntar", "personer väntar")),
                    "error" if self.pending else "info")
        self.counted.emit(len(self.pending))

    def save_pdf(self) -> None:
        from ame_desktop.services import exports

        if not self.pending:
            return
        file_dialogs.save_with(self, tr("Spara underrättelserna"), "Underrättelser.pdf", tr("PDF (*.pdf)"),
                               lambda path: exports.notices(self.db, self.pending, path))

    def copy_text(self) -> None:
        from ame_desktop.services import notices
        from ame_desktop.services.settings import get_setting

        with self.db.reading() as s:
            unit, threshold = get_setting(s, "unit_name"), notices.rules(s).sick_days
        QGuiApplication.clipboard().setText("\n\n".join(notices.notice_text(n, unit, threshold) for n in self.pending))
        set_message(self.message, tr("E-posttexten kopierades."), "ok")

    def mark_sent(self) -> None:
        from ame_desktop.services import notices

        if not self.pending:
            return
        try:
            with self.db.transaction() as s:
                n = notices.mark_sent(s, self.pending, channel=self.channel.currentData())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.refresh()
        set_message(self.message, tr("{n} som skickade.").format(n=words.count(n, "underrättelse markerades", "underrättelser markerades")), "ok")


class QuarterTab(QWidget):
    """Kvartalsuppföljning för nämnden och IVO: the figures, saved as PDF or xlsx."""

    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        today = date.today()
        self.year = QSpinBox()
        top.addWidget(_buddy(tr("&År:"), self.year))
        self.year.setRange(2020, 2100)
        self.year.setValue(today.year)
        top.addWidget(self.year)
        self.quarter = QSpinBox()
        top.addWidget(_buddy(tr("&Kvartal:"), self.quarter))
        self.quarter.setRange(1, 4)
        self.quarter.setValue((today.month - 1) // 3 + 1)
        top.addWidget(self.quarter)
        for text, slot in ((tr("Visa"), self.refresh), (tr("Spara PDF…"), lambda: self.save(".pdf")),
                           (tr("Spara xlsx…"), lambda: self.save(".xlsx"))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            top.addWidget(b)
        top.addStretch(1)
        lay.addLayout(top)
        self.table = QTableWidget(0, 6)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        lay.addWidget(self.table, 1)
        self.how = QLabel("")
        self.how.setWordWrap(True)
        lay.addWidget(self.how)

    def refresh(self) -> None:
        from ame_desktop.io.quarter import _col_label
        from ame_desktop.services import quarter

        try:
            with self.db.reading() as s:
                q = quarter.quarter_report(s, self.year.value(), self.quarter.value())
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.table.setColumnCount(2 + len(q.columns))
        self.table.setHorizontalHeaderLabels([tr("Kommun"), tr("Uppgift")] + [_col_label(c) for c in q.columns])
        lines = []
        for code, name in q.municipalities:
            per = [quarter.rows(q.cells[(code, c)]) for c in q.columns]
            for i, (label, _) in enumerate(per[0]):
                lines.append([name, label] + ["–" if r[i][1] is None else str(r[i][1]).replace(".", ",") for r in per])
        self.table.setRowCount(len(lines))
        for r, line in enumerate(lines):
            for c, v in enumerate(line):
                self.table.setItem(r, c, _item(v, c >= 2))
        self.table.resizeColumnsToContents()
        self.how.setText(tr("Så räknas det: ") + " ".join(f"{a}: {b}" for a, b in quarter.HOW_IT_IS_COUNTED[:3]) + " …")

    def save(self, suffix: str) -> None:
        from ame_desktop.services import exports

        name = f"Kvartalsuppföljning {self.year.value()} K{self.quarter.value()}{suffix}"
        file_dialogs.save_with(self, tr("Spara kvartalsuppföljningen"), name,
                               tr("PDF (*.pdf)") if suffix == ".pdf" else tr("Excel (*.xlsx)"),
                               lambda path: exports.quarter(self.db, self.year.value(), self.quarter.value(), path))


class CaseworkerPage(QWidget):
    """The page "Till handläggaren"."""

    notices_counted = Signal(int)

    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        lay = QVBoxLayout(self)
        lay.addWidget(heading(tr("Till handläggaren för ekonomiskt bistånd")))
        self.tabs = QTabWidget()
        self.deliver_tab = DeliverTab(db)
        self.deliveries_tab = DeliveriesTab(db)
        self.notices_tab = NoticesTab(db)
        self.quarter_tab = QuarterTab(db)
        self.tabs.addTab(self.deliver_tab, tr("Lämna rapport"))
        self.tabs.addTab(self.deliveries_tab, tr("Leveranser"))
        self.tabs.addTab(self.notices_tab, tr("Att underrätta"))
        self.tabs.addTab(self.quarter_tab, tr("Kvartalsuppföljning"))
        lay.addWidget(self.tabs, 1)
        self.deliver_tab.delivered.connect(self.deliveries_tab.refresh)
        self.notices_tab.counted.connect(self.notices_counted)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.deliver_tab.refresh()
        self.notices_tab.refresh()
        self.overlay: QWidget | None = None

    def can_leave(self) -> bool:
        return True  # nothing here is edited in place

    def refresh(self) -> None:
        self._tab_changed(self.tabs.currentIndex())

    def _tab_changed(self, i: int) -> None:
        tab = self.tabs.widget(i)
        if tab is self.deliveries_tab:
            self.deliveries_tab.refresh()
        elif tab is self.notices_tab:
            self.notices_tab.refresh()

    def prepare_screenshot(self, view: str = "caseworker") -> None:
        tab = {"notices": self.notices_tab, "quarter": self.quarter_tab, "deliveries": self.deliveries_tab}.get(view,
                                                                                                                  self.deliver_tab)
        self.tabs.setCurrentWidget(tab)
        if tab is self.quarter_tab:
            self.quarter_tab.refresh()
        if view == "delivery":
            for i in range(self.deliver_tab.caseworker.count()):
                if self.deliver_tab.caseworker.itemData(i) is not None:
                    self.deliver_tab.caseworker.setCurrentIndex(i)
                    break
            self.overlay = self.deliver_tab.dialog()
            self.overlay.file.setText(str(Path.home() / "Närvarorapport.pdf"))


# --- the caseworker account's own window ------------------------------------------------------------
class InboxPage(QWidget):
    """Mina rapporter: what a caseworker account sees — the reports delivered to her, to open and
    acknowledge (kvittera). Nothing else of the register."""

    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        lay = QVBoxLayout(self)
        lay.addWidget(heading(tr("Rapporter som lämnats till dig")))
        self.table = record_table([tr("Nr"), tr("Lämnad"), tr("Månad"), tr("Slag"), tr("Kanal"), tr("Personer"),
                                   tr("Kvitterad")])
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        for text, slot in ((tr("Öppna…"), self.open), (tr("Kvittera"), self.acknowledge)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.message = QLabel("")
        lay.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        from ame_desktop.services import delivery

        with self.db.reading() as s:
            self.rows = delivery.inbox(s)
        self.table.setRowCount(len(self.rows))
        for i, d in enumerate(self.rows):
            values = (d.id, d.delivered_on.isoformat(), d.month, d.kind, d.channel, d.persons,
                      f"{d.received_at:%Y-%m-%d %H:%M}" if d.received_at else tr("ej kvitterad"))
            for col, v in enumerate(values):
                self.table.setItem(i, col, _item(v, col in (0, 5)))
        self.table.resizeColumnsToContents()

    def _current(self):
        i = self.table.currentRow()
        return self.rows[i] if 0 <= i < len(self.rows) else None

    def open(self) -> None:
        from ame_desktop.services import delivery

        d = self._current()
        if d is None:
            return
        def write(path: Path) -> Path:
            with self.db.transaction() as s:
                delivery.open_delivery(s, d.id, path)
            return path

        ok, path = file_dialogs.save_with(self, tr("Spara rapporten"), f"Rapport {d.month} nr {d.id}.pdf",
                                          tr("PDF (*.pdf)"), write)
        if not ok:
            return
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def acknowledge(self) -> None:
        from ame_desktop.services import delivery

        d = self._current()
        if d is None:
            return
        try:
            with self.db.transaction() as s:
                delivery.acknowledge(s, d.id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.refresh()
        set_message(self.message, tr("Leverans {id} är kvitterad.").format(id=d.id), "ok")


class CaseworkerWindow(QMainWindow):
    """The window of a caseworker account: her delivered reports, nothing else."""

    def __init__(self, db: Database):
        super().__init__()
        self.db = db
        self.setWindowTitle(tr("AME Desktop – rapporter till handläggaren"))
        self.inbox = InboxPage(db)
        self.setCentralWidget(self.inbox)
        self.statusBar().addPermanentWidget(user_label(tr("{name} (handläggare ekonomiskt bistånd)")
                                                       .format(name=db.actor.name)))
        self.resize(900, 560)


# --- the participant's own copy, from the participant view ------------------------------------------
def participant_copy_buttons(tab) -> list[QPushButton]:
    """"Närvarointyg…" and "Veckoschema…" for the person shown in `tab` (it has `db` and
    `participant_id`): the participant's own copies, printed from the participant view."""

    def certificate() -> None:
        from PySide6.QtWidgets import QInputDialog

        from ame_desktop.services.activity_report import parse_month
        from ame_desktop.services import exports

        if tab.participant_id is None:
            return
        month, ok = QInputDialog.getText(tab, tr("Närvarointyg"), tr("Månad (ÅÅÅÅ-MM):"), text=_previous_month())
        if not ok:
            return
        path, _ = file_dialogs.getSaveFileName(tab, tr("Spara närvarointyget"), f"Närvarointyg {month}.pdf",
                                               tr("PDF (*.pdf)"))
        if not path:
            return
        try:
            exports.certificates(tab.db, *parse_month(month), Path(path), [tab.participant_id])
        except Exception as exc:  # noqa: BLE001
            show_error(tab, exc)

    def schedule() -> None:
        from ame_desktop.services import exports

        if tab.participant_id is None:
            return
        path, _ = file_dialogs.getSaveFileName(tab, tr("Spara veckoschemat"), "Veckoschema.pdf", tr("PDF (*.pdf)"))
        if not path:
            return
        try:
            exports.week_schedules(tab.db, [tab.participant_id], Path(path))
        except Exception as exc:  # noqa: BLE001
            show_error(tab, exc)

    out = []
    for text, slot in ((tr("Närvarointyg…"), certificate), (tr("Veckoschema…"), schedule)):
        b = QPushButton(text)
        b.clicked.connect(slot)
        out.append(b)
    return out
