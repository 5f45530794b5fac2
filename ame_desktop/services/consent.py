"""Samtyckesregistret (issue 24): a participant's consents per purpose, with their history.

- An entry gives (lämnat) or withdraws (återkallat) the consent for one purpose (AF, FK, VARD,
  SUS, FOTO — domain/consent.py) on a date, in writing or orally, with an optional note; who
  registered it and when is kept. Entries are never changed or deleted by the services: a
  withdrawal is a new entry, and the history shows both. (Gallring deletes them with the person.)
- The consent in force on a day is decided by the latest entry dated that day or earlier (same
  date: the one registered last). A date may not lie in the future; a withdrawal needs a consent
  in force on its date; the very same entry twice (purpose, kind, date, how) is refused.
- The AF contact log asks `in_force(…, "AF", day)`: a contact about a person without an AF consent
  in force that day is flagged (services/af_contacts.py). Entries carried over from the log
  (migration 0013, and a contact saying consent was documented for a person the register has no
  AF entry for) have no `method`: the log never said how.

Who may do what (services/authz.py): reading needs to see the person (municipality); giving and
withdrawing need a role that may write in the person's municipality. Every entry is in the audit
log; listing a person's consents from the command line is a recorded read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import consent as codes
from ame_desktop.domain import rules
from ame_desktop.domain.errors import FieldError, ValidationError
from ame_desktop.domain.models import Consent
from ame_desktop.services import audit, authz

FROM_AF_LOG_NOTE = "Ur AF-kontaktloggen: samtycket var dokumenterat vid en kontakt med Arbetsförmedlingen."


@dataclass(frozen=True)
class ConsentEntry:
    id: int
    participant_id: int
    purpose: str
    action: str
    consent_date: date
    method: str | None
    note: str | None
    registered_by: str
    registered_at: datetime

    @property
    def purpose_label(self) -> str:
        return codes.PURPOSES.get(self.purpose, self.purpose)

    @property
    def action_label(self) -> str:
        return codes.ACTIONS.get(self.action, self.action)

    @property
    def method_label(self) -> str:
        return codes.method_label(self.method)

    @property
    def gives(self) -> bool:
        return self.action == codes.GIVEN


@dataclass(frozen=True)
class PurposeState:
    """A purpose's state on a day: in force or not, and the entry that decides it (None = never
    registered)."""

    purpose: str
    on: date
    valid: bool
    deciding: ConsentEntry | None

    @property
    def label(self) -> str:
        return codes.PURPOSES[self.purpose]

    @property
    def text(self) -> str:
        e = self.deciding
        if e is None:
            return "Inget registrerat"
        if e.gives:
            return f"Lämnat {e.consent_date.isoformat()} ({e.method_label.lower()})"
        return f"Återkallat {e.consent_date.isoformat()}"


def _view(c: Consent) -> ConsentEntry:
    return ConsentEntry(c.id, c.participant_id, c.purpose, c.action, c.consent_date, c.method, c.note,
                        c.registered_by, c.registered_at)


def _entries(s: Session, participant_id: int, purpose: str | None = None) -> list[ConsentEntry]:
    q = sa.select(Consent).where(Consent.participant_id == participant_id)
    if purpose is not None:
        q = q.where(Consent.purpose == purpose)
    rows = s.execute(q.order_by(Consent.consent_date, Consent.id)).scalars()
    return [_view(c) for c in rows]


def _deciding(entries: list[ConsentEntry], day: date) -> ConsentEntry | None:
    best = codes.in_force([(e.consent_date, e.id, e.action) for e in entries], day)
    return next(e for e in entries if e.id == best[1]) if best is not None else None


# -- reading ------------------------------------------------------------------------------------------
def history(s: Session, participant_id: int) -> list[ConsentEntry]:
    """Every entry of the person, newest first (by date, then by registration)."""
    authz.check_participant(s, participant_id)
    return sorted(_entries(s, participant_id), key=lambda e: (e.consent_date, e.id), reverse=True)


def status(s: Session, participant_id: int, on: date | None = None) -> list[PurposeState]:
    """Each purpose's state on a day (today unless given), in the order of domain.consent.PURPOSES."""
    authz.check_participant(s, participant_id)
    on = on or date.today()
    entries = _entries(s, participant_id)
    out = []
    for purpose in codes.PURPOSES:
        deciding = _deciding([e for e in entries if e.purpose == purpose], on)
        out.append(PurposeState(purpose, on, deciding is not None and deciding.gives, deciding))
    return out


