"""Writers racing each other: two real processes import (or save through the services) at the
same moment, on SQLite and PostgreSQL. The register's rules hold (no overlapping enrollments,
no second step assessment of a person on a day, no duplicate AF contact), the loser gets a
Swedish message, never a traceback, and `check` finds what an older program let through.
An import bumps the version of every person it changes (optimistic locking)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from ame_desktop.domain.errors import ConflictError
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services.importing import import_workbook
from ame_desktop.services.maintenance import rule_problems
from tests.workbooks import HEADERS, write_workbook

P1 = "196408233234"
P2 = "198503141239"
STEG = ["Personnummer", "Datum", "Nivå", "Bedömare", "Kommentar"]
AF = ["Datum", "Tid", "Personnummer", "Handledare", "AF-kontaktperson", "AF-kontor", "Kanal", "Kontaktkategori",
      "Samtycke", "Samtycke datum", "Fråga", "Utfall", "Uppföljning", "Uppföljning klar"]

# One writer. It opens the register, says it is ready, waits for the common start signal, and
# then works. Right before its first INSERT into one of the tables named it pauses a moment
# (all its checks are done by then): without serialised writers both processes have checked
# before either writes.
CHILD = r"""
import json, os, sys, time
from sqlalchemy import event
from sqlalchemy.engine import Engine

url, folder, name, job = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
paused = []

@event.listens_for(Engine, "before_cursor_execute")
def _pause(conn, cursor, statement, *args):
    if not paused and any(statement.startswith("INSERT INTO " + t) for t in job["pause_before"]):
        paused.append(1)
        time.sleep(1.0)

from ame_desktop.domain.errors import AmeError, UserError
from ame_desktop.store.schema import open_register

db = open_register(url)
open(os.path.join(folder, name + ".ready"), "w").close()
go = os.path.join(folder, "go")
while not os.path.exists(go):
    time.sleep(0.002)
try:
    if job["kind"] == "import":
        from ame_desktop.services.importing import import_workbook
        report = import_workbook(db, job["book"])
        print(json.dumps({"ok": True, "counts": {k: vars(v) for k, v in report.counts.items()}}))
    elif job["kind"] == "enrollment":
        from ame_desktop.services import enrollments
        with db.transaction() as s:
            enrollments.add_enrollment(s, job["pid"], job["start"])
        print(json.dumps({"ok": True}))
    elif job["kind"] == "step":
        from ame_desktop.services import steps
        with db.transaction() as s:
            steps.add_assessment(s, job["pid"], job["day"], job["level"])
        print(json.dumps({"ok": True}))
except UserError as exc:
    print(json.dumps({"ok": False, "user_error": True, "message": exc.message}))
    sys.exit(2)
except AmeError as exc:
    print(json.dumps({"ok": False, "user_error": False, "message": exc.message}))
    sys.exit(1)
