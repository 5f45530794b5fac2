"""The nämnd's monthly list (HSLF-FS 2015:30) as .xlsx or .csv (services/eb_list.py).

CSV: semicolon-separated, UTF-8 with BOM, CRLF (what Swedish Excel opens), dates YYYY-MM-DD.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ame_desktop.io.cells import csv_field, save_workbook
from ame_desktop.io.files import atomic_output_as

HEADERS = ["Månad", "Personnummer", "Kommunkod", "Kommun", "Från", "Till", "Insats"]


def _values(result, r) -> list:
    return [result.label, r.personnummer, r.municipality_code, r.municipality, r.start, r.end, r.measures]


def write_eb_list(result, out: Path | str) -> Path:
    return atomic_output_as(out, {".xlsx": lambda tmp: _xlsx(result, tmp), ".csv": lambda tmp: _csv(result, tmp)},
                            what="Månadslistan")


def _csv(result, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(HEADERS)
        for r in result.rows:
            w.writerow([v.isoformat() if hasattr(v, "isoformat") else csv_field(v) for v in _values(result, r)])


def _xlsx(result, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Månadslista"
    fill, bold = PatternFill("solid", fgColor="DDE6F0"), Font(bold=True)
    for col, h in enumerate(HEADERS, start=1):
        c = ws.cell(row=1, column=col, value=h)
        c.font, c.fill = bold, fill
    for i, r in enumerate(result.rows, start=2):
        for col, v in enumerate(_values(result, r), start=1):
            c = ws.cell(row=i, column=col, value=v)
            if col in (5, 6):
                c.number_format = "yyyy-mm-dd"
            if col == 2:
                c.number_format = "@"  # text: the 12 digits as they are
    for col, width in zip("ABCDEFG", (9, 15, 11, 18, 12, 12, 60)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    info = wb.create_sheet("Om listan")
    lines = [
        f"Deltagande i kommunala arbetsmarknadsinsatser – {result.label}",
        "Underlag för socialnämndens månadsrapportering till Socialstyrelsen (HSLF-FS 2015:30).",
        "En rad per inskrivning vid arbetsmarknadsenheten som pågick under månaden; Från och Till är",
        "inskrivningens dagar inom månaden. Insats är kategorierna för de aktiviteter personen deltog i",
        "under perioden (annars de schemalagda). Eget jobbsökande räknas inte som en insats.",
        f"Antal personer: {len({r.participant_id for r in result.rows})}. Antal rader: {len(result.rows)}.",
    ]
    for line in lines:
        info.append([line])
    info.column_dimensions["A"].width = 100
    save_workbook(wb, path)
