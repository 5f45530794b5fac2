"""Individuell plan, its content (planinnehåll): the JSON schema (`PlanContent`), the checks a
plan must pass before it is saved, the warnings, and a first draft from the register (the
requirement period, the weekly schedule).

Decisions (README § Individuell plan):
- Time for own job seeking = the plan's hours of Eget jobbsökande (JOBBSOK, category 0; the
  same rule as the weekly schedule). A provided job-search activity (category 3) is not own job
  seeking (issue 16). A plan with less than the municipality's minimum (setting
  `job_seeking_minimum_hours`, default 4 h/week) is refused (an error, not a warning) when the
  person has a non-exempt requirement: the law requires the plan to reserve reasonable time.
- Planned hours below the requirement's scope only give a warning: the rest may be work or
  other public measures that the plan does not schedule.
- Rows in which every field is empty are dropped (blank lines in the form).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from ame_desktop.domain import codes, rules
from ame_desktop.domain.dates import parse_date
from ame_desktop.domain.errors import FieldError, ValidationError
from ame_desktop.domain.models import Activity, RequirementPeriod
from ame_desktop.services import authz
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import settings as settings_service
from ame_desktop.services.participants import get_participant


SCHEMA_VERSION = 1
MAX_TEXT = 10_000  # a free-text field; long texts flow over several pages

DEFAULT_PARTICIPANT_COMMITMENTS = (
    "Delta i de planerade aktiviteterna enligt veckoschemat.",
    "Söka arbete på den tid som är avsatt för eget jobbsökande.",
    "Meddela handledaren samma dag vid frånvaro.",
)
DEFAULT_UNIT_COMMITMENTS = (
    "Ge stöd i jobbsökandet och i kontakten med arbetsgivare.",
    "Följa upp planen tillsammans med deltagaren på de avtalade datumen.",
    "Rapportera närvaro och frånvaro till handläggaren för ekonomiskt bistånd.",
)


# -- the content -----------------------------------------------------------------------------
# Before `clean_plan` the fields may hold what a form holds (text); after it, the types below.
@dataclass
class Goal:
    """Delmål: a short-term goal, with the date by which it should be reached (optional)."""

    text: str = ""
    target_date: date | None = None


@dataclass
class PlannedActivity:
    """A planned activity: name, requirement category 1–4 and hours on each weekday (Mon–Sun)."""

    name: str = ""
    category: int = 4
    hours: list[float] = field(default_factory=lambda: [0.0] * 7)

    @property
    def weekdays(self) -> list[int]:
        return [d for d, h in enumerate(self.hours) if h]

    @property
    def hours_per_week(self) -> float:
        return float(sum(self.hours))


@dataclass
class Support:
    """Stöd från andra: who (AF, FK, hälso- och sjukvården …) and what they do."""

    actor: str = ""
    description: str = ""


@dataclass
class FollowUp:
    """Uppföljning: a date on which the plan is followed up, and what is looked at."""

    date: date | None = None
    note: str = ""


@dataclass
class PlanContent:
    """The plan as stored in `PlanVersion.content` (JSON, `to_json`)."""

    long_term_goal: str = ""
    short_term_goals: list[Goal] = field(default_factory=list)
    activities: list[PlannedActivity] = field(default_factory=list)
    # Aktivitetskrav: scope per week (None = no activity requirement), reason when reduced, or an
    # exemption code (codes.Exemption), which replaces the scope.
    requirement_hours: float | None = None
    reduction_reason: str | None = None
    exemption: str | None = None
    job_seeking_text: str = ""  # how the person seeks work; the time is the JOBBSOK (category 0) hours
    support: list[Support] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    participant_commitments: list[str] = field(default_factory=list)
    unit_commitments: list[str] = field(default_factory=list)

    @property
    def job_seeking_hours(self) -> float:
        """The person's own job seeking (JOBBSOK, category 0) — not category 3, a provided activity."""
        return float(sum(a.hours_per_week for a in self.activities if a.category == codes.JOB_SEEKING_CATEGORY))

    @property
    def planned_hours(self) -> float:
        return float(sum(a.hours_per_week for a in self.activities))

    @property
    def has_requirement(self) -> bool:
        return not self.exemption and bool(self.requirement_hours)

    def to_json(self) -> dict:
        return {
            "schema": SCHEMA_VERSION,
            "long_term_goal": self.long_term_goal,
            "short_term_goals": [{"text": g.text, "target_date": _iso(g.target_date)} for g in self.short_term_goals],
            "activities": [{"name": a.name, "category": a.category, "hours": [float(h) for h in a.hours]}
                           for a in self.activities],
            "requirement_hours": self.requirement_hours,
            "reduction_reason": self.reduction_reason,
            "exemption": self.exemption,
            "job_seeking_text": self.job_seeking_text,
            "support": [{"actor": x.actor, "description": x.description} for x in self.support],
            "follow_ups": [{"date": _iso(f.date), "note": f.note} for f in self.follow_ups],
            "participant_commitments": list(self.participant_commitments),
            "unit_commitments": list(self.unit_commitments),
        }

    @classmethod
    def from_json(cls, data: dict) -> "PlanContent":
        """A stored plan (already valid); missing keys take their defaults."""
        return cls(
            long_term_goal=data.get("long_term_goal") or "",
            short_term_goals=[Goal(g.get("text") or "", _date_or_none(g.get("target_date")))
                              for g in data.get("short_term_goals") or []],
            activities=[PlannedActivity(a.get("name") or "", int(4 if a.get("category") in (None, "") else a.get("category")),
                                        [float(h) for h in (list(a.get("hours") or []) + [0.0] * 7)[:7]])
                        for a in data.get("activities") or []],
            requirement_hours=data.get("requirement_hours"),
            reduction_reason=data.get("reduction_reason"),
            exemption=data.get("exemption"),
            job_seeking_text=data.get("job_seeking_text") or "",
            support=[Support(x.get("actor") or "", x.get("description") or "") for x in data.get("support") or []],
            follow_ups=[FollowUp(_date_or_none(f.get("date")), f.get("note") or "") for f in data.get("follow_ups") or []],
            participant_commitments=list(data.get("participant_commitments") or []),
            unit_commitments=list(data.get("unit_commitments") or []),
        )


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _date_or_none(value: object) -> date | None:
    return parse_date(value) if value else None


