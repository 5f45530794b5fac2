"""The results report after exit as .json, .xlsx or .pdf ("Resultatrapport" for the nämnd).

The PDF holds figures only (no names, no personnummer) and shows "–" for every figure about
fewer than five people (domain.exit_results.MASK_BELOW), so nobody can be recognised. The xlsx is
the working copy for the unit: the same figures unmasked and a sheet with the people behind them.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

from ame_desktop.domain import codes
from ame_desktop.io.cells import save_workbook
from ame_desktop.io.files import atomic_output_as
from ame_desktop.domain import followup_states as fu
from ame_desktop.domain.exit_results import DIMENSIONS, MASK_BELOW, ResultsReport, figures, results_json

SUFFIXES = (".json", ".xlsx", ".pdf")
DASH = "–"

HOW_IT_IS_COUNTED = [
    ("Avslut", "En inskrivning vars slutdatum ligger i perioden räknas som ett avslut, i den kommun "
               "inskrivningen hör till. En person som avslutats två gånger i perioden räknas två gånger. "
               "Avslut på grund av dödsfall ingår inte och följs inte upp."),
    ("Anvisare", "Den senaste anvisningen daterad senast på inskrivningens startdag; saknas en sådan, den första "
                 "anvisningen före avslutet; annars ”Anvisning saknas”."),
    ("Avslutsresultat", "KAS-kategorin A–E för avslutsorsaken."),
    ("Uppföljning", "Uppföljningen {months} månader efter avslutet (inställningen followup_months): personens "
                    "försörjning och sysselsättning då, efter samtal, uppgift ur register eller EB-systemet. En "
                    "uppföljning som ännu inte infallit är kommande; en person som skrivits in igen före "
                    "uppföljningsdagen följs inte upp (”inskriven igen”); en uppföljning som infallit men inte "
                    "gjorts är ”ej uppföljd”."),
    ("Självförsörjande", "Försörjning genom lön eller studiemedel. Andelen räknas av de uppföljningar där "
                         "försörjningen är registrerad; de som inte nåtts, skrivits in igen eller inte följts upp "
                         "ingår inte. Vid avslut: av de avslut där försörjningen vid avslutet är registrerad."),
    ("Försörjningsstöd före och efter", "Ur månadsutdragen från systemet för ekonomiskt bistånd: de 12 "
                                        "kalendermånaderna före den månad inskrivningen började och de 12 "
                                        "kalendermånaderna efter avslutsmånaden. En månad räknas när beloppet är "
                                        "större än 0. Bara månader som finns i de importerade utdragen kan räknas; "
                                        "jämförelsen före–efter gäller de avslut där båda perioderna finns helt."),
    ("Åter på försörjningsstöd", "Andelen avslut med försörjningsstöd någon av de första 6 (12) månaderna efter "
                                 "avslutsmånaden, av de avslut där det går att veta (stöd har betalats, eller hela "
                                 "perioden finns i utdragen utan stöd)."),
    ("Små tal", f"I den här rapporten visas ”{DASH}” för varje uppgift som bygger på färre än {MASK_BELOW} "
                "personer, så att ingen kan kännas igen."),
    ("Vad siffrorna säger", "Siffrorna beskriver vad som hände efter avslutet, inte varför. Mycket påverkar "
                            "försörjningen utöver enhetens insats: arbetsmarknaden, hälsa, regelverk och andra "
                            "myndigheters beslut."),
]


def how_it_is_counted(months: list[int]) -> list[tuple[str, str]]:
    words = ", ".join(str(m) for m in months[:-1]) + (" och " if len(months) > 1 else "") + str(months[-1])
    return [(label, text.replace("{months}", words)) for label, text in HOW_IT_IS_COUNTED]


def write_results(report: ResultsReport, out: Path | str, unit_name: str = "") -> Path:
    writers = {".json": lambda tmp: tmp.write_text(json.dumps(results_json(report), ensure_ascii=False, indent=1),
                                                  encoding="utf-8"),
               ".xlsx": lambda tmp: _xlsx(report, tmp, unit_name),
               ".pdf": lambda tmp: _pdf(report, tmp, unit_name)}
    assert tuple(writers) == SUFFIXES
    return atomic_output_as(out, writers, what="Resultatrapporten")


# -- shared formatting ------------------------------------------------------------------------
def pct(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.0f} %".replace(".", ",")


def kr(value: float | None) -> str:
    if value is None:
        return DASH
    return f"{value:,.0f}".replace(",", "\u00a0") + " kr"


def period_text(report: ResultsReport) -> str:
    return f"{report.date_from.isoformat()} – {report.date_to.isoformat()}"


def municipality_text(report: ResultsReport) -> str:
    if report.municipalities is None:
        return "alla kommuner"
    names = report.labels["municipality"]
    return ", ".join(f"{names.get(c, c)} ({c})" for c in report.municipalities)


def summary_rows(f: dict, months: list[int], masked: bool) -> list[tuple[str, str]]:
    """(label, value) lines of one set of figures; `masked` hides figures about < 5 people."""
    def m(value: str, people: int) -> str:
        return DASH if masked and people < MASK_BELOW else value

    rows = [("Avslut i perioden", m(str(f["exits"]), f["persons"])),
            ("Självförsörjande vid avslut",
             m(pct(f["at_exit"]["share_self_supporting"]), f["at_exit"]["recorded"])
             + f" (av {m(str(f['at_exit']['recorded']), f['at_exit']['recorded'])} med registrerad försörjning)")]
    for mo in months:
        g = f["followups"][str(mo)]
        rows.append((f"Självförsörjande efter {mo} månader",
                     m(pct(g["share_self_supporting"]), g["recorded"])
                     + f" (av {m(str(g['recorded']), g['recorded'])} uppföljda; ej nådda "
                       f"{m(str(g['not_reached']), g['not_reached'])}, inskrivna igen "
                       f"{m(str(g['reenrolled']), g['reenrolled'])}, ej uppföljda "
                       f"{m(str(g['not_followed_up']), g['not_followed_up'])}, kommande "
                       f"{m(str(g['upcoming']), g['upcoming'])})"))
    c = f["comparable"]
    rows += [
        ("Försörjningsstöd 12 mån före inskrivning", m(f"{kr(f['before']['kronor'])}, {f['before']['months']} månader",
                                                     f["persons"])),
        ("Försörjningsstöd 12 mån efter avslut", m(f"{kr(f['after']['kronor'])}, {f['after']['months']} månader",
                                                 f["persons"])),
        ("Jämförbara avslut (båda perioderna i utdragen)", m(str(c["exits"]), c["exits"])),
        ("– före / efter", m(f"{kr(c['before_kronor'])} / {kr(c['after_kronor'])}", c["exits"])),
        ("– skillnad (efter − före)", m(kr(c["difference_kronor"]), c["exits"])),
        ("Åter på försörjningsstöd inom 6 månader",
         m(pct(f["back_within_6"]["share"]), f["back_within_6"]["observed"])
         + f" (av {m(str(f['back_within_6']['observed']), f['back_within_6']['observed'])})"),
        ("Åter på försörjningsstöd inom 12 månader",
         m(pct(f["back_within_12"]["share"]), f["back_within_12"]["observed"])
         + f" (av {m(str(f['back_within_12']['observed']), f['back_within_12']['observed'])})"),
    ]
    return rows


GROUP_COLUMNS = ["Avslut", "Självförs. vid avslut"]


def group_header(months: list[int]) -> list[str]:
    return (["Grupp"] + GROUP_COLUMNS + [f"Självförs. {m} mån" for m in months]
            + ["Fs-stöd 12 mån före", "Fs-stöd 12 mån efter", "Åter på fs-stöd inom 6 mån",
               "Åter på fs-stöd inom 12 mån"])


def tkr(value: float | None) -> str:
    """Thousands of kronor, for narrow table cells."""
    if value is None:
        return DASH
    return f"{value / 1000:,.0f}".replace(",", "\u00a0") + "\u00a0tkr"


def group_cells(f: dict, months: list[int], masked: bool, thousands: bool = False) -> list[str]:
    def m(value: str, people: int) -> str:
        return DASH if masked and people < MASK_BELOW else value

    money = tkr if thousands else kr

    cells = [m(str(f["exits"]), f["persons"]), m(pct(f["at_exit"]["share_self_supporting"]), f["at_exit"]["recorded"])]
    for mo in months:
        g = f["followups"][str(mo)]
        cells.append(m(pct(g["share_self_supporting"]), g["recorded"]))
    cells += [m(money(f["before"]["kronor"]), f["persons"]), m(money(f["after"]["kronor"]), f["persons"]),
              m(pct(f["back_within_6"]["share"]), f["back_within_6"]["observed"]),
              m(pct(f["back_within_12"]["share"]), f["back_within_12"]["observed"])]
    return cells


# -- xlsx ---------------------------------------------------------------------------------------
def _xlsx(report: ResultsReport, path: Path, unit_name: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sammanfattning"
    ws.append(["Resultat efter avslut"])
    ws["A1"].font = Font(bold=True, size=14)
    for row in (("Verksamhet", unit_name), ("Avslut under", period_text(report)), ("Kommun", municipality_text(report)),
                ("Försörjningsstöd i utdragen", f"{report.data_from or '–'} – {report.data_through or '–'}"),
                ("Uppföljning räknad per", report.today.isoformat())):
        ws.append(list(row))
    ws.append([])
    total = report.total
    for label, value in summary_rows(total, report.months, masked=False):
        ws.append([label, value])
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 90

    g = wb.create_sheet("Per grupp")
    header = ["Indelning"] + group_header(report.months)
    g.append(header)
    for c in g[1]:
        c.font = bold
    g.append(["Totalt", "Alla"] + _numbers(total, report.months))
    for dim, dim_label in DIMENSIONS.items():
        for key, label, rows in report.groups(dim):
            g.append([dim_label, label] + _numbers(figures(rows, report.months), report.months))
    for col, title in enumerate(header, start=1):  # shares as per cent, kronor with thousands
        fmt = "0%" if ("Självförs." in title or "Åter" in title) else "#,##0" if "Fs-stöd" in title else None
        if fmt:
            for row in g.iter_rows(min_row=2, min_col=col, max_col=col):
                row[0].number_format = fmt
    for i, w in enumerate([16, 34] + [14] * (len(header) - 2), start=1):
        g.column_dimensions[g.cell(1, i).column_letter].width = w

    p = wb.create_sheet("Personer")
    head = ["Personnummer", "Namn", "Kommun", "Kön", "Anvisare", "Startdatum", "Slutdatum", "Avslutsorsak",
            "Avslutsresultat", "Försörjning vid start", "Sysselsättning vid start", "Försörjning vid avslut",
            "Sysselsättning vid avslut"]
    for m in report.months:
        head += [f"{m} mån: status", f"{m} mån: försörjning", f"{m} mån: sysselsättning"]
    head += ["Fs-stöd före, månader", "Fs-stöd före, kr", "Före: månader i utdragen", "Fs-stöd efter, månader",
             "Fs-stöd efter, kr", "Efter: månader i utdragen", "Åter inom 6 mån", "Åter inom 12 mån"]
    p.append(head)
    for c in p[1]:
        c.font = bold
        c.alignment = Alignment(wrap_text=True, vertical="top")
    yes_no = {True: "ja", False: "nej", None: "okänt"}
    for r in report.rows:
        line = [r.personnummer, r.name, r.municipality, r.gender, r.referral_source, r.start_date, r.end_date,
                r.exit_reason or "", r.exit_result, r.support_at_start or "", r.occupation_at_start or "",
                r.support_at_exit or "", r.occupation_at_exit or ""]
        for m in report.months:
            st = r.followups.get(m)
            line += [st.describe() if st and st.state != fu.DONE else (fu.STATE_LABELS[fu.DONE] if st else ""),
                     (st.support or "") if st else "", (st.occupation or "") if st else ""]
        line += [r.before_months, round(r.before_kronor, 2), r.before_observed, r.after_months, round(r.after_kronor, 2),
                 r.after_observed, yes_no[r.back_within_6], yes_no[r.back_within_12]]
        p.append(line)
    for c in p["F"][1:] + p["G"][1:]:
        c.number_format = "yyyy-mm-dd"
    p.freeze_panes = "C2"

    h = wb.create_sheet("Så räknas det")
    for label, text in how_it_is_counted(report.months):
        h.append([label, text])
        h.cell(h.max_row, 1).font = bold
        h.cell(h.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    h.column_dimensions["A"].width = 30
    h.column_dimensions["B"].width = 110
    save_workbook(wb, path)


def _numbers(f: dict, months: list[int]) -> list:
    """The group row as numbers (shares as fractions with a % format would need styles: plain)."""
    cells = [f["exits"], f["at_exit"]["share_self_supporting"]]
    for m in months:
        cells.append(f["followups"][str(m)]["share_self_supporting"])
    cells += [f["before"]["kronor"], f["after"]["kronor"], f["back_within_6"]["share"], f["back_within_12"]["share"]]
    return cells


# -- pdf ----------------------------------------------------------------------------------------
def _bar_chart(title: str, labels: list[str], values: list[float | None], width: float, height: float,
               fmt, value_max: float | None = None):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    from ame_desktop.io.pdf_common import FONT, FONT_BOLD

    d = Drawing(width, height)
    d.add(String(0, height - 10, title, fontName=FONT_BOLD, fontSize=9))
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 24
    chart.width, chart.height = width - 44, height - 50
    shown = [v if v is not None else 0 for v in values]
    chart.data = [shown]
    chart.bars[0].fillColor = colors.HexColor("#2f6db5")
    chart.bars[0].strokeColor = None
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    top = value_max if value_max is not None else _nice_top(max([v for v in shown] + [1]) * 1.1)
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = top / 4
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = fmt
    chart.barLabelFormat = lambda v: ""
    d.add(chart)
    # Value (or "–") above each bar.
    n = len(values)
    step = chart.width / max(1, n)
    for i, v in enumerate(values):
        x = chart.x + step * (i + 0.5)
        y = chart.y + (0 if v is None else chart.height * min(v, top) / top) + 3
        d.add(String(x, y, DASH if v is None else fmt(v), fontName=FONT, fontSize=7.5, textAnchor="middle"))
    return d


def _nice_top(value: float) -> float:
    """An axis maximum of 4 round steps (a round multiple of 10ⁿ each) at or above `value`."""
    import math

    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(f * magnitude for f in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10) if f * magnitude >= raw)
    return step * 4


def _pdf(report: ResultsReport, path: Path, unit_name: str) -> None:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from ame_desktop.io.pdf_common import MARGIN, PAGE, TABLE_STYLE, build_pdf, numbered_canvas, styles

    st = styles()
    doc = SimpleDocTemplate(str(path), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=20 * mm, title="Resultatrapport", author=unit_name or "AME Desktop")
    width = PAGE[0] - 2 * MARGIN
    total = report.total
    small = total["persons"] < MASK_BELOW
    story: list = []
    if unit_name:
        story.append(Paragraph(escape(unit_name), st["small"]))
    story.append(Paragraph("Resultatrapport", st["title"]))
    data_text = (f"försörjningsstöd finns i de importerade utdragen för {report.data_from} – {report.data_through}"
                 if report.data_from else "inga utdrag om försörjningsstöd är importerade")
    story.append(Paragraph(f"Resultat efter avslut för avslut {escape(period_text(report))}, "
                           f"{escape(municipality_text(report))}. Uppföljningarna är räknade per "
                           f"{report.today.isoformat()}; {data_text}.", st["body"]))
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph("Sammanfattning", st["h2"]))
    data = [[Paragraph(escape(a), st["cell"]), Paragraph(escape(b), st["cell"])]
            for a, b in summary_rows(total, report.months, masked=True)]
    t = Table(data, colWidths=[70 * mm, width - 70 * mm])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa7b5")),
                           ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(t)
    story.append(Spacer(1, 4 * mm))

    def masked(v, people):
        return None if people < MASK_BELOW else v

    shares = [masked(total["at_exit"]["share_self_supporting"], total["at_exit"]["recorded"])]
    labels = ["Vid avslut"]
    for m in report.months:
        g = total["followups"][str(m)]
        shares.append(masked(g["share_self_supporting"], g["recorded"]))
        labels.append(f"{m} mån")
    c = total["comparable"]
    money = [masked(c["before_kronor"], c["exits"]), masked(c["after_kronor"], c["exits"])]
    back = [masked(total["back_within_6"]["share"], total["back_within_6"]["observed"]),
            masked(total["back_within_12"]["share"], total["back_within_12"]["observed"])]
    half = width / 2 - 3 * mm
    charts = Table([[
        _bar_chart("Andel självförsörjande", labels, shares, half, 50 * mm, lambda v: f"{v * 100:.0f} %", 1.0),
        _bar_chart("Försörjningsstöd, jämförbara avslut (kr)", ["12 mån före", "12 mån efter"], money, half, 50 * mm,
                   lambda v: f"{v:,.0f}".replace(",", " ")),
    ], [
        _bar_chart("Åter på försörjningsstöd", ["inom 6 mån", "inom 12 mån"], back, half, 46 * mm,
                   lambda v: f"{v * 100:.0f} %", 1.0),
        Paragraph(f"Diagrammen gäller alla avslut i perioden. ”{DASH}” betyder att uppgiften bygger på färre "
                  f"än {MASK_BELOW} personer och inte visas." + (" Perioden har för få avslut för att visa "
                                                                   "resultat." if small else ""), st["small"]),
    ]], colWidths=[width / 2, width / 2])
    charts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(charts)

    story.append(PageBreak())
    story.append(Paragraph("Per grupp", st["h2"]))
    header = group_header(report.months)
    col_w = [40 * mm] + [(width - 40 * mm) / (len(header) - 1)] * (len(header) - 1)
    from reportlab.lib.styles import ParagraphStyle

    head_style = ParagraphStyle("head", parent=st["cellbold"], fontSize=7, leading=8.5)
    cell_style = ParagraphStyle("groupcell", parent=st["cell"], fontSize=8, leading=10)
    for dim, dim_label in DIMENSIONS.items():
        rows = [[Paragraph(escape(h), head_style) for h in [dim_label] + header[1:]]]
        for key, label, rs in report.groups(dim):
            rows.append([Paragraph(escape(label), cell_style)]
                        + [Paragraph(escape(v), cell_style) for v in group_cells(figures(rs, report.months),
                                                                                  report.months, masked=True,
                                                                                  thousands=True)])
        if len(rows) == 1:
            rows.append([Paragraph("Inga avslut", st["cell"])] + [""] * (len(header) - 1))
        t = Table(rows, colWidths=col_w, repeatRows=1)
        t.setStyle(TableStyle(TABLE_STYLE))
        story.append(KeepTogether([t, Spacer(1, 4 * mm)]))
    story.append(Paragraph("Fs-stöd = försörjningsstöd, summa för gruppens avslut i tusental kronor (tkr). "
                           "Självförs. = andel självförsörjande. ”–” = färre än fem personer.", st["small"]))

    story.append(PageBreak())
    story.append(Paragraph("Så räknas det", st["h2"]))
    for label, text in how_it_is_counted(report.months):
        story.append(Paragraph(f"<b>{escape(label)}.</b> {escape(text)}", st["body"]))
        story.append(Spacer(1, 2 * mm))
    story.append(Paragraph("Koder för försörjning: " + "; ".join(
        f"{escape(v)}" for v in codes.SUPPORT_LABELS.values()) + ".", st["small"]))
    build_pdf(doc, story, canvasmaker=numbered_canvas(f"Resultatrapport {period_text(report)}"))
