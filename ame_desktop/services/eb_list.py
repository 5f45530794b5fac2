"""The nämnd's monthly list (HSLF-FS 2015:30): every person who took part in a municipal
labour-market measure in a month, so the social-assistance system need not re-key it.

Rules (README, "Decisions where the specs were silent"):
- *Took part* = an enrollment at the unit (inskrivning) overlapping the month. One row per
  enrollment, with its period clipped to the month (`Från`, `Till`), sorted by personnummer
  and start. The municipality is the enrollment's (the AME that holds it).
- *Kind of measure* (`Insats`): the categories of the activities the person attended in that
  period; when none were attended, those of the person's week schedule; when neither, the
  words "Inskriven, ingen aktivitet registrerad". Own job seeking (JOBBSOK) is not a measure
  of the municipality and is not listed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes
from ame_desktop.domain.dates import month_bounds
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import Activity, Attendance, Enrollment, Municipality, Participant, ScheduleEntry
from ame_desktop.services import audit, authz

NO_ACTIVITY = "Inskriven, ingen aktivitet registrerad"


@dataclass(frozen=True)
class EbRow:
    participant_id: int
    personnummer: str
    municipality_code: str
    municipality: str
    start: date
    end: date
    measures: str


@dataclass
class EbList:
    year: int
    month: int
    municipality: str | None
    rows: list[EbRow]

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"


def _category_label(category: int) -> str:
    label = codes.ACTIVITY_CATEGORY_LABELS.get(category, str(category))
    return label.split(". ", 1)[-1]


def _municipality(s: Session, code: str | None) -> str | None:
    if code is None:
        return None
    code = code.strip()
    code = code.zfill(4) if code.isdigit() else code
    m = s.get(Municipality, code)
    if m is None or m.kind != "K":
        raise UserError(f"Okänd kommunkod ”{code}”.")
    return m.code


def eb_list(s: Session, year: int, month: int, *, municipality: str | None = None) -> EbList:
    """Compute the month's list for the municipalities the actor may see (or the one asked for)."""
    if not (1 <= month <= 12):
        raise UserError(f"Månaden ska vara 1–12 (inte {month}).")
    first, last = month_bounds(year, month)
    municipality = _municipality(s, municipality)
    allowed = authz.allowed_municipalities(s, municipality)
    e = Enrollment
    q = (sa.select(e.participant_id, Participant.personnummer, e.municipality_code, Municipality.name,
                   e.start_date, e.end_date)
         .join(Participant, Participant.id == e.participant_id)
         .join(Municipality, Municipality.code == e.municipality_code)
         .where(e.start_date <= last, sa.or_(e.end_date.is_(None), e.end_date >= first), authz.visible(s)))
    if allowed is not None:
        q = q.where(e.municipality_code.in_(allowed))
    enrollments = s.execute(q).all()
    ids = sorted({r[0] for r in enrollments})

    attended: dict[int, list[tuple[date, int]]] = defaultdict(list)
    scheduled: dict[int, set[int]] = defaultdict(set)
    if ids:
        a = Attendance
        for pid, d, category in s.execute(
                sa.select(a.participant_id, a.attendance_date, Activity.category)
                .join(Activity, Activity.id == a.activity_id)
                .where(a.attendance_date.between(first, last), a.absence.is_(None), a.hours > 0,
                       a.participant_id.in_(ids), Activity.category >= 1).distinct()):
            attended[pid].append((d, category))
        for pid, category in s.execute(
                sa.select(ScheduleEntry.participant_id, Activity.category)
                .join(Activity, Activity.id == ScheduleEntry.activity_id)
                .where(ScheduleEntry.participant_id.in_(ids), Activity.category >= 1).distinct()):
            scheduled[pid].add(category)

    rows: list[EbRow] = []
    for pid, number, code, name, start, end in enrollments:
        a_, b_ = max(start, first), min(end or last, last)
        cats = sorted({c for d, c in attended[pid] if a_ <= d <= b_}) or sorted(scheduled[pid])
        measures = "; ".join(_category_label(c) for c in cats) if cats else NO_ACTIVITY
        rows.append(EbRow(pid, number, code, name, a_, b_, measures))
    rows.sort(key=lambda r: (r.personnummer, r.start))
    return EbList(year, month, municipality, rows)


def export_eb_list(db, year: int, month: int, out, *, municipality: str | None = None):
    """Compute, write (.xlsx/.csv) and record the export in the audit log; returns the list."""
    from ame_desktop.io.eb_list import write_eb_list

    from dataclasses import replace

    from ame_desktop.services import protected_identity

    with db.reading() as s:
        result = eb_list(s, year, month, municipality=municipality)
        # The list leaves the unit (to the nämnd): protected identity by pseudonym (issue 24).
        rows, _n = protected_identity.pseudonymise(s, result.rows, name_attrs=())
    path = write_eb_list(replace(result, rows=rows), out)
    audit.record_export(db, "eb_list", {"månad": result.label, "kommun": municipality,
                                        "personer": len({r.participant_id for r in result.rows}),
                                        "rader": len(result.rows), "fil": path.name})
    return result
