"""Who is under-scheduled, and the capacity view (issue 23).

Facts, not verdicts: a shortfall here is the unit's planning gap — hours the unit has not yet
booked for a person with a requirement — never something the person has failed to do.

**Required hours** of a week or month follow the activity report's rules (services/activity_report.py):
a requirement day is a working day (Monday–Friday except public holidays, midsommar-, jul- and
nyårsafton) inside a requirement period without Undantag, on which the person is enrolled and the
unit is not closed (for the person's municipality or for everyone); each adds the period's hours
per week / 5.

**Booked hours** count on those same requirement days only:
- group sessions that are not cancelled, within a booking *with a place* (waiting-list bookings
  count nothing; they are shown apart);
- placements at workplaces: the weekly hours / 5 a day;
- own job seeking (JOBBSOK in the weekly schedule) and the schedule's other activities that are
  neither a group nor a workplace (planned before groups existed), by weekday.

shortfall = max(0, required − booked). The list holds everyone with a shortfall, and everyone
with required hours and no booking with a place and no placement at all, largest shortfall first.
Cancelled sessions are shown apart too: the activity report requires nothing of the person for
them (INSTALLD), but for planning they are hours the unit did not give.

Set-based: every day of the range is a bit; the requirement days, bookings, sessions and
placements of a person are bit masks, so a person costs a few integer operations whatever the
number of days. All arithmetic is in whole minutes (quarter-hour weekly hours / 5 = a whole
number of minutes a day; session times are in whole five minutes).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes
from ame_desktop.domain.collector import collector_paused
from ame_desktop.domain.dates import add_months, month_bounds
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import (
    Activity,
    ActivityGroup,
    Enrollment,
    GroupBooking,
    GroupSession,
    Municipality,
    Participant,
    Placement,
    PlanVersion,
    RequirementPeriod,
    ScheduleEntry,
    SocialAssistanceMonth,
    StaffMember,
    Workplace,
)
from ame_desktop.domain.workdays import is_working_day
from ame_desktop.services import audit, authz
from ame_desktop.services import settings as settings_service

CATEGORY_LABELS = {1: "1 Öka förmågan att ta ett arbete", 2: "2 Förbättra språkkunskaperna",
                   3: "3 Förbättra förmågan att söka arbete", 4: "4 Arbetsplatsförlagd"}
PLANNING_NOTE = ("Underskottet är enhetens planeringsglapp: timmar som enheten ännu inte har bokat för personen "
                 "under kravdagarna. Det säger ingenting om vad personen har gjort.")


# -- periods ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """A week (`2026-W49`) or a month (`2026-12`) with its first and last day."""

    kind: str  # "week" | "month"
    label: str
    first: date
    last: date


def parse_week(text: str) -> Period:
    m = re.fullmatch(r"\s*(\d{4})-?[Ww](\d{1,2})\s*", text or "")
    if not m:
        raise UserError(f"--week ska vara ÅÅÅÅ-Vnn, t.ex. 2026-W49 (inte ”{text}”).")
    try:
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
    except ValueError:
        raise UserError(f"Vecka {int(m[2])} finns inte år {m[1]}.") from None
    if not 2000 <= monday.year <= 2100:
        raise UserError(f"Året ska vara 2000–2100 (inte {m[1]}).")
    return Period("week", f"{int(m[1])}-W{int(m[2]):02d}", monday, monday + timedelta(days=6))


def parse_month_period(text: str) -> Period:
    from ame_desktop.services.activity_report import parse_month

    year, month = parse_month(text)
    first, last = month_bounds(year, month)
    return Period("month", f"{year}-{month:02d}", first, last)


def parse_period(week: str | None = None, month: str | None = None) -> Period:
    """Exactly one of --week ÅÅÅÅ-Vnn and --month ÅÅÅÅ-MM (UserError otherwise)."""
    if (week is None) == (month is None):
        raise UserError("Ange antingen --week ÅÅÅÅ-Vnn eller --month ÅÅÅÅ-MM.")
    return parse_week(week) if week is not None else parse_month_period(month)


def _as_period(period: Period | str) -> Period:
    if isinstance(period, Period):
        return period
    return parse_week(period) if "w" in str(period).casefold() else parse_month_period(str(period))


def week_of(d: date) -> Period:
    monday = d - timedelta(days=d.weekday())
    y, w, _ = monday.isocalendar()
    return Period("week", f"{y}-W{w:02d}", monday, monday + timedelta(days=6))


# -- the set-based core -----------------------------------------------------------------------------
class _Range:
    """Days of [first, last] as bits; bucket masks split it (weeks or months)."""

    def __init__(self, first: date, last: date):
        self.first, self.last = first, last
        self.n = (last - first).days + 1
        self.all = (1 << self.n) - 1
        self.working = 0
        self.weekday = [0] * 7
        for i in range(self.n):
            d = first + timedelta(days=i)
            if is_working_day(d):
                self.working |= 1 << i
            self.weekday[d.weekday()] |= 1 << i

    def interval(self, a: date | None, b: date | None) -> int:
        i = 0 if a is None or a <= self.first else (a - self.first).days
        j = self.n - 1 if b is None or b >= self.last else (b - self.first).days
        if i > j or i >= self.n or j < 0:
            return 0
        return ((1 << (j + 1)) - 1) ^ ((1 << i) - 1)

    def bit(self, d: date) -> int:
        return 1 << (d - self.first).days

    def span(self, i: int | None, j: int | None) -> int:
        """The mask of days i..j (offsets from `first`; None = open at that end)."""
        i = 0 if i is None or i < 0 else i
        j = self.n - 1 if j is None or j >= self.n else j
        if i > j:
            return 0
        return ((1 << (j + 1)) - 1) ^ ((1 << i) - 1)


def _pop(x: int) -> int:
    return x.bit_count()


def _offset(s: Session, col, first: date):
    """The day as a number of days after `first`, computed by the database (NULL stays NULL):
    turning tens of thousands of dates into Python dates costs more than the rest of the list."""
    if s.get_bind().dialect.name == "sqlite":
        return sa.cast(sa.func.julianday(col) - sa.func.julianday(first.isoformat()), sa.Integer)
    return sa.type_coerce(col - sa.cast(sa.literal(first.isoformat()), sa.Date), sa.Integer)


_popcount = int.bit_count


class _Person:
    """Minutes per bucket of one person (lists of one number per bucket), and the mask of the
    person's requirement days."""

    __slots__ = ("pid", "municipality", "req", "required", "booked", "placement", "job_seeking", "other", "waiting",
                 "cancelled", "has_booking", "by_category", "waiting_by_category")

    def __init__(self, pid: int, municipality: str, nb: int):
        self.pid, self.municipality, self.req = pid, municipality, 0
        self.required = [0] * nb
        self.booked = [0] * nb  # group sessions with a place
        self.placement = [0] * nb
        self.job_seeking = [0] * nb
        self.other = [0] * nb
        self.waiting = [0] * nb
        self.cancelled = [0] * nb
        self.has_booking = False
        self.by_category: dict[int, list[int]] = {}  # booked + placements per category
        self.waiting_by_category: dict[int, list[int]] = {}  # on waiting lists, per category


