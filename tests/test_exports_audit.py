"""Every export and print records the same audit entry whether the command line or the window
asked for it (issue 22: the copies in the CLI and the pages had drifted — the window's AF export
recorded neither period nor file, its month report no file, its Kolada export no through-month,
and the log review was recorded nowhere).

The window's pages call services/exports.py; the CLI calls it too. Each test runs the command,
reads the export entries it wrote, runs the service function the page calls with the same
request and a file of the same name (in another folder), and asserts that both wrote exactly
the expected record. Runs on SQLite and PostgreSQL (the `db`/`cli` fixtures).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from ame_desktop.domain.models import AuditEntry
from ame_desktop.services import exports
from tests import caseworker_fixtures as cf

MONTH = "2026-10"
TESTED: set[str] = set()


def covers(*names: str):
    TESTED.update(names)

    def mark(fn):
        return fn

    return mark


@pytest.fixture
def world(db):
    return cf.build(db)


def _last_id(db) -> int:
    with db.reading() as s:
        return s.execute(sa.select(sa.func.coalesce(sa.func.max(AuditEntry.id), 0))).scalar()


def _records(db, since: int, entity: str, action: str = "export") -> list[tuple]:
    """(participant id, details) of the entries since `since`, in order."""
    with db.reading() as s:
        rows = s.execute(sa.select(AuditEntry.participant_id, AuditEntry.details)
                         .where(AuditEntry.id > since, AuditEntry.entity == entity, AuditEntry.action == action)
                         .order_by(AuditEntry.id)).all()
    return [(pid, json.loads(details) if details else None) for pid, details in rows]


def _both(db, cli, tmp_path, entity, name, cli_args, service, *, action="export"):
    """Run the command (writing cli/NAME) and the service (writing window/NAME); return the two
    lists of records."""
    (tmp_path / "cli").mkdir(exist_ok=True)
    (tmp_path / "window").mkdir(exist_ok=True)
    start = _last_id(db)
    r = cli(*[str(a).replace("{out}", str(tmp_path / "cli" / name)) for a in cli_args])
    assert r.code == 0, r
    assert (tmp_path / "cli" / name).exists()
    from_cli = _records(db, start, entity, action)
    start = _last_id(db)
    service(tmp_path / "window" / name)
    assert (tmp_path / "window" / name).exists()
    from_window = _records(db, start, entity, action)
    return from_cli, from_window


def _service_only(db, tmp_path, entity, name, service, *, action="export"):
    start = _last_id(db)
    service(tmp_path / name)
    assert (tmp_path / name).exists()
    return _records(db, start, entity, action)


@covers("kolada")
def test_kolada(db, cli, world, tmp_path):
    a, b = _both(db, cli, tmp_path, "kolada", "kolada.json",
                 ["export", "kolada", "--year", "2026", "--through-month", "10", "--out", "{out}"],
                 lambda out: exports.kolada(db, 2026, out, through_month=10))
    expected = [(None, {"år": 2026, "t.o.m. månad": 10, "kommuner": ["0860", "2260"], "fil": "kolada.json"})]
    assert a == b == expected


@covers("kolada")
def test_kolada_for_one_municipality_from_the_export_page(db, world, tmp_path, qtbot):
    """The page itself (ExportPage.export_to), not only the service it calls."""
    from ame_desktop.ui.export_page import ExportPage

    page = ExportPage(db)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.month.setCurrentIndex(page.month.findData(10))
    page.municipality.setCurrentIndex(page.municipality.findData("2260"))
    assert page.chosen_municipality == "2260"
    start = _last_id(db)
    assert page.export_to(tmp_path / "kolada-2260.xlsx") is not None
    qtbot.waitUntil(lambda: "sparades" in page.export_status.text(), timeout=20000)
    assert _records(db, start, "kolada") == [
        (None, {"år": 2026, "t.o.m. månad": 10, "kommuner": ["2260"], "fil": "kolada-2260.xlsx"})]


@covers("audit_review")
def test_audit_review_from_the_administration_tab(db, world, tmp_path, qtbot, monkeypatch):
    """The window's "Logggranskning…" (last month) through the same service, recorded the same way."""
    from ame_desktop.ui import admin_tabs

    out = tmp_path / "granskning.xlsx"
    monkeypatch.setattr(admin_tabs.file_dialogs, "getSaveFileName", lambda *a, **k: (str(out), ""))
    tab = admin_tabs.AuditTab(db)
    qtbot.addWidget(tab)
    start = _last_id(db)
    tab.review()
    year, month = exports.last_month()
    [(pid, details)] = _records(db, start, "audit_review")
    assert pid is None and out.exists()
    assert details["månad"] == f"{year}-{month:02d}" and details["fil"] == "granskning.xlsx"
    assert details["kedjan hel"] is True


