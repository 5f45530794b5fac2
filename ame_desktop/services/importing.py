"""Workbook import (shared/spec/IMPORT_TEMPLATE.md): all or nothing, idempotent, dry-run.

The same code runs for `ame-desktop import` and the window's import. Each sheet has a handler
that (1) reads and checks its rows one by one, (2) checks them against each other and the
register and decides what is new, changed or unchanged, and (3) writes — the last only when
no row anywhere had an error, inside the one transaction of the whole import.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa

from ame_desktop.domain import codes, names, rules
from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain import workbook_spec as spec
from ame_desktop.domain.dates import overlaps
from ame_desktop.domain.models import Attendance, Enrollment, Participant, Referral, StaffMember
from ame_desktop.io.workbook_reader import Workbook
from ame_desktop.services import (
    af_contacts_import, audit, authz, capacity_import, closed_days_import, consent_import, steps_import,
    summer_jobs_import,
)
from ame_desktop.services.enrollments import overlap_message
from ame_desktop.services.participants import email as clean_email
from ame_desktop.services.import_base import (  # noqa: F401  (the engine's parts; older callers import them here)
    CHUNK, HELP_SHEETS, MAX_LISTED_ERRORS, STOP_AFTER_ERRORS, CappedErrors, ImportCancelled, ImportContext,
    ImportFailed, ImportReport, Progress, Row, RowChange, SheetCounts, SheetHandler, _cell_text, _chunks, _plain,
    staff_ref,
)

log = logging.getLogger(__name__)



# ------------------------------------------------------------------------------------------
PARTICIPANT_LABELS = {
    "first_name": "Förnamn", "last_name": "Efternamn", "gender": "Kön", "municipality_code": "Kommunkod",
    "education_level": "Utbildningsnivå", "staff_id": "Handledare", "phone": "Telefon", "email": "E-post",
}


class ParticipantsSheet(SheetHandler):
    name = spec.PARTICIPANTS.name
    columns = spec.PARTICIPANTS.columns

    def __init__(self) -> None:
        super().__init__()
        self.clean: dict[str, tuple[int, dict, str | None]] = {}  # digits → (row, values, staff name)
        self.new: list[str] = []
        self.updated: list[str] = []

    def read_row(self, ctx: ImportContext, row: Row) -> None:
        n_errors = len(ctx.report.errors)
        number = self.take(ctx, row, "personnummer", pnr.parse)
        values = {
            "first_name": self.take(ctx, row, "first_name", rules.required_text, 100),
            "last_name": self.take(ctx, row, "last_name", rules.required_text, 100),
            "education_level": self.take(ctx, row, "education_level", rules.education_level),
            "phone": self.take(ctx, row, "phone", lambda v: rules.text(v, max_len=40)),
            "email": self.take(ctx, row, "email", clean_email),
            "municipality_code": self.take(ctx, row, "municipality_code", self._municipality, ctx),
        }
        staff = self.take(ctx, row, "staff", lambda v: rules.text(v, max_len=120))
        if number is None:
            return
        digits = number.digits
        ctx.referenced.add(digits)
        values["gender"] = self.take(ctx, row, "gender", rules.gender, number.legal_gender)
        if digits in self.clean or digits in ctx.persons_in_file:
            first = self.clean[digits][0] if digits in self.clean else None
            where = f" (rad {first})" if first else ""
            ctx.error(self.name, row.number, "Personnummer", f"{number.formatted()} förekommer redan i bladet{where}.")
            return
        ctx.persons_in_file.add(digits)
        if values["municipality_code"] is not None:
            ctx.file_municipalities[digits] = values["municipality_code"]
        if len(ctx.report.errors) == n_errors:
            values["personnummer"] = digits
            self.clean[digits] = (row.number, values, " ".join(staff.split()) if staff else None)

    @staticmethod
    def _municipality(value: object, ctx: ImportContext) -> str:
        if value is None:
            if ctx.default_municipality is None:
                raise ValueError("Kommunkod saknas och ingen standardkommun är vald (ame-desktop settings municipality KOD).")
            return ctx.default_municipality
        raw = _cell_text(value).strip()
        code = raw.zfill(4) if raw.isdigit() and len(raw) < 4 else raw
        if code not in ctx.municipalities:
            raise ValueError(f"Okänd kommunkod ”{raw}”. Ange kommunens fyra siffror, t.ex. 0860.")
        if not ctx.actor.sees(code):
            raise ValueError(f"Du har inte behörighet till kommun {code}.")
        return code

    def check(self, ctx: ImportContext) -> None:
        from ame_desktop.services import protected_identity

        # Protected identity (issue 24): contact details the importing account may not see are
        # neither compared nor overwritten — the stored ones stay, and the preview says nothing of them.
        withheld = protected_identity.hidden_contact_ids(
            ctx.s, [ctx.db_persons[d]["id"] for d in self.clean if d in ctx.db_persons])
        for digits, (row, values, staff) in self.clean.items():
            stored = ctx.db_persons.get(digits)
            if stored is not None and stored["id"] in withheld:
                values.update({k: stored[k] for k in protected_identity.CONTACT_FIELDS})
            if digits in ctx.hidden_persons and not ctx.report.dry_run:
                # The person is in a municipality the actor may not see: to them the person does
                # not exist, so a dry run shows the row as new (a read reveals nothing), and the
                # real import refuses to create a second record with a message that says
                # nothing about where the person is (docs/hotmodell.md, README decisions).
                ctx.error(self.name, row, "Personnummer", f"{pnr.format_digits(digits)} kan inte läggas in som ny "
                          "deltagare av ditt konto. Kontakta registrets administratör.")
                continue
            values["staff_id"] = self._staff_ref(ctx, staff)
            stored = ctx.db_persons.get(digits)
            who = f"{pnr.format_digits(digits)} {values['first_name']} {values['last_name']}"
            if stored is None:
                self.new.append(digits)
                self.change(ctx, row, "ny", who, digits, {k: [None, _plain(values[k])] for k in PARTICIPANT_LABELS})
                continue
            diff = [k for k in PARTICIPANT_LABELS if stored[k] != values[k]]
            if diff:
                self.updated.append(digits)
                self.change(ctx, row, "ändrad", who + ": " + ", ".join(PARTICIPANT_LABELS[k] for k in diff), digits,
                            {PARTICIPANT_LABELS[k]: [_plain(stored[k]), _plain(values[k])] for k in diff})
            else:
                self.counts.unchanged += 1

    _staff_ref = staticmethod(staff_ref)

    def write(self, ctx: ImportContext) -> None:
        s = ctx.s
        if ctx.report.new_staff:
            s.execute(sa.insert(StaffMember), [{"name": n, "active": True} for n in ctx.report.new_staff])
            for sid, name in s.execute(sa.select(StaffMember.id, StaffMember.name)):
                ctx.staff[names.fold(name)] = (sid, name)

        def resolved(values: dict) -> dict:
            out = dict(values)
            ref = out["staff_id"]
            if isinstance(ref, tuple):
                out["staff_id"] = ctx.staff[ref[1]][0]
            out["search_name"] = names.search_key(out["first_name"], out["last_name"])
            out["sort_name"] = names.sort_key(out["first_name"], out["last_name"])
            return out

        now = datetime.now().replace(microsecond=0)
        if self.new:
            rows = [resolved(self.clean[d][1]) | {"created_at": now, "updated_at": now} for d in self.new]
            s.execute(sa.insert(Participant), rows)
        if self.updated:
            t = Participant.__table__
            stmt = (
                sa.update(t).where(t.c.id == sa.bindparam("b_id"))
                .values({k: sa.bindparam(k) for k in (*PARTICIPANT_LABELS, "search_name", "sort_name", "updated_at")})
            )
            params = []
            for d in self.updated:
                v = resolved(self.clean[d][1])
                params.append({k: v[k] for k in (*PARTICIPANT_LABELS, "search_name", "sort_name")}
                              | {"b_id": ctx.db_persons[d]["id"], "updated_at": now})
            s.connection().execute(stmt, params)
        ctx.refresh_person_ids(self.new)


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


# -- sheets of periods (Inskrivningar, Aktivitetskrav): key person + start, never overlapping --
def check_period_overlaps(handler: SheetHandler, ctx: ImportContext, stored: dict[str, dict[date, dict]],
                          column: str, message) -> dict[str, list[tuple[date, date | None]]]:
    """Each person's periods as they will be after the import (file over register); an error at
    the file's row for every overlap. Returns the merged periods per person."""
    per_person: dict[str, list[tuple[date, date | None, int | None]]] = {}
    for (digits, start), (row, values) in handler.clean.items():
        per_person.setdefault(digits, []).append((start, values["end_date"], row))
    out: dict[str, list[tuple[date, date | None]]] = {}
    for digits, periods in per_person.items():
        if not handler.require_known_person(ctx, Row(periods[0][2], {}), digits):
            continue
        in_file = {p[0] for p in periods}
        merged = sorted(periods + [(start, v["end_date"], None) for start, v in stored.get(digits, {}).items()
                                   if start not in in_file], key=lambda p: p[0])
        out[digits] = [(p[0], p[1]) for p in merged]
        for a, b in zip(merged, merged[1:]):
            if overlaps(a[0], a[1], b[0], b[1]):
                row = b[2] if b[2] is not None else a[2]
                other = a if row == b[2] else b
                ctx.error(handler.name, row, column, message(other[0], other[1]))
    return out