def _people_query(s: Session, first: date, last: date, municipality: str | None):
    rp = RequirementPeriod
    overlapping = sa.and_(rp.start_date <= last, sa.or_(rp.end_date.is_(None), rp.end_date >= first))
    q = sa.select(Participant.id, Participant.municipality_code).where(
        Participant.id.in_(sa.select(rp.participant_id).where(overlapping)), authz.visible(s))
    if municipality is not None:
        q = q.where(Participant.municipality_code == municipality)
    return q, overlapping


def _check_municipality(s: Session, municipality: str | None) -> str | None:
    authz.refuse_caseworker(s)
    if municipality is None:
        return None
    code = municipality.zfill(4) if municipality.isdigit() else municipality
    m = s.get(Municipality, code)
    if m is None or m.kind != "K":
        raise UserError(f"Okänd kommunkod ”{municipality}”.")
    authz.check_municipality(s, code)
    return code


def _compute(s: Session, first: date, last: date, buckets: list[tuple[date, date]],
             municipality: str | None) -> tuple[dict[int, _Person], _Range, list[int]]:
    """Every visible person with a requirement period touching [first, last]: required and booked
    minutes per bucket. Returns (people, the range, the bucket masks).

    The cyclic garbage collector is paused meanwhile: the rows and per-person lists are many small
    objects without cycles, and its passes over a running program's heap cost more than the list."""
    key = _cache_key(s, first, last, buckets, municipality)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    with collector_paused():
        result = _compute_unpaused(s, first, last, buckets, municipality)
    if len(_CACHE) >= 8:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = result
    return result


# The last computations, valid while the register is unchanged: every change writes an audit entry,
# so the newest entry tells (the start page's count and the list opened after it share one).
_CACHE: dict[tuple, tuple] = {}


def _cache_key(s: Session, first: date, last: date, buckets, municipality: str | None) -> tuple:
    from ame_desktop.domain.models import AuditEntry

    a = authz.actor(s)
    conn = s.connection()
    if conn.dialect.name == "postgresql":
        # Ids from a sequence are never reused; with row-level security a staff role sees only its
        # own log entries, and audit.latest_change_id asks the database for everyone's newest.
        newest = audit.latest_change_id(s)
    else:
        # The newest entry's chain hash covers every entry before it, so a change rolled back and
        # another written under the same id do not look alike (and max(rowid) costs nothing).
        newest = conn.execute(sa.select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc())
                              .limit(1)).first()
        newest = tuple(newest) if newest is not None else None
    return (str(s.get_bind().url), a.name, a.role, a.municipalities, first, last, tuple(buckets), municipality,
            newest)


def clear_cache() -> None:
    """Forget the computations kept (benchmarks measure the computation itself)."""
    _CACHE.clear()


