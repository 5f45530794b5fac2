"""Writing a comparison with peers (services.kolada_compare.Comparison) to .xlsx.

Sheets:
- `Jämförelse`: one row per line (own figures, the own municipality in Kolada, each peer, the
  peers' median, Riket), two header rows (KPI, then year), the own figures highlighted;
- `Data`: the long form, one row per line × KPI × year, with source, status and fetch time;
- `Om filen`: what the figures are, where they come from, when they were fetched.

Shares are percent numbers with one decimal (e.g. 31.2, not 0.312), as Kolada publishes them.
The file is written beside the target and moved into place, so a failed export leaves nothing.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ame_desktop import __version__
from ame_desktop.io.cells import save_workbook
from ame_desktop.io.files import atomic_output, check_suffix
from ame_desktop.domain.kolada_comparison import OWN, OWN_KOLADA, ROLE_TEXT, Comparison

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
OWN_FILL = PatternFill("solid", fgColor="FCE4D6")
TITLE_FONT = Font(bold=True, size=14)
DATA_HEADER = ["kpi", "nyckeltal", "kommunkod", "kommun", "rad", "år", "kön", "värde", "status", "källa",
               "hämtad", "anmärkning"]
SOURCE_TEXT = {"register": "egen registrering (preliminär)", "kolada": "Kolada", "beräknad": "beräknad"}


def write_comparison(comparison: Comparison, path: Path | str) -> Path:
    path = Path(path)
    check_suffix(path, [".xlsx"], "Jämförelsen")
    wb = Workbook()
    _compare_sheet(wb.active, comparison)
    _data_sheet(wb.create_sheet("Data"), comparison)
    _about_sheet(wb.create_sheet("Om filen"), comparison)
    return atomic_output(path, [".xlsx"], lambda tmp: save_workbook(wb, tmp), what="Jämförelsen", make_folder=False)


def _head(cell) -> None:
    cell.fill = HEADER_FILL
    cell.font = HEADER_FONT
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _number(cell, value, share: bool) -> None:
    cell.value = value
    if isinstance(value, (int, float)):
        cell.number_format = "0.0" if share else "0"


def _compare_sheet(ws, c: Comparison) -> None:
    ws.title = "Jämförelse"
    ws["A1"] = f"{c.municipality_name} jämfört med liknande kommuner"
    ws["A1"].font = TITLE_FONT
    group = f"{c.group.title} ({c.group.id})" if c.group else "egen lista"
    ws["A2"] = (f"Kön: {'totalt' if c.gender == 'T' else c.gender}. Jämförelsekommuner: {group}. Andelar i procent. "
                "Egna siffror är beräknade ur registret och preliminära; övriga är publicerade i Kolada.")
    top = 4
    ws.cell(row=top, column=1, value="Kommun")
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
    _head(ws.cell(row=top, column=1))
    col = 2
    for k in c.kpis:
        ws.cell(row=top, column=col, value=f"{k.kpi} {k.label}" + (" (%)" if k.share else " (antal)"))
        _head(ws.cell(row=top, column=col))
        if len(c.years) > 1:
            ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + len(c.years) - 1)
        for i, y in enumerate(c.years):
            _head(ws.cell(row=top + 1, column=col + i, value=y))
        col += len(c.years)
    row = top + 2
    for line in c.lines:
        ws.cell(row=row, column=1, value=line.label)
        col = 2
        for k in c.kpis:
            for y in c.years:
                _number(ws.cell(row=row, column=col), line.cell(k.kpi, y).value, k.share)
                col += 1
        if line.role in (OWN, OWN_KOLADA):
            for cc in range(1, col):
                ws.cell(row=row, column=cc).fill = OWN_FILL
        if line.role == OWN:
            ws.cell(row=row, column=1).font = Font(bold=True)
        row += 1
    notes = [n for _, n in sorted(c.own_notes.items())]
    if notes:
        row += 1
        for n in notes:
            ws.cell(row=row, column=1, value=n)
            row += 1
    ws.row_dimensions[top].height = 45
    ws.column_dimensions["A"].width = 36
    for i in range(2, 2 + len(c.kpis) * len(c.years)):
        ws.column_dimensions[get_column_letter(i)].width = 10
    ws.freeze_panes = ws.cell(row=top + 2, column=2)


def _data_sheet(ws, c: Comparison) -> None:
    for col, title in enumerate(DATA_HEADER, start=1):
        _head(ws.cell(row=1, column=col, value=title))
    shares = {k.kpi: k.share for k in c.kpis}
    for i, r in enumerate(c.rows(), start=2):
        values = [r["kpi"], r["kpi_title"], r["municipality"], r["name"], ROLE_TEXT[r["role"]], r["period"],
                  r["gender"], r["value"], r["status"], SOURCE_TEXT.get(r["source"], r["source"]),
                  r["fetched_at"], r["note"]]
        for col, v in enumerate(values, start=1):
            cell = ws.cell(row=i, column=col, value=v)
            if col == 3:
                cell.number_format = "@"  # text: the leading zero of 0860 stays
            elif col == 8:
                _number(cell, v, shares[r["kpi"]])
            elif col == 11 and v is not None:
                cell.number_format = "yyyy-mm-dd hh:mm"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(DATA_HEADER))}{ws.max_row}"
    for i, w in enumerate([9, 60, 11, 22, 28, 7, 5, 9, 9, 28, 17, 40], start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _about_sheet(ws, c: Comparison) -> None:
    span = c.fetched_range
    rows = [
        ("Skapad", c.generated_at.isoformat(sep=" ")),
        ("Program", f"AME Desktop {__version__}"),
        ("Kommun", f"{c.municipality} {c.municipality_name}"),
        ("År", ", ".join(map(str, c.years))),
        ("Jämförelsekommuner", ", ".join(c.peers) or "inga"),
        ("Grupp i Kolada", f"{c.group.title} ({c.group.id})" if c.group else "ingen hämtad"),
        ("Egna siffror", "Beräknade ur registret på samma sätt som Kolada-exporten; preliminära tills de "
                         "rapporterats och publicerats. Innevarande år: hittills i år."),
        ("Övriga siffror", "Publicerade i Kolada (api.kolada.se), hämtade "
                           + (f"{span[0]:%Y-%m-%d %H:%M} – {span[1]:%Y-%m-%d %H:%M}" if span else "–") + "."),
        ("Median", "Medianen av jämförelsekommunernas publicerade värden (de som har ett värde)."),
        ("Personuppgifter", "Filen innehåller inga personuppgifter: bara nyckeltal per kommun."),
        ("Källa", "Egen registrering; Kolada (RKA). KPI-definitioner från Kolada."),
    ]
    ws["A1"] = "Om filen"
    ws["A1"].font = TITLE_FONT
    for i, (k, v) in enumerate(rows, start=3):
        ws.cell(row=i, column=1, value=k).font = Font(bold=True)
        cell = ws.cell(row=i, column=2, value=v)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for n, note in enumerate(sorted(c.own_notes.items()), start=len(rows) + 4):
        ws.cell(row=n, column=2, value=note[1])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 100
