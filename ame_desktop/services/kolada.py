"""Kolada (KAS) key figures from the register — shared/spec/KOLADA_EXPORT.md is the contract.

The figures are computed with a handful of set-based SQL queries (SQLAlchemy Core: window
functions, GROUP BY, CASE), never by looping over people in Python, and only with functions
that SQLAlchemy renders for both SQLite and PostgreSQL (substr, CAST, EXTRACT, ROW_NUMBER).

Three *bases* hold one row per counted thing, with the columns the KPIs classify by:

- participants: one row per person with an enrollment overlapping P; attributes that live on an
  enrollment (time without work) come from the person's latest-starting overlapping enrollment;
- exits: one row per exited person, with their latest exit in P (latest end, then latest start);
- referrals: one row per referral dated in P; referred: one row per person with such a referral;
- summer: one row per young person with a feriejobb application dated in P (by the person's own
  municipality), placed or not; summer_out: those of them placed outside the municipality's own
  activities (PRIVAT, CIVIL, ANNAN).

Every enrollment and referral belongs to the municipality recorded on it (issue 19), so the
figures of municipality m count only m's enrollments and referrals: the bases partition by
(person, municipality), and a person enrolled in two municipalities counts in both. Gender,
education and birth date come from the person. An exit A1/A2 has KAS result A only when the work
is confirmed to have lasted a month (`work_confirmed_on`); unconfirmed it counts among the exited
persons but in none of A–E, and Kontroll lists it.

Every KPI is a condition on one base (`KPIS`). `compute_kolada` aggregates each base once per
municipality and gender; `persons_in_figure` lists the rows behind one figure with the very same
base and condition, so the drill-down cannot disagree with the export.

Decisions where the contract is silent (also in the README):

- An ended enrollment without an exit reason (older systems' data) makes the person exited: it
  counts in N40450 and in the duration classes, but in none of A–E (so A–E do not add up to
  N40450); it is listed in `Kontroll` so the user can fill in the reason.
- "Municipalities that have participants" = municipalities with a person, an enrollment or a
  referral, whatever the period; such a municipality gets all its rows even if nothing happened
  in P. A restricted account (coach or reader linked to municipalities) gets only its own.
- Years before 2024 are refused (the KPI set computed here is the one in force from 2024), and
  so is a year that has not begun. "A year before any data": no enrollment starting and no
  referral dated in or before year Y (on or before 31 December Y, whatever the through-month;
  within the chosen municipalities) → UserError.
- An enrollment "without any referral" (Kontroll): the person has no referral of the same
  municipality dated on or before the enrollment's end date; for an ongoing one, none at all.
- Kontroll lists an unconfirmed A1/A2 exit when it is the exit counted for the person (their
  latest in P), with the date from which it can be confirmed: add_months(job start, 1).
- "Persons behind the figures" leaves feriejobb applicants out (they are no participants); the
  `Om filen` sheet states their number separately.
- "Persons behind the figures" = persons counted as participants (U40800) or as referred
  (U40803) in P; exited persons are participants anyway.
- Staff FTEs (U40000, U40403) are exported exactly as entered (float); numerator and denominator
  stay blank for them, since they are not counts of anything in the register.
- A share whose denominator is 0 keeps its numerator and denominator (0, 0) beside the empty value
  and status Missing.

Rules straight from the contract, for the reader: gender X counts in T only (T sums every gender,
K and M are their own groups); age is taken from the number's date in SQL (substr; samordningsnummer
day − 60); the exit duration class uses the add_months rule, done in integer arithmetic (`_span`).
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop import config
from ame_desktop.domain import codes
from ame_desktop.domain.dates import add_months, month_bounds
from ame_desktop.domain.errors import FieldError, UserError, ValidationError
from ame_desktop.domain.models import Enrollment, KasInput, Municipality, Participant, Referral, SummerJob
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import authz
from ame_desktop.store.database import driver_rows
from ame_desktop.domain.kolada_figures import (  # noqa: F401  (the figures' types and KPI table live in domain)
    DURATION_LABELS, EXITS, FINDING_ORDER, FIRST_YEAR, GENDERS, INPUT, INPUT_KPIS, KPI_BY_ID,
    KPIS, MISSING, OUTSIDE_SECTORS, PARTICIPANTS, REFERRALS, REFERRED, SUMMER, SUMMER_OUT,
    UNCONFIRMED_TEXT, WORK_REASONS, Finding, FigurePerson, KoladaResult, KoladaRow, KpiDef, share_value,
)

_LAST_YEAR = re.compile(r"\(\s*-\s*(\d{4})\s*\)")


@dataclass(frozen=True)
class CatalogueEntry:
    title: str
    last_year: int | None  # "(-YYYY)" in the title: discontinued after YYYY

    @property
    def discontinued(self) -> bool:
        return self.last_year is not None

    def in_force(self, year: int) -> bool:
        return self.last_year is None or year <= self.last_year


def last_year_of(title: str) -> int | None:
    """The YYYY of a title's "(-YYYY)" (the last one, if there are several), else None."""
    found = _LAST_YEAR.findall(title)
    return int(found[-1]) if found else None


