"""A read-only table model over a Python list of tuples (previews, findings, logs)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ame_desktop.ui.common import plain_tooltip

# Plain ints: comparing PySide6 enum objects in data() made big tables slow to paint.
DISPLAY, TOOLTIP, ALIGN = (int(r.value) for r in (Qt.DisplayRole, Qt.ToolTipRole, Qt.TextAlignmentRole))
RIGHT = int((Qt.AlignRight | Qt.AlignVCenter).value)


class ListTableModel(QAbstractTableModel):
    def __init__(self, headers: list[str], rows: list[tuple] | None = None, parent=None):
        super().__init__(parent)
        self.headers = headers
        self.rows: list[tuple] = rows or []

    def set_rows(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex, role=DISPLAY):
        role = role if type(role) is int else int(role.value)
        if role != DISPLAY and role != TOOLTIP and role != ALIGN:
            return None
        value = self.rows[index.row()][index.column()]
        if role == ALIGN:
            return RIGHT if isinstance(value, (int, float)) else None
        text = "" if value is None else str(value)
        return plain_tooltip(text) if role == TOOLTIP else text  # the rows hold user data

    def fit_columns(self, view, sample_rows: int = 200) -> None:
        """Column widths from the header and the first rows only (resizeColumnsToContents
        measures every row: seconds on a 5 000-row table)."""
        fm = view.fontMetrics()
        for c, title in enumerate(self.headers):
            width = fm.horizontalAdvance(title)
            for row in self.rows[:sample_rows]:
                v = row[c]
                width = max(width, fm.horizontalAdvance("" if v is None else str(v)))
            view.setColumnWidth(c, min(width + 18, 420))
