"""Workbook import (shared/spec/IMPORT_TEMPLATE.md): every rule, all-or-nothing, idempotence."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from ame_desktop.services.importing import ImportFailed, import_workbook
from ame_desktop.services.stats import register_counts
from tests.workbooks import HEADERS, set_cached_values, write_workbook

P1, P2, P3 = "640823-3234", "701063-2391", "19121212-1212"


def counts(db):
    with db.reading() as s:
        return register_counts(s)


def dump(db_path: Path) -> list:
    con = sqlite3.connect(db_path)
    try:
        out = []
        for t in ("participant", "referral", "enrollment", "staff_member", "setting"):
            out.append(con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall())
        return out
    finally:
        con.close()


def good_book(path: Path) -> Path:
    return write_workbook(path, {
        "Deltagare": [HEADERS["Deltagare"],
                      [P1, "Örjan", "Åberg", None, "0860", "GRUNDSKOLA", "Kerstin Ålund", "070-174 06 05", None],
                      [P2, "Märta", "Öberg", "K", "2260", None, None, None, "marta@example.com"],
                      [P3, "Tolvan", "Tolvansson", None, None, "gymnasium", "Kerstin Ålund", None, None]],
        "Anvisningar": [HEADERS["Anvisningar"],
                        [P1, date(2025, 1, 2), "SOC", None],
                        [P2, "2025-02-01", "annan", "Samordningsförbundet"]],
        "Inskrivningar": [HEADERS["Inskrivningar"],
                          [P1, date(2025, 1, 10), date(2025, 8, 31), "över 24", "KA"],
                          [P1, date(2025, 9, 15), None, "12–24", None],
                          [P2, "2025-02-10", None, None, None]],
    })


def errors_of(exc: ImportFailed) -> list[str]:
    return [str(e) for e in exc.report.errors]


def test_good_workbook_is_imported(db, tmp_path):
    report = import_workbook(db, good_book(tmp_path / "in.xlsx"))
    assert report.ok
    assert report.counts["Deltagare"].new == 3
    assert report.new_staff == ["Kerstin Ålund"]
    c = counts(db)
    assert (c["participants"], c["referrals"], c["enrollments"]) == (3, 2, 3)
    with db.reading() as s:
        from ame_desktop.services.participants import find_participant

        p = find_participant(s, P2)
        assert (p.gender, p.municipality_code, p.email) == ("K", "2260", "marta@example.com")
        tolvan = find_participant(s, P3)
        assert (tolvan.municipality_code, tolvan.education_level) == ("0860", "GYMNASIUM")


def test_reimport_changes_nothing(db, db_path, tmp_path):
    book = good_book(tmp_path / "in.xlsx")
    import_workbook(db, book)
    before = dump(db_path)
    report = import_workbook(db, book)
    assert report.changed_rows == 0
    assert report.counts["Deltagare"].unchanged == 3
    assert report.counts["Inskrivningar"].unchanged == 3
    assert dump(db_path) == before


def test_matched_rows_are_updated_with_the_files_values(db, tmp_path):
    import_workbook(db, good_book(tmp_path / "in.xlsx"))
    write_workbook(tmp_path / "fix.xlsx", {
        "deltagare": [["E-POST", " personnummer ", "Förnamn", "Efternamn"],  # other order and case
                      ["ny@example.com", "196408233234", "Örjan", "Åberg-Ek"]],
        "Inskrivningar": [HEADERS["Inskrivningar"], [P2, "2025-02-10", "2025-10-31", "6-12", "a1"]],
    })
    report = import_workbook(db, tmp_path / "fix.xlsx")
    assert report.counts["Deltagare"].updated == 1
    assert report.counts["Inskrivningar"].updated == 1
    with db.reading() as s:
        from ame_desktop.services.enrollments import list_enrollments
        from ame_desktop.services.participants import find_participant

        p = find_participant(s, P1)
        assert (p.last_name, p.email, p.staff_id, p.education_level) == ("Åberg-Ek", "ny@example.com", None, None)
        e = list_enrollments(s, find_participant(s, P2).id)[0]
        assert (e.end_date, e.exit_reason, e.exit_kas, e.time_without_work) == (date(2025, 10, 31), "A1", "A", "6-12")


def test_one_bad_row_writes_nothing_and_every_error_is_listed(db, db_path, tmp_path):
    before = dump(db_path)
    write_workbook(tmp_path / "bad.xlsx", {
        "Deltagare": [HEADERS["Deltagare"],
                      [P1, "Örjan", "Åberg", None, None, None, None, None, None],
                      [None, None, None, None, None, None, None, None, None],  # empty row: skipped
                      ["640823-3235", "Fel", "Kontroll", None, None, None, None, None, None],
                      [P2, "", "Öberg", "Q", "9999", "DOKTOR", None, None, None]],
        "Anvisningar": [HEADERS["Anvisningar"], [P1, "1 mars 2025", "SOC", None], [P1, "2025-03-01", "KOMMUN", None]],
    })
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, tmp_path / "bad.xlsx")
    errs = errors_of(e.value)
    assert "Deltagare, rad 4, Personnummer: ”640823-3235” har fel kontrollsiffra." in errs
    assert any(x.startswith("Deltagare, rad 5, Förnamn:") for x in errs)
    assert any(x.startswith("Deltagare, rad 5, Kön:") for x in errs)
    assert any(x.startswith("Deltagare, rad 5, Kommunkod:") and "9999" in x for x in errs)
    assert any(x.startswith("Deltagare, rad 5, Utbildningsnivå:") for x in errs)
    assert any(x.startswith("Anvisningar, rad 2, Datum:") for x in errs)
    assert any(x.startswith("Anvisningar, rad 3, Anvisare:") for x in errs)
    assert len(errs) == 7
    assert dump(db_path) == before


def test_input_file_is_never_modified(db, tmp_path):
    book = good_book(tmp_path / "in.xlsx")
    digest = hashlib.sha256(book.read_bytes()).hexdigest()
    import_workbook(db, book)
    import_workbook(db, book, dry_run=True)
    assert hashlib.sha256(book.read_bytes()).hexdigest() == digest


def test_dry_run_reports_and_writes_nothing(db, db_path, tmp_path):
    before = dump(db_path)
    report = import_workbook(db, good_book(tmp_path / "in.xlsx"), dry_run=True)
    assert report.dry_run and report.counts["Deltagare"].new == 3
    assert any(ch.kind == "ny" and ch.sheet == "Inskrivningar" for ch in report.changes)
    assert dump(db_path) == before


def test_headers_and_sheet_names_are_forgiving_unknown_columns_warn(db, tmp_path):
    write_workbook(tmp_path / "in.xlsx", {
        "DELTAGARE": [["  Efternamn", "FÖRNAMN ", "personnummer", "Favoritfärg"], ["Åberg", "Örjan", P1, "blå"]],
        "Anteckningar": [["Text"], ["hej"]],
    })
    report = import_workbook(db, tmp_path / "in.xlsx")
    assert report.counts["Deltagare"].new == 1
    assert any("Favoritfärg" in w for w in report.warnings)
    assert any("Anteckningar" in w for w in report.warnings)


def test_missing_required_column(db, tmp_path):
    write_workbook(tmp_path / "in.xlsx", {"Deltagare": [["Personnummer", "Förnamn"], [P1, "Örjan"]]})
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, tmp_path / "in.xlsx")
    assert errors_of(e.value) == ["Deltagare, rad 1, Efternamn: Kolumnen saknas i rubrikraden."]


def test_personnummer_as_number_and_dates_as_text_or_cells(db, tmp_path):
    write_workbook(tmp_path / "in.xlsx", {
        "Deltagare": [HEADERS["Deltagare"][:3], [6408233234, "Örjan", "Åberg"], [197010632391, "Märta", "Öberg"]],
        "Inskrivningar": [HEADERS["Inskrivningar"],
                          [P1, datetime(2025, 1, 10), "2025-08-31", None, "E9"],
                          [P2, "2025-02-10", None, None, None]],
    })
    report = import_workbook(db, tmp_path / "in.xlsx")
    assert report.counts["Deltagare"].new == 2 and report.counts["Inskrivningar"].new == 2


def test_codes_ignore_case_and_read_en_dash(db, tmp_path):
    write_workbook(tmp_path / "in.xlsx", {
        "Deltagare": [HEADERS["Deltagare"][:6], [P1, "Örjan", "Åberg", "m", "860", "ej_validerad"]],
        "Anvisningar": [HEADERS["Anvisningar"], [P1, "2025-01-01", "Egen", None]],
        "Inskrivningar": [HEADERS["Inskrivningar"], [P1, "2025-01-10", "2025-02-10", "6–12", "s0"]],
    })
    import_workbook(db, tmp_path / "in.xlsx")
    with db.reading() as s:
        from ame_desktop.services.enrollments import list_enrollments
        from ame_desktop.services.participants import find_participant

        p = find_participant(s, P1)
        assert (p.municipality_code, p.education_level) == ("0860", "EJ_VALIDERAD")
        e = list_enrollments(s, p.id)[0]
        assert (e.time_without_work, e.exit_reason, e.exit_kas) == ("6-12", "S0", "E")


def test_formula_cells_are_read_through_their_cached_value(db, tmp_path):
    book = write_workbook(tmp_path / "in.xlsx", {
        "Deltagare": [HEADERS["Deltagare"][:3], ['="640823"&"-3234"', "Örjan", "Åberg"]],
    })
    set_cached_values(book, 1, {"A2": "640823-3234"})
    report = import_workbook(db, book)
    assert report.counts["Deltagare"].new == 1


def test_formula_without_cached_value_is_an_error(db, tmp_path):
    book = write_workbook(tmp_path / "in.xlsx", {
        "Deltagare": [HEADERS["Deltagare"][:3], [P1, "Örjan", '=UPPER("åberg")']],
    })
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, book)
    assert errors_of(e.value) == [
        "Deltagare, rad 2, Efternamn: Formeln saknar sparat värde. Öppna filen i Excel, räkna om och spara."]


def test_same_personnummer_twice_in_sheet(db, tmp_path):
    write_workbook(tmp_path / "in.xlsx", {
        "Deltagare": [HEADERS["Deltagare"][:3], [P1, "Örjan", "Åberg"], ["196408233234", "Ö", "Å"]]})
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, tmp_path / "in.xlsx")
    assert errors_of(e.value) == ["Deltagare, rad 3, Personnummer: 19640823-3234 förekommer redan i bladet (rad 2)."]


def test_referral_and_enrollment_need_a_known_person(db, tmp_path):
    write_workbook(tmp_path / "in.xlsx", {
        "Anvisningar": [HEADERS["Anvisningar"], [P1, "2025-01-01", "AF", None]],
        "Inskrivningar": [HEADERS["Inskrivningar"], [P2, "2025-01-01", None, None, None]],
    })
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, tmp_path / "in.xlsx")
    errs = errors_of(e.value)
    assert errs[0].startswith("Anvisningar, rad 2, Personnummer: 19640823-3234 finns varken")
    assert errs[1].startswith("Inskrivningar, rad 2, Personnummer: 19701063-2391 finns varken")


def test_person_already_in_register_is_enough(db, tmp_path):
    import_workbook(db, good_book(tmp_path / "in.xlsx"))
    write_workbook(tmp_path / "more.xlsx", {"Anvisningar": [HEADERS["Anvisningar"], [P3, "2025-04-01", "FK", None]]})
    assert import_workbook(db, tmp_path / "more.xlsx").counts["Anvisningar"].new == 1


def test_enrollment_rules(db, tmp_path):
    write_workbook(tmp_path / "in.xlsx", {
        "Deltagare": [HEADERS["Deltagare"][:3], [P1, "Örjan", "Åberg"], [P2, "Märta", "Öberg"]],
        "Inskrivningar": [HEADERS["Inskrivningar"],
                          [P1, "2025-03-01", "2025-02-01", None, "A1"],  # end before start
                          [P1, "2025-04-01", None, None, "A1"],  # reason without end
                          [P1, "2025-05-01", "2025-06-01", None, None],  # end without reason
                          [P2, "2025-01-01", "2025-06-30", None, "D"],
                          [P2, "2025-06-30", None, None, None],  # overlaps the row above by one day
                          [P2, "2025-01-01", "2025-02-01", None, "D"],  # same key twice
                          [P1, "2025-07-01", None, "ett år", "X9"]],
    })
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, tmp_path / "in.xlsx")
    errs = errors_of(e.value)
    assert any(x.startswith("Inskrivningar, rad 2, Slutdatum:") for x in errs)
    assert any(x.startswith("Inskrivningar, rad 3, Avslutsorsak:") for x in errs)
    assert any(x.startswith("Inskrivningar, rad 4, Avslutsorsak:") for x in errs)
    assert any(x.startswith("Inskrivningar, rad 7, Startdatum:") for x in errs)
    assert any(x.startswith("Inskrivningar, rad 8, Utan arbete") for x in errs)
    assert any(x.startswith("Inskrivningar, rad 8, Avslutsorsak:") for x in errs)
    # The overlap is only checked once every row is readable; fix the rest and it shows.
    write_workbook(tmp_path / "in2.xlsx", {
        "Deltagare": [HEADERS["Deltagare"][:3], [P2, "Märta", "Öberg"]],
        "Inskrivningar": [HEADERS["Inskrivningar"], [P2, "2025-01-01", "2025-06-30", None, "D"],
                          [P2, "2025-06-30", None, None, None]],
    })
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, tmp_path / "in2.xlsx")
    assert [x.split(":")[0] for x in errors_of(e.value)] == ["Inskrivningar, rad 3, Startdatum"]


def test_enrollment_overlapping_one_in_the_register(db, tmp_path):
    import_workbook(db, good_book(tmp_path / "in.xlsx"))  # P1: 2025-01-10…2025-08-31 and from 2025-09-15
    write_workbook(tmp_path / "more.xlsx", {
        "Inskrivningar": [HEADERS["Inskrivningar"], [P1, "2025-08-01", "2025-08-20", None, "E1"]]})
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, tmp_path / "more.xlsx")
    assert "Överlappar" in errors_of(e.value)[0]


def test_blank_kommunkod_without_default_is_an_error(db, tmp_path):
    with db.transaction() as s:
        from ame_desktop.domain.models import Setting

        s.delete(s.get(Setting, "municipality"))
    write_workbook(tmp_path / "in.xlsx", {"Deltagare": [HEADERS["Deltagare"][:5], [P1, "Örjan", "Åberg", None, None]]})
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, tmp_path / "in.xlsx")
    assert errors_of(e.value)[0].startswith("Deltagare, rad 2, Kommunkod:")


def test_region_code_is_not_a_kommunkod(db, tmp_path):
    write_workbook(tmp_path / "in.xlsx", {"Deltagare": [HEADERS["Deltagare"][:5], [P1, "Örjan", "Åberg", None, "0001"]]})
    with pytest.raises(ImportFailed):
        import_workbook(db, tmp_path / "in.xlsx")


@pytest.mark.parametrize("content", [b"", b"Personnummer;Namn\n640823-3234;Anna\n", b"PK\x03\x04 broken zip"])
def test_file_that_is_not_xlsx(db, tmp_path, content):
    from ame_desktop.domain.errors import UserError

    path = tmp_path / "lista.xlsx"
    path.write_bytes(content)
    with pytest.raises(UserError) as e:
        import_workbook(db, path)
    assert "ingen Excel-arbetsbok" in e.value.message


def test_ten_thousand_rows_of_junk(db, db_path, tmp_path):
    before = dump(db_path)
    rows = [HEADERS["Inskrivningar"]] + [[f"junk{i}", "igår", "imorgon", "länge", "??"] for i in range(10_000)]
    write_workbook(tmp_path / "junk.xlsx", {"Inskrivningar": rows})
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, tmp_path / "junk.xlsx")
    errs = e.value.report.errors
    assert len(errs) == 50_000  # five broken cells per row, each counted
    # … and the first few hundred named (issue 18: a hostile file printed millions of lines)
    from ame_desktop.services.importing import MAX_LISTED_ERRORS

    assert errs.omitted == 50_000 - MAX_LISTED_ERRORS and str(errs[0]).startswith("Inskrivningar, rad 2, ")
    assert e.value.message.endswith(f"… och {50_000 - MAX_LISTED_ERRORS} fel till.")
    assert dump(db_path) == before


def test_template_round_trip(db, tmp_path, cli):
    """The template is importable as it is, and once filled in."""
    from openpyxl import load_workbook

    r = cli("template", str(tmp_path / "mall.xlsx"))
    assert r.code == 0, r
    wb = load_workbook(tmp_path / "mall.xlsx")
    assert wb.sheetnames[:4] == ["Instruktioner", "Deltagare", "Anvisningar", "Inskrivningar"]
    assert [c.value for c in wb["Deltagare"][1]] == HEADERS["Deltagare"]
    assert [c.value for c in wb["Inskrivningar"][1]] == HEADERS["Inskrivningar"]
    validations = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in wb["Anvisningar"].data_validations.dataValidation}
    assert "C2" in validations  # Anvisare has a drop-down
    text = "\n".join(str(c.value) for row in wb["Instruktioner"].iter_rows() for c in row if c.value)
    assert "allt eller inget" in text
    assert import_workbook(db, tmp_path / "mall.xlsx").changed_rows == 0
    ws = wb["Deltagare"]
    ws["A2"], ws["B2"], ws["C2"] = P1, "Örjan", "Åberg"
    wb.save(tmp_path / "ifylld.xlsx")
    assert import_workbook(db, tmp_path / "ifylld.xlsx").counts["Deltagare"].new == 1
