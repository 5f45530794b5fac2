"""Aktivitetskrav: requirement periods, the unit's activities and each person's weekly schedule.

Rules (shared/docs/DOMAIN.md, shared/spec/IMPORT_TEMPLATE.md § Aktivitetskrav): periods of one
person never overlap; hours per week 0–40 in quarter hours; a scope below full time (a setting,
40 h by default) needs a reason unless the period is an exemption (Undantag), whose code is the
reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import sqlalchemy as sa
from sqlmodel import Session, select

from ame_desktop import config
from ame_desktop.domain import codes, rules
from ame_desktop.domain.dates import overlaps
from ame_desktop.domain.errors import FieldError, NotFoundError, ValidationError
from ame_desktop.domain.models import Activity, ClosedDay, RequirementPeriod, ScheduleEntry, SocialCaseworker
from ame_desktop.services import audit, authz
from ame_desktop.services import settings as settings_service
from ame_desktop.services.participants import get_participant

WEEKDAYS = ("Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag")
WEEKDAYS_SHORT = ("Mån", "Tis", "Ons", "Tor", "Fre", "Lör", "Sön")


def exemption(value: object) -> str | None:
    return rules.optional_code(codes.Exemption, value, "Okänt undantag")


def reduction_code(value: object) -> str | None:
    return rules.optional_code(codes.ReductionCode, value, "Okänd orsakskod")


def weekly_hours(value: object) -> float:
    return rules.quarter_hours(value, low=0, high=40)


def reason_problem(hours: float, reason: str | None, exemption_code: str | None, full_time: float,
                   code: str | None = None) -> str | None:
    """The rule 'a reduced scope needs a reason' (None when it holds)."""
    if hours < full_time and not reason and not code and not exemption_code:
        return (f"{hours:g} timmar är mindre än heltid ({full_time:g} h/vecka): "
                "ange orsakskoden till att omfattningen är nedsatt.")
    return None


def period_overlap_message(start: date, end: date | None) -> str:
    until = end.isoformat() if end else "tills vidare"
    return f"Överlappar en annan kravperiod för samma person ({start.isoformat()} – {until})."


@dataclass
class PeriodInput:
    """What the window, the import and scripts give for a requirement period (raw values)."""

    start: object
    end: object = None
    hours_per_week: object = None  # blank = full time − reduction_hours (or full time)
    reduction_code: object = None
    reduction_reason: object = None  # text; required for OVRIGT
    reduction_hours: object = None  # blank = full time − hours per week
    override_reason: object = None  # why hours ≠ full time − reduction_hours
    exemption: object = None
    decision_date: object = None
    decision_reference: object = None
    caseworker_id: object = None
    support_since: object = None


PERIOD_FIELDS = ("start_date", "end_date", "hours_per_week", "reduction_reason", "exemption", "reduction_code",
                 "reduction_hours", "override_reason", "decision_date", "decision_reference", "caseworker_id",
                 "support_since")


def clean_period_values(raw: PeriodInput, full_time: float) -> tuple[dict, list[FieldError]]:
    """The rules of one period on its own (no database): clean values and the problems found.
    Shared by the service and the import, so both say the same."""
    errors: list[FieldError] = []
    out: dict = {}
    for name, fn, arg in (
        ("start_date", rules.a_date, raw.start),
        ("end_date", lambda v: rules.a_date(v, required=False), raw.end),
        ("reduction_reason", lambda v: rules.text(v, max_len=500), raw.reduction_reason),
        ("override_reason", lambda v: rules.text(v, max_len=500), raw.override_reason),
        ("exemption", exemption, raw.exemption),
        ("reduction_code", reduction_code, raw.reduction_code),
        ("decision_date", lambda v: rules.a_date(v, required=False), raw.decision_date),
        ("decision_reference", lambda v: rules.text(v, max_len=60), raw.decision_reference),
        ("support_since", lambda v: rules.a_date(v, required=False), raw.support_since),
    ):
        try:
            out[name] = fn(arg)
        except ValueError as exc:
            errors.append(FieldError(name, str(exc)))
    red_hours = None
    if raw.reduction_hours is not None and str(raw.reduction_hours).strip() != "":
        try:
            red_hours = rules.quarter_hours(raw.reduction_hours, low=0, high=min(full_time, 40))
        except ValueError as exc:
            errors.append(FieldError("reduction_hours", str(exc)))
    hours_raw = raw.hours_per_week
    if hours_raw is None or str(hours_raw).strip() == "":
        hours_raw = full_time - red_hours if red_hours is not None else min(full_time, 40)
    try:
        out["hours_per_week"] = weekly_hours(hours_raw)
    except ValueError as exc:
        errors.append(FieldError("hours_per_week", str(exc)))
    out["caseworker_id"] = int(raw.caseworker_id) if raw.caseworker_id not in (None, "") else None
    if errors:
        return out, errors
    hours = out["hours_per_week"]
    if out["end_date"] is not None and out["end_date"] < out["start_date"]:
        errors.append(FieldError("end_date", "Till-datum ligger före från-datum."))
    code = out["reduction_code"]
    if code is None and out["reduction_reason"] and hours < full_time and not out["exemption"]:
        code = out["reduction_code"] = codes.ReductionCode.OVRIGT.value  # a reason as text alone (before Dec 2026)
    problem = reason_problem(hours, out["reduction_reason"], out["exemption"], full_time, code)
    if problem:
        errors.append(FieldError("reduction_code", problem))
    if code == codes.ReductionCode.OVRIGT and not out["reduction_reason"]:
        errors.append(FieldError("reduction_reason", "Orsakskod OVRIGT kräver en orsak i text."))
    if code is not None:
        documented = full_time - hours if red_hours is None else red_hours
        out["reduction_hours"] = max(0.0, documented)
        if red_hours is not None and abs(hours - (full_time - red_hours)) > 1e-9 and not out["override_reason"]:
            errors.append(FieldError(
                "override_reason",
                f"Heltid {full_time:g} h − dokumenterade {red_hours:g} h = {full_time - red_hours:g} h/vecka, "
                f"men kravet är {hours:g} h/vecka: ange varför kravet avviker."))
    else:
        out["reduction_hours"] = None
    return out, errors


def _clean_period(s: Session, participant_id: int, raw: PeriodInput, existing_id: int | None) -> dict:
    out, errors = clean_period_values(raw, settings_service.full_time_hours(s))
    if not errors and out["caseworker_id"] is not None:
        cw = s.get(SocialCaseworker, out["caseworker_id"])
        if cw is None:
            errors.append(FieldError("caseworker_id", "Handläggaren finns inte i registret."))
    if not errors:
        for other in s.exec(select(RequirementPeriod).where(RequirementPeriod.participant_id == participant_id)):
            if other.id != existing_id and overlaps(out["start_date"], out["end_date"], other.start_date, other.end_date):
                errors.append(FieldError("start_date", period_overlap_message(other.start_date, other.end_date)))
                break
    if errors:
        raise ValidationError(errors)
    return out


def _as_input(start, end, hours_per_week, reduction_reason, exemption_code, data: PeriodInput | None,
              extra: dict) -> PeriodInput:
    if isinstance(start, PeriodInput):
        return start
    raw = PeriodInput(start, end, hours_per_week, reduction_reason=reduction_reason, exemption=exemption_code)
    for k, v in extra.items():
        setattr(raw, k, v)
    return raw


def add_period(s: Session, participant_id: int, start: object, end: object = None, hours_per_week: object = 40,
               reduction_reason: object = None, exemption_code: object = None, **extra) -> RequirementPeriod:
    """A new requirement period. `start` may be a whole PeriodInput; `extra` takes its other
    fields by name (reduction_code, reduction_hours, override_reason, decision_date, …)."""
    authz.check_participant(s, participant_id, write=True)
    get_participant(s, participant_id)
    raw = _as_input(start, end, hours_per_week, reduction_reason, exemption_code, None, extra)
    values = _clean_period(s, participant_id, raw, None)
    p = RequirementPeriod(participant_id=participant_id, **values)
    s.add(p)
    s.flush()
    audit.record(s, "create", "requirement_period", p.id, participant_id, values)
    return p


def update_period(s: Session, period_id: int, start: object, end: object = None, hours_per_week: object = None,
                  reduction_reason: object = None, exemption_code: object = None, **extra) -> RequirementPeriod:
    p = get_period(s, period_id)
    authz.check_participant(s, p.participant_id, write=True)
    old = {k: getattr(p, k) for k in PERIOD_FIELDS}
    raw = _as_input(start, end, hours_per_week, reduction_reason, exemption_code, None, extra)
    values = _clean_period(s, p.participant_id, raw, period_id)
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


# -- warnings (not refusals) -------------------------------------------------------------------
@lru_cache(maxsize=1)
def pension_age_table() -> tuple[tuple[int, int | None, int], ...]:
    """Riktåldern för pension by birth year, from resources/data/pension_age.tsv (the unit updates it)."""
    rows = []
    with open(config.resource("data", "pension_age.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#") or line.startswith("born_from"):
                continue
            parts = (line.rstrip("\n").split("\t") + ["", "", ""])[:3]
            rows.append((int(parts[0]), int(parts[1]) if parts[1].strip() else None, int(parts[2])))
    return tuple(rows)


def pension_age(birth_year: int) -> int | None:
    for low, high, age in pension_age_table():
        if birth_year >= low and (high is None or birth_year <= high):
            return age
    return None


def period_warnings(personnummer: str, start: date, end: date | None, exemption_code: str | None,
                    support_since: date | None) -> list[str]:
    """Warnings for a period that contradicts the personnummer or the support (never refusals)."""
    from ame_desktop.domain.dates import add_months, age_on
    from ame_desktop.domain.personnummer import birth_date_of

    out: list[str] = []
    birth = birth_date_of(personnummer)
    if exemption_code != codes.Exemption.UNDER_18 and age_on(birth, start) < 18:
        out.append(f"Personen är under 18 år när perioden börjar ({start.isoformat()}; fyller 18 "
                   f"{add_months(birth, 18 * 12).isoformat()}): aktivitetskravet gäller inte den som är under 18 år "
                   "(undantag UNDER_18).")
    rikt = pension_age(birth.year)
    if rikt is not None and exemption_code != codes.Exemption.PENSION:
        reached = add_months(birth, rikt * 12)
        # An open-ended period "contradicts" the pension age only when that day is near: within a
        # year of the start (not 2055 for someone born 1988).
        horizon = end if end is not None else add_months(start, 12)
        if reached <= horizon:
            if reached <= start:
                out.append(f"Personen har uppnått riktåldern för pension ({rikt} år) när perioden börjar "
                           "(undantag PENSION).")
            else:
                out.append(f"Personen uppnår riktåldern för pension ({rikt} år) {reached.isoformat()}, "
                           "under perioden: kravet gäller inte därefter (undantag PENSION).")
    if support_since is not None:
        three = add_months(support_since, 3)
        if start < three:
            out.append(f"Perioden börjar {start.isoformat()}, mindre än tre månader efter att försörjningsstödet "
                       f"började ({support_since.isoformat()}): kravet gäller den som har haft försörjningsstöd "
                       f"tre månader i följd (från {three.isoformat()}).")
    return out


def warnings_for(s: Session, period: RequirementPeriod) -> list[str]:
    authz.check_participant(s, period.participant_id)
    person = get_participant(s, period.participant_id)
    return period_warnings(person.personnummer, period.start_date, period.end_date, period.exemption,
                           period.support_since)


def end_requirement_on(s: Session, participant_id: int, last_day: date, *, clear_schedule: bool = True) -> dict:
    """End the person's requirement period running on `last_day` on that day (a later period is
    removed), and clear the weekly schedule: what ending an enrollment offers (issue 16).
    Returns what was done, for the caller's message."""
    authz.check_participant(s, participant_id, write=True)
    done = {"ended": 0, "removed": 0, "schedule": 0}
    for p in list_periods(s, participant_id):
        if p.start_date > last_day:
            delete_period(s, p.id)
            done["removed"] += 1
        elif p.end_date is None or p.end_date > last_day:
            old = {"end_date": p.end_date}
            p.end_date = last_day
            s.flush()
            audit.record(s, "update", "requirement_period", p.id, participant_id,
                         audit.changes(old, {"end_date": last_day}))
            done["ended"] += 1
    if clear_schedule:
        n = len(schedule(s, participant_id))
        if n:
            set_schedule(s, participant_id, [])
        done["schedule"] = n
    return done


