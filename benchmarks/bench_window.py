"""Window timings on a scale register (offscreen Qt):

- start: process start → main window shown with the participant list filled (whole process)
- keystroke: one search refresh (query + model reset + first screen of rows painted)
- open: loading one participant into the participant view

    python -m benchmarks.bench_window [small|city] [RUNS]
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

READY = "READY"


def child_start(path: str) -> None:
    """Run in a fresh process: open the window on the register, print READY when usable."""
    from ame_desktop.store.schema import open_register
    from ame_desktop.ui.app import make_app
    from ame_desktop.ui.main_window import MainWindow

    app = make_app()
    win = MainWindow(open_register(path), remember_layout=False)
    win.show()
    app.processEvents()
    model = win.participants.model
    assert model.rowCount() > 0
    model.data(model.index(0, 1))  # the first screen is fetched
    print(READY, flush=True)


def median_ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.1f} ms (min {min(samples) * 1000:.1f}, max {max(samples) * 1000:.1f})"


def time_start(path: str, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "benchmarks.bench_window", "--child", path],
                                stdout=subprocess.PIPE, text=True)
        line = proc.stdout.readline()
        out.append(time.perf_counter() - t0)
        proc.wait()
        assert line.strip() == READY, line
    return out


def time_in_window(path: str, runs: int) -> tuple[list[float], list[float]]:
    from ame_desktop.store.schema import open_register
    from ame_desktop.ui.app import make_app
    from ame_desktop.ui.main_window import MainWindow

    app = make_app()
    db = open_register(path)
    win = MainWindow(db, remember_layout=False)
    win.show()
    app.processEvents()
    page = win.participants
    keystrokes = []
    words = ["a", "an", "and", "ande", "ander", "anders", "1", "19", "198", "1985", "s", "sv", "sve", "sven"]
    for _ in range(max(1, runs // len(words) + 1)):
        for w in words:
            page.search.setText(w)
            t0 = time.perf_counter()
            page.apply_filter()
            win.participants.table.viewport().repaint()  # paints the visible rows: fetches them
            keystrokes.append(time.perf_counter() - t0)
            page.search.blockSignals(True)
            page.search.clear()
            page.search.blockSignals(False)
    page.apply_filter()
    rng = random.Random(1)
    with db.reading() as s:
        import sqlalchemy as sa

        ids = list(s.execute(sa.text("SELECT id FROM participant")).scalars())
    opens = []
    for pid in rng.sample(ids, runs):
        t0 = time.perf_counter()
        page.open_participant(pid)
        app.processEvents()
        opens.append(time.perf_counter() - t0)
    win.close()
    return keystrokes, opens


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child_start(sys.argv[2])
        return
    from benchmarks.scale import SCALES, build  # (not in the child: it times the program alone)

    scale = SCALES[sys.argv[1] if len(sys.argv) > 1 else "city"]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    path = str(build(scale))
    starts = time_start(path, max(3, runs // 4))
    keys, opens = time_in_window(path, runs)
    print(f"{scale.name} ({scale.participants} participants)")
    print(f"  start to usable window (whole process): {median_ms(starts)}")
    print(f"  search keystroke (query + repaint):     {median_ms(keys)}")
    print(f"  open a participant:                     {median_ms(opens)}")


if __name__ == "__main__":
    main()
