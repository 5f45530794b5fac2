"""Närvaro: the hours sheet (IMPORT_TEMPLATE.md § Närvaro)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ame_desktop.domain import codes, rules
from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain import workbook_spec as spec
from ame_desktop.domain.models import Attendance
from ame_desktop.services.import_base import ImportContext, Row, SheetHandler, _cell_text, _chunks


class AttendanceSheet(SheetHandler):
    name = spec.ATTENDANCE.name
    columns = spec.ATTENDANCE.columns

    def __init__(self) -> None:
        super().__init__()
        self.clean: dict[tuple[str, date, int], tuple[int, float, str | None]] = {}
        self.new: list[tuple] = []
        self.updated: list[tuple] = []
        self.activities: dict[str, tuple[int, str]] | None = None

    def _activity(self, value: object, ctx: ImportContext) -> int:
        from ame_desktop.domain.models import Activity

        if self.activities is None:
            self.activities = {}
            for aid, name, cat, is_cat in ctx.s.execute(
                    sa.select(Activity.id, Activity.name, Activity.category, Activity.is_category)):
                self.activities[codes.normalize_code_text(name)] = (aid, name)
                if is_cat and cat == codes.JOB_SEEKING_CATEGORY:  # own job seeking: JOBBSOK, not "0"
                    self.activities[codes.normalize_code_text(codes.JOB_SEEKING)] = (aid, name)
                elif is_cat:
                    self.activities[str(cat)] = (aid, name)
        if value is None:
            raise ValueError("Måste fyllas i (aktivitetens namn, kategori 1–4 eller JOBBSOK).")
        hit = self.activities.get(codes.normalize_code_text(value))
        if hit is None:
            raise ValueError(f"Okänd aktivitet ”{_cell_text(value)}”. Ange en registrerad aktivitet, en "
                             "kategori 1–4 eller JOBBSOK (eget jobbsökande).")
        return hit[0]

    def read_row(self, ctx: ImportContext, row: Row) -> None:
        from ame_desktop.services.attendance import day_hours, parse_absence

        n = len(ctx.report.errors)
        digits = self.person(ctx, row)
        when = self.take(ctx, row, "attendance_date", lambda v: rules.not_in_future(rules.a_date(v), ctx.today))
        activity_id = self.take(ctx, row, "activity", self._activity, ctx)
        hours = self.take(ctx, row, "hours", day_hours)
        absence = self.take(ctx, row, "absence", parse_absence)
        if len(ctx.report.errors) != n or digits is None:
            return
        key = (digits, when, activity_id)
        if key in self.clean:
            ctx.error(self.name, row.number, "Aktivitet",
                      f"Samma person, datum och aktivitet står redan på rad {self.clean[key][0]}.")
            return
        self.clean[key] = (row.number, hours, absence)

    def check(self, ctx: ImportContext) -> None:
        people = {k[0] for k in self.clean}
        ctx.intervals_for(people)
        by_id = ctx.stored_ids(people)
        stored: dict[tuple, tuple[int, float, str | None]] = {}
        if self.clean:
            first = min(k[1] for k in self.clean)
            last = max(k[1] for k in self.clean)
            for part in _chunks(list(by_id)):
                q = sa.select(Attendance.id, Attendance.participant_id, Attendance.attendance_date,
                              Attendance.activity_id, Attendance.hours, Attendance.absence).where(
                    Attendance.participant_id.in_(part), Attendance.attendance_date.between(first, last))
                for aid, pid, d, act, hours, absence in ctx.s.execute(q):
                    stored[(by_id[pid], d, act)] = (aid, hours, absence)
        unknown: set[str] = set()
        totals: dict[tuple[str, date], float] = {}
        first_row: dict[tuple[str, date], int] = {}
        for (digits, d, act), (row, hours, _absence) in self.clean.items():
            if digits in unknown or not ctx.person_known(digits):
                if digits not in unknown:
                    self.require_known_person(ctx, Row(row, {}), digits)
                unknown.add(digits)
                continue
            intervals = ctx.enrollment_intervals.get(digits, [])
            if not any(a <= d and (b is None or d <= b) for a, b in intervals):
                ctx.error(self.name, row, "Datum", f"{d.isoformat()} ligger utanför personens inskrivningar.")
            totals[(digits, d)] = totals.get((digits, d), 0.0) + hours
            first_row[(digits, d)] = max(first_row.get((digits, d), 0), row)
        for (digits, d, act), (_id, hours, _abs) in stored.items():
            if (digits, d, act) not in self.clean and (digits, d) in totals:
                totals[(digits, d)] += hours
        for (digits, d), total in totals.items():
            if total > 24:
                ctx.error(self.name, first_row[(digits, d)], "Timmar",
                          f"{pnr.format_digits(digits)} har {total:g} timmar {d.isoformat()}; högst 24 per dag.")
        if ctx.report.errors:
            return
        for key, (row, hours, absence) in self.clean.items():
            old = stored.get(key)
            if old is None:
                self.new.append(key)
                self.change(ctx, row, "ny", f"{pnr.format_digits(key[0])} {key[1].isoformat()}", key[0],
                            {"Datum": [None, key[1]], "Timmar": [None, hours], "Frånvaro": [None, absence]})
            elif (old[1], old[2]) != (hours, absence):
                self.updated.append((key, old[0]))
                self.change(ctx, row, "ändrad", f"{pnr.format_digits(key[0])} {key[1].isoformat()}: Timmar/Frånvaro",
                            key[0], {"Datum": [key[1], key[1]], "Timmar": [old[1], hours], "Frånvaro": [old[2], absence]})
            else:
                self.counts.unchanged += 1

    def write(self, ctx: ImportContext) -> None:
        if self.new:
            ctx.refresh_person_ids(k[0] for k in self.new)
            rows = [{"participant_id": ctx.person_id(k[0]), "attendance_date": k[1], "activity_id": k[2],
                     "hours": self.clean[k][1], "absence": self.clean[k][2]} for k in self.new]
            for part in _chunks(rows, 5000):
                ctx.s.execute(sa.insert(Attendance), part)
        if self.updated:
            t = Attendance.__table__
            stmt = sa.update(t).where(t.c.id == sa.bindparam("b_id")).values(
                hours=sa.bindparam("hours"), absence=sa.bindparam("absence"))
            ctx.s.connection().execute(stmt, [{"b_id": aid, "hours": self.clean[k][1], "absence": self.clean[k][2]}
                                              for k, aid in self.updated])
