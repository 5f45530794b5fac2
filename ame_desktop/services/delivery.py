"""The delivery record ("Lämna till handläggaren"), receipts, changes after delivery and
correction reports (rättelse), issue 17.

- `deliver` computes the month's report for one caseworker's clients (or some of them), stores
  the exact content (`snapshot`: the report's dataclasses in a lossless JSON form) with its
  SHA-256 (`content_hash`), renders the PDF from the snapshot (fixed metadata: reportlab's
  invariant mode, the delivery date as print date) and stores the PDF's SHA-256 (`pdf_hash`).
- `reprint` renders the stored snapshot again: the same bytes (checked against `pdf_hash`).
- A person's *delivered figures* are hashed per person (`report_delivery_person.entry_hash`:
  every figure and day list of the entry, not names). When the month computed now gives another
  hash for a person than the latest delivery to that caseworker did (a corrected hour, a new
  absence, a removed period), the delivery is "ändrat efter leverans"; `correction` shows the
  old and new figures side by side and `deliver_correction` hands it over as a new delivery
  (kind `rättelse`) that then counts as the latest figures.
- Receipts: a caseworker account acknowledges (kvitterar) a delivery to her (`acknowledge`,
  method `kvitterad`); on a single-PC register the coach records the receipt by hand
  (`record_receipt`, method `manuellt`). Both are in the record and in the audit log.
- Who sees a delivery: the caseworker account only those to her; staff only deliveries whose
  every person they may see.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.errors import NotFoundError, UserError
from ame_desktop.domain.models import Participant, ReportDelivery, ReportDeliveryPerson, SocialCaseworker
from ame_desktop.services import audit, authz
from ame_desktop.services.snapshot_codec import decode, dump, encode, report_classes, sha256

CHANNELS = ("e-post", "utskrift", "säker e-post", "annat")
CHANNEL_LABELS = {"e-post": "E-post", "utskrift": "Utskrift", "säker e-post": "Säker e-post", "annat": "Annat"}
KIND_REPORT, KIND_CORRECTION = "månadsrapport", "rättelse"
STATE_DELIVERED, STATE_CHANGED, STATE_RECEIVED = "levererad", "ändrat efter leverans", "kvitterad"
# Not part of what is compared after delivery: names and labels, not figures.
_NOT_FIGURES = {"participant_id", "name", "staff", "municipality", "caseworker", "caseworker_id", "municipality_code",
                "personnummer"}


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def entry_hash(person) -> str:
    """SHA-256 over the figures and day lists of one report entry (not names)."""
    data = encode(person)["f"]
    return sha256(dump({k: v for k, v in data.items() if k not in _NOT_FIGURES}))


def _check_channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise UserError(f"Kanalen ska vara en av: {', '.join(CHANNELS)} (inte ”{channel}”).")
    return channel


def _caseworker(s: Session, caseworker, municipality: str | None = None) -> SocialCaseworker:
    from ame_desktop.services.recipients import _caseworker as find

    return find(s, caseworker, municipality)


# --- delivering -------------------------------------------------------------------------------
def deliver(s: Session, year: int, month: int, out: Path | None = None, *, caseworker, channel: str = "e-post",
            delivered_on: date | None = None, participant_ids: list[int] | None = None,
            municipality: str | None = None) -> ReportDelivery:
    """Hand the month's report for a caseworker's clients (or the chosen ones among them) over;
    writes the PDF to `out` when given. Returns the recorded delivery."""
    from ame_desktop.services.recipients import report_for_caseworker
    from ame_desktop.services.settings import get_setting

    actor = authz.require_write(s)
    _check_channel(channel)
    cw = _caseworker(s, caseworker, municipality)
    report = report_for_caseworker(s, year, month, cw)
    if participant_ids is not None:
        chosen = set(participant_ids)
        report = dataclasses.replace(report, participants=[p for p in report.participants
                                                           if p.participant_id in chosen])
    if not report.participants:
        raise UserError(f"{cw.name} har inga klienter med aktivitetskrav i {report.label} att lämna rapport om.")
    for p in report.participants:
        authz.check_participant(s, p.participant_id, write=True)
    delivered_on = delivered_on or date.today()
    snap = {"kind": KIND_REPORT, "month": report.label, "recipient": {"id": cw.id, "name": cw.name,
                                                                       "unit": cw.unit, "email": cw.email},
            "delivered_on": delivered_on.isoformat(), "channel": channel, "delivered_by": actor.name,
            "unit_name": get_setting(s, "unit_name"), "report": encode(report)}
    return _record(s, snap, cw, report.label, [(p.participant_id, entry_hash(p)) for p in report.participants], out)


def _record(s: Session, snap: dict, cw: SocialCaseworker, month: str, persons: list[tuple[int, str]],
            out: Path | None, corrects: int | None = None) -> ReportDelivery:
    body = dump(snap)
    pdf = render(snap)
    row = ReportDelivery(kind=snap["kind"], month=month, caseworker_id=cw.id, recipient=cw.name,
                         delivered_on=date.fromisoformat(snap["delivered_on"]), channel=snap["channel"],
                         delivered_at=_now(), delivered_by=snap["delivered_by"], content_hash=sha256(body),
                         pdf_hash=sha256(pdf), snapshot=body, corrects_id=corrects)
    s.add(row)
    s.flush()
    s.add_all([ReportDeliveryPerson(delivery_id=row.id, participant_id=pid, entry_hash=h) for pid, h in persons])
    s.flush()
    audit.record_many(s, [audit.Event("deliver", "report_delivery", row.id, pid, {
        "slag": row.kind, "månad": month, "mottagare": cw.name, "kanal": row.channel,
        "datum": row.delivered_on.isoformat(), "kontrollsumma": row.content_hash}) for pid, _ in persons])
    if out is not None:
        _write(out, pdf)
    return row


def render(snap: dict) -> bytes:
    """The PDF of a snapshot: same snapshot, same bytes (reportlab invariant mode)."""
    import tempfile

    from reportlab import rl_config

    saved = rl_config.invariant
    rl_config.invariant = 1
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "leverans.pdf"
            if snap["kind"] == KIND_CORRECTION:
                from ame_desktop.io.delivery import write_correction_pdf

                write_correction_pdf(_correction_from_snapshot(snap), path)
            else:
                from ame_desktop.io.activity_report import write_activity_report

                report = decode(snap["report"], report_classes())
                write_activity_report(report, path, unit_name=snap.get("unit_name") or "",
                                      printed_by=snap["delivered_by"], today=date.fromisoformat(snap["delivered_on"]),
                                      heading=_heading(snap))
            return path.read_bytes()
    finally:
        rl_config.invariant = saved


def _heading(snap: dict) -> str:
    return f"Lämnad till {snap['recipient']['name']} {snap['delivered_on']} ({snap['channel']})"


def _write(out: Path, data: bytes) -> Path:
    from ame_desktop.io.files import atomic_output

    return atomic_output(Path(out), (".pdf",), lambda tmp: tmp.write_bytes(data), what="Rapporten")


# --- reading the record -----------------------------------------------------------------------
def _visible_deliveries(s: Session):
    """A condition on ReportDelivery for the deliveries the actor may see."""
    a = authz.actor(s)
    if a.is_caseworker:
        return ReportDelivery.caseworker_id == (a.caseworker_id if a.caseworker_id is not None else -1)
    hidden = (sa.select(ReportDeliveryPerson.delivery_id)
              .where(ReportDeliveryPerson.participant_id.not_in(authz.visible_ids(s))))
    return ReportDelivery.id.not_in(hidden)


def get_delivery(s: Session, delivery_id: int) -> ReportDelivery:
    row = s.execute(sa.select(ReportDelivery).where(ReportDelivery.id == delivery_id,
                                                    _visible_deliveries(s))).scalar()
    if row is None:
        raise NotFoundError(f"Leverans {delivery_id} finns inte.")
    return row


@dataclass
class DeliveryInfo:
    id: int
    kind: str
    month: str
    recipient: str
    caseworker_id: int | None
    delivered_on: date
    channel: str
    delivered_by: str
    content_hash: str
    persons: int
    received_at: datetime | None
    received_by: str | None
    receipt_method: str | None
    corrects_id: int | None
    changed: bool | None = None  # None = not checked
    changed_persons: list[int] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.changed:
            return STATE_CHANGED
        return STATE_RECEIVED if self.received_at else STATE_DELIVERED

    def as_json(self) -> dict:
        return {"id": self.id, "kind": self.kind, "month": self.month, "recipient": self.recipient,
                "delivered_on": self.delivered_on.isoformat(), "channel": self.channel,
                "delivered_by": self.delivered_by, "content_hash": self.content_hash, "persons": self.persons,
                "received_at": self.received_at.isoformat() if self.received_at else None,
                "received_by": self.received_by, "receipt_method": self.receipt_method,
                "corrects": self.corrects_id, "state": self.state}


def list_deliveries(s: Session, *, month: str | None = None, caseworker_id: int | None = None,
                    with_status: bool = False) -> list[DeliveryInfo]:
    d = ReportDelivery
    count = (sa.select(sa.func.count()).where(ReportDeliveryPerson.delivery_id == d.id).scalar_subquery())
    q = (sa.select(d.id, d.kind, d.month, d.recipient, d.caseworker_id, d.delivered_on, d.channel, d.delivered_by,
                   d.content_hash, count, d.received_at, d.received_by, d.receipt_method, d.corrects_id)
         .where(_visible_deliveries(s)).order_by(d.delivered_on.desc(), d.id.desc()))
    if month:
        q = q.where(d.month == month)
    if caseworker_id is not None:
        q = q.where(d.caseworker_id == caseworker_id)
    rows = [DeliveryInfo(*r) for r in s.execute(q)]
    if with_status and not authz.actor(s).is_caseworker:
        for info in rows:
            if info.kind == KIND_REPORT:
                info.changed_persons = [c.participant_id for c in _changes(s, info.id)]
                info.changed = bool(info.changed_persons)
    return rows


def inbox(s: Session) -> list[DeliveryInfo]:
    """The caseworker account's own deliveries (the only thing she sees)."""
    a = authz.require_caseworker(s)
    return list_deliveries(s, caseworker_id=a.caseworker_id)


