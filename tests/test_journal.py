"""The participant's journal (issue 21): dated entries by their author, editable for 24 hours,
then locked with corrections as new entries; searchable; in the registerutdrag and gallring; never
in the monthly report. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH, ROLE_READER
from ame_desktop.domain.errors import NotFoundError, UserError, ValidationError
from ame_desktop.domain.models import JournalEntry
from ame_desktop.services import accounts, journal
from ame_desktop.services import enrollments as es
from ame_desktop.services import participants as ps
from ame_desktop.services.authz import PermissionDenied

PASSWORD = "hemligt-lösen-1"
MORNING = datetime(2026, 11, 30, 9, 15)


@pytest.fixture
def unit(db):
    """An administrator, two coaches of Hultsfred (0860), a reader; a person in 0860 and one in Ånge (2260)."""
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    db.actor = accounts.sign_in_db(db, "anna", PASSWORD)
    with db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH, ["0860"])
        accounts.create_account(s, "Lena Berg", "lena", PASSWORD, ROLE_COACH, ["0860"])
        accounts.create_account(s, "Läsa Läsare", "lasare", PASSWORD, ROLE_READER)
        hultsfred = ps.create_participant(s, ps.ParticipantInput("198503141239", "Ida", "Andersson")).id
        ange = ps.create_participant(s, ps.ParticipantInput("197010632391", "Märta", "Öberg",
                                                            municipality_code="2260")).id
        es.add_enrollment(s, hultsfred, "2026-09-01")
    return {"hultsfred": hultsfred, "ange": ange}


def as_user(db, username):
    db.actor = accounts.sign_in_db(db, username, PASSWORD)


def write(db, pid, text="Samtal om praktik på Återbruket.", when=MORNING, **kw):
    with db.transaction() as s:
        return journal.add_entry(s, pid, kw.pop("entry_date", "2026-11-30"), kw.pop("category", "SAMTAL"), text,
                                 now=when, **kw).id


def test_an_entry_records_date_category_text_author_and_time(db, unit):
    as_user(db, "kerstin")
    eid = write(db, unit["hultsfred"])
    with db.reading() as s:
        [e] = journal.list_entries(s, unit["hultsfred"], now=MORNING + timedelta(hours=1))
    assert (e.id, e.entry_date, e.category, e.category_label) == (eid, date(2026, 11, 30), "SAMTAL",
                                                                   "Samtal med deltagaren")
    assert e.author == "kerstin" and e.written_at == MORNING and e.editable


def test_only_the_author_may_change_it_and_only_for_24_hours(db, unit):
    as_user(db, "kerstin")
    eid = write(db, unit["hultsfred"])
    with db.transaction() as s:
        journal.update_entry(s, eid, "2026-11-30", "SAMTAL", "Samtal om praktik på Återbruket, start 7/12.",
                             now=MORNING + timedelta(hours=23, minutes=59))
    with pytest.raises(UserError, match="låst"), db.transaction() as s:
        journal.update_entry(s, eid, "2026-11-30", "SAMTAL", "Ändrat i efterhand", now=MORNING + timedelta(hours=24))
    as_user(db, "lena")
    with pytest.raises(UserError, match="Bara den som skrev"), db.transaction() as s:
        journal.update_entry(s, eid, "2026-11-30", "SAMTAL", "Lenas ändring", now=MORNING + timedelta(hours=1))
    with db.reading() as s:
        [e] = journal.list_entries(s, unit["hultsfred"], now=MORNING + timedelta(hours=1))
    assert e.text == "Samtal om praktik på Återbruket, start 7/12." and not e.editable  # not Lena's to edit
    assert e.edited_at == MORNING + timedelta(hours=23, minutes=59)


def test_a_locked_entry_is_corrected_by_a_new_entry_and_both_stay(db, unit):
    as_user(db, "kerstin")
    eid = write(db, unit["hultsfred"], "Deltog inte i gruppen.")
    later = MORNING + timedelta(days=2)
    as_user(db, "lena")
    with db.transaction() as s:
        cid = journal.correct_entry(s, eid, "Rättelse: deltog, men kom 30 minuter sent.", now=later).id
    with db.reading() as s:
        entries = {e.id: e for e in journal.list_entries(s, unit["hultsfred"], now=later)}
    assert entries[eid].text == "Deltog inte i gruppen." and entries[eid].corrected_by == (cid,)
    assert entries[cid].corrects_id == eid and entries[cid].author == "lena"


def test_search_finds_words_in_the_text_and_the_category(db, unit):
    as_user(db, "kerstin")
    write(db, unit["hultsfred"], "Trepartsmöte med AF om lönestöd.", category="MOTE")
    write(db, unit["hultsfred"], "Sjukanmälan via telefon.", category="HALSA")
    with db.reading() as s:
        assert [e.text for e in journal.list_entries(s, unit["hultsfred"], "LÖNESTÖD")] == [
            "Trepartsmöte med AF om lönestöd."]
        assert [e.text for e in journal.list_entries(s, unit["hultsfred"], "hälsa")] == ["Sjukanmälan via telefon."]
        assert journal.list_entries(s, unit["hultsfred"], "praktik") == []


def test_bad_input_names_the_field_and_writes_nothing(db, unit):
    as_user(db, "kerstin")
    with pytest.raises(ValidationError) as e, db.transaction() as s:
        journal.add_entry(s, unit["hultsfred"], "2026-12-24", "SNACK", "   ", now=MORNING)
    assert {f.field for f in e.value.errors} == {"entry_date", "category", "text"}
    with db.reading() as s:
        assert s.execute(sa.select(sa.func.count()).select_from(JournalEntry)).scalar() == 0


def test_a_reader_cannot_write_and_a_coach_of_0860_sees_nothing_of_2260(db, unit):
    as_user(db, "anna")
    eid = write(db, unit["ange"], "Möte i Ånge.")
    as_user(db, "lasare")
    with pytest.raises(PermissionDenied), db.transaction() as s:
        journal.add_entry(s, unit["hultsfred"], "2026-11-30", "SAMTAL", "Läsaren skriver", now=MORNING)
    with db.reading() as s:
        assert journal.list_entries(s, unit["ange"])[0].editable is False
    as_user(db, "kerstin")
    with pytest.raises(NotFoundError), db.reading() as s:
        journal.list_entries(s, unit["ange"])
    with pytest.raises(NotFoundError), db.transaction() as s:
        journal.add_entry(s, unit["ange"], "2026-11-30", "SAMTAL", "Fel kommun", now=MORNING)
    with pytest.raises(NotFoundError), db.transaction() as s:
        journal.correct_entry(s, eid, "Fel kommun", now=MORNING)


def test_changes_are_in_the_audit_log(db, unit):
    from ame_desktop.domain.models import AuditEntry

    as_user(db, "kerstin")
    eid = write(db, unit["hultsfred"])
    with db.transaction() as s:
        journal.update_entry(s, eid, "2026-11-30", "SAMTAL", "Ny text", now=MORNING + timedelta(hours=1))
    with db.reading() as s:
        rows = s.execute(sa.select(AuditEntry.action, AuditEntry.actor).where(
            AuditEntry.entity == "journal_entry").order_by(AuditEntry.id)).all()
    assert [tuple(r) for r in rows] == [("create", "kerstin"), ("update", "kerstin")]


def test_registerutdrag_has_the_journal_and_gallring_removes_it(db, unit):
    from ame_desktop.domain.models import Participant
    from ame_desktop.services import gallring, register_extract

    as_user(db, "kerstin")
    with db.transaction() as s:
        old = ps.create_participant(s, ps.ParticipantInput("195512124560", "Gustav", "Lind")).id
    write(db, old, "Samtal om CV.", when=datetime(2019, 3, 4, 10, 0), entry_date="2019-03-04")
    with db.reading() as s:
        extract = register_extract.make_extract(s, "195512124560")
    texts = [str(cell) for table, _label, _cols, rows in extract.sections if table == "journal_entry"
             for row in rows for cell in row]
    assert "Samtal om CV." in texts
    as_user(db, "anna")
    with db.transaction() as s:  # nothing else about him since 2019
        s.execute(sa.update(Participant).where(Participant.id == old).values(
            created_at=datetime(2019, 3, 1), updated_at=datetime(2019, 3, 1)))
    with db.reading() as s:
        assert gallring.last_entries(s)[old] == date(2019, 3, 4)  # the journal's date is an entry
        assert old in {d.participant_id for d in gallring.preview(s, date(2026, 12, 1))}
    with db.transaction() as s:
        gallring.run(s, [old], date(2026, 12, 1))
    with db.reading() as s:
        assert s.execute(sa.select(sa.func.count()).select_from(JournalEntry).where(
            JournalEntry.participant_id == old)).scalar() == 0
        assert s.execute(sa.select(sa.func.count()).select_from(JournalEntry)).scalar() == 0


def test_the_journal_is_never_in_the_monthly_report(db, unit, tmp_path):
    from ame_desktop.io import activity_report as io_report  # noqa: F401 (the writers)
    from ame_desktop.services import activity_requirement as ar
    from ame_desktop.services import activity_report

    as_user(db, "kerstin")
    with db.transaction() as s:
        ar.add_period(s, unit["hultsfred"], "2026-11-01", None, 40)
    write(db, unit["hultsfred"], "HEMLIG-JOURNALTEXT om hälsan.")
    with db.reading() as s:
        report = activity_report.monthly_report(s, 2026, 11)
    assert "HEMLIG-JOURNALTEXT" not in repr(report)