@covers("register_extract")
def test_register_extract_from_the_participant_editor(db, world, tmp_path, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ame_desktop.ui import participant_editor

    out = tmp_path / "utdrag.pdf"
    monkeypatch.setattr(participant_editor.file_dialogs, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.Ok)
    editor = participant_editor.ParticipantEditor(db)
    qtbot.addWidget(editor)
    assert editor.load(world[cf.B])
    start = _last_id(db)
    editor.write_extract()
    assert out.exists()
    assert _records(db, start, "register_extract") == [(world[cf.B], {"fil": "utdrag.pdf"})]


@covers("activity_report")
def test_activity_report(db, cli, world, tmp_path):
    a, b = _both(db, cli, tmp_path, "activity_report", "månad.json",
                 ["report", "activity", "--month", MONTH, "--municipality", "0860", "--out", "{out}"],
                 lambda out: exports.activity_report(db, 2026, 10, out, municipality="0860"))
    expected = [(None, {"månad": MONTH, "kommun": "0860", "personer": 3, "fil": "månad.json"})]  # A, B, C
    assert a == b == expected


@covers("activity_report_for_recipient")
def test_activity_report_for_one_person(db, cli, world, tmp_path):
    a, b = _both(db, cli, tmp_path, "activity_report", "person.pdf",
                 ["report", "activity", "--month", MONTH, "--personnummer", cf.A, "--out", "{out}"],
                 lambda out: exports.activity_report_for_recipient(db, 2026, 10, out, personnummer=cf.A))
    assert a == b == [(world[cf.A], {"månad": MONTH, "fil": "person.pdf", "personnummer": cf.A})]


@covers("activity_reports_per_caseworker")
def test_activity_reports_per_caseworker(db, cli, world, tmp_path):
    start = _last_id(db)
    r = cli("report", "activity", "--month", MONTH, "--per-handlaggare", str(tmp_path / "cli"), "--format", "json")
    assert r.code == 0, r
    from_cli = _records(db, start, "activity_report")
    start = _last_id(db)
    exports.activity_reports_per_caseworker(db, 2026, 10, tmp_path / "window", "json")
    from_window = _records(db, start, "activity_report")
    assert from_cli == from_window
    # One record per person in a file, naming the file (after the caseworker, never a participant).
    assert sorted(pid for pid, _ in from_cli) == sorted([world[cf.A], world[cf.B], world[cf.D]])
    for _pid, details in from_cli:
        assert details["månad"] == MONTH and details["fil"].endswith(".json")
        assert not any(n in details["fil"] for n in (cf.A, cf.B, cf.D))


@covers("af_contacts")
def test_af_contacts(db, cli, world, tmp_path):
    a, b = _both(db, cli, tmp_path, "af_contacts", "af.xlsx",
                 ["export", "af-contacts", "--from", "2026-10-01", "--to", "2026-10-31", "--out", "{out}"],
                 lambda out: exports.af_contacts(db, date(2026, 10, 1), date(2026, 10, 31), out))
    expected = [(None, {"från": "2026-10-01", "till": "2026-10-31", "pseudonym": False, "kontakter": 0,
                        "fil": "af.xlsx"})]
    assert a == b == expected


@covers("register_extract")
def test_register_extract(db, cli, world, tmp_path):
    a, b = _both(db, cli, tmp_path, "register_extract", "utdrag.xlsx",
                 ["extract", cf.A, "--out", "{out}"],
                 lambda out: exports.register_extract(db, out, participant_id=world[cf.A]))
    assert a == b == [(world[cf.A], {"fil": "utdrag.xlsx"})]


@covers("audit_review")
def test_audit_review(db, cli, world, tmp_path):
    a, b = _both(db, cli, tmp_path, "audit_review", "granskning.xlsx",
                 ["audit", "review", "--month", MONTH, "--out", "{out}"],
                 lambda out: exports.audit_review(db, 2026, 10, out))
    expected = [(None, {"månad": MONTH, "poster": 0, "fynd": 0, "kedjan hel": True, "fil": "granskning.xlsx"})]
    assert a == b == expected


@covers("steps_summary")
def test_steps_summary(db, world, tmp_path):
    """The steps page's export (no command)."""
    records = _service_only(db, tmp_path, "steps_summary", "steg.xlsx",
                            lambda out: exports.steps_summary(db, date(2026, 10, 1), date(2026, 10, 31), out))
    assert records == [(None, {"från": "2026-10-01", "till": "2026-10-31", "bedömda": 0, "fil": "steg.xlsx"})]


@covers("comparison")
def test_comparison(db, world, tmp_path):
    """The comparison page's export (no command): what the page shows, recorded."""
    from ame_desktop.services import kolada_client as kc
    from ame_desktop.services import kolada_compare as cmp

    with db.transaction() as s:
        kc.import_response_file(s, Path(__file__).parent / "fixtures" / "kolada_sample.json")
    with db.reading() as s:
        c = cmp.compare(s, "0860", ["U40455"], [2024, 2025], today=date(2026, 12, 1))
    records = _service_only(db, tmp_path, "comparison", "jämförelse.xlsx", lambda out: exports.comparison(db, c, out))
    assert records == [(None, {"kommun": "0860", "år": [2024, 2025], "nyckeltal": ["U40455"],
                               "jämförelsekommuner": list(c.peers), "fil": "jämförelse.xlsx"})]


@covers("notices", "notices_json")
def test_notices(db, cli, world, tmp_path):
    from ame_desktop.services import notices

    def service(out):
        with db.reading() as s:
            pending = notices.pending_notices(s)
        exports.notices(db, pending, out, today=date(2026, 12, 1))

    a, b = _both(db, cli, tmp_path, "absence_notice", "underrättelser.xlsx",
                 ["notices", "--date", "2026-12-01", "--out", "{out}"], service)
    assert a == b
    assert sorted(pid for pid, _ in a) == sorted([world[cf.A], world[cf.D]])
    assert {json.dumps(d, sort_keys=True) for _, d in a} == {json.dumps({"fil": "underrättelser.xlsx"})}

    start = _last_id(db)
    r = cli("notices")
    assert r.code == 0, r
    from_cli = _records(db, start, "absence_notice")
    start = _last_id(db)
    with db.reading() as s:
        data = exports.notices_json(db, notices.pending_notices(s))
    assert data == json.loads(r.out)
    assert from_cli == _records(db, start, "absence_notice") == [(None, {"utdata": "json", "personer": 2})]


@covers("followups_json")
def test_followups(db, cli, world, tmp_path):
    start = _last_id(db)
    r = cli("followups", "--due-by", "2027-06-30")
    assert r.code == 0, r
    from_cli = _records(db, start, "followups")
    start = _last_id(db)
    data = exports.followups_json(db, date(2027, 6, 30), date.today())
    assert data == json.loads(r.out)
    expected = [(None, {"t.o.m.": "2027-06-30", "kommun": None, "antal": len(data["followups"])})]
    assert from_cli == _records(db, start, "followups") == expected


@covers("eb_list")
def test_eb_list(db, cli, world, tmp_path):
    a, b = _both(db, cli, tmp_path, "eb_list", "eb.xlsx",
                 ["report", "eb-list", "--month", MONTH, "--municipality", "0860", "--out", "{out}"],
                 lambda out: exports.eb_list(db, 2026, 10, out, municipality="0860"))
    assert a == b == [(None, {"månad": MONTH, "kommun": "0860", "personer": 4, "rader": 4,
                                                 "fil": "eb.xlsx"})]  # A, B, C and E (enrolled)


@covers("quarter")
def test_quarter(db, cli, world, tmp_path):
    a, b = _both(db, cli, tmp_path, "quarter_report", "kvartal.xlsx",
                 ["report", "quarter", "--year", "2026", "--quarter", "4", "--out", "{out}"],
                 lambda out: exports.quarter(db, 2026, 4, out))
    assert a == b == [(None, {"år": 2026, "kvartal": 4, "kommuner": ["0860", "2260"], "fil": "kvartal.xlsx"})]


@covers("results")
def test_results(db, cli, world, tmp_path):
    a, b = _both(db, cli, tmp_path, "results_report", "resultat.json",
                 ["report", "results", "--from", "2026-01-01", "--to", "2026-12-31", "--out", "{out}"],
                 lambda out: exports.results(db, date(2026, 1, 1), date(2026, 12, 31), out))
    assert a == b == [(None, {"från": "2026-01-01", "till": "2026-12-31", "kommuner": None, "avslut": 1,
                              "fil": "resultat.json"})]


@covers("summer_jobs")
def test_summer_jobs(db, world, tmp_path):
    """The feriejobb page's export (no command)."""
    from ame_desktop.services.summer_jobs import SummerJobFilter

    records = _service_only(db, tmp_path, "summer_jobs", "ferie.xlsx",
                            lambda out: exports.summer_jobs(db, SummerJobFilter(year=2026), out))
    assert records == [(None, {"år": 2026, "kommun": None, "placering": None, "rader": 0, "fil": "ferie.xlsx"})]


@covers("certificates")
def test_certificates(db, cli, world, tmp_path):
    a, b = _both(db, cli, tmp_path, "attendance_certificate", "intyg.pdf",
                 ["certificate", "--month", MONTH, "--personnummer", cf.A, "--out", "{out}"],
                 lambda out: exports.certificates(db, 2026, 10, out, [world[cf.A]]))
    assert a == b
    [(pid, details)] = a
    assert pid == world[cf.A] and details["fil"] == "intyg.pdf"


@covers("week_schedules")
def test_week_schedules(db, cli, world, tmp_path):
    a, b = _both(db, cli, tmp_path, "week_schedule", "schema.pdf",
                 ["week-schedule", "--personnummer", cf.A, "--out", "{out}"],
                 lambda out: exports.week_schedules(db, [world[cf.A]], out))
    assert a == b == [(world[cf.A], {"fil": "schema.pdf"})]


@covers("plan")
def test_plan(db, cli, world, tmp_path):
    from dataclasses import replace

    from ame_desktop.services import plans

    with db.transaction() as s:
        plans.save_plan(s, world[cf.E], replace(plans.draft_plan(s, world[cf.E]), long_term_goal="Arbete inom bygg."))
    a, b = _both(db, cli, tmp_path, "plan_version", "plan.pdf", ["plan", cf.E, "--out", "{out}"],
                 lambda out: exports.plan(db, cf.E, out), action="print")
    [(pid_a, da)], [(pid_b, db_)] = a, b
    assert pid_a == pid_b == world[cf.E]
    assert da.keys() == db_.keys() and da["version"] == db_["version"] == 1
    assert da["utskrift"] != db_["utskrift"]  # two prints, each its own record


@covers("correction")
def test_correction_of_a_delivery(db, cli, world, tmp_path):
    from ame_desktop.domain.models import Attendance
    from ame_desktop.services import delivery

    with db.transaction() as s:
        d = delivery.deliver(s, 2026, 10, tmp_path / "lämnad.pdf", caseworker="Karin Berg",
                             delivered_on=date(2026, 11, 5))
    with db.transaction() as s:  # registered late: the delivered report is no longer right for A
        s.add(Attendance(participant_id=world[cf.A], attendance_date=date(2026, 10, 12),
                         activity_id=world["snickeri"], hours=8, absence=None))

    def service(out):
        with db.reading() as s:
            c = delivery.correction(s, d.id)
        exports.correction(db, c, out)

    a, b = _both(db, cli, tmp_path, "correction", "rättelse.pdf",
                 ["delivery", "correction", "--id", str(d.id), "--out", "{out}"], service)
    assert a == b == [(world[cf.A], {"fil": "rättelse.pdf"})]


@covers("underscheduled")
def test_underscheduled(db, cli, world, tmp_path):
    from ame_desktop.services import capacity_view as cv

    def service(out):
        with db.reading() as s:
            result = cv.underscheduled(s, cv.parse_period(None, MONTH), "0860")
        exports.underscheduled(db, result, out)

    a, b = _both(db, cli, tmp_path, "underscheduled", "glapp.json",
                 ["underscheduled", "--month", MONTH, "--municipality", "0860", "--out", "{out}"], service)
    assert a == b and len(a) == 1
    [(pid, details)] = a
    assert pid is None and details["kommun"] == "0860" and details["personer"] >= 1


@covers("capacity")
def test_capacity(db, cli, world, tmp_path):
    from ame_desktop.services import capacity_view as cv

    def service(out):
        with db.reading() as s:
            view = cv.capacity(s, MONTH, 2, None)
        exports.capacity(db, view, out)

    a, b = _both(db, cli, tmp_path, "capacity", "kapacitet.xlsx",
                 ["capacity", "--from-month", MONTH, "--months", "2", "--out", "{out}"], service)
    assert a == b and len(a) == 1 and a[0][0] is None


@covers("plan_reprint", "plan_batch")
def test_plan_from_the_plan_tab_reprint_and_batch(db, world, tmp_path):
    """The plan tab prints by participant id, reprints a recorded print, the batch dialog prints
    several: each a print entry about the person."""
    from dataclasses import replace

    from ame_desktop.services import plan_prints, plans

    pid = world[cf.E]
    with db.transaction() as s:
        plans.save_plan(s, pid, replace(plans.draft_plan(s, pid), long_term_goal="Arbete inom bygg."))
    records = _service_only(db, tmp_path, "plan_version", "flik.pdf",
                            lambda out: exports.plan(db, None, out, participant_id=pid), action="print")
    [(who, details)] = records
    assert who == pid and details["version"] == 1
    first_print = details["utskrift"]
    assert _service_only(db, tmp_path, "plan_print", "kopia.pdf",
                         lambda out: exports.plan_reprint(db, first_print, out), action="print") == [
        (pid, {"kopia av utskrift": first_print})]
    start = _last_id(db)
    result = exports.plan_batch(db, [pid], tmp_path / "alla", one_file=False)
    assert isinstance(result, plan_prints.BatchResult) and len(result.files) == 1
    [(who, details)] = _records(db, start, "plan_version", "print")
    assert who == pid and details["version"] == 1 and details["utskrift"] != first_print


def test_every_export_has_its_audit_test():
    assert set(exports.EXPORTS) == TESTED
