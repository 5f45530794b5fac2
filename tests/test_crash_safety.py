"""Crash safety of the SQLite register: a program killed (kill -9) during a schema upgrade or a
backup leaves a register that opens, no half-written copy of personal data, and `restore`
works on a register that cannot be opened. Real processes, real SIGKILL, real files."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ame_desktop.store.schema import SCHEMA_HEAD

FIXTURES = Path(__file__).parent / "fixtures"
BIG = 100_000  # people in the blown-up schema-0001 register

# The child: run the program (`check` opens and migrates the register, or upgrade(db, target)
# directly), and SIGKILL itself right after the first statement containing `pattern` ran.
CHILD = r"""
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

path, target, pattern = sys.argv[1], sys.argv[2], sys.argv[3]
if pattern:
    @event.listens_for(Engine, "after_cursor_execute")
    def _kill(conn, cursor, statement, *args):
        if pattern in statement:
            os.kill(os.getpid(), signal.SIGKILL)
if target == "head":
    from ame_desktop.cli import main
    sys.exit(main(["--db", path, "check"]))
from ame_desktop.store.database import Database
from ame_desktop.store.schema import upgrade
upgrade(Database("sqlite:///" + path), target)
"""


def _child(path: Path, target: str = "head", pattern: str = "") -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    return subprocess.Popen([sys.executable, "-c", CHILD, str(path), target, pattern], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _schema(path: Path) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        con.close()


def _version_and_count(path: Path) -> tuple[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return (con.execute("SELECT version_num FROM alembic_version").fetchone()[0],
                con.execute("SELECT count(*) FROM participant").fetchone()[0])
    finally:
        con.close()


def blow_up(path: Path, n: int) -> None:
    """The schema-0001 fixture with `n` more people, each with an open enrollment."""
    shutil.copyfile(FIXTURES / "schema_0001.db", path)
    con = sqlite3.connect(path)
    rows = ((f"19{i:010d}", f"Förnamn{i % 997}", f"Efternamn{i % 1009}", "KM"[i % 2], "0860",
             "2025-01-01 00:00:00", "2025-01-01 00:00:00") for i in range(n))
    con.executemany("INSERT INTO participant (personnummer, first_name, last_name, gender, municipality_code, "
                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("INSERT INTO enrollment (participant_id, start_date, time_without_work) "
                "SELECT id, '2025-01-01', 'saknas' FROM participant WHERE id > 2")
    con.commit()
    con.close()


@pytest.fixture(scope="module")
def big_0001(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "stor-0001.db"
    blow_up(path, BIG)
    return path


def _kill_when_temp_copy_appears(p: subprocess.Popen, folder: Path, timeout: float = 30) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end and p.poll() is None:
        if any(folder.glob("*.ofärdig-kopia-*.tmp")):
            os.kill(p.pid, signal.SIGKILL)
            p.wait()
            return True
        time.sleep(0.002)
    return False


def _assert_untouched_or_migrated(path: Path, original: list[tuple], target: str) -> str:
    version, count = _version_and_count(path)
    assert version in ("0001", target), version
    assert count == BIG + 2
    if version == "0001":
        assert _schema(path) == original, "a killed upgrade left a half-changed schema-0001 register"
    return version


def _open_and_verify(path: Path, full_check: bool = True) -> None:
    from ame_desktop.services.maintenance import check_register
    from ame_desktop.store.schema import open_register

    db = open_register(str(path))
    try:
        if full_check:
            assert check_register(db) == []
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == SCHEMA_HEAD
            assert conn.exec_driver_sql("SELECT count(*) FROM participant").scalar() == BIG + 2
            assert conn.exec_driver_sql("SELECT count(*) FROM participant WHERE search_name = ''").scalar() == 0
    finally:
        db.dispose()
    leftovers = [p.name for p in path.parent.iterdir() if "ofärdig-kopia" in p.name or p.name.endswith(".tmp")]
    assert leftovers == [], leftovers


@pytest.mark.slow
def test_kill_9_during_a_large_upgrade_never_leaves_a_register_that_cannot_be_opened(big_0001, tmp_path):
    original = _schema(big_0001)
    # Kill points: during the copy made before the upgrade; right after statements of the
    # first, a middle and the last migration step; and at moments of a measured run.
    # (The many steps between are covered on a smaller register below.)
    points: list[tuple[str, object]] = [
        ("copy", None),
        ("sql", "ADD COLUMN search_name"),
        ("sql", "INSERT INTO _alembic_tmp_participant"),
        ("sql", f"version_num='{SCHEMA_HEAD}'"),
    ]
    seen = {}
    full_run = None
    for i, (kind, what) in enumerate(points + [("time", 0.6)]):
        folder = tmp_path / f"k{i}"
        folder.mkdir()
        path = folder / "ame.db"
        shutil.copyfile(big_0001, path)
        start = time.monotonic()
        if kind == "copy":
            p = _child(path)
            assert _kill_when_temp_copy_appears(p, folder), "the copy before the upgrade was never seen"
            assert list(folder.glob("*.ofärdig-kopia-*.tmp"))  # the state we want to recover from
        elif kind == "sql":
            p = _child(path, pattern=what)
            assert p.wait(timeout=120) == -signal.SIGKILL, f"never reached {what!r}"
            if full_run is None or what == f"version_num='{SCHEMA_HEAD}'":
                full_run = time.monotonic() - start
        else:
            p = _child(path)
            time.sleep(what * full_run)
            os.kill(p.pid, signal.SIGKILL)
            p.wait()
        seen[(kind, what)] = _assert_untouched_or_migrated(path, original, SCHEMA_HEAD)
        _open_and_verify(path, full_check=i in (0, len(points)))
    # Every kill inside the upgrade's transaction found the register untouched at 0001.
    assert all(seen[p] == "0001" for p in points), seen


def test_kill_9_during_an_upgrade_to_0006_leaves_0001_untouched(tmp_path):
    """The same on a smaller register, up to the last migration older than this session's work."""
    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import upgrade

    path = tmp_path / "ame.db"
    blow_up(path, 5_000)
    original = _schema(path)
    for pattern in ("UPDATE participant SET search_name", "version_num='0003'", "CREATE TABLE step_level",
                    "ADD COLUMN version", "INSERT INTO _alembic_tmp_staff_member", "version_num='0006'"):
        p = _child(path, "0006", pattern)
        assert p.wait(timeout=60) == -signal.SIGKILL, pattern
        assert _version_and_count(path) == ("0001", 5_002)
        assert _schema(path) == original, pattern
    db = Database(f"sqlite:///{path}")
    upgrade(db, "0006")
    db.dispose()
    assert _version_and_count(path) == ("0006", 5_002)


