"""Issue 20 timings (reported beside their floors, not asserted):

- `import-eb` of a 12-month extract for 20 000 people (240 000 rows, CSV `;`) as a whole process,
  beside its floor: reading the same file with the csv module and inserting the same rows with a
  bare sqlite3 executemany. Target ≤ 15 s.
- the results computation (a year of exits) on a big register (50 000 people, ~10 years,
  follow-ups, 24 months of försörjningsstöd for 20 000 people) in a running program, beside the
  bare SQL floor (the same four queries through sqlite3). Target ≤ 1 s.

    python -m benchmarks.bench_results [RUNS]
"""

from __future__ import annotations

import csv
import os
import resource
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from benchmarks.scale import CACHE
from ame_desktop.domain import codes, names
from ame_desktop.domain.dates import add_months
from ame_desktop.domain.models import Enrollment, FollowUp, Participant, Referral, Setting, SocialAssistanceMonth
from ame_desktop.services.demo import FIRST_K, FIRST_M, LAST, fictitious_personnummer
from ame_desktop.store.schema import head_revision, open_register

PEOPLE = 50_000
EB_PEOPLE = 20_000
TODAY = date(2026, 12, 1)


def _register() -> tuple[Path, list[str]]:
    """A register of 50 000 people with enrollments, follow-ups and 24 EB months for 20 000."""
    path = CACHE / f"results-{PEOPLE}-{head_revision()}.db"
    numbers_file = path.with_suffix(".numbers")
    if path.exists() and numbers_file.exists():
        return path, numbers_file.read_text().split()
    CACHE.mkdir(parents=True, exist_ok=True)
    for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        p.unlink(missing_ok=True)
    rng = random.Random(20)
    db = open_register(str(path))
    now = datetime.now().replace(microsecond=0)
    first_day = add_months(TODAY, -120)
    span = (TODAY - first_day).days
    people, refs, enrs, numbers = [], [], [], []
    used: set[str] = set()
    for pid in range(1, PEOPLE + 1):
        gender = "K" if rng.random() < 0.47 else "M"
        birth = TODAY - timedelta(days=rng.randint(18 * 365, 64 * 365))
        number = fictitious_personnummer(rng, birth, gender)
        while number in used:
            number = fictitious_personnummer(rng, birth, gender)
        used.add(number)
        numbers.append(number)
        first, last = rng.choice(FIRST_K if gender == "K" else FIRST_M), rng.choice(LAST)
        muni = rng.choice(("0860", "2260", "1256"))
        people.append({"id": pid, "personnummer": number, "first_name": first, "last_name": last,
                       "search_name": names.search_key(first, last), "sort_name": names.sort_key(first, last),
                       "gender": gender, "municipality_code": muni, "created_at": now, "updated_at": now,
                       "version": 1})
        start = first_day + timedelta(days=rng.randint(0, span))
        refs.append({"participant_id": pid, "referral_date": start - timedelta(days=rng.randint(3, 40)),
                     "source": rng.choice(["SOC", "SOC", "AF", "FK", "EGEN", "ANNAN"]), "municipality_code": muni})
        end = add_months(start, rng.choice([2, 4, 6, 9, 12])) - timedelta(days=rng.randint(0, 20))
        ongoing = end >= TODAY
        reason = None if ongoing else rng.choice(list(codes.EXIT_REASON_KAS))
        enrs.append({"participant_id": pid, "start_date": start, "end_date": None if ongoing else end,
                     "time_without_work": "saknas", "exit_reason": reason, "exit_kas": codes.kas_category(reason),
                     "municipality_code": muni, "support_at_start": "FORSORJNINGSSTOD",
                     "support_at_exit": None if ongoing else rng.choice(list(codes.Support))})
    with db.transaction() as s:
        s.execute(sa.insert(Setting), [{"key": "municipality", "value": "0860"}])
        s.execute(sa.insert(Participant), people)
        s.execute(sa.insert(Referral), refs)
        s.execute(sa.insert(Enrollment), enrs)
        rows = s.execute(sa.select(Enrollment.id, Enrollment.participant_id, Enrollment.end_date)
                         .where(Enrollment.end_date.is_not(None))).all()
        fus = []
        for eid, pid, end in rows:
            for m in (3, 6, 12):
                due = add_months(end, m)
                if due <= TODAY and rng.random() < 0.7:
                    fus.append({"enrollment_id": eid, "participant_id": pid, "months": m, "due_on": due,
                                "done_on": due, "method": "SAMTAL", "support": rng.choice(list(codes.Support)),
                                "occupation": None, "recorded_by": "bench", "recorded_at": now})
        s.execute(sa.insert(FollowUp), fus)
        months = [add_months(date(TODAY.year - 2, TODAY.month, 1), k) for k in range(24)]
        sa_rows = [{"participant_id": pid, "month": m, "amount_ore": rng.randint(3000, 12000) * 100}
                   for pid in range(1, EB_PEOPLE + 1) for m in months if rng.random() < 0.6]
        s.execute(sa.insert(SocialAssistanceMonth), sa_rows)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.exec_driver_sql("ANALYZE")
    db.dispose()
    numbers_file.write_text("\n".join(numbers))
    return path, numbers


