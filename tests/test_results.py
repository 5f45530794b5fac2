"""Issue 20: försörjning/sysselsättning at start and exit, follow-ups after exit, the EB extract
(import-eb) and the results after exit (report results). Hand-built registers pin every figure."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH, ROLE_READER
from ame_desktop.domain.errors import NotFoundError, ValidationError
from ame_desktop.domain.models import EbImport, FollowUp, SocialAssistanceMonth
from ame_desktop.services import accounts, gallring, register_extract, settings
from ame_desktop.services import enrollments as es
from ame_desktop.services import followups as fu
from ame_desktop.services import participants as ps
from ame_desktop.services import referrals as rs
from ame_desktop.services.authz import PermissionDenied
from ame_desktop.services.eb_import import import_extract, parse_amount, parse_month
from ame_desktop.services.results import compute_results, figures

TODAY = date(2027, 6, 30)
PERIOD = (date(2025, 1, 1), date(2025, 12, 31))
P1, P2, P3, P4, P5 = "196408233234", "199001012385", "197010632391", "198503141239", "195512124560"
NOT_IN_REGISTER = "200909158800"
PASSWORD = "hemligt-lösen-1"


def _months(first: str, last: str) -> list[str]:
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def write_csv(path, rows, header=("Personnummer", "Månad", "Belopp", "Hushåll"), sep=";", encoding="utf-8"):
    lines = [sep.join(header)] + [sep.join(str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def eb_rows() -> list[tuple]:
    """The extract of the hand-built register (amounts in kronor)."""
    rows = [(P5, "2024-01", "1000", "H5"), (P5, "2027-05", "500", "H5")]  # the imported range: 2024-01 – 2027-05
    rows += [(P1, m, "5000", "H1") for m in _months("2024-02", "2025-01")]  # 12 months before P1's start
    rows += [(P1, "2026-03", "2000", "H1")]  # back in the 7th month after the exit
    rows += [(P2, m, "7000", "") for m in _months("2024-06", "2025-02")]  # 9 months
    rows += [(P2, "2025-11", "7000", ""), (P2, "2025-12", "7 000,00", "")]  # back at once
    rows += [(P4, m, "3000", "") for m in _months("2025-01", "2025-04")]  # 4 months before
    rows += [(P4, "2026-01", "0", "")]  # a month with 0 kr is not a month with support
    rows += [(NOT_IN_REGISTER, "2025-06", "9999", "HX")]
    return rows


@pytest.fixture
def register(db, tmp_path):
    """Four exits in 2025 (three in Hultsfred, one in Ånge), one exit in 2024, follow-ups and an
    EB extract covering 2024-01 – 2027-05."""
    with db.transaction() as s:
        ids = {}
        ids[P1] = ps.create_participant(s, ps.ParticipantInput(P1, "Örjan", "Åberg")).id
        ids[P2] = ps.create_participant(s, ps.ParticipantInput(P2, "Anna", "Berg")).id
        ids[P3] = ps.create_participant(s, ps.ParticipantInput(P3, "Märta", "Öberg", municipality_code="2260")).id
        ids[P4] = ps.create_participant(s, ps.ParticipantInput(P4, "Bo", "Ek")).id
        ids[P5] = ps.create_participant(s, ps.ParticipantInput(P5, "Eva", "Al")).id
        rs.add_referral(s, ids[P1], "2025-01-10", "SOC")
        rs.add_referral(s, ids[P2], "2025-03-01", "AF")
        rs.add_referral(s, ids[P3], "2024-12-01", "FK")
        e = {}
        e[P1] = es.add_enrollment(s, ids[P1], "2025-02-01", "2025-08-15", exit_reason="A1",
                                  support_at_start="FORSORJNINGSSTOD", occupation_at_start="INGEN",
                                  support_at_exit="LON", occupation_at_exit="ARBETE_OSUB").id
        e[P2] = es.add_enrollment(s, ids[P2], "2025-03-01", "2025-10-31", exit_reason="E1",
                                  support_at_exit="forsorjningsstod").id
        es.add_enrollment(s, ids[P2], "2026-06-01")  # enrolled again: the 12-month follow-up closes
        e[P3] = es.add_enrollment(s, ids[P3], "2025-01-15", "2025-06-30", exit_reason="B",
                                  support_at_exit="STUDIEMEDEL").id
        e[P4] = es.add_enrollment(s, ids[P4], "2025-05-01", "2025-12-31", exit_reason="D").id
        e[P5] = es.add_enrollment(s, ids[P5], "2024-01-01", "2024-06-30", exit_reason="E9").id
        fu.record_followup(s, e[P1], 3, "2025-11-20", "SAMTAL", "LON", "ARBETE_OSUB", today=TODAY)
        fu.record_followup(s, e[P1], 6, "2026-02-20", "REGISTER", "LON", today=TODAY)
        fu.record_followup(s, e[P1], 12, "2026-08-20", "EJ_NADD", "LON", today=TODAY)  # support ignored
        fu.record_followup(s, e[P2], 3, "2026-02-02", "samtal", "FORSORJNINGSSTOD", "INGEN", today=TODAY)
        fu.record_followup(s, e[P3], 3, "2025-10-01", "REGISTER", "STUDIEMEDEL", "STUDIER", today=TODAY)
    import_extract(db, write_csv(tmp_path / "eb.csv", eb_rows()))
    return {"ids": ids, "enrollments": e}


def _count(db, table) -> int:
    with db.reading() as s:
        return s.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


# -- the results ---------------------------------------------------------------------------
def test_results_pin_every_figure_of_a_hand_built_register(db, register):
    with db.reading() as s:
        report = compute_results(s, *PERIOD, today=TODAY)
    t = report.total
    assert (report.data_from, report.data_through) == ("2024-01", "2027-05")
    assert [r.personnummer for r in report.rows] == [P3, P1, P2, P4]  # by exit date; P5 left in 2024
    assert t["exits"] == 4 and t["persons"] == 4
    assert t["at_exit"] == {"recorded": 3, "self_supporting": 2, "without_forsorjningsstod": 2,
                            "share_self_supporting": 0.6667}
    f3, f6, f12 = (t["followups"][k] for k in ("3", "6", "12"))
    assert f3 == {"due": 4, "recorded": 3, "not_reached": 0, "reenrolled": 0, "not_followed_up": 1, "upcoming": 0,
                  "self_supporting": 2, "share_self_supporting": 0.6667, "without_forsorjningsstod": 2,
                  "support": {"FORSORJNINGSSTOD": 1, "LON": 1, "STUDIEMEDEL": 1},
                  "occupation": {"ARBETE_OSUB": 1, "INGEN": 1, "STUDIER": 1}}
    assert (f6["recorded"], f6["not_followed_up"], f6["self_supporting"], f6["share_self_supporting"]) == (1, 3, 1, 1.0)
    assert f6["occupation"] == {"OKAND": 1}
    assert (f12["recorded"], f12["not_reached"], f12["reenrolled"], f12["not_followed_up"], f12["upcoming"]) == (
        0, 1, 1, 2, 0)
    assert f12["share_self_supporting"] is None
    assert t["before"] == {"months": 25, "kronor": 135000.0, "exits_with_support": 3, "complete": 4,
                           "kronor_per_exit": 33750.0}
    assert t["after"] == {"months": 3, "kronor": 16000.0, "exits_with_support": 2, "complete": 4,
                          "kronor_per_exit": 4000.0}
    assert t["comparable"] == {"exits": 4, "before_months": 25, "after_months": 3, "before_kronor": 135000.0,
                               "after_kronor": 16000.0, "difference_kronor": -119000.0}
    assert t["back_within_6"] == {"observed": 4, "back": 1, "share": 0.25}
    assert t["back_within_12"] == {"observed": 4, "back": 2, "share": 0.5}
    by = {r.personnummer: r for r in report.rows}
    assert (by[P1].referral_source, by[P2].referral_source, by[P3].referral_source, by[P4].referral_source) == (
        "SOC", "AF", "FK", "SAKNAS")
    assert by[P2].followups[12].state == fu.REENROLLED and by[P2].followups[12].reenrolled_on == date(2026, 6, 1)
    assert by[P2].followups[6].state == fu.OVERDUE
    assert (by[P1].back_within_6, by[P1].back_within_12) == (False, True)

    def group(dim):
        return {k: figures(rows, report.months) for k, _label, rows in report.groups(dim)}

    muni = group("municipality")
    assert set(muni) == {"0860", "2260"}
    assert muni["0860"]["exits"] == 3 and muni["0860"]["before"]["kronor"] == 135000.0
    assert muni["2260"]["exits"] == 1 and muni["2260"]["followups"]["3"]["share_self_supporting"] == 1.0
    gender = group("gender")
    assert (gender["M"]["exits"], gender["K"]["exits"]) == (3, 1)  # 197010632391 carries a man's digit
    assert gender["K"]["back_within_6"] == {"observed": 1, "back": 1, "share": 1.0}
    assert gender["M"]["back_within_12"] == {"observed": 3, "back": 1, "share": 0.3333}
    result = group("exit_result")
    assert sorted(result) == ["A", "B", "D", "E"]
    assert result["A"]["after"]["kronor"] == 2000.0
    assert sorted(group("referral_source")) == ["AF", "FK", "SAKNAS", "SOC"]


def test_a_window_outside_the_imported_months_is_not_counted_as_no_support(db, register, tmp_path):
    with db.transaction() as s:
        p = ps.create_participant(s, ps.ParticipantInput("200805051232", "Ny", "Person")).id
        es.add_enrollment(s, p, "2027-01-10", "2027-03-31", exit_reason="E9")
    with db.reading() as s:
        report = compute_results(s, date(2027, 1, 1), date(2027, 3, 31), today=TODAY)
    r = report.rows[0]
    assert (r.before_observed, r.after_observed) == (12, 2)  # 2027-04 and 2027-05 are imported
    assert (r.back_within_6, r.back_within_12) == (None, None)  # not known yet
    t = report.total
    assert t["back_within_6"] == {"observed": 0, "back": 0, "share": None}
    assert t["comparable"]["exits"] == 0
    assert t["followups"]["3"]["upcoming"] == 0 and t["followups"]["12"]["upcoming"] == 1


def test_report_results_json_xlsx_and_pdf(cli, db, register, tmp_path):
    out = tmp_path / "r.json"
    r = cli("report", "results", "--from", "2025-01-01", "--to", "2025-12-31", "--out", str(out))
    assert r.code == 0, r
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["from"] == "2025-01-01" and data["to"] == "2025-12-31"
    assert data["followup_months"] == [3, 6, 12]
    assert data["total"]["exits"] == 4
    assert [g["key"] for g in data["groups"]["municipality"]] == ["0860", "2260"]
    assert {e["personnummer"] for e in data["exits"]} == {P1, P2, P3, P4}
    assert NOT_IN_REGISTER not in out.read_text(encoding="utf-8")
    r = cli("report", "results", "--from", "2025-01-01", "--to", "2025-12-31", "--municipality", "2260",
            "--out", str(out))
    assert r.code == 0 and [e["personnummer"] for e in json.loads(out.read_text())["exits"]] == [P3]

    xlsx = tmp_path / "r.xlsx"
    assert cli("report", "results", "--from", "2025-01-01", "--to", "2025-12-31", "--out", str(xlsx)).code == 0
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Sammanfattning", "Per grupp", "Personer", "Så räknas det"]
    people = list(wb["Personer"].iter_rows(min_row=2, values_only=True))
    assert sorted(p[0] for p in people) == sorted([P1, P2, P3, P4])
    grp = list(wb["Per grupp"].iter_rows(values_only=True))
    assert grp[1][:3] == ("Totalt", "Alla", 4)

    pdf = tmp_path / "r.pdf"
    assert cli("report", "results", "--from", "2025-01-01", "--to", "2025-12-31", "--out", str(pdf)).code == 0
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Resultatrapport" in text and "Så räknas det" in text
    assert P1 not in text and "Åberg" not in text  # figures only
    assert "135 000" not in text  # four people: every figure is masked
    assert "–" in text

    assert cli("report", "results", "--from", "2025-12-31", "--to", "2025-01-01", "--out", str(pdf)).code == 2
    assert cli("report", "results", "--from", "2025-01-01", "--to", "2025-12-31", "--out",
               str(tmp_path / "r.txt")).code == 2
    assert cli("report", "results", "--from", "1/1", "--to", "2025-12-31", "--out", str(pdf)).code == 2
    r = cli("report", "results", "--from", "2025-01-01", "--to", "2025-12-31", "--municipality", "9999",
            "--out", str(pdf))
    assert r.code == 2 and "Okänd kommunkod" in r.err
    assert cli("followups", "--municipality", "9999").code == 2


SIX = ["196408233234", "199001012385", "198503141239", "195512124560", "196002291117", "199204153341"]


def test_pdf_masks_groups_of_fewer_than_five_people(db, tmp_path):
    """Six exits: five women in Hultsfred's count and one in Ånge; the Ånge row shows "–"."""
    with db.transaction() as s:
        for i, number in enumerate(SIX):
            muni = "2260" if i == 5 else "0860"
            p = ps.create_participant(s, ps.ParticipantInput(number, "Test", f"Person{i}", municipality_code=muni)).id
            es.add_enrollment(s, p, "2025-01-01", "2025-03-31", exit_reason="A1", support_at_exit="LON")
    pdf = tmp_path / "m.pdf"
    from ame_desktop.services.results import write_results_report

    write_results_report(db, date(2025, 1, 1), date(2025, 12, 31), pdf, today=TODAY)
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    text = "\n".join(pages)
    assert "Avslut i perioden 6" in text.replace("\n", " ")
    group_page = next(p for p in pages if "Per grupp" in p)
    lines = group_page.splitlines()  # one cell per line
    hultsfred = lines[lines.index("Hultsfred") + 1:lines.index("Hultsfred") + 10]
    ange = lines[lines.index("Ånge") + 1:lines.index("Ånge") + 10]
    assert hultsfred[:2] == ["5", "100 %"] and [c.replace("\u00a0", " ") for c in hultsfred[5:7]] == ["0 tkr", "0 tkr"]
    assert ange == ["–"] * 9


