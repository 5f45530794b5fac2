"""Issue 19 in the import workbook: Kommunkod on Anvisningar and Inskrivningar, `Anställning från`
and `Bekräftad` on work exits, and the sheet `Feriejobb` — read back through the export."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
import sqlalchemy as sa

from ame_desktop.domain.models import Enrollment, Participant, Referral, SummerJob
from ame_desktop.services import kolada as kol
from ame_desktop.services.importing import ImportFailed, import_workbook
from tests.workbooks import HEADERS, write_workbook

TODAY = date(2026, 11, 22)
P1, P2, P3 = "19640823-3234", "19701063-2391", "19850314-1239"  # M, K (samordningsnr), M
YOUNG1, YOUNG2, YOUNG3 = "20080505-1232", "20090915-8800", "20101015-4472"  # M, K, M


def people(*rows):
    return [HEADERS["Deltagare"], *rows]


def base_sheets() -> dict:
    return {
        "Deltagare": people([P1, "Örjan", "Åberg", None, "0860", "GRUNDSKOLA"],
                            [P2, "Märta", "Öberg", None, "2260", "GYMNASIUM"],
                            [P3, "Per", "Palm", None, "0860", "GYMNASIUM"]),
        "Anvisningar": [HEADERS["Anvisningar"],
                        [P1, "2025-01-02", "SOC", None, None],
                        [P2, "2025-01-15", "AF", None, "0860"],  # Märta lives in Ånge, referred in Hultsfred
                        [P3, "2025-03-01", "AF", None, None]],
        "Inskrivningar": [HEADERS["Inskrivningar"],
                          # Örjan: work from 2025-06-01 (not the day after), confirmed a month later.
                          [P1, "2025-01-10", "2025-05-20", "över 24", "A1", None, "2025-06-01", "2025-07-01"],
                          [P2, "2025-02-01", "2025-09-30", "6-12", "D", "0860"],
                          # Per: work from the day after (2025-11-01); not confirmed yet.
                          [P3, "2025-03-10", "2025-10-31", "under 6", "A2"]],
    }


def counts(db_url_or_db, sql: str):
    with db_url_or_db.reading() as s:
        return s.execute(sa.text(sql)).all()


def test_kommunkod_job_start_and_confirmation_are_stored_and_reimport_changes_nothing(db, tmp_path):
    path = write_workbook(tmp_path / "kas.xlsx", base_sheets())
    report = import_workbook(db, path)
    assert report.counts["Inskrivningar"].new == 3 and report.counts["Anvisningar"].new == 3
    with db.reading() as s:
        rows = s.execute(sa.select(Participant.personnummer, Enrollment.municipality_code, Enrollment.exit_reason,
                                   Enrollment.job_start_date, Enrollment.work_confirmed_on)
                         .join(Participant).order_by(Participant.personnummer)).all()
        refs = s.execute(sa.select(Participant.personnummer, Referral.municipality_code)
                         .join(Participant).order_by(Participant.personnummer)).all()
    assert rows == [("196408233234", "0860", "A1", date(2025, 6, 1), date(2025, 7, 1)),
                    ("197010632391", "0860", "D", None, None),
                    ("198503141239", "0860", "A2", None, None)]
    assert refs == [("196408233234", "0860"), ("197010632391", "0860"), ("198503141239", "0860")]
    again = import_workbook(db, path)
    assert again.changed_rows == 0


def test_the_export_of_the_imported_workbook(db, tmp_path):
    import_workbook(db, write_workbook(tmp_path / "kas.xlsx", base_sheets()))
    with db.reading() as s:
        r = kol.compute_kolada(s, 2025, today=TODAY)
    # Märta lives in Ånge (2260), but her referral and enrollment are Hultsfred's: 2260 has the
    # person and gets rows, with nothing in them; 0860 counts all three.
    assert r.municipalities == ["0860", "2260"]
    assert r.value("U40800", "0860") == 3 and r.value("U40800", "2260") == 0
    assert r.value("U40803", "0860") == 3 and r.value("U40803", "2260") == 0
    # Exits: Örjan A1 confirmed → A; Märta D; Per A2 unconfirmed → none of A–E.
    assert r.value("N40450", "0860") == 3
    assert (r.value("U40450", "0860"), r.value("U40453", "0860")) == (1, 1)
    assert r.row("U40406", "0860").numerator == 1 and r.row("U40406", "0860").denominator == 3
    per = [f for f in r.findings if f.kind == "unconfirmed_work"]
    assert [(f.name, f.municipality) for f in per] == [("Per Palm", "0860")]
    # First day of work 2025-11-01 (the day after Slutdatum); confirmable from add_months(…, 1).
    assert "Arbete ej bekräftat efter en månad" in per[0].problem and "2025-12-01" in per[0].problem


@pytest.mark.parametrize("row,column,text", [
    # Bekräftad earlier than one month after the job start (the day after Slutdatum, 2025-05-21).
    ([P1, "2025-01-10", "2025-05-20", "över 24", "A1", None, None, "2025-06-20"], "Bekräftad", "tidigast 2025-06-21"),
    # ... or after `Anställning från` 2025-01-31: add_months clamps to 2025-02-28.
    ([P1, "2025-01-10", "2025-01-20", "över 24", "A1", None, "2025-01-31", "2025-02-27"], "Bekräftad",
     "tidigast 2025-02-28"),
    ([P1, "2025-01-10", "2025-05-20", "över 24", "D", None, None, "2025-07-01"], "Bekräftad", "A1 eller A2"),
    ([P1, "2025-01-10", "2025-05-20", "över 24", "B", None, "2025-06-01", None], "Anställning från", "A1 eller A2"),
    ([P1, "2025-01-10", None, "över 24", None, None, "2025-06-01", None], "Anställning från", "A1 eller A2"),
    ([P1, "2025-01-10", "2025-05-20", "över 24", "A1", "9999", None, None], "Kommunkod", "Okänd kommunkod"),
    ([P1, "2025-01-10", "2025-05-20", "över 24", "A1", "0001", None, None], "Kommunkod", "Okänd kommunkod"),  # a region
    ([P1, "2025-01-10", "2025-05-20", "över 24", "A1", None, "igår", None], "Anställning från", "inget datum"),
])
def test_bad_work_and_municipality_cells_are_refused_and_nothing_is_written(db, tmp_path, row, column, text):
    sheets = {"Deltagare": people([P1, "Örjan", "Åberg", None, "0860"]),
              "Inskrivningar": [HEADERS["Inskrivningar"], row]}
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, write_workbook(tmp_path / "bad.xlsx", sheets))
    errors = e.value.report.errors
    assert [(x.sheet, x.row, x.field) for x in errors] == [("Inskrivningar", 2, column)], errors
    assert text in errors[0].message
    assert counts(db, "SELECT count(*) FROM participant") == [(0,)]
    assert counts(db, "SELECT count(*) FROM enrollment") == [(0,)]


def test_a_bad_kommunkod_on_a_referral_is_refused(db, tmp_path):
    sheets = {"Deltagare": people([P1, "Örjan", "Åberg", None, "0860"]),
              "Anvisningar": [HEADERS["Anvisningar"], [P1, "2025-01-02", "SOC", None, "12345"]]}
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, write_workbook(tmp_path / "bad.xlsx", sheets))
    assert [(x.sheet, x.row, x.field) for x in e.value.report.errors] == [("Anvisningar", 2, "Kommunkod")]
    assert counts(db, "SELECT count(*) FROM referral") == [(0,)]


def test_a_mover_keeps_earlier_rows_where_they_were(db, tmp_path):
    # Märta lived in Ånge when her first referral and enrollment were written (blank Kommunkod).
    first = {"Deltagare": people([P2, "Märta", "Öberg", None, "2260", "GYMNASIUM"]),
             "Anvisningar": [HEADERS["Anvisningar"], [P2, "2024-03-01", "SOC", None, None]],
             "Inskrivningar": [HEADERS["Inskrivningar"], [P2, "2024-03-10", "2025-02-28", "6-12", "E2"]]}
    import_workbook(db, write_workbook(tmp_path / "1.xlsx", first))
    # She moves to Hultsfred: the same old rows again (blank Kommunkod), plus new ones.
    second = {"Deltagare": people([P2, "Märta", "Öberg", None, "0860", "GYMNASIUM"]),
              "Anvisningar": [HEADERS["Anvisningar"], [P2, "2024-03-01", "SOC", None, None],
                              [P2, "2025-04-01", "AF", None, None]],
              "Inskrivningar": [HEADERS["Inskrivningar"], [P2, "2024-03-10", "2025-02-28", "6-12", "E2"],
                                [P2, "2025-04-10", None, "under 6", None]]}
    report = import_workbook(db, write_workbook(tmp_path / "2.xlsx", second))
    assert report.counts["Inskrivningar"].unchanged == 1 and report.counts["Anvisningar"].unchanged == 1
    rows = counts(db, "SELECT start_date, municipality_code FROM enrollment ORDER BY start_date")
    assert [(str(a), m) for a, m in rows] == [("2024-03-10", "2260"), ("2025-04-10", "0860")]
    with db.reading() as s:
        r24 = kol.compute_kolada(s, 2024, today=TODAY)
        r25 = kol.compute_kolada(s, 2025, today=TODAY)
    # 2024 stays Ånge's; in 2025 she exited in Ånge (E2) and started in Hultsfred.
    assert r24.value("U40800", "2260") == 1 and r24.value("U40800", "0860") == 0
    assert (r25.value("U40800", "2260"), r25.value("N40450", "2260"), r25.value("U40454", "2260")) == (1, 1, 1)
    assert (r25.value("U40800", "0860"), r25.value("N40450", "0860"), r25.value("U40803", "0860")) == (1, 0, 1)
    assert r25.value("U40803", "2260") == 0  # her Ånge referral is from 2024


def test_feriejobb_sheet(db, tmp_path):
    sheets = {
        "Deltagare": people([YOUNG1, "Ali", "Ek", None, "0860"], [YOUNG2, "Bea", "Berg", None, "0860"],
                            [YOUNG3, "Cia", "Dahl", None, "2260"], [P1, "Örjan", "Åberg", None, "0860"]),
        "Inskrivningar": [HEADERS["Inskrivningar"], [P1, "2025-01-10", None, "över 24", None]],
        "Anvisningar": [HEADERS["Anvisningar"], [P1, "2025-01-02", "SOC"]],
        "Feriejobb": [HEADERS["Feriejobb"],
                      # Ali: two applications; the latest placed one counts (PRIVAT, not the earlier KOMMUN).
                      [YOUNG1, "2025-02-01", "Djur", "kommun", "Parkförvaltningen", "2025-06-16", "2025-07-04"],
                      [YOUNG1, "2025-03-15", "Butik", "PRIVAT", "ICA", "2025-07-07", "2025-07-25"],
                      [YOUNG1, "2025-04-01", "Vad som helst", None, None, None, None],
                      # Bea: applied, no place.
                      [YOUNG2, "2025-03-01", None, None, None, None, None],
                      # Cia (Ånge): CIVIL.
                      [YOUNG3, "2025-03-01", None, "CIVIL", "IK Ånge", "2025-06-20", "2025-07-10"],
                      # An application of 2024 does not count in 2025.
                      [YOUNG2, "2024-03-01", None, "ANNAN", "Kyrkan", None, None]],
    }
    report = import_workbook(db, write_workbook(tmp_path / "fj.xlsx", sheets))
    assert report.counts["Feriejobb"].new == 6
    assert import_workbook(db, tmp_path / "fj.xlsx").changed_rows == 0
    with db.reading() as s:
        assert s.execute(sa.select(sa.func.count()).select_from(SummerJob)).scalar_one() == 6
        r = kol.compute_kolada(s, 2025, today=TODAY)
        ali = kol.persons_in_figure(s, 2025, None, "0860", "N40473", today=TODAY)
    # A feriejobb adds nobody to the participants: Örjan alone in 0860, nobody in 2260.
    assert r.value("U40800", "0860") == 1 and r.value("U40800", "2260") == 0
    assert r.persons == {"0860": 1, "2260": 0} and r.summer_applicants == {"0860": 2, "2260": 1}
    row = r.row("N40471", "0860")
    assert (row.value, row.numerator, row.denominator) == (50.0, 1, 2)  # Ali placed, Bea not
    assert (r.row("N40471", "0860", "M").value, r.row("N40471", "0860", "K").value) == (100.0, 0.0)
    assert r.value("N40472", "0860") == 1
    assert [(k, r.row(k, "0860").numerator, r.row(k, "0860").denominator) for k in ("N40473", "N40474", "N40475")] \
        == [("N40473", 1, 1), ("N40474", 0, 1), ("N40475", 0, 1)]
    assert (r.value("N40471", "2260"), r.value("N40472", "2260"), r.value("N40474", "2260")) == (100.0, 1, 100.0)
    assert [p.name for p in ali] == ["Ali Ek"] and "ICA" in ali[0].detail


@pytest.mark.parametrize("row,column,text", [
    ([YOUNG1, "2025-02-01", None, "SKOLA", None, None, None], "Placering", "Okänd placering"),
    ([YOUNG1, "2025-02-01", None, "PRIVAT", None, "2025-07-01", "2025-06-01"], "Till", "före Från"),
    ([YOUNG1, None, None, None, None, None, None], "Ansökningsdatum", ""),
    (["20050505-1230", "2025-02-01", None, None, None, None, None], "Personnummer", ""),
    (["20090915-8800", "2025-02-01", None, None, None, None, None], "Personnummer", "finns varken"),
])
def test_bad_feriejobb_rows_are_refused(db, tmp_path, row, column, text):
    sheets = {"Deltagare": people([YOUNG1, "Ali", "Ek", None, "0860"]), "Feriejobb": [HEADERS["Feriejobb"], row]}
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, write_workbook(tmp_path / "bad.xlsx", sheets))
    errors = e.value.report.errors
    assert [(x.sheet, x.row, x.field) for x in errors] == [("Feriejobb", 2, column)], errors
    assert text in errors[0].message
    assert counts(db, "SELECT count(*) FROM participant") == [(0,)]
    assert counts(db, "SELECT count(*) FROM summer_job") == [(0,)]


def test_template_has_the_new_columns_and_sheet(db, tmp_path, cli):
    from openpyxl import load_workbook

    assert cli("template", str(tmp_path / "mall.xlsx")).code == 0
    wb = load_workbook(tmp_path / "mall.xlsx")
    assert [c.value for c in wb["Anvisningar"][1]][:5] == HEADERS["Anvisningar"]
    assert [c.value for c in wb["Inskrivningar"][1]][:8] == HEADERS["Inskrivningar"]
    assert [c.value for c in wb["Feriejobb"][1]] == HEADERS["Feriejobb"]
    text = "\n".join(str(c.value) for row in wb["Instruktioner"].iter_rows() for c in row if c.value)
    assert "Bladet Feriejobb" in text and "Bekräftad" in text
    codes_sheet = [c.value for row in wb["Koder"].iter_rows() for c in row if c.value]
    assert "Placering" in codes_sheet and "CIVIL" in codes_sheet
