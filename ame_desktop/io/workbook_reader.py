"""Streaming reader for import workbooks.

openpyxl in read-only, cached-values mode, with one addition: a formula cell that has no
cached value (saved by a program that doesn't calculate) is marked instead of looking empty,
because the import contract makes that an error.

A workbook is a zip of XML parts that anyone can build by hand, so the reader bounds what a file
may unpack to before and while it is read (a 1 MB file must not take gigabytes):

- the zip directory's uncompressed sizes: at most MAX_UNCOMPRESSED_BYTES in all and
  MAX_PART_BYTES for one part;
- a streamed guard on every part actually read (the directory could lie): at most
  MAX_PART_BYTES, and no DTD or entity declarations (an xlsx part never has them);
- at most MAX_CELLS cells in all sheets.

Damaged files (malformed XML, a shared-string index that points nowhere, a bad CRC, a sheet
listed in the workbook whose part is missing) are refused with a Swedish UserError naming the
file and, where known, the sheet and row: exit 2, nothing imported. Hidden and very hidden
sheets are read but named in `warnings` (the user cannot see them in Excel).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.exceptions import InvalidFileException
from xml.etree.ElementTree import SubElement

from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from ame_desktop.domain.errors import UserError

MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024  # 1 GiB: about 20 million filled cells
MAX_PART_BYTES = 1024 * 1024 * 1024
MAX_CELLS = 20_000_000
_MB = 1024 * 1024
# What a damaged part raises while it is parsed: ElementTree's ParseError is a SyntaxError;
# an index into the shared strings that does not exist an IndexError; a bad number a ValueError.
_DAMAGE = (SyntaxError, IndexError, KeyError, ValueError, TypeError, AttributeError, zipfile.BadZipFile,
           zlib.error, EOFError)


def _size_text(n: int) -> str:
    return f"{n / _MB:,.0f} MB".replace(",", " ")


class _GuardedPart:
    """A zip part being read: counts the bytes that come out and stops at the limit; refuses a
    DTD (entity declarations could expand a small part into gigabytes)."""

    def __init__(self, raw, name: str, file_name: str):
        self._raw = raw
        self._name = name
        self._file = file_name
        self._count = 0

    def _check(self, data: bytes) -> bytes:
        if self._count == 0 and data:
            head = data[:4096].upper()
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise UserError(f"{self._file} kan inte importeras: delen {self._name} innehåller en DTD "
                                "(<!DOCTYPE/<!ENTITY>), vilket en Excel-fil aldrig har.")
        self._count += len(data)
        if self._count > MAX_PART_BYTES:
            raise UserError(f"{self._file} är för stor för att importeras: delen {self._name} packas upp till "
                            f"mer än {_size_text(MAX_PART_BYTES)}. Dela upp filen i flera mindre filer.")
        return data

    def read(self, n: int = -1) -> bytes:
        return self._check(self._raw.read(n))

    def read1(self, n: int = -1) -> bytes:
        return self._check(self._raw.read1(n))

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __getattr__(self, name):
        return getattr(self._raw, name)


class _GuardedArchive:
    """The workbook's ZipFile as openpyxl sees it: every part goes through `_GuardedPart`."""

    def __init__(self, archive: zipfile.ZipFile, file_name: str):
        self._archive = archive
        self._file = file_name

    def open(self, name, mode="r", *args, **kwargs):
        member = name.filename if isinstance(name, zipfile.ZipInfo) else name
        return _GuardedPart(self._archive.open(name, mode, *args, **kwargs), str(member), self._file)

    def read(self, name) -> bytes:
        with self.open(name) as part:
            return part.read()

    def __getattr__(self, name):
        return getattr(self._archive, name)


def _check_directory(archive: zipfile.ZipFile, file_name: str) -> None:
    """Refuse a zip whose directory promises more than an import may unpack."""
    total = 0
    for info in archive.infolist():
        if info.file_size > MAX_PART_BYTES:
            raise UserError(f"{file_name} är för stor för att importeras: delen {info.filename} packas upp till "
                            f"{_size_text(info.file_size)} (högst {_size_text(MAX_PART_BYTES)}). "
                            "Dela upp filen i flera mindre filer.")
        total += info.file_size
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UserError(f"{file_name} är för stor för att importeras: den packas upp till {_size_text(total)} "
                        f"(högst {_size_text(MAX_UNCOMPRESSED_BYTES)}). Dela upp filen i flera mindre filer.")


