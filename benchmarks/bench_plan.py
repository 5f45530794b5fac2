"""Individual plan timings on a register of 500 active participants, each with a plan, a weekly
schedule, a requirement period and four step assessments:

- one plan: `ame-desktop plan` as a whole process, and in-process (print_plan: read, snapshot,
  render, record; the first call apart, as it loads fonts), and the render alone
- a batch of all 500 plans into one PDF, and into a folder with one file each

    python -m benchmarks.bench_plan [RUNS]
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from ame_desktop.domain.models import StepAssessment, StepLevel, StepModel
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import enrollments, participants, plans, settings, staff
from ame_desktop.services.demo import plans as plan_demo
from ame_desktop.services.demo import FIRST_K, FIRST_M, LAST, STAFF, fictitious_personnummer
from ame_desktop.store.schema import head_revision, open_register
from benchmarks.scale import CACHE

PEOPLE = 500
TARGET_MS = 300


def build(today: date) -> Path:
    path = CACHE / f"plans-{PEOPLE}-{today.isoformat()}-{head_revision()}.db"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    rng = random.Random(11)
    db = open_register(str(tmp))
    with db.transaction() as s:
        settings.set_setting(s, "municipality", "0860")
        coaches = [staff.add_staff(s, name).id for name in STAFF]
        work = ar.add_activity(s, "Arbetsträning – Återbruket", 4).id
        sfi = ar.add_activity(s, "SFI", 2).id
        seek = ar.job_seeking_activity(s).id  # own job seeking, seeded with the register (issue 16)
        model = StepModel(name="Standardmodell", is_current=True)
        s.add(model)
        s.flush()
        levels = []
        for n, name in enumerate(["Kartläggning", "Förberedande insats", "Arbetsträning", "Praktik/arbetsprövning",
                                  "Jobbsök/matchning", "Arbete eller studier"], 1):
            level = StepLevel(model_id=model.id, number=n, name=name)
            s.add(level)
            s.flush()
            levels.append(level.id)
        used: set[str] = set()
        assessments = []
        for i in range(PEOPLE):
            gender = rng.choice("KM")
            number = fictitious_personnummer(rng, date(1965, 1, 1) + timedelta(days=rng.randint(0, 14000)), gender)
            while number in used:
                number = fictitious_personnummer(rng, date(1965, 1, 1) + timedelta(days=rng.randint(0, 14000)), gender)
            used.add(number)
            p = participants.create_participant(s, participants.ParticipantInput(
                number, rng.choice(FIRST_K if gender == "K" else FIRST_M), rng.choice(LAST),
                staff_id=rng.choice(coaches)))
            enrollments.add_enrollment(s, p.id, today - timedelta(days=rng.randint(60, 400)))
            ar.add_period(s, p.id, today - timedelta(days=30), None, 40)
            ar.set_schedule(s, p.id, [ar.ScheduleItem(work, d, 6) for d in range(5)]
                            + [ar.ScheduleItem(sfi, d, 0.5) for d in (1, 3)]
                            + [ar.ScheduleItem(seek, d, 2) for d in range(5)])
            content = plans.prefill_from_register(s, p.id, today=today)
            content.long_term_goal = rng.choice(plan_demo.DEMO_LONG_GOALS)
            content.short_term_goals = [plans.Goal(t, today + timedelta(days=rng.randint(30, 200)))
                                        for t in rng.sample(plan_demo.DEMO_SHORT_GOALS, 3)]
            content.job_seeking_text = rng.choice(plan_demo.DEMO_JOB_SEEKING)
            content.support = [plans.Support(a, b) for a, b in rng.sample(plan_demo.DEMO_SUPPORT, 2)]
            content.follow_ups = [plans.FollowUp(today + timedelta(days=30 * k), "Uppföljning av planen.")
                                  for k in (1, 2, 3)]
            content.participant_commitments = list(plans.DEFAULT_PARTICIPANT_COMMITMENTS)
            content.unit_commitments = list(plans.DEFAULT_UNIT_COMMITMENTS)
            plans.save_plan(s, p.id, content, created_by="bench", today=today)
            level = 0
            for k in range(4):
                level = min(5, level + rng.choice([0, 1, 1]))
                assessments.append({"participant_id": p.id, "assessed_on": today - timedelta(days=90 * (4 - k)),
                                    "level_id": levels[level]})
        s.execute(sa.insert(StepAssessment), assessments)
    db.dispose()
    tmp.rename(path)
    for extra in (".building-wal", ".building-shm"):
        tmp.with_name(tmp.name.replace(".building", extra)).unlink(missing_ok=True)
    return path


def stats(samples: list[float]) -> str:
    return (f"median {statistics.median(samples) * 1000:.0f} ms (min {min(samples) * 1000:.0f}, "
            f"max {max(samples) * 1000:.0f})")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    today = date.today()
    t0 = time.perf_counter()
    cached = build(today)
    print(f"register: {cached.name} ({time.perf_counter() - t0:.1f} s to build or find)")
    work = Path(tempfile.mkdtemp(prefix="bench-plan-"))
    path = work / "plans.db"
    shutil.copy(cached, path)  # printing records prints: keep the cached register as built
    db = open_register(str(path))
    with db.reading() as s:
        people = plans.active_participants(s, today=today)
    number = people[0].personnummer

    whole = []
    for i in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ame_desktop", "--db", str(path), "plan", number,
                        "--out", str(work / f"cli-{i}.pdf")], check=True, capture_output=True)
        whole.append(time.perf_counter() - t)

    inproc = []
    for i in range(runs + 1):
        t = time.perf_counter()
        with db.transaction() as s:
            result = plans.print_plan(s, people[i % len(people)].personnummer, work / f"in-{i}.pdf")
        inproc.append(time.perf_counter() - t)
    first, warm = inproc[0], inproc[1:]

    from ame_desktop.io.plan_pdf import write_plan

    with db.reading() as s:
        snap = json.loads(plans.get_print(s, result.print_id).snapshot)
    render = []
    for i in range(runs):
        t = time.perf_counter()
        write_plan(snap, work / f"render-{i}.pdf")
        render.append(time.perf_counter() - t)

    print(f"one plan ({result.pages} pages, with step chart)")
    print(f"  whole process (ame-desktop plan):  {stats(whole)}")
    print(f"  in-process print_plan, first call: {first * 1000:.0f} ms (loads and embeds the fonts)")
    print(f"  in-process print_plan, warm:       {stats(warm)}   target < {TARGET_MS} ms: "
          f"{'ok' if statistics.median(warm) * 1000 < TARGET_MS else 'MISSED'}")
    print(f"  render alone (from the snapshot):  {stats(render)}")

    ids = [p.id for p in people]
    t = time.perf_counter()
    one = plans.print_batch(db, ids, work / "alla.pdf", True, now=datetime.now())
    t_one = time.perf_counter() - t
    size = (work / "alla.pdf").stat().st_size
    t = time.perf_counter()
    folder = plans.print_batch(db, ids, work / "mapp", False, now=datetime.now())
    t_folder = time.perf_counter() - t
    print(f"batch of {len(ids)} plans")
    print(f"  one PDF:          {t_one:.1f} s ({t_one / one.printed * 1000:.0f} ms per plan, "
          f"{size / 1e6:.1f} MB)")
    print(f"  folder, one each: {t_folder:.1f} s ({t_folder / folder.printed * 1000:.0f} ms per plan)")
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
