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

import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Callable

import sqlalchemy as sa
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


@cache
def _hasher():
    """argon2's PasswordHasher, made when a password is checked or set (most commands, in the open
    and single-user modes, never do; issue 25)."""
    from argon2 import PasswordHasher

    return PasswordHasher()


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
    role_actor = _database_role_actor(s)
    if role_actor is not None:
        return role_actor
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


def _database_role_actor(s: Session) -> Actor | None:
    """PostgreSQL with one role per staff member (store.pg_security): the server has signed the
    person in (password or Kerberos), so the account is the one named as the role; the program's
    own password is not asked for. None for a program role (owner, shared role) and for SQLite."""
    conn = s.connection()
    if conn.dialect.name != "postgresql":
        return None
    if not conn.exec_driver_sql("SELECT to_regprocedure('ame_is_staff_role(name)') IS NOT NULL").scalar():
        return None
    role, staff = conn.exec_driver_sql("SELECT current_user, ame_is_staff_role(current_user)").one()
    if not staff:
        return None
    member = s.exec(select(StaffMember).where(StaffMember.username == role)).first()
    if member is None or not member.active:
        raise SignInFailed(f"Databasrollen {role} hör inte till något aktivt konto i registret. IT ska skapa "
                           f"kontot (ame-desktop account add {role} …) eller ta bort rollen ur AME-grupperna.")
    return actor_for(s, member)


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
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        _hasher().verify(member.password_hash, password or "")
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
    if _hasher().check_needs_rehash(member.password_hash):
        member.password_hash = _hasher().hash(password)
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
    member.password_hash = _hasher().hash(password)
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
    member.password_hash = _hasher().hash(password)
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
        actor, reason = windows_sign_in_db(db)  # issue 24: an account tied to this Windows user on this PC
        if actor is not None:
            return actor
        if reason:
            raise SignInFailed(reason)
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


# -- Windows sign-in on one PC (issue 24) --------------------------------------------------------------
# An administrator ties an account to a Windows account ("DOMÄN\namn") on one computer. On a local
# SQLite register the window (and a command without AME_USER) then signs in as that account without
# a password — for that Windows user on that PC only; anyone else, another PC, a removed tie, a
# locked or disabled account is asked for the password. What it trusts: whoever is signed in to
# Windows on that PC (docs/it-guide.md). On a shared PostgreSQL register the database role signs
# in instead, so a tie is neither set nor used there.
@dataclass(frozen=True)
class WindowsIdentity:
    account: str  # "DOMÄN\namn", or "namn" where the system has no domain
    computer: str


def current_windows_identity() -> WindowsIdentity | None:
    """Who is signed in to this computer, as the operating system tells (never from environment
    variables a user can set: on Windows the process token via GetUserNameExW and GetComputerNameW,
    elsewhere the user id's name and the host name). None when it cannot be told."""
    try:
        if sys.platform == "win32":
            import ctypes

            size = ctypes.c_ulong(512)
            buf = ctypes.create_unicode_buffer(size.value)
            # NameSamCompatible = 2: "DOMAIN\user" from the process's own token.
            if not ctypes.windll.secur32.GetUserNameExW(2, buf, ctypes.byref(size)):
                return None
            account = buf.value
            size = ctypes.c_ulong(256)
            host = ctypes.create_unicode_buffer(size.value)
            if not ctypes.windll.kernel32.GetComputerNameW(host, ctypes.byref(size)):
                return None
            computer = host.value
        else:
            import pwd

            account = pwd.getpwuid(os.getuid()).pw_name
            computer = socket.gethostname()
    except Exception:  # no user database, no API: no Windows sign-in
        return None
    if not account or not computer:
        return None
    return WindowsIdentity(account, computer)


# Tests (and a packaged build that knows better) replace this; the services call it when no
# identity is given.
identity_source: Callable[[], WindowsIdentity | None] = current_windows_identity

_FORBIDDEN_IN_ACCOUNT = set('/[]:;|=,+*?<>"')


def _account_key(value: str) -> str:
    return nfc(value.strip()).casefold()


def _computer_key(value: str) -> str:
    return nfc(value.strip()).split(".", 1)[0].casefold()  # "PC123.kommun.local" is PC123


def _is_local_register(s: Session) -> bool:
    return s.get_bind().dialect.name == "sqlite"


def _clean_windows(account: object, computer: object) -> tuple[str, str]:
    errors: list[FieldError] = []
    acc = nfc(str(account or "")).strip()
    pc = nfc(str(computer or "")).strip()
    parts = acc.split("\\")
    if not acc:
        errors.append(FieldError("windows_account", "Ange Windows-kontot, t.ex. KOMMUN\\anna.andersson."))
    elif (len(acc) > 120 or len(parts) > 2 or any(not p.strip() for p in parts)
          or any(ch in _FORBIDDEN_IN_ACCOUNT or ord(ch) < 32 for ch in acc)):
        errors.append(FieldError("windows_account", f"”{acc}” är inget Windows-konto. Skriv DOMÄN\\namn, "
                                                    "t.ex. KOMMUN\\anna.andersson (eller bara namnet för ett "
                                                    "lokalt konto)."))
    if not pc:
        errors.append(FieldError("windows_computer", "Ange datorns namn (Inställningar › System › Om, "
                                                     "eller kommandot hostname)."))
    elif len(pc) > 63 or not all(ch.isalnum() or ch in "-_." for ch in pc):
        errors.append(FieldError("windows_computer", f"”{pc}” är inget datornamn: bara bokstäver, siffror, "
                                                     "bindestreck och punkt, högst 63 tecken."))
    if errors:
        raise ValidationError(errors)
    return acc, pc