def _compute_unpaused(s: Session, first: date, last: date, buckets: list[tuple[date, date]],
                      municipality: str | None) -> tuple[dict[int, _Person], _Range, list[int]]:
    r = _Range(first, last)
    masks = [r.interval(a, b) for a, b in buckets]
    conn = s.connection()  # Core rows: the ORM's row objects cost more than the arithmetic here
    nb = len(masks)
    whole = nb == 1 and masks[0] == r.all  # one bucket, the whole range: no masking per bucket
    people_q, overlapping = _people_query(s, first, last, municipality)
    people = {pid: _Person(pid, muni, nb) for pid, muni in conn.execute(people_q).all()}
    if not people:
        return people, r, masks
    rp = RequirementPeriod

    from ame_desktop.services.activity_report import closed_days_between

    closed_all, closed_muni = closed_days_between(s, first, last)
    closed_mask_all = 0
    for d in closed_all:
        closed_mask_all |= r.bit(d)
    open_mask = {None: r.working & ~closed_mask_all}
    for muni, days in closed_muni.items():
        m = closed_mask_all
        for d in days:
            m |= r.bit(d)
        open_mask[muni] = r.working & ~m

    enrolled: dict[int, int] = defaultdict(int)
    # Overlapping rows of the whole table, filtered here: cheaper than IN (a subquery) in SQLite.
    def off(col):
        return _offset(s, col, first)

    span = r.span
    for pid, a, b in conn.execute(sa.select(Enrollment.participant_id, off(Enrollment.start_date),
                                            off(Enrollment.end_date)).where(
            Enrollment.start_date <= last, sa.or_(Enrollment.end_date.is_(None), Enrollment.end_date >= first))).all():
        if pid in people:
            enrolled[pid] |= span(a, b)
    for pid, a, b, hours, exemption in conn.execute(
            sa.select(rp.participant_id, off(rp.start_date), off(rp.end_date), rp.hours_per_week, rp.exemption)
            .where(overlapping)).all():
        if exemption:
            continue
        p = people.get(pid)
        if p is None:
            continue
        days = span(a, b) & enrolled.get(pid, 0) & open_mask.get(p.municipality, open_mask[None])
        if not days:
            continue
        p.req |= days
        share = round(hours * 12)  # minutes a day: hours / 5 × 60
        if whole:
            p.required[0] += share * _popcount(days)
        else:
            for k, m in enumerate(masks):
                p.required[k] += share * _popcount(days & m)

    # Group sessions in the range: {group: [(minutes, mask)]}, cancelled apart.
    sessions: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    cancelled: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for gid, d, st, en, c in conn.execute(sa.select(GroupSession.group_id, off(GroupSession.session_date),
                                                 GroupSession.start_time, GroupSession.end_time,
                                                 GroupSession.cancelled_at).where(
            GroupSession.session_date.between(first, last))):
        minutes = (en.hour * 60 + en.minute) - (st.hour * 60 + st.minute)
        (cancelled if c is not None else sessions)[gid][minutes] |= 1 << d
    category = dict(conn.execute(sa.select(ActivityGroup.id, ActivityGroup.category)).all())
    for pid, gid, a, b, waiting in conn.execute(
            sa.select(GroupBooking.participant_id, GroupBooking.group_id, off(GroupBooking.start_date),
                      off(GroupBooking.end_date), GroupBooking.waiting_since.is_not(None)).where(
                GroupBooking.start_date <= last,
                sa.or_(GroupBooking.end_date.is_(None), GroupBooking.end_date >= first))).all():
        p = people.get(pid)
        if p is None:
            continue
        within = span(a, b) & p.req
        waiting = waiting or None
        if waiting is None:
            p.has_booking = True
        target = p.waiting if waiting is not None else p.booked
        if waiting is None:
            per_cat = p.by_category.setdefault(category.get(gid, 0), [0] * nb)
        else:
            per_cat = p.waiting_by_category.setdefault(category.get(gid, 0), [0] * nb)
        for minutes, m in sessions.get(gid, {}).items():
            hit = m & within
            if hit:
                if whole:
                    v = minutes * _popcount(hit)
                    target[0] += v
                    if per_cat is not None:
                        per_cat[0] += v
                    continue
                for k, bm in enumerate(masks):
                    v = minutes * _popcount(hit & bm)
                    target[k] += v
                    if per_cat is not None:
                        per_cat[k] += v
        if waiting is None:
            for minutes, m in cancelled.get(gid, {}).items():
                hit = m & within
                if hit:
                    for k, bm in enumerate(masks):
                        p.cancelled[k] += minutes * _popcount(hit & bm)
    for pid, a, b, hours in conn.execute(sa.select(Placement.participant_id, off(Placement.start_date),
                                                off(Placement.end_date), Placement.hours_per_week).where(
            Placement.start_date <= last, sa.or_(Placement.end_date.is_(None), Placement.end_date >= first))).all():
        p = people.get(pid)
        if p is None:
            continue
        p.has_booking = True
        within = span(a, b) & p.req
        share = round(hours * 12)
        per_cat = p.by_category.setdefault(4, [0] * nb)
        if whole:
            v = share * _popcount(within)
            p.placement[0] += v
            per_cat[0] += v
            continue
        for k, bm in enumerate(masks):
            v = share * _popcount(within & bm)
            p.placement[k] += v
            per_cat[k] += v
    # The weekly schedule's own job seeking and other activities (not a group's, not a workplace's),
    # summed per person and weekday by the database (one row per person).
    own = sa.union(sa.select(ActivityGroup.activity_id), sa.select(Workplace.activity_id)).scalar_subquery()
    seek_ids = list(conn.execute(sa.select(Activity.id).where(Activity.category == codes.JOB_SEEKING_CATEGORY))
                    .scalars())
    e = ScheduleEntry
    seek = e.activity_id.in_(seek_ids) if seek_ids else sa.false()
    rows = _schedule_sums(conn, e, seek, own)
    per_bucket = [[w & m for w in r.weekday] for m in masks]
    memo: dict[tuple, list[tuple[int, int]]] = {}  # most people share a requirement-day mask and a schedule
    for row in rows:
        p = people.get(row[0])
        if p is None:
            continue
        req = p.req
        if not req:
            continue
        key = (req, *row[1:])
        sums = memo.get(key)
        if sums is None:
            seeking, other = row[1:8], row[8:15]
            sums = []
            for wmasks in per_bucket:
                counts = [(w & req).bit_count() for w in wmasks]
                sums.append((sum(m * c for m, c in zip(seeking, counts)), sum(m * c for m, c in zip(other, counts))))
            memo[key] = sums
        for k, (js, ot) in enumerate(sums):
            p.job_seeking[k] += js
            p.other[k] += ot
    return people, r, masks


