"""Demo data for issue 19 (services.demo.DEMO_MODULES): most exits to work in the demo register
are confirmed a month after the first day of work (some are left to confirm), and a group of
young people apply for feriejobb, most of them getting a place. Its own random generator, so the
rest of the demo register stays as it was."""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.models import Enrollment
from ame_desktop.services import participants as ps
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
    rng = random.Random(19_2026)
    q = sa.select(Enrollment.id, Enrollment.end_date, Enrollment.job_start_date).where(
        Enrollment.exit_reason.in_(("A1", "A2")), Enrollment.work_confirmed_on.is_(None))
    for eid, end, job_start in s.execute(q).all():
        due = confirmable_from(end, job_start)
        if due <= today - timedelta(days=14) and rng.random() < 0.85:
            wc.confirm_work(s, eid, min(today, due + timedelta(days=rng.randint(0, 12))), today=today)
    from ame_desktop.services.demo import FIRST_K, FIRST_M, LAST, fictitious_personnummer

    used: set[str] = set()
    for i in range(18):
        gender = "K" if i % 2 else "M"
        birth = date(today.year - rng.randint(15, 18), rng.randint(1, 12), rng.randint(1, 28))
        number = fictitious_personnummer(rng, birth, gender)
        if number in used:
            continue
        used.add(number)
        first, last = rng.choice(FIRST_K if gender == "K" else FIRST_M), rng.choice(LAST)
        try:
            p = ps.create_participant(s, ps.ParticipantInput(number, first, last))
        except Exception:  # a number the main demo already used
            continue
        for year in sorted({today.year - 1, today.year - (rng.random() < 0.5)}):
            applied = date(year, rng.randint(2, 4), rng.randint(1, 28))
            if applied > today:
                continue
            placed = rng.random() < 0.75
            sector = rng.choice(["KOMMUN", "KOMMUN", "KOMMUN", "PRIVAT", "CIVIL", "ANNAN"]) if placed else None
            start = date(year, 6, rng.choice([15, 22, 29])) if placed else None
            sj.add_summer_job(s, p.id, sj.SummerJobInput(
                applied, rng.choice(WISHES), sector, rng.choice(WORKPLACES[sector]) if sector else None,
                start, start + timedelta(days=18) if start else None))
