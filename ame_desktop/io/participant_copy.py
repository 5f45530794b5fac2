"""The participant's own copy as PDF: the närvarointyg (plain Swedish, addressed to the person)
and the personal week schedule (services/participant_copy.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ame_desktop.io.files import atomic_output

WEEKDAY_NAMES = ("Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag")


def _h(hours: float) -> str:
    text = f"{hours:.2f}".rstrip("0").rstrip(",.") if hours != int(hours) else f"{int(hours)}"
    return text.replace(".", ",") + (" timme" if hours == 1 else " timmar")


def _days(days) -> str:
    return ", ".join(d.isoformat() for d in days)


def certificate_story(report, p, unit_name: str, st) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from ame_desktop.domain.personnummer import format_digits
    from ame_desktop.io.activity_report import month_name
    from ame_desktop.io.pdf_common import TABLE_STYLE, esc

    out: list = []
    if unit_name:
        out.append(Paragraph(esc(unit_name), st["small"]))
    out.append(Paragraph(f"Närvarointyg – {month_name(report)}", st["title"]))
    out.append(Paragraph(f"{esc(p.name)}, {format_digits(p.personnummer)}", st["h2"]))
    for period in p.periods:
        out.append(Paragraph(esc("Ditt aktivitetskrav: " + period.describe()), st["body"]))
    out.append(Spacer(1, 3 * mm))
    out.append(Paragraph("Så här ser din månad ut enligt det som registrerats hos oss:", st["body"]))
    rows = [
        ["Det som krävdes av dig", _h(p.required_hours)],
        ["Tid i aktiviteter", _h(p.attended_hours)],
        ["Eget jobbsökande", _h(p.job_seeking_hours)],
        ["Frånvaro där du anmält skäl (t.ex. sjuk, vård av barn)", _h(p.valid_absence_hours)],
        ["Aktiviteter som vi ställde in", _h(p.cancelled_hours)],
        ["Frånvaro utan anmält skäl", _h(p.invalid_absence_hours)],
        ["Tid som ingen har registrerat", _h(p.unregistered_hours)],
        ["Dagar då vi hade stängt", str(p.closed_days)],
        ["Kravdagar då du inte var inskriven hos oss", str(p.not_enrolled_days)],
    ]
    t = Table([[Paragraph(a, st["cell"]), b] for a, b in rows], colWidths=[120 * mm, 48 * mm])
    t.setStyle(TableStyle([s for s in TABLE_STYLE if s[0] not in ("BACKGROUND",)]
                          + [("ALIGN", (1, 0), (1, -1), "RIGHT"), ("FONTNAME", (0, 0), (-1, -1), "AmeSans")]))
    out.append(t)
    out.append(Spacer(1, 3 * mm))
    no_reason = sorted({d for d, _e in p.no_reason_absences})
    if no_reason:
        out.append(Paragraph(f"Dagar med frånvaro utan anmält skäl: {_days(no_reason)}.", st["body"]))
    if p.unregistered_dates:
        out.append(Paragraph("Dagar där tid saknas i registret: " + _days(d for d, *_ in p.unregistered_dates)
                             + ". Det kan vara vi som inte har registrerat; säg till om något saknas.", st["body"]))
    out.append(Spacer(1, 3 * mm))
    out.append(Paragraph("Samma uppgifter lämnas till din handläggare på socialtjänsten. Stämmer något inte? Prata med "
                         "din handledare" + (f" ({esc(p.staff)})" if p.staff else "") + " så rättar vi det. "
                         "Om en frånvaro hade godtagbart skäl bedömer socialnämnden, inte vi.", st["body"]))
    return out


def write_certificate_pdf(report, out: Path | str, unit_name: str) -> Path:
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    from ame_desktop.io.pdf_common import MARGIN, PAGE, build_pdf, numbered_canvas, styles

    def write(tmp: Path) -> None:
        st = styles()
        story: list = []
        for i, p in enumerate(report.participants):
            if i:
                story.append(PageBreak())
            story.extend(certificate_story(report, p, unit_name, st))
        doc = SimpleDocTemplate(str(tmp), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=22 * mm, title=f"Närvarointyg {report.label}",
                                author=unit_name or "AME Desktop", creator="AME Desktop")
        build_pdf(doc, story, canvasmaker=numbered_canvas(f"Närvarointyg {report.label}"))

    return atomic_output(Path(out), (".pdf",), write, what="Närvarointyget")


def write_schedule_pdf(items, out: Path | str, unit_name: str, today: date | None = None) -> Path:
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from ame_desktop.domain import codes
    from ame_desktop.io.pdf_common import MARGIN, PAGE, TABLE_STYLE, build_pdf, esc, numbered_canvas, styles

    def write(tmp: Path) -> None:
        st = styles()
        story: list = []
        for i, w in enumerate(items):
            if i:
                story.append(PageBreak())
            if unit_name:
                story.append(Paragraph(esc(unit_name), st["small"]))
            story.append(Paragraph("Mitt veckoschema", st["title"]))
            story.append(Paragraph(esc(w.name), st["h2"]))
            rows = [["Dag", "Aktivitet", "Timmar"]]
            for wd in range(7):
                for name, category, hours in w.days.get(wd, []):
                    kind = "eget jobbsökande" if category == 0 else codes.ACTIVITY_CATEGORY_LABELS.get(category, "")
                    rows.append([WEEKDAY_NAMES[wd], Paragraph(esc(name) + f" <font size=8>({esc(kind)})</font>",
                                                              st["cell"]), _h(hours)])
            if len(rows) == 1:
                story.append(Paragraph("Inget schema är inlagt ännu.", st["body"]))
            else:
                t = Table(rows, colWidths=[30 * mm, 110 * mm, 28 * mm], repeatRows=1)
                t.setStyle(TableStyle(list(TABLE_STYLE) + [("ALIGN", (2, 1), (2, -1), "RIGHT")]))
                story.append(t)
                story.append(Spacer(1, 2 * mm))
                story.append(Paragraph(f"Sammanlagt {_h(w.hours_per_week)} i veckan.", st["body"]))
            story.append(Spacer(1, 6 * mm))
            story.append(Paragraph("Kontaktperson: " + (esc(w.contact) if w.contact else "din handledare")
                                   + (f", {esc(unit_name)}" if unit_name else "") + ".", st["body"]))
            story.append(Paragraph("Kan du inte komma? Hör av dig till din kontaktperson samma dag och säg varför.",
                                   st["body"]))
        doc = SimpleDocTemplate(str(tmp), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=22 * mm, title="Veckoschema", author=unit_name or "AME Desktop",
                                creator="AME Desktop")
        build_pdf(doc, story, canvasmaker=numbered_canvas("Veckoschema", today))

    return atomic_output(Path(out), (".pdf",), write, what="Veckoschemat")
