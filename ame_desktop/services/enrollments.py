"""Inskrivningar: enrollment periods, exits and their KAS categories."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from ame_desktop.domain import codes, rules
from ame_desktop.domain.dates import overlaps
from ame_desktop.domain.errors import FieldError, NotFoundError, ValidationError
from ame_desktop.domain.models import Enrollment, Municipality, Participant
from ame_desktop.services import audit, authz
from ame_desktop.services.participants import get_participant


def overlap_message(start: date, end: date | None) -> str:
    until = end.isoformat() if end else "tills vidare"
    return f"Överlappar en annan inskrivning av samma person ({start.isoformat()} – {until})."


KEEP = object()  # update_enrollment: leave this value as it is


def clean_municipality(s: Session, value: object, default: str) -> str:
    """A municipality code for an enrollment or referral (blank = `default`); it must be a kommun
    the actor may write to."""
    raw = "" if value is None else str(value).strip()
    if not raw:
        return default
    code = raw.zfill(4) if raw.isdigit() and len(raw) < 4 else raw
    m = s.get(Municipality, code)
    if m is None or m.kind != "K":
        raise ValueError(f"Okänd kommunkod ”{raw}”. Ange kommunens fyra siffror, t.ex. 0860.")
    if not authz.actor(s).sees(code):
        raise ValueError(f"Du har inte behörighet till kommun {code}.")
    return code


def person_municipality(s: Session, participant_id: int) -> str:
    authz.check_participant(s, participant_id)  # an id must not tell where someone lives (issue 18)
    return s.execute(sa.select(Participant.municipality_code).where(Participant.id == participant_id)).scalar_one()


def _clean(s: Session, participant_id: int, start_date: object, end_date: object,
           time_without_work: object, exit_reason: object, existing_id: int | None,
           municipality_code: object = None, job_start_date: object = None, work_confirmed_on: object = None,
           default_municipality: str | None = None) -> dict:
    errors: list[FieldError] = []
    out: dict = {}
    default = default_municipality or person_municipality(s, participant_id)
    for field, fn, arg in (
        ("start_date", rules.a_date, start_date),
        ("end_date", lambda v: rules.a_date(v, required=False), end_date),
        ("time_without_work", rules.time_without_work, time_without_work),
        ("exit_reason", rules.exit_reason, exit_reason),
        ("municipality_code", lambda v: clean_municipality(s, v, default), municipality_code),
        ("job_start_date", lambda v: rules.a_date(v, required=False), job_start_date),
        ("work_confirmed_on", lambda v: rules.a_date(v, required=False), work_confirmed_on),
    ):
        try:
            out[field] = fn(arg)
        except ValueError as exc:
            errors.append(FieldError(field, str(exc)))
    if not errors:
        errors += [FieldError(f, m) for f, m in rules.enrollment_end(out["start_date"], out["end_date"], out["exit_reason"])]
    if not errors:
        errors += [FieldError(f, m) for f, m in rules.work_confirmation(
            out["end_date"], out["exit_reason"], out["job_start_date"], out["work_confirmed_on"])]
    if not errors:
        for other in s.exec(select(Enrollment).where(Enrollment.participant_id == participant_id)):
            if other.id != existing_id and overlaps(out["start_date"], out["end_date"], other.start_date, other.end_date):
                errors.append(FieldError("start_date", overlap_message(other.start_date, other.end_date)))
                break
    if errors:
        raise ValidationError(errors)
    out["exit_kas"] = codes.kas_category(out["exit_reason"])
    return out


FIELDS = ("start_date", "end_date", "time_without_work", "exit_reason", "exit_kas", "municipality_code",
          "job_start_date", "work_confirmed_on")
# Försörjning and sysselsättning at start and at exit (issue 20): codes.Support / codes.Occupation.
STATUS_FIELDS = ("support_at_start", "occupation_at_start", "support_at_exit", "occupation_at_exit")
_STATUS_KEEP = object()  # update_enrollment: leave the stored status as it is


def _status(values: dict, end_date: date | None) -> dict:
    """Check the given status codes (None or "" = not recorded); the status at exit needs an exit."""
    errors: list[FieldError] = []
    out: dict = {}
    for field, value in values.items():
        kind = codes.Support if field.startswith("support") else codes.Occupation
        unknown = "Okänd försörjning" if kind is codes.Support else "Okänd sysselsättning"
        try:
            out[field] = rules.optional_code(list(kind), value, unknown)
        except ValueError as exc:
            errors.append(FieldError(field, str(exc)))
    if end_date is None:
        for field in ("support_at_exit", "occupation_at_exit"):
            if out.get(field):
                errors.append(FieldError(field, "Anges när inskrivningen avslutas (slutdatum saknas)."))
    if errors:
        raise ValidationError(errors)
    return out


def add_enrollment(s: Session, participant_id: int, start_date: date | str, end_date: date | str | None = None,
                   time_without_work: str | None = None, exit_reason: str | None = None, *,
                   municipality_code: str | None = None, job_start_date: date | str | None = None,
                   work_confirmed_on: date | str | None = None,
                   support_at_start: str | None = None, occupation_at_start: str | None = None,
                   support_at_exit: str | None = None, occupation_at_exit: str | None = None) -> Enrollment:
    """A new enrollment; `municipality_code` blank = the person's municipality now."""
    authz.check_participant(s, participant_id, write=True)
    get_participant(s, participant_id)
    values = _clean(s, participant_id, start_date, end_date, time_without_work, exit_reason, None,
                    municipality_code, job_start_date, work_confirmed_on)
    values.update(_status({"support_at_start": support_at_start, "occupation_at_start": occupation_at_start,
                           "support_at_exit": support_at_exit, "occupation_at_exit": occupation_at_exit},
                          values["end_date"]))
    e = Enrollment(participant_id=participant_id, **values)
    s.add(e)
    s.flush()
    audit.record(s, "create", "enrollment", e.id, participant_id, values)
    return e