_BITS = 9  # a weekday's hours in five-minute units (at most 24 h = 288 < 512) take 9 bits: 7 × 9 = 63


def _schedule_sums(conn, e, seek, own) -> list[tuple]:
    """Per person: minutes of own job seeking on each weekday (0–6), then of the schedule's other
    activities — (participant_id, 7 numbers, 7 numbers). The database sums two packed integers
    per person (each weekday's five-minute units in 9 bits); a person whose figures do not fit
    (more than 42 hours on a weekday, times off the five-minute grid) makes the plain 14-column
    sum run instead."""
    units = sa.cast(sa.func.round(e.hours * 12), sa.BigInteger)
    packed = units.op("<<")(e.weekday * _BITS)
    q = (sa.select(e.participant_id, sa.func.sum(sa.case((seek, packed), else_=0)),
                   sa.func.sum(sa.case((sa.not_(seek), packed), else_=0)), sa.func.sum(e.hours))
         .where(e.activity_id.not_in(own)).group_by(e.participant_id))
    out = []
    mask = (1 << _BITS) - 1
    decoded: dict[tuple, tuple] = {}
    for pid, a, b, total in conn.execute(q).all():
        minutes = decoded.get((a, b, total))
        if minutes is None:
            x, y = int(a or 0), int(b or 0)
            minutes = tuple(((x >> (_BITS * wd)) & mask) * 5 for wd in range(7)) + \
                tuple(((y >> (_BITS * wd)) & mask) * 5 for wd in range(7))
            if abs(sum(minutes) / 60 - float(total or 0)) > 1e-6:
                break
            decoded[(a, b, total)] = minutes
        out.append((pid, *minutes))
    else:
        return out
    sums = [sa.func.sum(sa.case((sa.and_(e.weekday == wd, seek), e.hours), else_=0)) for wd in range(7)] + \
        [sa.func.sum(sa.case((sa.and_(e.weekday == wd, sa.not_(seek)), e.hours), else_=0)) for wd in range(7)]
    q = sa.select(e.participant_id, *sums).where(e.activity_id.not_in(own)).group_by(e.participant_id)
    return [(row[0], *(round(float(h or 0) * 60) for h in row[1:])) for row in conn.execute(q).all()]


def _h(minutes: int) -> float:
    return round(minutes / 60, 2)


# -- the under-scheduled list -----------------------------------------------------------------------
@dataclass
class UnderscheduledRow:
    """One person of the list. Hours of the requirement days of the period."""

    participant_id: int
    personnummer: str
    name: str
    municipality_code: str
    staff: str
    required_hours: float
    booked_hours: float  # group sessions with a place, not cancelled
    placement_hours: float
    job_seeking_hours: float
    other_schedule_hours: float
    waiting_hours: float  # on a waiting list: not counted
    cancelled_hours: float  # cancelled by the unit: not counted
    shortfall_hours: float
    no_booking: bool  # no booking with a place and no placement in the period

    @property
    def planned_hours(self) -> float:
        return round(self.booked_hours + self.placement_hours + self.job_seeking_hours + self.other_schedule_hours, 2)

    def as_json(self) -> dict:
        return {
            "personnummer": self.personnummer,
            "name": self.name,
            "municipality": self.municipality_code,
            "staff": self.staff,
            "required_hours": self.required_hours,
            "booked_hours": self.booked_hours,
            "placement_hours": self.placement_hours,
            "job_seeking_hours": self.job_seeking_hours,
            "other_schedule_hours": self.other_schedule_hours,
            "planned_hours": self.planned_hours,
            "waiting_list_hours": self.waiting_hours,
            "cancelled_hours": self.cancelled_hours,
            "shortfall_hours": self.shortfall_hours,
            "no_booking": self.no_booking,
        }