# -- social-assistance caseworkers (handläggare) ----------------------------------------------------
CASEWORKER_FIELDS = ("name", "unit", "municipality_code", "phone", "email", "active")


def _clean_caseworker(s: Session, name, municipality, unit, phone, email) -> dict:
    from ame_desktop.domain.models import Municipality

    errors: list[FieldError] = []
    out: dict = {}
    for key, fn, arg in (("name", lambda v: " ".join(rules.required_text(v, max_len=120).split()), name),
                         ("unit", lambda v: rules.text(v, max_len=120), unit),
                         ("phone", lambda v: rules.text(v, max_len=40), phone),
                         ("email", lambda v: rules.text(v, max_len=120), email)):
        try:
            out[key] = fn(arg)
        except ValueError as exc:
            errors.append(FieldError(key, str(exc)))
    code = str(municipality or "").strip()
    code = code.zfill(4) if code.isdigit() else code
    m = s.get(Municipality, code) if code else None
    if m is None or m.kind != "K":
        errors.append(FieldError("municipality_code", f"Okänd kommunkod ”{municipality or ''}”."))
    out["municipality_code"] = code
    if out.get("email") and "@" not in out["email"]:
        errors.append(FieldError("email", f"”{out['email']}” är ingen e-postadress."))
    if errors:
        raise ValidationError(errors)
    return out


