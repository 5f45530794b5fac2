"""Prompt notices to the caseworker (`notices [--mark-sent] [--out FILE]`), issue 17."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select
from openpyxl import load_workbook
from pypdf import PdfReader

from ame_desktop.domain.models import AbsenceNotice, Attendance
from ame_desktop.services import audit, notices
from ame_desktop.services.authz import PermissionDenied
from tests.caseworker_fixtures import A, B, D, add_accounts, as_user, build


@pytest.fixture
def reg(db):
    return build(db)


def _pending(cli):
    r = cli("notices")
    assert r.code == 0, r
    return json.loads(r.out)


def test_the_list_before_and_after_marking(db, reg, cli, tmp_path):
    data = _pending(cli)
    assert data["count"] == 2
    by = {n["personnummer"]: n for n in data["notices"]}
    assert set(by) == {A, D}
    assert by[A]["caseworker"] == "Karin Berg"
    assert by[A]["items"] == [
        {"kind": "franvaro_i_rad", "from": "2026-10-05", "to": "2026-10-09", "days": 5, "hours": 40.0},
        {"kind": "ogiltig", "from": "2026-10-05", "to": "2026-10-05", "days": 1, "hours": 8.0},
        {"kind": "ogiltig", "from": "2026-10-06", "to": "2026-10-06", "days": 1, "hours": 8.0},
    ]
    assert by[D]["items"] == [{"kind": "ogiltig", "from": "2026-10-02", "to": "2026-10-02", "days": 1, "hours": 4.0}]

    r = cli("notices", "--mark-sent", "--channel", "säker e-post", "--date", "2026-10-12",
            "--out", str(tmp_path / "n.pdf"))
    assert r.code == 0, r
    pages = PdfReader(tmp_path / "n.pdf").pages
    assert len(pages) == 2
    text = pages[0].extract_text()
    assert "Underrättelse om frånvaro" in text and "Karin Berg" in text and "19640823-3234" in text
    assert "socialnämnden" in text and "ogiltig" not in text.lower().replace("frånvaro utan anmält skäl", "")
    assert _pending(cli) == {"count": 0, "notices": []}
    with db.reading() as s:
        sent = notices.sent_notices(s)
        assert {(n.channel, n.sent_on) for n in sent} == {("säker e-post", date(2026, 10, 12))}
        assert sum(n.items for n in sent) == 4
        rows = s.exec(select(AbsenceNotice)).all()
        assert all(len(r.content_hash) == 64 and "Karin Berg" in r.snapshot or r.recipient == "Sara Ek" for r in rows)
        logged = [e for e in audit.entries(s) if e.action == "notice"]
        assert len(logged) == 2

    # A new absence (also one registered late, before the notice date) is waiting again.
    with db.transaction() as s:
        s.add(Attendance(participant_id=reg[A], attendance_date=date(2026, 10, 2), activity_id=reg["snickeri"],
                         hours=3, absence="OGILTIG"))
    data = _pending(cli)
    assert [(n["personnummer"], [i["from"] for i in n["items"]]) for n in data["notices"]] == [(A, ["2026-10-02"])]


def test_sickness_without_certificate_beyond_the_configured_days(db, reg, cli, tmp_path):
    with db.transaction() as s:
        d, n = date(2026, 10, 12), 0
        while n < 8:  # 8 working days of SJUK for B: 12–21 October
            if d.weekday() < 5:
                s.add(Attendance(participant_id=reg[B], attendance_date=d, activity_id=reg["sfi"], hours=8,
                                 absence="SJUK"))
                n += 1
            d += timedelta(days=1)
    by = {n["personnummer"]: n for n in _pending(cli)["notices"]}
    kinds = {i["kind"]: i for i in by[B]["items"]}
    assert kinds["sjuk_utan_intyg"] == {"kind": "sjuk_utan_intyg", "from": "2026-10-12", "to": "2026-10-21",
                                        "days": 8, "hours": 64.0}
    assert kinds["franvaro_i_rad"]["days"] == 8
    assert cli("settings", "sick_without_certificate_days", "8").code == 0
    by = {n["personnummer"]: n for n in _pending(cli)["notices"]}
    assert "sjuk_utan_intyg" not in {i["kind"] for i in by[B]["items"]}
    # The xlsx and the e-mail texts.
    assert cli("notices", "--out", str(tmp_path / "n.xlsx")).code == 0
    rows = list(load_workbook(tmp_path / "n.xlsx").active.iter_rows(values_only=True))
    assert rows[0][0] == "Personnummer" and {r[0] for r in rows[1:]} == {A, B, D}
    assert cli("notices", "--out", str(tmp_path / "n.txt")).code == 0
    assert "Sedan förra underrättelsen" in (tmp_path / "n.txt").read_text(encoding="utf-8")


def test_reader_cannot_mark_sent_and_coach_of_0860_sees_nothing_of_2260(db, reg, cli, monkeypatch):
    add_accounts(db, reg)
    as_user(db, "lasare")
    with db.reading() as s:
        pending = notices.pending_notices(s)
    assert len(pending) == 2
    with pytest.raises(PermissionDenied), db.transaction() as s:
        notices.mark_sent(s, pending)
    as_user(db, "kerstin")
    with db.reading() as s:
        assert [n.personnummer for n in notices.pending_notices(s)] == [A]
    monkeypatch.setenv("AME_USER", "kerstin")
    monkeypatch.setenv("AME_PASSWORD", "hemligt-lösen-1")
    assert [n["personnummer"] for n in _pending(cli)["notices"]] == [A]
    monkeypatch.setenv("AME_USER", "karin")
    assert cli("notices").code == 2


def test_registerutdrag_lists_the_persons_notices_and_deliveries_but_no_one_else(db, reg, tmp_path):
    from ame_desktop.services import delivery, register_extract

    with db.transaction() as s:
        notices.mark_sent(s, notices.pending_notices(s), sent_on=date(2026, 10, 12))
        delivery.deliver(s, 2026, 10, caseworker="Karin Berg", delivered_on=date(2026, 11, 3))
    with db.transaction() as s:
        x = register_extract.make_extract(s, A)
    tables = {t: rows for t, _label, _cols, rows in x.sections}
    assert len(tables["absence_notice"]) == 1 and len(tables["absence_notice_item"]) == 3
    assert len(tables["report_delivery_person"]) == 1
    assert "report_delivery" not in tables  # its snapshot is about other people too
    assert D not in repr(tables)