@lru_cache(maxsize=1)
def catalogue() -> dict[str, CatalogueEntry]:
    """Kolada's KPI catalogue (resources/data/kolada_kas_kpis.tsv): titles, and the last year of
    the discontinued ones ("(-YYYY)" in the title, any year)."""
    path = config.resource("data", "kolada_kas_kpis.tsv")
    with open(path, encoding="utf-8", newline="") as f:
        return {r["id"].strip(): CatalogueEntry(r["title"].strip(), last_year_of(r["title"]))
                for r in csv.DictReader(f, delimiter="\t")}


def exported_kpis(year: int | None = None) -> list[KpiDef]:
    """The KPIs the export carries for `year`: ours, minus those the catalogue has discontinued
    before it (without a year: minus every discontinued one)."""
    cat = catalogue()

    def keep(k: KpiDef) -> bool:
        entry = cat.get(k.kpi)
        if entry is None:
            return True
        return not entry.discontinued if year is None else entry.in_force(year)

    return [k for k in KPIS if keep(k)]


def kpi_title(kpi: str) -> str:
    entry = catalogue().get(kpi)
    return entry.title if entry else KPI_BY_ID[kpi].label


# --- the period and the request -----------------------------------------------------------
@dataclass(frozen=True)
class Period:
    year: int
    through_month: int | None
    start: date
    end: date


def _clean_municipality(s: Session, municipality: object) -> str:
    raw = str(municipality).strip()
    code = raw.zfill(4) if raw.isdigit() and len(raw) < 4 else raw
    m = s.get(Municipality, code)
    if m is None or m.kind != "K":
        raise UserError(f"Okänd kommunkod ”{raw}”. Ange kommunens fyrsiffriga kod, t.ex. 0860 för Hultsfred.")
    return code


def _period(year: object, through_month: object | None, today: date | None = None) -> Period:
    today = today or date.today()
    if through_month is not None and (not isinstance(through_month, int) or not 1 <= through_month <= 12):
        raise UserError(f"Månaden ska vara ett tal mellan 1 och 12 (inte ”{through_month}”).")
    if not isinstance(year, int) or year < 1900 or year > today.year:
        if isinstance(year, int) and today.year < year < 10000:
            raise UserError(f"Året {year} har inte börjat än; välj ett år till och med {today.year}.")
        raise UserError(f"”{year}” är inget rimligt år; ange ett år mellan {FIRST_YEAR} och {today.year}.")
    if year < FIRST_YEAR:
        raise UserError(f"År före {FIRST_YEAR} kan inte exporteras: programmet räknar fram KAS-nyckeltalen "
                        f"som de gäller från {FIRST_YEAR}, och för {year} gällde en annan uppsättning. "
                        f"Välj ett år från {FIRST_YEAR}.")
    start = date(year, 1, 1)
    end = month_bounds(year, through_month or 12)[1]
    return Period(year, through_month, start, end)


def _check_has_data(s: Session, p: Period, munis: list[str] | None) -> None:
    """Refuse only a register (or the actor's part of it) with nothing at all: no enrollment,
    referral or feriejobb application. A year from 2024 on without data of its own is computed
    like any other (counts 0, shares Missing): KOLADA_EXPORT.md refuses only years before 2024, and a
    municipality's zero is a figure too."""
    summer = sa.select(sa.func.min(SummerJob.applied_on)).join(Participant, Participant.id == SummerJob.participant_id)
    for col, muni, q in ((Enrollment.start_date, Enrollment.municipality_code, None),
                         (Referral.referral_date, Referral.municipality_code, None),
                         (SummerJob.applied_on, Participant.municipality_code, summer)):
        q = sa.select(sa.func.min(col)) if q is None else q
        if munis is not None:
            q = q.where(muni.in_(munis))
        if s.execute(q).scalar_one() is not None:
            return
    where = "" if munis is None else " i dina kommuner"
    raise UserError(f"Registret har inga inskrivningar eller anvisningar{where}; det finns inga nyckeltal att ta fram.")


def _municipalities_with_data(s: Session, allowed: list[str] | None) -> list[str]:
    """Every municipality with a person, an enrollment or a referral (within `allowed`)."""
    q = sa.union(sa.select(Participant.municipality_code.label("code")),
                 sa.select(Enrollment.municipality_code.label("code")),
                 sa.select(Referral.municipality_code.label("code"))).subquery()
    stmt = sa.select(q.c.code).distinct().order_by(q.c.code)
    if allowed is not None:
        stmt = stmt.where(q.c.code.in_(allowed))
    return [c for (c,) in s.execute(stmt)]


