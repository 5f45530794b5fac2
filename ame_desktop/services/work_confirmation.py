"""Work that lasted (issue 19): an exit to work (A1/A2) counts as KAS A only once it is confirmed
that the job lasted one continuous month. The follow-up falls due a month after the job's first
day (`Anställning från`, or the day after the exit); the coach confirms it (the date is recorded)
or, when the job did not last, changes the exit result with a reason that the audit log keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes, rules
from ame_desktop.domain.errors import ValidationError
from ame_desktop.domain.models import Enrollment, Participant
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import audit, authz
from ame_desktop.services.enrollments import get_enrollment
from ame_desktop.services.kolada import WORK_REASONS, confirmable_from, job_start


@dataclass(frozen=True)
class PendingConfirmation:
    """An exit to work not yet confirmed."""

    enrollment_id: int
    participant_id: int
    personnummer: str
    name: str
    municipality: str
    exit_reason: str
    end_date: date
    job_start: date
    due: date  # the first day it can be confirmed: add_months(job_start, 1)

    def overdue(self, today: date) -> bool:
        """The month has passed and the follow-up is still open."""
        return self.due < today

    def is_due(self, today: date) -> bool:
        return self.due <= today


def pending_confirmations(s: Session, *, today: date | None = None, only_due: bool = False,
                          municipality: str | None = None) -> list[PendingConfirmation]:
    """Unconfirmed A1/A2 exits of the participants the actor may see (and, with `municipality`,
    of enrollments of that municipality), soonest due first. `only_due`: those whose month has
    come (due ≤ today)."""
    today = today or date.today()
    if municipality is not None:
        authz.check_municipality(s, municipality)
    q = (sa.select(Enrollment.id, Enrollment.participant_id, Participant.personnummer, Participant.first_name,
                   Participant.last_name, Enrollment.municipality_code, Enrollment.exit_reason, Enrollment.end_date,
                   Enrollment.job_start_date)
         .join(Participant, Participant.id == Enrollment.participant_id)
         .where(Enrollment.exit_reason.in_(WORK_REASONS), Enrollment.end_date.is_not(None),
                Enrollment.work_confirmed_on.is_(None), authz.visible(s)))
    if municipality is not None:
        q = q.where(Enrollment.municipality_code == municipality)
    out = []
    for r in s.execute(q).mappings():
        due = confirmable_from(r["end_date"], r["job_start_date"])
        if only_due and due > today:
            continue
        out.append(PendingConfirmation(r["id"], r["participant_id"], format_digits(r["personnummer"]),
                                       f"{r['first_name']} {r['last_name']}", r["municipality_code"],
                                       r["exit_reason"], r["end_date"], job_start(r["end_date"], r["job_start_date"]),
                                       due))
    out.sort(key=lambda p: (p.due, p.name, p.enrollment_id))
    return out


def _work_exit(s: Session, enrollment_id: int) -> Enrollment:
    e = get_enrollment(s, enrollment_id)
    authz.check_participant(s, e.participant_id, write=True)
    if e.exit_reason not in WORK_REASONS or e.end_date is None:
        raise ValidationError.single("exit_reason", "Inskrivningen har inget avslut till arbete (A1 eller A2).")
    return e


def set_job_start(s: Session, enrollment_id: int, job_start_date: date | str | None) -> Enrollment:
    """Record the job's first day (blank = the day after the exit)."""
    e = _work_exit(s, enrollment_id)
    try:
        first = rules.a_date(job_start_date, required=False)
    except ValueError as exc:
        raise ValidationError.single("job_start_date", str(exc)) from None
    problems = rules.work_confirmation(e.end_date, e.exit_reason, first, e.work_confirmed_on)
    if problems:
        raise ValidationError.single(*problems[0])
    old = e.job_start_date
    e.job_start_date = first
    s.flush()
    audit.record(s, "update", "enrollment", e.id, e.participant_id, audit.changes(
        {"job_start_date": old}, {"job_start_date": first}))
    return e


def confirm_work(s: Session, enrollment_id: int, confirmed_on: date | str | None = None, *,
                 today: date | None = None) -> Enrollment:
    """The job has lasted one continuous month: record the day it was confirmed (default today),
    no earlier than a month after the job's first day and not in the future."""
    e = _work_exit(s, enrollment_id)
    today = today or date.today()
    try:
        when = rules.a_date(confirmed_on, required=False) or today
    except ValueError as exc:
        raise ValidationError.single("work_confirmed_on", str(exc)) from None
    if when > today:
        raise ValidationError.single("work_confirmed_on", f"{when.isoformat()} ligger i framtiden.")
    problems = rules.work_confirmation(e.end_date, e.exit_reason, e.job_start_date, when)
    if problems:
        raise ValidationError.single(*problems[0])
    old = e.work_confirmed_on
    e.work_confirmed_on = when
    s.flush()
    audit.record(s, "update", "enrollment", e.id, e.participant_id,
                 audit.changes({"work_confirmed_on": old}, {"work_confirmed_on": when}))
    return e


def work_did_not_last(s: Session, enrollment_id: int, exit_reason: str, reason: str) -> Enrollment:
    """The job did not last a month: the exit gets another result (not A1/A2), and the audit log
    keeps why (`reason`, required) with the old and new result."""
    e = _work_exit(s, enrollment_id)
    errors = []
    try:
        new = rules.exit_reason(exit_reason)
    except ValueError as exc:
        errors.append(("exit_reason", str(exc)))
        new = None
    if new is None and not errors:
        errors.append(("exit_reason", "Välj den avslutsorsak som gäller i stället."))
    elif new in WORK_REASONS:
        errors.append(("exit_reason", "Välj en annan avslutsorsak än arbete (A1/A2) när arbetet inte varade."))
    why = rules.text(reason, max_len=500)
    if not why:
        errors.append(("reason", "Skriv varför avslutsorsaken ändras (t.ex. ”anställningen upphörde efter två "
                                 "veckor”)."))
    if errors:
        from ame_desktop.domain.errors import FieldError

        raise ValidationError([FieldError(f, m) for f, m in errors])
    old = {"exit_reason": e.exit_reason, "exit_kas": e.exit_kas, "job_start_date": e.job_start_date,
           "work_confirmed_on": e.work_confirmed_on}
    e.exit_reason, e.exit_kas = new, codes.kas_category(new)
    e.job_start_date = e.work_confirmed_on = None
    s.flush()
    new_values = {"exit_reason": new, "exit_kas": e.exit_kas, "job_start_date": None, "work_confirmed_on": None}
    audit.record(s, "update", "enrollment", e.id, e.participant_id,
                 {**audit.changes(old, new_values), "orsak": why, "händelse": "arbetet varade inte en månad"})
    return e
