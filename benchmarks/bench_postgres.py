"""The yearly Kolada export and the monthly activity report on the city register, on SQLite
and on PostgreSQL (the same register moved with `ame-desktop migrate-to`), whole processes.

    python -m benchmarks.bench_postgres postgresql+psycopg://user:pw@host/ame_city [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.scale import CITY, build


def timed(args: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    url = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    sqlite = str(build(CITY))
    tmp = Path(tempfile.mkdtemp())
    year = date.today().year - 1
    last_month = date.today().replace(day=1) - timedelta(days=1)
    month = f"{last_month.year}-{last_month.month:02d}"
    for name, target in (("SQLite", sqlite), ("PostgreSQL", url)):
        exe = [sys.executable, "-m", "ame_desktop", "--db", target]
        kolada = timed(exe + ["export", "kolada", "--year", str(year), "--out", str(tmp / "k.xlsx")], runs)
        report = timed(exe + ["report", "activity", "--month", month, "--out", str(tmp / "r.json")], runs)
        print(f"{name:<11} Kolada export {year}: median {statistics.median(kolada):.2f} s; "
              f"activity report {month}: median {statistics.median(report):.2f} s")


if __name__ == "__main__":
    main()
