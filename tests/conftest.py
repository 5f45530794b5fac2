"""Shared fixtures: a fresh register per test, an in-process CLI runner, workbook builders.

Backends: every test that uses `db`, `db_url` or `cli` (and not the SQLite file itself through
`db_path`, and is not a window test) runs on SQLite, and also on PostgreSQL when
AME_TEST_PG_URL names a server (`postgresql+psycopg://user:pw@host/postgres`; the role needs
CREATEDB). Each PostgreSQL test gets its own database, copied from a template made once;
`db` on SQLite starts from a copy of a register file made once, too. Passwords are hashed at
argon2's lowest cost (`production_hasher`: the program's).

Qt runs offscreen and logs go to the test's temporary folder (never to the user's log).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolate(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("AME_LOG_FILE", str(home / "ame-test.log"))
    monkeypatch.delenv("AME_DB", raising=False)
    # platformdirs on Linux honours XDG_*: keep the default register out of the real home.
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    yield


TEST_HASH_PARAMETERS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}  # argon2's lowest; tests only


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashes():
    """The tests hash and check passwords with argon2 at its lowest cost: at the program's cost
    (argon2's defaults, services/accounts._hasher) each hash or check takes a third of a second of
    CPU, and the suite makes thousands. Only in this process: a program the tests start as a
    subprocess hashes at its own cost (and rehashes such a password when its owner signs in).
    Yields the program's own `_hasher`, for `production_hasher`."""
    from argon2 import PasswordHasher

    from ame_desktop.services import accounts

    program_hasher = accounts._hasher
    cheap = PasswordHasher(**TEST_HASH_PARAMETERS)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(accounts, "_hasher", lambda: cheap)
        yield program_hasher


@pytest.fixture
def production_hasher(_cheap_password_hashes, monkeypatch):
    """This test hashes and checks passwords as the program does (tests/test_password_hashing.py
    tests those parameters and the rehash on sign-in). Returns the program's PasswordHasher."""
    from ame_desktop.services import accounts

    monkeypatch.setattr(accounts, "_hasher", _cheap_password_hashes)
    return _cheap_password_hashes()


PG_ADMIN_URL = os.environ.get("AME_TEST_PG_URL")
BACKEND_FIXTURES = {"db", "db_url", "cli"}


def pytest_generate_tests(metafunc):
    if "backend" not in metafunc.fixturenames:
        return
    backends = ["sqlite"]
    sqlite_only = ("db_path" in metafunc.fixturenames
                   or metafunc.module.__name__.split(".")[-1].startswith("test_ui")
                   or metafunc.definition.get_closest_marker("sqlite_only") is not None)
    if PG_ADMIN_URL and not sqlite_only and BACKEND_FIXTURES & set(metafunc.fixturenames):
        backends.append("postgres")
    metafunc.parametrize("backend", backends, indirect=True)


@pytest.fixture
def backend(request) -> str:
    return getattr(request, "param", "sqlite")


class _PgDatabases:
    """Creates a template register once, then one copy per test (CREATE DATABASE … TEMPLATE)."""

    counter = itertools.count()

    def __init__(self) -> None:
        import sqlalchemy as sa

        self.admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        self.prefix = f"ame_test_{os.getpid()}"
        self.template = f"{self.prefix}_tpl"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{self.template}"')
        from ame_desktop.store.schema import open_register

        register = open_register(self.url(self.template))
        register.dispose()

    def url(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    def create(self, empty: bool = False) -> tuple[str, str]:
        """A copy of the template register, or (empty=True) a database without any tables."""
        name = f"{self.prefix}_{next(self.counter)}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"' + ("" if empty else f' TEMPLATE "{self.template}"'))
        return name, self.url(name)

    def drop(self, name: str) -> None:
        import time

        import sqlalchemy as sa

        # WITH (FORCE) may meet an autovacuum worker the role may not terminate: wait and retry.
        for attempt in range(20):
            try:
                with self.admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except sa.exc.DBAPIError:
                if attempt == 19:
                    raise
                time.sleep(0.25)

    def close(self) -> None:
        self.drop(self.template)
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_databases():
    if not PG_ADMIN_URL:
        pytest.skip("AME_TEST_PG_URL is not set")
    dbs = _PgDatabases()
    yield dbs
    dbs.close()


@pytest.fixture
def db_url(backend, tmp_path, request) -> str:
    """The register of this test: a SQLite file, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        yield str(tmp_path / "ame.db")
        return
    dbs = request.getfixturevalue("pg_databases")
    name, url = dbs.create()
    yield url
    import gc

    gc.collect()  # engines of the test are disposed before the database is dropped
    dbs.drop(name)


@pytest.fixture
def db_path(tmp_path) -> Path:
    """The SQLite file itself (tests that use it run on SQLite only)."""
    return tmp_path / "ame.db"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A new SQLite register made once (per worker), closed: `db` starts from a copy of it, as
    on PostgreSQL. Making one costs a third of a second, most of it waiting for the disk.
    (`db_url`, `db_path` and `cli` stay a file not yet there: making a register is tested there.)"""
    from ame_desktop.store.schema import open_register

    path = tmp_path_factory.mktemp("template") / "ame.db"
    open_register(str(path)).dispose()
    leftovers = [p.name for p in path.parent.iterdir() if p != path]
    assert not leftovers, leftovers  # the whole register is in the one file (no -wal left)
    return path


@pytest.fixture
def db(db_url, backend, request):
    from ame_desktop.store.schema import open_register

    if backend == "sqlite":
        import shutil

        shutil.copyfile(request.getfixturevalue("sqlite_template"), db_url)
    database = open_register(db_url)
    with database.transaction() as s:
        from ame_desktop.services.settings import set_setting

        set_setting(s, "municipality", "0860")
    yield database
    database.dispose()


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def cli(db_url):
    """Run `ame-desktop --db <the test's register> ...` in-process; returns CliResult."""
    from ame_desktop.cli import main

    def run(*args: str, db: Path | str | None = None) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--db", str(db or db_url), *args])
            except SystemExit as exc:  # --version / --help
                code = int(exc.code or 0)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run
