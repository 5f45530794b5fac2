"""Inskrivningar: the enrollments sheet (IMPORT_TEMPLATE.md § Inskrivningar)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ame_desktop.domain import codes, rules
from ame_desktop.domain import workbook_spec as spec
from ame_desktop.domain.models import Enrollment, Participant
from ame_desktop.services.enrollments import overlap_message
from ame_desktop.services.period_import import check_period_overlaps, plan_period_changes, write_periods
from ame_desktop.services.import_base import ImportContext, Row, SheetHandler, _chunks


ENROLLMENT_LABELS = {"end_date": "Slutdatum", "time_without_work": "Utan arbete före inskrivning",
                     "exit_reason": "Avslutsorsak", "municipality_code": "Kommunkod",
                     "job_start_date": "Anställning från", "work_confirmed_on": "Bekräftad"}
WORK_COLUMNS = {"job_start_date": "Anställning från", "work_confirmed_on": "Bekräftad"}


class EnrollmentsSheet(SheetHandler):
    name = spec.ENROLLMENTS.name
    columns = spec.ENROLLMENTS.columns

    def __init__(self) -> None:
        super().__init__()
        self.clean: dict[tuple[str, date], tuple[int, dict]] = {}
        self.new: list[tuple] = []
        self.updated: list[tuple] = []

    def read_row(self, ctx: ImportContext, row: Row) -> None:
        n = len(ctx.report.errors)
        digits = self.person(ctx, row)
        start = self.take(ctx, row, "start_date", rules.a_date)
        end = self.take(ctx, row, "end_date", lambda v: rules.a_date(v, required=False))
        tww = self.take(ctx, row, "time_without_work", rules.time_without_work)
        reason = self.take(ctx, row, "exit_reason", rules.exit_reason)
        muni = self.take(ctx, row, "municipality_code", ctx.municipality_code)
        job_start = self.take(ctx, row, "job_start_date", lambda v: rules.a_date(v, required=False))
        confirmed = self.take(ctx, row, "work_confirmed_on", lambda v: rules.a_date(v, required=False))
        if len(ctx.report.errors) != n or digits is None:
            return
        problems = rules.enrollment_end(start, end, reason)
        for fld, message in problems:
            ctx.error(self.name, row.number, "Slutdatum" if fld == "end_date" else "Avslutsorsak", message)
        if problems:
            return
        problems = rules.work_confirmation(end, reason, job_start, confirmed)
        for fld, message in problems:
            ctx.error(self.name, row.number, WORK_COLUMNS[fld], message)
        if problems:
            return
        key = (digits, start)
        if key in self.clean:
            ctx.error(self.name, row.number, "Startdatum",
                      f"En inskrivning för samma person och startdatum står redan på rad {self.clean[key][0]}.")
            return
        self.clean[key] = (row.number, {"end_date": end, "time_without_work": tww, "exit_reason": reason,
                                        "exit_kas": codes.kas_category(reason), "municipality_code": muni,
                                        "job_start_date": job_start, "work_confirmed_on": confirmed})

    def check(self, ctx: ImportContext) -> None:
        stored: dict[str, dict[date, dict]] = {}
        by_id = {ctx.db_persons[d]["id"]: d for d in ctx.db_persons}
        ids = [ctx.db_persons[d]["id"] for d in {k[0] for k in self.clean} if d in ctx.db_persons]
        for part in _chunks(ids):
            q = sa.select(Enrollment.id, Enrollment.participant_id, Enrollment.start_date, Enrollment.end_date,
                          Enrollment.time_without_work, Enrollment.exit_reason, Enrollment.municipality_code,
                          Enrollment.job_start_date, Enrollment.work_confirmed_on).where(
                Enrollment.participant_id.in_(part))
            for eid, pid, start, end, tww, reason, muni, job_start, confirmed in ctx.s.execute(q):
                stored.setdefault(by_id[pid], {})[start] = {"id": eid, "end_date": end, "time_without_work": tww,
                                                             "exit_reason": reason, "municipality_code": muni,
                                                             "job_start_date": job_start,
                                                             "work_confirmed_on": confirmed}
        ctx.enrollment_intervals.update(check_period_overlaps(self, ctx, stored, "Startdatum", overlap_message))
        if ctx.report.errors:
            return
        # Kommunkod blank: a kept enrollment keeps its municipality; a new one gets the person's
        # (as this import leaves the person), or, for a person new without one, the default at write.
        for (digits, start), (_row, values) in self.clean.items():
            if values["municipality_code"] is None:
                old = stored.get(digits, {}).get(start)
                values["municipality_code"] = old["municipality_code"] if old else ctx.person_municipality(digits)
        plan_period_changes(self, ctx, stored, ENROLLMENT_LABELS, "Startdatum")

    def write(self, ctx: ImportContext) -> None:
        ctx.refresh_person_ids(k[0] for k in self.new)
        missing = [k for k in self.new if self.clean[k][1]["municipality_code"] is None]
        for k in missing:  # rare: the person is new in this import and had no Kommunkod
            self.clean[k][1]["municipality_code"] = ctx.s.execute(
                sa.select(Participant.municipality_code).where(Participant.id == ctx.person_id(k[0]))).scalar_one()
        write_periods(self, ctx, Enrollment, ("end_date", "time_without_work", "exit_reason", "exit_kas",
                                              "municipality_code", "job_start_date", "work_confirmed_on"))
