"""The monthly activity report per recipient: one person, one caseworker's clients, or one file
per caseworker (shared/spec/CLI.md § report activity).

Filters only drop entries from the full report; they never change one (the report is computed
for the month as always, then entries are kept or dropped).

- A person is a client of a caseworker in a month when a requirement period of the person that
  overlaps the month names that caseworker (`requirement_period.caseworker_id`). A person whose
  periods in the month name two caseworkers is in both caseworkers' reports.
- `--per-handlaggare`: one file per caseworker with clients in the month, named after the
  caseworker (`Karin Berg.pdf`; register entries of the same name — the import keeps one per
  name and municipality — share the file); people whose periods name no caseworker are in no
  file (their number is reported).
  File names never carry a personnummer or a participant's name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain.dates import month_bounds
from ame_desktop.domain.errors import NotFoundError, UserError
from ame_desktop.domain.models import Participant, RequirementPeriod, SocialCaseworker
from ame_desktop.services import audit, authz

NO_CASEWORKER = "Utan handläggare"


def clients_in_month(s: Session, year: int, month: int) -> dict[int, set[int | None]]:
    """participant id → the caseworker ids (None = none recorded) of their periods in the month."""
    first, last = month_bounds(year, month)
    rp = RequirementPeriod
    out: dict[int, set[int | None]] = defaultdict(set)
    for pid, cw in s.execute(sa.select(rp.participant_id, rp.caseworker_id).where(
            rp.start_date <= last, sa.or_(rp.end_date.is_(None), rp.end_date >= first),
            rp.participant_id.in_(authz.visible_ids(s)))):
        out[pid].add(cw)
    return out


def name_key(name: str) -> str:
    """How caseworker names are compared: spaces collapsed, case ignored (domain/names.fold)."""
    from ame_desktop.domain.names import fold

    return fold(" ".join((name or "").split()))


def find_caseworkers(s: Session, name: str, municipality: str | None = None) -> list[SocialCaseworker]:
    """Every register entry with that name in the actor's municipalities (the import keeps one
    entry per name and municipality, so one caseworker may have an entry in two)."""
    key = name_key(name)
    if not key:
        raise UserError("Ange handläggarens namn.")
    allowed = authz.allowed_municipalities(s, municipality)
    q = sa.select(SocialCaseworker).order_by(SocialCaseworker.id)
    if allowed is not None:
        q = q.where(SocialCaseworker.municipality_code.in_(allowed))
    found = [c for c in s.execute(q).scalars() if name_key(c.name) == key]
    if not found:
        raise NotFoundError(f"Det finns ingen handläggare ”{name}” i registret.")
    return found


def find_caseworker(s: Session, name: str, municipality: str | None = None) -> SocialCaseworker:
    """The one caseworker of that name (a delivery needs one recipient)."""
    found = find_caseworkers(s, name, municipality)
    if len(found) > 1:
        codes = ", ".join(sorted(c.municipality_code for c in found))
        raise UserError(f"Det finns flera handläggare som heter ”{name}” (kommun {codes}); ange --municipality KOD.")
    return found[0]


def _filtered(report, keep: set[int]):
    return replace(report, participants=[p for p in report.participants if p.participant_id in keep])


def report_for_person(s: Session, year: int, month: int, personnummer: object, *, municipality: str | None = None,
                      with_days: bool = True):
    from ame_desktop.services.activity_report import monthly_report
    from ame_desktop.services.participants import find_participant

    person = find_participant(s, personnummer)
    report = monthly_report(s, year, month, municipality=municipality, with_days=with_days)
    return _filtered(report, {person.id})


def report_for_caseworker(s: Session, year: int, month: int, caseworker: SocialCaseworker | str | int, *,
                          municipality: str | None = None, with_days: bool = True):
    """The clients of a caseworker (an entry, an id, or a name: every entry of that name)."""
    from ame_desktop.services.activity_report import monthly_report

    if isinstance(caseworker, str):
        wanted = {c.id for c in find_caseworkers(s, caseworker, municipality)}
    else:
        wanted = {_caseworker(s, caseworker, municipality).id}
    clients = {pid for pid, cws in clients_in_month(s, year, month).items() if wanted & cws}
    report = monthly_report(s, year, month, municipality=municipality, with_days=with_days)
    return _filtered(report, clients)


def _caseworker(s: Session, caseworker, municipality: str | None = None) -> SocialCaseworker:
    if isinstance(caseworker, SocialCaseworker):
        return caseworker
    if isinstance(caseworker, int):
        cw = s.get(SocialCaseworker, caseworker)
        if cw is None or not authz.actor(s).sees(cw.municipality_code):
            raise NotFoundError(f"Handläggaren med id {caseworker} finns inte.")
        return cw
    return find_caseworker(s, caseworker, municipality)


def write_for_recipient(db, year: int, month: int, out: Path, *, municipality: str | None = None,
                        personnummer: str | None = None, caseworker: str | None = None):
    """`report activity --personnummer P` / `--handlaggare NAME`: compute, write, audit."""
    from ame_desktop.io.activity_report import write_activity_report
    from ame_desktop.services.settings import get_setting

    with_days = out.suffix.lower() != ".json"
    with db.reading() as s:
        if personnummer:
            from ame_desktop.services import protected_identity

            report = report_for_person(s, year, month, personnummer, municipality=municipality, with_days=with_days)
            protected_identity.require_reasons(s, [p.participant_id for p in report.participants], "ta fram rapporten")
            who = {"personnummer": pnr.normalize(personnummer)}
        else:
            cws = find_caseworkers(s, caseworker or "", municipality)
            report = report_for_caseworker(s, year, month, caseworker or "", municipality=municipality,
                                           with_days=with_days)
            who = {"handläggare": cws[0].name, "handläggare_id": [c.id for c in cws]}
        unit = get_setting(s, "unit_name")
    write_activity_report(report, out, unit_name=unit)
    with db.transaction() as s:
        audit.record_many(s, [audit.Event("export", "activity_report", None, p.participant_id,
                                          {"månad": f"{year}-{month:02d}", "fil": out.name, **who})
                              for p in report.participants] or
                          [audit.Event("export", "activity_report", None, None,
                                       {"månad": f"{year}-{month:02d}", "fil": out.name, "personer": 0, **who})])
    return report


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_file_stem(name: str) -> str:
    stem = _UNSAFE.sub("_", " ".join(name.split())).strip(" .")
    return stem[:100] or "Handläggare"


@dataclass
class RecipientFile:
    caseworker_id: int | None
    caseworker: str
    path: Path
    persons: int


@dataclass
class PerCaseworkerResult:
    files: list[RecipientFile]
    cancelled: bool = False
    without_caseworker: int = 0  # people whose periods name no caseworker: in no file


def caseworker_groups(s: Session, year: int, month: int, report) -> list[tuple[SocialCaseworker | None, list]]:
    """[(caseworker or None, entries)] for every caseworker with clients in the report, by name.
    Entries of the same name (one per municipality after an import) form one group."""
    clients = clients_in_month(s, year, month)
    cws = {c.id: c for c in s.execute(sa.select(SocialCaseworker).where(SocialCaseworker.id.in_(
        sorted({c for v in clients.values() for c in v if c is not None})))).scalars()}
    by_name: dict[str | None, list] = defaultdict(list)
    first: dict[str | None, SocialCaseworker | None] = {None: None}
    for p in report.participants:
        keys = {name_key(cws[c].name) if c in cws else None for c in clients.get(p.participant_id, {None})}
        for key in keys:
            by_name[key].append(p)
    for c in sorted(cws.values(), key=lambda c: c.id):
        first.setdefault(name_key(c.name), c)
    groups = [(first[k], v) for k, v in by_name.items()]
    groups.sort(key=lambda g: (g[0] is None, name_key(g[0].name) if g[0] else ""))
    return groups


def _render_one(report, path: Path, unit: str) -> None:
    """Write one caseworker's file (in a worker process when several render at once)."""
    from ame_desktop.io.activity_report import write_activity_report

    write_activity_report(report, path, unit_name=unit)


