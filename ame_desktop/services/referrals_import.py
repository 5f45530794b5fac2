"""Anvisningar: the referrals sheet (IMPORT_TEMPLATE.md § Anvisningar)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ame_desktop.domain import rules
from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain import workbook_spec as spec
from ame_desktop.domain.models import Participant, Referral
from ame_desktop.services.import_base import ImportContext, Row, SheetHandler, _chunks


class ReferralsSheet(SheetHandler):
    name = spec.REFERRALS.name
    columns = spec.REFERRALS.columns

    def __init__(self) -> None:
        super().__init__()
        self.clean: dict[tuple[str, date, str], tuple[int, str | None, str | None]] = {}
        self.municipality: dict[tuple, str] = {}  # the municipality each row will have (issue 19)
        self.new: list[tuple] = []
        self.updated: list[tuple] = []

    def read_row(self, ctx: ImportContext, row: Row) -> None:
        n = len(ctx.report.errors)
        digits = self.person(ctx, row)
        when = self.take(ctx, row, "referral_date", rules.a_date)
        source = self.take(ctx, row, "source", rules.referral_source)
        detail = self.take(ctx, row, "detail", lambda v: rules.text(v, max_len=500))
        muni = self.take(ctx, row, "municipality_code", ctx.municipality_code) if "municipality_code" in row.values \
            else None
        if len(ctx.report.errors) != n or digits is None:
            return
        key = (digits, when, source)
        if key in self.clean:
            ctx.error(self.name, row.number, "Datum",
                      f"Samma anvisning (person, datum och anvisare) står redan på rad {self.clean[key][0]}.")
            return
        self.clean[key] = (row.number, detail, muni)

    def check(self, ctx: ImportContext) -> None:
        stored: dict[tuple, tuple[int, str | None, str]] = {}
        ids = [ctx.db_persons[d]["id"] for d in {k[0] for k in self.clean} if d in ctx.db_persons]
        by_id = {ctx.db_persons[d]["id"]: d for d in ctx.db_persons}
        for part in _chunks(ids):
            q = sa.select(Referral.id, Referral.participant_id, Referral.referral_date, Referral.source,
                          Referral.detail, Referral.municipality_code).where(Referral.participant_id.in_(part))
            for rid, pid, when, source, detail, muni in ctx.s.execute(q):
                stored[(by_id[pid], when, source)] = (rid, detail, muni)
        for key, (row, detail, muni) in self.clean.items():
            if not self.require_known_person(ctx, Row(row, {}), key[0]):
                continue
            who = f"{pnr.format_digits(key[0])} {key[1].isoformat()} {key[2]}"
            if key not in stored:
                # Blank = the person's municipality now (as this import leaves the person).
                self.municipality[key] = muni or ctx.person_municipality(key[0])
                self.new.append(key)
                self.change(ctx, row, "ny", who, key[0], {"Datum": [None, key[1]], "Anvisare": [None, key[2]],
                                                          "Kommentar": [None, detail],
                                                          "Kommunkod": [None, self.municipality[key]]})
                continue
            old_detail, old_muni = stored[key][1], stored[key][2]
            self.municipality[key] = muni or old_muni  # blank: a kept referral keeps its municipality
            diff = {label: [a, b] for label, a, b in (("Kommentar", old_detail, detail),
                                                      ("Kommunkod", old_muni, self.municipality[key])) if a != b}
            if diff:
                self.updated.append((key, stored[key][0]))
                self.change(ctx, row, "ändrad", who + ": " + ", ".join(diff), key[0], diff)
            else:
                self.counts.unchanged += 1

    def write(self, ctx: ImportContext) -> None:
        if self.new:
            ctx.refresh_person_ids(k[0] for k in self.new)
            ctx.s.execute(sa.insert(Referral), [
                {"participant_id": ctx.person_id(k[0]), "referral_date": k[1], "source": k[2],
                 "detail": self.clean[k][1], "municipality_code": self._municipality_of(ctx, k)} for k in self.new
            ])
        if self.updated:
            t = Referral.__table__
            stmt = sa.update(t).where(t.c.id == sa.bindparam("b_id")).values(
                detail=sa.bindparam("detail"), municipality_code=sa.bindparam("muni"))
            ctx.s.connection().execute(stmt, [{"b_id": rid, "detail": self.clean[k][1], "muni": self.municipality[k]}
                                              for k, rid in self.updated])

    def _municipality_of(self, ctx: ImportContext, key: tuple) -> str:
        muni = self.municipality.get(key)
        if muni is None:  # a person new in this import without Kommunkod: the default municipality
            muni = ctx.s.execute(sa.select(Participant.municipality_code)
                                 .where(Participant.id == ctx.person_id(key[0]))).scalar_one()
        return muni
