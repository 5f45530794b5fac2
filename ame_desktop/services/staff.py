"""Staff members (handledare / arbetskonsulenter) of the unit."""

from __future__ import annotations

from sqlmodel import Session, select

from ame_desktop.domain import names, rules
from ame_desktop.domain.errors import NotFoundError, ValidationError
from ame_desktop.domain.models import StaffMember
from ame_desktop.services import audit, authz


def list_staff(s: Session, *, include_inactive: bool = False) -> list[StaffMember]:
    q = select(StaffMember).order_by(StaffMember.name)
    if not include_inactive:
        q = q.where(StaffMember.active == True)  # noqa: E712
    return list(s.exec(q))


def find_staff_by_name(s: Session, name: str) -> StaffMember | None:
    # Compared in Python: SQLite's lower() leaves Å/Ä/Ö alone, and the staff list is short.
    key = names.fold(" ".join(name.split()))
    for m in s.exec(select(StaffMember)):
        if names.fold(m.name) == key:  # NFC: "Åke" from a Mac and from Windows is one person
            return m
    return None


def add_staff(s: Session, name: str) -> StaffMember:
    authz.require_admin(s, "ändra personallistan")
    try:
        clean = rules.required_text(name, max_len=120)
    except ValueError as exc:
        raise ValidationError.single("name", str(exc)) from None
    clean = " ".join(clean.split())
    if find_staff_by_name(s, clean) is not None:
        raise ValidationError.single("name", f"Det finns redan en medarbetare som heter {clean}.")
    member = StaffMember(name=clean)
    s.add(member)
    s.flush()
    audit.record(s, "create", "staff", member.id, details={"name": clean})
    return member


def rename_staff(s: Session, staff_id: int, name: str) -> StaffMember:
    authz.require_admin(s, "ändra personallistan")
    member = get_staff(s, staff_id)
    clean = " ".join(rules.required_text(name, max_len=120).split())
    other = find_staff_by_name(s, clean)
    if other is not None and other.id != staff_id:
        raise ValidationError.single("name", f"Det finns redan en medarbetare som heter {clean}.")
    old = member.name
    member.name = clean
    s.flush()
    audit.record(s, "update", "staff", staff_id, details=audit.changes({"name": old}, {"name": clean}))
    return member


def set_staff_active(s: Session, staff_id: int, active: bool) -> StaffMember:
    authz.require_admin(s, "ändra personallistan")
    member = get_staff(s, staff_id)
    member.active = active
    s.flush()
    audit.record(s, "update", "staff", staff_id, details={"active": active})
    return member


def get_staff(s: Session, staff_id: int) -> StaffMember:
    member = s.get(StaffMember, staff_id)
    if member is None:
        raise NotFoundError(f"Medarbetaren med id {staff_id} finns inte.")
    return member
