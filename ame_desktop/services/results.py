"""Resultat efter avslut (issue 20): did the people who left the unit stay self-supporting, and
what happened to their försörjningsstöd? For the exits in a period, by municipality, referral
source, exit result and gender.

How it is counted (also printed as "Så räknas det" in the report, io/results_report.py):
- An *exit* is an enrollment whose end date lies in the period (the enrollment's municipality);
  an exit because the person died (E3) is left out.
- Referral source: the latest referral dated on or before the enrollment's start; without one,
  the first referral dated on or before its end; otherwise "Anvisning saknas".
- Exit result: the KAS category A–E of the exit reason.
- Status at N months (the setting `followup_months`): the recorded follow-up. A follow-up not yet
  due is "kommande"; one whose person was enrolled again by its due date is closed
  ("inskriven igen"); a due one without a record is "ej uppföljd"; "ej nådd" is recorded as such.
- Self-supporting (egen försörjning): försörjning `LON` or `STUDIEMEDEL`. Share = self-supporting
  ÷ follow-ups with a recorded status (not reached, re-enrolled, open and upcoming excluded); at
  exit: ÷ exits with a recorded status at exit.
- Försörjningsstöd from the EB extract: the 12 calendar months before the month the enrollment
  started, and the 12 calendar months after the month of the exit (the months of the enrollment
  and of the exit month itself are in neither). A month counts when its amount is above 0.
  Only months within the imported range (first to last month in the register) are observed; a
  window is *complete* when all its months are observed. The before/after comparison uses the
  exits whose both windows are complete.
- Back on försörjningsstöd within 6 (12) months: a month with support among the first 6 (12)
  months after the exit month. Share = back ÷ exits where that is known (back, or the whole
  window observed without support).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from ame_desktop.domain import codes
from ame_desktop.domain.errors import UserError
from ame_desktop.domain.i18n import QT_TR_NOOP
from ame_desktop.domain.models import Enrollment, Municipality, Participant, Referral, SocialAssistanceMonth
from ame_desktop.services import authz
from ame_desktop.services import followups as fu

NO_REFERRAL = "SAKNAS"
DIMENSIONS = {
    "municipality": QT_TR_NOOP("Kommun"),
    "referral_source": QT_TR_NOOP("Anvisare"),
    "exit_result": QT_TR_NOOP("Avslutsresultat"),
    "gender": QT_TR_NOOP("Kön"),
}
MASK_BELOW = 5  # the PDF shows "–" for figures about fewer people than this


def _mi(d: date) -> int:
    return d.year * 12 + d.month - 1


def _month_text(index: int) -> str:
    y, m = divmod(index, 12)
    return f"{y:04d}-{m + 1:02d}"


@dataclass
class ExitRow:
    """One exit with everything the figures are made of (the drill-down's row)."""

    enrollment_id: int
    participant_id: int
    personnummer: str
    name: str
    gender: str
    municipality: str
    referral_source: str
    start_date: date
    end_date: date
    exit_reason: str | None
    exit_result: str  # KAS category, or "-" when the exit reason is missing
    support_at_start: str | None
    occupation_at_start: str | None
    support_at_exit: str | None
    occupation_at_exit: str | None
    followups: dict[int, fu.FollowUpState] = field(default_factory=dict)
    before_months: int = 0
    before_kronor: float = 0.0
    before_observed: int = 0  # months of the 12 that lie within the imported range
    after_months: int = 0
    after_kronor: float = 0.0
    after_observed: int = 0
    back_within_6: bool | None = None
    back_within_12: bool | None = None

    def key(self, dimension: str) -> str:
        return getattr(self, dimension)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(rows: list[ExitRow], months: list[int]) -> dict:
    """The figures of a set of exits (the total, or one group). One pass over the rows."""
    self_codes = set(codes.SELF_SUPPORTING)
    n = len(rows)
    persons: set[int] = set()
    at = [0, 0, 0]  # recorded, self-supporting, without försörjningsstöd
    per = {m: {"due": 0, "recorded": 0, "not_reached": 0, "reenrolled": 0, "not_followed_up": 0, "upcoming": 0,
               "self_supporting": 0, "without_forsorjningsstod": 0, "support": defaultdict(int),
               "occupation": defaultdict(int)} for m in months}
    side = {k: [0, 0.0, 0, 0] for k in ("before", "after")}  # months, kronor, with support, complete
    comp = [0, 0, 0, 0.0, 0.0]  # exits, before months, after months, before kr, after kr
    back = {6: [0, 0], 12: [0, 0]}  # observed, back
    for r in rows:
        persons.add(r.participant_id)
        if r.support_at_exit:
            at[0] += 1
            at[1] += r.support_at_exit in self_codes
            at[2] += r.support_at_exit != "FORSORJNINGSSTOD"
        for m, st in r.followups.items():
            g = per.get(m)
            if g is None:
                continue
            state = st.state
            if state == fu.UPCOMING:
                g["upcoming"] += 1
                continue
            g["due"] += 1
            if state == fu.DONE:
                g["recorded"] += 1
                g["self_supporting"] += st.support in self_codes
                g["without_forsorjningsstod"] += st.support != "FORSORJNINGSSTOD"
                g["support"][st.support or "OKAND"] += 1
                g["occupation"][st.occupation or "OKAND"] += 1
            elif state == fu.NOT_REACHED:
                g["not_reached"] += 1
            elif state == fu.REENROLLED:
                g["reenrolled"] += 1
            else:
                g["not_followed_up"] += 1
        for name, mon, kr, obs in (("before", r.before_months, r.before_kronor, r.before_observed),
                                   ("after", r.after_months, r.after_kronor, r.after_observed)):
            acc = side[name]
            acc[0] += mon
            acc[1] += kr
            acc[2] += mon > 0
            acc[3] += obs == 12
        if r.before_observed == 12 and r.after_observed == 12:
            comp[0] += 1
            comp[1] += r.before_months
            comp[2] += r.after_months
            comp[3] += r.before_kronor
            comp[4] += r.after_kronor
        for w, value in ((6, r.back_within_6), (12, r.back_within_12)):
            if value is not None:
                back[w][0] += 1
                back[w][1] += value
    out: dict = {
        "exits": n,
        "persons": len(persons),
        "at_exit": {"recorded": at[0], "self_supporting": at[1], "without_forsorjningsstod": at[2],
                    "share_self_supporting": _share(at[1], at[0])},
        "followups": {},
    }
    for m in months:
        g = per[m]
        out["followups"][str(m)] = {
            "due": g["due"], "recorded": g["recorded"], "not_reached": g["not_reached"],
            "reenrolled": g["reenrolled"], "not_followed_up": g["not_followed_up"], "upcoming": g["upcoming"],
            "self_supporting": g["self_supporting"],
            "share_self_supporting": _share(g["self_supporting"], g["recorded"]),
            "without_forsorjningsstod": g["without_forsorjningsstod"],
            "support": dict(sorted(g["support"].items())),
            "occupation": dict(sorted(g["occupation"].items())),
        }
    for name, (mon, kr, with_support, complete) in side.items():
        kr = round(kr, 2)
        out[name] = {"months": mon, "kronor": kr, "exits_with_support": with_support, "complete": complete,
                     "kronor_per_exit": round(kr / n, 2) if n else None}
    b, a = round(comp[3], 2), round(comp[4], 2)
    out["comparable"] = {"exits": comp[0], "before_months": comp[1], "after_months": comp[2],
                         "before_kronor": b, "after_kronor": a, "difference_kronor": round(a - b, 2)}
    for w in (6, 12):
        out[f"back_within_{w}"] = {"observed": back[w][0], "back": back[w][1], "share": _share(back[w][1], back[w][0])}
    return out


@dataclass
class ResultsReport:
    date_from: date
    date_to: date
    municipalities: list[str] | None  # None = all the actor sees
    months: list[int]
    today: date
    data_from: str | None  # first and last month of försörjningsstöd in the register
    data_through: str | None
    rows: list[ExitRow]
    labels: dict[str, dict[str, str]]  # dimension → key → label

    @property
    def total(self) -> dict:
        cached = self.__dict__.get("_total")
        if cached is None or cached[0] is not self.rows or cached[1] != self.months:
            cached = (self.rows, list(self.months), figures(self.rows, self.months))
            self.__dict__["_total"] = cached
        return cached[2]

    def groups(self, dimension: str) -> list[tuple[str, str, list[ExitRow]]]:
        by: dict[str, list[ExitRow]] = defaultdict(list)
        for r in self.rows:
            by[r.key(dimension)].append(r)
        order = list(self.labels[dimension])
        keys = sorted(by, key=lambda k: (order.index(k) if k in order else len(order), k))
        return [(k, self.labels[dimension].get(k, k), by[k]) for k in keys]

    def people(self, dimension: str | None = None, key: str | None = None) -> list[ExitRow]:
        """The drill-down: the exits behind the total or one group."""
        if dimension is None:
            return list(self.rows)
        return [r for r in self.rows if r.key(dimension) == key]

    def as_json(self) -> dict:
        return results_json(self)


def _labels(s: Session) -> dict[str, dict[str, str]]:
    names = dict(s.execute(sa.select(Municipality.code, Municipality.name)).all())
    return {
        "municipality": names,
        "referral_source": {**codes.REFERRAL_SOURCE_LABELS, NO_REFERRAL: "Anvisning saknas"},
        "exit_result": {**codes.KAS_LABELS, "-": "Avslutsorsak saknas"},
        "gender": dict(codes.GENDER_LABELS),
    }


def compute_results(s: Session, date_from: date, date_to: date, municipality: str | None = None,
                    today: date | None = None) -> ResultsReport:
    """The results for the exits from `date_from` to `date_to` (inclusive)."""
    if date_to < date_from:
        raise UserError(f"Perioden är baklänges: {date_from.isoformat()} är efter {date_to.isoformat()}.")
    today = today or date.today()
    if municipality is not None:
        municipality = str(municipality).strip().zfill(4)
        if s.get(Municipality, municipality) is None:
            raise UserError(f"Okänd kommunkod ”{municipality}”. Ange kommunens fyra siffror, t.ex. 0860.")
    munis = authz.allowed_municipalities(s, municipality)
    months = fu.offsets(s)
    where = [Enrollment.end_date.is_not(None), Enrollment.end_date >= date_from, Enrollment.end_date <= date_to,
             authz.visible(s),
             # An exit because the person died says nothing about lasting results: left out.
             sa.or_(Enrollment.exit_reason.is_(None), Enrollment.exit_reason != fu.NO_FOLLOW_UP)]
    if munis is not None:
        where.append(Enrollment.municipality_code.in_(munis))
    base = (sa.select(Enrollment.id, Enrollment.participant_id, Enrollment.end_date)
            .join(Participant, Participant.id == Enrollment.participant_id).where(*where))
    q = (sa.select(Enrollment.id, Enrollment.participant_id, Participant.personnummer, Participant.first_name,
                   Participant.last_name, Participant.gender, Enrollment.municipality_code, Enrollment.start_date,
                   Enrollment.end_date, Enrollment.exit_reason, Enrollment.exit_kas, Enrollment.support_at_start,
                   Enrollment.occupation_at_start, Enrollment.support_at_exit, Enrollment.occupation_at_exit)
         .join(Participant, Participant.id == Enrollment.participant_id).where(*where)
         .order_by(Enrollment.end_date, Participant.personnummer))
    rows: list[ExitRow] = []
    for (eid, pid, number, first, last, gender, muni, start, end, reason, kas, s_start, o_start, s_exit,
         o_exit) in s.execute(q):
        rows.append(ExitRow(eid, pid, number, f"{first} {last}", gender, muni, NO_REFERRAL, start, end, reason,
                            kas or "-", s_start, o_start, s_exit, o_exit))
    labels = _labels(s)
    report = ResultsReport(date_from, date_to, munis, months, today, None, None, rows, labels)
    if not rows:
        return report
    pids = sa.select(base.subquery().c.participant_id)
    # Referral source.
    refs: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for pid, d, source in s.execute(sa.select(Referral.participant_id, Referral.referral_date, Referral.source)
                                    .where(Referral.participant_id.in_(pids))
                                    .order_by(Referral.participant_id, Referral.referral_date, Referral.id)):
        refs[pid].append((d, source))
    for r in rows:
        mine = refs.get(r.participant_id, [])
        before = [src for d, src in mine if d <= r.start_date]
        if before:
            r.referral_source = before[-1]
        else:
            later = [src for d, src in mine if d <= r.end_date]
            r.referral_source = later[0] if later else NO_REFERRAL
    # Follow-ups.
    states = fu.states_for(s, base, today, months)
    for r in rows:
        r.followups = {m: states[(r.enrollment_id, m)] for m in months if (r.enrollment_id, m) in states}
    # Försörjningsstöd.
    lo, hi = s.execute(sa.select(sa.func.min(SocialAssistanceMonth.month),
                                 sa.func.max(SocialAssistanceMonth.month))).one()
    if lo is not None:
        report.data_from, report.data_through = lo.strftime("%Y-%m"), hi.strftime("%Y-%m")
        obs_lo, obs_hi = _mi(lo), _mi(hi)
        first_month = min(r.start_date for r in rows).replace(day=1)
        paid: dict[int, dict[int, int]] = defaultdict(dict)
        for pid, month, ore in s.execute(
                sa.select(SocialAssistanceMonth.participant_id, SocialAssistanceMonth.month,
                          SocialAssistanceMonth.amount_ore)
                .where(SocialAssistanceMonth.participant_id.in_(pids),
                       SocialAssistanceMonth.month >= date(first_month.year - 1, first_month.month, 1))):
            paid[pid][_mi(month)] = ore
        for r in rows:
            mine = paid.get(r.participant_id, {})
            s0, e0 = _mi(r.start_date), _mi(r.end_date)
            _window(r, "before", range(s0 - 12, s0), mine, obs_lo, obs_hi)
            _window(r, "after", range(e0 + 1, e0 + 13), mine, obs_lo, obs_hi)
            for w in (6, 12):
                months_w = range(e0 + 1, e0 + 1 + w)
                if any(mine.get(i, 0) > 0 for i in months_w):
                    back = True
                elif all(obs_lo <= i <= obs_hi for i in months_w):
                    back = False
                else:
                    back = None
                setattr(r, f"back_within_{w}", back)
    return report


def _window(r: ExitRow, side: str, months: Iterable[int], paid: dict[int, int], lo: int, hi: int) -> None:
    observed = [i for i in months if lo <= i <= hi]
    with_support = [paid[i] for i in observed if paid.get(i, 0) > 0]
    setattr(r, f"{side}_observed", len(observed))
    setattr(r, f"{side}_months", len(with_support))
    setattr(r, f"{side}_kronor", sum(with_support) / 100)


def _state_json(st: fu.FollowUpState) -> dict:
    return {"due_on": st.due_on.isoformat(), "status": st.state,
            "done_on": st.done_on.isoformat() if st.done_on else None, "method": st.method,
            "support": st.support, "occupation": st.occupation,
            "reenrolled_on": st.reenrolled_on.isoformat() if st.reenrolled_on else None}


def results_json(report: ResultsReport) -> dict:
    """The shape of `report results --out FILE.json` (README, "Decisions where the specs were silent")."""
    return {
        "from": report.date_from.isoformat(),
        "to": report.date_to.isoformat(),
        "municipalities": report.municipalities,
        "followup_months": report.months,
        "today": report.today.isoformat(),
        "forsorjningsstod_data": {"from": report.data_from, "through": report.data_through},
        "total": report.total,
        "groups": {dim: [{"key": k, "label": label, **figures(rs, report.months)}
                         for k, label, rs in report.groups(dim)] for dim in DIMENSIONS},
        "exits": [{
            "personnummer": r.personnummer,
            "enrollment_id": r.enrollment_id,
            "municipality": r.municipality,
            "gender": r.gender,
            "referral_source": r.referral_source,
            "start_date": r.start_date.isoformat(),
            "end_date": r.end_date.isoformat(),
            "exit_reason": r.exit_reason,
            "exit_result": r.exit_result,
            "support_at_start": r.support_at_start,
            "occupation_at_start": r.occupation_at_start,
            "support_at_exit": r.support_at_exit,
            "occupation_at_exit": r.occupation_at_exit,
            "followups": {str(m): _state_json(st) for m, st in sorted(r.followups.items())},
            "before": {"months": r.before_months, "kronor": round(r.before_kronor, 2), "observed": r.before_observed},
            "after": {"months": r.after_months, "kronor": round(r.after_kronor, 2), "observed": r.after_observed},
            "back_within_6": r.back_within_6,
            "back_within_12": r.back_within_12,
        } for r in report.rows],
    }


def write_results_report(db, date_from: date, date_to: date, out, municipality: str | None = None,
                         today: date | None = None, report: ResultsReport | None = None):
    """Compute (unless given), write .json/.xlsx/.pdf and record the export: one home for the CLI
    and the window."""
    from pathlib import Path

    from ame_desktop.io.results_report import SUFFIXES, write_results
    from ame_desktop.services import audit
    from ame_desktop.services.settings import get_setting

    out = Path(out)
    if out.suffix.lower() not in SUFFIXES:
        raise UserError(f"Resultatrapporten skrivs som .json, .xlsx eller .pdf – inte ”{out.suffix or out.name}”.")
    with db.reading() as s:
        if report is None:
            report = compute_results(s, date_from, date_to, municipality, today)
        unit = get_setting(s, "unit_name")
    write_results(report, out, unit_name=unit)
    audit.record_export(db, "results_report", {"från": date_from.isoformat(), "till": date_to.isoformat(),
                                               "kommuner": report.municipalities, "avslut": len(report.rows),
                                               "fil": out.name})
    return report


def municipality_choices(s: Session) -> list[tuple[str, str]]:
    """(code, name) of the municipalities with enrollments the actor may see (the page's picker)."""
    munis = authz.allowed_municipalities(s, None)
    q = (sa.select(Enrollment.municipality_code, Municipality.name).distinct()
         .join(Municipality, Municipality.code == Enrollment.municipality_code)
         .join(Participant, Participant.id == Enrollment.participant_id).where(authz.visible(s)))
    if munis is not None:
        q = q.where(Enrollment.municipality_code.in_(munis))
    return sorted(s.execute(q).all(), key=lambda r: r[1])


def last_exit_date(s: Session) -> date | None:
    """The latest exit the actor may see (the page's default period)."""
    return s.execute(sa.select(sa.func.max(Enrollment.end_date)).join(
        Participant, Participant.id == Enrollment.participant_id).where(authz.visible(s))).scalar()
