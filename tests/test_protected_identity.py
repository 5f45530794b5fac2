"""Protected identity (issue 24, item 5): the mark, who sees the contact details, batches that
leave the person out, exports that pseudonymise, reasons in the audit log. Services and the
command line on real registers (SQLite and PostgreSQL), files read back with openpyxl and pypdf."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH, ROLE_READER
from ame_desktop.domain.errors import NotFoundError
from ame_desktop.domain.models import AuditEntry
from ame_desktop.services import accounts
from ame_desktop.services import protected_identity as pi
from ame_desktop.services.authz import PermissionDenied

PASSWORD = "hemligt-lösen-1"
DAY = date(2025, 10, 6)  # a Monday in the past
MONTH = "2025-10"
SECRET, OPEN, OTHER = "196408233234", "198503141239", "197010632391"  # 0860 marked / 0860 / 2260 marked
SECRET_TRACES = ("196408233234", "6408233234", "640823-3234", "Hemliga", "Skyddsdotter")
PHONE, EMAIL = "070-1740605", "hemliga.s@example.com"
FIXTURES = Path(__file__).parent / "fixtures"


class World:
    def __init__(self, db, tmp):
        self.db, self.tmp = db, tmp
        self.users: dict = {}
        self.ids: dict[str, int] = {}

    def act(self, who: str) -> None:
        self.db.actor = self.users[who]


def _person(s, pnr, first, last, code, activity, caseworker, phone=None, email=None):
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services import af_contacts as af
    from ame_desktop.services import attendance as att
    from ame_desktop.services import enrollments as es
    from ame_desktop.services import participants as ps
    from ame_desktop.services import plans

    pid = ps.create_participant(s, ps.ParticipantInput(pnr, first, last, municipality_code=code, phone=phone,
                                                       email=email)).id
    es.add_enrollment(s, pid, DAY - timedelta(days=400), DAY - timedelta(days=30), None, "B")
    es.add_enrollment(s, pid, DAY - timedelta(days=7))
    ar.add_period(s, pid, DAY - timedelta(days=7), None, 40, caseworker_id=caseworker)
    ar.set_schedule(s, pid, [ar.ScheduleItem(activity, 0, 8)])
    att.save_cells(s, {att.CellKey(pid, activity, DAY): att.Cell(8)}, today=DAY + timedelta(days=2))
    af.add_contact(s, af.ContactInput(contact_date=DAY, contact_time="10.00", channel="telefon",
                                      category="tolka_beslut", participant_id=pid,
                                      question=f"Frågade om {first}s ärende"),
                   now=datetime.combine(DAY, datetime.min.time()) + timedelta(hours=11))
    from ame_desktop.domain import codes

    seeking = getattr(codes, "JOB_SEEKING_CATEGORY", 3)
    plans.save_plan(s, pid, plans.PlanContent(
        long_term_goal="Ett arbete inom lager.", participant_commitments=["Delta."], unit_commitments=["Stödja."],
        requirement_hours=40, activities=[plans.PlannedActivity("Eget jobbsökande", seeking, [2, 2, 2, 0, 0, 0, 0])]))
    return pid


@pytest.fixture
def world(db, tmp_path):
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services import settings

    w = World(db, tmp_path)
    with db.transaction() as s:
        settings.set_setting(s, "municipality", "0860")
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    w.users["admin"] = accounts.sign_in_db(db, "anna", PASSWORD)
    db.actor = w.users["admin"]
    with db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH, ["0860"])
        accounts.create_account(s, "Bo Berg", "bo", PASSWORD, ROLE_COACH, ["0860"])
        accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, ROLE_READER)
    for who, user in (("coach", "kerstin"), ("named", "bo"), ("reader", "lasare")):
        w.users[who] = accounts.sign_in_db(db, user, PASSWORD)
    db.actor = w.users["admin"]
    with db.transaction() as s:
        activity = ar.add_activity(s, "Arbetsträning Återbruket", 4).id
        cw = ar.add_caseworker(s, "Hanna Holm", "0860").id
        cw2 = ar.add_caseworker(s, "Göran Gran", "2260").id
        w.ids["secret"] = _person(s, SECRET, "Hemliga", "Skyddsdotter", "0860", activity, cw, PHONE, EMAIL)
        w.ids["open"] = _person(s, OPEN, "Öppen", "Person", "0860", activity, cw, "070-1740606")
        w.ids["other"] = _person(s, OTHER, "Märta", "Öberg", "2260", activity, cw2, "070-1740607")
        bo = w.users["named"].staff_id
        pi.set_mark(s, w.ids["secret"], "SKYDDAD_FOLKBOKFORING", DAY, [bo])
        pi.set_mark(s, w.ids["other"], "SEKRETESS", DAY, [])
        w.pseudonym = pi.get_mark(s, w.ids["secret"]).pseudonym
    return w


def _as(w, who, fn):
    w.act(who)
    with w.db.transaction() as s:
        return fn(s)


def _reads(db, pid):
    with db.reading() as s:
        return [json.loads(d or "{}") for d, in s.execute(
            sa.select(AuditEntry.details).where(AuditEntry.participant_id == pid,
                                                AuditEntry.action.in_(("read", "print", "export")))
            .order_by(AuditEntry.id))]


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    out = [" ".join(wb.sheetnames)]
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            out.append(" ".join("" if v is None else str(v) for v in row))
    return "\n".join(out)


def _no_traces(text: str) -> list[str]:
    return [t for t in SECRET_TRACES + (PHONE, EMAIL) if t in text]


# -- the mark and who sees the contact details ----------------------------------------------------
def test_contact_details_hidden_for_an_unnamed_coach_and_shown_to_the_named(world):
    def view(s):
        from ame_desktop.domain.models import Participant

        return pi.contact_view(s, s.get(Participant, world.ids["secret"]))

    for who in ("coach", "reader", "admin"):  # an administrator who is not named does not see them either
        v = _as(world, who, view)
        assert v.hidden and v.phone is None and v.email is None
        assert v.text("phone") == v.text("email") == "Skyddad – visas endast för namngiven personal"
    v = _as(world, "named", view)
    assert not v.hidden and (v.phone, v.email) == (PHONE, EMAIL)
    # An unmarked person's details are everyone's who see the person.
    world.act("coach")
    with world.db.reading() as s:
        assert pi.may_see_contact(s, world.ids["open"])


def test_the_participant_list_carries_no_contact_details(world):
    from ame_desktop.services import participant_list as pl

    world.act("coach")
    with world.db.reading() as s:
        rows = pl.list_rows(s, pl.matching_ids(s, pl.ListFilter()))
    assert world.ids["secret"] in rows
    assert not [t for t in (PHONE, EMAIL) if t in repr(rows)]


def test_an_unnamed_coachs_save_keeps_the_contact_details(world):
    from ame_desktop.services import participants as ps

    def save(s):
        p = ps.get_participant(s, world.ids["secret"])
        data = ps.input_from(p)
        data.first_name, data.phone, data.email = "Hemligare", None, None  # the form sends none
        return ps.update_participant(s, p.id, data, expected_version=p.version)

    _as(world, "coach", save)
    world.act("named")
    with world.db.reading() as s:
        p = ps.get_participant(s, world.ids["secret"])
    assert (p.first_name, p.phone, p.email) == ("Hemligare", PHONE, EMAIL)


def test_who_may_set_change_and_remove_the_mark(world):
    mark = lambda s: pi.set_mark(s, world.ids["open"], "KVARSKRIVNING", DAY, [])  # noqa: E731
    with pytest.raises(PermissionDenied):  # a reader changes nothing
        _as(world, "reader", mark)
    created = _as(world, "coach", mark)  # a coach may protect someone at once
    assert created.kind_label == "Kvarskrivning" and created.registered_by == "kerstin"
    assert created.pseudonym.startswith("SKYDD-") and SECRET not in created.pseudonym
    with pytest.raises(PermissionDenied, match="Bara en administratör"):  # ...but not name herself afterwards
        _as(world, "coach", lambda s: pi.set_mark(s, world.ids["open"], "KVARSKRIVNING", DAY,
                                                   [world.users["coach"].staff_id]))
    with pytest.raises(PermissionDenied):
        _as(world, "coach", lambda s: pi.remove_mark(s, world.ids["open"]))
    changed = _as(world, "admin", lambda s: pi.set_mark(s, world.ids["open"], "SEKRETESS", DAY,
                                                         [world.users["coach"].staff_id]))
    assert [n for _i, n in changed.staff] == ["Kerstin Ålund"] and changed.pseudonym == created.pseudonym
    _as(world, "admin", lambda s: pi.remove_mark(s, world.ids["open"]))
    world.act("coach")
    with world.db.reading() as s:
        assert pi.get_mark(s, world.ids["open"]) is None
    with world.db.reading() as s:
        kinds = [r for r, in s.execute(sa.select(AuditEntry.action).where(
            AuditEntry.entity == "protected_identity", AuditEntry.participant_id == world.ids["open"])
            .order_by(AuditEntry.id))]
    assert kinds == ["create", "update", "delete"]


def test_a_coach_of_0860_sees_nothing_of_2260(world):
    other = world.ids["other"]
    world.act("coach")
    with world.db.reading() as s:
        for call in (lambda: pi.get_mark(s, other), lambda: pi.is_protected(s, other),
                     lambda: pi.may_see_contact(s, other)):
            with pytest.raises(NotFoundError) as refused:
                call()
            assert "Märta" not in refused.value.message and "Öberg" not in refused.value.message
        assert other not in pi.protected_ids(s) and other not in pi.pseudonyms(s)
        assert OTHER not in pi.pseudonym_by_number(s)
    with pytest.raises(NotFoundError):
        _as(world, "coach", lambda s: pi.set_mark(s, other, "SEKRETESS", DAY, []))
    world.act("admin")
    with world.db.reading() as s:  # the control: the administrator sees both marks
        assert {world.ids["secret"], other} <= pi.protected_ids(s)


# -- reasons ------------------------------------------------------------------------------------
def test_opening_a_marked_person_needs_a_reason_and_logs_it(world):
    from ame_desktop.services import participants as ps

    pid = world.ids["secret"]
    with pytest.raises(pi.ReasonRequired, match="ange skäl"):
        _as(world, "coach", lambda s: ps.open_record(s, pid))
    assert _reads(world.db, pid) == []  # refused before anything was read
    _as(world, "coach", lambda s: (pi.give_reason(s, "Planering av praktik", pid), ps.open_record(s, pid)))
    [entry] = _reads(world.db, pid)
    assert entry["skäl"] == "Planering av praktik" and entry["skyddade personuppgifter"] is True
    # An unmarked person opens without a reason, and the entry carries none.
    _as(world, "coach", lambda s: ps.open_record(s, world.ids["open"]))
    assert "skäl" not in _reads(world.db, world.ids["open"])[-1]


@pytest.mark.parametrize("args", [
    ("plan", SECRET, "--out", "{tmp}/plan.pdf"),
    ("extract", SECRET, "--out", "{tmp}/utdrag.pdf"),
    ("certificate", "--month", MONTH, "--personnummer", SECRET, "--out", "{tmp}/intyg.pdf"),
    ("week-schedule", "--personnummer", SECRET, "--out", "{tmp}/schema.pdf"),
    ("report", "activity", "--month", MONTH, "--personnummer", SECRET, "--out", "{tmp}/rapport.pdf"),
], ids=["plan", "extract", "certificate", "week-schedule", "report-activity"])
def test_commands_reading_one_marked_person_refuse_without_reason(world, cli, monkeypatch, args):
    monkeypatch.setenv("AME_USER", "bo")  # even the named coach gives a reason
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    args = [a.format(tmp=world.tmp) for a in args]
    out = Path(args[args.index("--out") + 1])
    r = cli(*args)
    assert r.code == 2, r
    assert "skyddade personuppgifter" in r.err and "--reason" in r.err and "Traceback" not in r.err
    assert not out.exists()
    r = cli(*args, "--reason", "Begäran från personen")
    assert r.code == 0, r
    assert out.exists()
    assert any(e.get("skäl") == "Begäran från personen" for e in _reads(world.db, world.ids["secret"]))


def test_the_extract_is_the_named_staffs_and_holds_the_persons_own_data(world, cli, monkeypatch):
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    out = world.tmp / "utdrag.xlsx"
    monkeypatch.setenv("AME_USER", "kerstin")
    r = cli("extract", SECRET, "--out", str(out), "--reason", "Begäran")
    assert r.code == 2 and "namngiven" in r.err and not out.exists()
    monkeypatch.setenv("AME_USER", "bo")
    r = cli("extract", SECRET, "--out", str(out), "--reason", "Begäran från personen")
    assert r.code == 0, r
    text = _xlsx_text(out)
    assert PHONE in text and EMAIL in text  # GDPR art. 15: the person's own copy is complete
    monkeypatch.setenv("AME_USER", "anna")  # the unit's duty: an administrator may make it too
    out.unlink()
    r = cli("extract", SECRET, "--out", str(out))
    assert r.code == 2 and "--reason" in r.err and not out.exists()
    r = cli("extract", SECRET, "--out", str(out), "--reason", "Begäran enligt GDPR")
    assert r.code == 0 and PHONE in _xlsx_text(out), r
    assert "Skyddade personuppgifter" in text and "SKYDDAD_FOLKBOKFORING" in text


# -- batches ------------------------------------------------------------------------------------
def test_batch_plans_leave_the_marked_person_out_and_count(world):
    from ame_desktop.services import plans

    world.act("coach")
    ids = [world.ids["secret"], world.ids["open"]]
    result = plans.print_batch(world.db, ids, world.tmp / "alla.pdf", True)
    assert (result.printed, result.left_out_protected) == (1, 1)
    assert not _no_traces(_pdf_text(world.tmp / "alla.pdf")) and "Öppen" in _pdf_text(world.tmp / "alla.pdf")
    with pytest.raises(pi.ReasonRequired):  # including them is a read: a reason is needed
        plans.print_batch(world.db, ids, world.tmp / "med.pdf", True, include_protected=True)
    assert not (world.tmp / "med.pdf").exists()
    with world.db.reading() as s:
        pi.give_reason(s, "Alla planer till mötet", world.ids["secret"])
    folder = world.tmp / "mapp"
    result = plans.print_batch(world.db, ids, folder, False, include_protected=True)
    assert (result.printed, result.left_out_protected) == (2, 0)
    names = sorted(p.name for p in folder.iterdir())
    assert f"plan_{world.pseudonym}.pdf" in names  # the file name names neither the person nor the number
    assert not [n for n in names if _no_traces(n)]
    assert "Hemliga Skyddsdotter" in _pdf_text(folder / f"plan_{world.pseudonym}.pdf")  # the person's own plan
    assert any(e.get("skäl") == "Alla planer till mötet" for e in _reads(world.db, world.ids["secret"]))


@pytest.mark.parametrize("command", ["certificate", "week-schedule"])
def test_certificates_and_schedules_for_all_leave_them_out_unless_included(world, cli, monkeypatch, command):
    monkeypatch.setenv("AME_USER", "kerstin")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    out = world.tmp / f"{command}.pdf"
    r = cli(command, "--month", MONTH, "--out", str(out))
    assert r.code == 0, r
    assert "1 person med skyddade personuppgifter togs inte med" in r.out
    assert "Hemliga" not in r.out + r.err  # a number, never a name
    text = _pdf_text(out)
    assert not _no_traces(text) and "Öppen" in text
    r = cli(command, "--month", MONTH, "--out", str(out), "--include-protected")
    assert r.code == 2 and "--reason" in r.err
    r = cli(command, "--month", MONTH, "--out", str(out), "--include-protected", "--reason", "Utskrift till alla")
    assert r.code == 0, r
    assert "togs inte med" not in r.out
    text = _pdf_text(out)
    assert "Hemliga" in text and PHONE not in text and EMAIL not in text  # no contact details in any print


# -- exports that leave the unit --------------------------------------------------------------------
def _check_pseudonymised(text: str, pseudonym: str) -> None:
    assert not _no_traces(text), _no_traces(text)
    assert pseudonym in text
    assert "Öppen" in text or "198503141239" in text or "19850314-1239" in text  # the others are there


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_af_contacts_export_pseudonymises_the_marked_person(world, cli, monkeypatch, suffix):
    monkeypatch.setenv("AME_USER", "bo")  # even the named coach's export leaves the unit
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    out = world.tmp / f"af{suffix}"
    r = cli("export", "af-contacts", "--from", "2025-10-01", "--to", "2025-10-31", "--out", str(out))
    assert r.code == 0, r
    text = _xlsx_text(out) if suffix == ".xlsx" else _pdf_text(out)
    _check_pseudonymised(text, world.pseudonym)
    assert "Frågade om Hemligas" not in text  # the free text about the person is left out too


@pytest.mark.parametrize("args,suffix", [
    (("report", "eb-list", "--month", MONTH), ".xlsx"),
    (("report", "activity", "--month", MONTH), ".xlsx"),
    (("report", "activity", "--month", MONTH), ".pdf"),
    (("report", "results", "--from", "2024-01-01", "--to", "2025-12-31"), ".xlsx"),
    (("export", "kolada", "--year", "2025"), ".xlsx"),
], ids=["eb-list", "activity-xlsx", "activity-pdf", "results-xlsx", "kolada-kontroll"])
def test_exports_to_the_namnd_pseudonymise_the_marked_person(world, cli, monkeypatch, args, suffix):
    monkeypatch.setenv("AME_USER", "kerstin")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    out = world.tmp / f"export{suffix}"
    r = cli(*args, "--out", str(out))
    assert r.code == 0, r
    text = _xlsx_text(out) if suffix == ".xlsx" else _pdf_text(out)
    _check_pseudonymised(text, world.pseudonym)


def test_the_caseworkers_own_report_keeps_the_identity_but_no_contact_details(world, cli, monkeypatch):
    """Decision: the report to the person's own caseworker is about her client; it names the person."""
    monkeypatch.setenv("AME_USER", "kerstin")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    out = world.tmp / "hanna.pdf"
    r = cli("report", "activity", "--month", MONTH, "--handlaggare", "Hanna Holm", "--out", str(out))
    assert r.code == 0, r
    text = _pdf_text(out)
    assert "Hemliga" in text and PHONE not in text and EMAIL not in text
    assert any(e.get("skäl", "").startswith("Månadsrapport till personens handläggare")
               for e in _reads(world.db, world.ids["secret"]))