# -- the EB extract ----------------------------------------------------------------------------
def test_import_stores_known_people_and_drops_the_others_uncounted_in_the_register(db, register):
    with db.reading() as s:
        rows = s.execute(sa.select(SocialAssistanceMonth.month, SocialAssistanceMonth.amount_ore,
                                   SocialAssistanceMonth.household_ref)
                         .where(SocialAssistanceMonth.participant_id == register["ids"][P2])
                         .order_by(SocialAssistanceMonth.month)).all()
        batch = s.execute(sa.select(EbImport)).scalar_one()
        log = s.execute(sa.text("SELECT details FROM audit_entry")).scalars().all()
    assert len(rows) == 11 and rows[-1] == (date(2025, 12, 1), 700000, None)
    assert (batch.rows_read, batch.rows_dropped) == (len(eb_rows()), 1)
    assert _count(db, SocialAssistanceMonth.__table__) == len(eb_rows()) - 1
    assert not any(d and NOT_IN_REGISTER in d for d in log)


def test_reimporting_a_month_replaces_that_persons_month_only(db, register, tmp_path, cli):
    before = _count(db, SocialAssistanceMonth.__table__)
    f = write_csv(tmp_path / "jan.csv", [(P1, "2025-01", "123,45", "H9")])
    r = cli("import-eb", str(f))
    assert r.code == 0, r
    assert "ersatte" in r.out and "Sparade: 1 personmånad för 1 deltagare" in r.out
    with db.reading() as s:
        jan = s.execute(sa.select(SocialAssistanceMonth.amount_ore, SocialAssistanceMonth.household_ref).where(
            SocialAssistanceMonth.participant_id == register["ids"][P1],
            SocialAssistanceMonth.month == date(2025, 1, 1))).all()
        p4_jan = s.execute(sa.select(SocialAssistanceMonth.amount_ore).where(
            SocialAssistanceMonth.participant_id == register["ids"][P4],
            SocialAssistanceMonth.month == date(2025, 1, 1))).scalar_one()
    assert jan == [(12345, "H9")]
    assert p4_jan == 300000  # someone else's January stays
    assert _count(db, SocialAssistanceMonth.__table__) == before


