"""Reading the monthly extract from the system for ekonomiskt bistånd (shared/spec/IMPORT_TEMPLATE.md,
"The social-assistance extract"): `.xlsx` (first sheet) or `.csv` (`;` or `,`, UTF-8 with or
without BOM, or Windows-1252). The file is only ever opened for reading.

This module only reads cells: it yields (row number, {column: raw value}); the service checks
the values. Headers are matched case-insensitively after trimming; unknown columns are
returned as warnings.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ame_desktop.domain.errors import UserError

# Canonical column → accepted spellings (after casefold and trimming).
COLUMNS = {
    "Personnummer": ("personnummer", "personnr", "samordningsnummer"),
    "Månad": ("månad", "manad", "period"),
    "Belopp": ("belopp", "utbetalt belopp", "belopp (kr)", "belopp kr"),
    "Hushåll": ("hushåll", "hushall", "hushållsreferens", "hushållsnummer"),
}
REQUIRED = ("Personnummer", "Månad", "Belopp")
OVERFLOW = "__fler_fält__"  # a CSV row with more fields than the header row


def _norm(text: object) -> str:
    return " ".join(str(text).replace("\ufeff", "").replace("\u2013", "-").split()).casefold()


@dataclass
class Extract:
    """An opened extract: `where` names the file (and the sheet of a workbook) in messages."""

    path: Path
    where: str
    columns: dict[str, int]  # canonical column → column number (1-based)
    warnings: list[str] = field(default_factory=list)
    total_rows: int | None = None  # data rows, when known before reading (for progress)
    _rows: object = None
    _lines: list | None = None  # a CSV file's rows (read at once: the file is small beside memory)
    _header_width: int = 0

    def rows(self) -> Iterator[tuple[int, dict[str, object]]]:
        """(row number as Excel or a text editor numbers it, {canonical column: raw value}) for
        every row that has any value."""
        if self._lines is not None:
            yield from self._csv_rows()
            return
        by_number = {n: name for name, n in self.columns.items()}
        for number, cells in self._rows():  # type: ignore[misc]
            values = {by_number[c]: v for c, v in cells.items() if c in by_number}
            if any(v is not None and str(v).strip() != "" for v in cells.values()):
                yield number, values

    def _csv_rows(self) -> Iterator[tuple[int, dict[str, object]]]:
        cols = [(name, n - 1) for name, n in self.columns.items()]
        header = self._header_width
        for number, line in enumerate(self._lines, start=2):  # type: ignore[arg-type]
            values = {}
            width = len(line)
            if width > header and any(v.strip() for v in line[header:]):
                # e.g. 8450,50 unquoted in a comma-separated file: the amount would be cut in two
                values[OVERFLOW] = True
            for name, i in cols:
                if i < width:
                    v = line[i]
                    if v and not v.isspace():
                        values[name] = v
            if values or any(v.strip() for v in line):
                yield number, values


def _match_headers(where: str, headers: dict[int, str]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    warnings: list[str] = []
    for col, text in sorted(headers.items()):
        key = _norm(text)
        if not key:
            continue
        name = next((n for n, spellings in COLUMNS.items() if key in spellings), None)
        if name is None:
            warnings.append(f"{where}, rad 1: kolumnen ”{text}” är okänd och läses inte.")
        elif name in columns:
            raise UserError(f"{where}, rad 1: kolumnen {name} finns två gånger.")
        else:
            columns[name] = col
    missing = [n for n in REQUIRED if n not in columns]
    if missing:
        raise UserError(f"{where}, rad 1: kolumnen {' och '.join(missing)} saknas. Filen ska ha kolumnerna "
                        "Personnummer, Månad och Belopp (och gärna Hushåll) på första raden.")
    return columns, warnings


def open_extract(path: Path | str) -> Extract:
    path = Path(path)
    if not path.is_file():
        raise UserError(f"Filen {path} finns inte.")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _open_xlsx(path)
    if suffix == ".csv":
        return _open_csv(path)
    raise UserError(f"{path.name}: utdraget ska vara en .xlsx- eller .csv-fil.")


def _open_xlsx(path: Path) -> Extract:
    from ame_desktop.io.workbook_reader import Workbook

    wb = Workbook(path)  # read-only: the file is never written
    titles = wb.sheet_titles
    if not titles:
        wb.close()
        raise UserError(f"{path.name} har inga blad.")
    sheet = wb.sheet(titles[0])
    assert sheet is not None
    where = f"{path.name}, blad {sheet.title}"
    try:
        columns, warnings = _match_headers(where, sheet.headers)
    except UserError:
        wb.close()
        raise
    dims = getattr(sheet._ws, "max_row", None)

    def rows():
        try:
            yield from sheet.rows()
        finally:
            wb.close()

    return Extract(path, where, columns, warnings, (dims - 1) if dims else None, rows)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _open_csv(path: Path) -> Extract:
    try:
        text = _decode(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path.name} kan inte läsas ({type(exc).__name__}).") from None
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    lines = list(reader)
    if not lines:
        raise UserError(f"{path.name} är tom.")
    headers = {i: h.strip() for i, h in enumerate(lines[0], start=1) if h.strip()}
    columns, warnings = _match_headers(path.name, headers)

    return Extract(path, path.name, columns, warnings, len(lines) - 1, None, lines[1:], len(lines[0]))