"""


def race(db_url: str, folder: Path, jobs: list[dict]) -> list[dict]:
    """Run the jobs in separate processes, started at the same moment; their results."""
    folder.mkdir(exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, db_url, str(folder), f"w{i}", json.dumps(job)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i, job in enumerate(jobs)]
    try:
        end = time.monotonic() + 60
        while not all((folder / f"w{i}.ready").exists() for i in range(len(jobs))):
            assert time.monotonic() < end, "the writers never got ready"
            assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
            time.sleep(0.01)
        (folder / "go").touch()
        results = []
        for p in procs:
            out, err = p.communicate(timeout=90)
            assert "Traceback" not in err and "IntegrityError" not in out + err, err
            result = json.loads(out.strip().splitlines()[-1])
            result["code"] = p.returncode
            results.append(result)
        return results
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()


@pytest.fixture
def person(db):
    with db.transaction() as s:
        pid = ps.create_participant(s, ps.ParticipantInput(P1, "Örjan", "Åberg")).id
    return pid


def _count(db, sql: str, **params) -> int:
    with db.reading() as s:
        return s.execute(sa.text(sql), params).scalar_one()


def test_two_imports_at_once_never_overlap_enrollments(db, db_url, person, tmp_path):
    books = [write_workbook(tmp_path / f"in{i}.xlsx", {"Inskrivningar": [
        HEADERS["Inskrivningar"][:4], [P1, start, None, "saknas"]]}) for i, start in
        enumerate(["2025-01-01", "2025-03-01"])]
    results = race(db_url, tmp_path / "race", [
        {"kind": "import", "book": str(b), "pause_before": ["enrollment"]} for b in books])
    assert sorted(r["ok"] for r in results) == [False, True], results
    loser = next(r for r in results if not r["ok"])
    assert loser["user_error"] and loser["code"] == 2
    assert "Överlappar en annan inskrivning" in loser["message"] and "Inget sparades" in loser["message"]
    assert _count(db, "SELECT count(*) FROM enrollment WHERE participant_id = :p", p=person) == 1
    assert rule_problems(db) == []


def test_two_imports_at_once_never_duplicate_step_assessments_or_af_contacts(db, db_url, person, tmp_path):
    with db.transaction() as s:
        es.add_enrollment(s, person, "2025-01-01")
    books = [write_workbook(tmp_path / f"in{i}.xlsx", {
        "Steg": [STEG, [P1, "2025-02-03", level, None, None]],
        "AF-kontakter": [AF, ["2025-02-04", "09:30", P1, "Kerstin Ålund", "Birgitta Lundin", "AF Västervik", "Telefon",
                              "Tolka beslut", "ja", "2025-01-15", "Fråga", outcome, None, None]],
    }) for i, (level, outcome) in enumerate([(1, "Svar A"), (2, "Svar B")])]
    results = race(db_url, tmp_path / "race", [
        {"kind": "import", "book": str(b), "pause_before": ["step_assessment", "af_contact"]} for b in books])
    assert all(r["ok"] for r in results), results
    # The later import found the earlier one's rows (and the coach it added to the staff list)
    # and changed them instead of adding more.
    assert sorted(r["counts"]["Steg"]["new"] for r in results) == [0, 1]
    assert sorted(r["counts"]["AF-kontakter"]["new"] for r in results) == [0, 1]
    assert _count(db, "SELECT count(*) FROM step_assessment WHERE participant_id = :p", p=person) == 1
    assert _count(db, "SELECT count(*) FROM af_contact WHERE participant_id = :p", p=person) == 1
    assert rule_problems(db) == []


def test_two_windows_saving_at_once_keep_the_rules(db, db_url, person, tmp_path):
    """The services the window uses check, then write: the same race, the same result."""
    results = race(db_url, tmp_path / "e", [
        {"kind": "enrollment", "pid": person, "start": start, "pause_before": ["enrollment"]}
        for start in ("2025-01-01", "2025-02-01")])
    assert sorted(r["ok"] for r in results) == [False, True], results
    assert "Överlappar en annan inskrivning" in next(r for r in results if not r["ok"])["message"]
    results = race(db_url, tmp_path / "s", [
        {"kind": "step", "pid": person, "day": "2025-02-03", "level": level, "pause_before": ["step_assessment"]}
        for level in (1, 2)])
    assert sorted(r["ok"] for r in results) == [False, True], results
    assert "har redan en stegbedömning 2025-02-03" in next(r for r in results if not r["ok"])["message"]
    assert _count(db, "SELECT count(*) FROM enrollment WHERE participant_id = :p", p=person) == 1
    assert _count(db, "SELECT count(*) FROM step_assessment WHERE participant_id = :p", p=person) == 1
    assert rule_problems(db) == []


def test_check_finds_overlaps_and_duplicates_an_older_program_let_through(db, person, cli):
    with db.transaction() as s:
        other = ps.create_participant(s, ps.ParticipantInput(P2, "Åsa", "Ärlig")).id
        es.add_enrollment(s, other, "2025-01-01")  # fine: one period
    assert rule_problems(db) == []
    assert cli("check").code == 0
    # What two racing writers left before writers were serialised (written past the services).
    with db.transaction() as s:
        conn = s.connection()
        conn.execute(sa.text("INSERT INTO enrollment (participant_id, start_date, end_date, time_without_work, "
                             "municipality_code) VALUES (:p, '2025-01-01', NULL, 'saknas', '0860'), "
                             "(:p, '2025-03-01', NULL, 'saknas', '0860')"),
                     {"p": person})
        conn.execute(sa.text("INSERT INTO requirement_period (participant_id, start_date, end_date, hours_per_week) "
                             "VALUES (:p, '2025-01-01', '2025-04-30', 40), (:p, '2025-04-30', NULL, 20)"),
                     {"p": person})
        level = conn.execute(sa.text("SELECT min(id) FROM step_level")).scalar_one()
        for _ in range(2):
            conn.execute(sa.text("INSERT INTO step_assessment (participant_id, assessed_on, level_id, created_at) "
                                 "VALUES (:p, '2025-02-03', :l, '2025-02-03 10:00:00')"), {"p": person, "l": level})
            conn.execute(sa.text("INSERT INTO af_contact (contact_at, participant_id, channel, category, "
                                 "consent_documented, created_at) VALUES ('2025-02-04 09:30:00', :p, 'TELEFON', "
                                 "'TOLKA_BESLUT', true, '2025-02-04 10:00:00')"), {"p": person})
    problems = rule_problems(db)
    assert len(problems) == 4, problems
    assert problems[0].startswith("1 deltagare har inskrivningar som överlappar")
    assert problems[1].startswith("1 deltagare har aktivitetskravsperioder som överlappar")
    assert problems[2].startswith("1 deltagare har två eller fler stegbedömningar samma dag")
    assert problems[3].startswith("1 kontakter med Arbetsförmedlingen finns två gånger")
    assert all(f"deltagare-id {person}" in p for p in problems)
    assert all(P1 not in p and "Örjan" not in p for p in problems)  # ids, never personal data
    r = cli("check")
    assert r.code == 1 and "överlappar" in r.err


# -- optimistic locking through the import -----------------------------------------------------
def _open_form(db, pid):
    """What the participant window holds while open: the values and the version it read."""
    with db.reading() as s:
        p = ps.get_participant(s, pid)
        return ps.input_from(p), p.version


def test_an_import_refuses_a_form_opened_before_it(db, person, tmp_path):
    form, version = _open_form(db, person)
    book = write_workbook(tmp_path / "in.xlsx", {"Deltagare": [
        HEADERS["Deltagare"][:3] + ["Telefon"], [P1, "Örjan", "Åberg", "070-123 45 67"]]})
    assert import_workbook(db, book).counts["Deltagare"].updated == 1
    form.email = "orjan@example.com"
    with pytest.raises(ConflictError) as e, db.transaction() as s:
        ps.update_participant(s, person, form, expected_version=version)
    assert "har ändrats av någon annan" in e.value.message
    with db.reading() as s:
        p = ps.get_participant(s, person)
        assert (p.phone, p.email, p.version) == ("070-123 45 67", None, version + 1)
    # The same file again changes nothing, so nothing is bumped.
    import_workbook(db, book)
    assert _open_form(db, person)[1] == version + 1


def test_an_import_of_other_sheets_also_bumps_the_version(db, person, tmp_path):
    form, version = _open_form(db, person)
    book = write_workbook(tmp_path / "in.xlsx", {
        "Inskrivningar": [HEADERS["Inskrivningar"][:4], [P1, "2025-01-01", None, "saknas"]],
        "Deltagare": [HEADERS["Deltagare"][:3], [P2, "Åsa", "Ärlig"]]})
    import_workbook(db, book)
    with pytest.raises(ConflictError), db.transaction() as s:
        ps.update_participant(s, person, form, expected_version=version)
    with db.reading() as s:
        new = ps.find_participant(s, P2)
        assert new.version == 1  # a person the import created starts at version 1


def test_a_writer_that_waits_too_long_gets_a_swedish_message(db, db_url, person, tmp_path):
    """While another writer holds the register (an import, say), a save waits a few seconds and
    then says so in Swedish; nothing is written, nothing is left locked."""
    from ame_desktop.domain.errors import StoreError
    from ame_desktop.store.database import WRITE_WAIT_S, Database

    other = Database.open(db_url)
    try:
        with other.transaction() as holder:
            holder.execute(sa.text("SELECT 1"))  # the write lock is taken at the first statement
            start = time.monotonic()
            with pytest.raises(StoreError) as e, db.transaction() as s:
                es.add_enrollment(s, person, "2025-01-01")
            waited = time.monotonic() - start
        assert "Databasen är låst av ett annat program eller en annan användare" in e.value.message
        assert WRITE_WAIT_S - 1 <= waited < WRITE_WAIT_S + 10
    finally:
        other.dispose()
    with db.transaction() as s:  # free again
        es.add_enrollment(s, person, "2025-01-01")
    assert _count(db, "SELECT count(*) FROM enrollment WHERE participant_id = :p", p=person) == 1
