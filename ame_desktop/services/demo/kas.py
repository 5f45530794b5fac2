"""Demo data for issue 19 (services/demo/__init__.py): most exits to work in the demo register
are confirmed a month after the first day of work (some are left to confirm), and the youngest
people of the demo apply for feriejobb, most getting a place. Its own random generator, so the
rest of the demo register stays as it was."""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.models import Enrollment, Participant
from ame_desktop.services import authz
from ame_desktop.services import summer_jobs as sj
from ame_desktop.services import work_confirmation as wc
from ame_desktop.services.kolada import confirmable_from

WISHES = ["Djur och natur", "Butik eller café", "Äldreomsorg", "Idrottsförening", "Vad som helst", "Park och utemiljö",
          "Kontor", "Bibliotek"]
WORKPLACES = {"KOMMUN": ["Parkförvaltningen", "Äldreboendet Solgläntan", "Biblioteket", "Fritidsgården"],
              "PRIVAT": ["ICA Nära", "Café Torget", "Byggvaruhuset"],
              "CIVIL": ["IK Hultsfred", "Scoutkåren", "Hembygdsföreningen"],
              "ANNAN": ["Svenska kyrkan", "Regionens vårdcentral"]}


def make_demo_data(s: Session, _rng: random.Random, today: date) -> None:
    authz.require_admin(s, "lägga in demodata")
    rng = random.Random(19_2026)
    q = sa.select(Enrollment.id, Enrollment.end_date, Enrollment.job_start_date).where(
        Enrollment.exit_reason.in_(("A1", "A2")), Enrollment.work_confirmed_on.is_(None))
    for eid, end, job_start in s.execute(q).all():
        due = confirmable_from(end, job_start)
        if due <= today - timedelta(days=14) and rng.random() < 0.85:
            wc.confirm_work(s, eid, min(today, due + timedelta(days=rng.randint(0, 12))), today=today)
    # Feriejobb for the youngest people already in the demo (a feriejobb adds nobody to the register).
    young = s.execute(sa.select(Participant.id).where(
        Participant.personnummer >= f"{today.year - 21}").order_by(Participant.personnummer.desc())).scalars().all()
    for pid in young[:18]:
        for year in sorted({today.year - 1, today.year - (rng.random() < 0.5)}):
            applied = date(year, rng.randint(2, 4), rng.randint(1, 28))
            if applied > today:
                continue
            placed = rng.random() < 0.75
            sector = rng.choice(["KOMMUN", "KOMMUN", "KOMMUN", "PRIVAT", "CIVIL", "ANNAN"]) if placed else None
            start = date(year, 6, rng.choice([15, 22, 29])) if placed else None
            sj.add_summer_job(s, pid, sj.SummerJobInput(
                applied, rng.choice(WISHES), sector, rng.choice(WORKPLACES[sector]) if sector else None,
                start, start + timedelta(days=18) if start else None))