@dataclass
class UnderscheduledList:
    """The list for a week or month: the rows (largest shortfall first), and how many people had
    a requirement in the period (`people_with_requirement`)."""

    period: Period
    municipality: str | None
    rows: list[UnderscheduledRow]
    people_with_requirement: int

    @property
    def total_shortfall_hours(self) -> float:
        return round(sum(r.shortfall_hours for r in self.rows), 2)

    def as_json(self) -> dict:
        return {"period": self.period.label, "from": self.period.first.isoformat(),
                "to": self.period.last.isoformat(), "municipality": self.municipality,
                "people_with_requirement": self.people_with_requirement,
                "total_shortfall_hours": self.total_shortfall_hours, "note": PLANNING_NOTE,
                "underscheduled": [r.as_json() for r in self.rows]}


def _selected(people: dict[int, _Person]) -> list[tuple[_Person, int, int]]:
    out = []
    for p in people.values():
        required = p.required[0]
        planned = p.booked[0] + p.placement[0] + p.job_seeking[0] + p.other[0]
        shortfall = max(0, required - planned)
        if shortfall > 0 or (required > 0 and not p.has_booking):
            out.append((p, shortfall, required))
    return out


def underscheduled(s: Session, period: Period | str, municipality: str | None = None) -> UnderscheduledList:
    """Everyone with a requirement in the week or month whose booked hours fall short of it, and
    everyone with required hours and no booking at all: sorted by shortfall (largest first), then
    personnummer. `period` is a Period or its label (`2026-W49`, `2026-12`)."""
    with collector_paused():
        return _underscheduled(s, _as_period(period), municipality)


def _underscheduled(s: Session, period: Period, municipality: str | None) -> UnderscheduledList:
    municipality = _check_municipality(s, municipality)
    people, _r, _m = _compute(s, period.first, period.last, [(period.first, period.last)], municipality)
    chosen = _selected(people)
    names: dict[int, tuple] = {}
    ids = [p.pid for p, _x, _y in chosen]
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        for pid, pnr, first, last, staff in s.connection().execute(
                sa.select(Participant.id, Participant.personnummer, Participant.first_name, Participant.last_name,
                          StaffMember.name).outerjoin(StaffMember, StaffMember.id == Participant.staff_id)
                .where(Participant.id.in_(chunk))):
            names[pid] = (pnr, f"{last}, {first}", staff or "")
    rows = []
    for p, shortfall, required in chosen:
        pnr, name, staff = names[p.pid]
        rows.append(UnderscheduledRow(p.pid, pnr, name, p.municipality, staff, _h(required), _h(p.booked[0]),
                                      _h(p.placement[0]), _h(p.job_seeking[0]), _h(p.other[0]), _h(p.waiting[0]),
                                      _h(p.cancelled[0]), _h(shortfall), not p.has_booking))
    rows.sort(key=lambda x: (-x.shortfall_hours, x.personnummer))
    return UnderscheduledList(period, municipality, rows, sum(1 for p in people.values() if any(p.required)))


def underscheduled_count(s: Session, period: Period | str | None = None, municipality: str | None = None,
                         today: date | None = None) -> int:
    """How many people the under-scheduled list of the period holds (default: the current week),
    without loading names: for the start page."""
    period = _as_period(period) if period is not None else week_of(today or date.today())
    municipality = _check_municipality(s, municipality)
    people, _r, _m = _compute(s, period.first, period.last, [(period.first, period.last)], municipality)
    return len(_selected(people))


# -- the capacity view ------------------------------------------------------------------------------
@dataclass
class GroupWeek:
    """A group in one ISO week: places, the most bookings with a place on one day, waiting
    bookings, sessions (and of those cancelled)."""

    group_id: int
    group_name: str
    category: int
    week: str  # 2026-W49
    monday: date
    places: int
    booked: int
    waiting: int
    sessions: int
    cancelled_sessions: int

    @property
    def free(self) -> int:
        return max(0, self.places - self.booked)

    def as_json(self) -> dict:
        return {"group": self.group_name, "category": self.category, "week": self.week, "places": self.places,
                "booked": self.booked, "waiting": self.waiting, "free": self.free, "sessions": self.sessions,
                "cancelled_sessions": self.cancelled_sessions}