def test_extract_formats_xlsx_csv_encodings_headers(db, tmp_path):
    with db.transaction() as s:
        p = ps.create_participant(s, ps.ParticipantInput(P1, "Örjan", "Åberg")).id
    wb = Workbook()
    ws = wb.active
    ws.title = "Utbetalningar"
    ws.append(["  BELOPP ", "personnummer", "Månad", "Handläggare"])
    ws.append([8450.5, "640823-3234", datetime(2025, 3, 17)])
    ws.append(["1 200,25", 6408233234, "2025-04"])
    wb.create_sheet("Annat").append(["x"])
    xlsx = tmp_path / "eb.xlsx"
    wb.save(xlsx)
    digest = hashlib.sha256(xlsx.read_bytes()).hexdigest()
    mtime = xlsx.stat().st_mtime_ns
    r = import_extract(db, xlsx)
    assert (r.rows_read, r.rows_stored, r.rows_dropped) == (2, 2, 0)
    assert r.warnings == ["eb.xlsx, blad Utbetalningar, rad 1: kolumnen ”Handläggare” är okänd och läses inte."]
    assert hashlib.sha256(xlsx.read_bytes()).hexdigest() == digest and xlsx.stat().st_mtime_ns == mtime
    # Windows-1252 with ";" and UTF-8 with BOM with ",".
    write_csv(tmp_path / "a.csv", [(P1, "2025-05", "100,50", "Hushåll Ö")], encoding="cp1252")
    write_csv(tmp_path / "b.csv", [(P1, "2025-06", "200.75", "Å")], sep=",", encoding="utf-8-sig")
    import_extract(db, tmp_path / "a.csv")
    import_extract(db, tmp_path / "b.csv")
    with db.reading() as s:
        got = s.execute(sa.select(SocialAssistanceMonth.month, SocialAssistanceMonth.amount_ore,
                                  SocialAssistanceMonth.household_ref)
                        .where(SocialAssistanceMonth.participant_id == p).order_by(SocialAssistanceMonth.month)).all()
    assert got == [(date(2025, 3, 1), 845050, None), (date(2025, 4, 1), 120025, None),
                   (date(2025, 5, 1), 10050, "Hushåll Ö"), (date(2025, 6, 1), 20075, "Å")]


