"""Kontakter med Arbetsförmedlingen: the contact log, its follow-ups and the period summary.

Definitions (our convention, also in docs/import-af-kontakter.md):

- A contact has a date and a time (blank time = 00:00). It may not lie after the moment it is
  saved. A contact without a participant is a *strategic* contact (e.g. a samverkansmöte).
- A follow-up is *open* when it has a date (`follow_up_on`) and no done date.
  *Due* (att göra) = open and follow_up_on ≤ today, so due includes late.
  *Late* (försenad) = open and follow_up_on < today.
- The follow-up date may not lie before the contact's date; the done date may not lie before
  the contact's date nor after today, and needs a follow-up date.
- *Days to follow-up done* = calendar days from the contact's date to the done date. The
  summary gives the median over the period's contacts that have a done date.
- *Consent missing*: a contact about a participant without a consent to share information with
  AF on the contact's date. The consent register (services/consent.py, issue 24) decides for
  every person it has an AF entry for (given and not withdrawn by that day); for a person it has
  none for, the contact's own field does (not documented, or documented only after the contact's
  date). Such a contact is saved but flagged in the log and the exports; the window warns before
  saving it. Strategic contacts are never flagged. A contact saying consent was documented, about
  a person the register has no AF entry for, puts that consent into the register (as migration
  0013 did for the older log); it never undoes a withdrawal.
- A period is inclusive: from its first day 00:00 through its last day 23:59. The summary
  counts the contacts dated in the period; their open and late follow-ups are as of `today`.

Who may do what (services/authz.py): changes need a role that may write; a contact about a
participant outside the actor's municipalities does not exist for them. Strategic contacts
(no participant) are seen by everyone. Every change goes to the audit log.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import af_codes, rules
from ame_desktop.domain import consent as consent_codes
from ame_desktop.domain.af_contact_log import (  # noqa: F401  (the log's types and labels live in domain)
    FOLLOW_DONE, FOLLOW_DUE_TODAY, FOLLOW_LABELS, FOLLOW_LATE, FOLLOW_NONE, FOLLOW_PLANNED, ContactReport, ContactRow,
    Summary, contacts_per_month_total,
)
from ame_desktop.domain.errors import FieldError, NotFoundError, UserError, ValidationError
from ame_desktop.domain.models import AfContact, Participant, StaffMember
from ame_desktop.services import audit, authz

NO_PARTICIPANT = -1  # filter value: strategic contacts only

# Filter values for follow-ups.
OPEN, DUE, LATE = "open", "due", "late"

FIELD_LABELS = {
    "contact_date": "Datum", "contact_time": "Tid", "staff_id": "Handledare", "participant_id": "Deltagare",
    "af_person": "AF-kontaktperson", "af_office": "AF-kontor", "channel": "Kanal", "category": "Kategori",
    "consent_documented": "Samtycke", "consent_on": "Samtycke datum", "question": "Fråga", "outcome": "Utfall",
    "follow_up_on": "Uppföljning", "follow_up_done_on": "Uppföljning klar",
}


@dataclass
class ContactInput:
    """What a form or a workbook row says about a contact, before validation.

    `consent_documented` None means "not said": a consent date alone then means yes.
    """

    contact_date: object
    contact_time: object = None
    channel: object = None
    category: object = None
    staff_id: int | None = None
    participant_id: int | None = None
    af_person: object = None
    af_office: object = None
    consent_documented: bool | None = None
    consent_on: object = None
    question: object = None
    outcome: object = None
    follow_up_on: object = None
    follow_up_done_on: object = None


# -- value rules ---------------------------------------------------------------------------------
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2})(?::\d{2})?)?$")


def clock(value: object) -> time:
    """A time of day from a form or a cell: `14:30`, `14.30`, `1430`, `14`, a time cell or an Excel
    day fraction. Blank = 00:00 (time not known)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return time(0, 0)
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, bool):
        raise ValueError(f"”{value}” är ingen tid. Skriv TT:MM, t.ex. 09:30.")
    if isinstance(value, (int, float)):
        if 0 <= value < 1:  # Excel keeps a time as a fraction of a day
            minutes = round(value * 24 * 60)
            if minutes < 24 * 60:
                return time(minutes // 60, minutes % 60)
        elif float(value).is_integer() and 0 <= value <= 23:
            return time(int(value), 0)
        raise ValueError(f"”{value}” är ingen tid. Skriv TT:MM, t.ex. 09:30.")
    text = str(value).strip()
    m = _CLOCK.match(text)
    if m is None and re.fullmatch(r"\d{4}", text):
        m = _CLOCK.match(f"{text[:2]}:{text[2:]}")
    if m is None:
        raise ValueError(f"”{text}” är ingen tid. Skriv TT:MM, t.ex. 09:30.")
    hour, minute = int(m[1]), int(m[2] or 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"”{text}” är en omöjlig tid.")
    return time(hour, minute)


def follow_up_status(follow_up_on: date | None, done_on: date | None, today: date) -> str:
    if follow_up_on is None and done_on is None:
        return FOLLOW_NONE
    if done_on is not None:
        return FOLLOW_DONE
    assert follow_up_on is not None
    if follow_up_on < today:
        return FOLLOW_LATE
    if follow_up_on == today:
        return FOLLOW_DUE_TODAY
    return FOLLOW_PLANNED


def consent_missing(participant_id: int | None, documented: bool, consent_on: date | None, contact_day: date) -> bool:
    """The flag: a contact about a person without consent documented by the contact's day."""
    if participant_id is None:
        return False
    return not documented or (consent_on is not None and consent_on > contact_day)


def _now() -> datetime:
    return datetime.now().replace(second=0, microsecond=0)


def _clean(s: Session, data: ContactInput, now: datetime) -> dict:
    """Validate every field; raise one ValidationError listing all problems (field = column key)."""
    errors: list[FieldError] = []
    out: dict = {}
    today = now.date()

    def take(key: str, fn, value):
        try:
            out[key] = fn(value)
        except ValueError as exc:
            errors.append(FieldError(key, str(exc)))
            out[key] = None

    take("contact_date", rules.a_date, data.contact_date)
    raw_time = data.contact_time
    if (raw_time is None or (isinstance(raw_time, str) and not raw_time.strip())) and isinstance(
            data.contact_date, datetime):
        raw_time = data.contact_date  # a date cell that carries the time
    take("contact_time", clock, raw_time)
    take("channel", af_codes.channel, data.channel)
    take("category", af_codes.category, data.category)
    take("af_person", lambda v: rules.text(v, max_len=120), data.af_person)
    take("af_office", lambda v: rules.text(v, max_len=120), data.af_office)
    take("question", lambda v: rules.text(v, max_len=4000), data.question)
    take("outcome", lambda v: rules.text(v, max_len=4000), data.outcome)
    take("consent_on", lambda v: rules.a_date(v, required=False), data.consent_on)
    take("follow_up_on", lambda v: rules.a_date(v, required=False), data.follow_up_on)
    take("follow_up_done_on", lambda v: rules.a_date(v, required=False), data.follow_up_done_on)

    if data.staff_id is not None and s.get(StaffMember, data.staff_id) is None:
        errors.append(FieldError("staff_id", "Handledaren finns inte."))
    if data.participant_id is not None and not _sees(s, data.participant_id):
        errors.append(FieldError("participant_id", "Deltagaren finns inte i registret."))

    documented = data.consent_documented
    if documented is None:
        documented = out.get("consent_on") is not None
    if out.get("consent_on") is not None:
        if not documented:
            errors.append(FieldError("consent_on",
                                     "Ett datum för samtycket anges bara när samtycket är dokumenterat."))
        elif out["consent_on"] > today:
            errors.append(FieldError("consent_on", f"{out['consent_on'].isoformat()} ligger i framtiden."))

    day = out.get("contact_date")
    at = (datetime.combine(day, out["contact_time"])
          if day is not None and out.get("contact_time") is not None else None)
    if day is not None and (day > today or (at is not None and at > now)):
        errors.append(FieldError("contact_date" if day > today else "contact_time",
                                 f"Kontakten {(at or datetime.combine(day, time())).strftime('%Y-%m-%d %H:%M')} "
                                 "ligger i framtiden. Logga kontakter när de har ägt rum."))
    follow, done = out.get("follow_up_on"), out.get("follow_up_done_on")
    if day is not None and follow is not None and follow < day:
        errors.append(FieldError("follow_up_on", f"Uppföljningen {follow.isoformat()} ligger före kontakten "
                                                 f"({day.isoformat()})."))
    if done is not None:
        if follow is None and "follow_up_on" not in {e.field for e in errors}:
            errors.append(FieldError("follow_up_done_on",
                                     "Ange uppföljningsdatum innan uppföljningen markeras klar."))
        if day is not None and done < day:
            errors.append(FieldError("follow_up_done_on", f"Uppföljningen kan inte vara klar {done.isoformat()}, "
                                                          f"före kontakten ({day.isoformat()})."))
        elif done > today:
            errors.append(FieldError("follow_up_done_on", f"{done.isoformat()} ligger i framtiden."))
    if errors:
        raise ValidationError(errors)
    return {
        "contact_at": at if at is not None else datetime.combine(day, time()),
        "staff_id": data.staff_id,
        "participant_id": data.participant_id,
        "af_person": out["af_person"],
        "af_office": out["af_office"],
        "channel": out["channel"],
        "category": out["category"],
        "consent_documented": bool(documented),
        "consent_on": out["consent_on"],
        "question": out["question"],
        "outcome": out["outcome"],
        "follow_up_on": follow,
        "follow_up_done_on": done,
    }


def clean_contact(s: Session, data: ContactInput, *, now: datetime | None = None) -> dict:
    """The stored columns for a contact (the import uses this too); ValidationError otherwise."""
    return _clean(s, data, now or _now())


# -- changes ---------------------------------------------------------------------------------------
AUDITED = ("contact_at", "staff_id", "participant_id", "af_person", "af_office", "channel", "category",
           "consent_documented", "consent_on", "question", "outcome", "follow_up_on", "follow_up_done_on")


def _sees(s: Session, participant_id: int) -> bool:
    """The participant exists and is in one of the actor's municipalities."""
    code = s.execute(sa.select(Participant.municipality_code).where(Participant.id == participant_id)).scalar()
    return code is not None and authz.actor(s).sees(code)


def _stored(c: AfContact) -> dict:
    return {k: getattr(c, k) for k in AUDITED}


def add_contact(s: Session, data: ContactInput, *, now: datetime | None = None) -> AfContact:
    authz.require_write(s)
    values = clean_contact(s, data, now=now)
    c = AfContact(**values)
    s.add(c)
    s.flush()
    audit.record(s, "create", "af_contact", c.id, c.participant_id, values)
    _seed_consent(s, c)
    return c


def _seed_consent(s: Session, c: AfContact) -> None:
    """A contact saying consent was documented fills an empty AF consent register (issue 24)."""
    if c.participant_id is not None and c.consent_documented:
        from ame_desktop.services import consent

        consent.seed_af_from_contact(s, c.participant_id, c.consent_on or c.contact_at.date())


def update_contact(s: Session, contact_id: int, data: ContactInput, *, now: datetime | None = None) -> AfContact:
    authz.require_write(s)
    c = get_contact(s, contact_id)
    old = _stored(c)
    for key, value in clean_contact(s, data, now=now).items():
        setattr(c, key, value)
    s.flush()
    audit.record(s, "update", "af_contact", contact_id, c.participant_id, audit.changes(old, _stored(c)))
    _seed_consent(s, c)
    return c


def delete_contact(s: Session, contact_id: int) -> None:
    authz.require_write(s)
    c = get_contact(s, contact_id)
    old = _stored(c)
    s.delete(c)
    s.flush()
    audit.record(s, "delete", "af_contact", contact_id, old["participant_id"], old)


def get_contact(s: Session, contact_id: int) -> AfContact:
    c = s.get(AfContact, contact_id)
    if c is None or (c.participant_id is not None and not _sees(s, c.participant_id)):
        raise NotFoundError(f"Kontakten med id {contact_id} finns inte.")
    return c


def input_from(c: AfContact) -> ContactInput:
    """The form values of a stored contact (to edit a copy)."""
    return ContactInput(
        contact_date=c.contact_at.date(), contact_time=c.contact_at.time(), channel=c.channel, category=c.category,
        staff_id=c.staff_id, participant_id=c.participant_id, af_person=c.af_person, af_office=c.af_office,
        consent_documented=c.consent_documented, consent_on=c.consent_on, question=c.question, outcome=c.outcome,
        follow_up_on=c.follow_up_on, follow_up_done_on=c.follow_up_done_on)


def mark_follow_up_done(s: Session, contact_id: int, done_on: object = None, *,
                        now: datetime | None = None) -> AfContact:
    """AF called back: the follow-up is done (today unless a day is given), by the same rules."""
    authz.require_write(s)
    now = now or _now()
    c = get_contact(s, contact_id)
    data = input_from(c)
    data.follow_up_done_on = done_on if done_on is not None else now.date()
    # The contact itself was valid when saved; only the done date is checked against "now".
    values = _clean(s, data, max(now, c.contact_at))
    old = c.follow_up_done_on
    c.follow_up_done_on = values["follow_up_done_on"]
    s.flush()
    audit.record(s, "update", "af_contact", contact_id, c.participant_id,
                 audit.changes({"follow_up_done_on": old}, {"follow_up_done_on": c.follow_up_done_on}))
    return c


# -- reading -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ContactFilter:
    start: date | None = None
    end: date | None = None  # inclusive
    category: str | None = None
    channel: str | None = None
    staff_id: int | None = None
    participant_id: int | None = None  # NO_PARTICIPANT = strategic contacts only
    follow_up: str | None = None  # OPEN, DUE or LATE
    text: str = ""  # words in the question, the outcome, the AF person or office


def _period_conditions(start: date | None, end: date | None) -> list:
    conds = []
    if start is not None:
        conds.append(AfContact.contact_at >= datetime.combine(start, time()))
    if end is not None:
        conds.append(AfContact.contact_at < datetime.combine(end + timedelta(days=1), time()))
    return conds


def _follow_up_conditions(kind: str | None, today: date) -> list:
    if kind is None:
        return []
    open_ = [AfContact.follow_up_on.is_not(None), AfContact.follow_up_done_on.is_(None)]
    if kind == OPEN:
        return open_
    if kind == DUE:
        return open_ + [AfContact.follow_up_on <= today]
    if kind == LATE:
        return open_ + [AfContact.follow_up_on < today]
    raise ValueError(kind)


def list_contacts(s: Session, f: ContactFilter | None = None, *, today: date | None = None,
                  ascending: bool = False, limit: int | None = None) -> list[ContactRow]:
    """The log with its filters, newest first (or oldest first for reports)."""
    f = f or ContactFilter()
    today = today or date.today()
    c = AfContact
    q = (sa.select(c.id, c.contact_at, c.staff_id, StaffMember.name, c.participant_id, Participant.personnummer,
                   Participant.first_name, Participant.last_name, c.af_person, c.af_office, c.channel, c.category,
                   c.consent_documented, c.consent_on, c.question, c.outcome, c.follow_up_on, c.follow_up_done_on)
         .outerjoin(StaffMember, StaffMember.id == c.staff_id)
         .outerjoin(Participant, Participant.id == c.participant_id))
    conds = _period_conditions(f.start, f.end) + _follow_up_conditions(f.follow_up, today)
    if f.category:
        conds.append(c.category == f.category)
    if f.channel:
        conds.append(c.channel == f.channel)
    if f.staff_id is not None:
        conds.append(c.staff_id == f.staff_id)
    if authz.actor(s).municipalities is not None:  # strategic contacts, and the actor's people
        conds.append(sa.or_(c.participant_id.is_(None), c.participant_id.in_(authz.visible_ids(s))))
    if f.participant_id == NO_PARTICIPANT:
        conds.append(c.participant_id.is_(None))
    elif f.participant_id is not None:
        conds.append(c.participant_id == f.participant_id)
    rows = []
    order = (c.contact_at, c.id) if ascending else (c.contact_at.desc(), c.id.desc())
    found = s.execute(q.where(*conds).order_by(*order)).all()
    from ame_desktop.services import consent as consent_register

    register = consent_register.af_entries(s, {r[4] for r in found})  # issue 24: the register decides
    for r in found:
        (cid, at, sid, staff, pid, number, first, last, af_person, af_office, channel, category, documented,
         consent_on, question, outcome, follow, done) = r
        if pid in register:
            best = consent_codes.in_force(register[pid], at.date())
            missing = best is None or best[2] != consent_codes.GIVEN
        else:
            missing = consent_missing(pid, bool(documented), consent_on, at.date())
        rows.append(ContactRow(
            cid, at, sid, staff or "", pid, number, f"{first} {last}" if pid is not None else "", af_person,
            af_office, channel, category, bool(documented), consent_on, question, outcome, follow, done,
            follow_up_status(follow, done, today), missing))
    if f.text.strip():
        # Free text in Python: SQLite's LIKE folds only ASCII (å, ä, ö), and the log is short.
        rows = [r for r in rows if _matches(r, f.text)]
    return rows[:limit] if limit is not None else rows


def _matches(r: ContactRow, text: str) -> bool:
    """Every word in a text field, or (number-like words) in the personnummer."""
    from ame_desktop.domain.personnummer import search_digits

    haystack = " ".join(x or "" for x in (r.question, r.outcome, r.af_person, r.af_office, r.name, r.staff,
                                          r.category_label, r.channel_label)).casefold()
    for word in text.split():
        digits = search_digits(word)
        if digits is not None:
            if digits not in (r.personnummer or ""):
                return False
        elif word.casefold() not in haystack:
            return False
    return True


def due_follow_ups(s: Session, today: date | None = None, staff_id: int | None = None) -> list[ContactRow]:
    """Follow-ups to do now: open with a date ≤ today (late ones first, the oldest first)."""
    today = today or date.today()
    rows = list_contacts(s, ContactFilter(follow_up=DUE, staff_id=staff_id), today=today)
    return sorted(rows, key=lambda r: (r.follow_up_on, r.contact_at))


def consent_on_file(s: Session, participant_id: int) -> tuple[bool, date | None]:
    """The consent documented at the person's latest contact that had one: a new contact's default
    (consent is usually documented once, not per call)."""
    authz.check_participant(s, participant_id)
    from ame_desktop.services import consent as consent_register

    entries = consent_register.af_entries(s, [participant_id]).get(participant_id)
    if entries:  # issue 24: the consent register decides (given and not withdrawn today)
        best = consent_codes.in_force(entries, date.today())
        return (True, best[0]) if best is not None and best[2] == consent_codes.GIVEN else (False, None)
    q = (sa.select(AfContact.consent_on).where(AfContact.participant_id == participant_id,
                                               AfContact.consent_documented == True)  # noqa: E712
         .order_by(AfContact.contact_at.desc()).limit(1))
    row = s.execute(q).first()
    return (True, row[0]) if row is not None else (False, None)


def known_offices(s: Session) -> list[str]:
    """AF offices already in the log, for the form's suggestions."""
    q = sa.select(AfContact.af_office).where(AfContact.af_office.is_not(None)).distinct()
    return sorted({o for (o,) in s.execute(q) if o}, key=str.casefold)


def known_af_people(s: Session) -> list[str]:
    q = sa.select(AfContact.af_person).where(AfContact.af_person.is_not(None)).distinct()
    return sorted({o for (o,) in s.execute(q) if o}, key=str.casefold)


# -- the period summary ------------------------------------------------------------------------------
def months_between(start: date, end: date) -> list[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def summarize(rows: list[ContactRow], start: date, end: date, today: date) -> Summary:
    """Counts for the contacts in `rows` (already limited to the period)."""
    months = months_between(start, end)
    sm = Summary(start, end, today, months)
    sm.by_category_month = {cat: {m: 0 for m in months} for cat in af_codes.AfCategory}
    sm.by_category = {cat: 0 for cat in af_codes.AfCategory}
    sm.by_channel = {ch: 0 for ch in af_codes.AfChannel}
    days: list[int] = []
    for r in rows:
        sm.total += 1
        if r.participant_id is None:
            sm.strategic += 1
        else:
            sm.with_participant += 1
        month = f"{r.contact_at.year}-{r.contact_at.month:02d}"
        sm.by_category_month.setdefault(r.category, {m: 0 for m in months})
        sm.by_category_month[r.category][month] = sm.by_category_month[r.category].get(month, 0) + 1
        sm.by_category[r.category] = sm.by_category.get(r.category, 0) + 1
        sm.by_channel[r.channel] = sm.by_channel.get(r.channel, 0) + 1
        status = follow_up_status(r.follow_up_on, r.follow_up_done_on, today)
        if status:
            sm.with_follow_up += 1
        if status in (FOLLOW_PLANNED, FOLLOW_DUE_TODAY, FOLLOW_LATE):
            sm.open_follow_ups += 1
        if status in (FOLLOW_DUE_TODAY, FOLLOW_LATE):
            sm.due_follow_ups += 1
        if status == FOLLOW_LATE:
            sm.late_follow_ups += 1
        if r.days_to_done is not None:
            sm.done_follow_ups += 1
            days.append(r.days_to_done)
        if r.consent_missing:
            sm.consent_missing += 1
    sm.median_days_to_done = float(statistics.median(days)) if days else None
    return sm


def check_period(start: date, end: date) -> None:
    if start > end:
        raise UserError(f"Periodens början {start.isoformat()} ligger efter dess slut {end.isoformat()}.")


def contact_report(s: Session, start: date, end: date, today: date | None = None,
                   f: ContactFilter | None = None, *, for_export: bool = False) -> ContactReport:
    """Contacts dated start–end (inclusive) with the period summary. Other filters of `f` apply too.
    `for_export`: the file leaves the unit (to AF or the nämnd), so a person with protected
    identity appears by pseudonym, without the free text (services/protected_identity.py)."""
    check_period(start, end)
    today = today or date.today()
    base = f or ContactFilter()
    flt = ContactFilter(start=start, end=end, category=base.category, channel=base.channel,
                        staff_id=base.staff_id, participant_id=base.participant_id, follow_up=base.follow_up,
                        text=base.text)
    rows = list_contacts(s, flt, today=today, ascending=True)
    if for_export:
        from dataclasses import replace

        from ame_desktop.services import protected_identity

        hidden = protected_identity.pseudonyms(s, [r.participant_id for r in rows])
        rows = [replace(r, personnummer=hidden[r.participant_id], name=hidden[r.participant_id], question=None,
                        outcome=None) if r.participant_id in hidden else r for r in rows]
    return ContactReport(start, end, today, rows, summarize(rows, start, end, today))


