"""The import sheet Steg: step assessments (stegbedömningar), one row per person and date.

Nivå is read against the current version of the active ladder (services/step_models.py), by number
or name. The rules are the service's: a known person, a date not in the future and not before
the person's first enrollment (enrollments in the same workbook count), one assessment per
person and date. A row whose assessment exists (same person and date) updates its level,
assessor and comment. The stored level is kept when the row names the same level number, or
names it as the version it was made on did (an old file with old level names): re-importing a
file after the ladder got a new version rewrites no history. Ratings are not part of the sheet
and are left as they are.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain import rules
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.models import StepAssessment, StepLevel
from ame_desktop.domain.workbook_spec import Column, SheetSpec
from ame_desktop.services import step_assessments, step_models
from ame_desktop.services.import_base import ImportContext, Row, SheetHandler, _chunks

SPEC = SheetSpec(
    "Steg", "Personnummer + Datum",
    (
        Column("Personnummer", "personnummer", True, "Måste finnas i bladet Deltagare eller i registret.",
               kind="personnummer"),
        Column("Datum", "assessed_on", True,
               "Dagen för stegbedömningen (ÅÅÅÅ-MM-DD). Inte i framtiden och inte före personens första "
               "inskrivning.", kind="date"),
        Column("Nivå", "level", True,
               "Nivåns nummer (1 = längst från arbete) eller namn i den stegmodell som enheten använder för nya "
               "bedömningar, t.ex. 3 eller Arbetsträning. Nivåerna står under Stegförflyttning → Stegmodeller."),
        Column("Bedömare", "assessor", False,
               "Den som gjorde bedömningen: en medarbetares namn, eller namnet på någon annan (t.ex. AF)."),
        Column("Kommentar", "comment", False, "Text."),
    ),
    "En bedömning per person och datum. Finns bedömningen redan ändras nivå, bedömare och kommentar. "
    "Betyg per dimension (1–5) förs in i programmet.",
)

LABELS = {"level": "Nivå", "assessor": "Bedömare", "comment": "Kommentar"}


class StepsSheet(SheetHandler):
    name = SPEC.name
    columns = SPEC.columns

    def __init__(self) -> None:
        super().__init__()
        # (digits, date) → (row, level, (assessor id, free name), comment); level None = not in the
        # current version, which is fine only if it names the stored assessment's own level.
        self.clean: dict[tuple[str, date], tuple[int, StepLevel | None, tuple[int | None, str | None], str | None]] = {}
        self.level_problems: dict[tuple[str, date], tuple[object, str]] = {}  # key → (cell value, message)
        self.new: list[tuple[str, date]] = []
        self.updated: list[tuple[tuple[str, date], int, int]] = []  # (key, assessment id, level id to keep/set)
        self.model = None
        self.model_problem: str | None = None

    def _level(self, value: object, ctx: ImportContext) -> StepLevel:
        if self.model is None and self.model_problem is None:
            try:
                self.model = step_models.active_model(ctx.s)
            except UserError as exc:
                self.model_problem = exc.message
        if self.model is None:
            raise ValueError(self.model_problem)
        return step_assessments.find_level(ctx.s, self.model, value)

    def read_row(self, ctx: ImportContext, row: Row) -> None:
        n = len(ctx.report.errors)
        digits = self.person(ctx, row)
        when = self.take(ctx, row, "assessed_on", lambda v: rules.not_in_future(rules.a_date(v), ctx.today))
        raw = row.values.get("level")
        level, problem = None, None
        if raw is None:
            self.take(ctx, row, "level", self._level, ctx)  # "must be given"
        else:
            try:
                level = self._level(raw, ctx)
            except ValueError as exc:
                problem = str(exc)
        assessor = self.take(ctx, row, "assessor", lambda v: step_assessments.assessor_value(ctx.s, v, ctx.staff))
        comment = self.take(ctx, row, "comment", lambda v: rules.text(v, max_len=4000))
        if len(ctx.report.errors) != n or digits is None:
            if problem is not None:
                ctx.error(self.name, row.number, "Nivå", problem)
            return
        key = (digits, when)
        if key in self.clean:
            ctx.error(self.name, row.number, "Datum",
                      f"En bedömning för samma person och datum står redan på rad {self.clean[key][0]}.")
            return
        self.clean[key] = (row.number, level, assessor, comment)
        if problem is not None:
            self.level_problems[key] = (raw, problem)

    def check(self, ctx: ImportContext) -> None:
        people = {k[0] for k in self.clean}
        ctx.intervals_for(people)
        by_id = ctx.stored_ids(people)
        stored: dict[tuple[str, date], dict] = {}
        for part in _chunks(list(by_id)):
            q = (sa.select(StepAssessment.id, StepAssessment.participant_id, StepAssessment.assessed_on,
                           StepAssessment.level_id, StepLevel.number, StepLevel.model_id, StepAssessment.assessor_id,
                           StepAssessment.assessor_name, StepAssessment.comment)
                 .join(StepLevel, StepLevel.id == StepAssessment.level_id)
                 .where(StepAssessment.participant_id.in_(part)))
            for aid, pid, on, level_id, number, model_id, sid, free, comment in ctx.s.execute(q):
                stored[(by_id[pid], on)] = {"id": aid, "level_id": level_id, "number": number, "model_id": model_id,
                                            "assessor": (sid, free), "comment": comment}
        for key, (raw, problem) in self.level_problems.items():
            old = stored.get(key)
            if old is None or not self._names_stored_level(ctx, raw, old):
                ctx.error(self.name, self.clean[key][0], "Nivå", problem)
        unknown: set[str] = set()
        for (digits, when), (row, _level, _who, _comment) in self.clean.items():
            if digits in unknown or not ctx.person_known(digits):
                if digits not in unknown:
                    self.require_known_person(ctx, Row(row, {}), digits)
                unknown.add(digits)
                continue
            starts = [a for a, _b in ctx.enrollment_intervals.get(digits, [])]
            try:
                step_assessments.assessment_date(when, min(starts) if starts else None, ctx.today)
            except ValueError as exc:
                ctx.error(self.name, row, "Datum", str(exc))
        if ctx.report.errors:
            return
        for key, (row, level, who, comment) in self.clean.items():
            old = stored.get(key)
            what = f"{pnr.format_digits(key[0])} {key[1].isoformat()}"
            if old is None:
                assert level is not None
                self.new.append(key)
                self.change(ctx, row, "ny", what, key[0], {"Datum": [None, key[1]], "Nivå": [None, level.number],
                                                           "Bedömare": [None, _who_text(who)], "Kommentar": [None, comment]})
                continue
            diff = []
            # The stored level stays on its version when the row names the same level.
            keep_level = level is None or old["number"] == level.number
            if not keep_level:
                diff.append("level")
            if old["assessor"] != who:
                diff.append("assessor")
            if old["comment"] != comment:
                diff.append("comment")
            if diff:
                self.updated.append((key, old["id"], old["level_id"] if keep_level else level.id))  # type: ignore[union-attr]
                values = {"level": [old["number"], level.number if level else old["number"]],
                          "assessor": [_who_text(old["assessor"]), _who_text(who)], "comment": [old["comment"], comment]}
                self.change(ctx, row, "ändrad", what + ": " + ", ".join(LABELS[k] for k in diff), key[0],
                            {LABELS[k]: values[k] for k in diff})
            else:
                self.counts.unchanged += 1

    @staticmethod
    def _names_stored_level(ctx: ImportContext, raw: object, old: dict) -> bool:
        try:
            return step_assessments.find_level(ctx.s, step_models.get_model(ctx.s, old["model_id"]), raw).id == old["level_id"]
        except ValueError:
            return False

    def _who(self, ctx: ImportContext, who: tuple[int | None, str | None]) -> tuple[int | None, str | None]:
        """A free name that is a coach the sheet Deltagare added in this import becomes that coach."""
        sid, free = who
        if sid is None and free is not None and free.casefold() in ctx.staff:
            return ctx.staff[free.casefold()][0], None
        return sid, free

    def write(self, ctx: ImportContext) -> None:
        if self.new:
            ctx.refresh_person_ids(k[0] for k in self.new)
            now = datetime.now().replace(microsecond=0)
            rows = []
            for k in self.new:
                _row, level, who, comment = self.clean[k]
                sid, free = self._who(ctx, who)
                rows.append({"participant_id": ctx.person_id(k[0]), "assessed_on": k[1], "level_id": level.id,
                             "assessor_id": sid, "assessor_name": free, "comment": comment, "created_at": now})
            for part in _chunks(rows, 5000):
                ctx.s.execute(sa.insert(StepAssessment), part)
        if self.updated:
            t = StepAssessment.__table__
            stmt = sa.update(t).where(t.c.id == sa.bindparam("b_id")).values(
                level_id=sa.bindparam("b_level"), assessor_id=sa.bindparam("b_sid"),
                assessor_name=sa.bindparam("b_free"), comment=sa.bindparam("b_comment"))
            params = []
            for key, aid, level_id in self.updated:
                _row, _level, who, comment = self.clean[key]
                sid, free = self._who(ctx, who)
                params.append({"b_id": aid, "b_level": level_id, "b_sid": sid, "b_free": free, "b_comment": comment})
            ctx.s.connection().execute(stmt, params)


def _who_text(who: tuple[int | None, str | None]) -> str | None:
    """The assessor for the audit log: a staff id or the free name."""
    sid, free = who
    return f"medarbetare {sid}" if sid is not None else free


HANDLER = StepsSheet
