"""Gallring (SoL 16 kap. 1 §): a person's records are deleted N years (setting
`retention_years`, default 5) after the last entry about them, by the end of the following
calendar year.

The last entry is the latest date in anything recorded about the person: referrals,
enrollments (start and end), requirement periods, hours, step assessments, AF contacts, plan
versions and prints, follow-ups after exit, months of försörjningsstöd from the EB extract,
consents given or withdrawn, and the person record's own last change. Deletion is complete: every
table (the foreign keys cascade), and in the audit log the person's entries keep their place
in the hash chain but their identifying content is replaced by a pseudonym.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.dates import add_months
from ame_desktop.domain.models import (
    JournalEntry,
    AfContact,
    Consent,
    Attendance,
    AuditEntry,
    Enrollment,
    GroupBooking,
    FollowUp,
    GallringRecord,
    Participant,
    Placement,
    PlanVersion,
    Referral,
    RequirementPeriod,
    SocialAssistanceMonth,
    StepAssessment,
    SummerJob,
)
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import audit, authz
from ame_desktop.services import settings as settings_service


@dataclass(frozen=True)
class Due:
    participant_id: int
    personnummer: str
    name: str
    last_entry: date
    retention_ends: date
    delete_by: date  # end of the calendar year after the retention ends

    @property
    def reason(self) -> str:
        return (f"Senaste anteckning {self.last_entry.isoformat()}; bevarandetiden gick ut "
                f"{self.retention_ends.isoformat()}; ska gallras senast {self.delete_by.isoformat()}.")


def _as_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


def last_entries(s: Session) -> dict[int, date]:
    """The latest dated entry per person (set-based: one GROUP BY per table). Administrators only."""
    authz.require_admin(s, "gallra")
    sources = [
        (Referral.participant_id, Referral.referral_date),
        (Enrollment.participant_id, sa.func.coalesce(Enrollment.end_date, Enrollment.start_date)),
        (RequirementPeriod.participant_id, sa.func.coalesce(RequirementPeriod.end_date, RequirementPeriod.start_date)),
        (Attendance.participant_id, Attendance.attendance_date),
        (StepAssessment.participant_id, StepAssessment.assessed_on),
        (AfContact.participant_id, AfContact.contact_at),
        (PlanVersion.participant_id, PlanVersion.created_at),
        (Participant.id, Participant.updated_at),
        # Issue 20: follow-ups after exit and the months of försörjningsstöd from the EB extract.
        (FollowUp.participant_id, FollowUp.done_on),
        (SocialAssistanceMonth.participant_id, SocialAssistanceMonth.month),
        (JournalEntry.participant_id, JournalEntry.entry_date),  # issue 21: the journal
        (Consent.participant_id, Consent.consent_date),  # issue 24: consents given and withdrawn
        # Issue 19: feriejobb applications and places.
        (SummerJob.participant_id, sa.func.coalesce(SummerJob.end_date, SummerJob.applied_on)),
        # Issue 23: bookings in activity groups and placements at workplaces.
        (GroupBooking.participant_id, sa.func.coalesce(GroupBooking.end_date, GroupBooking.start_date)),
        (Placement.participant_id, sa.func.coalesce(Placement.end_date, Placement.start_date)),
    ]
    latest: dict[int, date] = {}
    for pid_col, date_col in sources:
        q = sa.select(pid_col, sa.func.max(date_col)).where(pid_col.is_not(None)).group_by(pid_col)
        for pid, value in s.execute(q):
            d = _as_date(value)
            if d is not None and (pid not in latest or d > latest[pid]):
                latest[pid] = d
    # An ongoing enrollment is a living record: nothing about that person is due.
    for (pid,) in s.execute(sa.select(Enrollment.participant_id).where(Enrollment.end_date.is_(None))):
        latest[pid] = date.max
    return latest


def preview(s: Session, today: date | None = None) -> list[Due]:
    """Who would be deleted, and why. Administrators only."""
    authz.require_admin(s, "gallra")
    today = today or date.today()
    years = int(settings_service.get_setting(s, "retention_years"))
    latest = last_entries(s)
    people = {pid: (number, f"{first} {last}") for pid, number, first, last in s.execute(
        sa.select(Participant.id, Participant.personnummer, Participant.first_name, Participant.last_name))}
    out = []
    for pid, last in latest.items():
        if last == date.max or pid not in people:
            continue
        ends = add_months(last, 12 * years)
        if ends < today:
            out.append(Due(pid, people[pid][0], people[pid][1], last, ends, date(ends.year + 1, 12, 31)))
    return sorted(out, key=lambda d: (d.delete_by, d.last_entry, d.personnummer))


def run(s: Session, participant_ids: list[int], today: date | None = None) -> GallringRecord:
    """Delete the persons (who must still be due), pseudonymise their audit entries, record it."""
    authz.require_admin(s, "gallra")
    due = {d.participant_id: d for d in preview(s, today)}
    not_due = [pid for pid in participant_ids if pid not in due]
    if not_due:
        from ame_desktop.domain.errors import UserError

        raise UserError(f"{len(not_due)} av de valda personerna ska inte gallras (längre). Gör om förhandsgranskningen.")
    years = int(settings_service.get_setting(s, "retention_years"))
    run_at = datetime.now().replace(microsecond=0)
    pseudonyms = []
    pseudonymised: dict[str, list] = {}
    entries = AuditEntry.__table__
    # Pseudonyms are unique across runs (a second run in the same minute continues the count).
    minute = run_at.replace(second=0)
    earlier = s.execute(sa.select(sa.func.coalesce(sa.func.sum(GallringRecord.persons_deleted), 0)).where(
        GallringRecord.run_at >= minute, GallringRecord.run_at <= run_at)).scalar_one()
    for n, pid in enumerate(participant_ids, start=int(earlier) + 1):
        pseudonym = f"G{run_at:%Y%m%d%H%M}-{n}"
        pseudonyms.append(pseudonym)
        # The entries stay in the chain (their digest is kept); who they were about does not.
        # Which entries this run pseudonymised is recorded (count and digest of their ids) in
        # the run's own entry, which the chain covers: a flag set by hand does not match it.
        ids = list(s.execute(sa.select(entries.c.id).where(entries.c.participant_id == pid)).scalars())
        pseudonymised[pseudonym] = [len(ids), audit.pseudonymized_digest(ids)]
        s.execute(entries.update().where(entries.c.participant_id == pid).values(
            participant_id=None, record_id=None, details=json.dumps({"gallrad": pseudonym}), pseudonymized=True))
        from ame_desktop.services.delivery import forget_person

        forget_person(s, pid)  # delivered reports keep no content about the person (issue 17)
        s.execute(sa.delete(Participant.__table__).where(Participant.__table__.c.id == pid))
    rule = (f"{years} år efter sista anteckningen, senast vid utgången av året därpå "
            f"(inställningen retention_years = {years})")
    record = GallringRecord(run_at=run_at, actor=authz.actor(s).name, rule=rule, persons_deleted=len(participant_ids),
                            pseudonyms=json.dumps(pseudonyms))
    s.add(record)
    s.flush()
    audit.record(s, "gallring", "participant", record.id, None,
                 {"antal": len(participant_ids), "pseudonymer": pseudonyms, "regel": rule,
                  "poster": pseudonymised})
    return record


def describe(d: Due) -> str:
    return f"{format_digits(d.personnummer)} {d.name}: {d.reason}"
