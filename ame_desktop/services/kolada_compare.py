"""The unit's own KAS figures beside similar municipalities' published ones (Kolada cache).

One `Comparison` feeds both the window and the xlsx export: lines (own figures, the own
municipality as published, each peer, the peers' median, Riket) × cells per (KPI, year).

Decisions where the issue was silent (also in the README):
- Own figures come from `compute_kolada` for the whole year (the current year: so far, i.e.
  year to date) and are always marked preliminary: they are the register's, not what Kolada
  published. Kolada's published value for the own municipality is shown on a line of its own
  when cached, so a difference between the register and the survey shows.
- Peers default to the members of the own municipality's cached "Liknande kommuner
  arbetsmarknad" group (kolada_client.cached_similar_group), without the municipality itself.
  Riket (0000) is always on the last line. The median of the peers that have a value is a line
  of its own ("Median, jämförelsekommunerna"); it is left empty when no peer has a value.
- Reading own figures needs read access to the municipality (authz.check_municipality); the
  published values are public and need none.
- Gender T (totals) unless asked otherwise.
"""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_UP, Decimal
from datetime import date, datetime

from sqlmodel import Session

from ame_desktop.domain.kolada_comparison import (  # noqa: F401  (the comparison's types live in domain)
    MEDIAN, OWN, OWN_KOLADA, PEER, RIKET_ROLE, SOURCE_COMPUTED, SOURCE_KOLADA, SOURCE_OWN, Cell,
    Comparison, KpiInfo, Line,
)
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import Municipality
from ame_desktop.services import authz
from ame_desktop.services import kolada as kol
from ame_desktop.services import kolada_client as kc

DEFAULT_KPIS = ("U40455", "U40406", "U40409", "U40800")
RIKET = kc.RIKET


def kpi_info(kpi: str) -> KpiInfo:
    k = kol.KPI_BY_ID.get(kpi)
    title = kol.catalogue().get(kpi).title if kpi in kol.catalogue() else (k.label if k else kpi)
    share = k.share if k else "andel" in title.lower()
    return KpiInfo(kpi, k.label if k else title, title, share)


def compare_kpis() -> list[KpiInfo]:
    """The KAS KPIs worth comparing: every exported one computed from the register (not the
    staff FTEs typed in by hand)."""
    kpis = [k.kpi for k in kol.exported_kpis() if k.base != kol.INPUT]
    # The defaults first (the results at exit are what peers are compared on), then survey order.
    order = [k for k in DEFAULT_KPIS if k in kpis] + [k for k in kpis if k not in DEFAULT_KPIS]
    return [kpi_info(k) for k in order]


def _one_decimal(x: float) -> float:
    """Half away from zero, like the KAS shares (Decimal ROUND_HALF_UP)."""
    return float(Decimal(str(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def default_peers(s: Session, municipality: str) -> tuple[kc.Group | None, list[str]]:
    """The cached "Liknande kommuner arbetsmarknad" group and its members (not the municipality)."""
    group = kc.cached_similar_group(s, municipality)
    if group is None:
        return None, []
    return group, [c for c in group.codes if c not in (municipality, RIKET)]


def _names(s: Session, codes: list[str]) -> dict[str, str]:
    return {c: (m.name if (m := s.get(Municipality, c)) is not None else c) for c in codes}


def _own_cells(s: Session, code: str, kpis: list[KpiInfo], years: list[int], gender: str,
               today: date) -> tuple[dict[tuple[str, int], Cell], dict[int, str]]:
    cells: dict[tuple[str, int], Cell] = {}
    notes: dict[int, str] = {}
    for y in years:
        try:
            result = kol.compute_kolada(s, y, None, code, today=today)
        except UserError as exc:
            notes[y] = exc.message
            continue
        if y == today.year:
            notes[y] = f"{y}: egna siffror hittills i år (t.o.m. {today.isoformat()})."
        for k in kpis:
            if k.kpi not in kol.KPI_BY_ID:
                cells[(k.kpi, y)] = Cell(None, source=SOURCE_OWN, note="beräknas inte ur registret")
                continue
            kd = kol.KPI_BY_ID[k.kpi]
            g = gender if kd.gendered else "T"
            try:
                r = result.row(k.kpi, code, g)
            except KeyError:  # a KPI the export leaves out (discontinued)
                continue
            note = "preliminär, ur registret" + (" (hittills i år)" if y == today.year else "")
            if r.denominator is not None:
                note += f"; {r.numerator} av {r.denominator}"
            cells[(k.kpi, y)] = Cell(r.value, r.status or None, SOURCE_OWN, None, True, note)
    return cells, notes


def compare(s: Session, municipality: str, kpis: list[str] | None = None, years: list[int] | None = None,
            peers: list[str] | None = None, *, gender: str = "T", today: date | None = None) -> Comparison:
    """Own figures, the own municipality in Kolada, peers, their median and Riket.

    `peers` None: the cached similar group's members. Years default to the last two full years
    and the current one."""
    today = today or date.today()
    code = kc.clean_codes([municipality], s)[0]
    m = s.get(Municipality, code)
    if m is None or m.kind != "K":
        raise UserError(f"{code} är ingen kommun; välj den kommun vars siffror ska jämföras.")
    authz.check_municipality(s, code)
    if gender not in kc.GENDERS:
        raise UserError(f"Okänt kön ”{gender}”; välj T, K eller M.")
    infos = [kpi_info(k) for k in kc.clean_kpis(kpis or DEFAULT_KPIS)]
    years = kc.clean_years(years or [today.year - 2, today.year - 1, today.year], today)
    group = kc.cached_similar_group(s, code)
    if peers is None:
        _, peers = default_peers(s, code)
    else:
        peers = kc.clean_codes(peers, s) if peers else []
    peers = [p for p in peers if p not in (code, RIKET)]
    names = _names(s, [code, RIKET, *peers])
    cached = kc.cached_values(s, [k.kpi for k in infos], [code, RIKET, *peers], years, gender)

    def published(c: str) -> Line:
        ln = Line(RIKET_ROLE if c == RIKET else PEER, c, names[c])
        for k in infos:
            for y in years:
                row = cached.get((k.kpi, c, y))
                if row is not None:
                    ln.cells[(k.kpi, y)] = Cell(row.value, row.status, SOURCE_KOLADA, row.fetched_at, True)
        return ln

    own_cells, notes = _own_cells(s, code, infos, years, gender, today)
    own = Line(OWN, code, names[code], own_cells)
    own_kolada = published(code)
    own_kolada.role = OWN_KOLADA
    peer_lines = sorted((published(p) for p in peers), key=lambda ln: ln.name)
    median = Line(MEDIAN, "", "Median, jämförelsekommunerna")
    for k in infos:
        for y in years:
            vals = [ln.cell(k.kpi, y).value for ln in peer_lines if ln.cell(k.kpi, y).value is not None]
            if vals:
                med = statistics.median(vals)
                median.cells[(k.kpi, y)] = Cell(_one_decimal(med), None, SOURCE_COMPUTED, None, True,
                                                f"median av {len(vals)} av {len(peer_lines)} kommuner")
    lines = [own]
    if own_kolada.cells:
        lines.append(own_kolada)
    lines += peer_lines
    if peer_lines:
        lines.append(median)
    lines.append(published(RIKET))
    return Comparison(code, names[code], infos, years, gender, peers, group, lines, notes,
                      datetime.now().replace(microsecond=0), today)