def test_two_rows_for_one_person_and_month_add_up(db, tmp_path):
    with db.transaction() as s:
        p = ps.create_participant(s, ps.ParticipantInput(P1, "Örjan", "Åberg")).id
    r = import_extract(db, write_csv(tmp_path / "x.csv", [(P1, "2025-05", "100", ""), (P1, "2025-05-20", "50", "H")]))
    assert (r.rows_read, r.rows_stored) == (2, 1)
    with db.reading() as s:
        assert s.execute(sa.select(SocialAssistanceMonth.amount_ore, SocialAssistanceMonth.household_ref)
                         .where(SocialAssistanceMonth.participant_id == p)).one() == (15000, "H")


@pytest.mark.parametrize("row, where, message", [
    ((P1[:-1] + "5", "2025-01", "100", ""), "rad 3, Personnummer", "kontrollsiffra"),
    ((P1, "2025/01", "100", ""), "rad 3, Månad", "ingen månad"),
    ((P1, "2025-13", "100", ""), "rad 3, Månad", "ingen möjlig månad"),
    ((P1, "", "100", ""), "rad 3, Månad", "saknas"),
    ((P1, "2025-01", "-5", ""), "rad 3, Belopp", "negativt"),
    ((P1, "2025-01", "12,345", ""), "rad 3, Belopp", "två decimaler"),
    ((P1, "2025-01", "tusen", ""), "rad 3, Belopp", "inget belopp"),
    ((P1, "2025-01", "", "H"), "rad 3, Belopp", "saknas"),
])
def test_bad_rows_are_refused_and_nothing_is_written(cli, db, tmp_path, row, where, message):
    with db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput(P1, "Örjan", "Åberg"))
    f = write_csv(tmp_path / "bad.csv", [(P1, "2024-12", "100", ""), row])
    audit_before = _count(db, sa.table("audit_entry"))
    r = cli("import-eb", str(f))
    assert r.code == 2, r
    assert f"bad.csv, {where}" in r.err and message in r.err and "inget sparades" in r.err
    assert "Traceback" not in r.err
    assert _count(db, SocialAssistanceMonth.__table__) == 0 and _count(db, EbImport.__table__) == 0
    assert _count(db, sa.table("audit_entry")) == audit_before


