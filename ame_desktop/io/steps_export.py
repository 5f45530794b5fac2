"""The step figures of a period (services.steps.summarize; domain.step_figures) as an .xlsx workbook: one sheet with
the figures in total and by municipality, gender and referral source, one with the definitions.
Aggregates only: no personal data leaves in this file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ame_desktop.io.cells import save_workbook
from ame_desktop.io.files import atomic_output, check_suffix
from ame_desktop.domain.step_figures import DEFINITIONS, GROUP_LABELS, StepSummary

HEADERS = ["Grupp", "Värde", "Bedömda", "Med jämförelse", "Steg framåt (antal)", "Steg framåt (%)",
           "Steg bakåt (antal)", "Steg bakåt (%)", "Höjningar", "Median dagar per steg"]


def write_steps_summary(summary: StepSummary, out: Path | str, unit_name: str = "", today: date | None = None) -> Path:
    """Write atomically: a half-written file never replaces a good one."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    out = Path(out)
    check_suffix(out, [".xlsx"], "Sammanställningen")
    today = today or date.today()
    bold = Font(bold=True)
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="1F4E79")
    group_fill = PatternFill("solid", fgColor="DDE6F0")

    wb = Workbook()
    ws = wb.active
    ws.title = "Stegförflyttning"
    ws["A1"] = "Stegförflyttning" + (f" – {unit_name}" if unit_name else "")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = (f"Period {summary.start.isoformat()} – {summary.end.isoformat()}. Framtagen {today.isoformat()}. "
                "Definitioner: se bladet Definitioner.")
    ws.append([])
    ws.append(HEADERS)
    for cell in ws[4]:
        cell.font, cell.fill = head_font, head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    last_group = None
    for g in summary.groups:
        ws.append([GROUP_LABELS[g.group], "Alla" if g.group == "total" else g.label,
                   g.assessed, g.compared, g.forward, g.forward_share, g.back, g.back_share, g.rises,
                   g.median_days_per_step])
        row = ws.max_row
        if g.group != last_group:
            for cell in ws[row][:2]:
                cell.font = bold
            last_group = g.group
        if g.group == "total":
            for cell in ws[row]:
                cell.fill, cell.font = group_fill, bold
        for cell in (ws.cell(row, 6), ws.cell(row, 8)):
            cell.number_format = "0.0"
        ws.cell(row, 10).number_format = "0.0"
    for letter, width in zip("ABCDEFGHIJ", (12, 30, 10, 14, 12, 11, 12, 11, 11, 14)):
        ws.column_dimensions[letter].width = width
    ws.row_dimensions[4].height = 32
    ws.freeze_panes = "A5"

    d = wb.create_sheet("Definitioner")
    d["A1"] = "Så räknas måtten"
    d["A1"].font = Font(bold=True, size=12)
    for i, (term, text) in enumerate(DEFINITIONS, start=3):
        d.cell(i, 1, term).font = bold
        d.cell(i, 2, text).alignment = Alignment(wrap_text=True, vertical="top")
    d.column_dimensions["A"].width = 24
    d.column_dimensions["B"].width = 100

    return atomic_output(out, [".xlsx"], lambda tmp: save_workbook(wb, tmp), what="Sammanställningen")