def open_delivery(s: Session, delivery_id: int, out: Path) -> Path:
    """Write the delivered document (the caseworker opens it; staff reprint it); recorded as a read."""
    row = get_delivery(s, delivery_id)
    data = render(json.loads(row.snapshot))
    if sha256(data) != row.pdf_hash:
        # The program's PDF library changed since the delivery: the content is still the stored one.
        audit.record(s, "read", "report_delivery", row.id, details={"obs": "pdf skiljer sig i bytes"})
    path = _write(out, data)
    persons = s.execute(sa.select(ReportDeliveryPerson.participant_id)
                        .where(ReportDeliveryPerson.delivery_id == row.id)).scalars().all()
    audit.record_many(s, [audit.Event("read", "report_delivery", row.id, pid, {"fil": path.name}) for pid in persons])
    return path


def reprint(s: Session, delivery_id: int, out: Path) -> Path:
    """The delivered report again, byte for byte (staff; the caseworker uses open_delivery)."""
    authz.refuse_caseworker(s)
    return open_delivery(s, delivery_id, out)


def acknowledge(s: Session, delivery_id: int, note: str | None = None) -> ReportDelivery:
    """The caseworker account acknowledges (kvitterar) a delivery to her."""
    a = authz.require_caseworker(s)
    row = get_delivery(s, delivery_id)
    if row.received_at is not None:
        raise UserError(f"Leverans {delivery_id} är redan kvitterad ({row.received_at:%Y-%m-%d %H:%M}).")
    row.received_at, row.received_by, row.receipt_method = _now(), a.name, "kvitterad"
    row.receipt_note = (note or "").strip()[:500] or None
    s.flush()
    audit.record(s, "receipt", "report_delivery", row.id, details={"sätt": "kvitterad", "av": a.name})
    return row