def test_bad_files_are_refused(cli, db, tmp_path):
    missing = write_csv(tmp_path / "m.csv", [(P1, "2025-01")], header=("Personnummer", "Månad"))
    r = cli("import-eb", str(missing))
    assert r.code == 2 and "m.csv, rad 1: kolumnen Belopp saknas" in r.err
    empty = write_csv(tmp_path / "e.csv", [])
    assert cli("import-eb", str(empty)).code == 2
    fake = tmp_path / "f.xlsx"
    fake.write_text("inte en arbetsbok")
    r = cli("import-eb", str(fake))
    assert r.code == 2 and "f.xlsx" in r.err
    txt = tmp_path / "f.txt"
    txt.write_text("x")
    assert cli("import-eb", str(txt)).code == 2
    assert cli("import-eb", str(tmp_path / "finns-inte.csv")).code == 2
    assert _count(db, SocialAssistanceMonth.__table__) == 0


def test_an_unquoted_decimal_comma_in_a_comma_separated_file_is_refused(cli, db, tmp_path):
    with db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput(P1, "Örjan", "Åberg"))
    f = tmp_path / "komma.csv"
    f.write_text(f"Personnummer,Månad,Belopp\n{P1},2025-01,8450,50\n", encoding="utf-8")
    r = cli("import-eb", str(f))
    assert r.code == 2 and "komma.csv, rad 2: raden har fler fält" in r.err
    f.write_text(f'Personnummer,Månad,Belopp\n{P1},2025-01,"8450,50"\n', encoding="utf-8")
    assert cli("import-eb", str(f)).code == 0
    with db.reading() as s:
        assert s.execute(sa.select(SocialAssistanceMonth.amount_ore)).scalar_one() == 845050


