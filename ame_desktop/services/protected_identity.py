"""Skyddade personuppgifter (issue 24): sekretessmarkering, skyddad folkbokföring, kvarskrivning.

The one place for the rules; every page, print and export asks here.

- **Who sees the contact details.** A marked person's contact details (`CONTACT_FIELDS`: phone
  and e-mail; the register keeps no postal address) are shown only to the staff named in the
  mark (`may_see_contact`, `contact_view`). Everyone else — other coaches, readers, and
  administrators who are not named — sees `HIDDEN_TEXT`, in the window and in every file. An
  account is needed to be named: without accounts (open mode) nobody is, so nobody sees them.
- **Who marks.** Anyone who may write about the person (handledare or administratör of the
  person's municipality) may *set* a mark on an unmarked person — protecting must never wait
  for an administrator. Changing an existing mark (kind, date, named staff) or removing it is
  for an administrator only: otherwise a coach could name herself to see the address.
- **Batches.** Plans for all, närvarointyg and week schedules for all, group lists: the person is
  left out unless the caller chooses to include marked people (`leave_out`); the result says
  how many were left out (a number, never a name).
- **Exports that leave the unit** show `pseudonym` (random, stable per person, not derived from
  the personnummer) instead of name and personnummer (`pseudonymise`). Files that go to the person
  (plan, närvarointyg, week schedule, registerutdrag) and to the person's own caseworker (the
  delivery, reports per caseworker, notices) keep the identity; they never contain contact details.
- **Every read is logged with a reason.** A read, print or export about a marked person needs a
  reason (`give_reason`; the window asks, the command line takes `--reason`), checked before
  anything is computed (`require_reasons`) and written into the audit entry (`with_reasons`, called
  by audit.record_many). Reports delivered to the person's caseworker carry a fixed reason.

For other features (issue 23's group and booking lists, anything new that lists people): call
`contact_view` for contact details, `leave_out` before a batch print or list file, and
`pseudonymise` for a file that leaves the unit.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.errors import NotFoundError, UserError, ValidationError, FieldError
from ame_desktop.domain.models import Participant, ProtectedIdentity, ProtectedIdentityStaff, StaffMember
from ame_desktop.services import audit, authz
from ame_desktop.services.protected_reads import (  # noqa: F401  (audit needs these without importing this module)
    CASEWORKER_ENTITIES, CONTACT_FIELDS, HIDDEN_TEXT, READ_ACTIONS, ReasonRequired, _marked, forget_reason,
    give_reason, hidden_contact_ids, protected_ids, reason_for, redact_entries, require_reasons, with_reasons,
)

KINDS = {
    "SEKRETESS": "Sekretessmarkering",
    "SKYDDAD_FOLKBOKFORING": "Skyddad folkbokföring",
    "KVARSKRIVNING": "Kvarskrivning",
}
TITLE_TEXT = "person med skyddade personuppgifter"  # instead of the name in window titles
INCLUDE_LABEL = "Ta med personer med skyddade personuppgifter"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


@dataclass(frozen=True)
class Mark:
    participant_id: int
    kind: str
    marked_on: date
    registered_by: str
    registered_at: datetime
    pseudonym: str
    staff: tuple[tuple[int, str], ...]  # (staff id, name) of the named staff

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class ContactView:
    """The contact details as this actor may see them."""

    phone: str | None
    email: str | None
    hidden: bool  # True: the values are withheld (HIDDEN_TEXT is shown instead)

    def text(self, field: str) -> str:
        if self.hidden:
            return HIDDEN_TEXT
        value = getattr(self, field)
        return value or ""


# -- who is marked, who sees -------------------------------------------------------------------


def _named(s: Session, participant_id: int) -> bool:
    a = authz.actor(s)
    if a.staff_id is None:
        return False
    return s.get(ProtectedIdentityStaff, (participant_id, a.staff_id)) is not None


def is_protected(s: Session, participant_id: int) -> bool:
    authz.check_participant(s, participant_id)
    return s.get(ProtectedIdentity, participant_id) is not None


def may_see_contact(s: Session, participant_id: int) -> bool:
    """True unless the person is marked and the actor is not one of the named staff."""
    authz.check_participant(s, participant_id)
    if s.get(ProtectedIdentity, participant_id) is None:
        return True
    return _named(s, participant_id)


def contact_view(s: Session, participant: Participant) -> ContactView:
    """The person's contact details as the actor may see them: the one rule for every view and file."""
    if not may_see_contact(s, participant.id):
        return ContactView(None, None, True)
    return ContactView(participant.phone, participant.email, False)


