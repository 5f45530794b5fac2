"""The monthly activity report (närvarorapport), by the rules of shared/spec/CLI.md § report activity.

- One entry per person with a requirement period overlapping the month, sorted by personnummer.
- Each working day of the month inside both a requirement period and an enrollment adds the
  period's hours per week / 5 to the required hours; a day of an exempt period adds nothing.
- attended = present hours in the month; valid absence = SJUK, SJUK_INTYG, VAB, BEVILJAD;
  invalid = OGILTIG.
- status: `undantagen` if every requirement day of the month is exempt; otherwise `uppfyllt`
  if attended + valid absence ≥ required − 0.01; otherwise `ej_uppfyllt`.
  A *requirement day* is a working day of the month inside a requirement period (enrolled or
  not). A month with no requirement day at all (a period that only touches a weekend) is not
  `undantagen`: its required hours are 0, so it is `uppfyllt`.

The figures are exact: required hours are summed as decimals (a period's weekly hours are
quarter hours, so a day's share is a multiple of 0.05) and rounded to 2 decimals at the end.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes
from ame_desktop.domain.dates import month_bounds
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import (
    Activity,
    Attendance,
    Enrollment,
    Municipality,
    Participant,
    RequirementPeriod,
    StaffMember,
)
from ame_desktop.domain.workdays import working_days
from ame_desktop.services import authz

STATUS_MET, STATUS_NOT_MET, STATUS_EXEMPT = "uppfyllt", "ej_uppfyllt", "undantagen"
STATUS_LABELS = {STATUS_MET: "Uppfyllt", STATUS_NOT_MET: "Ej uppfyllt", STATUS_EXEMPT: "Undantagen"}
TOLERANCE = Decimal("0.01")


def parse_month(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not m or not (1 <= int(m[2]) <= 12) or not (2000 <= int(m[1]) <= 2100):
        raise UserError(f"--month ska vara ÅÅÅÅ-MM med månad 01–12, t.ex. 2026-10 (inte ”{text}”).")
    return int(m[1]), int(m[2])


@dataclass
class DayEntry:
    activity: str
    hours: float
    absence: str | None


@dataclass
class PersonMonth:
    participant_id: int
    personnummer: str
    name: str
    municipality: str
    staff: str
    required_hours: float
    attended_hours: float
    valid_absence_hours: float
    invalid_absence_hours: float
    status: str
    required_by_day: dict[date, float] = field(default_factory=dict)
    entries_by_day: dict[date, list[DayEntry]] = field(default_factory=dict)
    periods: list[tuple[date, date | None, float, str | None, str | None]] = field(default_factory=list)

    @property
    def shortfall(self) -> float:
        """Hours missing to meet the requirement (0 when met or exempt)."""
        if self.status != STATUS_NOT_MET:
            return 0.0
        return round(self.required_hours - self.attended_hours - self.valid_absence_hours, 2)

    def as_json(self) -> dict:
        return {
            "personnummer": self.personnummer,
            "required_hours": self.required_hours,
            "attended_hours": self.attended_hours,
            "valid_absence_hours": self.valid_absence_hours,
            "invalid_absence_hours": self.invalid_absence_hours,
            "status": self.status,
        }


@dataclass
class MonthlyReport:
    year: int
    month: int
    first_day: date
    last_day: date
    municipality: str | None
    participants: list[PersonMonth]
    working_days: list[date]

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def as_json(self) -> dict:
        return {"month": self.label, "participants": [p.as_json() for p in self.participants]}


def monthly_report(s: Session, year: int, month: int, *, municipality: str | None = None,
                   participant_ids: list[int] | None = None, through: date | None = None,
                   with_days: bool = True) -> MonthlyReport:
    """Compute the month for everyone with a requirement period in it (or for some ids).

    `through` stops the month early (a running balance up to today); `with_days` also collects
    the day-by-day hours for the per-person sheets and pages.
    """
    if not (1 <= month <= 12):
        raise UserError(f"Månaden ska vara 1–12 (inte {month}).")
    first, last = month_bounds(year, month)
    if through is not None:
        last = min(last, through)
    if municipality is not None:
        m = s.get(Municipality, municipality.zfill(4) if municipality.isdigit() else municipality)
        if m is None or m.kind != "K":
            raise UserError(f"Okänd kommunkod ”{municipality}”.")
        municipality = m.code
    days = working_days(first, last) if first <= last else []

    rp = RequirementPeriod
    overlapping = sa.and_(rp.start_date <= last, sa.or_(rp.end_date.is_(None), rp.end_date >= first))
    people_q = (
        sa.select(Participant.id, Participant.personnummer, Participant.first_name, Participant.last_name,
                  Municipality.name, StaffMember.name)
        .join(Municipality, Municipality.code == Participant.municipality_code)
        .outerjoin(StaffMember, StaffMember.id == Participant.staff_id)
        .where(Participant.id.in_(sa.select(rp.participant_id).where(overlapping)))
    )
    if municipality is not None:
        authz.check_municipality(s, municipality)
        people_q = people_q.where(Participant.municipality_code == municipality)
    people_q = people_q.where(authz.visible(s))
    if participant_ids is not None:
        people_q = people_q.where(Participant.id.in_(participant_ids))
    people = {row[0]: row for row in s.execute(people_q)}
    ids_subquery = people_q.with_only_columns(Participant.id).scalar_subquery()

    periods: dict[int, list] = defaultdict(list)
    for pid, a, b, hours, reason, exemption in s.execute(
            sa.select(rp.participant_id, rp.start_date, rp.end_date, rp.hours_per_week, rp.reduction_reason,
                      rp.exemption).where(overlapping, rp.participant_id.in_(ids_subquery))):
        periods[pid].append((a, b, hours, reason, exemption))
    enrollments: dict[int, list] = defaultdict(list)
    for pid, a, b in s.execute(
            sa.select(Enrollment.participant_id, Enrollment.start_date, Enrollment.end_date).where(
                Enrollment.participant_id.in_(ids_subquery), Enrollment.start_date <= last,
                sa.or_(Enrollment.end_date.is_(None), Enrollment.end_date >= first))):
        enrollments[pid].append((a, b))

    a = Attendance
    present = sa.func.sum(sa.case((a.absence.is_(None), a.hours), else_=0))
    valid = sa.func.sum(sa.case((a.absence.in_(codes.VALID_ABSENCE), a.hours), else_=0))
    invalid = sa.func.sum(sa.case((a.absence == codes.Absence.OGILTIG.value, a.hours), else_=0))
    sums = {pid: (p or 0.0, v or 0.0, i or 0.0) for pid, p, v, i in s.execute(
        sa.select(a.participant_id, present, valid, invalid)
        .where(a.attendance_date.between(first, last), a.participant_id.in_(ids_subquery))
        .group_by(a.participant_id))}

    entries: dict[int, dict[date, list[DayEntry]]] = defaultdict(lambda: defaultdict(list))
    if with_days:
        q = (sa.select(a.participant_id, a.attendance_date, Activity.name, a.hours, a.absence)
             .join(Activity, Activity.id == a.activity_id)
             .where(a.attendance_date.between(first, last), a.participant_id.in_(ids_subquery))
             .order_by(a.participant_id, a.attendance_date, Activity.name))
        for pid, d, name, hours, absence in s.execute(q):
            entries[pid][d].append(DayEntry(name, hours, absence))

    # Days are counted by intersecting intervals, with a running count of working days over the
    # month, instead of testing every day of every person (5 000 people × 22 days is too slow).
    month_days = [first + timedelta(days=i) for i in range((last - first).days + 1)] if first <= last else []
    working = set(days)
    upto = {}  # day → working days from the first of the month to that day, inclusive
    n = 0
    for d in month_days:
        n += d in working
        upto[d] = n

    def count(a: date, b: date) -> int:
        a, b = max(a, first), min(b, last)
        if a > b:
            return 0
        return upto[b] - (upto[a - timedelta(days=1)] if a > first else 0)

    out: list[PersonMonth] = []
    for pid, (_, number, first_name, last_name, muni, staff) in people.items():
        required = Decimal(0)
        by_day: dict[date, float] = {}
        requirement_days = exempt_days = 0
        for p_start, p_end, hours, _reason, exemption in periods[pid]:
            p_last = p_end or last
            in_period = count(p_start, p_last)
            requirement_days += in_period
            if exemption:
                exempt_days += in_period
                continue
            share = Decimal(str(hours)) / 5
            for e_start, e_end in enrollments[pid]:
                a, b = max(p_start, e_start), min(p_last, e_end or last)
                required += share * count(a, b)
                if with_days and a <= b:
                    for d in days:
                        if a <= d <= b:
                            by_day[d] = float(share)
        attended, valid_h, invalid_h = sums.get(pid, (0.0, 0.0, 0.0))
        if requirement_days and exempt_days == requirement_days:
            status = STATUS_EXEMPT
        elif Decimal(str(attended)) + Decimal(str(valid_h)) >= required - TOLERANCE:
            status = STATUS_MET
        else:
            status = STATUS_NOT_MET
        out.append(PersonMonth(
            participant_id=pid, personnummer=number, name=f"{first_name} {last_name}", municipality=muni,
            staff=staff or "", required_hours=round(float(required), 2), attended_hours=round(attended, 2),
            valid_absence_hours=round(valid_h, 2), invalid_absence_hours=round(invalid_h, 2), status=status,
            required_by_day=by_day, entries_by_day=dict(entries.get(pid, {})),
            periods=sorted(periods[pid]),
        ))
    out.sort(key=lambda p: p.personnummer)
    return MonthlyReport(year, month, first, last, municipality, out, days)


def shortfalls(report: MonthlyReport) -> list[PersonMonth]:
    """Who falls short this month, largest shortfall first."""
    return sorted((p for p in report.participants if p.status == STATUS_NOT_MET), key=lambda p: -p.shortfall)


def running_balance(s: Session, participant_id: int, today: date | None = None) -> PersonMonth | None:
    """The current month up to today for one person (None when no requirement applies)."""
    today = today or date.today()
    report = monthly_report(s, today.year, today.month, participant_ids=[participant_id], through=today,
                            with_days=False)
    return report.participants[0] if report.participants else None
