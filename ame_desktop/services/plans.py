"""Individuell plan: the participant's written plan, versioned, printed and signed on paper.

The plan's content is JSON (schema below, `PlanContent`). A save always creates a new
`PlanVersion`; a version is never changed. Every printed document is recorded as a
`PlanPrint` with a JSON snapshot of everything it showed, so the paper the person signed can be
found again (`list_prints`, `print_in_force`) and reprinted identically (`reprint`).

Decisions (README § Individuell plan):
- Time for own job seeking = the plan's hours of Eget jobbsökande (JOBBSOK, category 0; the
  same rule as the weekly schedule). A provided job-search activity (category 3) is not own job
  seeking (issue 16). A plan with less than the municipality's minimum (setting
  `job_seeking_minimum_hours`, default 4 h/week) is refused (an error, not a warning) when the
  person has a non-exempt requirement: the law requires the plan to reserve reasonable time.
- Planned hours below the requirement's scope only give a warning: the rest may be work or
  other public measures that the plan does not schedule.
- Rows in which every field is empty are dropped (blank lines in the form).
- The content hash is SHA-256 over the canonical JSON of the snapshot *without* the print's
  own time and user: it identifies what the document says. The same version printed twice with
  unchanged surroundings has the same hash; its first 16 hex digits are printed on the document
  so a signed paper can be matched to its record.
- A reprint renders the stored snapshot: the same text, the original print date in the footer,
  byte-identical PDF. It is a copy, so it is not recorded as a new print.
- The letterhead logo: the file named by the environment variable AME_LOGO, else
  resources/logo.png if present (PNG or JPEG, at most 512 kB). Its bytes go into the snapshot so a
  reprint shows the same logo even after the file has changed.
"""

from __future__ import annotations

import base64
import copy
import getpass
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ame_desktop import config
from ame_desktop.domain import codes, rules
from ame_desktop.domain.dates import parse_date
from ame_desktop.domain.errors import ConflictError, FieldError, NotFoundError, UserError, ValidationError
from ame_desktop.domain.models import (
    Activity,
    Enrollment,
    Participant,
    PlanPrint,
    PlanVersion,
    RequirementPeriod,
    StaffMember,
    StepAssessment,
    StepLevel,
    StepModel,
)
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import audit, authz, protected_identity
from ame_desktop.services import activity_requirement as ar
from ame_desktop.services import settings as settings_service
from ame_desktop.services.participants import find_participant, get_participant
from ame_desktop.services.reference import municipality_name

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
SNAPSHOT_FORMAT = 1
LOGO_ENV = "AME_LOGO"
LOGO_MAX_BYTES = 512 * 1024
MAX_TEXT = 10_000  # a free-text field; long texts flow over several pages
CHART_POINTS = 24  # the latest assessments shown in the step chart

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


# -- versions --------------------------------------------------------------------------------
@dataclass(frozen=True)
class VersionInfo:
    id: int
    version: int
    created_at: datetime
    created_by: str | None


@dataclass(frozen=True)
class SaveResult:
    version: VersionInfo
    content: PlanContent
    warnings: list[str]


def os_user() -> str | None:
    """The operating system's user name. Not used to stamp plans: see `_by`."""
    try:
        return getpass.getuser() or None
    except (OSError, KeyError, ImportError):
        return None


def _by(s: Session, given: str | None = None) -> str:
    """Who made or printed a plan: the signed-in account (the audit log's name for the actor,
    services/authz.py), never the operating system's user. `given` is for demo data only."""
    return given or authz.actor(s).name


def save_plan(s: Session, participant_id: int, content: PlanContent, *, created_by: str | None = None,
              today: date | None = None, now: datetime | None = None) -> SaveResult:
    """Validate and store the plan as a new version (versions are never edited)."""
    authz.check_participant(s, participant_id, write=True)
    get_participant(s, participant_id)
    clean = clean_plan(s, participant_id, content, today)
    latest = s.execute(sa.select(sa.func.max(PlanVersion.version))
                       .where(PlanVersion.participant_id == participant_id)).scalar_one()
    row = PlanVersion(participant_id=participant_id, version=(latest or 0) + 1, content=_dump(clean.to_json()),
                      created_by=_by(s, created_by))
    if now is not None:
        row.created_at = now.replace(microsecond=0)
    s.add(row)
    try:
        s.flush()
    except IntegrityError:
        raise ConflictError("Någon annan sparade en ny version av planen samtidigt. Ladda om planen och "
                            "försök igen.") from None
    log.debug("plan saved: participant %s version %s", participant_id, row.version)
    audit.record(s, "create", "plan_version", row.id, participant_id, {"version": row.version})
    return SaveResult(_info(row), clean, plan_warnings(clean))


