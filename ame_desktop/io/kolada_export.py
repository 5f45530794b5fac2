"""Writing a KoladaResult to .xlsx, .csv or .json (shared/spec/KOLADA_EXPORT.md).

Choices where the contract leaves room (also in the README):

- The format follows the file's extension (case-insensitive); a name without an extension gets
  the default, xlsx, written to exactly that name. Other extensions are refused.
- CSV is the `Kolada` sheet only, header row exactly as in the workbook, UTF-8 with BOM, `;`
  between fields, and numbers with a decimal comma — the reason for `;` is that Swedish Excel
  reads `,` as the decimal sign, and with a decimal point it would read 42.9 as text. The CSV
  carries no metadata rows (they would break the exact header row); the covered dates are in
  the workbook's `Om filen` sheet and in the JSON's `metadata`.
- JSON follows Kolada API v3: top-level `count` is the number of objects in `values` (one per
  kpi and municipality, as Kolada counts them); each gender value's `count` is 1 when there is a
  value and 0 when it is Missing. An extra top-level `metadata` object (ignored by code that
  reads Kolada's shape) states the covered dates, the municipalities, the persons behind the
  figures, when and by which program version the file was made.
- Every file is written to a temporary file beside the target and moved into place, so a failed
  export never leaves half a file (or destroys the previous one).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from ame_desktop import __version__
from ame_desktop.domain.errors import UserError
from ame_desktop.io.cells import csv_field, save_workbook
from ame_desktop.io.files import atomic_output
from ame_desktop.domain.kolada_figures import KPI_BY_ID, MISSING, SUM_GROUPS, KoladaResult, KoladaRow

HEADER = ["kpi", "municipality", "period", "gender", "value", "numerator", "denominator", "status", "kpi_title"]
SOURCE_TEXT = "Källa: egen registrering; KPI-definitioner från Kolada"
FORMATS = (".xlsx", ".csv", ".json")



def _openpyxl() -> None:
    """openpyxl and the sheet styles, when an .xlsx is written (JSON and CSV need neither; issue 25)."""
    global Workbook, Alignment, Font, PatternFill, get_column_letter
    global HEADER_FILL, HEADER_FONT, SECTION_FONT, TITLE_FONT
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
    HEADER_FONT = Font(bold=True, color="FFFFFF")
    SECTION_FONT = Font(bold=True, size=12)
    TITLE_FONT = Font(bold=True, size=14)


MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]


def export_format(path: Path | str) -> str:
    """`.xlsx`, `.csv` or `.json` from the file name (no extension → `.xlsx`); UserError otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix == "":
        return ".xlsx"
    if suffix not in FORMATS:
        raise UserError(f"Filändelsen ”{Path(path).suffix}” känns inte igen. Kolada-exporten skrivs som "
                        ".xlsx, .csv eller .json.")
    return suffix


def write_kolada(result: KoladaResult, path: Path | str) -> Path:
    """Write the figures in the format the extension names; returns the path written."""
    path = Path(path)
    fmt = export_format(path)
    writer: Callable[[KoladaResult, Path], None] = {".xlsx": _write_xlsx, ".csv": _write_csv, ".json": _write_json}[fmt]
    # Like the other exports, a missing folder is made: a scheduled export may write into a new dated folder.
    return atomic_output(path, None, lambda tmp: writer(result, tmp))


# --- text helpers ---------------------------------------------------------------------------
def period_text(result: KoladaResult) -> str:
    span = f"{result.period_start.isoformat()} – {result.period_end.isoformat()}"
    if result.full_year:
        return f"{span} (hela året {result.year})"
    last = MONTHS[result.period_end.month - 1]
    months = "januari" if result.period_end.month == 1 else f"januari–{last}"
    return f"{span} ({months} {result.year}, hittills i år)"


def municipality_text(result: KoladaResult, code: str) -> str:
    return f"{code} {result.municipality_names.get(code, '')}".strip()


def _row_values(r: KoladaRow) -> list:
    return [r.kpi, r.municipality, r.period, r.gender, r.value, r.numerator, r.denominator, r.status, r.kpi_title]


