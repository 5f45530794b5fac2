"""The quarterly follow-up (services/quarter.py) as .xlsx (the figures, and "Så räknas det") or
.pdf (per municipality: charts, the table of figures, and "Så räknas det")."""

from __future__ import annotations

from pathlib import Path

from ame_desktop.io.files import atomic_output_as

MONTH_SHORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _col_label(col: str) -> str:
    if col == "kvartal":
        return "Kvartalet"
    y, m = col.split("-")
    return f"{MONTH_SHORT[int(m) - 1]} {y}"


def write_quarter(report, out: Path | str, *, unit_name: str = "") -> Path:
    return atomic_output_as(out, {".xlsx": lambda tmp: _xlsx(report, tmp, unit_name),
                                  ".pdf": lambda tmp: _pdf(report, tmp, unit_name)}, what="Kvartalsuppföljningen")


def _fmt(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return (f"{v:.1f}" if v != int(v) else f"{int(v)}").replace(".", ",")
    return str(v)


def _xlsx(report, path: Path, unit_name: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from ame_desktop.io.cells import save_workbook
    from ame_desktop.domain.quarter_figures import HOW_IT_IS_COUNTED, rows

    wb = Workbook()
    ws = wb.active
    ws.title = "Kvartal"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
    ws.append([f"Kvartalsuppföljning aktivitetskrav – {report.label}" + (f" – {unit_name}" if unit_name else "")])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    head = ["Kommunkod", "Kommun", "Uppgift"] + [_col_label(c) for c in report.columns]
    ws.append(head)
    for c in ws[3]:
        c.font, c.fill = bold, fill
    for code, name in report.municipalities:
        per_col = [rows(report.cells[(code, col)]) for col in report.columns]
        for i, (label, _) in enumerate(per_col[0]):
            ws.append([code, name, label] + [r[i][1] for r in per_col])
    ws.column_dimensions["A"].width = 11
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 58
    for col in "DEFG":
        ws.column_dimensions[col].width = 12
    ws.freeze_panes = "D4"
    how = wb.create_sheet("Så räknas det")
    how.append(["Uppgift", "Så räknas det"])
    for c in how[1]:
        c.font, c.fill = bold, fill
    for label, text in HOW_IT_IS_COUNTED:
        how.append([label, text])
    how.column_dimensions["A"].width = 36
    how.column_dimensions["B"].width = 120
    save_workbook(wb, path)


def _bar_chart(title: str, series: list[tuple[str, list[float]]], categories: list[str], st):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    palette = [colors.HexColor("#3b6ea5"), colors.HexColor("#e0a526"), colors.HexColor("#7a9e5a")]
    d = Drawing(82 * mm, 62 * mm)
    d.add(String(0, 58 * mm, title, fontName="AmeSans-Bold", fontSize=9))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 14 * mm, 66 * mm, 38 * mm
    chart.data = [vals for _, vals in series]
    chart.categoryAxis.categoryNames = categories
    chart.categoryAxis.labels.fontName = "AmeSans"
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = "AmeSans"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max([max(v) for _, v in series if v] + [1])
    chart.valueAxis.valueMax = top * 1.15
    for i in range(len(series)):
        chart.bars[i].fillColor = palette[i % len(palette)]
        chart.bars[i].strokeColor = None
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = 12 * mm, 5 * mm
    legend.fontName, legend.fontSize = "AmeSans", 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 40 * mm
    legend.colorNamePairs = [(palette[i % len(palette)], name) for i, (name, _) in enumerate(series)]
    d.add(legend)
    return d


def _pdf(report, path: Path, unit_name: str) -> None:
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from ame_desktop.io.pdf_common import MARGIN, PAGE, TABLE_STYLE, build_pdf, esc, numbered_canvas, styles
    from ame_desktop.domain.quarter_figures import HOW_IT_IS_COUNTED, QUARTER, rows

    st = styles()
    story: list = []
    months = [c for c in report.columns if c != QUARTER]
    cats = [_col_label(c) for c in months]
    if not report.municipalities:
        story.append(Paragraph(f"Kvartalsuppföljning aktivitetskrav – {report.label}", st["title"]))
        story.append(Paragraph("Ingen person hade aktivitetskrav under kvartalet.", st["body"]))
    for k, (code, name) in enumerate(report.municipalities):
        if k:
            story.append(PageBreak())
        if unit_name:
            story.append(Paragraph(esc(unit_name), st["small"]))
        story.append(Paragraph(f"Kvartalsuppföljning aktivitetskrav – {report.label}", st["title"]))
        story.append(Paragraph(f"{esc(name)} ({code}) · för socialnämnden och IVO", st["small"]))
        story.append(Spacer(1, 3 * mm))
        cell = {col: report.cells[(code, col)] for col in report.columns}
        charts = Table([[
            _bar_chart("Krävda och erbjudna timmar", [
                ("Krävda", [cell[c].required_hours for c in months]),
                ("Erbjudna (schema)", [cell[c].offered_hours for c in months])], cats, st),
            _bar_chart("Personer med krav och med plan", [
                ("Med krav", [cell[c].persons_with_requirement for c in months]),
                ("Med plan", [cell[c].persons_with_plan for c in months])], cats, st),
        ]], colWidths=[87 * mm, 87 * mm])
        story.append(charts)
        per_col = [rows(cell[c]) for c in report.columns]
        data = [["Uppgift"] + [_col_label(c) for c in report.columns]]
        for i, (label, _) in enumerate(per_col[0]):
            values = [r[i][1] for r in per_col]
            if label.startswith(("Nedsatt krav:", "Undantag:")) and not any(values):
                continue  # a reason nobody had: left out of the printed table (the xlsx has every row)
            data.append([Paragraph(esc(label), st["cell"])] + [_fmt(v) for v in values])
        t = Table(data, colWidths=[78 * mm, 24 * mm, 24 * mm, 24 * mm, 24 * mm], repeatRows=1)
        t.setStyle(TableStyle(list(TABLE_STYLE) + [("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                                                   ("FONTNAME", (-1, 1), (-1, -1), "AmeSans-Bold")]))
        story.append(t)
    story.append(PageBreak())
    story.append(Paragraph("Så räknas det", st["title"]))
    for label, text in HOW_IT_IS_COUNTED:
        story.append(Paragraph(esc(label), st["h2"]))
        story.append(Paragraph(esc(text), st["body"]))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph("Kommun är personens kommun i registret. Uppgifterna är fakta ur registret; de säger "
                           "inget om skälen bakom en frånvaro.", st["body"]))
    doc = SimpleDocTemplate(str(path), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=22 * mm, title=f"Kvartalsuppföljning {report.label}",
                            author=unit_name or "AME Desktop", creator="AME Desktop")
    build_pdf(doc, story, canvasmaker=numbered_canvas(f"Kvartalsuppföljning {report.label}"))
