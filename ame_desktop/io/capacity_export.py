"""Files of issue 23: the under-scheduled list (.json, .xlsx) and the capacity view (.json, .xlsx).
The services (services/capacity_view.py) compute; this module only writes, atomically, every
xlsx through io/cells.save_workbook (formula-like text guarded)."""

from __future__ import annotations

import json
from pathlib import Path

from ame_desktop.io.cells import save_workbook
from ame_desktop.io.files import atomic_output_as

UNDER_HEADERS = ["Personnummer", "Namn", "Kommun", "Handledare", "Krav (h)", "Bokat i grupper (h)", "Praktik (h)",
                 "Eget jobbsökande (h)", "Övrigt schema (h)", "Planerat (h)", "Väntelista (h)",
                 "Inställt av enheten (h)", "Underskott (h)", "Ingen bokning"]


def _json_writer(data: dict):
    def write(tmp: Path) -> None:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return write


def write_underscheduled_file(result, note: str, data: dict, out: Path | str) -> Path:
    """`result`: an UnderscheduledList (rows already without the people left out); `data` its JSON."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    def xlsx(tmp: Path) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = "Underschemalagda"
        ws.append([f"Underschemalagda {result.period.label} ({result.period.first.isoformat()} – "
                   f"{result.period.last.isoformat()})"])
        ws["A1"].font = Font(bold=True, size=14)
        ws.append([note])
        ws.append(UNDER_HEADERS)
        for cell in ws[3]:
            cell.font = Font(bold=True)
        for x in result.rows:
            ws.append([x.personnummer, x.name, x.municipality_code, x.staff, x.required_hours, x.booked_hours,
                       x.placement_hours, x.job_seeking_hours, x.other_schedule_hours, x.planned_hours,
                       x.waiting_hours, x.cancelled_hours, x.shortfall_hours, "ja" if x.no_booking else ""])
        ws.freeze_panes = "A4"
        for col, width in zip("ABCD", (15, 28, 8, 20)):
            ws.column_dimensions[col].width = width
        save_workbook(wb, tmp)

    return atomic_output_as(out, {".json": _json_writer(data), ".xlsx": xlsx}, what="Listan")


def write_capacity_file(view, note: str, out: Path | str) -> Path:
    """`view`: a CapacityView. Sheets Grupper per vecka, Kategorier, Prognos; no personal data."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    def xlsx(tmp: Path) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = "Grupper per vecka"
        ws.append(["Grupp", "Kategori", "Vecka", "Platser", "Bokade", "Väntelista", "Lediga", "Tillfällen",
                   "Inställda"])
        for g in view.group_weeks:
            ws.append([g.group_name, g.category, g.week, g.places, g.booked, g.waiting, g.free, g.sessions,
                       g.cancelled_sessions])
        ws = wb.create_sheet("Kategorier")
        ws.append(["Kategori", "Planerat enligt planer (h)", "Bokat (h)", "Väntelista (h)", "Erbjudet i grupper (h)"])
        for c in view.categories:
            ws.append([c.label, c.planned_hours, c.booked_hours, c.waiting_hours, c.offered_hours])
        ws.append(["Eget jobbsökande (ingen kategori)", None, view.job_seeking_hours, None, None])
        ws = wb.create_sheet("Prognos")
        ws.append(["Månad", "Personer med krav", "Krav (h)", "Bokat (h)", "Erbjudet i grupper (h)",
                   "Planeringsglapp (h)", "Saknade heltidsplatser", "Nya enligt EB-utdrag", "Deras heltid (h)"])
        for f in view.forecast:
            ws.append([f.month, f.people_with_requirement, f.required_hours, f.booked_hours, f.offered_hours,
                       f.gap_hours, f.fulltime_missing, f.eb_candidates, f.eb_hours])
        ws.append([])
        ws.append([note])
        for sheet in wb.worksheets:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
        save_workbook(wb, tmp)

    return atomic_output_as(out, {".json": _json_writer(view.as_json()), ".xlsx": xlsx}, what="Kapacitetsfilen")