def test_amount_and_month_rules():
    assert parse_amount("1 234,50") == 123450 and parse_amount("1.234,50") == 123450
    assert parse_amount("1,234.50") == 123450 and parse_amount(0) == 0 and parse_amount("850 kr") == 85000
    assert parse_month("2026-10") == date(2026, 10, 1) and parse_month(date(2026, 2, 27)) == date(2026, 2, 1)
    with pytest.raises(ValueError):
        parse_month("oktober")


# -- follow-ups --------------------------------------------------------------------------------
def test_due_followups_and_auto_close_on_re_enrollment(db, register, cli):
    with db.reading() as s:
        due = fu.due_followups(s, due_by=TODAY, today=TODAY)
        summary = fu.due_summary(s, today=date(2026, 3, 31))
        on_the_day = fu.due_followups(s, due_by=date(2026, 3, 31), today=date(2026, 3, 31))
    got = [(d.personnummer, d.state.months, d.state.due_on.isoformat()) for d in due]
    # P5 (exit 2024-06-30): 3, 6 and 12 months all open; P1 is done; P2's 12-month follow-up is
    # closed by the new enrollment; all are overdue on TODAY.
    assert got == [(P5, 3, "2024-09-30"), (P5, 6, "2024-12-30"), (P5, 12, "2025-06-30"), (P3, 6, "2025-12-30"),
                   (P4, 3, "2026-03-31"), (P2, 6, "2026-04-30"), (P3, 12, "2026-06-30"), (P4, 6, "2026-06-30"),
                   (P4, 12, "2026-12-31")]
    assert {d.state.state for d in due} == {"forsenad"}
    assert [(d.personnummer, d.state.state) for d in on_the_day][-1] == (P4, "att_gora")
    assert (summary.this_week, summary.overdue) == (1, 4)  # P4's 3 months is due Tuesday 2026-03-31
    r = cli("followups", "--due-by", "2025-12-31")
    assert r.code == 0, r
    data = json.loads(r.out)
    assert data["due_by"] == "2025-12-31"
    assert [(f["personnummer"], f["months"], f["due_on"]) for f in data["followups"]] == [
        (P5, 3, "2024-09-30"), (P5, 6, "2024-12-30"), (P5, 12, "2025-06-30"), (P3, 6, "2025-12-30")]
    assert cli("followups", "--due-by", "igår").code == 2


def test_no_followups_and_no_results_after_a_death(db, register):
    with db.transaction() as s:
        p = ps.create_participant(s, ps.ParticipantInput("200805051232", "Ny", "Person")).id
        e = es.add_enrollment(s, p, "2025-02-01", "2025-05-31", exit_reason="E3").id
        assert fu.enrollment_followups(s, e, today=TODAY) == []
        assert "200805051232" not in {d.personnummer for d in fu.due_followups(s, due_by=TODAY, today=TODAY)}
        assert compute_results(s, *PERIOD, today=TODAY).total["exits"] == 4


