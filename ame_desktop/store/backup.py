"""Consistent copies of a SQLite register (SQLite's online backup API), restore and checks."""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from ame_desktop.domain.errors import StoreError, UserError
from ame_desktop.store import audit_anchor
from ame_desktop.store.database import BUSY_TIMEOUT_MS, Database, read_only_uri

log = logging.getLogger(__name__)


def _require_sqlite(db: Database) -> Path:
    path = db.sqlite_path
    if path is None:
        raise UserError(
            "Säkerhetskopiering med programmet gäller SQLite-filer. En PostgreSQL-databas "
            "säkerhetskopieras på servern (pg_dump), se IT-guiden."
        )
    return path


# A copy being written is a temp file beside its target, named so a user who finds one knows
# what it is: ``ame-2026-12-01.db.ofärdig-kopia-<dator>-<process>.tmp``. It holds the whole
# register (personal data): when a copy is killed half-way (kill -9, power cut) the next backup
# into that folder and the next start of the program remove it. Beside the register a marker
# ``<register>.kopiering-<dator>-<process>.pågår`` names a copy in progress anywhere else.
TEMP_MARK = ".ofärdig-kopia-"
MARKER_MARK = ".kopiering-"
MARKER_SUFFIX = ".pågår"
STALE_AFTER_S = 3600  # a temp untouched this long is stale even if its process seems to live
_SIDE_FILES = ("", "-journal", "-wal", "-shm")


def _host_tag() -> str:
    """This computer, without its name (which may name a person): 8 hex digits."""
    import hashlib
    import socket

    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _tag() -> str:
    return f"{_host_tag()}-{os.getpid()}"


def temp_path_for(target: Path) -> Path:
    return target.with_name(f"{target.name}{TEMP_MARK}{_tag()}.tmp")


def _owner_gone(tag: str, path: Path) -> bool:
    """Is the process that wrote `path` (tag host-pid) gone? Unknown hosts: only by age."""
    import time

    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return False
    if age > STALE_AFTER_S:
        return True
    host, _, pid = tag.partition("-")
    if host != _host_tag() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, but not ours to signal
        return False
    return False


def _remove_temp(base: Path) -> bool:
    removed = False
    for side in _SIDE_FILES:
        p = base.with_name(base.name + side)
        try:
            p.unlink()
            removed = True
        except FileNotFoundError:
            pass
        except OSError:
            log.warning("could not remove a stale temporary copy")
    return removed


def remove_stale_temp_copies(folder: Path | str) -> int:
    """Remove half-written copies (see TEMP_MARK) in `folder` whose writer is gone."""
    folder = Path(folder)
    n = 0
    try:
        candidates = [p for p in folder.glob(f"*{TEMP_MARK}*.tmp") if p.is_file()]
    except OSError:
        return 0
    for p in candidates:
        tag = p.name[p.name.rindex(TEMP_MARK) + len(TEMP_MARK):-len(".tmp")]
        if _owner_gone(tag, p) and _remove_temp(p):
            n += 1
    if n:
        log.info("removed %d stale temporary copies", n)
    return n


def _markers(register: Path) -> list[Path]:
    try:
        return [p for p in register.parent.glob(f"{register.name}{MARKER_MARK}*{MARKER_SUFFIX}") if p.is_file()]
    except OSError:
        return []


def clean_after_crash(register: Path | str) -> int:
    """At start: remove copies a killed program left half-written, beside the register, in the
    default backup folder, and wherever a marker beside the register names. Returns how many."""
    register = Path(register)
    n = remove_stale_temp_copies(register.parent)
    if (register.parent / "säkerhetskopior").is_dir():
        n += remove_stale_temp_copies(register.parent / "säkerhetskopior")
    for marker in _markers(register):
        tag = marker.name[len(register.name) + len(MARKER_MARK):-len(MARKER_SUFFIX)]
        if not _owner_gone(tag, marker):
            continue
        try:
            named = Path(marker.read_text(encoding="utf-8").strip())
        except (OSError, UnicodeError):
            named = None
        # Only ever a file of our own naming: a marker cannot make us delete anything else.
        if named is not None and named.name.endswith(f"{TEMP_MARK}{tag}.tmp") and _remove_temp(named):
            n += 1
        marker.unlink(missing_ok=True)
    return n


def _write_marker(register: Path, tmp: Path) -> Path | None:
    marker = register.with_name(f"{register.name}{MARKER_MARK}{_tag()}{MARKER_SUFFIX}")
    try:
        marker.write_text(str(tmp), encoding="utf-8")
    except OSError:  # a read-only folder: the copy's own folder is still cleaned on the next backup
        return None
    return marker


