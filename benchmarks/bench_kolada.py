"""Kolada export timings on the city register (50 000 participants, 10 years, 3 municipalities):

- program: `ame-desktop --db CITY export kolada --year <last full year> --out X.xlsx`, whole process
- compute: `compute_kolada` alone, in-process, on a warm connection
- floor:   the very SQL statements compute_kolada runs (captured from SQLAlchemy), replayed through
           the sqlite3 module on the same file — what the database itself needs; the figures'
           aggregate queries are also timed on their own

    python -m benchmarks.bench_kolada [RUNS]

Target: the yearly export under 2 s as a whole process.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.scale import CITY, build


def _median(xs: list[float]) -> str:
    return f"median {statistics.median(xs):.3f} s (min {min(xs):.3f}, max {max(xs):.3f})"


def _exe() -> list[str]:
    script = Path(sys.executable).with_name("ame-desktop")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ame_desktop"]


def time_program(path: Path, year: int, runs: int, tmp: Path) -> tuple[list[float], list[float]]:
    """The export, and `ame-desktop stats` on the same register: process start, imports and opening
    the register (schema check), which every command pays."""
    export, baseline = [], []
    for i in range(runs):
        out = tmp / f"kolada-{i}.xlsx"
        t0 = time.perf_counter()
        subprocess.run([*_exe(), "--db", str(path), "export", "kolada", "--year", str(year), "--out", str(out)],
                       check=True, capture_output=True)
        export.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        subprocess.run([*_exe(), "--db", str(path), "stats"], check=True, capture_output=True)
        baseline.append(time.perf_counter() - t0)
    return export, baseline


def recorder(statements: list[tuple[str, tuple]]):
    """A before_cursor_execute listener appending (statement, parameters) of what a computation runs
    (also used by benchmarks/bench_activity.py)."""
    def capture(_conn, _cursor, statement, parameters, _context, _many):
        if statement.strip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            return  # the store's own transaction control (store/database.py), not the export's work
        statements.append((statement, tuple(parameters) if isinstance(parameters, (list, tuple)) else parameters))
    return capture


def time_in_process(path: Path, year: int, runs: int, tmp: Path):
    """compute_kolada and write_kolada separately; also capture the SQL compute_kolada runs."""
    from sqlalchemy import event

    from ame_desktop.io.kolada_export import write_kolada
    from ame_desktop.services.kolada import compute_kolada
    from ame_desktop.store.schema import open_register

    db = open_register(str(path))
    statements: list[tuple[str, tuple]] = []
    capture = recorder(statements)

    compute, write = [], []
    result = None
    for i in range(runs):
        if i == 0:
            event.listen(db.engine, "before_cursor_execute", capture)
        t0 = time.perf_counter()
        with db.reading() as s:
            result = compute_kolada(s, year)
        compute.append(time.perf_counter() - t0)
        if i == 0:
            event.remove(db.engine, "before_cursor_execute", capture)
        t0 = time.perf_counter()
        write_kolada(result, tmp / "in-process.xlsx")
        write.append(time.perf_counter() - t0)
    db.dispose()
    return compute, write, statements, result


def time_floor(path: Path, statements: list[tuple[str, tuple]], runs: int,
               connect=lambda p: sqlite3.connect(str(p))) -> tuple[list[float], list[float]]:
    """Replay the captured statements with sqlite3 (fetching every row), all and aggregates only.
    `connect` gives another DB-API connection (psycopg for a PostgreSQL register, benchmarks/suite.py)."""
    conn = connect(path)
    every, aggregates = [], []
    figure_sql = [(q, p) for q, p in statements if "GROUP BY" in q and "count(*)" in q.lower()]
    try:
        for _ in range(runs):
            t0 = time.perf_counter()
            for q, p in statements:
                conn.execute(q, p).fetchall()
            every.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            for q, p in figure_sql:
                conn.execute(q, p).fetchall()
            aggregates.append(time.perf_counter() - t0)
    finally:
        conn.close()
    return every, aggregates


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    path = build(CITY)
    year = date.today().year - 1  # the last full year
    tmp = Path(tempfile.mkdtemp(prefix="bench-kolada-"))
    try:
        export, baseline = time_program(path, year, runs, tmp)
        compute, write, statements, result = time_in_process(path, year, runs, tmp)
        every, aggregates = time_floor(path, statements, runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    persons = sum(result.persons.values())
    print(f"city register {path.name}: year {year}, {len(result.municipalities)} municipalities, "
          f"{persons} persons behind the figures, {len(result.rows)} rows, {len(result.findings)} findings")
    print(f"(a) program, whole process, {runs} runs: {_median(export)}")
    print(f"    for comparison, `ame-desktop stats` (start, imports, open the register): {_median(baseline)}")
    print(f"(b) compute_kolada in-process: {_median(compute)}; write_kolada (.xlsx): {_median(write)}")
    print(f"(c) floor, the same {len(statements)} SQL statements via sqlite3: {_median(every)}; "
          f"the figures' aggregate queries alone: {_median(aggregates)}")
    med = statistics.median
    print(f"ratio program/floor: {med(export) / med(every):.1f} (all statements), "
          f"{med(export) / med(aggregates):.1f} (aggregates only); compute/floor: {med(compute) / med(every):.2f}")
    print(f"target: yearly export under 2 s — {'met' if med(export) < 2.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
