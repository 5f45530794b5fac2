"""The delivery record: delivered PDFs and their identical reprints, changes after delivery and
the correction report, receipts by the caseworker's own account and by hand (issue 17)."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from ame_desktop.domain.errors import NotFoundError
from ame_desktop.domain.models import Attendance, ReportDelivery
from ame_desktop.services import audit, delivery
from ame_desktop.services.authz import PermissionDenied
from tests.caseworker_fixtures import A, B, D, add_accounts, as_user, build


@pytest.fixture
def reg(db):
    return build(db)


def _text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_delivered_pdf_reprints_byte_identical(db, db_url, reg, cli, tmp_path):
    r = cli("delivery", "deliver", "--month", "2026-10", "--handlaggare", "Karin Berg", "--channel", "säker e-post",
            "--date", "2026-11-03", "--out", str(tmp_path / "lev.pdf"))
    assert r.code == 0, r
    first = (tmp_path / "lev.pdf").read_bytes()
    text = _text(first)
    assert "Åberg" in text and "Lämnad till Karin Berg 2026-11-03 (säker e-post)" in text
    assert "Bo Berg" not in text and "Märta" not in text  # only Karin's client
    with db.reading() as s:
        row = s.execute(sa.select(ReportDelivery)).scalar_one()
        assert row.pdf_hash == hashlib.sha256(first).hexdigest()
        assert row.content_hash == hashlib.sha256(row.snapshot.encode()).hexdigest()
        assert json.loads(row.snapshot)["recipient"]["name"] == "Karin Berg"
        assert (row.recipient, row.channel, row.delivered_on) == ("Karin Berg", "säker e-post", date(2026, 11, 3))
    r = cli("delivery", "reprint", "--id", str(row.id), "--out", str(tmp_path / "igen.pdf"))
    assert r.code == 0, r
    assert (tmp_path / "igen.pdf").read_bytes() == first
    # …also from another program run (no state of this process in the bytes).
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "ame_desktop", "--db", str(db_url),
                           "delivery", "reprint", "--id", str(row.id), "--out", str(tmp_path / "process.pdf")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "process.pdf").read_bytes() == first
    # Even after the data changed, the reprint is what was delivered.
    with db.transaction() as s:
        att = s.execute(sa.select(Attendance).where(Attendance.participant_id == reg[A],
                                                    Attendance.attendance_date == date(2026, 10, 1))).scalar_one()
        att.hours = 6
    assert cli("delivery", "reprint", "--id", str(row.id), "--out", str(tmp_path / "igen2.pdf")).code == 0
    assert (tmp_path / "igen2.pdf").read_bytes() == first
    with db.reading() as s:
        logged = [(e.action, e.participant_id) for e in audit.entries(s) if e.entity == "report_delivery"]
    assert ("deliver", reg[A]) in logged and ("read", reg[A]) in logged


def test_changed_hour_marks_the_month_and_the_correction_shows_old_and_new(db, reg, cli, tmp_path):
    with db.transaction() as s:
        d = delivery.deliver(s, 2026, 10, caseworker="Karin Berg", delivered_on=date(2026, 11, 3))
        did = d.id
    listed = json.loads(cli("delivery", "list").out)
    assert [x["state"] for x in listed] == ["levererad"]
    with db.transaction() as s:
        att = s.execute(sa.select(Attendance).where(Attendance.participant_id == reg[A],
                                                    Attendance.attendance_date == date(2026, 10, 1))).scalar_one()
        att.hours = 6
    listed = json.loads(cli("delivery", "list").out)
    assert [x["state"] for x in listed] == ["ändrat efter leverans"]
    r = cli("delivery", "correction", "--id", str(did), "--out", str(tmp_path / "r.pdf"))
    assert r.code == 0, r
    text = _text((tmp_path / "r.pdf").read_bytes())
    assert "Rättelse" in text and "Som lämnat" in text and "Nu" in text
    assert "8,00" in text and "6,00" in text  # attended hours before and now
    with db.transaction() as s:
        c = delivery.correction(s, did)
        assert [ch.personnummer for ch in c.changed] == [A]
        assert (c.changed[0].old.attended_hours, c.changed[0].new.attended_hours) == (8.0, 6.0)
        corr = delivery.deliver_correction(s, did, tmp_path / "r2.pdf", channel="e-post", delivered_on=date(2026, 11, 5))
        corr_id = corr.id
    with db.reading() as s:
        states = {x.id: x.state for x in delivery.list_deliveries(s, with_status=True)}
    assert states[did] == "levererad"  # the correction carries the latest figures
    assert cli("delivery", "reprint", "--id", str(corr_id), "--out", str(tmp_path / "r3.pdf")).code == 0
    assert (tmp_path / "r3.pdf").read_bytes() == (tmp_path / "r2.pdf").read_bytes()
    # A new absence after the correction marks the month again.
    with db.transaction() as s:
        s.add(Attendance(participant_id=reg[A], attendance_date=date(2026, 10, 20), activity_id=reg["snickeri"],
                         hours=8, absence="OGILTIG"))
    with db.reading() as s:
        assert [x.id for x in delivery.changed_after_delivery(s)] == [did]


def test_caseworker_account_sees_only_her_deliveries_and_acknowledges(db, reg, tmp_path):
    add_accounts(db, reg)
    with db.transaction() as s:
        k = delivery.deliver(s, 2026, 10, caseworker="Karin Berg", delivered_on=date(2026, 11, 3)).id
        lars = delivery.deliver(s, 2026, 10, caseworker="Lars Lund", delivered_on=date(2026, 11, 3)).id
    as_user(db, "karin")
    with db.reading() as s:
        assert [d.id for d in delivery.inbox(s)] == [k]
        with pytest.raises(NotFoundError):
            delivery.get_delivery(s, lars)
        with pytest.raises(PermissionDenied):
            delivery.changed_after_delivery(s)
    with db.transaction() as s:
        path = delivery.open_delivery(s, k, tmp_path / "min.pdf")
    assert "Åberg" in _text(path.read_bytes())
    with pytest.raises(NotFoundError), db.transaction() as s:
        delivery.open_delivery(s, lars, tmp_path / "inte.pdf")
    assert not (tmp_path / "inte.pdf").exists()
    with db.transaction() as s:
        delivery.acknowledge(s, k)
    with pytest.raises(NotFoundError), db.transaction() as s:
        delivery.acknowledge(s, lars)
    # Lars's account sees nothing of Karin's.
    as_user(db, "lars")
    with db.reading() as s:
        assert [d.id for d in delivery.inbox(s)] == [lars]
    as_user(db, "anna")
    with db.reading() as s:
        infos = {d.id: d for d in delivery.list_deliveries(s)}
    assert infos[k].receipt_method == "kvitterad" and infos[k].received_by == "karin"
    assert infos[lars].received_at is None
    with db.transaction() as s:  # the coach records Lars's receipt by hand
        delivery.record_receipt(s, lars, note="Bekräftat per telefon")
    with db.reading() as s:
        assert {d.id: d.receipt_method for d in delivery.list_deliveries(s)} == {k: "kvitterad", lars: "manuellt"}
        receipts = [e for e in audit.entries(s) if e.action == "receipt"]
    assert len(receipts) == 2


def test_reader_cannot_deliver_and_coach_of_0860_sees_no_delivery_of_2260(db, reg, tmp_path):
    add_accounts(db, reg)
    with db.transaction() as s:
        sara = delivery.deliver(s, 2026, 10, caseworker="Sara Ek", delivered_on=date(2026, 11, 3)).id
        karin = delivery.deliver(s, 2026, 10, caseworker="Karin Berg", delivered_on=date(2026, 11, 3)).id
    as_user(db, "lasare")
    with pytest.raises(PermissionDenied), db.transaction() as s:
        delivery.deliver(s, 2026, 10, caseworker="Karin Berg")
    with pytest.raises(PermissionDenied), db.transaction() as s:
        delivery.record_receipt(s, karin)
    as_user(db, "kerstin")
    with db.reading() as s:
        assert [d.id for d in delivery.list_deliveries(s)] == [karin]
        with pytest.raises(NotFoundError):
            delivery.get_delivery(s, sara)
    with pytest.raises(NotFoundError), db.transaction() as s:
        delivery.deliver(s, 2026, 10, caseworker="Sara Ek")
    with pytest.raises(NotFoundError), db.transaction() as s:
        delivery.reprint(s, sara, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_caseworker_without_clients_gets_no_delivery(db, reg, cli, tmp_path):
    r = cli("delivery", "deliver", "--month", "2026-09", "--handlaggare", "Karin Berg", "--out", str(tmp_path / "x.pdf"))
    assert r.code == 2 and "inga klienter" in r.err
    assert not (tmp_path / "x.pdf").exists()


def test_gallring_takes_the_person_out_of_delivered_snapshots(db, reg, tmp_path):
    from ame_desktop.domain.models import Participant, ReportDeliveryPerson

    with db.transaction() as s:
        d = delivery.deliver(s, 2026, 10, caseworker="Karin Berg", delivered_on=date(2026, 11, 3))
        only_a = d.id
        # Give B Karin as caseworker too, so a second delivery holds A and B.
        from ame_desktop.domain.models import RequirementPeriod

        s.execute(sa.update(RequirementPeriod).where(RequirementPeriod.participant_id == reg[B])
                  .values(caseworker_id=reg["Karin Berg"]))
        both = delivery.deliver(s, 2026, 10, caseworker="Karin Berg", delivered_on=date(2026, 11, 4)).id
    with db.transaction() as s:
        delivery.forget_person(s, reg[A])
        s.execute(sa.delete(Participant.__table__).where(Participant.__table__.c.id == reg[A]))
    with db.transaction() as s:
        assert s.get(ReportDelivery, only_a) is None
        row = s.get(ReportDelivery, both)
        assert A not in row.snapshot and "Åberg" not in row.snapshot and B in row.snapshot
        assert row.content_hash == hashlib.sha256(row.snapshot.encode()).hexdigest()
        assert s.execute(sa.select(ReportDeliveryPerson.participant_id)
                         .where(ReportDeliveryPerson.delivery_id == both)).scalars().all() == [reg[B]]
        path = delivery.reprint(s, both, tmp_path / "kvar.pdf")
    data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == row.pdf_hash
    assert "Åberg" not in _text(data) and "Bo Berg" in _text(data)


def test_caseworker_account_on_the_command_line(db, reg, cli, tmp_path, monkeypatch):
    add_accounts(db, reg)
    monkeypatch.setenv("AME_USER", "anna")
    monkeypatch.setenv("AME_PASSWORD", "hemligt-lösen-1")
    monkeypatch.setenv("AME_NEW_PASSWORD", "ett-annat-lösen-2")
    r = cli("account", "add", "sara", "--name", "Sara Ek", "--role", "handläggare ekonomiskt bistånd",
            "--caseworker", "Sara Ek")
    assert r.code == 0, r
    assert cli("account", "add", "nisse", "--role", "handläggare ekonomiskt bistånd").code == 2  # no caseworker
    assert cli("delivery", "deliver", "--month", "2026-10", "--handlaggare", "Sara Ek", "--out",
               str(tmp_path / "s.pdf")).code == 0
    assert cli("delivery", "deliver", "--month", "2026-10", "--handlaggare", "Karin Berg", "--out",
               str(tmp_path / "k.pdf")).code == 0
    monkeypatch.setenv("AME_USER", "sara")
    monkeypatch.setenv("AME_PASSWORD", "ett-annat-lösen-2")
    mine = json.loads(cli("delivery", "list").out)
    assert [d["recipient"] for d in mine] == ["Sara Ek"]
    assert cli("delivery", "open", "--id", str(mine[0]["id"]), "--out", str(tmp_path / "min.pdf")).code == 0
    assert "Märta" in _text((tmp_path / "min.pdf").read_bytes())
    other = 2 if mine[0]["id"] == 1 else 1
    assert cli("delivery", "open", "--id", str(other), "--out", str(tmp_path / "inte.pdf")).code == 2
    assert cli("delivery", "acknowledge", "--id", str(mine[0]["id"])).code == 0
    assert json.loads(cli("delivery", "list").out)[0]["receipt_method"] == "kvitterad"
    for args in (("stats",), ("notices",), ("report", "activity", "--month", "2026-10", "--out", str(tmp_path / "a.json")),
                 ("delivery", "reprint", "--id", str(mine[0]["id"]), "--out", str(tmp_path / "r.pdf"))):
        assert cli(*args).code == 2, args
