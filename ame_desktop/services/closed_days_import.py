"""Import sheet `Stängt` (shared/spec/IMPORT_TEMPLATE.md): days the unit offered no activities.

Natural key: Datum + Kommunkod (blank Kommunkod = closed for everyone). `Till` makes a range
(blank = Datum alone). A matched row is updated with the file's values, so importing the same
file again changes nothing. Nothing is required of anyone on a closed day (CLI.md).
Closing for everyone needs an administrator (as in Inställningar); closing for one municipality
needs write rights in it.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ame_desktop.domain import rules
from ame_desktop.domain.models import ClosedDay
from ame_desktop.domain.workbook_spec import Column, SheetSpec
from ame_desktop.services.import_base import ImportContext, Row, SheetHandler

SPEC = SheetSpec(
    "Stängt", "Datum + Kommunkod",
    (
        Column("Datum", "start_date", True, "Första stängda dagen (ÅÅÅÅ-MM-DD).", kind="date"),
        Column("Till", "end_date", False, "Sista stängda dagen, samma dag som eller efter Datum. Tomt = bara Datum.",
               kind="date"),
        Column("Kommunkod", "municipality_code", False,
               "Stängt för deltagarna vars egen kommun (bladet Deltagare) är denna. Tomt = för alla.",
               kind="municipality"),
        Column("Orsak", "reason", True, "Text, t.ex. klämdag, personalutbildning, sommarstängt."),
    ),
    "Dagar då enheten inte erbjöd några aktiviteter. Inget krävs av någon en stängd dag.",
)

LABELS = {"end_date": "Till", "reason": "Orsak"}


class ClosedDaysSheet(SheetHandler):
    name = SPEC.name
    columns = SPEC.columns

    def __init__(self) -> None:
        super().__init__()
        self.clean: dict[tuple[date, str | None], tuple[int, dict]] = {}
        self.new: list[tuple] = []
        self.updated: list[tuple] = []

    def read_row(self, ctx: ImportContext, row: Row) -> None:
        n = len(ctx.report.errors)
        start = self.take(ctx, row, "start_date", rules.a_date)
        end = self.take(ctx, row, "end_date", lambda v: rules.a_date(v, required=False))
        muni = self.take(ctx, row, "municipality_code", ctx.municipality_code)
        reason = self.take(ctx, row, "reason", lambda v: rules.required_text(v, max_len=500))
        if len(ctx.report.errors) != n:
            return
        end = end or start
        if end < start:
            ctx.error(self.name, row.number, "Till", "Till-datum ligger före Datum.")
            return
        if muni is None and not ctx.actor.is_admin:
            ctx.error(self.name, row.number, "Kommunkod",
                      "Att stänga för alla kommuner kräver en administratör; ange kommunkoden.")
            return
        key = (start, muni)
        if key in self.clean:
            ctx.error(self.name, row.number, "Datum",
                      f"Samma datum och kommunkod står redan på rad {self.clean[key][0]}.")
            return
        self.clean[key] = (row.number, {"end_date": end, "reason": reason})

    def check(self, ctx: ImportContext) -> None:
        stored: dict[tuple[date, str | None], dict] = {}
        for cid, start, end, muni, reason in ctx.s.execute(
                sa.select(ClosedDay.id, ClosedDay.start_date, ClosedDay.end_date, ClosedDay.municipality_code,
                          ClosedDay.reason)):
            stored[(start, muni)] = {"id": cid, "end_date": end, "reason": reason}
        # Ranges of one municipality (or of everyone) must not overlap, file over register.
        ranges: dict[str | None, list[tuple[date, date, int | None]]] = {}
        for (start, muni), (row, values) in self.clean.items():
            ranges.setdefault(muni, []).append((start, values["end_date"], row))
        for (start, muni), old in stored.items():
            if (start, muni) not in self.clean:
                ranges.setdefault(muni, []).append((start, old["end_date"], None))
        for muni, items in ranges.items():
            items.sort()
            for a, b in zip(items, items[1:]):
                if b[0] <= a[1]:
                    row = b[2] if b[2] is not None else a[2]
                    if row is not None:
                        ctx.error(self.name, row, "Datum", f"Överlappar stängda dagar {a[0].isoformat()} – "
                                                           f"{a[1].isoformat()} för samma kommun.")
        if ctx.report.errors:
            return
        for key, (row, values) in self.clean.items():
            who = f"{key[0].isoformat()} ({key[1] or 'alla kommuner'})"
            old = stored.get(key)
            if old is None:
                self.new.append(key)
                self.change(ctx, row, "ny", who)
            elif any(old[k] != values[k] for k in LABELS):
                self.updated.append((key, old["id"]))
                self.change(ctx, row, "ändrad", who + ": " + ", ".join(LABELS[k] for k in LABELS
                                                                       if old[k] != values[k]))
            else:
                self.counts.unchanged += 1

    def write(self, ctx: ImportContext) -> None:
        if self.new:
            ctx.s.execute(sa.insert(ClosedDay), [{"start_date": k[0], "municipality_code": k[1], **self.clean[k][1]}
                                                 for k in self.new])
        if self.updated:
            t = ClosedDay.__table__
            stmt = sa.update(t).where(t.c.id == sa.bindparam("b_id")).values(
                end_date=sa.bindparam("end_date"), reason=sa.bindparam("reason"))
            ctx.s.connection().execute(stmt, [{"b_id": cid, **self.clean[k][1]} for k, cid in self.updated])


HANDLER = ClosedDaysSheet
