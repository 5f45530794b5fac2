"""The empty import workbook: header rows, drop-down lists for codes, and instructions in Swedish."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ame_desktop.domain import codes
from ame_desktop.domain.workbook_spec import Column, SheetSpec
from ame_desktop.io.cells import save_workbook
from ame_desktop.io.files import atomic_output

TEMPLATE_ROWS = 2000  # rows that get drop-downs and date/text formats
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
REQUIRED_FILL = PatternFill("solid", fgColor="9C2A00")
HEADER_FONT = Font(bold=True, color="FFFFFF")

CODE_LISTS: list[tuple[str, dict[str, str]]] = [
    ("Kön", {"K": "Kvinna", "M": "Man", "X": "Annat / ej angivet"}),
    ("Utbildningsnivå", codes.EDUCATION_LABELS),
    ("Anvisare", codes.REFERRAL_SOURCE_LABELS),
    ("Utan arbete före inskrivning", codes.TIME_WITHOUT_WORK_LABELS),
    ("Avslutsorsak", {k: f"{v} (KAS {codes.EXIT_REASON_KAS[k]})" for k, v in codes.EXIT_REASON_LABELS.items()}),
    ("Undantag", codes.EXEMPTION_LABELS),
    ("Orsakskod", codes.REDUCTION_LABELS),
    ("Frånvaro", {k: v + (" (anmält skäl)" if k in codes.REPORTED_REASON_ABSENCE else "")
                  for k, v in codes.ABSENCE_LABELS.items()}),
    ("Kategori", {str(k): v for k, v in codes.ACTIVITY_CATEGORY_LABELS.items()}),
    ("Placering", codes.SUMMER_PLACEMENT_LABELS),
]


def _instructions(ws, sheets: list[SheetSpec]) -> None:
    ws["A1"] = "Importmall för AME Desktop"
    ws["A1"].font = Font(bold=True, size=14)
    lines = [
        "Så fyller du i mallen:",
        "• Rad 1 i varje blad är rubriker. Ändra inte rubrikerna; kolumnernas ordning får ändras.",
        "• Alla blad är frivilliga. Tomma rader hoppas över.",
        "• Datum skrivs som datumceller eller som text ÅÅÅÅ-MM-DD.",
        "• Rödmarkerade rubriker är obligatoriska.",
        "• Koder (t.ex. AF, GYMNASIUM, A1) väljs i listan eller skrivs med stora eller små bokstäver.",
        "• Importen sparar allt eller inget: finns ett enda fel sparas ingenting, och varje fel listas",
        "  med blad, rad och kolumn. Rätta och importera igen.",
        "• Samma fil kan importeras flera gånger: rader som redan finns uppdateras med filens värden.",
        "• Provkör gärna först: ame-desktop import FIL.xlsx --dry-run visar vad som skulle ändras.",
        "",
    ]
    r = 3
    for line in lines:
        ws.cell(row=r, column=1, value=line)
        r += 1
    for sheet in sheets:
        ws.cell(row=r, column=1, value=f"Bladet {sheet.name}").font = Font(bold=True, size=12)
        r += 1
        ws.cell(row=r, column=1, value=f"Nyckel (en rad per): {sheet.key_help}. {sheet.help}".strip())
        r += 1
        for c in sheet.columns:
            ws.cell(row=r, column=1, value=c.header).font = Font(bold=c.required)
            ws.cell(row=r, column=2, value="obligatorisk" if c.required else "frivillig")
            ws.cell(row=r, column=3, value=c.help)
            r += 1
        r += 1
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 100


def _codes_sheet(ws, municipalities: list[tuple[str, str]], activities: list[tuple[str, int]]) -> dict[str, str]:
    """Code lists side by side; returns {list name: absolute range} for the drop-downs."""
    ranges: dict[str, str] = {}
    col = 1
    activity_list = {str(k): v for k, v in codes.ACTIVITY_CATEGORY_LABELS.items()}
    activity_list[codes.JOB_SEEKING] = f"{codes.JOB_SEEKING_LABEL} (ingen av de fyra kategorierna)"
    activity_list.update({name: f"Kategori {cat}" for name, cat in activities
                          if cat != codes.JOB_SEEKING_CATEGORY})
    lists = list(CODE_LISTS) + [("Aktivitet", activity_list), ("Kommunkod", dict(municipalities))]
    for title, entries in lists:
        ws.cell(row=1, column=col, value=title).font = HEADER_FONT
        ws.cell(row=1, column=col).fill = HEADER_FILL
        ws.cell(row=1, column=col + 1, value="Betydelse").font = HEADER_FONT
        ws.cell(row=1, column=col + 1).fill = HEADER_FILL
        for i, (code, meaning) in enumerate(entries.items(), start=2):
            ws.cell(row=i, column=col, value=code).number_format = "@"
            ws.cell(row=i, column=col + 1, value=meaning)
        letter = get_column_letter(col)
        ranges[title] = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(entries) + 1}"
        ws.column_dimensions[letter].width = 16
        ws.column_dimensions[get_column_letter(col + 1)].width = 48
        col += 3
    return ranges


def _data_sheet(ws, sheet: SheetSpec, ranges: dict[str, str]) -> None:
    for i, c in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=i, value=c.header)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if c.required else HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(14, len(c.header) + 4)
        _column_rules(ws, c, letter, ranges)
    ws.freeze_panes = "A2"


def _column_rules(ws, c: Column, letter: str, ranges: dict[str, str]) -> None:
    area = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
    source = ranges.get(c.header)  # a column named like a code list gets that list as drop-down
    if c.kind == "municipality":
        source = ranges["Kommunkod"]
    if source:
        dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False)
        dv.promptTitle = c.header
        dv.prompt = c.help[:250]
        dv.showInputMessage = True
        ws.add_data_validation(dv)
        dv.add(area)
    elif c.choices:
        dv = DataValidation(type="list", formula1='"' + ",".join(c.choices) + '"', allow_blank=True,
                            showErrorMessage=False)
        ws.add_data_validation(dv)
        dv.add(area)
    if c.kind in ("date", "personnummer", "municipality"):
        fmt = "yyyy-mm-dd" if c.kind == "date" else "@"  # text keeps leading zeros
        for row in range(2, TEMPLATE_ROWS + 2):
            ws[f"{letter}{row}"].number_format = fmt


def write_template(path: Path | str, municipalities: list[tuple[str, str]], sheets: list[SheetSpec],
                   activities: list[tuple[str, int]] | None = None) -> Path:
    """Write the template atomically (a half-written file never replaces a good one). `sheets`:
    every sheet of the import (services.importing.all_sheets), or a few."""
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "Instruktioner"
    _instructions(ws, sheets)
    data_sheets = [wb.create_sheet(s.name) for s in sheets]
    ranges = _codes_sheet(wb.create_sheet("Koder"), municipalities, activities or [])
    for ws_data, spec in zip(data_sheets, sheets):
        _data_sheet(ws_data, spec, ranges)
    return atomic_output(path, [".xlsx"], lambda tmp: save_workbook(wb, tmp), what="Mallen")
