"""Gallring, registerutdrag, automatic backups, the log review, and crash safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from ame_desktop.services import audit, gallring
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services import referrals as rs

TODAY = date(2026, 11, 22)


def person_with_everything(db, number, first, last, start, end):
    """A person with a row in every table that holds data about participants."""
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services import attendance as att

    with db.transaction() as s:
        pid = ps.create_participant(s, ps.ParticipantInput(number, first, last)).id
        rs.add_referral(s, pid, start - timedelta(days=10), "SOC")
        es.add_enrollment(s, pid, start, end, "6-12", "A1" if end else None)
        ar.add_period(s, pid, start, end, 40)
        seek = ar.category_activity(s, 3).id
        ar.set_schedule(s, pid, [ar.ScheduleItem(seek, 0, 8)])
        att.save_cells(s, {att.CellKey(pid, seek, start): att.Cell(8)}, today=TODAY)
    with db.engine.begin() as conn:
        level = conn.execute(sa.text("SELECT min(id) FROM step_level")).scalar_one()
        dimension = conn.execute(sa.text("SELECT min(id) FROM step_dimension")).scalar_one()
        conn.execute(sa.text("INSERT INTO step_assessment (participant_id, assessed_on, level_id, comment, created_at) "
                             "VALUES (:p, :d, :l, 'Bra start', :t)"), {"p": pid, "d": start, "l": level, "t": datetime(start.year, start.month, start.day)})
        assessment = conn.execute(sa.text("SELECT max(id) FROM step_assessment")).scalar_one()
        conn.execute(sa.text("INSERT INTO step_rating VALUES (:a, :d, 3)"), {"a": assessment, "d": dimension})
        conn.execute(sa.text("INSERT INTO af_contact (contact_at, participant_id, channel, category, consent_documented, "
                             "question, created_at) VALUES (:t, :p, 'telefon', 'tolka_beslut', true, 'Beslut?', :t)"),
                     {"t": datetime(start.year, start.month, start.day, 10), "p": pid})
        conn.execute(sa.text("INSERT INTO plan_version (participant_id, version, content, created_at) "
                             "VALUES (:p, 1, '{\"mal\": \"Arbete\"}', :t)"), {"p": pid, "t": datetime(start.year, start.month, start.day)})
        plan = conn.execute(sa.text("SELECT max(id) FROM plan_version")).scalar_one()
        conn.execute(sa.text("INSERT INTO plan_print (plan_version_id, printed_at, content_hash, snapshot) "
                             "VALUES (:v, :t, 'abc', '{}')"), {"v": plan, "t": datetime(start.year, start.month, start.day)})
        # The tables of December 2026: summer job, notices and deliveries to the caseworker, a
        # follow-up after exit, a month of försörjningsstöd, a journal entry.
        day = {"p": pid, "d": start, "t": datetime(start.year, start.month, start.day, 11)}
        conn.execute(sa.text("INSERT INTO summer_job (participant_id, applied_on, created_at) VALUES (:p, :d, :t)"), day)
        conn.execute(sa.text("INSERT INTO absence_notice (participant_id, sent_on, channel, sent_at, sent_by, "
                             "content_hash, snapshot) VALUES (:p, :d, 'e-post', :t, 'kerstin', 'h', '{}')"), day)
        notice = conn.execute(sa.text("SELECT max(id) FROM absence_notice")).scalar_one()
        conn.execute(sa.text("INSERT INTO absence_notice_item (notice_id, participant_id, kind, day_from, day_to, hours) "
                             "VALUES (:n, :p, 'ogiltig', :d, :d, 8)"), {**day, "n": notice})
        # A delivered correction about this person alone: gallring deletes the whole delivery.
        snapshot = json.dumps({"kind": "rättelse", "persons": [{"participant_id": pid}]})
        conn.execute(sa.text("INSERT INTO report_delivery (kind, month, recipient, delivered_on, channel, delivered_at, "
                             "delivered_by, content_hash, pdf_hash, snapshot) VALUES ('rättelse', :m, 'Anna Lind', "
                             ":d, 'utskrift', :t, 'kerstin', 'h', 'h', :s)"), {**day, "m": f"{start:%Y-%m}", "s": snapshot})
        delivery = conn.execute(sa.text("SELECT max(id) FROM report_delivery")).scalar_one()
        conn.execute(sa.text("INSERT INTO report_delivery_person (delivery_id, participant_id, entry_hash) "
                             "VALUES (:r, :p, 'h')"), {**day, "r": delivery})
        enrollment = conn.execute(sa.text("SELECT max(id) FROM enrollment WHERE participant_id = :p"), day).scalar_one()
        conn.execute(sa.text("INSERT INTO follow_up (enrollment_id, participant_id, months, due_on, done_on, method, "
                             "recorded_by, recorded_at) VALUES (:e, :p, 3, :d, :d, 'SAMTAL', 'kerstin', :t)"),
                     {**day, "e": enrollment})
        conn.execute(sa.text("INSERT INTO social_assistance_month (participant_id, month, amount_ore) "
                             "VALUES (:p, :m, 812050)"), {**day, "m": start.replace(day=1)})
        conn.execute(sa.text("INSERT INTO journal_entry (participant_id, entry_date, category, text, author, written_at) "
                             "VALUES (:p, :d, 'SAMTAL', 'Samtal om praktik', 'kerstin', :t)"), day)
        # Issue 24: a consent given.
        conn.execute(sa.text("INSERT INTO consent (participant_id, purpose, action, consent_date, method, registered_by, "
                             "registered_at) VALUES (:p, 'AF', 'LAMNAT', :d, 'SKRIFTLIGT', 'kerstin', :t)"), day)
        # Issue 24: protected identity, with a named staff member.
        conn.execute(sa.text("INSERT INTO protected_identity (participant_id, kind, marked_on, registered_by, "
                             "registered_at, pseudonym) VALUES (:p, 'SEKRETESS', :d, 'kerstin', :t, :ps)"),
                     {**day, "ps": f"SKYDD-T{pid:05d}"})
        if conn.execute(sa.text("SELECT count(*) FROM staff_member WHERE name = 'Kerstin Ålund'")).scalar_one() == 0:
            conn.execute(sa.text("INSERT INTO staff_member (name, active, role, failed_logins) "
                                 "VALUES ('Kerstin Ålund', true, 'handledare', 0)"))
        staff = conn.execute(sa.text("SELECT id FROM staff_member WHERE name = 'Kerstin Ålund'")).scalar_one()
        conn.execute(sa.text("INSERT INTO protected_identity_staff (participant_id, staff_id) VALUES (:p, :s)"),
                     {"p": pid, "s": staff})
        # Issue 23: a booking in an activity group and a placement at a workplace.
        if conn.execute(sa.text("SELECT count(*) FROM activity_group")).scalar_one() == 0:
            conn.execute(sa.text("INSERT INTO activity (name, category, is_category, active) "
                                 "VALUES ('Språkcafé', 2, false, true), ('Praktik: Återbruket', 4, false, true)"))
            group_activity = conn.execute(sa.text("SELECT id FROM activity WHERE name = 'Språkcafé'")).scalar_one()
            place_activity = conn.execute(sa.text("SELECT id FROM activity WHERE name = 'Praktik: Återbruket'")).scalar_one()
            conn.execute(sa.text("INSERT INTO activity_group (activity_id, name, category, municipality_code, weekdays, "
                                 "start_time, end_time, places, valid_from, active, created_at) VALUES (:a, 'Språkcafé', "
                                 "2, '0860', '0,2', '09:00:00', '12:00:00', 10, '2015-01-01', true, :t)"),
                         {**day, "a": group_activity})
            conn.execute(sa.text("INSERT INTO workplace (activity_id, name, sector, municipality_code, insurance_noted, "
                                 "places, active, created_at) VALUES (:a, 'Återbruket', 'KOMMUN', '0860', true, 5, true, "
                                 ":t)"), {**day, "a": place_activity})
        group = conn.execute(sa.text("SELECT min(id) FROM activity_group")).scalar_one()
        workplace = conn.execute(sa.text("SELECT min(id) FROM workplace")).scalar_one()
        conn.execute(sa.text("INSERT INTO group_booking (participant_id, group_id, start_date, end_date, created_at) "
                             "VALUES (:p, :g, :d, :d, :t)"), {**day, "g": group})
        conn.execute(sa.text("INSERT INTO placement (participant_id, workplace_id, start_date, end_date, hours_per_week, "
                             "created_at) VALUES (:p, :w, :d, :d, 20, :t)"), {**day, "w": workplace})
        # The person record itself was last changed when the last entry was made.
        conn.execute(sa.text("UPDATE participant SET updated_at = :t WHERE id = :p"),
                     {"t": datetime.combine(end or start, datetime.min.time()), "p": pid})
    return pid


def tables_about_participants():
    return [t for t in SQLModel.metadata.sorted_tables if "participant_id" in t.c]


def test_registerutdrag_contains_every_tables_data(db, cli, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    pid = person_with_everything(db, "640823-3234", "Örjan", "Åberg", date(2025, 3, 3), None)
    from ame_desktop.services.register_extract import make_extract

    with db.transaction() as s:
        from ame_desktop.services.protected_identity import give_reason

        give_reason(s, "Begäran om registerutdrag", pid)  # the person has protected identity (issue 24)
        extract = make_extract(s, "640823-3234")
    counts = {table: len(rows) for table, _label, _cols, rows in extract.sections}
    for t in tables_about_participants():
        assert counts.get(t.name, 0) >= 1, f"registerutdraget saknar {t.name}"
    assert counts["participant"] == 1 and counts["step_rating"] == 1 and counts["plan_print"] == 1
    assert cli("extract", "640823-3234", "--out", str(tmp_path / "utdrag.xlsx"), "--reason", "Begäran").code == 0
    wb = load_workbook(tmp_path / "utdrag.xlsx")
    assert "Närvaro" in wb.sheetnames and "Stegbedömningar" in wb.sheetnames
    assert cli("extract", "640823-3234", "--out", str(tmp_path / "utdrag.pdf"), "--reason", "Begäran").code == 0
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "utdrag.pdf").pages)
    assert "Örjan" in text and "Åberg" in text and "Beslut?" in text and "Kontakter med Arbetsförmedlingen" in text
    with db.reading() as s:
        assert any(e.entity == "registerutdrag" for e in audit.entries(s, participant_id=pid))


def test_gallring_deletes_everything_about_a_person_and_nothing_about_others(db):
    old = person_with_everything(db, "640823-3234", "Örjan", "Åberg", date(2018, 1, 8), date(2019, 3, 29))
    recent = person_with_everything(db, "701063-2391", "Märta", "Öberg", date(2023, 1, 9), date(2024, 3, 29))
    ongoing = person_with_everything(db, "19121212-1212", "Tolvan", "Tolvansson", date(2016, 1, 11), None)
    with db.reading() as s:
        due = gallring.preview(s, TODAY)
    assert [d.participant_id for d in due] == [old]
    assert due[0].last_entry == date(2019, 3, 29) and due[0].delete_by == date(2025, 12, 31)
    before = _rows_per_person(db)
    with db.transaction() as s:
        record = gallring.run(s, [old], TODAY)
    after = _rows_per_person(db)
    for table, per_person in after.items():
        assert per_person.get(old, 0) == 0, f"{table} har kvar rader om den gallrade"
        for pid in (recent, ongoing):
            assert per_person.get(pid, 0) == before[table].get(pid, 0), f"{table} ändrades för {pid}"
    with db.reading() as s:
        assert audit.verify_chain(s) == []  # pseudonymised entries keep the chain whole
        assert audit.entries(s, participant_id=old) == []
        pseudonymised = s.execute(sa.text("SELECT count(*) FROM audit_entry WHERE pseudonymized")).scalar_one()
    assert pseudonymised > 0
    assert record.persons_deleted == 1 and json.loads(record.pseudonyms)[0].startswith("G")


def _rows_per_person(db) -> dict[str, dict[int, int]]:
    out = {}
    with db.engine.connect() as conn:
        for t in tables_about_participants() + [SQLModel.metadata.tables["participant"]]:
            col = t.c.id if t.name == "participant" else t.c.participant_id
            out[t.name] = dict(conn.execute(sa.select(col, sa.func.count()).group_by(col)).all())
    return out


def test_gallring_refuses_people_who_are_not_due(db):
    from ame_desktop.domain.errors import UserError

    recent = person_with_everything(db, "701063-2391", "Märta", "Öberg", date(2023, 1, 9), date(2024, 3, 29))
    with pytest.raises(UserError), db.transaction() as s:
        gallring.run(s, [recent], TODAY)


@pytest.mark.sqlite_only
def test_automatic_daily_backup_with_rotation(db, tmp_path):
    from ame_desktop.services.maintenance import check_backup_file
    from ame_desktop.store.backup import auto_backup

    folder = tmp_path / "kopior"
    made = [auto_backup(db, folder, keep=3, today=date(2026, 11, d)) for d in range(1, 6)]
    assert all(made)
    assert auto_backup(db, folder, keep=3, today=date(2026, 11, 5)) is None  # once a day
    kept = sorted(p.name for p in folder.glob("*.db"))
    assert kept == ["ame-2026-11-03.db", "ame-2026-11-04.db", "ame-2026-11-05.db"]
    assert check_backup_file(folder / kept[-1]) == []


def test_audit_verify_and_review_commands(cli, db, tmp_path):
    from openpyxl import load_workbook

    with db.transaction() as s:
        ps.open_record(s, ps.create_participant(s, ps.ParticipantInput("640823-3234", "Örjan", "Åberg")).id)
    assert cli("audit", "verify").code == 0
    month = f"{date.today():%Y-%m}"
    r = cli("audit", "review", "--month", month, "--out", str(tmp_path / "granskning.xlsx"))
    assert r.code == 0, r
    wb = load_workbook(tmp_path / "granskning.xlsx")
    assert wb.sheetnames == ["Granskning", "Loggposter"]
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_entry SET actor = 'x' WHERE id = 1")
    assert cli("audit", "verify").code == 1


@pytest.mark.sqlite_only
@pytest.mark.slow
def test_killed_during_a_large_save_the_register_stays_whole(tmp_path):
    """SIGKILL while `demo` writes 1 500 people in one transaction: check passes, none or all."""
    path = tmp_path / "kill.db"
    exe = [sys.executable, "-m", "ame_desktop", "--db", str(path)]
    subprocess.run([*exe, "stats"], check=True, capture_output=True)
    proc = subprocess.Popen([*exe, "demo", "--participants", "1500"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(2.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    r = subprocess.run([*exe, "check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    count = json.loads(subprocess.run([*exe, "stats"], capture_output=True, text=True).stdout)["participants"]
    assert count in (0, 1500)
