"""Who may do what. Every service checks here; the window only hides what would be refused.

- administratör: everything (settings, accounts, gallring, the audit log)
- handledare: reads and changes participants of the municipalities they belong to
- läsbehörig: reads them, changes nothing
A staff member linked to no municipality sees all (a one-municipality unit needs no links).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.actor import Actor, actor_of
from ame_desktop.domain.errors import NotFoundError, UserError
from ame_desktop.domain.models import Participant


class PermissionDenied(UserError):
    """The signed-in account may not do this (exit status 2 in the CLI)."""


CASEWORKER_REFUSED = ("Kontot är ett handläggarkonto (ekonomiskt bistånd): det ser bara rapporter som lämnats "
                      "till handläggaren och kan inte öppna registret.")


def refuse_caseworker(s: Session) -> Actor:
    """Services that show or change the register call this: a caseworker account sees none of it."""
    a = actor_of(s)
    if a.is_caseworker:
        raise PermissionDenied(CASEWORKER_REFUSED)
    return a


def require_caseworker(s: Session) -> Actor:
    a = actor_of(s)
    if not a.is_caseworker or a.caseworker_id is None:
        raise PermissionDenied("Bara ett handläggarkonto kopplat till en handläggare kan kvittera rapporter.")
    return a


def actor(s: Session) -> Actor:
    return actor_of(s)


def require_write(s: Session) -> Actor:
    a = actor_of(s)
    if a.is_caseworker:
        raise PermissionDenied(CASEWORKER_REFUSED)
    if not a.can_write:
        raise PermissionDenied(f"{a.name} har läsbehörighet och kan inte ändra i registret.")
    return a


def require_admin(s: Session, what: str = "göra det här") -> Actor:
    """`what` is a verb phrase: "Bara en administratör får {what}."."""
    a = refuse_caseworker(s)
    if not a.is_admin:
        raise PermissionDenied(f"Bara en administratör får {what}.")
    return a


def visible(s: Session):
    """A condition on Participant for the participants the actor may see (True for all)."""
    a = refuse_caseworker(s)  # a caseworker account sees no participant: every listing refuses her
    if a.municipalities is None:
        return sa.true()
    return Participant.municipality_code.in_(sorted(a.municipalities))


def visible_ids(s: Session):
    """A subquery of the ids of visible participants, for queries on other tables."""
    return sa.select(Participant.id).where(visible(s))


def check_participant(s: Session, participant_id: int, *, write: bool = False) -> None:
    """Refuse (as if it did not exist) a participant outside the actor's municipalities."""
    a = require_write(s) if write else actor_of(s)
    if a.is_caseworker:
        raise NotFoundError(f"Deltagaren med id {participant_id} finns inte.")
    if a.municipalities is None:
        return
    code = s.execute(sa.select(Participant.municipality_code).where(Participant.id == participant_id)).scalar()
    if code is None or code not in a.municipalities:
        # Not "forbidden": to someone outside the municipality the person does not exist.
        raise NotFoundError(f"Deltagaren med id {participant_id} finns inte.")


def check_municipality(s: Session, code: str, *, write: bool = False) -> None:
    a = require_write(s) if write else actor_of(s)
    if not a.sees(code):
        raise PermissionDenied(f"{a.name} har inte behörighet till kommun {code}.")


def allowed_municipalities(s: Session, requested: str | None) -> list[str] | None:
    """For reports: the municipality asked for (checked), or the actor's own (None = all)."""
    a = refuse_caseworker(s)
    if requested is not None:
        if not a.sees(requested):
            raise PermissionDenied(f"{a.name} har inte behörighet till kommun {requested}.")
        return [requested]
    return None if a.municipalities is None else sorted(a.municipalities)
