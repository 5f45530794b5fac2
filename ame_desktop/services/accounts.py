"""Staff accounts: usernames, argon2 password hashes, roles, municipalities, sign-in with lock-out.

Modes (documented for the administrator):
- no account at all: the register is open to whoever opens the file (a one-person unit's
  first day); the audit log records the computer's user name;
- accounts and the setting `single_user` = 1: no sign-in, the program acts as the account
  named by `single_user_account` (still recorded by name);
- accounts otherwise: sign-in is required (window: a dialog; command line: AME_USER and
  AME_PASSWORD in the environment).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from ame_desktop.domain import rules
from ame_desktop.domain.text import nfc
from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_CASEWORKER, ROLES, Actor
from ame_desktop.domain.errors import FieldError, NotFoundError, UserError, ValidationError
from ame_desktop.domain.models import Municipality, Setting, StaffMember, StaffMunicipality
from ame_desktop.services import audit, authz

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 10
_hasher = PasswordHasher()


class SignInFailed(UserError):
    pass


def has_accounts(s: Session) -> bool:
    return s.execute(sa.select(sa.func.count()).select_from(StaffMember)
                     .where(StaffMember.password_hash.is_not(None))).scalar_one() > 0


def _setting(s: Session, key: str) -> str:
    row = s.get(Setting, key)
    return row.value if row else ""


def sign_in_required(s: Session) -> bool:
    return has_accounts(s) and _setting(s, "single_user") != "1"


def actor_for(s: Session, member: StaffMember) -> Actor:
    codes = s.execute(sa.select(StaffMunicipality.municipality_code)
                      .where(StaffMunicipality.staff_id == member.id)).scalars().all()
    if member.role == ROLE_CASEWORKER:  # sees no participant; only what was delivered to her (issue 17)
        return Actor(name=member.username or member.name, role=member.role, staff_id=member.id,
                     municipalities=frozenset(), caseworker_id=member.caseworker_id)
    return Actor(name=member.username or member.name, role=member.role, staff_id=member.id,
                 municipalities=frozenset(codes) if codes else None)


def startup_actor(s: Session) -> Actor | None:
    """Who acts without signing in, or None when sign-in is required."""
    audit.anchor_at_start(s)  # every start of the program passes here (window and command line)
    if not has_accounts(s):
        return audit.actor_of(s)
    if _setting(s, "single_user") == "1":
        name = _setting(s, "single_user_account")
        member = s.exec(select(StaffMember).where(StaffMember.username == name)).first() if name else None
        if member is None:
            member = s.exec(select(StaffMember).where(StaffMember.role == ROLE_ADMIN,
                                                      StaffMember.password_hash.is_not(None))).first()
        if member is not None:
            return actor_for(s, member)
    return None


def sign_in(s: Session, username: str, password: str, now: datetime | None = None) -> Actor:
    """Check a password; five wrong in a row lock the account for 15 minutes. Records the attempt."""
    now = now or datetime.now()
    member = s.exec(select(StaffMember).where(StaffMember.username == nfc((username or "").strip()))).first()
    if member is None or member.password_hash is None or not member.active:
        audit.record(s, "login_failed", "account", details={"username": (username or "")[:60]})
        raise SignInFailed("Fel användarnamn eller lösenord.")
    if member.locked_until and member.locked_until > now:
        minutes = max(1, int((member.locked_until - now).total_seconds() // 60) + 1)
        # Tries against a locked account are recorded too (the password is not even checked).
        audit.record(s, "login_failed", "account", member.id, details={"orsak": "kontot är låst"})
        raise SignInFailed(f"Kontot är låst efter för många felaktiga försök. Försök igen om {minutes} minuter "
                           "eller be en administratör låsa upp det.")
    try:
        _hasher.verify(member.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        member.failed_logins += 1
        if member.failed_logins >= MAX_FAILURES:
            member.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            member.failed_logins = 0
        s.flush()
        audit.record(s, "login_failed", "account", member.id)
        raise SignInFailed("Fel användarnamn eller lösenord.") from None
    member.failed_logins = 0
    member.locked_until = None
    if _hasher.check_needs_rehash(member.password_hash):
        member.password_hash = _hasher.hash(password)
    s.flush()
    a = actor_for(s, member)
    s.info["actor"] = a
    audit.record(s, "login", "account", member.id)
    return a


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError.single("password", f"Lösenordet ska ha minst {MIN_PASSWORD} tecken.")


def create_account(s: Session, name: str, username: str, password: str, role: str,
                   municipalities: list[str] | None = None, *, caseworker_id: int | None = None) -> StaffMember:
    """A new account, or an account for an existing staff member of that name. Admins only —
    except the very first account, which must be an administrator."""
    first = not has_accounts(s)
    require_may_create_account(s)
    errors: list[FieldError] = []
    try:
        clean_name = " ".join(rules.required_text(name, max_len=120).split())
    except ValueError as exc:
        errors.append(FieldError("name", str(exc)))
        clean_name = ""
    user = nfc((username or "").strip().lower())  # "åsa" typed on a Mac is the same account
    if not user or len(user) > 60 or " " in user:
        errors.append(FieldError("username", "Användarnamnet ska vara ett ord, högst 60 tecken."))
    elif s.exec(select(StaffMember).where(StaffMember.username == user)).first() is not None:
        errors.append(FieldError("username", f"Användarnamnet {user} finns redan."))
    if role not in ROLES:
        errors.append(FieldError("role", f"Rollen ska vara en av: {', '.join(ROLES)}."))
    elif first and role != ROLE_ADMIN:
        errors.append(FieldError("role", "Det första kontot måste vara en administratör."))
    try:
        _check_password(password)
    except ValidationError as exc:
        errors.extend(exc.errors)
    for code in municipalities or []:
        m = s.get(Municipality, code)
        if m is None or m.kind != "K":
            errors.append(FieldError("municipalities", f"Okänd kommunkod ”{code}”."))
    if role == ROLE_CASEWORKER:
        from ame_desktop.domain.models import SocialCaseworker

        if caseworker_id is None or s.get(SocialCaseworker, caseworker_id) is None:
            errors.append(FieldError("caseworker", "Ett handläggarkonto ska kopplas till en handläggare i registret."))
    elif caseworker_id is not None:
        errors.append(FieldError("caseworker", "Bara ett handläggarkonto kopplas till en handläggare."))
    if errors:
        raise ValidationError(errors)
    from ame_desktop.services.staff import find_staff_by_name

    member = find_staff_by_name(s, clean_name)
    if member is not None and member.username:
        raise ValidationError.single("name", f"{clean_name} har redan ett konto ({member.username}).")
    if member is None:
        member = StaffMember(name=clean_name)
        s.add(member)
    member.username = user
    member.password_hash = _hasher.hash(password)
    member.role = role
    member.caseworker_id = caseworker_id
    s.flush()
    for code in municipalities or []:
        s.add(StaffMunicipality(staff_id=member.id, municipality_code=code))
    s.flush()
    audit.record(s, "create", "account", member.id, details={"username": user, "role": role,
                                                              "municipalities": municipalities or [],
                                                              **({"caseworker_id": caseworker_id}
                                                                 if caseworker_id is not None else {})})
    return member


def require_may_create_account(s: Session) -> None:
    """Only an administrator creates accounts (except the very first one). The command line
    asks this before it asks for the new password."""
    if has_accounts(s):
        authz.require_admin(s, "hantera konton")


def require_may_set_password(s: Session, staff_id: int) -> None:
    """Everyone may change their own password; only an administrator someone else's."""
    if audit.actor_of(s).staff_id != staff_id:
        authz.require_admin(s, "byta någon annans lösenord")


