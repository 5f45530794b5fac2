"""The workbook import's engine parts that every sheet uses: the report, the context of one
import (one transaction), a row, and the SheetHandler every sheet module subclasses
(services/importing.py runs them; the core sheets live there, the others in services/*_import.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import names
from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain import workbook_spec as spec
from ame_desktop.domain.errors import FieldError, UserError, ValidationError
from ame_desktop.domain.models import Enrollment, Municipality, Participant, StaffMember
from ame_desktop.io.workbook_reader import FORMULA_WITHOUT_VALUE, CellError, Sheet, Workbook
from ame_desktop.services import authz
from ame_desktop.services import settings as settings_service

log = logging.getLogger(__name__)

CHUNK = 500
# Sheets of our own template that hold help, not data.
HELP_SHEETS = {"instruktioner", "koder"}

Progress = Callable[[str, float], None]  # (phase text, fraction 0..1)


class ImportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__("Importen avbröts. Inget sparades.")


@dataclass
class SheetCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class RowChange:
    sheet: str
    row: int
    kind: str  # "ny" or "ändrad"
    what: str  # Swedish description: who, and which columns change


MAX_LISTED_ERRORS = 300  # a hostile file once printed 6 million error lines
STOP_AFTER_ERRORS = 100_000  # … and took minutes to read: after this many, the rest is not read


class CappedErrors(list):
    """The import's errors: the first MAX_LISTED_ERRORS are kept (and listed); the rest are only
    counted, so a broken file of a million rows costs no memory. `len()` counts all of them, so
    `len(errors) == n` before and after a row still tells whether the row had an error."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.omitted = 0

    def append(self, error: FieldError) -> None:  # type: ignore[override]
        if list.__len__(self) < MAX_LISTED_ERRORS:
            super().append(error)
        else:
            self.omitted += 1

    def __len__(self) -> int:
        return list.__len__(self) + self.omitted

    def __bool__(self) -> bool:
        return len(self) > 0

    def listed(self) -> list[FieldError]:
        return list(iter(self))


