"""The audit log against someone who holds the register: the four rewrites that `audit verify`
did not notice (a hand-set pseudonymised flag, a deleted log and head row, a cut tail with a
fixed head, a recomputed SHA-256 chain) are caught by the anchors kept outside the register
and by gallring's record of what it pseudonymised; gallring and normal use still verify.

The chain is recomputed here from its documented formula, independently of services.audit."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH
from ame_desktop.domain.models import AuditEntry, AuditHead
from ame_desktop.services import accounts, audit, gallring
from ame_desktop.services import participants as ps
from ame_desktop.store import audit_anchor

PASSWORD = "hemligt-lösen-1"
TODAY = date(2026, 11, 22)
ENTRIES = AuditEntry.__table__
HEAD = AuditHead.__table__


@pytest.fixture
def register(db):
    """A register with some history, anchored as when the program has exited."""
    audit_anchor.forget()  # a new program
    with db.transaction() as s:
        ids = [ps.create_participant(s, ps.ParticipantInput(n, f, l)).id
               for n, f, l in (("640823-3234", "Örjan", "Åberg"), ("198503141239", "Märta", "Öberg"),
                               ("199001012385", "Åke", "Ärlig"))]
    for pid in ids:
        with db.transaction() as s:
            ps.open_record(s, pid)
    audit_anchor.flush()
    audit_anchor.forget()
    with db.reading() as s:
        assert audit.verify_chain(s) == []
    return ids


def _problems(db, against=()):
    with db.reading() as s:
        return audit.verify(s, against).problems


def _rows(conn):
    return [dict(r) for r in conn.execute(sa.select(ENTRIES).order_by(ENTRIES.c.id)).mappings()]


def _recompute_chain(conn):
    """What an attacker does: recompute every digest and hash (plain SHA-256) and fix the head."""
    prev = "0" * 64
    for r in _rows(conn):
        digest = r["content_digest"] if r["pseudonymized"] else hashlib.sha256(
            json.dumps([r["record_id"], r["participant_id"], r["details"]], ensure_ascii=False).encode()).hexdigest()
        h = hashlib.sha256("\x1f".join([prev, r["at"].isoformat(), r["actor"], r["action"], r["entity"],
                                        digest]).encode()).hexdigest()
        conn.execute(ENTRIES.update().where(ENTRIES.c.id == r["id"]).values(content_digest=digest, prev_hash=prev,
                                                                            hash=h))
        prev = h
    last = conn.execute(sa.select(sa.func.max(ENTRIES.c.id))).scalar_one() or 0
    conn.execute(HEAD.update().values(last_id=last, last_hash=prev))


def _anchor_file(db):
    return audit_anchor.anchor_path(db.engine.url)


def test_an_edited_entry_marked_pseudonymised_by_hand_is_caught(db, register):
    with db.engine.begin() as conn:
        target = conn.execute(sa.select(sa.func.min(ENTRIES.c.id)).where(ENTRIES.c.action == "read")).scalar_one()
        conn.execute(ENTRIES.update().where(ENTRIES.c.id == target).values(
            details='{"phone": "x"}', pseudonymized=True))
    problems = _problems(db)
    assert any(f"Loggpost {target}" in p and "gallrad" in p for p in problems), problems


def test_a_deleted_log_and_head_row_are_caught(db, register, cli):
    with db.engine.begin() as conn:
        conn.execute(ENTRIES.delete())
        conn.execute(HEAD.delete())
    problems = _problems(db)
    assert any("saknas i registret" in p and "raderats" in p for p in problems), problems
    r = cli("audit", "verify")
    assert r.code == 1 and "Loggen är hel" not in r.out and "saknas i registret" in r.err, r


def test_a_cut_tail_with_a_fixed_head_is_caught(db, register):
    with db.engine.begin() as conn:
        rows = _rows(conn)
        keep = rows[len(rows) // 2]
        conn.execute(ENTRIES.delete().where(ENTRIES.c.id > keep["id"]))
        conn.execute(HEAD.update().values(last_id=keep["id"], last_hash=keep["hash"]))
    problems = _problems(db)
    assert problems and all("Loggpost" in p or "ankare" in p for p in problems)
    assert any(f"slutar loggen vid post {keep['id']}" in p and "kortats" in p for p in problems), problems


def test_a_recomputed_plain_sha256_chain_is_caught(db, register):
    with db.engine.begin() as conn:
        conn.execute(ENTRIES.update().where(ENTRIES.c.id == 2).values(actor="någon annan"))
        _recompute_chain(conn)
    problems = _problems(db)
    # The chain is consistent in itself (the attack is done right) …
    assert not any("ändrat i efterhand" in p or "ändrad i efterhand" in p or "bruten" in p for p in problems)
    # … but it is not the chain that was anchored.
    assert any("skrivits om i efterhand" in p for p in problems), problems


def test_normal_use_and_the_command_line_say_whole_and_name_the_anchors(db, register, cli):
    r = cli("audit", "verify")
    assert r.code == 0 and "Loggen är hel" in r.out and "ankare utanför registret" in r.out, r
    lines = _anchor_file(db).read_text(encoding="utf-8").splitlines()
    assert lines
    for line in lines:  # ids and hashes only: nothing about anyone
        assert set(json.loads(line)) == {"tid", "sista_id", "sista_hash", "händelse"}
    assert "Örjan" not in "".join(lines) and "640823" not in "".join(lines)


def test_a_rolled_back_transaction_leaves_no_false_anchor(db, register):
    audit_anchor.forget()
    with pytest.raises(RuntimeError), db.transaction() as s:
        ps.open_record(s, register[0])
        raise RuntimeError("avbrott")
    audit_anchor.flush()
    assert _problems(db) == []
    with db.transaction() as s:  # the next write goes on from the real head
        ps.open_record(s, register[0])
    audit_anchor.flush()
    assert _problems(db) == []


def test_anchoring_is_throttled(db, register):
    before = len(_anchor_file(db).read_text(encoding="utf-8").splitlines())
    audit_anchor.forget()
    for _ in range(30):
        with db.transaction() as s:
            ps.open_record(s, register[1])
    audit_anchor.flush()
    after = _anchor_file(db).read_text(encoding="utf-8").splitlines()
    assert len(after) - before == 2  # the first commit of the program, and its exit
    assert json.loads(after[-1])["sista_id"] == json.loads(after[-1])["sista_id"] > json.loads(after[-2])["sista_id"]
    assert _problems(db) == []


def _old_person(db, number, first, last):
    with db.transaction() as s:
        pid = ps.create_participant(s, ps.ParticipantInput(number, first, last)).id
        ps.open_record(s, pid)
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE participant SET updated_at = :t WHERE id = :p"),
                     {"t": datetime(2015, 3, 2), "p": pid})
    return pid


def test_gallring_still_verifies_and_a_second_run_in_the_same_minute_too(db, register, cli):
    first = _old_person(db, "195512124560", "Gösta", "Gammal")
    second = _old_person(db, "194506017773", "Greta", "Gammal")
    with db.transaction() as s:
        one = gallring.run(s, [first], TODAY)
    with db.transaction() as s:
        two = gallring.run(s, [second], TODAY)
    assert set(json.loads(one.pseudonyms)).isdisjoint(json.loads(two.pseudonyms))
    audit_anchor.flush()
    assert _problems(db) == []
    assert cli("audit", "verify").code == 0


def test_a_gallring_pseudonym_put_on_another_entry_is_caught(db, register):
    old = _old_person(db, "195512124560", "Gösta", "Gammal")
    with db.transaction() as s:
        record = gallring.run(s, [old], TODAY)
    pseudonym = json.loads(record.pseudonyms)[0]
    with db.engine.begin() as conn:  # hide a read of someone else behind the gallring
        target = conn.execute(sa.select(sa.func.max(ENTRIES.c.id)).where(
            ENTRIES.c.participant_id == register[2])).scalar_one()
        conn.execute(ENTRIES.update().where(ENTRIES.c.id == target).values(
            participant_id=None, record_id=None, details=json.dumps({"gallrad": pseudonym}), pseudonymized=True))
    problems = _problems(db)
    assert any(f"Pseudonymen {pseudonym}" in p and str(target) in p for p in problems), problems


def test_the_monthly_review_file_is_an_anchor_of_its_own(db, register, cli, tmp_path):
    month = f"{date.today():%Y-%m}"
    review = tmp_path / "granskning.xlsx"
    assert cli("audit", "review", "--month", month, "--out", str(review)).code == 0
    from openpyxl import load_workbook

    rows = [r for r in load_workbook(review)["Granskning"].iter_rows(values_only=True) if r[0] == "Loggens ankare"]
    assert len(rows) == 1 and isinstance(rows[0][2], int) and rows[0][2] > 0
    # Whoever holds the register rewrites the log and removes the anchor file beside it:
    with db.engine.begin() as conn:
        conn.execute(ENTRIES.update().where(ENTRIES.c.id == 1).values(actor="någon annan"))
        _recompute_chain(conn)
    _anchor_file(db).unlink()
    assert cli("audit", "verify").code == 0  # nothing left here to tell …
    r = cli("audit", "verify", "--against", str(review))
    assert r.code == 1 and "logggranskningen granskning.xlsx" in r.err and "skrivits om" in r.err, r


@pytest.mark.sqlite_only
def test_backups_anchor_the_log_and_a_restore_does_not_raise_a_false_alarm(db, register, cli, tmp_path):
    from ame_desktop.store.backup import auto_backup, restore_sqlite

    copy = auto_backup(db, None, keep=5, today=date(2026, 11, 20))
    assert json.loads(_anchor_file(db).read_text(encoding="utf-8").splitlines()[-1])["händelse"] == "säkerhetskopia"
    audit_anchor.forget()
    with db.transaction() as s:
        ps.open_record(s, register[0])
    audit_anchor.flush()
    # Restoring the older copy is not a rewrite: the anchors of the later entries are retired.
    restore_sqlite(db, copy)
    assert _problems(db) == []
    with db.transaction() as s:
        ps.open_record(s, register[1])
    audit_anchor.flush()
    assert _problems(db) == []
    # The automatic copies are checked even when the anchor file is gone.
    with db.engine.begin() as conn:
        conn.execute(ENTRIES.delete())
        conn.execute(HEAD.delete())
    _anchor_file(db).unlink()
    problems = _problems(db)
    assert any(copy.name in p and "saknas i registret" in p for p in problems), problems


def test_the_anchor_of_a_postgresql_register_is_in_the_user_data_folder():
    from ame_desktop import config

    a = audit_anchor.anchor_path("postgresql+psycopg://ame:hemligt@DbServer:5432/ame")
    b = audit_anchor.anchor_path("postgresql://annan@dbserver:5432/ame")
    assert a == b and a.parent == config.data_dir() / "loggankare" and "hemligt" not in str(a)
    assert audit_anchor.anchor_path("postgresql://ame@dbserver:5432/annan") != a
    assert audit_anchor.anchor_path("sqlite:////tmp/x/ame.db").name == "ame.db.logg-ankare"


# -- sign-in and accounts ----------------------------------------------------------------------------
@pytest.fixture
def with_accounts(db):
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    db.actor = accounts.sign_in_db(db, "anna", PASSWORD)
    with db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH, ["0860"])
    return db


def test_tries_against_a_locked_account_are_logged(with_accounts):
    from ame_desktop.services.accounts import SignInFailed

    db = with_accounts
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(SignInFailed):
            accounts.sign_in_db(db, "kerstin", "fel")
    with db.reading() as s:
        before = len(audit.entries(s, action="login_failed"))
    for _ in range(2):
        with pytest.raises(SignInFailed) as e:
            accounts.sign_in_db(db, "kerstin", PASSWORD)
        assert "låst" in e.value.message
    with db.reading() as s:
        failed = audit.entries(s, action="login_failed")
        assert audit.verify_chain(s) == []
    assert len(failed) == before + 2
    assert "låst" in failed[0].details


def test_account_add_checks_the_role_before_asking_for_a_password(with_accounts, cli, monkeypatch):
    import getpass

    asked = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or "ett-långt-lösenord")
    monkeypatch.delenv("AME_NEW_PASSWORD", raising=False)
    monkeypatch.setenv("AME_USER", "kerstin")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    r = cli("account", "add", "ny", "--name", "Ny Person")
    assert r.code == 2 and "administratör" in r.err and asked == [], r
    r = cli("account", "password", "anna")  # someone else's password: refused before the prompt
    assert r.code == 2 and asked == [], r
    monkeypatch.setenv("AME_USER", "anna")
    r = cli("account", "add", "ny", "--name", "Ny Person")
    assert r.code == 0 and len(asked) == 1, r


def test_entries_of_a_rolled_back_savepoint_leave_no_false_anchor(db, register):
    audit_anchor.forget()
    with db.engine.connect() as conn:
        before = conn.execute(sa.select(sa.func.max(ENTRIES.c.id))).scalar_one()
    with db.transaction() as s:
        ps.open_record(s, register[0])
        try:
            with s.begin_nested():
                ps.open_record(s, register[1])
                raise RuntimeError("avbrott")
        except RuntimeError:
            pass
    audit_anchor.flush()
    with db.engine.connect() as conn:  # the savepoint's entry is gone, the transaction's stays
        assert [r["participant_id"] for r in _rows(conn) if r["id"] > before] == [register[0]]
    assert _problems(db) == []
    with db.transaction() as s:  # and the chain goes on
        ps.open_record(s, register[1])
    audit_anchor.flush()
    assert _problems(db) == []


def test_what_this_program_wrote_is_anchored_before_a_check(db, register, cli):
    """Entries written by a running program (not yet anchored) and then cut are still noticed:
    the check anchors what the program itself committed before it reads the register."""
    for pid in register:
        with db.transaction() as s:
            ps.open_record(s, pid)
    with db.engine.begin() as conn:
        rows = _rows(conn)
        keep = rows[-3]
        conn.execute(ENTRIES.delete().where(ENTRIES.c.id > keep["id"]))
        conn.execute(HEAD.update().values(last_id=keep["id"], last_hash=keep["hash"]))
    r = cli("audit", "verify")
    assert r.code == 1 and "kortats" in r.err, r


@pytest.mark.sqlite_only
def test_a_register_without_an_anchor_gets_one_when_opened_and_the_real_program_anchors_at_exit(db, register,
                                                                                                 tmp_path):
    import os
    import subprocess
    import sys

    path = _anchor_file(db)
    path.unlink()  # a register of an older version: no anchor yet
    env = {**os.environ, "AME_LOG_FILE": str(tmp_path / "ame.log")}
    url = db.engine.url.database
    r = subprocess.run([sys.executable, "-m", "ame_desktop", "--db", url, "stats"], env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    first = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    with db.engine.connect() as conn:
        head = conn.execute(sa.select(ENTRIES.c.id, ENTRIES.c.hash).order_by(ENTRIES.c.id.desc()).limit(1)).one()
    assert [(a["händelse"], a["sista_id"], a["sista_hash"]) for a in first] == [("start", head[0], head[1])]
    # A real program that writes: its last entry is anchored when it exits.
    r = subprocess.run([sys.executable, "-m", "ame_desktop", "--db", url, "settings", "unit_name", "AME Hultsfred"],
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    with db.engine.connect() as conn:
        last = conn.execute(sa.select(sa.func.max(ENTRIES.c.id))).scalar_one()
    assert last > head[0]
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[-1])["sista_id"] == last


def test_a_copy_of_the_anchor_file_kept_elsewhere_catches_a_rewrite_of_both(db, register, cli, tmp_path):
    elsewhere = tmp_path / "usb" / "ankare.txt"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(_anchor_file(db).read_bytes())
    with db.engine.begin() as conn:  # the log rewritten, and the anchor beside it with it
        conn.execute(ENTRIES.update().where(ENTRIES.c.id == 1).values(actor="någon annan"))
        _recompute_chain(conn)
        head = conn.execute(sa.select(ENTRIES.c.id, ENTRIES.c.hash).order_by(ENTRIES.c.id.desc()).limit(1)).one()
    _anchor_file(db).write_text(json.dumps({"tid": "2026-12-01T08:00:00", "sista_id": head[0], "sista_hash": head[1],
                                            "händelse": "skrivning"}) + "\n", encoding="utf-8")
    assert cli("audit", "verify").code == 0
    r = cli("audit", "verify", "--against", str(elsewhere))
    assert r.code == 1 and "ankarfilen ankare.txt" in r.err and "skrivits om" in r.err, r
    r = cli("audit", "verify", "--against", str(tmp_path / "finns-inte.xlsx"))
    assert r.code == 2 and "finns inte" in r.err and "Traceback" not in r.err, r