def set_password(s: Session, staff_id: int, password: str) -> None:
    require_may_set_password(s, staff_id)
    _check_password(password)
    member = _member(s, staff_id)
    member.password_hash = _hasher.hash(password)
    member.failed_logins = 0
    member.locked_until = None
    s.flush()
    audit.record(s, "update", "account", staff_id, details={"password": "ändrat"})


def set_role(s: Session, staff_id: int, role: str, municipalities: list[str] | None = None) -> None:
    authz.require_admin(s, "ändra behörigheter")
    if role not in ROLES:
        raise ValidationError.single("role", f"Rollen ska vara en av: {', '.join(ROLES)}.")
    member = _member(s, staff_id)
    if role == ROLE_CASEWORKER and member.caseworker_id is None:
        raise ValidationError.single("role", "Ett handläggarkonto ska kopplas till en handläggare; skapa det som "
                                             "ett nytt konto med handläggaren vald.")
    old = {"role": member.role}
    member.role = role
    if municipalities is not None:
        s.execute(sa.delete(StaffMunicipality).where(StaffMunicipality.staff_id == staff_id))
        for code in municipalities:
            s.add(StaffMunicipality(staff_id=staff_id, municipality_code=code))
    s.flush()
    if not s.execute(sa.select(sa.func.count()).select_from(StaffMember).where(
            StaffMember.role == ROLE_ADMIN, StaffMember.password_hash.is_not(None))).scalar_one():
        raise ValidationError.single("role", "Det måste finnas minst en administratör.")
    audit.record(s, "update", "account", staff_id, details=audit.changes(old, {"role": role}))


def unlock(s: Session, staff_id: int) -> None:
    authz.require_admin(s, "låsa upp konton")
    member = _member(s, staff_id)
    member.failed_logins = 0
    member.locked_until = None
    s.flush()
    audit.record(s, "update", "account", staff_id, details={"låst": "upplåst"})


def _member(s: Session, staff_id: int) -> StaffMember:
    member = s.get(StaffMember, staff_id)
    if member is None:
        raise NotFoundError(f"Medarbetaren med id {staff_id} finns inte.")
    return member


def accounts(s: Session) -> list[StaffMember]:
    return list(s.exec(select(StaffMember).where(StaffMember.username.is_not(None)).order_by(StaffMember.name)))


def sign_in_db(db, username: str, password: str) -> Actor:
    """Sign in with its own transaction, so a failed attempt's count is kept (then raise)."""
    failure: SignInFailed | None = None
    with db.transaction() as s:
        try:
            actor = sign_in(s, username, password)
        except SignInFailed as exc:
            failure = exc
    if failure is not None:
        raise failure
    db.actor = actor
    return actor


def establish_actor(db, username: str | None = None, password: str | None = None) -> Actor:
    """Who acts for the command line: nobody needs to sign in in the open and single-user
    modes; otherwise AME_USER / AME_PASSWORD (or the arguments) must be right."""
    with db.reading() as s:
        actor = startup_actor(s)
    if actor is not None:
        db.actor = actor
        return actor
    if not username:
        raise SignInFailed("Registret kräver inloggning. Ange användarnamn och lösenord i miljövariablerna "
                           "AME_USER och AME_PASSWORD.")
    return sign_in_db(db, username, password or "")


def municipality_links(s: Session) -> dict[int, list[str]]:
    """Staff id → the municipality codes the account is limited to (administrators only)."""
    authz.require_admin(s, "hantera konton")
    out: dict[int, list[str]] = {}
    for sid, code in s.execute(sa.select(StaffMunicipality.staff_id, StaffMunicipality.municipality_code)
                               .order_by(StaffMunicipality.staff_id, StaffMunicipality.municipality_code)).all():
        out.setdefault(sid, []).append(code)
    return out
