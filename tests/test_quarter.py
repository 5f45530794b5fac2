"""The quarterly follow-up (`report quarter`) on a hand-built register (issue 17)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from ame_desktop.domain.models import Attendance, PlanVersion, RequirementPeriod, ScheduleEntry
from ame_desktop.services import delivery, notices, quarter
from ame_desktop.services.authz import PermissionDenied
from tests.caseworker_fixtures import A, B, C, D, add_accounts, as_user, build


@pytest.fixture
def reg(db):
    ids = build(db)
    with db.transaction() as s:
        def period(number):
            return s.execute(sa.select(RequirementPeriod).where(RequirementPeriod.participant_id == ids[number])).scalar_one()
        period(A).decision_date = date(2026, 10, 1)   # first activity 10-01: 0 days
        period(B).decision_date = date(2026, 10, 6)   # first activity 10-15: 9 days
        period(C).decision_date = date(2026, 10, 5)   # no activity yet
        c = period(C)
        c.hours_per_week, c.reduction_code, c.reduction_hours = 20, "DELTIDSARBETE", 20
        period(D).exemption = "SJUK"
        s.add(Attendance(participant_id=ids[B], attendance_date=date(2026, 10, 15), activity_id=ids["sfi"], hours=4))
        for wd in range(5):
            s.add(ScheduleEntry(participant_id=ids[A], activity_id=ids["snickeri"], weekday=wd, hours=6))
        s.add(ScheduleEntry(participant_id=ids[B], activity_id=ids["sfi"], weekday=0, hours=4))
        s.add(PlanVersion(participant_id=ids[A], version=1, content="{}", created_at=datetime(2026, 10, 10, 9, 0)))
    with db.transaction() as s:
        notices.mark_sent(s, [n for n in notices.pending_notices(s) if n.personnummer == A], sent_on=date(2026, 10, 12))
        k = delivery.deliver(s, 2026, 10, caseworker="Karin Berg", delivered_on=date(2026, 11, 3))
        delivery.deliver(s, 2026, 10, caseworker="Lars Lund", delivered_on=date(2026, 11, 3))
        delivery.record_receipt(s, k.id)
    return ids


def test_quarter_figures_by_hand(db, reg):
    with db.reading() as s:
        q = quarter.quarter_report(s, 2026, 4)
    assert [c for c, _ in q.municipalities] == ["0860", "2260"]
    oct_ = q.cells[("0860", "2026-10")]
    assert (oct_.persons_with_requirement, oct_.persons_with_plan) == (3, 1)
    assert (oct_.decisions, sorted(oct_.first_activity_days), oct_.decisions_without_activity) == (3, [0, 9], 1)
    assert (oct_.median_days, oct_.longest_days) == (4.5, 9)
    assert oct_.required_hours == 176 + 176 + 88
    assert oct_.offered_hours == 22 * 6 + 4 * 4  # A every working day, B on the four Mondays
    assert dict(oct_.reduced_by_reason) == {"DELTIDSARBETE": 1}
    assert oct_.notices_sent == 1
    assert (oct_.no_reason_hours, oct_.no_reason_days, oct_.no_reason_persons) == (16, 2, 1)
    nov = q.cells[("0860", "2026-11")]
    assert (nov.reports_delivered, nov.reports_acknowledged, nov.notices_sent) == (2, 1, 0)
    assert nov.persons_with_plan == 1 and nov.decisions == 0
    total = q.cells[("0860", quarter.QUARTER)]
    assert (total.persons_with_requirement, total.decisions, total.reports_delivered) == (3, 3, 2)
    assert dict(total.reduced_by_reason) == {"DELTIDSARBETE": 3}  # one period in each of three months
    ange = q.cells[("2260", "2026-10")]
    assert dict(ange.exemptions_by_kind) == {"SJUK": 1} and ange.required_hours == 0
    assert (ange.no_reason_hours, ange.decisions) == (4, 0)


def test_quarter_files_read_back(db, reg, cli, tmp_path):
    r = cli("report", "quarter", "--year", "2026", "--quarter", "4", "--out", str(tmp_path / "q.xlsx"))
    assert r.code == 0, r
    wb = load_workbook(tmp_path / "q.xlsx")
    rows = list(wb["Kvartal"].iter_rows(values_only=True))
    assert rows[2][:7] == ("Kommunkod", "Kommun", "Uppgift", "okt 2026", "nov 2026", "dec 2026", "Kvartalet")
    by = {(r[0], r[2]): r[3:] for r in rows[3:]}
    assert by[("0860", "Personer med aktivitetskrav")] == (3, 3, 3, 3)
    assert by[("0860", "Dagar beslut → första aktivitet, median")][0] == 4.5
    assert by[("0860", "Personrapporter lämnade till handläggare")] == (0, 2, 0, 2)
    assert by[("0860", "– varav kvitterade")] == (0, 1, 0, 1)
    assert by[("2260", "Undantag: " + "Har sjukpenning, sjukersättning eller vissa andra socialförsäkringsförmåner")][0] == 1
    assert "Så räknas det" in wb.sheetnames
    assert cli("report", "quarter", "--year", "2026", "--quarter", "4", "--municipality", "0860", "--out",
               str(tmp_path / "q.pdf")).code == 0
    reader = PdfReader(tmp_path / "q.pdf")
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Kvartalsuppföljning aktivitetskrav – 2026 kvartal 4" in text and "Hultsfred (0860)" in text
    assert "Så räknas det" in text and "Ånge" not in text
    assert "Krävda och erbjudna timmar" in text
    assert cli("report", "quarter", "--year", "2026", "--quarter", "5", "--out", str(tmp_path / "x.pdf")).code == 2
    assert cli("report", "quarter", "--year", "2026", "--quarter", "4", "--out", str(tmp_path / "x.csv")).code == 2


def test_quarter_access(db, reg, tmp_path):
    add_accounts(db, reg)
    as_user(db, "kerstin")
    with db.reading() as s:
        q = quarter.quarter_report(s, 2026, 4)
        assert [c for c, _ in q.municipalities] == ["0860"]
        with pytest.raises(PermissionDenied):
            quarter.quarter_report(s, 2026, 4, municipality="2260")
    as_user(db, "karin")
    with pytest.raises(PermissionDenied), db.reading() as s:
        quarter.quarter_report(s, 2026, 4)
    as_user(db, "lasare")  # reading is allowed; the report writes nothing but its audit entry
    quarter.export_quarter(db, 2026, 4, tmp_path / "q.xlsx")
    assert (tmp_path / "q.xlsx").exists()
