"""Individuell plan, its versions (versioner): a save always creates a new `PlanVersion`; a version
is never changed. Reading the versions of a person checks that the account may see them."""

from __future__ import annotations

import getpass
import json
import logging
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ame_desktop.domain.errors import ConflictError, NotFoundError
from ame_desktop.domain.models import Participant, PlanVersion
from ame_desktop.domain.personnummer import format_digits
from ame_desktop.services import audit, authz
from ame_desktop.services.participants import get_participant
from ame_desktop.services.plan_content import (
    DEFAULT_PARTICIPANT_COMMITMENTS, DEFAULT_UNIT_COMMITMENTS, PlanContent, _dump, clean_plan, plan_warnings,
    prefill_from_register,
)

log = logging.getLogger(__name__)


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
