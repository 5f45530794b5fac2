"""The quarterly follow-up for the nämnd and IVO as plain values (services/quarter.py counts it;
io/quarter.py and the window show it): the figures of a cell, the report, the rows in the order
of the files, and "Så räknas det" (HOW_IT_IS_COUNTED)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from ame_desktop.domain import codes

QUARTER = "kvartal"

HOW_IT_IS_COUNTED = [
    ("Personer med aktivitetskrav", "Personer med en kravperiod (blad Aktivitetskrav) som pågår någon dag i "
     "månaden, också undantagna. För kvartalet räknas varje person en gång."),
    ("Med individuell plan", "Av dem: personer som har en sparad individuell plan senast månadens (kvartalets) "
     "sista dag."),
    ("Beslut", "Kravperioder med beslutsdatum i månaden (kvartalet)."),
    ("Dagar från beslut till första aktivitet", "För varje beslut: dagar från beslutsdatum till första dagen med "
     "registrerad närvaro i en aktivitet (kategori 1–4; eget jobbsökande räknas inte) på eller efter beslutet. "
     "Median och längsta tid. Beslut utan någon aktivitet ännu räknas för sig och ingår inte i medianen."),
    ("Erbjudna timmar", "Schemalagda timmar (veckoschemat, utan eget jobbsökande) på de kravdagar då något krävs: "
     "arbetsdagar i en kravperiod utan undantag, då personen är inskriven och enheten inte är stängd."),
    ("Krävda timmar", "Summan av kravet i månadsrapporten (timmar per vecka / 5 per kravdag)."),
    ("Nedsatta kravperioder", "Kravperioder med nedsatt omfattning som pågår någon dag i månaden, per orsakskod."),
    ("Undantag", "Kravperioder med undantag som pågår någon dag i månaden, per slag."),
    ("Underrättelser", "Underrättelser om frånvaro som markerats som skickade till handläggaren under månaden."),
    ("Rapporter lämnade / kvitterade", "Personrapporter i leveranser till handläggare under månaden (en leverans "
     "till en handläggare med fem klienter är fem personrapporter), och hur många av dem som kvitterats."),
    ("Frånvaro utan anmält skäl", "Registrerade timmar med frånvarokod OGILTIG i månaden, antal sådana dagar och "
     "antal personer. Om frånvaron hade godtagbart skäl bedömer socialnämnden, inte arbetsmarknadsenheten."),
]


@dataclass
class Figures:
    persons_with_requirement: int = 0
    persons_with_plan: int = 0
    decisions: int = 0
    first_activity_days: list[int] = field(default_factory=list)
    decisions_without_activity: int = 0
    required_hours: float = 0.0
    offered_hours: float = 0.0
    reduced_by_reason: Counter = field(default_factory=Counter)
    exemptions_by_kind: Counter = field(default_factory=Counter)
    notices_sent: int = 0
    reports_delivered: int = 0
    reports_acknowledged: int = 0
    no_reason_hours: float = 0.0
    no_reason_days: int = 0
    no_reason_persons: int = 0

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.first_activity_days) if self.first_activity_days else None

    @property
    def longest_days(self) -> int | None:
        return max(self.first_activity_days) if self.first_activity_days else None

    @property
    def offered_share(self) -> float | None:
        return round(100 * self.offered_hours / self.required_hours, 1) if self.required_hours else None


@dataclass
class QuarterReport:
    year: int
    quarter: int
    months: list[tuple[int, int]]
    municipalities: list[tuple[str, str]]
    cells: dict[tuple[str, str], Figures]  # (municipality code, "ÅÅÅÅ-MM" | "kvartal") → figures

    @property
    def label(self) -> str:
        return f"{self.year} kvartal {self.quarter}"

    @property
    def columns(self) -> list[str]:
        return [f"{y}-{m:02d}" for y, m in self.months] + [QUARTER]


def rows(f: Figures) -> list[tuple[str, object]]:
    """(Swedish label, value) in the order of the files."""
    out: list[tuple[str, object]] = [
        ("Personer med aktivitetskrav", f.persons_with_requirement),
        ("– varav med individuell plan", f.persons_with_plan),
        ("Beslut om aktivitetskrav", f.decisions),
        ("Dagar beslut → första aktivitet, median", f.median_days),
        ("Dagar beslut → första aktivitet, längst", f.longest_days),
        ("Beslut utan aktivitet ännu", f.decisions_without_activity),
        ("Krävda timmar", round(f.required_hours, 2)),
        ("Erbjudna (schemalagda) timmar", round(f.offered_hours, 2)),
        ("Erbjudna i procent av krävda", f.offered_share),
    ]
    for code, label in codes.REDUCTION_LABELS.items():
        out.append((f"Nedsatt krav: {label}", f.reduced_by_reason.get(code, 0)))
    for code, label in codes.EXEMPTION_LABELS.items():
        out.append((f"Undantag: {label}", f.exemptions_by_kind.get(code, 0)))
    out += [
        ("Underrättelser skickade", f.notices_sent),
        ("Personrapporter lämnade till handläggare", f.reports_delivered),
        ("– varav kvitterade", f.reports_acknowledged),
        ("Frånvaro utan anmält skäl, timmar", round(f.no_reason_hours, 2)),
        ("Frånvaro utan anmält skäl, dagar", f.no_reason_days),
        ("Frånvaro utan anmält skäl, personer", f.no_reason_persons),
    ]
    return out