def in_force(s: Session, participant_id: int, purpose: object, day: date) -> ConsentEntry | None:
    """The entry giving the consent for the purpose that is in force on the day, or None."""
    authz.check_participant(s, participant_id)
    code = codes.purpose(purpose)
    deciding = _deciding(_entries(s, participant_id, code), day)
    return deciding if deciding is not None and deciding.gives else None


def person_consents(s: Session, personnummer: object, on: date | None = None) -> dict:
    """A person's consents by personnummer (the command line's `consent list`): the state of
    every purpose on the day and the whole history. Recorded as a read of the person."""
    from ame_desktop.services.participants import find_participant

    p = find_participant(s, personnummer)
    authz.check_participant(s, p.id)
    on = on or date.today()
    states = status(s, p.id, on)
    entries = history(s, p.id)
    audit.record(s, "read", "consent", None, p.id, {"poster": len(entries)})
    return {
        "personnummer": p.personnummer,
        "date": on.isoformat(),
        "current": {st.purpose: {"label": st.label, "valid": st.valid, "text": st.text,
                                 "since": st.deciding.consent_date.isoformat() if st.deciding else None}
                    for st in states},
        "history": [{"id": e.id, "purpose": e.purpose, "action": e.action, "date": e.consent_date.isoformat(),
                     "method": e.method, "note": e.note, "registered_by": e.registered_by,
                     "registered_at": e.registered_at.isoformat(sep=" ")} for e in entries],
    }


# -- changes ------------------------------------------------------------------------------------------
def _clean(purpose: object, on: object, method: object, note: object, today: date) -> dict:
    errors: list[FieldError] = []
    out: dict = {}
    for key, fn, value in (("purpose", codes.purpose, purpose), ("consent_date", rules.a_date, on),
                           ("method", codes.method, method),
                           ("note", lambda v: rules.text(v, max_len=500), note)):
        try:
            out[key] = fn(value)
        except ValueError as exc:
            errors.append(FieldError(key, str(exc)))
    d = out.get("consent_date")
    if d is not None and d > today:
        errors.append(FieldError("consent_date", f"{d.isoformat()} ligger i framtiden. Registrera samtycket "
                                                 "när det har lämnats eller återkallats."))
    if errors:
        raise ValidationError(errors)
    return out


def _register(s: Session, participant_id: int, action: str, purpose: object, on: object, method: object,
              note: object, today: date | None) -> Consent:
    a = authz.require_write(s)
    authz.check_participant(s, participant_id, write=True)
    values = _clean(purpose, on, method, note, today or date.today())
    code, day = values["purpose"], values["consent_date"]
    entries = _entries(s, participant_id, code)
    label = codes.SHORT_LABELS[code]
    if any(e.action == action and e.consent_date == day and e.method == values["method"] for e in entries):
        raise ValidationError.single("consent_date", f"Samtycket för {label} är redan registrerat som "
                                                     f"{codes.ACTIONS[action].lower()} {day.isoformat()}.")
    deciding = _deciding(entries, day)
    if action == codes.WITHDRAWN and (deciding is None or not deciding.gives):
        raise ValidationError.single("consent_date", f"Det finns inget gällande samtycke för {label} den "
                                                     f"{day.isoformat()} att återkalla.")
    c = Consent(participant_id=participant_id, purpose=code, action=action, consent_date=day,
                method=values["method"], note=values["note"], registered_by=a.name)
    s.add(c)
    s.flush()
    audit.record(s, "create", "consent", c.id, participant_id,
                 {"ändamål": code, "händelse": action, "datum": day, "sätt": values["method"],
                  "anteckning": values["note"]})
    return c