def _info(row: PlanVersion) -> VersionInfo:
    return VersionInfo(row.id, row.version, row.created_at, row.created_by)  # type: ignore[arg-type]


def list_versions(s: Session, participant_id: int) -> list[VersionInfo]:
    """Newest first."""
    authz.check_participant(s, participant_id)
    rows = s.exec(select(PlanVersion).where(PlanVersion.participant_id == participant_id)
                  .order_by(PlanVersion.version.desc()))
    return [_info(r) for r in rows]


def _no_plan_message(p: Participant) -> str:
    return (f"{p.first_name} {p.last_name} ({format_digits(p.personnummer)}) har ingen individuell plan ännu. "
            "Skapa planen under fliken Plan i deltagarvyn och spara den innan den skrivs ut.")


def get_version(s: Session, participant_id: int, version: int | None = None) -> tuple[VersionInfo, PlanContent]:
    """A version of the plan (the latest when `version` is None)."""
    authz.check_participant(s, participant_id)
    p = get_participant(s, participant_id)
    row = _version_row(s, p, version)
    return _info(row), PlanContent.from_json(json.loads(row.content))


def _version_row(s: Session, p: Participant, version: int | None) -> PlanVersion:
    q = select(PlanVersion).where(PlanVersion.participant_id == p.id)
    if version is None:
        row = s.exec(q.order_by(PlanVersion.version.desc())).first()
        if row is None:
            raise NotFoundError(_no_plan_message(p))
        return row
    row = s.exec(q.where(PlanVersion.version == version)).first()
    if row is None:
        latest = s.execute(sa.select(sa.func.max(PlanVersion.version))
                           .where(PlanVersion.participant_id == p.id)).scalar_one()
        if latest is None:
            raise NotFoundError(_no_plan_message(p))
        raise NotFoundError(f"Planen för {p.first_name} {p.last_name} har ingen version {version} "
                            f"(versionerna är 1–{latest}).")
    return row


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


def draft_plan(s: Session, participant_id: int, today: date | None = None) -> PlanContent:
    """What the form shows for a person: the latest version, or a new plan from the register with
    the usual commitments filled in."""
    try:
        return get_version(s, participant_id)[1]
    except NotFoundError:
        pass
    content = prefill_from_register(s, participant_id, today=today)
    content.participant_commitments = list(DEFAULT_PARTICIPANT_COMMITMENTS)
    content.unit_commitments = list(DEFAULT_UNIT_COMMITMENTS)
    return content


# -- what a printed plan shows ---------------------------------------------------------------
def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def snapshot_hash(snapshot: dict) -> str:
    """SHA-256 of what the document says: the snapshot without the print's own time and user."""
    body = {k: v for k, v in snapshot.items() if k not in ("printed_at", "printed_by")}
    return hashlib.sha256(_dump(body).encode("utf-8")).hexdigest()