def _extract(numbers: list[str], path: Path) -> Path:
    """12 months × 20 000 people = 240 000 rows, `;`-separated, decimal comma, Windows-1252."""
    rng = random.Random(7)
    with path.open("w", encoding="cp1252", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Personnummer", "Månad", "Belopp", "Hushåll"])
        for number in numbers[:EB_PEOPLE]:
            for m in range(1, 13):
                w.writerow([number, f"2027-{m:02d}", f"{rng.randint(3000, 12000)},{rng.randint(0, 99):02d}",
                            f"H{number[-6:]}"])
    return path


def _median(xs):
    return statistics.median(xs)


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


CPU: dict[str, list[float]] = {"import": [], "import_floor": [], "results": [], "results_floor": []}


def bench_import(path: Path, numbers: list[str], runs: int) -> tuple[list[float], list[float]]:
    import shutil
    import tempfile

    tmp = Path(tempfile.mkdtemp())
    extract = _extract(numbers, tmp / "eb.csv")
    program, floor = [], []
    for _ in range(runs):
        copy = tmp / "reg.db"
        shutil.copy(path, copy)
        t0, c0 = time.perf_counter(), _children_cpu()
        subprocess.run([sys.executable, "-m", "ame_desktop", "--db", str(copy), "import-eb", str(extract)],
                       check=True, capture_output=True)
        program.append(time.perf_counter() - t0)
        CPU["import"].append(_children_cpu() - c0)
        shutil.copy(path, copy)
        for p in (Path(str(copy) + "-wal"), Path(str(copy) + "-shm")):
            p.unlink(missing_ok=True)
        t0, c0 = time.perf_counter(), _cpu()
        con = sqlite3.connect(copy)
        ids = dict(con.execute("SELECT personnummer, id FROM participant"))
        with extract.open(encoding="cp1252", newline="") as f:
            r = csv.reader(f, delimiter=";")
            next(r)
            rows = [(ids[n], f"{m}-01", int(round(float(b.replace(",", ".")) * 100)), h) for n, m, b, h in r]
        con.execute("DELETE FROM social_assistance_month WHERE month >= '2027-01-01'")
        con.executemany("INSERT INTO social_assistance_month (participant_id, month, amount_ore, household_ref) "
                        "VALUES (?, ?, ?, ?)", rows)
        con.commit()
        con.close()
        floor.append(time.perf_counter() - t0)
        CPU["import_floor"].append(_cpu() - c0)
    shutil.rmtree(tmp)
    return program, floor


FLOOR_SQL = [
    "SELECT e.id, e.participant_id, p.personnummer, p.first_name, p.last_name, p.gender, e.municipality_code, "
    "e.start_date, e.end_date, e.exit_reason, e.exit_kas, e.support_at_start, e.occupation_at_start, "
    "e.support_at_exit, e.occupation_at_exit FROM enrollment e JOIN participant p ON p.id = e.participant_id "
    "WHERE e.end_date BETWEEN '2025-01-01' AND '2025-12-31' ORDER BY e.end_date, p.personnummer",
    "SELECT r.participant_id, r.referral_date, r.source FROM referral r WHERE r.participant_id IN "
    "(SELECT participant_id FROM enrollment WHERE end_date BETWEEN '2025-01-01' AND '2025-12-31')",
    "SELECT f.* FROM follow_up f WHERE f.enrollment_id IN "
    "(SELECT id FROM enrollment WHERE end_date BETWEEN '2025-01-01' AND '2025-12-31')",
    "SELECT s.participant_id, s.month, s.amount_ore FROM social_assistance_month s WHERE s.participant_id IN "
    "(SELECT participant_id FROM enrollment WHERE end_date BETWEEN '2025-01-01' AND '2025-12-31') "
    "AND s.month >= '2023-12-01'",
]


def bench_results(path: Path, runs: int) -> tuple[list[float], list[float], int]:
    from ame_desktop.services.results import compute_results, results_json

    db = open_register(str(path))
    program = []
    n = 0
    for _ in range(runs):
        t0, c0 = time.perf_counter(), _cpu()
        with db.reading() as s:
            report = compute_results(s, date(2025, 1, 1), date(2025, 12, 31), today=TODAY)
            results_json(report)  # the figures of every group, as the page and the files use them
        program.append(time.perf_counter() - t0)
        CPU["results"].append(_cpu() - c0)
        n = len(report.rows)
    db.dispose()
    floor = []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), _cpu()
        con = sqlite3.connect(path)
        for q in FLOOR_SQL:
            con.execute(q).fetchall()
        con.close()
        floor.append(time.perf_counter() - t0)
        CPU["results_floor"].append(_cpu() - c0)
    return program, floor, n


def main(argv: list[str]) -> int:
    runs = int(argv[0]) if argv else 3
    t0 = time.perf_counter()
    path, numbers = _register()
    print(f"register: {PEOPLE} people ({time.perf_counter() - t0:.0f} s to build or open)", flush=True)
    p, f, n = bench_results(path, runs)
    print(f"results 2025 (in-process, {n} exits, all groups): program {_median(p) * 1000:.0f} ms "
          f"(CPU {_median(CPU['results']) * 1000:.0f} ms), floor (bare SQL, 4 queries) {_median(f) * 1000:.0f} ms "
          f"(CPU {_median(CPU['results_floor']) * 1000:.0f} ms), ratio {_median(p) / _median(f):.1f} "
          "(target ≤ 1 s)", flush=True)
    p, f = bench_import(path, numbers, runs)
    print(f"import-eb 240 000 rows (process): program {_median(p):.1f} s (CPU {_median(CPU['import']):.1f} s), "
          f"floor (csv + sqlite3 executemany) {_median(f):.1f} s (CPU {_median(CPU['import_floor']):.1f} s), "
          f"ratio {_median(p) / _median(f):.1f} (target ≤ 15 s)", flush=True)
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    raise SystemExit(main(sys.argv[1:]))
