"""Anvisningar: referrals of a person to the unit, with their source (anvisare)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from ame_desktop.domain import rules
from ame_desktop.domain.errors import FieldError, NotFoundError, ValidationError
from ame_desktop.domain.models import Referral
from ame_desktop.services import audit, authz
from ame_desktop.services.participants import get_participant


def _clean(s: Session, participant_id: int, referral_date: object, source: object, detail: object,
           existing_id: int | None, municipality_code: object = None, default_municipality: str | None = None) -> dict:
    from ame_desktop.services.enrollments import clean_municipality, person_municipality

    errors: list[FieldError] = []
    out: dict = {}
    default = default_municipality or person_municipality(s, participant_id)
    for field, fn, arg in (
        ("referral_date", rules.a_date, referral_date),
        ("source", rules.referral_source, source),
        ("detail", lambda v: rules.text(v, max_len=500), detail),
        ("municipality_code", lambda v: clean_municipality(s, v, default), municipality_code),
    ):
        try:
            out[field] = fn(arg)
        except ValueError as exc:
            errors.append(FieldError(field, str(exc)))
    if not errors:
        clash = s.exec(
            select(Referral.id).where(
                Referral.participant_id == participant_id,
                Referral.referral_date == out["referral_date"],
                Referral.source == out["source"],
            )
        ).first()
        if clash is not None and clash != existing_id:
            errors.append(FieldError("referral_date", "Samma anvisning (datum och anvisare) finns redan."))
    if errors:
        raise ValidationError(errors)
    return out


FIELDS = ("referral_date", "source", "detail", "municipality_code")


def add_referral(s: Session, participant_id: int, referral_date: date | str, source: str,
                 detail: str | None = None, *, municipality_code: str | None = None) -> Referral:
    """A new referral; `municipality_code` blank = the person's municipality now."""
    authz.check_participant(s, participant_id, write=True)
    get_participant(s, participant_id)
    values = _clean(s, participant_id, referral_date, source, detail, None, municipality_code)
    r = Referral(participant_id=participant_id, **values)
    s.add(r)
    s.flush()
    audit.record(s, "create", "referral", r.id, participant_id, values)
    return r


def update_referral(s: Session, referral_id: int, referral_date: date | str, source: str,
                    detail: str | None = None, *, municipality_code: str | None = None) -> Referral:
    """Change a referral; a blank municipality keeps the one it has."""
    r = get_referral(s, referral_id)
    authz.check_participant(s, r.participant_id, write=True)
    old = {k: getattr(r, k) for k in FIELDS}
    for k, v in _clean(s, r.participant_id, referral_date, source, detail, referral_id, municipality_code,
                       default_municipality=r.municipality_code).items():
        setattr(r, k, v)
    s.flush()
    audit.record(s, "update", "referral", r.id, r.participant_id, audit.changes(old, {k: getattr(r, k) for k in FIELDS}))
    return r


def delete_referral(s: Session, referral_id: int) -> None:
    r = get_referral(s, referral_id)
    authz.check_participant(s, r.participant_id, write=True)
    old = {k: getattr(r, k) for k in FIELDS}
    s.delete(r)
    s.flush()
    audit.record(s, "delete", "referral", referral_id, r.participant_id, old)


def get_referral(s: Session, referral_id: int) -> Referral:
    r = s.get(Referral, referral_id)
    if r is None:
        raise NotFoundError(f"Anvisningen med id {referral_id} finns inte.")
    authz.check_participant(s, r.participant_id)
    return r


def list_referrals(s: Session, participant_id: int) -> list[Referral]:
    authz.check_participant(s, participant_id)
    return list(s.exec(select(Referral).where(Referral.participant_id == participant_id)
                       .order_by(Referral.referral_date.desc(), Referral.id.desc())))