def _scope(s: Session, municipality: object | None) -> tuple[str | None, list[str] | None]:
    """The municipality asked for (cleaned and checked against the actor), and the filter for the
    SQL: [code], the actor's own municipalities, or None (everything)."""
    code = _clean_municipality(s, municipality) if municipality not in (None, "") else None
    return code, authz.allowed_municipalities(s, code)


# --- SQL building blocks --------------------------------------------------------------------
def _age_expr(p_end: date):
    """Completed years on p_end from the 12-digit number's date (samordningsnummer: day − 60)."""
    pnr = Participant.personnummer
    birth_year = sa.cast(sa.func.substr(pnr, 1, 4), sa.Integer)
    birth_mmdd = sa.cast(sa.func.substr(pnr, 5, 4), sa.Integer)
    birth_day = sa.cast(sa.func.substr(pnr, 7, 2), sa.Integer)
    mmdd = birth_mmdd - sa.case((birth_day > 60, 60), else_=0)
    not_yet = sa.case((mmdd > p_end.month * 100 + p_end.day, 1), else_=0)
    return p_end.year - birth_year - not_yet


def _span(start, end):
    """An integer that orders exits by duration the way the add_months rule does:
    e ≤ add_months(s, n)  ⇔  span ≤ n · 100, with span = (months(e) − months(s)) · 100 + day(e) − day(s).
    (A month difference below n always fits; above n never; equal to n fits when day(e) ≤ day(s),
    which also covers the clamp to the month's last day: 31 Aug + 6 months = 28/29 Feb.)"""
    def months(d):
        return sa.extract("year", d) * 12 + sa.extract("month", d)

    return (months(end) - months(start)) * 100 + sa.extract("day", end) - sa.extract("day", start)


def _duration_class(span):
    return sa.case((span <= 600, "D06"), (span <= 1200, "D12"), (span <= 2400, "D24"), else_="D99")


def _overlaps(p: Period):
    return sa.and_(Enrollment.start_date <= p.end,
                   sa.or_(Enrollment.end_date.is_(None), Enrollment.end_date >= p.start))


def _person_cols(municipality_col):
    return (Participant.id.label("pid"), municipality_col.label("municipality"), Participant.gender.label("gender"))


def _muni_filter(q, col, munis: list[str] | None):
    return q.where(col.in_(munis)) if munis is not None else q


def _unconfirmed(reason, kas, confirmed):
    """An exit A1/A2 whose work has not been confirmed to have lasted a month."""
    return sa.and_(kas == "A", reason.in_(WORK_REASONS), confirmed.is_(None))


def _participants_base(p: Period, munis: list[str] | None):
    ranked = (sa.select(Enrollment.participant_id, Enrollment.municipality_code, Enrollment.id, Enrollment.start_date,
                        Enrollment.end_date, Enrollment.time_without_work,
                        sa.func.row_number().over(partition_by=(Enrollment.participant_id, Enrollment.municipality_code),
                                                  order_by=Enrollment.start_date.desc()).label("rn"))
              .where(_overlaps(p)))
    ranked = _muni_filter(ranked, Enrollment.municipality_code, munis).subquery("ov")
    age = _age_expr(p.end)
    q = (sa.select(*_person_cols(ranked.c.municipality_code), Participant.education_level.label("education"),
                   ranked.c.time_without_work.label("tww"), age.label("age"),
                   sa.case((age <= 24, "Y"), else_="O").label("age_group"),
                   ranked.c.id.label("enrollment_id"), ranked.c.start_date, ranked.c.end_date)
         .join_from(ranked, Participant, Participant.id == ranked.c.participant_id)
         .where(ranked.c.rn == 1))
    return q.subquery(PARTICIPANTS)


def _exits_base(p: Period, munis: list[str] | None):
    ranked = (sa.select(Enrollment.participant_id, Enrollment.municipality_code, Enrollment.id, Enrollment.start_date,
                        Enrollment.end_date, Enrollment.exit_reason, Enrollment.exit_kas, Enrollment.job_start_date,
                        Enrollment.work_confirmed_on,
                        _span(Enrollment.start_date, Enrollment.end_date).label("span"),
                        sa.func.row_number().over(partition_by=(Enrollment.participant_id, Enrollment.municipality_code),
                                                  order_by=(Enrollment.end_date.desc(), Enrollment.start_date.desc()))
                        .label("rn"))
              .where(Enrollment.end_date.between(p.start, p.end)))
    ranked = _muni_filter(ranked, Enrollment.municipality_code, munis).subquery("ex")
    unconfirmed = _unconfirmed(ranked.c.exit_reason, ranked.c.exit_kas, ranked.c.work_confirmed_on)
    q = (sa.select(*_person_cols(ranked.c.municipality_code), ranked.c.id.label("enrollment_id"), ranked.c.start_date,
                   ranked.c.end_date, ranked.c.exit_reason, ranked.c.exit_kas.label("stored_kas"),
                   sa.case((unconfirmed, None), else_=ranked.c.exit_kas).label("kas"),
                   sa.case((unconfirmed, 1), else_=0).label("unconfirmed"),
                   ranked.c.job_start_date, ranked.c.work_confirmed_on,
                   _duration_class(ranked.c.span).label("dur"))
         .join_from(ranked, Participant, Participant.id == ranked.c.participant_id)
         .where(ranked.c.rn == 1))
    return q.subquery(EXITS)