def plan_period_changes(handler: SheetHandler, ctx: ImportContext, stored: dict[str, dict[date, dict]],
                        labels: dict[str, str], start_label: str) -> None:
    """New, changed (with old and new values) or unchanged, per row of a period sheet."""
    for key, (row, values) in handler.clean.items():
        old = stored.get(key[0], {}).get(key[1])
        who = f"{pnr.format_digits(key[0])} från {key[1].isoformat()}"
        if old is None:
            handler.new.append(key)
            handler.change(ctx, row, "ny", who, key[0],
                           {start_label: [None, key[1]]} | {labels[k]: [None, values[k]] for k in labels})
            continue
        diff = [k for k in labels if old[k] != values[k]]
        if diff:
            handler.updated.append((key, old["id"]))
            handler.change(ctx, row, "ändrad", who + ": " + ", ".join(labels[k] for k in diff), key[0],
                           {labels[k]: [old[k], values[k]] for k in diff})
        else:
            handler.counts.unchanged += 1


def write_periods(handler: SheetHandler, ctx: ImportContext, model, columns: tuple[str, ...]) -> None:
    if handler.new:
        ctx.refresh_person_ids(k[0] for k in handler.new)
        ctx.s.execute(sa.insert(model), [{"participant_id": ctx.person_id(k[0]), "start_date": k[1],
                                          **handler.clean[k][1]} for k in handler.new])
    if handler.updated:
        t = model.__table__
        stmt = sa.update(t).where(t.c.id == sa.bindparam("b_id")).values({c: sa.bindparam(c) for c in columns})
        ctx.s.connection().execute(stmt, [{"b_id": rid, **handler.clean[k][1]} for k, rid in handler.updated])


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


