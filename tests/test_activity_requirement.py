"""Aktivitetskrav: hand-worked months, the rules for periods and hours, report files."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from ame_desktop.domain.errors import ValidationError
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import attendance as att
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services.activity_report import monthly_report, running_balance, shortfalls

LATER = date(2026, 11, 20)  # "today" for saving hours in the past months below


def person(s, number, first="Test", last="Person"):
    return ps.create_participant(s, ps.ParticipantInput(number, first, last)).id


def hours(s, pid, activity_id, entries: dict[date, tuple[float, str | None]]):
    att.save_cells(s, {att.CellKey(pid, activity_id, d): att.Cell(h, a) for d, (h, a) in entries.items()}, today=LATER)


def spread(start: date, days: int, each: float, absence=None) -> dict:
    """`each` hours on the first `days` working days from `start`."""
    from ame_desktop.domain.workdays import is_working_day

    out, d = {}, start
    while len(out) < days:
        if is_working_day(d):
            out[d] = (each, absence)
        d += timedelta(days=1)
    return out


@pytest.fixture
def work(db):
    with db.transaction() as s:
        a = ar.add_activity(s, "Arbetsträning – Återbruket", 4).id
        seek = ar.category_activity(s, 3).id
    return {"work": a, "seek": seek}


def test_june_2026_full_time_with_midsommarafton_and_absences(db, work):
    """June 2026: 22 weekdays; Midsommarafton (Fri 19 June) is off; National Day falls on a
    Saturday. 21 working days × 40/5 = 168.0 required hours.
    Present: 18 days × 8 h = 144 + one day 6.5 h = 150.5. Valid absence: 8 h SJUK + 8 h
    SJUK_INTYG = 16. Invalid: 4 h OGILTIG. 150.5 + 16 = 166.5 < 167.99 and there is absence
    without a reported reason → franvaro_utan_skal; unregistered = 168 − 166.5 − 4 = 0 (floored)."""
    with db.transaction() as s:
        pid = person(s, "640823-3234")
        es.add_enrollment(s, pid, "2026-01-01")
        ar.add_period(s, pid, "2026-01-01", None, 40)
        present = [date(2026, 6, d) for d in (1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 15, 16, 17, 18, 22, 23, 29, 30)]
        hours(s, pid, work["work"], {d: (8.0, None) for d in present})  # 18 days: 144 h
        hours(s, pid, work["work"], {date(2026, 6, 24): (6.5, None), date(2026, 6, 25): (8, "SJUK"),
                                      date(2026, 6, 26): (8, "SJUK_INTYG")})
        hours(s, pid, work["seek"], {date(2026, 6, 30): (4, "OGILTIG")})
    with db.reading() as s:
        report = monthly_report(s, 2026, 6)
    assert report.as_json() == {"month": "2026-06", "participants": [
        {"personnummer": "196408233234", "required_hours": 168.0, "attended_hours": 150.5,
         "job_seeking_hours": 0.0, "valid_absence_hours": 16.0, "cancelled_hours": 0.0,
         "invalid_absence_hours": 4.0, "unregistered_hours": 0.0, "not_enrolled_days": 0,
         "closed_days": 0, "status": "franvaro_utan_skal"}]}
    assert len(report.working_days) == 21 and date(2026, 6, 19) not in report.working_days
    assert report.participants[0].shortfall == 1.5


def test_may_2026_public_holidays(db, work):
    """May 2026: 21 weekdays; Första maj (Fri 1) and Kristi himmelsfärd (Thu 14) are off:
    19 × 8 = 152. Exactly 152 present → uppfyllt."""
    with db.transaction() as s:
        pid = person(s, "701063-2391")
        es.add_enrollment(s, pid, "2026-04-01")
        ar.add_period(s, pid, "2026-04-01", None, 40)
        hours(s, pid, work["work"], spread(date(2026, 5, 1), 19, 8.0))  # 4–8, 11–13, 15, 18–22, 25–29
    with db.reading() as s:
        p = monthly_report(s, 2026, 5).participants[0]
    assert (p.required_hours, p.attended_hours, p.status) == (152.0, 152.0, "uppfyllt")


def test_december_2025_christmas_eves(db, work):
    """December 2025: 23 weekdays; julafton (Wed 24), juldagen, annandag jul and nyårsafton
    (Wed 31) are off: 19 working days × 30/5 = 114 for a reduced 30-hour scope."""
    with db.transaction() as s:
        pid = person(s, "19121212-1212")
        es.add_enrollment(s, pid, "2025-11-01")
        ar.add_period(s, pid, "2025-11-01", None, 30, "Deltidsarbete")
    with db.reading() as s:
        p = monthly_report(s, 2025, 12).participants[0]
    # Nothing registered at all: the shortfall is hours nobody registered, not absence.
    assert (p.required_hours, p.attended_hours, p.status) == (114.0, 0.0, "ej_registrerat")
    assert p.unregistered_hours == 114.0 and p.invalid_absence_hours == 0.0


def test_period_starting_mid_month_with_reduced_scope(db, work):
    """A 20 h/week period from Mon 15 June 2026: working days 15–18, 22–26, 29–30 = 11
    (19 June is midsommarafton) × 4 = 44.0. 40 present + 4 VAB = 44 → uppfyllt."""
    with db.transaction() as s:
        pid = person(s, "640823-3234")
        es.add_enrollment(s, pid, "2026-06-01")
        ar.add_period(s, pid, "2026-06-15", None, 20, "Deltidsarbete 50 %")
        hours(s, pid, work["work"], spread(date(2026, 6, 15), 10, 4.0))
        hours(s, pid, work["seek"], {date(2026, 6, 30): (4, "VAB")})
    with db.reading() as s:
        p = monthly_report(s, 2026, 6).participants[0]
    assert (p.required_hours, p.attended_hours, p.valid_absence_hours, p.status) == (44.0, 40.0, 4.0, "uppfyllt")


def test_exemption_covering_part_of_the_month(db, work):
    """40 h until Tue 9 June 2026, then exempt (SJUK) from 10 June: required = 7 working days
    (1–5, 8–9) × 8 = 56. Not every requirement day is exempt, so the status is computed:
    50 present + 6 VAB = 56 ≥ 56 → uppfyllt."""
    with db.transaction() as s:
        pid = person(s, "640823-3234")
        es.add_enrollment(s, pid, "2026-05-01")
        ar.add_period(s, pid, "2026-05-01", "2026-06-09", 40)
        ar.add_period(s, pid, "2026-06-10", None, 0, None, "sjuk")
        hours(s, pid, work["work"], {**spread(date(2026, 6, 1), 6, 8.0),  # 1–5, 8: 48 h
                                     date(2026, 6, 9): (2, None)})
        hours(s, pid, work["seek"], {date(2026, 6, 9): (6, "VAB")})
    with db.reading() as s:
        p = monthly_report(s, 2026, 6).participants[0]
    assert (p.required_hours, p.attended_hours, p.valid_absence_hours, p.status) == (56.0, 50.0, 6.0, "uppfyllt")


def test_exemption_for_the_whole_month(db):
    with db.transaction() as s:
        pid = person(s, "640823-3234")
        es.add_enrollment(s, pid, "2026-05-01")
        ar.add_period(s, pid, "2026-05-15", "2026-07-31", 0, None, "AF_PROGRAM")
    with db.reading() as s:
        p = monthly_report(s, 2026, 6).participants[0]
    assert (p.required_hours, p.status) == (0.0, "undantagen")


def test_required_only_while_enrolled(db, work):
    """Enrollment ends Fri 12 June 2026: working days 1–5, 8–12 = 10 × 8 = 80; the period
    goes on but the days after the enrollment add nothing: 21 − 10 = 11 not-enrolled days."""
    with db.transaction() as s:
        pid = person(s, "640823-3234")
        es.add_enrollment(s, pid, "2026-01-01", "2026-06-12", exit_reason="D")
        ar.add_period(s, pid, "2026-01-01", None, 40)
    with db.reading() as s:
        p = monthly_report(s, 2026, 6).participants[0]
    assert (p.required_hours, p.status, p.not_enrolled_days, p.unregistered_hours) == (80.0, "ej_registrerat", 11, 80.0)
    assert shortfalls(monthly_report(db.session(), 2026, 6))[0].shortfall == 80.0


def test_people_without_a_period_are_left_out_and_order_is_by_personnummer(db):
    with db.transaction() as s:
        late = person(s, "701063-2391")
        early = person(s, "640823-3234")
        none = person(s, "19121212-1212")
        for pid in (late, early, none):
            es.add_enrollment(s, pid, "2026-01-01")
        ar.add_period(s, late, "2026-06-01", None, 40)
        ar.add_period(s, early, "2026-06-30", None, 40)  # only the last day
        ar.add_period(s, none, "2026-07-01", None, 40)  # starts after the month
    with db.reading() as s:
        report = monthly_report(s, 2026, 6)
    assert [p.personnummer for p in report.participants] == ["196408233234", "197010632391"]
    assert report.participants[0].required_hours == 8.0


def test_quarter_hour_scope_is_exact(db):
    """30.25 h/week → 6.05 a day; 21 days in June 2026 = 127.05 exactly (decimal arithmetic)."""
    with db.transaction() as s:
        pid = person(s, "640823-3234")
        es.add_enrollment(s, pid, "2026-01-01")
        ar.add_period(s, pid, "2026-01-01", None, 30.25, "Deltid")
    with db.reading() as s:
        assert monthly_report(s, 2026, 6).participants[0].required_hours == 127.05


def test_running_balance_up_to_today(db, work):
    with db.transaction() as s:
        pid = person(s, "640823-3234")
        es.add_enrollment(s, pid, "2026-01-01")
        ar.add_period(s, pid, "2026-01-01", None, 40)
        hours(s, pid, work["work"], {date(2026, 6, 1): (8, None), date(2026, 6, 2): (5, None)})
    with db.reading() as s:
        p = running_balance(s, pid, today=date(2026, 6, 3))
    assert (p.required_hours, p.attended_hours) == (24.0, 13.0)  # Mon–Wed


# -- rules -----------------------------------------------------------------------------------------
def test_period_rules(db):
    with db.transaction() as s:
        pid = person(s, "640823-3234")
        ar.add_period(s, pid, "2026-01-01", "2026-06-30", 40)
    cases = [
        (("2026-06-30", None, 40, None, None), "start_date", "Överlappar"),
        (("2026-07-01", None, 30, None, None), "reduction_code", "orsakskod"),
        (("2026-07-01", None, 41, None, None), "hours_per_week", "utanför"),
        (("2026-07-01", None, 20.1, "x", None), "hours_per_week", "kvartar"),
        (("2026-07-01", "2026-06-01", 40, None, None), "end_date", "före"),
        (("2026-07-01", None, 0, None, "SEMESTER"), "exemption", "Okänt undantag"),
    ]
    for args, field, text in cases:
        with pytest.raises(ValidationError) as e, db.transaction() as s:
            ar.add_period(s, pid, *args)
        assert e.value.field == field and text in e.value.message, (args, e.value.message)
    with db.transaction() as s:  # an exemption needs no reason
        ar.add_period(s, pid, "2026-07-01", None, 0, None, "pension")


def test_reduced_scope_follows_the_full_time_setting(db):
    from ame_desktop.services.settings import set_setting

    with db.transaction() as s:
        set_setting(s, "full_time_hours", "37.5")
        pid = person(s, "640823-3234")
        ar.add_period(s, pid, "2026-01-01", None, 37.5)  # full time here: no reason needed


def test_hour_rules_and_nothing_partly_saved(db, work):
    with db.transaction() as s:
        pid = person(s, "640823-3234")
        es.add_enrollment(s, pid, "2026-03-01", "2026-09-30", exit_reason="A1")
        hours(s, pid, work["work"], {date(2026, 6, 1): (12, None)})
    bad = {
        att.CellKey(pid, work["seek"], date(2026, 6, 1)): att.Cell(12.25),  # 24.25 that day
        att.CellKey(pid, work["work"], date(2026, 6, 2)): att.Cell(-1),
        att.CellKey(pid, work["work"], date(2026, 2, 27)): att.Cell(8),  # before the enrollment
        att.CellKey(pid, work["work"], date(2026, 11, 21)): att.Cell(8),  # future (today is 20 Nov)
        att.CellKey(pid, work["work"], date(2026, 6, 3)): att.Cell(8),  # fine on its own
    }
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        att.save_cells(s, bad, today=LATER)
    messages = {err.field: err.message for err in e.value.errors}
    assert "mer än ett dygn" in messages[bad_key(pid, work["seek"], "2026-06-01")]
    assert "utanför" in messages[bad_key(pid, work["work"], "2026-06-02")]
    assert "inskrivning" in messages[bad_key(pid, work["work"], "2026-02-27")]
    assert "framtiden" in messages[bad_key(pid, work["work"], "2026-11-21")]
    with db.reading() as s:
        week = att.person_week(s, pid, date(2026, 6, 1), today=LATER)
        stored = {d: c.hours for row in week.rows for d, c in row.cells.items()}
    assert stored == {date(2026, 6, 1): 12.0}  # the good cell was not saved either


def bad_key(pid, aid, day):
    return f"{pid}:{aid}:{day}"


def test_schedule_and_prefill(db, work):
    with db.transaction() as s:
        pid = person(s, "640823-3234")
        es.add_enrollment(s, pid, "2026-06-03")
        ar.set_schedule(s, pid, [ar.ScheduleItem(work["work"], d, 6) for d in range(5)]
                        + [ar.ScheduleItem(work["seek"], d, 2) for d in range(5)])
        # Category 3 (a provided job-search activity) is not the person's own job seeking.
        assert ar.job_seeking_hours(s, pid) == 0
        ar.set_schedule(s, pid, [ar.ScheduleItem(work["work"], d, 6) for d in range(5)]
                        + [ar.ScheduleItem(work["seek"], d, 2) for d in range(5)]
                        + [ar.ScheduleItem(ar.job_seeking_activity(s).id, d, 1) for d in (0, 2)])
        assert ar.job_seeking_hours(s, pid) == 2
        week = att.group_week(s, work["work"], date(2026, 6, 3), today=LATER)
    assert [r.participant_id for r in week.rows] == [pid]
    fill = att.prefill_from_schedule(week)
    # Mon 1 and Tue 2 June are before the enrollment: not filled. Sat/Sun have no schedule.
    assert sorted(k.day.day for k in fill) == [3, 4, 5]
    with pytest.raises(ValidationError), db.transaction() as s:
        ar.set_schedule(s, pid, [ar.ScheduleItem(work["work"], 0, 20), ar.ScheduleItem(work["seek"], 0, 5)])


def test_cell_text_parsing():
    assert att.parse_cell_text("7,5") == att.Cell(7.5, None)
    assert att.parse_cell_text("8 s") == att.Cell(8, "SJUK")
    assert att.parse_cell_text("8 o") == att.Cell(8, "OGILTIG")
    assert att.parse_cell_text("4 vab") == att.Cell(4, "VAB")
    assert att.parse_cell_text("  ") is None
    with pytest.raises(ValueError):
        att.parse_cell_text("8 semester")
    with pytest.raises(ValueError):
        att.parse_cell_text("7,3")
    assert att.cell_text(att.Cell(7.5, "SJUK")) == "7,5 SJUK"


# -- the report command ---------------------------------------------------------------------------
@pytest.fixture
def june(db, work):
    with db.transaction() as s:
        a = person(s, "640823-3234", "Örjan", "Åberg")
        b = person(s, "701063-2391", "Märta", "Öberg")
        for pid in (a, b):
            es.add_enrollment(s, pid, "2026-01-01")
        ar.add_period(s, a, "2026-01-01", None, 40)
        ar.add_period(s, b, "2026-06-15", None, 20, "Deltidsarbete")
        hours(s, a, work["work"], {date(2026, 6, 2): (8, "SJUK"), date(2026, 6, 3): (8, "OGILTIG"),
                                   date(2026, 6, 4): (8, None)})
    return a, b


def test_report_json_via_cli(cli, june, tmp_path):
    out = tmp_path / "juni.json"
    r = cli("report", "activity", "--month", "2026-06", "--out", str(out))
    assert r.code == 0, r
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["month"] == "2026-06"
    assert [p["personnummer"] for p in data["participants"]] == ["196408233234", "197010632391"]
    assert data["participants"][0] == {"personnummer": "196408233234", "required_hours": 168.0,
                                       "attended_hours": 8.0, "job_seeking_hours": 0.0,
                                       "valid_absence_hours": 8.0, "cancelled_hours": 0.0,
                                       "invalid_absence_hours": 8.0, "unregistered_hours": 144.0,
                                       "not_enrolled_days": 0, "closed_days": 0,
                                       "status": "franvaro_utan_skal"}
    assert data["participants"][1]["required_hours"] == 44.0


def test_report_xlsx_has_a_row_and_a_sheet_per_person(cli, june, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "juni.xlsx"
    assert cli("report", "activity", "--month", "2026-06", "--out", str(out)).code == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Månadsrapport", "196408233234", "197010632391"]
    rows = list(wb["Månadsrapport"].iter_rows(values_only=True))
    header = rows.index(tuple(["Personnummer", "Namn", "Handledare", "Handläggare", "Krav (h)", "Närvaro (h)",
                               "Eget jobbsökande (h)", "Frånvaro med anmält skäl (h)", "Inställt av enheten (h)",
                               "Frånvaro utan anmält skäl (h)", "Ej registrerat (h)", "Kravdagar utan inskrivning",
                               "Stängda dagar", "Status", "Statuskod"]))
    assert rows[header + 1] == ("196408233234", "Örjan Åberg", None, None, 168, 8, 0, 8, 0, 8, 144, 0, 0,
                                "Frånvaro utan anmält skäl", "franvaro_utan_skal")
    days = list(wb["196408233234"].iter_rows(values_only=True))
    june3 = [r for r in days if r[0] is not None and hasattr(r[0], "day") and r[0].day == 3]
    assert june3[0][2:] == ("Kravdag", 8, "Arbetsträning – Återbruket", 8, "Frånvaro utan anmält skäl")
    assert sum(1 for r in days if r[0] is not None and hasattr(r[0], "day")) == 30


def test_report_pdf_one_page_per_person(cli, june, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "juni.pdf"
    assert cli("report", "activity", "--month", "2026-06", "--out", str(out)).code == 0
    pages = PdfReader(out).pages
    assert len(pages) == 2
    first = pages[0].extract_text()
    assert "Örjan Åberg" in first and "19640823-3234" in first and "juni 2026" in first
    assert "Frånvaro utan anmält skäl" in first and "Sida 1 av 2" in first
    assert "giltig" not in first.replace("godtagbart", "")  # no verdicts: the nämnd judges
    assert "socialnämnden" in first and "2026-06-03" in first
    assert "168,00 h" in first
    assert "Märta Öberg" in pages[1].extract_text()


@pytest.mark.parametrize("month", ["2026-13", "juni", "2026-6-1", ""])
def test_report_bad_month(cli, month, tmp_path):
    r = cli("report", "activity", "--month", month, "--out", str(tmp_path / "x.json"))
    assert r.code == 2 and "ÅÅÅÅ-MM" in r.err
    assert not (tmp_path / "x.json").exists()


def test_report_bad_extension_and_municipality(cli, june, tmp_path):
    assert cli("report", "activity", "--month", "2026-06", "--out", str(tmp_path / "x.txt")).code == 2
    r = cli("report", "activity", "--month", "2026-06", "--municipality", "9999", "--out", str(tmp_path / "x.json"))
    assert r.code == 2 and "9999" in r.err
    r = cli("report", "activity", "--month", "2026-06", "--municipality", "2260", "--out", str(tmp_path / "x.json"))
    assert json.loads((tmp_path / "x.json").read_text())["participants"] == []
