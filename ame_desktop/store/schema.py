"""Schema management with alembic: create new registers at head, migrate older ones after a
backup copy, refuse newer ones."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import SQLModel

from ame_desktop.domain import models as _models  # noqa: F401  (registers the tables)
from ame_desktop.domain.errors import UserError
from ame_desktop.store.database import PG_WRITE_LOCK_KEY, Database
from ame_desktop.store.reference import seed_reference_data
from ame_desktop.store.schema_versions import (  # noqa: F401  (its own module: backup.py needs it too)
    SCHEMA_HEAD, alembic_config, head_revision, script_directory,
)

log = logging.getLogger(__name__)



class SchemaError(UserError):
    """The file is not a register this version can open."""


def current_revision(conn: sa.Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


@dataclass
class SchemaStatus:
    current: str | None
    head: str
    has_tables: bool

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    @property
    def is_known(self) -> bool:
        if self.current is None:
            return False
        try:
            return script_directory().get_revision(self.current) is not None
        except Exception:
            return False


def schema_status(db: Database) -> SchemaStatus:
    with db.engine.connect() as conn:
        tables = sa.inspect(conn).get_table_names()
        current = current_revision(conn) if "alembic_version" in tables else None
    return SchemaStatus(current=current, head=head_revision(), has_tables=bool(tables))


def _backup_before_upgrade(db: Database, from_rev: str) -> Path | None:
    path = db.sqlite_path
    if path is None or not path.exists():
        return None
    from ame_desktop.store.backup import backup_sqlite

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.före-uppgradering-{from_rev}-{stamp}.bak")
    backup_sqlite(db, target)
    return target


def _stored_version(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except sa.exc.DatabaseError:
        return None


def register_opens(db: Database) -> bool:
    """Is the register at this version's schema (it opens without migrating)?"""
    return _stored_version(db) == SCHEMA_HEAD


def ensure_schema(db: Database) -> str:
    """Bring the register to the current schema. Returns "created", "upgraded" or "current"."""
    if _stored_version(db) == SCHEMA_HEAD:
        return "current"
    from alembic import command

    status = schema_status(db)
    if not status.has_tables:
        with db.engine.begin() as conn:
            SQLModel.metadata.create_all(conn)
            seed_reference_data(conn)
            command.stamp(alembic_config(conn), "head")
            if not db.is_sqlite:  # what migration 0015 installs on an upgraded register (alembic_version too)
                from ame_desktop.store import pg_security

                pg_security.install(conn)
        log.info("created new register at schema %s", status.head)
        return "created"
    if status.current is None:
        raise SchemaError(
            f"{db.describe()} är ingen AME Desktop-databas (versionstabell saknas). Välj en annan fil."
        )
    if status.is_current:
        return "current"
    if not status.is_known:
        raise SchemaError(
            f"Databasen har schemaversion {status.current}, som är nyare än den här programversionen "
            "kan hantera. Uppdatera AME Desktop innan du öppnar den."
        )
    backup = _backup_before_upgrade(db, status.current)
    upgrade(db)
    log.info("upgraded register from %s to %s (backup: %s)", status.current, status.head, bool(backup))
    return "upgraded"


def upgrade(db: Database, target: str = "head") -> None:
    """Run migrations, all steps in ONE transaction: a crash or kill -9 anywhere leaves the
    register at its old version, untouched (SQLite and PostgreSQL both have transactional
    DDL; on SQLite the engine emits a real BEGIN, see store/database.py). The transaction is a
    writer (BEGIN IMMEDIATE / the write lock), and alembic reads the version inside it, so a
    second program opening the register at the same time waits and then finds it migrated.
    On SQLite, foreign keys are off during batch table rebuilds and checked after."""
    from alembic import command

    with db.write_engine.connect() as conn:
        raw = conn.connection.dbapi_connection if db.is_sqlite else None
        if raw is not None:
            # Outside any transaction: inside one this pragma is silently ignored.
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                if not db.is_sqlite:
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK_KEY})")
                command.upgrade(alembic_config(conn), target)
                if db.is_sqlite:
                    bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if bad:
                        raise SchemaError(f"Migreringen lämnade {len(bad)} trasiga referenser; inget ändrades.")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def open_register(target: str | None = None, login: tuple[str, str] | None = None) -> Database:
    """Open (and create or migrate) the register named by --db / AME_DB / the default file.

    PostgreSQL: `login` (username, password) signs in to the server as that person's own role
    (the window's sign-in). Without it, a server that asks for a password gets AME_USER and
    AME_PASSWORD, when both are set (the command line)."""
    import os

    from ame_desktop.store.database import DatabaseLoginNeeded, resolve_url, with_login

    url = resolve_url(target)
    if login is not None and not url.startswith("sqlite"):
        return _open_register(with_login(url, *login))
    try:
        return _open_register(url)
    except DatabaseLoginNeeded:
        user, password = os.environ.get("AME_USER"), os.environ.get("AME_PASSWORD")
        if url.startswith("sqlite") or not user or not password or sa.engine.make_url(url).password:
            raise
    return _open_register(with_login(url, user, password))


def _open_register(target: str) -> Database:
    from sqlalchemy.exc import OperationalError

    from ame_desktop.store.database import translate_db_error

    db = Database.open(target)
    if db.sqlite_path is not None:
        from ame_desktop.store.backup import clean_after_crash

        clean_after_crash(db.sqlite_path)  # half-written copies of a killed backup hold personal data
    try:
        ensure_schema(db)
    except OperationalError as exc:
        db.dispose()
        raise translate_db_error(exc) from exc
    except Exception:
        db.dispose()
        raise
    return db
