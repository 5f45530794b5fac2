"""Trust: roles checked by the services, municipality separation, the audit log's chain,
sign-in with lock-out, and optimistic locking."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH, ROLE_READER
from ame_desktop.domain.errors import ConflictError, NotFoundError
from ame_desktop.services import accounts, audit, authz, participant_list, settings
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services.accounts import SignInFailed
from ame_desktop.services.authz import PermissionDenied

PASSWORD = "hemligt-lösen-1"


@pytest.fixture
def unit(db):
    """An administrator, a coach in Hultsfred, a reader, and one person in each of two municipalities."""
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    admin = accounts.sign_in_db(db, "anna", PASSWORD)
    with db.transaction() as s:
        coach = accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH, ["0860"]).id
        accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, ROLE_READER)
        hultsfred = ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg", staff_id=coach)).id
        ange = ps.create_participant(s, ps.ParticipantInput("701063-2391", "Märta", "Öberg", municipality_code="2260")).id
        es.add_enrollment(s, ange, "2026-01-01")
    db.actor = admin
    return {"coach": coach, "hultsfred": hultsfred, "ange": ange}


def as_user(db, username):
    db.actor = accounts.sign_in_db(db, username, PASSWORD)


def test_a_reader_is_refused_by_the_service_itself(db, unit):
    as_user(db, "lasare")
    with pytest.raises(PermissionDenied) as e, db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput("19121212-1212", "Tolvan", "Tolvansson"))
    assert "läsbehörighet" in e.value.message
    with pytest.raises(PermissionDenied), db.transaction() as s:
        es.add_enrollment(s, unit["hultsfred"], "2026-02-01")
    with db.reading() as s:  # reading is fine
        assert ps.get_participant(s, unit["ange"]).first_name == "Märta"


def test_only_an_administrator_changes_settings_and_accounts(db, unit):
    as_user(db, "kerstin")
    with pytest.raises(PermissionDenied), db.transaction() as s:
        settings.set_setting(s, "unit_name", "Något annat")
    with pytest.raises(PermissionDenied), db.transaction() as s:
        accounts.create_account(s, "Ny Person", "ny", PASSWORD, ROLE_COACH)


def test_a_coach_sees_only_their_municipalities(db, unit, cli, tmp_path):
    as_user(db, "kerstin")
    with db.reading() as s:
        ids = participant_list.matching_ids(s, participant_list.ListFilter())
        assert ids == [unit["hultsfred"]]
        with pytest.raises(NotFoundError):
            ps.find_participant(s, "701063-2391")
        with pytest.raises(NotFoundError):
            es.list_enrollments(s, unit["ange"])
    with pytest.raises(NotFoundError), db.transaction() as s:
        es.add_enrollment(s, unit["ange"], "2026-03-01")
    with pytest.raises(PermissionDenied), db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput("19121212-1212", "Tolvan", "Tolvansson", municipality_code="2260"))


def test_command_line_needs_a_sign_in_once_accounts_exist(db, unit, cli, monkeypatch):
    assert cli("stats").code == 2  # no AME_USER
    monkeypatch.setenv("AME_USER", "kerstin")
    monkeypatch.setenv("AME_PASSWORD", "fel-lösenord!")
    r = cli("stats")
    assert r.code == 2 and "Fel användarnamn eller lösenord" in r.err
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    assert cli("stats").code == 0
    # Single-user mode: no sign-in, and the named account is who acts.
    with db.transaction() as s:
        settings.set_setting(s, "single_user", "1")
        settings.set_setting(s, "single_user_account", "kerstin")
    monkeypatch.delenv("AME_USER")
    assert cli("stats").code == 0
    assert cli("settings", "unit_name", "X").code == 2  # kerstin is not an administrator


def test_lock_out_after_five_wrong_passwords(db, unit):
    for _ in range(5):
        with pytest.raises(SignInFailed):
            accounts.sign_in_db(db, "kerstin", "fel")
    with pytest.raises(SignInFailed) as e:
        accounts.sign_in_db(db, "kerstin", PASSWORD)  # even the right one, for a while
    assert "låst" in e.value.message
    with db.transaction() as s:
        later = datetime.now() + timedelta(minutes=16)
        assert accounts.sign_in(s, "kerstin", PASSWORD, now=later).name == "kerstin"


def test_password_is_stored_as_an_argon2_hash(db, unit):
    with db.reading() as s:
        stored = s.execute(sa.text("SELECT password_hash FROM staff_member WHERE username='kerstin'")).scalar_one()
    assert stored.startswith("$argon2") and PASSWORD not in stored


def test_audit_log_records_reads_and_changes_with_old_and_new_values(db, unit):
    as_user(db, "kerstin")
    with db.transaction() as s:
        ps.open_record(s, unit["hultsfred"])
        data = ps.input_from(ps.get_participant(s, unit["hultsfred"]))
        data.phone = "070-174 06 10"
        ps.update_participant(s, unit["hultsfred"], data)
    with pytest.raises(PermissionDenied), db.reading() as s:
        audit.entries(s, participant_id=unit["hultsfred"])  # the log: administrators only
    as_user(db, "anna")
    with db.reading() as s:
        log = audit.entries(s, participant_id=unit["hultsfred"])
        assert audit.verify_chain(s) == []
    assert [e.action for e in log][:2] == ["update", "read"]
    assert all(e.actor == "kerstin" for e in log[:2])
    assert '"phone": [null, "070-174 06 10"]' in log[0].details


def _tamper(db, sql):
    with db.engine.begin() as conn:
        conn.exec_driver_sql(sql)
    with db.reading() as s:
        return audit.verify_chain(s)


def test_a_changed_entry_breaks_the_chain(db, unit):
    problems = _tamper(db, "UPDATE audit_entry SET details = '{\"phone\": \"x\"}' "
                           "WHERE id = (SELECT min(id) FROM audit_entry WHERE entity = 'participant')")
    assert problems and "ändrat i efterhand" in problems[0]


def test_a_changed_actor_or_time_breaks_the_chain(db, unit):
    problems = _tamper(db, "UPDATE audit_entry SET actor = 'någon annan' WHERE id = 2")
    assert any("Loggpost 2" in p for p in problems)


def test_a_deleted_entry_breaks_the_chain(db, unit):
    problems = _tamper(db, "DELETE FROM audit_entry WHERE id = 3")
    assert any("kedjan är bruten" in p for p in problems)


def test_removing_the_last_entries_is_noticed(db, unit):
    problems = _tamper(db, "DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)")
    assert any("kortats" in p for p in problems)


def test_concurrent_saves_of_one_record_the_second_is_refused(db, unit):
    """Two windows opened the same person (version 1); the first saves, the second must not
    silently overwrite: it gets both versions in the message."""
    with db.reading() as s:
        loaded = ps.get_participant(s, unit["hultsfred"])
        version = loaded.version
        first, second = ps.input_from(loaded), ps.input_from(loaded)
    first.phone = "070-174 06 20"
    second.phone = "070-174 06 30"
    with db.transaction() as s:
        ps.update_participant(s, unit["hultsfred"], first, expected_version=version)
    with pytest.raises(ConflictError) as e, db.transaction() as s:
        ps.update_participant(s, unit["hultsfred"], second, expected_version=version)
    assert "070-174 06 20" in e.value.message and "070-174 06 30" in e.value.message
    with db.reading() as s:
        assert ps.get_participant(s, unit["hultsfred"]).phone == "070-174 06 20"


def test_the_first_account_must_be_an_administrator(db):
    from ame_desktop.domain.errors import ValidationError

    with pytest.raises(ValidationError) as e, db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH)
    assert e.value.field == "role"
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", "kort", ROLE_ADMIN)
    assert e.value.field == "password"


def test_monthly_review_flags_reads_outside_own_participants(db, unit):
    as_user(db, "kerstin")
    with db.transaction() as s:
        ps.open_record(s, unit["hultsfred"])  # her own
    as_user(db, "anna")
    with db.transaction() as s:
        ps.open_record(s, unit["ange"])
    today = date.today()
    with db.reading() as s:
        findings = audit.review(s, today.year, today.month)
    assert [f.actor for f in findings if f.kind == "utanför"] == ["anna"]


def test_two_programs_saving_the_same_person_at_once(db, db_url, unit):
    """Two engines (two computers) on one register: while the first holds its save open, the
    second waits for it and is then refused — it never silently overwrites."""
    import threading

    from ame_desktop.store.schema import open_register

    other = open_register(db_url)
    other.actor = db.actor
    with db.reading() as s:
        base = ps.get_participant(s, unit["hultsfred"])
        version = base.version
        mine, theirs = ps.input_from(base), ps.input_from(base)
    mine.phone, theirs.phone = "070-174 06 40", "070-174 06 50"
    first_saved = threading.Event()
    result: dict = {}

    def second():
        first_saved.wait(5)
        try:
            with other.transaction() as s:
                ps.update_participant(s, unit["hultsfred"], theirs, expected_version=version)
            result["second"] = "saved"
        except ConflictError as exc:
            result["second"] = exc.message

    t = threading.Thread(target=second)
    t.start()
    with db.transaction() as s:
        ps.update_participant(s, unit["hultsfred"], mine, expected_version=version)
        first_saved.set()  # the second program starts its save while this one is not committed
        time.sleep(0.5)
    t.join(15)
    other.dispose()
    assert "070-174 06 40" in result["second"]  # refused, showing the version that was saved
    with db.reading() as s:
        assert ps.get_participant(s, unit["hultsfred"]).phone == "070-174 06 40"
