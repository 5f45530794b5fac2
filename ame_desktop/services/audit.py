"""The audit log (loggbok): append-only and tamper-evident.

Every entry's hash = sha256(previous hash, time, actor, action, entity, content digest), where
the content digest covers record id, participant id and details (old and new values). Editing,
deleting or reordering entries breaks the chain; `verify_chain` finds where. Gallring replaces
the identifying content of a deleted person's entries with a pseudonym and marks them; their
digest stays, so the chain still verifies.

Writers serialise on the single `audit_head` row (updated first in the transaction): two
programs appending at once cannot fork the chain, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.actor import Actor, system_actor
from ame_desktop.domain.models import AuditEntry, AuditHead, Participant

GENESIS = "0" * 64
# A monthly review flags an account that opened more participant records than this in a month.
MANY_READS = 200


def actor_of(s: Session) -> Actor:
    return s.info.get("actor") or system_actor()


def _json(value: object) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def content_digest(record_id: str | None, participant_id: int | None, details: str | None) -> str:
    text = json.dumps([record_id, participant_id, details], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def entry_hash(prev_hash: str, at: datetime, actor: str, action: str, entity: str, digest: str) -> str:
    text = "\x1f".join([prev_hash, at.isoformat(), actor, action, entity, digest])
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Event:
    action: str
    entity: str
    record_id: object = None
    participant_id: int | None = None
    details: object = None


def record(s: Session, action: str, entity: str, record_id: object = None, participant_id: int | None = None,
           details: object = None) -> None:
    record_many(s, [Event(action, entity, record_id, participant_id, details)])


def record_many(s: Session, events: list[Event]) -> None:
    """Append entries in the caller's transaction (they commit or roll back with the change)."""
    if not events:
        return
    conn = s.connection()
    head = AuditHead.__table__
    # Take the write lock on the chain's head before reading it.
    conn.execute(head.update().where(head.c.id == 1).values(last_id=head.c.last_id))
    last = conn.execute(sa.select(head.c.last_hash)).scalar_one_or_none()
    if last is None:  # a register created before the head row existed
        conn.execute(head.insert().values(id=1, last_id=0, last_hash=GENESIS))
        last = GENESIS
    actor = actor_of(s).name
    at = datetime.now().replace(microsecond=0)
    rows = []
    prev = last
    for e in events:
        rid = None if e.record_id is None else str(e.record_id)
        details = e.details if isinstance(e.details, str) or e.details is None else _json(e.details)
        digest = content_digest(rid, e.participant_id, details)
        h = entry_hash(prev, at, actor, e.action, e.entity, digest)
        rows.append({"at": at, "actor": actor, "action": e.action, "entity": e.entity, "record_id": rid,
                     "participant_id": e.participant_id, "details": details, "content_digest": digest,
                     "pseudonymized": False, "prev_hash": prev, "hash": h})
        prev = h
    table = AuditEntry.__table__
    conn.execute(table.insert(), rows)
    last_id = conn.execute(sa.select(sa.func.max(table.c.id))).scalar_one()
    conn.execute(head.update().where(head.c.id == 1).values(last_id=last_id, last_hash=prev))


def changes(old: dict, new: dict) -> dict:
    """{field: [old, new]} for the fields that differ (what an update entry records)."""
    return {k: [old.get(k), new.get(k)] for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)}


