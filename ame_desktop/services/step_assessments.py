"""Stegbedömningar: a participant's step assessments (with ratings per dimension), the person's
history and the data of the step chart.

Assessments (stegbedömningar)
    Date: required, not in the future, not before the start of the person's first enrollment;
    one assessment per person and day. Level: a number or name of a level of that current
    version. Assessor: a staff member (matched by name) or a free name; optional. Ratings:
    optional, an integer 1–5 per dimension. Editing an assessment keeps its level when the
    level number is unchanged (history stays on its version); a changed number is taken from
    the current version of the assessment's own ladder.

Who may do what (services/authz.py)
    Whoever may change the participant (handledare and administratör, within their
    municipalities); each change goes to the audit log with old and new values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from ame_desktop.domain import rules
from ame_desktop.domain.errors import FieldError, NotFoundError, UserError, ValidationError
from ame_desktop.domain.models import (
    Enrollment,
    Participant,
    StaffMember,
    StepAssessment,
    StepDimension,
    StepLevel,
    StepModel,
    StepRating,
)
from ame_desktop.services import audit, authz
from ame_desktop.services.participants import get_participant
from ame_desktop.services.step_models import active_model, current_version, get_model, levels, list_dimensions

RATING_LOW, RATING_HIGH = 1, 5


# -- assessments -----------------------------------------------------------------------------
_NUMBER_FIRST = re.compile(r"^(\d+)\s*[.:)\-–]?\s*(.*)$")


def find_level(s: Session, model: StepModel, value: object) -> StepLevel:
    """A level of `model` by its number (3, "3", 3.0), its name (any case), or "3 Arbetsträning".
    Raises ValueError with a Swedish message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("Nivå måste anges.")
    rungs = levels(s, model.id)
    allowed = f"Välj 1–{len(rungs)} eller en nivås namn" if rungs else "Modellen har inga nivåer"
    where = f"stegmodellen ”{model.name}”" + (f" (version {model.version})" if model.version > 1 else "")
    if isinstance(value, bool):
        raise ValueError(f"”{value}” är ingen nivå.")
    number: int | None = None
    name = ""
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"Nivå {value:g} finns inte i {where}. {allowed}.")
        number = int(value)
    else:
        text = " ".join(str(value).split())
        m = _NUMBER_FIRST.match(text)
        if m:
            number, name = int(m[1]), m[2]
        else:
            name = text
    if number is not None:
        hit = next((lv for lv in rungs if lv.number == number), None)
        if hit is None:
            raise ValueError(f"Nivå {number} finns inte i {where}. {allowed}.")
        if name and name.casefold() != hit.name.casefold():
            raise ValueError(f"Nivå {number} heter ”{hit.name}” i {where}, inte ”{name}”.")
        return hit
    hit = next((lv for lv in rungs if lv.name.casefold() == name.casefold()), None)
    if hit is None:
        raise ValueError(f"Nivån ”{name}” finns inte i {where}. {allowed}.")
    return hit


def _sees_person(s: Session, participant_id: int) -> bool:
    code = s.execute(sa.select(Participant.municipality_code).where(Participant.id == participant_id)).scalar()
    return code is not None and authz.actor(s).sees(code)


def first_enrollment_start(s: Session, participant_id: int) -> date | None:
    authz.check_participant(s, participant_id)
    return s.execute(sa.select(sa.func.min(Enrollment.start_date))
                     .where(Enrollment.participant_id == participant_id)).scalar_one()


def assessment_date(value: object, first_start: date | None, today: date) -> date:
    """The date rules; raises ValueError with a Swedish message."""
    d = rules.a_date(value)
    assert d is not None
    rules.not_in_future(d, today)
    if first_start is None:
        raise ValueError("Personen har ingen inskrivning. En stegbedömning kan inte ligga före den första "
                         "inskrivningen – lägg in inskrivningen först.")
    if d < first_start:
        raise ValueError(f"{d.isoformat()} ligger före personens första inskrivning ({first_start.isoformat()}).")
    return d