def list_caseworkers(s: Session, *, include_inactive: bool = False) -> list[SocialCaseworker]:
    """The caseworkers of the municipalities the actor may see."""
    allowed = authz.allowed_municipalities(s, None)
    q = select(SocialCaseworker).order_by(SocialCaseworker.name)
    if allowed is not None:
        q = q.where(SocialCaseworker.municipality_code.in_(allowed))
    if not include_inactive:
        q = q.where(SocialCaseworker.active == True)  # noqa: E712
    return list(s.exec(q))


def get_caseworker(s: Session, caseworker_id: int) -> SocialCaseworker:
    cw = s.get(SocialCaseworker, caseworker_id)
    if cw is None:
        raise NotFoundError(f"Handläggaren med id {caseworker_id} finns inte.")
    authz.check_municipality(s, cw.municipality_code)
    return cw


def find_caseworker(s: Session, name: str, municipality: str) -> SocialCaseworker | None:
    authz.check_municipality(s, municipality)  # another municipality's caseworkers are not listed either
    key = codes.normalize_code_text(name)
    for cw in s.exec(select(SocialCaseworker).where(SocialCaseworker.municipality_code == municipality)):
        if codes.normalize_code_text(cw.name) == key:
            return cw
    return None


def add_caseworker(s: Session, name: object, municipality: object, unit: object = None, phone: object = None,
                   email: object = None) -> SocialCaseworker:
    authz.require_write(s)
    values = _clean_caseworker(s, name, municipality, unit, phone, email)
    authz.check_municipality(s, values["municipality_code"], write=True)
    if find_caseworker(s, values["name"], values["municipality_code"]) is not None:
        raise ValidationError.single("name", f"Handläggaren ”{values['name']}” finns redan i registret.")
    cw = SocialCaseworker(**values)
    s.add(cw)
    s.flush()
    audit.record(s, "create", "social_caseworker", cw.id, details=values)
    return cw


