"""Aktivitetskrav timings on a register of 5 000 people with a year of daily hours (~1.25 M rows):

- the monthly report (JSON) as a whole process, and computed in-process
- its floor: the same attendance aggregate as bare SQL through sqlite3
- opening the week grid of a 200-person group, and saving a full week for it

    python -m benchmarks.bench_activity [RUNS]
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlalchemy as sa  # noqa: E402

from benchmarks.scale import CACHE  # noqa: E402
from ame_desktop.domain import names  # noqa: E402
from ame_desktop.domain.models import (  # noqa: E402
    Activity,
    Attendance,
    Enrollment,
    Participant,
    RequirementPeriod,
    ScheduleEntry,
    Setting,
)
from ame_desktop.domain.workdays import working_days  # noqa: E402
from ame_desktop.services.demo import FIRST_K, LAST, fictitious_personnummer  # noqa: E402
from ame_desktop.store.schema import head_revision, open_register  # noqa: E402

PEOPLE, GROUP = 5000, 200


def build(today: date) -> Path:
    path = CACHE / f"activity-{PEOPLE}-{today.isoformat()}-{head_revision()}.db"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    rng = random.Random(7)
    db = open_register(str(tmp))
    start = today - timedelta(days=365)
    now = datetime.now().replace(microsecond=0)
    with db.transaction() as s:
        s.execute(sa.insert(Setting), [{"key": "municipality", "value": "0860"}])
        s.execute(sa.insert(Activity), [{"name": f"Arbetsträning grupp {g + 1}", "category": 4, "is_category": False,
                                         "active": True} for g in range(PEOPLE // GROUP)])
        groups = list(s.execute(sa.select(Activity.id).where(Activity.is_category == False)).scalars())  # noqa: E712
        used: set[str] = set()
        people, enr, req, sched = [], [], [], []
        for pid in range(1, PEOPLE + 1):
            number = fictitious_personnummer(rng, date(1970, 1, 1) + timedelta(days=rng.randint(0, 12000)), "K")
            while number in used:
                number = fictitious_personnummer(rng, date(1970, 1, 1) + timedelta(days=rng.randint(0, 12000)), "K")
            used.add(number)
            first, last = rng.choice(FIRST_K), rng.choice(LAST)
            people.append({"id": pid, "personnummer": number, "first_name": first, "last_name": last,
                           "search_name": names.search_key(first, last), "sort_name": names.sort_key(first, last),
                           "gender": "K", "municipality_code": "0860", "created_at": now, "updated_at": now})
            enr.append({"participant_id": pid, "start_date": start, "end_date": None, "time_without_work": "saknas",
                        "municipality_code": "0860"})
            r = rng.random()
            req.append({"participant_id": pid, "start_date": start, "end_date": None,
                        "hours_per_week": 0 if r < 0.05 else (20 if r < 0.2 else 40),
                        "reduction_reason": "Deltid" if 0.05 <= r < 0.2 else None,
                        "exemption": "SJUK" if r < 0.05 else None})
            group = groups[(pid - 1) // GROUP]
            sched += [{"participant_id": pid, "activity_id": group, "weekday": d, "hours": 8.0} for d in range(5)]
        s.execute(sa.insert(Participant), people)
        s.execute(sa.insert(Enrollment), enr)
        s.execute(sa.insert(RequirementPeriod), req)
        s.execute(sa.insert(ScheduleEntry), sched)
    days = working_days(start, today)
    absences = ["SJUK", "SJUK_INTYG", "VAB", "BEVILJAD", "OGILTIG"]
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA journal_mode=WAL")
    batch = []
    for pid in range(1, PEOPLE + 1):
        group = groups[(pid - 1) // GROUP]
        for d in days:
            r = rng.random()
            absence = rng.choice(absences) if r < 0.08 else None
            batch.append((pid, d.isoformat(), group, 8.0 if r > 0.02 else 6.0, absence))
        if len(batch) > 200_000:
            con.executemany("INSERT INTO attendance(participant_id, attendance_date, activity_id, hours, absence) "
                            "VALUES (?,?,?,?,?)", batch)
            batch = []
    con.executemany("INSERT INTO attendance(participant_id, attendance_date, activity_id, hours, absence) "
                    "VALUES (?,?,?,?,?)", batch)
    con.commit()
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    db.dispose()
    tmp.rename(path)
    return path


def time_report_in_process(path, year: int, month: int, runs: int):
    """`monthly_report` as `report activity --month M --out X.json` computes it (services/exports.py:
    with_days=False, for_export=True), warm in a running program: the register opened once, one
    warm-up run (which also captures the SQL statements it runs), then `runs` timed runs.
    Returns (times, statements, report); benchmarks.bench_kolada.time_floor replays the statements."""
    from sqlalchemy import event

    from benchmarks.bench_kolada import recorder
    from ame_desktop.services.activity_report import monthly_report

    db = open_register(str(path))
    statements: list[tuple[str, tuple]] = []
    capture = recorder(statements)
    try:
        event.listen(db.engine, "before_cursor_execute", capture)
        with db.reading() as s:
            monthly_report(s, year, month, with_days=False, for_export=True)
        event.remove(db.engine, "before_cursor_execute", capture)
        times, report = [], None
        for _ in range(runs):
            t = time.perf_counter()
            with db.reading() as s:
                report = monthly_report(s, year, month, with_days=False, for_export=True)
            times.append(time.perf_counter() - t)
    finally:
        db.dispose()
    return times, statements, report


def stats(samples: list[float]) -> str:
    return (f"median {statistics.median(samples) * 1000:.0f} ms (min {min(samples) * 1000:.0f}, "
            f"max {max(samples) * 1000:.0f})")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    today = date.today()
    t0 = time.perf_counter()
    path = build(today)
    print(f"register: {path.name} ({time.perf_counter() - t0:.1f} s to build or find)")
    first_of_month = today.replace(day=1)
    last_month = (first_of_month - timedelta(days=1)).replace(day=1)
    month = f"{last_month.year}-{last_month.month:02d}"
    con = sqlite3.connect(path)
    rows = con.execute("SELECT count(*) FROM attendance").fetchone()[0]
    print(f"attendance rows: {rows}")

    whole = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ame_desktop", "--db", str(path), "report", "activity", "--month", month,
                        "--out", "/tmp/bench-activity.json"], check=True, capture_output=True)
        whole.append(time.perf_counter() - t)

    from ame_desktop.services.activity_report import monthly_report

    db = open_register(str(path))
    inproc = []
    for _ in range(runs):
        t = time.perf_counter()
        with db.reading() as s:
            rep = monthly_report(s, last_month.year, last_month.month, with_days=False)
        inproc.append(time.perf_counter() - t)
    first = last_month
    last = first_of_month - timedelta(days=1)
    floor_sql = ("SELECT participant_id, sum(CASE WHEN absence IS NULL THEN hours ELSE 0 END), "
                 "sum(CASE WHEN absence IN ('SJUK','SJUK_INTYG','VAB','BEVILJAD') THEN hours ELSE 0 END), "
                 "sum(CASE WHEN absence = 'OGILTIG' THEN hours ELSE 0 END) FROM attendance "
                 "WHERE attendance_date BETWEEN ? AND ? GROUP BY participant_id")
    floor = []
    for _ in range(runs):
        t = time.perf_counter()
        con.execute(floor_sql, (first.isoformat(), last.isoformat())).fetchall()
        floor.append(time.perf_counter() - t)
    print(f"monthly report {month} for {len(rep.participants)} people")
    print(f"  whole process (JSON):   {stats(whole)}")
    print(f"  computed in-process:    {stats(inproc)}")
    print(f"  floor (bare SQL sums):  {stats(floor)}   ratio in-process/floor "
          f"{statistics.median(inproc) / statistics.median(floor):.1f}")

    from ame_desktop.ui.app import make_app
    from ame_desktop.ui.attendance_page import MODE_GROUP, AttendancePage

    import shutil
    import tempfile

    # The week-grid part writes: work on a copy so the cached register stays as built.
    scratch = Path(tempfile.mkdtemp()) / "grid.db"
    shutil.copy(path, scratch)
    db = open_register(str(scratch))
    app = make_app()
    page = AttendancePage(db, today=today)
    page.resize(1200, 800)
    page.show()
    page.mode.setCurrentIndex(page.mode.findData(MODE_GROUP))
    monday = today - timedelta(days=today.weekday() + 7)  # last full week
    page.monday = monday
    opens, saves = [], []
    groups = [i for i in range(page.activity.count()) if page.activity.itemText(i).startswith("Arbetsträning grupp")]
    for i in range(runs):
        page.activity.blockSignals(True)
        page.activity.setCurrentIndex(groups[i % len(groups)])
        page.activity.blockSignals(False)
        t = time.perf_counter()
        page.load_week()
        page.grid.viewport().repaint()
        opens.append(time.perf_counter() - t)
        assert page.model.rowCount() == GROUP, page.model.rowCount()
        # Save a whole week: every open cell of the 200 rows changed to 7.5 hours.
        from ame_desktop.services.attendance import Cell, CellKey

        page.model.set_pending({CellKey(r.participant_id, r.activity_id, d): Cell(7.5 if i % 2 else 7.25)
                                for r in page.model.week.rows for d in r.open_days if d.weekday() < 5})
        t = time.perf_counter()
        assert page.save()
        saves.append(time.perf_counter() - t)
    app.processEvents()
    page.close()
    shutil.rmtree(scratch.parent, ignore_errors=True)
    print(f"week grid, {GROUP} people: open {stats(opens)}; save a full week (1 000 cells) {stats(saves)}")


if __name__ == "__main__":
    main()