def give(s: Session, participant_id: int, purpose: object, on: object, method: object, note: object = None, *,
         today: date | None = None) -> Consent:
    """The person gives consent for the purpose on the day, in writing or orally."""
    return _register(s, participant_id, codes.GIVEN, purpose, on, method, note, today)


def withdraw(s: Session, participant_id: int, purpose: object, on: object, method: object, note: object = None, *,
             today: date | None = None) -> Consent:
    """The person withdraws the consent for the purpose from the day (a new entry; the history stays)."""
    return _register(s, participant_id, codes.WITHDRAWN, purpose, on, method, note, today)


# -- the AF contact log ------------------------------------------------------------------------------
def af_entries(s: Session, participant_ids) -> dict[int, list[tuple[date, int, str]]]:
    """(date, id, action) of the AF entries of the given (already visible) people. Internal: the
    contact log's flag (af_contacts.list_contacts) reads them in one query."""
    ids = sorted({p for p in participant_ids if p is not None})
    out: dict[int, list[tuple[date, int, str]]] = {}
    for start in range(0, len(ids), 900):
        q = (sa.select(Consent.participant_id, Consent.consent_date, Consent.id, Consent.action)
             .where(Consent.purpose == "AF", Consent.participant_id.in_(ids[start:start + 900])))
        for pid, d, cid, act in s.execute(q):
            out.setdefault(pid, []).append((d, cid, act))
    return out


def seed_af_from_contact(s: Session, participant_id: int, day: date) -> Consent | None:
    """A contact says the person's consent to share with AF was documented (on `day`), and the
    register has no AF entry for the person: the register gets that consent, as migration 0013
    did for the old log. A person with AF entries is left alone (the register decides; a
    withdrawal is never undone by a tick in a contact form). Internal: called by the AF services
    after their own checks."""
    if af_entries(s, [participant_id]):
        return None
    a = authz.require_write(s)
    c = Consent(participant_id=participant_id, purpose="AF", action=codes.GIVEN, consent_date=day, method=None,
                note=FROM_AF_LOG_NOTE, registered_by=a.name)
    s.add(c)
    s.flush()
    audit.record(s, "create", "consent", c.id, participant_id,
                 {"ändamål": "AF", "händelse": codes.GIVEN, "datum": day, "sätt": None, "källa": "AF-kontakt"})
    return c


def af_warning(s: Session, participant_id: int | None, day: date, documented_in_contact: bool = False) -> str | None:
    """What to warn about before saving a contact about a person on `day`: None when an AF consent
    is in force (or the contact is strategic, or its tick will seed an empty register)."""
    if participant_id is None:
        return None
    authz.check_participant(s, participant_id)
    entries = af_entries(s, [participant_id]).get(participant_id, [])
    if not entries and documented_in_contact:
        return None
    best = codes.in_force(entries, day)
    if best is not None and best[2] == codes.GIVEN:
        return None
    if best is not None:
        return (f"Samtycket till informationsutbyte med Arbetsförmedlingen återkallades {best[0].isoformat()}. "
                "Lämna inga uppgifter om deltagaren till Arbetsförmedlingen. Kontakten sparas men flaggas.")
    later = min((e for e in entries if e[2] == codes.GIVEN), default=None)
    if later is not None:
        return ("Samtycket till informationsutbyte med Arbetsförmedlingen gäller först från "
                f"{later[0].isoformat()}, "
                f"inte {day.isoformat()}. Kontakten sparas men flaggas.")
    return (f"Det finns inget samtycke till informationsutbyte med Arbetsförmedlingen i samtyckesregistret den "
            f"{day.isoformat()}. Registrera samtycket under fliken Samtycken innan uppgifter lämnas. "
            "Kontakten sparas men flaggas.")


def describe(state: PurposeState) -> str:
    """One line for the command line: "AF  Informationsutbyte … : Lämnat 2026-03-01 (skriftligt)"."""
    return f"{state.purpose:<5}{state.label}: {state.text}"