def test_a_failing_migration_step_changes_nothing(db_path, monkeypatch):
    """An error in a later step undoes the earlier ones too: one transaction for the whole upgrade."""
    import ame_desktop.domain.names as names
    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import upgrade

    shutil.copyfile(FIXTURES / "schema_0001.db", db_path)
    original = _schema(db_path)
    calls = []

    def failing_key(*args):
        calls.append(args)
        raise RuntimeError("simulated crash inside migration 0002")

    monkeypatch.setattr(names, "search_key", failing_key)
    sys.modules.pop("ame_desktop.store.migrations.versions.0002_participant_name_keys", None)
    db = Database(f"sqlite:///{db_path}")
    with pytest.raises(RuntimeError):
        upgrade(db)
    db.dispose()
    assert calls  # it failed after ALTER TABLE … ADD COLUMN search_name had run
    assert _schema(db_path) == original
    assert _version_and_count(db_path) == ("0001", 2)


def test_a_failing_migration_step_changes_nothing_on_postgresql(pg_databases, monkeypatch):
    """PostgreSQL has transactional DDL: the same one transaction undoes the whole upgrade."""
    import sqlalchemy as sa

    import ame_desktop.domain.names as names
    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import upgrade

    name, url = pg_databases.create(empty=True)
    try:
        db = Database(url)
        upgrade(db, "0001")
        with db.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO participant (personnummer, first_name, last_name, gender, "
                                 "municipality_code, created_at, updated_at) VALUES ('196408233234', 'Örjan', "
                                 "'Åberg', 'M', '0860', now(), now())")

        def failing_key(*args):
            raise RuntimeError("simulated crash inside migration 0002")

        monkeypatch.setattr(names, "search_key", failing_key)
        with pytest.raises(RuntimeError):
            upgrade(db)
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0001"
            cols = {c["name"] for c in sa.inspect(conn).get_columns("participant")}
            assert "search_name" not in cols and "version" not in cols
        monkeypatch.undo()
        upgrade(db)
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == SCHEMA_HEAD
            assert conn.exec_driver_sql("SELECT search_name FROM participant").scalar() != ""
        db.dispose()
    finally:
        pg_databases.drop(name)


