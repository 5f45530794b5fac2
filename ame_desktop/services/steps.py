"""Stegförflyttning: the unit's ladders (step models), rating dimensions, step assessments, a
person's history, and the figures for a period.

Ladders and versions
    A ladder is a chain of StepModel rows linked by `previous_id`; the newest is `is_current`.
    Only the current version is edited. A version without assessments is edited in place. A
    version with assessments is never changed: saving a change creates version + 1 (the new row
    points back, `is_current` moves to it) and the old assessments keep pointing at the
    StepLevel they were made on, so they still show the level name and number of their day.
    Retiring a ladder (`retired`, set on every version of the chain) stops new assessments on
    it; its history stays. The last ladder in use cannot be retired.

The active ladder
    The register setting `step_model` (a StepModel id, any version of the chain) names the
    ladder that new assessments and the import sheet Steg use. Without the setting, or when
    that ladder is retired, the oldest ladder in use is active (normally the shipped
    Standardmodell). A coach may still choose another ladder in use for an assessment; an
    assessment is always made on the current version of the ladder chosen.

Assessments (stegbedömningar)
    Date: required, not in the future, not before the start of the person's first enrollment;
    one assessment per person and day. Level: a number or name of a level of that current
    version. Assessor: a staff member (matched by name) or a free name; optional. Ratings:
    optional, an integer 1–5 per dimension. Editing an assessment keeps its level when the
    level number is unchanged (history stays on its version); a changed number is taken from
    the current version of the assessment's own ladder.

Who may do what (services/authz.py)
    Assessments: whoever may change the participant (handledare and administratör, within their
    municipalities); each change goes to the audit log with old and new values. Ladders and
    dimensions are the unit's shared definitions, like its settings: administratör only.
    The figures count only participants the signed-in account may see.

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

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from ame_desktop.domain import codes, rules
from ame_desktop.domain.errors import FieldError, NotFoundError, UserError, ValidationError
from ame_desktop.domain.models import (
    Enrollment,
    Municipality,
    Participant,
    Referral,
    Setting,
    StaffMember,
    StepAssessment,
    StepDimension,
    StepLevel,
    StepModel,
    StepRating,
)
from ame_desktop.domain.step_figures import (  # noqa: F401  (the figures' types live in domain)
    DEFINITIONS, GROUP_GENDER, GROUP_LABELS, GROUP_MUNICIPALITY, GROUP_SOURCE, GROUP_TOTAL, NO_SOURCE, GroupFigures,
    StepSummary,
)
from ame_desktop.services import audit, authz
from ame_desktop.services.participants import get_participant

ACTIVE_SETTING = "step_model"
MIN_LEVELS, MAX_LEVELS = 2, 20
RATING_LOW, RATING_HIGH = 1, 5


# -- ladders ---------------------------------------------------------------------------------
@dataclass
class LevelInput:
    """One level as a form or a file gives it; its number is its place in the list (1 = first)."""

    name: object
    description: object = None


@dataclass
class ModelRow:
    """A ladder version for the list on the page."""

    id: int
    name: str
    description: str | None
    version: int
    is_current: bool
    retired: bool
    active: bool
    created_at: datetime
    assessments: int  # on this version
    levels: int


def get_model(s: Session, model_id: int) -> StepModel:
    m = s.get(StepModel, model_id)
    if m is None:
        raise NotFoundError(f"Stegmodellen med id {model_id} finns inte.")
    return m


def current_version(s: Session, model_id: int) -> StepModel:
    """The newest version of the ladder that `model_id` (any version) belongs to."""
    m = get_model(s, model_id)
    for _ in range(10_000):  # a chain is short; the bound only guards against a broken link loop
        nxt = s.exec(select(StepModel).where(StepModel.previous_id == m.id).order_by(StepModel.id)).first()
        if nxt is None:
            return m
        m = nxt
    raise UserError("Stegmodellens versionskedja är trasig.")  # pragma: no cover


def versions(s: Session, model_id: int) -> list[StepModel]:
    """Every version of the ladder, oldest first."""
    m = current_version(s, model_id)
    out = [m]
    while m.previous_id is not None:
        m = get_model(s, m.previous_id)
        out.append(m)
    return out[::-1]


def levels(s: Session, model_id: int) -> list[StepLevel]:
    return list(s.exec(select(StepLevel).where(StepLevel.model_id == model_id).order_by(StepLevel.number)))


def ladders_in_use(s: Session) -> list[StepModel]:
    """Current versions of the ladders that are not retired, oldest ladder first."""
    models = list(s.exec(select(StepModel).where(StepModel.is_current == True, StepModel.retired == False)  # noqa: E712
                         .order_by(StepModel.id)))
    # Oldest ladder = smallest id of its first version; chains are ordered by their root.
    return sorted(models, key=lambda m: versions(s, m.id)[0].id)


def active_model(s: Session) -> StepModel:
    """The current version of the ladder new assessments use (see the module docstring)."""
    row = s.get(Setting, ACTIVE_SETTING)
    if row is not None and row.value.isdigit() and s.get(StepModel, int(row.value)) is not None:
        m = current_version(s, int(row.value))
        if not m.retired:
            return m
    in_use = ladders_in_use(s)
    if not in_use:
        raise UserError("Det finns ingen stegmodell i bruk. Skapa en under Stegförflyttning → Stegmodeller.")
    return in_use[0]


def set_active_model(s: Session, model_id: int) -> StepModel:
    authz.require_admin(s, "byta aktiv stegmodell")
    m = current_version(s, model_id)
    if m.retired:
        raise ValidationError.single("model_id", f"Stegmodellen ”{m.name}” är tagen ur bruk och kan inte "
                                                 "användas för nya bedömningar.")
    _store_active(s, m.id)
    audit.record(s, "update", "step_model", m.id, details={"aktiv": True})
    return m


def _store_active(s: Session, model_id: int | None) -> None:
    row = s.get(Setting, ACTIVE_SETTING)
    if model_id is None:
        if row is not None:
            s.delete(row)
    elif row is None:
        s.add(Setting(key=ACTIVE_SETTING, value=str(model_id)))
    else:
        row.value = str(model_id)
    s.flush()


def assessment_counts(s: Session) -> dict[int, int]:
    """Assessments per model version."""
    q = (sa.select(StepLevel.model_id, sa.func.count(StepAssessment.id))
         .join(StepAssessment, StepAssessment.level_id == StepLevel.id).group_by(StepLevel.model_id))
    return {mid: n for mid, n in s.execute(q)}


def list_models(s: Session, *, include_old_versions: bool = False) -> list[ModelRow]:
    q = select(StepModel).order_by(StepModel.retired, StepModel.name, StepModel.version.desc())
    if not include_old_versions:
        q = q.where(StepModel.is_current == True)  # noqa: E712
    models = list(s.exec(q))
    counts = assessment_counts(s)
    n_levels = dict(s.execute(sa.select(StepLevel.model_id, sa.func.count()).group_by(StepLevel.model_id)).all())
    try:
        active_id = active_model(s).id
    except UserError:
        active_id = None
    return [ModelRow(m.id, m.name, m.description, m.version, m.is_current, m.retired, m.id == active_id,
                     m.created_at, counts.get(m.id, 0), n_levels.get(m.id, 0)) for m in models]


def _clean_ladder(s: Session, name: object, description: object, level_inputs: list[LevelInput],
                  own_chain: set[int]) -> tuple[str, str | None, list[tuple[str, str | None]]]:
    errors: list[FieldError] = []
    clean_name = ""
    clean_description = None
    try:
        clean_name = " ".join(rules.required_text(name, max_len=120).split())
    except ValueError as exc:
        errors.append(FieldError("name", str(exc)))
    try:
        clean_description = rules.text(description, max_len=2000)
    except ValueError as exc:
        errors.append(FieldError("description", str(exc)))
    if clean_name:
        for other in s.exec(select(StepModel).where(StepModel.is_current == True)):  # noqa: E712
            if other.id not in own_chain and other.name.casefold() == clean_name.casefold():
                errors.append(FieldError("name", f"Det finns redan en stegmodell som heter ”{other.name}”."))
                break
    out: list[tuple[str, str | None]] = []
    seen: dict[str, int] = {}
    for number, lv in enumerate(level_inputs, start=1):
        try:
            lv_name = " ".join(rules.required_text(lv.name, max_len=120).split())
        except ValueError as exc:
            errors.append(FieldError(f"level:{number}", f"Nivå {number}, namn: {exc}"))
            lv_name = ""
        try:
            lv_description = rules.text(lv.description, max_len=2000)
        except ValueError as exc:
            errors.append(FieldError(f"level:{number}", f"Nivå {number}, beskrivning: {exc}"))
            lv_description = None
        if lv_name:
            key = lv_name.casefold()
            if key in seen:
                errors.append(FieldError(f"level:{number}", f"Nivå {number}: namnet ”{lv_name}” används redan "
                                                            f"för nivå {seen[key]}."))
            seen.setdefault(key, number)
            if lv_name.isdigit():
                errors.append(FieldError(f"level:{number}", f"Nivå {number}: namnet får inte vara bara siffror "
                                                            "(det förväxlas med nivåns nummer)."))
        out.append((lv_name, lv_description))
    if not (MIN_LEVELS <= len(level_inputs) <= MAX_LEVELS):
        errors.append(FieldError("levels", f"En stegmodell ska ha {MIN_LEVELS}–{MAX_LEVELS} nivåer "
                                           f"(har {len(level_inputs)})."))
    if errors:
        raise ValidationError(errors)
    return clean_name, clean_description, out


def create_model(s: Session, name: object, description: object, level_inputs: list[LevelInput]) -> StepModel:
    """A new ladder (version 1), in use at once; it becomes active only when chosen."""
    authz.require_admin(s, "skapa stegmodeller")
    clean_name, clean_description, clean_levels = _clean_ladder(s, name, description, level_inputs, set())
    m = StepModel(name=clean_name, description=clean_description, version=1, is_current=True)
    s.add(m)
    s.flush()
    s.add_all(StepLevel(model_id=m.id, number=i, name=n, description=d)
              for i, (n, d) in enumerate(clean_levels, start=1))
    s.flush()
    audit.record(s, "create", "step_model", m.id, details=_ladder_details(clean_name, clean_description, clean_levels))
    return m


def _ladder_details(name: str, description: str | None, rungs: list[tuple[str, str | None]]) -> dict:
    return {"namn": name, "beskrivning": description, "nivåer": [f"{i} {n}" for i, (n, _d) in enumerate(rungs, 1)]}


def edit_model(s: Session, model_id: int, name: object, description: object,
               level_inputs: list[LevelInput]) -> StepModel:
    """Change a ladder's current version: in place without assessments, else as a new version.
    Returns the version that now is current (the same one when nothing changed)."""
    authz.require_admin(s, "ändra stegmodeller")
    m = get_model(s, model_id)
    if not m.is_current:
        raise UserError(f"Version {m.version} av ”{m.name}” är en äldre version och kan inte ändras. "
                        "Ändra den aktuella versionen.")
    if m.retired:
        raise UserError(f"Stegmodellen ”{m.name}” är tagen ur bruk. Ta den i bruk igen innan du ändrar den.")
    chain = {v.id for v in versions(s, m.id)}
    clean_name, clean_description, clean_levels = _clean_ladder(s, name, description, level_inputs, chain)
    old_levels = levels(s, m.id)
    old = [(lv.name, lv.description) for lv in old_levels]
    if (clean_name, clean_description) == (m.name, m.description) and clean_levels == old:
        return m
    change = audit.changes(_ladder_details(m.name, m.description, old),
                           _ladder_details(clean_name, clean_description, clean_levels))
    if assessment_counts(s).get(m.id, 0) == 0:
        m.name, m.description = clean_name, clean_description
        by_number = {lv.number: lv for lv in old_levels}
        for number, (lv_name, lv_description) in enumerate(clean_levels, start=1):
            lv = by_number.pop(number, None)
            if lv is None:
                s.add(StepLevel(model_id=m.id, number=number, name=lv_name, description=lv_description))
            else:
                lv.name, lv.description = lv_name, lv_description
        for lv in by_number.values():  # levels beyond the new last one; nothing points at them
            s.delete(lv)
        s.flush()
        audit.record(s, "update", "step_model", m.id, details=change)
        return m
    new = StepModel(name=clean_name, description=clean_description, version=m.version + 1, previous_id=m.id,
                    is_current=True, retired=False)
    m.is_current = False
    s.add(new)
    s.flush()
    s.add_all(StepLevel(model_id=new.id, number=i, name=n, description=d)
              for i, (n, d) in enumerate(clean_levels, start=1))
    row = s.get(Setting, ACTIVE_SETTING)
    if row is not None and row.value.isdigit() and int(row.value) in chain:
        row.value = str(new.id)
    s.flush()
    audit.record(s, "create", "step_model", new.id, details={"ny version av": m.id, "version": new.version} | change)
    return new


def set_model_retired(s: Session, model_id: int, retired: bool) -> StepModel:
    """Take a ladder out of use (ur bruk) or back into use; every version of it."""
    authz.require_admin(s, "ta stegmodeller ur bruk")
    m = current_version(s, model_id)
    if retired and not m.retired:
        others = [x for x in ladders_in_use(s) if x.id != m.id]
        if not others:
            raise UserError("Det här är den enda stegmodellen i bruk. Skapa eller ta i bruk en annan först.")
        row = s.get(Setting, ACTIVE_SETTING)
        if row is not None and row.value.isdigit() and int(row.value) in {v.id for v in versions(s, m.id)}:
            _store_active(s, None)  # the oldest ladder still in use takes over
    for v in versions(s, m.id):
        v.retired = retired
    s.flush()
    audit.record(s, "update", "step_model", m.id, details={"ur bruk": retired})
    return m


# -- dimensions ------------------------------------------------------------------------------
def list_dimensions(s: Session, *, include_inactive: bool = False) -> list[StepDimension]:
    q = select(StepDimension).order_by(StepDimension.sort_order, StepDimension.id)
    if not include_inactive:
        q = q.where(StepDimension.active == True)  # noqa: E712
    return list(s.exec(q))


def get_dimension(s: Session, dimension_id: int) -> StepDimension:
    d = s.get(StepDimension, dimension_id)
    if d is None:
        raise NotFoundError(f"Dimensionen med id {dimension_id} finns inte.")
    return d


def _dimension_name(s: Session, name: object, own_id: int | None) -> str:
    try:
        clean = " ".join(rules.required_text(name, max_len=80).split())
    except ValueError as exc:
        raise ValidationError.single("name", str(exc)) from None
    for d in s.exec(select(StepDimension)):  # casefold in Python: SQLite's lower() ignores å, ä, ö
        if d.id != own_id and d.name.casefold() == clean.casefold():
            raise ValidationError.single("name", f"Dimensionen ”{d.name}” finns redan.")
    return clean


def add_dimension(s: Session, name: object) -> StepDimension:
    authz.require_admin(s, "ändra bedömningsdimensioner")
    clean = _dimension_name(s, name, None)
    last = s.execute(sa.select(sa.func.max(StepDimension.sort_order))).scalar_one() or 0
    d = StepDimension(name=clean, sort_order=last + 1)
    s.add(d)
    s.flush()
    audit.record(s, "create", "step_dimension", d.id, details={"namn": clean})
    return d


def rename_dimension(s: Session, dimension_id: int, name: object) -> StepDimension:
    authz.require_admin(s, "ändra bedömningsdimensioner")
    d = get_dimension(s, dimension_id)
    old = d.name
    d.name = _dimension_name(s, name, dimension_id)
    s.flush()
    audit.record(s, "update", "step_dimension", d.id, details=audit.changes({"namn": old}, {"namn": d.name}))
    return d


def set_dimension_active(s: Session, dimension_id: int, active: bool) -> StepDimension:
    """An inactive dimension is not offered for new ratings; ratings already given stay."""
    authz.require_admin(s, "ändra bedömningsdimensioner")
    d = get_dimension(s, dimension_id)
    d.active = active
    s.flush()
    audit.record(s, "update", "step_dimension", d.id, details={"aktiv": active})
    return d


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
