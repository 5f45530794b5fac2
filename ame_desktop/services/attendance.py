"""Närvaro: hours per person, activity and day — read as week grids, saved all or nothing.

A cell is (hours, absence): absence None = present for those hours; a code = absent for
those hours with that reason. Rules: quarter hours; a day's hours for one person (all
activities together) at most 24; only days inside an enrollment; never in the future.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session

from ame_desktop.domain import codes, rules
from ame_desktop.domain.collector import collector_paused
from ame_desktop.domain.errors import FieldError, ValidationError
from ame_desktop.domain.models import Activity, Attendance, Enrollment, Participant, ScheduleEntry
from ame_desktop.services import audit, authz


@dataclass(frozen=True)
class Cell:
    hours: float
    absence: str | None = None


@dataclass(frozen=True)
class CellKey:
    participant_id: int
    activity_id: int
    day: date

    def field(self) -> str:
        """How a ValidationError names this cell."""
        return f"{self.participant_id}:{self.activity_id}:{self.day.isoformat()}"


@dataclass
class GridRow:
    participant_id: int
    activity_id: int
    label: str  # the person's name (group grid) or the activity's name (person grid)
    cells: dict[date, Cell] = field(default_factory=dict)
    planned: dict[date, float] = field(default_factory=dict)  # from the weekly schedule
    open_days: set[date] = field(default_factory=set)  # enrolled and not in the future


@dataclass
class Week:
    monday: date
    rows: list[GridRow]

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]


def monday_of(d: date) -> date:
    return d - timedelta(days=d.weekday())


def parse_absence(value: object) -> str | None:
    return rules.optional_code(codes.Absence, value, "Okänd frånvaroorsak")


def day_hours(value: object) -> float:
    return rules.quarter_hours(value, low=0, high=24)


def enrollment_days(s: Session, participant_ids: list[int], start: date, end: date) -> dict[int, list[tuple]]:
    """Enrollment intervals per person that touch [start, end] (of the people the actor may see)."""
    out: dict[int, list[tuple]] = defaultdict(list)
    if not participant_ids:
        return out
    q = sa.select(Enrollment.participant_id, Enrollment.start_date, Enrollment.end_date).where(
        Enrollment.participant_id.in_(participant_ids), Enrollment.start_date <= end,
        sa.or_(Enrollment.end_date.is_(None), Enrollment.end_date >= start))
    if authz.actor(s).municipalities is not None:
        q = q.where(Enrollment.participant_id.in_(authz.visible_ids(s)))
    for pid, a, b in s.execute(q):
        out[pid].append((a, b))
    return out


def _enrolled(intervals: list[tuple], d: date) -> bool:
    return any(a <= d and (b is None or d <= b) for a, b in intervals)


def _fill(s: Session, rows: list[GridRow], monday: date, today: date) -> None:
    days = [monday + timedelta(days=i) for i in range(7)]
    pids = sorted({r.participant_id for r in rows})
    enrolled = enrollment_days(s, pids, days[0], days[-1])
    by_key = {(r.participant_id, r.activity_id): r for r in rows}
    if pids:
        q = sa.select(Attendance.participant_id, Attendance.activity_id, Attendance.attendance_date,
                      Attendance.hours, Attendance.absence).where(
            Attendance.participant_id.in_(pids), Attendance.attendance_date.between(days[0], days[-1]))
        for pid, aid, d, hours, absence in s.execute(q):
            row = by_key.get((pid, aid))
            if row is not None:
                row.cells[d] = Cell(hours, absence)
        q = sa.select(ScheduleEntry.participant_id, ScheduleEntry.activity_id, ScheduleEntry.weekday,
                      ScheduleEntry.hours).where(ScheduleEntry.participant_id.in_(pids))
        for pid, aid, weekday, hours in s.execute(q):
            row = by_key.get((pid, aid))
            if row is not None:
                row.planned[days[weekday]] = hours
    for row in rows:
        row.open_days = {d for d in days if d <= today and _enrolled(enrolled.get(row.participant_id, []), d)}


def group_week(s: Session, activity_id: int, monday: date, today: date | None = None) -> Week:
    """Rows = the participants scheduled in an activity or with hours in it that week."""
    with collector_paused():
        return _group_week(s, activity_id, monday, today)


def _group_week(s: Session, activity_id: int, monday: date, today: date | None) -> Week:
    today = today or date.today()
    monday = monday_of(monday)
    sunday = monday + timedelta(days=6)
    # Scheduled people count only while enrolled that week; anyone with hours recorded counts.
    # Found from the group's side, not the register's (issue 25): the scheduled people's own
    # enrollments, not every enrollment of the week.
    enrolled = sa.exists().where(Enrollment.participant_id == ScheduleEntry.participant_id,
                                 Enrollment.start_date <= sunday,
                                 sa.or_(Enrollment.end_date.is_(None), Enrollment.end_date >= monday))
    scheduled = sa.select(ScheduleEntry.participant_id).where(ScheduleEntry.activity_id == activity_id, enrolled)
    in_week = Attendance.attendance_date.between(monday, sunday)
    if s.get_bind().dialect.name == "sqlite":
        # SQLite, without statistics, would take the activity's index and read its hours of every
        # year: instead the week's people (the covering date index), each probed in the unique key.
        week_people = sa.select(Attendance.participant_id.label("pid")).where(in_week).distinct().subquery("week")
        other = aliased(Attendance, name="in_activity")
        recorded = sa.select(week_people.c.pid).where(sa.select(sa.literal(1)).where(
            other.participant_id == week_people.c.pid, other.attendance_date.between(monday, sunday),
            other.activity_id == activity_id).exists())
    else:  # PostgreSQL's planner combines the date and activity indexes itself
        recorded = sa.select(Attendance.participant_id).where(Attendance.activity_id == activity_id, in_week)
    q = (sa.select(Participant.id, Participant.first_name, Participant.last_name)
         .where(sa.or_(Participant.id.in_(scheduled), Participant.id.in_(recorded)), authz.visible(s))
         .order_by(Participant.sort_name, Participant.personnummer))
    rows = [GridRow(pid, activity_id, f"{last}, {first}") for pid, first, last in s.execute(q)]
    _fill(s, rows, monday, today)
    return Week(monday, rows)


def person_week(s: Session, participant_id: int, monday: date, today: date | None = None) -> Week:
    """Rows = the person's scheduled activities and any activity with hours that week."""
    authz.check_participant(s, participant_id)
    today = today or date.today()
    monday = monday_of(monday)
    sunday = monday + timedelta(days=6)
    scheduled = sa.select(ScheduleEntry.activity_id).where(ScheduleEntry.participant_id == participant_id)
    recorded = sa.select(Attendance.activity_id).where(
        Attendance.participant_id == participant_id, Attendance.attendance_date.between(monday, sunday))
    q = (sa.select(Activity.id, Activity.name).where(sa.or_(Activity.id.in_(scheduled), Activity.id.in_(recorded)))
         .order_by(Activity.is_category, Activity.category, Activity.name))
    rows = [GridRow(participant_id, aid, name) for aid, name in s.execute(q)]
    _fill(s, rows, monday, today)
    return Week(monday, rows)