def backup_sqlite(db: Database, target: Path | str) -> Path:
    """Copy the live register to `target` while others may be using it; atomic on success.
    The copy is written to a temp file beside the target (see TEMP_MARK) and renamed."""
    src_path = _require_sqlite(db)
    target = Path(target).expanduser().resolve()
    if target == src_path.resolve():
        raise UserError("Säkerhetskopian kan inte skrivas över själva databasfilen.")
    if target.exists() and target.is_dir():
        raise UserError(f"{target} är en mapp; ange ett filnamn för säkerhetskopian.")
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_copies(target.parent)
    tmp = temp_path_for(target)
    marker = _write_marker(src_path, tmp) if tmp.parent != src_path.parent else None
    try:
        src = sqlite3.connect(str(src_path))
        try:
            _standalone_copy(src, tmp)
        finally:
            src.close()
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        _remove_temp(tmp)
        raise StoreError(f"Säkerhetskopian kunde inte skrivas: {exc}") from exc
    except OSError as exc:
        _remove_temp(tmp)
        raise StoreError(f"Säkerhetskopian kunde inte skrivas till {target}: {exc.strerror}") from exc
    finally:
        if marker is not None:
            marker.unlink(missing_ok=True)
    # The copy's head of the audit log is anchored beside the register (store.audit_anchor).
    audit_anchor.anchor_sqlite_copy(src_path, target, "säkerhetskopia")
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
        con = sqlite3.connect(read_only_uri(path), uri=True)
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
    con = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        con.close()


def _read_only_value(path: Path, sql: str):
    """One value from a SQLite file without changing it (None when it cannot be read)."""
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            row = con.execute(sql).fetchone()
            return row[0] if row else None
        finally:
            con.close()
    except sqlite3.Error:
        return None


def restore_needs_sign_in(path: Path) -> bool:
    """May the register's accounts decide who restores it? Yes when it is at this version's
    schema, or when its accounts can be read. Looked at read-only: a register that cannot be
    opened is not touched before it is copied aside."""
    from ame_desktop.store.schema_versions import SCHEMA_HEAD

    if _read_only_value(path, "SELECT version_num FROM alembic_version") == SCHEMA_HEAD:
        return True
    n = _read_only_value(path, "SELECT count(*) FROM staff_member WHERE password_hash IS NOT NULL")
    return bool(n)


def restore_sqlite(db: Database, source: Path | str) -> Path:
    """Replace the register with a backup. A safety copy of the current register is made first.

    Works on a register that cannot be opened (a failed upgrade, a damaged file): it is never
    opened as a register or migrated here, only copied aside and overwritten.
    Returns the safety copy's path. The backup must be a valid register at a schema this
    version knows (older ones are migrated on next open).
    """
    from ame_desktop.store.schema_versions import script_directory

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
    db.dispose()
    if dst_path.exists():
        _safety_copy(db, dst_path, safety)
    try:
        src = sqlite3.connect(read_only_uri(source), uri=True)
        try:
            try:
                _restore_in_place(src, dst_path)
            except sqlite3.DatabaseError:
                # The register is too broken for SQLite to write into (not a database, a
                # damaged page): put the backup in its place as a new file instead.
                _restore_by_replacing(src, dst_path)
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(
            f"Återställningen misslyckades ({exc}); säkerhetskopian av den tidigare databasen finns i {safety}."
        ) from exc
    log.info("restored register from a backup file; safety copy written")
    # An older log is now the register's: anchors of later entries are retired by this line.
    audit_anchor.anchor_sqlite_copy(dst_path, dst_path, audit_anchor.RESTORE)
    return safety


def _safety_copy(db: Database, dst_path: Path, safety: Path) -> None:
    """The register as it is, before it is replaced; byte for byte when SQLite cannot read it."""
    import shutil

    try:
        backup_sqlite(db, safety)
        return
    except StoreError:
        pass
    try:
        for side in ("", "-wal"):
            p = dst_path.with_name(dst_path.name + side)
            if p.exists():
                shutil.copyfile(p, safety.with_name(safety.name + side))
    except OSError as exc:
        raise StoreError(f"Kan inte återställa: den nuvarande databasen gick inte att kopiera först "
                         f"({exc.strerror}). Inget ändrades.") from exc


def _restore_in_place(src: sqlite3.Connection, dst_path: Path) -> None:
    dst = sqlite3.connect(str(dst_path), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        # The backup API writes page by page inside one transaction on the target:
        # readers see either the old or the restored register, never a mix.
        src.backup(dst)
    finally:
        dst.close()


def _standalone_copy(src: sqlite3.Connection, tmp: Path) -> None:
    """`src` copied page by page into the new file `tmp` (a standalone file: no WAL beside it).
    The callers rename it into place (os.replace) only when it is complete; the copy's own temp
    name (TEMP_MARK, with the writer's tag) lets a later start remove one a crash left behind."""
    dst = sqlite3.connect(str(tmp))
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()


def _restore_by_replacing(src: sqlite3.Connection, dst_path: Path) -> None:
    tmp = temp_path_for(dst_path)
    try:
        _standalone_copy(src, tmp)
        for side in ("-wal", "-shm", "-journal"):  # they belong to the broken file
            dst_path.with_name(dst_path.name + side).unlink(missing_ok=True)
        os.replace(tmp, dst_path)
    finally:
        _remove_temp(tmp)


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
