"""The comparison with similar municipalities as plain values (services/kolada_compare.py builds
it from the register and the Kolada cache; the window shows it; io/compare_export.py writes it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

OWN, OWN_KOLADA, PEER, MEDIAN, RIKET_ROLE = "own", "own_kolada", "peer", "median", "riket"
ROLE_TEXT = {OWN: "egna siffror (preliminära)", OWN_KOLADA: "publicerat i Kolada", PEER: "jämförelsekommun",
             MEDIAN: "median, jämförelsekommunerna", RIKET_ROLE: "riket"}
SOURCE_OWN, SOURCE_KOLADA, SOURCE_COMPUTED = "register", "kolada", "beräknad"


@dataclass(frozen=True)
class KpiInfo:
    kpi: str
    label: str  # short Swedish label
    title: str  # Kolada's title
    share: bool

    @property
    def unit(self) -> str:
        return "%" if self.share else "antal"



@dataclass(frozen=True)
class Cell:
    value: float | int | None
    status: str | None = None  # Kolada's status, or Missing for an own share with 0 in the denominator
    source: str = SOURCE_KOLADA
    fetched_at: datetime | None = None
    cached: bool = True  # False: not fetched from Kolada (an empty cell, not "no value")
    note: str = ""


EMPTY = Cell(None, cached=False)


@dataclass
class Line:
    role: str
    municipality: str  # code; "" for the median
    name: str
    cells: dict[tuple[str, int], Cell] = field(default_factory=dict)

    @property
    def label(self) -> str:
        if self.role == OWN:
            return f"{self.name} – egna siffror (prel.)"
        if self.role == OWN_KOLADA:
            return f"{self.name} – i Kolada"
        return self.name

    def cell(self, kpi: str, year: int) -> Cell:
        return self.cells.get((kpi, year), EMPTY)


@dataclass
class Comparison:
    municipality: str
    municipality_name: str
    kpis: list[KpiInfo]
    years: list[int]
    gender: str
    peers: list[str]
    group: object | None  # services.kolada_client.Group: the cached "Liknande kommuner" group
    lines: list[Line]
    own_notes: dict[int, str]  # year → why there are no own figures, or "so far this year"
    generated_at: datetime
    today: date

    @property
    def not_fetched(self) -> int:
        """Cells of peers and Riket with nothing in the cache (the current year left out: Kolada
        publishes a year's KAS figures only the year after)."""
        return sum(1 for ln in self.lines if ln.role in (PEER, RIKET_ROLE)
                   for k in self.kpis for y in self.years if y < self.today.year and not ln.cell(k.kpi, y).cached)

    @property
    def fetched_range(self) -> tuple[datetime, datetime] | None:
        stamps = [c.fetched_at for ln in self.lines for c in ln.cells.values() if c.fetched_at is not None]
        return (min(stamps), max(stamps)) if stamps else None

    def line(self, role: str, municipality: str | None = None) -> Line:
        return next(ln for ln in self.lines
                    if ln.role == role and (municipality is None or ln.municipality == municipality))

    def value(self, role: str, kpi: str, year: int, municipality: str | None = None):
        return self.line(role, municipality).cell(kpi, year).value

    def rows(self) -> list[dict]:
        """The long form (one dict per line × KPI × year), for the export's data sheet."""
        out = []
        for k in self.kpis:
            for y in self.years:
                for ln in self.lines:
                    c = ln.cell(k.kpi, y)
                    out.append({"kpi": k.kpi, "kpi_title": k.title, "municipality": ln.municipality,
                                "name": ln.name, "role": ln.role, "period": y, "gender": self.gender,
                                "value": c.value, "status": c.status or "", "source": c.source if c.cached else "",
                                "fetched_at": c.fetched_at, "note": c.note})
        return out
