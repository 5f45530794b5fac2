"""Aktivitetskrav: requirement periods, the unit's activities and each person's weekly schedule.

Rules (shared/docs/DOMAIN.md, shared/spec/IMPORT_TEMPLATE.md § Aktivitetskrav): periods of one
person never overlap; hours per week 0–40 in quarter hours; a scope below full time (a setting,
40 h by default) needs a reason unless the period is an exemption (Undantag), whose code is the
reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from ame_desktop.domain import codes, rules
from ame_desktop.domain.dates import overlaps
from ame_desktop.domain.errors import FieldError, NotFoundError, ValidationError
from ame_desktop.domain.models import Activity, RequirementPeriod, ScheduleEntry
from ame_desktop.services import audit, authz
from ame_desktop.services import settings as settings_service
from ame_desktop.services.participants import get_participant

WEEKDAYS = ("Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag")
WEEKDAYS_SHORT = ("Mån", "Tis", "Ons", "Tor", "Fre", "Lör", "Sön")


def exemption(value: object) -> str | None:
    return rules.optional_code(codes.Exemption, value, "Okänt undantag")


def weekly_hours(value: object) -> float:
    return rules.quarter_hours(value, low=0, high=40)


def reason_problem(hours: float, reason: str | None, exemption_code: str | None, full_time: float) -> str | None:
    """The rule 'a reduced scope needs a reason' (None when it holds)."""
    if hours < full_time and not reason and not exemption_code:
        return (f"{hours:g} timmar är mindre än heltid ({full_time:g} h/vecka): "
                "ange orsaken till att omfattningen är nedsatt.")
    return None


def period_overlap_message(start: date, end: date | None) -> str:
    until = end.isoformat() if end else "tills vidare"
    return f"Överlappar en annan kravperiod för samma person ({start.isoformat()} – {until})."


def _clean_period(s: Session, participant_id: int, start: object, end: object, hours: object, reason: object,
                  exemption_code: object, existing_id: int | None) -> dict:
    errors: list[FieldError] = []
    out: dict = {}
    for field, fn, arg in (
        ("start_date", rules.a_date, start),
        ("end_date", lambda v: rules.a_date(v, required=False), end),
        ("hours_per_week", weekly_hours, hours),
        ("reduction_reason", lambda v: rules.text(v, max_len=500), reason),
        ("exemption", exemption, exemption_code),
    ):
        try:
            out[field] = fn(arg)
        except ValueError as exc:
            errors.append(FieldError(field, str(exc)))
    if not errors:
        if out["end_date"] is not None and out["end_date"] < out["start_date"]:
            errors.append(FieldError("end_date", "Till-datum ligger före från-datum."))
        problem = reason_problem(out["hours_per_week"], out["reduction_reason"], out["exemption"],
                                 settings_service.full_time_hours(s))
        if problem:
            errors.append(FieldError("reduction_reason", problem))
    if not errors:
        for other in s.exec(select(RequirementPeriod).where(RequirementPeriod.participant_id == participant_id)):
            if other.id != existing_id and overlaps(out["start_date"], out["end_date"], other.start_date, other.end_date):
                errors.append(FieldError("start_date", period_overlap_message(other.start_date, other.end_date)))
                break
    if errors:
        raise ValidationError(errors)
    return out


PERIOD_FIELDS = ("start_date", "end_date", "hours_per_week", "reduction_reason", "exemption")


def add_period(s: Session, participant_id: int, start: object, end: object = None, hours_per_week: object = 40,
               reduction_reason: object = None, exemption_code: object = None) -> RequirementPeriod:
    authz.check_participant(s, participant_id, write=True)
    get_participant(s, participant_id)
    values = _clean_period(s, participant_id, start, end, hours_per_week, reduction_reason, exemption_code, None)
    p = RequirementPeriod(participant_id=participant_id, **values)
    s.add(p)
    s.flush()
    audit.record(s, "create", "requirement_period", p.id, participant_id, values)
    return p


def update_period(s: Session, period_id: int, start: object, end: object, hours_per_week: object,
                  reduction_reason: object = None, exemption_code: object = None) -> RequirementPeriod:
    p = get_period(s, period_id)
    authz.check_participant(s, p.participant_id, write=True)
    old = {k: getattr(p, k) for k in PERIOD_FIELDS}
    values = _clean_period(s, p.participant_id, start, end, hours_per_week, reduction_reason, exemption_code,
                           period_id)
    for k, v in values.items():
        setattr(p, k, v)
    s.flush()
    audit.record(s, "update", "requirement_period", period_id, p.participant_id, audit.changes(old, values))
    return p


def delete_period(s: Session, period_id: int) -> None:
    p = get_period(s, period_id)
    authz.check_participant(s, p.participant_id, write=True)
    old = {k: getattr(p, k) for k in PERIOD_FIELDS}
    s.delete(p)
    s.flush()
    audit.record(s, "delete", "requirement_period", period_id, p.participant_id, old)


def get_period(s: Session, period_id: int) -> RequirementPeriod:
    p = s.get(RequirementPeriod, period_id)
    if p is None:
        raise NotFoundError(f"Kravperioden med id {period_id} finns inte.")
    authz.check_participant(s, p.participant_id)
    return p


def list_periods(s: Session, participant_id: int) -> list[RequirementPeriod]:
    authz.check_participant(s, participant_id)
    return list(s.exec(select(RequirementPeriod).where(RequirementPeriod.participant_id == participant_id)
                       .order_by(RequirementPeriod.start_date.desc())))


# -- activities ----------------------------------------------------------------------------------
def list_activities(s: Session, *, include_inactive: bool = False) -> list[Activity]:
    q = select(Activity).order_by(Activity.is_category.desc(), Activity.category, Activity.name)
    if not include_inactive:
        q = q.where(Activity.active == True)  # noqa: E712
    return list(s.exec(q))


def category_activity(s: Session, category: int) -> Activity:
    a = s.exec(select(Activity).where(Activity.is_category == True, Activity.category == category)).first()  # noqa: E712
    if a is None:  # pragma: no cover - seeded with every register
        raise NotFoundError(f"Kategori {category} saknas i aktivitetslistan.")
    return a


def find_activity(s: Session, name_or_category: object) -> Activity | None:
    """An activity by its name (any case) or a category digit 1–4."""
    text = codes.normalize_code_text(name_or_category)
    if text in ("1", "2", "3", "4"):
        return category_activity(s, int(text))
    for a in s.exec(select(Activity)):
        if codes.normalize_code_text(a.name) == text:
            return a
    return None


def add_activity(s: Session, name: object, category: object) -> Activity:
    authz.require_write(s)
    errors = []
    try:
        clean = " ".join(rules.required_text(name, max_len=120).split())
    except ValueError as exc:
        errors.append(FieldError("name", str(exc)))
        clean = ""
    try:
        cat = int(str(category).strip())
        if cat not in (1, 2, 3, 4):
            raise ValueError
    except ValueError:
        errors.append(FieldError("category", "Kategori ska vara 1, 2, 3 eller 4."))
        cat = 0
    if clean and clean in ("1", "2", "3", "4"):
        errors.append(FieldError("name", "En aktivitet kan inte heta som en kategori (1–4)."))
    elif clean and find_activity(s, clean) is not None:
        errors.append(FieldError("name", f"Aktiviteten ”{clean}” finns redan."))
    if errors:
        raise ValidationError(errors)
    a = Activity(name=clean, category=cat)
    s.add(a)
    s.flush()
    audit.record(s, "create", "activity", a.id, details={"name": clean, "category": cat})
    return a


def set_activity_active(s: Session, activity_id: int, active: bool) -> Activity:
    authz.require_write(s)
    a = s.get(Activity, activity_id)
    if a is None:
        raise NotFoundError(f"Aktiviteten med id {activity_id} finns inte.")
    a.active = active
    s.flush()
    return a


# -- weekly schedule -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ScheduleItem:
    activity_id: int
    weekday: int  # 0 = Monday
    hours: float


def schedule(s: Session, participant_id: int) -> list[ScheduleEntry]:
    authz.check_participant(s, participant_id)
    return list(s.exec(select(ScheduleEntry).where(ScheduleEntry.participant_id == participant_id)
                       .order_by(ScheduleEntry.activity_id, ScheduleEntry.weekday)))


def set_schedule(s: Session, participant_id: int, items: list[ScheduleItem]) -> list[ScheduleEntry]:
    """Replace the person's weekly schedule. All or nothing."""
    authz.check_participant(s, participant_id, write=True)
    get_participant(s, participant_id)
    errors: list[FieldError] = []
    per_day: dict[int, float] = {}
    seen: set[tuple[int, int]] = set()
    clean: list[ScheduleItem] = []
    for item in items:
        where = f"{item.activity_id}:{item.weekday}"
        if s.get(Activity, item.activity_id) is None:
            errors.append(FieldError(where, "Okänd aktivitet."))
            continue
        if item.weekday not in range(7):
            errors.append(FieldError(where, "Veckodagen ska vara 0–6 (måndag–söndag)."))
            continue
        try:
            hours = rules.quarter_hours(item.hours, low=0, high=24)
        except ValueError as exc:
            errors.append(FieldError(where, str(exc)))
            continue
        if hours == 0:
            continue
        if (item.activity_id, item.weekday) in seen:
            errors.append(FieldError(where, "Samma aktivitet och dag står två gånger."))
            continue
        seen.add((item.activity_id, item.weekday))
        per_day[item.weekday] = per_day.get(item.weekday, 0) + hours
        clean.append(ScheduleItem(item.activity_id, item.weekday, hours))
    for day, total in per_day.items():
        if total > 24:
            errors.append(FieldError(f"day:{day}", f"{WEEKDAYS[day]}: {total:g} timmar är mer än ett dygn."))
    if errors:
        raise ValidationError(errors)
    before = []
    for old in schedule(s, participant_id):
        before.append([old.activity_id, old.weekday, old.hours])
        s.delete(old)
    s.flush()
    out = [ScheduleEntry(participant_id=participant_id, activity_id=i.activity_id, weekday=i.weekday, hours=i.hours)
           for i in clean]
    s.add_all(out)
    s.flush()
    after = [[i.activity_id, i.weekday, i.hours] for i in clean]
    if sorted(before) != sorted(after):
        audit.record(s, "update", "schedule", participant_id, participant_id, {"schema": [sorted(before), sorted(after)]})
    return out


def job_seeking_hours(s: Session, participant_id: int) -> float:
    """Time reserved for own job seeking: the schedule's category-3 hours per week."""
    total = 0.0
    for e in schedule(s, participant_id):
        a = s.get(Activity, e.activity_id)
        if a is not None and a.category == 3:
            total += e.hours
    return total
