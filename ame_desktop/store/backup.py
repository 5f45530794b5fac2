"""Consistent copies of a SQLite register (SQLite's online backup API), restore and checks."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from ame_desktop.domain.errors import StoreError, UserError
from ame_desktop.store.database import Database

log = logging.getLogger(__name__)


def _require_sqlite(db: Database) -> Path:
    path = db.sqlite_path
    if path is None:
        raise UserError(
            "Säkerhetskopiering med programmet gäller SQLite-filer. En PostgreSQL-databas "
            "säkerhetskopieras på servern (pg_dump), se IT-guiden."
        )
    return path


def backup_sqlite(db: Database, target: Path | str) -> Path:
    """Copy the live register to `target` while others may be using it; atomic on success."""
    src_path = _require_sqlite(db)
    target = Path(target).expanduser().resolve()
    if target == src_path.resolve():
        raise UserError("Säkerhetskopian kan inte skrivas över själva databasfilen.")
    if target.exists() and target.is_dir():
        raise UserError(f"{target} är en mapp; ange ett filnamn för säkerhetskopian.")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    try:
        src = sqlite3.connect(str(src_path))
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
                # The copy is a standalone file: no WAL beside it.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"Säkerhetskopian kunde inte skrivas: {exc}") from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"Säkerhetskopian kunde inte skrivas till {target}: {exc.strerror}") from exc
    return target


def verify_sqlite_file(path: Path | str) -> list[str]:
    """Problems with a SQLite file as a register (empty list = fine). Does not change the file."""
    path = Path(path)
    if not path.is_file():
        return [f"Filen {path} finns inte."]
    with open(path, "rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            return [f"{path.name} är ingen SQLite-databas."]
    problems: list[str] = []
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            res = con.execute("PRAGMA integrity_check").fetchall()
            if res != [("ok",)]:
                problems.append("Integritetskontrollen hittade fel: " + "; ".join(r[0] for r in res[:5]))
            fk = con.execute("PRAGMA foreign_key_check").fetchall()
            if fk:
                problems.append(f"{len(fk)} rader pekar på poster som saknas.")
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "alembic_version" not in tables:
                problems.append(f"{path.name} är ingen AME Desktop-databas (versionstabell saknas).")
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        problems.append(f"{path.name} går inte att läsa som databas: {exc}")
    return problems


def backup_revision(path: Path) -> str | None:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        con.close()


def restore_sqlite(db: Database, source: Path | str) -> Path:
    """Replace the register with a backup. A safety copy of the current register is made first.

    Returns the safety copy's path. The backup must be a valid register at a schema this
    version knows (older ones are migrated on next open).
    """
    from ame_desktop.store.schema import script_directory

    dst_path = _require_sqlite(db)
    source = Path(source).expanduser().resolve()
    problems = verify_sqlite_file(source)
    if problems:
        raise UserError("Kan inte återställa: " + " ".join(problems))
    rev = backup_revision(source)
    try:
        known = rev is not None and script_directory().get_revision(rev) is not None
    except Exception:
        known = False
    if not known:
        raise UserError(
            f"Kan inte återställa: säkerhetskopian har schemaversion {rev}, som den här "
            "programversionen inte känner till (nyare program?)."
        )
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    safety = dst_path.with_name(f"{dst_path.name}.före-återställning-{stamp}.bak")
    if dst_path.exists():
        backup_sqlite(db, safety)
    db.dispose()
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(dst_path), timeout=5)
            try:
                # The backup API writes page by page inside one transaction on the target:
                # readers see either the old or the restored register, never a mix.
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise StoreError(
            f"Återställningen misslyckades ({exc}); säkerhetskopian av den tidigare databasen finns i {safety}."
        ) from exc
    log.info("restored register from a backup file; safety copy written")
    return safety


def auto_backup(db: Database, folder: Path | str | None, keep: int, today=None) -> Path | None:
    """The daily copy: one file per day (ame-ÅÅÅÅ-MM-DD.db) in `folder` (default: a folder
    beside the register), keeping the newest `keep`. Returns the new file, or None when today's
    copy exists already (or the register is not a SQLite file)."""
    from datetime import date

    src = db.sqlite_path
    if src is None:
        return None
    today = today or date.today()
    target_dir = Path(folder) if folder else src.parent / "säkerhetskopior"
    target = target_dir / f"{src.stem}-{today.isoformat()}.db"
    if target.exists():
        return None
    backup_sqlite(db, target)
    copies = sorted(target_dir.glob(f"{src.stem}-????-??-??.db"))
    for old in copies[:-keep] if keep > 0 else []:
        try:
            old.unlink()
        except OSError:
            log.warning("could not remove an old automatic backup")
    return target
