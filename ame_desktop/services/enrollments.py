"""Inskrivningar: enrollment periods, exits and their KAS categories."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from ame_desktop.domain import codes, rules
from ame_desktop.domain.dates import overlaps
from ame_desktop.domain.errors import FieldError, NotFoundError, ValidationError
from ame_desktop.domain.models import Enrollment
from ame_desktop.services import audit, authz
from ame_desktop.services.participants import get_participant


def overlap_message(start: date, end: date | None) -> str:
    until = end.isoformat() if end else "tills vidare"
    return f"Överlappar en annan inskrivning av samma person ({start.isoformat()} – {until})."


def _clean(s: Session, participant_id: int, start_date: object, end_date: object,
           time_without_work: object, exit_reason: object, existing_id: int | None) -> dict:
    errors: list[FieldError] = []
    out: dict = {}
    for field, fn, arg in (
        ("start_date", rules.a_date, start_date),
        ("end_date", lambda v: rules.a_date(v, required=False), end_date),
        ("time_without_work", rules.time_without_work, time_without_work),
        ("exit_reason", rules.exit_reason, exit_reason),
    ):
        try:
            out[field] = fn(arg)
        except ValueError as exc:
            errors.append(FieldError(field, str(exc)))
    if not errors:
        errors += [FieldError(f, m) for f, m in rules.enrollment_end(out["start_date"], out["end_date"], out["exit_reason"])]
    if not errors:
        for other in s.exec(select(Enrollment).where(Enrollment.participant_id == participant_id)):
            if other.id != existing_id and overlaps(out["start_date"], out["end_date"], other.start_date, other.end_date):
                errors.append(FieldError("start_date", overlap_message(other.start_date, other.end_date)))
                break
    if errors:
        raise ValidationError(errors)
    out["exit_kas"] = codes.kas_category(out["exit_reason"])
    return out


FIELDS = ("start_date", "end_date", "time_without_work", "exit_reason", "exit_kas")


def add_enrollment(s: Session, participant_id: int, start_date: date | str, end_date: date | str | None = None,
                   time_without_work: str | None = None, exit_reason: str | None = None) -> Enrollment:
    authz.check_participant(s, participant_id, write=True)
    get_participant(s, participant_id)
    values = _clean(s, participant_id, start_date, end_date, time_without_work, exit_reason, None)
    e = Enrollment(participant_id=participant_id, **values)
    s.add(e)
    s.flush()
    audit.record(s, "create", "enrollment", e.id, participant_id, values)
    return e


def update_enrollment(s: Session, enrollment_id: int, start_date: date | str, end_date: date | str | None,
                      time_without_work: str | None, exit_reason: str | None) -> Enrollment:
    e = get_enrollment(s, enrollment_id)
    authz.check_participant(s, e.participant_id, write=True)
    old = {k: getattr(e, k) for k in FIELDS}
    values = _clean(s, e.participant_id, start_date, end_date, time_without_work, exit_reason, enrollment_id)
    for k, v in values.items():
        setattr(e, k, v)
    s.flush()
    audit.record(s, "update", "enrollment", e.id, e.participant_id, audit.changes(old, values))
    return e


def close_enrollment(s: Session, enrollment_id: int, end_date: date | str, exit_reason: str) -> Enrollment:
    """Avslut: set the end date and the exit reason together."""
    e = get_enrollment(s, enrollment_id)
    if e.end_date is not None:
        raise ValidationError.single("end_date", f"Inskrivningen är redan avslutad ({e.end_date.isoformat()}).")
    return update_enrollment(s, enrollment_id, e.start_date, end_date, e.time_without_work, exit_reason)


def delete_enrollment(s: Session, enrollment_id: int) -> None:
    e = get_enrollment(s, enrollment_id)
    authz.check_participant(s, e.participant_id, write=True)
    old = {k: getattr(e, k) for k in FIELDS}
    s.delete(e)
    s.flush()
    audit.record(s, "delete", "enrollment", enrollment_id, e.participant_id, old)


def get_enrollment(s: Session, enrollment_id: int) -> Enrollment:
    e = s.get(Enrollment, enrollment_id)
    if e is None:
        raise NotFoundError(f"Inskrivningen med id {enrollment_id} finns inte.")
    authz.check_participant(s, e.participant_id)
    return e


def list_enrollments(s: Session, participant_id: int) -> list[Enrollment]:
    authz.check_participant(s, participant_id)
    return list(s.exec(select(Enrollment).where(Enrollment.participant_id == participant_id)
                       .order_by(Enrollment.start_date.desc())))