def metadata(result: KoladaResult) -> dict:
    return {
        "source": SOURCE_TEXT,
        "program": "AME Desktop",
        "version": __version__,
        "generated_at": result.generated_at.isoformat(),
        "year": result.year,
        "period_start": result.period_start.isoformat(),
        "period_end": result.period_end.isoformat(),
        "through_month": result.through_month,
        "municipalities": [{"id": m, "title": result.municipality_names.get(m, m)} for m in result.municipalities],
        "persons": dict(result.persons),
        "findings": len(result.findings),
    }


# --- JSON -----------------------------------------------------------------------------------
def kolada_json(result: KoladaResult) -> dict:
    """Kolada API v3's data shape, plus `metadata`."""
    groups: dict[tuple[str, str], dict] = {}
    for r in result.rows:
        g = groups.get((r.kpi, r.municipality))
        if g is None:
            g = groups[(r.kpi, r.municipality)] = {"kpi": r.kpi, "municipality": r.municipality,
                                                   "period": r.period, "values": []}
        g["values"].append({"gender": r.gender, "count": 0 if r.value is None else 1, "status": r.status,
                            "value": r.value, "isdeleted": False})
    values = list(groups.values())
    return {"count": len(values), "values": values, "metadata": metadata(result)}


def _write_json(result: KoladaResult, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(kolada_json(result), f, ensure_ascii=False, indent=2)
        f.write("\n")


# --- CSV ------------------------------------------------------------------------------------
def _csv_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        text = f"{v:.1f}" if v == round(v, 1) else repr(v)
        return text.replace(".", ",")  # Swedish Excel: decimal comma
    if isinstance(v, str):
        return csv_field(v)  # text that Excel could run as a formula gets a leading '
    return str(v)


def _write_csv(result: KoladaResult, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(HEADER)
        for r in result.rows:
            w.writerow([_csv_cell(v) for v in _row_values(r)])


# --- xlsx -----------------------------------------------------------------------------------
def _header(ws, titles: list[str], row: int = 1) -> None:
    for col, title in enumerate(titles, start=1):
        c = ws.cell(row=row, column=col, value=title)
        c.fill = HEADER_FILL
        c.font = HEADER_FONT
        c.alignment = Alignment(vertical="center")


def _widths(ws, widths: list[int]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _kolada_sheet(ws, result: KoladaResult) -> None:
    _header(ws, HEADER)
    for i, r in enumerate(result.rows, start=2):
        for col, v in enumerate(_row_values(r), start=1):
            c = ws.cell(row=i, column=col, value=v)
            if col == 2:
                c.number_format = "@"  # text: the leading zero of 0860 stays
            elif col == 5 and isinstance(v, float):
                c.number_format = "0.0" if KPI_BY_ID[r.kpi].share else "General"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:I{max(1, len(result.rows) + 1)}"
    _widths(ws, [9, 13, 8, 8, 9, 11, 12, 9, 100])


# The summary follows the survey's grouping: (section title, [(label, count kpi, share kpi)]).
# A line either shows one count KPI split by gender, or the numerators and shares of a share KPI.
SUMMARY: list[tuple[str, list[tuple[str, str | None, str | None]]]] = [
    ("Deltagare och anvisade", [
        ("Deltagare under perioden (varje person en gång)", "U40800", None),
        ("Deltagare som anvisats under perioden", "U40803", None),
    ]),
    ("Anvisningar efter anvisare (antal anvisningar; en person kan ha flera)", [
        ("Arbetsförmedlingen", None, "U40806"),
        ("Försäkringskassan", None, "U40807"),
        ("Individen själv", None, "U40808"),
        ("Socialtjänsten", None, "U40809"),
        ("Övrigt/annan instans", None, "U40810"),
    ]),
    ("Deltagarnas ålder (fyllda år periodens sista dag)", [
        ("24 år eller yngre", None, "U40811"),
        ("25 år eller äldre", None, "U40812"),
    ]),
    ("Deltagarnas utbildningsnivå", [
        ("Icke fullgjord grundskola", None, "U40816"),
        ("Högst grundskola", None, "U40815"),
        ("Gymnasial utbildning", None, "U40814"),
        ("Eftergymnasial utbildning", None, "U40813"),
        ("Ej validerad utbildning", None, "U40827"),
    ]),
    ("Tid utan arbete före inskrivning", [
        ("Kortare än 6 månader", None, "U40817"),
        ("6–12 månader", None, "N40826"),
        ("Mer än 12, högst 24 månader", None, "N40827"),
        ("6–24 månader (summa av de två)", None, "U40818"),
        ("Mer än 24 månader", None, "U40819"),
        ("Uppgift saknas", None, "U40835"),
    ]),
    ("Resultat vid avslut (varje avslutad person en gång, med sitt senaste avslut)", [
        ("Avslutade deltagare", "N40450", None),
        ("A. Börjat arbeta", "U40450", "U40406"),
        ("B. Börjat studera", "U40451", "U40409"),
        ("C. Överförd till annan myndighet", "U40452", "U40412"),
        ("D. Slutfört uppdrag", "U40453", "U40415"),
        ("E. Övrigt", "U40454", "U40418"),
        ("Börjat arbeta eller studera (A + B)", None, "U40455"),
    ]),
    ("Tid i verksamheten för avslutade", [
        ("Högst 6 månader", None, "N40828"),
        ("6–12 månader", None, "N40829"),
        ("Mer än 12, högst 24 månader", None, "N40830"),
        ("6–24 månader (summa av de två)", None, "U40822"),
        ("Mer än 24 månader", None, "U40823"),
    ]),
    ("Feriejobb/feriepraktik (ungdomar efter egen kommun; varje person en gång)", [
        ("Sökande som fått plats (andel av alla sökande)", None, "N40471"),
        ("Fått plats utanför kommunens egna verksamhet", "N40472", None),
        ("  varav privata näringslivet", None, "N40473"),
        ("  varav civilsamhället/föreningar", None, "N40474"),
        ("  varav annan arbetsgivare", None, "N40475"),
    ]),
    ("Personal (årsarbetare; matas in för hand)", [
        ("Anställda som arbetar med arbetsmarknadsfrågor", "U40000", None),
        ("Kommunala arbetsmarknadsanställningar", "U40403", None),
    ]),
]
SUMMARY_HEADER = ["Uppgift", "Nyckeltal", "Totalt", "Kvinnor", "Män", "Andel totalt (%)", "Andel kvinnor (%)",
                  "Andel män (%)", "Anmärkning"]


# Reconciliation lines after a section: what the categories do not cover (label, total KPI, parts).
# Education: unknown counts in the denominator only; exits: an exit without a reason in none of A–E.
SUMMARY_REST = {
    "Deltagarnas utbildningsnivå": ("Uppgift saknas (räknas bara i nämnaren)", "U40800",
                                    ("U40816", "U40815", "U40814", "U40813", "U40827")),
    "Resultat vid avslut (varje avslutad person en gång, med sitt senaste avslut)": (
        "Avslutsorsak saknas eller arbete ej bekräftat (räknas bara bland avslutade)", "N40450",
        ("U40450", "U40451", "U40452", "U40453", "U40454")),
}
DENOMINATOR_NOUN = {"referrals": "anvisningar", "participants": "deltagare", "exits": "avslutade",
                    "summer": "sökande", "summer_out": "placerade utanför kommunens egna verksamhet"}
# Visible sums: after these sections, the sum of the categories beside the total (SUM_GROUPS).
SUMMARY_SUMS = {
    "Deltagarnas utbildningsnivå": "education",
    "Resultat vid avslut (varje avslutad person en gång, med sitt senaste avslut)": "exits",
}


def _summary_sheet(ws, result: KoladaResult) -> None:
    index = {(r.kpi, r.municipality, r.gender): r for r in result.rows}
    ws["A1"] = "KAS-nyckeltal att föra in i Koladas inmatning"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = f"Period: {period_text(result)}"
    row = 4
    for muni in result.municipalities:
        def get(kpi: str, g: str = "T") -> KoladaRow | None:
            return index.get((kpi, muni, g))

        ws.cell(row=row, column=1, value=f"Kommun {municipality_text(result, muni)}").font = TITLE_FONT
        row += 1
        _header(ws, SUMMARY_HEADER, row)
        row += 1
        for section, lines in SUMMARY:
            ws.cell(row=row, column=1, value=section).font = SECTION_FONT
            row += 1
            for label, count_kpi, share_kpi in lines:
                count_kpi = count_kpi if count_kpi and get(count_kpi) else None
                share_kpi = share_kpi if share_kpi and get(share_kpi) else None
                if not (count_kpi or share_kpi):
                    continue  # a KPI the catalogue has discontinued
                ws.cell(row=row, column=1, value=label)
                ws.cell(row=row, column=2, value=" / ".join(k for k in (count_kpi, share_kpi) if k))
                notes: list[str] = []
                for i, g in enumerate(GENDER_ORDER):
                    counted = get(count_kpi, g) if count_kpi else None
                    share = get(share_kpi, g) if share_kpi else None
                    if counted is not None:
                        ws.cell(row=row, column=3 + i, value=counted.value)
                        if counted.status == MISSING:
                            notes.append({"T": "totalt", "K": "kvinnor", "M": "män"}[g])
                    elif share is not None:
                        ws.cell(row=row, column=3 + i, value=share.numerator)
                    if share is not None:
                        ws.cell(row=row, column=6 + i, value=share.value).number_format = "0.0"
                if notes:
                    notes = ["Ej inmatat: " + ", ".join(notes)]
                if share_kpi:
                    notes.append(_share_note(share_kpi, [get(share_kpi, g) for g in GENDER_ORDER]))
                ws.cell(row=row, column=9, value="; ".join(n for n in notes if n))
                row += 1
            group = SUMMARY_SUMS.get(section)
            if group is not None and result.sum_line(group, muni) is not None:
                label = next(g[1] for g in SUM_GROUPS if g[0] == group)
                parts = next(g[2] for g in SUM_GROUPS if g[0] == group)
                genders = GENDER_ORDER if KPI_BY_ID[parts[0]].gendered else ("T",)
                ws.cell(row=row, column=1, value=f"{label} (summan av raderna ovan)").font = Font(bold=True)
                ws.cell(row=row, column=2, value=f"{parts[0]}–{parts[-1]}")
                for i, g in enumerate(GENDER_ORDER):
                    line = result.sum_line(group, muni, g) if g in genders else None
                    if line is None:
                        continue
                    ws.cell(row=row, column=3 + i, value=line.numerator).font = Font(bold=True)
                    c = ws.cell(row=row, column=6 + i, value=line.share)
                    c.number_format = "0.0"
                    c.font = Font(bold=True)
                t_line = result.sum_line(group, muni)
                if t_line.share is not None and t_line.numerator < (t_line.denominator or 0):
                    ws.cell(row=row, column=9, value=f"{t_line.denominator - t_line.numerator} av "
                                                     f"{t_line.denominator} saknar uppgift, därför under 100 %")
                row += 1
            rest = SUMMARY_REST.get(section)
            if rest is not None and get(rest[1]) is not None:
                label, total_kpi, parts = rest
                ws.cell(row=row, column=1, value=label)
                for i, g in enumerate(GENDER_ORDER):
                    total = get(total_kpi, g)
                    if total is None or (g != "T" and not KPI_BY_ID[parts[0]].gendered):
                        continue
                    covered = sum((get(k, g).numerator or 0) for k in parts if get(k, g) is not None)
                    ws.cell(row=row, column=3 + i, value=int(total.value or 0) - covered)
                row += 1
            row += 1
        row += 1
    _widths(ws, [62, 16, 9, 9, 9, 16, 17, 14, 52])


GENDER_ORDER = ("T", "K", "M")


def _share_note(kpi: str, rows: list[KoladaRow | None]) -> str:
    """`av 78 avslutade (43 kvinnor, 35 män)`, or why a share is missing."""
    noun = DENOMINATOR_NOUN.get(KPI_BY_ID[kpi].base, "")
    t, k, m = rows
    if t is None:
        return ""
    if t.status == MISSING:
        return "Andel kan inte beräknas (0 i nämnaren)"
    note = f"av {t.denominator} {noun}".strip()
    if k is not None and m is not None:
        note += f" ({k.denominator} kvinnor, {m.denominator} män)"
        missing = [w for w, r in (("kvinnor", k), ("män", m)) if r.status == MISSING]
        if missing:
            note += "; andel för " + " och ".join(missing) + " kan inte beräknas"
    return note


def _control_sheet(ws, result: KoladaResult) -> None:
    _header(ws, ["Kommun", "Personnummer", "Namn", "Vad som saknas"])
    for f in result.findings:  # thousands of rows in a big register: plain appends, no per-cell styles
        ws.append([f.municipality, f.personnummer, f.name, f.problem])
    ws.freeze_panes = "A2"
    _widths(ws, [9, 16, 30, 110])


def _about_sheet(ws, result: KoladaResult) -> None:
    ws["A1"] = "Om filen"
    ws["A1"].font = TITLE_FONT
    lines: list[tuple[str, object]] = [
        ("Skapad", result.generated_at.strftime("%Y-%m-%d %H:%M")),
        ("Program", "AME Desktop"),
        ("Programversion", __version__),
        ("Period", period_text(result)),
        ("Periodens första dag", result.period_start.isoformat()),
        ("Periodens sista dag", result.period_end.isoformat()),
        ("Kommun" if len(result.municipalities) == 1 else "Kommuner",
         ", ".join(municipality_text(result, m) for m in result.municipalities)),
        ("Antal personer bakom siffrorna", sum(result.persons.values())),
    ]
    if len(result.municipalities) > 1:
        lines += [(f"  varav {municipality_text(result, m)}", result.persons.get(m, 0)) for m in result.municipalities]
    lines.append(("Ungdomar som sökt feriejobb (ingår inte ovan)", sum(result.summer_applicants.values())))
    lines.append(("Anmärkningar i bladet Kontroll", len(result.findings)))
    r = 3
    for label, value in lines:
        ws.cell(row=r, column=1, value=label).font = Font(bold=True)
        ws.cell(row=r, column=2, value=value).alignment = Alignment(horizontal="left")
        r += 1
    r += 1
    ws.cell(row=r, column=1, value=SOURCE_TEXT)
    r += 2
    notes = [
        "Personer bakom siffrorna: deltagare med en inskrivning som överlappar perioden, och personer som "
        "anvisats under perioden.",
        "Andelar anges i procent med en decimal (avrundat halvt uppåt). Täljare och nämnare står bredvid i bladet Kolada.",
        "Status Missing: andelen kan inte beräknas (0 i nämnaren) eller uppgiften har inte matats in (årsarbetare).",
        "Kön X räknas bara i totalen (T). Kolumnen period är året; perioden ovan anger vilka datum som ingår.",
        "Inskrivningar och anvisningar räknas i den kommun som står på dem; feriejobb i ungdomens egen kommun.",
        "Avslut till arbete (A1/A2) räknas som A först när arbetet bekräftats ha varat en sammanhängande månad; "
        "obekräftade står i bladet Kontroll.",
    ]
    for n in notes:
        ws.cell(row=r, column=1, value=n)
        r += 1
    _widths(ws, [34, 70])


def _write_xlsx(result: KoladaResult, path: Path) -> None:
    _openpyxl()
    wb = Workbook()
    ws = wb.active
    ws.title = "Kolada"
    _kolada_sheet(ws, result)
    _summary_sheet(wb.create_sheet("Sammanställning"), result)
    _control_sheet(wb.create_sheet("Kontroll"), result)
    _about_sheet(wb.create_sheet("Om filen"), result)
    save_workbook(wb, path)
