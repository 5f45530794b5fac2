"""The correction report (rättelse): the figures as delivered and as they are now, side by side,
as PDF (from a snapshot: fixed metadata, the same bytes every time) or xlsx."""

from __future__ import annotations

from pathlib import Path

from ame_desktop.io.files import atomic_output_as


def _figures():
    from ame_desktop.io.activity_report import FIGURES

    return FIGURES


def _value(p, key):
    return None if p is None else getattr(p, key, None)


def _fmt(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.2f}".replace(".", ",")
    return str(v)


def _no_reason_dates(p) -> str:
    if p is None:
        return "–"
    days = sorted({d for d, e in p.no_reason_absences}) if hasattr(p, "no_reason_absences") else []
    return ", ".join(d.isoformat() for d in days) or "inga"


def rows_for(change) -> list[tuple[str, str, str, bool]]:
    """(label, before, now, differs) for one person."""
    from ame_desktop.domain.activity_month import STATUS_LABELS

    out = []
    for key, label in _figures():
        a, b = _value(change.old, key), _value(change.new, key)
        out.append((label, _fmt(a), _fmt(b), a != b))
    sa_, sb = _value(change.old, "status"), _value(change.new, "status")
    out.append(("Status", STATUS_LABELS.get(sa_, sa_ or "–"), STATUS_LABELS.get(sb, sb) if sb else "–", sa_ != sb))
    da, db = _no_reason_dates(change.old), _no_reason_dates(change.new)
    out.append(("Dagar med frånvaro utan anmält skäl", da, db, da != db))
    return out


def write_correction_file(c, out: Path | str) -> Path:
    return atomic_output_as(out, {".pdf": lambda tmp: write_correction_pdf(c, tmp), ".xlsx": lambda tmp: _xlsx(c, tmp)},
                            what="Rättelsen")


def _xlsx(c, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from ame_desktop.io.cells import save_workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Rättelse"
    ws.append([f"Rättelse – närvarorapport {c.month} till {c.recipient} (lämnad {c.original_on.isoformat()})"])
    ws.append([])
    ws.append(["Personnummer", "Namn", "Uppgift", "Som lämnat", "Nu", "Ändrat"])
    for cell in ws[3]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
    for ch in c.changed:
        for label, a, b, differs in rows_for(ch):
            ws.append([ch.personnummer, ch.name, label, a, b, "ja" if differs else ""])
    for col, w in zip("ABCDEF", (15, 24, 36, 28, 28, 8)):
        ws.column_dimensions[col].width = w
    save_workbook(wb, path)


def write_correction_pdf(c, path: Path | str) -> None:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from ame_desktop.domain.personnummer import format_digits
    from ame_desktop.io.activity_report import MONTHS
    from ame_desktop.io.pdf_common import MARGIN, PAGE, TABLE_STYLE, build_pdf, esc, numbered_canvas, styles

    st = styles()
    year, month = (int(x) for x in c.month.split("-"))
    printed = c.delivered_on or c.original_on
    story: list = []
    if c.unit_name:
        story.append(Paragraph(esc(c.unit_name), st["small"]))
    story.append(Paragraph(f"Rättelse – närvarorapport aktivitetskrav, {MONTHS[month - 1]} {year}", st["title"]))
    sent = (f"Lämnad till {esc(c.recipient)} {c.delivered_on.isoformat()} ({esc(c.channel)})." if c.delivered_on
            else f"Till {esc(c.recipient)} (utkast, ännu inte lämnad).")
    story.append(Paragraph(sent, st["small"]))
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph(
        f"Rapporten som lämnades {c.original_on.isoformat()} ({esc(c.original_channel)}) har ändrats efter "
        "leveransen: uppgifter har rättats eller registrerats i efterhand. Tabellerna visar för varje berörd "
        "person uppgifterna som de lämnades och som de är nu. Om frånvaro hade godtagbart skäl bedömer "
        "socialnämnden.", st["body"]))
    if not c.changed:
        story.append(Paragraph("Inga uppgifter har ändrats.", st["body"]))
    for ch in c.changed:
        rows = [["Uppgift", "Som lämnat", "Nu"]]
        style = list(TABLE_STYLE) + [("ALIGN", (1, 1), (2, -1), "LEFT")]
        for i, (label, a, b, differs) in enumerate(rows_for(ch), start=1):
            rows.append([Paragraph(esc(label), st["cell"]), Paragraph(esc(a), st["cell"]),
                         Paragraph(esc(b), st["cellbold"] if differs else st["cell"])])
            if differs:
                style.append(("BACKGROUND", (2, i), (2, i), colors.HexColor("#fff3c4")))
        t = Table(rows, colWidths=[64 * mm, 52 * mm, 52 * mm], repeatRows=1)
        t.setStyle(TableStyle(style))
        title = f"{esc(ch.name)}, {format_digits(ch.personnummer)}"
        if ch.new is None:
            title += " – finns inte längre i månadens rapport (kravperioden har ändrats eller tagits bort)"
        story.append(KeepTogether([Paragraph(title, st["h2"]), t]))
    doc = SimpleDocTemplate(str(path), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=22 * mm, title=f"Rättelse närvarorapport {c.month}",
                            author=c.unit_name or "AME Desktop", creator="AME Desktop", invariant=1)
    build_pdf(doc, story, canvasmaker=numbered_canvas(f"Rättelse {c.month}", printed))