def title_name(s: Session, participant: Participant) -> str:
    """The name for a window title or a file name: never a marked person's (a title shows in the
    task bar, on a shared screen and in screen recordings)."""
    authz.check_participant(s, participant.id)
    if s.get(ProtectedIdentity, participant.id) is not None:
        return TITLE_TEXT
    return f"{participant.first_name} {participant.last_name}"


def get_mark(s: Session, participant_id: int) -> Mark | None:
    """The mark (kind, date, who registered it, named staff), or None."""
    authz.check_participant(s, participant_id)
    row = s.get(ProtectedIdentity, participant_id)
    if row is None:
        return None
    staff = tuple(s.execute(
        sa.select(StaffMember.id, StaffMember.name).join(ProtectedIdentityStaff,
                                                          ProtectedIdentityStaff.staff_id == StaffMember.id)
        .where(ProtectedIdentityStaff.participant_id == participant_id).order_by(StaffMember.name)).all())
    return Mark(row.participant_id, row.kind, row.marked_on, row.registered_by, row.registered_at, row.pseudonym,
                tuple((int(i), n) for i, n in staff))


# -- setting and removing -------------------------------------------------------------------------
def find_staff(s: Session, names_or_usernames: list[str]) -> list[int]:
    """Staff ids for `--staff NAME` (the staff member's name or account username, any case)."""
    authz.refuse_caseworker(s)
    rows = s.execute(sa.select(StaffMember.id, StaffMember.name, StaffMember.username)).all()
    out, unknown = [], []
    for wanted in names_or_usernames:
        key = " ".join(str(wanted).split()).casefold()
        hit = [i for i, n, u in rows if n.casefold() == key or (u or "").casefold() == key]
        if not hit:
            unknown.append(str(wanted))
        else:
            out.append(int(hit[0]))
    if unknown:
        raise UserError("Okänd personal: " + ", ".join(f"”{u}”" for u in unknown)
                        + ". Ange namnet eller användarnamnet som i Inställningar › Personal.")
    return out


def _pseudonym(s: Session) -> str:
    while True:
        value = "SKYDD-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))
        if s.execute(sa.select(ProtectedIdentity.participant_id)
                     .where(ProtectedIdentity.pseudonym == value)).first() is None:
            return value


def set_mark(s: Session, participant_id: int, kind: str, marked_on: date | str | None,
             staff_ids: list[int]) -> Mark:
    """Mark the person (a coach or an administrator), or change the mark (an administrator)."""
    authz.check_participant(s, participant_id, write=True)
    a = authz.actor(s)
    errors = []
    if isinstance(marked_on, str) or marked_on is None:
        from ame_desktop.domain.dates import parse_date

        try:
            marked_on = parse_date(marked_on) if marked_on else None
        except ValueError as exc:
            errors.append(FieldError("marked_on", str(exc)))
            marked_on = date.today()
    if kind not in KINDS:
        errors.append(FieldError("kind", "Välj sekretessmarkering, skyddad folkbokföring eller kvarskrivning."))
    if not isinstance(marked_on, date):
        errors.append(FieldError("marked_on", "Ange från vilket datum markeringen gäller."))
    elif marked_on > date.today():
        errors.append(FieldError("marked_on", "Datumet kan inte ligga i framtiden."))
    staff_ids = sorted({int(i) for i in staff_ids})
    known = set(s.execute(sa.select(StaffMember.id).where(StaffMember.id.in_(staff_ids))).scalars()) if staff_ids else set()
    if set(staff_ids) - known:
        errors.append(FieldError("staff", "En vald medarbetare finns inte."))
    if errors:
        raise ValidationError(errors)
    row = s.get(ProtectedIdentity, participant_id)
    old = get_mark(s, participant_id)
    if row is not None and not a.is_admin:
        raise authz.PermissionDenied("Bara en administratör får ändra en markering för skyddade personuppgifter "
                                     "(vem som ser kontaktuppgifterna).")
    if row is None:
        row = ProtectedIdentity(participant_id=participant_id, kind=kind, marked_on=marked_on,
                                registered_by=a.name, pseudonym=_pseudonym(s))
        s.add(row)
    else:
        row.kind, row.marked_on = kind, marked_on
    s.flush()
    s.execute(sa.delete(ProtectedIdentityStaff).where(ProtectedIdentityStaff.participant_id == participant_id))
    for sid in staff_ids:
        s.add(ProtectedIdentityStaff(participant_id=participant_id, staff_id=sid))
    s.flush()
    new = get_mark(s, participant_id)
    details = {"typ": [old.kind if old else None, kind],
               "från": [old.marked_on.isoformat() if old else None, marked_on.isoformat()],
               "namngiven personal": [[n for _i, n in old.staff] if old else None, [n for _i, n in new.staff]]}
    audit.record(s, "create" if old is None else "update", "protected_identity", participant_id, participant_id,
                 {k: v for k, v in details.items() if v[0] != v[1]})
    return new


