"""Deltagare: the core sheet of people (IMPORT_TEMPLATE.md § Deltagare); a new personnummer is a
new person, a known one is updated (the file's values win)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from ame_desktop.domain import names, rules
from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain import workbook_spec as spec
from ame_desktop.domain.models import Participant, StaffMember
from ame_desktop.services.participants import email as clean_email
from ame_desktop.services.import_base import ImportContext, Row, SheetHandler, _cell_text, _plain, staff_ref


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