# -- validation ------------------------------------------------------------------------------
def _text(value: object, max_len: int = MAX_TEXT) -> str:
    """Trimmed text; line breaks inside are kept (a paragraph per line on paper)."""
    if value is None:
        return ""
    lines = [line.rstrip() for line in str(value).strip().replace("\r\n", "\n").split("\n")]
    out = "\n".join(lines)
    if len(out) > max_len:
        raise ValueError(f"får vara högst {max_len} tecken (är {len(out)}).")
    return out


def _blank(*values: object) -> bool:
    return all(v is None or str(v).strip() == "" or v == [] for v in values)


def _day_hours(value: object) -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0.0
    return rules.quarter_hours(value, low=0, high=24)


def clean_plan(s: Session, participant_id: int, raw: PlanContent, today: date | None = None) -> PlanContent:
    """Validate every field and return the clean content; one ValidationError lists all problems.

    Field keys are technical (`short_term_goals[0].target_date`, 0-based row); the messages are
    Swedish and name the field and row themselves (1-based), so they read well on their own.
    """
    authz.check_participant(s, participant_id)
    errors: list[FieldError] = []

    def err(key: str, message: str) -> None:
        errors.append(FieldError(key, message))

    out = PlanContent()
    try:
        out.long_term_goal = _text(raw.long_term_goal)
    except ValueError as exc:
        err("long_term_goal", f"Långsiktigt mål: {exc}")
    if not out.long_term_goal and not any(e.field == "long_term_goal" for e in errors):
        err("long_term_goal", "Långsiktigt mål måste fyllas i.")

    for i, g in enumerate(raw.short_term_goals):
        if _blank(g.text, g.target_date):
            continue
        key, n = f"short_term_goals[{i}]", i + 1
        goal = Goal()
        try:
            goal.text = _text(g.text, 2000)
        except ValueError as exc:
            err(f"{key}.text", f"Delmål {n}: texten {exc}")
        if not goal.text and not _blank(g.target_date) and not any(e.field == f"{key}.text" for e in errors):
            err(f"{key}.text", f"Delmål {n}: beskriv delmålet (texten saknas).")
        if not _blank(g.target_date):
            try:
                goal.target_date = parse_date(g.target_date)
            except ValueError as exc:
                err(f"{key}.target_date", f"Delmål {n}, datum: {exc}")
        out.short_term_goals.append(goal)

    per_day = [0.0] * 7
    for i, a in enumerate(raw.activities):
        hours_in = list(a.hours or [])
        if _blank(a.name, *hours_in):
            continue
        key, n = f"activities[{i}]", i + 1
        act = PlannedActivity()
        try:
            act.name = " ".join(_text(a.name, 120).split())
        except ValueError as exc:
            err(f"{key}.name", f"Aktivitet {n}: namnet {exc}")
        if not act.name and not any(e.field == f"{key}.name" for e in errors):
            err(f"{key}.name", f"Aktivitet {n}: namnet måste fyllas i.")
        try:
            act.category = int(str(a.category).strip())
            if act.category not in (0, 1, 2, 3, 4):
                raise ValueError
        except ValueError:
            err(f"{key}.category", f"Aktivitet {n}: kategorin ska vara 1, 2, 3 eller 4, eller 0 för eget "
                                   f"jobbsökande (inte ”{a.category}”).")
        if len(hours_in) > 7:
            err(f"{key}.hours", f"Aktivitet {n}: högst sju veckodagar.")
        hours = [0.0] * 7
        for d, h in enumerate(hours_in[:7]):
            try:
                hours[d] = _day_hours(h)
            except ValueError as exc:
                err(f"{key}.hours[{d}]", f"Aktivitet {n}, {ar.WEEKDAYS[d].lower()}: {exc}")
        act.hours = hours
        if not any(hours) and not any(e.field.startswith(f"{key}.hours") for e in errors):
            err(f"{key}.hours", f"Aktivitet {n}: ange timmar för minst en veckodag.")
        for d in range(7):
            per_day[d] += hours[d]
        out.activities.append(act)
    for d, total in enumerate(per_day):
        if total > 24:
            err(f"day[{d}]", f"{ar.WEEKDAYS[d]}: aktiviteterna har sammanlagt {_h(total)} timmar, mer än ett dygn.")

    try:
        out.exemption = ar.exemption(raw.exemption)
    except ValueError as exc:
        err("exemption", f"Undantag: {exc}")
    try:
        out.reduction_reason = _text(raw.reduction_reason, 500) or None
    except ValueError as exc:
        err("reduction_reason", f"Orsak till nedsatt omfattning: {exc}")
    if not _blank(raw.requirement_hours) and not out.exemption:
        try:
            out.requirement_hours = ar.weekly_hours(raw.requirement_hours)
        except ValueError as exc:
            err("requirement_hours", f"Aktivitetskravets omfattning: {exc}")
        else:
            problem = ar.reason_problem(out.requirement_hours, out.reduction_reason, None,
                                        settings_service.full_time_hours(s))
            if problem:
                err("reduction_reason", f"Aktivitetskravet: {problem}")
    if out.exemption:
        out.requirement_hours = None  # an exemption replaces the scope

    try:
        out.job_seeking_text = _text(raw.job_seeking_text)
    except ValueError as exc:
        err("job_seeking_text", f"Eget jobbsökande: {exc}")

    for i, x in enumerate(raw.support):
        if _blank(x.actor, x.description):
            continue
        key, n = f"support[{i}]", i + 1
        sup = Support()
        try:
            sup.actor = _text(x.actor, 120)
            sup.description = _text(x.description, 2000)
        except ValueError as exc:
            err(key, f"Stöd {n}: {exc}")
        if not sup.actor:
            err(f"{key}.actor", f"Stöd {n}: ange vem som ger stödet (t.ex. Arbetsförmedlingen).")
        out.support.append(sup)

    for i, f in enumerate(raw.follow_ups):
        if _blank(f.date, f.note):
            continue
        key, n = f"follow_ups[{i}]", i + 1
        fu = FollowUp()
        if _blank(f.date):
            err(f"{key}.date", f"Uppföljning {n}: datum måste fyllas i.")
        else:
            try:
                fu.date = parse_date(f.date)
            except ValueError as exc:
                err(f"{key}.date", f"Uppföljning {n}, datum: {exc}")
        try:
            fu.note = _text(f.note, 2000)
        except ValueError as exc:
            err(f"{key}.note", f"Uppföljning {n}: {exc}")
        out.follow_ups.append(fu)
    if not any(e.field.startswith("follow_ups") for e in errors):
        out.follow_ups.sort(key=lambda f: f.date)  # type: ignore[arg-type, return-value]

    for attr, label in (("participant_commitments", "Deltagarens åtaganden"), ("unit_commitments", "Enhetens åtaganden")):
        items = []
        for i, c in enumerate(getattr(raw, attr)):
            try:
                t = _text(c, 2000)
            except ValueError as exc:
                err(f"{attr}[{i}]", f"{label}, rad {i + 1}: {exc}")
                continue
            if t:
                items.append(t)
        setattr(out, attr, items)

    # Own job seeking (JOBBSOK), at least the municipality's minimum (a setting), when a requirement applies.
    minimum = settings_service.job_seeking_minimum_hours(s)
    if not errors and (out.job_seeking_hours == 0 or out.job_seeking_hours < minimum):
        reason = None
        if out.has_requirement:
            reason = f"planen anger aktivitetskrav på {_h(out.requirement_hours or 0)} timmar i veckan"
        else:
            period = current_period(s, participant_id, today)
            if period is not None and not period.exemption and period.hours_per_week > 0 and not out.exemption:
                reason = f"deltagaren har aktivitetskrav på {_h(period.hours_per_week)} timmar i veckan"
        if reason:
            what = "saknas" if out.job_seeking_hours == 0 else f"är {_h(out.job_seeking_hours)} timmar i veckan"
            err("job_seeking", f"Tid för eget jobbsökande {what}: {reason}, och planen måste avsätta skälig tid "
                               f"för eget jobbsökande (minst {_h(minimum)} timmar i veckan enligt kommunens "
                               "inställning). Lägg till Eget jobbsökande (JOBBSOK) med timmar; en jobbsökaraktivitet "
                               "i kategori 3 räknas inte som eget jobbsökande.")
    if errors:
        raise ValidationError(errors)
    return out