def logo_file() -> Path | None:
    env = os.environ.get(LOGO_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    default = config.resource("logo.png")
    return default if default.is_file() else None


def _logo() -> dict | None:
    path = logo_file()
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        log.warning("logo file cannot be read; printing without a logo")
        return None
    if len(data) > LOGO_MAX_BYTES or not (data.startswith(b"\x89PNG") or data.startswith(b"\xff\xd8")):
        log.warning("logo file is not a PNG/JPEG of at most %d bytes; printing without a logo", LOGO_MAX_BYTES)
        return None
    return {"data": base64.b64encode(data).decode("ascii"), "sha256": hashlib.sha256(data).hexdigest()}


def step_chart(s: Session, participant_id: int) -> dict | None:
    """The latest step assessments (stegförflyttning) as chart points, or None when there are none.

    Read straight from the tables so the plan does not depend on the steps feature's services.
    The axis names the levels of the ladder version of the latest assessment."""
    authz.check_participant(s, participant_id)
    rows = s.execute(
        sa.select(StepAssessment.assessed_on, StepLevel.number, StepLevel.name, StepLevel.model_id)
        .join(StepLevel, StepLevel.id == StepAssessment.level_id)
        .where(StepAssessment.participant_id == participant_id)
        .order_by(StepAssessment.assessed_on.desc(), StepAssessment.id.desc())
        .limit(CHART_POINTS)).all()
    if not rows:
        return None
    rows = list(reversed(rows))
    model_id = rows[-1].model_id
    model = s.get(StepModel, model_id)
    levels = s.execute(sa.select(StepLevel.number, StepLevel.name).where(StepLevel.model_id == model_id)
                       .order_by(StepLevel.number)).all()
    return {
        "model": model.name if model else "",
        "levels": [[n, name] for n, name in levels],
        "points": [[r.assessed_on.isoformat(), r.number, r.name] for r in rows],
    }


def build_snapshot(s: Session, p: Participant, row: PlanVersion, printed_at: datetime,
                   printed_by: str | None) -> dict:
    authz.check_participant(s, p.id)
    content = PlanContent.from_json(json.loads(row.content))
    member = s.get(StaffMember, p.staff_id) if p.staff_id is not None else None
    code = settings_service.default_municipality(s) or p.municipality_code
    name = municipality_name(s, code)
    return {
        "format": SNAPSHOT_FORMAT,
        "header": {
            "municipality": kommun_name(name),
            "unit": settings_service.get_setting(s, "unit_name"),
            "logo": _logo(),
        },
        "person": {"name": f"{p.first_name} {p.last_name}", "personnummer": format_digits(p.personnummer),
                   "coach": member.name if member else None},
        "plan": {"version": row.version, "created_at": row.created_at.isoformat(), "created_by": row.created_by},
        "content": content.to_json(),
        "job_seeking_hours": content.job_seeking_hours,
        "planned_hours": content.planned_hours,
        "full_time_hours": settings_service.full_time_hours(s),
        "steps": step_chart(s, p.id),
        "printed_at": printed_at.isoformat(),
        "printed_by": printed_by,
    }


KOMMUN_NAME_EXCEPTIONS = {"Falun": "Falu kommun", "Gotland": "Region Gotland"}


def kommun_name(name: str) -> str:
    """"Hultsfred" → "Hultsfreds kommun", "Ånge" → "Ånge kommun", as municipalities write their own
    name: genitive s after a consonant, none after a vowel or s/x/z; a few irregular names."""
    if not name or name in KOMMUN_NAME_EXCEPTIONS:
        return KOMMUN_NAME_EXCEPTIONS.get(name, name)
    if name.lower().endswith(("s", "x", "z", "a", "e", "i", "o", "u", "y", "å", "ä", "ö")):
        return f"{name} kommun"
    return f"{name}s kommun"


# -- printing --------------------------------------------------------------------------------
@dataclass(frozen=True)
class PrintResult:
    path: Path
    print_id: int | None
    version: int
    content_hash: str
    pages: int


def _check_pdf_path(out: Path) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"Planen skrivs som PDF: ange ett filnamn som slutar på .pdf (inte ”{out.name}”).")
    if out.is_dir():
        raise UserError(f"{out} är en mapp; ange ett filnamn som slutar på .pdf.")
    return out


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _render_atomically(snapshots: Sequence[dict], hashes: Sequence[str], out: Path,
                       on_plan: Callable[[int], None] | None = None,
                       before_replace: Callable[[], None] | None = None) -> int:
    """Render to a temporary file beside `out` and move it into place only when complete, so a
    failure or a cancel never leaves a half-written PDF."""
    from ame_desktop.io.files import atomic_output
    from ame_desktop.io.plan_pdf import write_plans

    pages: list[int] = []

    def write(tmp: Path) -> None:
        pages.append(write_plans(snapshots, tmp, document_ids=[h[:16] for h in hashes], on_plan=on_plan))
        if before_replace is not None:
            before_replace()

    atomic_output(out, [".pdf"], write, what="Planen")
    return pages[0]


