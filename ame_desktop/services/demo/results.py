"""Demo data of issue 20 (services.demo calls `make_demo_data`): försörjning and sysselsättning at
start and exit, recorded follow-ups after exit, and an EB extract's months of försörjningsstöd
for the fictitious demo people. Reproducible for a given seed and day."""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.dates import add_months
from ame_desktop.domain.models import EbImport, Enrollment, FollowUp, SocialAssistanceMonth
from ame_desktop.services import audit, authz
from ame_desktop.services.followups import offsets

EXIT_STATUS = {  # KAS category → likely (support, occupation) at exit
    "A": [("LON", "ARBETE_OSUB")] * 3 + [("LON", "ARBETE_SUB")] * 2,
    "B": [("STUDIEMEDEL", "STUDIER")],
    "C": [("SJUK", "INGEN"), ("A_KASSA", "INGEN")],
    "D": [("FORSORJNINGSSTOD", "INSATS"), ("FORSORJNINGSSTOD", "INGEN"), ("A_KASSA", "INGEN")],
    "E": [("FORSORJNINGSSTOD", "INGEN"), ("OKAND", "OKAND"), ("ANNAN", "INGEN")],
}


def _month(d: date) -> date:
    return d.replace(day=1)


def make_demo_data(s: Session, rng: random.Random, today: date) -> None:
    """Administrators only (services/demo.py)."""
    authz.require_admin(s, "skapa demodata")
    months = offsets(s)
    rows = s.execute(sa.select(Enrollment.id, Enrollment.participant_id, Enrollment.start_date, Enrollment.end_date,
                               Enrollment.exit_kas, Enrollment.exit_reason).order_by(Enrollment.id)).all()
    table = Enrollment.__table__
    paid: dict[tuple[int, date], int] = {}
    followups = []
    for eid, pid, start, end, kas, reason in rows:
        on_support = rng.random() < 0.7
        values = {"support_at_start": "FORSORJNINGSSTOD" if on_support else rng.choice(["A_KASSA", "SJUK", "ETABLERING",
                                                                                       "OKAND"]),
                  "occupation_at_start": rng.choice(["INGEN", "INGEN", "INSATS"])}
        if on_support:
            level = rng.randint(45, 120) * 100
            for k in range(rng.randint(3, 12), 0, -1):
                paid[(pid, _month(add_months(start, -k)))] = level
        if end is not None:
            support, occupation = rng.choice(EXIT_STATUS.get(kas or "E", EXIT_STATUS["E"]))
            values.update(support_at_exit=support, occupation_at_exit=occupation)
            back = rng.random() < (0.15 if kas in ("A", "B") else 0.55)
            if on_support and back:
                first = rng.randint(1, 9)
                for k in range(first, min(13, first + rng.randint(1, 8))):
                    m = _month(add_months(end, k))
                    if m <= _month(today):
                        paid[(pid, m)] = rng.randint(40, 110) * 100
            for m in months if reason != "E3" else ():  # nobody follows up a person who died
                due = add_months(end, m)
                if due > today or rng.random() < 0.25:
                    continue
                done = min(today, due + timedelta(days=rng.randint(0, 20)))
                if rng.random() < 0.12:
                    method, sup, occ = "EJ_NADD", None, None
                else:
                    method = rng.choice(["SAMTAL", "SAMTAL", "REGISTER", "EB"])
                    sup, occ = (support, occupation) if rng.random() < 0.8 else rng.choice(
                        EXIT_STATUS[rng.choice("ABCDE")])
                followups.append({"enrollment_id": eid, "participant_id": pid, "months": m, "due_on": due,
                                  "done_on": done, "method": method, "support": sup, "occupation": occ,
                                  "recorded_by": "demo"})
        s.execute(table.update().where(table.c.id == eid).values(**values))
    if followups:
        s.execute(FollowUp.__table__.insert(), followups)
    if paid:
        batch = EbImport(actor=authz.actor(s).name, file_name="demo", rows_read=len(paid), rows_stored=len(paid),
                         rows_dropped=0, first_month=min(m for _, m in paid), last_month=max(m for _, m in paid))
        s.add(batch)
        s.flush()
        s.execute(SocialAssistanceMonth.__table__.insert(), [
            {"participant_id": pid, "month": m, "amount_ore": kr * 100, "household_ref": None, "import_id": batch.id}
            for (pid, m), kr in sorted(paid.items())])
        audit.record(s, "import", "eb_import", batch.id, None, {"fil": "demo", "sparade": len(paid)})
