"""Issue 23 timings (reported beside their floors, not asserted):

- the under-scheduled list for a week and for a month on the city register (18 000 people with
  a requirement) in a running program — target ≤ 500 ms;
- the capacity view (three months: groups per week, categories, forecast) — target ≤ 1 s;
each beside its floor: the same SELECTs through Python's sqlite3, rows fetched, no arithmetic.

The register is a copy of the cached city register (benchmarks/scale.py; built if missing),
upgraded to the head schema by the program's own migrations, with groups, sessions, bookings
(a tenth of them on waiting lists), workplaces and placements added in bulk. It is cached under
its own name (`capacity-city-…-<schema>.db`), so the city register itself is left as it is.

    python -m benchmarks.bench_capacity [RUNS]
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import sys
import time
from datetime import date, datetime, time as clock, timedelta
from pathlib import Path

from benchmarks.scale import CACHE, CITY, build
from ame_desktop.domain.dates import add_months, month_bounds
from ame_desktop.domain.workdays import is_working_day
from ame_desktop.store.schema import head_revision, open_register

GROUPS_PER_MUNICIPALITY = 60
WORKPLACES_PER_MUNICIPALITY = 120


def _source() -> Path:
    """The newest cached city register (any schema), or a new one."""
    stem = CITY.path.name.rsplit("-", 1)[0]
    found = sorted(CACHE.glob(stem + "-*.db"))
    return found[-1] if found else build(CITY)


def register(log=print) -> tuple[Path, date]:
    source = _source()
    path = CACHE / f"capacity-{source.name.rsplit('-', 1)[0]}-{head_revision()}.db"
    built_on = date.fromtimestamp(source.stat().st_mtime)
    if path.exists():
        return path, built_on
    t0 = time.perf_counter()
    tmp = path.with_suffix(".building")
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    shutil.copyfile(source, tmp)
    db = open_register(str(tmp))  # upgrades a copy at an older schema with the program's migrations
    db.dispose()
    for bak in CACHE.glob(tmp.name + ".före-uppgradering-*.bak"):  # the upgrade's own safety copy
        bak.unlink()
    _add_capacity(tmp, built_on)
    tmp.rename(path)
    log(f"built {path.name} in {time.perf_counter() - t0:.1f} s")
    return path, built_on


def _add_capacity(path: Path, today: date) -> None:
    rng = random.Random(23)
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA synchronous=OFF")
    munis = [r[0] for r in con.execute("SELECT DISTINCT municipality_code FROM participant ORDER BY 1")]
    first = add_months(date(today.year, today.month, 1), -2)
    last = add_months(first, 7)
    now = datetime.now().replace(microsecond=0).isoformat(" ")
    groups = []  # (id, municipality, weekdays, minutes, places)
    for m in munis:
        for i in range(GROUPS_PER_MUNICIPALITY):
            cat = rng.choice([1, 1, 2, 2, 3, 4])
            con.execute("INSERT INTO activity(name, category, is_category, active) VALUES (?, ?, 0, 1)",
                        (f"Grupp {m}-{i + 1}", cat))
            aid = con.execute("SELECT last_insert_rowid()").fetchone()[0]
            days = sorted(rng.sample(range(5), rng.choice([1, 2, 3, 5])))
            start = clock(rng.choice([8, 9, 10, 13]), 0)
            minutes = rng.choice([120, 180, 240])
            end = clock(start.hour + minutes // 60, 0)
            places = rng.choice([8, 12, 15, 20, 25])
            con.execute("INSERT INTO activity_group(activity_id, name, category, municipality_code, weekdays, "
                        "start_time, end_time, places, valid_from, active, created_at) VALUES (?,?,?,?,?,?,?,?,?,1,?)",
                        (aid, f"Grupp {m}-{i + 1}", cat, m, ",".join(map(str, days)), start.isoformat(),
                         end.isoformat(), places, first.isoformat(), now))
            gid = con.execute("SELECT last_insert_rowid()").fetchone()[0]
            groups.append((gid, m, days, start, end, places))
    sessions = []
    d = first
    while d <= last:
        if is_working_day(d):
            for gid, _m, days, start, end, _p in groups:
                if d.weekday() in days:
                    cancelled = now if rng.random() < 0.03 else None
                    sessions.append((gid, d.isoformat(), start.isoformat(), end.isoformat(), cancelled,
                                     "bench" if cancelled else None, "Sjuk personal" if cancelled else None))
        d += timedelta(days=1)
    con.executemany("INSERT INTO group_session(group_id, session_date, start_time, end_time, cancelled_at, "
                    "cancelled_by, cancel_reason) VALUES (?,?,?,?,?,?,?)", sessions)
    # Issue 23's scale: everyone with a requirement period on file (18 000) has one running now —
    # those whose period ended get a new one, and an enrollment, from two months back.
    ended = con.execute("SELECT participant_id FROM requirement_period GROUP BY participant_id "
                        "HAVING max(coalesce(end_date, '9999-12-31')) < ?", (first.isoformat(),)).fetchall()
    con.executemany("INSERT INTO requirement_period(participant_id, start_date, end_date, hours_per_week) "
                    "VALUES (?, ?, NULL, ?)", [(pid, first.isoformat(), rng.choice([40, 40, 30, 20])) for (pid,) in ended])
    con.executemany("INSERT OR IGNORE INTO enrollment(participant_id, start_date, time_without_work, municipality_code) "
                    "SELECT id, ?, 'saknas', municipality_code FROM participant WHERE id = ? AND NOT EXISTS (SELECT 1 "
                    "FROM enrollment e WHERE e.participant_id = participant.id AND e.end_date IS NULL)",
                    [(first.isoformat(), pid) for (pid,) in ended])
    people = con.execute("SELECT p.id, p.municipality_code FROM participant p WHERE p.id IN "
                         "(SELECT participant_id FROM requirement_period WHERE end_date IS NULL OR end_date >= ?)",
                         (first.isoformat(),)).fetchall()
    by_muni: dict[str, list] = {}
    for g in groups:
        by_muni.setdefault(g[1], []).append(g)
    taken: dict[int, int] = {}
    bookings = []
    for pid, m in people:
        for g in rng.sample(by_muni[m], rng.choice([0, 1, 1, 2])):
            gid, places = g[0], g[5]
            a = first + timedelta(days=rng.randint(0, 60))
            b = None if rng.random() < 0.6 else a + timedelta(days=rng.randint(30, 150))
            waiting = None
            if taken.get(gid, 0) >= places * 6:  # bookings come and go: a group holds a few rounds
                waiting = (a - timedelta(days=rng.randint(1, 20))).isoformat()
            else:
                taken[gid] = taken.get(gid, 0) + 1
            bookings.append((pid, gid, a.isoformat(), b.isoformat() if b else None, waiting, now))
    con.executemany("INSERT OR IGNORE INTO group_booking(participant_id, group_id, start_date, end_date, "
                    "waiting_since, created_at) VALUES (?,?,?,?,?,?)", bookings)
    places_by_muni: dict[str, list[int]] = {}
    for m in munis:
        for i in range(WORKPLACES_PER_MUNICIPALITY):
            con.execute("INSERT INTO activity(name, category, is_category, active) VALUES (?, 4, 0, 1)",
                        (f"Praktik: Arbetsplats {m}-{i + 1}",))
            aid = con.execute("SELECT last_insert_rowid()").fetchone()[0]
            con.execute("INSERT INTO workplace(activity_id, name, sector, municipality_code, insurance_noted, places, "
                        "active, created_at) VALUES (?,?,?,?,1,?,1,?)",
                        (aid, f"Arbetsplats {m}-{i + 1}", rng.choice(["KOMMUN", "PRIVAT", "CIVIL", "ANNAN"]), m,
                         rng.choice([1, 2, 3, 5]), now))
            places_by_muni.setdefault(m, []).append(con.execute("SELECT last_insert_rowid()").fetchone()[0])
    placements = []
    for pid, m in rng.sample(people, len(people) // 7):
        a = first + timedelta(days=rng.randint(0, 90))
        placements.append((pid, rng.choice(places_by_muni[m]), a.isoformat(),
                           None if rng.random() < 0.5 else (a + timedelta(days=rng.randint(30, 120))).isoformat(),
                           rng.choice([10, 15, 20, 30]), now))
    con.executemany("INSERT OR IGNORE INTO placement(participant_id, workplace_id, start_date, end_date, hours_per_week, "
                    "created_at) VALUES (?,?,?,?,?,?)", placements)
    con.commit()
    con.execute("ANALYZE")
    con.close()


# -- floors: the same SELECTs through sqlite3 ---------------------------------------------------------
def _floor(path: Path, first: date, last: date) -> None:
    """The statements the services run (same shapes: overlapping rows, day offsets computed by
    SQLite, the schedule summed per person as packed integers), rows fetched, nothing else."""
    con = sqlite3.connect(str(path))
    a, b = first.isoformat(), last.isoformat()
    overlap = "start_date <= ? AND (end_date IS NULL OR end_date >= ?)"

    def off(col: str) -> str:
        return f"CAST(julianday({col}) - julianday('{a}') AS INTEGER)"

    con.execute(f"SELECT id, municipality_code FROM participant WHERE id IN (SELECT participant_id FROM "
                f"requirement_period WHERE {overlap})", (b, a)).fetchall()
    con.execute("SELECT start_date, end_date, municipality_code, reason FROM closed_day WHERE start_date <= ? AND "
                "end_date >= ?", (b, a)).fetchall()
    con.execute(f"SELECT participant_id, {off('start_date')}, {off('end_date')} FROM enrollment WHERE {overlap}",
                (b, a)).fetchall()
    con.execute(f"SELECT participant_id, {off('start_date')}, {off('end_date')}, hours_per_week, exemption FROM "
                f"requirement_period WHERE {overlap}", (b, a)).fetchall()
    con.execute(f"SELECT group_id, {off('session_date')}, start_time, end_time, cancelled_at FROM group_session "
                "WHERE session_date BETWEEN ? AND ?", (a, b)).fetchall()
    con.execute(f"SELECT participant_id, group_id, {off('start_date')}, {off('end_date')}, waiting_since IS NOT NULL "
                f"FROM group_booking WHERE {overlap}", (b, a)).fetchall()
    con.execute(f"SELECT participant_id, {off('start_date')}, {off('end_date')}, hours_per_week FROM placement "
                f"WHERE {overlap}", (b, a)).fetchall()
    seek = con.execute("SELECT id FROM activity WHERE category = 0").fetchall()[0][0]
    packed = "CAST(round(hours * 12) AS INTEGER) << (weekday * 9)"
    con.execute(f"SELECT participant_id, sum(CASE WHEN activity_id = {seek} THEN {packed} ELSE 0 END), "
                f"sum(CASE WHEN activity_id != {seek} THEN {packed} ELSE 0 END), sum(hours) FROM schedule_entry "
                "WHERE activity_id NOT IN (SELECT activity_id FROM activity_group UNION SELECT activity_id FROM "
                "workplace) GROUP BY participant_id").fetchall()
    con.close()


def _capacity_floor(path: Path, first: date, last: date) -> None:
    """The list's statements over the three months, and the view's own: groups, their bookings and
    sessions by week, the latest plan of each person, the extract's latest month."""
    _floor(path, first, last)
    con = sqlite3.connect(str(path))
    monday = first - timedelta(days=first.weekday())
    sunday = last + timedelta(days=6 - last.weekday())
    a, b = monday.isoformat(), sunday.isoformat()
    con.execute("SELECT id, name, category, places, valid_from, valid_to FROM activity_group WHERE active "
                "ORDER BY name").fetchall()
    con.execute(f"SELECT group_id, CAST(julianday(start_date) - julianday('{a}') AS INTEGER), "
                f"CAST(julianday(end_date) - julianday('{a}') AS INTEGER), waiting_since IS NOT NULL FROM "
                "group_booking WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?)", (b, a)).fetchall()
    con.execute(f"SELECT group_id, CAST(julianday(session_date) - julianday('{a}') AS INTEGER), start_time, end_time, "
                "cancelled_at IS NOT NULL FROM group_session WHERE session_date BETWEEN ? AND ?", (a, b)).fetchall()
    con.execute("SELECT v.participant_id, v.content FROM plan_version v JOIN (SELECT participant_id, max(version) AS "
                "m FROM plan_version GROUP BY participant_id) l ON l.participant_id = v.participant_id AND "
                "l.m = v.version").fetchall()
    con.execute("SELECT max(month) FROM social_assistance_month").fetchall()
    con.close()