def _print_row(s: Session, p: Participant, row: PlanVersion, out: Path, printed_by: str | None,
               now: datetime | None) -> PrintResult:
    printed_at = (now or _now()).replace(microsecond=0)
    snap = build_snapshot(s, p, row, printed_at, printed_by)
    digest = snapshot_hash(snap)
    record = PlanPrint(plan_version_id=row.id, printed_at=printed_at, printed_by=printed_by, content_hash=digest,
                       snapshot=_dump(snap))
    s.add(record)
    # The record is flushed before the file is moved into place: if the database refuses it,
    # no PDF appears that the register does not know about.
    pages = _render_atomically([snap], [digest], out, before_replace=s.flush)
    audit.record(s, "print", "plan_version", row.id, p.id, {"version": row.version, "utskrift": record.id,
                                                           "hash": digest})
    log.info("plan printed: participant %s version %s print %s", p.id, row.version, record.id)
    return PrintResult(out, record.id, row.version, digest, pages)


def print_plan(s: Session, personnummer: object, out: Path, version: int | None = None, *,
               printed_by: str | None = None, now: datetime | None = None) -> PrintResult:
    """`ame-desktop plan`: render the plan (latest or `version`) to a PDF and record the print."""
    out = _check_pdf_path(out)
    p = find_participant(s, personnummer)
    protected_identity.require_reasons(s, [p.id], "skriva ut planen")
    return _print_row(s, p, _version_row(s, p, version), out, _by(s, printed_by), now)


def print_participant_plan(s: Session, participant_id: int, out: Path, version: int | None = None, *,
                           printed_by: str | None = None, now: datetime | None = None) -> PrintResult:
    """The same for the window, which knows the participant's id."""
    out = _check_pdf_path(out)
    authz.check_participant(s, participant_id)
    p = get_participant(s, participant_id)
    protected_identity.require_reasons(s, [p.id], "skriva ut planen")
    return _print_row(s, p, _version_row(s, p, version), out, _by(s, printed_by), now)


def get_print(s: Session, print_id: int) -> PlanPrint:
    row = s.get(PlanPrint, print_id)
    if row is None:
        raise NotFoundError(f"Utskriften med id {print_id} finns inte.")
    version = s.get(PlanVersion, row.plan_version_id)
    authz.check_participant(s, version.participant_id)
    return row


def reprint(s: Session, print_id: int, out: Path) -> PrintResult:
    """Render a recorded print again from its snapshot: the same text (also the original print date)."""
    out = _check_pdf_path(out)
    row = get_print(s, print_id)
    protected_identity.require_reasons(s, [s.get(PlanVersion, row.plan_version_id).participant_id], "skriva ut planen")
    snap = json.loads(row.snapshot)
    pages = _render_atomically([snap], [row.content_hash], out)
    version = s.get(PlanVersion, row.plan_version_id)
    audit.record(s, "print", "plan_print", row.id, version.participant_id, {"kopia av utskrift": row.id})
    log.info("plan reprinted: print %s", print_id)
    return PrintResult(out, row.id, int(snap["plan"]["version"]), snapshot_hash(snap), pages)


@dataclass(frozen=True)
class PrintInfo:
    id: int
    participant_id: int
    version: int
    printed_at: datetime
    printed_by: str | None
    content_hash: str


def list_prints(s: Session, participant_id: int, on: date | None = None) -> list[PrintInfo]:
    """The recorded prints of a person's plan, newest first; `on` keeps those of one day."""
    authz.check_participant(s, participant_id)
    q = (sa.select(PlanPrint.id, PlanVersion.participant_id, PlanVersion.version, PlanPrint.printed_at,
                   PlanPrint.printed_by, PlanPrint.content_hash)
         .join(PlanVersion, PlanVersion.id == PlanPrint.plan_version_id)
         .where(PlanVersion.participant_id == participant_id)
         .order_by(PlanPrint.printed_at.desc(), PlanPrint.id.desc()))
    if on is not None:
        q = q.where(PlanPrint.printed_at >= datetime.combine(on, time.min),
                    PlanPrint.printed_at <= datetime.combine(on, time.max))
    return [PrintInfo(*r) for r in s.execute(q).all()]


