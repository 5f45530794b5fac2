"""Build import workbooks for tests with openpyxl, including formula cells with and without
cached values (openpyxl cannot write cached values, so the sheet XML is patched)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from openpyxl import Workbook

HEADERS = {
    "Deltagare": ["Personnummer", "Förnamn", "Efternamn", "Kön", "Kommunkod", "Utbildningsnivå", "Handledare",
                  "Telefon", "E-post"],
    "Anvisningar": ["Personnummer", "Datum", "Anvisare", "Kommentar", "Kommunkod"],
    "Inskrivningar": ["Personnummer", "Startdatum", "Slutdatum", "Utan arbete före inskrivning", "Avslutsorsak",
                      "Kommunkod", "Anställning från", "Bekräftad"],
    "Feriejobb": ["Personnummer", "Ansökningsdatum", "Önskemål", "Placering", "Arbetsplats", "Från", "Till"],
    "Aktivitetskrav": ["Personnummer", "Från", "Till", "Timmar per vecka", "Orsak", "Undantag"],
    "Närvaro": ["Personnummer", "Datum", "Aktivitet", "Timmar", "Frånvaro"],
}


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """sheets: name → rows (the first row is the header row)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def set_cached_values(path: Path, sheet_index: int, values: dict[str, str | float]) -> None:
    """Give formula cells (by coordinate) a cached value, as Excel would after calculating."""
    tmp = path.with_suffix(".patch.xlsx")
    member = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == member:
                xml = data.decode()
                for coord, value in values.items():
                    pattern = re.compile(rf'<c r="{coord}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?</c>')
                    kind = ' t="str"' if isinstance(value, str) else ""
                    xml, n = pattern.subn(lambda m: f'<c r="{coord}"{kind}><f>{m[2]}</f><v>{value}</v></c>', xml)
                    assert n == 1, f"no formula cell {coord} in {member}"
                data = xml.encode()
            zout.writestr(item, data)
    shutil.move(tmp, path)
