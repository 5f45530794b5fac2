"""A register and its backup in a folder whose name has URI syntax in it ("Projekt #2", "100%?"):
every read-only open goes through Path.as_uri() (store/database.read_only_uri), so nothing after
the `#` is lost — a valid backup is found valid and no stray empty file appears (issue 22)."""

import sqlite3

import pytest

from ame_desktop.store.backup import backup_revision, backup_sqlite, verify_sqlite_file
from ame_desktop.store.database import read_only_uri
from ame_desktop.store.schema import SCHEMA_HEAD, open_register


@pytest.mark.parametrize("folder", ["Projekt #2", "100% klart?", "a%23b"])
def test_backup_in_a_folder_with_uri_characters(tmp_path, folder):
    where = tmp_path / folder
    where.mkdir()
    db = open_register(str(where / "ame.db"))
    target = where / "kopia #1.db"
    backup_sqlite(db, target)
    db.dispose()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert verify_sqlite_file(target) == []
    assert backup_revision(target) == SCHEMA_HEAD
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing created beside it


def test_read_only_uri_refuses_to_write(tmp_path):
    path = tmp_path / "Projekt #2" / "x.db"
    path.parent.mkdir()
    sqlite3.connect(path).execute("CREATE TABLE t (a)").connection.commit()
    con = sqlite3.connect(read_only_uri(path), uri=True)
    with pytest.raises(sqlite3.OperationalError):
        con.execute("INSERT INTO t VALUES (1)")
    con.close()
