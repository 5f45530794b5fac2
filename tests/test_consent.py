"""The consent register (issue 24): give/withdraw with history, the AF contact log's flag and
warning, registerutdrag, gallring, migration 0013 from a schema-0011 register, the command line,
roles, municipalities and the audit log. SQLite and PostgreSQL (the `db`/`cli` fixtures)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH, ROLE_READER
from ame_desktop.domain.errors import NotFoundError, ValidationError
from ame_desktop.domain.models import AuditEntry, Consent
from ame_desktop.services import accounts, af_contacts as af, consent, gallring
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services.authz import PermissionDenied

PASSWORD = "hemligt-lösen-1"
H_PNR, A_PNR = "196408233234", "197010632391"  # Hultsfred 0860 / Ånge 2260 (samordningsnummer)
TODAY = date(2026, 11, 30)
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def unit(db):
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    admin = accounts.sign_in_db(db, "anna", PASSWORD)
    with db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH, ["0860"])
        accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, ROLE_READER)
        h = ps.create_participant(s, ps.ParticipantInput(H_PNR, "Örjan", "Åberg")).id
        a = ps.create_participant(s, ps.ParticipantInput(A_PNR, "Märta", "Öberg", municipality_code="2260")).id
    db.actor = admin
    return {"h": h, "a": a, "admin": admin}


def as_user(db, username):
    db.actor = accounts.sign_in_db(db, username, PASSWORD)


def entries_of(db, pid):
    with db.reading() as s:
        return s.execute(sa.select(Consent.purpose, Consent.action, Consent.consent_date, Consent.method)
                         .where(Consent.participant_id == pid).order_by(Consent.id)).all()


def test_give_withdraw_and_give_again_keep_the_whole_history(db, unit):
    as_user(db, "kerstin")
    pid = unit["h"]
    with db.transaction() as s:
        consent.give(s, pid, "af", "2026-03-01", "skriftligt", "Blanketten i akten", today=TODAY)
        consent.give(s, pid, "Foto", "2026-03-01", "MUNTLIGT", today=TODAY)
    with db.transaction() as s:
        consent.withdraw(s, pid, "AF", "2026-06-15", "muntligt", today=TODAY)
    with db.transaction() as s:
        consent.give(s, pid, "af", "2026-09-01", "skriftligt", today=TODAY)
    assert entries_of(db, pid) == [("AF", "LAMNAT", date(2026, 3, 1), "SKRIFTLIGT"),
                                   ("FOTO", "LAMNAT", date(2026, 3, 1), "MUNTLIGT"),
                                   ("AF", "ATERKALLAT", date(2026, 6, 15), "MUNTLIGT"),
                                   ("AF", "LAMNAT", date(2026, 9, 1), "SKRIFTLIGT")]
    with db.reading() as s:
        assert consent.in_force(s, pid, "AF", date(2026, 2, 28)) is None  # before it was given
        assert consent.in_force(s, pid, "AF", date(2026, 3, 1)).consent_date == date(2026, 3, 1)
        assert consent.in_force(s, pid, "AF", date(2026, 6, 14)) is not None
        assert consent.in_force(s, pid, "AF", date(2026, 6, 15)) is None  # withdrawn that day
        assert consent.in_force(s, pid, "AF", date(2026, 8, 31)) is None
        assert consent.in_force(s, pid, "AF", date(2026, 9, 1)).consent_date == date(2026, 9, 1)
        states = {st.purpose: st for st in consent.status(s, pid, date(2026, 7, 1))}
        assert [p for p, st in states.items() if st.valid] == ["FOTO"]
        assert states["AF"].text == "Återkallat 2026-06-15" and states["FK"].text == "Inget registrerat"
        history = consent.history(s, pid)
    assert [(e.purpose, e.consent_date) for e in history][:2] == [("AF", date(2026, 9, 1)), ("AF", date(2026, 6, 15))]
    # Same date, newest first: FOTO was registered after AF.
    assert (history[-2].purpose, history[-1].purpose, history[-1].note) == ("FOTO", "AF", "Blanketten i akten")
    assert {e.registered_by for e in history} == {"kerstin"}


@pytest.mark.parametrize("kwargs, field, words", [
    ({"purpose": "skatteverket"}, "purpose", "Okänt ändamål"),
    ({"on": "2026-12-01"}, "consent_date", "framtiden"),
    ({"on": "2026-02-30"}, "consent_date", ""),
    ({"method": "brev"}, "method", "skriftligt eller muntligt"),
    ({"method": ""}, "method", "skriftligt eller muntligt"),
    ({"note": "x" * 501}, "note", "högst 500"),
])
def test_bad_input_names_the_field(db, unit, kwargs, field, words):
    args = {"purpose": "af", "on": "2026-03-01", "method": "skriftligt", "note": None} | kwargs
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        consent.give(s, unit["h"], args["purpose"], args["on"], args["method"], args["note"], today=TODAY)
    assert e.value.field == field and words in e.value.message
    assert entries_of(db, unit["h"]) == []


def test_a_withdrawal_needs_a_consent_in_force_and_the_same_entry_twice_is_refused(db, unit):
    pid = unit["h"]
    with pytest.raises(ValidationError, match="inget gällande samtycke för Försäkringskassan"), \
            db.transaction() as s:
        consent.withdraw(s, pid, "fk", "2026-03-01", "muntligt", today=TODAY)
    with db.transaction() as s:
        consent.give(s, pid, "fk", "2026-03-01", "skriftligt", today=TODAY)
    with pytest.raises(ValidationError, match="inget gällande"), db.transaction() as s:
        consent.withdraw(s, pid, "fk", "2026-02-01", "muntligt", today=TODAY)  # before it was given
    with pytest.raises(ValidationError, match="redan registrerat"), db.transaction() as s:
        consent.give(s, pid, "fk", "2026-03-01", "skriftligt", today=TODAY)
    assert len(entries_of(db, pid)) == 1


def test_every_entry_is_in_the_audit_log(db, unit):
    as_user(db, "kerstin")
    with db.transaction() as s:
        c = consent.give(s, unit["h"], "sus", "2026-03-01", "skriftligt", today=TODAY)
        w = consent.withdraw(s, unit["h"], "sus", "2026-04-01", "muntligt", "Ringde", today=TODAY)
    with db.reading() as s:
        rows = s.execute(sa.select(AuditEntry.actor, AuditEntry.action, AuditEntry.record_id, AuditEntry.participant_id,
                                   AuditEntry.details).where(AuditEntry.entity == "consent")
                         .order_by(AuditEntry.id)).all()
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [("kerstin", "create", str(c.id), unit["h"]),
                                                        ("kerstin", "create", str(w.id), unit["h"])]
    assert json.loads(rows[1][4]) == {"ändamål": "SUS", "händelse": "ATERKALLAT", "datum": "2026-04-01",
                                      "sätt": "MUNTLIGT", "anteckning": "Ringde"}


def test_a_reader_cannot_write_and_a_coach_of_0860_sees_nothing_of_2260(db, unit):
    with db.transaction() as s:
        consent.give(s, unit["a"], "af", "2026-03-01", "skriftligt", today=TODAY)  # the administrator
    as_user(db, "lasare")
    for fn in (consent.give, consent.withdraw):
        with pytest.raises(PermissionDenied, match="läsbehörighet"), db.transaction() as s:
            fn(s, unit["h"], "af", "2026-03-01", "skriftligt", today=TODAY)
    with db.reading() as s:  # a reader reads
        assert consent.in_force(s, unit["a"], "af", TODAY) is not None
    as_user(db, "kerstin")
    with db.reading() as s:
        for call in (lambda: consent.history(s, unit["a"]), lambda: consent.status(s, unit["a"]),
                     lambda: consent.in_force(s, unit["a"], "af", TODAY),
                     lambda: consent.af_warning(s, unit["a"], TODAY)):
            with pytest.raises(NotFoundError) as e:
                call()
            assert "Märta" not in e.value.message
    with pytest.raises(NotFoundError), db.transaction() as s:
        consent.person_consents(s, A_PNR)
    with pytest.raises(NotFoundError), db.transaction() as s:
        consent.withdraw(s, unit["a"], "af", "2026-04-01", "muntligt", today=TODAY)
    with pytest.raises(NotFoundError), db.transaction() as s:
        consent.give(s, unit["a"], "fk", "2026-04-01", "muntligt", today=TODAY)
    assert len(entries_of(db, unit["a"])) == 1
    with db.reading() as s:  # the AF log's consent lookup does not reveal her either
        assert consent.af_entries(s, [unit["h"]]) == {}


def contact(db, pid, day, documented=None, on=None, category="TOLKA_BESLUT"):
    with db.transaction() as s:
        return af.add_contact(s, af.ContactInput(contact_date=day, channel="TELEFON", category=category,
                                                 participant_id=pid, consent_documented=documented, consent_on=on),
                              now=datetime(2026, 11, 30, 16, 0)).id


def flags(db):
    with db.reading() as s:
        return {r.id: r.consent_missing for r in af.list_contacts(s, today=TODAY)}


def test_the_af_log_is_flagged_by_the_register(db, unit):
    pid = unit["h"]
    before = contact(db, pid, "2026-02-10")
    with db.transaction() as s:
        consent.give(s, pid, "af", "2026-03-01", "skriftligt", today=TODAY)
        consent.withdraw(s, pid, "af", "2026-06-01", "muntligt", today=TODAY)
    during = contact(db, pid, "2026-04-01")  # the contact itself says nothing: the register decides
    after = contact(db, pid, "2026-07-01", documented=True, on="2026-03-01")  # a tick never undoes a withdrawal
    strategic = contact(db, None, "2026-07-01", category="SAMVERKANSMOTE")
    assert flags(db) == {before: True, during: False, after: True, strategic: False}
    assert len(entries_of(db, pid)) == 2  # nothing seeded: the register has AF entries
    with db.reading() as s:
        assert af.consent_on_file(s, pid) == (False, None)  # withdrawn today
        warning = consent.af_warning(s, pid, date(2026, 7, 1), documented_in_contact=True)
        assert "återkallades 2026-06-01" in warning and "flaggas" in warning
        assert "gäller först från 2026-03-01" in consent.af_warning(s, pid, date(2026, 2, 1))
        assert consent.af_warning(s, pid, date(2026, 4, 1)) is None
        assert consent.af_warning(s, None, date(2026, 4, 1)) is None
        sm = af.contact_report(s, date(2026, 1, 1), date(2026, 11, 30), TODAY).summary
    assert sm.consent_missing == 2


def test_a_contact_saying_consent_was_documented_fills_an_empty_register(db, unit):
    pid = unit["h"]
    with db.reading() as s:
        assert "Det finns inget samtycke" in consent.af_warning(s, pid, date(2026, 4, 1))
        assert consent.af_warning(s, pid, date(2026, 4, 1), documented_in_contact=True) is None
    first = contact(db, pid, "2026-04-01", documented=True, on="2026-03-15")
    assert entries_of(db, pid) == [("AF", "LAMNAT", date(2026, 3, 15), None)]
    contact(db, pid, "2026-05-01", documented=True)  # a second tick adds nothing
    assert len(entries_of(db, pid)) == 1
    earlier = contact(db, pid, "2026-03-01")
    assert flags(db)[first] is False and flags(db)[earlier] is True
    with db.reading() as s:
        assert af.consent_on_file(s, pid) == (True, date(2026, 3, 15))
        (e,) = consent.history(s, pid)
    assert e.method_label.startswith("Okänt") and "AF-kontaktloggen" in e.note


def test_registerutdrag_contains_the_consents_in_pdf_and_xlsx(db, unit, cli, tmp_path, monkeypatch):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    with db.transaction() as s:
        consent.give(s, unit["h"], "vard", "2026-03-01", "skriftligt", "Till vårdcentralen", today=TODAY)
        consent.withdraw(s, unit["h"], "vard", "2026-05-02", "muntligt", today=TODAY)
    monkeypatch.setenv("AME_USER", "anna")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    assert cli("extract", H_PNR, "--out", str(tmp_path / "u.xlsx")).code == 0
    assert cli("extract", H_PNR, "--out", str(tmp_path / "u.pdf")).code == 0
    wb = load_workbook(tmp_path / "u.xlsx")
    sheet = next(ws for ws in wb.worksheets if ws.title.startswith("Samtycken"))
    rows = [r for r in sheet.iter_rows(values_only=True)]
    head = list(rows[0])
    got = [(r[head.index("purpose")], r[head.index("action")], r[head.index("consent_date")],
            r[head.index("method")], r[head.index("note")]) for r in rows[1:]]
    assert got == [("VARD", "LAMNAT", "2026-03-01", "SKRIFTLIGT", "Till vårdcentralen"),
                   ("VARD", "ATERKALLAT", "2026-05-02", "MUNTLIGT", None)]
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "u.pdf").pages)
    assert "Samtycken – lämnat/återkallat (2)" in text
    assert "Till vårdcentralen" in text and "ATERKALLAT" in text and "2026-05-02" in text


def test_gallring_removes_the_consents_with_the_person_and_counts_them_as_entries(db, unit):
    pid = unit["h"]
    with db.transaction() as s:
        es.add_enrollment(s, pid, "2015-01-05", end_date="2015-06-30", exit_reason="E1")
    with db.transaction() as s:
        consent.give(s, pid, "foto", "2015-02-01", "skriftligt", today=TODAY)
        s.execute(sa.update(ps.Participant).where(ps.Participant.id == pid)
                  .values(updated_at=datetime(2015, 6, 30)))
    with db.reading() as s:
        assert gallring.last_entries(s)[pid] == date(2015, 6, 30)
    with db.transaction() as s:  # a consent withdrawn later is a later entry
        consent.withdraw(s, pid, "foto", "2022-02-01", "muntligt", today=TODAY)
        s.execute(sa.update(ps.Participant).where(ps.Participant.id == pid)
                  .values(updated_at=datetime(2015, 6, 30)))
    with db.reading() as s:
        assert gallring.last_entries(s)[pid] == date(2022, 2, 1)
        assert pid not in {d.participant_id for d in gallring.preview(s, TODAY)}
        assert pid in {d.participant_id for d in gallring.preview(s, date(2027, 3, 1))}
        due = [d.participant_id for d in gallring.preview(s, date(2027, 3, 1))]
    with db.transaction() as s:
        gallring.run(s, due, date(2027, 3, 1))
    with db.reading() as s:
        assert s.execute(sa.select(sa.func.count()).select_from(Consent)
                         .where(Consent.participant_id == pid)).scalar_one() == 0
        details = s.execute(sa.select(AuditEntry.details).where(AuditEntry.entity == "consent")).scalars().all()
    assert details and all("gallrad" in d for d in details)  # the log keeps no trace of who


def test_migration_0013_carries_the_af_logs_consent_into_the_register(tmp_path):
    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import ensure_schema

    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_0011.db", path)
    con = sqlite3.connect(path)
    con.executescript("""
    INSERT INTO af_contact(contact_at, participant_id, channel, category, consent_documented, consent_on, created_at)
    VALUES ('2026-04-20 10:00:00.000000', 1, 'TELEFON', 'TOLKA_BESLUT', 1, '2026-04-25', '2026-04-20 10:00:00'),
           ('2026-03-10 09:00:00.000000', 1, 'TELEFON', 'HANTERA_ARENDE', 1, NULL, '2026-03-10 09:00:00'),
           ('2026-02-01 09:00:00.000000', 1, 'TELEFON', 'OVRIGT', 0, NULL, '2026-02-01 09:00:00'),
           ('2026-05-05 09:00:00.000000', 2, 'EPOST', 'OVRIGT', 0, NULL, '2026-05-05 09:00:00'),
           ('2026-05-06 09:00:00.000000', NULL, 'EPOST', 'SAMVERKANSMOTE', 1, '2026-01-01', '2026-05-06 09:00:00');
    """)
    con.commit()
    con.close()
    db = Database(f"sqlite:///{path}")
    assert ensure_schema(db) == "upgraded"
    with db.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT participant_id, purpose, action, consent_date, method, registered_by "
                                    "FROM consent ORDER BY id")).all()
        ties = conn.execute(sa.text("SELECT windows_account, windows_computer FROM staff_member")).all()
    # Person 1: the earliest documented consent (the contact of 03-10 without a date = its own day).
    assert [tuple(r) for r in rows] == [(1, "AF", "LAMNAT", "2026-03-10", None, "uppgradering 0013")]
    assert ties == [(None, None)]
    db.dispose()


def test_command_line_lists_gives_and_withdraws(db, unit, cli, monkeypatch):
    monkeypatch.setenv("AME_USER", "kerstin")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    r = cli("consent", "give", "640823-3234", "--purpose", "af", "--date", "2026-03-01", "--how", "skriftligt",
            "--note", "Blankett")
    assert r.code == 0 and "AF registrerades som lämnat 2026-03-01 (skriftligt)" in r.out, r
    r = cli("consent", "withdraw", H_PNR, "--purpose", "af", "--date", "2026-04-01", "--how", "muntligt")
    assert r.code == 0, r
    r = cli("consent", "withdraw", H_PNR, "--purpose", "af", "--date", "2026-04-02", "--how", "muntligt")
    assert r.code == 2 and "--date: Det finns inget gällande samtycke" in r.err
    r = cli("consent", "give", H_PNR, "--purpose", "skatt", "--date", "2026-04-02", "--how", "brev")
    assert r.code == 2 and "--purpose: Okänt ändamål" in r.err and "--how:" in r.err
    assert cli("consent", "give", H_PNR, "--purpose", "af", "--date", "2026-04-02").code == 2  # --how missing
    r = cli("consent", "list", H_PNR, "--date", "2026-03-15")
    assert r.code == 0 and "Informationsutbyte med Arbetsförmedlingen: Lämnat 2026-03-01 (skriftligt)" in r.out
    data = json.loads(cli("consent", "list", H_PNR, "--json").out)
    assert data["current"]["AF"]["valid"] is False and data["current"]["AF"]["since"] == "2026-04-01"
    assert [(e["action"], e["date"]) for e in data["history"]] == [("ATERKALLAT", "2026-04-01"),
                                                                   ("LAMNAT", "2026-03-01")]
    r = cli("consent", "list", A_PNR)  # another municipality's person does not exist for her
    assert r.code == 2 and "Märta" not in r.err + r.out
    with db.reading() as s:
        reads = s.execute(sa.select(AuditEntry.actor).where(AuditEntry.entity == "consent",
                                                            AuditEntry.action == "read")).scalars().all()
    assert reads == ["kerstin", "kerstin"]  # listing is a recorded read
    monkeypatch.setenv("AME_USER", "lasare")
    r = cli("consent", "give", H_PNR, "--purpose", "fk", "--date", "2026-04-02", "--how", "muntligt")
    assert r.code == 2 and "läsbehörighet" in r.err
