"""Swedish counts: one helper for "1 kontakt" / "2 kontakter" (issue 21)."""

from ame_desktop.domain import words


def test_one_is_singular_everything_else_plural():
    assert words.count(1, "kontakt", "kontakter") == "1 kontakt"
    assert words.count(0, "kontakt", "kontakter") == "0 kontakter"
    assert words.count(2, "bedömning", "bedömningar") == "2 bedömningar"
    assert words.count(21, "person", "personer") == "21 personer"  # Swedish has no "21 person"
    assert words.form(1, "person", "personer") == "person"


def test_swedish_name_order_puts_foreign_letters_with_their_base_letter():
    from ame_desktop.domain.names import sort_key

    people = ["Öberg", "Šimić", "Åberg", "Çelik", "Zorn", "Łukasik", "Carlsson", "Lund", "Svensson", "Ärlig",
              "Müller", "Ytter"]
    ordered = sorted(people, key=lambda last: sort_key("A", last))
    assert ordered == ["Carlsson", "Çelik", "Łukasik", "Lund", "Müller", "Šimić", "Svensson", "Ytter", "Zorn",
                       "Åberg", "Ärlig", "Öberg"]


def test_the_migration_refills_the_sort_keys(tmp_path):
    import shutil
    import sqlite3
    from pathlib import Path

    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import upgrade

    path = tmp_path / "r.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_0006.db", path)
    con = sqlite3.connect(path)
    con.execute("UPDATE participant SET last_name = 'Łukasik', sort_name = '~old~' WHERE id = 1")
    con.commit()
    con.close()
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    db.dispose()
    con = sqlite3.connect(path)
    assert con.execute("SELECT sort_name FROM participant WHERE id = 1").fetchone()[0] == "lukasik }rjan"
    con.close()


def test_the_migration_writes_old_fullwidth_personnummer_in_ascii_unless_taken(tmp_path):
    import shutil
    import sqlite3
    from pathlib import Path

    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import upgrade

    path = tmp_path / "r.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_0006.db", path)
    con = sqlite3.connect(path)
    # Written before issue 18: Örjan's number in fullwidth digits; a second, fullwidth copy of Märta's.
    con.execute("UPDATE participant SET personnummer = '１９６４０８２３３２３４' WHERE id = 1")
    con.execute("INSERT INTO participant(id, personnummer, first_name, last_name, search_name, sort_name, gender, "
                "municipality_code, created_at, updated_at, version) VALUES (3, '１９７０１０６３２３９１', 'Märta', "
                "'Öberg', 'märta öberg', '}berg m|rta', 'K', '2260', '2025-02-03 10:00:00', '2025-02-03 10:00:00', 1)")
    con.commit()
    con.close()
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    db.dispose()
    con = sqlite3.connect(path)
    numbers = dict(con.execute("SELECT id, personnummer FROM participant"))
    con.close()
    assert numbers[1] == "196408233234"  # the digits it stood for
    assert numbers[2] == "197010632391" and numbers[3] == "１９７０１０６３２３９１"  # taken: left for check to name
