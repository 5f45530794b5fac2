"""The week grid: hours per row (a participant, or an activity) and weekday, typed with the
keyboard. Edits stay pending (highlighted) until saved; the service checks them all at once."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ame_desktop.domain.codes import ABSENCE_LABELS, CANCELLED_ABSENCE, REPORTED_REASON_ABSENCE
from ame_desktop.services import attendance as att
from ame_desktop.services.activity_requirement import WEEKDAYS, WEEKDAYS_SHORT
from ame_desktop.ui.common import plain_tooltip, tr

DISPLAY, EDIT, TOOLTIP, BACKGROUND, FOREGROUND, FONT, ALIGN = (
    int(r.value) for r in (Qt.DisplayRole, Qt.EditRole, Qt.ToolTipRole, Qt.BackgroundRole, Qt.ForegroundRole,
                           Qt.FontRole, Qt.TextAlignmentRole))
CLOSED = QBrush(QColor("#eceff3"))
PENDING = QBrush(QColor("#fff4c2"))
ERROR = QBrush(QColor("#ffd6d6"))
VALID_ABS = QBrush(QColor("#e3efff"))  # absence with a reported reason
INVALID_ABS = QBrush(QColor("#ffe2c6"))  # absence without a reported reason
CANCELLED = QBrush(QColor("#e8e3f5"))  # the unit cancelled the activity
UNIT_CLOSED = QBrush(QColor("#dcd6ee"))  # the unit was closed (Stängt): nothing required
PLANNED_FG = QBrush(QColor("#8a94a3"))
TOTAL_COL = 7


class WeekGridModel(QAbstractTableModel):
    message = Signal(str)  # a Swedish explanation when typed text is refused
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.week: att.Week | None = None
        self._rows: dict[tuple[int, int], att.GridRow] = {}
        self.closed: dict[int, dict[date, str]] = {}  # participant → {closed day: reason}
        self.pending: dict[att.CellKey, att.Cell | None] = {}
        self.errors: dict[str, str] = {}
        self._italic = QFont()
        self._italic.setItalic(True)

    # -- contents ------------------------------------------------------------------------------
    def set_week(self, week: att.Week, closed: dict[int, dict[date, str]] | None = None) -> None:
        self.beginResetModel()
        self.week = week
        self._rows = {(r.participant_id, r.activity_id): r for r in week.rows}
        self.closed = closed or {}
        self.pending = {}
        self.errors = {}
        self.endResetModel()
        self.changed.emit()

    def key(self, index: QModelIndex) -> att.CellKey | None:
        if self.week is None or not index.isValid() or index.column() >= 7:
            return None
        row = self.week.rows[index.row()]
        return att.CellKey(row.participant_id, row.activity_id, self.week.days[index.column()])

    def cell(self, index: QModelIndex) -> att.Cell | None:
        key = self.key(index)
        if key is None:
            return None
        if key in self.pending:
            return self.pending[key]
        return self.week.rows[index.row()].cells.get(key.day)  # type: ignore[union-attr]

    def is_open(self, index: QModelIndex) -> bool:
        key = self.key(index)
        return key is not None and key.day in self.week.rows[index.row()].open_days  # type: ignore[union-attr]

    def set_pending(self, changes: dict[att.CellKey, att.Cell | None]) -> None:
        for key, cell in changes.items():
            row = self._rows[(key.participant_id, key.activity_id)]
            if row.cells.get(key.day) == cell:
                self.pending.pop(key, None)  # back to what is stored
            else:
                self.pending[key] = cell
            self.errors.pop(key.field(), None)
        self._repaint_all()
        self.changed.emit()

    def apply_saved(self, saved: dict[att.CellKey, att.Cell | None]) -> None:
        """The cells just saved become the stored ones — as save_cells stored them (its `written`),
        without reading the week again or checking them twice (issue 25)."""
        for key, cell in saved.items():
            row = self._rows.get((key.participant_id, key.activity_id))
            if row is None:
                continue
            if cell is None:
                row.cells.pop(key.day, None)
            else:
                row.cells[key.day] = cell
        self.pending = {}
        self.errors = {}
        self._repaint_all()
        self.changed.emit()

    def _repaint_all(self) -> None:
        # dataChanged, not layoutChanged: a layout change would drop the cell editor being committed.
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, TOTAL_COL))

    def set_errors(self, errors: dict[str, str]) -> None:
        self.errors = errors
        self._repaint_all()

    def row_total(self, r: int) -> tuple[float, float]:
        present = absent = 0.0
        for c in range(7):
            cell = self.cell(self.index(r, c))
            if cell is not None:
                if cell.absence:
                    absent += cell.hours
                else:
                    present += cell.hours
        return present, absent

    # -- Qt ------------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.week is None else len(self.week.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 8

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        role = role if type(role) is int else int(role.value)
        if self.week is None:
            return None
        if orientation == Qt.Horizontal:
            if role == DISPLAY:
                if section == TOTAL_COL:
                    return tr("Summa")
                d = self.week.days[section]
                return f"{WEEKDAYS_SHORT[section]} {d.day}/{d.month}"
            if role == TOOLTIP and section < 7:
                from ame_desktop.domain.workdays import day_off_name

                d = self.week.days[section]
                off = day_off_name(d)
                reasons = sorted({c[d] for c in self.closed.values() if d in c})
                return (f"{WEEKDAYS[section]} {d.isoformat()}" + (f" – {off}" if off else "")
                        + "".join(f"\n" + tr("Stängt: {why}").format(why=why) for why in reasons))
        elif role == DISPLAY:
            return self.week.rows[section].label
        return None

    def data(self, index: QModelIndex, role=DISPLAY):
        role = role if type(role) is int else int(role.value)
        if not index.isValid() or self.week is None:
            return None
        r, c = index.row(), index.column()
        if c == TOTAL_COL:
            present, absent = self.row_total(r)
            if role == DISPLAY:
                text = f"{present:g}".replace(".", ",")
                return text + (" (+" + f"{absent:g}".replace(".", ",") + " frånv.)" if absent else "")
            if role == ALIGN:
                return int(Qt.AlignRight | Qt.AlignVCenter)
            return None
        key = self.key(index)
        cell = self.cell(index)
        planned = self.week.rows[r].planned.get(key.day) if key else None
        closed_why = self.closed.get(self.week.rows[r].participant_id, {}).get(key.day) if key else None
        if role in (DISPLAY, EDIT):
            if cell is not None:
                if role == DISPLAY and cell.absence:  # the label, not the code (SJUK_INTYG)
                    return f"{cell.hours:g}".replace(".", ",") + " " + ABSENCE_LABELS.get(cell.absence, cell.absence)
                return att.cell_text(cell)
            if role == DISPLAY and closed_why:
                return tr("stängt")
            if role == DISPLAY and planned and self.is_open(index):
                return f"({planned:g})".replace(".", ",")
            return ""
        if role == ALIGN:
            return int(Qt.AlignCenter)
        if role == FOREGROUND and cell is None and planned:
            return PLANNED_FG
        if role == FONT and cell is None and planned:
            return self._italic
        if role == BACKGROUND:
            if key is not None and key.field() in self.errors:
                return ERROR
            if key in self.pending:
                return PENDING
            if closed_why and cell is None:
                return UNIT_CLOSED
            if not self.is_open(index):
                return CLOSED
            if cell is not None and cell.absence:
                if cell.absence == CANCELLED_ABSENCE:
                    return CANCELLED
                return VALID_ABS if cell.absence in REPORTED_REASON_ABSENCE else INVALID_ABS
            return None
        if role == TOOLTIP:
            parts = []
            if key is not None and key.field() in self.errors:
                parts.append(self.errors[key.field()])
            if cell is not None and cell.absence:
                parts.append(f"{ABSENCE_LABELS[cell.absence]}: {cell.hours:g} h")
            if closed_why:
                parts.append(tr("Enheten var stängd: {why}. Inget krävs den här dagen.").format(why=closed_why))
            if planned:
                parts.append(tr("Planerat enligt schemat: {h} h").format(h=f"{planned:g}"))
            if not self.is_open(index):
                parts.append(tr("Utanför inskrivningen eller i framtiden – kan inte registreras."))
            return plain_tooltip("\n".join(parts)) or None  # an error quotes what was typed
        return None

    def flags(self, index: QModelIndex):
        if not index.isValid():  # the root: no item (Qt's model tester)
            return Qt.NoItemFlags
        base = Qt.ItemIsSelectable | Qt.ItemIsEnabled
        if index.column() < 7 and self.is_open(index):
            return base | Qt.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value, role=EDIT) -> bool:
        role = role if type(role) is int else int(role.value)
        if role != EDIT or not self.is_open(index):
            return False
        try:
            cell = att.parse_cell_text(str(value))
        except ValueError as exc:
            day = self.week.days[index.column()]  # type: ignore[union-attr]
            self.message.emit(f"{WEEKDAYS[index.column()]} {day.isoformat()}, "
                              f"{self.week.rows[index.row()].label}: {exc}")  # type: ignore[union-attr]
            return False
        key = self.key(index)
        self.set_pending({key: cell})  # type: ignore[dict-item]
        self.message.emit("")
        return True


def week_label(monday: date) -> str:
    from datetime import timedelta

    sunday = monday + timedelta(days=6)
    return tr("Vecka {w}: {a} – {b}").format(w=monday.isocalendar()[1], a=monday.isoformat(), b=sunday.isoformat())
