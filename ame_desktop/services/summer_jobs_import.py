"""Import sheet `Feriejobb` (shared/spec/IMPORT_TEMPLATE.md): summer-job applications and places.

Natural key: Personnummer + Ansökningsdatum. The person must be in sheet Deltagare or already in
the register; a feriejobb is not an enrollment, so it makes nobody a participant of the AME.
A matched row is updated with the file's values (blank cells included), so importing the same
file again changes nothing.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ame_desktop.domain import codes, rules
from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain.models import SummerJob
from ame_desktop.domain.workbook_spec import Column, SheetSpec
from ame_desktop.services.import_base import ImportContext, Row, SheetHandler, _chunks

SPEC = SheetSpec(
    "Feriejobb", "Personnummer + Ansökningsdatum",
    (
        Column("Personnummer", "personnummer", True, "Måste finnas i bladet Deltagare eller i registret.",
               kind="personnummer"),
        Column("Ansökningsdatum", "applied_on", True, "Dagen ansökan kom in (ÅÅÅÅ-MM-DD).", kind="date"),
        Column("Önskemål", "wishes", False, "Fritext: vad den unga önskar arbeta med, var, när."),
        Column("Placering", "placement", False,
               "KOMMUN (kommunens egen verksamhet, kommunala bolag inräknade), PRIVAT (privata näringslivet), "
               "CIVIL (civilsamhället, föreningar) eller ANNAN (annan arbetsgivare). Tomt = ingen plats.",
               tuple(codes.SummerPlacement)),
        Column("Arbetsplats", "workplace", False, "Text."),
        Column("Från", "start_date", False, "Placeringens första dag (ÅÅÅÅ-MM-DD).", kind="date"),
        Column("Till", "end_date", False, "Placeringens sista dag, samma dag som eller efter Från.", kind="date"),
    ),
    "En rad per ansökan. Ett feriejobb är ingen inskrivning: den unga räknas inte som deltagare.",
)

LABELS = {"wishes": "Önskemål", "placement": "Placering", "workplace": "Arbetsplats", "start_date": "Från",
          "end_date": "Till"}


def _placement(value: object) -> str | None:
    return rules.optional_code(list(codes.SummerPlacement), value, "Okänd placering")


class SummerJobsSheet(SheetHandler):
    name = SPEC.name
    columns = SPEC.columns

    def __init__(self) -> None:
        super().__init__()
        self.clean: dict[tuple[str, date], tuple[int, dict]] = {}
        self.new: list[tuple] = []
        self.updated: list[tuple] = []

    def read_row(self, ctx: ImportContext, row: Row) -> None:
        n = len(ctx.report.errors)
        digits = self.person(ctx, row)
        applied = self.take(ctx, row, "applied_on", rules.a_date)
        values = {
            "wishes": self.take(ctx, row, "wishes", lambda v: rules.text(v, max_len=2000)),
            "placement": self.take(ctx, row, "placement", _placement),
            "workplace": self.take(ctx, row, "workplace", lambda v: rules.text(v, max_len=200)),
            "start_date": self.take(ctx, row, "start_date", lambda v: rules.a_date(v, required=False)),
            "end_date": self.take(ctx, row, "end_date", lambda v: rules.a_date(v, required=False)),
        }
        if len(ctx.report.errors) != n or digits is None:
            return
        if values["start_date"] and values["end_date"] and values["end_date"] < values["start_date"]:
            ctx.error(self.name, row.number, "Till",
                      f"Till {values['end_date'].isoformat()} ligger före Från {values['start_date'].isoformat()}.")
            return
        key = (digits, applied)
        if key in self.clean:
            ctx.error(self.name, row.number, "Ansökningsdatum",
                      f"En ansökan för samma person och datum står redan på rad {self.clean[key][0]}.")
            return
        self.clean[key] = (row.number, values)

    def check(self, ctx: ImportContext) -> None:
        by_id = ctx.stored_ids({k[0] for k in self.clean})
        stored: dict[tuple, dict] = {}
        for part in _chunks(list(by_id)):
            q = sa.select(SummerJob.id, SummerJob.participant_id, SummerJob.applied_on,
                          *[getattr(SummerJob, k) for k in LABELS]).where(SummerJob.participant_id.in_(part))
            for r in ctx.s.execute(q).mappings():
                stored[(by_id[r["participant_id"]], r["applied_on"])] = dict(r)
        unknown: set[str] = set()
        for key, (row, values) in sorted(self.clean.items(), key=lambda kv: kv[1][0]):
            if key[0] in unknown:
                continue
            if not self.require_known_person(ctx, Row(row, {}), key[0]):
                unknown.add(key[0])
                continue
            who = f"{pnr.format_digits(key[0])} ansökan {key[1].isoformat()}"
            old = stored.get(key)
            if old is None:
                self.new.append(key)
                self.change(ctx, row, "ny", who, key[0], {"Ansökningsdatum": [None, key[1]]}
                            | {LABELS[k]: [None, values[k]] for k in LABELS})
                continue
            diff = [k for k in LABELS if old[k] != values[k]]
            if diff:
                self.updated.append((key, old["id"]))
                self.change(ctx, row, "ändrad", who + ": " + ", ".join(LABELS[k] for k in diff), key[0],
                            {LABELS[k]: [old[k], values[k]] for k in diff})
            else:
                self.counts.unchanged += 1

    def write(self, ctx: ImportContext) -> None:
        if self.new:
            ctx.refresh_person_ids(k[0] for k in self.new)
            ctx.s.execute(sa.insert(SummerJob), [{"participant_id": ctx.person_id(k[0]), "applied_on": k[1],
                                                  **self.clean[k][1]} for k in self.new])
        if self.updated:
            t = SummerJob.__table__
            stmt = sa.update(t).where(t.c.id == sa.bindparam("b_id")).values({k: sa.bindparam(k) for k in LABELS})
            ctx.s.connection().execute(stmt, [{"b_id": rid, **self.clean[k][1]} for k, rid in self.updated])


HANDLER = SummerJobsSheet
