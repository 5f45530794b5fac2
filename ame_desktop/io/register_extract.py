"""The registerutdrag as .xlsx (a sheet per table) or .pdf (a section per table)."""

from __future__ import annotations

from pathlib import Path

from ame_desktop.domain.personnummer import format_digits
from ame_desktop.io.cells import save_workbook
from ame_desktop.io.files import atomic_output_as
from ame_desktop.domain.register_extract import Extract


def write_extract(extract: Extract, out: Path | str, unit_name: str = "") -> Path:
    return atomic_output_as(out, {".pdf": lambda tmp: _pdf(extract, tmp, unit_name),
                                  ".xlsx": lambda tmp: _xlsx(extract, tmp, unit_name)}, what="Registerutdraget")


def _text(value: object) -> object:
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return value


def _xlsx(extract: Extract, path: Path, unit_name: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Om utdraget"
    for row in (("Registerutdrag", f"{extract.name} ({format_digits(extract.personnummer)})"),
                ("Framtaget", extract.made_at.isoformat(sep=" ")), ("Verksamhet", unit_name),
                ("Innehåll", "Allt som finns lagrat om personen i AME Desktop, ett blad per tabell.")):
        ws.append(row)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 80
    used: set[str] = set()
    for table, label, columns, rows in extract.sections:
        title = label.replace(":", " ").replace("/", "-")[:31]
        while title in used:
            title = title[:29] + "_2"
        used.add(title)
        sheet = wb.create_sheet(title)
        sheet.append(columns)
        for c in sheet[1]:
            c.font = Font(bold=True)
        for r in rows:
            sheet.append([_text(v) for v in r])
    save_workbook(wb, path)


def _pdf(extract: Extract, path: Path, unit_name: str) -> None:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from ame_desktop.io.pdf_common import MARGIN, PAGE, TABLE_STYLE, build_pdf, numbered_canvas, styles
    from ame_desktop.io.pdf_common import esc as escape

    st = styles()
    doc = SimpleDocTemplate(str(path), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=22 * mm, title="Registerutdrag")
    story = []
    if unit_name:
        story.append(Paragraph(escape(unit_name), st["small"]))
    story.append(Paragraph("Registerutdrag", st["title"]))
    story.append(Paragraph(f"{escape(extract.name)}, {format_digits(extract.personnummer)}. Framtaget "
                           f"{extract.made_at.isoformat(sep=' ')}. Allt som finns lagrat om personen i AME Desktop.",
                           st["body"]))
    for table, label, columns, rows in extract.sections:
        story.append(Paragraph(f"{escape(label)} ({len(rows)})", st["h2"]))
        if not rows:
            story.append(Paragraph("Inga uppgifter.", st["small"]))
            continue
        # One small two-column table per row: works for any number of columns on A4.
        for r in rows:
            data = [[Paragraph(escape(c), st["cellbold"]), Paragraph(escape("" if v is None else str(_text(v))), st["cell"])]
                    for c, v in zip(columns, r)]
            t = Table(data, colWidths=[45 * mm, 125 * mm])
            t.setStyle(TableStyle(TABLE_STYLE[:1] + [("GRID", (0, 0), (-1, -1), 0.3, "#b7c0cc"),
                                                     ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(t)
            story.append(Spacer(1, 2 * mm))
    build_pdf(doc, story, canvasmaker=numbered_canvas(f"Registerutdrag {format_digits(extract.personnummer)}"))
