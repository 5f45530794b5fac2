"""Opening the register: SQLite file (default) or any SQLAlchemy URL (PostgreSQL)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy import text as sa_text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlmodel import Session, create_engine

from ame_desktop import config
from ame_desktop.domain.actor import system_actor
from ame_desktop.domain.errors import StoreError

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
# Writers that check the register's rules and then write (imports, enrollments, step
# assessments, AF contacts, …) must not interleave. Every `Database.transaction()` is such a
# writer and takes the register's one write lock up front: on SQLite `BEGIN IMMEDIATE` (SQLite
# has one writer at a time anyway), on PostgreSQL this transaction-scoped advisory lock (one
# key for the whole register: the same granularity as SQLite, and a unit's handful of writers
# never notice it). A writer waits at most WRITE_WAIT_S for it, then gets a Swedish message.
PG_WRITE_LOCK_KEY = 0x414D452D52454749  # "AME-REGI"
WRITE_WAIT_S = BUSY_TIMEOUT_MS // 1000
_WRITER = "ame_writer"  # execution option: this connection's transaction is a writer


def resolve_url(target: str | None = None) -> str:
    """`--db` value, else AME_DB, else the default file. A plain path means a SQLite file."""
    target = target or os.environ.get(config.DB_ENV) or str(config.default_db_path())
    if "://" in target:
        return target
    return sqlite_url(Path(target))


def sqlite_url(path: Path | str) -> str:
    """The SQLAlchemy URL of a SQLite file, built as a URL object and rendered with the file name
    quoted: `a%20b.db` stays `a%20b.db` (an f-string URL would open `a b.db`), and `?` or `#` in
    a folder name cannot become URL syntax. Never build these URLs with f-strings."""
    return URL.create("sqlite", database=str(Path(path).expanduser().resolve())).render_as_string(
        hide_password=False)


def read_only_uri(path: Path | str) -> str:
    """sqlite3's URI for opening a file read-only, from `Path.as_uri()`: a `#`, `?` or `%` in a
    folder name ("Projekt #2") is percent-encoded instead of ending the path. Use with
    `sqlite3.connect(read_only_uri(p), uri=True)`; never build it with an f-string."""
    return Path(path).expanduser().resolve().as_uri() + "?mode=ro"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # pysqlite's own transaction handling only emits BEGIN before INSERT/UPDATE/DELETE: DDL
    # (a migration's ALTER TABLE) and the reads before the first write ran outside any
    # transaction. Switch it off; `_sqlite_begin` emits a real BEGIN for every transaction.
    dbapi_conn.isolation_level = None
    # Autocommit for the pragmas themselves (journal_mode cannot change inside a transaction).
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn) -> None:
    """Every SQLAlchemy transaction is a real SQLite transaction (DDL included); a writer takes
    the write lock before its first read, so what it checks cannot change before it writes."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITER) else "BEGIN")


