"""Stegförflyttning, the figures for a period (the page Stegförflyttning and its xlsx export);
the figures' types and definitions live in domain/step_figures.py. Only participants the
signed-in account may see are counted.

Figures for a period [from, to] (the page Stegförflyttning, and its xlsx export)
    Bedömda: persons with at least one assessment dated in the period.
    Comparisons: each assessment in the period is compared with the person's assessment just
        before it (ordered by date, then by when it was recorded); for the first one in the
        period that is the latest assessment before the period, if there is one. Levels are
        compared by their number, across ladder versions (and ladders).
    Steg framåt: persons with at least one comparison where the number rose, as a share of
        the persons assessed. Steg bakåt: the same for a fall. One person can count in both.
    Median dagar per steg: for every rising comparison, the days between the two assessments
        divided by the number of levels gained; the median of these values.
    Groups: kommun = the municipality recorded on the person; kön = the person's gender;
        anvisare = the source of the person's latest referral dated on or before the period's
        end (by date, then id), "Uppgift saknas" when there is none.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes, rules
from ame_desktop.domain.errors import FieldError, ValidationError
from ame_desktop.domain.models import Enrollment, Municipality, Participant, Referral, StepAssessment, StepLevel
from ame_desktop.domain.step_figures import (
    GROUP_GENDER, GROUP_LABELS, GROUP_MUNICIPALITY, GROUP_SOURCE, GROUP_TOTAL, NO_SOURCE, GroupFigures, StepSummary,
)
from ame_desktop.services import authz

# -- figures for a period --------------------------------------------------------------------

def _clean_period(start: object, end: object) -> tuple[date, date]:
    errors = []
    out = []
    for name, value in (("start", start), ("end", end)):
        try:
            out.append(rules.a_date(value))
        except ValueError as exc:
            errors.append(FieldError(name, str(exc)))
    if errors:
        raise ValidationError(errors)
    a, b = out
    if b < a:
        raise ValidationError.single("end", "Periodens slut ligger före dess början.")
    return a, b


def summarize(s: Session, start: object, end: object) -> StepSummary:
    """The figures for a period, in total and by municipality, gender and referral source
    (definitions in the module docstring)."""
    p_start, p_end = _clean_period(start, end)
    a, lv = StepAssessment.__table__, StepLevel.__table__
    assessed = sa.select(a.c.participant_id).where(a.c.assessed_on.between(p_start, p_end)).distinct()
    if authz.actor(s).municipalities is not None:  # only the people this account may see
        assessed = assessed.where(a.c.participant_id.in_(authz.visible_ids(s)))
    window = {"partition_by": a.c.participant_id, "order_by": (a.c.assessed_on, a.c.id)}
    # Window functions (SQLite ≥ 3.25, PostgreSQL): each assessment with the one before it, over
    # the person's whole history up to the period's end, so the first in the period meets the last before.
    seq = (sa.select(a.c.participant_id, a.c.assessed_on, lv.c.number,
                     sa.func.lag(lv.c.number, type_=sa.Integer).over(**window).label("prev_number"),
                     sa.func.lag(a.c.assessed_on, type_=sa.Date).over(**window).label("prev_on"))
           .join(lv, lv.c.id == a.c.level_id)
           .where(a.c.assessed_on <= p_end, a.c.participant_id.in_(assessed))
           .subquery("seq"))
    in_period = seq.c.assessed_on >= p_start
    flags = (sa.select(seq.c.participant_id,
                       sa.func.max(sa.case((seq.c.prev_number.is_not(None), 1), else_=0)).label("compared"),
                       sa.func.max(sa.case((seq.c.number > seq.c.prev_number, 1), else_=0)).label("forward"),
                       sa.func.max(sa.case((seq.c.number < seq.c.prev_number, 1), else_=0)).label("back"))
             .where(in_period).group_by(seq.c.participant_id).subquery("flags"))
    latest_source = (sa.select(Referral.source)
                     .where(Referral.participant_id == Participant.id, Referral.referral_date <= p_end)
                     .order_by(Referral.referral_date.desc(), Referral.id.desc()).limit(1)
                     .correlate(Participant).scalar_subquery())
    people = s.execute(
        sa.select(flags.c.participant_id, flags.c.compared, flags.c.forward, flags.c.back,
                  Participant.municipality_code, Participant.gender, latest_source.label("source"))
        .join(Participant, Participant.id == flags.c.participant_id)).all()
    rises = s.execute(sa.select(seq.c.participant_id, seq.c.prev_on, seq.c.assessed_on,
                                (seq.c.number - seq.c.prev_number).label("gained"))
                      .where(in_period, seq.c.number > seq.c.prev_number)).all()
    municipality_names = dict(s.execute(sa.select(Municipality.code, Municipality.name)).all())

    def keys(row) -> list[tuple[str, str | None]]:
        return [(GROUP_TOTAL, None), (GROUP_MUNICIPALITY, row.municipality_code), (GROUP_GENDER, row.gender),
                (GROUP_SOURCE, row.source)]

    groups: dict[tuple[str, str | None], GroupFigures] = {(GROUP_TOTAL, None): GroupFigures(GROUP_TOTAL, None, "Totalt")}
    person_keys: dict[int, list[tuple[str, str | None]]] = {}
    for row in people:
        person_keys[row.participant_id] = keys(row)
        for k in person_keys[row.participant_id]:
            g = groups.get(k)
            if g is None:
                g = groups[k] = GroupFigures(k[0], k[1], _group_label(k[0], k[1], municipality_names))
            g.assessed += 1
            g.compared += row.compared
            g.forward += row.forward
            g.back += row.back
    days: dict[tuple[str, str | None], list[float]] = defaultdict(list)
    for pid, prev_on, on, gained in rises:
        for k in person_keys[pid]:
            days[k].append((on - prev_on).days / gained)
    for k, values in days.items():
        groups[k].rises = len(values)
        groups[k].median_days_per_step = round(statistics.median(values), 1)
    return StepSummary(p_start, p_end, sorted(groups.values(), key=_group_order))


def _group_label(group: str, key: str | None, municipality_names: dict[str, str]) -> str:
    if group == GROUP_MUNICIPALITY:
        return f"{municipality_names.get(key or '', key)} ({key})"
    if group == GROUP_GENDER:
        return codes.GENDER_LABELS.get(key or "", key or "")
    if group == GROUP_SOURCE:
        return codes.REFERRAL_SOURCE_LABELS.get(key or "", key or "") if key else NO_SOURCE
    return "Totalt"


def _group_order(g: GroupFigures):
    rank = list(GROUP_LABELS).index(g.group)
    if g.group == GROUP_GENDER:
        return rank, list(codes.GENDER_LABELS).index(g.key) if g.key in codes.GENDER_LABELS else 9, ""
    if g.group == GROUP_SOURCE:
        order = list(codes.REFERRAL_SOURCE_LABELS)
        return rank, order.index(g.key) if g.key in order else 9, ""
    return rank, 0, g.label


def level_distribution(s: Session, on: date) -> list[tuple[int, int]]:
    """(level number, persons) by each enrolled person's latest assessment on or before `on`."""
    a = StepAssessment.__table__
    latest = (sa.select(a.c.participant_id, sa.func.max(a.c.assessed_on).label("on"))
              .where(a.c.assessed_on <= on).group_by(a.c.participant_id).subquery())
    enrolled = sa.select(Enrollment.participant_id).where(
        Enrollment.start_date <= on, sa.or_(Enrollment.end_date.is_(None), Enrollment.end_date >= on))
    if authz.actor(s).municipalities is not None:
        enrolled = enrolled.where(Enrollment.participant_id.in_(authz.visible_ids(s)))
    q = (sa.select(StepLevel.number, sa.func.count(sa.distinct(a.c.participant_id)))
         .select_from(a)
         .join(latest, sa.and_(latest.c.participant_id == a.c.participant_id, latest.c.on == a.c.assessed_on))
         .join(StepLevel, StepLevel.id == a.c.level_id)
         .where(a.c.participant_id.in_(enrolled))
         .group_by(StepLevel.number).order_by(StepLevel.number))
    return [(n, c) for n, c in s.execute(q)]