# -- the command line for the mark ----------------------------------------------------------------
def test_protect_command(world, cli, monkeypatch):
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    monkeypatch.setenv("AME_USER", "lasare")
    r = cli("protect", OPEN, "--kind", "sekretess")
    assert r.code == 2 and "läsbehörighet" in r.err
    monkeypatch.setenv("AME_USER", "kerstin")
    r = cli("protect", OPEN, "--kind", "sekretess", "--staff", "Kerstin Ålund", "--from", "2025-09-01")
    assert r.code == 0 and "Kerstin Ålund" in r.out, r
    r = cli("protect", OPEN)
    assert r.code == 0 and "Sekretessmarkering från 2025-09-01" in r.out
    r = cli("protect", OPEN, "--remove")
    assert r.code == 2 and "administratör" in r.err
    r = cli("protect", OTHER, "--kind", "sekretess")  # another municipality's person does not exist for her
    assert r.code == 2 and "Märta" not in r.err
    r = cli("protect", OPEN, "--kind", "sekretess", "--staff", "Ingen Sådan")
    assert r.code == 2 and "Okänd personal" in r.err
    monkeypatch.setenv("AME_USER", "anna")
    r = cli("protect", OPEN, "--remove")
    assert r.code == 0, r
    r = cli("protect", OPEN)
    assert "ingen markering" in r.out


