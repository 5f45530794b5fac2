"""The monthly activity report as .json, .xlsx or .pdf (shared/spec/CLI.md § report activity, version 2).

The xlsx and PDF carry the JSON's figures with Swedish labels, the dates of every absence
without a reported reason, of every requirement day with hours unregistered and of every
requirement day without enrollment, and say that acceptable reasons are the nämnd's to judge.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path


from ame_desktop.domain import codes
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.io.cells import safe_cell, safe_row, save_workbook
from ame_desktop.io.files import atomic_output_as
from ame_desktop.domain.workdays import day_off_name
from ame_desktop.domain.activity_month import (
    NAMND_NOTE,
    STATUS_EXPLANATIONS,
    STATUS_LABELS,
    MonthlyReport,
    PersonMonth,
)

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
WEEKDAYS = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")

# (JSON key, Swedish label) — the same figures in the same order everywhere (xlsx, PDF, window).
FIGURES = (
    ("required_hours", "Krav (h)"),
    ("attended_hours", "Närvaro (h)"),
    ("job_seeking_hours", "Eget jobbsökande (h)"),
    ("valid_absence_hours", "Frånvaro med anmält skäl (h)"),
    ("cancelled_hours", "Inställt av enheten (h)"),
    ("invalid_absence_hours", "Frånvaro utan anmält skäl (h)"),
    ("unregistered_hours", "Ej registrerat (h)"),
    ("not_enrolled_days", "Kravdagar utan inskrivning"),
    ("closed_days", "Stängda dagar"),
)
SUMMARY_HEADERS = (["Personnummer", "Namn", "Handledare", "Handläggare"] + [label for _, label in FIGURES]
                   + ["Status", "Statuskod"])
# TABLE_STYLE without its header row (for label/value tables).
def _plain_style() -> list:
    from ame_desktop.io.pdf_common import TABLE_STYLE

    return [rule for rule in TABLE_STYLE if not (rule[0] in ("BACKGROUND", "FONTNAME") and rule[2] == (-1, 0))]


DAY_KINDS = {"required": "Kravdag", "closed": "Stängt", "not_enrolled": "Ej inskriven", "exempt": "Undantag"}


def month_name(report: MonthlyReport) -> str:
    return f"{MONTHS[report.month - 1]} {report.year}"


def write_activity_report(report: MonthlyReport, out: Path | str, unit_name: str = "", printed_by: str = "",
                          today: date | None = None, *, heading: str = "") -> Path:
    """`heading`: a line printed at the top of every person's PDF page (a delivered report says
    to whom, when and how it was delivered; issue 17)."""
    day = today or date.today()
    extra = {"heading": heading} if heading else {}
    return atomic_output_as(out, {".json": lambda tmp: _json(report, tmp, unit_name, printed_by, day),
                                  ".xlsx": lambda tmp: _xlsx(report, tmp, unit_name, printed_by, day),
                                  ".pdf": lambda tmp: _pdf(report, tmp, unit_name, printed_by, day, **extra)},
                            what="Rapporten")


def _json(report: MonthlyReport, path: Path, *_args) -> None:
    """One participant a line. (json.dumps with `indent` falls back to the pure-Python encoder:
    for a city's 18 000 entries that was most of the command's time.)"""
    data = report.as_json()
    lines = [json.dumps(p, ensure_ascii=False) for p in data["participants"]]
    head = json.dumps(data["month"], ensure_ascii=False)
    body = ("\n " + ",\n ".join(lines) + "\n") if lines else ""
    path.write_text(f'{{"month": {head}, "participants": [{body}]}}\n', encoding="utf-8")


def day_kind(p: PersonMonth, d: date) -> str | None:
    """Which kind of requirement day `d` is for the person (None: not a requirement day)."""
    if d in p.closed_dates:
        return "closed"
    if d in p.required_by_day:
        return "required"
    if d in p.not_enrolled_dates:
        return "not_enrolled"
    if d.weekday() < 5 and day_off_name(d) is None:
        for period in p.periods:
            if period.exemption and period.start <= d <= (period.end or d):
                return "exempt"
    return None


def _dates(days: list[date]) -> str:
    return ", ".join(d.isoformat() for d in days)


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
    ws.column_dimensions["D"].width = 20
    for i in range(len(FIGURES)):
        ws.column_dimensions[chr(ord("E") + i)].width = 14
    ws.column_dimensions[chr(ord("E") + len(FIGURES))].width = 26
    ws.append(safe_row(ws, [f"Aktivitetskrav – {month_name(report)}" + (f" – {unit_name}" if unit_name else "")]))
    ws.append([f"Period {report.first_day.isoformat()}–{report.last_day.isoformat()}, "
               f"{len(report.working_days)} arbetsdagar. Framtaget {today.isoformat()}."])
    ws.append([NAMND_NOTE])
    ws.append([_cell(ws, h, bold, head_fill) for h in SUMMARY_HEADERS])
    for p in report.participants:
        figures = [getattr(p, key) for key, _ in FIGURES]
        ws.append(safe_row(ws, [p.personnummer, p.name, p.staff, p.caseworker] + figures
                           + [STATUS_LABELS[p.status], p.status]))
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
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 10
    ws.column_dimensions["E"].width = 40
    ws.column_dimensions["F"].width = 10
    ws.column_dimensions["G"].width = 28
    ws.append([_cell(ws, f"{p.name} ({format_digits(p.personnummer)}) – {month_name(report)}", bold)])
    for period in p.periods:
        ws.append(safe_row(ws, ["Kravperiod", period.describe()]))
        if period.decision():
            ws.append(safe_row(ws, ["Beslut", period.decision()]))
    for key, label in FIGURES:
        ws.append([label, getattr(p, key)])
    ws.append(["Status", STATUS_LABELS[p.status]])
    ws.append([STATUS_EXPLANATIONS[p.status]])
    ws.append(safe_row(ws, ["Frånvaro utan anmält skäl, datum", _dates(sorted({d for d, _ in p.no_reason_absences}))]))
    ws.append(["Kravdagar med timmar som inte registrerats", _dates([d for d, _, _ in p.unregistered_dates])])
    ws.append(["Kravdagar utan inskrivning", _dates(p.not_enrolled_dates)])
    ws.append(safe_row(ws, ["Stängda dagar", ", ".join(f"{d.isoformat()} ({why})" for d, why in p.closed_dates.items())]))
    for start, end, n in p.sick_without_certificate:
        ws.append([f"Sjuk utan läkarintyg {n} arbetsdagar i följd: {start.isoformat()} – {end.isoformat()}"])
    ws.append([NAMND_NOTE])
    ws.append([])
    ws.append([_cell(ws, h, bold, fill) for h in ("Datum", "Dag", "Dagtyp", "Krav (h)", "Aktivitet", "Timmar",
                                                   "Frånvaro")])
    d = report.first_day
    while d <= report.last_day:
        required = p.required_by_day.get(d)
        kind = day_kind(p, d)
        kind_text = DAY_KINDS[kind] if kind else (day_off_name(d) or "")
        items = p.entries_by_day.get(d, [])
        if kind == "closed":
            kind_text = f"Stängt: {p.closed_dates[d]}"
        if not items:
            ws.append(safe_row(ws, [d, WEEKDAYS[d.weekday()], kind_text, required, None, None, None]))
        for i, e in enumerate(items):
            ws.append(safe_row(ws, [d, WEEKDAYS[d.weekday()], kind_text if i == 0 else None,
                                    required if i == 0 else None, e.activity, e.hours,
                                    codes.ABSENCE_LABELS.get(e.absence, e.absence) if e.absence else ""]))
        d += timedelta(days=1)
    # Dates as dates; Excel shows them with the default date format of the cell's locale.


def _pdf(report: MonthlyReport, path: Path, unit_name: str, printed_by: str, today: date, heading: str = "") -> None:
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    from ame_desktop.io.pdf_common import MARGIN, PAGE, build_pdf, numbered_canvas, styles, text_para

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
        page = _person_page(report, p, unit_name, printed_by, today, st)
        if heading:
            page.insert(0, text_para(heading, st["small"]))
        story.extend(page)
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
    out.append(Spacer(1, 3 * mm))
    info = [["Deltagare", text_para(p.name, st["cell"])], ["Personnummer", format_digits(p.personnummer)],
            ["Handledare", text_para(p.staff or "–", st["cell"])],
            ["Handläggare", text_para(p.caseworker or "–", st["cell"])],
            ["Period", f"{report.first_day.isoformat()} – {report.last_day.isoformat()} "
                       f"({len(report.working_days)} arbetsdagar)"]]
    for period in p.periods:
        info.append(["Kravperiod", text_para(period.describe(), st["cell"])])
        if period.decision():
            info.append(["Beslut", text_para(period.decision(), st["cell"])])
    t = Table(info, colWidths=[38 * mm, 130 * mm])
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "AmeSans"), ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                           ("FONTNAME", (0, 0), (0, -1), "AmeSans-Bold"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    out.append(t)
    out.append(Paragraph("Månadens timmar och dagar", st["h2"]))
    cells = [[label.replace(" (h)", ""), _h(getattr(p, key)) if key.endswith("_hours") else str(getattr(p, key))]
             for key, label in FIGURES] + [["Status", STATUS_LABELS[p.status]]]
    half = (len(cells) + 1) // 2
    rows = [cells[i] + (cells[i + half] if i + half < len(cells) else ["", ""]) for i in range(half)]
    ft = Table(rows, colWidths=[50 * mm, 26 * mm, 50 * mm, 42 * mm])
    ft.setStyle(TableStyle(_plain_style() + [
        ("ALIGN", (1, 0), (1, -1), "RIGHT"), ("ALIGN", (3, 0), (3, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f7")),
        ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#eef2f7")),
        ("FONTNAME", (2, half - 1), (3, half - 1), "AmeSans-Bold")]))
    out.append(ft)
    out.append(Spacer(1, 2 * mm))
    out.append(Paragraph(STATUS_EXPLANATIONS[p.status], st["body"]))

    out.append(Paragraph("Datum att känna till", st["h2"]))
    no_reason = p.no_reason_absences
    lines = [
        ("Frånvaro utan anmält skäl", "; ".join(f"{d.isoformat()} {WEEKDAYS[d.weekday()]} ({_h(e.hours)}, "
                                               f"{e.activity})" for d, e in no_reason)),
        ("Kravdagar där timmar inte registrerats", "; ".join(
            f"{d.isoformat()} ({reg:g} av {req:g} h)".replace(".", ",") for d, reg, req in p.unregistered_dates)),
        ("Kravdagar då personen inte var inskriven", _dates(p.not_enrolled_dates)),
        ("Stängda dagar (enheten erbjöd inget)", "; ".join(f"{d.isoformat()} ({why})"
                                                           for d, why in p.closed_dates.items())),
    ]
    dt = Table([[Paragraph(k, st["cellbold"]), text_para(v or "inga", st["cell"])] for k, v in lines],
               colWidths=[58 * mm, 110 * mm])
    dt.setStyle(TableStyle(_plain_style() + [("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f7"))]))
    out.append(dt)
    for start, end, n in p.sick_without_certificate:
        out.append(Spacer(1, 1.5 * mm))
        out.append(Paragraph(f"Sjuk utan läkarintyg {n} arbetsdagar i följd ({start.isoformat()} – "
                             f"{end.isoformat()}).", st["body"]))

    out.append(Paragraph("Registrerad frånvaro", st["h2"]))
    absences = [(d, e) for d, items in sorted(p.entries_by_day.items()) for e in items if e.absence]
    if absences:
        rows = [["Datum", "Aktivitet", "Timmar", "Orsak"]]
        for d, e in absences:
            rows.append([f"{d.isoformat()} {WEEKDAYS[d.weekday()]}", text_para(e.activity, st["cell"]), _h(e.hours),
                         text_para(codes.ABSENCE_LABELS.get(e.absence, e.absence), st["cell"])])
        at = Table(rows, colWidths=[30 * mm, 72 * mm, 18 * mm, 48 * mm], repeatRows=1)
        at.setStyle(TableStyle(list(TABLE_STYLE) + [("ALIGN", (2, 1), (2, -1), "RIGHT")]))
        out.append(at)
    else:
        out.append(Paragraph("Ingen frånvaro registrerad.", st["body"]))
    out.append(Spacer(1, 3 * mm))
    out.append(Paragraph(NAMND_NOTE, st["body"]))
    out.append(Spacer(1, 8 * mm))
    sign = Table([[f"Handledare: {p.staff or printed_by or '–'}", f"Datum: {today.isoformat()}"],
                  ["Underskrift: ______________________________", ""]],
                 colWidths=[110 * mm, 58 * mm])
    sign.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "AmeSans"), ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                              ("TOPPADDING", (0, 1), (-1, 1), 10)]))
    out.append(KeepTogether(sign))
    return out


def _h(hours: float) -> str:
    return f"{hours:.2f}".replace(".", ",") + " h"