def _damaged(file_name: str, where: str, exc: BaseException) -> UserError:
    return UserError(f"{file_name} är skadad och kan inte importeras ({where}: {_damage_kind(exc)}). "
                     "Öppna filen i Excel och spara den igen, eller skapa den på nytt från importmallen.")


def _damage_kind(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return "ogiltig XML"
    if isinstance(exc, IndexError):
        return "en text saknas i tabellen över delade texter"
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return "zip-arkivet är trasigt"
    return "ogiltigt innehåll"


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
    _book: "Workbook | None" = None

    def column_of(self, header: str) -> int | None:
        key = _norm(header)
        for col, text in self.headers.items():
            if _norm(text) == key:
                return col
        return None

    def rows(self) -> Iterator[tuple[int, dict[int, object]]]:
        """(Excel row number, {column number: value}) for every non-empty row after the header."""
        ws, wb = self._ws, self._wb
        book = self._book
        idx = 1
        try:
            with ws._get_source() as src:  # type: ignore[attr-defined]
                parser = _Parser(
                    src, ws._shared_strings, data_only=True, epoch=wb.epoch,  # type: ignore[attr-defined]
                    date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats,  # type: ignore[attr-defined]
                )
                for idx, cells in parser.parse():
                    if book is not None:
                        book.count_cells(len(cells))
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
        except _DAMAGE as exc:
            name = book.path.name if book is not None else "Arbetsboken"
            raise _damaged(name, f"bladet {self.title}, efter rad {idx}", exc) from None


class Workbook:
    """An opened import workbook. Close it (or use `with`) to release the file."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.warnings: list[str] = []
        self.cells = 0
        if not self.path.is_file():
            raise UserError(f"Filen {self.path} finns inte.")
        name = self.path.name
        try:
            reader = ExcelReader(self.path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UserError(f"{name} är ingen Excel-arbetsbok i formatet .xlsx (kan inte läsas: {type(exc).__name__}).") \
                from None
        try:
            _check_directory(reader.archive, name)
            reader.archive = _GuardedArchive(reader.archive, name)  # type: ignore[assignment]
            try:
                reader.read()
            except KeyError as exc:  # a part the package names is missing (e.g. [Content_Types].xml)
                raise UserError(f"{name} är ingen Excel-arbetsbok i formatet .xlsx (en del saknas: {exc}).") from None
            except ValueError as exc:  # openpyxl wraps the parse error of a part
                raise _damaged(name, "arbetsbokens delar", exc.__cause__ or exc) from None
            except _DAMAGE as exc:
                raise _damaged(name, "arbetsbokens delar", exc) from None
            self._wb = reader.wb
            self._check_sheets(reader)
        except BaseException:
            reader.archive.close()
            raise

    def _check_sheets(self, reader: ExcelReader) -> None:
        """Every sheet the workbook lists must be in the file; hidden ones are named."""
        name = self.path.name
        valid = set(reader.valid_files)
        for sheet, rel in reader.parser.find_sheets():
            if rel.target not in valid:
                raise UserError(f"{name} är skadad och kan inte importeras: bladet ”{sheet.name}” finns i "
                                "arbetsbokens lista men dess innehåll saknas i filen. Öppna filen i Excel och spara "
                                "den igen.")
            state = getattr(sheet, "state", None)
            if state == "hidden":
                self.warnings.append(f"Bladet ”{sheet.name}” är dolt i Excel (syns inte när filen öppnas) men läses "
                                     "in som de andra. Kontrollera innehållet.")
            elif state == "veryHidden":
                self.warnings.append(f"Bladet ”{sheet.name}” är mycket dolt i Excel (kan inte visas med Excels "
                                     "vanliga menyer) men läses in som de andra. Kontrollera innehållet.")

    def count_cells(self, n: int) -> None:
        self.cells += n
        if self.cells > MAX_CELLS:
            raise UserError(f"{self.path.name} har fler än {MAX_CELLS:,} celler – mer än en import får innehålla. "
                            "Dela upp filen i flera mindre filer.".replace(",", " "))

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
                sheet = Sheet(title=title, _ws=ws, _wb=self._wb, _book=self)
                try:
                    for row in ws.iter_rows(min_row=1, max_row=1, values_only=True):
                        self.count_cells(len(row))
                        for col, value in enumerate(row, start=1):
                            if value is not None and str(value).strip():
                                sheet.headers[col] = str(value).strip()
                except _DAMAGE as exc:
                    raise _damaged(self.path.name, f"bladet {title}", exc) from None
                return sheet
        return None
