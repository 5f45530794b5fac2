"""Prompt notices to the caseworker ("Att underrätta handläggaren"), issue 17.

What is waiting, per person with a requirement (a non-exempt requirement period on the day):
- `ogiltig`: every working day with absence without a reported reason (OGILTIG), hours summed;
- `franvaro_i_rad`: a run of at least `notice_absent_days` (3) consecutive working days on which
  the person was registered absent only (absence codes OGILTIG, SJUK, SJUK_INTYG, VAB, VARD,
  MYNDIGHET; not INSTALLD — the unit's own cancellation —, ARBETE, INTERVJU or BEVILJAD);
  a working day with hours present, or with nothing registered, ends the run;
- `sjuk_utan_intyg`: a run of consecutive working days with SJUK (without certificate) longer
  than `sick_without_certificate_days` (7).
An item is waiting until a notice that told it has been marked sent (a day: person, kind, day;
"since the last notice" so also catches an absence registered late). A run is told once: a run
that overlaps one already told is not told again, also when it has grown.

Facts only: a notice says what was registered and that the assessment of acceptable reasons is
the nämnd's.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ame_desktop.domain import codes
from ame_desktop.domain.absence_notices import (  # noqa: F401  (the notices' types, labels and text live in domain)
    CHANNELS, KIND_LABELS, KIND_OGILTIG, KIND_RUN, KIND_SICK, RUN_CODES, Item, PendingNotice, as_json, notice_text,
)
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import (
    AbsenceNotice,
    AbsenceNoticeItem,
    Activity,
    Attendance,
    Participant,
    RequirementPeriod,
    SocialCaseworker,
)
from ame_desktop.domain.workdays import working_days
from ame_desktop.services import audit, authz


@dataclass
class NoticeRules:
    absent_days: int
    sick_days: int


def rules(s: Session) -> NoticeRules:
    from ame_desktop.services.settings import get_setting

    return NoticeRules(int(get_setting(s, "notice_absent_days")), int(get_setting(s, "sick_without_certificate_days")))


def _runs(days: list[date], ok) -> list[list[date]]:
    """Maximal runs of consecutive working days (in `days`, sorted) for which ok(day) holds."""
    out, cur = [], []
    for d in days:
        if ok(d):
            cur.append(d)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def pending_notices(s: Session, participant_ids: list[int] | None = None) -> list[PendingNotice]:
    """Everything waiting to be told, one entry per person, sorted by personnummer."""
    authz.refuse_caseworker(s)
    r = rules(s)
    rp = RequirementPeriod
    q = (sa.select(rp.participant_id, rp.start_date, rp.end_date, rp.caseworker_id)
         .join(Participant, Participant.id == rp.participant_id)
         .where(rp.exemption.is_(None), authz.visible(s)))
    if participant_ids is not None:
        q = q.where(rp.participant_id.in_(participant_ids))
    periods: dict[int, list[tuple[date, date | None, int | None]]] = defaultdict(list)
    for pid, a, b, cw in s.execute(q):
        periods[pid].append((a, b, cw))
    if not periods:
        return []
    ids = sorted(periods)
    # Per person and day: absence codes and hours, present hours.
    a = Attendance
    absent: dict[int, dict[date, dict[str, float]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(float)))
    present: dict[int, set[date]] = defaultdict(set)
    activities: dict[tuple[int, date], list[str]] = defaultdict(list)
    first_day: dict[int, date] = {}
    last_day: dict[int, date] = {}
    # Only absence rows, and the present hours on days that also have an absence (they end a
    # run): a register with millions of hours reads a few per cent of them.
    b = aliased(Attendance)
    same_day_absence = (sa.select(b.id).where(b.participant_id == a.participant_id,
                                              b.attendance_date == a.attendance_date, b.absence.is_not(None))
                        .exists())
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for pid, d in s.execute(sa.select(a.participant_id, a.attendance_date).where(
                a.participant_id.in_(chunk), a.absence.is_(None), a.hours > 0, same_day_absence)):
            present[pid].add(d)
        for pid, d, hours, absence, act in s.execute(
                sa.select(a.participant_id, a.attendance_date, a.hours, a.absence, Activity.name)
                .join(Activity, Activity.id == a.activity_id)
                .where(a.participant_id.in_(chunk), a.absence.is_not(None))
                .order_by(a.participant_id, a.attendance_date, Activity.name)):
            absent[pid][d][absence] += hours
            if absence == codes.NO_REASON_ABSENCE:
                activities[(pid, d)].append(act)
            first_day[pid] = min(first_day.get(pid, d), d)
            last_day[pid] = max(last_day.get(pid, d), d)
    told: set[tuple[int, str, date]] = set()
    told_runs: dict[tuple[int, str], list[tuple[date, date]]] = defaultdict(list)
    if absent:
        for pid, kind, d0, d1 in s.execute(
                sa.select(AbsenceNoticeItem.participant_id, AbsenceNoticeItem.kind, AbsenceNoticeItem.day_from,
                          AbsenceNoticeItem.day_to).where(AbsenceNoticeItem.participant_id.in_(ids))):
            told.add((pid, kind, d0))
            told_runs[(pid, kind)].append((d0, d1))

    def run_told(pid: int, kind: str, run: list[date]) -> bool:
        """A run overlapping one already told is not told again (also when it has grown)."""
        return any(d0 <= run[-1] and run[0] <= d1 for d0, d1 in told_runs.get((pid, kind), ()))

    out: dict[int, PendingNotice] = {}
    cw_of: dict[int, int | None] = {}
    for pid in ids:
        if pid not in absent:
            continue

        def in_requirement(d: date, pid=pid) -> bool:
            return any(p0 <= d and (p1 is None or d <= p1) for p0, p1, _ in periods[pid])

        items: list[Item] = []
        days = [d for d in working_days(first_day[pid], last_day[pid]) if in_requirement(d)]
        by_day = absent[pid]
        for d in days:
            hours = by_day.get(d, {}).get(codes.NO_REASON_ABSENCE)
            if hours and (pid, KIND_OGILTIG, d) not in told:
                items.append(Item(KIND_OGILTIG, d, d, 1, round(hours, 2), ", ".join(activities[(pid, d)])))

        def absent_only(d: date) -> bool:
            codes_today = set(by_day.get(d, {}))
            return bool(codes_today) and codes_today <= RUN_CODES and d not in present[pid]

        for run in _runs(days, absent_only):
            if len(run) >= r.absent_days and not run_told(pid, KIND_RUN, run):
                items.append(Item(KIND_RUN, run[0], run[-1], len(run),
                                  round(sum(sum(by_day[d].values()) for d in run), 2)))

        def sick(d: date) -> bool:
            return "SJUK" in by_day.get(d, {}) and "SJUK_INTYG" not in by_day.get(d, {})

        for run in _runs(days, sick):
            if len(run) > r.sick_days and not run_told(pid, KIND_SICK, run):
                items.append(Item(KIND_SICK, run[0], run[-1], len(run), round(sum(by_day[d]["SJUK"] for d in run), 2)))
        if not items:
            continue
        items.sort(key=lambda i: (i.day_from, i.kind))
        latest = max(i.day_to for i in items)
        covering = [cw for p0, p1, cw in sorted(periods[pid]) if p0 <= latest and (p1 is None or latest <= p1)]
        cw_of[pid] = covering[-1] if covering else None
        out[pid] = PendingNotice(pid, "", "", "", cw_of[pid], None, None, items)
    if not out:
        return []
    for pid, number, first, last, code in s.execute(
            sa.select(Participant.id, Participant.personnummer, Participant.first_name, Participant.last_name,
                      Participant.municipality_code).where(Participant.id.in_(list(out)))):
        n = out[pid]
        n.personnummer, n.name, n.municipality_code = number, f"{first} {last}", code
    cws = {c.id: c for c in s.execute(sa.select(SocialCaseworker).where(
        SocialCaseworker.id.in_([c for c in cw_of.values() if c is not None]))).scalars()}
    for n in out.values():
        cw = cws.get(n.caseworker_id) if n.caseworker_id else None
        if cw is not None:
            n.caseworker, n.caseworker_email = cw.name, cw.email
    return sorted(out.values(), key=lambda n: n.personnummer)


def waiting_count(s: Session) -> int:
    """How many persons have a notice waiting (the start page's figure)."""
    return len(pending_notices(s))



def _snapshot(n: PendingNotice, unit_name: str, sent_on: date, channel: str, threshold: int) -> dict:
    return {"participant_id": n.participant_id, "personnummer": n.personnummer, "name": n.name,
            "municipality": n.municipality_code, "caseworker_id": n.caseworker_id, "caseworker": n.caseworker,
            "unit_name": unit_name, "sent_on": sent_on.isoformat(), "channel": channel,
            "items": [{**asdict(i), "day_from": i.day_from.isoformat(), "day_to": i.day_to.isoformat()}
                      for i in n.items],
            "text": notice_text(n, unit_name, threshold, sent_on)}


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def mark_sent(s: Session, pending: list[PendingNotice], *, channel: str = "e-post", sent_on: date | None = None,
              participant_ids: list[int] | None = None) -> int:
    """Record the notices as sent (date, channel, content); returns how many. Items already told
    meanwhile (another user marked them) are left out."""
    actor = authz.require_write(s)
    if channel not in CHANNELS:
        raise UserError(f"Kanalen ska vara en av: {', '.join(CHANNELS)} (inte ”{channel}”).")
    sent_on = sent_on or date.today()
    from ame_desktop.services.settings import get_setting

    unit = get_setting(s, "unit_name")
    threshold = rules(s).sick_days
    chosen = [n for n in pending if participant_ids is None or n.participant_id in participant_ids]
    fresh = {n.participant_id: n for n in pending_notices(s, [n.participant_id for n in chosen])} if chosen else {}
    count = 0
    for n in chosen:
        authz.check_participant(s, n.participant_id, write=True)
        now = fresh.get(n.participant_id)
        if now is None:
            continue
        keys = {(i.kind, i.day_from) for i in now.items}
        n = PendingNotice(**{**n.__dict__, "items": [i for i in n.items if (i.kind, i.day_from) in keys]})
        if not n.items:
            continue
        snap = _snapshot(n, unit, sent_on, channel, threshold)
        body = _dump(snap)
        row = AbsenceNotice(participant_id=n.participant_id, caseworker_id=n.caseworker_id, recipient=n.caseworker,
                            sent_on=sent_on, channel=channel, sent_at=datetime.now().replace(microsecond=0),
                            sent_by=actor.name, content_hash=hashlib.sha256(body.encode()).hexdigest(), snapshot=body)
        s.add(row)
        s.flush()
        s.add_all([AbsenceNoticeItem(notice_id=row.id, participant_id=n.participant_id, kind=i.kind,
                                     day_from=i.day_from, day_to=i.day_to, hours=i.hours) for i in n.items])
        audit.record(s, "notice", "absence_notice", row.id, n.participant_id, {
            "kanal": channel, "skickad": sent_on.isoformat(), "mottagare": n.caseworker,
            "poster": [f"{i.kind} {i.day_from.isoformat()}" for i in n.items], "kontrollsumma": row.content_hash})
        count += 1
    s.flush()
    return count


@dataclass
class SentNotice:
    id: int
    participant_id: int
    sent_on: date
    channel: str
    recipient: str | None
    sent_by: str
    items: int


def sent_notices(s: Session, participant_id: int | None = None, *, since: date | None = None,
                 until: date | None = None) -> list[SentNotice]:
    authz.refuse_caseworker(s)
    n = AbsenceNotice
    q = (sa.select(n.id, n.participant_id, n.sent_on, n.channel, n.recipient, n.sent_by,
                   sa.select(sa.func.count()).where(AbsenceNoticeItem.notice_id == n.id).scalar_subquery())
         .where(n.participant_id.in_(authz.visible_ids(s))).order_by(n.sent_on.desc(), n.id.desc()))
    if participant_id is not None:
        q = q.where(n.participant_id == participant_id)
    if since is not None:
        q = q.where(n.sent_on >= since)
    if until is not None:
        q = q.where(n.sent_on <= until)
    return [SentNotice(*row) for row in s.execute(q)]


def export_notices(db, pending: list[PendingNotice], out: Path, *, today: date | None = None) -> Path:
    """The waiting notices as .pdf (one page per person), .xlsx (a row per item) or .txt (the
    e-mail texts); recorded in the audit log per person."""
    from ame_desktop.io.notices import write_notices
    from ame_desktop.services.settings import get_setting

    with db.reading() as s:
        authz.refuse_caseworker(s)
        unit = get_setting(s, "unit_name")
        threshold = rules(s).sick_days
    path = write_notices(pending, out, unit_name=unit, threshold=threshold, today=today or date.today())
    with db.transaction() as s:
        audit.record_many(s, [audit.Event("export", "absence_notice", None, n.participant_id, {"fil": path.name})
                              for n in pending] or [audit.Event("export", "absence_notice", None, None,
                                                                {"fil": path.name, "personer": 0})])
    return path
