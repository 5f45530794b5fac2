"""The monthly activity report (närvarorapport), version 2: shared/spec/CLI.md § report activity.

Facts, not verdicts: whether an absence had an acceptable reason is the nämnd's judgement; the
unit's own gaps (closed days, cancelled activities, a person it no longer has, hours nobody
registered) never read as the person's absence.

- One entry per person with a requirement period overlapping the month, sorted by personnummer.
- A *requirement day* is a working day of the month inside a requirement period. Each is, in
  this order: *exempt* (the period has an Undantag); *closed* (sheet Stängt, for the person's own
  municipality or for everyone; `closed_days`); *not enrolled* (no enrollment covers it;
  `not_enrolled_days`); otherwise *required* (adds the period's hours per week / 5).
- Hours of the month by absence code: blank → attended (activity JOBBSOK → job seeking);
  REPORTED_REASON_ABSENCE → valid_absence; INSTALLD → cancelled; OGILTIG → invalid_absence.
- covered = attended + job seeking + valid absence + cancelled;
  unregistered = max(0, required − covered − invalid).
- status, the first that holds: `undantagen` (requirement days, all exempt); `ej_inskriven`
  (not-enrolled days and 0 required); `uppfyllt` (covered ≥ required − 0.01);
  `franvaro_utan_skal` (invalid > 0); `ej_registrerat`.

Set-based: the days are counted by intersecting intervals with running counts of working days
and of closed working days over the month (one count array per municipality with its own closed
days), never by testing every day of every person. The figures are exact: hours are counted in
twentieths of an hour (a quarter-hour weekly scope / 5 is a whole number of twentieths a day) and
rounded to 2 decimals at the end.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes
from ame_desktop.domain.collector import collector_paused
from ame_desktop.domain.activity_month import (  # noqa: F401  (the report's types and labels live in domain)
    STATUS_EXEMPT, STATUS_LABELS, STATUS_MET, STATUS_NO_REASON, STATUS_NOT_ENROLLED, STATUS_UNREGISTERED, DayEntry,
    MonthlyReport, PeriodInfo, PersonMonth,
)
from ame_desktop.domain.dates import month_bounds
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import (
    Activity,
    Attendance,
    ClosedDay,
    Enrollment,
    Municipality,
    Participant,
    RequirementPeriod,
    SocialCaseworker,
    StaffMember,
)
from ame_desktop.domain.workdays import working_days
from ame_desktop.services import authz
from ame_desktop.store.database import driver_rows

TOLERANCE = Decimal("0.01")  # covered ≥ required − 0.01 (CLI.md); exact in twentieths of an hour
_NO_SUMS = (0.0, 0.0, 0.0, 0.0, 0.0)


def parse_month(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not m or not (1 <= int(m[2]) <= 12) or not (2000 <= int(m[1]) <= 2100):
        raise UserError(f"--month ska vara ÅÅÅÅ-MM med månad 01–12, t.ex. 2026-10 (inte ”{text}”).")
    return int(m[1]), int(m[2])


def _merge(intervals: list[tuple[date, date]]) -> list[tuple[date, date]]:
    out: list[tuple[date, date]] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1] + timedelta(days=1):
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def closed_days_between(s: Session, first: date, last: date) -> tuple[dict[date, str], dict[str, dict[date, str]]]:
    """Closed days in [first, last]: (for everyone {day: reason}, {municipality: {day: reason}})."""
    everyone: dict[date, str] = {}
    per_muni: dict[str, dict[date, str]] = defaultdict(dict)
    for start, end, muni, reason in s.execute(
            sa.select(ClosedDay.start_date, ClosedDay.end_date, ClosedDay.municipality_code, ClosedDay.reason)
            .where(ClosedDay.start_date <= last, ClosedDay.end_date >= first)):
        d = max(start, first)
        while d <= min(end, last):
            (everyone if muni is None else per_muni[muni]).setdefault(d, reason)
            d += timedelta(days=1)
    return everyone, dict(per_muni)


def _day(value):
    """A date column fetched through the driver: ISO text from sqlite3, a date from psycopg."""
    return value if value is None or value.__class__ is date else date.fromisoformat(value)


@collector_paused()
def monthly_report(s: Session, year: int, month: int, *, municipality: str | None = None,
                   participant_ids: list[int] | None = None, through: date | None = None,
                   with_days: bool = True, sick_days_flag: int | None = None,
                   for_export: bool = False) -> MonthlyReport:
    """Compute the month for everyone with a requirement period in it (or for some ids).

    `for_export`: the full report for the nämnd leaves the unit, so people with protected
    identity appear by pseudonym (issue 24); reports to one caseworker keep the identity.

    `through` stops the month early (a running balance up to today); `with_days` also collects
    the day-by-day hours and the day lists for the per-person sheets and pages.

    The people with their periods (and the periods' caseworkers) come in one query, and the big
    result sets are fetched through the driver (store.database.driver_rows), without SQLAlchemy's
    per-row result processing (its date parsing of every period and enrollment).
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
    # Who is in the report: the same conditions for the people-with-periods query and for the
    # subquery of their ids that the enrollment and hour queries use.
    conditions = []
    if municipality is not None:
        authz.check_municipality(s, municipality)
        conditions.append(Participant.municipality_code == municipality)
    conditions.append(authz.visible(s))
    if participant_ids is not None:
        conditions.append(Participant.id.in_(participant_ids))
    ids_subquery = (
        sa.select(Participant.id)
        .join(Municipality, Municipality.code == Participant.municipality_code)
        .outerjoin(StaffMember, StaffMember.id == Participant.staff_id)
        .where(Participant.id.in_(sa.select(rp.participant_id).where(overlapping)), *conditions)
        .scalar_subquery()
    )
    people_q = (
        sa.select(rp.participant_id, Participant.personnummer, Participant.first_name, Participant.last_name,
                  Municipality.name, StaffMember.name, Participant.municipality_code,
                  rp.start_date, rp.end_date, rp.hours_per_week, rp.reduction_code, rp.reduction_reason,
                  rp.reduction_hours, rp.exemption, rp.decision_date, rp.decision_reference, rp.caseworker_id,
                  SocialCaseworker.name)
        .select_from(rp)
        .join(Participant, Participant.id == rp.participant_id)
        .join(Municipality, Municipality.code == Participant.municipality_code)
        .outerjoin(StaffMember, StaffMember.id == Participant.staff_id)
        .outerjoin(SocialCaseworker, SocialCaseworker.id == rp.caseworker_id)
        .where(overlapping, *conditions)
    )
    people: dict[int, tuple] = {}
    periods: dict[int, list[PeriodInfo]] = defaultdict(list)
    period_caseworker: dict[int, tuple[date, int | None, str | None]] = {}  # the month's latest period's caseworker
    for (pid, number, first_name, last_name, muni_name, staff, muni, a, b, hours, code, reason, red_hours,
         exemption, dec_date, dec_ref, cw_id, cw_name) in driver_rows(s, people_q)[1]:
        if pid not in people:
            people[pid] = (number, first_name, last_name, muni_name, staff, muni)
        a = _day(a)
        periods[pid].append(PeriodInfo(a, _day(b), hours, code, reason, red_hours, exemption, _day(dec_date),
                                       dec_ref, cw_name))
        if pid not in period_caseworker or a > period_caseworker[pid][0]:
            period_caseworker[pid] = (a, cw_id, cw_name)
    for person_periods in periods.values():
        if len(person_periods) > 1:
            person_periods.sort(key=_start)  # (participant, start) is unique

    enrollments: dict[int, list] = defaultdict(list)
    for pid, a, b in driver_rows(s, sa.select(Enrollment.participant_id, Enrollment.start_date, Enrollment.end_date)
                                 .where(Enrollment.participant_id.in_(ids_subquery), Enrollment.start_date <= last,
                                        sa.or_(Enrollment.end_date.is_(None), Enrollment.end_date >= first)))[1]:
        a, b = _day(a), _day(b)
        enrollments[pid].append((a if a > first else first, b if b is not None and b < last else last))

    job_seeking_ids = list(s.execute(sa.select(Activity.id).where(
        Activity.category == codes.JOB_SEEKING_CATEGORY)).scalars())
    a = Attendance
    present = a.absence.is_(None)
    seeking_activity = (a.activity_id == job_seeking_ids[0]) if len(job_seeking_ids) == 1 \
        else a.activity_id.in_(job_seeking_ids)
    # present (all), of which own job seeking, reported reason, cancelled, no reported reason
    sums_q = sa.select(
        a.participant_id,
        sa.func.sum(sa.case((present, a.hours), else_=0)),
        sa.func.sum(sa.case((sa.and_(present, seeking_activity), a.hours), else_=0)),
        sa.func.sum(sa.case((a.absence.in_(codes.REPORTED_REASON_ABSENCE), a.hours), else_=0)),
        sa.func.sum(sa.case((a.absence == codes.CANCELLED_ABSENCE, a.hours), else_=0)),
        sa.func.sum(sa.case((a.absence == codes.NO_REASON_ABSENCE, a.hours), else_=0)),
    ).where(a.attendance_date.between(first, last), a.participant_id.in_(ids_subquery)).group_by(a.participant_id)
    sums = {pid: (float(p), float(j), float(v), float(c), float(i))
            for pid, p, j, v, c, i in driver_rows(s, sums_q)[1]}

    entries: dict[int, dict[date, list[DayEntry]]] = {}
    if with_days:
        q = (sa.select(a.participant_id, a.attendance_date, Activity.name, a.hours, a.absence, Activity.category)
             .join(Activity, Activity.id == a.activity_id)
             .where(a.attendance_date.between(first, last), a.participant_id.in_(ids_subquery))
             .order_by(a.participant_id, a.attendance_date, Activity.name))
        seeking_category = codes.JOB_SEEKING_CATEGORY
        for pid, d, name, hours, absence, category in driver_rows(s, q)[1]:
            person = entries.get(pid)
            if person is None:
                person = entries[pid] = {}
            d = _day(d)
            entry = DayEntry(name, hours, absence, category == seeking_category)
            if d in person:
                person[d].append(entry)
            else:
                person[d] = [entry]

    # Running counts over the month (index: days since the first): working days, and closed
    # working days per municipality with its own closed days.
    n_days = (last - first).days + 1 if first <= last else 0
    origin = first.toordinal()
    working_index = {d.toordinal() - origin for d in days}
    closed_all, closed_muni = closed_days_between(s, first, last) if first <= last else ({}, {})
    closed_sets: dict[str | None, dict[date, str]] = {None: closed_all}
    for muni, closed in closed_muni.items():
        closed_sets[muni] = {**closed, **closed_all}

    def running(flags) -> list[int]:
        """out[i] = how many of the first i days of the month are flagged (out[0] = 0)."""
        out, n = [0], 0
        for i in range(n_days):
            n += flags(i)
            out.append(n)
        return out

    upto = running(lambda i: i in working_index)
    closed_upto = {key: running(lambda i, c={d.toordinal() - origin for d in closed}: i in working_index and i in c)
                   for key, closed in closed_sets.items()}

    flag_days = sick_days_flag if sick_days_flag is not None else (_sick_days_setting(s) if with_days else 0)

    # Exact arithmetic in twentieths of an hour: weekly hours are quarter hours, so a day's share
    # (hours / 5) is a whole number of twentieths, and so is every registered sum.
    any_closed = any(closed_sets.values())
    out: list[PersonMonth] = []
    for pid, (number, first_name, last_name, muni_name, staff, muni) in people.items():
        key = muni if muni in closed_sets else None
        closed_table = closed_upto[key]
        closed = closed_sets[key]
        required20 = 0
        requirement_days = exempt_days = closed_n = not_enrolled_n = 0
        person_enrollments = enrollments.get(pid, ())
        enrolled = _merge(person_enrollments) if len(person_enrollments) > 1 else person_enrollments
        by_day: dict[date, float] = {}
        closed_dates: dict[date, str] = {}
        not_enrolled_dates: list[date] = []
        person_periods = periods[pid]
        for period in person_periods:
            p_first = period.start if period.start > first else first
            p_last = period.end if period.end is not None and period.end < last else last
            if p_first > p_last:
                continue
            i, j = p_first.toordinal() - origin, p_last.toordinal() - origin + 1
            in_period = upto[j] - upto[i]
            requirement_days += in_period
            if period.exemption:
                exempt_days += in_period
                continue
            n_closed = closed_table[j] - closed_table[i] if any_closed else 0
            closed_n += n_closed
            share20 = round(period.hours * 4)  # quarters per week = twentieths per day
            n_enrolled = 0
            for e_start, e_end in enrolled:
                x = e_start if e_start > p_first else p_first
                y = e_end if e_end < p_last else p_last
                if x <= y:
                    xi, yj = x.toordinal() - origin, y.toordinal() - origin + 1
                    n = upto[yj] - upto[xi] - (closed_table[yj] - closed_table[xi] if any_closed else 0)
                    n_enrolled += n
                    if with_days and n:
                        for d in days[bisect_left(days, x):bisect_right(days, y)]:
                            if d not in closed:
                                by_day[d] = share20 / 20
            required20 += share20 * n_enrolled
            not_enrolled_n += in_period - n_closed - n_enrolled
            if with_days:
                for d in days[bisect_left(days, p_first):bisect_right(days, p_last)]:
                    if d in closed:
                        closed_dates[d] = closed[d]
                    elif d not in by_day:
                        not_enrolled_dates.append(d)
        present, seeking, valid_h, cancelled, invalid_h = sums.get(pid, _NO_SUMS)
        attended = present - seeking
        covered20 = round((present + valid_h + cancelled) * 20)
        invalid20 = round(invalid_h * 20)
        unregistered20 = required20 - covered20 - invalid20
        if requirement_days and exempt_days == requirement_days:
            status = STATUS_EXEMPT
        elif not_enrolled_n > 0 and required20 == 0:
            status = STATUS_NOT_ENROLLED
        elif covered20 >= required20:  # covered ≥ required − 0.01, exactly, in twentieths
            status = STATUS_MET
        elif invalid20 > 0:
            status = STATUS_NO_REASON
        else:
            status = STATUS_UNREGISTERED
        person_entries = entries.get(pid) or {}
        unregistered_dates = []
        if with_days:
            for d in sorted(by_day):
                registered = sum(e.hours for e in person_entries.get(d, []))
                if registered < by_day[d] - 0.005:
                    unregistered_dates.append((d, round(registered, 2), by_day[d]))
        _a, cw, cw_name = period_caseworker.get(pid, (None, None, None))
        out.append(PersonMonth(
            participant_id=pid, personnummer=number, name=f"{first_name} {last_name}", municipality=muni_name,
            staff=staff or "", required_hours=round(required20 / 20, 2), attended_hours=round(attended, 2),
            valid_absence_hours=round(valid_h, 2), invalid_absence_hours=round(invalid_h, 2), status=status,
            job_seeking_hours=round(seeking, 2), cancelled_hours=round(cancelled, 2),
            unregistered_hours=round(unregistered20 / 20, 2) if unregistered20 > 0 else 0.0,
            not_enrolled_days=not_enrolled_n, closed_days=closed_n, municipality_code=muni,
            caseworker=cw_name or "", caseworker_id=cw,
            required_by_day=by_day, entries_by_day=person_entries, periods=person_periods,
            closed_dates=dict(sorted(closed_dates.items())) if closed_dates else {},
            not_enrolled_dates=sorted(set(not_enrolled_dates)) if not_enrolled_dates else [],
            unregistered_dates=unregistered_dates,
            sick_without_certificate=_sick_runs(person_entries, days, flag_days) if with_days and flag_days else [],
        ))
    out.sort(key=lambda p: p.personnummer)
    if for_export:
        from ame_desktop.services import protected_identity

        out, _n = protected_identity.pseudonymise(s, out)
    return MonthlyReport(year, month, first, last, municipality, out, days)


def _start(period: PeriodInfo) -> date:
    return period.start


def _sick_days_setting(s: Session) -> int:
    from ame_desktop.services import settings as settings_service

    return settings_service.sick_without_certificate_days(s)


def _sick_runs(entries: dict[date, list[DayEntry]], days: list[date], threshold: int) -> list[tuple[date, date, int]]:
    """Runs of consecutive working days of the month with SJUK (sick without läkarintyg) and no
    hours present that day, at least `threshold` long: (first day, last day, working days)."""
    runs, start, n, prev = [], None, 0, None
    for d in days:
        items = entries.get(d, [])
        sick = any(e.absence == "SJUK" for e in items) and not any(e.absence is None and e.hours > 0 for e in items)
        if sick:
            if start is None:
                start, n = d, 0
            n += 1
            prev = d
        else:
            if start is not None and n >= threshold:
                runs.append((start, prev, n))
            start = None
    if start is not None and n >= threshold:
        runs.append((start, prev, n))
    return runs


def shortfalls(report: MonthlyReport) -> list[PersonMonth]:
    """Whose registered hours fall short this month (absence without reported reason, or hours
    nobody registered), largest shortfall first."""
    return sorted((p for p in report.participants if p.status in (STATUS_NO_REASON, STATUS_UNREGISTERED)),
                  key=lambda p: -p.shortfall)


def running_balance(s: Session, participant_id: int, today: date | None = None) -> PersonMonth | None:
    """The current month up to today for one person (None when no requirement applies)."""
    authz.check_participant(s, participant_id)
    today = today or date.today()
    report = monthly_report(s, today.year, today.month, participant_ids=[participant_id], through=today,
                            with_days=False)
    return report.participants[0] if report.participants else None