def default_workers() -> int:
    import os

    return max(1, min(4, (os.cpu_count() or 1)))


def write_per_caseworker(db, year: int, month: int, folder: Path, fmt: str = "pdf", *,
                         municipality: str | None = None,
                         progress: Callable[[int, int], None] | None = None,
                         cancelled: Callable[[], bool] | None = None,
                         workers: int = 1) -> PerCaseworkerResult:
    """One file per caseworker into `folder` (never another caseworker's clients). `workers` > 1
    renders PDFs in that many worker processes (reportlab's layout is the cost: ~40 ms a page)."""
    from ame_desktop.io.activity_report import write_activity_report
    from ame_desktop.services.activity_report import monthly_report
    from ame_desktop.services.settings import get_setting

    if fmt not in ("pdf", "xlsx", "json"):
        raise UserError(f"Rapporterna kan skrivas som pdf, xlsx eller json – inte ”{fmt}”.")
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} är en fil, inte en mapp.")
    with db.reading() as s:
        report = monthly_report(s, year, month, municipality=municipality, with_days=fmt != "json")
        groups = caseworker_groups(s, year, month, report)
        unit = get_setting(s, "unit_name")
    names = defaultdict(int)  # two names that differ only in characters a file name cannot hold
    for cw, _ in groups:
        names[safe_file_stem(cw.name).casefold() if cw else ""] += 1
    files: list[RecipientFile] = []
    events: list[audit.Event] = []
    result = PerCaseworkerResult(files)
    jobs = []
    for cw, entries in groups:
        if cw is None:  # one file per caseworker: nobody's file holds them (the CLI and window say so)
            result.without_caseworker = len(entries)
            continue
        stem = safe_file_stem(cw.name)
        if names[stem.casefold()] > 1:
            stem = f"{stem} ({cw.id})"
        jobs.append((cw, entries, folder / f"{stem}.{fmt}"))

    def done(cw, entries, path: Path) -> None:
        files.append(RecipientFile(cw.id if cw else None, cw.name if cw else NO_CASEWORKER, path, len(entries)))
        events.extend(audit.Event("export", "activity_report", cw.id if cw else None, p.participant_id,
                                  {"månad": f"{year}-{month:02d}", "fil": path.name,
                                   "handläggare": cw.name if cw else None}) for p in entries)
        if progress is not None:
            progress(len(files), len(jobs))

    if workers > 1 and len(jobs) > 1 and fmt == "pdf":
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        folder.mkdir(parents=True, exist_ok=True)
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            pending = {pool.submit(_render_one, replace(report, participants=entries), path, unit): (cw, entries, path)
                       for cw, entries, path in jobs}
            while pending:
                finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for f in finished:
                    f.result()
                    done(*pending.pop(f))
                if cancelled is not None and cancelled() and pending:
                    result.cancelled = True
                    for f in pending:
                        f.cancel()
                    break
        files.sort(key=lambda f: [j[2] for j in jobs].index(f.path))
    else:
        for cw, entries, path in jobs:
            if cancelled is not None and cancelled():
                result.cancelled = True
                break
            write_activity_report(replace(report, participants=entries), path, unit_name=unit)
            done(cw, entries, path)
    if events or not files:
        with db.transaction() as s:
            audit.record_many(s, events or [audit.Event("export", "activity_report", None, None,
                                                         {"månad": f"{year}-{month:02d}", "filer": 0})])
    return result


