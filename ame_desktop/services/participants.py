"""Deltagare: create, update and find participants."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from ame_desktop.domain import names
from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain import rules
from ame_desktop.domain.errors import ConflictError, FieldError, NotFoundError, ValidationError
from ame_desktop.domain.models import Municipality, Participant, StaffMember
from ame_desktop.services import audit, authz
from ame_desktop.services import settings as settings_service

FIELD_LABELS = {
    "personnummer": "Personnummer",
    "first_name": "Förnamn",
    "last_name": "Efternamn",
    "gender": "Kön",
    "municipality_code": "Kommun",
    "education_level": "Utbildningsnivå",
    "phone": "Telefon",
    "email": "E-post",
    "staff_id": "Handledare",
}


@dataclass
class ParticipantInput:
    """What a form or a workbook row says about a person, before validation."""

    personnummer: object
    first_name: object
    last_name: object
    gender: object = None
    municipality_code: object = None
    education_level: object = None
    phone: object = None
    email: object = None
    staff_id: int | None = None


def municipality_code(s: Session, value: object) -> str:
    """A known kommun's 4-digit code, or the register's default when blank."""
    raw = "" if value is None else str(int(value) if isinstance(value, float) else value).strip()
    if not raw:
        default = settings_service.default_municipality(s)
        if default is None:
            raise ValueError(
                "Kommun saknas och ingen standardkommun är vald (ame-desktop settings municipality KOD)."
            )
        return default
    code = raw.zfill(4) if raw.isdigit() and len(raw) < 4 else raw
    m = s.get(Municipality, code)
    if m is None or m.kind != "K":
        raise ValueError(f"Okänd kommunkod ”{raw}”.")
    return code


def email(value: object) -> str | None:
    e = rules.text(value, max_len=120)
    if e is not None and ("@" not in e or " " in e or e.startswith("@") or e.endswith("@")):
        raise ValueError(f"”{e}” är ingen e-postadress.")
    return e


def clean_participant(s: Session, data: ParticipantInput, *, existing_id: int | None = None) -> dict:
    """Validate every field; raise one ValidationError listing all problems."""
    errors: list[FieldError] = []
    out: dict = {}

    def take(field: str, fn, *args):
        try:
            out[field] = fn(*args)
        except ValidationError as exc:
            errors.extend(FieldError(field, e.message) for e in exc.errors)
        except ValueError as exc:
            errors.append(FieldError(field, str(exc)))

    take("personnummer", pnr.parse, data.personnummer)
    take("first_name", rules.required_text, data.first_name, 100)
    take("last_name", rules.required_text, data.last_name, 100)
    number = out.pop("personnummer", None)
    if number is not None:
        out["personnummer"] = number.digits
        take("gender", rules.gender, data.gender, number.legal_gender)
        clash = s.exec(select(Participant.id, Participant.municipality_code)
                       .where(Participant.personnummer == number.digits)).first()
        if clash is not None and clash[0] != existing_id:
            if authz.actor(s).sees(clash[1]):
                errors.append(FieldError("personnummer",
                                         f"Det finns redan en deltagare med personnummer {number.formatted()}."))
            else:  # a person the actor may not see: refuse without saying where (or that) they are
                errors.append(FieldError("personnummer", f"{number.formatted()} kan inte läggas in som ny deltagare "
                                         "av ditt konto. Kontakta registrets administratör."))
    take("municipality_code", municipality_code, s, data.municipality_code)
    take("education_level", rules.education_level, data.education_level)
    take("phone", lambda v: rules.text(v, max_len=40), data.phone)
    take("email", email, data.email)
    if data.staff_id is not None and s.get(StaffMember, data.staff_id) is None:
        errors.append(FieldError("staff_id", "Handledaren finns inte."))
    out["staff_id"] = data.staff_id
    if errors:
        raise ValidationError(errors)
    out["search_name"] = names.search_key(out["first_name"], out["last_name"])
    out["sort_name"] = names.sort_key(out["first_name"], out["last_name"])
    return out


AUDITED = ("personnummer", "first_name", "last_name", "gender", "municipality_code", "education_level",
           "phone", "email", "staff_id")


def create_participant(s: Session, data: ParticipantInput) -> Participant:
    authz.require_write(s)
    values = clean_participant(s, data)
    authz.check_municipality(s, values["municipality_code"], write=True)
    p = Participant(**values)
    s.add(p)
    s.flush()
    audit.record(s, "create", "participant", p.id, p.id, {k: values[k] for k in AUDITED})
    return p


def update_participant(s: Session, participant_id: int, data: ParticipantInput,
                       expected_version: int | None = None) -> Participant:
    """Save changes. `expected_version` is the version the form was loaded from: if someone
    else saved in between, ConflictError shows both versions and nothing is overwritten."""
    authz.check_participant(s, participant_id, write=True)
    p = get_participant(s, participant_id)
    from ame_desktop.services import protected_identity

    hidden = not protected_identity.may_see_contact(s, participant_id)
    if hidden:  # protected identity: the form had no contact details to send; the stored ones stay
        data = ParticipantInput(**{**{f.name: getattr(data, f.name) for f in fields(ParticipantInput)},
                                   **{k: getattr(p, k) for k in protected_identity.CONTACT_FIELDS}})
    values = clean_participant(s, data, existing_id=participant_id)
    authz.check_municipality(s, values["municipality_code"], write=True)
    based_on = p.version if expected_version is None else expected_version
    old = {k: getattr(p, k) for k in AUDITED}
    changed = {k: v for k, v in values.items() if getattr(p, k) != v}
    if based_on != p.version:
        raise _conflict(p, values, hidden)
    if not changed:
        return p
    t = Participant.__table__
    # The version condition makes the check atomic: a save committed by another program
    # between our read and this statement leaves it without a row to update.
    done = s.execute(sa.update(t).where(t.c.id == participant_id, t.c.version == based_on)
                     .values(**changed, version=based_on + 1, updated_at=datetime.now().replace(microsecond=0)))
    if done.rowcount != 1:
        s.expire(p)
        raise _conflict(get_participant(s, participant_id), values, hidden)
    s.expire(p)
    p = get_participant(s, participant_id)
    audit.record(s, "update", "participant", participant_id, participant_id,
                 audit.changes(old, {k: getattr(p, k) for k in AUDITED}))
    return p


def _conflict(stored: Participant, mine: dict, hidden: bool = False) -> ConflictError:
    from ame_desktop.services.protected_identity import CONTACT_FIELDS

    diff = [k for k in AUDITED if getattr(stored, k) != mine.get(k) and not (hidden and k in CONTACT_FIELDS)]
    lines = [f"  {FIELD_LABELS[k]}: sparat ”{getattr(stored, k) or ''}” – ditt ”{mine.get(k) or ''}”" for k in diff]
    err = ConflictError(
        f"{stored.first_name} {stored.last_name} har ändrats av någon annan sedan du öppnade uppgifterna "
        f"(version {stored.version}). Inget sparades.\n" + ("\n".join(lines) if lines else
                                                          "  Samma värden – öppna uppgifterna på nytt och spara igen."))
    err.stored = stored  # type: ignore[attr-defined]
    err.fields = diff  # type: ignore[attr-defined]
    return err


def input_from(p: Participant) -> ParticipantInput:
    """The form values of a stored participant (to edit a copy)."""
    return ParticipantInput(**{f.name: getattr(p, f.name) for f in fields(ParticipantInput)})


def get_participant(s: Session, participant_id: int) -> Participant:
    """A participant the actor may see (no audit entry: for the services' own use)."""
    p = s.get(Participant, participant_id)
    if p is None or not authz.actor(s).sees(p.municipality_code):
        raise NotFoundError(f"Deltagaren med id {participant_id} finns inte.")
    return p


def open_record(s: Session, participant_id: int) -> Participant:
    """A participant opened by a person (the participant view, a print): recorded as a read."""
    p = get_participant(s, participant_id)
    from ame_desktop.services import protected_identity

    protected_identity.require_reasons(s, [participant_id])  # protected identity: a read needs a reason
    audit.record(s, "read", "participant", participant_id, participant_id)
    return p


def find_participant(s: Session, personnummer: object) -> Participant:
    digits = pnr.normalize(personnummer)
    p = s.exec(select(Participant).where(Participant.personnummer == digits)).first()
    if p is None or not authz.actor(s).sees(p.municipality_code):
        raise NotFoundError(f"Ingen deltagare med personnummer {pnr.format_digits(digits)} finns i registret.")
    return p