def update_caseworker(s: Session, caseworker_id: int, name: object, municipality: object, unit: object = None,
                      phone: object = None, email: object = None, active: bool = True) -> SocialCaseworker:
    authz.require_write(s)
    cw = get_caseworker(s, caseworker_id)
    authz.check_municipality(s, cw.municipality_code, write=True)
    values = _clean_caseworker(s, name, municipality, unit, phone, email)
    authz.check_municipality(s, values["municipality_code"], write=True)
    other = find_caseworker(s, values["name"], values["municipality_code"])
    if other is not None and other.id != cw.id:
        raise ValidationError.single("name", f"Handläggaren ”{values['name']}” finns redan i registret.")
    values["active"] = bool(active)
    old = {k: getattr(cw, k) for k in CASEWORKER_FIELDS}
    for k, v in values.items():
        setattr(cw, k, v)
    s.flush()
    audit.record(s, "update", "social_caseworker", cw.id, details=audit.changes(old, values))
    return cw


# -- closed days (Stängt) -------------------------------------------------------------------------
def clean_closed_day(s: Session, start: object, end: object, municipality: object, reason: object) -> dict:
    from ame_desktop.domain.models import Municipality

    errors: list[FieldError] = []
    out: dict = {}
    for key, fn, arg in (("start_date", rules.a_date, start),
                         ("end_date", lambda v: rules.a_date(v, required=False), end),
                         ("reason", lambda v: rules.required_text(v, max_len=500), reason)):
        try:
            out[key] = fn(arg)
        except ValueError as exc:
            errors.append(FieldError(key, str(exc)))
    code = str(municipality if municipality is not None else "").strip()
    if isinstance(municipality, float) and municipality.is_integer():
        code = str(int(municipality))
    code = code.zfill(4) if code.isdigit() else code
    if code:
        m = s.get(Municipality, code)
        if m is None or m.kind != "K":
            errors.append(FieldError("municipality_code", f"Okänd kommunkod ”{municipality}”."))
    out["municipality_code"] = code or None
    if not errors:
        out["end_date"] = out["end_date"] or out["start_date"]
        if out["end_date"] < out["start_date"]:
            errors.append(FieldError("end_date", "Till-datum ligger före datum."))
    if errors:
        raise ValidationError(errors)
    return out