def rating_value(value: object) -> int | None:
    """An optional rating 1–5; blank = no rating. Raises ValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"”{value}” är inget betyg.")
    try:
        number = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"”{value}” är inget betyg. Ange ett heltal {RATING_LOW}–{RATING_HIGH}.") from None
    if not number.is_integer() or not (RATING_LOW <= number <= RATING_HIGH):
        raise ValueError(f"Betyget ska vara ett heltal {RATING_LOW}–{RATING_HIGH} (är {number:g}).")
    return int(number)


def staff_by_name(s: Session) -> dict[str, tuple[int, str]]:
    return {name.casefold(): (sid, name) for sid, name in s.execute(sa.select(StaffMember.id, StaffMember.name))}


def assessor_value(s: Session, value: object, staff: dict[str, tuple[int, str]] | None = None
                   ) -> tuple[int | None, str | None]:
    """(staff id, None) for a staff member (by id or name), (None, name) for anyone else."""
    if value is None:
        return None, None
    if isinstance(value, int) and not isinstance(value, bool):
        if s.get(StaffMember, value) is None:
            raise ValueError("Medarbetaren finns inte.")
        return value, None
    name = rules.text(value, max_len=120)
    if name is None:
        return None, None
    name = " ".join(name.split())
    hit = (staff if staff is not None else staff_by_name(s)).get(name.casefold())
    return (hit[0], None) if hit else (None, name)


@dataclass
class _Clean:
    assessed_on: date
    level: StepLevel
    assessor_id: int | None
    assessor_name: str | None
    comment: str | None
    ratings: dict[int, int]


def _clean_assessment(s: Session, participant_id: int, assessed_on: object, model: StepModel, level: object,
                      assessor: object, comment: object, ratings: dict[int, object] | None, today: date,
                      existing: StepAssessment | None) -> _Clean:
    errors: list[FieldError] = []

    def take(field_name: str, fn, *args):
        try:
            return fn(*args)
        except ValueError as exc:
            errors.append(FieldError(field_name, str(exc)))
            return None

    when = take("assessed_on", assessment_date, assessed_on, first_enrollment_start(s, participant_id), today)
    chosen: StepLevel | None = None
    try:
        chosen = find_level(s, model, level)
    except ValueError as exc:
        chosen = None
        problem = str(exc)
    if existing is not None:
        # An unchanged level stays on the version the assessment was made on.
        old = s.get(StepLevel, existing.level_id)
        assert old is not None
        if chosen is not None and chosen.number == old.number:
            chosen = old
        elif chosen is None:
            try:
                if find_level(s, get_model(s, old.model_id), level).id == old.id:
                    chosen = old
            except ValueError:
                pass
    if chosen is None:
        errors.append(FieldError("level", problem))
    who = take("assessor", assessor_value, s, assessor) or (None, None)
    clean_comment = take("comment", lambda v: rules.text(v, max_len=4000), comment)
    clean_ratings: dict[int, int] = {}
    known = {d.id: d for d in list_dimensions(s, include_inactive=True)}
    kept = set() if existing is None else {r.dimension_id for r in s.exec(
        select(StepRating).where(StepRating.assessment_id == existing.id))}
    for dim_id, raw in (ratings or {}).items():
        dim = known.get(dim_id)
        if dim is None:
            errors.append(FieldError(f"rating:{dim_id}", "Okänd bedömningsdimension."))
            continue
        try:
            value = rating_value(raw)
        except ValueError as exc:
            errors.append(FieldError(f"rating:{dim_id}", f"{dim.name}: {exc}"))
            continue
        if value is None:
            continue
        if not dim.active and dim_id not in kept:
            errors.append(FieldError(f"rating:{dim_id}", f"{dim.name}: dimensionen är inaktiverad."))
            continue
        clean_ratings[dim_id] = value
    if when is not None:
        clash = s.exec(select(StepAssessment.id).where(StepAssessment.participant_id == participant_id,
                                                       StepAssessment.assessed_on == when)).first()
        if clash is not None and (existing is None or clash != existing.id):
            errors.append(FieldError("assessed_on", f"Personen har redan en stegbedömning {when.isoformat()}."))
    if errors:
        raise ValidationError(errors)
    assert when is not None and chosen is not None
    return _Clean(when, chosen, who[0], who[1], clean_comment, clean_ratings)


def _model_for_new(s: Session, model_id: int | None) -> StepModel:
    if model_id is None:
        return active_model(s)
    m = current_version(s, model_id)
    if m.retired:
        raise ValidationError.single("model_id", f"Stegmodellen ”{m.name}” är tagen ur bruk.")
    return m


def add_assessment(s: Session, participant_id: int, assessed_on: object, level: object, *, assessor: object = None,
                   comment: object = None, ratings: dict[int, object] | None = None, model_id: int | None = None,
                   today: date | None = None) -> StepAssessment:
    """Record a step assessment on the current version of the chosen (else the active) ladder."""
    authz.check_participant(s, participant_id, write=True)
    get_participant(s, participant_id)
    model = _model_for_new(s, model_id)
    c = _clean_assessment(s, participant_id, assessed_on, model, level, assessor, comment, ratings,
                          today or date.today(), None)
    a = StepAssessment(participant_id=participant_id, assessed_on=c.assessed_on, level_id=c.level.id,
                       assessor_id=c.assessor_id, assessor_name=c.assessor_name, comment=c.comment)
    s.add(a)
    s.flush()
    s.add_all(StepRating(assessment_id=a.id, dimension_id=d, rating=r) for d, r in c.ratings.items())
    s.flush()
    audit.record(s, "create", "step_assessment", a.id, participant_id, _audit_values(s, a))
    return a


def _audit_values(s: Session, a: StepAssessment) -> dict:
    """What the audit log keeps of an assessment: its fields as the user saw them."""
    lv = s.get(StepLevel, a.level_id)
    model = s.get(StepModel, lv.model_id) if lv else None
    ratings = {name: rating for name, rating in s.execute(
        sa.select(StepDimension.name, StepRating.rating).join(StepDimension, StepDimension.id == StepRating.dimension_id)
        .where(StepRating.assessment_id == a.id))}
    return {"datum": a.assessed_on, "nivå": f"{lv.number} {lv.name}" if lv else None,
            "stegmodell": f"{model.name} v{model.version}" if model else None,
            "bedömare_id": a.assessor_id, "bedömare": a.assessor_name, "kommentar": a.comment, "betyg": ratings}


def update_assessment(s: Session, assessment_id: int, assessed_on: object, level: object, *, assessor: object = None,
                      comment: object = None, ratings: dict[int, object] | None = None,
                      today: date | None = None) -> StepAssessment:
    """Change an assessment. `ratings` replaces the ratings given (None keeps them as they are)."""
    a = get_assessment(s, assessment_id)
    authz.check_participant(s, a.participant_id, write=True)
    before = _audit_values(s, a)
    old_level = s.get(StepLevel, a.level_id)
    assert old_level is not None
    model = current_version(s, old_level.model_id)
    c = _clean_assessment(s, a.participant_id, assessed_on, model, level, assessor, comment, ratings,
                          today or date.today(), a)
    a.assessed_on, a.level_id = c.assessed_on, c.level.id
    a.assessor_id, a.assessor_name, a.comment = c.assessor_id, c.assessor_name, c.comment
    if ratings is not None:
        for r in s.exec(select(StepRating).where(StepRating.assessment_id == a.id)):
            s.delete(r)
        s.flush()
        s.add_all(StepRating(assessment_id=a.id, dimension_id=d, rating=r) for d, r in c.ratings.items())
    s.flush()
    audit.record(s, "update", "step_assessment", a.id, a.participant_id, audit.changes(before, _audit_values(s, a)))
    return a


def delete_assessment(s: Session, assessment_id: int) -> None:
    a = get_assessment(s, assessment_id)
    authz.check_participant(s, a.participant_id, write=True)
    before = _audit_values(s, a)
    for r in s.exec(select(StepRating).where(StepRating.assessment_id == a.id)):
        s.delete(r)
    s.delete(a)
    s.flush()
    audit.record(s, "delete", "step_assessment", assessment_id, a.participant_id, before)


def get_assessment(s: Session, assessment_id: int) -> StepAssessment:
    a = s.get(StepAssessment, assessment_id)
    if a is None or not _sees_person(s, a.participant_id):
        raise NotFoundError(f"Stegbedömningen med id {assessment_id} finns inte.")
    return a


@dataclass
class HistoryEntry:
    """One assessment as the person's history shows it: the level as it was on that version."""

    id: int
    assessed_on: date
    level_id: int
    level_number: int
    level_name: str
    model_id: int
    model_name: str
    model_version: int
    assessor_id: int | None
    assessor: str
    comment: str | None
    ratings: list[tuple[int, str, int]] = field(default_factory=list)  # (dimension id, name, rating)

    @property
    def level_label(self) -> str:
        return f"{self.level_number} {self.level_name}"


