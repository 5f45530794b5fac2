"""Write a fictitious import workbook with N participants, one referral and one enrollment each.

    python -m benchmarks.make_import_workbook 10000 /tmp/import-10k.xlsx
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from ame_desktop.domain import codes
from ame_desktop.domain.workbook_spec import ENROLLMENTS, PARTICIPANTS, REFERRALS
from ame_desktop.services.demo import FIRST_K, FIRST_M, LAST, fictitious_personnummer


def make(n: int, path: Path, seed: int = 1) -> Path:
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    people, refs, enr = (wb.create_sheet(s.name) for s in (PARTICIPANTS, REFERRALS, ENROLLMENTS))
    people.append([c.header for c in PARTICIPANTS.columns])
    refs.append([c.header for c in REFERRALS.columns])
    enr.append([c.header for c in ENROLLMENTS.columns])
    used: set[str] = set()
    today = date.today()
    for i in range(n):
        gender = rng.choice("KM")
        birth = date(1960, 1, 1) + timedelta(days=rng.randint(0, 365 * 45))
        number = fictitious_personnummer(rng, birth, gender)
        while number in used:
            number = fictitious_personnummer(rng, birth, gender)
        used.add(number)
        first = rng.choice(FIRST_K if gender == "K" else FIRST_M)
        people.append([number, first, rng.choice(LAST), None, "0860", rng.choice(list(codes.EducationLevel)),
                       f"Handledare {i % 12}", None, None])
        start = today - timedelta(days=rng.randint(30, 1000))
        refs.append([number, start - timedelta(days=10), rng.choice(list(codes.ReferralSource)), None])
        ended = rng.random() < 0.6
        enr.append([number, start, start + timedelta(days=20) if ended else None,
                    rng.choice([t.value for t in codes.TimeWithoutWork]), rng.choice(list(codes.ExitReason)) if ended else None])
    wb.save(path)
    return path


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"/tmp/import-{n}.xlsx")
    print(make(n, out))
