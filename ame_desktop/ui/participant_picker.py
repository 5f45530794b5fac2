"""A participant picker: type a name or personnummer and pick from the matches (the AF contact
dialog, the groups' and workplaces' pages)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ame_desktop.domain.errors import UserError, ValidationError
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import participant_list as pl
from ame_desktop.store.database import Database
from ame_desktop.ui.common import tr


# -- the participant picker ------------------------------------------------------------------------
class ParticipantPicker(QWidget):
    """Pick a participant by typing part of a name or personnummer: arrow down into the hits,
    Enter picks. Empty = no participant (a strategic contact)."""

    changed = Signal()
    MAX_HITS = 30

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.participant_id: int | None = None
        self.label = ""
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(tr("Sök namn eller personnummer – tomt = strategisk kontakt"))
        self.edit.setClearButtonEnabled(True)
        self.hits = QListWidget()
        self.hits.setMaximumHeight(self.fontMetrics().height() * 7)
        self.hits.hide()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.hits)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._edited)
        self.edit.installEventFilter(self)
        self.hits.itemActivated.connect(self._pick)
        self.hits.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.KeyPress:
            key = event.key()
            if obj is self.edit and key == Qt.Key_Down and self.hits.isVisible() and self.hits.count():
                self.hits.setFocus()
                self.hits.setCurrentRow(0)
                return True
            if obj is self.edit and key in (Qt.Key_Return, Qt.Key_Enter):
                if self.timer.isActive():  # typed faster than the search delay: search now
                    self.timer.stop()
                    self.search()
                if self.hits.isVisible() and self.hits.count() >= 1:  # Enter takes the first hit
                    self._pick(self.hits.item(0))
                    return True
                if self.edit.text().strip() and self.participant_id is None:
                    return True  # nobody picked yet: Enter must not save the dialog
            if obj is self.hits and key in (Qt.Key_Return, Qt.Key_Enter):
                item = self.hits.currentItem() or self.hits.item(0)
                if item is not None:
                    self._pick(item)
                return True  # picking a person never saves the dialog
            if obj is self.hits and key == Qt.Key_Escape:
                self.hits.hide()
                self.edit.setFocus()
                return True
            if obj is self.hits and key == Qt.Key_Up and self.hits.currentRow() == 0:
                self.edit.setFocus()
                return True
        return super().eventFilter(obj, event)

    def _edited(self, text: str) -> None:
        if self.participant_id is not None:
            self.participant_id = None
            self.label = ""
            self.changed.emit()
        if not text.strip():
            self.hits.hide()
            return
        self.timer.start()

    def search(self) -> None:
        text = self.edit.text().strip()
        if len(text) < 2:
            self.hits.hide()
            return
        problem = None
        try:
            with self.db.reading() as s:
                ids = pl.matching_ids(s, pl.ListFilter(text=text))[: self.MAX_HITS]
                rows = pl.list_rows(s, ids)
        except UserError as exc:  # e.g. a search of a thousand words
            ids, rows, problem = [], {}, exc.message
        self.hits.clear()
        if problem:
            item = QListWidgetItem(problem)
            item.setFlags(Qt.NoItemFlags)
            self.hits.addItem(item)
            self.hits.setVisible(True)
            return
        for pid in ids:
            r = rows[pid]
            item = QListWidgetItem(f"{r.name} ({format_digits(r.personnummer)})")
            item.setData(Qt.UserRole, pid)
            self.hits.addItem(item)
        if not ids:
            item = QListWidgetItem(tr("Ingen deltagare matchar."))
            item.setFlags(Qt.NoItemFlags)
            self.hits.addItem(item)
        self.hits.setVisible(True)

    def _pick(self, item: QListWidgetItem) -> None:
        pid = item.data(Qt.UserRole)
        if pid is None:
            return
        self.set_participant(pid)
        self.hits.hide()
        self.changed.emit()
        self.edit.setFocus()
        self.focusNextChild()

    def set_participant(self, participant_id: int | None) -> None:
        self.participant_id = participant_id
        if participant_id is None:
            self.label = ""
        else:
            from ame_desktop.services.participants import get_participant

            with self.db.reading() as s:
                p = get_participant(s, participant_id)
            self.label = f"{p.last_name}, {p.first_name} ({format_digits(p.personnummer)})"
        self.edit.setText(self.label)
        self.hits.hide()

    def value(self) -> int | None:
        """The picked person; raises a field error when a search was typed but nobody picked."""
        if self.participant_id is None and self.edit.text().strip():
            raise ValidationError.single("participant_id", tr(
                "Välj deltagaren i listan under fältet (pil ned, Enter) – "
                "eller töm fältet för en strategisk kontakt."))
        return self.participant_id