def _median(fn, runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process, in ms (on a loaded machine the CPU
    time is the steadier figure: SQLite reads from the page cache count as CPU)."""
    fn()  # warm: a running program has done it once
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main(runs: int = 5) -> None:
    from ame_desktop.services import capacity_view as cv

    path, today = register()
    db = open_register(str(path))
    week = cv.week_of(today)
    first, last = month_bounds(today.year, today.month)
    month = cv.Period("month", f"{today.year}-{today.month:02d}", first, last)
    with db.reading() as s:
        w = cv.underscheduled(s, week)
        m = cv.underscheduled(s, month)
        view = cv.capacity(s, month.label, 3)
    print(f"register {path.name}: {w.people_with_requirement} people with a requirement in {week.label}, "
          f"{len(w.rows)} under-scheduled; {m.people_with_requirement} / {len(m.rows)} in {month.label}; "
          f"{len(view.group_weeks)} group weeks")

    # Cold: the computation itself (the services keep the last results while nothing changes).
    def week_list():
        cv.clear_cache()
        with db.reading() as s:
            cv.underscheduled(s, week)

    def month_list():
        cv.clear_cache()
        with db.reading() as s:
            cv.underscheduled(s, month)

    def count():
        cv.clear_cache()
        with db.reading() as s:
            cv.underscheduled_count(s, week)

    def capacity():
        cv.clear_cache()
        with db.reading() as s:
            cv.capacity(s, month.label, 3)

    def week_list_after_count():  # the window: the start page counted, then the list is opened
        with db.reading() as s:
            cv.underscheduled(s, week)

    three = add_months(first, 2)
    rows = [
        ("under-scheduled list, a week", week_list, lambda: _floor(path, week.first, week.last), 500),
        ("under-scheduled list, a month", month_list, lambda: _floor(path, first, last), 500),
        ("under-scheduled count (start page)", count, lambda: _floor(path, week.first, week.last), 500),
        ("under-scheduled list, a week, after the start page's count", week_list_after_count,
         lambda: _floor(path, week.first, week.last), 500),
        ("capacity view, 3 months", capacity,
         lambda: _capacity_floor(path, first, month_bounds(three.year, three.month)[1]), 1000),
    ]
    print("| operation | register | program (median) | floor (median) | ratio | program CPU | floor CPU | target |")
    print("|---|---|---|---|---|---|---|---|")
    for name, fn, floor, target in rows:
        (p, pc), (f, fc) = _median(fn, runs), _median(floor, runs)
        print(f"| {name} | city | {p:.0f} ms | {f:.0f} ms | {p / f:.1f} | {pc:.0f} ms | {fc:.0f} ms | ≤ {target} ms |",
              flush=True)
    db.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