def print_in_force(s: Session, participant_id: int, day: date) -> PrintInfo | None:
    """"Which plan did the person sign on 3 March?": the latest print on or before that day."""
    authz.check_participant(s, participant_id)
    q = (sa.select(PlanPrint.id, PlanVersion.participant_id, PlanVersion.version, PlanPrint.printed_at,
                   PlanPrint.printed_by, PlanPrint.content_hash)
         .join(PlanVersion, PlanVersion.id == PlanPrint.plan_version_id)
         .where(PlanVersion.participant_id == participant_id,
                PlanPrint.printed_at <= datetime.combine(day, time.max))
         .order_by(PlanPrint.printed_at.desc(), PlanPrint.id.desc()).limit(1))
    r = s.execute(q).first()
    return PrintInfo(*r) if r else None


# -- batch -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BatchPerson:
    id: int
    name: str
    personnummer: str
    has_plan: bool


def active_participants(s: Session, staff_id: int | None = None, today: date | None = None) -> list[BatchPerson]:
    """Participants enrolled today (of one coach, or the whole unit), in name order."""
    today = today or date.today()
    ongoing = sa.exists().where(Enrollment.participant_id == Participant.id, Enrollment.start_date <= today,
                                sa.or_(Enrollment.end_date.is_(None), Enrollment.end_date >= today))
    has_plan = sa.exists().where(PlanVersion.participant_id == Participant.id)
    q = (sa.select(Participant.id, Participant.first_name, Participant.last_name, Participant.personnummer,
                   has_plan.label("has_plan"))
         .where(ongoing, authz.visible(s)).order_by(Participant.sort_name, Participant.id))
    if staff_id is not None:
        q = q.where(Participant.staff_id == staff_id)
    return [BatchPerson(r.id, f"{r.first_name} {r.last_name}", r.personnummer, bool(r.has_plan))
            for r in s.execute(q).all()]


@dataclass
class BatchResult:
    printed: int = 0
    without_plan: int = 0
    files: list[Path] = field(default_factory=list)
    cancelled: bool = False
    left_out_protected: int = 0  # people with protected identity left out (a number, never a name)


class _Cancelled(Exception):
    pass


def _latest(s: Session, participant_id: int) -> tuple[Participant | None, PlanVersion | None]:
    """The person and their latest plan version; (None, None) for an id deleted since it was listed,
    or of a person the actor may not see (to them the person does not exist)."""
    p = s.get(Participant, participant_id)
    if p is None or not authz.actor(s).sees(p.municipality_code):
        return None, None
    return p, s.exec(select(PlanVersion).where(PlanVersion.participant_id == participant_id)
                     .order_by(PlanVersion.version.desc())).first()


_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def batch_file_name(p: Participant, pseudonym: str | None = None) -> str:
    if pseudonym is not None:  # protected identity: neither name nor personnummer in a file name
        return f"plan_{pseudonym}.pdf"
    name = _UNSAFE.sub("", f"{p.last_name} {p.first_name}").strip().replace(" ", "_")
    return f"plan_{format_digits(p.personnummer)}_{name}.pdf"