def test_default_file_names_name_nobody(world):
    from ame_desktop.domain.models import Participant
    from ame_desktop.services import plans

    world.act("coach")
    with world.db.reading() as s:
        p = s.get(Participant, world.ids["secret"])
        assert plans.batch_file_name(p, pi.pseudonyms(s, [p.id]).get(p.id)) == f"plan_{world.pseudonym}.pdf"
        assert pi.title_name(s, p) == "person med skyddade personuppgifter"


# -- migration -----------------------------------------------------------------------------------
def test_a_schema_0011_register_upgrades_and_can_mark(tmp_path):
    from ame_desktop.store.schema import open_register

    path = tmp_path / "gammal.db"
    shutil.copy(FIXTURES / "schema_0011.db", path)
    db = open_register(str(path))
    try:
        with db.transaction() as s:
            assert s.execute(sa.text("SELECT count(*) FROM protected_identity")).scalar() == 0
            pid = s.execute(sa.text("SELECT min(id) FROM participant")).scalar()
            pi.set_mark(s, pid, "SEKRETESS", DAY, [])
        with db.reading() as s:
            assert pi.protected_ids(s) == {pid}
            assert s.execute(sa.text("SELECT count(*) FROM protected_identity_staff")).scalar() == 0
    finally:
        db.dispose()


