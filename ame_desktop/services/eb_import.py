"""Import of the monthly extract from the system for ekonomiskt bistånd (`ame-desktop import-eb`).

All or nothing: every row is checked first; one bad row and nothing is written. Rows for people
who are not in the register (or not visible to the signed-in account) are counted and dropped —
their personnummer is never stored, logged or reported. A person's month present in the file
replaces what the register held for that person and month; several rows for the same person and
month are added together (a supplementary payment in the same month).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import sqlalchemy as sa

from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain.errors import UserError, ValidationError
from ame_desktop.domain.models import EbImport, Participant, SocialAssistanceMonth
from ame_desktop.io.eb_extract import OVERFLOW, open_extract
from ame_desktop.services import audit, authz

MAX_LISTED_ERRORS = 50
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_PLAIN_AMOUNT = re.compile(r"^(\d{1,11})(?:[.,](\d{1,2}))?$")


class EbImportFailed(UserError):
    """The extract has errors; nothing was written."""

    def __init__(self, errors: list[str], warnings: list[str]):
        shown = errors[:MAX_LISTED_ERRORS]
        more = len(errors) - len(shown)
        text = "\n".join(shown) + (f"\n… och {more} fel till." if more else "")
        super().__init__(f"Utdraget importerades inte – inget sparades. {len(errors)} fel:\n{text}")
        self.errors = errors
        self.warnings = warnings


@dataclass
class EbImportResult:
    file: str
    rows_read: int
    rows_stored: int  # person-months written
    persons: int
    replaced: int  # person-months that replaced what the register held
    rows_dropped: int  # rows for people not in the register
    persons_dropped: int
    first_month: date | None
    last_month: date | None
    import_id: int | None = None
    warnings: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        span = ""
        if self.first_month:
            span = f" för {self.first_month:%Y-%m}" + (
                f" – {self.last_month:%Y-%m}" if self.last_month != self.first_month else "")
        def n(count: int, one: str, many: str) -> str:
            return f"{count} {one if count == 1 else many}"

        return [
            f"Rader i filen: {self.rows_read}{span}.",
            f"Sparade: {n(self.rows_stored, 'personmånad', 'personmånader')} för {self.persons} deltagare"
            + (f" (varav {self.replaced} ersatte tidigare uppgifter)." if self.replaced else "."),
            f"Inte i registret, lästes inte in: {n(self.rows_dropped, 'rad', 'rader')} "
            f"({n(self.persons_dropped, 'person', 'personer')}).",
        ]


def parse_month(value: object) -> date:
    """`YYYY-MM` as text, or a date (cell or `YYYY-MM-DD`): the first day of its month."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.replace(day=1)
    text = "" if value is None else str(value).strip()
    if not text:
        raise ValueError("Månad saknas.")
    m = _MONTH.match(text)
    if not m:
        raise ValueError(f"”{text}” är ingen månad. Skriv ÅÅÅÅ-MM (t.ex. 2026-10) eller ett datum.")
    year, month = int(m[1]), int(m[2])
    try:
        d = date(year, month, int(m[3]) if m[3] else 1)
    except ValueError:
        raise ValueError(f"”{text}” är ingen möjlig månad.") from None
    if year < 1990:
        raise ValueError(f"”{text}” ligger för långt tillbaka (före 1990).")
    return d.replace(day=1)


def parse_amount(value: object) -> int:
    """Kronor (decimal comma or point, spaces as thousands separators) → öre; ≥ 0, ≤ 2 decimals."""
    if isinstance(value, bool):
        raise ValueError(f"”{value}” är inget belopp.")
    if isinstance(value, str):
        m = _PLAIN_AMOUNT.match(value)
        if m:  # the common case, without Decimal: 8450 / 8450,5 / 8450.50
            return int(m[1]) * 100 + (int(m[2].ljust(2, "0")) if m[2] else 0)
    if isinstance(value, (int, float)):
        amount = Decimal(str(value))
    else:
        text = _SPACES.sub("", "" if value is None else str(value))
        text = text.removesuffix("kr").removesuffix(":-").replace("\u2212", "-")
        if not text:
            raise ValueError("Belopp saknas.")
        if "," in text and "." in text:  # 1.234,50 or 1,234.50: the last one is the decimal mark
            last = max(text.rfind(","), text.rfind("."))
            text = text[:last].replace(",", "").replace(".", "") + "." + text[last + 1:]
        else:
            text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"”{value}” är inget belopp. Skriv kronor, t.ex. 8450 eller 8450,50.") from None
    if not amount.is_finite():
        raise ValueError(f"”{value}” är inget belopp.")
    if amount < 0:
        raise ValueError(f"Beloppet {value} är negativt; det ska vara 0 eller mer.")
    ore = amount * 100
    if ore != ore.to_integral_value():
        raise ValueError(f"Beloppet {value} har fler än två decimaler.")
    if ore > 10**11:
        raise ValueError(f"Beloppet {value} är orimligt stort.")
    return int(ore)