def record_receipt(s: Session, delivery_id: int, *, note: str | None = None,
                   received_at: datetime | None = None) -> ReportDelivery:
    """The coach records by hand that the caseworker received the delivery (single-PC register)."""
    a = authz.require_write(s)
    row = get_delivery(s, delivery_id)
    if row.received_at is not None:
        raise UserError(f"Leverans {delivery_id} är redan kvitterad ({row.received_at:%Y-%m-%d %H:%M}).")
    row.received_at, row.received_by, row.receipt_method = received_at or _now(), a.name, "manuellt"
    row.receipt_note = (note or "").strip()[:500] or None
    s.flush()
    audit.record(s, "receipt", "report_delivery", row.id, details={"sätt": "manuellt", "av": a.name,
                                                                   "anteckning": row.receipt_note})
    return row


# --- changes after delivery, corrections ----------------------------------------------------------
@dataclass
class PersonChange:
    participant_id: int
    personnummer: str
    name: str
    old: object  # PersonMonth as delivered last
    new: object | None  # PersonMonth now (None: no longer in the month's report)


@dataclass
class Correction:
    delivery_id: int
    month: str
    recipient: str
    caseworker_id: int | None
    original_on: date
    original_channel: str
    changed: list[PersonChange]
    unit_name: str = ""
    delivered_on: date | None = None
    channel: str | None = None