@dataclass
class ImportReport:
    file: str
    dry_run: bool = False
    counts: dict[str, SheetCounts] = field(default_factory=dict)
    changes: list[RowChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: CappedErrors = field(default_factory=CappedErrors)
    stopped: bool = False  # reading stopped after STOP_AFTER_ERRORS errors
    new_staff: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changed_rows(self) -> int:
        return sum(c.new + c.updated for c in self.counts.values())

    def summary_lines(self) -> list[str]:
        lines = []
        for sheet, c in self.counts.items():
            lines.append(f"{sheet}: {c.new} nya, {c.updated} ändrade, {c.unchanged} oförändrade")
        if self.new_staff:
            lines.append("Nya handledare: " + ", ".join(self.new_staff))
        if not self.counts:
            lines.append("Arbetsboken innehåller inga blad att importera.")
        return lines


class ImportFailed(UserError):
    """Some rows are wrong; nothing was written. `report.errors` lists every one."""

    def __init__(self, report: ImportReport):
        self.report = report
        n = len(report.errors)
        head = f"Importen av {report.file} stoppades: {n} fel. Inget sparades."
        lines = [head] + [str(e) for e in report.errors]
        omitted = getattr(report.errors, "omitted", 0)
        if omitted:
            lines.append(f"… och {omitted} fel till.")
        if report.stopped:
            lines.append(f"Läsningen avbröts efter {STOP_AFTER_ERRORS} fel; resten av filen är inte kontrollerad.")
        super().__init__("\n".join(lines))


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _cell_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class Row:
    """One data row: Excel row number and values by column key."""

    number: int
    values: dict[str, object]


class ImportContext:
    """State shared by the sheet handlers during one import."""

    def __init__(self, session: Session, report: ImportReport):
        self.s = session
        self.report = report
        self.default_municipality = settings_service.default_municipality(session)
        self.full_time = settings_service.full_time_hours(session)
        self.municipalities = {
            code for (code,) in session.execute(sa.select(Municipality.code).where(Municipality.kind == "K"))
        }
        self.staff = {  # casefolded name → (id, name)
            names.fold(name): (sid, name) for sid, name in session.execute(sa.select(StaffMember.id, StaffMember.name))
        }
        self.persons_in_file: set[str] = set()  # 12-digit numbers named in sheet Deltagare (even bad rows)
        self.referenced: set[str] = set()  # every number any sheet names
        self.db_persons: dict[str, dict] = {}  # 12-digit → stored participant columns
        self.today = date.today()
        # Enrollment periods per person as they will be after this import (file over register).
        self.enrollment_intervals: dict[str, list[tuple[date, date | None]]] = {}
        self.person_changes: dict[str, list[dict]] = {}  # 12-digit → what this import changes (audit)
        self.hidden_persons: set[str] = set()  # in the register, in a municipality the actor may not see
        self.actor = authz.actor(session)
        self.file_municipalities: dict[str, str] = {}  # 12-digit → Kommunkod in sheet Deltagare (issue 19)

    def municipality_code(self, value: object) -> str | None:
        """An optional Kommunkod (blank = None): a kommun the actor may see."""
        if value is None or not str(value).strip():
            return None
        raw = _cell_text(value).strip()
        code = raw.zfill(4) if raw.isdigit() and len(raw) < 4 else raw
        if code not in self.municipalities:
            raise ValueError(f"Okänd kommunkod ”{raw}”. Ange kommunens fyra siffror, t.ex. 0860.")
        if not self.actor.sees(code):
            raise ValueError(f"Du har inte behörighet till kommun {code}.")
        return code

    def person_municipality(self, digits: str) -> str | None:
        """The person's municipality as this import leaves it (sheet Deltagare over the register)."""
        if digits in self.file_municipalities:
            return self.file_municipalities[digits]
        return self.db_persons.get(digits, {}).get("municipality_code")

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.report.errors.append(FieldError(column, message, sheet=sheet, row=row))

    def load_db_persons(self) -> None:
        cols = [Participant.id, Participant.personnummer, Participant.first_name, Participant.last_name,
                Participant.gender, Participant.municipality_code, Participant.education_level,
                Participant.phone, Participant.email, Participant.staff_id]
        numbers = sorted(self.referenced)
        for part in _chunks(numbers):
            for row in self.s.execute(sa.select(*cols).where(Participant.personnummer.in_(part))).mappings():
                if self.actor.sees(row["municipality_code"]):
                    self.db_persons[row["personnummer"]] = dict(row)
                else:
                    self.hidden_persons.add(row["personnummer"])

    def person_known(self, digits: str) -> bool:
        return digits in self.persons_in_file or digits in self.db_persons

    def refresh_person_ids(self, numbers: Iterable[str]) -> None:
        missing = [n for n in numbers if n not in self.db_persons]
        for part in _chunks(missing):
            for pid, number in self.s.execute(
                sa.select(Participant.id, Participant.personnummer).where(Participant.personnummer.in_(part))
            ):
                self.db_persons[number] = {"id": pid, "personnummer": number}

    def person_id(self, digits: str) -> int:
        return self.db_persons[digits]["id"]

    def intervals_for(self, numbers: Iterable[str]) -> None:
        """Load stored enrollment periods of people the Inskrivningar sheet did not mention."""
        missing = [n for n in numbers if n not in self.enrollment_intervals and n in self.db_persons]
        by_id = {self.db_persons[n]["id"]: n for n in missing}
        for n in missing:
            self.enrollment_intervals[n] = []
        for part in _chunks(list(by_id)):
            q = sa.select(Enrollment.participant_id, Enrollment.start_date, Enrollment.end_date).where(
                Enrollment.participant_id.in_(part))
            for pid, a, b in self.s.execute(q):
                self.enrollment_intervals[by_id[pid]].append((a, b))

    def stored_ids(self, numbers: Iterable[str]) -> dict[int, str]:
        """participant id → number, for the numbers already in the register."""
        return {self.db_persons[n]["id"]: n for n in numbers if n in self.db_persons}


class SheetHandler:
    """One sheet of the workbook. Subclasses define `name`, `columns` and the three steps."""

    name: str = ""
    columns: tuple[spec.Column, ...] = ()

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.present = False
        self.counts = SheetCounts()

    # -- reading -----------------------------------------------------------------------------
    def load(self, ctx: ImportContext, wb: Workbook) -> None:
        sheet = wb.sheet(self.name)
        if sheet is None:
            return
        self.present = True
        ctx.report.counts[self.name] = self.counts
        colmap = self._map_columns(ctx, sheet)
        if colmap is None:
            return
        for number, cells in sheet.rows():
            if len(ctx.report.errors) >= STOP_AFTER_ERRORS:
                ctx.report.stopped = True
                break
            values: dict[str, object] = {}
            bad = False
            for key, col in colmap.items():
                v = cells.get(col)
                if v is FORMULA_WITHOUT_VALUE:
                    ctx.error(self.name, number, self._header(key),
                              "Formeln saknar sparat värde. Öppna filen i Excel, räkna om och spara.")
                    bad = True
                elif isinstance(v, CellError):
                    ctx.error(self.name, number, self._header(key), f"Cellen innehåller felet {v.code}.")
                    bad = True
                elif v is not None:
                    values[key] = v
            if not values and not bad:
                continue  # only unknown columns filled: an empty row for us
            row = Row(number, values)
            if not bad:
                self.read_row(ctx, row)
            else:
                self.note_person(ctx, row)

    def _header(self, key: str) -> str:
        return next(c.header for c in self.columns if c.key == key)

    def _map_columns(self, ctx: ImportContext, sheet: Sheet) -> dict[str, int] | None:
        colmap: dict[str, int] = {}
        for c in self.columns:
            col = sheet.column_of(c.header)
            if col is not None:
                colmap[c.key] = col
            elif c.required:
                ctx.error(self.name, 1, c.header, "Kolumnen saknas i rubrikraden.")
        known = {sheet.column_of(c.header) for c in self.columns}
        for col, header in sheet.headers.items():
            if col not in known:
                ctx.report.warnings.append(f"{self.name}: kolumnen ”{header}” känns inte igen och hoppas över.")
        if any(c.required and c.key not in colmap for c in self.columns):
            return None
        return colmap

    def take(self, ctx: ImportContext, row: Row, key: str, fn, *args):
        """Run one rule on one cell; on failure record the error and return None."""
        try:
            return fn(row.values.get(key), *args)
        except ValueError as exc:
            ctx.error(self.name, row.number, self._header(key), str(exc))
        except ValidationError as exc:  # from the personnummer rules
            ctx.error(self.name, row.number, self._header(key), exc.errors[0].message)
        return None

    def person(self, ctx: ImportContext, row: Row) -> str | None:
        digits = self.take(ctx, row, "personnummer", lambda v: pnr.parse(v).digits)
        if digits is not None:
            ctx.referenced.add(digits)
        return digits

    def note_person(self, ctx: ImportContext, row: Row) -> None:
        """A row with a broken cell still tells which person it is about (no second error)."""
        try:
            digits = pnr.parse(row.values.get("personnummer")).digits
        except UserError:
            return
        ctx.referenced.add(digits)
        if self.name == spec.PARTICIPANTS.name:
            ctx.persons_in_file.add(digits)

    def require_known_person(self, ctx: ImportContext, row: Row, digits: str) -> bool:
        if ctx.person_known(digits):
            return True
        ctx.error(self.name, row.number, "Personnummer",
                  f"{pnr.format_digits(digits)} finns varken i bladet Deltagare eller i registret.")
        return False

    # -- the three steps ---------------------------------------------------------------------
    def read_row(self, ctx: ImportContext, row: Row) -> None:
        raise NotImplementedError

    def check(self, ctx: ImportContext) -> None:
        raise NotImplementedError

    def write(self, ctx: ImportContext) -> None:
        raise NotImplementedError

    def change(self, ctx: ImportContext, row: int, kind: str, what: str, person: str | None = None,
               diff: dict | None = None) -> None:
        """Count and describe a new or changed row; `person` and `diff` ({column: [old, new]})
        go to the audit log."""
        ctx.report.changes.append(RowChange(self.name, row, kind, what))
        if person is not None:
            ctx.person_changes.setdefault(person, []).append(
                {"blad": self.name, "rad": row, "ändring": kind, **({"värden": diff} if diff else {})})
        if kind == "ny":
            self.counts.new += 1
        else:
            self.counts.updated += 1


def _plain(value: object) -> object:
    """Audit values: a coach added by this import is named, not shown as a tuple."""
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "new":
        return f"ny handledare ({value[1]})"
    return value


def staff_ref(ctx: ImportContext, name: str | None):
    """Staff id, or ("new", name) for a coach who will be added to the staff list."""
    if name is None:
        return None
    hit = ctx.staff.get(names.fold(name))
    if hit is not None:
        return hit[0]
    if name not in ctx.report.new_staff and name.casefold() not in {n.casefold() for n in ctx.report.new_staff}:
        ctx.report.new_staff.append(name)
    return ("new", name.casefold())
