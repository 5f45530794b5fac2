"""Notices to the caseworker (services/notices.py) as .pdf (one page per person), .xlsx (a row
per item) or .txt (the e-mail texts, one after the other)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ame_desktop.io.files import atomic_output_as

XLSX_HEADERS = ["Personnummer", "Namn", "Kommunkod", "Handläggare", "Handläggarens e-post", "Slag", "Från", "Till",
                "Arbetsdagar", "Timmar"]


def write_notices(pending, out: Path | str, *, unit_name: str, threshold: int, today: date) -> Path:
    return atomic_output_as(out, {
        ".pdf": lambda tmp: write_notice_pdf(pending, tmp, unit_name=unit_name, threshold=threshold, today=today),
        ".xlsx": lambda tmp: _xlsx(pending, tmp),
        ".txt": lambda tmp: _txt(pending, tmp, unit_name, threshold, today),
    }, what="Underrättelserna")


def _txt(pending, path: Path, unit_name: str, threshold: int, today: date) -> None:
    from ame_desktop.domain.absence_notices import notice_text

    texts = [notice_text(n, unit_name, threshold, today) for n in pending]
    path.write_text(("\n" + "-" * 60 + "\n\n").join(texts) if texts else "Inga underrättelser väntar.\n",
                    encoding="utf-8")


def _xlsx(pending, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from ame_desktop.io.cells import save_workbook
    from ame_desktop.domain.absence_notices import KIND_LABELS

    wb = Workbook()
    ws = wb.active
    ws.title = "Att underrätta"
    for col, h in enumerate(XLSX_HEADERS, start=1):
        c = ws.cell(row=1, column=col, value=h)
        c.font, c.fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
    row = 2
    for n in pending:
        for i in n.items:
            values = [n.personnummer, n.name, n.municipality_code, n.caseworker or "", n.caseworker_email or "",
                      KIND_LABELS[i.kind], i.day_from, i.day_to, i.days, i.hours]
            for col, v in enumerate(values, start=1):
                c = ws.cell(row=row, column=col, value=v)
                if col in (7, 8):
                    c.number_format = "yyyy-mm-dd"
            row += 1
    for col, w in zip("ABCDEFGHIJ", (15, 24, 10, 20, 26, 30, 12, 12, 11, 9)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "A2"
    save_workbook(wb, path)


def write_notice_pdf(pending, path: Path | str, *, unit_name: str, threshold: int, today: date) -> None:
    """One page per person (or a page saying none are waiting). Fixed metadata (invariant), so
    the same notices on the same day give the same bytes."""
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from ame_desktop.domain.personnummer import format_digits
    from ame_desktop.io.pdf_common import MARGIN, PAGE, TABLE_STYLE, build_pdf, esc, numbered_canvas, styles
    from ame_desktop.domain.absence_notices import KIND_LABELS, NAMND_SENTENCE

    st = styles()
    story: list = []
    if not pending:
        story.append(Paragraph("Underrättelse om frånvaro – aktivitetskrav", st["title"]))
        story.append(Paragraph("Inga underrättelser väntar.", st["body"]))
    for k, n in enumerate(pending):
        if k:
            story.append(PageBreak())
        story.append(Paragraph(esc(unit_name), st["small"]))
        story.append(Paragraph("Underrättelse om frånvaro – aktivitetskrav", st["title"]))
        story.append(Spacer(1, 3 * mm))
        head = [["Till", esc(n.caseworker or "Handläggaren för ekonomiskt bistånd")],
                ["Deltagare", esc(n.name)], ["Personnummer", format_digits(n.personnummer)],
                ["Datum", today.isoformat()]]
        t = Table([[a, Paragraph(b, st["cell"])] for a, b in head], colWidths=[38 * mm, 130 * mm])
        t.setStyle(TableStyle([("FONTNAME", (0, 0), (0, -1), "AmeSans-Bold"), ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(t)
        story.append(Paragraph("Sedan förra underrättelsen har följande registrerats", st["h2"]))
        rows = [["Slag", "Från", "Till", "Arbetsdagar", "Timmar"]]
        for i in n.items:
            rows.append([Paragraph(esc(KIND_LABELS[i.kind] + (f" ({i.activities})" if i.activities else "")),
                                   st["cell"]), i.day_from.isoformat(), i.day_to.isoformat(), str(i.days),
                         f"{i.hours:.2f}".replace(".", ",")])
        it = Table(rows, colWidths=[70 * mm, 25 * mm, 25 * mm, 24 * mm, 22 * mm], repeatRows=1)
        it.setStyle(TableStyle(list(TABLE_STYLE) + [("ALIGN", (3, 1), (4, -1), "RIGHT")]))
        story.append(it)
        story.append(Spacer(1, 4 * mm))
        if any(i.kind == "sjuk_utan_intyg" for i in n.items):
            story.append(Paragraph(f"Sjukdom utan läkarintyg markeras när den pågått mer än {threshold} "
                                   "arbetsdagar i följd.", st["body"]))
        story.append(Paragraph(esc(NAMND_SENTENCE), st["body"]))
    doc = SimpleDocTemplate(str(path), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=22 * mm, title="Underrättelse om frånvaro", author=unit_name or "AME Desktop",
                            creator="AME Desktop", invariant=1)
    build_pdf(doc, story, canvasmaker=numbered_canvas(f"{unit_name} – underrättelse", today))
