"""Import sheet `Samtycken` (issue 24): all or nothing, errors naming sheet/row/column, the same
file again changes nothing, withdrawals need a consent in force (register or earlier row), a
person of another municipality does not exist for a coach. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from ame_desktop.domain.actor import ROLE_ADMIN, ROLE_COACH
from ame_desktop.domain.models import AuditEntry, Consent
from ame_desktop.services import accounts, consent
from ame_desktop.services import participants as ps
from ame_desktop.services.import_base import ImportFailed
from ame_desktop.services.importing import import_workbook
from tests.workbooks import HEADERS, write_workbook

PASSWORD = "hemligt-lösen-1"
HEAD = ["Personnummer", "Ändamål", "Händelse", "Datum", "Hur", "Anteckning"]
H_PNR, A_PNR = "196408233234", "197010632391"


@pytest.fixture
def people(db):
    with db.transaction() as s:
        accounts.create_account(s, "Anna Admin", "anna", PASSWORD, ROLE_ADMIN)
    db.actor = accounts.sign_in_db(db, "anna", PASSWORD)
    with db.transaction() as s:
        accounts.create_account(s, "Kerstin Ålund", "kerstin", PASSWORD, ROLE_COACH, ["0860"])
        h = ps.create_participant(s, ps.ParticipantInput(H_PNR, "Örjan", "Åberg")).id
        a = ps.create_participant(s, ps.ParticipantInput(A_PNR, "Märta", "Öberg", municipality_code="2260")).id
        consent.give(s, h, "fk", "2026-01-10", "skriftligt")
    return {"h": h, "a": a}


def entries(db):
    with db.reading() as s:
        return s.execute(sa.select(Consent.participant_id, Consent.purpose, Consent.action, Consent.consent_date,
                                   Consent.method, Consent.note).order_by(Consent.id)).all()


def test_a_sheet_of_consents_is_imported_and_again_changes_nothing(db, people, tmp_path):
    path = write_workbook(tmp_path / "s.xlsx", {
        "Deltagare": [HEADERS["Deltagare"], ["198503141239", "Ny", "Person", None, "0860", None, None, None, None]],
        "Samtycken": [HEAD,
                      ["640823-3234", "af", "Lämnat", "2026-03-01", "skriftligt", "Blankett"],
                      ["640823-3234", "Arbetsförmedlingen", "återkallat", "2026-06-01", "Muntligt", None],
                      ["640823-3234", "FK", "Återkallat", date(2026, 2, 1), "muntligt", None],  # the register's FK
                      ["198503141239", "foto", "lämnat", "2026-04-01", "skriftligt", None]]})  # new in this file
    report = import_workbook(db, path)
    assert report.counts["Samtycken"].new == 4
    rows = entries(db)
    assert rows[1:] == [(people["h"], "AF", "LAMNAT", date(2026, 3, 1), "SKRIFTLIGT", "Blankett"),
                        (people["h"], "AF", "ATERKALLAT", date(2026, 6, 1), "MUNTLIGT", None),
                        (people["h"], "FK", "ATERKALLAT", date(2026, 2, 1), "MUNTLIGT", None),
                        (rows[4][0], "FOTO", "LAMNAT", date(2026, 4, 1), "SKRIFTLIGT", None)]
    with db.reading() as s:
        assert consent.in_force(s, people["h"], "af", date(2026, 5, 1)) is not None
        assert consent.in_force(s, people["h"], "af", date(2026, 6, 1)) is None
        audited = s.execute(sa.select(AuditEntry.participant_id).where(AuditEntry.action == "import")).scalars().all()
    assert people["h"] in audited
    again = import_workbook(db, path)
    assert again.counts["Samtycken"].new == 0 and again.counts["Samtycken"].unchanged == 4
    assert len(entries(db)) == 5


def test_errors_name_sheet_row_and_column_and_nothing_is_written(db, people, tmp_path):
    path = write_workbook(tmp_path / "fel.xlsx", {"Samtycken": [
        HEAD,
        ["640823-3234", "skatteverket", "Lämnat", "2026-03-01", "skriftligt", None],  # 2 Ändamål
        ["640823-3234", "af", "kanske", "2026-03-01", "skriftligt", None],  # 3 Händelse
        ["640823-3234", "af", "Lämnat", "2099-03-01", "skriftligt", None],  # 4 Datum
        ["640823-3234", "af", "Lämnat", "2026-03-02", "brev", None],  # 5 Hur
        ["640823-3234", "vard", "Återkallat", "2026-03-02", "muntligt", None],  # 6 nothing to withdraw
        ["640823-3234", "fk", "Lämnat", "2026-01-10", "muntligt", None],  # 7 stored with another Hur
        ["199001012385", "af", "Lämnat", "2026-03-01", "skriftligt", None],  # 8 unknown person
        ["640823-3234", "sus", "Lämnat", "2026-03-03", "skriftligt", None],  # fine on its own
    ]})
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, path)
    got = {(err.sheet, err.row, err.field) for err in e.value.report.errors}
    assert got == {("Samtycken", 2, "Ändamål"), ("Samtycken", 3, "Händelse"), ("Samtycken", 4, "Datum"),
                   ("Samtycken", 5, "Hur"), ("Samtycken", 8, "Personnummer")}, e.value.report.errors
    # Rows readable on their own are checked against the register once every row is read.
    path = write_workbook(tmp_path / "fel2.xlsx", {"Samtycken": [
        HEAD,
        ["640823-3234", "vard", "Återkallat", "2026-03-02", "muntligt", None],
        ["640823-3234", "fk", "Lämnat", "2026-01-10", "muntligt", None],
        ["640823-3234", "sus", "Lämnat", "2026-03-03", "skriftligt", None]]})
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, path)
    got = {(err.row, err.field): err.message for err in e.value.report.errors}
    assert set(got) == {(2, "Händelse"), (3, "Hur")}
    assert "inget gällande samtycke för Vården" in got[(2, "Händelse")] and "ändras inte" in got[(3, "Hur")]
    assert "Samtycken, rad 2, Händelse: Det finns inget gällande samtycke" in e.value.message
    assert len(entries(db)) == 1  # all or nothing


def test_a_coach_of_0860_cannot_import_consents_of_a_2260_person(db, people, tmp_path):
    db.actor = accounts.sign_in_db(db, "kerstin", PASSWORD)
    path = write_workbook(tmp_path / "a.xlsx", {"Samtycken": [
        HEAD, ["701063-2391", "af", "Lämnat", "2026-03-01", "skriftligt", None]]})
    with pytest.raises(ImportFailed) as e:
        import_workbook(db, path)
    (err,) = e.value.report.errors
    assert (err.sheet, err.row, err.field) == ("Samtycken", 2, "Personnummer") and "Märta" not in err.message
    assert [r for r in entries(db) if r[0] == people["a"]] == []


def test_an_af_contacts_sheet_saying_consent_was_documented_fills_an_empty_register(db, people, tmp_path):
    af_head = ["Datum", "Tid", "Personnummer", "Handledare", "AF-kontaktperson", "AF-kontor", "Kanal",
               "Kontaktkategori", "Samtycke", "Samtycke datum", "Fråga", "Utfall", "Uppföljning", "Uppföljning klar"]
    path = write_workbook(tmp_path / "af.xlsx", {"AF-kontakter": [
        af_head,
        ["2026-04-01", "09:30", "640823-3234", None, None, None, "Telefon", "Tolka beslut", "ja", "2026-03-20",
         None, None, None, None],
        ["2026-05-01", "09:30", "640823-3234", None, None, None, "Telefon", "Övrigt", "ja", None,
         None, None, None, None]]})
    import_workbook(db, path)
    af_rows = [r for r in entries(db) if r[1] == "AF"]
    assert af_rows == [(people["h"], "AF", "LAMNAT", date(2026, 3, 20), None, af_rows[0][5])]
    assert "AF-kontaktloggen" in af_rows[0][5]
    import_workbook(db, path)  # again: nothing more
    assert len([r for r in entries(db) if r[1] == "AF"]) == 1
