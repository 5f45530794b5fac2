"""Journal: what happened with a participant, written down by the coach (SoL 14 kap. 3 §:
document significant facts). Issue 21.

- An entry has a date (the day it is about), a category, a text and its author (the account that
  wrote it, or the computer's user in single-user mode) and when it was written.
- Only its author may change an entry, and only for 24 hours after writing it; then it is locked.
  A later correction is a new entry that points at the one it corrects; both stay readable.
- Entries are part of the registerutdrag and go with the person at gallring; they are never part
  of the monthly report to the caseworker.
- Search matches the text case-insensitively (and the category's label).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes, rules
from ame_desktop.domain.errors import FieldError, NotFoundError, UserError, ValidationError
from ame_desktop.domain.models import JournalEntry
from ame_desktop.domain.text import nfc
from ame_desktop.services import audit, authz

EDIT_WINDOW = timedelta(hours=24)
MAX_TEXT = 20_000


@dataclass(frozen=True)
class EntryView:
    id: int
    participant_id: int
    entry_date: date
    category: str
    category_label: str
    text: str
    author: str
    written_at: datetime
    edited_at: datetime | None
    corrects_id: int | None
    corrected_by: tuple[int, ...]
    editable: bool  # by the one asking, now

    @property
    def locked(self) -> bool:
        return not self.editable


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _clean(entry_date: object, category: object, text: object, today: date) -> dict:
    errors: list[FieldError] = []
    out: dict = {}
    try:
        d = rules.a_date(entry_date)
        if d > today:
            raise ValueError("Datumet ligger i framtiden: en journalanteckning gäller det som har hänt.")
        out["entry_date"] = d
    except ValueError as exc:
        errors.append(FieldError("entry_date", str(exc)))
    code = nfc(str(category or "")).strip().upper()
    if code not in codes.JOURNAL_CATEGORY_LABELS:
        errors.append(FieldError("category", "Välj en kategori: " + ", ".join(codes.JOURNAL_CATEGORY_LABELS.values())
                                 + "."))
    else:
        out["category"] = code
    body = nfc(str(text or "")).strip()
    if not body:
        errors.append(FieldError("text", "Skriv vad som hände."))
    elif len(body) > MAX_TEXT:
        errors.append(FieldError("text", f"Texten är för lång ({len(body)} tecken, högst {MAX_TEXT})."))
    out["text"] = body
    if errors:
        raise ValidationError(errors)
    return out


def _editable(e: JournalEntry, actor_name: str, now: datetime) -> bool:
    return e.author == actor_name and now - e.written_at < EDIT_WINDOW


def add_entry(s: Session, participant_id: int, entry_date: object, category: object, text: object, *,
              corrects_id: int | None = None, now: datetime | None = None) -> JournalEntry:
    """A new entry (or, with `corrects_id`, a correction of an earlier, locked one)."""
    a = authz.require_write(s)
    authz.check_participant(s, participant_id, write=True)
    now = now or _now()
    values = _clean(entry_date, category, text, now.date())
    if corrects_id is not None:
        original = _get(s, corrects_id)
        if original.participant_id != participant_id:
            raise UserError("Rättelsen måste gälla en anteckning om samma deltagare.")
    e = JournalEntry(participant_id=participant_id, author=a.name, author_staff_id=a.staff_id, written_at=now,
                     corrects_id=corrects_id, **values)
    s.add(e)
    s.flush()
    audit.record(s, "create", "journal_entry", e.id, participant_id,
                 {"datum": values["entry_date"], "kategori": values["category"], "rättar": corrects_id,
                  "tecken": len(values["text"])})
    return e


def correct_entry(s: Session, entry_id: int, text: object, *, category: object = None, entry_date: object = None,
                  now: datetime | None = None) -> JournalEntry:
    """A correction of an entry: a new entry that points at it (the original stays as written)."""
    original = _get(s, entry_id)
    authz.check_participant(s, original.participant_id, write=True)
    return add_entry(s, original.participant_id, entry_date or original.entry_date, category or original.category,
                     text, corrects_id=entry_id, now=now)


def update_entry(s: Session, entry_id: int, entry_date: object, category: object, text: object, *,
                 now: datetime | None = None) -> JournalEntry:
    """Change an entry: only its author, within 24 hours of writing it."""
    a = authz.require_write(s)
    e = _get(s, entry_id)
    authz.check_participant(s, e.participant_id, write=True)
    now = now or _now()
    if e.author != a.name:
        raise UserError(f"Bara den som skrev anteckningen ({e.author}) kan ändra den. Skriv en rättelse i stället.")
    if not _editable(e, a.name, now):
        raise UserError("Anteckningen är låst: den skrevs för mer än 24 timmar sedan. Skriv en rättelse i stället.")
    values = _clean(entry_date, category, text, now.date())
    old = {"entry_date": e.entry_date, "category": e.category, "text": e.text}
    for k, v in values.items():
        setattr(e, k, v)
    e.edited_at = now
    s.flush()
    audit.record(s, "update", "journal_entry", e.id, e.participant_id, audit.changes(old, values))
    return e


def _get(s: Session, entry_id: int) -> JournalEntry:
    e = s.get(JournalEntry, entry_id)
    if e is None:
        raise NotFoundError(f"Journalanteckningen med id {entry_id} finns inte.")
    authz.check_participant(s, e.participant_id)
    return e


def list_entries(s: Session, participant_id: int, search: str | None = None,
                 now: datetime | None = None) -> list[EntryView]:
    """A participant's entries, newest first; `search` keeps those whose text (or category)
    contains every word."""
    authz.check_participant(s, participant_id)
    now = now or _now()
    me = authz.actor(s).name
    t = JournalEntry
    q = sa.select(t).where(t.participant_id == participant_id)
    rows = list(s.execute(q.order_by(t.entry_date.desc(), t.written_at.desc(), t.id.desc())).scalars())
    corrected: dict[int, list[int]] = {}
    for e in rows:
        if e.corrects_id is not None:
            corrected.setdefault(e.corrects_id, []).append(e.id)
    words = [w.casefold() for w in nfc(search or "").split()]
    out = []
    for e in rows:
        label = codes.JOURNAL_CATEGORY_LABELS.get(e.category, e.category)
        haystack = f"{e.text} {label}".casefold()
        if words and not all(w in haystack for w in words):
            continue
        out.append(EntryView(e.id, e.participant_id, e.entry_date, e.category, label, e.text, e.author, e.written_at,
                             e.edited_at, e.corrects_id, tuple(sorted(corrected.get(e.id, ()))),
                             _editable(e, me, now) and authz.actor(s).can_write))
    return out