def _latest_delivered(s: Session, row: ReportDelivery) -> dict[int, object]:
    """participant id → the PersonMonth last delivered (the original or a later correction)."""
    classes = report_classes()
    report = decode(json.loads(row.snapshot)["report"], classes)
    latest = {p.participant_id: p for p in report.participants}
    for corr in s.execute(sa.select(ReportDelivery).where(ReportDelivery.corrects_id == row.id)
                          .order_by(ReportDelivery.id)).scalars():
        for item in json.loads(corr.snapshot)["persons"]:
            if item["new"] is not None:
                p = decode(item["new"], classes)
                latest[p.participant_id] = p
            else:  # the correction told that the person is no longer in the month's report
                latest[item["participant_id"]] = _Gone(latest[item["participant_id"]])
    return latest


@dataclass
class _Gone:
    """A person a correction reported as no longer in the month (compared as absent)."""

    before: object

    @property
    def personnummer(self) -> str:
        return self.before.personnummer


def _changes(s: Session, delivery_id: int) -> list[PersonChange]:
    from ame_desktop.services.activity_report import monthly_report
    from ame_desktop.services.activity_report import parse_month

    row = get_delivery(s, delivery_id)
    latest = _latest_delivered(s, row)
    # Only the people still in the register (gallring removes people; their deliveries stay).
    ids = set(s.execute(sa.select(Participant.id).where(Participant.id.in_(list(latest)))).scalars())
    if not ids:
        return []
    year, month = parse_month(row.month)
    now = {p.participant_id: p for p in monthly_report(s, year, month, participant_ids=sorted(ids)).participants}
    out = []
    for pid in sorted(ids, key=lambda i: latest[i].personnummer):
        old, new = latest[pid], now.get(pid)
        if isinstance(old, _Gone):
            if new is None:
                continue
            old = old.before
        if new is None or entry_hash(new) != entry_hash(old):
            out.append(PersonChange(pid, old.personnummer, old.name, old, new))
    return out


def changed_after_delivery(s: Session, month: str | None = None) -> list[DeliveryInfo]:
    """Deliveries whose month has changed since (the coach is offered a correction)."""
    authz.refuse_caseworker(s)
    return [d for d in list_deliveries(s, month=month, with_status=True) if d.changed]


def correction(s: Session, delivery_id: int) -> Correction:
    from ame_desktop.services.settings import get_setting

    authz.refuse_caseworker(s)
    row = get_delivery(s, delivery_id)
    if row.kind != KIND_REPORT:
        raise UserError(f"Leverans {delivery_id} är själv en rättelse; välj den ursprungliga rapporten.")
    return Correction(row.id, row.month, row.recipient, row.caseworker_id, row.delivered_on, row.channel,
                      _changes(s, delivery_id), unit_name=get_setting(s, "unit_name"))


