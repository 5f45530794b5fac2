"""The participant list: filtering and sorting in SQL, slim rows for the visible part.

Like Anki's browser: the window holds only the sorted ids of the matching participants and
asks for the columns of the rows it shows, a block at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import names
from ame_desktop.domain import personnummer as pnr
from ame_desktop.domain.errors import ValidationError
from ame_desktop.domain.i18n import QT_TR_NOOP
from ame_desktop.domain.models import Enrollment, Municipality, Participant, Referral, StaffMember
from ame_desktop.services import authz
from ame_desktop.store.database import first_column

STATUS_ACTIVE, STATUS_ENDED, STATUS_NONE = "aktiv", "avslutad", "ej inskriven"
NO_STAFF = -1  # filter value: participants without a coach

# Sortable columns, in the order the window shows them.
COLUMNS = ("personnummer", "name", "municipality", "staff", "status", "latest_start", "source")
COLUMN_TITLES = {
    "personnummer": QT_TR_NOOP("Personnummer"), "name": QT_TR_NOOP("Namn"), "municipality": QT_TR_NOOP("Kommun"),
    "staff": QT_TR_NOOP("Handledare"), "status": QT_TR_NOOP("Status"),
    "latest_start": QT_TR_NOOP("Senaste inskrivning"), "source": QT_TR_NOOP("Anvisare"),
}


@dataclass(frozen=True)
class ListFilter:
    text: str = ""
    status: str | None = None
    staff_id: int | None = None
    source: str | None = None
    municipality: str | None = None


@dataclass(frozen=True)
class ListRow:
    id: int
    personnummer: str
    name: str
    municipality: str
    staff: str
    status: str
    latest_start: date | None
    source: str


def _enrollment_summary(today: date, ids: list[int] | None = None):
    q = sa.select(
        Enrollment.participant_id.label("pid"),
        sa.func.max(Enrollment.start_date).label("latest_start"),
        sa.func.max(sa.case((sa.or_(Enrollment.end_date.is_(None), Enrollment.end_date >= today), 1), else_=0))
        .label("active"),
    ).group_by(Enrollment.participant_id)
    if ids is not None:
        q = q.where(Enrollment.participant_id.in_(ids))
    return q.subquery("enr")


def _latest_referral(ids: list[int] | None = None):
    rn = sa.func.row_number().over(partition_by=Referral.participant_id,
                                    order_by=(Referral.referral_date.desc(), Referral.id.desc()))
    q = sa.select(Referral.participant_id.label("pid"), Referral.source.label("source"), rn.label("rn"))
    if ids is not None:
        q = q.where(Referral.participant_id.in_(ids))
    ranked = q.subquery("ranked")
    return sa.select(ranked.c.pid, ranked.c.source).where(ranked.c.rn == 1).subquery("ref")


def _status_expr(enr):
    return sa.case((enr.c.active == 1, STATUS_ACTIVE), (enr.c.latest_start.is_not(None), STATUS_ENDED),
                   else_=STATUS_NONE)


MAX_SEARCH_WORDS = 12


def _text_conditions(text: str) -> list:
    conds = []
    # "Andersson, Ida" (the list's own format) is the words "Andersson" and "Ida".
    words = list(dict.fromkeys(names.fold(w) for w in text.replace(",", " ").replace(";", " ").split()))
    if len(words) > MAX_SEARCH_WORDS:
        # Every word must match: more words than a name has find nobody, and a thousand of them
        # would make the query too deep for SQLite. Say so instead.
        raise ValidationError.single("text", f"Sökningen har {len(words)} ord; sök med högst {MAX_SEARCH_WORDS} ord "
                                             "(namn eller personnummer).")
    for word in words:
        digits = pnr.search_digits(word)
        if digits is not None:
            conds.append(Participant.personnummer.like(f"%{digits}%"))
        else:
            conds.append(Participant.search_name.like(names.like_pattern(word), escape="\\"))
    return conds


def matching_ids(s: Session, f: ListFilter, sort: str = "name", descending: bool = False,
                 today: date | None = None) -> list[int]:
    """Ids of the participants that match, in the requested order. Joins only what is needed."""
    today = today or date.today()
    p = Participant
    q = sa.select(p.id)
    conds = _text_conditions(f.text) + [authz.visible(s)]
    if f.staff_id == NO_STAFF:
        conds.append(p.staff_id.is_(None))
    elif f.staff_id is not None:
        conds.append(p.staff_id == f.staff_id)
    if f.municipality:
        # The municipality's people (issue 19): living there, or with an enrollment or referral of
        # it (a person who moved on still shows where their history is).
        conds.append(sa.or_(
            p.municipality_code == f.municipality,
            p.id.in_(sa.select(Enrollment.participant_id).where(Enrollment.municipality_code == f.municipality)),
            p.id.in_(sa.select(Referral.participant_id).where(Referral.municipality_code == f.municipality))))
    order: list = []
    if f.status or sort in ("status", "latest_start"):
        enr = _enrollment_summary(today)
        q = q.outerjoin(enr, enr.c.pid == p.id)
        if f.status:
            conds.append(_status_expr(enr) == f.status)
        if sort == "status":
            order.append(_status_expr(enr))
        elif sort == "latest_start":
            order.append(enr.c.latest_start)
    if f.source or sort == "source":
        ref = _latest_referral()
        q = q.outerjoin(ref, ref.c.pid == p.id)
        if f.source:
            conds.append(ref.c.source == f.source)
        if sort == "source":
            order.append(ref.c.source)
    if sort == "personnummer":
        order.append(p.personnummer)
    elif sort == "municipality":
        q = q.join(Municipality, Municipality.code == p.municipality_code)
        order.append(Municipality.name)
    elif sort == "staff":
        q = q.outerjoin(StaffMember, StaffMember.id == p.staff_id)
        order.append(StaffMember.name)
    if descending:
        order = [o.desc() for o in order]
    # Ties (and the default) by name, then personnummer (unique): the order is stable and
    # matches ix_participant_search, so SQLite needs no sorting step.
    if descending and sort == "name":
        order += [p.sort_name.desc(), p.personnummer.desc()]
    else:
        order += [p.sort_name, p.personnummer]
    return first_column(s, q.where(*conds).order_by(*order))


def list_rows(s: Session, ids: list[int], today: date | None = None) -> dict[int, ListRow]:
    """The shown columns for some ids (a screenful)."""
    if not ids:
        return {}
    today = today or date.today()
    p = Participant
    enr = _enrollment_summary(today, ids)
    ref = _latest_referral(ids)
    q = (
        sa.select(p.id, p.personnummer, p.first_name, p.last_name, Municipality.name, StaffMember.name,
                  _status_expr(enr), enr.c.latest_start, ref.c.source)
        .join(Municipality, Municipality.code == p.municipality_code)
        .outerjoin(StaffMember, StaffMember.id == p.staff_id)
        .outerjoin(enr, enr.c.pid == p.id)
        .outerjoin(ref, ref.c.pid == p.id)
        .where(p.id.in_(ids), authz.visible(s))
    )
    out = {}
    for pid, number, first, last, muni, staff, status, latest, source in s.execute(q):
        out[pid] = ListRow(pid, number, f"{last}, {first}", muni, staff or "", status, latest, source or "")
    return out


def municipalities_in_use(s: Session) -> list[tuple[str, str]]:
    """Municipalities of the visible people: their own, and those of their enrollments and referrals."""
    # One probe of each table's municipality index per municipality (a few hundred), not a
    # union of every participant's, enrollment's and referral's code: 0.2 ms instead of 110 ms
    # on a 50 000-person register, before the window's first paint.
    # The people's own codes by a loose index scan: the smallest code, then the smallest above it, …
    # (one probe per code in use). PostgreSQL planned "EXISTS per municipality" on participant as a
    # sequential scan for each of the ~300 municipalities (its estimate for a correlated code is the
    # average share of a code): 2.2 s on the city register's copy, 18 s at country size.
    p = Participant
    vis = sa.select(p.id).where(authz.visible(s))
    smallest = sa.select(sa.func.min(p.municipality_code)).where(authz.visible(s))
    codes = smallest.cte("own_codes", recursive=True)
    above = (sa.select(sa.func.min(p.municipality_code)).where(authz.visible(s), p.municipality_code > codes.c[0])
             .scalar_subquery())
    codes = codes.union_all(sa.select(above).where(codes.c[0].is_not(None)))
    own = sa.select(codes.c[0]).where(codes.c[0].is_not(None))
    code = Municipality.code
    used = sa.or_(code.in_(own),
                  sa.exists().where(Enrollment.municipality_code == code, Enrollment.participant_id.in_(vis)),
                  sa.exists().where(Referral.municipality_code == code, Referral.participant_id.in_(vis)))
    q = sa.select(Municipality.code, Municipality.name).where(used).order_by(Municipality.name)
    return [(c, n) for c, n in s.execute(q)]


@dataclass(frozen=True)
class PickerPerson:
    """One entry of a person picker (the attendance page's person week)."""

    id: int
    first_name: str
    last_name: str
    personnummer: str

    @property
    def label(self) -> str:
        return f"{self.last_name}, {self.first_name} ({pnr.format_digits(self.personnummer)})"


def enrolled_between(s: Session, start: date, end: date) -> list[PickerPerson]:
    """The people the actor may see with an enrollment touching start–end, in name order."""
    q = (sa.select(Participant.id, Participant.first_name, Participant.last_name, Participant.personnummer)
         .where(Participant.id.in_(sa.select(Enrollment.participant_id).where(
             Enrollment.start_date <= end, sa.or_(Enrollment.end_date.is_(None), Enrollment.end_date >= start))),
             authz.visible(s))
         .order_by(Participant.sort_name, Participant.id))
    return [PickerPerson(*row) for row in s.execute(q).all()]


def picker_person(s: Session, participant_id: int) -> PickerPerson:
    """One person for a picker (NotFoundError outside the actor's municipalities)."""
    authz.check_participant(s, participant_id)
    row = s.execute(sa.select(Participant.id, Participant.first_name, Participant.last_name,
                              Participant.personnummer).where(Participant.id == participant_id)).first()
    if row is None:
        from ame_desktop.domain.errors import NotFoundError

        raise NotFoundError(f"Deltagaren med id {participant_id} finns inte.")
    return PickerPerson(*row)


def scheduled_per_activity(s: Session) -> dict[int, int]:
    """How many people (of those the actor may see) each activity has on its weekly schedule."""
    from ame_desktop.domain.models import ScheduleEntry

    q = (sa.select(ScheduleEntry.activity_id, sa.func.count(sa.distinct(ScheduleEntry.participant_id)))
         .where(ScheduleEntry.participant_id.in_(authz.visible_ids(s)))
         .group_by(ScheduleEntry.activity_id))
    return {aid: int(n) for aid, n in s.execute(q).all()}
