"""The quarterly follow-up for the nämnd and IVO (`report quarter --year Y --quarter Q`), issue 17.

Figures per municipality (the person's municipality) and per month of the quarter, and for the
whole quarter. "Så räknas det" (HOW_IT_IS_COUNTED) says the same in Swedish in the files.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes
from ame_desktop.domain.dates import month_bounds
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import (
    AbsenceNotice,
    Activity,
    Attendance,
    Municipality,
    Participant,
    PlanVersion,
    ReportDelivery,
    ReportDeliveryPerson,
    RequirementPeriod,
    ScheduleEntry,
)
from ame_desktop.services import audit, authz

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


def quarter_report(s: Session, year: int, quarter: int, *, municipality: str | None = None) -> QuarterReport:
    from ame_desktop.services.activity_report import monthly_report

    if quarter not in (1, 2, 3, 4):
        raise UserError(f"--quarter ska vara 1, 2, 3 eller 4 (inte {quarter}).")
    if not (2000 <= year <= 2100):
        raise UserError(f"--year ska vara ett år som 2026 (inte {year}).")
    if municipality is not None:
        code = municipality.strip()
        code = code.zfill(4) if code.isdigit() else code
        m = s.get(Municipality, code)
        if m is None or m.kind != "K":
            raise UserError(f"Okänd kommunkod ”{municipality}”.")
        municipality = code
    allowed = authz.allowed_municipalities(s, municipality)
    months = [(year, 3 * (quarter - 1) + i) for i in (1, 2, 3)]
    q_first, q_last = month_bounds(*months[0])[0], month_bounds(*months[-1])[1]
    labels = [f"{y}-{m:02d}" for y, m in months]

    muni_of: dict[int, str] = {}
    people_q = sa.select(Participant.id, Participant.municipality_code).where(authz.visible(s))
    if allowed is not None:
        people_q = people_q.where(Participant.municipality_code.in_(allowed))
    rp = RequirementPeriod
    people_q = people_q.where(Participant.id.in_(sa.select(rp.participant_id).where(
        rp.start_date <= q_last, sa.or_(rp.end_date.is_(None), rp.end_date >= q_first))))
    for pid, code in s.execute(people_q):
        muni_of[pid] = code
    ids = sorted(muni_of)
    used = sorted(set(muni_of.values()) | set(allowed or []))
    names = dict(s.execute(sa.select(Municipality.code, Municipality.name).where(Municipality.code.in_(used))).all())
    cells: dict[tuple[str, str], Figures] = {(c, col): Figures() for c in used for col in labels + [QUARTER]}

    def chunks():
        for i in range(0, len(ids), 500):
            yield ids[i:i + 500]

    # Periods, plans, schedules.
    periods: list[tuple] = []
    first_plan: dict[int, date] = {}
    schedule: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for chunk in chunks():
        periods += s.execute(sa.select(rp.participant_id, rp.start_date, rp.end_date, rp.reduction_code,
                                       rp.exemption, rp.decision_date)
                             .where(rp.participant_id.in_(chunk), rp.start_date <= q_last,
                                    sa.or_(rp.end_date.is_(None), rp.end_date >= q_first))).all()
        for pid, created in s.execute(sa.select(PlanVersion.participant_id, sa.func.min(PlanVersion.created_at))
                                      .where(PlanVersion.participant_id.in_(chunk))
                                      .group_by(PlanVersion.participant_id)):
            first_plan[pid] = created.date() if hasattr(created, "date") else created
        for pid, weekday, hours in s.execute(
                sa.select(ScheduleEntry.participant_id, ScheduleEntry.weekday, ScheduleEntry.hours)
                .join(Activity, Activity.id == ScheduleEntry.activity_id)
                .where(ScheduleEntry.participant_id.in_(chunk), Activity.category >= 1)):
            schedule[pid][weekday] += hours

    # Per month: persons, plans, periods by reduction/exemption, required and offered hours.
    quarter_persons: dict[str, set[int]] = defaultdict(set)
    quarter_plans: dict[str, set[int]] = defaultdict(set)
    for (y, m), label in zip(months, labels):
        first, last = month_bounds(y, m)
        seen: dict[str, set[int]] = defaultdict(set)
        for pid, start, end, reduction, exemption, _decision in periods:
            if start <= last and (end is None or end >= first):
                code = muni_of[pid]
                seen[code].add(pid)
                f = cells[(code, label)]
                if reduction:
                    f.reduced_by_reason[reduction] += 1
                    cells[(code, QUARTER)].reduced_by_reason[reduction] += 1
                if exemption:
                    f.exemptions_by_kind[exemption] += 1
                    cells[(code, QUARTER)].exemptions_by_kind[exemption] += 1
        for code, pids in seen.items():
            f = cells[(code, label)]
            f.persons_with_requirement = len(pids)
            f.persons_with_plan = sum(1 for p in pids if p in first_plan and first_plan[p] <= last)
            quarter_persons[code] |= pids
            quarter_plans[code] |= {p for p in pids if p in first_plan and first_plan[p] <= q_last}
        if ids:
            report = monthly_report(s, y, m, participant_ids=ids, with_days=True)
            for p in report.participants:
                code = muni_of.get(p.participant_id)
                if code is None:
                    continue
                offered = sum(schedule[p.participant_id].get(d.weekday(), 0.0) for d in p.required_by_day)
                for col in (label, QUARTER):
                    cells[(code, col)].required_hours += p.required_hours
                    cells[(code, col)].offered_hours += offered
    for code in used:
        cells[(code, QUARTER)].persons_with_requirement = len(quarter_persons[code])
        cells[(code, QUARTER)].persons_with_plan = len(quarter_plans[code])

    # Decisions and the first activity after them.
    decisions = [(pid, dd) for pid, _s, _e, _r, _x, dd in periods if dd is not None and q_first <= dd <= q_last]
    first_activity: dict[tuple[int, date], date] = {}
    if decisions:
        a = Attendance
        by_person: dict[int, list[date]] = defaultdict(list)
        for pid, dd in decisions:
            by_person[pid].append(dd)
        for chunk in (list(by_person)[i:i + 500] for i in range(0, len(by_person), 500)):
            present: dict[int, list[date]] = defaultdict(list)
            for pid, d in s.execute(
                    sa.select(a.participant_id, a.attendance_date).join(Activity, Activity.id == a.activity_id)
                    .where(a.participant_id.in_(chunk), a.absence.is_(None), a.hours > 0, Activity.category >= 1,
                           a.attendance_date >= min(min(v) for v in by_person.values()))
                    .distinct().order_by(a.participant_id, a.attendance_date)):
                present[pid].append(d)
            for pid in chunk:
                for dd in by_person[pid]:
                    after = [d for d in present.get(pid, []) if d >= dd]
                    if after:
                        first_activity[(pid, dd)] = after[0]
    for pid, dd in decisions:
        code = muni_of[pid]
        label = f"{dd.year}-{dd.month:02d}"
        for col in (label, QUARTER):
            f = cells[(code, col)]
            f.decisions += 1
            fa = first_activity.get((pid, dd))
            if fa is None:
                f.decisions_without_activity += 1
            else:
                f.first_activity_days.append((fa - dd).days)

    # Notices, deliveries, absences without reported reason.
    if ids:
        for chunk in chunks():
            for pid, sent_on in s.execute(sa.select(AbsenceNotice.participant_id, AbsenceNotice.sent_on).where(
                    AbsenceNotice.participant_id.in_(chunk), AbsenceNotice.sent_on.between(q_first, q_last))):
                for col in (f"{sent_on.year}-{sent_on.month:02d}", QUARTER):
                    cells[(muni_of[pid], col)].notices_sent += 1
            for pid, on, received in s.execute(
                    sa.select(ReportDeliveryPerson.participant_id, ReportDelivery.delivered_on, ReportDelivery.received_at)
                    .join(ReportDelivery, ReportDelivery.id == ReportDeliveryPerson.delivery_id)
                    .where(ReportDeliveryPerson.participant_id.in_(chunk),
                           ReportDelivery.delivered_on.between(q_first, q_last))):
                for col in (f"{on.year}-{on.month:02d}", QUARTER):
                    cells[(muni_of[pid], col)].reports_delivered += 1
                    cells[(muni_of[pid], col)].reports_acknowledged += received is not None
            a = Attendance
            no_reason: dict[tuple[str, str], dict[int, set[date]]] = defaultdict(lambda: defaultdict(set))
            for pid, d, hours in s.execute(sa.select(a.participant_id, a.attendance_date, a.hours).where(
                    a.participant_id.in_(chunk), a.absence == codes.NO_REASON_ABSENCE,
                    a.attendance_date.between(q_first, q_last))):
                for col in (f"{d.year}-{d.month:02d}", QUARTER):
                    cells[(muni_of[pid], col)].no_reason_hours += hours
                    no_reason[(muni_of[pid], col)][pid].add(d)
            for key, per in no_reason.items():
                cells[key].no_reason_days += sum(len(v) for v in per.values())
                cells[key].no_reason_persons += len(per)
    return QuarterReport(year, quarter, months, [(c, names.get(c, c)) for c in used], cells)


def export_quarter(db, year: int, quarter: int, out, *, municipality: str | None = None) -> QuarterReport:
    from ame_desktop.io.quarter import write_quarter
    from ame_desktop.services.settings import get_setting

    with db.reading() as s:
        result = quarter_report(s, year, quarter, municipality=municipality)
        unit = get_setting(s, "unit_name")
    path = write_quarter(result, out, unit_name=unit)
    audit.record_export(db, "quarter_report", {"år": year, "kvartal": quarter,
                                               "kommuner": [c for c, _ in result.municipalities], "fil": path.name})
    return result