def _referrals_base(p: Period, munis: list[str] | None):
    q = (sa.select(*_person_cols(Referral.municipality_code), Referral.id.label("referral_id"), Referral.referral_date,
                   Referral.source)
         .join_from(Referral, Participant, Participant.id == Referral.participant_id)
         .where(Referral.referral_date.between(p.start, p.end)))
    return _muni_filter(q, Referral.municipality_code, munis).subquery(REFERRALS)


def _referred_base(p: Period, munis: list[str] | None):
    q = (sa.select(*_person_cols(Referral.municipality_code), sa.func.min(Referral.referral_date).label("first_date"),
                   sa.func.count().label("n"))
         .join_from(Referral, Participant, Participant.id == Referral.participant_id)
         .where(Referral.referral_date.between(p.start, p.end))
         .group_by(Participant.id, Referral.municipality_code, Participant.gender))
    return _muni_filter(q, Referral.municipality_code, munis).subquery(REFERRED)


def _summer_rows(p: Period, munis: list[str] | None):
    """One row per young person (of the person's own municipality) with a feriejobb application
    dated in P: placed when any such application has a place, with the sector of the latest
    placed application (latest Ansökningsdatum)."""
    ranked = (sa.select(SummerJob.participant_id, SummerJob.applied_on, SummerJob.placement, SummerJob.workplace,
                        sa.func.count().over(partition_by=SummerJob.participant_id).label("n"),
                        sa.func.min(SummerJob.applied_on).over(partition_by=SummerJob.participant_id).label("first_date"),
                        sa.func.row_number().over(
                            partition_by=SummerJob.participant_id,
                            order_by=(sa.case((SummerJob.placement.is_(None), 1), else_=0), SummerJob.applied_on.desc()))
                        .label("rn"))
              .where(SummerJob.applied_on.between(p.start, p.end)).subquery("fj"))
    q = (sa.select(*_person_cols(Participant.municipality_code), ranked.c.applied_on, ranked.c.placement,
                   ranked.c.workplace, ranked.c.n, ranked.c.first_date,
                   sa.case((ranked.c.placement.is_not(None), "Y"), else_="N").label("placed"))
         .join_from(ranked, Participant, Participant.id == ranked.c.participant_id)
         .where(ranked.c.rn == 1))
    return _muni_filter(q, Participant.municipality_code, munis)


def _summer_base(p: Period, munis: list[str] | None):
    return _summer_rows(p, munis).subquery(SUMMER)


def _summer_out_base(p: Period, munis: list[str] | None):
    inner = _summer_rows(p, munis).subquery("fj_all")
    return sa.select(inner).where(inner.c.placement.in_(OUTSIDE_SECTORS)).subquery(SUMMER_OUT)


BASES = {PARTICIPANTS: _participants_base, EXITS: _exits_base, REFERRALS: _referrals_base,
         REFERRED: _referred_base, SUMMER: _summer_base, SUMMER_OUT: _summer_out_base}


def _condition(base, k: KpiDef):
    if k.column is None:
        return sa.true()
    col = base.c[k.column]
    return col == k.values[0] if len(k.values) == 1 else col.in_(k.values)


def _aggregate(s: Session, base, kpis: list[KpiDef], extra: dict | None = None) -> dict[tuple[str, str], dict]:
    """Counts per (municipality, gender): the base's row count `n` and one numerator per KPI;
    `extra` adds named counts of rows meeting a condition (in the same query)."""
    measures = [sa.func.count().label("n")]
    extra = extra or {}
    measures += [sa.func.sum(sa.case((cond, 1), else_=0)).label(f"x_{name}") for name, cond in extra.items()]
    keys: dict[tuple, str] = {}
    for k in kpis:
        if k.column is not None and (k.column, k.values) not in keys:
            keys[(k.column, k.values)] = f"c{len(keys)}"
            measures.append(sa.func.sum(sa.case((_condition(base, k), 1), else_=0)).label(keys[(k.column, k.values)]))
    q = sa.select(base.c.municipality, base.c.gender, *measures).group_by(base.c.municipality, base.c.gender)
    out: dict[tuple[str, str], dict] = {}
    for row in s.execute(q).mappings():
        counts = {"n": int(row["n"])}
        counts.update({name: int(row[f"x_{name}"] or 0) for name in extra})
        for k in kpis:
            counts[k.kpi] = int(row[keys[(k.column, k.values)]] or 0) if k.column is not None else counts["n"]
        out[(row["municipality"], row["gender"])] = counts
    return out


