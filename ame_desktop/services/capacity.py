"""Places for everyone (issue 23): activity groups with sessions, workplaces, placements, bookings.

- An **activity group** (aktivitetsgrupp) is an activity of the unit given as sessions: weekdays,
  a start and end time, a room/address, a responsible staff member, a number of places, a
  category 1–4 and a municipality. Each group has an Activity row of its own (same name and
  category), so attendance and the weekly schedule name it like any other activity.
- **Sessions** (tillfällen) are generated from the weekdays over a date range; working days only
  (no public holidays, midsommar-, jul- or nyårsafton) and none on a day the unit is closed for
  the group's municipality or for everyone. A session is cancelled by the unit with a reason:
  everyone with a place in the group that day gets the session's hours as INSTALLD (cancelled by
  the unit) in attendance, so the activity report requires nothing of them for it.
- A **booking** (bokning) puts a participant in a group from a day (to a day, or until further
  notice). When the group's places are taken over the booking's dates, the booking goes to the
  waiting list with its date (`waiting_list=True`, the default) or is refused. When a place
  frees (a booking ends or is removed, the group gets more places), the earliest waiting
  booking that now fits gets it.
- A **workplace** (arbetsplats/praktikplats) has an employer, sector, address, contact person,
  agreement dates, insurance noted, handledare at the workplace and a number of places; a
  **placement** (placering) puts a participant there (category 4) with dates and weekly hours.
  A placement beyond the workplace's places is refused.

The weekly schedule (ScheduleEntry, what the week grid and 'fill from the schedule' read) follows
the bookings and placements: while a person has a booking with a place (or a placement) that
has not ended, the schedule has the group's activity on the group's weekdays with the session's
hours (a placement: its workplace's activity Monday–Friday, the weekly hours / 5 to the nearest
quarter hour); when the last one ends or is removed the entries go. The under-scheduled list and
the capacity view (services/capacity_view.py) read the bookings, sessions and placements with
their dates, not the schedule.

Every function checks the actor (authz): groups and workplaces belong to a municipality (a coach
sees and changes those of her own municipalities; a reader changes nothing); bookings and
placements are about a person. Changes are written to the audit log.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from ame_desktop.domain import codes, rules
from ame_desktop.domain.errors import FieldError, NotFoundError, UserError, ValidationError
from ame_desktop.domain.models import (
    Activity,
    ActivityGroup,
    Attendance,
    GroupBooking,
    GroupSession,
    Municipality,
    Participant,
    Placement,
    ScheduleEntry,
    StaffMember,
    Workplace,
)
from ame_desktop.domain.workdays import day_off_name
from ame_desktop.services import audit, authz
from ame_desktop.services import settings as settings_service

WEEKDAY_NAMES = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
WEEKDAY_SHORT = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")
SECTORS = tuple(str(v) for v in codes.SummerPlacement)  # KOMMUN | PRIVAT | CIVIL | ANNAN
SECTOR_LABELS = {"KOMMUN": "Kommunal", "PRIVAT": "Privat", "CIVIL": "Ideell/civilsamhälle", "ANNAN": "Annan"}
GROUP_FIELDS = ("name", "category", "municipality_code", "weekdays", "start_time", "end_time", "room", "address",
                "staff_id", "places", "valid_from", "valid_to", "active", "note")
WORKPLACE_FIELDS = ("name", "sector", "municipality_code", "address", "contact_person", "contact_phone",
                    "agreement_from", "agreement_to", "insurance_noted", "supervisor", "supervisor_phone", "places",
                    "active", "note")


# -- value rules (shared with the import, services/capacity_import.py) ----------------------------
def parse_weekdays(value: object) -> tuple[int, ...]:
    """Weekdays as the user writes them: `mån, ons`, `måndag`, `ti/to`, or a list of ints 0–6
    (0 = Monday). Returns the sorted weekdays (0 = Monday); raises ValueError in Swedish."""
    if isinstance(value, (list, tuple, set)):
        out = set()
        for v in value:
            if not isinstance(v, int) or not 0 <= v <= 6:
                raise ValueError(f"Veckodagen ska vara 0–6 (0 = måndag), inte ”{v}”.")
            out.add(v)
        if not out:
            raise ValueError("Ange minst en veckodag.")
        return tuple(sorted(out))
    text = rules.text(value, max_len=100)
    if not text:
        raise ValueError("Ange minst en veckodag (t.ex. ”mån, ons”).")
    out = set()
    for word in re.split(r"[\s,;/+&]+|\boch\b", text.casefold()):
        if not word:
            continue
        found = None
        for i, (full, short) in enumerate(zip(WEEKDAY_NAMES, WEEKDAY_SHORT)):
            if word in (full, short, full + "ar", short + ".") or (len(word) >= 2 and full.startswith(word)):
                found = i
                break
        if found is None:
            raise ValueError(f"Okänd veckodag ”{word}”. Skriv t.ex. ”mån, ons” eller ”tisdag”.")
        out.add(found)
    if not out:
        raise ValueError("Ange minst en veckodag (t.ex. ”mån, ons”).")
    return tuple(sorted(out))


def weekdays_text(days) -> str:
    """`mån, ons` for (0, 2)."""
    return ", ".join(WEEKDAY_SHORT[d] for d in days)


def _weekdays_of(stored: str) -> tuple[int, ...]:
    return tuple(int(x) for x in stored.split(",") if x.strip() != "")


def parse_time(value: object) -> time:
    """A clock time: `9`, `9:00`, `09.30`, a time or datetime (Excel), or a fraction of a day
    (Excel's number for a time). Minutes in steps of 5. Raises ValueError in Swedish."""
    if isinstance(value, datetime):
        t = value.time()
    elif isinstance(value, time):
        t = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1 and value != 0:
        minutes = round(float(value) * 24 * 60)
        t = time(minutes // 60, minutes % 60)
    else:
        text = rules.text(value, max_len=20)
        if not text:
            raise ValueError("Ange en tid (t.ex. 09:00).")
        m = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?", text)
        if not m or int(m[1]) > 23 or (m[2] and int(m[2]) > 59):
            raise ValueError(f"”{text}” är ingen tid: skriv t.ex. 09:00 eller 13.30.")
        t = time(int(m[1]), int(m[2] or 0))
    if t.second or t.microsecond or t.minute % 5:
        raise ValueError(f"{t.strftime('%H:%M')}: ange tider i hela femminuter (t.ex. 09:00, 13:30).")
    return t


def minutes_between(start: time, end: time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def _count(value: object, what: str, high: int = 10_000) -> int:
    if isinstance(value, bool):
        raise ValueError(f"”{value}” är inget antal {what}.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = value.strip()
    try:
        n = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"”{value}” är inget antal {what} (ange ett heltal).") from None
    if not 0 <= n <= high:
        raise ValueError(f"{n} {what}: ange 0–{high}.")
    return n


def _bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().casefold()
    if text in ("", "nej", "n", "0", "false", "falskt"):
        return False
    if text in ("ja", "j", "x", "1", "true", "sant"):
        return True
    raise ValueError(f"Skriv ja eller nej (inte ”{value}”).")


def _municipality(s: Session, value: object) -> str:
    code = str(value if value is not None else "").strip()
    if isinstance(value, float) and value.is_integer():
        code = str(int(value))
    if not code:
        code = settings_service.default_municipality(s) or ""
        if not code:
            raise ValueError("Ange kommunkoden (det finns ingen standardkommun i inställningarna).")
    code = code.zfill(4) if code.isdigit() else code
    m = s.get(Municipality, code)
    if m is None or m.kind != "K":
        raise ValueError(f"Okänd kommunkod ”{value}”.")
    return code


def _staff_id(s: Session, value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if s.get(StaffMember, value) is None:
            raise ValueError(f"Medarbetaren med id {value} finns inte.")
        return value
    from ame_desktop.services.staff import find_staff_by_name

    m = find_staff_by_name(s, str(value))
    if m is None:
        raise ValueError(f"”{value}” finns inte i personallistan.")
    return m.id


def _hours_text(minutes: int) -> str:
    return f"{minutes / 60:g}".replace(".", ",")


# -- activity groups --------------------------------------------------------------------------------
@dataclass
class GroupInput:
    """What the window, the import and the command line give for a group (raw values)."""

    name: object
    category: object
    weekdays: object  # "mån, ons" or (0, 2)
    start_time: object  # "09:00" or a time
    end_time: object
    places: object
    municipality: object = None  # blank = the register's default municipality
    room: object = None
    address: object = None
    staff: object = None  # a staff member's id or name
    valid_from: object = None  # blank = today
    valid_to: object = None
    note: object = None
    active: object = True


@dataclass
class GroupView:
    """A group as the lists show it, with its bookings on the day asked about (`on`)."""

    id: int
    activity_id: int
    name: str
    category: int
    municipality_code: str
    weekdays: tuple[int, ...]
    start_time: time
    end_time: time
    room: str | None
    address: str | None
    staff_id: int | None
    staff_name: str
    places: int
    valid_from: date
    valid_to: date | None
    active: bool
    note: str | None
    booked: int = 0  # bookings with a place on `on` (for a week: the most on any day of it)
    waiting: int = 0  # bookings on the waiting list on `on` (or in the week)

    @property
    def free(self) -> int:
        return max(0, self.places - self.booked)

    @property
    def session_minutes(self) -> int:
        return minutes_between(self.start_time, self.end_time)

    @property
    def session_hours(self) -> float:
        return self.session_minutes / 60

    @property
    def weekday_text(self) -> str:
        return weekdays_text(self.weekdays)

    @property
    def time_text(self) -> str:
        return f"{self.start_time.strftime('%H:%M')}–{self.end_time.strftime('%H:%M')}"

    @property
    def place_text(self) -> str:
        return ", ".join(x for x in (self.room, self.address) if x)


def clean_group(s: Session, data: GroupInput, existing_id: int | None = None, today: date | None = None) -> dict:
    """The rules of one group: clean column values, or ValidationError naming each field."""
    errors: list[FieldError] = []
    out: dict = {}
    checks = (
        ("name", lambda v: " ".join(rules.required_text(v, max_len=120).split()), data.name),
        ("category", lambda v: _category(v), data.category),
        ("municipality_code", lambda v: _municipality(s, v), data.municipality),
        ("weekdays", lambda v: ",".join(str(d) for d in parse_weekdays(v)), data.weekdays),
        ("start_time", parse_time, data.start_time),
        ("end_time", parse_time, data.end_time),
        ("places", lambda v: _count(v, "platser", 1000), data.places),
        ("room", lambda v: rules.text(v, max_len=120), data.room),
        ("address", lambda v: rules.text(v, max_len=200), data.address),
        ("staff_id", lambda v: _staff_id(s, v), data.staff),
        ("valid_from", lambda v: rules.a_date(v, required=False) or (today or date.today()), data.valid_from),
        ("valid_to", lambda v: rules.a_date(v, required=False), data.valid_to),
        ("note", lambda v: rules.text(v, max_len=1000), data.note),
        ("active", _bool, data.active),
    )
    for name, fn, arg in checks:
        try:
            out[name] = fn(arg)
        except ValueError as exc:
            errors.append(FieldError(name, str(exc)))
    if "start_time" in out and "end_time" in out and out["end_time"] <= out["start_time"]:
        errors.append(FieldError("end_time", f"Sluttiden {out['end_time'].strftime('%H:%M')} ligger inte efter "
                                             f"starttiden {out['start_time'].strftime('%H:%M')}."))
    if out.get("valid_to") and out.get("valid_from") and out["valid_to"] < out["valid_from"]:
        errors.append(FieldError("valid_to", "Till-datum ligger före från-datum."))
    if "name" in out:
        if out["name"] in ("1", "2", "3", "4"):
            errors.append(FieldError("name", "En grupp kan inte heta som en kategori (1–4)."))
        else:
            errors.extend(_name_clash(s, out["name"], existing_id))
    if errors:
        raise ValidationError(errors)
    return out


def _category(value: object) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if value is not None else ""
    if isinstance(value, bool) or text not in ("1", "2", "3", "4"):
        raise ValueError("Kategori ska vara 1, 2, 3 eller 4.")
    return int(text)


def _name_clash(s: Session, name: str, existing_id: int | None) -> list[FieldError]:
    key = codes.normalize_code_text(name)
    own_activity = None
    if existing_id is not None:
        own_activity = s.get(ActivityGroup, existing_id).activity_id
    for a in s.exec(select(Activity)):
        if codes.normalize_code_text(a.name) == key and a.id != own_activity:
            return [FieldError("name", f"Det finns redan en aktivitet eller grupp som heter ”{a.name}”.")]
    return []


def _view(g: ActivityGroup, staff: dict[int, str]) -> GroupView:
    return GroupView(g.id, g.activity_id, g.name, g.category, g.municipality_code, _weekdays_of(g.weekdays),
                     g.start_time, g.end_time, g.room, g.address, g.staff_id, staff.get(g.staff_id, ""), g.places,
                     g.valid_from, g.valid_to, g.active, g.note)


def create_group(s: Session, data: GroupInput, today: date | None = None) -> ActivityGroup:
    """A new group and its Activity (same name and category). Returns the stored group."""
    authz.require_write(s)
    values = clean_group(s, data, None, today)
    authz.check_municipality(s, values["municipality_code"], write=True)
    activity = Activity(name=values["name"], category=values["category"])
    s.add(activity)
    s.flush()
    g = ActivityGroup(activity_id=activity.id, **values)
    s.add(g)
    s.flush()
    audit.record(s, "create", "activity_group", g.id, details=values)
    return g


def update_group(s: Session, group_id: int, data: GroupInput, today: date | None = None) -> ActivityGroup:
    """Change a group (its Activity follows the name and category). More places promote waiting
    bookings; fewer places leave existing bookings as they are. Returns the stored group."""
    authz.require_write(s)
    g = get_group(s, group_id)
    authz.check_municipality(s, g.municipality_code, write=True)
    values = clean_group(s, data, group_id, today)
    authz.check_municipality(s, values["municipality_code"], write=True)
    old = {k: getattr(g, k) for k in GROUP_FIELDS}
    for k, v in values.items():
        setattr(g, k, v)
    a = s.get(Activity, g.activity_id)
    a.name, a.category, a.active = g.name, g.category, g.active
    s.flush()
    audit.record(s, "update", "activity_group", g.id, details=audit.changes(old, values))
    if values["places"] > old["places"]:
        _promote(s, g, today)
    if (old["weekdays"], old["start_time"], old["end_time"]) != (g.weekdays, g.start_time, g.end_time):
        for pid in set(s.exec(select(GroupBooking.participant_id).where(GroupBooking.group_id == g.id))):
            _sync_group_schedule(s, g, pid, today)
    return g


def get_group(s: Session, group_id: int) -> ActivityGroup:
    """The group (NotFoundError if it does not exist; PermissionDenied outside the actor's
    municipalities)."""
    authz.refuse_caseworker(s)
    g = s.get(ActivityGroup, group_id)
    if g is None:
        raise NotFoundError(f"Gruppen med id {group_id} finns inte.")
    authz.check_municipality(s, g.municipality_code)
    return g


def find_group(s: Session, name: object) -> ActivityGroup | None:
    """A group by its name (any case), among the groups the actor may see; None if none."""
    key = codes.normalize_code_text(name)
    allowed = authz.allowed_municipalities(s, None)
    q = select(ActivityGroup)
    if allowed is not None:
        q = q.where(ActivityGroup.municipality_code.in_(allowed))
    for g in s.exec(q):
        if codes.normalize_code_text(g.name) == key:
            return g
    return None


def _booking_counts(s: Session, group_ids: list[int], first: date, last: date) -> dict[int, tuple[int, int]]:
    """{group: (most bookings with a place on one day of [first, last], waiting bookings then)}."""
    out: dict[int, tuple[int, int]] = {}
    if not group_ids:
        return out
    rows = s.execute(sa.select(GroupBooking.group_id, GroupBooking.start_date, GroupBooking.end_date,
                               GroupBooking.waiting_since).where(
        GroupBooking.group_id.in_(group_ids), GroupBooking.start_date <= last,
        sa.or_(GroupBooking.end_date.is_(None), GroupBooking.end_date >= first))).all()
    per_group: dict[int, list] = defaultdict(list)
    for gid, a, b, waiting in rows:
        per_group[gid].append((a, b, waiting))
    for gid, items in per_group.items():
        placed = [(a, b) for a, b, w in items if w is None]
        out[gid] = (_peak(placed, first, last), sum(1 for *_x, w in items if w is not None))
    return out


def _peak(intervals: list[tuple[date, date | None]], first: date, last: date) -> int:
    """The most intervals covering one day of [first, last]."""
    if not intervals:
        return 0
    points = {max(a, first) for a, _b in intervals}
    best = 0
    for d in points:
        if d > last:
            continue
        best = max(best, sum(1 for a, b in intervals if a <= d and (b is None or b >= d)))
    return best


def list_groups(s: Session, *, on: date | None = None, municipality: str | None = None,
                include_inactive: bool = False, week: date | None = None) -> list[GroupView]:
    """The groups of the municipalities the actor may see (or of `municipality`), by name, each
    with its bookings with a place and its waiting bookings on the day `on` (default today), or
    — given `week` (any day of it) — the most on any day of that week."""
    allowed = authz.allowed_municipalities(s, municipality)
    q = select(ActivityGroup).order_by(ActivityGroup.name)
    if allowed is not None:
        q = q.where(ActivityGroup.municipality_code.in_(allowed))
    if not include_inactive:
        q = q.where(ActivityGroup.active == True)  # noqa: E712
    groups = list(s.exec(q))
    staff = dict(s.execute(sa.select(StaffMember.id, StaffMember.name)).all())
    if week is not None:
        first = week - timedelta(days=week.weekday())
        last = first + timedelta(days=6)
    else:
        first = last = on or date.today()
    counts = _booking_counts(s, [g.id for g in groups], first, last)
    out = []
    for g in groups:
        v = _view(g, staff)
        v.booked, v.waiting = counts.get(g.id, (0, 0))
        out.append(v)
    return out


def bookable_groups(s: Session, week: date, *, municipality: str | None = None,
                    category: int | None = None) -> list[GroupView]:
    """Active groups running in the week of `week` (any day of it) with at least one free place
    that week, for booking a participant (optionally of one category)."""
    monday = week - timedelta(days=week.weekday())
    sunday = monday + timedelta(days=6)
    out = []
    for v in list_groups(s, municipality=municipality, week=monday):
        if category is not None and v.category != category:
            continue
        if v.valid_from > sunday or (v.valid_to is not None and v.valid_to < monday):
            continue
        if v.free > 0:
            out.append(v)
    return out


# -- sessions ---------------------------------------------------------------------------------------
@dataclass
class SessionView:
    id: int
    group_id: int
    day: date
    start_time: time
    end_time: time
    cancelled: bool
    cancel_reason: str | None
    booked: int = 0  # bookings with a place on the day

    @property
    def minutes(self) -> int:
        return minutes_between(self.start_time, self.end_time)

    @property
    def hours(self) -> float:
        return self.minutes / 60


@dataclass
class SessionsResult:
    """What generate_sessions did: sessions created, and the days skipped with why (a day off,
    closed, already there)."""

    created: list[date] = field(default_factory=list)
    skipped: list[tuple[date, str]] = field(default_factory=list)


def generate_sessions(s: Session, group_id: int, start: object, end: object) -> SessionsResult:
    """Sessions on the group's weekdays in [start, end] ∩ the group's dates: working days only,
    not on days the unit is closed (the group's municipality or everyone); existing sessions are
    kept. Returns the days created and the days skipped with the reason."""
    from ame_desktop.services.activity_requirement import closed_dates_for

    authz.require_write(s)
    g = get_group(s, group_id)
    authz.check_municipality(s, g.municipality_code, write=True)
    errors = []
    try:
        first = rules.a_date(start)
    except ValueError as exc:
        errors.append(FieldError("start", str(exc)))
    try:
        last = rules.a_date(end)
    except ValueError as exc:
        errors.append(FieldError("end", str(exc)))
    if errors:
        raise ValidationError(errors)
    if last < first:
        raise ValidationError.single("end", "Till-datum ligger före från-datum.")
    if (last - first).days > 400:
        raise ValidationError.single("end", "Skapa tillfällen för högst ett år i taget.")
    first = max(first, g.valid_from)
    if g.valid_to is not None:
        last = min(last, g.valid_to)
    result = SessionsResult()
    if first > last:
        return result
    closed = closed_dates_for(s, g.municipality_code, first, last)
    existing = set(s.exec(select(GroupSession.session_date).where(
        GroupSession.group_id == g.id, GroupSession.session_date.between(first, last))))
    days = _weekdays_of(g.weekdays)
    d = first
    rows = []
    while d <= last:
        if d.weekday() in days:
            off = day_off_name(d) if d.weekday() < 5 else None
            if off:
                result.skipped.append((d, off))
            elif d in closed:
                result.skipped.append((d, f"Stängt: {closed[d]}"))
            elif d in existing:
                result.skipped.append((d, "Finns redan"))
            else:
                rows.append({"group_id": g.id, "session_date": d, "start_time": g.start_time, "end_time": g.end_time})
                result.created.append(d)
        d += timedelta(days=1)
    if rows:
        s.execute(sa.insert(GroupSession.__table__), rows)
        s.flush()
        audit.record(s, "create", "group_session", g.id, details={
            "grupp": g.name, "tillfällen": len(rows), "från": result.created[0], "till": result.created[-1]})
        # Someone already booked gets the cancelled ones… none yet: new sessions are not cancelled.
    return result


def list_sessions(s: Session, group_id: int, start: date | None = None, end: date | None = None) -> list[SessionView]:
    """The group's sessions in [start, end] (all when not given), by day, each with the number
    of bookings with a place that day."""
    g = get_group(s, group_id)
    q = select(GroupSession).where(GroupSession.group_id == g.id).order_by(GroupSession.session_date)
    if start is not None:
        q = q.where(GroupSession.session_date >= start)
    if end is not None:
        q = q.where(GroupSession.session_date <= end)
    sessions = list(s.exec(q))
    bookings = s.execute(sa.select(GroupBooking.start_date, GroupBooking.end_date).where(
        GroupBooking.group_id == g.id, GroupBooking.waiting_since.is_(None))).all()
    out = []
    for x in sessions:
        n = sum(1 for a, b in bookings if a <= x.session_date and (b is None or b >= x.session_date))
        out.append(SessionView(x.id, g.id, x.session_date, x.start_time, x.end_time, x.cancelled_at is not None,
                               x.cancel_reason, n))
    return out


@dataclass
class CancelResult:
    """What cancelling a session did: the people marked INSTALLD for it, and those who already
    had hours registered in the group that day (left as registered)."""

    session_id: int
    day: date
    marked: int
    already_registered: int


def _session(s: Session, session_id: int) -> tuple[GroupSession, ActivityGroup]:
    x = s.get(GroupSession, session_id)
    if x is None:
        raise NotFoundError(f"Tillfället med id {session_id} finns inte.")
    return x, get_group(s, x.group_id)


def _placed_on(s: Session, group_id: int, day: date) -> list[int]:
    return list(s.exec(select(GroupBooking.participant_id).where(
        GroupBooking.group_id == group_id, GroupBooking.waiting_since.is_(None), GroupBooking.start_date <= day,
        sa.or_(GroupBooking.end_date.is_(None), GroupBooking.end_date >= day))))


def _mark_cancelled(s: Session, g: ActivityGroup, sessions: list[GroupSession], pids: list[int]) -> tuple[int, int]:
    """INSTALLD attendance for the people on the cancelled sessions (where nothing is registered
    in the group that day). Returns (marked, already registered)."""
    marked = already = 0
    events = []
    for x in sessions:
        if not pids:
            continue
        hours = minutes_between(x.start_time, x.end_time) / 60
        have = dict(s.execute(sa.select(Attendance.participant_id, Attendance.absence).where(
            Attendance.activity_id == g.activity_id, Attendance.attendance_date == x.session_date,
            Attendance.participant_id.in_(pids))).all())
        rows = []
        for pid in pids:
            if pid in have:
                if have[pid] == codes.CANCELLED_ABSENCE:
                    marked += 1
                else:
                    already += 1
                continue
            rows.append({"participant_id": pid, "attendance_date": x.session_date, "activity_id": g.activity_id,
                         "hours": hours, "absence": codes.CANCELLED_ABSENCE})
            events.append(audit.Event("update", "attendance", None, pid, {
                "celler": [[x.session_date, g.activity_id, None, [hours, codes.CANCELLED_ABSENCE]]]}))
        if rows:
            s.execute(sa.insert(Attendance.__table__), rows)
            marked += len(rows)
    audit.record_many(s, events)
    return marked, already


def cancel_session(s: Session, session_id: int, reason: object) -> CancelResult:
    """The unit cancels a session (a reason is required): everyone with a place in the group that
    day gets the session's hours as INSTALLD, so the activity report requires nothing of them
    for it (a day with hours already registered in the group is left as registered)."""
    authz.require_write(s)
    x, g = _session(s, session_id)
    authz.check_municipality(s, g.municipality_code, write=True)
    try:
        why = rules.required_text(reason, max_len=500)
    except ValueError as exc:
        raise ValidationError.single("reason", f"Ange varför tillfället ställs in: {exc}") from None
    if x.cancelled_at is not None:
        raise UserError(f"Tillfället {x.session_date.isoformat()} i {g.name} är redan inställt.")
    x.cancelled_at = datetime.now().replace(microsecond=0)
    x.cancelled_by = audit.actor_of(s).name
    x.cancel_reason = why
    s.flush()
    pids = _placed_on(s, g.id, x.session_date)
    marked, already = _mark_cancelled(s, g, [x], pids)
    audit.record(s, "update", "group_session", x.id, details={
        "grupp": g.name, "datum": x.session_date, "inställt": why, "markerade": marked})
    return CancelResult(x.id, x.session_date, marked, already)


def restore_session(s: Session, session_id: int) -> int:
    """Undo a cancellation: the session runs again and the INSTALLD hours written for it are
    removed. Returns the number of attendance cells removed."""
    authz.require_write(s)
    x, g = _session(s, session_id)
    authz.check_municipality(s, g.municipality_code, write=True)
    if x.cancelled_at is None:
        raise UserError(f"Tillfället {x.session_date.isoformat()} i {g.name} är inte inställt.")
    old_reason = x.cancel_reason
    x.cancelled_at = x.cancelled_by = x.cancel_reason = None
    hours = minutes_between(x.start_time, x.end_time) / 60
    t = Attendance.__table__
    rows = s.execute(sa.select(t.c.id, t.c.participant_id).where(
        t.c.activity_id == g.activity_id, t.c.attendance_date == x.session_date,
        t.c.absence == codes.CANCELLED_ABSENCE, t.c.hours == hours)).all()
    if rows:
        s.execute(sa.delete(t).where(t.c.id.in_([r[0] for r in rows])))
        audit.record_many(s, [audit.Event("update", "attendance", None, pid, {
            "celler": [[x.session_date, g.activity_id, [hours, codes.CANCELLED_ABSENCE], None]]}) for _i, pid in rows])
    s.flush()
    audit.record(s, "update", "group_session", x.id, details={"grupp": g.name, "datum": x.session_date,
                                                                "återställt": old_reason})
    return len(rows)


# -- bookings ---------------------------------------------------------------------------------------
@dataclass
class BookingView:
    """A booking as a person's page or a group's member list shows it."""

    id: int
    participant_id: int
    group_id: int
    group_name: str
    category: int
    weekdays: tuple[int, ...]
    start_time: time
    end_time: time
    start_date: date
    end_date: date | None
    waiting_since: date | None
    personnummer: str = ""
    name: str = ""
    note: str | None = None

    @property
    def waiting(self) -> bool:
        return self.waiting_since is not None

    @property
    def hours_per_week(self) -> float:
        return len(self.weekdays) * minutes_between(self.start_time, self.end_time) / 60

    @property
    def status_text(self) -> str:
        return f"Väntelista sedan {self.waiting_since.isoformat()}" if self.waiting_since else "Plats"


@dataclass
class BookingResult:
    """A stored booking: with a place, or on the waiting list (`position` 1 = first in line)."""

    booking: GroupBooking
    waiting: bool
    position: int | None = None


def _free_over(s: Session, g: ActivityGroup, start: date, end: date | None, exclude: int | None = None) -> bool:
    """Whether a place is free on every day of [start, end] (the group's places minus the
    bookings with a place then)."""
    q = sa.select(GroupBooking.id, GroupBooking.start_date, GroupBooking.end_date).where(
        GroupBooking.group_id == g.id, GroupBooking.waiting_since.is_(None),
        sa.or_(GroupBooking.end_date.is_(None), GroupBooking.end_date >= start))
    if end is not None:
        q = q.where(GroupBooking.start_date <= end)
    intervals = [(a, b) for i, a, b in s.execute(q) if i != exclude]
    far = end or max([start] + [a for a, _b in intervals])
    return _peak(intervals, start, far) < g.places


def _clean_dates(start: object, end: object) -> tuple[date, date | None]:
    errors = []
    a = b = None
    try:
        a = rules.a_date(start)
    except ValueError as exc:
        errors.append(FieldError("start_date", str(exc)))
    try:
        b = rules.a_date(end, required=False)
    except ValueError as exc:
        errors.append(FieldError("end_date", str(exc)))
    if not errors and b is not None and b < a:
        errors.append(FieldError("end_date", "Till-datum ligger före från-datum."))
    if errors:
        raise ValidationError(errors)
    return a, b


def book(s: Session, participant_id: int, group_id: int, start: object, end: object = None, *,
         waiting_list: bool = True, note: object = None, today: date | None = None) -> BookingResult:
    """Book a participant in a group from `start` (to `end`, or until further notice). With the
    group's places taken on some day of it, the booking goes to the waiting list dated `today`
    — or, with `waiting_list=False`, is refused (UserError naming the group and the day)."""
    authz.check_participant(s, participant_id, write=True)
    g = get_group(s, group_id)
    a, b = _clean_dates(start, end)
    today = today or date.today()
    try:
        clean_note = rules.text(note, max_len=500)
    except ValueError as exc:
        raise ValidationError.single("note", str(exc)) from None
    if not g.active:
        raise UserError(f"Gruppen {g.name} är inte aktiv och kan inte bokas.")
    if b is None and g.valid_to is not None:
        b = g.valid_to  # until further notice = until the group ends
    if a < g.valid_from or (g.valid_to is not None and (b is None or b > g.valid_to)):
        until = g.valid_to.isoformat() if g.valid_to else "tills vidare"
        raise ValidationError.single("start_date", f"Gruppen {g.name} pågår {g.valid_from.isoformat()} – {until}: "
                                                   "bokningen måste ligga inom den tiden.")
    for other_a, other_b in s.execute(sa.select(GroupBooking.start_date, GroupBooking.end_date).where(
            GroupBooking.participant_id == participant_id, GroupBooking.group_id == g.id)):
        if other_a <= (b or date.max) and (other_b is None or other_b >= a):
            until = other_b.isoformat() if other_b else "tills vidare"
            raise ValidationError.single("start_date", f"Personen är redan bokad i {g.name} "
                                                       f"{other_a.isoformat()} – {until}.")
    free = _free_over(s, g, a, b)
    if not free and not waiting_list:
        raise UserError(f"Gruppen {g.name} är fullbokad ({g.places} platser) {a.isoformat()}: "
                        "ingen plats är ledig. Boka med väntelista för att ställa personen i kö.")
    booking = GroupBooking(participant_id=participant_id, group_id=g.id, start_date=a, end_date=b,
                           waiting_since=None if free else today, note=clean_note)
    s.add(booking)
    s.flush()
    audit.record(s, "create", "group_booking", booking.id, participant_id, {
        "grupp": g.name, "från": a, "till": b, "väntelista": None if free else today})
    position = None
    if free:
        _confirmed(s, g, booking, today)
    else:
        position = _position(s, booking)
    return BookingResult(booking, not free, position)


def _position(s: Session, booking: GroupBooking) -> int:
    ahead = s.execute(sa.select(sa.func.count()).select_from(GroupBooking).where(
        GroupBooking.group_id == booking.group_id, GroupBooking.waiting_since.is_not(None),
        sa.or_(GroupBooking.waiting_since < booking.waiting_since,
               sa.and_(GroupBooking.waiting_since == booking.waiting_since, GroupBooking.id < booking.id)))).scalar()
    return int(ahead) + 1


def _confirmed(s: Session, g: ActivityGroup, booking: GroupBooking, today: date | None) -> None:
    """A booking got its place: its cancelled sessions become INSTALLD, the schedule follows."""
    q = select(GroupSession).where(GroupSession.group_id == g.id, GroupSession.cancelled_at.is_not(None),
                                   GroupSession.session_date >= booking.start_date)
    if booking.end_date is not None:
        q = q.where(GroupSession.session_date <= booking.end_date)
    cancelled = list(s.exec(q))
    if cancelled:
        _mark_cancelled(s, g, cancelled, [booking.participant_id])
    _sync_group_schedule(s, g, booking.participant_id, today)


def get_booking(s: Session, booking_id: int) -> GroupBooking:
    b = s.get(GroupBooking, booking_id)
    if b is None:
        raise NotFoundError(f"Bokningen med id {booking_id} finns inte.")
    authz.check_participant(s, b.participant_id)
    return b


def end_booking(s: Session, booking_id: int, end_date: object, today: date | None = None) -> list[GroupBooking]:
    """End a booking on a day (its last day in the group). A freed place goes to the earliest
    waiting booking that now fits; returns the bookings that got a place."""
    b = get_booking(s, booking_id)
    authz.check_participant(s, b.participant_id, write=True)
    try:
        last = rules.a_date(end_date)
    except ValueError as exc:
        raise ValidationError.single("end_date", str(exc)) from None
    if last < b.start_date:
        raise ValidationError.single("end_date", f"Till-datum {last.isoformat()} ligger före bokningens början "
                                                 f"{b.start_date.isoformat()}.")
    old = b.end_date
    b.end_date = last
    s.flush()
    audit.record(s, "update", "group_booking", b.id, b.participant_id, audit.changes({"end_date": old},
                                                                                    {"end_date": last}))
    g = s.get(ActivityGroup, b.group_id)
    _sync_group_schedule(s, g, b.participant_id, today)
    return _promote(s, g, today) if b.waiting_since is None else []


def cancel_booking(s: Session, booking_id: int, today: date | None = None) -> list[GroupBooking]:
    """Remove a booking (booked by mistake, or a waiting booking no longer wanted). A freed place
    goes to the earliest waiting booking that now fits; returns the bookings that got a place."""
    b = get_booking(s, booking_id)
    authz.check_participant(s, b.participant_id, write=True)
    g = s.get(ActivityGroup, b.group_id)
    had_place = b.waiting_since is None
    details = {"grupp": g.name, "från": b.start_date, "till": b.end_date, "väntelista": b.waiting_since}
    pid = b.participant_id
    s.delete(b)
    s.flush()
    audit.record(s, "delete", "group_booking", booking_id, pid, details)
    _sync_group_schedule(s, g, pid, today)
    return _promote(s, g, today) if had_place else []


def promote_waiting(s: Session, group_id: int, today: date | None = None) -> list[GroupBooking]:
    """Give free places to waiting bookings, earliest on the list first, each only if a place is
    free over all its dates. Returns the bookings that got a place (the actor must be able to
    write for each person; waiting bookings of people she may not see are left waiting)."""
    authz.require_write(s)
    g = get_group(s, group_id)
    authz.check_municipality(s, g.municipality_code, write=True)
    return _promote(s, g, today)


def _promote(s: Session, g: ActivityGroup, today: date | None) -> list[GroupBooking]:
    waiting = list(s.exec(select(GroupBooking).where(GroupBooking.group_id == g.id,
                                                     GroupBooking.waiting_since.is_not(None))
                          .order_by(GroupBooking.waiting_since, GroupBooking.id)))
    a = authz.actor(s)
    promoted = []
    for b in waiting:
        if a.municipalities is not None:
            code = s.execute(sa.select(Participant.municipality_code).where(Participant.id == b.participant_id)).scalar()
            if code not in a.municipalities:
                continue
        if _free_over(s, g, b.start_date, b.end_date, exclude=b.id):
            since = b.waiting_since
            b.waiting_since = None
            s.flush()
            audit.record(s, "update", "group_booking", b.id, b.participant_id,
                         {"grupp": g.name, "plats_från_väntelista": since})
            _confirmed(s, g, b, today)
            promoted.append(b)
    return promoted


def group_members(s: Session, group_id: int, *, on: date | None = None, include_waiting: bool = True) -> list[BookingView]:
    """The group's bookings (with a place, then the waiting list in order) that cover the day
    `on` (all bookings when None), of the people the actor may see; name and personnummer set."""
    g = get_group(s, group_id)
    q = (sa.select(GroupBooking, Participant.personnummer, Participant.first_name, Participant.last_name)
         .join(Participant, Participant.id == GroupBooking.participant_id)
         .where(GroupBooking.group_id == g.id, authz.visible(s)))
    if on is not None:
        q = q.where(GroupBooking.start_date <= on, sa.or_(GroupBooking.end_date.is_(None), GroupBooking.end_date >= on))
    if not include_waiting:
        q = q.where(GroupBooking.waiting_since.is_(None))
    out = []
    for b, pnr, first, last in s.execute(q):
        out.append(BookingView(b.id, b.participant_id, g.id, g.name, g.category, _weekdays_of(g.weekdays),
                               g.start_time, g.end_time, b.start_date, b.end_date, b.waiting_since, pnr,
                               f"{last}, {first}", b.note))
    out.sort(key=lambda v: (v.waiting_since is not None, v.waiting_since or date.min, v.name, v.id))
    return out


# -- workplaces and placements ----------------------------------------------------------------------
@dataclass
class WorkplaceInput:
    """What the window, the import and the command line give for a workplace (raw values)."""

    name: object
    sector: object
    municipality: object = None
    address: object = None
    contact_person: object = None
    contact_phone: object = None
    agreement_from: object = None
    agreement_to: object = None
    insurance_noted: object = False
    supervisor: object = None  # handledare på arbetsplatsen
    supervisor_phone: object = None
    places: object = 1
    note: object = None
    active: object = True


@dataclass
class WorkplaceView:
    id: int
    activity_id: int
    name: str
    sector: str
    municipality_code: str
    address: str | None
    contact_person: str | None
    contact_phone: str | None
    agreement_from: date | None
    agreement_to: date | None
    insurance_noted: bool
    supervisor: str | None
    supervisor_phone: str | None
    places: int
    active: bool
    note: str | None
    placed: int = 0  # placements running on the day asked about

    @property
    def open_places(self) -> int:
        return max(0, self.places - self.placed)

    @property
    def sector_label(self) -> str:
        return SECTOR_LABELS.get(self.sector, self.sector)

    def agreement_valid(self, on: date) -> bool:
        return (self.agreement_from is None or self.agreement_from <= on) and \
            (self.agreement_to is None or self.agreement_to >= on)


def clean_workplace(s: Session, data: WorkplaceInput, existing_id: int | None = None) -> dict:
    """The rules of one workplace: clean column values, or ValidationError naming each field."""
    errors: list[FieldError] = []
    out: dict = {}
    for name, fn, arg in (
        ("name", lambda v: " ".join(rules.required_text(v, max_len=120).split()), data.name),
        ("sector", lambda v: _sector(v), data.sector),
        ("municipality_code", lambda v: _municipality(s, v), data.municipality),
        ("address", lambda v: rules.text(v, max_len=200), data.address),
        ("contact_person", lambda v: rules.text(v, max_len=120), data.contact_person),
        ("contact_phone", lambda v: rules.text(v, max_len=40), data.contact_phone),
        ("agreement_from", lambda v: rules.a_date(v, required=False), data.agreement_from),
        ("agreement_to", lambda v: rules.a_date(v, required=False), data.agreement_to),
        ("insurance_noted", _bool, data.insurance_noted),
        ("supervisor", lambda v: rules.text(v, max_len=120), data.supervisor),
        ("supervisor_phone", lambda v: rules.text(v, max_len=40), data.supervisor_phone),
        ("places", lambda v: _count(v, "platser", 1000), data.places),
        ("note", lambda v: rules.text(v, max_len=1000), data.note),
        ("active", _bool, data.active),
    ):
        try:
            out[name] = fn(arg)
        except ValueError as exc:
            errors.append(FieldError(name, str(exc)))
    if out.get("agreement_to") and out.get("agreement_from") and out["agreement_to"] < out["agreement_from"]:
        errors.append(FieldError("agreement_to", "Avtalet slutar före det börjar."))
    if "name" in out and "municipality_code" in out:
        key = codes.normalize_code_text(out["name"])
        for w in s.exec(select(Workplace).where(Workplace.municipality_code == out["municipality_code"])):
            if w.id != existing_id and codes.normalize_code_text(w.name) == key:
                errors.append(FieldError("name", f"Arbetsplatsen ”{w.name}” finns redan i kommun "
                                                 f"{w.municipality_code}."))
    if errors:
        raise ValidationError(errors)
    return out


def _sector(value: object) -> str:
    code = rules.optional_code(SECTORS, value, "Okänd sektor")
    if code is None:
        raise ValueError(f"Ange sektor: {', '.join(SECTORS)}.")
    return code


def _workplace_activity_name(s: Session, name: str, municipality: str, own: int | None = None) -> str:
    base = f"Praktik: {name}"[:120]
    taken = {codes.normalize_code_text(n) for i, n in s.execute(sa.select(Activity.id, Activity.name)) if i != own}
    if codes.normalize_code_text(base) not in taken:
        return base
    return f"Praktik: {name} ({municipality})"[:120]


def create_workplace(s: Session, data: WorkplaceInput) -> Workplace:
    """A new workplace and its Activity (category 4, `Praktik: <name>`). Returns it."""
    authz.require_write(s)
    values = clean_workplace(s, data)
    authz.check_municipality(s, values["municipality_code"], write=True)
    activity = Activity(name=_workplace_activity_name(s, values["name"], values["municipality_code"]), category=4)
    s.add(activity)
    s.flush()
    w = Workplace(activity_id=activity.id, **values)
    s.add(w)
    s.flush()
    audit.record(s, "create", "workplace", w.id, details=values)
    return w


def update_workplace(s: Session, workplace_id: int, data: WorkplaceInput) -> Workplace:
    """Change a workplace (fewer places leave running placements as they are). Returns it."""
    authz.require_write(s)
    w = get_workplace(s, workplace_id)
    authz.check_municipality(s, w.municipality_code, write=True)
    values = clean_workplace(s, data, workplace_id)
    authz.check_municipality(s, values["municipality_code"], write=True)
    old = {k: getattr(w, k) for k in WORKPLACE_FIELDS}
    for k, v in values.items():
        setattr(w, k, v)
    a = s.get(Activity, w.activity_id)
    a.name = _workplace_activity_name(s, w.name, w.municipality_code, own=a.id)
    a.active = w.active
    s.flush()
    audit.record(s, "update", "workplace", w.id, details=audit.changes(old, values))
    return w


def get_workplace(s: Session, workplace_id: int) -> Workplace:
    authz.refuse_caseworker(s)
    w = s.get(Workplace, workplace_id)
    if w is None:
        raise NotFoundError(f"Arbetsplatsen med id {workplace_id} finns inte.")
    authz.check_municipality(s, w.municipality_code)
    return w


def find_workplace(s: Session, name: object, municipality: str | None = None) -> Workplace | None:
    """A workplace by its name (any case), among those the actor may see (in `municipality`
    when given); None if none or ambiguous."""
    key = codes.normalize_code_text(name)
    allowed = authz.allowed_municipalities(s, municipality)
    q = select(Workplace)
    if allowed is not None:
        q = q.where(Workplace.municipality_code.in_(allowed))
    found = [w for w in s.exec(q) if codes.normalize_code_text(w.name) == key]
    return found[0] if len(found) == 1 else None


def list_workplaces(s: Session, *, on: date | None = None, municipality: str | None = None,
                    only_open: bool = False, include_inactive: bool = False) -> list[WorkplaceView]:
    """The workplaces the actor may see, by name, each with the placements running on `on`
    (default today) and so its open places; `only_open` keeps those with an open place."""
    on = on or date.today()
    allowed = authz.allowed_municipalities(s, municipality)
    q = select(Workplace).order_by(Workplace.name)
    if allowed is not None:
        q = q.where(Workplace.municipality_code.in_(allowed))
    if not include_inactive:
        q = q.where(Workplace.active == True)  # noqa: E712
    places = list(s.exec(q))
    counts = dict(s.execute(sa.select(Placement.workplace_id, sa.func.count()).where(
        Placement.start_date <= on, sa.or_(Placement.end_date.is_(None), Placement.end_date >= on))
        .group_by(Placement.workplace_id)).all())
    out = []
    for w in places:
        v = WorkplaceView(w.id, w.activity_id, w.name, w.sector, w.municipality_code, w.address, w.contact_person,
                          w.contact_phone, w.agreement_from, w.agreement_to, w.insurance_noted, w.supervisor,
                          w.supervisor_phone, w.places, w.active, w.note, int(counts.get(w.id, 0)))
        if not only_open or v.open_places > 0:
            out.append(v)
    return out


@dataclass
class PlacementView:
    id: int
    participant_id: int
    workplace_id: int
    workplace_name: str
    start_date: date
    end_date: date | None
    hours_per_week: float
    note: str | None
    personnummer: str = ""
    name: str = ""


def add_placement(s: Session, participant_id: int, workplace_id: int, start: object, end: object = None,
                  hours_per_week: object = None, note: object = None, today: date | None = None) -> Placement:
    """Place a participant at a workplace (category 4) from `start` (to `end`) for some hours a
    week (quarter hours, more than 0 and at most 40). Refused when the workplace's places are
    taken on some day of it. Returns the placement."""
    authz.check_participant(s, participant_id, write=True)
    w = get_workplace(s, workplace_id)
    a, b = _clean_dates(start, end)
    try:
        hours = rules.quarter_hours(hours_per_week, low=0.25, high=40)
    except ValueError as exc:
        raise ValidationError.single("hours_per_week", str(exc)) from None
    try:
        clean_note = rules.text(note, max_len=500)
    except ValueError as exc:
        raise ValidationError.single("note", str(exc)) from None
    if not w.active:
        raise UserError(f"Arbetsplatsen {w.name} är inte aktiv.")
    q = sa.select(Placement.start_date, Placement.end_date).where(
        Placement.workplace_id == w.id, sa.or_(Placement.end_date.is_(None), Placement.end_date >= a))
    if b is not None:
        q = q.where(Placement.start_date <= b)
    intervals = list(s.execute(q).all())
    if _peak(intervals, a, b or max([a] + [x for x, _y in intervals])) >= w.places:
        raise UserError(f"Arbetsplatsen {w.name} har inga lediga platser ({w.places}) {a.isoformat()}.")
    p = Placement(participant_id=participant_id, workplace_id=w.id, start_date=a, end_date=b, hours_per_week=hours,
                  note=clean_note)
    s.add(p)
    s.flush()
    audit.record(s, "create", "placement", p.id, participant_id, {"arbetsplats": w.name, "från": a, "till": b,
                                                                   "timmar_per_vecka": hours})
    _sync_workplace_schedule(s, w, participant_id, today)
    return p


def _get_placement(s: Session, placement_id: int) -> Placement:
    p = s.get(Placement, placement_id)
    if p is None:
        raise NotFoundError(f"Placeringen med id {placement_id} finns inte.")
    authz.check_participant(s, p.participant_id)
    return p


def end_placement(s: Session, placement_id: int, end_date: object, today: date | None = None) -> Placement:
    """End a placement on a day (its last day). Returns it."""
    p = _get_placement(s, placement_id)
    authz.check_participant(s, p.participant_id, write=True)
    try:
        last = rules.a_date(end_date)
    except ValueError as exc:
        raise ValidationError.single("end_date", str(exc)) from None
    if last < p.start_date:
        raise ValidationError.single("end_date", "Till-datum ligger före placeringens början.")
    old = p.end_date
    p.end_date = last
    s.flush()
    audit.record(s, "update", "placement", p.id, p.participant_id, audit.changes({"end_date": old}, {"end_date": last}))
    _sync_workplace_schedule(s, s.get(Workplace, p.workplace_id), p.participant_id, today)
    return p


def delete_placement(s: Session, placement_id: int, today: date | None = None) -> None:
    """Remove a placement (written by mistake)."""
    p = _get_placement(s, placement_id)
    authz.check_participant(s, p.participant_id, write=True)
    w = s.get(Workplace, p.workplace_id)
    details = {"arbetsplats": w.name, "från": p.start_date, "till": p.end_date, "timmar_per_vecka": p.hours_per_week}
    pid = p.participant_id
    s.delete(p)
    s.flush()
    audit.record(s, "delete", "placement", placement_id, pid, details)
    _sync_workplace_schedule(s, w, pid, today)


def workplace_placements(s: Session, workplace_id: int, on: date | None = None) -> list[PlacementView]:
    """The placements at a workplace (running on `on`, or all), of the people the actor may see."""
    w = get_workplace(s, workplace_id)
    q = (sa.select(Placement, Participant.personnummer, Participant.first_name, Participant.last_name)
         .join(Participant, Participant.id == Placement.participant_id)
         .where(Placement.workplace_id == w.id, authz.visible(s)).order_by(Placement.start_date))
    if on is not None:
        q = q.where(Placement.start_date <= on, sa.or_(Placement.end_date.is_(None), Placement.end_date >= on))
    return [PlacementView(p.id, p.participant_id, w.id, w.name, p.start_date, p.end_date, p.hours_per_week, p.note,
                          pnr, f"{last}, {first}") for p, pnr, first, last in s.execute(q)]


# -- a person's bookings and placements -------------------------------------------------------------
@dataclass
class ParticipantBookings:
    """Everything booked for one person: group bookings (with a place and waiting), placements,
    and the weekly hours of own job seeking (JOBBSOK in the weekly schedule)."""

    participant_id: int
    bookings: list[BookingView]
    placements: list[PlacementView]
    job_seeking_hours: float


def participant_bookings(s: Session, participant_id: int, on: date | None = None) -> ParticipantBookings:
    """The person's bookings and placements (those covering `on`, or all when None), newest first."""
    authz.check_participant(s, participant_id)
    from ame_desktop.services.activity_requirement import job_seeking_hours

    q = (sa.select(GroupBooking, ActivityGroup).join(ActivityGroup, ActivityGroup.id == GroupBooking.group_id)
         .where(GroupBooking.participant_id == participant_id).order_by(GroupBooking.start_date.desc()))
    pq = (sa.select(Placement, Workplace.name).join(Workplace, Workplace.id == Placement.workplace_id)
          .where(Placement.participant_id == participant_id).order_by(Placement.start_date.desc()))
    if on is not None:
        q = q.where(GroupBooking.start_date <= on, sa.or_(GroupBooking.end_date.is_(None), GroupBooking.end_date >= on))
        pq = pq.where(Placement.start_date <= on, sa.or_(Placement.end_date.is_(None), Placement.end_date >= on))
    bookings = [BookingView(b.id, b.participant_id, g.id, g.name, g.category, _weekdays_of(g.weekdays), g.start_time,
                            g.end_time, b.start_date, b.end_date, b.waiting_since, note=b.note)
                for b, g in s.execute(q)]
    placements = [PlacementView(p.id, p.participant_id, p.workplace_id, name, p.start_date, p.end_date,
                                p.hours_per_week, p.note) for p, name in s.execute(pq)]
    return ParticipantBookings(participant_id, bookings, placements, job_seeking_hours(s, participant_id))


# -- the weekly schedule follows bookings and placements --------------------------------------------
def _set_entries(s: Session, participant_id: int, activity_id: int, hours_by_day: dict[int, float]) -> None:
    t = ScheduleEntry.__table__
    before = {wd: h for wd, h in s.execute(sa.select(t.c.weekday, t.c.hours).where(
        t.c.participant_id == participant_id, t.c.activity_id == activity_id))}
    if before == hours_by_day:
        return
    s.execute(sa.delete(t).where(t.c.participant_id == participant_id, t.c.activity_id == activity_id))
    if hours_by_day:
        s.execute(sa.insert(t), [{"participant_id": participant_id, "activity_id": activity_id, "weekday": wd,
                                  "hours": h} for wd, h in sorted(hours_by_day.items())])
    audit.record(s, "update", "schedule", participant_id, participant_id, {
        "aktivitet": activity_id, "schema": [sorted(before.items()), sorted(hours_by_day.items())]})


def _sync_group_schedule(s: Session, g: ActivityGroup, participant_id: int, today: date | None) -> None:
    today = today or date.today()
    running = s.execute(sa.select(sa.func.count()).select_from(GroupBooking).where(
        GroupBooking.participant_id == participant_id, GroupBooking.group_id == g.id,
        GroupBooking.waiting_since.is_(None),
        sa.or_(GroupBooking.end_date.is_(None), GroupBooking.end_date >= today))).scalar()
    hours = minutes_between(g.start_time, g.end_time) / 60
    _set_entries(s, participant_id, g.activity_id, {wd: hours for wd in _weekdays_of(g.weekdays)} if running else {})


def _sync_workplace_schedule(s: Session, w: Workplace, participant_id: int, today: date | None) -> None:
    today = today or date.today()
    hours = s.execute(sa.select(sa.func.max(Placement.hours_per_week)).where(
        Placement.participant_id == participant_id, Placement.workplace_id == w.id,
        sa.or_(Placement.end_date.is_(None), Placement.end_date >= today))).scalar()
    per_day = round((hours or 0) / 5 * 4) / 4
    _set_entries(s, participant_id, w.activity_id, {wd: per_day for wd in range(5)} if per_day > 0 else {})