def history(s: Session, participant_id: int) -> list[HistoryEntry]:
    """The person's assessments, oldest first."""
    authz.check_participant(s, participant_id)
    q = (sa.select(StepAssessment.id, StepAssessment.assessed_on, StepLevel.id, StepLevel.number, StepLevel.name,
                   StepModel.id, StepModel.name, StepModel.version, StepAssessment.assessor_id, StaffMember.name,
                   StepAssessment.assessor_name, StepAssessment.comment)
         .join(StepLevel, StepLevel.id == StepAssessment.level_id)
         .join(StepModel, StepModel.id == StepLevel.model_id)
         .outerjoin(StaffMember, StaffMember.id == StepAssessment.assessor_id)
         .where(StepAssessment.participant_id == participant_id)
         .order_by(StepAssessment.assessed_on, StepAssessment.id))
    out = [HistoryEntry(aid, on, lid, number, lname, mid, mname, version, sid, staff_name or free or "", comment)
           for aid, on, lid, number, lname, mid, mname, version, sid, staff_name, free, comment in s.execute(q)]
    if out:
        by_id = {e.id: e for e in out}
        rq = (sa.select(StepRating.assessment_id, StepDimension.id, StepDimension.name, StepRating.rating)
              .join(StepDimension, StepDimension.id == StepRating.dimension_id)
              .where(StepRating.assessment_id.in_(list(by_id)))
              .order_by(StepDimension.sort_order, StepDimension.id))
        for aid, did, dname, rating in s.execute(rq):
            by_id[aid].ratings.append((did, dname, rating))
    return out


@dataclass
class ChartData:
    """What the participant's step chart needs."""

    entries: list[HistoryEntry]
    enrollments: list[tuple[date, date | None]]
    axis: list[tuple[int, str]]  # (number, name) from 1 to the highest level shown
    model_name: str


def chart_data(s: Session, participant_id: int) -> ChartData:
    """History, enrollment periods, and y-axis labels: the names of the current version of the
    ladder last used for the person (else the active ladder); numbers only older versions had
    keep their old names."""
    authz.check_participant(s, participant_id)
    entries = history(s, participant_id)
    periods = [(e.start_date, e.end_date) for e in s.exec(
        select(Enrollment).where(Enrollment.participant_id == participant_id).order_by(Enrollment.start_date))]
    try:
        model = current_version(s, entries[-1].model_id) if entries else active_model(s)
    except UserError:
        model = None
    names = {lv.number: lv.name for lv in levels(s, model.id)} if model is not None else {}
    for e in reversed(entries):
        names.setdefault(e.level_number, e.level_name)
    top = max(names) if names else 1
    axis = [(n, names.get(n, "")) for n in range(1, top + 1)]
    return ChartData(entries, periods, axis, model.name if model is not None else "")