def translate_db_error(exc: DBAPIError) -> StoreError:
    """A user-facing Swedish message for a database that cannot be used right now."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text or "lock timeout" in text:
        return StoreError("Databasen är låst av ett annat program eller en annan användare. Försök igen om en stund.")
    if "readonly" in text or "read-only" in text:
        return StoreError("Databasen är skrivskyddad: filen eller mappen den ligger i går inte att skriva till. "
                          "Inget sparades. Kontrollera behörigheten (eller välj en kopia som går att skriva).")
    if "disk" in text and ("full" in text or "i/o" in text):
        return StoreError("Disken är full eller går inte att skriva till; inget sparades.")
    if "unable to open" in text:
        return StoreError("Databasfilen går inte att öppna (saknas mappen eller behörighet?).")
    if "row-level security" in text:  # a write outside the role's municipalities (issue 24)
        table = _quoted_name(text, "for table")
        return StoreError(f"Databasen tillåter inte din databasroll att skriva den här raden{table}: raden hör till "
                          "en kommun som rollen inte är knuten till. Inget sparades. IT ska knyta kontot till "
                          "kommunen (Inställningar → Konton) om det är rätt.")
    if "permission denied" in text or "must be owner" in text or "insufficient privilege" in text:
        table = _quoted_name(text, "for table") or _quoted_name(text, "for sequence")
        return StoreError(f"Din databasroll saknar rättighet{table or ' till tabellerna'}. Inget ändrades. IT ska ge "
                          "rollen rätt grupp (ame_handledare, ame_lasbehorig, ame_admin eller ame_handlaggare) och köra "
                          "ame-desktop check som ägarrollen (IT-guiden, avsnitt 4). Gallring och uppgradering görs "
                          "med ägarrollen.")
    if "does not exist" in text and ("relation" in text or "table" in text):
        return StoreError("Databasen saknar AME Desktops tabeller. Kör ame-desktop check med ägarrollen först "
                          "(se IT-guiden).")
    if "gssapi" in text or "kerberos" in text or "gss " in text or "credential cache" in text:
        return DatabaseLoginNeeded(
            "Ingen giltig Kerberos-biljett för databasen: logga in i Windows igen (eller kör kinit). Hjälper det "
            "inte, kontakta IT: servern ska ha en keytab för postgres/<servernamn>, pg_hba.conf en rad med gss, "
            "och databasrollen ska heta som ditt användarnamn (IT-guiden, avsnitt 4).")
    if "password authentication failed" in text:
        return DatabaseLoginNeeded(
            "Databasservern godtog inte användarnamnet eller lösenordet, eller så har lösenordet gått ut. "
            "Försök igen; IT ska annars kontrollera databasrollen: lösenordet (\\password NAMN) och giltighetstiden "
            "(ALTER ROLE NAMN VALID UNTIL …), och pgpass.conf.")
    if "no password supplied" in text or "password is required" in text:
        return DatabaseLoginNeeded(
            "Databasservern kräver inloggning: ange ditt användarnamn och lösenord (på kommandoraden i "
            "AME_USER och AME_PASSWORD), eller be IT ordna inloggning med Kerberos eller pgpass.conf.")
    if "role" in text and "does not exist" in text and isinstance(exc, OperationalError):  # at sign-in
        return DatabaseLoginNeeded(
            "Databasservern har ingen roll med ditt användarnamn. IT ska skapa den: ame-desktop account pg-roles "
            "(IT-guiden, avsnitt 4).")
    if "not permitted to log in" in text:
        return DatabaseLoginNeeded("Databasrollen får inte logga in (kontot är inaktivt). Kontakta IT.")
    if "connection" in text or "could not connect" in text or "server" in text:
        return StoreError("Kan inte ansluta till databasservern. Kontrollera adressen och nätverket.")
    return StoreError(f"Databasfel: {type(getattr(exc, 'orig', exc)).__name__}")


class DatabaseLoginNeeded(StoreError):
    """The server refused the sign-in (no or wrong password, no Kerberos ticket): ask again."""

    exit_status = 2


def _quoted_name(text: str, after: str) -> str:
    """' X' for "… for table X" in a server message (lower-cased), else ''."""
    at = text.find(after + " ")
    if at < 0:
        return ""
    name = text[at + len(after) + 1:].split()[0].strip('"\'.,:;')
    return f" till tabellen {name}" if after == "for table" else f" till {name}"


def with_login(url: str, username: str, password: str | None) -> str:
    """A PostgreSQL URL with the signed-in person's role and password (never logged or shown)."""
    u = make_url(url)  # URL.set would keep a password already in the address when given None
    return URL.create(u.drivername, username=username, password=password or None, host=u.host, port=u.port,
                      database=u.database, query=u.query).render_as_string(hide_password=False)


def _translated(exc: DBAPIError) -> Exception:
    """Known database states get a Swedish message; a programming error of ours stays a bug."""
    err = translate_db_error(exc)
    if isinstance(exc, ProgrammingError) and err.message.startswith("Databasfel"):
        return exc
    return err