@dataclass
class CategoryHours:
    """One category 1–4 over the first month: the hours the individual plans set for it
    (`planned_hours`, weekly hours on the requirement days), the hours booked in it, the hours on
    waiting lists, and the hours the groups offer (places × sessions)."""

    category: int
    label: str
    planned_hours: float
    booked_hours: float
    waiting_hours: float
    offered_hours: float

    def as_json(self) -> dict:
        return {"category": self.category, "label": self.label, "planned_hours": self.planned_hours,
                "booked_hours": self.booked_hours, "waiting_hours": self.waiting_hours,
                "offered_hours": self.offered_hours}


@dataclass
class ForecastMonth:
    """A data point of the forecast: one month's required hours (the requirement periods on file)
    against the hours booked for it and the hours the groups offer, and — from the imported
    social-assistance extract — people who will have had försörjningsstöd three months in a row by
    then and have no requirement period yet (and the full-time hours they would add)."""

    month: str
    people_with_requirement: int
    required_hours: float
    booked_hours: float  # groups + placements + own job seeking + other schedule
    offered_hours: float  # places × sessions of the groups
    gap_hours: float  # max(0, required − booked) summed per person
    fulltime_missing: float  # the gap in full-time places (gap / full time of the month)
    eb_candidates: int = 0
    eb_hours: float = 0.0

    def as_json(self) -> dict:
        return {"month": self.month, "people_with_requirement": self.people_with_requirement,
                "required_hours": self.required_hours, "booked_hours": self.booked_hours,
                "offered_hours": self.offered_hours, "gap_hours": self.gap_hours,
                "fulltime_places_missing": self.fulltime_missing, "eb_candidates": self.eb_candidates,
                "eb_hours": self.eb_hours}


@dataclass
class CapacityView:
    """The capacity view from a month on: group weeks, categories (of the first month), forecast
    (one point per month), and the latest month of the social-assistance extract used (None when
    no extract is imported)."""

    first: date
    last: date
    municipality: str | None
    group_weeks: list[GroupWeek]
    categories: list[CategoryHours]
    forecast: list[ForecastMonth]
    job_seeking_hours: float  # own job seeking of the first month (no category)
    eb_latest_month: str | None = None

    def as_json(self) -> dict:
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "municipality": self.municipality,
                "note": PLANNING_NOTE,
                "groups": [g.as_json() for g in self.group_weeks],
                "categories": [c.as_json() for c in self.categories],
                "job_seeking_hours": self.job_seeking_hours,
                "forecast": [f.as_json() for f in self.forecast],
                "eb_latest_month": self.eb_latest_month}


def _minutes_of(start, end) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def capacity(s: Session, from_month: str | None = None, months: int = 3, municipality: str | None = None,
             today: date | None = None) -> CapacityView:
    """The capacity view for `months` months from `from_month` (ÅÅÅÅ-MM; default the current
    month): per group and ISO week places/booked/waiting, per category the first month's hours,
    and a forecast point per month."""
    if not 1 <= months <= 12:
        raise UserError(f"Ange 1–12 månader (inte {months}).")
    with collector_paused():
        return _capacity(s, from_month, months, municipality, today)