def test_recording_a_followup_is_checked(db, register):
    e = register["enrollments"]
    with db.transaction() as s:
        with pytest.raises(ValidationError) as exc:
            fu.record_followup(s, e[P4], 3, "2026-04-01", "SAMTAL", today=TODAY)
        assert exc.value.field == "support"
        with pytest.raises(ValidationError):
            fu.record_followup(s, e[P4], 4, "2026-04-01", "SAMTAL", "LON", today=TODAY)
        with pytest.raises(ValidationError):
            fu.record_followup(s, e[P4], 3, "2025-12-01", "SAMTAL", "LON", today=TODAY)  # before the exit
        with pytest.raises(ValidationError):
            fu.record_followup(s, e[P4], 3, "2026-04-01", "BREV", "LON", today=TODAY)
        f = fu.record_followup(s, e[P4], 3, "2026-04-01", "EB", "A_KASSA", today=TODAY)
        assert (f.due_on, f.method, f.support) == (date(2026, 3, 31), "EB", "A_KASSA")
        again = fu.record_followup(s, e[P4], 3, "2026-04-02", "SAMTAL", "LON", "ARBETE_SUB", today=TODAY)
        assert again.id == f.id and again.support == "LON"
        states = fu.enrollment_followups(s, e[P4], today=date(2026, 6, 30))
        assert [(st.months, st.state) for st in states] == [(3, "uppfoljd"), (6, "att_gora"), (12, "kommande")]
        ongoing = es.add_enrollment(s, register["ids"][P4], "2027-01-01").id
        with pytest.raises(ValidationError):
            fu.record_followup(s, ongoing, 3, "2027-04-01", "SAMTAL", "LON", today=TODAY)


def test_followup_months_are_a_setting(db, register):
    with db.transaction() as s:
        settings.set_setting(s, "followup_months", "1, 6")
        assert fu.offsets(s) == [1, 6]
        with pytest.raises(ValidationError):
            settings.set_setting(s, "followup_months", "tre")
    with db.reading() as s:
        report = compute_results(s, *PERIOD, today=TODAY)
    assert sorted(report.total["followups"]) == ["1", "6"]


def test_enrollment_status_codes_are_checked(db):
    with db.transaction() as s:
        p = ps.create_participant(s, ps.ParticipantInput(P1, "Örjan", "Åberg")).id
        with pytest.raises(ValidationError) as exc:
            es.add_enrollment(s, p, "2025-01-01", support_at_start="RIKEDOM")
        assert exc.value.field == "support_at_start"
        with pytest.raises(ValidationError):
            es.add_enrollment(s, p, "2025-01-01", support_at_exit="LON")  # no exit yet
        e = es.add_enrollment(s, p, "2025-01-01", support_at_start="a_kassa", occupation_at_start="INGEN")
        assert (e.support_at_start, e.occupation_at_start) == ("A_KASSA", "INGEN")
        es.close_enrollment(s, e.id, "2025-05-31", "A2", support_at_exit="LON", occupation_at_exit="ARBETE_SUB")
        assert (e.support_at_start, e.support_at_exit, e.occupation_at_exit) == ("A_KASSA", "LON", "ARBETE_SUB")
        es.update_enrollment(s, e.id, e.start_date, None, e.time_without_work, None)  # reopened
        assert (e.support_at_start, e.support_at_exit) == ("A_KASSA", None)


# -- trust -------------------------------------------------------------------------------------
@pytest.fixture
def accounts_unit(db, register):
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
        accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH, ["0860"])
        accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, ROLE_READER)
    return register


def as_user(db, username):
    db.actor = accounts.sign_in_db(db, username, PASSWORD)


def test_a_reader_cannot_import_or_record(db, accounts_unit, tmp_path):
    as_user(db, "lasare")
    f = write_csv(tmp_path / "r.csv", [(P1, "2025-01", "1", "")])
    with pytest.raises(PermissionDenied):
        import_extract(db, f)
    with pytest.raises(PermissionDenied), db.transaction() as s:
        fu.record_followup(s, accounts_unit["enrollments"][P4], 3, "2026-04-01", "SAMTAL", "LON", today=TODAY)
    with pytest.raises(PermissionDenied), db.transaction() as s:
        fu.delete_followup(s, s.execute(sa.select(FollowUp.id)).scalars().first())
    with db.reading() as s:  # reading is fine
        assert compute_results(s, *PERIOD, today=TODAY).total["exits"] == 4