def _rows_for(k: KpiDef, muni: str, year: int, counts: dict[tuple[str, str], dict],
              inputs: dict[tuple[str, str, str], float]) -> list[KoladaRow]:
    title = kpi_title(k.kpi)
    out = []
    for g in GENDERS if k.gendered else ("T",):
        if k.base == INPUT:
            v = inputs.get((muni, k.kpi, g))
            out.append(KoladaRow(k.kpi, muni, year, g, v, None, None, "" if v is not None else MISSING, title))
            continue
        # T sums every gender (X included); K and M are their own groups.
        groups = [c for (m, gg), c in counts.items() if m == muni and (g == "T" or gg == g)]
        num = sum(c[k.kpi] for c in groups)
        if not k.share:
            out.append(KoladaRow(k.kpi, muni, year, g, num, num, None, "", title))
            continue
        den = sum(c["n"] for c in groups)
        value = share_value(num, den)
        out.append(KoladaRow(k.kpi, muni, year, g, value, num, den, "" if value is not None else MISSING, title))
    return out


_GENDER_ORDER = {g: i for i, g in enumerate(GENDERS)}


def compute_kolada(s: Session, year: int, through_month: int | None = None, municipality: str | None = None,
                   *, today: date | None = None) -> KoladaResult:
    """The KAS figures for P (the year, or January through `through_month`), per municipality.

    Without `municipality`: every municipality with data that the actor may see."""
    p = _period(year, through_month, today)
    code, flt = _scope(s, municipality)
    if code is None:  # a municipality asked for by its code gets its figures, zeros included
        _check_has_data(s, p, flt)
    munis = [code] if code is not None else _municipalities_with_data(s, flt)
    if code is None and flt is not None:
        flt = munis or flt
    kpis = exported_kpis(p.year)
    counts: dict[str, dict] = {}
    for base_name, build in BASES.items():
        base_kpis = [k for k in kpis if k.base == base_name]
        if base_name == REFERRED:  # always: "persons behind the figures" needs its referred-only count
            ref, only = _referred_only(p, flt)
            counts[base_name] = _aggregate(s, ref, base_kpis, {"only": only})
        elif base_kpis:
            counts[base_name] = _aggregate(s, build(p, flt), base_kpis)
    inputs = {(m, kpi, g): v for m, kpi, g, v in s.execute(
        sa.select(KasInput.municipality_code, KasInput.kpi, KasInput.gender, KasInput.value)
        .where(KasInput.year == p.year, KasInput.kpi.in_(INPUT_KPIS), KasInput.municipality_code.in_(munis)))}
    rows = [r for m in munis for k in kpis for r in _rows_for(k, m, p.year, counts.get(k.base, {}), inputs)]
    rows.sort(key=lambda r: (r.municipality, r.kpi, _GENDER_ORDER[r.gender]))
    names = dict(s.execute(sa.select(Municipality.code, Municipality.name).where(Municipality.code.in_(munis))).all())
    persons, referred_x = _persons(munis, counts.get(PARTICIPANTS, {}), counts[REFERRED])
    summer = {m: sum(c["n"] for (mm, _g), c in counts.get(SUMMER, {}).items() if mm == m) for m in munis}
    return KoladaResult(
        year=p.year, through_month=through_month, period_start=p.start, period_end=p.end,
        municipalities=munis, municipality_names={m: names.get(m, m) for m in munis}, rows=rows,
        findings=_findings(s, p, flt, referred_x), persons=persons,
        generated_at=datetime.now().replace(microsecond=0), summer_applicants=summer,
    )


def _referred_only(p: Period, munis: list[str] | None):
    """Persons referred (by m) in P without an enrollment of m overlapping P (counted in U40803 only)."""
    ref = _referred_base(p, munis)
    enrolled = sa.exists().where(Enrollment.participant_id == ref.c.pid,
                                 Enrollment.municipality_code == ref.c.municipality, _overlaps(p))
    return ref, ~enrolled


def _persons(all_munis: list[str], participants: dict[tuple[str, str], dict],
             referred: dict[tuple[str, str], dict]) -> tuple[dict[str, int], bool]:
    """Persons behind the figures per municipality = participants + referred-only persons (the
    referred base's `only` count, `_referred_only`). Also says whether any referred-only person has
    gender X (then Kontroll lists them)."""
    out = {m: sum(c["n"] for (mm, _g), c in participants.items() if mm == m) for m in all_munis}
    any_x = False
    for (m, g), c in referred.items():
        out[m] = out.get(m, 0) + c["only"]
        any_x = any_x or (g == "X" and c["only"] > 0)
    return {m: out.get(m, 0) for m in all_munis}, any_x