def set_windows_sign_in(s: Session, staff_id: int, account: object, computer: object) -> StaffMember:
    """Tie the account to a Windows account on one computer (administrators; local register only)."""
    authz.require_admin(s, "koppla konton till Windows-inloggning")
    if not _is_local_register(s):
        raise UserError("Windows-inloggning finns bara för ett lokalt register (en SQLite-fil på datorn). I ett "
                        "gemensamt register på PostgreSQL loggar databasrollen in – se IT-guiden.")
    member = _member(s, staff_id)
    if member.password_hash is None:
        raise UserError(f"{member.name} har inget konto att koppla.")
    acc, pc = _clean_windows(account, computer)
    for other in s.exec(select(StaffMember).where(StaffMember.windows_account.is_not(None),
                                                  StaffMember.id != staff_id)):
        if (_account_key(other.windows_account or "") == _account_key(acc)
                and _computer_key(other.windows_computer or "") == _computer_key(pc)):
            raise ValidationError.single("windows_account", f"{acc} på {pc} är redan kopplat till kontot "
                                                            f"{other.username}. Ta bort den kopplingen först.")
    old = {"windows": _tie_text(member)}
    member.windows_account, member.windows_computer = acc, pc
    s.flush()
    audit.record(s, "update", "account", staff_id, details=audit.changes(old, {"windows": _tie_text(member)}))
    return member


def remove_windows_sign_in(s: Session, staff_id: int) -> None:
    """Remove an account's Windows tie (administrators): the window asks for the password again."""
    authz.require_admin(s, "koppla konton till Windows-inloggning")
    member = _member(s, staff_id)
    if member.windows_account is None and member.windows_computer is None:
        return
    old = {"windows": _tie_text(member)}
    member.windows_account = member.windows_computer = None
    s.flush()
    audit.record(s, "update", "account", staff_id, details=audit.changes(old, {"windows": None}))


def _tie_text(member: StaffMember) -> str | None:
    if not member.windows_account:
        return None
    return f"{member.windows_account} på {member.windows_computer}"


def windows_tie(member: StaffMember) -> str:
    """How the account list shows a tie: "KOMMUN\\anna på PC123", or "" without one."""
    return _tie_text(member) or ""


def windows_sign_in(s: Session, identity: WindowsIdentity | None = None,
                    now: datetime | None = None) -> tuple[Actor | None, str | None]:
    """Sign in as the account tied to the Windows user on this computer, if there is one.

    Returns (actor, None) when signed in (recorded as a sign-in, like a password's); (None, a
    Swedish reason) when an account is tied but may not sign in now (locked, disabled); (None,
    None) when nothing is tied to this user on this PC, or the register is not a local file."""
    if not _is_local_register(s) or not sign_in_required(s):
        return None, None
    who = identity if identity is not None else identity_source()
    if who is None:
        return None, None
    now = now or datetime.now()
    member = _tied_member(s, who)
    if member is None:
        return None, None
    details = {"sätt": "Windows", "windows": who.account[:120], "dator": who.computer[:63]}
    if not member.active:
        audit.record(s, "login_failed", "account", member.id, details={**details, "orsak": "kontot är avstängt"})
        return None, (f"Kontot {member.username} som är kopplat till din Windows-inloggning är avstängt. "
                      "Logga in med användarnamn och lösenord, eller be en administratör.")
    if member.locked_until and member.locked_until > now:
        minutes = max(1, int((member.locked_until - now).total_seconds() // 60) + 1)
        audit.record(s, "login_failed", "account", member.id, details={**details, "orsak": "kontot är låst"})
        return None, (f"Kontot {member.username} som är kopplat till din Windows-inloggning är låst efter för "
                      f"många felaktiga försök. Försök igen om {minutes} minuter eller be en administratör "
                      "låsa upp det.")
    a = actor_for(s, member)
    s.info["actor"] = a
    audit.record(s, "login", "account", member.id, details=details)
    return a, None


def _tied_member(s: Session, who: WindowsIdentity) -> StaffMember | None:
    for m in s.exec(select(StaffMember).where(StaffMember.windows_account.is_not(None),
                                              StaffMember.password_hash.is_not(None)).order_by(StaffMember.id)):
        if (_account_key(m.windows_account or "") == _account_key(who.account)
                and _computer_key(m.windows_computer or "") == _computer_key(who.computer)):
            return m
    return None


def windows_sign_in_db(db, identity: WindowsIdentity | None = None) -> tuple[Actor | None, str | None]:
    """windows_sign_in in its own transaction (a refusal's entry is kept); sets db.actor when signed in.
    Nothing is written (no transaction is even begun) when no account is tied to this user here."""
    who = identity if identity is not None else identity_source()
    if who is None:
        return None, None
    with db.reading() as s:
        if not _is_local_register(s) or _tied_member(s, who) is None:
            return None, None
    identity = who
    with db.transaction() as s:
        actor, reason = windows_sign_in(s, identity)
    if actor is not None:
        db.actor = actor
    return actor, reason