def test_an_unnamed_coachs_import_neither_shows_nor_overwrites_the_contact_details(world, cli, monkeypatch):
    from tests.workbooks import HEADERS, write_workbook

    monkeypatch.setenv("AME_USER", "kerstin")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    book = write_workbook(world.tmp / "lista.xlsx", {"Deltagare": [
        HEADERS["Deltagare"],
        [SECRET, "Hemliga", "Skyddsdotter", "M", "0860", None, None, "070-1740699", None],
        [OPEN, "Öppen", "Person", "M", "0860", None, None, "070-1740698", None]]})
    r = cli("import", str(book), "--dry-run")
    assert r.code == 0, r
    assert "Telefon" in r.out  # the unmarked person's change is shown...
    assert "Hemliga" not in r.out  # ...the marked person's row is unchanged (the contact details are withheld)
    r = cli("import", str(book))
    assert r.code == 0, r
    world.act("named")
    from ame_desktop.services import participants as ps

    with world.db.reading() as s:
        assert (ps.get_participant(s, world.ids["secret"]).phone, ps.get_participant(s, world.ids["secret"]).email) \
            == (PHONE, EMAIL)
        assert ps.get_participant(s, world.ids["open"]).phone == "070-1740698"


def test_the_log_and_its_review_file_withhold_the_contact_details_from_unnamed_administrators(world, cli,
                                                                                              monkeypatch):
    from ame_desktop.services import audit

    world.act("admin")
    with world.db.reading() as s:
        texts = " ".join(e.details or "" for e in audit.entries(s, participant_id=world.ids["secret"]))
        assert texts and PHONE not in texts and EMAIL not in texts and "Skyddad – visas endast" in texts
        # The stored entry keeps its values (the chain is untouched): only the view is redacted.
        raw = " ".join(d or "" for d, in s.execute(sa.select(AuditEntry.details).where(
            AuditEntry.participant_id == world.ids["secret"])))
        assert PHONE in raw
        assert audit.verify(s).problems == []
        other = " ".join(e.details or "" for e in audit.entries(s, participant_id=world.ids["open"]))
        assert "070-1740606" in other  # an unmarked person's log is as before
    monkeypatch.setenv("AME_USER", "anna")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    out = world.tmp / "granskning.xlsx"
    today = date.today()
    r = cli("audit", "review", "--month", f"{today.year}-{today.month:02d}", "--out", str(out))
    assert r.code == 0, r
    text = _xlsx_text(out)
    assert "070-1740606" in text and PHONE not in text and EMAIL not in text


def test_consent_list_of_a_marked_person_needs_a_reason(world, cli, monkeypatch):
    monkeypatch.setenv("AME_USER", "kerstin")
    monkeypatch.setenv("AME_PASSWORD", PASSWORD)
    r = cli("consent", "list", SECRET)
    assert r.code == 2 and "--reason" in r.err
    r = cli("consent", "list", SECRET, "--reason", "Inför kontakt med AF")
    assert r.code == 0, r
    assert _reads(world.db, world.ids["secret"])[-1]["skäl"] == "Inför kontakt med AF"
    assert cli("consent", "list", OPEN).code == 0  # an unmarked person: no reason asked
