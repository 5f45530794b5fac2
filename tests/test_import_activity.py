"""Import of the sheets Aktivitetskrav and Närvaro."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ame_desktop.services.importing import ImportFailed, import_workbook
from tests.workbooks import HEADERS, write_workbook

P1, P2 = "640823-3234", "701063-2391"


def base_sheets():
    return {
        "Deltagare": [HEADERS["Deltagare"][:3], [P1, "Örjan", "Åberg"], [P2, "Märta", "Öberg"]],
        "Inskrivningar": [HEADERS["Inskrivningar"], [P1, "2026-01-01", None, None, None],
                          [P2, "2026-06-10", "2026-06-30", None, "D"]],
    }


def errors(exc) -> list[str]:
    return [str(e) for e in exc.report.errors]


def test_requirements_and_hours_are_imported_and_reported(db, tmp_path, cli):
    book = write_workbook(tmp_path / "in.xlsx", base_sheets() | {
        "Aktivitetskrav": [HEADERS["Aktivitetskrav"],
                           [P1, "2026-01-01", None, 40, None, None],
                           [P2, date(2026, 6, 10), None, 20, "Deltidsarbete", None]],
        "Närvaro": [HEADERS["Närvaro"],
                    [P1, "2026-06-01", "4", 8, None],
                    [P1, "2026-06-02", "4", 6, "sjuk"],
                    [P1, "2026-06-02", 3, 2, None],  # category as a number cell
                    [P2, "2026-06-10", "2", 4, "ogiltig"]],
    })
    report = import_workbook(db, book)
    assert report.counts["Aktivitetskrav"].new == 2 and report.counts["Närvaro"].new == 4
    out = tmp_path / "juni.json"
    assert cli("report", "activity", "--month", "2026-06", "--out", str(out)).code == 0
    data = {p["personnummer"]: p for p in json.loads(out.read_text())["participants"]}
    assert data["196408233234"]["attended_hours"] == 10.0
    assert data["196408233234"]["valid_absence_hours"] == 6.0
    # P2: 20 h/week from Wed 10 June while enrolled (to 30 June): 10–12, 15–18, 22–26, 29–30 = 14 days × 4.
    assert data["197010632391"]["required_hours"] == 56.0
    assert data["197010632391"]["invalid_absence_hours"] == 4.0
    again = import_workbook(db, book)
    assert again.changed_rows == 0


def test_requirement_sheet_rules(db, tmp_path):
    book = write_workbook(tmp_path / "in.xlsx", base_sheets() | {
        "Aktivitetskrav": [HEADERS["Aktivitetskrav"],
                           [P1, "2026-01-01", "2026-06-30", 40, None, None],
                           [P1, "2026-06-01", None, 40, None, None],  # overlaps row 2
                           [P2, "2026-06-10", None, 25, None, None],  # reduced without reason
                           [P2, "2026-08-01", None, 40.5, None, None],
                           [P2, "2026-09-01", None, 40, None, "SEMESTER"],
                           [P2, "2026-10-01", "2026-09-01", 40, None, None]],
    })
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, book)
    errs = errors(e.value)
    assert any(x.startswith("Aktivitetskrav, rad 4, Orsak:") for x in errs)
    assert any(x.startswith("Aktivitetskrav, rad 5, Timmar per vecka:") for x in errs)
    assert any(x.startswith("Aktivitetskrav, rad 6, Undantag:") for x in errs)
    assert any(x.startswith("Aktivitetskrav, rad 7, Till:") for x in errs)
    book = write_workbook(tmp_path / "in2.xlsx", base_sheets() | {
        "Aktivitetskrav": [HEADERS["Aktivitetskrav"], [P1, "2026-01-01", "2026-06-30", 40, None, None],
                           [P1, "2026-06-01", None, 0, None, "sjuk"]]})
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, book)
    assert [x.split(":")[0] for x in errors(e.value)] == ["Aktivitetskrav, rad 3, Från"]


def test_attendance_sheet_rules(db, tmp_path):
    book = write_workbook(tmp_path / "in.xlsx", base_sheets() | {
        "Närvaro": [HEADERS["Närvaro"],
                    [P1, "2099-01-01", "1", 8, None],  # future
                    [P1, "2026-06-01", "Snickeriet", 8, None],  # unknown activity
                    [P1, "2026-06-02", "1", 24.5, None],
                    [P1, "2026-06-03", "1", 7.3, None],
                    [P1, "2026-06-04", "1", 8, "semester"],
                    [P2, "2026-06-09", "1", 8, None],  # day before the enrollment
                    [P2, "2026-06-11", "1", 16, None],
                    [P2, "2026-06-11", "2", 8.25, None],  # 24.25 h that day
                    ["19121212-1212", "2026-06-11", "1", 1, None]],  # unknown person
    })
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, book)
    errs = errors(e.value)
    assert any(x.startswith("Närvaro, rad 2, Datum:") and "framtiden" in x for x in errs)
    assert any(x.startswith("Närvaro, rad 3, Aktivitet:") and "Snickeriet" in x for x in errs)
    assert any(x.startswith("Närvaro, rad 4, Timmar:") for x in errs)
    assert any(x.startswith("Närvaro, rad 5, Timmar:") and "kvartar" in x for x in errs)
    assert any(x.startswith("Närvaro, rad 6, Frånvaro:") for x in errs)
    assert any(x.startswith("Närvaro, rad 10, Personnummer:") for x in errs)
    # Once the rows are readable, the cross-row rules show.
    book = write_workbook(tmp_path / "in2.xlsx", base_sheets() | {
        "Närvaro": [HEADERS["Närvaro"], [P2, "2026-06-09", "1", 8, None], [P2, "2026-06-11", "1", 16, None],
                    [P2, "2026-06-11", "2", 8.25, None]]})
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, book)
    errs = errors(e.value)
    assert any(x.startswith("Närvaro, rad 2, Datum:") and "utanför" in x for x in errs)
    assert any(x.startswith("Närvaro, rad 4, Timmar:") and "24" in x for x in errs)


def test_named_activity_and_hours_stored_in_register_count_towards_24(db, tmp_path):
    from ame_desktop.services import activity_requirement as ar

    with db.transaction() as s:
        ar.add_activity(s, "Arbetsträning – Återbruket", 4)
    first = write_workbook(tmp_path / "in.xlsx", base_sheets() | {
        "Närvaro": [HEADERS["Närvaro"], [P1, "2026-06-01", "arbetsträning – återbruket", 20, None]]})
    import_workbook(db, first)
    more = write_workbook(tmp_path / "more.xlsx", {
        "Närvaro": [HEADERS["Närvaro"], [P1, "2026-06-01", "3", 5, None]]})
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, more)
    assert "25 timmar" in errors(e.value)[0]
