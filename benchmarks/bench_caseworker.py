"""Per-caseworker reports (issue 17): one PDF per caseworker into a folder, as the window's
"En PDF per handläggare" and `report activity --per-handlaggare DIR` do, with the time per
report beside its floor — one bare reportlab page (a canvas with one line of text, saved).

    python -m benchmarks.bench_caseworker [--city] [--one-process] [RUNS]

Default: 1 800 people with a requirement and 20 caseworkers (the same 90 clients per
caseworker as the city); `--city`: 18 000 people and 200 caseworkers. A month of daily hours
(8 % absences) for everyone. Floors: the computation (the month's report and the grouping) ≤
25 % of the run — the rest is reportlab laying out the pages —, and one person's page (tables,
embedded fonts, the day lists) ≤ 100 × one bare reportlab page.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlalchemy as sa  # noqa: E402

from benchmarks.scale import CACHE  # noqa: E402
from ame_desktop.domain import names  # noqa: E402
from ame_desktop.domain.models import (  # noqa: E402
    Activity,
    Enrollment,
    Participant,
    RequirementPeriod,
    Setting,
    SocialCaseworker,
)
from ame_desktop.domain.workdays import working_days  # noqa: E402
from ame_desktop.services.demo import FIRST_K, LAST, fictitious_personnummer  # noqa: E402
from ame_desktop.store.schema import head_revision, open_register  # noqa: E402

MONTH = (2026, 10)


def build(people: int, caseworkers: int) -> Path:
    path = CACHE / f"caseworker-{people}-{caseworkers}-{head_revision()}.db"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    rng = random.Random(17)
    db = open_register(str(tmp))
    start = date(2026, 9, 1)
    now = datetime.now().replace(microsecond=0)
    with db.transaction() as s:
        s.execute(sa.insert(Setting), [{"key": "municipality", "value": "0860"}])
        s.execute(sa.insert(Activity), [{"name": "Arbetsträning", "category": 4, "is_category": False, "active": True}])
        act = s.execute(sa.select(Activity.id).where(Activity.name == "Arbetsträning")).scalar_one()
        s.execute(sa.insert(SocialCaseworker), [{"name": f"Handläggare {i + 1:03d}", "municipality_code": "0860",
                                                 "unit": "Försörjningsstöd", "active": True}
                                                for i in range(caseworkers)])
        cws = list(s.execute(sa.select(SocialCaseworker.id)).scalars())
        used: set[str] = set()
        rows, enr, req = [], [], []
        for pid in range(1, people + 1):
            number = fictitious_personnummer(rng, date(1970, 1, 1) + timedelta(days=rng.randint(0, 12000)), "K")
            while number in used:
                number = fictitious_personnummer(rng, date(1970, 1, 1) + timedelta(days=rng.randint(0, 12000)), "K")
            used.add(number)
            first, last = rng.choice(FIRST_K), rng.choice(LAST)
            rows.append({"id": pid, "personnummer": number, "first_name": first, "last_name": last,
                         "search_name": names.search_key(first, last), "sort_name": names.sort_key(first, last),
                         "gender": "K", "municipality_code": "0860", "created_at": now, "updated_at": now})
            enr.append({"participant_id": pid, "start_date": start, "end_date": None, "time_without_work": "saknas",
                        "municipality_code": "0860"})
            req.append({"participant_id": pid, "start_date": start, "end_date": None, "hours_per_week": 40,
                        "caseworker_id": cws[(pid - 1) % len(cws)]})
        s.execute(sa.insert(Participant), rows)
        s.execute(sa.insert(Enrollment), enr)
        s.execute(sa.insert(RequirementPeriod), req)
    con = sqlite3.connect(tmp)
    batch = []
    for pid in range(1, people + 1):
        for d in working_days(date(2026, 10, 1), date(2026, 10, 31)):
            r = rng.random()
            batch.append((pid, d.isoformat(), act, 8.0, rng.choice(["SJUK", "OGILTIG", "VAB"]) if r < 0.08 else None))
    con.executemany("INSERT INTO attendance(participant_id, attendance_date, activity_id, hours, absence) "
                    "VALUES (?,?,?,?,?)", batch)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    db.dispose()
    tmp.rename(path)
    return path


def bare_page(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawString(72, 720, "Närvarorapport")
    c.showPage()
    c.save()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    city = "--city" in sys.argv
    runs = int(args[0]) if args else 1
    people, caseworkers = (18_000, 200) if city else (1_800, 20)
    t0 = time.perf_counter()
    path = build(people, caseworkers)
    print(f"register: {path.name} ({time.perf_counter() - t0:.1f} s to build or find)")

    from ame_desktop.services.activity_report import monthly_report
    from ame_desktop.services.recipients import caseworker_groups, default_workers, write_per_caseworker

    workers = 1 if "--one-process" in sys.argv else default_workers()

    db = open_register(str(path))
    compute = []
    for _ in range(runs):
        t = time.perf_counter()
        with db.reading() as s:
            report = monthly_report(s, *MONTH, with_days=True)
            groups = caseworker_groups(s, *MONTH, report)
        compute.append(time.perf_counter() - t)
    assert len(groups) == caseworkers, len(groups)
    whole = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            folder = Path(tmp) / f"run{i}"
            t = time.perf_counter()
            result = write_per_caseworker(db, *MONTH, folder, "pdf", workers=workers)
            whole.append(time.perf_counter() - t)
            assert len(result.files) == caseworkers
        floor = []
        for i in range(20):
            t = time.perf_counter()
            bare_page(Path(tmp) / f"bare{i}.pdf")
            floor.append(time.perf_counter() - t)
    run = statistics.median(whole)
    page = statistics.median(floor)
    per_report = run / caseworkers
    per_person = run / people
    print(f"{caseworkers} reports, {people} people (one page each, a second page when the absences run long), "
          f"{workers} worker process(es)")
    print(f"whole run: {run:.1f} s; computation: {statistics.median(compute):.1f} s")
    print(f"per report ({people // caseworkers} people): {per_report * 1000:.0f} ms; per person page: "
          f"{per_person * 1000:.1f} ms; one bare reportlab page: {page * 1000:.1f} ms "
          f"(×{per_person / page:.1f})")
    ok_page = per_person <= 100 * page
    ok_compute = statistics.median(compute) <= 0.25 * run
    print(f"floors: a person's page ≤ 100 × bare page: {'ok' if ok_page else 'ÖVER'}; "
          f"computation ≤ 25 % of the run: {'ok' if ok_compute else 'ÖVER'}; "
          f"city estimate (18 000 people): {18_000 * per_person / 60:.0f} min")
    db.dispose()


if __name__ == "__main__":
    main()
