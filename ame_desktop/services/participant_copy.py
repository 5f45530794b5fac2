"""The participant's own copy (issue 17): the monthly attendance certificate (närvarointyg: the
same facts as the caseworker's report for that person, in plain Swedish) and the personal week
schedule (what, which day, how long, who to contact), for one person or in batch.

The register keeps hours per weekday, not clock times or places: the schedule shows the
activity, its category and the hours; the contact person is the person's handledare.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import Activity, Participant, ScheduleEntry, StaffMember
from ame_desktop.services import audit, authz


def certificates(s: Session, year: int, month: int, participant_ids: list[int] | None = None):
    """The month's report entries for these people (or everyone visible with a requirement)."""
    from ame_desktop.services.activity_report import monthly_report

    for pid in participant_ids or []:
        authz.check_participant(s, pid)
    report = monthly_report(s, year, month, with_days=True)
    if participant_ids is not None:
        keep = set(participant_ids)
        report = replace(report, participants=[p for p in report.participants if p.participant_id in keep])
    return report


def write_certificates(db, year: int, month: int, out: Path, participant_ids: list[int] | None = None) -> int:
    """Närvarointyg as one PDF (a page per person); returns the number of people. Without
    `participant_ids` (everyone with a requirement) people with protected identity are left out
    (the caller counts them with protected_identity.leave_out); people chosen by id are printed,
    each marked one with a reason given."""
    from ame_desktop.io.participant_copy import write_certificate_pdf
    from ame_desktop.services import protected_identity
    from ame_desktop.services.settings import get_setting

    with db.reading() as s:
        report = certificates(s, year, month, participant_ids)
        if participant_ids is None:
            kept, _n = protected_identity.leave_out(s, [p.participant_id for p in report.participants])
            report = replace(report, participants=[p for p in report.participants if p.participant_id in set(kept)])
        else:
            protected_identity.require_reasons(s, participant_ids, "skriva ut närvarointyget")
        unit = get_setting(s, "unit_name")
    if not report.participants:
        raise UserError(f"Ingen av de valda personerna har aktivitetskrav i {report.label}.")
    path = write_certificate_pdf(report, out, unit)
    with db.transaction() as s:
        audit.record_many(s, [audit.Event("export", "attendance_certificate", None, p.participant_id,
                                          {"månad": report.label, "fil": path.name}) for p in report.participants])
    return len(report.participants)


@dataclass
class WeekSchedule:
    participant_id: int
    personnummer: str
    name: str
    contact: str
    days: dict[int, list[tuple[str, int, float]]]  # weekday → [(activity, category, hours)]

    @property
    def hours_per_week(self) -> float:
        return round(sum(h for items in self.days.values() for _, _, h in items), 2)


def week_schedules(s: Session, participant_ids: list[int]) -> list[WeekSchedule]:
    for pid in participant_ids:
        authz.check_participant(s, pid)
    out: dict[int, WeekSchedule] = {}
    for pid, number, first, last, staff in s.execute(
            sa.select(Participant.id, Participant.personnummer, Participant.first_name, Participant.last_name,
                      StaffMember.name).outerjoin(StaffMember, StaffMember.id == Participant.staff_id)
            .where(Participant.id.in_(participant_ids), authz.visible(s))):
        out[pid] = WeekSchedule(pid, number, f"{first} {last}", staff or "", defaultdict(list))
    for pid, weekday, name, category, hours in s.execute(
            sa.select(ScheduleEntry.participant_id, ScheduleEntry.weekday, Activity.name, Activity.category,
                      ScheduleEntry.hours).join(Activity, Activity.id == ScheduleEntry.activity_id)
            .where(ScheduleEntry.participant_id.in_(list(out))).order_by(ScheduleEntry.weekday, Activity.name)):
        out[pid].days[weekday].append((name, category, hours))
    return sorted(out.values(), key=lambda w: w.personnummer)


def write_week_schedules(db, participant_ids: list[int], out: Path) -> int:
    from ame_desktop.io.participant_copy import write_schedule_pdf
    from ame_desktop.services.settings import get_setting

    from ame_desktop.services import protected_identity

    with db.reading() as s:
        protected_identity.require_reasons(s, participant_ids, "skriva ut veckoschemat")
        items = week_schedules(s, participant_ids)
        unit = get_setting(s, "unit_name")
    if not items:
        raise UserError("Ingen av de valda personerna finns i registret.")
    path = write_schedule_pdf(items, out, unit)
    with db.transaction() as s:
        audit.record_many(s, [audit.Event("export", "week_schedule", None, w.participant_id, {"fil": path.name})
                              for w in items])
    return len(items)