def print_batch(db, participant_ids: Sequence[int], out: Path | str, one_file: bool,
                progress: Callable[[str, float], None] | None = None,
                cancelled: Callable[[], bool] | None = None, *, printed_by: str | None = None,
                now: datetime | None = None, include_protected: bool = False) -> BatchResult:
    """Print the plans of many people into one PDF (`out` a .pdf file) or one file each into a
    folder (`out`), recording every print. People without a plan are counted and skipped.

    Runs in its own sessions and short transactions (for a worker thread). A cancel leaves no
    half-written file: one PDF is written and recorded only when complete (the prints are
    committed just before the file is moved into place); in a folder, the files finished before
    the cancel stay, each recorded. People with protected identity are left out (and counted in
    `left_out_protected`) unless `include_protected` (each then needs a reason given).
    """
    out = Path(out)
    progress = progress or (lambda _t, _f: None)
    cancelled = cancelled or (lambda: False)
    with db.reading() as s:
        by = _by(s, printed_by)
        ids, left_out = protected_identity.leave_out(s, list(participant_ids), include_protected)
        pseudonym_of = protected_identity.pseudonyms(s, ids)
    printed_at = (now or _now()).replace(microsecond=0)
    total = max(len(ids), 1)
    result = BatchResult(left_out_protected=left_out)
    if one_file:
        _check_pdf_path(out)
    elif out.exists() and not out.is_dir():
        raise UserError(f"{out} är en fil; ange en mapp för en fil per deltagare.")
    else:
        out.mkdir(parents=True, exist_ok=True)

    if not one_file:
        for i, pid in enumerate(ids):
            if cancelled():
                result.cancelled = True
                break
            progress(f"Skriver plan {i + 1} av {len(ids)}…", i / total)
            with db.transaction() as s:
                p, row = _latest(s, pid)
                if p is None or row is None:
                    result.without_plan += 1
                    continue
                r = _print_row(s, p, row, out / batch_file_name(p, pseudonym_of.get(p.id)), by, printed_at)
            result.printed += 1
            result.files.append(r.path)
        progress("Klart.", 1.0)
        return result

    # One file: gather the snapshots (a reading session per chunk), render, then record them all.
    items: list[tuple[int, dict, str]] = []  # (plan_version_id, snapshot, hash)
    person_of: dict[int, int] = {}  # plan_version_id → participant id
    chunk = 100
    for start in range(0, len(ids), chunk):
        if cancelled():
            result.cancelled = True
            return result
        with db.reading() as s:
            for pid in ids[start:start + chunk]:
                p, row = _latest(s, pid)
                if p is None or row is None:
                    result.without_plan += 1
                    continue
                snap = build_snapshot(s, p, row, printed_at, by)
                items.append((row.id, snap, snapshot_hash(snap)))  # type: ignore[arg-type]
                person_of[row.id] = p.id
        progress("Hämtar planerna…", 0.2 * min(start + chunk, len(ids)) / total)
    if not items:
        raise UserError("Ingen av de valda deltagarna har en individuell plan att skriva ut.")

    def on_plan(i: int) -> None:
        if cancelled():
            raise _Cancelled
        progress(f"Skriver plan {i + 1} av {len(items)}…", 0.2 + 0.8 * i / len(items))

    def record() -> None:
        with db.transaction() as s:
            s.add_all([PlanPrint(plan_version_id=vid, printed_at=printed_at, printed_by=by, content_hash=h,
                                 snapshot=_dump(snap)) for vid, snap, h in items])
            if pseudonym_of:  # protected identity: each print is a read, logged with its reason
                audit.record_many(s, [audit.Event("print", "plan_version", vid, person_of[vid],
                                                  {"samlad utskrift": out.name}) for vid, _snap, _h in items
                                      if person_of[vid] in pseudonym_of])

    try:
        _render_atomically([x[1] for x in items], [x[2] for x in items], out, on_plan=on_plan, before_replace=record)
    except _Cancelled:
        result.cancelled = True
        return result
    result.printed = len(items)
    result.files.append(out)
    log.info("plans printed in one file: %d", len(items))
    progress("Klart.", 1.0)
    return result