# --- Kontroll -------------------------------------------------------------------------------
def _named(base, *where):
    """The base's rows with the person's name and number (only a few of them: the flagged ones)."""
    return (sa.select(base.c.pid, base.c.municipality, Participant.personnummer, Participant.first_name,
                      Participant.last_name, Participant.sort_name,
                      *[c for c in base.c if c.name not in ("pid", "municipality")])
            .join_from(base, Participant, Participant.id == base.c.pid).where(*where))


def job_start(end_date: date, job_start_date: date | None) -> date:
    """The job's first day: `Anställning från`, or (blank) the day after the enrollment's end."""
    return job_start_date or end_date + timedelta(days=1)


def confirmable_from(end_date: date, job_start_date: date | None) -> date:
    """The first day on which the job can be confirmed to have lasted one continuous month."""
    return add_months(job_start(end_date, job_start_date), 1)


def _iso(value) -> str:
    """A date column fetched through the driver as ISO text: sqlite3 gives the stored text,
    psycopg a date."""
    return value[:10] if isinstance(value, str) else value.isoformat()


def _day(value) -> date | None:
    """A date column fetched through the driver, as a date (None stays None)."""
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _driver_dicts(s: Session, stmt) -> list[dict]:
    """The rows of `stmt` as plain dicts, fetched through the driver (`driver_rows`): thousands of
    flagged rows on a city register, where SQLAlchemy's per-row processing cost more than the SQL."""
    keys, rows = driver_rows(s, stmt)
    return [dict(zip(keys, row)) for row in rows]


def _findings(s: Session, p: Period, munis: list[str] | None, referred_x: bool) -> list[Finding]:
    """Problems in the data behind the figures, for people counted in P (see the module docstring).
    One query per base, with a flag per kind of problem, so each base is evaluated once. The rows
    come through the driver, so their dates are ISO text (SQLite) or dates (PostgreSQL): `_iso`."""
    found: list[tuple] = []
    saknas = codes.TimeWithoutWork.SAKNAS.value
    x_text = "Kön X (annat/okänt) räknas bara i totalen (T), inte bland kvinnor eller män."

    part = _participants_base(p, munis)
    for r in _driver_dicts(s, _named(part, sa.or_(part.c.education.is_(None), part.c.tww == saknas,
                                                  part.c.gender == "X"))):
        if r["education"] is None:
            found.append((r, "education", "Utbildningsnivå saknas (räknas bara i nämnaren för utbildningsandelarna)."))
        if r["tww"] == saknas:
            found.append((r, "time_without_work", "Uppgift saknas om tid utan arbete före inskrivning (inskrivningen "
                                                  f"från {_iso(r['start_date'])}); räknas i U40835."))
        if r["gender"] == "X":
            found.append((r, "gender_x", x_text))

    if referred_x:  # rare: referred in P, not enrolled, gender X
        ref, only = _referred_only(p, munis)
        for r in _driver_dicts(s, _named(ref, only, ref.c.gender == "X")):
            found.append((r, "gender_x", x_text))

    exits = _exits_base(p, munis)
    expected = sa.case(*[(exits.c.exit_reason == reason, kas) for reason, kas in codes.EXIT_REASON_KAS.items()],
                       else_=None)
    stored = exits.c.stored_kas
    mismatch = sa.and_(exits.c.exit_reason.is_not(None), sa.or_(stored.is_(None), stored != expected))
    q = _named(exits, sa.or_(exits.c.exit_reason.in_(("KA", "S0")), exits.c.exit_reason.is_(None), mismatch,
                             exits.c.unconfirmed == 1))
    for r in _driver_dicts(s, q.add_columns(sa.case((mismatch, 1), else_=0).label("mismatch"))):
        end = _iso(r["end_date"])
        if r["exit_reason"] in ("KA", "S0"):
            label = codes.EXIT_REASON_LABELS[r["exit_reason"]].lower()
            found.append((r, "ka_s0", f"Avslutsorsak {r['exit_reason']} ({label}) räknas som E. Övrigt i KAS "
                                      f"(avslut {end})."))
        if r["exit_reason"] is None:
            found.append((r, "no_exit_reason", f"Avslutsorsak saknas för inskrivningen som avslutades {end}; "
                                               "räknas bland avslutade (N40450) men i ingen av A–E."))
        if r["unconfirmed"]:
            first = job_start(_day(r["end_date"]), _day(r["job_start_date"]))
            when = confirmable_from(_day(r["end_date"]), _day(r["job_start_date"]))
            found.append((r, "unconfirmed_work",
                          f"{UNCONFIRMED_TEXT}: avslut {end} med {r['exit_reason']}, anställning från "
                          f"{first.isoformat()}; kan bekräftas från {when.isoformat()}. Räknas bland avslutade "
                          "(N40450) men i ingen av A–E tills arbetet är bekräftat."))
        if r["mismatch"]:
            found.append((r, "kas_mismatch", f"KAS-kategorin ({r['stored_kas'] or 'saknas'}) stämmer inte med "
                                             f"avslutsorsaken {r['exit_reason']} (avslut {end}); spara inskrivningen "
                                             "igen."))

    # Every enrollment overlapping P, not only the latest, should rest on a referral (of its municipality).
    has_referral = sa.exists().where(Referral.participant_id == Enrollment.participant_id,
                                     Referral.municipality_code == Enrollment.municipality_code,
                                     sa.or_(Enrollment.end_date.is_(None), Referral.referral_date <= Enrollment.end_date))
    q = (sa.select(Participant.id.label("pid"), Enrollment.municipality_code.label("municipality"),
                   Participant.personnummer, Participant.first_name, Participant.last_name, Participant.sort_name,
                   Enrollment.start_date, Enrollment.end_date)
         .join_from(Enrollment, Participant, Participant.id == Enrollment.participant_id)
         .where(_overlaps(p), ~has_referral))
    for r in _driver_dicts(s, _muni_filter(q, Enrollment.municipality_code, munis)):
        if r["end_date"] is None:
            text = f"Inskrivningen {_iso(r['start_date'])} – pågår saknar anvisning (personen har ingen anvisning)."
        else:
            text = (f"Inskrivningen {_iso(r['start_date'])} – {_iso(r['end_date'])} saknar anvisning "
                    "(ingen anvisning daterad senast på inskrivningens slutdag).")
        found.append((r, "no_referral", text))

    found.sort(key=lambda t: (t[0]["municipality"], t[0]["sort_name"], t[0]["personnummer"], FINDING_ORDER[t[1]]))
    return [Finding(r["municipality"], r["pid"], format_digits(r["personnummer"]),
                    f"{r['first_name']} {r['last_name']}", text, kind) for r, kind, text in found]