def _bump_versions(ctx: ImportContext, created: set[str]) -> None:
    """Every person whose data the import changed gets a new version (optimistic locking, see
    services/participants.update_participant): a form opened before the import is refused on
    save instead of silently overwriting what the import wrote."""
    ctx.refresh_person_ids(ctx.person_changes)
    ids = sorted(ctx.person_id(d) for d in ctx.person_changes if d not in created)
    t = Participant.__table__
    for part in _chunks(ids):
        ctx.s.execute(sa.update(t).where(t.c.id.in_(part)).values(version=t.c.version + 1))


def _audit(ctx: ImportContext, file_name: str) -> None:
    """One audit entry per person the import changed (rows, old and new values), and one for the file."""
    ctx.refresh_person_ids(ctx.person_changes)
    events = [audit.Event("import", "participant", None, ctx.person_id(digits), {"fil": file_name, "rader": rows})
              for digits, rows in ctx.person_changes.items()]
    events.append(audit.Event("import", "workbook", None, None, {
        "fil": file_name, "blad": {k: vars(v) for k, v in ctx.report.counts.items()}}))
    audit.record_many(ctx.s, events)


# The order matters: people first, then what refers to them; enrollments before hours.
HANDLERS: list[type[SheetHandler]] = [ParticipantsSheet, ReferralsSheet, EnrollmentsSheet, RequirementsSheet,
                                      AttendanceSheet]
