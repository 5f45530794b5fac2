"""Aktivitetskrav: the requirement periods sheet (IMPORT_TEMPLATE.md § Aktivitetskrav)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ame_desktop.domain import names, rules
from ame_desktop.domain import workbook_spec as spec
from ame_desktop.services import audit
from ame_desktop.services.period_import import check_period_overlaps, plan_period_changes, write_periods
from ame_desktop.services.import_base import ImportContext, Row, SheetHandler, _chunks


REQUIREMENT_LABELS = {"end_date": "Till", "hours_per_week": "Timmar per vecka", "reduction_reason": "Orsak",
                      "exemption": "Undantag", "reduction_code": "Orsakskod", "reduction_hours": "Timmar nedsättning",
                      "decision_date": "Beslutsdatum", "decision_reference": "Diarienummer",
                      "caseworker_id": "Handläggare", "support_since": "Försörjningsstöd sedan"}
# The service's field names → the sheet's columns (issue 16), for errors at the right column.
REQUIREMENT_COLUMNS = {"start_date": "Från", "end_date": "Till", "hours_per_week": "Timmar per vecka",
                       "reduction_code": "Orsakskod", "reduction_reason": "Orsak", "exemption": "Undantag",
                       "decision_date": "Beslutsdatum", "decision_reference": "Diarienummer",
                       "support_since": "Försörjningsstöd sedan", "reduction_hours": "Orsakskod",
                       "override_reason": "Timmar per vecka"}


class RequirementsSheet(SheetHandler):
    """Aktivitetskrav (issue 16): the period, the reduction as a code (the hours it accounts for =
    full time − Timmar per vecka), the nämnd's decision and the caseworker (a new name joins the
    register, in the person's municipality). A file with only the old `Orsak` column reads a
    reduced period as OVRIGT with that text. Warnings, never errors: försörjningsstöd for less
    than three months when the period starts; under 18 or pension age from the personnummer.
    The import never ends a period because an enrollment ended: the sheet says so with `Till`."""

    name = spec.REQUIREMENTS.name
    columns = spec.REQUIREMENTS.columns

    def __init__(self) -> None:
        super().__init__()
        self.clean: dict[tuple[str, date], tuple[int, dict]] = {}
        self.new: list[tuple] = []
        self.updated: list[tuple] = []
        self.caseworker_names: dict[tuple[str, date], str] = {}
        self.new_caseworkers: dict[tuple[str, str], dict] = {}  # (folded name, municipality) → values
        self.colmap: dict[str, int] = {}

    def _map_columns(self, ctx: ImportContext, sheet) -> dict[str, int] | None:
        self.colmap = super()._map_columns(ctx, sheet) or {}
        return self.colmap or None

    def _column(self, field_name: str) -> str:
        # A file in the format before December 2026 has no Orsakskod: name the column it has.
        if field_name == "reduction_code" and "reduction_code" not in self.colmap:
            return "Orsak"
        return REQUIREMENT_COLUMNS.get(field_name, "Timmar per vecka")

    def read_row(self, ctx: ImportContext, row: Row) -> None:
        from ame_desktop.services.activity_requirement import PeriodInput, clean_period_values

        n = len(ctx.report.errors)
        digits = self.person(ctx, row)
        caseworker = self.take(ctx, row, "caseworker", lambda v: rules.text(v, max_len=120))
        if len(ctx.report.errors) != n or digits is None:
            return
        v = row.values
        raw = PeriodInput(v.get("start_date"), v.get("end_date"), v.get("hours_per_week"),
                          reduction_code=v.get("reduction_code"), reduction_reason=v.get("reduction_reason"),
                          exemption=v.get("exemption"), decision_date=v.get("decision_date"),
                          decision_reference=v.get("decision_reference"), support_since=v.get("support_since"))
        if v.get("hours_per_week") is None:
            ctx.error(self.name, row.number, "Timmar per vecka", "Timmar måste fyllas i.")
            return
        values, errors = clean_period_values(raw, ctx.full_time)
        for e in errors:
            ctx.error(self.name, row.number, self._column(e.field), e.message)
        if errors:
            return
        start = values.pop("start_date")
        values.pop("override_reason", None)
        key = (digits, start)
        if key in self.clean:
            ctx.error(self.name, row.number, "Från",
                      f"En kravperiod för samma person och från-datum står redan på rad {self.clean[key][0]}.")
            return
        if caseworker:
            self.caseworker_names[key] = " ".join(caseworker.split())
        self.clean[key] = (row.number, values)

    def _resolve_caseworkers(self, ctx: ImportContext, stored: dict[str, dict[date, dict]]) -> None:
        """Each named caseworker → an id in the register, or a new entry (in the person's municipality).
        A blank Handläggare keeps the one the stored period has."""
        from ame_desktop.domain.models import SocialCaseworker

        known = {(names.fold(name), muni): cid for cid, name, muni in ctx.s.execute(
            sa.select(SocialCaseworker.id, SocialCaseworker.name, SocialCaseworker.municipality_code))}
        for key, (row, values) in self.clean.items():
            name = self.caseworker_names.get(key)
            old = stored.get(key[0], {}).get(key[1])
            if not name:
                values["caseworker_id"] = old["caseworker_id"] if old else None
                continue
            muni = ctx.person_municipality(key[0]) or ctx.default_municipality
            if muni is None:
                ctx.error(self.name, row, "Handläggare", "Personens kommun är okänd; handläggaren kan inte läggas till.")
                continue
            cid = known.get((names.fold(name), muni))
            if cid is not None:
                values["caseworker_id"] = cid
            else:
                self.new_caseworkers.setdefault((names.fold(name), muni), {"name": name, "municipality_code": muni})
                values["caseworker_id"] = ("new", names.fold(name), muni)

    def check(self, ctx: ImportContext) -> None:
        from ame_desktop.domain.models import RequirementPeriod as RP
        from ame_desktop.services.activity_requirement import period_overlap_message, period_warnings

        by_id = ctx.stored_ids({k[0] for k in self.clean})
        stored: dict[str, dict[date, dict]] = {}
        cols = [c for c in REQUIREMENT_LABELS]
        for part in _chunks(list(by_id)):
            q = sa.select(RP.id, RP.participant_id, RP.start_date, *[getattr(RP, c) for c in cols]).where(
                RP.participant_id.in_(part))
            for rid, pid, start, *rest in ctx.s.execute(q):
                stored.setdefault(by_id[pid], {})[start] = {"id": rid, **dict(zip(cols, rest))}
        check_period_overlaps(self, ctx, stored, "Från", period_overlap_message)
        self._resolve_caseworkers(ctx, stored)
        if ctx.report.errors:
            return
        for (digits, start), (row, values) in self.clean.items():
            for w in period_warnings(digits, start, values["end_date"], values["exemption"], values["support_since"]):
                ctx.report.warnings.append(f"{self.name}, rad {row}: {w}")
        plan_period_changes(self, ctx, stored, REQUIREMENT_LABELS, "Från")

    def write(self, ctx: ImportContext) -> None:
        from ame_desktop.domain.models import RequirementPeriod, SocialCaseworker

        if self.new_caseworkers:
            ctx.s.execute(sa.insert(SocialCaseworker), [{**v, "active": True} for v in self.new_caseworkers.values()])
            ids = {(names.fold(name), muni): cid for cid, name, muni in ctx.s.execute(
                sa.select(SocialCaseworker.id, SocialCaseworker.name, SocialCaseworker.municipality_code))}
            for _row, values in self.clean.values():
                ref = values["caseworker_id"]
                if isinstance(ref, tuple):
                    values["caseworker_id"] = ids[(ref[1], ref[2])]
            audit.record_many(ctx.s, [audit.Event("create", "social_caseworker", None, None, dict(v))
                                      for v in self.new_caseworkers.values()])
        write_periods(self, ctx, RequirementPeriod, tuple(REQUIREMENT_LABELS))