def prefill_from_schedule(week: Week) -> dict[CellKey, Cell]:
    """What 'fill from the schedule' would enter: planned hours as present, in empty open cells."""
    out: dict[CellKey, Cell] = {}
    for row in week.rows:
        for d, hours in row.planned.items():
            if d in row.open_days and d not in row.cells:
                out[CellKey(row.participant_id, row.activity_id, d)] = Cell(hours)
    return out


def save_cells(s: Session, changes: dict[CellKey, Cell | None], today: date | None = None, *,
               written: dict[CellKey, Cell | None] | None = None) -> int:
    """Write changed cells (None = clear). Every rule is checked before anything is written;
    a ValidationError names each bad cell by CellKey.field(). Returns the number of cells written.
    `written`, if given, receives each cell as stored (hours in quarters, the absence's code), so
    a caller showing them need not check them a second time."""
    if not changes:
        return 0
    with collector_paused():
        return _save_cells(s, changes, today or date.today(), written)


def _save_cells(s: Session, changes: dict[CellKey, Cell | None], today: date,
                written: dict[CellKey, Cell | None] | None) -> int:
    actor = authz.require_write(s)
    people = {k.participant_id for k in changes}
    if actor.municipalities is not None:
        # The people's municipalities in one query (authz.check_participant's rule, per person).
        codes_of = dict(s.execute(sa.select(Participant.id, Participant.municipality_code)
                                  .where(Participant.id.in_(sorted(people)))).all())
        for pid in people:
            if codes_of.get(pid) not in actor.municipalities:
                authz.check_participant(s, pid, write=True)  # refuses, with its message
    errors: list[FieldError] = []
    clean: dict[CellKey, Cell | None] = {}
    for key, cell in changes.items():
        if cell is None:
            clean[key] = None
            continue
        try:
            hours = day_hours(cell.hours)
            absence = parse_absence(cell.absence)
        except ValueError as exc:
            errors.append(FieldError(key.field(), str(exc)))
            continue
        if key.day > today:
            errors.append(FieldError(key.field(), f"{key.day.isoformat()} ligger i framtiden."))
            continue
        clean[key] = Cell(hours, absence)
    pids = sorted({k.participant_id for k in clean})
    first = min(k.day for k in clean) if clean else today
    last = max(k.day for k in clean) if clean else today
    enrolled = enrollment_days(s, pids, first, last)
    for key, cell in clean.items():
        if cell is not None and not _enrolled(enrolled.get(key.participant_id, []), key.day):
            errors.append(FieldError(key.field(), f"{key.day.isoformat()} ligger utanför personens inskrivning."))
    # The stored cells of these people and days, read once: a day's total over all activities
    # (counting stored cells that are not being changed), and what each changed cell was.
    # Keyed by plain tuples (hashed in C): a country-size group's save is 11 000 cells (issue 25).
    changed = {(k.participant_id, k.activity_id, k.day) for k in clean}
    stored: dict[tuple[int, int, date], tuple[int, float, str | None]] = {}  # cell → (id, hours, absence)
    totals: dict[tuple[int, date], float] = defaultdict(float)
    if pids:
        q = sa.select(Attendance.id, Attendance.participant_id, Attendance.activity_id, Attendance.attendance_date,
                      Attendance.hours, Attendance.absence
                      ).where(Attendance.participant_id.in_(pids), Attendance.attendance_date.between(first, last))
        for rid, pid, aid, d, hours, absence in s.execute(q):
            t = (pid, aid, d)
            stored[t] = (rid, hours, absence)
            if t not in changed:
                totals[(pid, d)] += hours
    first_key: dict[tuple[int, date], CellKey] = {}  # the cell a day's total is reported at
    for key, cell in clean.items():
        if cell is not None:
            totals[(key.participant_id, key.day)] += cell.hours
            first_key.setdefault((key.participant_id, key.day), key)
    for (pid, d), total in totals.items():
        if total > 24:
            bad = first_key.get((pid, d))
            if bad is None:  # only stored cells, none entered now (one cleared): not this save's error
                continue
            errors.append(FieldError(bad.field(), f"{d.isoformat()}: {total:g} timmar sammanlagt är mer än ett dygn."))
    if errors:
        raise ValidationError(errors)
    # Bulk statements: a week of a 200-person group is ~1 000 cells. One audit entry per person:
    # each changed cell with its old and new value.
    deletes, inserts, updates = [], [], []
    per_person: dict[int, list] = defaultdict(list)
    for k, c in clean.items():
        row = stored.get((k.participant_id, k.activity_id, k.day))
        old = None if row is None else [row[1], row[2]]
        new = None if c is None else [c.hours, c.absence]
        if old == new:  # unchanged cells are not written again, nor logged
            continue
        if c is None:
            deletes.append(row[0])
        elif row is None:
            inserts.append({"participant_id": k.participant_id, "activity_id": k.activity_id,
                            "attendance_date": k.day, "hours": c.hours, "absence": c.absence})
        else:
            updates.append({"b_id": row[0], "hours": c.hours, "absence": c.absence})
        per_person[k.participant_id].append([k.day, k.activity_id, old, new])
    t = Attendance.__table__
    if deletes:
        s.execute(sa.delete(t).where(t.c.id.in_(deletes)))
    if inserts:
        s.execute(sa.insert(t), inserts)
    if updates:
        s.connection().execute(sa.update(t).where(t.c.id == sa.bindparam("b_id"))
                               .values(hours=sa.bindparam("hours"), absence=sa.bindparam("absence")), updates)
    audit.record_many(s, [audit.Event("update", "attendance", None, pid, {"celler": cells})
                          for pid, cells in per_person.items()])
    if written is not None:
        written.update(clean)
    return len(clean)


def cell_text(cell: Cell | None) -> str:
    """How the grid shows a cell: `7,5` present, `7,5 SJUK` absent."""
    if cell is None:
        return ""
    hours = f"{cell.hours:g}".replace(".", ",")
    return f"{hours} {cell.absence}" if cell.absence else hours


ABSENCE_SHORTCUTS = {"s": "SJUK", "si": "SJUK_INTYG", "l": "SJUK_INTYG", "v": "VAB", "b": "BEVILJAD", "o": "OGILTIG",
                     # issue 16
                     "a": "ARBETE", "i": "INTERVJU", "m": "MYNDIGHET", "vd": "VARD", "st": "INSTALLD"}


def parse_cell_text(text: str) -> Cell | None:
    """What a coach types into a grid cell: `7,5`, `8 s` (sjuk), `8 o` (ogiltig), `8 VAB`; empty = clear."""
    t = text.strip()
    if not t:
        return None
    parts = t.replace(",", ".").split()
    hours = day_hours(parts[0])
    absence = None
    if len(parts) > 1:
        word = "_".join(parts[1:])
        absence = ABSENCE_SHORTCUTS.get(word.casefold()) or parse_absence(word)
    return Cell(hours, absence)
