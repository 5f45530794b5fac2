"""PostgreSQL specifics: moving a SQLite register over with migrate-to, connection errors."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa


@pytest.fixture
def empty_pg(pg_databases):
    name, url = pg_databases.create(empty=True)
    yield url
    import gc

    gc.collect()
    pg_databases.drop(name)


@pytest.mark.sqlite_only
def test_migrate_to_moves_the_demo_register_and_verifies_it(cli, empty_pg, tmp_path):
    source = tmp_path / "lokal.db"
    assert cli("demo", "--participants", "80", db=source).code == 0
    r = cli("migrate-to", empty_pg, db=source)
    assert r.code == 0, r.err
    assert "participant" in r.out and "SKILLNAD" not in r.out
    assert json.loads(cli("stats", db=source).out) == json.loads(cli("stats", db=empty_pg).out)
    # The copied register works: new rows get fresh ids after the copied ones.
    assert cli("import", str(_one_person_book(tmp_path)), db=empty_pg).code == 0
    assert json.loads(cli("stats", db=empty_pg).out)["participants"] == 81
    # A second migration into the now filled database is refused.
    again = cli("migrate-to", empty_pg, db=source)
    assert again.code == 2 and "redan" in again.err


@pytest.mark.sqlite_only
def test_migrate_to_checksums_see_a_difference(empty_pg, tmp_path):
    from ame_desktop.store.migrate_to import migrate_to, table_checksum, tables
    from ame_desktop.store.schema import open_register
    from ame_desktop.services.demo import make_demo

    src = open_register(str(tmp_path / "lokal.db"))
    with src.transaction() as s:
        make_demo(s, participants_count=20, seed=3)
    checks = migrate_to(src, empty_pg)
    assert all(c.ok for c in checks)
    target = sa.create_engine(empty_pg)
    participant = next(t for t in tables() if t.name == "participant")
    with target.begin() as conn:
        conn.execute(participant.update().where(participant.c.id == 1).values(first_name="Ändrad"))
        _, changed = table_checksum(conn, participant)
    target.dispose()
    before = next(c for c in checks if c.table == "participant")
    assert changed != before.target_checksum


@pytest.mark.sqlite_only
def test_unreachable_server_gives_a_swedish_message(cli):
    r = cli("stats", db="postgresql+psycopg://ame:fel@127.0.0.1:1/ingen")
    assert r.code == 1
    assert "Kan inte ansluta" in r.err and "Traceback" not in r.err


def _one_person_book(tmp_path):
    from tests.workbooks import HEADERS, write_workbook

    return write_workbook(tmp_path / "en.xlsx", {"Deltagare": [HEADERS["Deltagare"][:3], ["640823-3234", "Ny", "Person"]]})
