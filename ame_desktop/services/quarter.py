"""The quarterly follow-up for the nämnd and IVO (`report quarter --year Y --quarter Q`), issue 17.

Figures per municipality (the person's municipality) and per month of the quarter, and for the
whole quarter. "Så räknas det" (HOW_IT_IS_COUNTED) says the same in Swedish in the files.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes
from ame_desktop.domain.dates import month_bounds
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.quarter_figures import HOW_IT_IS_COUNTED, QUARTER, Figures, QuarterReport, rows  # noqa: F401
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
