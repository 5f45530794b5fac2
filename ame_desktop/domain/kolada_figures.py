"""The Kolada (KAS) figures as plain values: the KPI definitions (survey order, base, condition),
the result rows and the result (services/kolada.py computes it; io/kolada_export.py writes it).
shared/spec/KOLADA_EXPORT.md is the contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

GENDERS = ("T", "K", "M")
MISSING = "Missing"
INPUT_KPIS = ("U40000", "U40403")
FIRST_YEAR = 2024  # the KPI set below is the one in force from 2024
WORK_REASONS = ("A1", "A2")
OUTSIDE_SECTORS = ("PRIVAT", "CIVIL", "ANNAN")

# Base names.
PARTICIPANTS, REFERRED, REFERRALS, EXITS, INPUT = "participants", "referred", "referrals", "exits", "input"
SUMMER, SUMMER_OUT = "summer", "summer_out"


@dataclass(frozen=True)
class KpiDef:
    """One KPI: count or share of the rows of `base` where `column` is one of `values` (all rows
    when `column` is None); shares divide by all rows of the base of the same gender."""

    kpi: str
    base: str
    share: bool
    gendered: bool
    label: str  # short Swedish label for the summary sheet and the window
    column: str | None = None
    values: tuple[str, ...] = ()


def _k(kpi, base, share, gendered, label, column=None, *values) -> KpiDef:
    return KpiDef(kpi, base, share, gendered, label, column, tuple(values))


# Survey order (the summary sheet and the window follow it); the Kolada sheet sorts by id.
KPIS: tuple[KpiDef, ...] = (
    _k("U40800", PARTICIPANTS, False, True, "Deltagare"),
    _k("U40803", REFERRED, False, True, "Anvisade deltagare"),
    _k("U40806", REFERRALS, True, False, "Anvisningar från AF", "source", "AF"),
    _k("U40807", REFERRALS, True, False, "Anvisningar från FK", "source", "FK"),
    _k("U40808", REFERRALS, True, False, "Anvisningar av individen själv", "source", "EGEN"),
    _k("U40809", REFERRALS, True, False, "Anvisningar från socialtjänsten", "source", "SOC"),
    _k("U40810", REFERRALS, True, False, "Anvisningar från annan instans", "source", "ANNAN"),
    _k("U40811", PARTICIPANTS, True, False, "24 år eller yngre", "age_group", "Y"),
    _k("U40812", PARTICIPANTS, True, False, "25 år eller äldre", "age_group", "O"),
    _k("U40816", PARTICIPANTS, True, False, "Icke fullgjord grundskola", "education", "EJ_GRUNDSKOLA"),
    _k("U40815", PARTICIPANTS, True, False, "Högst grundskola", "education", "GRUNDSKOLA"),
    _k("U40814", PARTICIPANTS, True, False, "Gymnasial utbildning", "education", "GYMNASIUM"),
    _k("U40813", PARTICIPANTS, True, False, "Eftergymnasial utbildning", "education", "EFTERGYMNASIAL"),
    _k("U40827", PARTICIPANTS, True, False, "Ej validerad utbildning", "education", "EJ_VALIDERAD"),
    _k("U40817", PARTICIPANTS, True, False, "Utan arbete under 6 månader", "tww", "under 6"),
    _k("N40826", PARTICIPANTS, True, False, "Utan arbete 6–12 månader", "tww", "6-12"),
    _k("N40827", PARTICIPANTS, True, False, "Utan arbete 12–24 månader", "tww", "12-24"),
    _k("U40818", PARTICIPANTS, True, False, "Utan arbete 6–24 månader", "tww", "6-12", "12-24"),
    _k("U40819", PARTICIPANTS, True, False, "Utan arbete mer än 24 månader", "tww", "över 24"),
    _k("U40835", PARTICIPANTS, True, False, "Tid utan arbete saknas", "tww", "saknas"),
    _k("N40450", EXITS, False, True, "Avslutade deltagare"),
    _k("U40450", EXITS, False, True, "A. Börjat arbeta", "kas", "A"),
    _k("U40451", EXITS, False, True, "B. Börjat studera", "kas", "B"),
    _k("U40452", EXITS, False, True, "C. Överförd till annan myndighet", "kas", "C"),
    _k("U40453", EXITS, False, True, "D. Slutfört uppdrag", "kas", "D"),
    _k("U40454", EXITS, False, True, "E. Övrigt", "kas", "E"),
    _k("U40406", EXITS, True, True, "A. Börjat arbeta", "kas", "A"),
    _k("U40409", EXITS, True, True, "B. Börjat studera", "kas", "B"),
    _k("U40412", EXITS, True, True, "C. Överförd till annan myndighet", "kas", "C"),
    _k("U40415", EXITS, True, True, "D. Slutfört uppdrag", "kas", "D"),
    _k("U40418", EXITS, True, True, "E. Övrigt", "kas", "E"),
    _k("U40455", EXITS, True, True, "A + B. Arbete eller studier", "kas", "A", "B"),
    _k("N40828", EXITS, True, False, "Avslutade inom 6 månader", "dur", "D06"),
    _k("N40829", EXITS, True, False, "Avslutade efter 6–12 månader", "dur", "D12"),
    _k("N40830", EXITS, True, False, "Avslutade efter 12–24 månader", "dur", "D24"),
    _k("U40822", EXITS, True, False, "Avslutade efter 6–24 månader", "dur", "D12", "D24"),
    _k("U40823", EXITS, True, False, "Avslutade efter över 24 månader", "dur", "D99"),
    _k("N40471", SUMMER, True, True, "Feriejobb: sökande som fått plats", "placed", "Y"),
    _k("N40472", SUMMER_OUT, False, False, "Feriejobb utanför kommunens egna verksamhet"),
    _k("N40473", SUMMER_OUT, True, False, "Feriejobb inom privata näringslivet", "placement", "PRIVAT"),
    _k("N40474", SUMMER_OUT, True, False, "Feriejobb inom civilsamhället/föreningar", "placement", "CIVIL"),
    _k("N40475", SUMMER_OUT, True, False, "Feriejobb hos annan arbetsgivare", "placement", "ANNAN"),
    _k("U40000", INPUT, False, True, "Årsarbetare, personal"),
    _k("U40403", INPUT, False, True, "Årsarbetare, kommunala anställningar"),
)
KPI_BY_ID = {k.kpi: k for k in KPIS}

DURATION_LABELS = {"D06": "högst 6 månader", "D12": "6–12 månader", "D24": "mer än 12, högst 24 månader",
                   "D99": "mer än 24 månader"}


# --- results --------------------------------------------------------------------------------
@dataclass(frozen=True)
class KoladaRow:
    kpi: str
    municipality: str
    period: int
    gender: str
    value: int | float | None
    numerator: int | None
    denominator: int | None
    status: str
    kpi_title: str


@dataclass(frozen=True)
class Finding:
    """One data-quality problem behind the figures, for the `Kontroll` sheet."""

    municipality: str
    participant_id: int
    personnummer: str  # formatted YYYYMMDD-NNNN
    name: str
    problem: str  # Swedish, says what is missing and how it affects the figures
    kind: str  # stable code: education, time_without_work, no_referral, ka_s0, no_exit_reason,
    #            unconfirmed_work, kas_mismatch, gender_x

    @property
    def summary(self) -> str:
        """A few words for a narrow table column (the full text goes in the tooltip and the file)."""
        return FINDING_SUMMARY.get(self.kind, self.problem)


UNCONFIRMED_TEXT = "Arbete ej bekräftat efter en månad"
FINDING_SUMMARY = {
    "education": "Utbildningsnivå saknas",
    "time_without_work": "Tid utan arbete saknas",
    "no_referral": "Anvisning saknas",
    "ka_s0": "Avslutsorsak KA/S0 → E",
    "no_exit_reason": "Avslutsorsak saknas",
    "unconfirmed_work": "Arbete ej bekräftat",
    "kas_mismatch": "Fel KAS-kategori",
    "gender_x": "Kön X: bara i totalen",
}
FINDING_ORDER = {k: i for i, k in enumerate(FINDING_SUMMARY)}


@dataclass(frozen=True)
class FigurePerson:
    """One person (for referral shares: one referral) counted in a figure's numerator."""

    participant_id: int
    personnummer: str
    name: str
    gender: str
    municipality: str
    detail: str