def _check_closed_write(s: Session, municipality: str | None) -> None:
    if municipality is None:
        authz.require_admin(s, "stänga enheten för alla kommuner")
    else:
        authz.require_write(s)
        authz.check_municipality(s, municipality, write=True)


def list_closed_days(s: Session, start: date | None = None, end: date | None = None) -> list[ClosedDay]:
    """Closed days for everyone and for the municipalities the actor may see."""
    allowed = authz.allowed_municipalities(s, None)
    q = select(ClosedDay).order_by(ClosedDay.start_date, ClosedDay.municipality_code)
    if allowed is not None:
        q = q.where(sa.or_(ClosedDay.municipality_code.is_(None), ClosedDay.municipality_code.in_(allowed)))
    if start is not None:
        q = q.where(ClosedDay.end_date >= start)
    if end is not None:
        q = q.where(ClosedDay.start_date <= end)
    return list(s.exec(q))


def closed_dates_for(s: Session, municipality: str | None, start: date, end: date) -> dict[date, str]:
    """{day: reason} for the days in [start, end] closed for a municipality's participants."""
    out: dict[date, str] = {}
    for c in list_closed_days(s, start, end):
        if c.municipality_code is None or c.municipality_code == municipality:
            d = max(c.start_date, start)
            while d <= min(c.end_date, end):
                out.setdefault(d, c.reason)
                d += timedelta(days=1)
    return out


