"""Deltagare: search and filters, the register list, and the selected participant beside it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ame_desktop.domain.codes import REFERRAL_SOURCE_LABELS
from ame_desktop.services import participant_list as pl
from ame_desktop.services import staff
from ame_desktop.store.database import Database
from ame_desktop.ui.common import tr
from ame_desktop.ui.participant_editor import ParticipantEditor
from ame_desktop.ui.participant_list_model import ParticipantTableModel

SEARCH_DELAY_MS = 120  # typing pauses shorter than this don't trigger a query


class ParticipantsPage(QWidget):
    count_changed = Signal(int)
    import_requested = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.model = ParticipantTableModel(db, self)

        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Sök namn eller personnummer (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        for value, text in ((None, tr("Alla")), (pl.STATUS_ACTIVE, tr("Aktiva")), (pl.STATUS_ENDED, tr("Avslutade")),
                            (pl.STATUS_NONE, tr("Ej inskrivna"))):
            self.status_filter.addItem(text, value)
        self.staff_filter = QComboBox()
        self.source_filter = QComboBox()
        self.source_filter.addItem(tr("Alla anvisare"), None)
        for code, label in REFERRAL_SOURCE_LABELS.items():
            self.source_filter.addItem(f"{code} – {label}", code)
        self.municipality_filter = QComboBox()
        self.reload_filters()

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.Fixed)  # fixed row heights: no per-row measuring
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.Interactive)
        hh.setStretchLastSection(True)
        fm = self.table.fontMetrics()
        samples = ("19640823-3234", "Andersson, Mohammed", "Hultsfred", "Kerstin Ålund", "ej inskriven",
                   "2026-11-22", "ANNAN")
        for col, sample in enumerate(samples):
            title = self.model.headerData(col, Qt.Horizontal)
            self.table.setColumnWidth(col, max(fm.horizontalAdvance(title) + 14, fm.horizontalAdvance(sample) + 12))

        self.count_label = QLabel("")
        new_button = QPushButton(tr("Ny deltagare (Ctrl+N)"))
        new_button.clicked.connect(self.new_participant)
        import_button = QPushButton(tr("Importera från Excel…"))
        import_button.clicked.connect(self.import_requested)

        for box in (self.status_filter, self.staff_filter, self.source_filter, self.municipality_filter):
            # Let the window shrink on a small screen: long entries are elided, not forced wide.
            box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(6)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter)
        filters.addWidget(self.staff_filter)
        filters.addWidget(self.source_filter)
        filters.addWidget(self.municipality_filter)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        actions.addWidget(import_button)
        actions.addWidget(new_button)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.search)
        lv.addLayout(filters)
        lv.addWidget(self.table)
        lv.addLayout(actions)

        self.editor = ParticipantEditor(db)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.splitterMoved.connect(lambda *_a: setattr(self, "user_sized", True))
        self.editor.setMinimumWidth(320)
        self.splitter.setSizes([780, 330])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

        self._sized = False  # the pane is fitted to its tabs when first shown (fit_editor)
        self.user_sized = False  # the coach dragged the splitter (or a saved layout was restored)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._open_first)
        for box in (self.status_filter, self.staff_filter, self.source_filter, self.municipality_filter):
            box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.editor.saved.connect(self._saved)
        self.apply_filter()

    # -- filters ---------------------------------------------------------------------------
    def reload_filters(self) -> None:
        with self.db.reading() as s:
            members = staff.list_staff(s, include_inactive=True)
            munis = pl.municipalities_in_use(s)
        for box, items in (
            (self.staff_filter, [(None, tr("Alla handledare")), (pl.NO_STAFF, tr("Utan handledare"))]
             + [(m.id, m.name) for m in members]),
            (self.municipality_filter, [(None, tr("Alla kommuner"))] + [(c, n) for c, n in munis]),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            for value, text in items:
                box.addItem(text, value)
            i = box.findData(current)
            box.setCurrentIndex(max(i, 0))
            box.blockSignals(False)

    def current_filter(self) -> pl.ListFilter:
        return pl.ListFilter(
            text=self.search.text(),
            status=self.status_filter.currentData(),
            staff_id=self.staff_filter.currentData(),
            source=self.source_filter.currentData(),
            municipality=self.municipality_filter.currentData(),
        )

    def apply_filter(self) -> None:
        self._timer.stop()
        keep = self.editor.participant_id
        self.model.refresh(self.current_filter())
        n = self.model.rowCount()
        self.count_label.setText(self.model.problem or tr("{n} deltagare").format(n=n))
        self.count_changed.emit(n)
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self._select_row(row)

    # -- selection and the editor ----------------------------------------------------------
    def _select_row(self, row: int) -> None:
        sm = self.table.selectionModel()
        sm.blockSignals(True)
        index = self.model.index(row, 0)
        sm.setCurrentIndex(index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        sm.blockSignals(False)
        self.table.scrollTo(index)

    def _row_changed(self, current, previous) -> None:
        pid = self.model.id_at(current.row())
        if pid is None or pid == self.editor.participant_id:
            return
        if not self.editor.maybe_leave():
            if previous.isValid():
                self._select_row(previous.row())
            return
        self.editor.load(pid)

    def open_participant(self, participant_id: int) -> bool:
        if participant_id != self.editor.participant_id and not self.editor.maybe_leave():
            return False
        self.editor.load(participant_id)
        row = self.model.row_of(participant_id)
        if row is not None:
            self._select_row(row)
        return True

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            self.fit_editor()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if not self.user_sized:  # the window was maximised or resized: fit again until the coach drags
            self.fit_editor()

    def fit_editor(self) -> None:
        """Give the participant pane the width its tabs need (all of them visible, none behind
        scroll arrows), as long as the list keeps at least 40 % of the page."""
        total = sum(self.splitter.sizes()) or self.splitter.width()
        if total <= 0:
            return
        need = self.editor.tabs.tabBar().sizeHint().width() + 2 * self.editor.layout().contentsMargins().left() + 8
        editor_w = max(self.editor.minimumWidth(), min(need, int(total * 0.60)))
        if self.splitter.sizes()[1] < editor_w:
            self.splitter.setSizes([total - editor_w, editor_w])

    def _open_first(self) -> None:
        # Enter may come before the search-as-you-type delay: the list must first show what was
        # typed, or the first row of the previous list opens (and its read is logged).
        if self._timer.isActive():
            self.apply_filter()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def new_participant(self) -> None:
        if not self.editor.maybe_leave():
            return
        self.table.clearSelection()
        self.editor.new()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _saved(self, pid: int) -> None:
        if self.model.row_of(pid) is None:
            self.reload_filters()
            self.apply_filter()  # a new person: find their place in the sort order
            row = self.model.row_of(pid)
            if row is not None:
                self._select_row(row)
        else:
            self.model.forget(pid)

    def escape(self) -> None:
        if self.editor.is_dirty():
            self.editor.revert()
        elif self.search.text():
            self.search.clear()
            self.apply_filter()

    def can_leave(self) -> bool:
        return self.editor.maybe_leave()

    def refresh(self) -> None:
        self.editor.reload_choices()
        self.reload_filters()
        self.apply_filter()