def remove_mark(s: Session, participant_id: int) -> None:
    """The mark no longer applies (an administrator)."""
    authz.require_admin(s, "ta bort en markering för skyddade personuppgifter")
    authz.check_participant(s, participant_id, write=True)
    old = get_mark(s, participant_id)
    if old is None:
        raise NotFoundError("Personen har ingen markering för skyddade personuppgifter.")
    s.execute(sa.delete(ProtectedIdentityStaff).where(ProtectedIdentityStaff.participant_id == participant_id))
    s.execute(sa.delete(ProtectedIdentity).where(ProtectedIdentity.participant_id == participant_id))
    audit.record(s, "delete", "protected_identity", participant_id, participant_id,
                 {"typ": [old.kind, None], "namngiven personal": [[n for _i, n in old.staff], None]})


# -- reasons for reading ------------------------------------------------------------------------


# -- batches and exports ---------------------------------------------------------------------------
def leave_out(s: Session, participant_ids, include: bool = False) -> tuple[list[int], int]:
    """A batch (print for all, list file): the ids to keep, and how many marked people were left
    out. `include`: the coach chose to include them (each then needs a reason, see require_reasons)."""
    ids = list(participant_ids)
    marked = protected_ids(s, ids)
    if include:
        require_reasons(s, marked, "ta med dem")
        return ids, 0
    kept = [i for i in ids if i not in marked]
    return kept, len(ids) - len(kept)


def pseudonyms(s: Session, participant_ids=None) -> dict[int, str]:
    """participant id → pseudonym, for the marked people among these the actor sees."""
    authz.refuse_caseworker(s)
    q = (sa.select(ProtectedIdentity.participant_id, ProtectedIdentity.pseudonym)
         .join(Participant, Participant.id == ProtectedIdentity.participant_id).where(authz.visible(s)))
    found = dict(s.execute(q).all())
    if participant_ids is None:
        return found
    wanted = {int(i) for i in participant_ids if i is not None}
    return {k: v for k, v in found.items() if k in wanted}


def pseudonym_by_number(s: Session) -> dict[str, str]:
    """personnummer → pseudonym of every marked person the actor sees (for rows that carry no id)."""
    authz.refuse_caseworker(s)
    q = (sa.select(Participant.personnummer, ProtectedIdentity.pseudonym)
         .join(Participant, Participant.id == ProtectedIdentity.participant_id).where(authz.visible(s)))
    return dict(s.execute(q).all())


def pseudonymise(s: Session, rows: list, *, id_attr: str | None = "participant_id", number_attr: str = "personnummer",
                 name_attrs: tuple[str, ...] = ("name",)) -> tuple[list, int]:
    """Rows (dataclasses) for a file that leaves the unit: a marked person's personnummer and
    name become the pseudonym. Returns (rows, how many rows were pseudonymised)."""
    if not rows:
        return rows, 0
    if id_attr is not None:
        by_id = pseudonyms(s, [getattr(r, id_attr) for r in rows])
        key = lambda r: by_id.get(getattr(r, id_attr))  # noqa: E731
    else:
        by_number = pseudonym_by_number(s)
        key = lambda r: by_number.get(getattr(r, number_attr))  # noqa: E731
    out, n = [], 0
    for r in rows:
        p = key(r)
        if p is None:
            out.append(r)
            continue
        n += 1
        changes = {number_attr: p} if number_attr and hasattr(r, number_attr) else {}
        changes.update({a: p for a in name_attrs if hasattr(r, a)})
        out.append(replace(r, **changes))
    return out, n
