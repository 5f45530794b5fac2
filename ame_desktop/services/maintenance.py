"""`check`: is the register (or a backup file) sound?"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import DatabaseError

from ame_desktop.store.backup import backup_revision, verify_sqlite_file
from ame_desktop.store.database import Database
from ame_desktop.store.schema import head_revision, schema_status, script_directory


def open_and_check(target: str | None) -> tuple[str, list[str]]:
    """`ame-desktop check`: open (create or migrate) the register, then check it. A register
    too broken to open is a finding, not a crash."""
    from ame_desktop.domain.errors import UserError
    from ame_desktop.store.schema import ensure_schema

    db = Database.open(target)
    try:
        ensure_schema(db)
    except DatabaseError as exc:
        return db.describe(), [f"Databasen går inte att läsa: {getattr(exc, 'orig', exc)}"]
    except UserError as exc:
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
        status = schema_status(db)
    except DatabaseError as exc:
        return problems + [f"Databasen går inte att läsa: {getattr(exc, 'orig', exc)}"]
    if not status.is_current:
        problems.append(f"Schemaversionen är {status.current}, programmet väntar sig {status.head}.")
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
