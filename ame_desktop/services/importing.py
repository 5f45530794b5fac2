"""Workbook import (shared/spec/IMPORT_TEMPLATE.md): all or nothing, idempotent, dry-run.

The same code runs for `ame-desktop import` and the window's import. Each sheet has a handler
that (1) reads and checks its rows one by one, (2) checks them against each other and the
register and decides what is new, changed or unchanged, and (3) writes — the last only when
no row anywhere had an error, inside the one transaction of the whole import.

The engine's parts are in services/import_base.py; this module runs the sheets in order. One
module per sheet: participants_import (Deltagare), referrals_import (Anvisningar),
enrollments_import (Inskrivningar), requirements_import (Aktivitetskrav; both period sheets
share period_import), attendance_import (Närvaro), and those of the other features below.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from ame_desktop.domain import workbook_spec as spec
from ame_desktop.domain.models import Participant
from ame_desktop.io.workbook_reader import Workbook
from ame_desktop.services import (
    af_contacts_import, audit, authz, capacity_import, closed_days_import, consent_import, steps_import,
    summer_jobs_import,
)
from ame_desktop.services.attendance_import import AttendanceSheet
from ame_desktop.services.enrollments_import import EnrollmentsSheet
from ame_desktop.services.import_base import (  # noqa: F401  (the engine's parts; callers import them here)
    HELP_SHEETS, MAX_LISTED_ERRORS, CappedErrors, ImportCancelled, ImportContext, ImportFailed, ImportReport,
    Progress, SheetHandler, _chunks,
)
from ame_desktop.services.participants_import import ParticipantsSheet
from ame_desktop.services.referrals_import import ReferralsSheet
from ame_desktop.services.requirements_import import RequirementsSheet

log = logging.getLogger(__name__)


def _bump_versions(ctx: ImportContext, created: set[str]) -> None:
    """Every person whose data the import changed gets a new version (optimistic locking, see
    services/participants.update_participant): a form opened before the import is refused on
    save instead of silently overwriting what the import wrote."""
    ctx.refresh_person_ids(ctx.person_changes)
    ids = sorted(ctx.person_id(d) for d in ctx.person_changes if d not in created)
    t = Participant.__table__
    for part in _chunks(ids):
        ctx.s.execute(sa.update(t).where(t.c.id.in_(part)).values(version=t.c.version + 1))


def _audit(ctx: ImportContext, file_name: str) -> None:
    """One audit entry per person the import changed (rows, old and new values), and one for the file."""
    ctx.refresh_person_ids(ctx.person_changes)
    events = [audit.Event("import", "participant", None, ctx.person_id(digits), {"fil": file_name, "rader": rows})
              for digits, rows in ctx.person_changes.items()]
    events.append(audit.Event("import", "workbook", None, None, {
        "fil": file_name, "blad": {k: vars(v) for k, v in ctx.report.counts.items()}}))
    audit.record_many(ctx.s, events)


# The order matters: people first, then what refers to them; enrollments before hours.
HANDLERS: list[type[SheetHandler]] = [ParticipantsSheet, ReferralsSheet, EnrollmentsSheet, RequirementsSheet,
                                      AttendanceSheet]
# The sheets of other features, imported plainly (a missing module is an ImportError at start,
# never a sheet silently left out of a frozen bundle). Each module has HANDLER and SPEC, or
# HANDLERS and SPECS for several sheets (in the order they are read: a sheet before those that
# name its rows).
SHEET_MODULES = (steps_import, af_contacts_import, summer_jobs_import, closed_days_import,
                 capacity_import,  # issue 23: Grupper, Arbetsplatser, Bokningar
                 consent_import)  # issue 24: Samtycken


def all_handlers() -> list[type[SheetHandler]]:
    return HANDLERS + [h for m in SHEET_MODULES for h in (getattr(m, "HANDLERS", None) or [m.HANDLER])]


def all_sheets() -> list[spec.SheetSpec]:
    """The template's sheets: the core ones, then those of the other features."""
    return list(spec.SHEETS) + [x for m in SHEET_MODULES for x in (getattr(m, "SPECS", None) or [m.SPEC])]


def import_workbook(db, path: Path | str, *, dry_run: bool = False, progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Import a workbook into the register. Raises ImportFailed (nothing written) on any row error."""
    path = Path(path)
    report = ImportReport(file=path.name, dry_run=dry_run)
    step = progress or (lambda _t, _f: None)
    stop = cancelled or (lambda: False)

    def checkpoint(text: str, fraction: float) -> None:
        if stop():
            raise ImportCancelled()
        step(text, fraction)

    with Workbook(path) as wb:
        report.warnings.extend(wb.warnings)  # hidden sheets
        handlers = [h() for h in all_handlers()]
        known = {h.name.casefold() for h in handlers} | HELP_SHEETS
        for title in wb.sheet_titles:
            if " ".join(title.split()).casefold() not in known:
                report.warnings.append(f"Bladet ”{title}” känns inte igen och hoppas över.")
        with db.transaction() as s:
            if not dry_run:
                authz.require_write(s)
            ctx = ImportContext(s, report)
            for i, h in enumerate(handlers):
                checkpoint(f"Läser bladet {h.name}…", 0.05 + 0.45 * i / len(handlers))
                h.load(ctx, wb)
            checkpoint("Jämför med registret…", 0.55)
            ctx.load_db_persons()
            for h in handlers:
                if h.present:
                    h.check(ctx)
            if report.errors:
                report.errors.sort(key=lambda e: ([h.name for h in handlers].index(e.sheet) if e.sheet in
                                                  [h.name for h in handlers] else 99, e.row or 0))
                raise ImportFailed(report)
            if dry_run:
                step("Klart (provkörning)", 1.0)
                return report
            for i, h in enumerate(handlers):
                if h.present:
                    checkpoint(f"Sparar {h.name}…", 0.7 + 0.25 * i / len(handlers))
                    h.write(ctx)
            checkpoint("Sparar…", 0.97)
            _bump_versions(ctx, {d for h in handlers if isinstance(h, ParticipantsSheet) for d in h.new})
            _audit(ctx, path.name)
    step("Klart", 1.0)
    log.info("import done: %s", {k: vars(v) for k, v in report.counts.items()})
    return report
