"""Demo step histories (services/demo calls make_demo_data): assessments every 1–3 months while
enrolled, mostly forward, some back, ratings for some, and a revised ladder a year back."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import Enrollment, Participant, StepAssessment, StepModel, StepRating
from ame_desktop.services import authz
from ame_desktop.services.step_models import LevelInput, active_model, edit_model, levels, list_dimensions

DEMO_COMMENTS = [
    "Kommer i tid och håller överenskomna tider.", "Har börjat ta egna initiativ i arbetsgruppen.",
    "Behöver stöd med att planera veckan.", "Ökat till fler timmar per vecka.",
    "Sjukskriven en period, återgår stegvis.", "Praktikplats på plats i ICA-butiken.",
    "Intervjuträning inför möte med arbetsgivare.", "Fått lönestöd via Arbetsförmedlingen.",
    "Svårt att komma igång efter sommaren.", "Motiverad att söka till Komvux.",
    "Trepartsmöte med AF genomfört.", "Fungerar bra i grupp, vill pröva praktik.",
]
DEMO_OTHER_ASSESSORS = ["Arbetsförmedlingen (trepartsmöte)", "Handledare på praktikplatsen"]


def make_demo_data(session: Session, rng, today: date) -> None:
    """Step histories for most demo participants: assessments every 1–3 months while enrolled,
    mostly forward, some back; ratings for some. The ladder's wording is revised a year before
    `today`, so later assessments are made on version 2 and the demo shows history across versions.
    Administrators only (services/demo.py)."""
    import random

    authz.require_admin(session, "lägga in demodata")

    # A copy of the shared generator: drawing from it would change every later feature's demo data.
    mine = random.Random()
    mine.setstate(rng.getstate())
    rng = mine
    s = session
    model = active_model(s)
    top = max(lv.number for lv in levels(s, model.id))
    switch_day = today - timedelta(days=365)
    dims = [d.id for d in list_dimensions(s)]
    staff_of = dict(s.execute(sa.select(Participant.id, Participant.staff_id)).all())
    exits = {(pid, start): kas for pid, start, kas in s.execute(
        sa.select(Enrollment.participant_id, Enrollment.start_date, Enrollment.exit_kas))}
    periods: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for pid, start, end in s.execute(sa.select(Enrollment.participant_id, Enrollment.start_date, Enrollment.end_date)
                                     .where(Enrollment.start_date <= today)
                                     .order_by(Enrollment.participant_id, Enrollment.start_date)):
        periods[pid].append((start, end))
    rows: list[dict] = []  # level_number for now; the level id depends on the version of the day
    ratings: list[tuple[int, int, int]] = []  # (index in rows, dimension, rating)
    for pid in sorted(periods):
        if rng.random() < 0.12:  # some people are never assessed
            continue
        level = rng.choice([1, 1, 1, 2, 2, 3])
        for start, end in periods[pid]:
            last = min(end or today, today)
            d = start + timedelta(days=rng.randint(3, 25))
            first = True
            while d <= last:
                if not first:
                    # Steps get harder higher up the ladder; some fall back (illness, a lost placement).
                    r, up = rng.random(), 0.48 - 0.06 * (level - 1)
                    if r < up:
                        level = min(top - 1, level + 1)
                    elif r < up + 0.04:
                        level = min(top - 1, level + 2)
                    elif r < up + 0.13:
                        level = max(1, level - 1)
                first = False
                rows.append(_demo_row(rng, pid, d, level, staff_of.get(pid)))
                if dims and rng.random() < 0.45:
                    base = 1 + (level - 1) * 4 / max(1, top - 1)
                    for dim in dims:
                        if rng.random() < 0.8:
                            ratings.append((len(rows) - 1, dim, max(1, min(5, round(base + rng.uniform(-1.3, 1.3))))))
                d += timedelta(days=rng.randint(30, 92))
            if end is not None and end <= today and exits.get((pid, start)) in ("A", "B") and rng.random() < 0.8:
                # The exit to work or studies is recorded as the ladder's top level.
                level = top
                if rows and rows[-1]["participant_id"] == pid and rows[-1]["assessed_on"] >= end:
                    rows[-1]["level_number"] = top
                else:
                    rows.append(_demo_row(rng, pid, end, top, staff_of.get(pid)))
            level = max(1, level - rng.choice([0, 1, 2]))  # a new enrollment starts a little lower
    before = [i for i, r in enumerate(rows) if r["assessed_on"] < switch_day]
    after = [i for i, r in enumerate(rows) if r["assessed_on"] >= switch_day]
    _insert_demo(s, rows, before, ratings, model)
    if model.version == 1 and before:
        try:
            model = _demo_revision(s, model, switch_day)
        except UserError:  # an account that may not change ladders: the demo keeps version 1
            pass
    _insert_demo(s, rows, after, ratings, model)


def _demo_row(rng, pid: int, d: date, level_number: int, staff_id: int | None) -> dict:
    other = rng.random() < 0.06
    return {"participant_id": pid, "assessed_on": d, "level_number": level_number,
            "assessor_id": None if other else staff_id,
            "assessor_name": rng.choice(DEMO_OTHER_ASSESSORS) if other else None,
            "comment": rng.choice(DEMO_COMMENTS) if rng.random() < 0.35 else None}


def _demo_revision(s: Session, model: StepModel, switch_day: date) -> StepModel:
    """Version 2 of the ladder: clearer descriptions of levels 4 and 5, dated on the switch day."""
    revised = []
    for lv in levels(s, model.id):
        text = lv.description or ""
        if lv.number == 4:
            text += " Praktiken följs upp med trepartssamtal minst en gång i månaden."
        if lv.number == 5:
            text += " Matchningen görs tillsammans med Arbetsförmedlingen enligt den lokala överenskommelsen."
        revised.append(LevelInput(lv.name, text))
    v2 = edit_model(s, model.id, model.name, model.description, revised)
    v2.created_at = datetime.combine(switch_day, datetime.min.time())
    s.flush()
    return v2


def _insert_demo(s: Session, rows: list[dict], which: list[int], ratings: list[tuple[int, int, int]],
                 model: StepModel) -> None:
    if not which:
        return
    level_ids = {lv.number: lv.id for lv in levels(s, model.id)}
    first_id = (s.execute(sa.select(sa.func.max(StepAssessment.id))).scalar_one() or 0) + 1
    # Explicit ids, so the ratings can point at their assessment without reading ids back.
    ids = {i: first_id + n for n, i in enumerate(which)}
    now = datetime.now().replace(microsecond=0)
    values = [{k: v for k, v in rows[i].items() if k != "level_number"}
              | {"id": ids[i], "level_id": level_ids[rows[i]["level_number"]], "created_at": now} for i in which]
    for n in range(0, len(values), 5000):
        s.execute(sa.insert(StepAssessment), values[n:n + 5000])
    rated = [{"assessment_id": ids[i], "dimension_id": d, "rating": r} for i, d, r in ratings if i in ids]
    for n in range(0, len(rated), 5000):
        s.execute(sa.insert(StepRating), rated[n:n + 5000])
    if s.get_bind().dialect.name == "postgresql":
        # Explicit ids leave PostgreSQL's sequence behind; move it past them.
        s.execute(sa.text("SELECT setval(pg_get_serial_sequence('step_assessment', 'id'), "
                          "(SELECT max(id) FROM step_assessment))"))