# The sheets of other features, imported plainly (a missing module is an ImportError at start,
# never a sheet silently left out of a frozen bundle). Each module has HANDLER and SPEC, or
# HANDLERS and SPECS for several sheets (in the order they are read: a sheet before those that
# name its rows).
SHEET_MODULES = (steps_import, af_contacts_import, summer_jobs_import, closed_days_import,
                 capacity_import,  # issue 23: Grupper, Arbetsplatser, Bokningar
                 consent_import)  # issue 24: Samtycken


def all_handlers() -> list[type[SheetHandler]]:
    return HANDLERS + [h for m in SHEET_MODULES for h in (getattr(m, "HANDLERS", None) or [m.HANDLER])]


def all_sheets() -> list[spec.SheetSpec]:
    """The template's sheets: the core ones, then those of the other features."""
    return list(spec.SHEETS) + [x for m in SHEET_MODULES for x in (getattr(m, "SPECS", None) or [m.SPEC])]


def import_workbook(db, path: Path | str, *, dry_run: bool = False, progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Import a workbook into the register. Raises ImportFailed (nothing written) on any row error."""
    path = Path(path)
    report = ImportReport(file=path.name, dry_run=dry_run)
    step = progress or (lambda _t, _f: None)
    stop = cancelled or (lambda: False)

    def checkpoint(text: str, fraction: float) -> None:
        if stop():
            raise ImportCancelled()
        step(text, fraction)

    with Workbook(path) as wb:
        report.warnings.extend(wb.warnings)  # hidden sheets
        handlers = [h() for h in all_handlers()]
        known = {h.name.casefold() for h in handlers} | HELP_SHEETS
        for title in wb.sheet_titles:
            if " ".join(title.split()).casefold() not in known:
                report.warnings.append(f"Bladet ”{title}” känns inte igen och hoppas över.")
        with db.transaction() as s:
            if not dry_run:
                authz.require_write(s)
            ctx = ImportContext(s, report)
            for i, h in enumerate(handlers):
                checkpoint(f"Läser bladet {h.name}…", 0.05 + 0.45 * i / len(handlers))
                h.load(ctx, wb)
            checkpoint("Jämför med registret…", 0.55)
            ctx.load_db_persons()
            for h in handlers:
                if h.present:
                    h.check(ctx)
            if report.errors:
                report.errors.sort(key=lambda e: ([h.name for h in handlers].index(e.sheet) if e.sheet in
                                                  [h.name for h in handlers] else 99, e.row or 0))
                raise ImportFailed(report)
            if dry_run:
                step("Klart (provkörning)", 1.0)
                return report
            for i, h in enumerate(handlers):
                if h.present:
                    checkpoint(f"Sparar {h.name}…", 0.7 + 0.25 * i / len(handlers))
                    h.write(ctx)
            checkpoint("Sparar…", 0.97)
            _bump_versions(ctx, {d for h in handlers if isinstance(h, ParticipantsSheet) for d in h.new})
            _audit(ctx, path.name)
    step("Klart", 1.0)
    log.info("import done: %s", {k: vars(v) for k, v in report.counts.items()})
    return report