# --- drill-down -----------------------------------------------------------------------------
SECTOR_LABELS = {"KOMMUN": "kommunens egen verksamhet", "PRIVAT": "privata näringslivet",
                 "CIVIL": "civilsamhället/föreningar", "ANNAN": "annan arbetsgivare"}


def _detail(base_name: str, r) -> str:
    if base_name == PARTICIPANTS:
        until = r["end_date"].isoformat() if r["end_date"] else "pågår"
        edu = codes.EDUCATION_LABELS.get(r["education"], "utbildningsnivå saknas") if r["education"] else "utbildningsnivå saknas"
        tww = codes.TIME_WITHOUT_WORK_LABELS.get(r["tww"], r["tww"])
        return f"inskriven {r['start_date'].isoformat()} – {until}; {r['age']} år; {edu}; utan arbete: {tww.lower()}"
    if base_name == EXITS:
        reason = f"orsak {r['exit_reason']}" if r["exit_reason"] else "avslutsorsak saknas"
        text = (f"avslutad {r['end_date'].isoformat()}, inskriven från {r['start_date'].isoformat()} "
                f"({DURATION_LABELS[r['dur']]}); {reason}, KAS {r['kas'] or '–'}")
        if r["exit_reason"] in WORK_REASONS:
            if r["work_confirmed_on"] is not None:
                text += f"; arbetet bekräftat {r['work_confirmed_on'].isoformat()}"
            elif r["unconfirmed"]:
                text += (f"; arbetet ej bekräftat (kan bekräftas från "
                         f"{confirmable_from(r['end_date'], r['job_start_date']).isoformat()})")
        return text
    if base_name == REFERRALS:
        return f"anvisad {r['referral_date'].isoformat()} av {codes.REFERRAL_SOURCE_LABELS.get(r['source'], r['source'])}"
    if base_name in (SUMMER, SUMMER_OUT):
        n = r["n"]
        apps = f"{n} ansökning{'ar' if n != 1 else ''} i perioden, första {r['first_date'].isoformat()}"
        if r["placement"] is None:
            return f"{apps}; ingen plats"
        where = f", {r['workplace']}" if r["workplace"] else ""
        return f"{apps}; plats inom {SECTOR_LABELS.get(r['placement'], r['placement'])}{where} (ansökan {r['applied_on'].isoformat()})"
    n = r["n"]
    return f"{n} anvisning{'ar' if n != 1 else ''} i perioden, första {r['first_date'].isoformat()}"


def persons_in_figure(s: Session, year: int, through_month: int | None, municipality: str, kpi: str,
                      gender: str = "T", *, today: date | None = None) -> list[FigurePerson]:
    """The persons counted in the numerator of one figure (for referral shares: the referrals),
    built from the same base and condition as `compute_kolada`. Staff FTEs rest on no persons: [].

    `gender` K or M narrows any figure to that gender; T lists everyone (X included)."""
    p = _period(year, through_month, today)
    code = _clean_municipality(s, municipality)
    authz.check_municipality(s, code)
    k = KPI_BY_ID.get(kpi)
    if k is None:
        raise UserError(f"Okänt nyckeltal ”{kpi}”.")
    if gender not in GENDERS:
        raise UserError(f"Okänt kön ”{gender}”; välj T, K eller M.")
    if k.base == INPUT:
        return []
    base = BASES[k.base](p, [code])
    q = _named(base, _condition(base, k))
    if gender != "T":
        q = q.where(base.c.gender == gender)
    order = [Participant.sort_name, Participant.personnummer]
    if k.base == REFERRALS:
        order.append(base.c.referral_date)
    out = [FigurePerson(r["pid"], format_digits(r["personnummer"]), f"{r['first_name']} {r['last_name']}",
                        r["gender"], r["municipality"], _detail(k.base, r))
           for r in s.execute(q.order_by(*order)).mappings()]
    return out


