"""Import sheet `AF-kontakter`: the contact log with Arbetsförmedlingen (docs/import-af-kontakter.md).

Natural key: Datum + Tid + Personnummer + Kontaktkategori (a blank Personnummer is a strategic
contact, a blank Tid is 00:00). A row whose key is already stored updates that contact with the
file's values; so importing the same file again changes nothing. The rules are the service's
(`af_contacts.clean_contact`): no contact in the future, no follow-up before the contact, known
channel, category and person.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from ame_desktop.domain import af_codes, rules
from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain.af_codes import CATEGORY_LABELS, CHANNEL_LABELS
from ame_desktop.domain.errors import ValidationError
from ame_desktop.domain.models import AfContact, StaffMember
from ame_desktop.domain.workbook_spec import Column, SheetSpec
from ame_desktop.io.workbook_reader import Sheet
from ame_desktop.services.af_contacts import ContactInput, clean_contact
from ame_desktop.services.import_base import ImportContext, Row, SheetHandler, _chunks, _plain, staff_ref

SPEC = SheetSpec(
    "AF-kontakter", "Datum + Tid + Personnummer + Kontaktkategori",
    (
        Column("Datum", "contact_date", True, "Dagen kontakten ägde rum (ÅÅÅÅ-MM-DD), inte i framtiden.",
               kind="date"),
        Column("Tid", "contact_time", False, "Klockslag TT:MM, t.ex. 09:30. Tomt = 00:00 (tid okänd)."),
        Column("Personnummer", "personnummer", False,
               "Deltagaren kontakten gällde; måste finnas i bladet Deltagare eller i registret. Tomt = strategisk "
               "kontakt utan deltagare (t.ex. samverkansmöte).", kind="personnummer"),
        Column("Handledare", "staff", False, "Medarbetaren som hade kontakten. En ny handledare läggs till i listan."),
        Column("AF-kontaktperson", "af_person", False, "Handläggaren på Arbetsförmedlingen (text)."),
        Column("AF-kontor", "af_office", False, "Arbetsförmedlingens kontor eller enhet (text)."),
        Column("Kanal", "channel", True, "Telefon, E-post, Fysiskt möte, Digitalt möte, Brev eller Webbformulär.",
               tuple(CHANNEL_LABELS.values())),
        Column("Kontaktkategori", "category", True,
               "Vad kontakten gällde: " + ", ".join(CATEGORY_LABELS.values()) + ". (Rubriken Kategori går också.)",
               tuple(CATEGORY_LABELS.values())),
        Column("Samtycke", "consent_documented", False,
               "ja eller nej: är samtycke till informationsdelning dokumenterat? Tomt = nej, utom när Samtycke "
               "datum är ifyllt. En kontakt om en deltagare utan samtycke sparas men flaggas.", ("ja", "nej")),
        Column("Samtycke datum", "consent_on", False, "Dagen samtycket dokumenterades (ÅÅÅÅ-MM-DD).", kind="date"),
        Column("Fråga", "question", False, "Vad kontakten gällde, med egna ord (högst 4000 tecken)."),
        Column("Utfall", "outcome", False, "Vad som blev resultatet (högst 4000 tecken)."),
        Column("Uppföljning", "follow_up_on", False,
               "Dag då kontakten ska följas upp (ÅÅÅÅ-MM-DD), samma dag som kontakten eller senare.",
               kind="date"),
        Column("Uppföljning klar", "follow_up_done_on", False,
               "Dag då uppföljningen blev klar; kräver Uppföljning, inte före kontakten och inte i framtiden.",
               kind="date"),
    ),
    "En rad per kontakt. Samma Datum, Tid, Personnummer och Kontaktkategori får bara stå en gång.",
)

HEADER_ALIASES = {"category": ("Kategori",)}  # what users' own logs usually call the column

# Service field → the sheet's column, for the service's field errors.
FIELD_COLUMNS = {"contact_date": "Datum", "contact_time": "Tid", "channel": "Kanal", "category": "Kontaktkategori",
                 "af_person": "AF-kontaktperson", "af_office": "AF-kontor", "consent_documented": "Samtycke",
                 "consent_on": "Samtycke datum", "question": "Fråga", "outcome": "Utfall",
                 "follow_up_on": "Uppföljning", "follow_up_done_on": "Uppföljning klar",
                 "participant_id": "Personnummer", "staff_id": "Handledare"}
COMPARED = {"staff_id": "Handledare", "af_person": "AF-kontaktperson", "af_office": "AF-kontor", "channel": "Kanal",
            "consent_documented": "Samtycke", "consent_on": "Samtycke datum", "question": "Fråga",
            "outcome": "Utfall", "follow_up_on": "Uppföljning", "follow_up_done_on": "Uppföljning klar"}

Key = tuple  # (contact_at, 12-digit personnummer or None, category)


class AfContactsSheet(SheetHandler):
    name = SPEC.name
    columns = SPEC.columns

    def __init__(self) -> None:
        super().__init__()
        self.clean: dict[Key, tuple[int, dict, str | None]] = {}  # key → (row, values, staff name)
        self.new: list[Key] = []
        self.updated: list[tuple[Key, int]] = []
        self.now = datetime.now().replace(second=0, microsecond=0)

    def _map_columns(self, ctx: ImportContext, sheet: Sheet) -> dict[str, int] | None:
        """As the base class, but a column may also go by one of HEADER_ALIASES."""
        colmap: dict[str, int] = {}
        known: set[int] = set()
        for c in self.columns:
            col = sheet.column_of(c.header)
            for alias in HEADER_ALIASES.get(c.key, ()):
                col = col if col is not None else sheet.column_of(alias)
            if col is not None:
                colmap[c.key] = col
                known.add(col)
            elif c.required:
                ctx.error(self.name, 1, c.header, "Kolumnen saknas i rubrikraden.")
        for col, header in sheet.headers.items():
            if col not in known:
                ctx.report.warnings.append(f"{self.name}: kolumnen ”{header}” känns inte igen och hoppas över.")
        if any(c.required and c.key not in colmap for c in self.columns):
            return None
        return colmap

    def read_row(self, ctx: ImportContext, row: Row) -> None:
        n = len(ctx.report.errors)
        digits = self.person(ctx, row) if row.values.get("personnummer") is not None else None
        staff = self.take(ctx, row, "staff", lambda v: rules.text(v, max_len=120))
        consent = self.take(ctx, row, "consent_documented", _consent)
        data = ContactInput(
            contact_date=row.values.get("contact_date"), contact_time=row.values.get("contact_time"),
            channel=row.values.get("channel"), category=row.values.get("category"),
            af_person=row.values.get("af_person"), af_office=row.values.get("af_office"),
            consent_documented=consent, consent_on=row.values.get("consent_on"),
            question=row.values.get("question"), outcome=row.values.get("outcome"),
            follow_up_on=row.values.get("follow_up_on"), follow_up_done_on=row.values.get("follow_up_done_on"))
        try:
            # Person and staff are resolved in check(): they may be new in this same workbook.
            values = clean_contact(ctx.s, data, now=self.now)
        except ValidationError as exc:
            for e in exc.errors:
                ctx.error(self.name, row.number, FIELD_COLUMNS.get(e.field, e.field), e.message)
            return
        if len(ctx.report.errors) != n:
            return
        key = (values["contact_at"], digits, values["category"])
        if key in self.clean:
            ctx.error(self.name, row.number, "Kontaktkategori",
                      f"Samma datum, tid, person och kategori står redan på rad {self.clean[key][0]}.")
            return
        for k in ("contact_at", "participant_id", "category"):
            values.pop(k)
        self.clean[key] = (row.number, values, " ".join(staff.split()) if staff else None)

    def check(self, ctx: ImportContext) -> None:
        unknown: set[str] = set()
        for (_at, digits, _cat), (row, _values, _staff) in self.clean.items():
            if digits is not None and digits not in unknown and not ctx.person_known(digits):
                self.require_known_person(ctx, Row(row, {}), digits)
                unknown.add(digits)
        if ctx.report.errors:
            return
        for key, (row, values, staff) in self.clean.items():
            values["staff_id"] = staff_ref(ctx, staff)
        stored = self._stored(ctx)
        for key, (row, values, _staff) in self.clean.items():
            at, digits, category = key
            who = (f"{at:%Y-%m-%d %H:%M} {pnr.format_digits(digits) if digits else 'strategisk'} "
                   f"{CATEGORY_LABELS[category]}")
            old = stored.get(key)
            if old is None:
                self.new.append(key)
                self.change(ctx, row, "ny", who, digits,
                            {"Datum": [None, at], "Kontaktkategori": [None, category]}
                            | {label: [None, _plain(values[k])] for k, label in COMPARED.items()})
                continue
            diff = [k for k in COMPARED if old[k] != values[k]]
            if diff:
                self.updated.append((key, old["id"]))
                self.change(ctx, row, "ändrad", who + ": " + ", ".join(COMPARED[k] for k in diff), digits,
                            {COMPARED[k]: [old[k], _plain(values[k])] for k in diff})
            else:
                self.counts.unchanged += 1

    def _stored(self, ctx: ImportContext) -> dict[Key, dict]:
        """Stored contacts with a key from the file (the first one, if a key is stored twice)."""
        if not self.clean:
            return {}
        first = min(k[0] for k in self.clean)
        last = max(k[0] for k in self.clean)
        by_id = ctx.stored_ids({k[1] for k in self.clean if k[1] is not None})
        cols = [AfContact.id, AfContact.contact_at, AfContact.participant_id, AfContact.category,
                *(getattr(AfContact, k) for k in COMPARED)]
        q = (sa.select(*cols).where(AfContact.contact_at >= first, AfContact.contact_at < last + timedelta(minutes=1))
             .order_by(AfContact.id))
        out: dict[Key, dict] = {}
        for r in ctx.s.execute(q).mappings():
            pid = r["participant_id"]
            if pid is not None and pid not in by_id:
                continue
            key = (r["contact_at"], by_id.get(pid) if pid is not None else None, r["category"])
            out.setdefault(key, dict(r))
        return out

    def write(self, ctx: ImportContext) -> None:
        missing = sorted({ref[1] for _row, values, _s in self.clean.values()
                          if isinstance(ref := values["staff_id"], tuple) and ref[1] not in ctx.staff})
        if missing:
            # The Deltagare sheet adds new staff when it is in the workbook; otherwise we do.
            names = [n for n in ctx.report.new_staff if n.casefold() in missing]
            ctx.s.execute(sa.insert(StaffMember), [{"name": n, "active": True} for n in names])
            for sid, name in ctx.s.execute(sa.select(StaffMember.id, StaffMember.name)):
                ctx.staff[name.casefold()] = (sid, name)

        def resolved(values: dict) -> dict:
            out = dict(values)
            if isinstance(out["staff_id"], tuple):
                out["staff_id"] = ctx.staff[out["staff_id"][1]][0]
            return out

        if self.new:
            ctx.refresh_person_ids(k[1] for k in self.new if k[1] is not None)
            now = datetime.now().replace(microsecond=0)
            rows = [{"contact_at": k[0], "category": k[2],
                     "participant_id": ctx.person_id(k[1]) if k[1] is not None else None,
                     "created_at": now, **resolved(self.clean[k][1])} for k in self.new]
            for part in _chunks(rows):
                ctx.s.execute(sa.insert(AfContact), part)
        if self.updated:
            t = AfContact.__table__
            stmt = sa.update(t).where(t.c.id == sa.bindparam("b_id")).values({c: sa.bindparam(c) for c in COMPARED})
            ctx.s.connection().execute(stmt, [{"b_id": cid, **resolved(self.clean[k][1])} for k, cid in self.updated])
        self._seed_consents(ctx)

    def _seed_consents(self, ctx: ImportContext) -> None:
        """Issue 24: a row saying consent was documented fills an empty AF consent register for
        that person (the earliest such day), as migration 0013 did for the older log."""
        from ame_desktop.services import consent

        earliest: dict[str, date] = {}
        for (at, digits, _cat), (_row, values, _s) in self.clean.items():
            if digits is not None and values["consent_documented"]:
                day = values["consent_on"] or at.date()
                earliest[digits] = min(day, earliest.get(digits, day))
        if earliest:
            ctx.refresh_person_ids(earliest)
            for digits, day in sorted(earliest.items()):
                consent.seed_af_from_contact(ctx.s, ctx.person_id(digits), day)


def _consent(value: object) -> bool | None:
    """ja/nej; blank = not said (a consent date alone then means ja)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return af_codes.yes_no(value)


HANDLER = AfContactsSheet
