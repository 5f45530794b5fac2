"""Time `ame-desktop import` of a 10 000-participant workbook (30 000 rows on three sheets)
into a fresh register, as a whole process, several runs.

    python -m benchmarks.bench_import [N] [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.make_import_workbook import make


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as tmp:
        book = make(n, Path(tmp) / f"import-{n}.xlsx")
        times = []
        for i in range(runs):
            db = Path(tmp) / f"run{i}.db"
            exe = [sys.executable, "-m", "ame_desktop", "--db", str(db)]
            subprocess.run([*exe, "settings", "municipality", "0860"], check=True, capture_output=True)
            t0 = time.perf_counter()
            subprocess.run([*exe, "import", str(book)], check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        print(f"import of {n} participants ({3 * n} rows), whole process, {runs} runs: "
              f"min {min(times):.2f} s, median {statistics.median(times):.2f} s, max {max(times):.2f} s")


if __name__ == "__main__":
    main()