def verify_chain(s: Session) -> list[str]:
    """Problems in the chain (empty = intact), in Swedish, naming the entry."""
    problems: list[str] = []
    prev = GENESIS
    t = AuditEntry.__table__
    last_id = 0
    for row in s.connection().execute(sa.select(t).order_by(t.c.id)).mappings():
        if row["prev_hash"] != prev:
            problems.append(f"Loggpost {row['id']}: kedjan är bruten (en tidigare post är ändrad eller borttagen).")
        expected = entry_hash(row["prev_hash"], row["at"], row["actor"], row["action"], row["entity"],
                              row["content_digest"])
        if row["hash"] != expected:
            problems.append(f"Loggpost {row['id']}: posten är ändrad i efterhand.")
        if not row["pseudonymized"] and content_digest(row["record_id"], row["participant_id"],
                                                        row["details"]) != row["content_digest"]:
            problems.append(f"Loggpost {row['id']}: innehållet är ändrat i efterhand.")
        prev = row["hash"]
        last_id = row["id"]
    head = s.connection().execute(sa.select(AuditHead.__table__)).mappings().first()
    if head is not None and (head["last_hash"] != prev or head["last_id"] != last_id):
        problems.append("De sista loggposterna saknas (loggen har kortats).")
    return problems


@dataclass
class EntryView:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    record_id: str | None
    participant_id: int | None
    details: str | None


def entries(s: Session, *, since: date | None = None, until: date | None = None, actor: str | None = None,
            participant_id: int | None = None, action: str | None = None, limit: int = 5000) -> list[EntryView]:
    t = AuditEntry.__table__
    q = sa.select(t.c.id, t.c.at, t.c.actor, t.c.action, t.c.entity, t.c.record_id, t.c.participant_id,
                  t.c.details).order_by(t.c.id.desc()).limit(limit)
    if since:
        q = q.where(t.c.at >= datetime.combine(since, datetime.min.time()))
    if until:
        q = q.where(t.c.at <= datetime.combine(until, datetime.max.time()))
    if actor:
        q = q.where(t.c.actor == actor)
    if participant_id is not None:
        q = q.where(t.c.participant_id == participant_id)
    if action:
        q = q.where(t.c.action == action)
    return [EntryView(**row) for row in s.connection().execute(q).mappings()]


@dataclass
class ReviewFinding:
    actor: str
    kind: str  # "många" | "utanför"
    count: int
    text: str


def review(s: Session, year: int, month: int) -> list[ReviewFinding]:
    """The monthly log review: accounts that read many records, and reads of participants who
    are not the reader's own (another coach's, or no coach's)."""
    from ame_desktop.domain.dates import month_bounds
    from ame_desktop.domain.models import StaffMember

    first, last = month_bounds(year, month)
    t = AuditEntry.__table__
    reads = s.connection().execute(
        sa.select(t.c.actor, t.c.participant_id).where(
            t.c.action == "read", t.c.participant_id.is_not(None),
            t.c.at.between(datetime.combine(first, datetime.min.time()), datetime.combine(last, datetime.max.time())))
    ).all()
    per_actor: dict[str, set[int]] = defaultdict(set)
    for actor, pid in reads:
        per_actor[actor].add(pid)
    coach_of = dict(s.connection().execute(sa.select(Participant.id, Participant.staff_id)).all())
    staff_by_username = {u: i for i, u in s.connection().execute(
        sa.select(StaffMember.id, StaffMember.username).where(StaffMember.username.is_not(None))).all()}
    out: list[ReviewFinding] = []
    for actor, people in sorted(per_actor.items()):
        if len(people) > MANY_READS:
            out.append(ReviewFinding(actor, "många", len(people),
                                     f"{actor} öppnade {len(people)} olika deltagares uppgifter under månaden."))
        own = staff_by_username.get(actor)
        if own is not None:
            others = [p for p in people if coach_of.get(p) != own]
            if others:
                out.append(ReviewFinding(actor, "utanför", len(others),
                                         f"{actor} öppnade {len(others)} deltagare som har en annan eller ingen "
                                         "handledare."))
    return out


def read_counts(s: Session, since: date) -> Counter:
    t = AuditEntry.__table__
    rows = s.connection().execute(sa.select(t.c.actor).where(
        t.c.action == "read", t.c.at >= datetime.combine(since, datetime.min.time()))).scalars()
    return Counter(rows)


def record_export(db, what: str, details: object = None) -> None:
    """An export left the program (a file with personal data or figures): who, when, what."""
    with db.transaction() as s:
        record(s, "export", what, None, None, details)
