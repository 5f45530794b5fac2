"""Who acts: the signed-in staff member, or the person at the computer in single-user mode."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

ROLE_ADMIN, ROLE_COACH, ROLE_READER = "administratör", "handledare", "läsbehörig"
# Socialtjänstens handläggare (issue 17): sees only the reports delivered to her caseworker
# entry, opens and acknowledges them, and nothing else — no participant, no register.
ROLE_CASEWORKER = "handläggare ekonomiskt bistånd"
ROLES = (ROLE_ADMIN, ROLE_COACH, ROLE_READER, ROLE_CASEWORKER)
ROLE_LABELS = {
    ROLE_ADMIN: "Administratör – inställningar, konton, gallring och loggar",
    ROLE_COACH: "Handledare – läser och ändrar deltagare i sina kommuner",
    ROLE_READER: "Läsbehörig – läser, ändrar inget",
    ROLE_CASEWORKER: "Handläggare ekonomiskt bistånd – ser och kvitterar bara rapporter som lämnats till henne",
}


@dataclass(frozen=True)
class Actor:
    name: str  # what the audit log records: the account's username, or the OS user
    role: str
    staff_id: int | None = None
    municipalities: frozenset[str] | None = None  # None = every municipality
    caseworker_id: int | None = None  # the caseworker entry of a ROLE_CASEWORKER account

    @property
    def can_write(self) -> bool:
        return self.role in (ROLE_ADMIN, ROLE_COACH)

    @property
    def is_caseworker(self) -> bool:
        return self.role == ROLE_CASEWORKER

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN

    def sees(self, municipality_code: str) -> bool:
        if self.is_caseworker:
            return False  # a caseworker account sees no participant of any municipality
        return self.municipalities is None or municipality_code in self.municipalities


def system_actor() -> Actor:
    """No accounts (or single-user mode without one): the OS user, with full rights."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment (some services)
        user = "okänd"
    return Actor(name=f"{user} (datorn)", role=ROLE_ADMIN)


def actor_of(session) -> Actor:
    """Who acts in this database session (the store puts the signed-in account in `session.info`)."""
    return session.info.get("actor") or system_actor()
