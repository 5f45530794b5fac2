"""Import sheets of issue 23: `Grupper` (activity groups), `Arbetsplatser` (workplaces) and
`Bokningar` (a participant in a group or at a workplace). Documented in docs/import-kapacitet.md.

All or nothing, like every sheet: the values and references of every row are checked before
anything is written (a group or workplace may be new in the same file; a person must be in sheet
Deltagare or in the register). The refusals that depend on what is booked — a workplace without a
free place, a booking overlapping another of the same person in the same group — are found while
writing; then nothing is written either, and the errors name sheet, row and column as usual (a
dry run checks values and references only).

- Grupper, key Namn: a new name makes a group (and its activity), a known one is updated with the
  file's values. `Skapa tillfällen till` makes sessions from the group's Från (or today) to that day.
- Arbetsplatser, key Namn + Kommunkod: new or updated.
- Bokningar, key Personnummer + Grupp/Arbetsplats + Från: exactly one of Grupp and Arbetsplats.
  A group booking beyond the places goes to the waiting list unless Väntelista says `nej` (then
  the row is refused); a placement needs Timmar per vecka. A known booking is updated only in
  its Till (ended or prolonged); nothing else of a stored booking changes through the import.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ame_desktop.domain import codes, rules
from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain.errors import UserError, ValidationError
from ame_desktop.domain.models import ActivityGroup, GroupBooking, Placement, Workplace
from ame_desktop.domain.workbook_spec import Column, SheetSpec
from ame_desktop.services import capacity as cap
from ame_desktop.services.import_base import ImportContext, ImportFailed, Row, SheetHandler

GROUPS = SheetSpec(
    "Grupper", "Namn",
    (
        Column("Namn", "name", True, "Gruppens namn, unikt (blir också aktivitetens namn i närvaron)."),
        Column("Kategori", "category", True, "Aktivitetskravets kategori 1–4 (se bladet Koder)."),
        Column("Veckodagar", "weekdays", True, "Dagarna gruppen träffas, t.ex. ”mån, ons” eller ”tisdag”."),
        Column("Starttid", "start_time", True, "TT:MM, t.ex. 09:00 (hela femminuter)."),
        Column("Sluttid", "end_time", True, "TT:MM, efter starttiden."),
        Column("Platser", "places", True, "Antal platser (heltal 0–1000). Fler bokningar hamnar på väntelista."),
        Column("Kommunkod", "municipality", False, "Kommunen gruppen hör till. Tomt = registrets standardkommun.",
               kind="municipality"),
        Column("Lokal", "room", False, "Text, t.ex. Rum 3."),
        Column("Adress", "address", False, "Text."),
        Column("Ansvarig", "staff", False, "Ansvarig personal: namnet som i personallistan."),
        Column("Från", "valid_from", False, "Gruppens första dag (ÅÅÅÅ-MM-DD). Tomt = i dag.", kind="date"),
        Column("Till", "valid_to", False, "Gruppens sista dag. Tomt = tills vidare.", kind="date"),
        Column("Skapa tillfällen till", "sessions_to", False,
               "Skapar tillfällen på veckodagarna från Från (eller i dag) till detta datum: bara arbetsdagar, "
               "inte stängda dagar. Tillfällen som redan finns behålls.", kind="date"),
    ),
    "En rad per aktivitetsgrupp. En känd grupp uppdateras med filens värden.",
)

WORKPLACES = SheetSpec(
    "Arbetsplatser", "Namn + Kommunkod",
    (
        Column("Namn", "name", True, "Arbetsgivare/arbetsplats, t.ex. ”ICA Kvantum Hultsfred”."),
        Column("Sektor", "sector", True, "KOMMUN, PRIVAT, CIVIL (ideell/civilsamhälle) eller ANNAN.",
               tuple(cap.SECTORS)),
        Column("Kommunkod", "municipality", False, "Tomt = registrets standardkommun.", kind="municipality"),
        Column("Adress", "address", False, "Text."),
        Column("Kontaktperson", "contact_person", False, "Text."),
        Column("Telefon", "contact_phone", False, "Kontaktpersonens telefon."),
        Column("Avtal från", "agreement_from", False, "Avtalets första dag (ÅÅÅÅ-MM-DD).", kind="date"),
        Column("Avtal till", "agreement_to", False, "Avtalets sista dag. Tomt = tills vidare.", kind="date"),
        Column("Försäkring noterad", "insurance_noted", False, "ja eller nej (tomt = nej).", ("ja", "nej")),
        Column("Handledare", "supervisor", False, "Handledaren på arbetsplatsen."),
        Column("Handledarens telefon", "supervisor_phone", False, "Text."),
        Column("Platser", "places", False, "Antal platser (heltal). Tomt = 1.", kind="number"),
    ),
    "En rad per arbetsplats/praktikplats. En känd arbetsplats uppdateras med filens värden.",
)

BOOKINGS = SheetSpec(
    "Bokningar", "Personnummer + Grupp eller Arbetsplats + Från",
    (
        Column("Personnummer", "personnummer", True, "Måste finnas i bladet Deltagare eller i registret.",
               kind="personnummer"),
        Column("Grupp", "group", False, "Gruppens namn (bladet Grupper eller registret). Fyll i Grupp eller "
                                        "Arbetsplats, inte båda."),
        Column("Arbetsplats", "workplace", False, "Arbetsplatsens namn (bladet Arbetsplatser eller registret): en "
                                                  "placering, kategori 4."),
        Column("Från", "start_date", True, "Första dagen (ÅÅÅÅ-MM-DD).", kind="date"),
        Column("Till", "end_date", False, "Sista dagen. Tomt = tills vidare.", kind="date"),
        Column("Timmar per vecka", "hours", False, "Placering: timmar per vecka (kvartar, högst 40). "
                                                   "Grupp: tomt (gruppens tider gäller).", kind="number"),
        Column("Väntelista", "waiting_list", False, "Grupp: ja (standard) = ställ i kö när gruppen är full; "
                                                    "nej = raden avvisas när gruppen är full.", ("ja", "nej")),
    ),
    "En rad per bokning i en grupp eller placering på en arbetsplats.",
)

GROUP_COLUMNS = {"name": "Namn", "category": "Kategori", "weekdays": "Veckodagar", "start_time": "Starttid",
                 "end_time": "Sluttid", "places": "Platser", "municipality_code": "Kommunkod", "room": "Lokal",
                 "address": "Adress", "staff_id": "Ansvarig", "valid_from": "Från", "valid_to": "Till"}
WORKPLACE_COLUMNS = {"name": "Namn", "sector": "Sektor", "municipality_code": "Kommunkod", "address": "Adress",
                     "contact_person": "Kontaktperson", "contact_phone": "Telefon", "agreement_from": "Avtal från",
                     "agreement_to": "Avtal till", "insurance_noted": "Försäkring noterad",
                     "supervisor": "Handledare", "supervisor_phone": "Handledarens telefon", "places": "Platser"}
BOOKING_COLUMNS = {"start_date": "Från", "end_date": "Till", "hours_per_week": "Timmar per vecka",
                   "note": "Grupp"}


def _key(text: object) -> str:
    return codes.normalize_code_text(text)


def _errors_to(ctx: ImportContext, sheet: str, row: int, exc: UserError, columns: dict[str, str], default: str):
    if isinstance(exc, ValidationError):
        for e in exc.errors:
            ctx.error(sheet, row, columns.get(e.field, default), e.message)
    else:
        ctx.error(sheet, row, default, exc.message)


class GroupsSheet(SheetHandler):
    name = GROUPS.name
    columns = GROUPS.columns

    def __init__(self) -> None:
        super().__init__()
        self.rows_by_name: dict[str, tuple[int, cap.GroupInput, date | None]] = {}
        self.existing: dict[str, int] = {}
        self.todo: list[tuple[int, str]] = []

    def read_row(self, ctx: ImportContext, row: Row) -> None:
        v = row.values
        sessions_to = self.take(ctx, row, "sessions_to", lambda x: rules.a_date(x, required=False))
        data = cap.GroupInput(v.get("name"), v.get("category"), v.get("weekdays"), v.get("start_time"),
                              v.get("end_time"), v.get("places"), municipality=v.get("municipality"),
                              room=v.get("room"), address=v.get("address"), staff=v.get("staff"),
                              valid_from=v.get("valid_from"), valid_to=v.get("valid_to"))
        key = _key(v.get("name"))
        if key and key in self.rows_by_name:
            ctx.error(self.name, row.number, "Namn", f"Samma grupp står redan på rad {self.rows_by_name[key][0]}.")
            return
        if key:
            self.rows_by_name[key] = (row.number, data, sessions_to)
        else:
            ctx.error(self.name, row.number, "Namn", "Måste fyllas i.")

    def check(self, ctx: ImportContext) -> None:
        stored = {_key(name): (gid, code) for gid, name, code in ctx.s.execute(
            sa.select(ActivityGroup.id, ActivityGroup.name, ActivityGroup.municipality_code))}
        for key, (row, data, _to) in sorted(self.rows_by_name.items(), key=lambda kv: kv[1][0]):
            old = stored.get(key)
            if old is not None and not ctx.actor.sees(old[1]):
                ctx.error(self.name, row, "Namn", f"Gruppen finns redan i kommun {old[1]}, som du inte har "
                                                  "behörighet till.")
                continue
            try:
                values = cap.clean_group(ctx.s, data, old[0] if old else None)
            except ValidationError as exc:
                _errors_to(ctx, self.name, row, exc, GROUP_COLUMNS, "Namn")
                continue
            if not ctx.actor.sees(values["municipality_code"]):
                ctx.error(self.name, row, "Kommunkod", f"Du har inte behörighet till kommun "
                                                       f"{values['municipality_code']}.")
                continue
            if old is None:
                self.change(ctx, row, "ny", f"Grupp {values['name']}")
            else:
                self.existing[key] = old[0]
                g = ctx.s.get(ActivityGroup, old[0])
                diff = [GROUP_COLUMNS[k] for k in GROUP_COLUMNS if k in values and getattr(g, k) != values[k]]
                if diff:
                    self.change(ctx, row, "ändrad", f"Grupp {values['name']}: " + ", ".join(diff))
                else:
                    self.counts.unchanged += 1
            self.todo.append((row, key))

    def load(self, ctx: ImportContext, wb) -> None:
        super().load(ctx, wb)
        _file_names(ctx)["groups"] = set(self.rows_by_name)

    def write(self, ctx: ImportContext) -> None:
        for row, key in self.todo:
            _row, data, sessions_to = self.rows_by_name[key]
            try:
                if key in self.existing:
                    g = cap.update_group(ctx.s, self.existing[key], data)
                else:
                    g = cap.create_group(ctx.s, data)
                if sessions_to is not None:
                    cap.generate_sessions(ctx.s, g.id, g.valid_from if g.valid_from > date.today() else date.today(),
                                          sessions_to)
            except UserError as exc:
                _errors_to(ctx, self.name, row, exc, GROUP_COLUMNS | {"end": "Skapa tillfällen till",
                                                                      "start": "Från"}, "Namn")
        if ctx.report.errors:
            raise ImportFailed(ctx.report)


class WorkplacesSheet(SheetHandler):
    name = WORKPLACES.name
    columns = WORKPLACES.columns

    def __init__(self) -> None:
        super().__init__()
        self.rows_by_key: dict[tuple[str, str], tuple[int, cap.WorkplaceInput]] = {}
        self.names: set[str] = set()
        self.existing: dict[tuple[str, str], int] = {}
        self.todo: list[tuple[int, tuple[str, str]]] = []

    def read_row(self, ctx: ImportContext, row: Row) -> None:
        v = row.values
        data = cap.WorkplaceInput(v.get("name"), v.get("sector"), municipality=v.get("municipality"),
                                  address=v.get("address"), contact_person=v.get("contact_person"),
                                  contact_phone=v.get("contact_phone"), agreement_from=v.get("agreement_from"),
                                  agreement_to=v.get("agreement_to"), insurance_noted=v.get("insurance_noted"),
                                  supervisor=v.get("supervisor"), supervisor_phone=v.get("supervisor_phone"),
                                  places=v.get("places") if v.get("places") not in (None, "") else 1)
        muni = self.take(ctx, row, "municipality", ctx.municipality_code) or ""
        key = (_key(v.get("name")), muni)
        if not key[0]:
            ctx.error(self.name, row.number, "Namn", "Måste fyllas i.")
            return
        if key in self.rows_by_key:
            ctx.error(self.name, row.number, "Namn", f"Samma arbetsplats står redan på rad {self.rows_by_key[key][0]}.")
            return
        self.rows_by_key[key] = (row.number, data)
        self.names.add(key[0])
        _file_names(ctx)["workplaces"] = self.names

    def check(self, ctx: ImportContext) -> None:
        from ame_desktop.services.settings import default_municipality

        default = default_municipality(ctx.s) or ""
        stored = {(_key(name), code): wid for wid, name, code in ctx.s.execute(
            sa.select(Workplace.id, Workplace.name, Workplace.municipality_code))}
        for key, (row, data) in sorted(self.rows_by_key.items(), key=lambda kv: kv[1][0]):
            wid = stored.get((key[0], key[1] or default))
            try:
                values = cap.clean_workplace(ctx.s, data, wid)
            except ValidationError as exc:
                _errors_to(ctx, self.name, row, exc, WORKPLACE_COLUMNS, "Namn")
                continue
            if not ctx.actor.sees(values["municipality_code"]):
                ctx.error(self.name, row, "Kommunkod", f"Du har inte behörighet till kommun "
                                                       f"{values['municipality_code']}.")
                continue
            if wid is None:
                self.change(ctx, row, "ny", f"Arbetsplats {values['name']}")
            else:
                self.existing[key] = wid
                w = ctx.s.get(Workplace, wid)
                diff = [WORKPLACE_COLUMNS[k] for k in WORKPLACE_COLUMNS if getattr(w, k) != values[k]]
                if diff:
                    self.change(ctx, row, "ändrad", f"Arbetsplats {values['name']}: " + ", ".join(diff))
                else:
                    self.counts.unchanged += 1
            self.todo.append((row, key))

    def write(self, ctx: ImportContext) -> None:
        for row, key in self.todo:
            _row, data = self.rows_by_key[key]
            try:
                if key in self.existing:
                    cap.update_workplace(ctx.s, self.existing[key], data)
                else:
                    cap.create_workplace(ctx.s, data)
            except UserError as exc:
                _errors_to(ctx, self.name, row, exc, WORKPLACE_COLUMNS, "Namn")
        if ctx.report.errors:
            raise ImportFailed(ctx.report)


def _yes_no(value: object) -> bool:
    if value is None or str(value).strip() == "":
        return True
    return cap._bool(value)


class BookingsSheet(SheetHandler):
    name = BOOKINGS.name
    columns = BOOKINGS.columns

    def __init__(self) -> None:
        super().__init__()
        self.clean: dict[tuple, tuple[int, dict]] = {}
        self.todo: list[tuple] = []

    def read_row(self, ctx: ImportContext, row: Row) -> None:
        n = len(ctx.report.errors)
        digits = self.person(ctx, row)
        group = self.take(ctx, row, "group", lambda v: rules.text(v, max_len=120))
        workplace = self.take(ctx, row, "workplace", lambda v: rules.text(v, max_len=120))
        start = self.take(ctx, row, "start_date", rules.a_date)
        end = self.take(ctx, row, "end_date", lambda v: rules.a_date(v, required=False))
        hours = None
        if row.values.get("hours") not in (None, ""):
            hours = self.take(ctx, row, "hours", lambda v: rules.quarter_hours(v, low=0.25, high=40))
        waiting = self.take(ctx, row, "waiting_list", _yes_no)
        if len(ctx.report.errors) != n or digits is None:
            return
        if (group is None) == (workplace is None):
            ctx.error(self.name, row.number, "Grupp", "Fyll i antingen Grupp eller Arbetsplats (inte båda).")
            return
        if workplace is not None and hours is None:
            ctx.error(self.name, row.number, "Timmar per vecka", "En placering behöver timmar per vecka.")
            return
        if group is not None and hours is not None:
            ctx.error(self.name, row.number, "Timmar per vecka",
                      "Lämna tomt för en grupp: gruppens veckodagar och tider gäller.")
            return
        if end is not None and end < start:
            ctx.error(self.name, row.number, "Till", "Till-datum ligger före Från.")
            return
        key = (digits, "g" if group else "w", _key(group or workplace), start)
        if key in self.clean:
            ctx.error(self.name, row.number, "Från", f"Samma bokning står redan på rad {self.clean[key][0]}.")
            return
        self.clean[key] = (row.number, {"name": group or workplace, "end": end, "hours": hours,
                                        "waiting_list": waiting if waiting is not None else True})

    def check(self, ctx: ImportContext) -> None:
        in_file = _file_names(ctx)
        file_groups, file_workplaces = in_file.get("groups", set()), in_file.get("workplaces", set())
        visible_groups = {_key(g.name) for g in _visible_groups(ctx)}
        visible_workplaces = {_key(w.name) for w in _visible_workplaces(ctx)}
        for key, (row, values) in sorted(self.clean.items(), key=lambda kv: kv[1][0]):
            digits, kind, name, start = key
            if not self.require_known_person(ctx, Row(row, {}), digits):
                continue
            if kind == "g" and name not in visible_groups and name not in file_groups:
                ctx.error(self.name, row, "Grupp", f"Gruppen ”{values['name']}” finns varken i bladet Grupper "
                                                   "eller i registret.")
                continue
            if kind == "w" and name not in visible_workplaces and name not in file_workplaces:
                ctx.error(self.name, row, "Arbetsplats", f"Arbetsplatsen ”{values['name']}” finns varken i bladet "
                                                         "Arbetsplatser eller i registret.")
                continue
            what = f"{pnr.format_digits(digits)} {'i' if kind == 'g' else 'på'} {values['name']} från {start.isoformat()}"
            stored = _stored_booking(ctx, key)
            if stored is None:
                self.change(ctx, row, "ny", what, digits)
            elif stored[1] != values["end"]:
                self.change(ctx, row, "ändrad", what + ": Till", digits)
            else:
                self.counts.unchanged += 1
                continue
            self.todo.append(key)

    def write(self, ctx: ImportContext) -> None:
        ctx.refresh_person_ids(k[0] for k in self.todo)
        for key in self.todo:
            row, values = self.clean[key]
            digits, kind, _name, start = key
            column = "Grupp" if kind == "g" else "Arbetsplats"
            try:
                pid = ctx.person_id(digits)
                stored = _stored_booking(ctx, key)
                if kind == "g":
                    g = cap.find_group(ctx.s, values["name"])
                    if stored is not None:
                        if values["end"] is None:
                            ctx.error(self.name, row, "Till", "En sparad bokning kan inte göras tillsvidare genom "
                                                              "importen; ange ett Till-datum.")
                            continue
                        cap.end_booking(ctx.s, stored[0], values["end"])
                    else:
                        cap.book(ctx.s, pid, g.id, start, values["end"], waiting_list=values["waiting_list"])
                else:
                    w = cap.find_workplace(ctx.s, values["name"])
                    if w is None:
                        ctx.error(self.name, row, column, f"Arbetsplatsen ”{values['name']}” finns i flera kommuner: "
                                                          "byt namn på den ena.")
                        continue
                    if stored is not None:
                        if values["end"] is None:
                            ctx.error(self.name, row, "Till", "En sparad placering kan inte göras tillsvidare genom "
                                                              "importen; ange ett Till-datum.")
                            continue
                        cap.end_placement(ctx.s, stored[0], values["end"])
                    else:
                        cap.add_placement(ctx.s, pid, w.id, start, values["end"], values["hours"])
            except UserError as exc:
                _errors_to(ctx, self.name, row, exc, BOOKING_COLUMNS | {"note": column}, column)
        if ctx.report.errors:
            raise ImportFailed(ctx.report)


def _file_names(ctx: ImportContext) -> dict[str, set[str]]:
    """The group and workplace names in sheets Grupper and Arbetsplatser of this import (the
    Bokningar sheet may name them before they are written)."""
    if not hasattr(ctx, "capacity_names"):
        ctx.capacity_names = {}
    return ctx.capacity_names


def _visible_groups(ctx: ImportContext):
    allowed = None if ctx.actor.municipalities is None else sorted(ctx.actor.municipalities)
    q = sa.select(ActivityGroup.name)
    if allowed is not None:
        q = q.where(ActivityGroup.municipality_code.in_(allowed))
    return [type("G", (), {"name": n}) for (n,) in ctx.s.execute(q)]


def _visible_workplaces(ctx: ImportContext):
    allowed = None if ctx.actor.municipalities is None else sorted(ctx.actor.municipalities)
    q = sa.select(Workplace.name)
    if allowed is not None:
        q = q.where(Workplace.municipality_code.in_(allowed))
    return [type("W", (), {"name": n}) for (n,) in ctx.s.execute(q)]


def _stored_booking(ctx: ImportContext, key: tuple) -> tuple[int, date | None] | None:
    digits, kind, name, start = key
    if digits not in ctx.db_persons or "id" not in ctx.db_persons[digits]:
        return None
    pid = ctx.db_persons[digits]["id"]
    if kind == "g":
        q = (sa.select(GroupBooking.id, GroupBooking.end_date, ActivityGroup.name)
             .join(ActivityGroup, ActivityGroup.id == GroupBooking.group_id)
             .where(GroupBooking.participant_id == pid, GroupBooking.start_date == start))
    else:
        q = (sa.select(Placement.id, Placement.end_date, Workplace.name)
             .join(Workplace, Workplace.id == Placement.workplace_id)
             .where(Placement.participant_id == pid, Placement.start_date == start))
    for rid, end, stored_name in ctx.s.execute(q):
        if _key(stored_name) == name:
            return rid, end
    return None


# Registered in services.importing.SHEET_MODULES: the handlers in this order (groups and
# workplaces before the bookings that name them), and their specs for the template.
HANDLERS = [GroupsSheet, WorkplacesSheet, BookingsSheet]
SPECS = [GROUPS, WORKPLACES, BOOKINGS]
HANDLER = GroupsSheet
SPEC = GROUPS
