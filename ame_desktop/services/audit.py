"""The audit log (loggbok): append-only and tamper-evident.

Every entry's hash = sha256(previous hash, time, actor, action, entity, content digest), where
the content digest covers record id, participant id and details (old and new values). Editing,
deleting or reordering entries breaks the chain; `verify_chain` finds where. Gallring replaces
the identifying content of a deleted person's entries with a pseudonym and marks them; their
digest stays, so the chain still verifies; the run's own entry records which entries it
pseudonymised (count and digest of their ids per pseudonym), so a flag set by hand is found.

A plain hash chain can be recomputed by whoever holds the register, so its head is also
anchored outside it (store.audit_anchor: an anchor file, backups, review files); `verify`
compares the chain with every anchor it can find.

Writers serialise on the single `audit_head` row (updated first in the transaction): two
programs appending at once cannot fork the chain, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.actor import actor_of  # noqa: F401  (older callers use audit.actor_of)
from ame_desktop.domain.audit_review import EntryView, ReviewFinding  # noqa: F401  (the review's types live in domain)
from ame_desktop.domain.models import AuditEntry, AuditHead, Participant
from ame_desktop.store import audit_anchor

GENESIS = "0" * 64
# A monthly review flags an account that opened more participant records than this in a month.
MANY_READS = 200


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
    from ame_desktop.services import protected_reads

    events = protected_reads.with_reasons(s, events)  # a read of a protected person carries its reason
    conn = s.connection()
    head = AuditHead.__table__
    # Take the write lock on the chain's head before reading it. On PostgreSQL staff roles may
    # only insert into the log (store.pg_security): the owner's function locks the head row and
    # a trigger advances it after the insert.
    pg = conn.dialect.name == "postgresql"
    if pg:
        conn.exec_driver_sql("SELECT ame_audit_lock()")
    else:
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
    if pg:  # the trigger ame_audit_advance has moved the head to the new last entry
        last_id = conn.execute(sa.select(head.c.last_id)).scalar_one()
    else:
        last_id = conn.execute(sa.select(sa.func.max(table.c.id))).scalar_one()
        conn.execute(head.update().where(head.c.id == 1).values(last_id=last_id, last_hash=prev))
    s.info["audit_anchor_pending"] = (last_id, prev)
    _anchor_after_commit(s)


def _anchor_after_commit(s: Session) -> None:
    """Once this transaction commits, anchor the chain's head outside the register
    (store.audit_anchor; throttled there). A rolled-back transaction anchors nothing."""
    if s.info.get("audit_anchor_hooked"):
        return
    s.info["audit_anchor_hooked"] = True

    def after_commit(session: Session) -> None:
        pending = session.info.pop("audit_anchor_pending", None)
        if pending is not None:
            bind = session.get_bind()
            audit_anchor.committed(getattr(bind, "engine", bind).url, *pending)

    def after_soft_rollback(session: Session, _previous) -> None:
        # Any rollback, a savepoint's too: the entries may be gone, so anchor nothing of them.
        session.info.pop("audit_anchor_pending", None)

    sa.event.listen(s, "after_commit", after_commit)
    sa.event.listen(s, "after_soft_rollback", after_soft_rollback)


def changes(old: dict, new: dict) -> dict:
    """{field: [old, new]} for the fields that differ (what an update entry records)."""
    return {k: [old.get(k), new.get(k)] for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)}


def pseudonymized_digest(entry_ids) -> str:
    """What a gallring run records (in its own chained entry) about the entries it pseudonymised."""
    return hashlib.sha256(",".join(str(i) for i in sorted(entry_ids)).encode()).hexdigest()


def current_head(s: Session) -> tuple[int, str, datetime | None]:
    """The last entry of the chain: (id, hash, time); (0, GENESIS, None) for an empty log."""
    t = AuditEntry.__table__
    row = s.connection().execute(sa.select(t.c.id, t.c.hash, t.c.at).order_by(t.c.id.desc()).limit(1)).first()
    return (int(row[0]), str(row[1]), row[2]) if row else (0, GENESIS, None)


def anchor_at_start(s: Session) -> None:
    """A register without an anchor file yet (made by an older version, or moved here) gets one
    as soon as the program opens it, not only at its first write."""
    bind = s.get_bind()
    path = audit_anchor.anchor_path(getattr(bind, "engine", bind).url)
    if path is None or path.exists():
        return
    last_id, last_hash, _at = current_head(s)
    if last_id:
        audit_anchor.append(path, last_id, last_hash, "start")


@dataclass
class ChainReport:
    problems: list[str]  # empty = the log is whole
    notes: list[str]  # what was compared, what could not be (not problems)
    entries: int
    anchors_checked: int


def verify_chain(s: Session) -> list[str]:
    """Problems in the chain (empty = intact), in Swedish, naming the entry."""
    return verify(s).problems


def _anchors_from_file(path: Path) -> tuple[list[audit_anchor.Anchor], list[str]]:
    """Anchors in a file given by the user: a backup (SQLite), a log review (.xlsx) or an anchor file."""
    from ame_desktop.domain.errors import UserError

    if not path.is_file():
        raise UserError(f"Filen {path} finns inte.")
    with open(path, "rb") as f:
        magic = f.read(16)
    if magic == b"SQLite format 3\x00":
        head = audit_anchor.head_of_sqlite_file(path)
        if head is None:
            return [], [f"{path.name} har ingen logg att jämföra med."]
        at = head[2] or datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
        return [audit_anchor.Anchor(f"säkerhetskopian {path.name}", at, head[0], head[1], "säkerhetskopia")], []
    if path.suffix.lower() == ".xlsx":
        from ame_desktop.io.audit_review import read_anchor

        found = read_anchor(path)
        if found is None:
            raise UserError(f"{path.name}: hittar ingen rad ”Loggens ankare” i logggranskningen.")
        return [audit_anchor.Anchor(f"logggranskningen {path.name}", found[2], found[0], found[1], "granskning")], []
    anchors, bad = audit_anchor.read_file(path, f"ankarfilen {path.name}")
    if not anchors and bad == 0:
        raise UserError(f"{path.name} är varken en säkerhetskopia, en logggranskning (.xlsx) eller en ankarfil.")
    return anchors, ([f"{bad} rader i {path.name} gick inte att läsa."] if bad else [])


def _backup_anchors(s: Session, register: Path) -> list[audit_anchor.Anchor]:
    """The heads of the automatic backups of a SQLite register (its own copies in their folder)."""
    from ame_desktop.domain.models import Setting

    row = s.get(Setting, "backup_folder")
    folder = Path(row.value) if row is not None and row.value else register.parent / "säkerhetskopior"
    out = []
    try:
        copies = sorted(folder.glob(f"{register.stem}-????-??-??.db"))
    except OSError:
        return []
    for copy in copies:
        head = audit_anchor.head_of_sqlite_file(copy)
        if head is not None:
            at = datetime.fromtimestamp(copy.stat().st_mtime).replace(microsecond=0)
            out.append(audit_anchor.Anchor(f"säkerhetskopian {copy.name}", at, head[0], head[1], "säkerhetskopia"))
    return out


def verify(s: Session, against: list[Path] | tuple = ()) -> ChainReport:
    """The chain itself, gallring's pseudonyms, and the anchors kept outside the register.

    Anchors are read before the chain, so an entry anchored by a program writing right now is
    already committed when the chain is read."""
    problems: list[str] = []
    notes: list[str] = []
    bind = s.get_bind()
    url = getattr(bind, "engine", bind).url
    audit_anchor.flush("kontroll", url)  # what this program wrote itself is anchored first
    anchors: list[audit_anchor.Anchor] = []
    path = audit_anchor.anchor_path(url)
    if path is not None:
        found, bad = audit_anchor.read_file(path)
        anchors.extend(found)
        if bad:
            notes.append(f"{bad} rader i loggankaret {path.name} gick inte att läsa.")
        if not found:
            notes.append(f"Inget loggankare finns ännu ({path}); programmet skriver det när loggen växer.")
        else:
            first = min(found, key=lambda a: a.at)
            notes.append(f"Loggankaret har skrivits sedan {first.at.isoformat(sep=' ')} (loggpost {first.last_id}): "
                         "det som hände med loggen före dess kan bara jämföras med säkerhetskopior och "
                         "granskningar (--against FIL).")
        if url.get_backend_name() == "sqlite":
            anchors.extend(_backup_anchors(s, Path(url.database)))
    for extra in against:
        found, more = _anchors_from_file(Path(extra))
        anchors.extend(found)
        notes.extend(more)
    wanted = {a.last_id for a in anchors if a.last_id > 0}
    hashes: dict[int, str] = {}

    prev = GENESIS
    t = AuditEntry.__table__
    last_id = 0
    count = 0
    marked: dict[str, list[int]] = defaultdict(list)  # pseudonym -> entries marked with it
    runs: dict[str, tuple[int, int | None, str | None]] = {}  # pseudonym -> (gallring entry, count, digest)
    for row in s.connection().execute(sa.select(t).order_by(t.c.id)).mappings():
        count += 1
        if row["prev_hash"] != prev:
            problems.append(f"Loggpost {row['id']}: kedjan är bruten (en tidigare post är ändrad eller borttagen).")
        expected = entry_hash(row["prev_hash"], row["at"], row["actor"], row["action"], row["entity"],
                              row["content_digest"])
        if row["hash"] != expected:
            problems.append(f"Loggpost {row['id']}: posten är ändrad i efterhand.")
        if not row["pseudonymized"]:
            if content_digest(row["record_id"], row["participant_id"], row["details"]) != row["content_digest"]:
                problems.append(f"Loggpost {row['id']}: innehållet är ändrat i efterhand.")
            elif row["action"] == "gallring":
                _note_gallring_run(row, runs)
        else:
            pseudonym = _pseudonym_of(row)
            if pseudonym is None:
                problems.append(f"Loggpost {row['id']}: posten är markerad som gallrad men innehåller ingen "
                                "gallrings pseudonym (innehållet är ändrat i efterhand).")
            else:
                marked[pseudonym].append(row["id"])
        if row["id"] in wanted:
            hashes[row["id"]] = row["hash"]
        prev = row["hash"]
        last_id = row["id"]
    head = s.connection().execute(sa.select(AuditHead.__table__)).mappings().first()
    if head is not None and (head["last_hash"] != prev or head["last_id"] != last_id):
        problems.append("De sista loggposterna saknas (loggen har kortats).")
    problems.extend(_check_pseudonyms(marked, runs))
    checked, anchor_problems = _check_anchors(anchors, hashes, last_id)
    problems.extend(anchor_problems)
    if anchor_problems:
        notes.append("Har registret ersatts med en äldre kopia utan programmets återställning (till exempel "
                     "pg_restore på servern) visar ankarna också det. Är det utrett kan ankarfilen flyttas undan"
                     + (f": {path}." if path is not None else "."))
    if checked:
        newest = max((a for a in anchors), key=lambda a: (a.last_id, a.at))
        notes.append(f"Kedjan jämfördes med {checked} ankare utanför registret (det senaste gäller loggpost "
                     f"{newest.last_id}, {newest.source}, {newest.at.isoformat(sep=' ')}).")
    return ChainReport(problems, notes, count, checked)


def _pseudonym_of(row) -> str | None:
    """A pseudonymised entry holds exactly {"gallrad": pseudonym} and nothing that names anyone."""
    if row["participant_id"] is not None or row["record_id"] is not None:
        return None
    try:
        obj = json.loads(row["details"] or "")
    except ValueError:
        return None
    if not isinstance(obj, dict) or set(obj) != {"gallrad"} or not isinstance(obj["gallrad"], str):
        return None
    return obj["gallrad"]


def _note_gallring_run(row, runs: dict) -> None:
    try:
        obj = json.loads(row["details"] or "")
    except ValueError:
        return
    if not isinstance(obj, dict):
        return
    recorded = obj.get("poster") if isinstance(obj.get("poster"), dict) else {}
    for pseudonym in obj.get("pseudonymer") or []:
        info = recorded.get(pseudonym)
        if isinstance(info, list) and len(info) == 2:
            runs[pseudonym] = (row["id"], int(info[0]), str(info[1]))
        else:  # a gallring before the entries were recorded: only the order can be checked
            runs[pseudonym] = (row["id"], None, None)


def _check_pseudonyms(marked: dict[str, list[int]], runs: dict) -> list[str]:
    problems = []
    for pseudonym, ids in sorted(marked.items()):
        run = runs.get(pseudonym)
        if run is None:
            problems.append(f"Loggpost {ids[0]}: markerad som gallrad med pseudonymen {pseudonym}, men ingen gallring "
                            f"i loggen har använt den ({len(ids)} poster).")
            continue
        run_id, expected_count, digest = run
        late = [i for i in ids if i > run_id]
        if late:
            problems.append(f"Loggpost {late[0]}: markerad som gallrad av gallringen i loggpost {run_id}, "
                            "men skrevs efter den.")
        if digest is not None and (len(ids) != expected_count or pseudonymized_digest(ids) != digest):
            problems.append(f"Pseudonymen {pseudonym}: gallringen i loggpost {run_id} gallrade {expected_count} "
                            f"poster, men {len(ids)} poster är markerade med den nu (bland dem "
                            f"{', '.join(str(i) for i in ids[:10])}): någon har ändrat markeringen i efterhand.")
    for pseudonym, (run_id, expected_count, _digest) in sorted(runs.items()):
        if expected_count and pseudonym not in marked:
            problems.append(f"Pseudonymen {pseudonym}: gallringen i loggpost {run_id} gallrade {expected_count} "
                            "poster, men inga poster är markerade med den nu.")
    return problems


def _check_anchors(anchors: list[audit_anchor.Anchor], hashes: dict[int, str], last_id: int) -> tuple[int, list[str]]:
    """Each anchor's entry must still exist with the same hash. A restore of an older backup
    (an anchor line "återställning") retires the anchors of entries after the restored head."""
    restores = [a for a in anchors if a.event == audit_anchor.RESTORE]
    checked = 0
    failing: dict[str, list[str]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()
    for a in sorted(anchors, key=lambda a: (a.at, a.last_id)):
        if a.last_id <= 0:
            continue
        if any(r.at >= a.at and r.last_id < a.last_id and r is not a for r in restores):
            continue
        checked += 1
        if (a.source, a.last_id) in seen:  # one message per entry and place
            continue
        seen.add((a.source, a.last_id))
        when = a.at.isoformat(sep=" ")
        have = hashes.get(a.last_id)
        if have is None:
            failing[a.source].append(
                f"Loggpost {a.last_id} saknas i registret, men {a.source} från {when} visar att loggen hade den "
                f"(nu {'finns ingen loggpost' if last_id == 0 else f'slutar loggen vid post {last_id}'}): "
                "loggen har kortats eller raderats i efterhand.")
        elif have != a.last_hash:
            failing[a.source].append(
                f"Loggpost {a.last_id} har en annan kontrollsumma än i {a.source} från {when}: "
                "loggen har skrivits om i efterhand.")
    problems = []
    for source, texts in failing.items():
        problems.extend(texts[:3])
        if len(texts) > 3:
            problems.append(f"… och {len(texts) - 3} ankare till i {source} stämmer inte.")
    return checked, problems


def entries(s: Session, *, since: date | None = None, until: date | None = None, actor: str | None = None,
            participant_id: int | None = None, action: str | None = None, limit: int = 5000) -> list[EntryView]:
    """The log's entries, newest first: administrators only (the log names who read whom)."""
    from ame_desktop.services import authz

    authz.require_admin(s, "läsa loggen")
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
    from ame_desktop.services import protected_reads

    # Protected identity: contact details in old and new values are shown only to the named staff.
    return protected_reads.redact_entries(s, [EntryView(**row) for row in s.connection().execute(q).mappings()])


