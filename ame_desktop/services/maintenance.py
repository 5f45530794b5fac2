"""`check`: is the register (or a backup file) sound?"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import DatabaseError

from ame_desktop.store.backup import backup_revision, verify_sqlite_file
from ame_desktop.store.database import Database
from ame_desktop.store.schema import head_revision, register_opens, schema_status, script_directory


def open_and_check(target: str | None) -> tuple[str, list[str]]:
    """`ame-desktop check`: open (create or migrate) the register, then check it. A register
    too broken to open is a finding, not a crash."""
    from ame_desktop.domain.errors import AmeError, UserError
    from ame_desktop.store.database import resolve_url
    from ame_desktop.store.schema import ensure_schema, open_register

    if not resolve_url(target).startswith("sqlite"):
        # A server signs in like every other command (the person's own role: AME_USER and
        # AME_PASSWORD when it asks for a password, or Kerberos), and says why it cannot.
        try:
            db = open_register(target)
        except AmeError as exc:
            where = Database.open(target)
            where.dispose()
            return where.describe(), [exc.message]
        try:
            return db.describe(), check_register(db)
        finally:
            db.dispose()
    db = Database.open(target)
    try:
        ensure_schema(db)
    except DatabaseError as exc:
        db.dispose()
        return db.describe(), [f"Databasen går inte att läsa: {getattr(exc, 'orig', exc)}"]
    except UserError as exc:
        db.dispose()
        return db.describe(), [exc.message]
    try:
        return db.describe(), check_register(db)
    finally:
        db.dispose()


def check_register(db: Database) -> list[str]:
    """Problems found (empty = all is well): integrity, foreign keys, schema version."""
    problems: list[str] = []
    try:
        if db.is_sqlite:
            with db.engine.connect() as conn:
                res = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
                if res != ["ok"]:
                    problems.append("Integritetskontrollen hittade fel: " + "; ".join(res[:5]))
                fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if fk:
                    problems.append(f"{len(fk)} rader pekar på poster som saknas (främmande nycklar).")
        # At this program's schema the stored version says so; alembic only for any other.
        status = None if register_opens(db) else schema_status(db)
    except DatabaseError as exc:
        return problems + [f"Databasen går inte att läsa: {getattr(exc, 'orig', exc)}"]
    if status is not None and not status.is_current:
        problems.append(f"Schemaversionen är {status.current}, programmet väntar sig {status.head}.")
        return problems
    if not db.is_sqlite:
        try:
            problems.extend(database_separation_problems(db))
        except DatabaseError as exc:
            problems.append(f"Radsäkerheten går inte att kontrollera: {getattr(exc, 'orig', exc)}")
    try:
        problems.extend(odd_text_problems(db))
        problems.extend(rule_problems(db))
    except DatabaseError as exc:
        problems.append(f"Databasen går inte att läsa: {getattr(exc, 'orig', exc)}")
    return problems


def database_separation_problems(db: Database) -> list[str]:
    """PostgreSQL (issue 24): are row-level security, the policies and the audit log's
    insert-only rights in force? Run by the table owner, it (re)installs them first, so group
    roles created after the tables get their rights."""
    from ame_desktop.store import pg_security

    with db.engine.connect() as conn, conn.begin():
        problems = pg_security.verify(conn)
        if problems and pg_security.owns_tables(conn):  # only then: re-creating policies locks every table
            pg_security.install(conn, pg_security.installed_prefix(conn))
            problems = pg_security.verify(conn)
        return problems


def _ids_text(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:20])
    return shown + (f" … (och {len(ids) - 20} till)" if len(ids) > 20 else "")


def odd_text_problems(db: Database) -> list[str]:
    """Rows written before the Unicode rules (domain/text.py): a personnummer that is not 12
    digits 0–9 (fullwidth or other scripts' digits: the same person could exist twice), and
    names or staff not in NFC (two spellings of "Åke" are two people). Ids only, never values."""
    import unicodedata

    import sqlalchemy as sa

    from ame_desktop.domain.models import Participant, StaffMember

    problems: list[str] = []
    col = Participant.personnummer
    if db.is_sqlite:
        odd = sa.or_(col.op("GLOB")("*[^0-9]*"), sa.func.length(col) != 12)
    else:
        odd = col.op("!~")("^[0-9]{12}$")
    with db.reading() as s:
        ids = list(s.execute(sa.select(Participant.id).where(odd).order_by(Participant.id)).scalars())
        if ids:
            problems.append(f"{len(ids)} deltagare har ett personnummer som inte är skrivet med tolv siffror 0–9 "
                            f"(t.ex. helbreddssiffror eller siffror från ett annat skriftsystem), deltagare-id "
                            f"{_ids_text(ids)}. Samma person kan då finnas två gånger, och Kolada-exporten stoppas på PostgreSQL: rätta numret.")

        def not_nfc(text: str | None) -> bool:
            return bool(text) and not unicodedata.is_normalized("NFC", text)

        rows = s.execute(sa.select(Participant.id, Participant.first_name, Participant.last_name)
                         .order_by(Participant.id))
        names = [pid for pid, first, last in rows if not_nfc(first) or not_nfc(last)]
        if names:
            problems.append(f"{len(names)} deltagare har ett namn i en annan Unicode-form än NFC (t.ex. Å som A + "
                            f"ring), deltagare-id {_ids_text(names)}. Spara namnet på nytt i fönstret.")
        staff = [sid for sid, name in s.execute(sa.select(StaffMember.id, StaffMember.name)) if not_nfc(name)]
        if staff:
            problems.append(f"{len(staff)} handledare har ett namn i en annan Unicode-form än NFC, id "
                            f"{_ids_text(staff)}. Byt namn på dem under Inställningar.")
    return problems


def rule_problems(db: Database) -> list[str]:
    """Rows that break the register's rules, as two writers racing each other (before writers
    were serialised) or a hand-edited file could leave them: overlapping enrollments and
    activity-requirement periods of one person, two step assessments of one person on one day,
    and the same AF contact (time, person, category) twice. Participant ids only, never values."""
    import sqlalchemy as sa
    from sqlalchemy.orm import aliased

    from ame_desktop.domain.models import AfContact, Enrollment, RequirementPeriod, StepAssessment

    def overlapping(model) -> list[int]:
        a, b = aliased(model), aliased(model)
        q = (sa.select(a.participant_id).distinct().join(b, sa.and_(
            a.participant_id == b.participant_id, a.id < b.id,
            sa.or_(b.end_date.is_(None), a.start_date <= b.end_date),
            sa.or_(a.end_date.is_(None), b.start_date <= a.end_date)))
            .order_by(a.participant_id))
        return list(s.execute(q).scalars())

    def twice(*cols) -> list[int]:
        q = (sa.select(cols[0]).group_by(*cols).having(sa.func.count() > 1))
        return sorted({pid for pid in s.execute(q).scalars()})

    problems: list[str] = []
    with db.reading() as s:
        ids = overlapping(Enrollment)
        if ids:
            problems.append(f"{len(ids)} deltagare har inskrivningar som överlappar varandra, deltagare-id "
                            f"{_ids_text(ids)}. Rätta datumen under Inskrivningar.")
        ids = overlapping(RequirementPeriod)
        if ids:
            problems.append(f"{len(ids)} deltagare har aktivitetskravsperioder som överlappar varandra, deltagare-id "
                            f"{_ids_text(ids)}. Rätta perioderna under Aktivitetskrav.")
        ids = twice(StepAssessment.participant_id, StepAssessment.assessed_on)
        if ids:
            problems.append(f"{len(ids)} deltagare har två eller fler stegbedömningar samma dag, deltagare-id "
                            f"{_ids_text(ids)}. Ta bort den som är fel under Steg.")
        q = (sa.select(AfContact.participant_id, sa.func.count())
             .group_by(AfContact.contact_at, AfContact.participant_id, AfContact.category)
             .having(sa.func.count() > 1))
        dup = list(s.execute(q))
        if dup:
            people = sorted({pid for pid, _n in dup if pid is not None})
            strategic = sum(1 for pid, _n in dup if pid is None)
            where = [f"deltagare-id {_ids_text(people)}"] if people else []
            if strategic:
                where.append(f"{strategic} strategiska kontakter")
            problems.append(f"{len(dup)} kontakter med Arbetsförmedlingen finns två gånger (samma tid, person och "
                            f"kategori): {', '.join(where)}. Ta bort dubbletten under AF-kontakter.")
    return problems


def check_backup_file(path: Path | str) -> list[str]:
    problems = verify_sqlite_file(path)
    if problems:
        return problems
    rev = backup_revision(Path(path))
    try:
        known = rev is not None and script_directory().get_revision(rev) is not None
    except Exception:
        known = False
    if not known:
        return [f"Säkerhetskopian har schemaversion {rev}, som den här programversionen inte känner till."]
    if rev != head_revision():
        # Not a problem: an older backup is migrated when restored.
        return []
    return []
