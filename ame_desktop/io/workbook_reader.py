"""Streaming reader for import workbooks.

openpyxl in read-only, cached-values mode, with one addition: a formula cell that has no
cached value (saved by a program that doesn't calculate) is marked instead of looking empty,
because the import contract makes that an error.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from xml.etree.ElementTree import SubElement

from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from ame_desktop.domain.errors import UserError


class _FormulaWithoutValue:
    def __repr__(self) -> str:
        return "FORMULA_WITHOUT_VALUE"


FORMULA_WITHOUT_VALUE = _FormulaWithoutValue()


@dataclass(frozen=True)
class CellError:
    """An Excel error value such as #N/A or #REF!."""

    code: str


_IS = "{%s}is" % SHEET_MAIN_NS
_T = "{%s}t" % SHEET_MAIN_NS


class _Parser(WorkSheetParser):
    def parse_cell(self, element):
        if element.get("t") == "inlineStr":
            # Files written by openpyxl and some exporters keep strings inline; reading them as
            # plain text is 3× faster than openpyxl's rich-text path, and we want text only.
            inline = element.find(_IS)
            if inline is not None:
                text = "".join(t.text or "" for t in inline.iter(_T))
                element.remove(inline)
                element.set("t", "str")
                v = SubElement(element, VALUE_TAG)
                v.text = text
        cell = super().parse_cell(element)
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            cell["value"] = FORMULA_WITHOUT_VALUE
        elif cell["data_type"] == "e":
            cell["value"] = CellError(str(cell["value"]))
        return cell


def _norm(text: object) -> str:
    return " ".join(str(text).replace("\u2013", "-").split()).casefold()


@dataclass
class Sheet:
    title: str
    headers: dict[int, str] = field(default_factory=dict)  # column number → header text
    _ws: object = None
    _wb: object = None

    def column_of(self, header: str) -> int | None:
        key = _norm(header)
        for col, text in self.headers.items():
            if _norm(text) == key:
                return col
        return None

    def rows(self) -> Iterator[tuple[int, dict[int, object]]]:
        """(Excel row number, {column number: value}) for every non-empty row after the header."""
        ws, wb = self._ws, self._wb
        with ws._get_source() as src:  # type: ignore[attr-defined]
            parser = _Parser(
                src, ws._shared_strings, data_only=True, epoch=wb.epoch,  # type: ignore[attr-defined]
                date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats,  # type: ignore[attr-defined]
            )
            for idx, cells in parser.parse():
                if idx <= 1:
                    continue
                values = {}
                for c in cells:
                    v = c["value"]
                    if v is None or (isinstance(v, str) and not v.strip()):
                        continue
                    values[c["column"]] = v
                if values:
                    yield idx, values


class Workbook:
    """An opened import workbook. Close it (or use `with`) to release the file."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        if not self.path.is_file():
            raise UserError(f"Filen {self.path} finns inte.")
        try:
            self._wb = load_workbook(self.path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise UserError(
                f"{self.path.name} är ingen Excel-arbetsbok i formatet .xlsx (kan inte läsas: {type(exc).__name__})."
            ) from None

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._wb.close()

    @property
    def sheet_titles(self) -> list[str]:
        return list(self._wb.sheetnames)

    def sheet(self, name: str) -> Sheet | None:
        """The sheet whose name matches case-insensitively, with its header row read."""
        key = _norm(name)
        for title in self._wb.sheetnames:
            if _norm(title) == key:
                ws = self._wb[title]
                sheet = Sheet(title=title, _ws=ws, _wb=self._wb)
                for row in ws.iter_rows(min_row=1, max_row=1, values_only=True):
                    for col, value in enumerate(row, start=1):
                        if value is not None and str(value).strip():
                            sheet.headers[col] = str(value).strip()
                return sheet
        return None
