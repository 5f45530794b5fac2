"""Stegförflyttning, the unit's shared definitions: ladders (step models) with their versions,
the active ladder, and the rating dimensions. Administratör only (like the unit's settings);
every change goes to the audit log.

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
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from ame_desktop.domain import rules
from ame_desktop.domain.errors import FieldError, NotFoundError, UserError, ValidationError
from ame_desktop.domain.models import Setting, StepAssessment, StepDimension, StepLevel, StepModel
from ame_desktop.services import audit, authz

ACTIVE_SETTING = "step_model"
MIN_LEVELS, MAX_LEVELS = 2, 20


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
