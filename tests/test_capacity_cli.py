"""Issue 23 on the command line and in the import: `groups`, `workplaces`, `book`, `place`,
`underscheduled`, `capacity`, and the sheets Grupper, Arbetsplatser and Bokningar (all or
nothing, errors naming sheet, row and column). Files are read back (json, openpyxl). Runs on
SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import pytest
from openpyxl import load_workbook

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_READER
from ame_desktop.services import accounts
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import capacity as cap
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from tests.workbooks import HEADERS, write_workbook

PASSWORD = "hemligt-lösen-1"
A, B = "196408233234", "198503141239"
GROUP_HEADERS = ["Namn", "Kategori", "Veckodagar", "Starttid", "Sluttid", "Platser", "Kommunkod", "Lokal", "Adress",
                 "Ansvarig", "Från", "Till", "Skapa tillfällen till"]
PLACE_HEADERS = ["Namn", "Sektor", "Kommunkod", "Adress", "Kontaktperson", "Telefon", "Avtal från", "Avtal till",
                 "Försäkring noterad", "Handledare", "Handledarens telefon", "Platser"]
BOOK_HEADERS = ["Personnummer", "Grupp", "Arbetsplats", "Från", "Till", "Timmar per vecka", "Väntelista"]


@pytest.fixture
def people(db):
    with db.transaction() as s:
        out = {}
        for pnr, first, last in ((A, "Örjan", "Åberg"), (B, "Bo", "Ek")):
            pid = ps.create_participant(s, ps.ParticipantInput(pnr, first, last)).id
            es.add_enrollment(s, pid, date(2026, 10, 1))
            ar.add_period(s, pid, date(2026, 11, 1), None, 40)
            out[pnr] = pid
    return out


def _group(cli, name="Språkcafé", places="1"):
    r = cli("groups", "add", "--name", name, "--category", "2", "--weekdays", "mån, ons", "--start", "09:00",
            "--end", "12:00", "--places", places, "--room", "Rum 3", "--from", "2026-11-01")
    assert r.code == 0, r.err
    r = cli("groups", "sessions", name, "--create", "--from", "2026-12-01", "--to", "2026-12-31")
    assert r.code == 0 and "9 tillfällen skapades" in r.out, r
    return r


def test_groups_booking_and_the_waiting_list_on_the_command_line(db, cli, people):
    _group(cli)
    assert cli("book", A, "Språkcafé", "--from", "2026-12-01").code == 0
    r = cli("book", B, "Språkcafé", "--from", "2026-12-07", "--no-waiting-list")
    assert r.code == 2 and "Språkcafé" in r.err and "2026-12-07" in r.err and "fullbokad" in r.err
    r = cli("book", B, "Språkcafé", "--from", "2026-12-07")
    assert r.code == 0 and "väntelistan" in r.out and "plats 1 i kön" in r.out
    r = cli("groups", "list", "--week-date", "2026-12-08")
    assert "Språkcafé (kategori 2, kommun 0860): mån, ons 09:00–12:00, Rum 3" in r.out
    assert "1 plats, 1 bokade, 0 lediga, 1 i kö" in r.out
    r = cli("groups", "members", "Språkcafé")
    assert r.code == 0 and "Åberg, Örjan" in r.out and "Väntelista sedan" in r.out
    r = cli("groups", "cancel-session", "Språkcafé", "--date", "2026-12-14", "--reason", "Handledaren sjuk")
    assert r.code == 0 and "1 bokade fick det som INSTALLD" in r.out, r
    r = cli("groups", "sessions", "Språkcafé", "--from", "2026-12-14", "--to", "2026-12-16")
    assert "2026-12-14 09:00–12:00  INSTÄLLT: Handledaren sjuk" in r.out and "2026-12-16 09:00–12:00  1 bokade" in r.out


def test_bad_input_gives_exit_2_with_a_swedish_message(db, cli, people):
    _group(cli)
    for args, words in (
        (("underscheduled", "--week", "2026-W60"), "Vecka 60 finns inte"),
        (("underscheduled", "--week", "49"), "--week ska vara ÅÅÅÅ-Vnn"),
        (("underscheduled", "--month", "2026-13"), "--month ska vara ÅÅÅÅ-MM"),
        (("underscheduled",), "Ange antingen --week"),
        (("underscheduled", "--month", "2026-12", "--out", "lista.pdf"), ".json eller .xlsx"),
        (("underscheduled", "--month", "2026-12", "--municipality", "9999"), "Okänd kommunkod"),
        (("capacity", "--from-month", "2026-1x"), "--month ska vara"),
        (("capacity", "--months", "13"), "1–12 månader"),
        (("groups", "add", "--name", "X", "--category", "7", "--weekdays", "mån", "--start", "9", "--end", "10",
          "--places", "2"), "Kategori ska vara 1, 2, 3 eller 4"),
        (("groups", "sessions", "Finns inte"), "ingen grupp som heter"),
        (("groups", "cancel-session", "Språkcafé", "--date", "2026-12-15", "--reason", "x"), "inget tillfälle"),
        (("book", A, "Språkcafé", "--from", "31/12"), "--from"),
        (("book", "197010632391", "Språkcafé", "--from", "2026-12-01"), "Ingen deltagare"),
        (("place", A, "Ingenstans", "--from", "2026-12-01", "--hours", "10"), "ingen (entydig) arbetsplats"),
    ):
        r = cli(*args)
        assert r.code == 2, (args, r)
        assert words in r.err, (args, r.err)
        assert "Traceback" not in r.err


def test_underscheduled_files_read_back(db, cli, people, tmp_path):
    _group(cli)
    assert cli("book", A, "Språkcafé", "--from", "2026-12-01").code == 0
    assert cli("workplaces", "add", "--name", "ICA Kvantum", "--sector", "PRIVAT", "--places", "2",
               "--insurance", "--supervisor", "Stina Sund").code == 0
    assert cli("place", A, "ICA Kvantum", "--from", "2026-12-01", "--hours", "20").code == 0
    out = tmp_path / "v52.json"
    r = cli("underscheduled", "--week", "2026-W52", "--out", str(out))
    assert r.code == 0, r.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["period"] == "2026-W52" and data["from"] == "2026-12-21" and data["people_with_requirement"] == 2
    rows = {x["personnummer"]: x for x in data["underscheduled"]}
    # W52: Mon 21, Tue 22, Wed 23 are working days (24 julafton, 25 juldagen): 24 h required.
    assert rows[A]["required_hours"] == 24.0 and rows[A]["booked_hours"] == 6.0 and rows[A]["placement_hours"] == 12.0
    assert rows[A]["shortfall_hours"] == 6.0 and rows[A]["no_booking"] is False
    assert rows[B]["shortfall_hours"] == 24.0 and rows[B]["no_booking"] is True
    assert [x["personnummer"] for x in data["underscheduled"]] == [B, A]
    assert "planeringsglapp" in data["note"]
    xlsx = tmp_path / "dec.xlsx"
    assert cli("underscheduled", "--month", "2026-12", "--out", str(xlsx)).code == 0
    ws = load_workbook(xlsx)["Underschemalagda"]
    assert "planeringsglapp" in ws["A2"].value
    header = [c.value for c in ws[3]]
    assert header[0] == "Personnummer" and "Underskott (h)" in header
    body = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=4, values_only=True)}
    assert body[B]["Krav (h)"] == 20 * 8.0 and body[B]["Ingen bokning"] == "ja"
    r = cli("underscheduled", "--week", "2026-W52")
    assert r.code == 0 and "2 av 2 personer med krav" in r.out and "ingen bokning" in r.out
    r = cli("workplaces", "list", "--open", "--date", "2026-12-10")
    assert "ICA Kvantum (Privat, kommun 0860), försäkring noterad, handledare Stina Sund – 2 platser, 1 placerade, " \
           "1 lediga" in r.out


def test_capacity_file_reads_back(db, cli, people, tmp_path):
    _group(cli)
    assert cli("book", A, "Språkcafé", "--from", "2026-12-01").code == 0
    assert cli("book", B, "Språkcafé", "--from", "2026-12-01").code == 0  # waiting
    out = tmp_path / "kapacitet.xlsx"
    assert cli("capacity", "--from-month", "2026-12", "--out", str(out)).code == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Grupper per vecka", "Kategorier", "Prognos"]
    weeks = list(wb["Grupper per vecka"].iter_rows(min_row=2, values_only=True))
    w50 = next(r for r in weeks if r[2] == "2026-W50")
    assert w50[:9] == ("Språkcafé", 2, "2026-W50", 1, 1, 1, 0, 2, 0)
    forecast = list(wb["Prognos"].iter_rows(min_row=2, max_row=4, values_only=True))
    assert [r[0] for r in forecast] == ["2026-12", "2027-01", "2027-02"]
    assert forecast[0][1] == 2 and forecast[0][2] == 2 * 20 * 8.0  # two people, 20 working days, 8 h
    js = tmp_path / "kapacitet.json"
    assert cli("capacity", "--from-month", "2026-12", "--months", "1", "--out", str(js)).code == 0
    data = json.loads(js.read_text(encoding="utf-8"))
    assert [f["month"] for f in data["forecast"]] == ["2026-12"]
    assert data["categories"][1]["booked_hours"] == 9 * 3.0  # A: 9 café sessions in December
    assert data["categories"][1]["waiting_hours"] == 9 * 3.0  # B waits for the same
    r = cli("capacity", "--from-month", "2026-12")
    assert r.code == 0 and "2026-12: 2 personer med krav" in r.out


def test_a_reader_cannot_change_anything_on_the_command_line(db, cli, people, monkeypatch):
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    db.actor = accounts.sign_in_db(db, "anna", PASSWORD)
    with db.transaction() as s:
        accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, ROLE_READER)
    monkeypatch.setenv("AME_USER", "anna")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    _group(cli)
    monkeypatch.setenv("AME_USER", "lasare")
    r = cli("groups", "add", "--name", "Ny", "--category", "1", "--weekdays", "tis", "--start", "9", "--end", "10",
            "--places", "2")
    assert r.code == 2 and "läsbehörighet" in r.err
    r = cli("book", A, "Språkcafé", "--from", "2026-12-01")
    assert r.code == 2 and "läsbehörighet" in r.err
    assert cli("underscheduled", "--week", "2026-W52").code == 0  # reading is allowed


# -- the import sheets ----------------------------------------------------------------------------------
def _workbook(tmp_path, groups=(), places=(), bookings=(), participants=(), name="kapacitet.xlsx"):
    sheets = {}
    if participants:
        sheets["Deltagare"] = [HEADERS["Deltagare"], *participants]
    if groups:
        sheets["Grupper"] = [GROUP_HEADERS, *groups]
    if places:
        sheets["Arbetsplatser"] = [PLACE_HEADERS, *places]
    if bookings:
        sheets["Bokningar"] = [BOOK_HEADERS, *bookings]
    return write_workbook(tmp_path / name, sheets)


GROUP_ROW = ["Språkcafé", 2, "mån, ons", "09:00", "12:00", 1, "0860", "Rum 3", "Storgatan 1", None, "2026-11-01", None,
             "2026-12-31"]
PLACE_ROW = ["ICA Kvantum", "PRIVAT", "0860", "Storgatan 9", "Kim Kvist", "0495-100 00", "2026-01-01", None, "ja",
             "Stina Sund", None, 1]


def test_import_of_groups_workplaces_and_bookings(db, cli, people, tmp_path):
    path = _workbook(
        tmp_path, [GROUP_ROW], [PLACE_ROW],
        [[A, "Språkcafé", None, "2026-12-01", None, None, None],
         [B, "Språkcafé", None, "2026-12-01", None, None, "ja"],  # beyond the one place: waiting list
         [A, None, "ICA Kvantum", "2026-12-01", "2027-05-31", 10, None],
         ["200805051232", "Språkcafé", None, "2026-12-01", None, None, None]],
        participants=[["200805051232", "Sam", "Ny", None, "0860", None, None, None, None]])
    r = cli("import", str(path), "--dry-run")
    assert r.code == 0, r.err
    assert "Grupper, rad 2: ny – Grupp Språkcafé" in r.out and "Bokningar, rad 4: ny" in r.out
    with db.reading() as s:
        assert cap.list_groups(s) == []  # a dry run saves nothing
    r = cli("import", str(path))
    assert r.code == 0, r.err
    with db.reading() as s:
        (g,) = cap.list_groups(s, on=date(2026, 12, 2))
        assert (g.name, g.places, g.booked, g.waiting, g.room) == ("Språkcafé", 1, 1, 2, "Rum 3")
        assert len(cap.list_sessions(s, g.id)) == 9
        (w,) = cap.list_workplaces(s, on=date(2026, 12, 2))
        assert (w.name, w.insurance_noted, w.supervisor, w.placed, w.open_places) == ("ICA Kvantum", True,
                                                                                     "Stina Sund", 1, 0)
        mine = cap.participant_bookings(s, people[A])
        assert [(p.workplace_name, p.hours_per_week, p.end_date) for p in mine.placements] == [
            ("ICA Kvantum", 10.0, date(2027, 5, 31))]
    r = cli("import", str(path))  # the same file again changes nothing
    assert r.code == 0, r.err
    with db.reading() as s:
        assert len(cap.group_members(s, g.id)) == 3


def test_import_errors_name_sheet_row_and_column_and_nothing_is_saved(db, cli, people, tmp_path):
    bad_group = ["Jobbklubb", 7, "mån, blurp", "10:00", "09:00", "många", "0860", None, None, None, None, None, None]
    path = _workbook(
        tmp_path, [GROUP_ROW, bad_group], [PLACE_ROW, ["Utan sektor", None, "0860"] + [None] * 9],
        [[A, "Finns inte", None, "2026-12-01", None, None, None],
         [A, "Språkcafé", "ICA Kvantum", "2026-12-01", None, None, None],
         [A, None, "ICA Kvantum", "2026-12-01", None, None, None],
         ["197010632391", "Språkcafé", None, "2026-12-01", None, None, None],
         [B, "Språkcafé", None, "2026-12-01", None, None, "kanske"]])
    r = cli("import", str(path))
    assert r.code == 2
    for sheet, row, column in (("Grupper", 3, "Kategori"), ("Grupper", 3, "Veckodagar"), ("Grupper", 3, "Sluttid"),
                               ("Grupper", 3, "Platser"), ("Arbetsplatser", 3, "Sektor"), ("Bokningar", 2, "Grupp"),
                               ("Bokningar", 3, "Grupp"), ("Bokningar", 4, "Timmar per vecka"),
                               ("Bokningar", 5, "Personnummer"), ("Bokningar", 6, "Väntelista")):
        assert any(sheet in line and f"rad {row}" in line and column in line for line in r.err.splitlines()), \
            (sheet, row, column, r.err)
    with db.reading() as s:
        assert cap.list_groups(s) == [] and cap.list_workplaces(s) == []


def test_a_refusal_found_while_writing_saves_nothing_either(db, cli, people, tmp_path):
    """The workplace has one place: the second placement is refused while writing; the group and
    the workplace of the same file are not saved."""
    path = _workbook(tmp_path, [GROUP_ROW], [PLACE_ROW],
                     [[A, None, "ICA Kvantum", "2026-12-01", None, 10, None],
                      [B, None, "ICA Kvantum", "2026-12-07", None, 10, None],
                      [B, "Språkcafé", None, "2026-12-01", None, None, None],
                      [A, "Språkcafé", None, "2026-12-01", None, None, "nej"]])
    r = cli("import", str(path))
    assert r.code == 2, r
    lines = r.err.splitlines()
    assert any("Bokningar" in x and "rad 3" in x and "Arbetsplats" in x and "inga lediga platser" in x for x in lines), r.err
    assert any("Bokningar" in x and "rad 5" in x and "fullbokad" in x for x in lines), r.err
    assert "Inget sparades" in r.err
    with db.reading() as s:
        assert cap.list_groups(s) == [] and cap.list_workplaces(s) == []
        assert cap.participant_bookings(s, people[A]).placements == []


def test_the_template_has_the_sheets_and_their_instructions(cli, tmp_path):
    out = tmp_path / "mall.xlsx"
    assert cli("template", str(out)).code == 0
    wb = load_workbook(out)
    for name, headers in (("Grupper", GROUP_HEADERS), ("Arbetsplatser", PLACE_HEADERS), ("Bokningar", BOOK_HEADERS)):
        assert [c.value for c in wb[name][1]] == headers
    text = "\n".join(str(c.value) for row in wb["Instruktioner"].iter_rows() for c in row if c.value)
    assert "Bladet Grupper" in text and "Bladet Arbetsplatser" in text and "Bladet Bokningar" in text
    assert "Skapa tillfällen till" in text and "väntelista" in text


def test_a_person_with_protected_identity_is_left_out_of_the_list_file(db, cli, people, tmp_path):
    from ame_desktop.services import protected_identity

    with db.transaction() as s:
        protected_identity.set_mark(s, people[B], "SEKRETESS", date(2026, 11, 1), [])
    out = tmp_path / "lista.json"
    assert cli("underscheduled", "--week", "2026-W52", "--out", str(out)).code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [x["personnummer"] for x in data["underscheduled"]] == [A]
    assert data["left_out_protected"] == 1 and "skyddade personuppgifter" in data["note"]
    assert cli("underscheduled", "--week", "2026-W52", "--out", str(out), "--include-protected",
               "--reason", "Planering av platser").code == 0
    assert [x["personnummer"] for x in json.loads(out.read_text(encoding="utf-8"))["underscheduled"]] == [A, B]