def _capacity(s: Session, from_month: str | None, months: int, municipality: str | None,
              today: date | None) -> CapacityView:
    if from_month is None:
        t = today or date.today()
        start = date(t.year, t.month, 1)
    else:
        start = parse_month_period(from_month).first
    municipality = _check_municipality(s, municipality)
    month_ranges = []
    for k in range(months):
        m0 = add_months(start, k)
        month_ranges.append(month_bounds(m0.year, m0.month))
    first, last = month_ranges[0][0], month_ranges[-1][1]
    people, r, masks = _compute(s, first, last, month_ranges, municipality)

    # Groups the actor may see.
    allowed = authz.allowed_municipalities(s, municipality)
    gq = sa.select(ActivityGroup.id, ActivityGroup.name, ActivityGroup.category, ActivityGroup.places,
                   ActivityGroup.valid_from, ActivityGroup.valid_to).where(ActivityGroup.active == True)  # noqa: E712
    if allowed is not None:
        gq = gq.where(ActivityGroup.municipality_code.in_(allowed))
    groups = s.connection().execute(gq.order_by(ActivityGroup.name)).all()
    gids = [g[0] for g in groups]
    week_first = first - timedelta(days=first.weekday())
    week_last = last + timedelta(days=6 - last.weekday())
    n_days = (week_last - week_first).days + 1
    n_weeks = n_days // 7
    conn = s.connection()

    def off(col):
        return _offset(s, col, week_first)

    # Per group: bookings with a place as a day-by-day count (a difference array), waiting ones per
    # week, sessions per week — one pass over each table, whatever the number of weeks.
    placed_diff: dict[int, list[int]] = {}
    waiting_diff: dict[int, list[int]] = {}
    sessions_per_week: dict[int, list[list[int]]] = {}
    offered = {c: [0] * len(masks) for c in (1, 2, 3, 4)}
    category_of = {g[0]: g[2] for g in groups}
    places_of = {g[0]: g[3] for g in groups}
    if gids:
        for gid, a, b, waiting in conn.execute(sa.select(GroupBooking.group_id, off(GroupBooking.start_date),
                                                         off(GroupBooking.end_date), GroupBooking.waiting_since.is_not(None))
                                               .where(GroupBooking.group_id.in_(gids), GroupBooking.start_date <= week_last,
                                                      sa.or_(GroupBooking.end_date.is_(None),
                                                             GroupBooking.end_date >= week_first))).all():
            i = 0 if a < 0 else a
            j = n_days - 1 if b is None or b >= n_days else b
            if i > j:
                continue
            if waiting:
                diff = waiting_diff.setdefault(gid, [0] * (n_weeks + 1))
                diff[i // 7] += 1
                diff[j // 7 + 1] -= 1
            else:
                diff = placed_diff.setdefault(gid, [0] * (n_days + 1))
                diff[i] += 1
                diff[j + 1] -= 1
        month_offset = (first - week_first).days
        for gid, d, st, en, c in conn.execute(sa.select(GroupSession.group_id, off(GroupSession.session_date),
                                                        GroupSession.start_time, GroupSession.end_time,
                                                        GroupSession.cancelled_at.is_not(None)).where(
                GroupSession.group_id.in_(gids), GroupSession.session_date.between(week_first, week_last))).all():
            counts = sessions_per_week.setdefault(gid, [[0, 0] for _ in range(n_weeks)])
            counts[d // 7][0] += 1
            if c:
                counts[d // 7][1] += 1
                continue
            i = d - month_offset
            if 0 <= i < r.n:
                bit = 1 << i
                minutes = _minutes_of(st, en) * places_of[gid]
                for k, m in enumerate(masks):
                    if bit & m:
                        offered[category_of[gid]][k] += minutes
    group_weeks = []
    for gid, name, cat, places, vfrom, vto in groups:
        running, per_day = 0, []
        for x in placed_diff.get(gid, [0] * (n_days + 1))[:n_days]:
            running += x
            per_day.append(running)
        wait_running, waiting_per_week = 0, []
        for x in waiting_diff.get(gid, [0] * (n_weeks + 1))[:n_weeks]:
            wait_running += x
            waiting_per_week.append(wait_running)
        sessions = sessions_per_week.get(gid)
        for k in range(n_weeks):
            monday = week_first + timedelta(days=7 * k)
            if vfrom > monday + timedelta(days=6) or (vto is not None and vto < monday):
                continue
            y, wn, _ = monday.isocalendar()
            n_sessions, n_cancelled = sessions[k] if sessions else (0, 0)
            group_weeks.append(GroupWeek(gid, name, cat, f"{y}-W{wn:02d}", monday, places, max(per_day[7 * k:7 * k + 7]),
                                         waiting_per_week[k], n_sessions, n_cancelled))

    # Categories of the first month: booked (people's) and the plans' weekly hours per category.
    booked_cat = {c: 0 for c in (1, 2, 3, 4)}
    waiting_total = {c: 0 for c in (1, 2, 3, 4)}
    for p in people.values():
        for c, vals in p.by_category.items():
            if c in booked_cat:
                booked_cat[c] += vals[0]
    planned = _planned_by_category(s, people, r, masks[0])
    for p in people.values():
        for c, vals in p.waiting_by_category.items():
            if c in waiting_total:
                waiting_total[c] += vals[0]
    categories = [CategoryHours(c, CATEGORY_LABELS[c], _h(planned.get(c, 0)), _h(booked_cat[c]),
                                _h(waiting_total[c]), _h(offered[c][0])) for c in (1, 2, 3, 4)]

    # Forecast.
    full_time = settings_service.full_time_hours(s)
    eb_latest, eb_people = _eb_candidates(s, people, municipality)
    forecast = []
    nm = len(month_ranges)
    totals = [[0, 0, 0, 0] for _ in range(nm)]  # required, booked, gap, people with a requirement
    for p in people.values():
        for k in range(nm):
            req = p.required[k]
            planned = p.booked[k] + p.placement[k] + p.job_seeking[k] + p.other[k]
            row = totals[k]
            row[0] += req
            row[1] += planned
            if req > planned:
                row[2] += req - planned
            if req > 0:
                row[3] += 1
    for k, (a, b) in enumerate(month_ranges):
        required, booked, gap, with_requirement = totals[k]
        n_work = _pop(r.working & masks[k])
        month_full = full_time * 60 * n_work / 5
        candidates = 0
        if eb_latest is not None:
            # Försörjningsstöd since `since` (a run reaching the latest extract month), assumed to go on:
            # three months in a row by the month's first day → the requirement would apply.
            candidates = sum(1 for since in eb_people.values() if add_months(since, 3) <= a)
        forecast.append(ForecastMonth(
            f"{a.year}-{a.month:02d}", with_requirement, _h(required),
            _h(booked), _h(sum(offered[c][k] for c in offered)), _h(gap),
            round(gap / month_full, 2) if month_full else 0.0, candidates, _h(round(candidates * month_full))))
    js = sum(p.job_seeking[0] for p in people.values())
    return CapacityView(first, last, municipality, group_weeks, categories, forecast, _h(js),
                        f"{eb_latest.year}-{eb_latest.month:02d}" if eb_latest else None)


def _planned_by_category(s: Session, people: dict[int, _Person], r: _Range, mask: int) -> dict[int, int]:
    """Minutes per category 1–4 that the latest individual plan of each person sets, on the
    person's requirement days of the month (weekly hours by weekday)."""
    if not people:
        return {}
    latest = (sa.select(PlanVersion.participant_id, sa.func.max(PlanVersion.version).label("v"))
              .group_by(PlanVersion.participant_id).subquery())
    q = (sa.select(PlanVersion.participant_id, PlanVersion.content)
         .join(latest, sa.and_(latest.c.participant_id == PlanVersion.participant_id, latest.c.v == PlanVersion.version)))
    out: dict[int, int] = defaultdict(int)
    for pid, content in s.connection().execute(q):
        p = people.get(pid)
        if p is None or not (p.req & mask):
            continue
        try:
            activities = json.loads(content).get("activities") or []
        except (ValueError, AttributeError):
            continue
        for a in activities:
            try:
                cat = int(a.get("category") if a.get("category") not in (None, "") else 4)
                hours = [float(h or 0) for h in (a.get("hours") or [])][:7]
            except (TypeError, ValueError):
                continue
            if cat not in (1, 2, 3, 4):
                continue
            for wd, h in enumerate(hours):
                if h:
                    out[cat] += round(h * 60) * _pop(r.weekday[wd] & p.req & mask)
    return out


def _eb_candidates(s: Session, people: dict[int, _Person], municipality: str | None) -> tuple[date | None, dict[int, date]]:
    """The latest month of the imported extract, and {person: first month of their unbroken run
    of försörjningsstöd up to it} for visible people with no requirement period in the range."""
    latest = s.connection().execute(sa.select(sa.func.max(SocialAssistanceMonth.month))).scalar()
    if latest is None:
        return None, {}
    window = add_months(latest, -12)
    q = (sa.select(SocialAssistanceMonth.participant_id, SocialAssistanceMonth.month)
         .join(Participant, Participant.id == SocialAssistanceMonth.participant_id)
         .where(SocialAssistanceMonth.month >= window, SocialAssistanceMonth.amount_ore > 0, authz.visible(s)))
    if municipality is not None:
        q = q.where(Participant.municipality_code == municipality)
    months: dict[int, set[date]] = defaultdict(set)
    for pid, m in s.connection().execute(q):
        if pid not in people:
            months[pid].add(m)
    out = {}
    for pid, ms in months.items():
        if latest not in ms:
            continue
        since = latest
        while add_months(since, -1) in ms:
            since = add_months(since, -1)
        out[pid] = since
    return latest, out


# -- files ------------------------------------------------------------------------------------------
def write_underscheduled(db, result: UnderscheduledList, path: Path, *, include_protected: bool = False) -> Path:
    """The list as JSON (.json) or a workbook (.xlsx, Swedish headers); the export is audited.
    People with protected identity are left out of the file (their number is said in it) unless
    `include_protected` (then each needs a reason, services/protected_identity.py)."""
    from dataclasses import replace

    from ame_desktop.services import protected_identity

    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix not in (".json", ".xlsx"):
        raise UserError(f"--out ska sluta på .json eller .xlsx (inte ”{path.name}”).")
    with db.reading() as s:
        kept, left_out = protected_identity.leave_out(s, [r.participant_id for r in result.rows], include_protected)
    if left_out:
        keep = set(kept)
        result = replace(result, rows=[r for r in result.rows if r.participant_id in keep])
    note = PLANNING_NOTE + (f" {left_out} personer med skyddade personuppgifter är inte med i filen." if left_out
                            else "")
    from ame_desktop.io.capacity_export import write_underscheduled_file

    write_underscheduled_file(result, note, result.as_json() | {"note": note, "left_out_protected": left_out}, path)
    audit.record_export(db, "underscheduled", {"period": result.period.label, "kommun": result.municipality,
                                               "personer": len(result.rows), "fil": path.suffix,
                                               "utelämnade_skyddade": left_out})
    return path


def write_capacity(db, view: CapacityView, path: Path) -> Path:
    """The capacity view as JSON (.json) or a workbook (.xlsx: Grupper per vecka, Kategorier,
    Prognos); no personal data in it."""
    from ame_desktop.io.capacity_export import write_capacity_file

    path = Path(path)
    if path.suffix.casefold() not in (".json", ".xlsx"):
        raise UserError(f"--out ska sluta på .json eller .xlsx (inte ”{path.name}”).")
    write_capacity_file(view, PLANNING_NOTE, path)
    audit.record_export(db, "capacity", {"från": view.first, "till": view.last, "kommun": view.municipality})
    return path
