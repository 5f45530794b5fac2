"""AF-kontakter: a hand-built log and its hand-worked summary, the rules, the exports (normal and
pseudonymous), the CLI, the import sheet and the demo."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from ame_desktop.domain.errors import UserError, ValidationError
from ame_desktop.services import af_contacts as af
from ame_desktop.services import participants as ps
from ame_desktop.services import staff
from ame_desktop.services.importing import ImportFailed, import_workbook
from tests.workbooks import HEADERS, write_workbook

TODAY = date(2026, 5, 10)
NOW = datetime(2026, 5, 10, 12, 0)
P1, P2 = "640823-3234", "701063-2391"  # Skatteverket's examples; P2 is a samordningsnummer
# Every way a personnummer may be written, and the register's names: none may leak.
P1_FORMS = ["19640823-3234", "640823-3234", "196408233234", "6408233234"]
P2_FORMS = ["19701063-2391", "701063-2391", "197010632391", "7010632391"]
NAMES = ["Örjan", "Åberg", "Märta", "Öberg"]


def contact(s, when: str, category: str, channel: str, participant=None, staff_id=None, **kw):
    day, _, clock = when.partition(" ")
    return af.add_contact(s, af.ContactInput(contact_date=day, contact_time=clock or None, channel=channel,
                                             category=category, participant_id=participant, staff_id=staff_id, **kw),
                          now=NOW)


@pytest.fixture
def log(db):
    """The hand-built log. Period under test: 2026-03-01 – 2026-04-30, today 2026-05-10.

    c0 2026-02-28 23:59 P1 Tolka beslut / telefon            – before the period
    c1 2026-03-01 00:00 P1 Tolka beslut / telefon            follow 03-03 done 03-05 → 4 days
    c2 2026-03-15 10:00 P2 Inskrivningsstöd / webbformulär  no consent (flag); follow 03-16 done 03-16 → 1 day
    c3 2026-03-20 14:00 –  Samverkansmöte / fysiskt möte     strategic, no follow-up
    c4 2026-04-02 09:00 P1 Informationsbegäran / e-post      follow 04-09 done 04-30 → 28 days
    c5 2026-04-20 11:00 P2 Tolka beslut / telefon            consent dated 04-25, after the contact (flag);
                                                              follow 05-01 open → late
    c6 2026-04-30 23:59 P1 Hantera ärende / telefon          follow 05-10 open → due today
    c7 2026-04-30 16:00 –  Övrigt / digitalt möte            follow 05-20 open → planned
    c8 2026-05-01 00:00 P1 Tolka beslut / brev               – after the period; follow 05-02 open → late
    P1 has consent documented 2026-02-01 on each of his contacts.
    """
    with db.transaction() as s:
        kerstin = staff.add_staff(s, "Kerstin Ålund").id
        tomas = staff.add_staff(s, "Tomas Ek").id
        p1 = ps.create_participant(s, ps.ParticipantInput(P1, "Örjan", "Åberg", staff_id=kerstin)).id
        p2 = ps.create_participant(s, ps.ParticipantInput(P2, "Märta", "Öberg", staff_id=tomas)).id
        yes = {"consent_documented": True, "consent_on": "2026-02-01"}
        ids = {
            "c0": contact(s, "2026-02-28 23:59", "TOLKA_BESLUT", "TELEFON", p1, kerstin, **yes).id,
            "c1": contact(s, "2026-03-01 00:00", "TOLKA_BESLUT", "TELEFON", p1, kerstin, follow_up_on="2026-03-03",
                          follow_up_done_on="2026-03-05", af_person="Birgitta Lundin",
                          af_office="Arbetsförmedlingen Västervik", **yes).id,
            "c2": contact(s, "2026-03-15 10:00", "INSKRIVNINGSSTOD", "WEBBFORMULAR", p2, tomas,
                          follow_up_on="2026-03-16", follow_up_done_on="2026-03-16",
                          question="Märta Öberg behövde hjälp att skriva in sig.").id,
            "c3": contact(s, "2026-03-20 14:00", "SAMVERKANSMOTE", "FYSISKT_MOTE", None, kerstin,
                          question="Samverkan enligt den lokala överenskommelsen.").id,
            "c4": contact(s, "2026-04-02 09:00", "INFORMATIONSBEGARAN", "EPOST", p1, kerstin,
                          follow_up_on="2026-04-09", follow_up_done_on="2026-04-30",
                          question="Uppgift om Örjan Åbergs (640823-3234) program.", outcome="Lämnat skriftligt.",
                          **yes).id,
            "c5": contact(s, "2026-04-20 11:00", "TOLKA_BESLUT", "TELEFON", p2, tomas, follow_up_on="2026-05-01",
                          consent_documented=True, consent_on="2026-04-25").id,
            "c6": contact(s, "2026-04-30 23:59", "HANTERA_ARENDE", "TELEFON", p1, kerstin, follow_up_on="2026-05-10",
                          **yes).id,
            "c7": contact(s, "2026-04-30 16:00", "OVRIGT", "DIGITALT_MOTE", None, tomas, follow_up_on="2026-05-20").id,
            "c8": contact(s, "2026-05-01 00:00", "TOLKA_BESLUT", "BREV", p1, kerstin, follow_up_on="2026-05-02",
                          **yes).id,
        }
    return {"p1": p1, "p2": p2, "kerstin": kerstin, "tomas": tomas, **ids}


# -- the summary ---------------------------------------------------------------------------------------
def test_summary_matches_the_hand_worked_counts(db, log):
    with db.reading() as s:
        rep = af.contact_report(s, date(2026, 3, 1), date(2026, 4, 30), today=TODAY)
    sm = rep.summary
    # Inclusive period: c1 (03-01 00:00) and c6 (04-30 23:59) are in, c0 and c8 are out → c1–c7.
    assert [r.id for r in rep.rows] == [log[c] for c in ("c1", "c2", "c3", "c4", "c5", "c7", "c6")]
    assert (sm.total, sm.with_participant, sm.strategic) == (7, 5, 2)  # c3 and c7 have no participant
    assert sm.months == ["2026-03", "2026-04"]
    nonzero = {(cat, m): n for cat, per in sm.by_category_month.items() for m, n in per.items() if n}
    assert nonzero == {
        ("TOLKA_BESLUT", "2026-03"): 1,  # c1
        ("INSKRIVNINGSSTOD", "2026-03"): 1,  # c2
        ("SAMVERKANSMOTE", "2026-03"): 1,  # c3
        ("INFORMATIONSBEGARAN", "2026-04"): 1,  # c4
        ("TOLKA_BESLUT", "2026-04"): 1,  # c5
        ("HANTERA_ARENDE", "2026-04"): 1,  # c6
        ("OVRIGT", "2026-04"): 1,  # c7
    }
    assert len(sm.by_category_month) == 12  # every category is listed, zeros included
    assert sm.by_category["TOLKA_BESLUT"] == 2
    # Telefon: c1, c5, c6; the others one each; no letters in the period (c8 is outside).
    assert sm.by_channel == {"TELEFON": 3, "EPOST": 1, "FYSISKT_MOTE": 1, "DIGITALT_MOTE": 1, "BREV": 0,
                             "WEBBFORMULAR": 1}
    assert sm.with_follow_up == 6  # all but c3
    assert sm.open_follow_ups == 3  # c5, c6, c7
    assert sm.due_follow_ups == 2  # c5 (late) and c6 (today)
    assert sm.late_follow_ups == 1  # c5; c8 is late too but outside the period
    # Done: c1 4 days, c2 1 day, c4 28 days → median of [1, 4, 28] = 4.
    assert (sm.done_follow_ups, sm.median_days_to_done) == (3, 4.0)
    # c2 has no consent; c5's consent was documented after the contact; strategic c3, c7 never count.
    assert sm.consent_missing == 2
    assert [r.id for r in rep.rows if r.consent_missing] == [log["c2"], log["c5"]]


def test_even_median_and_one_month(db, log):
    with db.reading() as s:
        sm = af.contact_report(s, date(2026, 3, 1), date(2026, 3, 31), today=TODAY).summary
    # March: c1 (4 days) and c2 (1 day) are done → median (1 + 4) / 2 = 2.5.
    assert (sm.total, sm.median_days_to_done, sm.open_follow_ups) == (3, 2.5, 0)


def test_due_and_late_follow_ups_and_filters(db, log):
    with db.reading() as s:
        due = af.due_follow_ups(s, TODAY)
        late = af.list_contacts(s, af.ContactFilter(follow_up=af.LATE), today=TODAY)
        open_ = af.list_contacts(s, af.ContactFilter(follow_up=af.OPEN), today=TODAY)
        strategic = af.list_contacts(s, af.ContactFilter(participant_id=af.NO_PARTICIPANT), today=TODAY)
        marta = af.list_contacts(s, af.ContactFilter(participant_id=log["p2"]), today=TODAY)
        tomas = af.list_contacts(s, af.ContactFilter(staff_id=log["tomas"]), today=TODAY)
        decisions = af.list_contacts(s, af.ContactFilter(category="TOLKA_BESLUT", start=date(2026, 3, 1),
                                                         end=date(2026, 4, 30)), today=TODAY)
        by_text = af.list_contacts(s, af.ContactFilter(text="skriftligt"), today=TODAY)
        by_number = af.list_contacts(s, af.ContactFilter(text="701063-2391"), today=TODAY)
    # Due = open and dated ≤ today, oldest first: c5 (05-01), c8 (05-02), c6 (today).
    assert [r.id for r in due] == [log["c5"], log["c8"], log["c6"]]
    assert [r.follow_up for r in due] == [af.FOLLOW_LATE, af.FOLLOW_LATE, af.FOLLOW_DUE_TODAY]
    assert {r.id for r in late} == {log["c5"], log["c8"]}
    assert {r.id for r in open_} == {log["c5"], log["c6"], log["c7"], log["c8"]}
    assert {r.id for r in strategic} == {log["c3"], log["c7"]}
    assert {r.id for r in marta} == {log["c2"], log["c5"]} == {r.id for r in by_number}
    assert {r.id for r in tomas} == {log["c2"], log["c5"], log["c7"]}
    assert {r.id for r in decisions} == {log["c1"], log["c5"]}
    assert [r.id for r in by_text] == [log["c4"]]


def test_update_mark_done_and_delete(db, log):
    with db.transaction() as s:
        af.mark_follow_up_done(s, log["c5"], "2026-05-08", now=NOW)
        c = af.get_contact(s, log["c6"])
        data = af.input_from(c)
        data.outcome = "AF ringde tillbaka."
        af.update_contact(s, log["c6"], data, now=NOW)
        af.delete_contact(s, log["c7"])
    with db.reading() as s:
        assert af.get_contact(s, log["c5"]).follow_up_done_on == date(2026, 5, 8)
        assert af.get_contact(s, log["c6"]).outcome == "AF ringde tillbaka."
        sm = af.contact_report(s, date(2026, 3, 1), date(2026, 4, 30), today=TODAY).summary
    # Done now: 4, 1, 28 and c5 (04-20 → 05-08) 18 days → median (4 + 18) / 2 = 11.
    assert (sm.total, sm.late_follow_ups, sm.done_follow_ups, sm.median_days_to_done) == (6, 0, 4, 11.0)
    with db.transaction() as s, pytest.raises(ValidationError) as e:
        af.mark_follow_up_done(s, log["c3"], now=NOW)  # no follow-up to be done
    assert e.value.field == "follow_up_done_on"


def test_roles_municipalities_and_the_audit_log(db, log):
    import sqlalchemy as sa

    from ame_desktop.domain.actor import ROLE_COACH, ROLE_READER, Actor, system_actor
    from ame_desktop.domain.errors import NotFoundError
    from ame_desktop.domain.models import AuditEntry
    from ame_desktop.services.authz import PermissionDenied

    db.actor = Actor("lasare", ROLE_READER)
    with db.transaction() as s, pytest.raises(PermissionDenied):
        contact(s, "2026-04-01 10:00", "OVRIGT", "TELEFON")
    with db.reading() as s:
        assert len(af.list_contacts(s)) == 9  # reading is allowed
    # A coach of Ånge only: the Hultsfred people's contacts do not exist for her; strategic ones do.
    db.actor = Actor("anna", ROLE_COACH, municipalities=frozenset({"2260"}))
    with db.reading() as s:
        assert {r.id for r in af.list_contacts(s, today=TODAY)} == {log["c3"], log["c7"]}
        with pytest.raises(NotFoundError):
            af.get_contact(s, log["c1"])
    with db.transaction() as s, pytest.raises(ValidationError) as e:
        contact(s, "2026-04-01 10:00", "OVRIGT", "TELEFON", log["p1"])
    assert e.value.field == "participant_id"
    db.actor = system_actor()
    with db.transaction() as s:
        af.mark_follow_up_done(s, log["c6"], "2026-05-10", now=NOW)
    with db.reading() as s:
        entries = s.execute(sa.select(AuditEntry.action, AuditEntry.participant_id)
                            .where(AuditEntry.entity == "af_contact").order_by(AuditEntry.id)).all()
    assert [a for a, _p in entries] == ["create"] * 9 + ["update"]
    assert entries[-1][1] == log["p1"]


# -- the rules ------------------------------------------------------------------------------------------
def refused(db, **fields) -> ValidationError:
    values = {"contact_date": "2026-04-01", "contact_time": "10:00", "channel": "TELEFON", "category": "OVRIGT"}
    values.update(fields)
    with db.transaction() as s, pytest.raises(ValidationError) as e:
        af.add_contact(s, af.ContactInput(**values), now=NOW)
    return e.value


@pytest.mark.parametrize("fields, field, words", [
    ({"contact_date": "2026-05-11"}, "contact_date", "framtiden"),
    ({"contact_date": "2026-05-10", "contact_time": "12:30"}, "contact_time", "framtiden"),  # later today
    ({"contact_date": "2026-04-31"}, "contact_date", "omöjligt datum"),
    ({"contact_date": None}, "contact_date", "måste fyllas i"),
    ({"contact_time": "25:00"}, "contact_time", "omöjlig tid"),
    ({"follow_up_on": "2026-03-31"}, "follow_up_on", "före kontakten"),
    ({"category": "kaffe"}, "category", "okänd kategori"),
    ({"category": None}, "category", "måste fyllas i"),
    ({"channel": "brevduva"}, "channel", "okänd kanal"),
    ({"participant_id": 9999}, "participant_id", "finns inte"),
    ({"staff_id": 9999}, "staff_id", "finns inte"),
    ({"follow_up_done_on": "2026-04-02"}, "follow_up_done_on", "uppföljningsdatum"),
    ({"follow_up_on": "2026-04-03", "follow_up_done_on": "2026-03-30"}, "follow_up_done_on", "före kontakten"),
    ({"follow_up_on": "2026-04-03", "follow_up_done_on": "2026-05-11"}, "follow_up_done_on", "framtiden"),
    ({"consent_documented": False, "consent_on": "2026-03-01"}, "consent_on", "dokumenterat"),
    ({"consent_documented": True, "consent_on": "2026-06-01"}, "consent_on", "framtiden"),
    ({"question": "x" * 4001}, "question", "4000"),
])
def test_bad_input_is_refused_with_a_swedish_field_error(db, fields, field, words):
    err = refused(db, **fields)
    assert err.field == field
    assert words.casefold() in err.errors[0].message.casefold()


def test_several_problems_are_reported_together_and_nothing_is_saved(db):
    err = refused(db, contact_date="2026-06-01", category="kaffe", channel="duva")
    assert {e.field for e in err.errors} == {"contact_date", "category", "channel"}
    with db.reading() as s:
        assert af.list_contacts(s) == []


def test_labels_and_forgiving_input_are_accepted(db):
    with db.transaction() as s:
        p = ps.create_participant(s, ps.ParticipantInput(P1, "Örjan", "Åberg")).id
        c = af.add_contact(s, af.ContactInput(contact_date="2026-04-01", contact_time="9.05", channel="e-post",
                                              category="Samråd inför anvisning", participant_id=p,
                                              consent_on="2026-03-01"), now=NOW)
        strategic = af.add_contact(s, af.ContactInput(contact_date=datetime(2026, 4, 2, 13, 30), channel="Telefon",
                                                      category="SIP-möte"), now=NOW)
    assert (c.channel, c.category, c.contact_at) == ("EPOST", "SAMRAD_ANVISNING", datetime(2026, 4, 1, 9, 5))
    assert c.consent_documented is True  # a consent date alone means documented
    assert strategic.contact_at == datetime(2026, 4, 2, 13, 30)  # the time came with the date cell


def test_contact_without_consent_is_saved_but_flagged(db):
    with db.transaction() as s:
        p = ps.create_participant(s, ps.ParticipantInput(P2, "Märta", "Öberg")).id
        af.add_contact(s, af.ContactInput(contact_date="2026-04-01", channel="TELEFON", category="TOLKA_BESLUT",
                                          participant_id=p), now=NOW)
    with db.reading() as s:
        (row,) = af.list_contacts(s, today=TODAY)
    assert row.consent_missing and row.contact_at == datetime(2026, 4, 1, 0, 0)


def test_a_period_backwards_is_a_user_error(db):
    with db.reading() as s, pytest.raises(UserError):
        af.contact_report(s, date(2026, 5, 1), date(2026, 4, 1))


# -- exports --------------------------------------------------------------------------------------------
def xlsx_text(path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    parts = []
    for ws in wb.worksheets:
        parts.append(ws.title)
        for row in ws.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def pdf_text(path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    meta = reader.metadata or {}
    return "\n".join([page.extract_text() or "" for page in reader.pages] + [str(v) for v in meta.values()])


def leaks(text: str) -> list[str]:
    """Personnummer (any format) and names of the register found in a text, also across line breaks."""
    squeezed = re.sub(r"\s+", "", text)
    return [x for x in P1_FORMS + P2_FORMS + NAMES if x in text or x in squeezed]


def write(db, path, pseudonymous):
    from ame_desktop.io.af_contacts_export import write_af_contacts

    with db.reading() as s:
        rep = af.contact_report(s, date(2026, 2, 1), date(2026, 5, 31), today=TODAY)
    return write_af_contacts(rep, path, pseudonymous=pseudonymous, unit_name="Arbetsmarknadsenheten")


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_pseudonymous_export_has_no_personnummer_or_name(db, log, tmp_path, suffix):
    read = xlsx_text if suffix == ".xlsx" else pdf_text
    normal = read(write(db, tmp_path / f"normal{suffix}", False))
    assert {"19640823-3234", "19701063-2391", "Örjan", "Åberg", "Märta", "Öberg"} <= set(leaks(normal))
    pseudo = read(write(db, tmp_path / f"pseudo{suffix}", True))
    assert leaks(pseudo) == []
    assert "Deltagare 1" in pseudo and "Deltagare 2" in pseudo and "Deltagare 3" not in pseudo
    assert "Kerstin Ålund" in pseudo  # staff stay
    assert "SAMTYCKE SAKNAS" in pseudo or "Saknas" in pseudo


def test_xlsx_sheets_flags_and_stable_pseudonyms(db, log, tmp_path):
    from openpyxl import load_workbook

    wb = load_workbook(write(db, tmp_path / "p.xlsx", True))
    assert wb.sheetnames == ["Kontaktlogg", "Sammanställning"]
    ws = wb["Kontaktlogg"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 9  # February–May: all nine
    # P1 appears first (c0), so he is Deltagare 1 in every one of his rows; P2 is Deltagare 2.
    # Oldest first: c0 c1 c2 c3 c4 c5 c7 (16:00) c6 (23:59) c8.
    assert [r["Deltagare"] for r in rows] == ["Deltagare 1", "Deltagare 1", "Deltagare 2", "Ingen (strategisk)",
                                              "Deltagare 1", "Deltagare 2", "Ingen (strategisk)", "Deltagare 1",
                                              "Deltagare 1"]
    assert [r["Flagga"] for r in rows].count("SAMTYCKE SAKNAS") == 2
    assert "Fråga" not in header and "AF-kontaktperson" not in header and "Personnummer" not in header
    summary = xlsx_text(tmp_path / "p.xlsx")
    assert "Median dagar till klar uppföljning" in summary


# -- CLI ------------------------------------------------------------------------------------------------
def test_cli_export_and_exit_codes(db, log, cli, tmp_path):
    for suffix in (".xlsx", ".pdf"):
        out = tmp_path / f"af{suffix}"
        r = cli("export", "af-contacts", "--from", "2026-03-01", "--to", "2026-04-30", "--out", str(out))
        assert r.code == 0, r
        assert out.exists()
    r = cli("export", "af-contacts", "--from", "2026-03-01", "--to", "2026-04-30", "--out", str(tmp_path / "p.pdf"),
            "--pseudonymous")
    assert r.code == 0 and leaks(pdf_text(tmp_path / "p.pdf")) == []
    for args in (("--from", "2026-13-01", "--to", "2026-04-30"), ("--from", "mars", "--to", "2026-04-30"),
                 ("--from", "2026-05-01", "--to", "2026-04-30")):
        r = cli("export", "af-contacts", *args, "--out", str(tmp_path / "x.xlsx"))
        assert r.code == 2, r
        assert r.err.strip()
    r = cli("export", "af-contacts", "--from", "2026-03-01", "--to", "2026-04-30", "--out", str(tmp_path / "x.csv"))
    assert r.code == 2 and ".xlsx" in r.err
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.xlsx").exists()


# -- the import sheet -----------------------------------------------------------------------------------
AF_HEADERS = ["Datum", "Tid", "Personnummer", "Handledare", "AF-kontaktperson", "AF-kontor", "Kanal",
              "Kontaktkategori", "Samtycke", "Samtycke datum", "Fråga", "Utfall", "Uppföljning", "Uppföljning klar"]


def af_row(day, clock, number, category, channel="Telefon", consent=None, consent_on=None, follow=None, done=None,
           staff_name="Kerstin Ålund", outcome=None):
    return [day, clock, number, staff_name, "Birgitta Lundin", "Arbetsförmedlingen Västervik", channel, category,
            consent, consent_on, "Fråga", outcome, follow, done]


def test_import_sheet_happy_path_and_reimport_is_unchanged(db, tmp_path, cli):
    sheets = {
        "Deltagare": [HEADERS["Deltagare"][:3], [P1, "Örjan", "Åberg"], [P2, "Märta", "Öberg"]],
        "AF-kontakter": [AF_HEADERS,
                         af_row("2026-04-01", "09:30", P1, "Tolka beslut", consent="ja", consent_on="2026-03-01",
                                follow="2026-04-03", done="2026-04-07"),
                         af_row(date(2026, 4, 2), None, None, "samverkansmöte", channel="Fysiskt möte"),
                         af_row("2026-04-03", 0.4375, "7010632391", "INFORMATIONSBEGARAN", channel="e-post",
                                staff_name="Ny Handledare", follow="2026-04-10")],
    }
    book = write_workbook(tmp_path / "in.xlsx", sheets)
    report = import_workbook(db, book)
    assert report.counts["AF-kontakter"].new == 3
    assert "Ny Handledare" in report.new_staff
    with db.reading() as s:
        rows = af.list_contacts(s, ascending=True, today=TODAY)
    assert [(r.contact_at, r.category, r.name) for r in rows] == [
        (datetime(2026, 4, 1, 9, 30), "TOLKA_BESLUT", "Örjan Åberg"),
        (datetime(2026, 4, 2, 0, 0), "SAMVERKANSMOTE", ""),
        (datetime(2026, 4, 3, 10, 30), "INFORMATIONSBEGARAN", "Märta Öberg"),  # 0.4375 of a day = 10:30
    ]
    assert rows[0].days_to_done == 6 and not rows[0].consent_missing and rows[2].consent_missing
    assert rows[2].staff == "Ny Handledare"
    again = import_workbook(db, book)
    assert again.changed_rows == 0 and again.counts["AF-kontakter"].unchanged == 3
    # A changed outcome updates the stored contact instead of adding one.
    sheets["AF-kontakter"][1] = af_row("2026-04-01", "09:30", P1, "Tolka beslut", consent="ja",
                                       consent_on="2026-03-01", follow="2026-04-03", done="2026-04-07",
                                       outcome="AF återkom.")
    book = write_workbook(tmp_path / "in2.xlsx", sheets)
    changed = import_workbook(db, book)
    assert (changed.counts["AF-kontakter"].updated, changed.counts["AF-kontakter"].new) == (1, 0)
    assert "Utfall" in changed.changes[0].what
    assert '"af_contacts": 3' in cli("stats").out


def test_import_sheet_errors_name_sheet_row_and_column(db, tmp_path):
    future = date.today().replace(year=date.today().year + 1).isoformat()
    book = write_workbook(tmp_path / "bad.xlsx", {
        "Deltagare": [HEADERS["Deltagare"][:3], [P1, "Örjan", "Åberg"]],
        "AF-kontakter": [AF_HEADERS,
                         af_row(future, "10:00", P1, "Tolka beslut"),  # row 2
                         af_row("2026-04-05", "10:00", P1, "Tolka beslut", follow="2026-04-01"),  # 3
                         af_row("2026-04-05", "10:00", P1, "Fika"),  # 4
                         af_row("2026-04-05", "10:00", P1, "Övrigt", channel="Brevduva"),  # 5
                         af_row("2026-04-05", "10:00", "121212-1212", "Övrigt"),  # 6: not in the register
                         af_row("2026-04-05", "25:00", P1, "Övrigt"),  # 7
                         af_row("2026-04-05", "11:00", P1, "Övrigt", done="2026-04-06"),  # 8
                         af_row("2026-04-05", "12:00", P1, "Övrigt", consent="kanske"),  # 9
                         af_row("2026-04-05", "13:00", P1, "Övrigt"),  # 10
                         af_row("2026-04-05", "13:00", P1, "övrigt")],  # 11: same key as row 10
    })
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, book)
    errors = [str(x) for x in e.value.report.errors]
    expected = ["AF-kontakter, rad 2, Datum:", "AF-kontakter, rad 3, Uppföljning:",
                "AF-kontakter, rad 4, Kontaktkategori:", "AF-kontakter, rad 5, Kanal:", "AF-kontakter, rad 7, Tid:",
                "AF-kontakter, rad 8, Uppföljning klar:", "AF-kontakter, rad 9, Samtycke:",
                "AF-kontakter, rad 11, Kontaktkategori:"]
    for prefix in expected:
        assert any(x.startswith(prefix) for x in errors), (prefix, errors)
    # 121212-1212 is a valid number but nobody's: the person must exist.
    assert any(x.startswith("AF-kontakter, rad 6, Personnummer:") and "finns varken" in x for x in errors), errors
    with db.reading() as s:
        assert af.list_contacts(s) == []  # all or nothing


def test_import_sheet_accepts_the_header_kategori_and_register_people(db, tmp_path):
    with db.transaction() as s:
        ps.create_participant(s, ps.ParticipantInput(P1, "Örjan", "Åberg"))
    headers = [h if h != "Kontaktkategori" else "Kategori" for h in AF_HEADERS]
    book = write_workbook(tmp_path / "k.xlsx", {"AF-kontakter": [headers, af_row("2026-04-01", "08:00", P1, "SIP")]})
    report = import_workbook(db, book)
    assert report.counts["AF-kontakter"].new == 1 and not report.warnings


def test_template_has_the_sheet_with_its_help(db, cli, tmp_path):
    from openpyxl import load_workbook

    assert cli("template", str(tmp_path / "mall.xlsx")).code == 0
    wb = load_workbook(tmp_path / "mall.xlsx")
    assert [c.value for c in wb["AF-kontakter"][1]] == AF_HEADERS
    instructions = xlsx_text(tmp_path / "mall.xlsx")
    assert "Bladet AF-kontakter" in instructions and "Datum + Tid + Personnummer + Kontaktkategori" in instructions


# -- demo -----------------------------------------------------------------------------------------------
def test_demo_gives_a_realistic_log(db_path, cli):
    import json

    from ame_desktop.domain.af_codes import AfCategory, AfChannel
    from ame_desktop.store.schema import open_register

    assert cli("demo", "--participants", "60").code == 0
    assert json.loads(cli("stats").out)["af_contacts"] > 0
    db = open_register(str(db_path))
    try:
        with db.reading() as s:
            rows = af.list_contacts(s)
    finally:
        db.dispose()
    assert {r.category for r in rows} == set(AfCategory)
    assert {r.channel for r in rows} == set(AfChannel)
    assert any(r.follow_up == af.FOLLOW_LATE for r in rows)
    assert any(r.follow_up == af.FOLLOW_DUE_TODAY for r in rows)
    assert len({r.days_to_done for r in rows if r.days_to_done is not None}) > 3  # various delays
    assert any(r.participant_id is None for r in rows)
    assert any(r.consent_missing for r in rows)
    assert all(r.contact_at <= datetime.now() for r in rows)