def import_extract(db, path: Path | str, progress: Callable[[str, float | None], None] | None = None,
                   ) -> EbImportResult:
    """Check every row, then (only if all are right) write the person-months in one transaction."""
    path = Path(path)
    with db.reading() as s:
        authz.require_write(s)
    extract = open_extract(path)
    where = extract.where
    errors: list[str] = []
    # (personnummer, month) → [öre, household, rows]
    months: dict[tuple[str, date], list] = {}
    rows_read = 0
    total = extract.total_rows
    # The same personnummer and month recur on many rows: parse each spelling once.
    numbers: dict[object, str] = {}
    month_of: dict[object, date] = {}
    for number, values in extract.rows():
        rows_read += 1
        if progress and total and rows_read % 5000 == 0:
            progress("Läser utdraget…", min(0.6, 0.6 * rows_read / total))
        row_errors = []
        digits = month = ore = None
        if OVERFLOW in values:
            errors.append(f"{where}, rad {number}: raden har fler fält än rubrikraden. Står ett belopp med "
                          "decimalkomma i en kommaseparerad fil måste det omges av citattecken (\"8450,50\"), "
                          "eller använd semikolon som avgränsare.")
            continue
        raw = values.get("Personnummer")
        digits = numbers.get(raw) if isinstance(raw, (str, int)) else None
        if digits is None:
            try:
                digits = pnr.normalize(raw)
                if isinstance(raw, (str, int)):
                    numbers[raw] = digits
            except ValidationError as exc:
                row_errors.append(("Personnummer", exc.errors[0].message))
        raw = values.get("Månad")
        month = month_of.get(raw) if isinstance(raw, str) else None
        if month is None:
            try:
                month = parse_month(raw)
                if isinstance(raw, str):
                    month_of[raw] = month
            except ValueError as exc:
                row_errors.append(("Månad", str(exc)))
        try:
            ore = parse_amount(values.get("Belopp"))
        except ValueError as exc:
            row_errors.append(("Belopp", str(exc)))
        household = values.get("Hushåll")
        household = None if household is None else str(household).strip()[:60] or None
        if row_errors:
            errors += [f"{where}, rad {number}, {col}: {msg}" for col, msg in row_errors]
            continue
        key = (digits, month)
        if key in months:
            months[key][0] += ore
            months[key][1] = months[key][1] or household
            months[key][2] += 1
        else:
            months[key] = [ore, household, 1]
    if errors:
        raise EbImportFailed(errors, extract.warnings)
    if rows_read == 0:
        raise UserError(f"{where}: utdraget har inga rader under rubrikraden; inget sparades.")
    if progress:
        progress("Sparar…", 0.6)
    with db.transaction() as s:
        result = _write(s, path.name, months, rows_read, progress)
    result.warnings = extract.warnings
    return result


def _chunks(items: list, n: int = 5000):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _write(s, file_name: str, months: dict, rows_read: int, progress) -> EbImportResult:
    actor = authz.require_write(s)
    numbers = sorted({digits for digits, _ in months})
    ids: dict[str, int] = {}
    visible = authz.visible(s)
    for chunk in _chunks(numbers):
        for pid, digits in s.execute(sa.select(Participant.id, Participant.personnummer)
                                     .where(Participant.personnummer.in_(chunk), visible)):
            ids[digits] = pid
    kept = {(ids[d], m): v for (d, m), v in months.items() if d in ids}
    dropped_people = {d for d, _ in months if d not in ids}
    rows_dropped = sum(v[2] for (d, _m), v in months.items() if d not in ids)
    first = min((m for _, m in kept), default=None)
    last = max((m for _, m in kept), default=None)
    batch = EbImport(actor=actor.name, file_name=file_name[:255], rows_read=rows_read, rows_stored=len(kept),
                     rows_dropped=rows_dropped, first_month=first, last_month=last)
    s.add(batch)
    s.flush()
    table = SocialAssistanceMonth.__table__
    by_month: dict[date, list[int]] = {}
    for pid, m in kept:
        by_month.setdefault(m, []).append(pid)
    replaced = 0
    for m, pids in sorted(by_month.items()):
        for chunk in _chunks(sorted(pids)):
            replaced += s.execute(table.delete().where(table.c.month == m, table.c.participant_id.in_(chunk))).rowcount
    ordered = sorted(kept.items())
    conn = s.connection()
    sqlite = conn.dialect.name == "sqlite"
    done = 0
    for chunk in _chunks(ordered, 10000):
        if sqlite:
            # 240 000 rows: SQLAlchemy's per-row parameter processing costs more than SQLite's
            # own insert; the values are plain (ints, ISO dates, text), so bind them directly.
            cursor = conn.connection.dbapi_connection.cursor()
            try:
                cursor.executemany(
                    "INSERT INTO social_assistance_month (participant_id, month, amount_ore, household_ref, import_id) "
                    "VALUES (?, ?, ?, ?, ?)", [(pid, m.isoformat(), v[0], v[1], batch.id) for (pid, m), v in chunk])
            finally:
                cursor.close()
        else:
            s.execute(table.insert(), [{"participant_id": pid, "month": m, "amount_ore": v[0], "household_ref": v[1],
                                        "import_id": batch.id} for (pid, m), v in chunk])
        done += len(chunk)
        if progress:
            progress("Sparar…", 0.6 + 0.3 * done / max(1, len(ordered)))
    text_of = {m: m.strftime("%Y-%m") for m in by_month}
    per_person: dict[int, list[str]] = {}
    for (pid, m), _v in ordered:
        per_person.setdefault(pid, []).append(text_of[m])
    events = [audit.Event("import", "social_assistance_month", batch.id, pid, {"månader": ms, "fil": file_name})
              for pid, ms in per_person.items()]
    events.append(audit.Event("import", "eb_import", batch.id, None, {
        "fil": file_name, "rader": rows_read, "sparade": len(kept), "ersatta": replaced,
        "ej_i_registret": rows_dropped}))
    audit.record_many(s, events)
    if progress:
        progress("Klart.", 1.0)
    return EbImportResult(file_name, rows_read, len(kept), len(per_person), replaced, rows_dropped,
                          len(dropped_people), first, last, batch.id)
