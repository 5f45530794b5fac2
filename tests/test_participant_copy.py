"""The participant's own copy: the monthly närvarointyg and the printable week schedule (issue 17)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from ame_desktop.domain.errors import NotFoundError
from ame_desktop.domain.models import ScheduleEntry
from ame_desktop.services import participant_copy
from ame_desktop.services.authz import PermissionDenied
from tests.caseworker_fixtures import A, B, D, add_accounts, as_user, build


@pytest.fixture
def reg(db):
    return build(db)


def _text(path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]


def test_certificate_has_the_same_facts_in_plain_swedish(db, reg, cli, tmp_path):
    r = cli("certificate", "--month", "2026-10", "--personnummer", A, "--out", str(tmp_path / "intyg.pdf"))
    assert r.code == 0, r
    (page,) = _text(tmp_path / "intyg.pdf")
    assert "Närvarointyg – oktober 2026" in page and "Örjan Åberg, 19640823-3234" in page
    assert "176 timmar" in page  # required, as in the caseworker's report
    assert "Tid i aktiviteter 8 timmar" in page
    assert "Frånvaro där du anmält skäl (t.ex. sjuk, vård av barn) 24 timmar" in page
    assert "Frånvaro utan anmält skäl 16 timmar" in page and "2026-10-05, 2026-10-06" in page
    assert "socialnämnden" in page
    # In batch: everyone with a requirement, a page each.
    assert cli("certificate", "--month", "2026-10", "--out", str(tmp_path / "alla.pdf")).code == 0
    assert len(_text(tmp_path / "alla.pdf")) == 4


def test_week_schedule(db, reg, cli, tmp_path):
    with db.transaction() as s:
        s.add(ScheduleEntry(participant_id=reg[A], activity_id=reg["snickeri"], weekday=0, hours=6))
        s.add(ScheduleEntry(participant_id=reg[A], activity_id=reg["sfi"], weekday=2, hours=3.5))
    r = cli("week-schedule", "--personnummer", A, "--personnummer", B, "--out", str(tmp_path / "v.pdf"))
    assert r.code == 0, r
    first, second = _text(tmp_path / "v.pdf")
    assert "Mitt veckoschema" in first and "Måndag" in first and "Snickeri" in first and "Onsdag" in first
    assert "3,5 timmar" in first and "Sammanlagt 9,5 timmar i veckan" in first
    assert "Bo Berg" in second and "Inget schema är inlagt ännu" in second
    assert cli("week-schedule", "--out", str(tmp_path / "x.pdf")).code == 2


def test_access(db, reg, tmp_path):
    add_accounts(db, reg)
    as_user(db, "kerstin")
    with pytest.raises(NotFoundError), db.reading() as s:
        participant_copy.week_schedules(s, [reg[D]])
    with db.reading() as s:
        assert [p.personnummer for p in participant_copy.certificates(s, 2026, 10).participants] == [A, B, "199001012385"]
    as_user(db, "karin")
    with pytest.raises((PermissionDenied, NotFoundError)), db.reading() as s:
        participant_copy.certificates(s, 2026, 10)
