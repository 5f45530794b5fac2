"""Table model of the participant register: sorted ids from SQL, rows fetched a block at a time."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ame_desktop.domain.codes import REFERRAL_SOURCE_LABELS
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import participant_list as pl
from ame_desktop.store.database import Database
from ame_desktop.ui.common import tr

BLOCK = 150  # rows fetched per query when the view scrolls to an unseen part
# data() runs for every role of every painted cell: compare plain ints, not Qt enum objects
# (PySide6's enum comparisons made a repaint 10× slower).
DISPLAY, TOOLTIP, USER = (int(r.value) for r in (Qt.DisplayRole, Qt.ToolTipRole, Qt.UserRole))


class ParticipantTableModel(QAbstractTableModel):
    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.db = db
        self.filter = pl.ListFilter()
        self.sort_column = "name"
        self.descending = False
        self._ids: list[int] = []
        self._pos: dict[int, int] | None = {}  # row of each id, made when first asked (None = not yet)
        self._rows: dict[int, pl.ListRow] = {}
        self._titles = [tr(pl.COLUMN_TITLES[c]) for c in pl.COLUMNS]
        self.problem: str | None = None  # why the last search found nothing, when it could not run
        self._queried = False  # until the page's first refresh, a sort only records the order

    # -- queries -------------------------------------------------------------------------
    def refresh(self, filter: pl.ListFilter | None = None) -> None:
        if filter is not None:
            self.filter = filter
        self.problem = None
        self._queried = True
        try:
            with self.db.reading() as s:
                ids = pl.matching_ids(s, self.filter, self.sort_column, self.descending)
        except UserError as exc:  # a search the register cannot answer (e.g. a thousand words)
            ids, self.problem = [], exc.message
        self.beginResetModel()
        self._ids = ids
        self._pos = None  # 50 000 entries on a city register: not before the first paint
        self._rows = {}
        self.endResetModel()

    def forget(self, participant_id: int) -> None:
        """Drop a cached row (after an edit) so it is read again."""
        self._rows.pop(participant_id, None)
        row = self.row_of(participant_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def _row(self, i: int) -> pl.ListRow | None:
        pid = self._ids[i]
        hit = self._rows.get(pid)
        if hit is None:
            start = max(0, i - BLOCK // 3)
            block = [x for x in self._ids[start : start + BLOCK] if x not in self._rows]
            with self.db.reading() as s:
                self._rows.update(pl.list_rows(s, block))
            if len(self._rows) > 20 * BLOCK:  # keep memory flat on a 50 000 register
                keep = set(self._ids[start : start + BLOCK])
                self._rows = {k: v for k, v in self._rows.items() if k in keep}
            hit = self._rows.get(pid)
        return hit

    # -- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(pl.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self._titles[section]
        return None

    def data(self, index: QModelIndex, role=DISPLAY):
        role = role if type(role) is int else int(role.value)
        if role != DISPLAY and role != TOOLTIP and role != USER:
            return None
        if role == USER:
            return self._ids[index.row()]
        row = self._row(index.row())
        if row is None:
            return None
        col = pl.COLUMNS[index.column()]
        if col == "personnummer":
            return format_digits(row.personnummer)
        if col == "latest_start":
            return row.latest_start.isoformat() if row.latest_start else ""
        if col == "source" and role == TOOLTIP:
            return REFERRAL_SOURCE_LABELS.get(row.source, "")
        return getattr(row, col)

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        self.sort_column = pl.COLUMNS[column]
        self.descending = order == Qt.DescendingOrder
        # The view sorts as it is set up (setSortingEnabled, sortByColumn: three calls), before the
        # page's filters are in place and its own refresh: each would read the whole list once more.
        if self._queried:
            self.refresh()

    # -- lookups -------------------------------------------------------------------------
    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, participant_id: int) -> int | None:
        if self._pos is None:
            self._pos = {pid: i for i, pid in enumerate(self._ids)}
        return self._pos.get(participant_id)
