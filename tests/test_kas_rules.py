"""Issue 19's rules pinned on hand-built registers (SQLite and PostgreSQL through the `db` fixture):
work that lasted a month, history that stays in its municipality, feriejobb, the KPI set of each
year, and who may see and change what."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH, ROLE_READER
from ame_desktop.domain.errors import NotFoundError, UserError, ValidationError
from ame_desktop.domain.models import AuditEntry, Enrollment
from ame_desktop.services import accounts
from ame_desktop.services import enrollments as es
from ame_desktop.services import kolada as kol
from ame_desktop.services import participants as ps
from ame_desktop.services import referrals as rs
from ame_desktop.services import summer_jobs as sj
from ame_desktop.services import work_confirmation as wc
from ame_desktop.services.authz import PermissionDenied

TODAY = date(2026, 11, 22)
PASSWORD = "hemligt-lösen-1"


def person(s, number, first, last, municipality=None, education="GYMNASIUM"):
    return ps.create_participant(s, ps.ParticipantInput(number, first, last, municipality_code=municipality,
                                                        education_level=education))


def compute(db, year=2025, through_month=None, municipality=None):
    with db.reading() as s:
        return kol.compute_kolada(s, year, through_month, municipality, today=TODAY)


# --- work that lasted a month ---------------------------------------------------------------------
def test_an_unconfirmed_december_exit_in_the_year_end_export(db):
    with db.transaction() as s:
        p = person(s, "196408233234", "Örjan", "Åberg")
        rs.add_referral(s, p.id, "2025-05-01", "AF")
        e = es.add_enrollment(s, p.id, "2025-05-10", "2025-12-15", "6-12", "A1")
    r = compute(db)
    # Exited, in the ≤ 6 … 6–12 class as usual, but in none of A–E until confirmed.
    assert (r.value("N40450"), r.value("U40450"), r.value("U40454")) == (1, 0, 0)
    assert r.row("U40406").numerator == 0 and r.row("U40406").denominator == 1
    assert r.row("N40829").numerator == 1
    assert r.sum_line("exits").numerator == 0 and r.sum_line("exits").share == 0.0
    (f,) = [f for f in r.findings if f.kind == "unconfirmed_work"]
    # The job's first day is the day after the exit (2025-12-16): confirmable from 2026-01-16.
    assert f.problem.startswith("Arbete ej bekräftat efter en månad") and "kan bekräftas från 2026-01-16" in f.problem
    with db.reading() as s:
        pending = wc.pending_confirmations(s, today=date(2026, 1, 10))
        assert [(x.enrollment_id, x.due, x.is_due(date(2026, 1, 10))) for x in pending] == [(e.id, date(2026, 1, 16), False)]
        assert wc.pending_confirmations(s, today=date(2026, 1, 10), only_due=True) == []
        assert wc.pending_confirmations(s, today=date(2026, 1, 16), only_due=True)[0].overdue(date(2026, 1, 17))
    # Too early is refused; on the day it is accepted, and the same export now counts A.
    with pytest.raises(ValidationError) as err, db.transaction() as s:
        wc.confirm_work(s, e.id, "2026-01-15", today=date(2026, 1, 20))
    assert "tidigast 2026-01-16" in err.value.message
    with pytest.raises(ValidationError), db.transaction() as s:
        wc.confirm_work(s, e.id, "2026-02-01", today=date(2026, 1, 20))  # in the future
    with db.transaction() as s:
        wc.confirm_work(s, e.id, "2026-01-16", today=date(2026, 1, 20))
    r = compute(db)
    assert (r.value("N40450"), r.value("U40450"), r.value("U40406"), r.value("U40455")) == (1, 1, 100.0, 100.0)
    assert not [f for f in r.findings if f.kind == "unconfirmed_work"]
    with db.reading() as s:
        assert wc.pending_confirmations(s, today=TODAY) == []
        (who,) = kol.persons_in_figure(s, 2025, None, "0860", "U40450", today=TODAY)
        assert "arbetet bekräftat 2026-01-16" in who.detail


def test_a_job_start_given_moves_the_confirmation_date(db):
    with db.transaction() as s:
        p = person(s, "198503141239", "Per", "Palm")
        rs.add_referral(s, p.id, "2025-01-01", "AF")
        e = es.add_enrollment(s, p.id, "2025-01-10", "2025-03-31", "6-12", "A2", job_start_date="2025-05-31")
        # add_months(2025-05-31, 1) = 2025-06-30 (June has no 31st).
        with pytest.raises(ValidationError):
            es.add_enrollment(s, p.id, "2025-08-01", "2025-08-20", "6-12", "A2", job_start_date="2025-01-31",
                              work_confirmed_on="2025-02-27")
    with db.reading() as s:
        assert wc.pending_confirmations(s, today=TODAY)[0].due == date(2025, 6, 30)
    with db.transaction() as s:
        wc.confirm_work(s, e.id, "2025-06-30", today=TODAY)
    assert compute(db).value("U40450") == 1


def test_a_re_enrollment_after_two_days_and_work_that_did_not_last(db):
    with db.transaction() as s:
        p = person(s, "199001012385", "Lina", "Lund")
        rs.add_referral(s, p.id, "2025-01-01", "SOC")
        first = es.add_enrollment(s, p.id, "2025-01-10", "2025-03-31", "6-12", "A1")
        es.add_enrollment(s, p.id, "2025-04-02", None, "under 6")  # back after two days
    r = compute(db, through_month=3)
    # Q1: exited with A1, unconfirmed → none of A–E (today it would have inflated U40406 to 100 %).
    assert (r.value("N40450"), r.value("U40450"), r.row("U40406").value) == (1, 0, 0.0)
    # The coach records that the job did not last; the reason goes to the audit log.
    with pytest.raises(ValidationError) as err, db.transaction() as s:
        wc.work_did_not_last(s, first.id, "A2", "")
    assert {e.field for e in err.value.errors} == {"exit_reason", "reason"}
    with db.transaction() as s:
        wc.work_did_not_last(s, first.id, "E1", "Anställningen upphörde efter två dagar")
    with db.reading() as s:
        e = s.get(Enrollment, first.id)
        assert (e.exit_reason, e.exit_kas, e.job_start_date, e.work_confirmed_on) == ("E1", "E", None, None)
        entry = s.execute(sa.select(AuditEntry).where(AuditEntry.entity == "enrollment",
                                                      AuditEntry.record_id == str(first.id))
                          .order_by(AuditEntry.id.desc())).scalars().first()
        details = json.loads(entry.details)
        assert details["orsak"] == "Anställningen upphörde efter två dagar"
        assert details["exit_reason"] == ["A1", "E1"]
        assert wc.pending_confirmations(s, today=TODAY) == []
    r = compute(db, through_month=3)
    assert (r.value("U40450"), r.value("U40454")) == (0, 1)


# --- municipality on enrollments and referrals ----------------------------------------------------
def test_a_mover_from_2260_to_0860_takes_no_history_along(db):
    with db.transaction() as s:
        p = person(s, "197010632391", "Märta", "Öberg", municipality="2260")
        rs.add_referral(s, p.id, "2024-02-01", "SOC")
        es.add_enrollment(s, p.id, "2024-02-10", "2025-01-31", "6-12", "E2")  # moved
        data = ps.input_from(p)
        data.municipality_code = "0860"
        ps.update_participant(s, p.id, data)
        rs.add_referral(s, p.id, "2025-03-01", "AF")
        es.add_enrollment(s, p.id, "2025-03-10", None, "6-12")
        # Editing the old enrollment without naming a municipality keeps Ånge's.
        old = es.list_enrollments(s, p.id)[-1]
        es.update_enrollment(s, old.id, old.start_date, old.end_date, "12-24", "E2")
    with db.reading() as s:
        assert [e.municipality_code for e in es.list_enrollments(s, p.id)] == ["0860", "2260"]
        assert [r.municipality_code for r in rs.list_referrals(s, p.id)] == ["0860", "2260"]
    r24 = compute(db, 2024)
    assert r24.municipalities == ["0860", "2260"]  # 0860: the person lives there now
    assert (r24.value("U40800", "2260"), r24.value("U40800", "0860"), r24.value("U40803", "2260")) == (1, 0, 1)
    r25 = compute(db, 2025)
    assert (r25.value("U40800", "2260"), r25.value("N40450", "2260"), r25.value("U40454", "2260")) == (1, 1, 1)
    assert (r25.value("U40800", "0860"), r25.value("N40450", "0860"), r25.value("U40806", "0860")) == (1, 0, 100.0)
    # Time without work comes from each municipality's own enrollment.
    assert r25.row("N40827", "2260").numerator == 1 and r25.row("N40826", "0860").numerator == 1


def test_a_person_enrolled_in_two_municipalities_counts_in_both(db):
    with db.transaction() as s:
        p = person(s, "196002291117", "Stig", "Ström")  # lives in 0860
        rs.add_referral(s, p.id, "2025-01-05", "AF", municipality_code="2260")
        es.add_enrollment(s, p.id, "2025-01-10", "2025-05-31", "över 24", "D", municipality_code="2260")
        rs.add_referral(s, p.id, "2025-06-01", "SOC")
        es.add_enrollment(s, p.id, "2025-06-10", None, "över 24")
        with pytest.raises(ValidationError) as err:
            es.add_enrollment(s, p.id, "2024-01-01", "2024-02-01", "över 24", "D", municipality_code="9999")
        assert err.value.field == "municipality_code"
    r = compute(db)
    for m in ("0860", "2260"):
        assert r.value("U40800", m) == 1 and r.value("U40803", m) == 1, m
    assert (r.value("N40450", "2260"), r.value("U40453", "2260"), r.value("N40450", "0860")) == (1, 1, 0)
    assert r.persons == {"0860": 1, "2260": 1}
    assert [f.kind for f in r.findings] == []  # each enrollment rests on its municipality's referral
    only = compute(db, municipality="2260")
    assert only.value("U40800") == 1 and only.municipalities == ["2260"]


def test_the_participant_list_filter_uses_the_enrollments_municipality(db):
    from ame_desktop.services import participant_list as pl

    with db.transaction() as s:
        p = person(s, "196002291117", "Stig", "Ström")
        es.add_enrollment(s, p.id, "2025-01-10", "2025-05-31", "över 24", "D", municipality_code="2260")
        q = person(s, "199204153341", "Lotta", "Lind")
    with db.reading() as s:
        assert pl.matching_ids(s, pl.ListFilter(municipality="2260")) == [p.id]
        assert set(pl.matching_ids(s, pl.ListFilter(municipality="0860"))) == {p.id, q.id}
        assert [c for c, _n in pl.municipalities_in_use(s)] == ["0860", "2260"]


# --- feriejobb ---------------------------------------------------------------------------------------
def test_applicants_with_several_applications(db):
    with db.transaction() as s:
        a = person(s, "200805051232", "Ali", "Ek")  # M
        b = person(s, "200909158800", "Bea", "Berg")  # K
        c = person(s, "201010154472", "Cem", "Dahl", municipality="2260")  # M
        # Ali: placed KOMMUN, then a later application placed PRIVAT → counts once, PRIVAT.
        sj.add_summer_job(s, a.id, sj.SummerJobInput("2025-02-01", "Park", "KOMMUN", "Parken"))
        sj.add_summer_job(s, a.id, sj.SummerJobInput("2025-03-01", "Butik", "privat", "ICA"))
        sj.add_summer_job(s, a.id, sj.SummerJobInput("2025-04-01", "Vad som helst"))  # latest, no place
        # Bea: two applications, no place.
        sj.add_summer_job(s, b.id, sj.SummerJobInput("2025-02-10"))
        sj.add_summer_job(s, b.id, sj.SummerJobInput("2025-03-10"))
        # Cem in Ånge: ANNAN; and an application of 2024 (CIVIL) that 2025 does not count.
        sj.add_summer_job(s, c.id, sj.SummerJobInput("2025-03-01", None, "ANNAN", "Kyrkan"))
        sj.add_summer_job(s, c.id, sj.SummerJobInput("2024-03-01", None, "CIVIL", "IK"))
        with pytest.raises(ValidationError) as err:
            sj.add_summer_job(s, b.id, sj.SummerJobInput("2025-03-10"))
        assert err.value.field == "applied_on"
        with pytest.raises(ValidationError) as err:
            sj.add_summer_job(s, b.id, sj.SummerJobInput("2025-05-10", placement="SKOLA"))
        assert err.value.field == "placement"
        # An enrolled participant to show that applicants are not participants.
        p = person(s, "196408233234", "Örjan", "Åberg")
        rs.add_referral(s, p.id, "2025-01-01", "SOC")
        es.add_enrollment(s, p.id, "2025-01-10", None, "över 24")
    r = compute(db)
    assert r.value("U40800", "0860") == 1 and r.value("U40800", "2260") == 0
    assert r.summer_applicants == {"0860": 2, "2260": 1}
    assert (r.row("N40471", "0860").numerator, r.row("N40471", "0860").denominator) == (1, 2)
    assert (r.value("N40471", "0860", "M"), r.value("N40471", "0860", "K")) == (100.0, 0.0)
    assert (r.value("N40472", "0860"), r.value("N40473", "0860"), r.value("N40474", "0860")) == (1, 100.0, 0.0)
    assert (r.value("N40471", "2260"), r.value("N40472", "2260"), r.value("N40475", "2260")) == (100.0, 1, 100.0)
    r24 = compute(db, 2024)
    assert (r24.value("N40472", "2260"), r24.value("N40474", "2260")) == (1, 100.0)
    with db.reading() as s:
        assert [x.name for x in sj.list_summer_jobs(s, sj.SummerJobFilter(year=2025, placement=sj.PLACED))] == [
            "Cem Dahl", "Ali Ek", "Ali Ek"]  # newest first, then by surname
        assert len(sj.list_summer_jobs(s, sj.SummerJobFilter(year=2025, municipality="0860"))) == 5
        assert [x.placement for x in sj.list_summer_jobs(s, sj.SummerJobFilter(placement="ANNAN"))] == ["ANNAN"]
        assert len(sj.list_summer_jobs(s, sj.SummerJobFilter(placement=sj.NOT_PLACED, search="bea"))) == 2
        assert sj.summer_years(s) == [2025, 2024]
        placed = kol.persons_in_figure(s, 2025, None, "0860", "N40471", today=TODAY)
        assert [(x.name, "ICA" in x.detail) for x in placed] == [("Ali Ek", True)]


def test_feriejobb_list_as_xlsx(db, tmp_path):
    from openpyxl import load_workbook

    with db.transaction() as s:
        a = person(s, "200805051232", "Ali", "Ek")
        sj.add_summer_job(s, a.id, sj.SummerJobInput("2025-03-01", "=HYPERLINK(\"x\")", "PRIVAT", "ICA",
                                                     "2025-06-16", "2025-07-04"))
    out, n = sj.export_summer_jobs(db, sj.SummerJobFilter(year=2025), tmp_path / "ut" / "feriejobb.xlsx")
    ws = load_workbook(out)["Feriejobb"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert n == 1 and rows[3][:5] == ["Personnummer", "Namn", "Kön", "Kommun", "Ansökningsdatum"]
    assert rows[4][0] == "20080505-1232" and rows[4][6] == "Privata näringslivet" and rows[4][7] == "ICA"
    assert ws.cell(row=5, column=6).data_type == "s"  # a formula-looking wish stays text
    assert "år 2025" in rows[1][0]
    with db.reading() as s:
        assert s.execute(sa.select(AuditEntry.action).where(AuditEntry.entity == "summer_jobs")).scalar() == "export"


# --- the KPI set of each year ---------------------------------------------------------------------
def test_discontinued_titles_are_parsed_for_any_year(monkeypatch):
    assert kol.last_year_of("Något, andel (%) (-2023)") == 2023
    assert kol.last_year_of("Något, andel (%) (-2024)") == 2024
    assert kol.last_year_of("Något (-2019) och sedan (- 2026)") == 2026
    assert kol.last_year_of("Deltagare, antal") is None
    cat = dict(kol.catalogue())
    cat["U40823"] = kol.CatalogueEntry("Avslutade efter mer än 24 månader (-2024)", 2024)
    monkeypatch.setattr(kol, "catalogue", lambda: cat)
    assert "U40823" in {k.kpi for k in kol.exported_kpis(2024)}
    assert "U40823" not in {k.kpi for k in kol.exported_kpis(2025)}
    assert "U40820" not in {k.kpi for k in kol.exported_kpis(2024)}  # (-2023)


def test_a_year_before_2024_is_refused_on_the_command_line(db, cli, tmp_path):
    with db.transaction() as s:
        p = person(s, "196408233234", "Örjan", "Åberg")
        rs.add_referral(s, p.id, "2022-01-01", "SOC")
        es.add_enrollment(s, p.id, "2022-01-10", None, "över 24")
    r = cli("export", "kolada", "--year", "2023", "--out", str(tmp_path / "k.xlsx"))
    assert r.code == 2 and "År före 2024 kan inte exporteras" in r.err and "Traceback" not in r.err
    assert not (tmp_path / "k.xlsx").exists()
    assert cli("export", "kolada", "--year", "2024", "--out", str(tmp_path / "k.json")).code == 0


# --- who may see and change what --------------------------------------------------------------------
@pytest.fixture
def unit(db):
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    users = {"admin": accounts.sign_in_db(db, "anna", PASSWORD)}
    with db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH, ["0860"])
        accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, ROLE_READER, ["0860"])
    users["coach"] = accounts.sign_in_db(db, "kerstin", PASSWORD)
    users["reader"] = accounts.sign_in_db(db, "lasare", PASSWORD)
    db.actor = users["admin"]
    ids = {}
    with db.transaction() as s:
        for key, number, first, last, code in (("h", "196408233234", "Örjan", "Åberg", "0860"),
                                               ("a", "197010632391", "Märta", "Öberg", "2260")):
            p = person(s, number, first, last, municipality=code)
            rs.add_referral(s, p.id, "2025-01-02", "SOC")
            ids[key + "_exit"] = es.add_enrollment(s, p.id, "2025-01-10", "2025-06-30", "6-12", "A1").id
            ids[key + "_job"] = sj.add_summer_job(s, p.id, sj.SummerJobInput("2025-03-01", None, "PRIVAT")).id
            ids[key] = p.id
        kol.set_kas_input(s, "2260", 2025, "U40000", "T", 2.0)
    users["ids"] = ids
    return users


def act(db, unit, who):
    db.actor = unit[who]


def test_a_reader_cannot_write(db, unit):
    act(db, unit, "reader")
    ids = unit["ids"]
    writes = [
        lambda s: wc.confirm_work(s, ids["h_exit"], "2025-08-01", today=TODAY),
        lambda s: wc.set_job_start(s, ids["h_exit"], "2025-07-01"),
        lambda s: wc.work_did_not_last(s, ids["h_exit"], "E1", "Slutade"),
        lambda s: sj.add_summer_job(s, ids["h"], sj.SummerJobInput("2025-04-01")),
        lambda s: sj.update_summer_job(s, ids["h_job"], sj.SummerJobInput("2025-03-01", "Ny text")),
        lambda s: sj.delete_summer_job(s, ids["h_job"]),
        lambda s: kol.set_kas_input(s, "0860", 2025, "U40000", "T", 3.0),
        lambda s: es.add_enrollment(s, ids["h"], "2026-01-01", municipality_code="0860"),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied), db.transaction() as s:
            write(s)
    with db.reading() as s:  # reading works
        assert [x.name for x in sj.list_summer_jobs(s)] == ["Örjan Åberg"]
        assert len(wc.pending_confirmations(s, today=TODAY)) == 1
        assert compute(db).municipalities == ["0860"]


def test_a_coach_of_0860_sees_nothing_of_2260(db, unit, cli, tmp_path, monkeypatch):
    act(db, unit, "coach")
    ids = unit["ids"]
    with db.reading() as s:
        assert [x.name for x in sj.list_summer_jobs(s)] == ["Örjan Åberg"]
        with pytest.raises(PermissionDenied):
            sj.list_summer_jobs(s, sj.SummerJobFilter(municipality="2260"))
        with pytest.raises(NotFoundError):
            sj.get_summer_job(s, ids["a_job"])
        with pytest.raises(NotFoundError):
            sj.list_for_participant(s, ids["a"])
        assert [x.name for x in wc.pending_confirmations(s, today=TODAY)] == ["Örjan Åberg"]
        assert kol.municipalities_with_participants(s) == [("0860", "Hultsfred")]
        for call in (lambda: kol.compute_kolada(s, 2025, municipality="2260", today=TODAY),
                     lambda: kol.persons_in_figure(s, 2025, None, "2260", "U40800", today=TODAY),
                     lambda: kol.kas_inputs(s, "2260", 2025),
                     lambda: wc.pending_confirmations(s, municipality="2260")):
            with pytest.raises(PermissionDenied):
                call()
        r = kol.compute_kolada(s, 2025, today=TODAY)
    assert r.municipalities == ["0860"] and {x.municipality for x in r.rows} == {"0860"}
    assert all("Märta" not in f.name for f in r.findings)
    for write in (lambda s: wc.confirm_work(s, ids["a_exit"], "2025-08-01", today=TODAY),
                  lambda s: wc.work_did_not_last(s, ids["a_exit"], "E1", "Slutade"),
                  lambda s: sj.add_summer_job(s, ids["a"], sj.SummerJobInput("2025-04-01")),
                  lambda s: sj.delete_summer_job(s, ids["a_job"]),
                  lambda s: kol.set_kas_input(s, "2260", 2025, "U40000", "T", 3.0),
                  lambda s: es.add_enrollment(s, ids["h"], "2026-01-01", municipality_code="2260")):
        with pytest.raises((PermissionDenied, NotFoundError, ValidationError)), db.transaction() as s:
            write(s)
    # The same calls for her own person work.
    with db.transaction() as s:
        wc.confirm_work(s, ids["h_exit"], "2025-08-01", today=TODAY)
        kol.set_kas_input(s, "0860", 2025, "U40000", "T", 3.0)
    # On the command line too: without --municipality only 0860; with 2260 refused (exit 2).
    monkeypatch.setenv("AME_USER", "kerstin")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    out = tmp_path / "k.json"
    assert cli("export", "kolada", "--year", "2025", "--out", str(out)).code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {v["municipality"] for v in data["values"]} == {"0860"}
    r = cli("export", "kolada", "--year", "2025", "--municipality", "2260", "--out", str(tmp_path / "x.xlsx"))
    assert r.code == 2 and "behörighet" in r.err


# --- migration --------------------------------------------------------------------------------------
@pytest.mark.sqlite_only
def test_migration_from_schema_0006_fills_the_municipality_from_the_person(tmp_path):
    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import ensure_schema

    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_0006.db", path)
    db = Database(f"sqlite:///{path}")
    ensure_schema(db)
    db.dispose()
    con = sqlite3.connect(path)
    try:
        enr = con.execute("SELECT e.id, e.municipality_code, p.municipality_code, e.job_start_date, "
                          "e.work_confirmed_on FROM enrollment e JOIN participant p ON p.id = e.participant_id "
                          "ORDER BY e.id").fetchall()
        ref = con.execute("SELECT r.municipality_code, p.municipality_code FROM referral r "
                          "JOIN participant p ON p.id = r.participant_id ORDER BY r.id").fetchall()
        assert enr == [(1, "0860", "0860", None, None), (2, "2260", "2260", None, None)]
        assert ref == [("0860", "0860"), ("2260", "2260")]
        assert con.execute("SELECT count(*) FROM summer_job").fetchone() == (0,)
    finally:
        con.close()


@pytest.mark.sqlite_only
def test_the_schema_0008_register_upgrades_and_keeps_its_municipalities(tmp_path):
    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import ensure_schema

    path = tmp_path / "v8.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_0008.db", path)
    db = Database(f"sqlite:///{path}")
    ensure_schema(db)
    with db.reading() as s:
        r = kol.compute_kolada(s, 2025, today=TODAY)
    db.dispose()
    # Märta moved from Ånge: her confirmed A1 exit (2025-04-30) stays Ånge's; her new enrollment is Hultsfred's.
    assert r.municipalities == ["0860", "2260"]
    assert (r.value("N40450", "2260"), r.value("U40450", "2260")) == (1, 1)
    assert (r.value("U40800", "0860"), r.value("N40450", "0860"), r.value("U40454", "0860")) == (2, 1, 1)
    assert r.summer_applicants == {"0860": 2, "2260": 0} and r.value("N40471", "0860") == 50.0


def test_feriejobb_in_the_register_extract_and_gallring(db):
    from ame_desktop.services import gallring, register_extract

    with db.transaction() as s:
        a = person(s, "200805051232", "Ali", "Ek")
        sj.add_summer_job(s, a.id, sj.SummerJobInput("2025-03-01", "Butik", "PRIVAT", "ICA", "2025-06-16",
                                                     "2025-07-04"))
        extract = register_extract.make_extract(s, "200805051232")
        assert gallring.last_entries(s)[a.id] >= date(2025, 7, 4)
    (section,) = [x for x in extract.sections if x[0] == "summer_job"]
    assert section[1] == "Feriejobb – ansökningar och platser" and len(section[3]) == 1
    assert "ICA" in section[3][0]