def _correction_snapshot(c: Correction, delivered_on: date, channel: str, by: str) -> dict:
    return {"kind": KIND_CORRECTION, "month": c.month, "corrects": c.delivery_id,
            "recipient": {"id": c.caseworker_id, "name": c.recipient}, "original_on": c.original_on.isoformat(),
            "original_channel": c.original_channel, "delivered_on": delivered_on.isoformat(), "channel": channel,
            "delivered_by": by, "unit_name": c.unit_name,
            "persons": [{"participant_id": ch.participant_id, "personnummer": ch.personnummer, "name": ch.name,
                         "old": encode(ch.old), "new": encode(ch.new) if ch.new is not None else None}
                        for ch in c.changed]}


def _correction_from_snapshot(snap: dict) -> Correction:
    classes = report_classes()
    return Correction(
        snap["corrects"], snap["month"], snap["recipient"]["name"], snap["recipient"].get("id"),
        date.fromisoformat(snap["original_on"]), snap["original_channel"],
        [PersonChange(p["participant_id"], p["personnummer"], p["name"], decode(p["old"], classes),
                      decode(p["new"], classes) if p["new"] is not None else None) for p in snap["persons"]],
        unit_name=snap.get("unit_name") or "", delivered_on=date.fromisoformat(snap["delivered_on"]),
        channel=snap["channel"])


def write_correction(db, c: Correction, out: Path) -> Path:
    """The correction as a draft PDF/xlsx (not delivered): shows old and new side by side."""
    from ame_desktop.io.delivery import write_correction_file

    path = write_correction_file(c, out)
    with db.transaction() as s:
        audit.record_many(s, [audit.Event("export", "correction", c.delivery_id, ch.participant_id,
                                          {"fil": path.name}) for ch in c.changed]
                          or [audit.Event("export", "correction", c.delivery_id, None, {"fil": path.name})])
    return path


def deliver_correction(s: Session, delivery_id: int, out: Path | None = None, *, channel: str = "e-post",
                       delivered_on: date | None = None) -> ReportDelivery:
    """Hand the correction over: a new delivery (kind rättelse) with old and new figures."""
    actor = authz.require_write(s)
    _check_channel(channel)
    c = correction(s, delivery_id)
    if not c.changed:
        raise UserError(f"Inget har ändrats i {c.month} sedan leverans {delivery_id}; ingen rättelse behövs.")
    for ch in c.changed:
        authz.check_participant(s, ch.participant_id, write=True)
    cw = s.get(SocialCaseworker, c.caseworker_id) if c.caseworker_id else None
    if cw is None:
        raise UserError("Handläggaren finns inte längre i registret; rättelsen kan inte lämnas.")
    snap = _correction_snapshot(c, delivered_on or date.today(), channel, actor.name)
    persons = [(ch.participant_id, entry_hash(ch.new) if ch.new is not None else "") for ch in c.changed]
    return _record(s, snap, cw, c.month, persons, out, corrects=delivery_id)


# --- gallring --------------------------------------------------------------------------------------
def forget_person(s: Session, participant_id: int) -> int:
    """Gallring: take a deleted person out of every delivered snapshot. A delivery left with
    nobody is deleted; the others keep the rest of their content with new hashes (the record
    says how many people were removed). Returns the number of deliveries touched. Called by
    services/gallring.run within its transaction (already checked: administrator)."""
    ids = s.execute(sa.select(ReportDeliveryPerson.delivery_id)
                    .where(ReportDeliveryPerson.participant_id == participant_id)).scalars().all()
    for did in ids:
        row = s.get(ReportDelivery, did)
        snap = json.loads(row.snapshot)
        if snap["kind"] == KIND_CORRECTION:
            snap["persons"] = [p for p in snap["persons"] if p["participant_id"] != participant_id]
            left = len(snap["persons"])
        else:
            parts = snap["report"]["f"]["participants"]
            snap["report"]["f"]["participants"] = [p for p in parts if p["f"]["participant_id"] != participant_id]
            left = len(snap["report"]["f"]["participants"])
        if not left:
            s.execute(sa.update(ReportDelivery).where(ReportDelivery.corrects_id == did).values(corrects_id=None))
            s.delete(row)
            continue
        snap["gallrade"] = int(snap.get("gallrade", 0)) + 1
        body = dump(snap)
        row.snapshot, row.content_hash, row.pdf_hash = body, sha256(body), sha256(render(snap))
    s.flush()
    return len(ids)