def person_ids_for(s: Session, personnummers: list[str]) -> list[int]:
    digits = [pnr.normalize(p) for p in personnummers]
    rows = s.execute(sa.select(Participant.id).where(Participant.personnummer.in_(digits), authz.visible(s))).scalars()
    return list(rows)


# --- for the window ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CaseworkerRow:
    id: int
    name: str
    unit: str | None
    municipality_code: str
    email: str | None


def caseworkers(s: Session) -> list[CaseworkerRow]:
    """The caseworkers of the municipalities the actor may see, by name."""
    allowed = authz.allowed_municipalities(s, None)
    q = sa.select(SocialCaseworker).order_by(SocialCaseworker.name, SocialCaseworker.id)
    if allowed is not None:
        q = q.where(SocialCaseworker.municipality_code.in_(allowed))
    return [CaseworkerRow(c.id, c.name, c.unit, c.municipality_code, c.email) for c in s.execute(q).scalars()]


@dataclass(frozen=True)
class ClientRow:
    participant_id: int
    personnummer: str
    name: str
    status: str
    required_hours: float
    covered_hours: float


def month_clients(s: Session, year: int, month: int, caseworker_id: int | None = None) -> list[ClientRow]:
    """The month view's rows for one caseworker's clients (or everyone with a requirement)."""
    from ame_desktop.services.activity_report import monthly_report

    if caseworker_id is not None:
        report = report_for_caseworker(s, year, month, caseworker_id, with_days=False)
    else:
        report = monthly_report(s, year, month, with_days=False)
    return [ClientRow(p.participant_id, p.personnummer, p.name, p.status, p.required_hours, p.covered_hours)
            for p in report.participants]
