"""The monthly activity report as .json, .xlsx or .pdf (shared/spec/CLI.md § report activity)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path


from ame_desktop.domain import codes
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.io.cells import safe_cell, safe_row, save_workbook
from ame_desktop.io.files import atomic_output, check_suffix
from ame_desktop.domain.workdays import day_off_name
from ame_desktop.services.activity_report import STATUS_LABELS, MonthlyReport, PersonMonth

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
WEEKDAYS = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")
SUMMARY_HEADERS = ["Personnummer", "Namn", "Handledare", "Krav (h)", "Närvaro (h)", "Giltig frånvaro (h)",
                   "Ogiltig frånvaro (h)", "Saknas (h)", "Status"]


def month_name(report: MonthlyReport) -> str:
    return f"{MONTHS[report.month - 1]} {report.year}"


def write_activity_report(report: MonthlyReport, out: Path | str, unit_name: str = "", printed_by: str = "",
                          today: date | None = None) -> Path:
    out = Path(out)
    writers = {".json": _json, ".xlsx": _xlsx, ".pdf": _pdf}
    writer = writers[check_suffix(out, writers, "Rapporten")]
    return atomic_output(out, writers, lambda tmp: writer(report, tmp, unit_name, printed_by, today or date.today()))


def _json(report: MonthlyReport, path: Path, *_args) -> None:
    path.write_text(json.dumps(report.as_json(), ensure_ascii=False, indent=1), encoding="utf-8")


def _xlsx(report: MonthlyReport, path: Path, unit_name: str, _by: str, today: date) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    # write_only: thousands of per-person sheets stay fast and light.
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Månadsrapport")
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE6F0")
    ws.column_dimensions["A"].width = 15
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["C"].width = 20
    for col in "DEFGH":
        ws.column_dimensions[col].width = 12
    ws.append(safe_row(ws, [f"Aktivitetskrav – {month_name(report)}" + (f" – {unit_name}" if unit_name else "")]))
    ws.append([f"Period {report.first_day.isoformat()}–{report.last_day.isoformat()}, "
               f"{len(report.working_days)} arbetsdagar. Framtaget {today.isoformat()}."])
    ws.append([])
    ws.append([_cell(ws, h, bold, head_fill) for h in SUMMARY_HEADERS])
    for p in report.participants:
        ws.append(safe_row(ws, [p.personnummer, p.name, p.staff, p.required_hours, p.attended_hours,
                                p.valid_absence_hours, p.invalid_absence_hours, p.shortfall, STATUS_LABELS[p.status]]))
    for p in report.participants:
        _person_sheet(wb, report, p, bold, head_fill)
    save_workbook(wb, path)


def _cell(ws, value, font=None, fill=None):
    from openpyxl.cell import WriteOnlyCell

    c = safe_cell(ws, WriteOnlyCell(ws, value=value))
    if font:
        c.font = font
    if fill:
        c.fill = fill
    return c


def _person_sheet(wb, report: MonthlyReport, p: PersonMonth, bold, fill) -> None:
    ws = wb.create_sheet(p.personnummer)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 10
    ws.column_dimensions["D"].width = 40
    ws.column_dimensions["E"].width = 10
    ws.column_dimensions["F"].width = 22
    ws.append([_cell(ws, f"{p.name} ({format_digits(p.personnummer)}) – {month_name(report)}", bold)])
    ws.append([f"Krav {p.required_hours:g} h, närvaro {p.attended_hours:g} h, giltig frånvaro "
               f"{p.valid_absence_hours:g} h, ogiltig frånvaro {p.invalid_absence_hours:g} h: "
               f"{STATUS_LABELS[p.status]}"])
    ws.append([])
    ws.append([_cell(ws, h, bold, fill) for h in ("Datum", "Dag", "Krav (h)", "Aktivitet", "Timmar", "Frånvaro")])
    d = report.first_day
    from datetime import timedelta

    while d <= report.last_day:
        required = p.required_by_day.get(d)
        items = p.entries_by_day.get(d, [])
        off = day_off_name(d) if d.weekday() < 5 else None
        first_activity = items[0].activity if items else (off or "")
        if not items:
            ws.append(safe_row(ws, [d, WEEKDAYS[d.weekday()], required, first_activity, None, None]))
        for i, e in enumerate(items):
            ws.append(safe_row(ws, [d, WEEKDAYS[d.weekday()], required if i == 0 else None, e.activity, e.hours,
                                    codes.ABSENCE_LABELS.get(e.absence, "") if e.absence else ""]))
        d += timedelta(days=1)
    # Dates as dates; Excel shows them with the default date format of the cell's locale.


def _pdf(report: MonthlyReport, path: Path, unit_name: str, printed_by: str, today: date) -> None:
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    from ame_desktop.io.pdf_common import MARGIN, PAGE, build_pdf, numbered_canvas, styles

    st = styles()
    doc = SimpleDocTemplate(str(path), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=22 * mm, title=f"Närvarorapport aktivitetskrav {report.label}",
                            author=unit_name or "AME Desktop")
    story: list = []
    if not report.participants:
        story.append(Paragraph(f"Närvarorapport – aktivitetskrav, {month_name(report)}", st["title"]))
        story.append(Paragraph("Ingen deltagare har aktivitetskrav den här månaden.", st["body"]))
    for i, p in enumerate(report.participants):
        if i:
            story.append(PageBreak())
        story.extend(_person_page(report, p, unit_name, printed_by, today, st))
    footer = f"{unit_name} – närvarorapport {report.label}" if unit_name else f"Närvarorapport {report.label}"
    build_pdf(doc, story, canvasmaker=numbered_canvas(footer, today))


def _person_page(report: MonthlyReport, p: PersonMonth, unit_name: str, printed_by: str, today: date, st) -> list:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    from ame_desktop.io.pdf_common import TABLE_STYLE, text_para

    out: list = []
    if unit_name:
        out.append(text_para(unit_name, st["small"]))
    out.append(Paragraph(f"Närvarorapport – aktivitetskrav, {month_name(report)}", st["title"]))
    out.append(Paragraph("Till handläggaren för ekonomiskt bistånd", st["small"]))
    out.append(Spacer(1, 4 * mm))
    info = [["Deltagare", p.name], ["Personnummer", format_digits(p.personnummer)],
            ["Handledare", p.staff or "–"],
            ["Period", f"{report.first_day.isoformat()} – {report.last_day.isoformat()} "
                       f"({len(report.working_days)} arbetsdagar)"]]
    for start, end, hours, reason, exemption in p.periods:
        until = end.isoformat() if end else "tills vidare"
        text = f"{start.isoformat()} – {until}: "
        text += (f"undantag ({codes.EXEMPTION_LABELS.get(exemption, exemption)})" if exemption
                 else f"{hours:g} timmar/vecka" + (f" (nedsatt: {reason})" if reason else ""))
        info.append(["Kravperiod", text_para(text, st["cell"])])
    t = Table(info, colWidths=[38 * mm, 130 * mm])
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "AmeSans"), ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                           ("FONTNAME", (0, 0), (0, -1), "AmeSans-Bold"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    out.append(t)
    out.append(Paragraph("Månadens timmar", st["h2"]))
    figures = [["Krav", "Närvaro", "Giltig frånvaro", "Ogiltig frånvaro", "Status"],
               [_h(p.required_hours), _h(p.attended_hours), _h(p.valid_absence_hours), _h(p.invalid_absence_hours),
                STATUS_LABELS[p.status]]]
    ft = Table(figures, colWidths=[30 * mm, 30 * mm, 34 * mm, 34 * mm, 40 * mm])
    style = list(TABLE_STYLE) + [("ALIGN", (0, 1), (3, 1), "RIGHT"), ("FONTSIZE", (0, 1), (-1, 1), 11)]
    if p.status == "ej_uppfyllt":
        style.append(("TEXTCOLOR", (4, 1), (4, 1), colors.HexColor("#b00020")))
    ft.setStyle(TableStyle(style))
    out.append(ft)
    if p.shortfall:
        out.append(Spacer(1, 2 * mm))
        out.append(Paragraph(f"Kravet uppfylls inte: {_h(p.shortfall)} saknas (närvaro och giltig frånvaro "
                             f"jämfört med kravet).", st["body"]))
    out.append(Paragraph("Frånvaro", st["h2"]))
    absences = [(d, e) for d, items in sorted(p.entries_by_day.items()) for e in items if e.absence]
    if absences:
        rows = [["Datum", "Aktivitet", "Timmar", "Orsak"]]
        for d, e in absences:
            valid = "giltig" if e.absence in codes.VALID_ABSENCE else "ogiltig"
            rows.append([f"{d.isoformat()} {WEEKDAYS[d.weekday()]}", text_para(e.activity, st["cell"]), _h(e.hours),
                         f"{codes.ABSENCE_LABELS[e.absence]} ({valid})"])
        at = Table(rows, colWidths=[30 * mm, 72 * mm, 18 * mm, 48 * mm], repeatRows=1)
        at.setStyle(TableStyle(list(TABLE_STYLE) + [("ALIGN", (2, 1), (2, -1), "RIGHT")]))
        out.append(at)
    else:
        out.append(Paragraph("Ingen frånvaro registrerad.", st["body"]))
    out.append(Spacer(1, 10 * mm))
    sign = Table([[f"Handledare: {p.staff or printed_by or '–'}", f"Datum: {today.isoformat()}"],
                  ["Underskrift: ______________________________", ""]],
                 colWidths=[110 * mm, 58 * mm])
    sign.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "AmeSans"), ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                              ("TOPPADDING", (0, 1), (-1, 1), 10)]))
    out.append(KeepTogether(sign))
    return out


def _h(hours: float) -> str:
    return f"{hours:.2f}".replace(".", ",") + " h"