# -- restore ---------------------------------------------------------------------------------
def _good_backup(tmp_path: Path) -> Path:
    from ame_desktop.services import participants as ps
    from ame_desktop.store.backup import backup_sqlite
    from ame_desktop.store.schema import open_register

    db = open_register(str(tmp_path / "källa.db"))
    with db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput("198503141239", "Åsa", "Ärlig", municipality_code="0860"))
    copy = backup_sqlite(db, tmp_path / "kopia.db")
    db.dispose()
    return copy


def _half_upgraded_register(path: Path) -> None:
    """What the old program left after kill -9 in migration 0002: schema 0001 plus a column."""
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    shutil.copyfile(FIXTURES / "schema_0001.db", path)
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE participant ADD COLUMN search_name VARCHAR(201) DEFAULT '' NOT NULL")
    con.commit()
    con.close()


@pytest.mark.parametrize("broken", ["half-upgraded", "not-a-database"])
def test_restore_works_on_a_register_that_cannot_be_opened(tmp_path, broken):
    from ame_desktop.cli import main
    from ame_desktop.services.maintenance import open_and_check

    backup = _good_backup(tmp_path)
    register = tmp_path / "ame.db"
    if broken == "half-upgraded":
        _half_upgraded_register(register)
        assert "duplicate column name" in " ".join(open_and_check(str(register))[1])
        _half_upgraded_register(register)  # the failed attempt made a backup copy; start over
    else:
        register.write_bytes(b"inte en databas " * 100)
    before = register.read_bytes()
    assert main(["--db", str(register), "restore", str(backup)]) == 0
    safety = list(tmp_path.glob("ame.db.före-återställning-*.bak"))
    assert len(safety) == 1
    if broken == "not-a-database":
        assert safety[0].read_bytes() == before
    else:
        assert _schema(safety[0])  # a readable copy of the broken register, kept for IT
    assert open_and_check(str(register))[1] == []
    con = sqlite3.connect(register)
    assert con.execute("SELECT first_name FROM participant").fetchall() == [("Åsa",)]
    con.close()


def test_restore_refuses_a_bad_backup_file_before_touching_a_broken_register(tmp_path, capsys):
    from ame_desktop.cli import main

    register = tmp_path / "ame.db"
    _half_upgraded_register(register)
    before = register.read_bytes()
    bad = tmp_path / "trasig.db"
    bad.write_bytes(b"nonsense")
    assert main(["--db", str(register), "restore", str(bad)]) == 2
    assert "Kan inte återställa" in capsys.readouterr().err
    assert register.read_bytes() == before
    assert not list(tmp_path.glob("*.bak"))


def test_restore_of_a_register_that_opens_still_needs_an_administrator(tmp_path, monkeypatch, capsys):
    from ame_desktop.cli import main
    from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH
    from ame_desktop.services import accounts
    from ame_desktop.store.schema import open_register

    backup = _good_backup(tmp_path)
    register = tmp_path / "ame.db"
    db = open_register(str(register))
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", "hemligt-lösen-1", ROLE_ADMIN)
    db.actor = accounts.sign_in_db(db, "anna", "hemligt-lösen-1")
    with db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", "hemligt-lösen-1", ROLE_COACH, ["0860"])
    db.dispose()
    assert main(["--db", str(register), "restore", str(backup)]) == 2  # no sign-in
    monkeypatch.setenv("AME_USER", "kerstin")
    monkeypatch.setenv("AME_PASSWORD", "hemligt-lösen-1")
    assert main(["--db", str(register), "restore", str(backup)]) == 2  # not an administrator
    assert not list(tmp_path.glob("ame.db.före-återställning-*"))
    monkeypatch.setenv("AME_USER", "anna")
    assert main(["--db", str(register), "restore", str(backup)]) == 0


