"""Uppföljning efter avslut (issue 20; shared/docs/DOMAIN.md, "Follow-up after exit").

Every ended enrollment is followed up some months after its exit (the setting
`followup_months`, default 3, 6 and 12): the person's försörjning and sysselsättning then, how it
was learnt (samtal, register, EB-systemet) or that the person was not reached.

Only what was recorded is stored (table follow_up). Which follow-ups are due is computed from
the enrollments each time, so it is always in step with them:
- due date = the exit date + N months (domain.dates.add_months);
- a follow-up is closed automatically, with that fact, when the person was enrolled again after
  the exit and on or before the due date (the unit has the person again: nothing to follow up);
- otherwise it is open from its due date until recorded; open and due before today = overdue;
- an exit because the person died (E3) has no follow-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes
from ame_desktop.domain.dates import add_months
from ame_desktop.domain.followup_states import (  # noqa: F401  (the states and their labels live in domain)
    DONE, NO_FOLLOW_UP, NOT_REACHED, OPEN, OVERDUE, REENROLLED, STATE_LABELS, UPCOMING, FollowUpState,
)
from ame_desktop.domain.errors import FieldError, NotFoundError, ValidationError
from ame_desktop.domain.models import Enrollment, FollowUp, Participant
from ame_desktop.services import audit, authz
from ame_desktop.services import settings as settings_service


def offsets(s: Session) -> list[int]:
    """The follow-up months of the setting `followup_months` (e.g. [3, 6, 12])."""
    return [int(x) for x in settings_service.get_setting(s, "followup_months").split(",") if x.strip()]


def states_for(s: Session, exits: sa.Select, today: date | None = None,
               months: list[int] | None = None) -> dict[tuple[int, int], FollowUpState]:
    """The state of every follow-up of the ended enrollments that `exits` selects (a Core select
    of enrollment.id, participant_id, end_date), keyed by (enrollment id, months)."""
    today = today or date.today()
    months = months if months is not None else offsets(s)
    sub = exits.subquery()
    rows = s.execute(sa.select(sub.c[0], sub.c[1], sub.c[2])).all()
    if not rows:
        return {}
    ids = sa.select(sub.c[0])
    # Nobody follows up a person who died (exit E3); what was recorded before stays.
    deceased = set(s.execute(sa.select(Enrollment.id).where(Enrollment.id.in_(ids),
                                                            Enrollment.exit_reason == NO_FOLLOW_UP)).scalars())
    nxt = sa.orm.aliased(Enrollment)
    reenrolled: dict[int, list[date]] = {}
    for eid, start in s.execute(
            sa.select(Enrollment.id, nxt.start_date)
            .join(nxt, sa.and_(nxt.participant_id == Enrollment.participant_id, nxt.start_date > Enrollment.end_date))
            .where(Enrollment.id.in_(ids))):
        reenrolled.setdefault(eid, []).append(start)
    cols = (FollowUp.enrollment_id, FollowUp.months, FollowUp.id, FollowUp.due_on, FollowUp.done_on,
            FollowUp.method, FollowUp.support, FollowUp.occupation, FollowUp.note, FollowUp.recorded_by)
    recorded = {(f.enrollment_id, f.months): f for f in s.execute(
        sa.select(*cols).where(FollowUp.enrollment_id.in_(ids)))}
    extra: dict[int, set[int]] = {}
    for eid, m in recorded:
        if m not in months:
            extra.setdefault(eid, set()).add(m)
    wanted = sorted(months)
    out: dict[tuple[int, int], FollowUpState] = {}
    for eid, pid, end in rows:
        starts = sorted(reenrolled.get(eid, []))
        for m in (sorted(set(months) | extra[eid]) if eid in extra else wanted):
            due = add_months(end, m)
            f = recorded.get((eid, m))
            if f is not None:
                out[(eid, m)] = FollowUpState(eid, pid, m, end, f.due_on, NOT_REACHED if f.method == "EJ_NADD" else DONE,
                                              followup_id=f.id, done_on=f.done_on, method=f.method, support=f.support,
                                              occupation=f.occupation, note=f.note, recorded_by=f.recorded_by)
                continue
            if m not in months or eid in deceased:
                continue
            back = next((d for d in starts if d <= due), None)
            if back is not None:
                state = REENROLLED
            elif due > today:
                state = UPCOMING
            else:
                state = OVERDUE if due < today else OPEN
            out[(eid, m)] = FollowUpState(eid, pid, m, end, due, state, reenrolled_on=back)
    return out


@dataclass
class DueFollowUp:
    """A line of the follow-up list."""

    state: FollowUpState
    personnummer: str
    name: str
    exit_reason: str | None
    municipality_code: str


def due_followups(s: Session, due_by: date | None = None, today: date | None = None,
                  municipality: str | None = None) -> list[DueFollowUp]:
    """Open follow-ups (not recorded, not closed by a new enrollment) due on or before `due_by`
    (default today), of the people the actor may see; sorted by due date."""
    today = today or date.today()
    due_by = due_by or today
    months = offsets(s)
    if not months:
        return []
    if municipality is not None:
        from ame_desktop.domain.errors import UserError
        from ame_desktop.domain.models import Municipality

        municipality = str(municipality).strip().zfill(4)
        if s.get(Municipality, municipality) is None:
            raise UserError(f"Okänd kommunkod ”{municipality}”. Ange kommunens fyra siffror, t.ex. 0860.")
    munis = authz.allowed_municipalities(s, municipality)
    latest_exit = add_months(due_by, -min(months))
    q = (sa.select(Enrollment.id, Enrollment.participant_id, Enrollment.end_date)
         .join(Participant, Participant.id == Enrollment.participant_id)
         .where(Enrollment.end_date.is_not(None), Enrollment.end_date <= latest_exit, authz.visible(s)))
    if munis is not None:
        q = q.where(Enrollment.municipality_code.in_(munis))
    states = [st for st in states_for(s, q, today, months).values() if st.is_open and st.due_on <= due_by]
    if not states:
        return []
    eids = sorted({st.enrollment_id for st in states})
    info = {}
    for i in range(0, len(eids), 5000):
        for eid, number, first, last, reason, muni in s.execute(
                sa.select(Enrollment.id, Participant.personnummer, Participant.first_name, Participant.last_name,
                          Enrollment.exit_reason, Enrollment.municipality_code)
                .join(Participant, Participant.id == Enrollment.participant_id)
                .where(Enrollment.id.in_(eids[i:i + 5000]))):
            info[eid] = (number, f"{first} {last}", reason, muni)
    out = [DueFollowUp(st, *info[st.enrollment_id]) for st in states]
    return sorted(out, key=lambda d: (d.state.due_on, d.personnummer, d.state.months))


def week_bounds(today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


@dataclass
class DueSummary:
    this_week: int  # open follow-ups due from Monday to Sunday of this week
    overdue: int  # open follow-ups due before this week


def due_summary(s: Session, today: date | None = None) -> DueSummary:
    """For the start page: what is due this week (and what is left from before)."""
    today = today or date.today()
    monday, sunday = week_bounds(today)
    items = due_followups(s, due_by=sunday, today=today)
    week = sum(1 for d in items if d.state.due_on >= monday)
    return DueSummary(week, len(items) - week)


def enrollment_followups(s: Session, enrollment_id: int, today: date | None = None) -> list[FollowUpState]:
    """Every follow-up of one enrollment (the participant's tab and the short form)."""
    e = _ended(s, enrollment_id)
    q = sa.select(Enrollment.id, Enrollment.participant_id, Enrollment.end_date).where(Enrollment.id == e.id)
    return sorted(states_for(s, q, today).values(), key=lambda st: st.months)


def _ended(s: Session, enrollment_id: int) -> Enrollment:
    e = s.get(Enrollment, enrollment_id)
    if e is None:
        raise NotFoundError(f"Inskrivningen med id {enrollment_id} finns inte.")
    authz.check_participant(s, e.participant_id)
    if e.end_date is None:
        raise ValidationError.single("enrollment", "Inskrivningen pågår; uppföljning görs efter avslutet.")
    return e


FIELDS = ("months", "due_on", "done_on", "method", "support", "occupation", "note", "recorded_by")


def record_followup(s: Session, enrollment_id: int, months: int, done_on: date | str, method: str,
                    support: str | None = None, occupation: str | None = None, note: str | None = None,
                    today: date | None = None) -> FollowUp:
    """Record (or correct) the follow-up N months after an exit: the short form."""
    from ame_desktop.domain import rules

    e = _ended(s, enrollment_id)
    authz.check_participant(s, e.participant_id, write=True)
    today = today or date.today()
    errors: list[FieldError] = []
    try:
        months = int(months)
    except (TypeError, ValueError):
        raise ValidationError.single("months", f"”{months}” är inget antal månader.") from None
    allowed = offsets(s)
    existing = s.execute(sa.select(FollowUp).where(FollowUp.enrollment_id == e.id, FollowUp.months == months)).scalar()
    if months not in allowed and existing is None:
        errors.append(FieldError("months", f"Uppföljning görs {', '.join(str(m) for m in allowed)} månader efter "
                                           f"avslutet, inte {months}."))
    try:
        done = rules.a_date(done_on)
        assert done is not None
        rules.not_in_future(done, today)
        if done < e.end_date:
            raise ValueError(f"Uppföljningen kan inte vara före avslutet ({e.end_date.isoformat()}).")
    except ValueError as exc:
        errors.append(FieldError("done_on", str(exc)))
        done = None
    try:
        method = rules._code(list(codes.FollowUpMethod), codes.FOLLOW_UP_METHOD_LABELS, method, "uppgiftskälla")
    except ValueError as exc:
        errors.append(FieldError("method", str(exc)))
    if method == "EJ_NADD":
        support = occupation = None
    else:
        try:
            support = rules.optional_code(list(codes.Support), support, "Okänd försörjning")
            if support is None:
                raise ValueError("Ange personens försörjning (eller uppgiftskälla ”Ej nådd”).")
        except ValueError as exc:
            errors.append(FieldError("support", str(exc)))
        try:
            occupation = rules.optional_code(list(codes.Occupation), occupation, "Okänd sysselsättning")
        except ValueError as exc:
            errors.append(FieldError("occupation", str(exc)))
    try:
        note = rules.text(note, max_len=1000)
    except ValueError as exc:
        errors.append(FieldError("note", str(exc)))
    if errors:
        raise ValidationError(errors)
    values = {"months": months, "due_on": add_months(e.end_date, months), "done_on": done, "method": method,
              "support": support, "occupation": occupation, "note": note, "recorded_by": authz.actor(s).name}
    if existing is None:
        f = FollowUp(enrollment_id=e.id, participant_id=e.participant_id, **values)
        s.add(f)
        s.flush()
        audit.record(s, "create", "follow_up", f.id, e.participant_id, values)
        return f
    old = {k: getattr(existing, k) for k in FIELDS}
    for k, v in values.items():
        setattr(existing, k, v)
    s.flush()
    audit.record(s, "update", "follow_up", existing.id, e.participant_id, audit.changes(old, values))
    return existing


def delete_followup(s: Session, followup_id: int) -> None:
    f = s.get(FollowUp, followup_id)
    if f is None:
        raise NotFoundError(f"Uppföljningen med id {followup_id} finns inte.")
    authz.check_participant(s, f.participant_id, write=True)
    old = {k: getattr(f, k) for k in FIELDS}
    s.delete(f)
    s.flush()
    audit.record(s, "delete", "follow_up", followup_id, f.participant_id, old)


def as_json(items: list[DueFollowUp], due_by: date, today: date) -> dict:
    """The shape `ame-desktop followups` prints (README, "Decisions where the specs were silent")."""
    return {
        "due_by": due_by.isoformat(),
        "today": today.isoformat(),
        "followups": [{
            "personnummer": d.personnummer,
            "enrollment_id": d.state.enrollment_id,
            "municipality": d.municipality_code,
            "exit_date": d.state.exit_date.isoformat(),
            "exit_reason": d.exit_reason,
            "months": d.state.months,
            "due_on": d.state.due_on.isoformat(),
            "status": d.state.state,
            "days_overdue": max(0, (today - d.state.due_on).days),
        } for d in items],
    }
