"""The participant view's Samtycken tab (issue 24): the state of each purpose today and the
history of entries. Keyboard first: the purpose list has the focus; Enter registers a consent
for the chosen purpose (or withdraws it when it is in force); Alt+L / Alt+T do the same."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain import consent as codes
from ame_desktop.domain import words
from ame_desktop.services import consent
from ame_desktop.store.database import Database
from ame_desktop.ui.common import DateField, plain, tr
from ame_desktop.ui.list_model import ListTableModel
from ame_desktop.ui.record_dialog import RecordDialog

GREEN, RED, GREY = "#1b5e20", "#b00020", "#555555"
FOREGROUND = int(Qt.ForegroundRole.value)


class _ColouredModel(ListTableModel):
    """ListTableModel with a text colour per cell (the state of a consent stands out)."""

    def __init__(self, headers: list[str]):
        super().__init__(headers)
        self.colours: dict[tuple[int, int], QBrush] = {}

    def set_rows(self, rows: list[tuple]) -> None:
        self.colours = {}
        super().set_rows(rows)

    def set_foreground(self, row: int, col: int, brush: QBrush) -> None:
        self.colours[(row, col)] = brush

    def data(self, index, role=Qt.DisplayRole):
        r = role if type(role) is int else int(role.value)
        if r == FOREGROUND:
            return self.colours.get((index.row(), index.column()))
        return super().data(index, role)


class ConsentDialog(RecordDialog):
    """Register that the person gave (or withdrew) a consent: purpose, date, how, a note."""

    def __init__(self, parent: QWidget | None, db: Database, participant_id: int, action: str,
                 purpose: str | None = None):
        self.db = db
        self.participant_id = participant_id
        self.action = action
        title = tr("Registrera lämnat samtycke") if action == codes.GIVEN else tr("Återkalla samtycke")
        super().__init__(parent, title, self._save)
        self.purpose = QComboBox()
        for code, label in codes.PURPOSES.items():
            self.purpose.addItem(tr(label), code)
        if purpose is not None:
            self.purpose.setCurrentIndex(max(0, self.purpose.findData(purpose)))
        self.date = DateField()
        self.date.setText(date.today().isoformat())
        self.method = QComboBox()
        for code, label in codes.METHODS.items():
            self.method.addItem(tr(label), code)
        self.note = QLineEdit()
        self.note.setMaxLength(500)
        self.note.setPlaceholderText(tr("T.ex. var den underskrivna blanketten finns"))
        hint = plain(QLabel(tr("Historiken sparas: ett återkallat samtycke står kvar med det nya beslutet under.")
                            if action == codes.WITHDRAWN else
                            tr("Registrera samtycket den dag deltagaren lämnade det.")))
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {GREY};")
        self.add_field("purpose", tr("&Ändamål"), self.purpose)
        self.add_field("consent_date", tr("&Datum"), self.date)
        self.add_field("method", tr("&Hur"), self.method)
        self.add_field("note", tr("A&nteckning"), self.note, hint)
        self.setMinimumWidth(520)

    def _save(self):
        fn = consent.give if self.action == codes.GIVEN else consent.withdraw
        with self.db.transaction() as s:
            return fn(s, self.participant_id, self.purpose.currentData(), self.date.value(),
                      self.method.currentData(), self.note.text())


class ConsentTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.participant_id: int | None = None
        self.states: list[consent.PurposeState] = []
        self.entries: list[consent.ConsentEntry] = []
        self.dialog: ConsentDialog | None = None
        self.status_model = _ColouredModel([tr("Ändamål"), tr("I dag"), tr("Senaste händelse")])
        self.status = self._table(self.status_model, tr("Samtycken per ändamål i dag"))
        self.status.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.status.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.status.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.history_model = _ColouredModel([tr("Datum"), tr("Ändamål"), tr("Händelse"), tr("Hur"),
                                             tr("Registrerat av"), tr("Anteckning")])
        self.history = self._table(self.history_model, tr("Samtyckenas historik"))
        self.history.horizontalHeader().setSectionResizeMode(5, QHeaderView.Stretch)
        self.give_button = QPushButton(tr("&Registrera samtycke…"))
        self.give_button.setToolTip(tr("Registrera att deltagaren har lämnat samtycke för det valda ändamålet."))
        self.give_button.clicked.connect(self.give)
        self.withdraw_button = QPushButton(tr("Åter&kalla samtycke…"))
        self.withdraw_button.setToolTip(tr("Registrera att deltagaren har återkallat samtycket för det valda "
                                           "ändamålet. Historiken står kvar."))
        self.withdraw_button.clicked.connect(self.withdraw)
        self.summary = plain(QLabel(""))
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(f"color: {GREY};")
        row = QGridLayout()
        row.addWidget(self.give_button, 0, 0)
        row.addWidget(self.withdraw_button, 0, 1)
        row.setColumnStretch(2, 1)
        history_label = QLabel(tr("&Historik (senaste först)"))
        history_label.setBuddy(self.history)
        status_label = QLabel(tr("Läget &i dag"))
        status_label.setBuddy(self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(status_label)
        layout.addWidget(self.status)
        layout.addWidget(self.summary)
        layout.addWidget(history_label)
        layout.addWidget(self.history, 1)
        rows = len(codes.PURPOSES)
        self.status.setFixedHeight(self.status.horizontalHeader().sizeHint().height()
                                   + rows * self.status.verticalHeader().defaultSectionSize() + 4)
        self.status.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.status.doubleClicked.connect(lambda _i: self.act_on_selected())
        for key in (Qt.Key_Return, Qt.Key_Enter):
            sc = QShortcut(QKeySequence(key), self.status)
            sc.setContext(Qt.WidgetShortcut)
            sc.activated.connect(self.act_on_selected)
        self._update_buttons()

    def _table(self, model: ListTableModel, name: str) -> QTableView:
        t = QTableView()
        t.setModel(model)
        t.setSelectionBehavior(QAbstractItemView.SelectRows)
        t.setSelectionMode(QAbstractItemView.SingleSelection)
        t.setEditTriggers(QAbstractItemView.NoEditTriggers)
        t.verticalHeader().hide()
        t.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        t.setAccessibleName(name)
        return t

    def load(self, participant_id: int | None) -> None:
        self.participant_id = participant_id
        self.reload()

    def reload(self) -> None:
        current = self.status.currentIndex().row() if self.status.currentIndex().isValid() else 0
        if self.participant_id is None:
            self.states, self.entries = [], []
        else:
            with self.db.reading() as s:
                self.states = consent.status(s, self.participant_id)
                self.entries = consent.history(s, self.participant_id)
        self.status_model.set_rows([(tr(st.label), tr("Gäller") if st.valid else tr("Gäller inte"), tr(st.text))
                                    for st in self.states])
        for i, st in enumerate(self.states):
            colour = GREEN if st.valid else (RED if st.deciding is not None else GREY)
            self._colour(self.status_model, i, 1, colour)
        self.history_model.set_rows([(e.consent_date.isoformat(), tr(codes.SHORT_LABELS.get(e.purpose, e.purpose)),
                                      tr(e.action_label), tr(e.method_label), e.registered_by, e.note or "")
                                     for e in self.entries])
        for i, e in enumerate(self.entries):
            if not e.gives:
                self._colour(self.history_model, i, 2, RED)
        for col in range(self.history_model.columnCount() - 1):
            self.history.resizeColumnToContents(col)
        if self.participant_id is None:
            self.summary.setText("")
        else:
            valid = sum(st.valid for st in self.states)
            self.summary.setText(
                (tr("Samtycke gäller för {n} av {m} ändamål.").format(n=valid, m=len(self.states)) if valid
                 else tr("Inget samtycke gäller i dag. Lämna inga uppgifter till andra myndigheter eller vården "
                         "utan samtycke eller annat lagstöd."))
                + " " + (words.count(len(self.entries), "registrerad händelse", "registrerade händelser") + "."
                         if self.entries else ""))
        if self.states:
            self.status.selectRow(min(current, len(self.states) - 1))
        self._update_buttons()

    @staticmethod
    def _colour(model: _ColouredModel, row: int, col: int, colour: str) -> None:
        model.set_foreground(row, col, QBrush(QColor(colour)))

    def selected(self) -> consent.PurposeState | None:
        i = self.status.currentIndex()
        return self.states[i.row()] if i.isValid() and i.row() < len(self.states) else None

    def _update_buttons(self) -> None:
        write = self.db.actor.can_write and self.participant_id is not None
        st = self.selected()
        self.give_button.setEnabled(write)
        self.withdraw_button.setEnabled(write and st is not None and st.valid)

    def _open(self, action: str) -> ConsentDialog | None:
        if self.participant_id is None or not self.db.actor.can_write:
            return None
        st = self.selected()
        self.dialog = ConsentDialog(self, self.db, self.participant_id, action, st.purpose if st else None)
        self.dialog.accepted.connect(self.reload)
        self.dialog.open()
        return self.dialog

    def give(self) -> ConsentDialog | None:
        return self._open(codes.GIVEN)

    def withdraw(self) -> ConsentDialog | None:
        return self._open(codes.WITHDRAWN)

    def act_on_selected(self) -> ConsentDialog | None:
        """Enter on a purpose: withdraw it when it is in force, otherwise register it."""
        st = self.selected()
        return self.withdraw() if st is not None and st.valid else self.give()

    def prepare_screenshot(self) -> None:
        self.status.setFocus()
