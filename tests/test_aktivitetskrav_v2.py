"""Aktivitetskrav version 2 (issue 16): hand-worked months for every status, imported from a
workbook and read back from JSON, xlsx and PDF; the new import columns and sheet Stängt; the
caseworker register and closed days as services with their rights; the migration from schema 0006.

October 2026 has 22 working days (Thu 1 – Fri 30; All Saints' Day falls on Saturday 31).
Closed: Monday 12 October for everyone ("Personaldag"), Friday 30 October for Ånge (2260) only.
November 2026 has 21 working days.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from ame_desktop.domain.workdays import working_days
from ame_desktop.services.importing import ImportFailed, import_workbook
from tests.workbooks import HEADERS, write_workbook

DROP, NEVER, CLOSED, CANCEL, SEEK, EXEMPT = ("196408233234", "197010632391", "198503141239", "199001012385",
                                             "199204153341", "195806305552")
V2_REQ = ["Personnummer", "Från", "Till", "Timmar per vecka", "Orsakskod", "Orsak", "Undantag", "Beslutsdatum",
          "Diarienummer", "Handläggare", "Försörjningsstöd sedan"]
STANGT = ["Datum", "Till", "Kommunkod", "Orsak"]
OCT = [d for d in working_days(date(2026, 10, 1), date(2026, 10, 31))]
OPEN = [d for d in OCT if d != date(2026, 10, 12)]  # open for 0860


def _d(day: int) -> str:
    return f"2026-10-{day:02d}"


def october_book(path: Path) -> Path:
    hours = [HEADERS["Närvaro"]]
    # The dropout: present 1, 2, 5, 6, 7 Oct; absent without a reported reason on 8 Oct; nothing on 9 Oct.
    hours += [[DROP, _d(d), "4", 8, None] for d in (1, 2, 5, 6, 7)] + [[DROP, _d(8), "4", 8, "OGILTIG"]]
    # Full attendance on every open day.
    hours += [[CLOSED, d, "4", 8, None] for d in OPEN]
    # Ånge: closed also on 30 Oct; the unit cancelled the activity on 29 Oct.
    hours += [[CANCEL, d, "4", 8, None] for d in OPEN if d.day not in (29, 30)]
    hours += [[CANCEL, _d(29), "4", 8, "installd"]]
    # Reduced to 30 h (6 a day): 4 h work and 2 h own job seeking, except no job seeking on 20 Oct.
    hours += [[SEEK, d, "4", 4, None] for d in OPEN]
    hours += [[SEEK, d, "JOBBSOK", 2, None] for d in OPEN if d.day != 20]
    # 40 h until 14 Oct, then exempt: present on the open days 1–14, except at work (ARBETE) on 13 Oct.
    first_half = [d for d in OPEN if d.day <= 14]
    hours += [[EXEMPT, d, "4", 8, None] for d in first_half if d.day != 13] + [[EXEMPT, _d(13), "4", 8, "Arbete"]]
    return write_workbook(path, {
        "Deltagare": [["Personnummer", "Förnamn", "Efternamn", "Kommunkod"],
                      [DROP, "Örjan", "Åberg", None], [NEVER, "Märta", "Öberg", None],
                      [CLOSED, "Sven", "Ström", "0860"], [CANCEL, "Åsa", "Ek", "2260"],
                      [SEEK, "Lena", "Berg", None], [EXEMPT, "Gun", "Ärlig", None]],
        "Inskrivningar": [HEADERS["Inskrivningar"][:5],
                          [DROP, "2026-01-01", "2026-10-09", None, "E1"],
                          [CLOSED, "2026-01-01", None, None, None], [CANCEL, "2026-01-01", None, None, None],
                          [SEEK, "2026-01-01", None, None, None], [EXEMPT, "2026-01-01", None, None, None]],
        "Aktivitetskrav": [V2_REQ,
                           [DROP, "2026-09-01", None, 40, None, None, None, "2026-08-25", "SOC 2026/123",
                            "Anna Lind", "2026-07-01"],
                           [NEVER, "2026-10-01", None, 40, None, None, None, None, None, "Anna Lind", None],
                           [CLOSED, "2026-09-01", None, 40, None, None, None, None, None, None, None],
                           [CANCEL, "2026-09-01", None, 40, None, None, None, None, None, "Bo Ström", None],
                           [SEEK, "2026-09-01", None, 30, "deltidsarbete", None, None, None, None, None, None],
                           [EXEMPT, "2026-09-01", "2026-10-14", 40, None, None, None, None, None, None, None],
                           [EXEMPT, "2026-10-15", None, 0, None, None, "SJUK", None, None, None, None]],
        "Närvaro": hours,
        "Stängt": [STANGT, ["2026-10-12", None, None, "Personaldag"], ["2026-10-30", None, "2260", "Studiedag Ånge"]],
    })


EXPECTED_OCTOBER = {
    # required = 7 enrolled days × 8; 14 days after the enrollment, 12 Oct closed.
    DROP: dict(required_hours=56.0, attended_hours=40.0, job_seeking_hours=0.0, valid_absence_hours=0.0,
               cancelled_hours=0.0, invalid_absence_hours=8.0, unregistered_hours=8.0, not_enrolled_days=14,
               closed_days=1, status="franvaro_utan_skal"),
    NEVER: dict(required_hours=0.0, attended_hours=0.0, job_seeking_hours=0.0, valid_absence_hours=0.0,
                cancelled_hours=0.0, invalid_absence_hours=0.0, unregistered_hours=0.0, not_enrolled_days=21,
                closed_days=1, status="ej_inskriven"),
    CLOSED: dict(required_hours=168.0, attended_hours=168.0, job_seeking_hours=0.0, valid_absence_hours=0.0,
                 cancelled_hours=0.0, invalid_absence_hours=0.0, unregistered_hours=0.0, not_enrolled_days=0,
                 closed_days=1, status="uppfyllt"),
    # 20 open days × 8 = 160 (12 and 30 Oct closed for Ånge); 19 × 8 present + 8 cancelled.
    CANCEL: dict(required_hours=160.0, attended_hours=152.0, job_seeking_hours=0.0, valid_absence_hours=0.0,
                 cancelled_hours=8.0, invalid_absence_hours=0.0, unregistered_hours=0.0, not_enrolled_days=0,
                 closed_days=2, status="uppfyllt"),
    # 21 × 6 = 126; 84 present + 40 own job seeking = 124: 2 h nobody registered.
    SEEK: dict(required_hours=126.0, attended_hours=84.0, job_seeking_hours=40.0, valid_absence_hours=0.0,
               cancelled_hours=0.0, invalid_absence_hours=0.0, unregistered_hours=2.0, not_enrolled_days=0,
               closed_days=1, status="ej_registrerat"),
    # 1–14 Oct: 10 working days, 12 Oct closed: 9 × 8 = 72 = 64 present + 8 ARBETE; 15–30 Oct exempt.
    EXEMPT: dict(required_hours=72.0, attended_hours=64.0, job_seeking_hours=0.0, valid_absence_hours=8.0,
                 cancelled_hours=0.0, invalid_absence_hours=0.0, unregistered_hours=0.0, not_enrolled_days=0,
                 closed_days=1, status="uppfyllt"),
}


@pytest.fixture
def october(db, tmp_path):
    report = import_workbook(db, october_book(tmp_path / "oktober.xlsx"))
    return report


def test_hand_worked_october_from_json(october, cli, tmp_path):
    assert october.counts["Stängt"].new == 2 and october.counts["Aktivitetskrav"].new == 7
    out = tmp_path / "oktober.json"
    assert cli("report", "activity", "--month", "2026-10", "--out", str(out)).code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["month"] == "2026-10"
    assert [p["personnummer"] for p in data["participants"]] == sorted(EXPECTED_OCTOBER)
    for p in data["participants"]:
        assert list(p) == ["personnummer", "required_hours", "attended_hours", "job_seeking_hours",
                           "valid_absence_hours", "cancelled_hours", "invalid_absence_hours", "unregistered_hours",
                           "not_enrolled_days", "closed_days", "status"]
        assert p == {"personnummer": p["personnummer"], **EXPECTED_OCTOBER[p["personnummer"]]}, p["personnummer"]


def test_november_the_dropout_and_the_never_enrolled_are_not_enrolled_and_the_exempt_is_exempt(october, cli,
                                                                                                tmp_path):
    out = tmp_path / "november.json"
    assert cli("report", "activity", "--month", "2026-11", "--out", str(out)).code == 0
    data = {p["personnummer"]: p for p in json.loads(out.read_text())["participants"]}
    assert (data[DROP]["status"], data[DROP]["not_enrolled_days"], data[DROP]["required_hours"]) == \
        ("ej_inskriven", 21, 0.0)
    assert (data[NEVER]["status"], data[NEVER]["not_enrolled_days"]) == ("ej_inskriven", 21)
    assert (data[EXEMPT]["status"], data[EXEMPT]["required_hours"]) == ("undantagen", 0.0)
    # Nothing registered in November: hours nobody registered, not the person's absence.
    assert (data[CLOSED]["status"], data[CLOSED]["unregistered_hours"]) == ("ej_registrerat", 168.0)


def test_filters_only_drop_entries(october, cli, tmp_path):
    out = tmp_path / "ange.json"
    assert cli("report", "activity", "--month", "2026-10", "--municipality", "2260", "--out", str(out)).code == 0
    data = json.loads(out.read_text())["participants"]
    assert data == [{"personnummer": CANCEL, **EXPECTED_OCTOBER[CANCEL]}]


def test_hand_worked_october_in_xlsx(october, cli, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "oktober.xlsx"
    assert cli("report", "activity", "--month", "2026-10", "--out", str(out)).code == 0
    wb = load_workbook(out)
    rows = list(wb["Månadsrapport"].iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "Personnummer")
    header = rows[header_at]
    body = {r[0]: dict(zip(header, r)) for r in rows[header_at + 1:] if r and r[0]}
    assert set(body) == set(EXPECTED_OCTOBER)
    labels = {"required_hours": "Krav (h)", "attended_hours": "Närvaro (h)",
              "job_seeking_hours": "Eget jobbsökande (h)", "valid_absence_hours": "Frånvaro med anmält skäl (h)",
              "cancelled_hours": "Inställt av enheten (h)", "invalid_absence_hours": "Frånvaro utan anmält skäl (h)",
              "unregistered_hours": "Ej registrerat (h)", "not_enrolled_days": "Kravdagar utan inskrivning",
              "closed_days": "Stängda dagar"}
    for number, expected in EXPECTED_OCTOBER.items():
        for key, label in labels.items():
            assert body[number][label] == expected[key], (number, key)
        assert body[number]["Statuskod"] == expected["status"]
    assert body[DROP]["Status"] == "Frånvaro utan anmält skäl" and body[DROP]["Handläggare"] == "Anna Lind"
    assert body[SEEK]["Status"] == "Timmar ej registrerade" and body[NEVER]["Status"] == "Ej inskriven"
    assert any("socialnämnden" in str(r[0]) for r in rows[:header_at] if r and r[0])
    sheet = {r[0]: r[1] for r in wb[DROP].iter_rows(values_only=True) if r and isinstance(r[0], str)}
    assert sheet["Frånvaro utan anmält skäl, datum"] == "2026-10-08"
    assert sheet["Kravdagar med timmar som inte registrerats"] == "2026-10-09"
    assert sheet["Kravdagar utan inskrivning"] == ", ".join(
        d.isoformat() for d in OCT if date(2026, 10, 12) < d)  # 13–30 October: 14 days
    assert "2026-10-12 (Personaldag)" in sheet["Stängda dagar"]
    day_rows = [r for r in wb[DROP].iter_rows(values_only=True) if r and hasattr(r[0], "day")]
    kinds = {r[0].date().day if hasattr(r[0], "date") else r[0].day: r[2] for r in day_rows if r[2]}
    assert kinds[9] == "Kravdag" and kinds[12] == "Stängt: Personaldag" and kinds[13] == "Ej inskriven"


def test_hand_worked_october_in_pdf(october, cli, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "oktober.pdf"
    assert cli("report", "activity", "--month", "2026-10", "--out", str(out)).code == 0
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    by_person = {}
    for number in EXPECTED_OCTOBER:
        shown = f"{number[:8]}-{number[8:]}"
        by_person[number] = " ".join(p for p in pages if shown in p)
    drop = by_person[DROP]
    assert "Frånvaro utan anmält skäl" in drop and "56,00 h" in drop and "8,00 h" in drop
    assert "2026-10-08" in drop and "2026-10-09" in drop  # no reason; unregistered
    assert all(d.isoformat() in drop for d in OCT if d.day > 12)  # every day without enrollment
    assert "2026-10-12 (Personaldag)" in drop
    assert "socialnämnden" in drop and "godtagbart skäl" in drop
    assert "giltig" not in drop.replace("godtagbart", "")  # no giltig/ogiltig verdict
    assert "SOC 2026/123" in drop and "Anna Lind" in drop
    assert "Ej inskriven" in by_person[NEVER] and "Timmar ej registrerade" in by_person[SEEK]
    assert "Inställt av enheten" in by_person[CANCEL] and "Uppfyllt" in by_person[EXEMPT]
    assert "undantag" in by_person[EXEMPT]
    assert "Har sjukpenning, sjukersättning eller vissa andra socialförsäkringsförmåner" in by_person[EXEMPT]


def test_import_stores_decision_caseworker_reduction_and_warns(db, october):
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services.participants import find_participant

    warnings = " ".join(october.warnings)
    assert "rad 2" in warnings and "tre månader" in warnings  # support since 1 July, period from 1 September
    assert "rad 7" in warnings and "riktåldern för pension" in warnings  # born 1958: 66
    with db.reading() as s:
        drop = ar.list_periods(s, find_participant(s, DROP).id)[0]
        seek = ar.list_periods(s, find_participant(s, SEEK).id)[0]
        workers = {c.name: c for c in ar.list_caseworkers(s)}
    assert (drop.decision_date, drop.decision_reference, drop.support_since) == \
        (date(2026, 8, 25), "SOC 2026/123", date(2026, 7, 1))
    assert workers["Anna Lind"].municipality_code == "0860" and workers["Bo Ström"].municipality_code == "2260"
    assert drop.caseworker_id == workers["Anna Lind"].id
    assert (seek.reduction_code, seek.reduction_hours, seek.hours_per_week) == ("DELTIDSARBETE", 10.0, 30.0)


def test_the_same_file_again_changes_nothing(db, october, tmp_path):
    again = import_workbook(db, october_book(tmp_path / "igen.xlsx"))
    assert again.changed_rows == 0


def test_old_format_reason_alone_reads_as_ovrigt(db, tmp_path):
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services.participants import find_participant

    book = write_workbook(tmp_path / "gammal.xlsx", {
        "Deltagare": [["Personnummer", "Förnamn", "Efternamn"], [DROP, "Örjan", "Åberg"]],
        "Aktivitetskrav": [HEADERS["Aktivitetskrav"], [DROP, "2026-09-01", None, 25, "Deltid på Konsum", None]]})
    import_workbook(db, book)
    with db.reading() as s:
        p = ar.list_periods(s, find_participant(s, DROP).id)[0]
    assert (p.reduction_code, p.reduction_reason, p.reduction_hours) == ("OVRIGT", "Deltid på Konsum", 15.0)


def test_bad_rows_name_sheet_row_and_column_and_nothing_is_written(db, db_path, tmp_path):
    book = write_workbook(tmp_path / "fel.xlsx", {
        "Deltagare": [["Personnummer", "Förnamn", "Efternamn"], [DROP, "Örjan", "Åberg"]],
        "Inskrivningar": [HEADERS["Inskrivningar"][:5], [DROP, "2026-01-01", None, None, None]],
        "Aktivitetskrav": [V2_REQ,
                           [DROP, "2026-01-01", "2026-01-31", 30, None, None, None, None, None, None, None],
                           [DROP, "2026-02-01", "2026-02-28", 30, "SEMESTER", None, None, None, None, None, None],
                           [DROP, "2026-03-01", "2026-03-31", 30, "OVRIGT", None, None, None, None, None, None],
                           [DROP, "2026-04-01", "2026-04-30", 40, None, None, None, "igår", None, None, None],
                           [DROP, "2026-05-01", None, 40, None, None, None, None, None, None, "1 juli"]],
        "Närvaro": [HEADERS["Närvaro"], [DROP, "2026-06-01", "JOBBSÖK", 2, None],
                    [DROP, "2026-06-02", "JOBBSOK", 2, "LEDIG"]],
        "Stängt": [STANGT, ["2026-10-12", "2026-10-11", None, "Personaldag"], ["2026-10-13", None, "9999", "x"],
                   ["2026-10-14", None, None, None]],
    })
    from ame_desktop.domain.models import ClosedDay, RequirementPeriod, SocialCaseworker
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, book)
    errs = [str(x) for x in e.value.report.errors]
    for prefix in ("Aktivitetskrav, rad 2, Orsakskod:", "Aktivitetskrav, rad 3, Orsakskod: Okänd orsakskod",
                   "Aktivitetskrav, rad 4, Orsak:", "Aktivitetskrav, rad 5, Beslutsdatum:",
                   "Aktivitetskrav, rad 6, Försörjningsstöd sedan:", "Närvaro, rad 2, Aktivitet: Okänd aktivitet",
                   "Närvaro, rad 3, Frånvaro: Okänd frånvaroorsak", "Stängt, rad 2, Till:",
                   "Stängt, rad 3, Kommunkod:", "Stängt, rad 4, Orsak:"):
        assert any(x.startswith(prefix) for x in errs), (prefix, errs)
    import sqlalchemy as sa

    with db.reading() as s:
        for model in (RequirementPeriod, SocialCaseworker, ClosedDay):
            assert s.execute(sa.select(sa.func.count()).select_from(model)).scalar_one() == 0


def test_new_absence_codes_count_as_reported_reason(db, tmp_path, cli):
    rows = [HEADERS["Närvaro"]] + [[DROP, _d(d), "4", 8, code] for d, code in
                                   ((1, "ARBETE"), (2, "intervju"), (5, "MYNDIGHET"), (6, "VARD"), (7, "SJUK_INTYG"),
                                    (8, "VAB"), (9, "BEVILJAD"), (13, "SJUK"), (14, "INSTALLD"), (15, "OGILTIG"))]
    import_workbook(db, write_workbook(tmp_path / "in.xlsx", {
        "Deltagare": [["Personnummer", "Förnamn", "Efternamn"], [DROP, "Örjan", "Åberg"]],
        "Inskrivningar": [HEADERS["Inskrivningar"][:5], [DROP, "2026-01-01", None, None, None]],
        "Aktivitetskrav": [HEADERS["Aktivitetskrav"], [DROP, "2026-10-01", "2026-10-15", 40, None, None]],
        "Närvaro": rows}))
    out = tmp_path / "o.json"
    assert cli("report", "activity", "--month", "2026-10", "--out", str(out)).code == 0
    p = json.loads(out.read_text())["participants"][0]
    # 1–15 Oct: 11 working days × 8 = 88; 8 codes with a reason × 8 = 64; cancelled 8; no reason 8.
    assert (p["required_hours"], p["valid_absence_hours"], p["cancelled_hours"], p["invalid_absence_hours"],
            p["unregistered_hours"], p["status"]) == (88.0, 64.0, 8.0, 8.0, 8.0, "franvaro_utan_skal")


# -- services -------------------------------------------------------------------------------------------
def test_closed_days_and_caseworkers_as_services(db):
    from ame_desktop.domain.errors import ValidationError
    from ame_desktop.services import activity_requirement as ar

    with db.transaction() as s:
        c = ar.add_closed_day(s, "2026-12-28", "2026-12-30", None, "Mellandagar")
        ar.add_closed_day(s, "2026-12-28", None, "2260", "Ånge stängt")
        with pytest.raises(ValidationError, match="Överlappar"):
            ar.add_closed_day(s, "2026-12-29", None, None, "Dubbel")
        cw = ar.add_caseworker(s, "Anna  Lind", "0860", "Försörjningsstöd", "0495-123 45", "anna.lind@example.se")
        with pytest.raises(ValidationError, match="finns redan"):
            ar.add_caseworker(s, "anna lind", "0860")
        with pytest.raises(ValidationError) as e:
            ar.add_caseworker(s, "Bo", "9999", email="inte-epost")
        assert {x.field for x in e.value.errors} == {"municipality_code", "email"}
    with db.reading() as s:
        assert ar.closed_dates_for(s, "0860", date(2026, 12, 1), date(2026, 12, 31)) == {
            date(2026, 12, 28): "Mellandagar", date(2026, 12, 29): "Mellandagar", date(2026, 12, 30): "Mellandagar"}
        assert list(ar.closed_dates_for(s, "2260", date(2026, 12, 27), date(2026, 12, 31))) == [
            date(2026, 12, 28), date(2026, 12, 29), date(2026, 12, 30)]
        assert ar.closed_dates_for(s, "1256", date(2026, 12, 28), date(2026, 12, 28)) == {
            date(2026, 12, 28): "Mellandagar"}
        assert ar.get_caseworker(s, cw.id).name == "Anna Lind"
    with db.transaction() as s:
        ar.update_closed_day(s, c.id, "2026-12-28", "2026-12-29", None, "Mellandagar")
        ar.delete_closed_day(s, c.id)
        assert [x.reason for x in ar.list_closed_days(s)] == ["Ånge stängt"]


def test_reduction_rules_and_warnings(db):
    from ame_desktop.domain.errors import ValidationError
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services import participants as ps

    with db.transaction() as s:
        young = ps.create_participant(s, ps.ParticipantInput("201010154472", "Ung", "Person")).id
        old = ps.create_participant(s, ps.ParticipantInput("194506017773", "Äldre", "Person")).id
        # full time − documented hours: 40 − 16 = 24
        p = ar.add_period(s, young, "2026-10-01", "2026-10-31", None, None, None, reduction_code="STUDIER",
                          reduction_hours=16)
        assert (p.hours_per_week, p.reduction_hours) == (24.0, 16.0)
        with pytest.raises(ValidationError) as e:  # another scope than full time − documented needs a reason
            ar.add_period(s, young, "2026-11-01", None, 20, None, None, reduction_code="STUDIER", reduction_hours=16)
        assert e.value.field == "override_reason" and "24 h/vecka" in e.value.message
        ar.add_period(s, young, "2026-11-01", None, 20, None, None, reduction_code="STUDIER", reduction_hours=16,
                      override_reason="Upptrappning efter sjukskrivning")
        with pytest.raises(ValidationError) as e:
            ar.add_period(s, old, "2026-10-01", None, 30, None, None, reduction_code="OVRIGT")
        assert e.value.field == "reduction_reason"
        q = ar.add_period(s, old, "2026-10-01", "2026-12-31", 40, support_since="2026-08-15")
        assert any("under 18" in w for w in ar.warnings_for(s, p))
        old_warnings = ar.warnings_for(s, q)
        assert any("riktåldern för pension" in w for w in old_warnings)
        assert any("tre månader" in w and "2026-11-15" in w for w in old_warnings)
        exempt = ar.add_period(s, old, "2027-01-01", None, 0, None, "PENSION")
        assert not any("pension" in w for w in ar.warnings_for(s, exempt))
    assert ar.pension_age(1958) == 66 and ar.pension_age(1960) == 67 and ar.pension_age(1950) == 65


def test_ending_an_enrollment_can_end_the_requirement_and_the_schedule(db):
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services import enrollments as es
    from ame_desktop.services import participants as ps
    from ame_desktop.services.activity_report import monthly_report

    with db.transaction() as s:
        pid = ps.create_participant(s, ps.ParticipantInput(DROP, "Örjan", "Åberg")).id
        es.add_enrollment(s, pid, "2026-01-01")
        ar.add_period(s, pid, "2026-01-01", None, 40)
        ar.set_schedule(s, pid, [ar.ScheduleItem(ar.category_activity(s, 4).id, d, 8) for d in range(5)])
        done = ar.end_requirement_on(s, pid, date(2026, 10, 9))
    assert done == {"ended": 1, "removed": 0, "schedule": 5}
    with db.reading() as s:
        assert ar.list_periods(s, pid)[0].end_date == date(2026, 10, 9) and ar.schedule(s, pid) == []
        p = monthly_report(s, 2026, 11).participants
    assert p == []  # the period ended in October: no entry in November


def test_sickness_without_certificate_is_flagged_after_n_working_days(db):
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services import attendance as att
    from ame_desktop.services import enrollments as es
    from ame_desktop.services import participants as ps
    from ame_desktop.services.activity_report import monthly_report
    from ame_desktop.services.settings import set_setting

    with db.transaction() as s:
        pid = ps.create_participant(s, ps.ParticipantInput(DROP, "Örjan", "Åberg")).id
        es.add_enrollment(s, pid, "2026-01-01")
        ar.add_period(s, pid, "2026-01-01", None, 40)
        aid = ar.category_activity(s, 4).id
        sick = OCT[:8]  # 1–12 Oct minus the weekend: 8 working days
        att.save_cells(s, {att.CellKey(pid, aid, d): att.Cell(8, "SJUK") for d in sick}, today=date(2026, 11, 20))
    with db.reading() as s:
        p = monthly_report(s, 2026, 10).participants[0]
    assert p.sick_without_certificate == [(OCT[0], OCT[7], 8)]
    with db.transaction() as s:
        set_setting(s, "sick_without_certificate_days", "9")
    with db.reading() as s:
        assert monthly_report(s, 2026, 10).participants[0].sick_without_certificate == []


# -- rights ------------------------------------------------------------------------------------------
def test_reader_cannot_write_and_coach_of_0860_sees_nothing_of_2260(db):
    from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH, ROLE_READER
    from ame_desktop.domain.errors import NotFoundError
    from ame_desktop.services import accounts
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services import enrollments as es
    from ame_desktop.services import participants as ps
    from ame_desktop.services.activity_report import monthly_report
    from ame_desktop.services.authz import PermissionDenied

    pw = "hemligt-lösen-1"
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", pw, ROLE_ADMIN)
    db.actor = accounts.sign_in_db(db, "anna", pw)
    with db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", pw, ROLE_COACH, ["0860"])
        accounts.create_account(s, "Läsa Läsare", "lasare", pw, ROLE_READER)
        ange = ps.create_participant(s, ps.ParticipantInput(NEVER, "Märta", "Öberg", municipality_code="2260")).id
        es.add_enrollment(s, ange, "2026-01-01")
        period = ar.add_period(s, ange, "2026-10-01", None, 40).id
        cw = ar.add_caseworker(s, "Bo Ström", "2260").id
        ar.add_closed_day(s, "2026-10-30", None, "2260", "Studiedag Ånge")
        ar.add_closed_day(s, "2026-10-12", None, None, "Personaldag")

    db.actor = accounts.sign_in_db(db, "lasare", pw)
    for write in (lambda s: ar.add_caseworker(s, "Ny", "0860"), lambda s: ar.add_closed_day(s, "2026-11-02", None,
                                                                                          "0860", "x"),
                  lambda s: ar.add_period(s, ange, "2027-01-01", None, 40),
                  lambda s: ar.end_requirement_on(s, ange, date(2026, 10, 9)),
                  lambda s: ar.update_caseworker(s, cw, "Bo", "2260")):
        with pytest.raises(PermissionDenied), db.transaction() as s:
            write(s)

    db.actor = accounts.sign_in_db(db, "kerstin", pw)
    with db.reading() as s:
        assert ar.list_caseworkers(s) == []
        assert [c.reason for c in ar.list_closed_days(s)] == ["Personaldag"]
        assert monthly_report(s, 2026, 10).participants == []
        with pytest.raises(NotFoundError):
            ar.get_period(s, period)
        with pytest.raises((NotFoundError, PermissionDenied)):
            ar.get_caseworker(s, cw)
    with pytest.raises((NotFoundError, PermissionDenied)), db.transaction() as s:
        ar.add_closed_day(s, "2026-11-02", None, "2260", "x")
    with pytest.raises((NotFoundError, PermissionDenied)), db.transaction() as s:
        ar.add_caseworker(s, "Ny i Ånge", "2260")
    with pytest.raises(PermissionDenied), db.transaction() as s:  # closing for everyone: administrators
        ar.add_closed_day(s, "2026-11-02", None, None, "x")
    with pytest.raises((NotFoundError, PermissionDenied)), db.transaction() as s:
        ar.end_requirement_on(s, ange, date(2026, 10, 9))


# -- migration from schema 0006 ---------------------------------------------------------------------------
def test_migration_from_schema_0006_keeps_periods_absences_and_reasons(tmp_path):
    import sqlite3

    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services.activity_report import monthly_report
    from ame_desktop.store.schema import open_register

    path = tmp_path / "gammal.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_0006.db", path)
    db = open_register(str(path))
    try:
        with db.reading() as s:
            periods = ar.list_periods(s, 2)
            report = monthly_report(s, 2026, 7, participant_ids=[2])
            jobbsok = ar.find_activity(s, "JOBBSOK")
        assert [(p.start_date, p.end_date, p.hours_per_week, p.reduction_code, p.reduction_reason, p.reduction_hours)
                for p in periods] == [(date(2026, 7, 1), None, 30.0, "OVRIGT", "Deltid", 10.0)]
        p = report.participants[0]
        # July 2026: 23 working days × 6 = 138; 6 h present, 6 h SJUK (absence with a reported reason).
        assert (p.required_hours, p.attended_hours, p.valid_absence_hours, p.status) == \
            (138.0, 6.0, 6.0, "ej_registrerat")
        assert jobbsok is not None and jobbsok.category == 0
    finally:
        db.dispose()
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM attendance WHERE absence = 'SJUK'").fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM social_caseworker").fetchone() == (0,)
    con.close()


def test_migration_0007_on_postgresql_keeps_rows_and_matches_the_models(pg_databases):
    """On PostgreSQL the activity table is altered in place (it is referenced by hours and
    schedules); an old reason becomes OVRIGT with its text."""
    import gc

    import sqlalchemy as sa

    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import upgrade
    from tests.test_store import schema_diff

    name, url = pg_databases.create(empty=True)
    try:
        db = Database(url)
        upgrade(db, "0006")
        with db.engine.begin() as c:
            c.execute(sa.text("INSERT INTO participant(personnummer, first_name, last_name, search_name, sort_name, "
                              "gender, municipality_code, created_at, updated_at, version) VALUES ('196408233234', "
                              "'Örjan', 'Åberg', 'örjan åberg', '{berg }rjan', 'M', '0860', now(), now(), 1)"))
            pid = c.execute(sa.text("SELECT id FROM participant")).scalar_one()
            c.execute(sa.text("INSERT INTO enrollment(participant_id, start_date, time_without_work) "
                              "VALUES (:p, '2026-01-01', 'saknas')"), {"p": pid})
            c.execute(sa.text("INSERT INTO requirement_period(participant_id, start_date, hours_per_week, "
                              "reduction_reason) VALUES (:p, '2026-07-01', 30, 'Deltid')"), {"p": pid})
            c.execute(sa.text("INSERT INTO attendance(participant_id, attendance_date, activity_id, hours, absence) "
                              "VALUES (:p, '2026-07-06', (SELECT id FROM activity WHERE category = 3), 6, 'SJUK')"),
                      {"p": pid})
        upgrade(db, "head")
        with db.engine.connect() as c:
            assert c.execute(sa.text("SELECT reduction_code, reduction_reason, reduction_hours "
                                     "FROM requirement_period")).all() == [("OVRIGT", "Deltid", 10.0)]
            assert c.execute(sa.text("SELECT count(*) FROM attendance WHERE absence = 'SJUK'")).scalar_one() == 1
            assert c.execute(sa.text("SELECT count(*) FROM activity WHERE category = 0")).scalar_one() == 1
        assert schema_diff(db) == []
        db.dispose()
    finally:
        gc.collect()
        pg_databases.drop(name)


def test_an_open_ended_period_warns_of_the_pension_age_only_when_it_is_near():
    from ame_desktop.services import activity_requirement as ar

    far = ar.period_warnings("198811663353", date(2026, 11, 1), None, None, None)  # pension age in the 2050s
    assert not any("pension" in w for w in far)
    near = ar.period_warnings("195806305552", date(2026, 11, 1), None, None, None)  # born 1958: 66 → 2024
    assert any("har uppnått riktåldern" in w for w in near)
