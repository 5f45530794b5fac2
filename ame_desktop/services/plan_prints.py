"""Individuell plan, its prints (utskrifter): every printed document is recorded as a `PlanPrint`
with a JSON snapshot of everything it showed, so the paper the person signed can be found again
(`list_prints`, `print_in_force`) and reprinted identically (`reprint`); many plans at once
(`print_batch`).

Decisions (README § Individuell plan):
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
from sqlmodel import Session, select

from ame_desktop import config
from ame_desktop.domain.errors import NotFoundError, UserError
from ame_desktop.domain.models import (
    Enrollment,
    Participant,
    PlanPrint,
    PlanVersion,
    StaffMember,
    StepAssessment,
    StepLevel,
    StepModel,
)
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import audit, authz, protected_identity
from ame_desktop.services import settings as settings_service
from ame_desktop.services.participants import find_participant, get_participant
from ame_desktop.services.plan_content import PlanContent, _dump
from ame_desktop.services.plan_versions import _by, _version_row
from ame_desktop.services.reference import municipality_name


log = logging.getLogger(__name__)

SNAPSHOT_FORMAT = 1
LOGO_ENV = "AME_LOGO"
LOGO_MAX_BYTES = 512 * 1024
CHART_POINTS = 24  # the latest assessments shown in the step chart


# -- what a printed plan shows ---------------------------------------------------------------
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