class Database:
    """One register. Sessions don't expire objects on commit, so views can keep showing them."""

    def __init__(self, url: str | URL):
        self.url = make_url(url) if isinstance(url, str) else url
        kwargs: dict = {"hide_parameters": True}  # parameters may hold personnummer: keep them out of logs
        if self.is_sqlite:
            path = self.sqlite_path
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
        else:
            kwargs["pool_pre_ping"] = True
        try:
            self.engine: Engine = create_engine(self.url, **kwargs)
        except ImportError as exc:  # postgresql+psycopg:// in an installation without psycopg
            raise StoreError(
                f"Den här installationen av AME Desktop saknar stöd för {self.url.get_backend_name()} "
                f"(modulen {exc.name} finns inte). IT: installera programmet med PostgreSQL-stödet "
                "(pip install \"ame-desktop[postgres]\") eller använd en SQLite-fil.") from None
        # Who acts through this connection; every session carries it to the services, which
        # check it and record it in the audit log. Set by sign-in (window) or the CLI.
        self.actor = system_actor()
        # Why the actor reads people with protected identity (issue 24), for this program's
        # session: {participant id (None = any): reason}; services/protected_identity.py.
        self.read_reasons: dict = {}
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        # Same pool and events; its transactions are writers (see PG_WRITE_LOCK_KEY).
        self.write_engine: Engine = self.engine.execution_options(**{_WRITER: True})

    @classmethod
    def open(cls, target: str | None = None) -> "Database":
        return cls(resolve_url(target))

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite or not self.url.database or self.url.database == ":memory:":
            return None
        return Path(self.url.database)

    def describe(self) -> str:
        """For the status bar and messages: a path, or the URL without password."""
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        return self.url.render_as_string(hide_password=True)

    def session(self, *, writer: bool = False) -> Session:
        s = Session(self.write_engine if writer else self.engine, expire_on_commit=False)
        s.info["actor"] = self.actor
        s.info["read_reasons"] = self.read_reasons
        return s

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short write transaction: commit on success, roll back on any error. It holds the
        register's write lock from its first statement (see PG_WRITE_LOCK_KEY), so checks made
        in it still hold when it writes."""
        try:
            with self.session(writer=True) as s, s.begin():
                if not self.is_sqlite:
                    lock_for_writing(s)
                yield s
        except (OperationalError, ProgrammingError) as exc:
            raise _translated(exc) from exc

    @contextmanager
    def reading(self) -> Iterator[Session]:
        try:
            with self.session() as s:
                yield s
        except (OperationalError, ProgrammingError) as exc:
            raise _translated(exc) from exc

    def dispose(self) -> None:
        self.engine.dispose()


def lock_for_writing(session) -> None:
    """PostgreSQL: wait (at most WRITE_WAIT_S) for the register's write lock, held until this
    transaction ends. SQLite writers got theirs with BEGIN IMMEDIATE."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        return
    old = conn.exec_driver_sql(
        f"SELECT current_setting('lock_timeout'), set_config('lock_timeout', '{WRITE_WAIT_S}s', true)").scalar()
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK_KEY})")
    conn.execute(sa_text("SELECT set_config('lock_timeout', :old, true)"), {"old": old})


def first_column(session, stmt) -> list:
    """The first column of every row of a Core select, fetched through the DBAPI cursor.

    For long id lists (the register list at 50 000 people) SQLAlchemy's per-row result
    processing costs more than SQLite's own work; plain values (ints, text) need none of it.
    """
    conn = session.connection()
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    if conn.dialect.name == "sqlite":
        # What SQLAlchemy's Date type would bind: ISO text (sqlite3's own adapter is deprecated).
        params = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in params.items()}
    args = [params[k] for k in compiled.positiontup] if compiled.positional else params
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(str(compiled), args)
        return [row[0] for row in cursor.fetchall()]
    finally:
        cursor.close()


def driver_rows(session, stmt) -> tuple[list[str], list]:
    """(column names, every row) of a Core select as the driver returns them, without SQLAlchemy's
    per-row type processing: dates come as ISO text from sqlite3 and as date objects from psycopg,
    so the caller handles both. Runs through the connection (exec_driver_sql), so the engine's
    events and the transaction are the same as for `session.execute`.

    Bound values may be text, numbers and dates (a datetime would bind differently from
    SQLAlchemy's DateTime on SQLite, so it is refused)."""
    from datetime import date, datetime

    conn = session.connection()
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    if any(isinstance(v, datetime) for v in params.values()):
        raise TypeError("driver_rows binds dates, not datetimes")
    if conn.dialect.name == "sqlite":
        # What SQLAlchemy's Date type would bind: ISO text (sqlite3's own adapter is deprecated).
        params = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in params.items()}
    args = tuple(params[k] for k in compiled.positiontup) if compiled.positional else params
    result = conn.exec_driver_sql(str(compiled), args)
    return list(result.keys()), result.fetchall()