def update_enrollment(s: Session, enrollment_id: int, start_date: date | str, end_date: date | str | None,
                      time_without_work: str | None, exit_reason: str | None, *,
                      municipality_code: object = KEEP, job_start_date: object = KEEP,
                      work_confirmed_on: object = KEEP, support_at_start=_STATUS_KEEP,
                      occupation_at_start=_STATUS_KEEP, support_at_exit=_STATUS_KEEP,
                      occupation_at_exit=_STATUS_KEEP) -> Enrollment:
    """Change an enrollment. The keyword fields left out keep their values (a blank municipality
    too: a kept enrollment keeps its municipality); job start and confirmation are dropped when the
    exit is no longer A1/A2."""
    e = get_enrollment(s, enrollment_id)
    authz.check_participant(s, e.participant_id, write=True)
    old = {k: getattr(e, k) for k in FIELDS + STATUS_FIELDS}
    try:
        reason_now = rules.exit_reason(exit_reason)
    except ValueError:
        reason_now = None  # _clean reports it
    work = reason_now in ("A1", "A2")
    if job_start_date is KEEP:
        job_start_date = e.job_start_date if work else None
    if work_confirmed_on is KEEP:
        work_confirmed_on = e.work_confirmed_on if work else None
    if municipality_code is KEEP:
        municipality_code = None
    values = _clean(s, e.participant_id, start_date, end_date, time_without_work, exit_reason, enrollment_id,
                    municipality_code, job_start_date, work_confirmed_on, default_municipality=e.municipality_code)
    given = {"support_at_start": support_at_start, "occupation_at_start": occupation_at_start,
             "support_at_exit": support_at_exit, "occupation_at_exit": occupation_at_exit}
    status = {k: (getattr(e, k) if v is _STATUS_KEEP else v) for k, v in given.items()}
    if values["end_date"] is None:  # reopened: the status at exit goes with the exit
        for k in ("support_at_exit", "occupation_at_exit"):
            if given[k] is _STATUS_KEEP:
                status[k] = None
    values.update(_status(status, values["end_date"]))
    for k, v in values.items():
        setattr(e, k, v)
    s.flush()
    audit.record(s, "update", "enrollment", e.id, e.participant_id, audit.changes(old, values))
    return e


def close_enrollment(s: Session, enrollment_id: int, end_date: date | str, exit_reason: str, *,
                     job_start_date: date | str | None = None, support_at_exit=_STATUS_KEEP,
                     occupation_at_exit=_STATUS_KEEP) -> Enrollment:
    """Avslut: set the end date and the exit reason together (A1/A2: and the job's first day,
    blank = the day after the end date)."""
    e = get_enrollment(s, enrollment_id)
    if e.end_date is not None:
        raise ValidationError.single("end_date", f"Inskrivningen är redan avslutad ({e.end_date.isoformat()}).")
    return update_enrollment(s, enrollment_id, e.start_date, end_date, e.time_without_work, exit_reason,
                             job_start_date=job_start_date, work_confirmed_on=None,
                             support_at_exit=support_at_exit, occupation_at_exit=occupation_at_exit)


def delete_enrollment(s: Session, enrollment_id: int) -> None:
    e = get_enrollment(s, enrollment_id)
    authz.check_participant(s, e.participant_id, write=True)
    old = {k: getattr(e, k) for k in FIELDS + STATUS_FIELDS}
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
