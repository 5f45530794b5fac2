"""The monthly activity report through the command line in the cases issue 22 found untested: a
December (the year turns; julafton, juldagen, annandagen and nyårsafton are off), the coach
column and the municipality filter, and a requirement period that lies on a weekend only.
Every figure is counted by hand in the docstrings (CLI.md § report activity)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import attendance as att
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services import staff as staff_service

LATER = date(2026, 3, 1)  # hours are registered after the fact


def _hours(s, pid, activity_id, entries):
    att.save_cells(s, {att.CellKey(pid, activity_id, d): att.Cell(h, a) for d, (h, a) in entries.items()},
                   today=LATER)


@pytest.fixture
def register(db):
    with db.transaction() as s:
        work = ar.add_activity(s, "Arbetsträning – Återbruket", 4).id
        coach = staff_service.add_staff(s, "Kerstin Ålund").id
        a = ps.create_participant(s, ps.ParticipantInput("196408233234", "Örjan", "Åberg", municipality_code="0860",
                                                         staff_id=coach)).id
        b = ps.create_participant(s, ps.ParticipantInput("198503141239", "Linnea", "Persson",
                                                         municipality_code="2260")).id
        c = ps.create_participant(s, ps.ParticipantInput("195512124560", "Siv", "Holm", municipality_code="0860")).id
        for pid in (a, b, c):
            es.add_enrollment(s, pid, "2025-11-01")
        ar.add_period(s, a, "2025-12-01", "2026-01-31", 40)
        ar.add_period(s, b, "2025-12-01", None, 20, "Deltidsarbete")
        ar.add_period(s, c, "2025-12-06", "2025-12-07", 40)  # Saturday and Sunday only
        _hours(s, a, work, {date(2025, 12, 29): (8, "OGILTIG"), date(2025, 12, 30): (8, None),
                            date(2026, 1, 2): (8, None)})
    return {"a": a, "b": b, "c": c}


def _report(cli, tmp_path, month, *extra):
    out = tmp_path / f"{month}.json"
    r = cli("report", "activity", "--month", month, *extra, "--out", str(out))
    assert r.code == 0, r
    return {p["personnummer"]: p for p in json.loads(out.read_text(encoding="utf-8"))["participants"]}


def test_december_through_the_command_line(cli, register, tmp_path):
    """December 2025: weekdays 1–5, 8–12, 15–19, 22–26, 29–31 = 23; off: julafton (Wed 24),
    juldagen (Thu 25), annandag jul (Fri 26), nyårsafton (Wed 31) → 19 working days.
    Örjan, 40 h/week: 19 × 8 = 152 required; 8 attended (30 Dec), 8 without a reported reason
    (29 Dec); the 2 January hours belong to January. Unregistered = 152 − 8 − 8 = 136."""
    dec = _report(cli, tmp_path, "2025-12")
    assert dec["196408233234"] == {
        "personnummer": "196408233234", "required_hours": 152.0, "attended_hours": 8.0, "job_seeking_hours": 0.0,
        "valid_absence_hours": 0.0, "cancelled_hours": 0.0, "invalid_absence_hours": 8.0,
        "unregistered_hours": 136.0, "not_enrolled_days": 0, "closed_days": 0, "status": "franvaro_utan_skal"}
    assert dec["198503141239"]["required_hours"] == 76.0  # 19 × 20/5
    # January 2026 (the period goes on over the new year): weekdays 1–2, 5–9, 12–16, 19–23, 26–30
    # = 22; off: nyårsdagen (Thu 1), trettondedag jul (Tue 6) → 20 working days × 8 = 160.
    jan = _report(cli, tmp_path, "2026-01")
    assert (jan["196408233234"]["required_hours"], jan["196408233234"]["attended_hours"]) == (160.0, 8.0)
    assert jan["196408233234"]["invalid_absence_hours"] == 0.0


def test_a_period_on_a_weekend_only_requires_nothing(cli, register, tmp_path):
    """Siv's period is Saturday 6 – Sunday 7 December: it overlaps the month, so she has an entry,
    but it has no requirement day: nothing required, nothing missing, uppfyllt (CLI.md: covered
    ≥ required − 0.01), and she is not counted as not enrolled."""
    dec = _report(cli, tmp_path, "2025-12")
    assert dec["195512124560"] == {
        "personnummer": "195512124560", "required_hours": 0.0, "attended_hours": 0.0, "job_seeking_hours": 0.0,
        "valid_absence_hours": 0.0, "cancelled_hours": 0.0, "invalid_absence_hours": 0.0,
        "unregistered_hours": 0.0, "not_enrolled_days": 0, "closed_days": 0, "status": "uppfyllt"}
    assert "195512124560" not in _report(cli, tmp_path, "2026-01")  # no period overlaps January


def test_the_coach_column_and_the_municipality_filter(cli, register, tmp_path):
    """The xlsx names each person's coach (Handledare; blank without one); --municipality keeps
    only that municipality's people and changes none of their figures."""
    from openpyxl import load_workbook

    out = tmp_path / "december.xlsx"
    assert cli("report", "activity", "--month", "2025-12", "--out", str(out)).code == 0
    rows = list(load_workbook(out)["Månadsrapport"].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Personnummer")
    cols = rows[header]
    body = {r[0]: dict(zip(cols, r)) for r in rows[header + 1:] if r and r[0]}
    assert body["196408233234"]["Handledare"] == "Kerstin Ålund"
    assert body["198503141239"]["Handledare"] in (None, "", "–")
    assert set(body) == {"196408233234", "198503141239", "195512124560"}

    everyone = _report(cli, tmp_path, "2025-12")
    only_2260 = _report(cli, tmp_path, "2025-12", "--municipality", "2260")
    assert list(only_2260) == ["198503141239"]
    assert only_2260["198503141239"] == everyone["198503141239"]
    assert set(_report(cli, tmp_path, "2025-12", "--municipality", "0860")) == {"195512124560", "196408233234"}
