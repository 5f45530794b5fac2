"""The feriejobb list (services.summer_jobs.list_summer_jobs) as an .xlsx workbook: one row per
application, with the filter that made it stated above the table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ame_desktop.domain import codes
from ame_desktop.io.cells import save_workbook
from ame_desktop.io.files import atomic_output

HEADERS = ["Personnummer", "Namn", "Kön", "Kommun", "Ansökningsdatum", "Önskemål", "Placering", "Arbetsplats",
           "Från", "Till"]
PLACEMENT_FILTER_TEXT = {None: "alla", "PLACERAD": "med plats", "EJ_PLACERAD": "utan plats"}


def filter_text(f) -> str:
    parts = [f"år {f.year}" if f.year else "alla år",
             f"kommun {f.municipality}" if f.municipality else "alla kommuner",
             "placering: " + PLACEMENT_FILTER_TEXT.get(f.placement, codes.SUMMER_PLACEMENT_LABELS.get(f.placement or "", ""))]
    if f.search:
        parts.append(f"sökning ”{f.search}”")
    return ", ".join(parts)


def write_summer_jobs(rows, f, out: Path | str, today: date | None = None) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    today = today or date.today()

    def write(tmp: Path) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = "Feriejobb"
        ws["A1"] = "Feriejobb och feriepraktik"
        ws["A1"].font = Font(bold=True, size=14)
        ws["A2"] = f"Urval: {filter_text(f)}. {len(rows)} ansökningar. Framtagen {today.isoformat()}."
        ws.append([])
        ws.append(HEADERS)
        for cell in ws[4]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F4E79")
        for r in rows:
            ws.append([r.personnummer, r.name, r.gender, r.municipality, r.applied_on, r.wishes,
                       r.placement_label, r.workplace, r.start_date, r.end_date])
        for row in ws.iter_rows(min_row=5, min_col=5, max_col=10):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        for i, w in enumerate([15, 26, 6, 8, 15, 40, 30, 26, 12, 12], start=1):
            ws.column_dimensions[chr(64 + i)].width = w
        ws.freeze_panes = "A5"
        save_workbook(wb, tmp)

    return atomic_output(out, [".xlsx"], write, what="Feriejobbslistan")