def closed_days_for_participants(s: Session, participant_ids, start: date, end: date) -> dict[int, dict[date, str]]:
    """{participant: {closed day: reason}} in [start, end], by each person's own municipality."""
    from ame_desktop.domain.models import Participant

    ids = list(participant_ids)
    if not ids:
        return {}
    rows = s.exec(select(Participant.id, Participant.municipality_code).where(
        Participant.id.in_(ids), authz.visible(s))).all()
    by_muni: dict[str | None, dict[date, str]] = {}
    out: dict[int, dict[date, str]] = {}
    for pid, muni in rows:
        if muni not in by_muni:
            by_muni[muni] = closed_dates_for(s, muni, start, end)
        if by_muni[muni]:
            out[pid] = by_muni[muni]
    return out


def _closed_overlap(s: Session, values: dict, existing_id: int | None) -> None:
    q = select(ClosedDay).where(ClosedDay.start_date <= values["end_date"], ClosedDay.end_date >= values["start_date"])
    for other in s.exec(q):
        if other.id != existing_id and other.municipality_code == values["municipality_code"]:
            raise ValidationError.single("start_date", f"Överlappar stängda dagar {other.start_date.isoformat()} – "
                                                       f"{other.end_date.isoformat()} ({other.reason}).")


def add_closed_day(s: Session, start: object, end: object = None, municipality: object = None,
                   reason: object = None) -> ClosedDay:
    values = clean_closed_day(s, start, end, municipality, reason)
    _check_closed_write(s, values["municipality_code"])
    _closed_overlap(s, values, None)
    c = ClosedDay(**values)
    s.add(c)
    s.flush()
    audit.record(s, "create", "closed_day", c.id, details=values)
    return c


def update_closed_day(s: Session, closed_id: int, start: object, end: object = None, municipality: object = None,
                      reason: object = None) -> ClosedDay:
    c = s.get(ClosedDay, closed_id)
    if c is None:
        raise NotFoundError(f"Stängningen med id {closed_id} finns inte.")
    _check_closed_write(s, c.municipality_code)
    values = clean_closed_day(s, start, end, municipality, reason)
    _check_closed_write(s, values["municipality_code"])
    _closed_overlap(s, values, closed_id)
    old = {k: getattr(c, k) for k in values}
    for k, v in values.items():
        setattr(c, k, v)
    s.flush()
    audit.record(s, "update", "closed_day", c.id, details=audit.changes(old, values))
    return c


def delete_closed_day(s: Session, closed_id: int) -> None:
    c = s.get(ClosedDay, closed_id)
    if c is None:
        raise NotFoundError(f"Stängningen med id {closed_id} finns inte.")
    _check_closed_write(s, c.municipality_code)
    old = {k: getattr(c, k) for k in ("start_date", "end_date", "municipality_code", "reason")}
    s.delete(c)
    s.flush()
    audit.record(s, "delete", "closed_day", closed_id, details=old)


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
    if text == codes.JOB_SEEKING.casefold():
        return job_seeking_activity(s)
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
    """Time reserved for the person's own job seeking: the schedule's JOBBSOK hours per week
    (category 0; a provided job-search activity of category 3 is not own job seeking)."""
    total = 0.0
    for e in schedule(s, participant_id):
        a = s.get(Activity, e.activity_id)
        if a is not None and a.category == codes.JOB_SEEKING_CATEGORY:
            total += e.hours
    return total


def job_seeking_activity(s: Session) -> Activity:
    a = s.exec(select(Activity).where(Activity.is_category == True,  # noqa: E712
                                      Activity.category == codes.JOB_SEEKING_CATEGORY)).first()
    if a is None:  # pragma: no cover - seeded with every register (migration 0007)
        raise NotFoundError("Eget jobbsökande saknas i aktivitetslistan.")
    return a