def test_a_coach_of_0860_sees_nothing_of_2260(db, accounts_unit, tmp_path):
    as_user(db, "kerstin")
    e3 = accounts_unit["enrollments"][P3]
    with db.reading() as s:
        report = compute_results(s, *PERIOD, today=TODAY)
        assert P3 not in {r.personnummer for r in report.rows} and report.total["exits"] == 3
        assert P3 not in {d.personnummer for d in fu.due_followups(s, due_by=TODAY, today=TODAY)}
        with pytest.raises(PermissionDenied):
            compute_results(s, *PERIOD, municipality="2260", today=TODAY)
        with pytest.raises(NotFoundError):
            fu.enrollment_followups(s, e3, today=TODAY)
    with pytest.raises(NotFoundError), db.transaction() as s:
        fu.record_followup(s, e3, 6, "2026-01-05", "SAMTAL", "LON", today=TODAY)
    # The coach's import treats Ånge's person as not in the register: dropped, counted, not stored.
    r = import_extract(db, write_csv(tmp_path / "k.csv", [(P3, "2027-01", "10", ""), (P1, "2027-01", "10", "")]))
    assert (r.rows_stored, r.rows_dropped) == (1, 1)
    as_user(db, "anna")
    with db.reading() as s:
        assert s.execute(sa.select(sa.func.count()).select_from(SocialAssistanceMonth).where(
            SocialAssistanceMonth.participant_id == accounts_unit["ids"][P3],
            SocialAssistanceMonth.month == date(2027, 1, 1))).scalar_one() == 0


# -- gallring and registerutdrag ----------------------------------------------------------------
def test_registerutdrag_and_gallring_include_the_new_data(db, register):
    with db.transaction() as s:
        extract = register_extract.make_extract(s, P1)
    sections = {table: rows for table, _label, _cols, rows in extract.sections}
    assert len(sections["follow_up"]) == 3
    assert len(sections["social_assistance_month"]) == 13
    with db.engine.begin() as conn:  # the person records themselves were last changed long ago
        conn.execute(sa.text("UPDATE participant SET updated_at = :t"), {"t": datetime(2020, 1, 1)})
    with db.reading() as s:
        latest = gallring.last_entries(s)
    # P5's last entry is the EB month 2027-05, not the exit in 2024.
    assert latest[register["ids"][P5]] == date(2027, 5, 1)
    assert latest[register["ids"][P1]] == date(2026, 8, 20)  # the 12-month follow-up


def test_gallring_deletes_followups_and_months(db, register):
    pid = register["ids"][P5]
    with db.reading() as s:
        due = [d.participant_id for d in gallring.preview(s, today=date(2034, 1, 1))]
    assert pid in due
    with db.transaction() as s:
        gallring.run(s, [pid], today=date(2034, 1, 1))
    with db.reading() as s:
        assert s.execute(sa.select(sa.func.count()).select_from(SocialAssistanceMonth)
                         .where(SocialAssistanceMonth.participant_id == pid)).scalar_one() == 0
        assert s.execute(sa.select(sa.func.count()).select_from(EbImport)).scalar_one() == 1  # no personal data


def test_a_register_of_schema_0006_gets_the_new_tables(tmp_path):
    import shutil
    from pathlib import Path

    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import ensure_schema

    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_0006.db", path)
    db = Database(f"sqlite:///{path}")
    ensure_schema(db)
    with db.engine.connect() as conn:
        cols = {c["name"] for c in sa.inspect(conn).get_columns("enrollment")}
        tables = set(sa.inspect(conn).get_table_names())
        statuses = conn.execute(sa.text("SELECT support_at_start, support_at_exit FROM enrollment")).all()
    assert {"support_at_start", "occupation_at_start", "support_at_exit", "occupation_at_exit"} <= cols
    assert {"follow_up", "eb_import", "social_assistance_month"} <= tables
    assert statuses and all(row == (None, None) for row in statuses)
    db.dispose()