# -- demo data ---------------------------------------------------------------------------------
DEMO_LONG_GOALS = [
    "Få en anställning inom lager och logistik, på heltid eller deltid, inom ett år.",
    "Arbeta inom vård och omsorg som undersköterska; först en praktik, sedan Komvux vårdutbildning.",
    "Bli självförsörjande genom arbete i restaurang eller storkök.",
    "Börja studera på Komvux för att få gymnasiebehörighet och sedan utbilda sig till barnskötare.",
    "Få ett arbete inom fastighetsskötsel eller grönyteskötsel i kommunen eller hos en privat arbetsgivare.",
    "Stärka hälsan och arbetsförmågan så att arbetsträning på halvtid blir möjlig och sedan gå vidare mot arbete.",
    "Få ett arbete inom butik och handel där svenskan utvecklas i vardagen.",
]
DEMO_SHORT_GOALS = [
    "Ta fram ett CV och ett personligt brev som passar de tjänster som söks.",
    "Klara SFI kurs C.",
    "Genomföra arbetsträning med stabil närvaro i minst sex veckor.",
    "Ta truckkort A och B.",
    "Skriva in sig hos Arbetsförmedlingen och ha kontakt med handläggaren varje månad.",
    "Söka minst fem relevanta jobb i veckan via Platsbanken och jobbklubben.",
    "Göra en studie- och yrkesvägledning för att välja utbildning.",
    "Få en praktikplats hos en arbetsgivare inom önskat yrke.",
    "Ta hygienkortet för livsmedelshantering.",
]
DEMO_JOB_SEEKING = [
    "Söker minst fem jobb i veckan via Platsbanken och redovisar dem för handledaren på jobbklubben.",
    "Söker arbete med stöd av handledaren; fokus på lager, butik och kök i närområdet.",
    "Går till jobbklubben varje onsdag och söker egna jobb på måndagar och fredagar.",
]
DEMO_SUPPORT = [
    ("Arbetsförmedlingen", "Inskriven som arbetssökande; kontakt med handläggaren om rustande insatser."),
    ("Socialtjänsten", "Handläggare för ekonomiskt bistånd; tar emot närvarorapporten varje månad."),
    ("Försäkringskassan", "Utreder rätten till sjukpenning; avstämningsmöte planeras."),
    ("Hälso- och sjukvården", "Vårdcentralen följer upp hälsan; bedömer arbetsförmågan inför nästa uppföljning."),
    ("Samordningsförbundet", "Deltar i ett gemensamt projekt för personer långt från arbetsmarknaden."),
    ("Komvux", "Studievägledare hjälper till med ansökan till vårdutbildningen."),
]


def make_demo_data(session: Session, rng, today: date) -> None:
    """Plans for the active participants of the demo (realistic, fictitious content, always with time
    for job seeking when the person has an activity requirement). Some have an earlier version.
    Administrators only (services/demo.py)."""
    from datetime import timedelta

    authz.require_admin(session, "lägga in demodata")

    from ame_desktop.domain.dates import add_months

    people = active_participants(session, today=today)
    coach_names = dict(session.execute(sa.select(Participant.id, StaffMember.name)
                                       .join(StaffMember, StaffMember.id == Participant.staff_id)).all())
    seek = ar.job_seeking_activity(session)
    health = ar.find_activity(session, "Friskvård och hälsa") or ar.category_activity(session, 1)
    for person in people:
        content = prefill_from_register(session, person.id, today=today)
        if not content.activities:  # exempt, no schedule: a lighter plan
            content.activities = [PlannedActivity(health.name, health.category, [0, 2, 0, 2, 0, 0, 0])]
        if content.job_seeking_hours == 0:
            content.activities.append(PlannedActivity(seek.name, seek.category, [2, 0, 0, 2, 0, 0, 0]))
        content.long_term_goal = rng.choice(DEMO_LONG_GOALS)
        content.short_term_goals = [Goal(text, add_months(today, rng.choice([1, 2, 3, 4, 6])))
                                    for text in rng.sample(DEMO_SHORT_GOALS, rng.randint(2, 3))]
        content.job_seeking_text = rng.choice(DEMO_JOB_SEEKING)
        content.support = [Support(a, b) for a, b in rng.sample(DEMO_SUPPORT, rng.randint(1, 3))]
        first = today + timedelta(days=rng.randint(14, 40))
        content.follow_ups = [FollowUp(first, "Uppföljning av planen med deltagaren."),
                              FollowUp(add_months(first, 2), "Uppföljning; ny plan vid behov.")]
        content.participant_commitments = list(DEFAULT_PARTICIPANT_COMMITMENTS)
        content.unit_commitments = list(DEFAULT_UNIT_COMMITMENTS)
        author = coach_names.get(person.id)
        if rng.random() < 0.3:  # an earlier version, a couple of months back
            older = copy.deepcopy(content)
            older.short_term_goals = older.short_term_goals[:1]
            older.follow_ups = [FollowUp(today - timedelta(days=rng.randint(10, 40)), "Första uppföljningen.")]
            save_plan(session, person.id, older, created_by=author, today=today,
                      now=datetime.combine(today - timedelta(days=rng.randint(60, 120)), time(10, 0)))
        save_plan(session, person.id, content, created_by=author, today=today,
                  now=datetime.combine(today - timedelta(days=rng.randint(0, 30)), time(9, 30)))
