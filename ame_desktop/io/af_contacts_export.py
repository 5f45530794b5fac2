"""The AF contact log of a period as .xlsx (sheets Kontaktlogg + Sammanställning) or .pdf (the
summary first, then the log; A4 landscape).

Pseudonymous files (`pseudonymous=True`, for sharing with AF or the committee) leave out
everything that points at a participant: personnummer and name (replaced by "Deltagare 1",
"Deltagare 2" … — the same person keeps the same number throughout the file), and the free
text of the contact (Fråga, Utfall), because staff write names and circumstances there and no
filter can find them all. The AF contact person's name is left out too; the unit's own staff
(handledare) and the AF office stay, since following up the local agreement needs them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ame_desktop.domain.af_codes import CATEGORY_LABELS, CHANNEL_LABELS
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.io.cells import save_workbook
from ame_desktop.io.files import atomic_output_as
from ame_desktop.domain.af_contact_log import (
    FOLLOW_LABELS,
    ContactReport,
    ContactRow,
    Summary,
    contacts_per_month_total,
)

MONTHS_SHORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
STRATEGIC_TEXT = "Ingen (strategisk)"
CONSENT_FLAG = "SAMTYCKE SAKNAS"
DEFINITIONS = [
    "Perioden omfattar kontakter daterade från första till sista dagen, båda inräknade.",
    "Öppen uppföljning: har ett uppföljningsdatum men är inte markerad klar. Försenad: öppen och "
    "uppföljningsdatumet har passerat. Att göra: öppen och uppföljningsdatumet är i dag eller tidigare.",
    "Dagar till klar uppföljning räknas i kalenderdagar från kontaktens datum till dagen uppföljningen "
    "blev klar; medianen gäller periodens kontakter med klar uppföljning.",
    "Samtycke saknas: kontakten gäller en deltagare och samtycke till informationsdelning var inte "
    "dokumenterat senast på kontaktdagen. Kontakten är loggad men flaggad.",
]
PSEUDO_NOTE = ("Pseudonymiserad: personnummer, deltagarnas namn, AF-kontaktperson och fritext (fråga och utfall) "
               "är utelämnade. Samma deltagare har samma nummer i hela filen.")


def write_af_contacts(report: ContactReport, out: Path | str, *, pseudonymous: bool = False, unit_name: str = "",
                      today: date | None = None) -> Path:
    """Write the report atomically (a half-written file never replaces a good one)."""
    day = today or report.today
    return atomic_output_as(out, {".xlsx": lambda tmp: _xlsx(report, tmp, pseudonymous, unit_name, day),
                                  ".pdf": lambda tmp: _pdf(report, tmp, pseudonymous, unit_name, day)},
                            what="AF-kontakterna")


class Pseudonyms:
    """participant id → "Deltagare n", numbered in the order people first appear in the file."""

    def __init__(self) -> None:
        self.numbers: dict[int, int] = {}

    def __call__(self, participant_id: int) -> str:
        n = self.numbers.setdefault(participant_id, len(self.numbers) + 1)
        return f"Deltagare {n}"


def _who(r: ContactRow, pseudo: Pseudonyms | None) -> tuple[str, str]:
    """(personnummer, name) as the file shows them."""
    if r.participant_id is None:
        return "", STRATEGIC_TEXT
    if pseudo is not None:
        return "", pseudo(r.participant_id)
    return format_digits(r.personnummer or ""), r.name


def _consent(r: ContactRow) -> str:
    if r.participant_id is None:
        return "–"
    if not r.consent_documented:
        return "Nej"
    return "Ja" + (f" {r.consent_on.isoformat()}" if r.consent_on else "")


def _follow(r: ContactRow) -> str:
    return FOLLOW_LABELS.get(r.follow_up, "")


def period_text(report: ContactReport) -> str:
    return f"{report.start.isoformat()} – {report.end.isoformat()}"


def month_title(key: str) -> str:
    year, month = key.split("-")
    return f"{MONTHS_SHORT[int(month) - 1]} {year}"


def days_text(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}".replace(".", ",")


def key_figures(sm: Summary) -> list[tuple[str, str]]:
    return [
        ("Kontakter", str(sm.total)),
        ("– om en deltagare", str(sm.with_participant)),
        ("– strategiska (utan deltagare)", str(sm.strategic)),
        ("Kontakter med uppföljning", str(sm.with_follow_up)),
        ("Öppna uppföljningar", str(sm.open_follow_ups)),
        ("– varav försenade", str(sm.late_follow_ups)),
        ("Klara uppföljningar", str(sm.done_follow_ups)),
        ("Median dagar till klar uppföljning", days_text(sm.median_days_to_done)),
        ("Kontakter där samtycke saknas", str(sm.consent_missing)),
    ]


# -- xlsx ----------------------------------------------------------------------------------------------
def log_headers(pseudonymous: bool) -> list[str]:
    if pseudonymous:
        return ["Datum", "Tid", "Deltagare", "Handledare", "AF-kontor", "Kanal", "Kategori", "Samtycke",
                "Flagga", "Uppföljning", "Uppföljning klar", "Dagar till klar", "Uppföljningsstatus"]
    return ["Datum", "Tid", "Personnummer", "Deltagare", "Handledare", "AF-kontaktperson", "AF-kontor", "Kanal",
            "Kategori", "Samtycke", "Flagga", "Fråga", "Utfall", "Uppföljning", "Uppföljning klar",
            "Dagar till klar", "Uppföljningsstatus"]


def log_values(r: ContactRow, pseudo: Pseudonyms | None) -> list:
    number, name = _who(r, pseudo)
    flag = CONSENT_FLAG if r.consent_missing else ""
    head = [r.contact_day, r.contact_at.strftime("%H:%M")]
    tail = [r.follow_up_on, r.follow_up_done_on, r.days_to_done, _follow(r)]
    if pseudo is not None:
        return head + [name, r.staff, r.af_office or "", r.channel_label, r.category_label, _consent(r), flag] + tail
    return head + [number, name, r.staff, r.af_person or "", r.af_office or "", r.channel_label, r.category_label,
                   _consent(r), flag, r.question or "", r.outcome or ""] + tail


def _xlsx(report: ContactReport, path: Path, pseudonymous: bool, unit_name: str, today: date) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE6F0")
    flag_fill = PatternFill("solid", fgColor="F8D7DA")
    late_fill = PatternFill("solid", fgColor="FFF3CD")
    pseudo = Pseudonyms() if pseudonymous else None

    wb = Workbook()
    ws = wb.active
    ws.title = "Kontaktlogg"
    headers = log_headers(pseudonymous)
    ws.append(headers)
    for c in ws[1]:
        c.font, c.fill = bold, head_fill
    flag_col = headers.index("Flagga") + 1
    status_col = headers.index("Uppföljningsstatus") + 1
    wrap = Alignment(wrap_text=True, vertical="top")
    for r in report.rows:
        ws.append(log_values(r, pseudo))
        row = ws.max_row
        for col, title in enumerate(headers, start=1):
            cell = ws.cell(row=row, column=col)
            if title in ("Datum", "Uppföljning", "Uppföljning klar"):
                cell.number_format = "yyyy-mm-dd"
            if title in ("Fråga", "Utfall"):
                cell.alignment = wrap
        if r.consent_missing:
            ws.cell(row=row, column=flag_col).fill = flag_fill
        if r.follow_up in ("forsenad", "idag"):
            ws.cell(row=row, column=status_col).fill = late_fill
    widths = {"Datum": 11, "Tid": 6, "Personnummer": 15, "Deltagare": 24, "Handledare": 18,
              "AF-kontaktperson": 18, "AF-kontor": 28, "Kanal": 14, "Kategori": 28, "Samtycke": 14, "Flagga": 17,
              "Fråga": 48, "Utfall": 48, "Uppföljning": 12, "Uppföljning klar": 15, "Dagar till klar": 13,
              "Uppföljningsstatus": 18}
    for col, title in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(title, 14)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, ws.max_row)}"

    sm = report.summary
    ss = wb.create_sheet("Sammanställning")
    ss.append(["Kontakter med Arbetsförmedlingen" + (f" – {unit_name}" if unit_name else "")])
    ss["A1"].font = Font(bold=True, size=14)
    ss.append([f"Period {period_text(report)}. Uppföljningarnas läge per {today.isoformat()}."])
    if pseudonymous:
        ss.append([PSEUDO_NOTE])
    ss.append([])
    ss.append(["Nyckeltal", "Antal"])
    for c in ss[ss.max_row]:
        c.font, c.fill = bold, head_fill
    for label, value in key_figures(sm):
        ss.append([label, _number(value)])
    ss.append([])
    ss.append(["Kontakter per kategori och månad"])
    ss.cell(row=ss.max_row, column=1).font = bold
    ss.append(["Kategori"] + [month_title(m) for m in sm.months] + ["Totalt"])
    for c in ss[ss.max_row]:
        c.font, c.fill = bold, head_fill
    for code, label in CATEGORY_LABELS.items():
        per_month = sm.by_category_month.get(code, {})
        ss.append([label] + [per_month.get(m, 0) for m in sm.months] + [sm.by_category.get(code, 0)])
    totals = contacts_per_month_total(sm)
    ss.append(["Totalt"] + [totals[m] for m in sm.months] + [sm.total])
    for c in ss[ss.max_row]:
        c.font = bold
    ss.append([])
    ss.append(["Kontakter per kanal", "Antal"])
    for c in ss[ss.max_row]:
        c.font, c.fill = bold, head_fill
    for code, label in CHANNEL_LABELS.items():
        ss.append([label, sm.by_channel.get(code, 0)])
    ss.append([])
    ss.append(["Definitioner"])
    ss.cell(row=ss.max_row, column=1).font = bold
    for line in DEFINITIONS:
        ss.append([line])
    ss.column_dimensions["A"].width = 36
    for col in range(2, len(sm.months) + 3):
        ss.column_dimensions[get_column_letter(col)].width = 10
    save_workbook(wb, path)


def _number(text: str):
    """Counts as numbers in Excel; the median may be '–' or a decimal."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return text