@dataclass(frozen=True)
class SumLine:
    """The sum of a group of figures (education levels, exit categories A–E) beside the total
    they should add up to: below 100 % when unknown values are left out."""

    label: str
    kpis: tuple[str, ...]
    numerator: int
    denominator: int | None
    share: float | None  # numerator as % of denominator (None when 0 in the denominator)


# Groups whose sum the summary sheet and the window show: (key, label, parts, total KPI).
SUM_GROUPS = (
    ("education", "Summa utbildningsnivåer", ("U40816", "U40815", "U40814", "U40813", "U40827"), "U40800"),
    ("exits", "Summa A–E", ("U40450", "U40451", "U40452", "U40453", "U40454"), "N40450"),
)


@dataclass
class KoladaResult:
    year: int
    through_month: int | None
    period_start: date
    period_end: date
    municipalities: list[str]
    municipality_names: dict[str, str]
    rows: list[KoladaRow]
    findings: list[Finding]
    persons: dict[str, int]
    generated_at: datetime
    summer_applicants: dict[str, int] = field(default_factory=dict)
    _index: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def full_year(self) -> bool:
        return self.period_end == date(self.year, 12, 31)

    def row(self, kpi: str, municipality: str | None = None, gender: str = "T") -> KoladaRow:
        """The row of one figure (the first municipality when none is named)."""
        if not self._index:
            self._index.update({(r.kpi, r.municipality, r.gender): r for r in self.rows})
        return self._index[(kpi, municipality or self.municipalities[0], gender)]

    def find(self, kpi: str, municipality: str, gender: str = "T") -> KoladaRow | None:
        try:
            return self.row(kpi, municipality, gender)
        except KeyError:
            return None

    def value(self, kpi: str, municipality: str | None = None, gender: str = "T"):
        return self.row(kpi, municipality, gender).value

    def sum_line(self, group: str, municipality: str | None = None, gender: str = "T") -> SumLine | None:
        """The visible sum of a group (SUM_GROUPS) for one municipality and gender."""
        key, label, parts, total = next(g for g in SUM_GROUPS if g[0] == group)
        muni = municipality or self.municipalities[0]
        rows = [self.find(k, muni, gender) for k in parts]
        total_row = self.find(total, muni, gender)
        if total_row is None or any(r is None for r in rows):
            return None
        num = sum(r.numerator or 0 for r in rows)
        den = total_row.numerator
        return SumLine(label, parts, num, den, share_value(num, den or 0))



def share_value(numerator: int, denominator: int) -> float | None:
    """Percent, 1 decimal, half away from zero (Decimal ROUND_HALF_UP); None when 0 in the denominator."""
    if not denominator:
        return None
    pct = Decimal(numerator * 100) / Decimal(denominator)
    return float(pct.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
