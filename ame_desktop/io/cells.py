"""Text that spreadsheet programs must never run as a formula (CSV/formula injection).

A name, an activity or a free text that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return may be taken by Excel or LibreOffice as a formula (`=HYPERLINK(…)`, `=cmd|…`,
`@SUM(…)`). Following OWASP's advice, every export writes such text as text:

- xlsx: the cell is a string cell (data type `s`, never `f`) with the value unchanged, and
  carries the quotePrefix style, so Excel keeps it as text even when the cell is edited and
  confirmed (F2 + Enter). `save_workbook(wb, path)` applies this to every cell of a normal
  workbook just before saving; write-only workbooks wrap their values with `safe_cell(ws, v)`.
- CSV: the field gets a leading single quote (`'=1+1`), which Excel shows and never runs.

Only `str` values are touched: numbers (also negative ones), dates and None stay as they are.
The program's exports contain no formulas of their own; a cell that openpyxl took for a
formula therefore always came from data, and is written as text.
"""

from __future__ import annotations

from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def needs_guard(value: object) -> bool:
    """True for text that a spreadsheet could read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_field(value: object) -> object:
    """A CSV field value: dangerous text gets a leading `'`; anything else is returned as it is."""
    if needs_guard(value):
        return "'" + value  # type: ignore[operator]
    return value


def guard_cell(cell) -> None:
    """Make an openpyxl cell holding dangerous text a plain string cell with quotePrefix."""
    value = cell.value
    if isinstance(value, str) and (cell.data_type == "f" or needs_guard(value)):
        cell.data_type = "s"
        cell.quotePrefix = True


def safe_cell(ws, value):
    """For write-only sheets (`ws.append` of plain values): dangerous text becomes a
    WriteOnlyCell of type string with quotePrefix; other values are returned unchanged.
    An existing WriteOnlyCell is guarded in place."""
    from openpyxl.cell import WriteOnlyCell

    if hasattr(value, "data_type"):  # already a cell
        guard_cell(value)
        return value
    if not needs_guard(value):
        return value
    cell = WriteOnlyCell(ws, value=value)
    guard_cell(cell)
    return cell


def safe_row(ws, values) -> list:
    return [safe_cell(ws, v) for v in values]


def guard_workbook(wb) -> None:
    """Guard every cell of every (normal, not write-only) sheet of `wb`."""
    for ws in wb.worksheets:
        cells = getattr(ws, "_cells", None)
        if cells is None:
            continue  # a write-only or chart sheet: its writer guards its own values
        for cell in cells.values():
            if isinstance(cell.value, str):
                guard_cell(cell)


def save_workbook(wb, path: Path | str) -> None:
    """`wb.save(path)` after `guard_workbook(wb)`: the one way our writers save an xlsx."""
    if not getattr(wb, "write_only", False):
        guard_workbook(wb)
    wb.save(str(path))
