"""Import sheet `Samtycken` (issue 24; docs/import-samtycken.md): consents given and withdrawn,
one row per entry, as the consent register keeps them (services/consent.py).

Key: Personnummer + Ändamål + Händelse + Datum. An entry is never changed: a row whose key is
already in the register with the same Hur and Anteckning changes nothing (the same file can be
imported again); with other values it is an error (register a new entry instead). The person
must be in the sheet Deltagare or in the register (and visible to the account). A date may not
lie in the future; a withdrawal needs a consent in force on its date, counting the register's
entries and the file's (per person and purpose, by date; the file's rows of one date in row
order, after the register's). All or nothing, as every sheet.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ame_desktop.domain import consent as codes
from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain import rules
from ame_desktop.domain.models import Consent
from ame_desktop.domain.workbook_spec import PNR, Column, SheetSpec
from ame_desktop.services.import_base import ImportContext, Row, SheetHandler

SPEC = SheetSpec(
    "Samtycken", "Personnummer + Ändamål + Händelse + Datum",
    (
        PNR,
        Column("Ändamål", "purpose", True, "AF (informationsutbyte med Arbetsförmedlingen), FK (med Försäkringskassan), "
               "VARD (med hälso- och sjukvården), SUS (registrering i SUS) eller FOTO (foto och film).",
               tuple(codes.PURPOSES)),
        Column("Händelse", "action", True, "Lämnat eller Återkallat. Ett återkallat samtycke ersätter inget: "
               "båda raderna står kvar i historiken.", ("Lämnat", "Återkallat")),
        Column("Datum", "consent_date", True, "Dagen samtycket lämnades eller återkallades (ÅÅÅÅ-MM-DD); inte i "
               "framtiden.", kind="date"),
        Column("Hur", "method", True, "Skriftligt eller Muntligt.", ("Skriftligt", "Muntligt")),
        Column("Anteckning", "note", False, "Text, högst 500 tecken (t.ex. var blanketten finns)."),
    ),
    "Deltagarnas samtycken per ändamål. En rad per händelse; en registrerad händelse ändras inte. "
    "Återkallat kräver ett gällande samtycke den dagen (i registret eller på en tidigare rad).",
)

Key = tuple  # (12-digit personnummer, purpose, action, date)


class ConsentSheet(SheetHandler):
    name = SPEC.name
    columns = SPEC.columns

    def __init__(self) -> None:
        super().__init__()
        self.clean: dict[Key, tuple[int, dict]] = {}
        self.new: list[Key] = []

    def read_row(self, ctx: ImportContext, row: Row) -> None:
        n = len(ctx.report.errors)
        digits = self.person(ctx, row)
        purpose = self.take(ctx, row, "purpose", codes.purpose)
        action = self.take(ctx, row, "action", codes.action)
        day = self.take(ctx, row, "consent_date", rules.a_date)
        method = self.take(ctx, row, "method", codes.method)
        note = self.take(ctx, row, "note", lambda v: rules.text(v, max_len=500))
        if len(ctx.report.errors) != n:
            return
        if day > date.today():
            ctx.error(self.name, row.number, "Datum", f"{day.isoformat()} ligger i framtiden.")
            return
        key = (digits, purpose, action, day)
        if key in self.clean:
            ctx.error(self.name, row.number, "Datum", f"Samma person, ändamål, händelse och datum står redan på rad "
                                                      f"{self.clean[key][0]}.")
            return
        self.clean[key] = (row.number, {"method": method, "note": note})

    def check(self, ctx: ImportContext) -> None:
        unknown: set[str] = set()
        for (digits, *_rest), (row, _v) in self.clean.items():
            if digits not in unknown and not ctx.person_known(digits):
                self.require_known_person(ctx, Row(row, {}), digits)
                unknown.add(digits)
        if ctx.report.errors:
            return
        stored = self._stored(ctx)
        # Per person and purpose: the register's entries, then the file's, in date order.
        timeline: dict[tuple[str, str], list[tuple[date, int, int | None, str]]] = {}
        for (digits, purpose, action, day), entries in stored.items():
            for cid, _values in entries:
                timeline.setdefault((digits, purpose), []).append((day, 0, cid, action))
        for key, (row, values) in self.clean.items():
            digits, purpose, action, day = key
            old = stored.get(key)
            if old is not None:
                if any(v == values for _cid, v in old):
                    self.counts.unchanged += 1
                    continue
                ctx.error(self.name, row, "Hur" if old[0][1]["method"] != values["method"] else "Anteckning",
                          f"{codes.ACTIONS[action]} {day.isoformat()} för {codes.SHORT_LABELS[purpose]} finns redan i "
                          "registret med andra uppgifter. En registrerad händelse ändras inte; registrera en ny.")
                continue
            timeline.setdefault((digits, purpose), []).append((day, row, None, action))
            self.new.append(key)
        for (digits, purpose), items in timeline.items():
            items.sort(key=lambda e: (e[0], e[1]))
            state = None
            for day, row, _cid, action in items:
                if row and action == codes.WITHDRAWN and state != codes.GIVEN:
                    ctx.error(self.name, row, "Händelse", f"Det finns inget gällande samtycke för "
                                                          f"{codes.SHORT_LABELS[purpose]} den {day.isoformat()} att "
                                                          "återkalla.")
                state = action
        if ctx.report.errors:
            return
        for key in self.new:
            digits, purpose, action, day = key
            row = self.clean[key][0]
            self.change(ctx, row, "ny", f"{pnr.format_digits(digits)} {codes.SHORT_LABELS[purpose]} "
                                        f"{codes.ACTIONS[action].lower()} {day.isoformat()}", digits,
                        {"Ändamål": [None, purpose], "Händelse": [None, action], "Datum": [None, day],
                         "Hur": [None, self.clean[key][1]["method"]]})

    def _stored(self, ctx: ImportContext) -> dict[Key, list[tuple[int, dict]]]:
        numbers = {k[0] for k in self.clean}
        by_id = ctx.stored_ids(numbers)
        if not by_id:
            return {}
        out: dict[Key, list[tuple[int, dict]]] = {}
        ids = sorted(by_id)
        for start in range(0, len(ids), 900):
            q = (sa.select(Consent.id, Consent.participant_id, Consent.purpose, Consent.action, Consent.consent_date,
                           Consent.method, Consent.note)
                 .where(Consent.participant_id.in_(ids[start:start + 900])).order_by(Consent.id))
            for cid, pid, purpose, action, day, method, note in ctx.s.execute(q):
                out.setdefault((by_id[pid], purpose, action, day), []).append((cid, {"method": method, "note": note}))
        return out

    def write(self, ctx: ImportContext) -> None:
        if not self.new:
            return
        from datetime import datetime

        ctx.refresh_person_ids(k[0] for k in self.new)
        now = datetime.now().replace(microsecond=0)
        # Registered in row order, so entries of one date keep the file's order.
        keys = sorted(self.new, key=lambda k: self.clean[k][0])
        ctx.s.execute(sa.insert(Consent), [
            {"participant_id": ctx.person_id(k[0]), "purpose": k[1], "action": k[2], "consent_date": k[3],
             "registered_by": ctx.actor.name, "registered_at": now, **self.clean[k][1]} for k in keys])


HANDLER = ConsentSheet
