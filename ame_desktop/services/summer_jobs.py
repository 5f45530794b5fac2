"""Feriejobb / feriepraktik (issue 19): young people's applications (date, wishes as free text)
and the place they got (sector KOMMUN/PRIVAT/CIVIL/ANNAN, workplace, dates).

A feriejobb is not an enrollment: it makes nobody a participant of the AME. The KAS figures
N40471–N40475 (services/kolada.py) count them by the person's own municipality; so do the list
and its filters here. Every function checks the actor's role and municipalities (authz) and
changes are written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes, rules
from ame_desktop.domain.errors import FieldError, NotFoundError, ValidationError
from ame_desktop.domain.models import Participant, SummerJob
from ame_desktop.domain.names import search_key
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import audit, authz

FIELDS = ("applied_on", "wishes", "placement", "workplace", "start_date", "end_date")
# The list's placement filter: everything, placed, not placed, or one sector.
PLACED, NOT_PLACED = "PLACERAD", "EJ_PLACERAD"


@dataclass(frozen=True)
class SummerJobInput:
    applied_on: date | str | None
    wishes: str | None = None
    placement: str | None = None
    workplace: str | None = None
    start_date: date | str | None = None
    end_date: date | str | None = None


def _clean(s: Session, participant_id: int, data: SummerJobInput, existing_id: int | None) -> dict:
    errors: list[FieldError] = []
    out: dict = {}
    for field, fn in (
        ("applied_on", rules.a_date),
        ("wishes", lambda v: rules.text(v, max_len=2000)),
        ("placement", lambda v: rules.optional_code(list(codes.SummerPlacement), v, "Okänd placering")),
        ("workplace", lambda v: rules.text(v, max_len=200)),
        ("start_date", lambda v: rules.a_date(v, required=False)),
        ("end_date", lambda v: rules.a_date(v, required=False)),
    ):
        try:
            out[field] = fn(getattr(data, field))
        except ValueError as exc:
            errors.append(FieldError(field, str(exc)))
    if not errors and out["start_date"] and out["end_date"] and out["end_date"] < out["start_date"]:
        errors.append(FieldError("end_date", f"Till {out['end_date'].isoformat()} ligger före Från "
                                             f"{out['start_date'].isoformat()}."))
    if not errors:
        clash = s.execute(sa.select(SummerJob.id).where(SummerJob.participant_id == participant_id,
                                                         SummerJob.applied_on == out["applied_on"])).scalar()
        if clash is not None and clash != existing_id:
            errors.append(FieldError("applied_on", f"Personen har redan en ansökan daterad "
                                                   f"{out['applied_on'].isoformat()}."))
    if errors:
        raise ValidationError(errors)
    return out


def add_summer_job(s: Session, participant_id: int, data: SummerJobInput) -> SummerJob:
    authz.check_participant(s, participant_id, write=True)
    values = _clean(s, participant_id, data, None)
    job = SummerJob(participant_id=participant_id, **values)
    s.add(job)
    s.flush()
    audit.record(s, "create", "summer_job", job.id, participant_id, values)
    return job


def get_summer_job(s: Session, job_id: int) -> SummerJob:
    job = s.get(SummerJob, job_id)
    if job is None:
        raise NotFoundError(f"Feriejobbsansökan med id {job_id} finns inte.")
    authz.check_participant(s, job.participant_id)
    return job


def update_summer_job(s: Session, job_id: int, data: SummerJobInput) -> SummerJob:
    job = get_summer_job(s, job_id)
    authz.check_participant(s, job.participant_id, write=True)
    old = {k: getattr(job, k) for k in FIELDS}
    values = _clean(s, job.participant_id, data, job_id)
    for k, v in values.items():
        setattr(job, k, v)
    s.flush()
    audit.record(s, "update", "summer_job", job.id, job.participant_id, audit.changes(old, values))
    return job


def delete_summer_job(s: Session, job_id: int) -> None:
    job = get_summer_job(s, job_id)
    authz.check_participant(s, job.participant_id, write=True)
    old = {k: getattr(job, k) for k in FIELDS}
    s.delete(job)
    s.flush()
    audit.record(s, "delete", "summer_job", job_id, job.participant_id, old)


def list_for_participant(s: Session, participant_id: int) -> list[SummerJob]:
    authz.check_participant(s, participant_id)
    q = (sa.select(SummerJob).where(SummerJob.participant_id == participant_id)
         .order_by(SummerJob.applied_on.desc()))
    return list(s.execute(q).scalars())


@dataclass(frozen=True)
class SummerJobFilter:
    year: int | None = None  # applications dated in that year
    municipality: str | None = None  # the person's municipality
    placement: str | None = None  # None = all; PLACED, NOT_PLACED or a sector code
    search: str = ""  # name or personnummer


@dataclass(frozen=True)
class SummerJobRow:
    id: int
    participant_id: int
    personnummer: str
    name: str
    gender: str
    municipality: str
    applied_on: date
    wishes: str | None
    placement: str | None
    workplace: str | None
    start_date: date | None
    end_date: date | None

    @property
    def placement_label(self) -> str:
        return codes.SUMMER_PLACEMENT_LABELS.get(self.placement, "") if self.placement else "Ingen plats"


def list_summer_jobs(s: Session, f: SummerJobFilter = SummerJobFilter()) -> list[SummerJobRow]:
    """Applications of the people the actor may see, filtered, newest first (then by name)."""
    if f.municipality:
        authz.check_municipality(s, f.municipality)
    q = (sa.select(SummerJob.id, SummerJob.participant_id, Participant.personnummer, Participant.first_name,
                   Participant.last_name, Participant.gender, Participant.municipality_code, SummerJob.applied_on,
                   SummerJob.wishes, SummerJob.placement, SummerJob.workplace, SummerJob.start_date,
                   SummerJob.end_date)
         .join(Participant, Participant.id == SummerJob.participant_id).where(authz.visible(s)))
    if f.year is not None:
        q = q.where(SummerJob.applied_on.between(date(f.year, 1, 1), date(f.year, 12, 31)))
    if f.municipality:
        q = q.where(Participant.municipality_code == f.municipality)
    if f.placement == PLACED:
        q = q.where(SummerJob.placement.is_not(None))
    elif f.placement == NOT_PLACED:
        q = q.where(SummerJob.placement.is_(None))
    elif f.placement:
        q = q.where(SummerJob.placement == f.placement)
    text = (f.search or "").strip()
    if text:
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) >= 6 and len(digits) == len(text.replace("-", "").replace(" ", "").replace("+", "")):
            q = q.where(Participant.personnummer.contains(digits[-10:] if len(digits) > 10 else digits))
        else:
            q = q.where(Participant.search_name.contains(search_key(text, "").strip()))
    q = q.order_by(SummerJob.applied_on.desc(), Participant.sort_name, Participant.personnummer)
    return [SummerJobRow(r.id, r.participant_id, format_digits(r.personnummer), f"{r.first_name} {r.last_name}",
                         r.gender, r.municipality_code, r.applied_on, r.wishes, r.placement, r.workplace,
                         r.start_date, r.end_date) for r in s.execute(q)]


def summer_years(s: Session) -> list[int]:
    """Years with applications (of visible people), newest first."""
    q = (sa.select(SummerJob.applied_on).join(Participant, Participant.id == SummerJob.participant_id)
         .where(authz.visible(s)))
    return sorted({d.year for (d,) in s.execute(q)}, reverse=True)


def export_summer_jobs(db, f: SummerJobFilter, path) -> tuple[object, int]:
    """Write the filtered list as .xlsx (an export of personal data: recorded in the audit log)."""
    from pathlib import Path

    from ame_desktop.io.summer_jobs_export import write_summer_jobs

    with db.reading() as s:
        rows = list_summer_jobs(s, f)
    out = write_summer_jobs(rows, f, path)
    audit.record_export(db, "summer_jobs", {"år": f.year, "kommun": f.municipality, "placering": f.placement,
                                            "rader": len(rows), "fil": Path(str(path)).name})
    return out, len(rows)
