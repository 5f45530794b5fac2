"""Scale registers for benchmarks, built once and cached by their parameters.

    python -m benchmarks.scale city      # 50 000 participants, 10 years, three municipalities
    python -m benchmarks.scale small     # 300 participants, 3 years

Rows are written with bulk inserts (Core), with the derived columns computed by the same
domain functions the services use. Everything is fictitious.
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from ame_desktop.domain import codes, names
from ame_desktop.domain.dates import add_months
from ame_desktop.domain.models import Enrollment, Participant, Referral, Setting, StaffMember, SummerJob
from ame_desktop.services.demo import FIRST_K, FIRST_M, LAST, fictitious_personnummer
from ame_desktop.store.schema import head_revision, open_register

CACHE = Path(__file__).resolve().parent / ".cache"


@dataclass(frozen=True)
class Scale:
    name: str
    participants: int
    years: int
    municipalities: tuple[str, ...]
    seed: int = 42
    # Built once at an older schema and then upgraded by the program's own migrations when the
    # schema moves on (the country-size register takes ~20 min to build; upgrading it is itself a
    # measure: a migration run at ten times the city).
    upgrade_older: bool = False

    @property
    def path(self) -> Path:
        munis = "-".join(self.municipalities)
        return CACHE / f"{self.name}-{self.participants}-{self.years}y-{munis}-s{self.seed}-{head_revision()}.db"


SMALL = Scale("small", 300, 3, ("0860",))
CITY = Scale("city", 50_000, 10, ("0860", "2260", "1256"))
# Country size (issue 25): ten times the city — 500 000 persons, ~60 M hour rows, ~6 GB on disk.
HUGE = Scale("huge", 500_000, 10, ("0860", "2260", "1256"), upgrade_older=True)
SCALES = {"small": SMALL, "city": CITY, "huge": HUGE}

SOURCES = ["SOC"] * 45 + ["AF"] * 28 + ["FK"] * 8 + ["EGEN"] * 7 + ["ANNAN"] * 12
EXITS = (["A1"] * 14 + ["A2"] * 10 + ["B"] * 10 + ["C"] * 8 + ["D"] * 16 + ["E1"] * 12 + ["E2"] * 5
         + ["E3"] * 1 + ["E9"] * 6 + ["KA"] * 10 + ["S0"] * 4)


def build(scale: Scale, today: date | None = None, log=print) -> Path:
    """Create the register if it is not cached yet; return its path."""
    path = scale.path
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    older = sorted(CACHE.glob(path.name.rsplit("-", 1)[0] + "-*.db")) if scale.upgrade_older else []
    if older:
        return _upgrade_copy(older[-1], path, tmp, log)
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    today = today or date.today()
    rng = random.Random(scale.seed)
    db = open_register(str(tmp))
    first_day = add_months(today, -12 * scale.years)
    span = (today - first_day).days
    now = datetime.now().replace(microsecond=0)
    with db.transaction() as s:
        s.execute(sa.insert(Setting), [{"key": "municipality", "value": scale.municipalities[0]},
                                       {"key": "unit_name", "value": f"AME {scale.name}"}])
        staff_rows = [{"name": f"Handledare {i + 1:02d}", "active": True} for i in range(12 * len(scale.municipalities))]
        s.execute(sa.insert(StaffMember), staff_rows)
        staff_ids = list(s.execute(sa.select(StaffMember.id)).scalars())
        used: set[str] = set()
        people, refs, enrs = [], [], []
        # Issue 19's columns come from a second generator, so the rest of the register stays the
        # same as before them (timings stay comparable).
        rng19 = random.Random(scale.seed + 19)
        for pid in range(1, scale.participants + 1):
            gender = "K" if rng.random() < 0.47 else "M"
            birth = today - timedelta(days=rng.randint(18 * 365, 64 * 365))
            number = fictitious_personnummer(rng, birth, gender, rng.random() < 0.05)
            while number in used:
                number = fictitious_personnummer(rng, birth, gender, False)
            used.add(number)
            first = rng.choice(FIRST_K if gender == "K" else FIRST_M)
            last = rng.choice(LAST)
            people.append({
                "id": pid, "personnummer": number, "first_name": first, "last_name": last,
                "search_name": names.search_key(first, last), "sort_name": names.sort_key(first, last),
                "gender": gender, "municipality_code": rng.choice(scale.municipalities),
                "education_level": rng.choice(list(codes.EducationLevel) + [None]), "phone": None, "email": None,
                "staff_id": rng.choice(staff_ids), "created_at": now, "updated_at": now,
            })
            start = first_day + timedelta(days=rng.randint(0, span))
            for _ in range(1 + (rng.random() < 0.15)):
                if start > today:
                    break
                refs.append({"participant_id": pid, "referral_date": start - timedelta(days=rng.randint(3, 40)),
                             "source": rng.choice(SOURCES), "detail": None,
                             "municipality_code": people[-1]["municipality_code"]})
                end = add_months(start, rng.choice([2, 4, 6, 9, 12, 18, 26])) - timedelta(days=rng.randint(0, 20))
                ongoing = end >= today
                reason = None if ongoing else rng.choice(EXITS)
                confirmed = None
                if reason in ("A1", "A2") and rng19.random() < 0.8:
                    confirmed = add_months(end + timedelta(days=1), 1) + timedelta(days=rng19.randint(0, 20))
                    confirmed = confirmed if confirmed <= today else None
                enrs.append({"participant_id": pid, "start_date": start, "end_date": None if ongoing else end,
                             "time_without_work": rng.choice([t.value for t in codes.TimeWithoutWork]),
                             "exit_reason": reason, "exit_kas": codes.kas_category(reason),
                             "municipality_code": people[-1]["municipality_code"], "job_start_date": None,
                             "work_confirmed_on": confirmed})
                if ongoing:
                    break
                start = end + timedelta(days=rng.randint(30, 400))
        s.execute(sa.insert(Participant), people)
        s.execute(sa.insert(Referral), refs)
        s.execute(sa.insert(Enrollment), enrs)
        # Feriejobb: a tenth of the people apply in a year or two (some twice in a year), most get a place.
        jobs = []
        for pid in rng19.sample(range(1, scale.participants + 1), scale.participants // 10):
            for year in sorted(rng19.sample(range(today.year - scale.years, today.year + 1), rng19.randint(1, 2))):
                for applied in sorted({date(year, rng19.randint(1, 4), rng19.randint(1, 28))
                                       for _ in range(1 + (rng19.random() < 0.2))}):
                    placed = rng19.random() < 0.7
                    jobs.append({"participant_id": pid, "applied_on": applied, "wishes": None,
                                 "placement": rng19.choice(["KOMMUN", "KOMMUN", "PRIVAT", "CIVIL", "ANNAN"])
                                 if placed else None, "workplace": None,
                                 "start_date": date(year, 6, 15) if placed else None,
                                 "end_date": date(year, 7, 10) if placed else None, "created_at": now})
        s.execute(sa.insert(SummerJob), jobs)
    from benchmarks.scale_extras import EXTENSIONS

    for extend in EXTENSIONS:  # hours, steps, contacts, plans
        extend(db, scale, rng, today, log)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.exec_driver_sql("ANALYZE")
    db.dispose()
    tmp.rename(path)
    log(f"built {path.name} in {time.perf_counter() - t0:.1f} s")
    return path



def _upgrade_copy(source: Path, path: Path, tmp: Path, log) -> Path:
    """A copy of an older cached register, upgraded to the head revision by the program."""
    import shutil

    from ame_desktop.store.database import Database
    from ame_desktop.store.schema import upgrade

    t0 = time.perf_counter()
    shutil.copyfile(source, tmp)
    db = Database(f"sqlite:///{tmp}")
    upgrade(db, "head")
    db.dispose()
    tmp.rename(path)
    log(f"upgraded {source.name} → {path.name} in {time.perf_counter() - t0:.1f} s")
    return path


if __name__ == "__main__":
    print(build(SCALES[sys.argv[1] if len(sys.argv) > 1 else "city"]))