def review(s: Session, year: int, month: int) -> list[ReviewFinding]:
    """The monthly log review: accounts that read many records, and reads of participants who
    are not the reader's own (another coach's, or no coach's). Administrators only."""
    from ame_desktop.domain.dates import month_bounds
    from ame_desktop.services import authz

    authz.require_admin(s, "granska loggen")
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
    """Reads per account since a day (who read how much): administrators only."""
    from ame_desktop.services import authz

    authz.require_admin(s, "granska loggen")
    t = AuditEntry.__table__
    rows = s.connection().execute(sa.select(t.c.actor).where(
        t.c.action == "read", t.c.at >= datetime.combine(since, datetime.min.time()))).scalars()
    return Counter(rows)


def record_export(db, what: str, details: object = None) -> None:
    """An export left the program (a file with personal data or figures): who, when, what."""
    with db.transaction() as s:
        record(s, "export", what, None, None, details)


def latest_change_id(s: Session, by_others: bool = False) -> int | None:
    """The id of the newest entry that is not a read: every change writes one, so a window can
    tell whether anything changed since it last looked (no personal data). `by_others`: only
    changes of other actors than the session's (one's own save is no news)."""
    t = AuditEntry.__table__
    conn = s.connection()
    if conn.dialect.name == "postgresql" and conn.exec_driver_sql(  # a staff role reads only its own entries
            "SELECT to_regprocedure('ame_latest_change(text, boolean)') IS NOT NULL").scalar():  # (store.pg_security)
        return conn.execute(sa.text("SELECT ame_latest_change(:me, :others)"),
                            {"me": actor_of(s).name, "others": by_others}).scalar()
    q = sa.select(sa.func.max(t.c.id)).where(t.c.action != "read")
    if by_others:
        q = q.where(t.c.actor != actor_of(s).name)
    return s.connection().execute(q).scalar()
