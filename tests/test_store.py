"""The store: new registers, migrations from every released schema, refusing newer ones,
backup/restore and check. About the SQLite file itself: these run on SQLite only."""


from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from ame_desktop.domain.errors import UserError
from ame_desktop.services.maintenance import check_register
from ame_desktop.store.backup import backup_sqlite, restore_sqlite
from ame_desktop.store.database import Database
from ame_desktop.store.schema import SchemaError, ensure_schema, head_revision, open_register, schema_status

pytestmark = pytest.mark.sqlite_only

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("schema_*.db"))


def schema_diff(db: Database) -> list:
    with db.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)


def test_new_register_is_created_at_head_with_municipalities(db_path):
    db = open_register(str(db_path))
    assert schema_status(db).current == head_revision()
    with db.engine.connect() as conn:
        n = conn.execute(sa.text("SELECT count(*) FROM municipality WHERE kind='K'")).scalar_one()
        hultsfred = conn.execute(sa.text("SELECT name FROM municipality WHERE code='0860'")).scalar_one()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 1000
    assert n == 290
    assert hultsfred == "Hultsfred"
    assert schema_diff(db) == []
    db.dispose()


def test_created_schema_equals_migrated_schema(tmp_path):
    """create_all + stamp (new files) and the migrations (old files) must give the same tables."""
    from ame_desktop.store.schema import upgrade

    db = Database(f"sqlite:///{tmp_path / 'migrated.db'}")
    upgrade(db)
    assert schema_diff(db) == []
    db.dispose()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_every_released_schema_upgrades_with_data_intact(fixture, tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(fixture, path)
    db = Database(f"sqlite:///{path}")
    action = ensure_schema(db)
    assert action in ("upgraded", "current")
    if action == "upgraded":
        assert list(tmp_path.glob("old.db.före-uppgradering-*.bak")), "a copy is made before upgrading"
    assert schema_status(db).current == head_revision()
    assert schema_diff(db) == []
    assert check_register(db) == []
    with db.engine.connect() as conn:
        names = conn.execute(sa.text("SELECT first_name FROM participant ORDER BY id")).scalars().all()
        kas = conn.execute(sa.text("SELECT exit_kas FROM enrollment WHERE id=1")).scalar_one()
        keys = conn.execute(sa.text("SELECT search_name, sort_name FROM participant WHERE id=1")).one()
    assert names[:2] == ["Örjan", "Märta"]  # schema_0015 adds a third (a protected identity)
    assert tuple(keys) == ("örjan åberg", "{berg }rjan")  # filled by migration 0002
    assert kas == "E"
    db.dispose()


def test_at_least_the_first_schema_has_a_fixture():
    assert any(p.stem == "schema_0001" for p in FIXTURES)


def test_newer_schema_is_refused_and_left_alone(db_path):
    db = open_register(str(db_path))
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num='9999_future'"))
    db.dispose()
    before = db_path.read_bytes()
    with pytest.raises(SchemaError) as e:
        open_register(str(db_path))
    assert "nyare" in e.value.message
    assert db_path.read_bytes() == before


def test_sqlite_file_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(SchemaError) as e:
        open_register(str(path))
    assert "ingen AME Desktop-databas" in e.value.message


def test_backup_and_restore_round_trip(db, db_path, tmp_path):
    from ame_desktop.services import participants as ps

    with db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg"))
    backup = backup_sqlite(db, tmp_path / "kopia.db")
    with db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput("701063-2391", "Märta", "Öberg"))
    safety = restore_sqlite(db, backup)
    db2 = open_register(str(db_path))
    with db2.engine.connect() as conn:
        names = conn.execute(sa.text("SELECT first_name FROM participant")).scalars().all()
    assert names == ["Örjan"]
    # The safety copy holds the state just before the restore.
    con = sqlite3.connect(safety)
    assert sorted(r[0] for r in con.execute("SELECT first_name FROM participant")) == ["Märta", "Örjan"]
    con.close()
    assert check_register(db2) == []
    db2.dispose()


def test_restore_refuses_a_file_that_is_not_a_register(db, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(UserError) as e:
        restore_sqlite(db, junk)
    assert "ingen SQLite-databas" in e.value.message


def test_restore_refuses_a_backup_from_a_newer_version(db, tmp_path):
    backup = backup_sqlite(db, tmp_path / "ny.db")
    con = sqlite3.connect(backup)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    with pytest.raises(UserError) as e:
        restore_sqlite(db, backup)
    assert "9999_future" in e.value.message


def test_check_finds_a_corrupted_file(db, db_path):
    db.dispose()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=DELETE")
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name='municipality'").fetchone()[0]
    page = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(db_path.read_bytes())
    # Scribble over the municipality table's b-tree page: the file opens, the structure is broken.
    start = (root - 1) * page + 8
    data[start : start + 200] = b"\x5a" * 200
    db_path.write_bytes(bytes(data))
    broken = Database(f"sqlite:///{db_path}")
    problems = check_register(broken)
    assert problems and ("Integritetskontrollen" in problems[0] or "går inte att läsa" in problems[0])
    broken.dispose()


def test_schema_head_constant_matches_the_migrations():
    from ame_desktop.store.schema import SCHEMA_HEAD

    assert SCHEMA_HEAD == head_revision()