# --- staff FTEs entered by the user -----------------------------------------------------------
def _fte_value(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise ValidationError.single("value", f"”{value}” är inget tal. Skriv t.ex. 4,5.") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValidationError.single("value", f"”{value}” är inget tal. Skriv t.ex. 4,5.")
    if value < 0:
        raise ValidationError.single("value", "Antalet årsarbetare kan inte vara negativt.")
    if value > 100_000:
        raise ValidationError.single("value", f"{value:g} årsarbetare är inte rimligt.")
    return float(value)


def set_kas_input(s: Session, municipality: str, year: int, kpi: str, gender: str, value: float | None) -> None:
    """Save (or, with None or blank, delete) a figure the user enters for Kolada: U40000 or U40403,
    gender T, K or M, value ≥ 0. Needs write rights to the municipality."""
    authz.require_write(s)
    errors: list[FieldError] = []
    if kpi not in INPUT_KPIS:
        errors.append(FieldError("kpi", f"”{kpi}” matas inte in för hand; bara {' och '.join(INPUT_KPIS)}."))
    if gender not in GENDERS:
        errors.append(FieldError("gender", f"Okänt kön ”{gender}”; välj T, K eller M."))
    if not isinstance(year, int) or not 1900 <= year <= date.today().year + 1:
        errors.append(FieldError("year", f"”{year}” är inget rimligt år."))
    try:
        code = _clean_municipality(s, municipality)
    except UserError as exc:
        errors.append(FieldError("municipality", exc.message))
        code = ""
    try:
        clean = _fte_value(value)
    except ValidationError as exc:
        errors.extend(exc.errors)
        clean = None
    if errors:
        raise ValidationError(errors)
    authz.check_municipality(s, code, write=True)
    row = s.get(KasInput, (code, year, kpi, gender))
    old = None if row is None else row.value
    if clean is None:
        if row is not None:
            s.delete(row)
    elif row is None:
        s.add(KasInput(municipality_code=code, year=year, kpi=kpi, gender=gender, value=clean))
    else:
        row.value = clean
    s.flush()
    if old != clean:
        from ame_desktop.services import audit

        action = "delete" if clean is None else ("create" if old is None else "update")
        audit.record(s, action, "kas_input", f"{code}/{year}/{kpi}/{gender}", None,
                     {"kommun": code, "år": year, "kpi": kpi, "kön": gender, "värde": [old, clean]})


def kas_inputs(s: Session, municipality: str, year: int) -> dict[tuple[str, str], float]:
    """What has been entered for a municipality and year: (kpi, gender) → value."""
    code = _clean_municipality(s, municipality)
    authz.check_municipality(s, code)
    q = sa.select(KasInput.kpi, KasInput.gender, KasInput.value).where(
        KasInput.municipality_code == code, KasInput.year == year)
    return {(k, g): v for k, g, v in s.execute(q)}


def municipalities_with_participants(s: Session) -> list[tuple[str, str]]:
    """(code, name) of every municipality with a person, an enrollment or a referral that the
    actor may see, sorted by name."""
    codes_ = _municipalities_with_data(s, authz.allowed_municipalities(s, None))
    q = sa.select(Municipality.code, Municipality.name).where(Municipality.code.in_(codes_)).order_by(Municipality.name)
    return [(c, n) for c, n in s.execute(q)]


def data_years(s: Session) -> tuple[int, int] | None:
    """First and last year with an enrollment start, an exit or a referral (for year pickers),
    within the municipalities the actor may see."""
    allowed = authz.allowed_municipalities(s, None)
    q = sa.select(sa.func.min(Enrollment.start_date), sa.func.max(Enrollment.start_date),
                  sa.func.max(Enrollment.end_date))
    q2 = sa.select(sa.func.min(Referral.referral_date), sa.func.max(Referral.referral_date))
    if allowed is not None:
        q = q.where(Enrollment.municipality_code.in_(allowed))
        q2 = q2.where(Referral.municipality_code.in_(allowed))
    lo = s.execute(q).one()
    r = s.execute(q2).one()
    firsts = [d for d in (lo[0], r[0]) if d is not None]
    lasts = [d for d in (lo[1], lo[2], r[1]) if d is not None]
    if not firsts:
        return None
    return min(firsts).year, max(lasts).year
