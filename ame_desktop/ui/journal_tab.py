"""The participant view's Journal tab: dated entries about what happened, by their author.

Editable by the author for 24 hours, then locked; a correction is a new entry. The list is
searchable; the selected entry's whole text shows below it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain import codes, words
from ame_desktop.services import journal
from ame_desktop.store.database import Database
from ame_desktop.ui.common import DateField, plain, tr
from ame_desktop.ui.list_model import ListTableModel
from ame_desktop.ui.record_dialog import RecordDialog


def _state(e: journal.EntryView) -> str:
    parts = []
    if e.corrects_id is not None:
        parts.append(tr("Rättelse"))
    if e.corrected_by:
        parts.append(tr("Rättad senare"))
    parts.append(tr("Kan ändras") if e.editable else tr("Låst"))
    return ", ".join(parts)


class JournalDialog(RecordDialog):
    """A new entry, a change of one's own entry (first 24 hours), or a correction of a locked one."""

    def __init__(self, parent: QWidget | None, db: Database, participant_id: int,
                 entry: journal.EntryView | None = None, correcting: bool = False):
        self.db = db
        self.participant_id = participant_id
        self.entry = entry
        self.correcting = correcting
        if entry is None:
            title = tr("Ny journalanteckning")
        elif correcting:
            title = tr("Rättelse av anteckningen {d}").format(d=entry.entry_date.isoformat())
        else:
            title = tr("Ändra journalanteckning")
        super().__init__(parent, title, self._save)
        self.date = DateField()
        self.category = QComboBox()
        for code, label in codes.JOURNAL_CATEGORY_LABELS.items():
            self.category.addItem(tr(label), code)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)  # Tab leaves the text; it does not type a tab
        self.text.setMinimumHeight(self.fontMetrics().height() * 8)
        self.add_field("entry_date", tr("&Datum"), self.date)
        self.add_field("category", tr("&Kategori"), self.category)
        note = None
        if correcting and entry is not None:
            note = plain(QLabel(tr("Den ursprungliga anteckningen står kvar oförändrad; rättelsen visas som en ny "
                                   "anteckning som hänvisar till den.")))
            note.setWordWrap(True)
            note.setStyleSheet("color: #555;")
        self.add_field("text", tr("&Vad hände"), self.text, note)
        self.setMinimumWidth(560)
        if entry is not None:
            self.date.setText(entry.entry_date.isoformat())
            self.category.setCurrentIndex(max(0, self.category.findData(entry.category)))
            self.text.setPlainText("" if correcting else entry.text)
        else:
            self.date.setText(date.today().isoformat())

    def _save(self):
        with self.db.transaction() as s:
            if self.entry is None:
                return journal.add_entry(s, self.participant_id, self.date.value(), self.category.currentData(),
                                         self.text.toPlainText())
            if self.correcting:
                return journal.correct_entry(s, self.entry.id, self.text.toPlainText(),
                                             category=self.category.currentData(), entry_date=self.date.value())
            return journal.update_entry(s, self.entry.id, self.date.value(), self.category.currentData(),
                                        self.text.toPlainText())


class JournalTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.participant_id: int | None = None
        self.entries: list[journal.EntryView] = []
        self.dialog: JournalDialog | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Sök i journalen"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(tr("Sök i journalen"))
        self.search.textChanged.connect(lambda _t: self.reload())
        self.model = ListTableModel([tr("Datum"), tr("Kategori"), tr("Anteckning"), tr("Skriven av"), tr("Status")])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.setAccessibleName(tr("Journalanteckningar"))
        self.table.doubleClicked.connect(lambda _i: self.edit_entry())
        self.full_text = QPlainTextEdit()
        self.full_text.setReadOnly(True)
        self.full_text.setAccessibleName(tr("Den valda anteckningens text"))
        self.full_text.setMaximumHeight(self.fontMetrics().height() * 9)
        self.summary = plain(QLabel(""))
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #555;")
        self.new_button = QPushButton(tr("&Ny anteckning…"))
        self.new_button.clicked.connect(self.new_entry)
        self.edit_button = QPushButton(tr("Ä&ndra…"))
        self.edit_button.clicked.connect(self.edit_entry)
        self.correct_button = QPushButton(tr("&Rättelse…"))
        self.correct_button.setToolTip(tr("En låst anteckning rättas med en ny anteckning som hänvisar till den."))
        self.correct_button.clicked.connect(self.correct_entry)
        row = QGridLayout()
        row.addWidget(self.new_button, 0, 0)
        row.addWidget(self.edit_button, 0, 1)
        row.addWidget(self.correct_button, 0, 2)
        row.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.search)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.full_text)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selected_changed())
        for key in (Qt.Key_Return, Qt.Key_Enter):
            sc = QShortcut(QKeySequence(key), self.table)
            sc.setContext(Qt.WidgetShortcut)
            sc.activated.connect(self.edit_entry)
        self._update_buttons()

    def load(self, participant_id: int | None) -> None:
        if participant_id != self.participant_id:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
        self.participant_id = participant_id
        self.reload()

    def reload(self) -> None:
        if self.participant_id is None:
            self.entries = []
        else:
            with self.db.reading() as s:
                self.entries = journal.list_entries(s, self.participant_id, self.search.text())
        self.model.set_rows([(e.entry_date.isoformat(), e.category_label, e.text.split("\n", 1)[0], e.author,
                              _state(e)) for e in self.entries])
        n = len(self.entries)
        if self.participant_id is None:
            self.summary.setText("")
        elif self.search.text().strip():
            self.summary.setText(tr("{n} som matchar sökningen.").format(
                n=words.count(n, "anteckning", "anteckningar")))
        else:
            self.summary.setText(words.count(n, "anteckning", "anteckningar") + "." if n
                                 else tr("Inga anteckningar ännu. Skriv vad som hände med Ny anteckning."))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        if n:
            self.table.selectRow(0)
        self._selected_changed()

    def selected(self) -> journal.EntryView | None:
        index = self.table.currentIndex()
        return self.entries[index.row()] if index.isValid() and index.row() < len(self.entries) else None

    def _selected_changed(self) -> None:
        e = self.selected()
        if e is None:
            self.full_text.setPlainText("")
        else:
            head = tr("{d} · {c} · skriven av {a} {w}").format(d=e.entry_date.isoformat(), c=e.category_label,
                                                             a=e.author, w=e.written_at.strftime("%Y-%m-%d %H:%M"))
            if e.corrects_id is not None:
                target = next((x for x in self.entries if x.id == e.corrects_id), None)
                head += "\n" + (tr("Rättar anteckningen {d}.").format(d=target.entry_date.isoformat())
                                if target is not None else tr("Rättar en tidigare anteckning."))
            if e.corrected_by:
                head += "\n" + tr("Rättad senare: se den nyare anteckningen.")
            self.full_text.setPlainText(head + "\n\n" + e.text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        e = self.selected()
        write = self.db.actor.can_write and self.participant_id is not None
        self.new_button.setEnabled(write)
        self.edit_button.setEnabled(write and e is not None and e.editable)
        self.correct_button.setEnabled(write and e is not None and not e.editable)

    def _open(self, entry: journal.EntryView | None, correcting: bool = False) -> JournalDialog:
        self.dialog = JournalDialog(self, self.db, self.participant_id, entry, correcting)  # type: ignore[arg-type]
        self.dialog.accepted.connect(self.reload)
        self.dialog.open()
        return self.dialog

    def new_entry(self) -> JournalDialog | None:
        if self.participant_id is None or not self.db.actor.can_write:
            return None
        return self._open(None)

    def edit_entry(self) -> JournalDialog | None:
        e = self.selected()
        if e is None or not self.db.actor.can_write:
            return None
        return self._open(e, correcting=not e.editable)

    def correct_entry(self) -> JournalDialog | None:
        e = self.selected()
        if e is None or not self.db.actor.can_write:
            return None
        return self._open(e, correcting=True)