# -- pdf -----------------------------------------------------------------------------------------------
def _landscape_canvas(footer: str, printed: date):
    """pdf_common's numbered canvas with the footer placed for the page's own width (landscape)."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from ame_desktop.io.pdf_common import FONT, MARGIN, numbered_canvas, register_fonts

    base = numbered_canvas(footer, printed)

    class LandscapeCanvas(base):  # type: ignore[valid-type,misc]
        def _footer(self, total: int) -> None:
            register_fonts()
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(colors.HexColor("#555555"))
            width = self._pagesize[0]
            self.drawString(MARGIN, 10 * mm, footer)
            self.drawCentredString(width / 2, 10 * mm, f"Sida {self._pageNumber} av {total}")
            self.drawRightString(width - MARGIN, 10 * mm, f"Utskrivet {printed.isoformat()}")
            self.restoreState()

    return LandscapeCanvas


def _pdf(report: ContactReport, path: Path, pseudonymous: bool, unit_name: str, today: date) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    from ame_desktop.io.pdf_common import MARGIN, build_pdf, styles

    st = styles()
    page = landscape(A4)
    doc = SimpleDocTemplate(str(path), pagesize=page, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=14 * mm,
                            bottomMargin=18 * mm, title=f"Kontakter med Arbetsförmedlingen {period_text(report)}",
                            author=unit_name or "AME Desktop")
    width = page[0] - 2 * MARGIN
    story: list = []
    story.extend(_summary_story(report, pseudonymous, unit_name, today, st, width))
    story.append(PageBreak())
    story.append(Paragraph(f"Kontaktlogg {period_text(report)}", st["title"]))
    if pseudonymous:
        story.append(Paragraph(PSEUDO_NOTE, st["small"]))
    if report.rows:
        story.append(_log_table(report, pseudonymous, st, width))
    else:
        story.append(Paragraph("Inga kontakter under perioden.", st["body"]))
    footer = f"AF-kontakter {period_text(report)}"
    if unit_name:
        footer = f"{unit_name} – {footer}"
    build_pdf(doc, story, canvasmaker=_landscape_canvas(footer, today))


def _summary_story(report: ContactReport, pseudonymous: bool, unit_name: str, today: date, st, width: float) -> list:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from ame_desktop.io.pdf_common import FONT_BOLD, TABLE_STYLE
    from ame_desktop.io.pdf_common import esc as escape

    sm = report.summary
    out: list = []
    if unit_name:
        out.append(Paragraph(escape(unit_name), st["small"]))
    out.append(Paragraph("Kontakter med Arbetsförmedlingen – sammanställning", st["title"]))
    out.append(Paragraph(f"Period {period_text(report)}. Uppföljningarnas läge per {today.isoformat()}.", st["body"]))
    if pseudonymous:
        out.append(Paragraph(PSEUDO_NOTE, st["small"]))
    out.append(Spacer(1, 2 * mm))

    compact = [("FONTSIZE", (0, 0), (-1, -1), 8.5), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
               ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]
    figures = [["Nyckeltal", "Antal"]] + [[label, value] for label, value in key_figures(sm)]
    ft = Table(figures, colWidths=[62 * mm, 18 * mm])
    style = list(TABLE_STYLE) + compact + [("ALIGN", (1, 1), (1, -1), "RIGHT")]
    if sm.late_follow_ups:
        style.append(("TEXTCOLOR", (1, 6), (1, 6), colors.HexColor("#b00020")))
    if sm.consent_missing:
        style.append(("TEXTCOLOR", (1, 9), (1, 9), colors.HexColor("#b00020")))
    ft.setStyle(TableStyle(style))
    channels = [["Kanal", "Antal"]] + [[label, str(sm.by_channel.get(code, 0))]
                                       for code, label in CHANNEL_LABELS.items()]
    ct = Table(channels, colWidths=[36 * mm, 16 * mm])
    ct.setStyle(TableStyle(list(TABLE_STYLE) + compact + [("ALIGN", (1, 1), (1, -1), "RIGHT")]))
    definitions = [Paragraph("<b>Definitioner</b>", st["small"])]
    definitions += [Paragraph(line, st["small"]) for line in DEFINITIONS]
    rest = width - 86 * mm - 58 * mm
    side = Table([[ft, ct, definitions]], colWidths=[86 * mm, 58 * mm, rest])
    side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    side.hAlign = "LEFT"
    out.append(side)

    out.append(Paragraph("Kontakter per kategori och månad", st["h2"]))
    totals = contacts_per_month_total(sm)
    chunks = [sm.months[i:i + 12] for i in range(0, len(sm.months), 12)] or [[]]
    for n, months in enumerate(chunks):
        last = n == len(chunks) - 1
        header = ["Kategori"] + [month_title(m).replace(" ", "\n") for m in months] + (["Totalt"] if last else [])
        rows = [header]
        for code, label in CATEGORY_LABELS.items():
            per_month = sm.by_category_month.get(code, {})
            rows.append([label] + [_zero(per_month.get(m, 0)) for m in months]
                        + ([str(sm.by_category.get(code, 0))] if last else []))
        rows.append(["Totalt"] + [str(totals[m]) for m in months] + ([str(sm.total)] if last else []))
        first_col = 58 * mm
        other = min(16 * mm, (width - first_col) / max(1, len(header) - 1))
        t = Table(rows, colWidths=[first_col] + [other] * (len(header) - 1), repeatRows=1)
        t.setStyle(TableStyle(list(TABLE_STYLE) + [
            ("FONTSIZE", (0, 0), (-1, -1), 8), ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD), ("FONTNAME", (-1, 0), (-1, -1), FONT_BOLD),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("TEXTCOLOR", (1, 1), (-2, -2), colors.HexColor("#222222")),
        ]))
        t.hAlign = "LEFT"
        out.append(t)
        out.append(Spacer(1, 3 * mm))
    return out


def _zero(n: int) -> str:
    return str(n) if n else "·"


def _log_table(report: ContactReport, pseudonymous: bool, st, width: float):
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    from ame_desktop.io.pdf_common import TABLE_STYLE
    from ame_desktop.io.pdf_common import esc as escape

    cell = ParagraphStyle("logcell", parent=st["cell"], fontSize=7.5, leading=9.3)
    flag = ParagraphStyle("flag", parent=cell, textColor=colors.HexColor("#b00020"))
    pseudo = Pseudonyms() if pseudonymous else None

    def p(text: str, style=cell) -> Paragraph:
        return Paragraph(text, style)

    if pseudonymous:
        headers = ["Datum", "Deltagare", "Handledare", "AF-kontor", "Kanal", "Kategori", "Samtycke", "Uppföljning"]
        fixed = [22, 30, 32, 44, 24, 44, 26]
    else:
        headers = ["Datum", "Deltagare", "Handledare", "AF", "Kategori / kanal", "Samtycke", "Fråga / utfall",
                   "Uppföljning"]
        fixed = [19, 34, 24, 34, 36, 19]
    follow_w = 26 * mm
    widths = [w * mm for w in fixed]
    if pseudonymous:
        widths.append(width - sum(widths))
    else:
        widths += [width - sum(widths) - follow_w, follow_w]
    rows: list[list] = [headers]
    style = list(TABLE_STYLE) + [("FONTSIZE", (0, 0), (-1, 0), 8), ("TOPPADDING", (0, 0), (-1, -1), 2),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    for i, r in enumerate(report.rows, start=1):
        number, name = _who(r, pseudo)
        who = escape(name) + (f"<br/>{number}" if number else "")
        consent = _consent(r)
        consent_cell = p(f"<b>Saknas</b><br/>({escape(consent)})" if r.consent_missing else escape(consent),
                         flag if r.consent_missing else cell)
        follow = ""
        if r.follow_up_on:
            follow = r.follow_up_on.isoformat()
            if r.follow_up_done_on:
                follow += f"<br/>klar {r.follow_up_done_on.isoformat()} ({r.days_to_done} d)"
            else:
                follow += f"<br/>{FOLLOW_LABELS[r.follow_up].lower()}"
        follow_cell = p(follow, flag if r.follow_up == "forsenad" else cell)
        when = p(f"{r.contact_day.isoformat()}<br/>{r.contact_at:%H:%M}")
        if pseudonymous:
            rows.append([when, p(who), p(escape(r.staff)), p(escape(r.af_office or "")), p(escape(r.channel_label)),
                         p(escape(r.category_label)), consent_cell, follow_cell])
        else:
            af = escape(r.af_office or "") + (f"<br/>{escape(r.af_person)}" if r.af_person else "")
            text = []
            if r.question:
                text.append(f"<b>F:</b> {escape(r.question)}")
            if r.outcome:
                text.append(f"<b>U:</b> {escape(r.outcome)}")
            kind = p(f"{escape(r.category_label)}<br/><font color='#555555'>{escape(r.channel_label)}</font>")
            rows.append([when, p(who), p(escape(r.staff)), p(af), kind, consent_cell, p("<br/>".join(text)),
                         follow_cell])
        if i % 2 == 0:
            style.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f4f7fa")))
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle(style))
    return t
