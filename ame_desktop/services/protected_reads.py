"""Skyddade personuppgifter (issue 24): what the audit log itself needs — who is marked, the
reasons given for reading a marked person (`give_reason`, `require_reasons`, written into the
entry by `with_reasons`, which audit.record_many calls) and the contact details left out of the
log as shown (`redact_entries`). Its own module so that audit.py does not import
protected_identity.py, which writes the marks through audit (services/protected_identity.py
re-exports every name here)."""

from __future__ import annotations

import json
from dataclasses import replace

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import Participant, ProtectedIdentity, ProtectedIdentityStaff
from ame_desktop.services import authz

HIDDEN_TEXT = "Skyddad – visas endast för namngiven personal"
CONTACT_FIELDS = ("phone", "email")  # the register has no postal address; a future one belongs here
# Reads whose recipient is the person's own caseworker (issue 17): the reason is the delivery itself.
CASEWORKER_ENTITIES = {
    "report_delivery": "Rapport lämnad till personens handläggare",
    "activity_report": "Månadsrapport till personens handläggare",
    "absence_notice": "Underrättelse till personens handläggare",
    "correction": "Rättelse till personens handläggare",
}
READ_ACTIONS = ("read", "print", "export")


class ReasonRequired(UserError):
    """A read of a person with protected identity without a reason (exit status 2)."""


def _marked(s: Session, participant_ids) -> set[int]:
    ids = sorted({int(i) for i in participant_ids if i is not None})
    out: set[int] = set()
    for start in range(0, len(ids), 900):
        part = ids[start:start + 900]
        out.update(s.execute(sa.select(ProtectedIdentity.participant_id)
                             .where(ProtectedIdentity.participant_id.in_(part))).scalars())
    return out


def protected_ids(s: Session, participant_ids=None) -> set[int]:
    """The marked people among these (or among everyone the actor sees)."""
    authz.refuse_caseworker(s)
    q = (sa.select(ProtectedIdentity.participant_id)
         .join(Participant, Participant.id == ProtectedIdentity.participant_id).where(authz.visible(s)))
    if participant_ids is None:
        return set(s.execute(q).scalars())
    wanted = {int(i) for i in participant_ids}
    return {pid for pid in s.execute(q).scalars() if pid in wanted}


def hidden_contact_ids(s: Session, participant_ids) -> set[int]:
    """The people among these whose contact details the actor may not see (marked, actor not named)."""
    marked = protected_ids(s, participant_ids)
    a = authz.actor(s)
    if not marked or a.staff_id is None:
        return marked
    named = set(s.execute(sa.select(ProtectedIdentityStaff.participant_id).where(
        ProtectedIdentityStaff.staff_id == a.staff_id)).scalars())
    return marked - named


def give_reason(s: Session, reason: str | None, participant_id: int | None = None) -> None:
    """Why the actor reads a marked person (for this person, or for every person when None).
    Kept for the program's session (Database.read_reasons): the window asks once per person."""
    text = " ".join(str(reason or "").split())
    if not text:
        return
    if len(text) > 300:
        raise UserError("Skälet får vara högst 300 tecken.")
    s.info.setdefault("read_reasons", {})[participant_id] = text


def forget_reason(s: Session, participant_id: int | None = None) -> None:
    (s.info.get("read_reasons") or {}).pop(participant_id, None)


def reason_for(s: Session, participant_id: int) -> str | None:
    reasons = s.info.get("read_reasons") or {}
    return reasons.get(participant_id) or reasons.get(None)


def require_reasons(s: Session, participant_ids, what: str = "läsa uppgifterna") -> None:
    """Refuse (before anything is read) when a marked person among these has no reason given."""
    authz.refuse_caseworker(s)
    missing = [pid for pid in sorted(_marked(s, participant_ids)) if not reason_for(s, pid)]
    if not missing:
        return
    who = ("Personen har" if len(missing) == 1
           else f"{len(missing)} av personerna har")
    raise ReasonRequired(f"{who} skyddade personuppgifter: ange skäl för att {what} (på kommandoraden "
                         "--reason ”…”). Skälet skrivs i loggen.")


def with_reasons(s: Session, events: list) -> list:
    """audit.record_many's hook: a read, print or export about a marked person carries its reason
    ("skäl" in the details). One without a reason is refused (the services check before reading)."""
    pids = {e.participant_id for e in events if e.participant_id is not None and e.action in READ_ACTIONS}
    if not pids:
        return events
    marked = _marked(s, pids)
    if not marked:
        return events
    out = []
    for e in events:
        if e.participant_id in marked and e.action in READ_ACTIONS:
            reason = reason_for(s, e.participant_id) or CASEWORKER_ENTITIES.get(e.entity)
            if not reason:
                raise ReasonRequired("Personen har skyddade personuppgifter: ange skäl för att läsa uppgifterna "
                                     "(på kommandoraden --reason ”…”). Skälet skrivs i loggen.")
            details = e.details
            if isinstance(details, str):
                try:
                    details = json.loads(details)
                except ValueError:
                    details = {"uppgift": details}
            details = dict(details or {}) if isinstance(details, dict) or details is None else {"uppgift": details}
            details["skäl"] = reason
            details["skyddade personuppgifter"] = True
            e = replace(e, details=details)
        out.append(e)
    return out


def redact_entries(s: Session, entries: list) -> list:
    """The audit log as shown and in the monthly review file (audit.entries): old and new contact
    details of a marked person are replaced for an account that is not named. The stored entries
    (and the hash chain) are untouched."""
    pids = {e.participant_id for e in entries if e.participant_id is not None and e.details}
    hidden = hidden_contact_ids(s, pids) if pids else set()
    if not hidden:
        return entries
    keys = set(CONTACT_FIELDS) | {"Telefon", "E-post"}

    def clean(value):
        if isinstance(value, dict):
            return {k: (HIDDEN_TEXT if k in keys else clean(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    out = []
    for e in entries:
        if e.participant_id in hidden and e.details:
            try:
                e = replace(e, details=json.dumps(clean(json.loads(e.details)), ensure_ascii=False, sort_keys=True))
            except ValueError:
                pass
        out.append(e)
    return out