def _h(hours: float) -> str:
    return f"{hours:g}".replace(".", ",")


def plan_warnings(content: PlanContent) -> list[str]:
    """Things worth a second look that do not stop a save."""
    out = []
    if content.has_requirement and content.planned_hours < (content.requirement_hours or 0):
        out.append(f"De planerade aktiviteterna är {_h(content.planned_hours)} timmar i veckan, mindre än "
                   f"aktivitetskravets {_h(content.requirement_hours or 0)} timmar.")
    return out


# -- starting from the register --------------------------------------------------------------
def current_period(s: Session, participant_id: int, today: date | None = None) -> RequirementPeriod | None:
    """The requirement period covering today, else the next one to start (a plan is often drawn up
    before the requirement begins)."""
    authz.check_participant(s, participant_id)
    today = today or date.today()
    periods = ar.list_periods(s, participant_id)
    for p in periods:
        if p.start_date <= today and (p.end_date is None or p.end_date >= today):
            return p
    upcoming = [p for p in periods if p.start_date > today]
    return min(upcoming, key=lambda p: p.start_date) if upcoming else None


def prefill_from_register(s: Session, participant_id: int, base: PlanContent | None = None,
                          today: date | None = None) -> PlanContent:
    """"Start from the current data": the activities and hours of the person's weekly schedule and
    the scope of the current requirement period; everything else is kept from `base`."""
    authz.check_participant(s, participant_id)
    get_participant(s, participant_id)
    out = copy.deepcopy(base) if base is not None else PlanContent()  # base may be the form's raw values
    by_activity: dict[int, list[float]] = {}
    for e in ar.schedule(s, participant_id):
        by_activity.setdefault(e.activity_id, [0.0] * 7)[e.weekday] = e.hours
    activities = {a.id: a for a in s.exec(select(Activity).where(Activity.id.in_(list(by_activity))))} \
        if by_activity else {}
    planned = [PlannedActivity(activities[aid].name, activities[aid].category, hours)
               for aid, hours in by_activity.items() if aid in activities]
    out.activities = sorted(planned, key=lambda a: (a.category == codes.JOB_SEEKING_CATEGORY, a.category == 3,
                                                    a.category, a.name))
    period = current_period(s, participant_id, today)
    if period is not None:
        out.exemption = period.exemption
        out.requirement_hours = None if period.exemption else period.hours_per_week
        out.reduction_reason = period.reduction_reason
    else:
        out.exemption = out.requirement_hours = out.reduction_reason = None
    return out


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