# -- backup ----------------------------------------------------------------------------------
BACKUP_CHILD = r"""
import sys
from ame_desktop.store.backup import backup_sqlite
from ame_desktop.store.database import Database
backup_sqlite(Database("sqlite:///" + sys.argv[1]), sys.argv[2])
"""


def _big_register(tmp_path: Path) -> Path:
    """A register at head of some tens of MB, so that a copy takes long enough to be killed."""
    path = tmp_path / "ame.db"
    blow_up(path, 60_000)
    from ame_desktop.store.schema import open_register

    open_register(str(path)).dispose()
    for old in tmp_path.glob("*.bak"):
        old.unlink()
    return path


@pytest.mark.slow
def test_kill_9_during_backup_leaves_no_copy_of_the_register_behind(tmp_path):
    from ame_desktop.store.backup import backup_sqlite
    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import open_register

    register = _big_register(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))

    def killed_backup(target: Path) -> list[Path]:
        p = subprocess.Popen([sys.executable, "-c", BACKUP_CHILD, str(register), str(target)], env=env)
        assert _kill_when_temp_copy_appears(p, target.parent), "no temp copy seen"
        temps = list(target.parent.glob("*.ofärdig-kopia-*"))
        assert temps and not target.exists()
        # Beside the target, named so that a user knows what it is.
        assert all(t.name.startswith(target.name + ".ofärdig-kopia-") for t in temps)
        return temps

    # 1. A copy somewhere else: the next start of the program removes it.
    elsewhere = tmp_path / "usb" / "kopia.db"
    elsewhere.parent.mkdir()
    killed_backup(elsewhere)
    assert list(tmp_path.glob("ame.db.kopiering-*.pågår"))  # the marker that names it
    open_register(str(register)).dispose()
    assert list(elsewhere.parent.iterdir()) == []
    assert not list(tmp_path.glob("ame.db.kopiering-*"))

    # 2. The daily copy's folder: the next backup there removes it, and then succeeds.
    daily = tmp_path / "säkerhetskopior" / "ame-2026-12-01.db"
    daily.parent.mkdir()
    killed_backup(daily)
    db = Database(f"sqlite:///{register}")
    backup_sqlite(db, daily.with_name("ame-2026-12-02.db"))
    db.dispose()
    assert sorted(p.name for p in daily.parent.iterdir()) == ["ame-2026-12-02.db"]

    # 3. Beside the register (the copy before an upgrade or a restore): the next start.
    killed_backup(tmp_path / "ame.db.före-uppgradering.bak")
    open_register(str(register)).dispose()
    assert not [p for p in tmp_path.iterdir() if "ofärdig" in p.name]


def test_a_temp_copy_of_a_running_backup_is_left_alone(tmp_path):
    """Cleaning up never removes the copy another program is writing right now."""
    from ame_desktop.store import backup

    target = tmp_path / "kopia.db"
    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        running = target.with_name(f"{target.name}{backup.TEMP_MARK}{backup._host_tag()}-{parent.pid}.tmp")
        running.write_bytes(b"x")
        gone = subprocess.Popen([sys.executable, "-c", "pass"])
        gone.wait()
        stale = target.with_name(f"{target.name}{backup.TEMP_MARK}{backup._host_tag()}-{gone.pid}.tmp")
        stale.write_bytes(b"x")
        stale.with_name(stale.name + "-journal").write_bytes(b"x")
        other_host = target.with_name(f"{target.name}{backup.TEMP_MARK}0badc0de-{gone.pid}.tmp")
        other_host.write_bytes(b"x")
        unrelated = tmp_path / "mina-anteckningar.tmp"
        unrelated.write_bytes(b"x")
        assert backup.remove_stale_temp_copies(tmp_path) == 1
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [running.name, other_host.name, unrelated.name])
        # An old copy of another computer is stale too.
        old = time.time() - backup.STALE_AFTER_S - 60
        os.utime(other_host, (old, old))
        assert backup.remove_stale_temp_copies(tmp_path) == 1
        assert running.exists() and unrelated.exists()
    finally:
        parent.kill()
        parent.wait()
