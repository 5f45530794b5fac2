"""The printed individual plan (A4, reportlab), rendered from a snapshot only (services/plans.py),
so a recorded print can be rendered again with the same text.

Everything flows (Paragraphs, tables that split between rows and inside rows): long texts run
onto new pages and nothing is cut off. Several plans can share one file; each plan numbers its
own pages ("Sida x av y"), so a batch can be printed and handed out plan by plan.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ame_desktop.domain import codes
from ame_desktop.io.pdf_common import (
    FONT,
    FONT_BOLD,
    MARGIN,
    PAGE,
    TABLE_STYLE,
    build_pdf,
    esc,
    register_fonts,
    styles,
)

WEEKDAYS_SHORT = ("Mån", "Tis", "Ons", "Tor", "Fre", "Lör", "Sön")
CATEGORY_SHORT = {1: "Öka förmågan att ta ett arbete", 2: "Språk", 3: "Jobbsökande", 4: "Arbetsplatsförlagd"}
BLUE = colors.HexColor("#1f4e79")
GREY = colors.HexColor("#555555")
BOTTOM_MARGIN = 24 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN


def write_plan(snapshot: dict, path: Path | str, document_id: str = "") -> int:
    """One plan to `path`; returns the number of pages."""
    return write_plans([snapshot], path, document_ids=[document_id])


def write_plans(snapshots: Sequence[dict], path: Path | str, document_ids: Sequence[str] | None = None,
                on_plan: Callable[[int], None] | None = None) -> int:
    """Plans one after the other in one PDF; `on_plan(i)` is called as plan i starts (it may raise
    to stop). Returns the number of pages."""
    if not snapshots:
        raise ValueError("no plans to write")
    st = _styles()
    ids = list(document_ids or [""] * len(snapshots))
    story: list = []
    for i, snap in enumerate(snapshots):
        if i:
            story.append(PageBreak())
        story.append(_PlanStart(i, _footer_lines(snap), on_plan))
        story.extend(plan_story(snap, ids[i], st))
    first = snapshots[0]
    title = "Individuell plan" if len(snapshots) > 1 else f"Individuell plan – {first['person']['name']}"
    doc = SimpleDocTemplate(str(path), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=BOTTOM_MARGIN, title=title, author=first["header"].get("unit") or "",
                            creator="AME Desktop", invariant=1)
    build_pdf(doc, story, canvasmaker=_plan_canvas(datetime.fromisoformat(first["printed_at"])))
    return doc.page


# -- page furniture --------------------------------------------------------------------------
class _PlanStart(Flowable):
    """Marks where a plan begins, so the canvas numbers its pages on their own."""

    def __init__(self, index: int, footer: tuple[str, str, str], on_plan: Callable[[int], None] | None):
        super().__init__()
        self.index, self.footer, self.on_plan = index, footer, on_plan

    def wrap(self, _aw, _ah):
        return 0, 0

    def draw(self):
        if self.on_plan is not None:
            self.on_plan(self.index)
        self.canv.begin_plan(self.index, self.footer)  # type: ignore[attr-defined]


def _footer_lines(snap: dict) -> tuple[str, str, str]:
    person, plan = snap["person"], snap["plan"]
    return (f"Individuell plan – {person['name']}, {person['personnummer']}",
            f"Version {plan['version']}, upprättad {_day(plan['created_at'])}",
            f"Utskrivet {_day(snap['printed_at'])}")


def _plan_canvas(printed_at: datetime):
    """A canvas that keeps pages until each plan's page count is known, then writes the footers.
    Invariant mode plus a fixed creation date make a reprint byte-identical."""
    stamp = printed_at.strftime("D:%Y%m%d%H%M%S")

    class PlanCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.setDateFormatter(lambda *_a: stamp)
            self._pages: list[dict] = []
            self._plan: tuple[int, tuple[str, str, str]] = (0, ("", "", ""))

        def begin_plan(self, index: int, footer: tuple[str, str, str]) -> None:
            self._plan = (index, footer)

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            totals = Counter(state["_plan"][0] for state in self._pages)
            seen: Counter = Counter()
            for state in self._pages:
                self.__dict__.update(state)
                index, footer = self._plan
                seen[index] += 1
                self._footer(footer, seen[index], totals[index])
                canvas.Canvas.showPage(self)
            canvas.Canvas.save(self)

        def _footer(self, footer: tuple[str, str, str], page: int, total: int) -> None:
            register_fonts()
            width = PAGE[0]
            self.saveState()
            self.setStrokeColor(colors.HexColor("#9aa7b5"))
            self.setLineWidth(0.4)
            self.line(MARGIN, 17 * mm, width - MARGIN, 17 * mm)
            self.setFillColor(GREY)
            left_room = width - 2 * MARGIN - 45 * mm
            _fit(self, footer[0], MARGIN, 13 * mm, left_room)
            _fit(self, footer[1], MARGIN, 9 * mm, left_room)
            self.setFont(FONT_BOLD, 8)
            self.drawRightString(width - MARGIN, 13 * mm, f"Sida {page} av {total}")
            self.setFont(FONT, 8)
            self.drawRightString(width - MARGIN, 9 * mm, footer[2])
            self.restoreState()

    return PlanCanvas


def _fit(c: canvas.Canvas, text: str, x: float, y: float, room: float) -> None:
    """Draw one footer line, smaller (then shortened) when a long name would not fit."""
    size = 8.0
    while size > 6 and stringWidth(text, FONT, size) > room:
        size -= 0.5
    while stringWidth(text, FONT, size) > room and len(text) > 4:
        text = text[:-2] + "…"
    c.setFont(FONT, size)
    c.drawString(x, y, text)


# -- the document ----------------------------------------------------------------------------
def _styles() -> dict[str, ParagraphStyle]:
    st = styles()
    base = st["body"]
    # No keepWithNext: with a text longer than a page it would push heading and text to the next
    # page and leave an empty one. _heading() starts a new page instead when little room is left.
    st["h2"] = ParagraphStyle("plan-h2", parent=st["h2"], textColor=BLUE, spaceBefore=10, spaceAfter=3)
    st["h3"] = ParagraphStyle("plan-h3", parent=base, fontName=FONT_BOLD, spaceBefore=4, spaceAfter=2)
    st["body"] = ParagraphStyle("plan-body", parent=base, spaceAfter=3)
    st["bullet"] = ParagraphStyle("plan-bullet", parent=base, leftIndent=12, bulletIndent=2, spaceAfter=2)
    st["muni"] = ParagraphStyle("plan-muni", parent=base, fontName=FONT_BOLD, fontSize=13, leading=16)
    st["unit"] = ParagraphStyle("plan-unit", parent=base, fontSize=10.5, leading=13, textColor=GREY)
    st["doc"] = ParagraphStyle("plan-doc", parent=base, fontName=FONT_BOLD, fontSize=17, leading=21,
                               alignment=TA_RIGHT, textColor=BLUE)
    st["docsub"] = ParagraphStyle("plan-docsub", parent=base, fontSize=9, leading=12, alignment=TA_RIGHT,
                                  textColor=GREY)
    st["label"] = ParagraphStyle("plan-label", parent=base, fontName=FONT_BOLD, fontSize=9, leading=11.5)
    return st


def _heading(text: str, st) -> list:
    """A section heading, on a new page when less than about five lines would follow it."""
    return [CondPageBreak(28 * mm), Paragraph(_esc(text), st["h2"])]


def _esc(text: object) -> str:
    return esc(text)


def _day(iso: str | None) -> str:
    return iso[:10] if iso else "–"


def _hours(h: float) -> str:
    return f"{h:g}".replace(".", ",")


def _paragraphs(text: str, st, empty: str) -> list:
    """One Paragraph per line of a free text (blank lines dropped), or the `empty` note (if any)."""
    lines = [line for line in (text or "").split("\n") if line.strip()]
    if not lines:
        return [Paragraph(_esc(empty), st["small"])] if empty else []
    return [Paragraph(_esc(line), st["body"]) for line in lines]


def _table(rows: list[list], widths: list[float], st_extra: list | None = None) -> Table:
    # Rows split between pages, never inside: a cell holds at most 2 000 characters (services/plans.py),
    # well under a page, and reportlab's in-row splitting misplaces the rest of the table.
    t = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle(list(TABLE_STYLE) + (st_extra or [])))
    return t


def plan_story(snap: dict, document_id: str, st: dict) -> list:
    content = snap["content"]
    person, plan, header = snap["person"], snap["plan"], snap["header"]
    out: list = []
    out.append(_letterhead(header, plan, st))
    out.append(HRFlowable(width="100%", thickness=1.2, color=BLUE, spaceBefore=2, spaceAfter=6))
    info = [
        [Paragraph("Deltagare", st["label"]), Paragraph(_esc(person["name"]), st["cell"]),
         Paragraph("Personnummer", st["label"]), Paragraph(_esc(person["personnummer"]), st["cell"])],
        [Paragraph("Handledare", st["label"]), Paragraph(_esc(person.get("coach") or "–"), st["cell"]),
         Paragraph("Planversion", st["label"]),
         Paragraph(_esc(f"{plan['version']}, upprättad {_day(plan['created_at'])}"), st["cell"])],
    ]
    it = Table(info, colWidths=[26 * mm, 64 * mm, 31 * mm, FRAME_WIDTH - 121 * mm], hAlign="LEFT")
    it.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    out.append(it)

    out.extend(_heading("Långsiktigt mål", st))
    out.extend(_paragraphs(content.get("long_term_goal", ""), st, "Inget långsiktigt mål har angetts."))

    out.extend(_heading("Delmål", st))
    goals = content.get("short_term_goals") or []
    if goals:
        rows = [["Nr", "Delmål", "Klart senast"]]
        for i, g in enumerate(goals, 1):
            rows.append([str(i), Paragraph(_esc(g["text"]).replace("\n", "<br/>"), st["cell"]),
                         g.get("target_date") or "–"])
        out.append(_table(rows, [10 * mm, FRAME_WIDTH - 38 * mm, 28 * mm]))
    else:
        out.append(Paragraph("Inga delmål har angetts.", st["small"]))

    out.extend(_heading("Planerade aktiviteter och veckoschema", st))
    out.extend(_schedule(content.get("activities") or [], st))

    out.extend(_heading("Aktivitetskrav", st))
    out.append(Paragraph(_esc(_requirement_text(content, snap.get("full_time_hours") or 40)), st["body"]))
    out.append(Paragraph(_esc(f"De planerade aktiviteterna omfattar {_hours(snap.get('planned_hours', 0))} "
                              "timmar per vecka."), st["body"]))

    out.extend(_heading("Tid för eget jobbsökande", st))
    seek = snap.get("job_seeking_hours", 0)
    names = [a["name"] for a in content.get("activities") or [] if a.get("category") == 3]
    text = (f"{_hours(seek)} timmar per vecka är avsatta för eget jobbsökande ({', '.join(names)})." if seek
            else "Ingen tid är avsatt för eget jobbsökande i veckoschemat.")
    out.append(Paragraph(_esc(text), st["body"]))
    out.extend(_paragraphs(content.get("job_seeking_text", ""), st, ""))  # the how, when there is one

    out.extend(_heading("Stöd från andra aktörer", st))
    support = content.get("support") or []
    if support:
        rows = [["Aktör", "Stöd"]] + [[Paragraph(_esc(x["actor"]), st["cell"]),
                                        Paragraph(_esc(x.get("description") or "").replace("\n", "<br/>"), st["cell"])]
                                       for x in support]
        out.append(_table(rows, [48 * mm, FRAME_WIDTH - 48 * mm]))
    else:
        out.append(Paragraph("Inget stöd från andra aktörer har angetts.", st["small"]))

    out.extend(_heading("Uppföljning", st))
    follow = content.get("follow_ups") or []
    if follow:
        rows = [["Datum", "Vad följs upp"]] + [[f.get("date") or "–",
                                                Paragraph(_esc(f.get("note") or "").replace("\n", "<br/>"), st["cell"])]
                                               for f in follow]
        out.append(_table(rows, [28 * mm, FRAME_WIDTH - 28 * mm]))
    else:
        out.append(Paragraph("Inga uppföljningsdatum har angetts.", st["small"]))

    out.extend(_heading("Åtaganden", st))
    unit = header.get("unit") or "Enheten"
    for label, items in (("Deltagaren åtar sig att", content.get("participant_commitments") or []),
                         (f"{unit} åtar sig att", content.get("unit_commitments") or [])):
        out.extend([CondPageBreak(18 * mm), Paragraph(_esc(label), st["h3"])])
        if items:
            out.extend(Paragraph(_esc(x).replace("\n", "<br/>"), st["bullet"], bulletText="•") for x in items)
        else:
            out.append(Paragraph("Inga åtaganden har angetts.", st["small"]))

    steps = snap.get("steps")
    if steps and steps.get("points"):
        last = steps["points"][-1]
        block = [Paragraph("Stegförflyttning", st["h2"]),
                 Paragraph(_esc(f"Senaste bedömning {last[0]}: steg {last[1]} – {last[2]}"
                                + (f" (stegmodell {steps['model']})." if steps.get("model") else ".")), st["body"]),
                 step_chart_drawing(steps)]
        out.append(KeepTogether(block))

    out.append(_signatures(snap, unit, st))
    by = plan.get("created_by")
    note = (f"Planen upprättades {_day(plan['created_at'])}" + (f" av {by}" if by else "")
            + f" och skrevs ut {_day(snap['printed_at'])}"
            + (f" av {snap['printed_by']}" if snap.get("printed_by") else "") + "."
            + (f" Dokumentets kontrollsumma: {document_id}." if document_id else ""))
    out.append(Spacer(1, 3 * mm))
    out.append(Paragraph(_esc(note), st["small"]))
    return out


def _letterhead(header: dict, plan: dict, st) -> Table:
    logo = _logo_image(header.get("logo"))
    left = [Paragraph(_esc(header.get("municipality") or ""), st["muni"]),
            Paragraph(_esc(header.get("unit") or ""), st["unit"])]
    right = [Paragraph("Individuell plan", st["doc"]),
             Paragraph(_esc(f"Version {plan['version']} · {_day(plan['created_at'])}"), st["docsub"])]
    if logo is not None:
        cells, widths = [[logo, left, right]], [logo.drawWidth + 4 * mm, None, 62 * mm]
    else:
        cells, widths = [[left, right]], [None, 62 * mm]
    free = FRAME_WIDTH - sum(w for w in widths if w)
    widths = [w if w else free for w in widths]
    t = Table(cells, colWidths=widths, hAlign="LEFT")
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return t


def _logo_image(logo: dict | None) -> Image | None:
    if not logo or not logo.get("data"):
        return None
    data = base64.b64decode(logo["data"])
    reader = ImageReader(io.BytesIO(data))
    w, h = reader.getSize()
    scale = min(32 * mm / w, 18 * mm / h)
    return Image(io.BytesIO(data), width=w * scale, height=h * scale)


def _schedule(activities: list[dict], st) -> list:
    if not activities:
        return [Paragraph("Inga aktiviteter har planerats.", st["small"])]
    head = ["Aktivitet", "Kat."] + list(WEEKDAYS_SHORT) + ["Summa"]
    rows: list[list] = [head]
    per_day = [0.0] * 7
    for a in activities:
        hours = (list(a.get("hours") or []) + [0.0] * 7)[:7]
        for d in range(7):
            per_day[d] += hours[d]
        rows.append([Paragraph(_esc(a["name"]), st["cell"]), str(a.get("category", ""))]
                    + [_hours(h) if h else "" for h in hours] + [_hours(sum(hours))])
    rows.append(["Summa per dag", ""] + [_hours(h) if h else "" for h in per_day] + [_hours(sum(per_day))])
    day_w = 12 * mm
    widths = [FRAME_WIDTH - 10 * mm - 7 * day_w - 15 * mm, 10 * mm] + [day_w] * 7 + [15 * mm]
    extra = [("ALIGN", (1, 0), (-1, -1), "CENTER"), ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
             ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD), ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f1f4f8")),
             ("FONTNAME", (-1, 1), (-1, -1), FONT_BOLD)]
    legend = " · ".join(f"{k} {v}" for k, v in CATEGORY_SHORT.items())
    return [_table(rows, widths, extra),
            Spacer(1, 1.5 * mm),
            Paragraph(_esc(f"Timmar per dag. Kategorier i aktivitetskravet: {legend}."), st["small"])]


def _requirement_text(content: dict, full_time: float) -> str:
    exemption = content.get("exemption")
    hours = content.get("requirement_hours")
    if exemption:
        return f"Undantagen från aktivitetskravet: {codes.EXEMPTION_LABELS.get(exemption, exemption)}."
    if hours is None:
        return "Deltagaren har inget aktivitetskrav enligt planen."
    if hours >= full_time:
        return f"Heltid: {_hours(hours)} timmar per vecka."
    reason = content.get("reduction_reason")
    return (f"Nedsatt omfattning: {_hours(hours)} timmar per vecka (heltid är {_hours(full_time)})."
            + (f" Orsak: {reason}" if reason else ""))


def _signatures(snap: dict, unit: str, st) -> KeepTogether:
    person = snap["person"]
    coach = person.get("coach") or ""
    gap = 12 * mm
    col = (FRAME_WIDTH - gap) / 2
    rows = [
        [Paragraph("Deltagare", st["label"]), "", Paragraph(f"Handledare, {_esc(unit)}", st["label"])],
        ["", "", ""],
        ["Underskrift", "", "Underskrift"],
        [Paragraph(_esc(person["name"]), st["cell"]), "", Paragraph(_esc(coach) or "&nbsp;", st["cell"])],
        ["Namnförtydligande", "", "Namnförtydligande"],
        ["", "", ""],
        ["Ort och datum", "", "Ort och datum"],
    ]
    t = Table(rows, colWidths=[col, gap, col], rowHeights=[None, 13 * mm, None, None, None, 10 * mm, None],
              hAlign="LEFT")
    line = colors.HexColor("#333333")
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("TEXTCOLOR", (0, 2), (-1, 2), GREY), ("TEXTCOLOR", (0, 4), (-1, 4), GREY), ("TEXTCOLOR", (0, 6), (-1, 6), GREY),
        ("LINEABOVE", (0, 2), (0, 2), 0.6, line), ("LINEABOVE", (2, 2), (2, 2), 0.6, line),
        ("LINEABOVE", (0, 4), (0, 4), 0.6, line), ("LINEABOVE", (2, 4), (2, 4), 0.6, line),
        ("LINEABOVE", (0, 6), (0, 6), 0.6, line), ("LINEABOVE", (2, 6), (2, 6), 0.6, line),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
    ]))
    return KeepTogether([Paragraph("Underskrifter", st["h2"]),
                         Paragraph("Vi har gått igenom planen tillsammans och är överens om innehållet.", st["body"]),
                         Spacer(1, 2 * mm), t])


# -- the step chart --------------------------------------------------------------------------
def step_chart_drawing(steps: dict, width: float = FRAME_WIDTH, height: float = 62 * mm) -> Drawing:
    """Level number over date (reportlab's own LinePlot), the axis naming the ladder's levels."""
    register_fonts()
    points = [(date.fromisoformat(d).toordinal(), int(n)) for d, n, _name in steps["points"]]
    levels = [(int(n), str(name)) for n, name in steps.get("levels") or []]
    numbers = [n for n, _ in levels] + [n for _, n in points]
    low, high = min(numbers), max(numbers)
    names = dict(levels)
    label_w = max(stringWidth(_short(f"{n} {names.get(n, '')}"), FONT, 7) for n in range(low, high + 1))

    d = Drawing(width, height)
    lp = LinePlot()
    lp.x, lp.y = label_w + 14, 16
    lp.width, lp.height = width - lp.x - 8, height - lp.y - 8
    lp.data = [points]
    lp.joinedLines = 1
    lp.lines[0].strokeColor = BLUE
    lp.lines[0].strokeWidth = 1.6
    lp.lines[0].symbol = makeMarker("FilledCircle", size=4.5, fillColor=BLUE, strokeColor=BLUE)

    first, last = points[0][0], points[-1][0]
    if last - first < 60:  # a single assessment or a few close together: show a couple of months
        first, last = first - 30, last + 30
    ticks = _month_ticks(first, last)
    xa = lp.xValueAxis
    xa.valueMin, xa.valueMax = first - 5, last + 5
    xa.valueSteps = ticks
    xa.labelTextFormat = lambda v: date.fromordinal(int(v)).strftime("%Y-%m")
    xa.labels.fontName, xa.labels.fontSize = FONT, 7
    xa.strokeColor = GREY

    ya = lp.yValueAxis
    ya.valueMin, ya.valueMax = low - 0.3, high + 0.3
    ya.valueSteps = list(range(low, high + 1))
    ya.labelTextFormat = lambda v: _short(f"{int(round(v))} {names.get(int(round(v)), '')}")
    ya.labels.fontName, ya.labels.fontSize = FONT, 7
    ya.labels.dx = -4  # clear of the tick marks
    ya.visibleGrid = 1
    ya.gridStrokeColor = colors.HexColor("#dde3ea")
    ya.gridStrokeWidth = 0.4
    ya.strokeColor = GREY
    d.add(lp)
    d.add(String(lp.x, height - 6, "Steg", fontName=FONT, fontSize=7, fillColor=GREY))
    return d


def _short(text: str, n: int = 30) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _month_ticks(first: int, last: int) -> list[int]:
    """First days of months between two ordinals, thinned to at most eight labels."""
    a, b = date.fromordinal(first), date.fromordinal(last)
    months = []
    y, m = a.year, a.month
    while (y, m) <= (b.year, b.month):
        d = date(y, m, 1).toordinal()
        if first <= d <= last:
            months.append(d)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    step = max(1, -(-len(months) // 8))
    return months[::step] or [first]
